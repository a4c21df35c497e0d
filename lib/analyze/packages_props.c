/*
 * packages_props.c - MSBuild central package version files (Directory.Packages.props and
 * the legacy Packages.props; any file whose lower-cased path ends in "packages.props"),
 * read as Trivy's packages-props analyzer reads them, in every scan mode.
 *
 * The document's root must be <Project>; each <PackageReference> or <PackageVersion>
 * directly inside a top-level <ItemGroup> names a package in its Include attribute (the
 * legacy Update attribute when Include is empty or absent) and a version in its Version
 * attribute, both trimmed of white space. Entries without a name or a version, and
 * entries whose name or version is an MSBuild property reference "$(...)" (the file does
 * not say what it resolves to) are skipped, as Trivy skips them; repeated name/version
 * pairs are reported once. There are no locations, relationships or dependencies. IDs are
 * "<name>@<version>" (lib/pkgid.c).
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

#define AN "packages-props"

static bool wants(const char *path, size_t len)
{
	static const char suffix[] = "packages.props";
	size_t n = sizeof(suffix) - 1;

	return len >= n && ks_str_eqi((struct ks_str){ path + len - n, n }, suffix);
}

struct pstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	bool in_group; /* inside a top-level <ItemGroup> */
};

/* An MSBuild property reference, "$(Name)". */
static bool is_variable(struct ks_str s)
{
	return ks_str_hasprefix(s, "$(") && ks_str_hassuffix(s, ")");
}

static int on_element(void *ud, const struct ks_lang_xel *el)
{
	struct pstate *st = ud;
	const char *include, *update, *version;
	struct ks_str name, ver;
	int r;

	if (el->depth == 0)
		return strcmp(el->local, "Project") == 0 ?
			0 :
			ks_lang_corrupt(st->cx, AN, st->f, 0, "root element is <%s>, not <Project>",
				el->local);
	if (el->depth == 1) {
		st->in_group = strcmp(el->local, "ItemGroup") == 0;
		return 0;
	}
	if (el->depth != 2 || !st->in_group ||
		(strcmp(el->local, "PackageReference") != 0 &&
			strcmp(el->local, "PackageVersion") != 0))
		return 0;
	if ((r = ks_lang_xml_attr(st->cx, el, "Include", &include)) != 0 ||
		(r = ks_lang_xml_attr(st->cx, el, "Update", &update)) != 0 ||
		(r = ks_lang_xml_attr(st->cx, el, "Version", &version)) != 0)
		return r;
	name = ks_str_trim_space(ks_str_c(include != NULL && include[0] ? include : update));
	ver = ks_str_trim_space(ks_str_c(version));
	if (name.n == 0 || ver.n == 0 || is_variable(name) || is_variable(ver))
		return 0;
	return ks_lang_add(st->cx, st->out, name, ver, 0, 0) != NULL ? 0 : KS_ENOMEM;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct pstate st = { cx, f, out, false };
	int r;

	if ((r = ks_lang_xml_walk(cx, AN, f, on_element, &st)) == 0)
		r = ks_lang_unique(cx, out);
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	return r;
}

const struct ks_analyzer ks_analyzer_packages_props = {
	.name = "packages-props",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_ALL,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
