/*
 * oval.c - the streaming OVAL reader; see oval.h.
 *
 * The reader is a small state machine over xmlTextReader nodes. The document's top level
 * picks a section (generator, definitions, tests, objects, states, variables); inside it
 * an element is interpreted from its local name, its parent's local name and its depth,
 * ignoring namespace prefixes (Debian, Ubuntu and Red Hat bind them differently). Leaf
 * texts are collected into one bounded buffer and copied into the arena when their
 * element ends.
 */
#include "db/oval.h"
#include "util/buf.h"
#include "util/str.h"

#include <limits.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "util/banned.h"

enum section { S_NONE, S_GENERATOR, S_DEFS, S_TESTS, S_OBJECTS, S_STATES, S_VARS };

struct pstate {
	xmlTextReaderPtr rd;
	struct ks_arena *a;
	struct ks_err *e;
	const char *path;
	struct ks_oval *o;
	size_t capdefs;

	bool xmlerr; /* libxml2 reported an error; its message and line follow */
	unsigned long xmlline;
	char xmlmsg[256];

	enum section sec;
	const char *stack[KS_OVAL_MAXDEPTH + 1]; /* local names of the open elements */
	bool neg[KS_OVAL_MAXDEPTH + 1];          /* a negated <criteria> is open here */

	/* the item being read (one of them, by section) and the capacities of its arrays */
	struct ks_oval_def *def;
	size_t caprefs, capcves, capbugs, capcpes, capcrit;
	struct ks_oval_test *test;
	struct ks_oval_object *obj;
	struct ks_oval_state *state;
	struct ks_oval_var *var;
	size_t capvalues;

	/* text collection: *text_to receives the text of the element open at text_depth */
	const char **text_to;
	int text_depth;
	struct ks_buf text;
};

static void on_xml_error(void *arg, xmlErrorPtr err)
{
	struct pstate *st = arg;
	struct ks_str m;

	if (err == NULL || err->level < XML_ERR_ERROR || st->xmlerr)
		return;
	st->xmlerr = true;
	st->xmlline = err->line > 0 ? (unsigned long)err->line : 0;
	m = ks_str_trim(ks_str_c(err->message));
	ks_strlcpy(st->xmlmsg, "", sizeof(st->xmlmsg));
	if (m.n >= sizeof(st->xmlmsg))
		m.n = sizeof(st->xmlmsg) - 1;
	memcpy(st->xmlmsg, m.p, m.n);
	st->xmlmsg[m.n] = '\0';
}

static unsigned long lineno(struct pstate *st)
{
	int l = xmlTextReaderGetParserLineNumber(st->rd);

	return l > 0 ? (unsigned long)l : 0;
}

static int fail(struct pstate *st, int code, const char *what)
{
	return ks_seterr(st->e, code, "oval: '%s': line %lu: %s", st->path, lineno(st), what);
}

/* An arena copy of s without surrounding blanks; NULL (and *r = KS_ENOMEM) on OOM. */
static const char *copy(struct pstate *st, struct ks_str s, int *r)
{
	const char *p;

	s = ks_str_trim(s);
	if ((p = ks_arena_strndup(st->a, s.p, s.n)) == NULL)
		*r = KS_ENOMEM;
	return p;
}

/* Stores the trimmed value of attribute name of the current element in *out (NULL when
 * the element has none). */
static int attr(struct pstate *st, const char *name, const char **out)
{
	xmlChar *v = xmlTextReaderGetAttribute(st->rd, (const xmlChar *)name);
	int r = 0;

	*out = NULL;
	if (v == NULL)
		return 0;
	*out = copy(st, ks_str_c((const char *)v), &r);
	xmlFree(v);
	return r;
}

