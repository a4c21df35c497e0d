/* lang.c - helpers shared by the language-package analyzers; see lang.h. */
#include "analyze/lang.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/map.h"
#include "util/yaml.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "util/banned.h"

bool ks_lang_is_base(const char *path, size_t len, const char *base)
{
	size_t n = strlen(base);

	return len >= n && memcmp(path + len - n, base, n) == 0 &&
		(len == n || path[len - n - 1] == '/');
}

const char *ks_lang_id(struct ks_arena *a, const char *name, char sep, const char *version)
{
	if (version == NULL || version[0] == '\0')
		return name;
	return ks_arena_printf(a, "%s%c%s", name, sep, version);
}

int ks_lang_addloc(struct ks_ctx *cx, struct ks_pkg *p, size_t start, size_t end)
{
	struct ks_loc *l = ks_arena_alloc(&cx->arena, (p->nlocs + 1) * sizeof(*l));

	if (l == NULL)
		return KS_ENOMEM;
	if (p->nlocs > 0)
		memcpy(l, p->locs, p->nlocs * sizeof(*l));
	l[p->nlocs].start = start > UINT_MAX ? UINT_MAX : (unsigned)start;
	l[p->nlocs].end = end > UINT_MAX ? UINT_MAX : (unsigned)end;
	p->locs = l;
	p->nlocs++;
	return 0;
}

struct ks_pkg *ks_lang_add(struct ks_ctx *cx, struct ks_ares *out, struct ks_str name,
	struct ks_str version, size_t start, size_t end)
{
	struct ks_pkg *p = ks_ares_addpkg(cx, out);

	if (p == NULL)
		return NULL;
	p->name = ks_arena_strndup(&cx->arena, name.p, name.n);
	p->version = ks_arena_strndup(&cx->arena, version.p, version.n);
	if (p->name == NULL || p->version == NULL)
		return NULL;
	if (start > 0 && ks_lang_addloc(cx, p, start, end) != 0)
		return NULL;
	return p;
}

int ks_lang_corrupt(struct ks_ctx *cx, const char *an, const struct ks_file *f, size_t line,
	const char *fmt, ...)
{
	char msg[KS_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': line %zu: %s", an, f->path, line,
			msg);
	return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': %s", an, f->path, msg);
}

size_t ks_lang_line(const struct ks_file *f, const char *at)
{
	const char *base = (const char *)f->data;
	struct ks_lineno ln;

	if (base == NULL || at < base || at > base + f->size)
		return 0;
	ks_lineno_init(&ln, base, f->size);
	return ks_lineno_ptr(&ln, at);
}

