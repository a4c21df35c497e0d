/* pomxml.c - POM documents through libxml2's SAX parser; see pomxml.h. */
#include "analyze/pomxml.h"
#include "util/buf.h"
#include "util/str.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "util/banned.h"

/* What an open element is, for what its children mean. */
enum ctxkind {
	C_IGNORE,  /* nothing inside matters */
	C_ROOT,    /* the project element */
	C_PARENT,  /* project/parent */
	C_LICS,    /* project/licenses */
	C_LIC,     /* .../license */
	C_MODULES, /* project/modules */
	C_PROPS,   /* project/properties */
	C_DM,      /* project/dependencyManagement */
	C_DEPS,    /* a dependencies list, or an element inside it searched for dependencies */
	C_DEP,     /* a dependency */
	C_EXCLS,   /* dependency/exclusions */
	C_EXCL,    /* .../exclusion */
	C_TEXT,    /* an element whose text is captured */
};

/* Where captured text goes. */
enum target {
	T_NONE, T_GROUP, T_ARTIFACT, T_VERSION, T_PGROUP, T_PARTIFACT, T_PVERSION, T_PRELPATH,
	T_LICNAME, T_MODULE, T_PROP, T_DGROUP, T_DARTIFACT, T_DVERSION, T_DSCOPE, T_DOPTIONAL,
	T_EGROUP, T_EARTIFACT,
};

struct px {
	struct ks_arena *a;
	struct ks_err *e;
	const char *what;
	xmlParserCtxtPtr ctxt;
	struct ks_pom *pom;
	int kinds[KS_POM_MAXDEPTH + 1];
	int depth;       /* open elements */
	int cap_depth;   /* depth of the capturing element, 0 = none */
	enum target cap; /* where its text goes */
	const char *cap_key;
	struct ks_buf text;
	bool deps_mgmt;  /* the dependencies list being read is dependencyManagement's */
	struct ks_pom_dep *dep;
	const char *lic_name; /* name of the <license> being read */
	size_t capdeps, capmgmt, capprops, capprops2, caplics, capmods, capexcl;
	int rc;          /* first failure */
	bool done;       /* the root element ended */
};

static void fail(struct px *x, int code, const char *fmt, const char *arg)
{
	if (x->rc != 0)
		return;
	x->rc = code;
	ks_seterr(x->e, code, "%s: line %d: %s%s", x->what, xmlSAX2GetLineNumber(x->ctxt), fmt,
		arg ? arg : "");
	xmlStopParser(x->ctxt);
}

static unsigned line_now(struct px *x)
{
	int l = xmlSAX2GetLineNumber(x->ctxt);

	return l > 0 ? (unsigned)l : 0;
}

static bool is(const xmlChar *name, const char *lit)
{
	return strcmp((const char *)name, lit) == 0;
}

static const char *dup_text(struct px *x)
{
	const char *s = ks_arena_strndup(x->a, x->text.p ? x->text.p : "", x->text.n);

	if (s == NULL)
		fail(x, KS_ENOMEM, "out of memory", NULL);
	return s;
}

static void begin_capture(struct px *x, enum target t, const char *key)
{
	x->cap = t;
	x->cap_key = key;
	x->cap_depth = x->depth + 1; /* the element about to open */
	ks_buf_reset(&x->text);
}

/* A new dependency in the list being read. */
static void new_dep(struct px *x)
{
	struct ks_pom *p = x->pom;
	struct ks_pom_dep **arr = x->deps_mgmt ? &p->mgmt : &p->deps;
	size_t *n = x->deps_mgmt ? &p->nmgmt : &p->ndeps;
	size_t *cap = x->deps_mgmt ? &x->capmgmt : &x->capdeps;
	struct ks_pom_dep *d = ks_arena_grow(x->a, *arr, *n, cap, *n + 1, sizeof(*d));

	if (d == NULL) {
		fail(x, KS_ENOMEM, "out of memory", NULL);
		return;
	}
	*arr = d;
	x->dep = &d[(*n)++];
	memset(x->dep, 0, sizeof(*x->dep));
	x->dep->group = x->dep->artifact = x->dep->version = x->dep->scope = "";
	x->dep->optional = "";
	x->dep->start = line_now(x);
	x->capexcl = 0;
}

static void new_excl(struct px *x)
{
	struct ks_pom_dep *d = x->dep;
	struct ks_pom_excl *e = ks_arena_grow(x->a, d->excl, d->nexcl, &x->capexcl, d->nexcl + 1,
		sizeof(*e));

	if (e == NULL) {
		fail(x, KS_ENOMEM, "out of memory", NULL);
		return;
	}
	d->excl = e;
	e[d->nexcl].group = e[d->nexcl].artifact = "";
	d->nexcl++;
}

