/* lang_extra.c - helpers of the Node.js, Ruby and PHP analyzers; see lang_extra.h. */
#include "analyze/lang_extra.h"
#include "analyze/lang.h"
#include "util/jscan.h"
#include "util/license.h"
#include "util/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

void ks_lang_set_init(struct ks_lang_set *s, struct ks_ares *out)
{
	ks_map_init(&s->ids);
	s->loccap = NULL;
	s->ncap = 0;
	s->out = out;
}

void ks_lang_set_release(struct ks_lang_set *s)
{
	ks_map_release(&s->ids);
	free(s->loccap);
	s->loccap = NULL;
	s->ncap = 0;
}

int ks_lang_set_get(struct ks_ctx *cx, struct ks_lang_set *s, struct ks_str name,
	struct ks_str version, size_t *idx, bool *fresh)
{
	const char *id = version.n ? ks_arena_printf(&cx->arena, "%.*s@%.*s", (int)name.n,
					     name.p, (int)version.n, version.p) :
				     ks_arena_strndup(&cx->arena, name.p, name.n);
	void *v;

	if (id == NULL)
		return KS_ENOMEM;
	if ((v = ks_map_get(&s->ids, id, strlen(id))) != NULL) {
		*idx = (size_t)(uintptr_t)v - 1;
		*fresh = false;
		return 0;
	}
	*idx = s->out->npkgs;
	if (*idx >= s->ncap) {
		size_t n = s->ncap ? 2 * s->ncap : 64, *c = realloc(s->loccap, n * sizeof(*c));

		if (c == NULL)
			return KS_ENOMEM;
		s->loccap = c;
		s->ncap = n;
	}
	s->loccap[*idx] = 0;
	if (ks_lang_add(cx, s->out, name, version, 0, 0) == NULL)
		return KS_ENOMEM;
	*fresh = true;
	return ks_map_put(&s->ids, id, strlen(id), (void *)(uintptr_t)(*idx + 1), NULL);
}

int ks_lang_set_loc(struct ks_ctx *cx, struct ks_lang_set *s, size_t idx, unsigned start,
	unsigned end)
{
	struct ks_pkg *p = &s->out->pkgs[idx];
	struct ks_loc *l = ks_arena_grow(&cx->arena, p->locs, p->nlocs, &s->loccap[idx],
		p->nlocs + 1, sizeof(*l));

	if (l == NULL)
		return KS_ENOMEM;
	l[p->nlocs].start = start;
	l[p->nlocs].end = end;
	p->locs = l;
	p->nlocs++;
	return 0;
}

static int cmp_loc(const void *a, const void *b)
{
	const struct ks_loc *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

void ks_lang_set_sort(struct ks_lang_set *s)
{
	size_t i;

	for (i = 0; i < s->out->npkgs; i++) {
		struct ks_pkg *p = &s->out->pkgs[i];

		if (p->nlocs > 1)
			qsort(p->locs, p->nlocs, sizeof(*p->locs), cmp_loc);
		ks_lang_sort_deps(p);
	}
}

static bool npm_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_';
}

bool ks_lang_npm_valid_name(struct ks_str n)
{
	size_t i = 0, start;

	if (n.n == 0)
		return true;
	if (n.p[0] == '@') {
		for (i = 1; i < n.n && npm_name_char(n.p[i]); i++)
			;
		if (i == 1 || i >= n.n || n.p[i] != '/')
			return false;
		i++;
	}
	for (start = i; i < n.n && npm_name_char(n.p[i]); i++)
		;
	return i == n.n && i > start;
}

/* One licence entry: a string, or an object whose "type" is a string. */
static int license_entry(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	struct ks_str v, struct ks_strv *out)
{
	struct ks_str type;
	const char *s, *norm;
	int r;

	if (ks_js_kind(v) == '{') {
		if ((r = ks_js_find(v, "type", &type)) < 0)
			return ks_lang_corrupt(cx, an, f, 0, "bad license object");
		if (r == 0)
			return 0;
		v = type;
	}
	if (ks_js_kind(v) != '"')
		return 0;
	if ((r = ks_lang_jstr(&cx->arena, v, &s)) != 0)
		return r == KS_ECORRUPT ? ks_lang_corrupt(cx, an, f, 0, "bad license") : r;
	if (s[0] == '\0')
		return 0;
	if ((r = ks_license_normalize(&cx->arena, ks_str_c(s), &norm)) != 0)
		return r;
	return ks_strv_push(&cx->arena, out, norm);
}