static bool streq(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* The local name without suffix sfx ("dpkginfo_test" -> "dpkginfo"), or NULL when name
 * does not end with it. */
static const char *kind_of(struct pstate *st, const char *name, const char *sfx, int *r)
{
	size_t n = strlen(name), m = strlen(sfx);

	if (n <= m || memcmp(name + n - m, sfx, m) != 0)
		return NULL;
	return copy(st, (struct ks_str){ name, n - m }, r);
}

/* Makes room for one more element of an arena array; *n is not changed. */
static int grow(struct pstate *st, void **arr, size_t n, size_t *cap, size_t elem)
{
	void *p = ks_arena_grow(st->a, *arr, n, cap, n + 1, elem);

	if (p == NULL)
		return KS_ENOMEM;
	*arr = p;
	return 0;
}

#define PUSH(st, arr, n, cap) grow((st), (void **)&(arr), (n), &(cap), sizeof(*(arr)))

static void want_text(struct pstate *st, const char **to, int depth)
{
	*to = NULL;
	st->text_to = to;
	st->text_depth = depth;
	ks_buf_reset(&st->text);
}

/* Registers a finished test/object/state/variable under its id (the first one of an id
 * wins; items without an id are dropped). */
static int index_item(struct ks_map *m, const char *id, void *item)
{
	if (id == NULL || ks_map_has(m, id, strlen(id)))
		return 0;
	return ks_map_put(m, id, strlen(id), item, NULL) != 0 ? KS_ENOMEM : 0;
}

/* An <advisory><cve> element: its attributes now, its text (the id) when it ends. */
static int start_cve(struct pstate *st, int d)
{
	struct ks_oval_def *df = st->def;
	struct ks_oval_cve *c;
	size_t i;
	int r;

	if ((r = PUSH(st, df->cves, df->ncves, st->capcves)) != 0)
		return r;
	c = &df->cves[df->ncves++];
	memset(c, 0, sizeof(*c));
	{
		const struct {
			const char *name;
			const char **to;
		} ca[] = { { "href", &c->href }, { "impact", &c->impact },
			{ "priority", &c->priority }, { "public", &c->public_date },
			{ "cwe", &c->cwe }, { "cvss2", &c->cvss2 }, { "cvss3", &c->cvss3 },
			{ "cvss_score", &c->cvss_score }, { "cvss_vector", &c->cvss_vector },
			{ "cvss_severity", &c->cvss_severity } };

		for (i = 0; i < sizeof(ca) / sizeof(ca[0]); i++)
			if ((r = attr(st, ca[i].name, ca[i].to)) != 0)
				return r;
	}
	want_text(st, &c->id, d);
	return 0;
}

static int start_def_child(struct pstate *st, const char *n, const char *parent, int d)
{
	struct ks_oval_def *df = st->def;
	const char *neg;
	int r;

	if (streq(parent, "metadata") && streq(n, "title"))
		want_text(st, &df->title, d);
	else if (streq(parent, "metadata") && streq(n, "description"))
		want_text(st, &df->description, d);
	else if (streq(parent, "affected") && streq(n, "platform") && df->platform == NULL)
		want_text(st, &df->platform, d);
	else if (streq(parent, "affected") && streq(n, "product") && df->product == NULL)
		want_text(st, &df->product, d);
	else if (streq(parent, "advisory") && streq(n, "severity"))
		want_text(st, &df->severity, d);
	else if (streq(parent, "debian") && streq(n, "dsa"))
		want_text(st, &df->dsa, d);
	else if (streq(parent, "advisory") && streq(n, "issued"))
		return attr(st, "date", &df->issued);
	else if (streq(parent, "advisory") && streq(n, "updated"))
		return attr(st, "date", &df->updated);
	else if (streq(parent, "metadata") && streq(n, "reference")) {
		struct ks_oval_ref *ref;

		if ((r = PUSH(st, df->refs, df->nrefs, st->caprefs)) != 0)
			return r;
		ref = &df->refs[df->nrefs++];
		memset(ref, 0, sizeof(*ref));
		if ((r = attr(st, "source", &ref->source)) != 0 ||
			(r = attr(st, "ref_id", &ref->id)) != 0 ||
			(r = attr(st, "ref_url", &ref->url)) != 0)
			return r;
	} else if (streq(parent, "advisory") && streq(n, "cve")) {
		return start_cve(st, d);
	} else if (streq(parent, "advisory") && streq(n, "bugzilla")) {
		struct ks_oval_bug *b;

		if ((r = PUSH(st, df->bugs, df->nbugs, st->capbugs)) != 0)
			return r;
		b = &df->bugs[df->nbugs++];
		memset(b, 0, sizeof(*b));
		if ((r = attr(st, "id", &b->id)) != 0 || (r = attr(st, "href", &b->href)) != 0)
			return r;
		want_text(st, &b->text, d);
	} else if (streq(parent, "affected_cpe_list") && streq(n, "cpe")) {
		if ((r = PUSH(st, df->cpes, df->ncpes, st->capcpes)) != 0)
			return r;
		want_text(st, &df->cpes[df->ncpes++], d);
	} else if (streq(n, "criteria")) {
		if ((r = attr(st, "negate", &neg)) != 0)
			return r;
		st->neg[d] = st->neg[d] || streq(neg, "true") || streq(neg, "1");
	} else if (streq(n, "criterion")) {
		struct ks_oval_crit *c;

		if ((r = PUSH(st, df->crit, df->ncrit, st->capcrit)) != 0)
			return r;
		c = &df->crit[df->ncrit++];
		memset(c, 0, sizeof(*c));
		if ((r = attr(st, "test_ref", &c->test_ref)) != 0 ||
			(r = attr(st, "comment", &c->comment)) != 0 ||
			(r = attr(st, "negate", &neg)) != 0)
			return r;
		c->negate = st->neg[d - 1] || streq(neg, "true") || streq(neg, "1");
	}
	return 0;
}

static int start_def(struct pstate *st)
{
	struct ks_oval *o = st->o;
	int r;

	if ((r = PUSH(st, o->defs, o->ndefs, st->capdefs)) != 0)
		return r;
	st->def = &o->defs[o->ndefs++];
	memset(st->def, 0, sizeof(*st->def));
	st->caprefs = st->capcves = st->capbugs = st->capcpes = st->capcrit = 0;
	st->def->line = lineno(st);
	if ((r = attr(st, "id", &st->def->id)) != 0)
		return r;
	return attr(st, "class", &st->def->klass);
}

/* Opens the item at depth 2 of a tests/objects/states/variables section. */
static int start_item(struct pstate *st, const char *n)
{
	const char *kind;
	int r = 0;

	switch (st->sec) {
	case S_TESTS:
		if ((kind = kind_of(st, n, "_test", &r)) == NULL)
			return r;
		if ((st->test = ks_arena_calloc(st->a, 1, sizeof(*st->test))) == NULL)
			return KS_ENOMEM;
		st->test->kind = kind;
		if ((r = attr(st, "id", &st->test->id)) != 0 ||
			(r = attr(st, "comment", &st->test->comment)) != 0)
			return r;
		break;
	case S_OBJECTS:
		if ((kind = kind_of(st, n, "_object", &r)) == NULL)
			return r;
		if ((st->obj = ks_arena_calloc(st->a, 1, sizeof(*st->obj))) == NULL)
			return KS_ENOMEM;
		st->obj->kind = kind;
		return attr(st, "id", &st->obj->id);
	case S_STATES:
		if ((kind = kind_of(st, n, "_state", &r)) == NULL)
			return r;
		if ((st->state = ks_arena_calloc(st->a, 1, sizeof(*st->state))) == NULL)
			return KS_ENOMEM;
		st->state->kind = kind;
		return attr(st, "id", &st->state->id);
	case S_VARS:
		if (kind_of(st, n, "_variable", &r) == NULL)
			return r;
		if ((st->var = ks_arena_calloc(st->a, 1, sizeof(*st->var))) == NULL)
			return KS_ENOMEM;
		st->capvalues = 0;
		/* only constant variables carry values; others keep values NULL */
		if (strcmp(n, "constant_variable") == 0 &&
			(st->var->values = ks_arena_calloc(st->a, 1, sizeof(char *))) == NULL)
			return KS_ENOMEM;
		st->capvalues = 1;
		return attr(st, "id", &st->var->id);
	default:
		break;
	}
	return r;
}

/* A child (depth 3) of the current test/object/state/variable. */
static int start_item_child(struct pstate *st, const char *n, int d)
{
	int r;

	if (st->sec == S_TESTS && st->test != NULL) {
		if (streq(n, "object") && st->test->object_ref == NULL)
			return attr(st, "object_ref", &st->test->object_ref);
		if (streq(n, "state") && st->test->state_ref == NULL)
			return attr(st, "state_ref", &st->test->state_ref);
	} else if (st->sec == S_OBJECTS && st->obj != NULL) {
		if (streq(n, "name")) {
			if ((r = attr(st, "var_ref", &st->obj->var_ref)) != 0)
				return r;
			if (st->obj->var_ref == NULL)
				want_text(st, &st->obj->name, d);
		} else if (streq(n, "var_ref") && st->obj->var_ref == NULL) {
			want_text(st, &st->obj->var_ref, d);
		}
	} else if (st->sec == S_STATES && st->state != NULL) {
		if (streq(n, "evr") && st->state->evr == NULL) {
			if ((r = attr(st, "operation", &st->state->evr_op)) != 0)
				return r;
			want_text(st, &st->state->evr, d);
		} else if (streq(n, "arch") && st->state->arch == NULL) {
			if ((r = attr(st, "operation", &st->state->arch_op)) != 0)
				return r;
			want_text(st, &st->state->arch, d);
		} else if (streq(n, "signature_keyid")) {
			st->state->signature = true;
		}
	} else if (st->sec == S_VARS && st->var != NULL && st->var->values != NULL &&
		streq(n, "value")) {
		struct ks_oval_var *v = st->var;

		if ((r = PUSH(st, v->values, v->nvalues, st->capvalues)) != 0)
			return r;
		want_text(st, &v->values[v->nvalues++], d);
	}
	return 0;
}

static enum section section_of(const char *n)
{
	static const struct {
		const char *name;
		enum section sec;
	} tab[] = { { "generator", S_GENERATOR }, { "definitions", S_DEFS }, { "tests", S_TESTS },
		{ "objects", S_OBJECTS }, { "states", S_STATES }, { "variables", S_VARS } };
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(n, tab[i].name) == 0)
			return tab[i].sec;
	return S_NONE;
}