/* The kind of a child named name of an element of kind parent (capturing when needed). */
static int child_kind(struct px *x, int parent, const xmlChar *name)
{
	static const struct {
		int parent;
		const char *name;
		enum target t;
	} caps[] = {
		{ C_ROOT, "groupId", T_GROUP }, { C_ROOT, "artifactId", T_ARTIFACT },
		{ C_ROOT, "version", T_VERSION }, { C_PARENT, "groupId", T_PGROUP },
		{ C_PARENT, "artifactId", T_PARTIFACT }, { C_PARENT, "version", T_PVERSION },
		{ C_PARENT, "relativePath", T_PRELPATH }, { C_LIC, "name", T_LICNAME },
		{ C_MODULES, "module", T_MODULE }, { C_DEP, "groupId", T_DGROUP },
		{ C_DEP, "artifactId", T_DARTIFACT }, { C_DEP, "version", T_DVERSION },
		{ C_DEP, "scope", T_DSCOPE }, { C_DEP, "optional", T_DOPTIONAL },
		{ C_EXCL, "groupId", T_EGROUP }, { C_EXCL, "artifactId", T_EARTIFACT },
	};
	size_t i;

	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (caps[i].parent == parent && is(name, caps[i].name)) {
			begin_capture(x, caps[i].t, NULL);
			return C_TEXT;
		}
	switch (parent) {
	case C_ROOT:
		if (is(name, "parent"))
			return C_PARENT;
		if (is(name, "licenses"))
			return C_LICS;
		if (is(name, "modules"))
			return C_MODULES;
		if (is(name, "properties")) {
			x->pom->nprops = 0;
			return C_PROPS;
		}
		if (is(name, "dependencyManagement"))
			return C_DM;
		if (is(name, "dependencies")) {
			x->deps_mgmt = false;
			return C_DEPS;
		}
		return C_IGNORE;
	case C_LICS:
		if (is(name, "license")) {
			x->lic_name = "";
			return C_LIC;
		}
		return C_IGNORE;
	case C_PROPS: {
		const char *key = ks_arena_strdup(x->a, (const char *)name);

		if (key == NULL)
			fail(x, KS_ENOMEM, "out of memory", NULL);
		begin_capture(x, T_PROP, key);
		return C_TEXT;
	}
	case C_DM:
		if (is(name, "dependencies")) {
			x->deps_mgmt = true;
			return C_DEPS;
		}
		return C_IGNORE;
	case C_DEPS:
		if (is(name, "dependency")) {
			new_dep(x);
			return C_DEP;
		}
		return C_DEPS;
	case C_DEP:
		return is(name, "exclusions") ? C_EXCLS : C_IGNORE;
	case C_EXCLS:
		if (is(name, "exclusion")) {
			new_excl(x);
			return C_EXCL;
		}
		return C_IGNORE;
	default:
		return C_IGNORE;
	}
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
	const xmlChar *uri, int nns, const xmlChar **ns, int nattr, int ndef,
	const xmlChar **attrs)
{
	struct px *x = ctx;
	int kind;

	(void)prefix, (void)uri, (void)nns, (void)ns, (void)nattr, (void)ndef, (void)attrs;
	if (x->rc != 0 || x->done)
		return;
	if (x->depth >= KS_POM_MAXDEPTH) {
		fail(x, KS_ELIMIT, "elements nested too deeply", NULL);
		return;
	}
	if (x->depth == 0)
		kind = C_ROOT;
	else if (x->kinds[x->depth] == C_IGNORE || x->kinds[x->depth] == C_TEXT)
		kind = C_IGNORE;
	else
		kind = child_kind(x, x->kinds[x->depth], localname);
	x->kinds[++x->depth] = kind;
}

