/*
 * pub.c - Dart/Flutter lock files (pubspec.lock), read as Trivy's pub analyzer reads them,
 * in pre-build (fs/repo) scans only.
 *
 * The YAML document maps "packages" to one mapping per package: "dependency" ("direct
 * main", "direct dev" or "transitive"), "version", "source" and "description". Every
 * package is reported with its name and version: direct for "direct main" and
 * "direct dev", indirect for "transitive", no relationship for anything else. Development
 * dependencies are not marked: the lock file cannot tell which transitive packages only
 * development dependencies pull in, so Trivy keeps them all and so does kensa. SDK
 * packages (source "sdk") keep their "0.0.0" version, as Trivy's default detection
 * priority does (its comprehensive mode substitutes the SDK constraint's lower bound,
 * which the analyzer interface cannot select yet). IDs are "<name>@<version>".
 *
 * Trivy fills DependsOn from the pub cache of the scanning machine; that describes the
 * machine, not the scanned tree, so it is not done. There are no locations. Values of
 * the wrong YAML kind (a mapping where a string belongs, "packages" not a mapping, "sdks"
 * not a mapping of strings) are corrupt, as they make Go's YAML decoder fail.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/str.h"

#include <jansson.h>
#include <string.h>

#include "util/banned.h"

#define AN "pub"

static bool wants(const char *path, size_t len)
{
	return ks_lang_is_base(path, len, "pubspec.lock");
}

/* A scalar field: *out gets its text, or "" when it is absent or null. */
static bool scalar(const json_t *obj, const char *key, const char **out)
{
	const json_t *v = json_object_get(obj, key);

	*out = json_is_string(v) ? json_string_value(v) : "";
	return v == NULL || json_is_null(v) || json_is_string(v);
}

static int relationship(const char *dep)
{
	if (strcmp(dep, "direct main") == 0 || strcmp(dep, "direct dev") == 0)
		return KS_REL_DIRECT;
	if (strcmp(dep, "transitive") == 0)
		return KS_REL_INDIRECT;
	return KS_REL_UNKNOWN;
}

static int add_package(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out,
	const char *name, const json_t *v)
{
	const char *dep = "", *version = "", *source = "";
	struct ks_pkg *p;

	if (!json_is_null(v) &&
		(!json_is_object(v) || !scalar(v, "dependency", &dep) ||
			!scalar(v, "version", &version) || !scalar(v, "source", &source)))
		return ks_lang_corrupt(cx, AN, f, 0, "package \"%s\" is not a mapping of strings",
			name);
	if ((p = ks_lang_add(cx, out, ks_str_c(name), ks_str_c(version), 0, 0)) == NULL)
		return KS_ENOMEM;
	p->relationship = relationship(dep);
	if (version[0] == '\0')
		p->id = p->name;
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	json_t *doc = NULL, *pkgs, *sdks, *v;
	const char *name, *s;
	int r;

	if ((r = ks_lang_yaml_doc(cx, AN, f, &doc)) != 0)
		goto out;
	r = 0;
	if (json_is_null(doc))
		goto out;
	if (!json_is_object(doc)) {
		r = ks_lang_corrupt(cx, AN, f, 0, "not a YAML mapping");
		goto out;
	}
	sdks = json_object_get(doc, "sdks");
	if (sdks != NULL && !json_is_null(sdks)) {
		if (!json_is_object(sdks)) {
			r = ks_lang_corrupt(cx, AN, f, 0, "\"sdks\" is not a mapping");
			goto out;
		}
		json_object_foreach(sdks, name, v) {
			if (!scalar(sdks, name, &s)) {
				r = ks_lang_corrupt(cx, AN, f, 0, "sdk \"%s\" is not a string",
					name);
				goto out;
			}
		}
	}
	pkgs = json_object_get(doc, "packages");
	if (pkgs == NULL || json_is_null(pkgs))
		goto out;
	if (!json_is_object(pkgs)) {
		r = ks_lang_corrupt(cx, AN, f, 0, "\"packages\" is not a mapping");
		goto out;
	}
	json_object_foreach(pkgs, name, v) {
		if ((r = add_package(cx, f, out, name, v)) != 0)
			goto out;
	}
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	json_decref(doc);
	return r;
}

const struct ks_analyzer ks_analyzer_pub = {
	.name = "pub",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 64u << 20,
	.wants = wants,
	.parse = parse,
};