static int cmp_loc(const void *a, const void *b)
{
	const struct ks_loc *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void ks_lang_sort_deps(struct ks_pkg *p)
{
	size_t i, w;

	if (p->depends_on.n < 2)
		return;
	qsort(p->depends_on.v, p->depends_on.n, sizeof(p->depends_on.v[0]), cmp_str);
	for (i = 1, w = 1; i < p->depends_on.n; i++)
		if (strcmp(p->depends_on.v[i], p->depends_on.v[w - 1]) != 0)
			p->depends_on.v[w++] = p->depends_on.v[i];
	p->depends_on.n = w;
}

/* Closeness of a relationship: root first, unknown last. */
static int rel_rank(int rel)
{
	return rel == KS_REL_UNKNOWN ? 4 : rel;
}

/* Per-package bookkeeping of ks_lang_unique(), indexed like out->pkgs. */
struct ugroup {
	size_t rep;         /* index of the first package with the same name and version */
	size_t count;       /* (for a representative) packages in its group */
	size_t nlocs, fill; /* (for a representative) locations of the group, copied so far */
	struct ks_loc *locs;
	bool deps; /* (for a representative) dependencies were merged in */
};

/* Folds package i into its group's representative k. */
static int fold(struct ks_ctx *cx, struct ks_pkg *k, struct ugroup *g, const struct ks_pkg *d,
	bool same)
{
	size_t j;
	int r;

	if (g->locs == NULL && (g->locs = ks_arena_alloc(&cx->arena,
					(g->nlocs ? g->nlocs : 1) * sizeof(*g->locs))) == NULL)
		return KS_ENOMEM;
	for (j = 0; j < d->nlocs && g->fill < g->nlocs; j++)
		g->locs[g->fill++] = d->locs[j];
	if (same)
		return 0;
	for (j = 0; j < d->depends_on.n; j++, g->deps = true)
		if ((r = ks_strv_push(&cx->arena, &k->depends_on, d->depends_on.v[j])) != 0)
			return r;
	if (rel_rank(d->relationship) < rel_rank(k->relationship))
		k->relationship = d->relationship;
	k->dev = k->dev && d->dev;
	return 0;
}

int ks_lang_unique(struct ks_ctx *cx, struct ks_ares *out)
{
	struct ks_map seen;
	struct ugroup *g = NULL;
	size_t i, w;
	int r = KS_EINTERNAL;

	ks_map_init(&seen);
	if (out->npkgs < 2)
		return 0;
	if ((g = calloc(out->npkgs, sizeof(*g))) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	for (i = 0; i < out->npkgs; i++) {
		const struct ks_pkg *p = &out->pkgs[i];
		const char *v = p->version ? p->version : "";
		char *key = ks_arena_printf(&cx->arena, "%s%c%s", p->name, '\0', v);
		size_t klen = strlen(p->name) + 1 + strlen(v);
		uintptr_t at;

		if (key == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		if ((at = (uintptr_t)ks_map_get(&seen, key, klen)) == 0) {
			at = i + 1;
			if ((r = ks_map_put(&seen, key, klen, (void *)at, NULL)) != 0)
				goto out;
		}
		g[i].rep = at - 1;
		g[at - 1].count++;
		g[at - 1].nlocs += p->nlocs;
	}
	for (i = 0; i < out->npkgs; i++) {
		size_t k = g[i].rep;

		if (g[k].count > 1 &&
			(r = fold(cx, &out->pkgs[k], &g[k], &out->pkgs[i], i == k)) != 0)
			goto out;
	}
	for (i = 0, w = 0; i < out->npkgs; i++) {
		struct ks_pkg *p = &out->pkgs[i];

		if (g[i].rep != i)
			continue;
		if (g[i].count > 1) {
			qsort(g[i].locs, g[i].fill, sizeof(*g[i].locs), cmp_loc);
			p->locs = g[i].locs;
			p->nlocs = g[i].fill;
			if (g[i].deps)
				ks_lang_sort_deps(p);
		}
		out->pkgs[w++] = *p;
	}
	out->npkgs = w;
	r = 0;
out:
	free(g);
	ks_map_release(&seen);
	return r;
}

int ks_lang_json_doc(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	struct ks_str *doc)
{
	struct ks_str d = { (const char *)f->data, f->size };
	char what[512];
	json_t *tree = NULL;
	int r;

	if (d.p == NULL)
		d.p = "";
	if (d.n >= 3 && memcmp(d.p, "\xef\xbb\xbf", 3) == 0) {
		d.p += 3;
		d.n -= 3;
	}
	if ((r = ks_js_check(d)) == 0) {
		*doc = ks_str_trim(d);
		return 0;
	}
	/* jansson only explains where the text goes wrong */
	snprintf(what, sizeof(what), "%s: '%s'", an, f->path);
	if ((r = ks_json_load(&cx->err, what, (const uint8_t *)d.p, d.n, &tree)) == 0) {
		json_decref(tree);
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: malformed or too deeply nested JSON",
			what);
	}
	return r;
}

int ks_lang_yaml_doc(struct ks_ctx *cx, const char *an, const struct ks_file *f, json_t **tree)
{
	char what[512];

	snprintf(what, sizeof(what), "%s: '%s'", an, f->path);
	return ks_yaml_load(&cx->err, what, f->data != NULL ? f->data : (const uint8_t *)"",
		f->size, tree);
}

int ks_lang_jstr(struct ks_arena *a, struct ks_str v, const char **out)
{
	char k = ks_js_kind(v);

	*out = NULL;
	if (k == 0 || k == 'n')
		return 0;
	if (k != '"')
		return KS_ECORRUPT;
	return ks_js_str(v, a, out, NULL);
}

int ks_lang_jkey(struct ks_arena *a, struct ks_str key, const char **out)
{
	struct ks_str quoted = { key.p - 1, key.n + 2 };

	if (memchr(key.p, '\\', key.n) == NULL) {
		*out = ks_arena_strndup(a, key.p, key.n);
		return *out != NULL ? 0 : KS_ENOMEM;
	}
	return ks_js_str(quoted, a, out, NULL);
}

/* What the XML walker knows while it reads. */
struct xwalk {
	bool xmlerr;
	unsigned long line;
	char msg[256];
};

static void on_xml_error(void *arg, xmlErrorPtr err)
{
	struct xwalk *x = arg;
	struct ks_str m;

	if (err == NULL || err->level < XML_ERR_ERROR || x->xmlerr)
		return;
	x->xmlerr = true;
	x->line = err->line > 0 ? (unsigned long)err->line : 0;
	m = ks_str_trim(ks_str_c(err->message));
	if (m.n >= sizeof(x->msg))
		m.n = sizeof(x->msg) - 1;
	memcpy(x->msg, m.p, m.n);
	x->msg[m.n] = '\0';
}

/*
 * True when no tag of the text holds more than KS_LANG_XML_MAXATTRS attributes: libxml2
 * checks a tag's attributes against each other, which takes quadratic time, so a hostile
 * tag with 100,000 attributes would stall it for a minute. Counts '=' outside quotes
 * between '<' and '>' (comments and declarations are skipped to their first '>'), so
 * *line gets the line of the offending tag.
 */
static bool attrs_bounded(const char *p, size_t n, size_t *line)
{
	size_t i, eq = 0, ln = 1, tagline = 1;
	bool tag = false;
	char quote = 0;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c == '\n')
			ln++;
		if (quote) {
			quote = c == quote ? 0 : quote;
		} else if (!tag && c == '<') {
			tag = i + 1 >= n || (p[i + 1] != '!' && p[i + 1] != '?');
			if (!tag) {
				const char *gt = memchr(p + i, '>', n - i);
				size_t to = gt ? (size_t)(gt - p) : n;

				while (++i < to)
					ln += p[i] == '\n';
			}
			eq = 0;
			tagline = ln;
		} else if (tag && (c == '"' || c == '\'')) {
			quote = c;
		} else if (tag && c == '=' && ++eq > KS_LANG_XML_MAXATTRS) {
			*line = tagline;
			return false;
		} else if (tag && c == '>') {
			tag = false;
		}
	}
	return true;
}