static void store(struct px *x)
{
	struct ks_pom *p = x->pom;
	const char *s = dup_text(x);
	const char **slot = NULL;

	if (s == NULL)
		return;
	switch (x->cap) {
	case T_GROUP: slot = &p->group; break;
	case T_ARTIFACT: slot = &p->artifact; break;
	case T_VERSION: slot = &p->version; break;
	case T_PGROUP: slot = &p->parent_group; break;
	case T_PARTIFACT: slot = &p->parent_artifact; break;
	case T_PVERSION: slot = &p->parent_version; break;
	case T_PRELPATH: slot = &p->parent_relpath; break;
	case T_LICNAME: slot = &x->lic_name; break;
	case T_DGROUP: slot = &x->dep->group; break;
	case T_DARTIFACT: slot = &x->dep->artifact; break;
	case T_DVERSION: slot = &x->dep->version; break;
	case T_DSCOPE: slot = &x->dep->scope; break;
	case T_DOPTIONAL: slot = &x->dep->optional; break;
	case T_EGROUP: slot = &x->dep->excl[x->dep->nexcl - 1].group; break;
	case T_EARTIFACT: slot = &x->dep->excl[x->dep->nexcl - 1].artifact; break;
	case T_MODULE: {
		const char **m = ks_arena_grow(x->a, p->modules, p->nmodules, &x->capmods,
			p->nmodules + 1, sizeof(*m));

		if (m == NULL)
			goto nomem;
		p->modules = m;
		m[p->nmodules++] = s;
		return;
	}
	case T_PROP: {
		const char **k = ks_arena_grow(x->a, p->prop_keys, p->nprops, &x->capprops,
			p->nprops + 1, sizeof(*k));
		const char **v;

		if (k == NULL)
			goto nomem;
		p->prop_keys = k;
		if ((v = ks_arena_grow(x->a, p->prop_vals, p->nprops, &x->capprops2,
			     p->nprops + 1, sizeof(*v))) == NULL)
			goto nomem;
		p->prop_vals = v;
		k[p->nprops] = x->cap_key;
		v[p->nprops++] = s;
		return;
	}
	default:
		return;
	}
	*slot = s;
	return;
nomem:
	fail(x, KS_ENOMEM, "out of memory", NULL);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
	const xmlChar *uri)
{
	struct px *x = ctx;
	int kind;

	(void)localname, (void)prefix, (void)uri;
	if (x->rc != 0 || x->done || x->depth == 0)
		return;
	kind = x->kinds[x->depth];
	if (kind == C_TEXT && x->cap_depth == x->depth) {
		store(x);
		x->cap_depth = 0;
	} else if (kind == C_DEP) {
		x->dep->end = line_now(x);
	} else if (kind == C_LIC && x->lic_name[0] != '\0') {
		struct ks_pom *p = x->pom;
		const char **l = ks_arena_grow(x->a, p->licenses, p->nlicenses, &x->caplics,
			p->nlicenses + 1, sizeof(*l));

		if (l == NULL) {
			fail(x, KS_ENOMEM, "out of memory", NULL);
			return;
		}
		p->licenses = l;
		l[p->nlicenses++] = x->lic_name;
	}
	if (--x->depth == 0) {
		x->done = true;
		xmlStopParser(x->ctxt);
	}
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct px *x = ctx;
	int r;

	if (x->rc != 0 || x->done || x->cap_depth == 0 || x->depth != x->cap_depth || len <= 0)
		return;
	if ((r = ks_buf_add(&x->text, ch, (size_t)len)) != 0)
		fail(x, r, r == KS_ELIMIT ? "element text too long" : "out of memory", NULL);
}

static void on_subset(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
	(void)name, (void)eid, (void)sid;
	fail(ctx, KS_ECORRUPT, "document type declarations are not accepted", NULL);
}

static void on_error(void *ctx, xmlErrorPtr err)
{
	struct px *x = ctx;
	char msg[256];
	size_t n;

	/* libxml2 goes on after recoverable errors (namespace prefixes, say) that Go's
	 * decoder does not check; only fatal ones end the document */
	if (x->rc != 0 || x->done || err == NULL || err->level != XML_ERR_FATAL)
		return;
	ks_strlcpy(msg, err->message ? err->message : "malformed XML", sizeof(msg));
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	x->rc = KS_ECORRUPT;
	ks_seterr(x->e, KS_ECORRUPT, "%s: line %d: %s", x->what, err->line, msg);
}

int ks_pom_parse(struct ks_arena *a, struct ks_err *e, const char *what, const uint8_t *p,
	size_t n, struct ks_pom *out)
{
	static const uint8_t empty[1] = { 0 };
	xmlSAXHandler sax;
	struct px x;
	int r;

	memset(out, 0, sizeof(*out));
	out->group = out->artifact = out->version = "";
	out->parent_group = out->parent_artifact = out->parent_version = out->parent_relpath = "";
	if (n > INT32_MAX)
		return ks_seterr(e, KS_ELIMIT, "%s: document too large", what);
	memset(&x, 0, sizeof(x));
	x.a = a;
	x.e = e;
	x.what = what;
	x.pom = out;
	ks_buf_init(&x.text, KS_POM_MAXTEXT);
	x.ctxt = xmlCreateMemoryParserCtxt((const char *)(n ? p : empty), (int)n);
	if (x.ctxt == NULL) {
		ks_buf_release(&x.text);
		return ks_seterr(e, n ? KS_ENOMEM : KS_ECORRUPT, "%s: %s", what,
			n ? "out of memory" : "empty document");
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.internalSubset = on_subset;
	sax.externalSubset = on_subset;
	sax.serror = on_error;
	memcpy(x.ctxt->sax, &sax, sizeof(sax));
	x.ctxt->userData = &x;
	xmlCtxtUseOptions(x.ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	xmlParseDocument(x.ctxt);
	r = x.rc;
	if (r == 0 && !x.done)
		r = ks_seterr(e, KS_ECORRUPT, "%s: line %d: document ends inside an element", what,
			xmlSAX2GetLineNumber(x.ctxt));
	xmlFreeParserCtxt(x.ctxt);
	ks_buf_release(&x.text);
	return r;
}
