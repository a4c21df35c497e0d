/* version.c - ecosystem table, dispatch, range container and generic comparator lists;
 * see version.h and vint.h. */
#include "version/vint.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/banned.h"

static const struct ks_ver_ops *const eco_ops[KS_ECO__COUNT] = {
	[KS_ECO_NONE] = NULL,
#define KS_ECO(id, ops, name) [KS_ECO_##id] = &ks_ver_ops_##ops,
#include "version/ecosystems.def"
#undef KS_ECO
};

static const char *const eco_names[KS_ECO__COUNT] = {
	[KS_ECO_NONE] = "none",
#define KS_ECO(id, ops, name) [KS_ECO_##id] = name,
#include "version/ecosystems.def"
#undef KS_ECO
};

/* Other spellings: OSV ecosystem names, Trivy's ecosystem and package-type names, distro
 * families. Compared ASCII case-insensitively. */
static const struct {
	const char *name;
	enum ks_eco eco;
} eco_aliases[] = {
	{ "debian", KS_ECO_DEB },
	{ "ubuntu", KS_ECO_DEB },
	{ "dpkg", KS_ECO_DEB },
	{ "redhat", KS_ECO_RPM },
	{ "red hat", KS_ECO_RPM },
	{ "rhel", KS_ECO_RPM },
	{ "centos", KS_ECO_RPM },
	{ "fedora", KS_ECO_RPM },
	{ "almalinux", KS_ECO_RPM },
	{ "alma", KS_ECO_RPM },
	{ "rocky linux", KS_ECO_RPM },
	{ "rocky", KS_ECO_RPM },
	{ "oracle", KS_ECO_RPM },
	{ "oracle linux", KS_ECO_RPM },
	{ "amazon", KS_ECO_RPM },
	{ "amazon linux", KS_ECO_RPM },
	{ "suse", KS_ECO_RPM },
	{ "opensuse", KS_ECO_RPM },
	{ "sles", KS_ECO_RPM },
	{ "photon", KS_ECO_RPM },
	{ "photon os", KS_ECO_RPM },
	{ "mariner", KS_ECO_RPM },
	{ "cbl-mariner", KS_ECO_RPM },
	{ "azurelinux", KS_ECO_RPM },
	{ "azure linux", KS_ECO_RPM },
	{ "openeuler", KS_ECO_RPM },
	{ "mageia", KS_ECO_RPM },
	{ "alpine", KS_ECO_APK },
	{ "wolfi", KS_ECO_APK },
	{ "chainguard", KS_ECO_APK },
	{ "node", KS_ECO_NPM },
	{ "nodejs", KS_ECO_NPM },
	{ "yarn", KS_ECO_NPM },
	{ "pnpm", KS_ECO_NPM },
	{ "node-pkg", KS_ECO_NPM },
	{ "pip", KS_ECO_PYPI },
	{ "python", KS_ECO_PYPI },
	{ "python-pkg", KS_ECO_PYPI },
	{ "pep440", KS_ECO_PYPI },
	{ "pipenv", KS_ECO_PYPI },
	{ "poetry", KS_ECO_PYPI },
	{ "uv", KS_ECO_PYPI },
	{ "java", KS_ECO_MAVEN },
	{ "jar", KS_ECO_MAVEN },
	{ "pom", KS_ECO_MAVEN },
	{ "gradle", KS_ECO_MAVEN },
	{ "sbt", KS_ECO_MAVEN },
	{ "golang", KS_ECO_GO },
	{ "gomod", KS_ECO_GO },
	{ "gobinary", KS_ECO_GO },
	{ "rubygems", KS_ECO_GEM },
	{ "ruby", KS_ECO_GEM },
	{ "bundler", KS_ECO_GEM },
	{ "gemspec", KS_ECO_GEM },
	{ "packagist", KS_ECO_COMPOSER },
	{ "php", KS_ECO_COMPOSER },
	{ "dotnet", KS_ECO_NUGET },
	{ ".net", KS_ECO_NUGET },
	{ "dotnet-core", KS_ECO_NUGET },
	{ "erlang", KS_ECO_HEX },
	{ "elixir", KS_ECO_HEX },
	{ "mix", KS_ECO_HEX },
	{ "dart", KS_ECO_PUB },
	{ "crates.io", KS_ECO_CARGO },
	{ "crates", KS_ECO_CARGO },
	{ "rust", KS_ECO_CARGO },
	{ "rustbinary", KS_ECO_CARGO },
	{ "swift", KS_ECO_GENERIC },
	{ "swifturl", KS_ECO_GENERIC },
	{ "conan", KS_ECO_GENERIC },
	{ "conancenter", KS_ECO_GENERIC },
	{ "cocoapods", KS_ECO_GEM },
};

