/*
 * cocoapods.c - CocoaPods lock files (Podfile.lock), read as Trivy's cocoapods analyzer
 * reads them, in pre-build (fs/repo) scans only.
 *
 * The YAML document's "PODS" sequence lists every pod as "Name (version)", or as a
 * mapping from "Name (version)" to the pod's own dependencies ("Other", "Other (= 1.0)",
 * "Other (~> 1.0)"). A pod name is the text before " (", its version the rest without the
 * parentheses; an entry that does not split into exactly those two parts is skipped with
 * one warning per file (Trivy skips it silently). A pod listed twice keeps the version
 * listed last; the dependencies of a skipped entry are not read. Dependencies are the
 * first word of each entry, pointing at the version the lock file lists for that pod
 * (the bare name when it lists none, as in Trivy), in the order written. There are no
 * locations or relationships. IDs are "<name>@<version>".
 *
 * A dependency list that is not a sequence of strings is corrupt, as it makes Trivy's
 * parser fail; so are documents that are not mappings and a "PODS" that is not a sequence.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/map.h"
#include "util/str.h"

#include <jansson.h>
#include <string.h>

#include "util/banned.h"

#define AN "cocoapods"

static bool wants(const char *path, size_t len)
{
	return ks_lang_is_base(path, len, "Podfile.lock");
}

struct pod {
	const char *name, *version;
	struct ks_strv children; /* dependency names */
};

struct cstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_map byname; /* name -> struct pod */
	struct pod **pods;    /* in order of first appearance */
	size_t npods, cappods;
	size_t bad; /* entries that are not "Name (version)" */
	const char *bad_example;
};

/* Splits "Name (version)" at its only " ("; false when there is not exactly one. */
static bool split_dep(const char *s, struct ks_str *name, struct ks_str *version)
{
	const char *sep = strstr(s, " (");
	struct ks_str v;

	if (sep == NULL || strstr(sep + 2, " (") != NULL)
		return false;
	*name = (struct ks_str){ s, (size_t)(sep - s) };
	v = ks_str_trim_space(ks_str_c(sep + 2));
	while (v.n > 0 && (v.p[0] == '(' || v.p[0] == ')')) {
		v.p++;
		v.n--;
	}
	while (v.n > 0 && (v.p[v.n - 1] == '(' || v.p[v.n - 1] == ')'))
		v.n--;
	*version = v;
	return true;
}

/* Records the pod an entry names; *out is NULL when the entry does not split. */
static int put_pod(struct cstate *st, const char *entry, struct pod **out)
{
	struct ks_str name, version;
	struct pod *p;
	int r;

	*out = NULL;
	if (!split_dep(entry, &name, &version)) {
		if (st->bad++ == 0)
			st->bad_example = entry;
		return 0;
	}
	if ((p = ks_map_get(&st->byname, name.p, name.n)) == NULL) {
		struct pod **np = ks_arena_grow(&st->cx->arena, st->pods, st->npods, &st->cappods,
			st->npods + 1, sizeof(*np));

		if (np == NULL || (p = ks_arena_calloc(&st->cx->arena, 1, sizeof(*p))) == NULL ||
			(p->name = ks_arena_strndup(&st->cx->arena, name.p, name.n)) == NULL)
			return KS_ENOMEM;
		st->pods = np;
		st->pods[st->npods++] = p;
		if ((r = ks_map_put(&st->byname, p->name, name.n, p, NULL)) != 0)
			return r;
	}
	if ((p->version = ks_arena_strndup(&st->cx->arena, version.p, version.n)) == NULL)
		return KS_ENOMEM;
	*out = p;
	return 0;
}

static int read_children(struct cstate *st, struct pod *p, const char *key, const json_t *v)
{
	const json_t *c;
	size_t i;
	int r;

	if (!json_is_array(v))
		return ks_lang_corrupt(st->cx, AN, st->f, 0,
			"dependencies of \"%s\" are not a sequence", key);
	json_array_foreach(v, i, c) {
		struct ks_str rest, word;

		if (!json_is_string(c))
			return ks_lang_corrupt(st->cx, AN, st->f, 0,
				"a dependency of \"%s\" is not a string", key);
		rest = ks_str_c(json_string_value(c));
		if (!ks_str_field_next(&rest, &word))
			continue;
		if ((r = ks_strv_pushn(&st->cx->arena, &p->children, word.p, word.n)) != 0)
			return r;
	}
	return 0;
}

static int read_pods(struct cstate *st, const json_t *pods)
{
	const json_t *item, *v;
	const char *key;
	struct pod *p;
	size_t i;
	int r;

	json_array_foreach(pods, i, item) {
		if (json_is_string(item)) {
			if ((r = put_pod(st, json_string_value(item), &p)) != 0)
				return r;
			continue;
		}
		if (!json_is_object(item))
			continue;
		json_object_foreach((json_t *)item, key, v) {
			if ((r = put_pod(st, key, &p)) != 0)
				return r;
			if (p != NULL && (r = read_children(st, p, key, v)) != 0)
				return r;
		}
	}
	return 0;
}

/* Turns the pods into packages with their dependency IDs. */
static int emit(struct cstate *st, struct ks_ares *out)
{
	size_t i, k;

	for (i = 0; i < st->npods; i++) {
		const struct pod *pod = st->pods[i];
		struct ks_pkg *p = ks_ares_addpkg(st->cx, out);

		if (p == NULL)
			return KS_ENOMEM;
		p->name = pod->name;
		p->version = pod->version;
		if (pod->version[0] == '\0')
			p->id = pod->name;
		for (k = 0; k < pod->children.n; k++) {
			const char *c = pod->children.v[k];
			const struct pod *dep = ks_map_get(&st->byname, c, strlen(c));
			const char *id =
				ks_lang_id(&st->cx->arena, c, '@', dep ? dep->version : "");

			if (id == NULL || ks_strv_push(&st->cx->arena, &p->depends_on, id) != 0)
				return KS_ENOMEM;
		}
	}
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct cstate st;
	json_t *doc = NULL, *pods;
	int r;

	memset(&st, 0, sizeof(st));
	st.cx = cx;
	st.f = f;
	ks_map_init(&st.byname);
	if ((r = ks_lang_yaml_doc(cx, AN, f, &doc)) != 0)
		goto out;
	r = 0;
	if (json_is_null(doc))
		goto out;
	if (!json_is_object(doc)) {
		r = ks_lang_corrupt(cx, AN, f, 0, "not a YAML mapping");
		goto out;
	}
	pods = json_object_get(doc, "PODS");
	if (pods == NULL || json_is_null(pods))
		goto out;
	if (!json_is_array(pods)) {
		r = ks_lang_corrupt(cx, AN, f, 0, "\"PODS\" is not a sequence");
		goto out;
	}
	if ((r = read_pods(&st, pods)) != 0 || (r = emit(&st, out)) != 0)
		goto out;
	if (st.bad > 0)
		r = ks_warn(cx, AN ": '%s': %zu pod%s not written \"Name (version)\" skipped "
				"(\"%.80s\")",
			f->path, st.bad, st.bad == 1 ? "" : "s", st.bad_example);
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	ks_map_release(&st.byname);
	json_decref(doc);
	return r;
}

const struct ks_analyzer ks_analyzer_cocoapods = {
	.name = "cocoapods",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 64u << 20,
	.wants = wants,
	.parse = parse,
};