static int start_element(struct pstate *st, const char *n, int d)
{
	const char *parent = d > 0 ? st->stack[d - 1] : NULL;

	st->stack[d] = n;
	st->neg[d] = d > 0 && st->neg[d - 1];
	if (d == 0)
		return strcmp(n, "oval_definitions") == 0 ?
			0 :
			fail(st, KS_ECORRUPT, "not an OVAL definitions document");
	if (d == 1) {
		st->sec = section_of(n);
		return 0;
	}
	switch (st->sec) {
	case S_GENERATOR:
		if (d == 2 && streq(n, "product_name"))
			want_text(st, &st->o->product, d);
		return 0;
	case S_DEFS:
		if (d == 2) {
			st->def = NULL;
			return streq(n, "definition") ? start_def(st) : 0;
		}
		return st->def != NULL ? start_def_child(st, n, parent, d) : 0;
	case S_TESTS:
	case S_OBJECTS:
	case S_STATES:
	case S_VARS:
		if (d == 2) {
			st->test = NULL;
			st->obj = NULL;
			st->state = NULL;
			st->var = NULL;
			return start_item(st, n);
		}
		return d == 3 ? start_item_child(st, n, d) : 0;
	default:
		return 0;
	}
}

static int end_element(struct pstate *st, int d)
{
	int r = 0;

	if (st->text_to != NULL && d == st->text_depth) {
		struct ks_str t = ks_str_trim((struct ks_str){ st->text.p, st->text.n });

		if (t.n > 0 && (*st->text_to = copy(st, t, &r)) == NULL)
			return r;
		st->text_to = NULL;
	}
	if (d != 2)
		return 0;
	switch (st->sec) {
	case S_DEFS:
		st->def = NULL;
		return 0;
	case S_TESTS:
		r = st->test ? index_item(&st->o->tests, st->test->id, st->test) : 0;
		st->test = NULL;
		return r;
	case S_OBJECTS:
		r = st->obj ? index_item(&st->o->objects, st->obj->id, st->obj) : 0;
		st->obj = NULL;
		return r;
	case S_STATES:
		r = st->state ? index_item(&st->o->states, st->state->id, st->state) : 0;
		st->state = NULL;
		return r;
	case S_VARS:
		r = st->var ? index_item(&st->o->vars, st->var->id, st->var) : 0;
		st->var = NULL;
		return r;
	default:
		return 0;
	}
}