enum ks_eco ks_eco_lookup(struct ks_str name)
{
	size_t i;
	ptrdiff_t colon;

	name = ks_vtrim(name);
	if ((colon = ks_str_chr(name, ':')) >= 0)
		name.n = (size_t)colon;
	for (i = 1; i < KS_ECO__COUNT; i++)
		if (ks_str_eqi(name, eco_names[i]))
			return (enum ks_eco)i;
	for (i = 0; i < sizeof(eco_aliases) / sizeof(eco_aliases[0]); i++)
		if (ks_str_eqi(name, eco_aliases[i].name))
			return eco_aliases[i].eco;
	return KS_ECO_NONE;
}

const char *ks_eco_name(enum ks_eco eco)
{
	if ((unsigned)eco >= KS_ECO__COUNT)
		return "none";
	return eco_names[eco];
}

void ks_vquote(struct ks_str s, char *q, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < s.n && i < 80 && o + 8 < cap; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c < 0x20 || c >= 0x7f || c == '\\' || c == '\'')
			o += (size_t)snprintf(q + o, cap - o, "\\x%02x", c);
		else
			q[o++] = (char)c;
	}
	if (i < s.n && o + 4 < cap) {
		memcpy(q + o, "...", 3);
		o += 3;
	}
	q[o] = '\0';
}

int ks_verr(struct ks_vctx *vc, int code, struct ks_str s, const char *fmt, ...)
{
	char q[KS_VQUOTE_MAX], msg[KS_ERR_MSG_MAX];
	va_list ap;

	ks_vquote(s, q, sizeof(q));
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ks_seterr(vc->e, code, "%s: '%s': %s", ks_eco_name(vc->eco), q, msg);
}

int ks_vnomem(struct ks_vctx *vc)
{
	return ks_seterr(vc->e, KS_ENOMEM, "%s: out of memory", ks_eco_name(vc->eco));
}