int ks_lang_xml_walk(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	int (*fn)(void *ud, const struct ks_lang_xel *el), void *ud)
{
	xmlTextReaderPtr rd = NULL;
	struct xwalk x = { 0 };
	struct ks_lang_xel el;
	bool root = false;
	size_t tagline = 0;
	int r = KS_EINTERNAL, rc = 0, line;

	if (f->size > INT_MAX)
		return ks_seterr(&cx->err, KS_ELIMIT, "%s: '%s': larger than 2 GiB", an, f->path);
	if (f->data != NULL && !attrs_bounded((const char *)f->data, f->size, &tagline))
		return ks_seterr(&cx->err, KS_ELIMIT,
			"%s: '%s': line %zu: a tag with more than %d attributes", an, f->path,
			tagline, KS_LANG_XML_MAXATTRS);
	rd = xmlReaderForMemory(f->data != NULL ? (const char *)f->data : "", (int)f->size, NULL,
		NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (rd == NULL) {
		r = f->size == 0 ? ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': empty document",
					   an, f->path) :
				   KS_ENOMEM;
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(rd, on_xml_error, &x);
	while (!x.xmlerr && (rc = xmlTextReaderRead(rd)) == 1) {
		int type = xmlTextReaderNodeType(rd), depth = xmlTextReaderDepth(rd);

		if (type == XML_READER_TYPE_DOCUMENT_TYPE ||
			type == XML_READER_TYPE_ENTITY_REFERENCE) {
			line = xmlTextReaderGetParserLineNumber(rd);
			r = ks_seterr(&cx->err, KS_EUNSUPPORTED,
				"%s: '%s': line %d: document type declarations and entity "
				"references are not accepted",
				an, f->path, line);
			goto out;
		}
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		root = true;
		el.depth = depth;
		el.local = (const char *)xmlTextReaderConstLocalName(rd);
		el.reader = rd;
		if (el.local == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		if ((r = fn(ud, &el)) != 0)
			goto out;
	}
	if (x.xmlerr || rc < 0 || !root) {
		line = xmlTextReaderGetParserLineNumber(rd);
		r = ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': line %lu: %s", an, f->path,
			x.xmlerr ? x.line : (unsigned long)(line > 0 ? line : 0),
			x.xmlerr ? x.msg : !root ? "no root element" : "malformed XML");
		goto out;
	}
	r = 0;
out:
	if (rd != NULL)
		xmlFreeTextReader(rd);
	return r;
}

int ks_lang_xml_attr(struct ks_ctx *cx, const struct ks_lang_xel *el, const char *name,
	const char **out)
{
	xmlTextReaderPtr rd = el->reader;
	int ok, r = 0;

	*out = NULL;
	for (ok = xmlTextReaderMoveToFirstAttribute(rd); ok == 1 && r == 0;
		ok = xmlTextReaderMoveToNextAttribute(rd)) {
		const xmlChar *ln = xmlTextReaderConstLocalName(rd);
		const xmlChar *v;

		if (ln == NULL || strcmp((const char *)ln, name) != 0)
			continue;
		if ((v = xmlTextReaderConstValue(rd)) == NULL ||
			(*out = ks_arena_strdup(&cx->arena, (const char *)v)) == NULL)
			r = KS_ENOMEM;
	}
	xmlTextReaderMoveToElement(rd);
	return r;
}