static int add_text(struct pstate *st, int d)
{
	const xmlChar *v;

	if (st->text_to == NULL || d != st->text_depth + 1)
		return 0;
	if ((v = xmlTextReaderConstValue(st->rd)) == NULL)
		return 0;
	if (ks_buf_adds(&st->text, (const char *)v) != 0)
		return fail(st, KS_ELIMIT, "element text too long");
	return 0;
}

/* Handles one reader node. */
static int node(struct pstate *st)
{
	int type = xmlTextReaderNodeType(st->rd), d = xmlTextReaderDepth(st->rd), r;
	const xmlChar *name;

	switch (type) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return fail(st, KS_ECORRUPT, "document type declarations are not accepted");
	case XML_READER_TYPE_ENTITY_REFERENCE:
		return fail(st, KS_ECORRUPT, "entity references are not accepted");
	case XML_READER_TYPE_ELEMENT:
		if (d < 0 || d > KS_OVAL_MAXDEPTH)
			return fail(st, KS_ECORRUPT, "elements nested too deeply");
		if ((name = xmlTextReaderConstLocalName(st->rd)) == NULL)
			return KS_ENOMEM;
		if ((r = start_element(st, (const char *)name, d)) != 0)
			return r;
		return xmlTextReaderIsEmptyElement(st->rd) == 1 ? end_element(st, d) : 0;
	case XML_READER_TYPE_END_ELEMENT:
		return d >= 0 && d <= KS_OVAL_MAXDEPTH ? end_element(st, d) : 0;
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		return add_text(st, d);
	default:
		return 0;
	}
}