int ks_lang_npm_licenses(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	struct ks_str v, struct ks_strv *out)
{
	struct ks_jsit it;
	struct ks_str el;
	int r;

	if (ks_js_kind(v) != '[')
		return license_entry(cx, an, f, v, out);
	if (ks_js_iter(&it, v, '[') != 0)
		return ks_lang_corrupt(cx, an, f, 0, "bad license array");
	while ((r = ks_js_next(&it, NULL, &el)) == 1)
		if ((r = license_entry(cx, an, f, el, out)) != 0)
			return r;
	return r < 0 ? ks_lang_corrupt(cx, an, f, 0, "bad license array") : 0;
}

int ks_lang_composer_json(struct ks_ctx *cx, struct ks_ares *lock, const struct ks_file *f)
{
	struct ks_str doc, req, key, val;
	struct ks_map names;
	struct ks_jsit it;
	size_t i;
	int r;

	ks_map_init(&names);
	if ((r = ks_lang_json_doc(cx, "composer", f, &doc)) != 0)
		goto out;
	if (ks_js_kind(ks_str_trim(doc)) != '{') {
		r = ks_lang_corrupt(cx, "composer", f, 0, "not a JSON object");
		goto out;
	}
	if ((r = ks_js_find(ks_str_trim(doc), "require", &req)) < 0)
		goto bad;
	if (r == 1 && ks_js_kind(req) == '{') {
		if (ks_js_iter(&it, req, '{') != 0)
			goto bad;
		while ((r = ks_js_next(&it, &key, &val)) == 1) {
			const char *name;

			if (ks_js_kind(val) != '"' && ks_js_kind(val) != 'n') {
				r = ks_lang_corrupt(cx, "composer", f, 0,
					"\"require\" has a non-string");
				goto out;
			}
			if ((r = ks_lang_jkey(&cx->arena, key, &name)) != 0)
				goto bad;
			if ((r = ks_map_put(&names, name, strlen(name), (void *)name, NULL)) != 0)
				goto out;
		}
		if (r < 0)
			goto bad;
	} else if (r == 1 && ks_js_kind(req) != 'n') {
		r = ks_lang_corrupt(cx, "composer", f, 0, "\"require\" is not an object");
		goto out;
	}
	for (i = 0; i < lock->npkgs; i++) {
		struct ks_pkg *p = &lock->pkgs[i];
		bool direct = ks_map_has(&names, p->name, strlen(p->name));

		p->relationship = direct ? KS_REL_DIRECT : KS_REL_INDIRECT;
	}
	r = 0;
	goto out;
bad:
	r = r == KS_ENOMEM ? r : ks_lang_corrupt(cx, "composer", f, 0, "malformed \"require\"");
out:
	ks_map_release(&names);
	return r;
}

/* True if path lies under <dir>/node_modules/, where dir is the directory part of
 * lock_path ("" for a lock file at the root). */
static bool under_node_modules(const char *path, const char *lock_path)
{
	struct ks_str p = ks_str_c(path), lp = ks_str_c(lock_path);
	ptrdiff_t slash = ks_str_rchr(lp, '/');

	if (slash >= 0) {
		size_t d = (size_t)slash;

		if (p.n <= d || memcmp(p.p, lp.p, d) != 0 || p.p[d] != '/')
			return false;
		p = ks_str_sub(p, d + 1, p.n);
	}
	return ks_str_hasprefix(p, "node_modules/");
}

int ks_lang_node_licenses(struct ks_ctx *cx, struct ks_ares *lock, const char *lock_path,
	const struct ks_pkg *installed, size_t n)
{
	struct ks_map byid;
	size_t i, j;
	int r = 0;

	ks_map_init(&byid);
	for (i = 0; i < n && r == 0; i++) {
		const struct ks_pkg *q = &installed[i];
		const char *id;

		if (q->file_path == NULL || q->licenses.n == 0 ||
			!under_node_modules(q->file_path, lock_path))
			continue;
		id = ks_lang_id(&cx->arena, q->name, '@', q->version);
		r = id == NULL ? KS_ENOMEM : ks_map_put(&byid, id, strlen(id), (void *)q, NULL);
	}
	for (i = 0; i < lock->npkgs && r == 0; i++) {
		struct ks_pkg *p = &lock->pkgs[i];
		const struct ks_pkg *q;
		const char *id;

		if (p->licenses.n > 0)
			continue;
		if ((id = p->id) == NULL &&
			(id = ks_lang_id(&cx->arena, p->name, '@', p->version)) == NULL) {
			r = KS_ENOMEM;
			break;
		}
		if ((q = ks_map_get(&byid, id, strlen(id))) == NULL)
			continue;
		for (j = 0; j < q->licenses.n && r == 0; j++)
			r = ks_strv_push(&cx->arena, &p->licenses, q->licenses.v[j]);
	}
	ks_map_release(&byid);
	return r;
}