struct ks_str ks_vtrim(struct ks_str s)
{
	while (s.n > 0 && ks_visspace((unsigned char)s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && ks_visspace((unsigned char)s.p[s.n - 1]))
		s.n--;
	return s;
}

int ks_vnumcmp(const char *a, size_t an, const char *b, size_t bn)
{
	while (an > 0 && *a == '0') {
		a++;
		an--;
	}
	while (bn > 0 && *b == '0') {
		b++;
		bn--;
	}
	if (an != bn)
		return an < bn ? -1 : 1;
	return an == 0 ? 0 : memcmp(a, b, an);
}

int ks_vstrcmp(const char *a, size_t an, const char *b, size_t bn)
{
	int r = memcmp(a, b, an < bn ? an : bn);

	if (r != 0)
		return r;
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

const struct ks_ver *ks_vwrap(struct ks_vctx *vc, const char *txt, const void *p)
{
	struct ks_ver *v = ks_arena_alloc(vc->a, sizeof(*v));

	if (v == NULL)
		return NULL;
	v->eco = vc->eco;
	v->s = txt;
	v->p = p;
	return v;
}

int ks_vparse(struct ks_vctx *vc, struct ks_str s, const struct ks_ver **out)
{
	const struct ks_ver_ops *ops;
	const struct ks_ver *v;
	const void *p = NULL;
	char *txt;
	int r;

	if ((unsigned)vc->eco >= KS_ECO__COUNT || (ops = eco_ops[vc->eco]) == NULL)
		return ks_seterr(vc->e, KS_EUSAGE, "version: unknown ecosystem");
	if (s.p == NULL)
		s = KS_STR_LIT("");
	s = ks_vtrim(s);
	if (s.n > KS_VER_MAXLEN)
		return ks_verr(vc, KS_ELIMIT, s, "version longer than %d bytes", KS_VER_MAXLEN);
	if (memchr(s.p, '\0', s.n) != NULL)
		return ks_verr(vc, KS_ECORRUPT, s, "NUL byte in version");
	if ((txt = ks_arena_strndup(vc->a, s.p, s.n)) == NULL)
		return ks_vnomem(vc);
	if ((r = ops->parse(vc, (struct ks_str){ txt, s.n }, &p)) != 0)
		return r;
	if ((v = ks_vwrap(vc, txt, p)) == NULL)
		return ks_vnomem(vc);
	*out = v;
	return 0;
}

int ks_ver_parse_flags(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str s,
	unsigned flags, const struct ks_ver **out)
{
	struct ks_vctx vc = { a, e, eco, flags };

	return ks_vparse(&vc, s, out);
}

int ks_ver_parse(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str s,
	const struct ks_ver **out)
{
	return ks_ver_parse_flags(a, e, eco, s, 0, out);
}

int ks_ver_cmp(const struct ks_ver *a, const struct ks_ver *b)
{
	int r;

	if (a->eco != b->eco)
		return a->eco < b->eco ? -1 : 1;
	r = eco_ops[a->eco]->cmp(a->p, b->p);
	return (r > 0) - (r < 0);
}

const char *ks_ver_str(const struct ks_ver *v)
{
	return v->s;
}

enum ks_eco ks_ver_eco(const struct ks_ver *v)
{
	return v->eco;
}

struct ks_vclause *ks_vclause_add(struct ks_vctx *vc, struct ks_range *r)
{
	struct ks_vclause *c;

	if (r->n == r->cap) {
		c = ks_arena_grow(vc->a, r->c, r->n, &r->cap, r->n + 1, sizeof(*c));
		if (c == NULL) {
			ks_vnomem(vc);
			return NULL;
		}
		r->c = c;
	}
	c = &r->c[r->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

int ks_vterm_add(
	struct ks_vctx *vc, struct ks_vclause *c, int op, const struct ks_ver *v, const void *aux)
{
	if (c->n == c->cap) {
		struct ks_vterm *t =
			ks_arena_grow(vc->a, c->t, c->n, &c->cap, c->n + 1, sizeof(*t));

		if (t == NULL)
			return ks_vnomem(vc);
		c->t = t;
	}
	c->t[c->n].op = op;
	c->t[c->n].v = v;
	c->t[c->n].aux = aux;
	c->n++;
	return 0;
}

bool ks_vop_holds(int op, int cmp)
{
	switch (op) {
	case KS_OP_ANY:
		return true;
	case KS_OP_LT:
		return cmp < 0;
	case KS_OP_LE:
		return cmp <= 0;
	case KS_OP_GT:
		return cmp > 0;
	case KS_OP_GE:
		return cmp >= 0;
	case KS_OP_EQ:
		return cmp == 0;
	case KS_OP_NE:
		return cmp != 0;
	default:
		return false;
	}
}

static const struct ks_vopname generic_ops[] = {
	{ "<<", KS_OP_LT },
	{ ">>", KS_OP_GT },
	{ "<=", KS_OP_LE },
	{ ">=", KS_OP_GE },
	{ "==", KS_OP_EQ },
	{ "!=", KS_OP_NE },
	{ "<", KS_OP_LT },
	{ ">", KS_OP_GT },
	{ "=", KS_OP_EQ },
	{ NULL, 0 },
};

/* Longest operator of tab that s starts with; its length in *len, or NULL. */
static const struct ks_vopname *match_op(const struct ks_vopname *tab, struct ks_str s, size_t *len)
{
	const struct ks_vopname *best = NULL;
	size_t bestn = 0;

	for (; tab != NULL && tab->name != NULL; tab++) {
		size_t n = strlen(tab->name);

		if (n > bestn && ks_str_hasprefix(s, tab->name)) {
			best = tab;
			bestn = n;
		}
	}
	*len = bestn;
	return best;
}

static bool is_sep(int c)
{
	return c == ',' || ks_visspace(c);
}

int ks_vrange_generic(
	struct ks_vctx *vc, struct ks_str expr, const struct ks_vopname *extra, struct ks_range *r)
{
	struct ks_vclause *c;
	size_t i = 0;
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	while (i < expr.n) {
		const struct ks_vopname *o1, *o2, *op;
		const struct ks_ver *v;
		struct ks_str rest, tok;
		size_t n1, n2, j;

		if (is_sep((unsigned char)expr.p[i])) {
			i++;
			continue;
		}
		rest = ks_str_sub(expr, i, expr.n - i);
		o1 = match_op(extra, rest, &n1);
		o2 = match_op(generic_ops, rest, &n2);
		op = n1 >= n2 ? o1 : o2;
		i += n1 >= n2 ? n1 : n2;
		while (i < expr.n && ks_visspace((unsigned char)expr.p[i]))
			i++;
		for (j = i; j < expr.n && !is_sep((unsigned char)expr.p[j]); j++)
			;
		tok = ks_str_sub(expr, i, j - i);
		i = j;
		if (tok.n == 0)
			return ks_verr(vc, KS_ECORRUPT, expr, "operator without a version");
		if (op == NULL && ks_str_eq(tok, "*")) {
			if ((rc = ks_vterm_add(vc, c, KS_OP_ANY, NULL, NULL)) != 0)
				return rc;
			continue;
		}
		if ((rc = ks_vparse(vc, tok, &v)) != 0)
			return rc;
		if ((rc = ks_vterm_add(vc, c, op != NULL ? op->op : KS_OP_EQ, v, NULL)) != 0)
			return rc;
	}
	if (c->n == 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "empty range");
	return 0;
}

/* Index of the next "||" in s at or after from, or s.n. */
static size_t find_or(struct ks_str s, size_t from)
{
	size_t i;

	for (i = from; i + 1 < s.n; i++)
		if (s.p[i] == '|' && s.p[i + 1] == '|')
			return i;
	return s.n;
}

int ks_range_parse(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str expr,
	unsigned flags, const struct ks_range **out)
{
	struct ks_vctx vc = { a, e, eco, flags };
	const struct ks_ver_ops *ops;
	struct ks_range *r;
	size_t i = 0;
	int rc;

	if ((unsigned)eco >= KS_ECO__COUNT || (ops = eco_ops[eco]) == NULL)
		return ks_seterr(e, KS_EUSAGE, "range: unknown ecosystem");
	if (expr.p == NULL)
		expr = KS_STR_LIT("");
	if (expr.n > KS_RANGE_MAXLEN)
		return ks_verr(&vc, KS_ELIMIT, expr, "range longer than %d bytes", KS_RANGE_MAXLEN);
	if (memchr(expr.p, '\0', expr.n) != NULL)
		return ks_verr(&vc, KS_ECORRUPT, expr, "NUL byte in range");
	if ((r = ks_arena_calloc(a, 1, sizeof(*r))) == NULL)
		return ks_vnomem(&vc);
	r->eco = eco;
	r->flags = flags;
	if (ops->native_or || (ops->range != NULL && ks_vtrim(expr).n == 0)) {
		/* the ecosystem splits alternatives itself, or gives "" a meaning */
		if ((rc = ops->range(&vc, ks_vtrim(expr), r)) != 0)
			return rc;
	} else {
		do {
			size_t j = find_or(expr, i);
			struct ks_str part = ks_vtrim(ks_str_sub(expr, i, j - i));

			if (part.n == 0)
				return ks_verr(&vc, KS_ECORRUPT, expr, "empty alternative");
			rc = ops->range != NULL ? ops->range(&vc, part, r)
						: ks_vrange_generic(&vc, part, NULL, r);
			if (rc != 0)
				return rc;
			i = j + 2;
		} while (i <= expr.n);
	}
	if (r->n == 0)
		return ks_verr(&vc, KS_ECORRUPT, expr, "empty range");
	*out = r;
	return 0;
}

static bool term_holds(const struct ks_ver_ops *ops, const struct ks_range *r,
	const struct ks_vterm *t, const struct ks_ver *v)
{
	if (t->op == KS_OP_ANY)
		return true;
	if (t->op >= KS_OP_ECO)
		return ops->term != NULL && ops->term(r, t, v);
	return ks_vop_holds(t->op, ops->cmp(v->p, t->v->p));
}

bool ks_range_test(const struct ks_range *r, const struct ks_ver *v)
{
	const struct ks_ver_ops *ops;
	size_t i, j;

	if (r->eco != v->eco || (ops = eco_ops[r->eco]) == NULL)
		return false;
	for (i = 0; i < r->n; i++) {
		const struct ks_vclause *c = &r->c[i];

		for (j = 0; j < c->n; j++)
			if (!term_holds(ops, r, &c->t[j], v))
				break;
		if (j == c->n && (ops->clause == NULL || ops->clause(r, c, v)))
			return true;
	}
	return false;
}

int ks_ver_compare(struct ks_err *e, enum ks_eco eco, struct ks_str a, struct ks_str b, int *out)
{
	const struct ks_ver *va, *vb;
	struct ks_arena ar;
	int r;

	ks_arena_init(&ar);
	if ((r = ks_ver_parse(&ar, e, eco, a, &va)) != 0)
		goto out;
	if ((r = ks_ver_parse(&ar, e, eco, b, &vb)) != 0)
		goto out;
	*out = ks_ver_cmp(va, vb);
	r = 0;
out:
	ks_arena_release(&ar);
	return r;
}

int ks_ver_satisfies(struct ks_err *e, enum ks_eco eco, struct ks_str version, struct ks_str range,
	unsigned flags, bool *out)
{
	const struct ks_range *rg;
	const struct ks_ver *v;
	struct ks_arena ar;
	int r;

	ks_arena_init(&ar);
	if ((r = ks_ver_parse_flags(&ar, e, eco, version, flags, &v)) != 0)
		goto out;
	if ((r = ks_range_parse(&ar, e, eco, range, flags, &rg)) != 0)
		goto out;
	*out = ks_range_test(rg, v);
	r = 0;
out:
	ks_arena_release(&ar);
	return r;
}
