/* ignore.c - .trivyignore and .trivyignore.yaml; see ignore.h. */
#include "detect/ignore.h"
#include "util/yaml.h"
#include "layer/layer.h"
#include "util/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IGNORE_MAX (16u << 20)

static struct ks_ignore_rule *add_rule(struct ks_ctx *cx, struct ks_ignore *ig)
{
	struct ks_ignore_rule *n = ks_arena_grow(&cx->arena, ig->rules, ig->n, &ig->cap, ig->n + 1,
		sizeof(*n));

	if (n == NULL)
		return NULL;
	ig->rules = n;
	memset(&n[ig->n], 0, sizeof(n[0]));
	return &n[ig->n++];
}

static bool valid_date(struct ks_str d)
{
	size_t i;

	if (d.n != 10 || d.p[4] != '-' || d.p[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d.p[i] < '0' || d.p[i] > '9'))
			return false;
	return true;
}

/* .trivyignore: "ID [exp:YYYY-MM-DD]" per line, "#" starts a comment. */
static int load_text(struct ks_ctx *cx, const char *path, const char *data, size_t n,
	struct ks_ignore *ig)
{
	struct ks_lines it;
	struct ks_str line;

	ks_lines_init(&it, data, n);
	while (ks_lines_next(&it, &line)) {
		struct ks_str id, rest;
		struct ks_ignore_rule *r;
		ptrdiff_t hash = ks_str_chr(line, '#');

		if (hash >= 0)
			line.n = (size_t)hash;
		line = ks_str_trim(line);
		if (line.n == 0)
			continue;
		if (!ks_str_cut(line, ' ', &id, &rest) && !ks_str_cut(line, '\t', &id, &rest))
			rest.n = 0;
		rest = ks_str_trim(rest);
		if ((r = add_rule(cx, ig)) == NULL ||
			(r->id = ks_arena_strndup(&cx->arena, id.p, id.n)) == NULL)
			return KS_ENOMEM;
		r->line = it.lineno;
		if (rest.n == 0)
			continue;
		if (!ks_str_hasprefix(rest, "exp:") || !valid_date(ks_str_sub(rest, 4, rest.n)))
			return ks_seterr(&cx->err, KS_ECORRUPT, "'%s': line %zu: expected "
				"'exp:YYYY-MM-DD' after the ID", path, it.lineno);
		if ((r->expires = ks_arena_strndup(&cx->arena, rest.p + 4, 10)) == NULL)
			return KS_ENOMEM;
	}
	return 0;
}

static int strings(struct ks_ctx *cx, json_t *arr, struct ks_strv *out)
{
	json_t *x;
	size_t i;

	json_array_foreach(arr, i, x)
		if (json_is_string(x) &&
			ks_strv_pushn(&cx->arena, out, json_string_value(x), json_string_length(x)) != 0)
			return KS_ENOMEM;
	return 0;
}

/* .trivyignore.yaml: vulnerabilities: [{id, paths, purls, statement, expired_at}]. */
static int load_yaml(struct ks_ctx *cx, const char *path, const char *data, size_t n,
	struct ks_ignore *ig)
{
	json_t *doc = NULL, *v;
	size_t i;
	int r;

	if ((r = ks_yaml_load(&cx->err, path, (const uint8_t *)data, n, &doc)) != 0)
		return r;
	json_array_foreach(json_object_get(doc, "vulnerabilities"), i, v) {
		const char *id = json_string_value(json_object_get(v, "id"));
		const char *exp = json_string_value(json_object_get(v, "expired_at"));
		const char *st = json_string_value(json_object_get(v, "statement"));
		struct ks_ignore_rule *rule;

		if (id == NULL) {
			r = ks_seterr(&cx->err, KS_ECORRUPT, "'%s': vulnerabilities[%zu] has no id",
				path, i);
			break;
		}
		if (exp != NULL && !valid_date(ks_str_sub(ks_str_c(exp), 0, 10))) {
			r = ks_seterr(&cx->err, KS_ECORRUPT, "'%s': vulnerabilities[%zu]: expired_at "
				"is not a date", path, i);
			break;
		}
		if ((rule = add_rule(cx, ig)) == NULL ||
			(rule->id = ks_arena_strdup(&cx->arena, id)) == NULL ||
			(exp && (rule->expires = ks_arena_strndup(&cx->arena, exp, 10)) == NULL) ||
			(st && (rule->statement = ks_arena_strdup(&cx->arena, st)) == NULL) ||
			strings(cx, json_object_get(v, "paths"), &rule->paths) != 0 ||
			strings(cx, json_object_get(v, "purls"), &rule->purls) != 0) {
			r = KS_ENOMEM;
			break;
		}
	}
	json_decref(doc);
	return r;
}

int ks_ignore_load(struct ks_ctx *cx, const char *path, struct ks_ignore *out)
{
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n;
	int r;

	if (f == NULL)
		return ks_seterr(&cx->err, errno == ENOENT ? KS_ENOTFOUND : KS_EIO,
			"cannot read ignore file '%s': %s", path, strerror(errno));
	data = malloc(IGNORE_MAX + 1);
	n = data ? fread(data, 1, IGNORE_MAX + 1, f) : 0;
	fclose(f);
	if (data == NULL)
		return KS_ENOMEM;
	if (n > IGNORE_MAX) {
		free(data);
		return ks_seterr(&cx->err, KS_ELIMIT, "ignore file '%s' is too large", path);
	}
	data[n] = '\0';
	if (ks_hassuffix(path, ".yaml") || ks_hassuffix(path, ".yml"))
		r = load_yaml(cx, path, data, n, out);
	else
		r = load_text(cx, path, data, n, out);
	free(data);
	return r;
}

/* A purl rule matches the package's purl exactly or without its qualifiers. */
static bool purl_matches(const char *rule, const char *purl)
{
	size_t n;

	if (purl == NULL)
		return false;
	n = strcspn(purl, "?#");
	return strcmp(rule, purl) == 0 || (strlen(rule) == n && strncmp(rule, purl, n) == 0);
}

static bool id_matches(const struct ks_ignore_rule *r, const char *id,
	const struct ks_strv *aliases)
{
	size_t i;

	if (strcmp(r->id, id) == 0)
		return true;
	for (i = 0; aliases != NULL && i < aliases->n; i++)
		if (strcmp(r->id, aliases->v[i]) == 0)
			return true;
	return false;
}

const struct ks_ignore_rule *ks_ignore_match(const struct ks_ignore *ig, const char *id,
	const struct ks_strv *aliases, const char *path, const char *purl, const char *today)
{
	size_t i, j;

	for (i = 0; ig != NULL && i < ig->n; i++) {
		const struct ks_ignore_rule *r = &ig->rules[i];
		bool ok;

		if (!id_matches(r, id, aliases) || (r->expires && strcmp(today, r->expires) > 0))
			continue;
		ok = r->paths.n == 0;
		for (j = 0; !ok && j < r->paths.n; j++)
			ok = path != NULL && ks_glob_match(r->paths.v[j], path);
		if (!ok)
			continue;
		ok = r->purls.n == 0;
		for (j = 0; !ok && j < r->purls.n; j++)
			ok = purl != NULL && purl_matches(r->purls.v[j], purl);
		if (ok)
			return r;
	}
	return NULL;
}