void ks_oval_release(struct ks_oval *o)
{
	if (o == NULL)
		return;
	ks_map_release(&o->tests);
	ks_map_release(&o->objects);
	ks_map_release(&o->states);
	ks_map_release(&o->vars);
}

int ks_oval_parse(struct ks_arena *a, struct ks_err *e, const char *path, const uint8_t *data,
	size_t len, struct ks_oval *out)
{
	struct pstate st;
	bool root = false;
	int r = KS_EINTERNAL, rc;

	memset(out, 0, sizeof(*out));
	ks_map_init(&out->tests);
	ks_map_init(&out->objects);
	ks_map_init(&out->states);
	ks_map_init(&out->vars);
	memset(&st, 0, sizeof(st));
	st.a = a;
	st.e = e;
	st.path = path;
	st.o = out;
	ks_buf_init(&st.text, KS_OVAL_MAXTEXT);
	if (len > INT_MAX) {
		r = ks_seterr(e, KS_ELIMIT, "oval: '%s': larger than 2 GiB", path);
		goto out;
	}
	st.rd = xmlReaderForMemory((const char *)(data != NULL ? data : (const uint8_t *)""),
		(int)len, NULL, NULL,
		XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_NOBLANKS);
	if (st.rd == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(st.rd, on_xml_error, &st);
	while ((rc = xmlTextReaderRead(st.rd)) == 1) {
		if (xmlTextReaderNodeType(st.rd) == XML_READER_TYPE_ELEMENT)
			root = true;
		if ((r = node(&st)) != 0)
			goto out;
	}
	if (rc != 0 || st.xmlerr) {
		r = ks_seterr(e, KS_ECORRUPT, "oval: '%s': line %lu: %s", path,
			st.xmlerr ? st.xmlline : lineno(&st),
			st.xmlerr ? st.xmlmsg : "malformed XML");
		goto out;
	}
	if (!root) {
		r = ks_seterr(e, KS_ECORRUPT, "oval: '%s': no XML document", path);
		goto out;
	}
	r = 0;
out:
	if (st.rd != NULL)
		xmlFreeTextReader(st.rd);
	ks_buf_release(&st.text);
	return r;
}

int ks_oval_pkgtest(const struct ks_oval *o, struct ks_err *e, const char *test_ref,
	struct ks_oval_pkgtest *out)
{
	const struct ks_oval_test *t;
	const struct ks_oval_object *ob;
	const struct ks_oval_state *sta;
	const struct ks_oval_var *v;

	memset(out, 0, sizeof(*out));
	if (test_ref == NULL)
		return ks_seterr(e, KS_ECORRUPT, "criterion without a test_ref");
	if ((t = ks_map_get(&o->tests, test_ref, strlen(test_ref))) == NULL)
		return ks_seterr(e, KS_ECORRUPT, "unknown test '%.200s'", test_ref);
	out->test = t;
	if (t->object_ref == NULL || t->state_ref == NULL)
		return 0;
	if ((ob = ks_map_get(&o->objects, t->object_ref, strlen(t->object_ref))) == NULL)
		return ks_seterr(e, KS_ECORRUPT, "unknown object '%.200s'", t->object_ref);
	if ((sta = ks_map_get(&o->states, t->state_ref, strlen(t->state_ref))) == NULL)
		return ks_seterr(e, KS_ECORRUPT, "unknown state '%.200s'", t->state_ref);
	if (ob->name != NULL) {
		out->names = &ob->name;
		out->nnames = 1;
	} else if (ob->var_ref != NULL) {
		if ((v = ks_map_get(&o->vars, ob->var_ref, strlen(ob->var_ref))) == NULL)
			return ks_seterr(e, KS_ECORRUPT, "unknown variable '%.200s'", ob->var_ref);
		if (v->values == NULL)
			return 0;
		out->names = v->values;
		out->nnames = v->nvalues;
	} else {
		return 0;
	}
	out->evr = sta->evr;
	out->evr_op = sta->evr_op;
	out->arch = sta->arch;
	out->signature = sta->signature;
	return 1;
}

bool ks_oval_sniff(const uint8_t *head, size_t n, const char *marker)
{
	return head != NULL && memmem(head, n, "oval_definitions", 16) != NULL &&
		memmem(head, n, marker, strlen(marker)) != NULL;
}
