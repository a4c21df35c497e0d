/*
 * pep440.c - Python package versions (PEP 440) and specifier sets, with the semantics of
 * pypa/packaging 23 (Version, Specifier, SpecifierSet).
 *
 * Versions: [v][N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], case-insensitive, with every
 * spelling packaging normalises (alpha/beta/c/pre/preview, rev/r and "-N" post-releases,
 * optional separators and numbers, surrounding whitespace including Unicode spaces).
 * Ordering is packaging's key: epoch; release with trailing zeros ignored; a version with
 * only a dev part before its pre-releases; no pre-release after any; post-releases after;
 * dev-releases before the release they precede; local versions after the public version,
 * local segments compared numerically when numeric (numbers above words).
 *
 * Ranges are specifier sets: comma-separated `~= == != <= >= < > ===` clauses (`==`/`!=`
 * with a trailing `.*` match a prefix), all of which must hold; an empty set matches
 * everything. Specifier rules are packaging's: `<=`/`>=` and `==` without a local part
 * ignore the candidate's local part, `<V` excludes pre-releases of V and `>V` its post and
 * local releases unless V itself is one, `~=V` is `>=V` plus a prefix match on V's release
 * without its last number, `===` compares normalised strings. A pre-release candidate is
 * rejected unless some clause names a pre-release or KS_VER_PRERELEASE (packaging's
 * `prereleases=True`, what the vulnerability matcher uses) is set. `||` between sets is
 * accepted as an extension.
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

struct pnum {
	const char *p; /* digits without leading zeros; n == 0 is the number 0 */
	uint32_t n;
};

struct pseg {
	const char *p; /* lower-cased */
	uint32_t n;
	bool num;
};

struct pep {
	struct pnum epoch;
	struct pnum *rel;
	uint32_t nrel;
	int pre; /* -1 none, 0 a, 1 b, 2 rc */
	struct pnum pre_n;
	bool post, dev;
	struct pnum post_n, dev_n;
	struct pseg *local; /* nlocal == 0: no local part */
	uint32_t nlocal;
};

static const char *const pre_names[] = { "a", "b", "rc" };

/* Length of the Unicode whitespace (Python str.isspace()) encoded in UTF-8 at s[i], or 0. */
static size_t uspace(struct ks_str s, size_t i, bool backwards)
{
	static const char *const seqs[] = { "\xc2\x85", "\xc2\xa0", "\xe1\x9a\x80", "\xe2\x80\x80",
		"\xe2\x80\x81", "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84", "\xe2\x80\x85",
		"\xe2\x80\x86", "\xe2\x80\x87", "\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a",
		"\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80" };
	size_t k;
	int c;

	if (backwards ? i == 0 : i >= s.n)
		return 0;
	c = (unsigned char)s.p[backwards ? i - 1 : i];
	if (ks_visspace(c) || (c >= 0x1c && c <= 0x1f))
		return 1;
	for (k = 0; k < sizeof(seqs) / sizeof(seqs[0]); k++) {
		size_t n = strlen(seqs[k]);

		if (backwards ? (i >= n && memcmp(s.p + i - n, seqs[k], n) == 0)
			      : (s.n - i >= n && memcmp(s.p + i, seqs[k], n) == 0))
			return n;
	}
	return 0;
}

static struct ks_str utrim(struct ks_str s)
{
	size_t n;

	while ((n = uspace(s, 0, false)) > 0) {
		s.p += n;
		s.n -= n;
	}
	while ((n = uspace(s, s.n, true)) > 0)
		s.n -= n;
	return s;
}

static bool is_sep(struct ks_str s, size_t i)
{
	return i < s.n && (s.p[i] == '-' || s.p[i] == '_' || s.p[i] == '.');
}

/* Digits at s[*i] (at least one) into *out without leading zeros. */
static bool number(struct ks_str s, size_t *i, struct pnum *out)
{
	size_t j = ks_vdigits_end(s, *i), k = *i;

	if (j == *i)
		return false;
	while (k < j && s.p[k] == '0')
		k++;
	out->p = s.p + k;
	out->n = (uint32_t)(j - k);
	*i = j;
	return true;
}

/* An optional separator, one of labels (first match wins, as in the regex alternation),
 * an optional separator and an optional number. Leaves *i alone and returns -1 when no
 * label matches. */
static int label(
	struct ks_str s, size_t *i, const char *const *labels, size_t nlabels, struct pnum *num)
{
	size_t j = *i, k;

	if (is_sep(s, j))
		j++;
	for (k = 0; k < nlabels; k++)
		if (ks_vword(s, j, labels[k]))
			break;
	if (k == nlabels)
		return -1;
	j += strlen(labels[k]);
	if (is_sep(s, j))
		j++;
	num->n = 0;
	number(s, &j, num);
	*i = j;
	return (int)k;
}

/* Parses the version grammar; returns 0 or KS_ECORRUPT (no message) / KS_ENOMEM. */
static int pep_parse_str(struct ks_vctx *vc, struct ks_str s, struct pep *v)
{
	static const char *const pre_labels[] = { "alpha", "a", "beta", "b", "preview", "pre", "c",
		"rc" };
	static const int pre_kind[] = { 0, 0, 1, 1, 2, 2, 2, 2 };
	static const char *const post_labels[] = { "post", "rev", "r" };
	static const char *const dev_labels[] = { "dev" };
	size_t i = 0, j, k, nrel = 1;
	struct pnum n;
	int l;

	memset(v, 0, sizeof(*v));
	v->pre = -1;
	s = utrim(s);
	if (i < s.n && (s.p[i] == 'v' || s.p[i] == 'V'))
		i++;
	j = i;
	if (number(s, &j, &n) && j < s.n && s.p[j] == '!') {
		v->epoch = n;
		i = j + 1;
	}
	for (j = i; j < s.n; j++) {
		if (s.p[j] == '.' && j + 1 < s.n && ks_visdigit((unsigned char)s.p[j + 1]))
			nrel++;
		else if (!ks_visdigit((unsigned char)s.p[j]))
			break;
	}
	if ((v->rel = ks_arena_calloc(vc->a, nrel, sizeof(*v->rel))) == NULL)
		return ks_vnomem(vc);
	for (k = 0; k < nrel; k++) {
		if (k > 0)
			i++; /* the dot */
		if (!number(s, &i, &v->rel[k]))
			return KS_ECORRUPT;
	}
	v->nrel = (uint32_t)nrel;
	if ((l = label(s, &i, pre_labels, 8, &v->pre_n)) >= 0)
		v->pre = pre_kind[l];
	if (i < s.n && s.p[i] == '-' && i + 1 < s.n && ks_visdigit((unsigned char)s.p[i + 1])) {
		i++;
		number(s, &i, &v->post_n);
		v->post = true;
	} else if (label(s, &i, post_labels, 3, &v->post_n) >= 0) {
		v->post = true;
	}
	if (label(s, &i, dev_labels, 1, &v->dev_n) >= 0)
		v->dev = true;
	if (i < s.n && s.p[i] == '+') {
		size_t nseg = 1, start;
		char *low;

		i++;
		for (j = i; j < s.n; j++)
			if (is_sep(s, j))
				nseg++;
		if ((v->local = ks_arena_calloc(vc->a, nseg, sizeof(*v->local))) == NULL ||
			(low = ks_arena_alloc(vc->a, s.n - i + 1)) == NULL)
			return ks_vnomem(vc);
		for (k = 0, start = i; k < nseg; k++) {
			struct pseg *g = &v->local[k];

			for (j = start; j < s.n && !is_sep(s, j); j++) {
				if (!ks_visalnum((unsigned char)s.p[j]))
					return KS_ECORRUPT;
				low[j - i] = (char)ks_vlower((unsigned char)s.p[j]);
			}
			if (j == start)
				return KS_ECORRUPT;
			g->p = low + (start - i);
			g->n = (uint32_t)(j - start);
			g->num = ks_vdigits_end(s, start) == j;
			if (g->num) {
				while (g->n > 0 && g->p[0] == '0') {
					g->p++;
					g->n--;
				}
			}
			start = j + 1;
		}
		v->nlocal = (uint32_t)nseg;
		i = s.n;
	}
	return i == s.n ? 0 : KS_ECORRUPT;
}

static int pep_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct pep *v;
	int rc;

	if ((v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	if ((rc = pep_parse_str(vc, s, v)) == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "not a valid PEP 440 version");
	if (rc != 0)
		return rc;
	*out = v;
	return 0;
}

static int ncmp(struct pnum a, struct pnum b)
{
	return ks_vnumcmp(a.p, a.n, b.p, b.n);
}

/* Release segments compared with trailing zeros ignored. */
static int rel_cmp(const struct pep *a, const struct pep *b)
{
	uint32_t i, n = a->nrel > b->nrel ? a->nrel : b->nrel;
	static const struct pnum zero = { "", 0 };

	for (i = 0; i < n; i++) {
		int r = ncmp(i < a->nrel ? a->rel[i] : zero, i < b->nrel ? b->rel[i] : zero);

		if (r != 0)
			return r;
	}
	return 0;
}

/* The pre-release key: -inf (dev only), the pre-release, or +inf (none). */
static int pre_rank(const struct pep *v)
{
	if (v->pre < 0)
		return (!v->post && v->dev) ? -1 : 1;
	return 0;
}

static int local_cmp(const struct pep *a, const struct pep *b)
{
	uint32_t i;

	if (a->nlocal == 0 || b->nlocal == 0)
		return a->nlocal == b->nlocal ? 0 : (a->nlocal == 0 ? -1 : 1);
	for (i = 0; i < a->nlocal && i < b->nlocal; i++) {
		const struct pseg *x = &a->local[i], *y = &b->local[i];
		int r;

		if (x->num != y->num)
			return x->num ? 1 : -1;
		r = x->num ? ks_vnumcmp(x->p, x->n, y->p, y->n)
			   : ks_vstrcmp(x->p, x->n, y->p, y->n);
		if (r != 0)
			return r;
	}
	return a->nlocal == b->nlocal ? 0 : (a->nlocal < b->nlocal ? -1 : 1);
}

/* packaging's _cmpkey order; with_local false compares the public versions. */
static int pep_cmp2(const struct pep *a, const struct pep *b, bool with_local)
{
	int r, ra, rb;

	if ((r = ncmp(a->epoch, b->epoch)) != 0 || (r = rel_cmp(a, b)) != 0)
		return r;
	ra = pre_rank(a);
	rb = pre_rank(b);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == 0) {
		if (a->pre != b->pre)
			return a->pre < b->pre ? -1 : 1;
		if ((r = ncmp(a->pre_n, b->pre_n)) != 0)
			return r;
	}
	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post && (r = ncmp(a->post_n, b->post_n)) != 0)
		return r;
	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (r = ncmp(a->dev_n, b->dev_n)) != 0)
		return r;
	return with_local ? local_cmp(a, b) : 0;
}

static int pep_cmp(const void *a, const void *b)
{
	return pep_cmp2(a, b, true);
}

static bool is_prerelease(const struct pep *v)
{
	return v->pre >= 0 || v->dev;
}

/* Base versions (epoch and release only) equal? */
static bool base_eq(const struct pep *a, const struct pep *b)
{
	return ncmp(a->epoch, b->epoch) == 0 && rel_cmp(a, b) == 0;
}

/* Appends str(Version) of v (public part only unless with_local) to b; false if it does
 * not fit. */
static bool pep_str(const struct pep *v, bool with_local, char *b, size_t cap, size_t *len)
{
	size_t o = 0;
	uint32_t i;
	int n;

#define PUT(...)                                                                                   \
	do {                                                                                       \
		n = snprintf(b + o, cap - o, __VA_ARGS__);                                         \
		if (n < 0 || (size_t)n >= cap - o)                                                 \
			return false;                                                              \
		o += (size_t)n;                                                                    \
	} while (0)
#define NUM(x) (int)((x).n ? (x).n : 1), ((x).n ? (x).p : "0")
	if (v->epoch.n > 0)
		PUT("%.*s!", NUM(v->epoch));
	for (i = 0; i < v->nrel; i++)
		PUT("%s%.*s", i ? "." : "", NUM(v->rel[i]));
	if (v->pre >= 0)
		PUT("%s%.*s", pre_names[v->pre], NUM(v->pre_n));
	if (v->post)
		PUT(".post%.*s", NUM(v->post_n));
	if (v->dev)
		PUT(".dev%.*s", NUM(v->dev_n));
	for (i = 0; with_local && i < v->nlocal; i++)
		PUT("%c%.*s", i ? '.' : '+', (int)(v->local[i].n ? v->local[i].n : 1),
			v->local[i].n ? v->local[i].p : "0");
#undef NUM
#undef PUT
	*len = o;
	return true;
}

/* packaging's _version_split(): dot-separated items, "1rc2"-style items split in two.
 * Writes at most max tokens as views into s; returns the count. */
static size_t vsplit(struct ks_str s, struct ks_str *tok, size_t max)
{
	static const char *const pre[] = { "a", "b", "c", "rc" };
	size_t i = 0, n = 0;

	while (i <= s.n && n < max) {
		size_t j = i, d, k;

		while (j < s.n && s.p[j] != '.')
			j++;
		d = ks_vdigits_end(s, i);
		tok[n] = (struct ks_str){ s.p + i, j - i };
		/* ^([0-9]+)((?:a|b|c|rc)[0-9]+)$ */
		for (k = 0; d > i && d < j && k < 4; k++) {
			size_t l = strlen(pre[k]), e = d + l;

			if (e < j && memcmp(s.p + d, pre[k], l) == 0 && ks_vdigits_end(s, e) == j &&
				n + 1 < max) {
				tok[n] = (struct ks_str){ s.p + i, d - i };
				tok[++n] = (struct ks_str){ s.p + d, j - d };
				break;
			}
		}
		n++;
		i = j + 1;
	}
	return n;
}

static size_t lead_digits(const struct ks_str *tok, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tok[i].n == 0 || ks_vdigits_end(tok[i], 0) != tok[i].n)
			break;
	return i;
}

#define PEP_STRMAX (2 * KS_VER_MAXLEN + 128)
#define PEP_TOKMAX (KS_VER_MAXLEN + 8)

/* `== spec.*`: spec's tokens (precomputed) equal the first ones of the candidate's public
 * version after its release part was zero-padded to the spec's (packaging's
 * _pad_version()); release parts are the leading all-digit tokens. */
static bool prefix_match(const struct pep *v, const struct ks_str *stok, size_t ns)
{
	char buf[PEP_STRMAX];
	struct ks_str vtok[PEP_TOKMAX];
	size_t len, nv, vr, sr, pad, i;

	if (!pep_str(v, false, buf, sizeof(buf), &len))
		return false;
	nv = vsplit((struct ks_str){ buf, len }, vtok, PEP_TOKMAX);
	vr = lead_digits(vtok, nv);
	sr = lead_digits(stok, ns);
	pad = sr > vr ? sr - vr : 0;
	for (i = 0; i < ns; i++) {
		struct ks_str t;

		if (i < vr)
			t = vtok[i];
		else if (i < vr + pad)
			t = KS_STR_LIT("0");
		else if (i - pad < nv)
			t = vtok[i - pad];
		else
			return false;
		if (!ks_str_eqs(t, stok[i]))
			return false;
	}
	return true;
}

enum {
	PEP_EQ = KS_OP_ECO,
	PEP_NE,
	PEP_LE,
	PEP_GE,
	PEP_LT,
	PEP_GT,
	PEP_COMPAT,
	PEP_EQ_PREFIX,
	PEP_NE_PREFIX,
	PEP_ARB,
};

struct pep_spec {
	bool allows_pre;	  /* the clause names a pre-release (Specifier.prereleases) */
	const struct ks_str *tok; /* prefix tokens for == .*, != .* and ~= */
	size_t ntok;
	const char *arb; /* === string, lower-cased */
	size_t narb;
};

static bool pep_term(const struct ks_range *r, const struct ks_vterm *t, const struct ks_ver *v)
{
	const struct pep *c = v->p, *s = t->v != NULL ? t->v->p : NULL;
	const struct pep_spec *sp = t->aux;
	char buf[PEP_STRMAX];
	size_t len, i;

	(void)r;
	switch (t->op) {
	case PEP_EQ:
		return pep_cmp2(c, s, s->nlocal > 0) == 0;
	case PEP_NE:
		return pep_cmp2(c, s, s->nlocal > 0) != 0;
	case PEP_LE:
		return pep_cmp2(c, s, false) <= 0;
	case PEP_GE:
		return pep_cmp2(c, s, false) >= 0;
	case PEP_LT:
		if (pep_cmp(c, s) >= 0)
			return false;
		return !(!is_prerelease(s) && is_prerelease(c) && base_eq(c, s));
	case PEP_GT:
		if (pep_cmp(c, s) <= 0)
			return false;
		if (!s->post && c->post && base_eq(c, s))
			return false;
		return !(c->nlocal > 0 && base_eq(c, s));
	case PEP_COMPAT:
		return pep_cmp2(c, s, false) >= 0 && prefix_match(c, sp->tok, sp->ntok);
	case PEP_EQ_PREFIX:
		return prefix_match(c, sp->tok, sp->ntok);
	case PEP_NE_PREFIX:
		return !prefix_match(c, sp->tok, sp->ntok);
	case PEP_ARB:
		if (!pep_str(c, true, buf, sizeof(buf), &len) || len != sp->narb)
			return false;
		for (i = 0; i < len; i++)
			if (ks_vlower((unsigned char)buf[i]) != (unsigned char)sp->arb[i])
				return false;
		return true;
	default:
		return false;
	}
}

static bool pep_clause(const struct ks_range *r, const struct ks_vclause *c, const struct ks_ver *v)
{
	size_t i;

	if (!is_prerelease(v->p) || (r->flags & KS_VER_PRERELEASE))
		return true;
	for (i = 0; i < c->n; i++) {
		const struct pep_spec *sp = c->t[i].aux;

		if (sp != NULL && sp->allows_pre)
			return true;
	}
	return false;
}

/* Tokens for prefix matching from the text of a prefix: canonicalize_version() of it
 * (the text itself if it is not a version), split by vsplit(). */
static int prefix_tokens(struct ks_vctx *vc, struct ks_str text, struct pep_spec *sp)
{
	struct ks_str *tok, canon = text;
	char buf[PEP_STRMAX];
	struct pep p;
	size_t len;
	int rc;

	if ((rc = pep_parse_str(vc, text, &p)) == 0 && pep_str(&p, true, buf, sizeof(buf), &len))
		canon = (struct ks_str){ buf, len };
	else if (rc != 0 && rc != KS_ECORRUPT)
		return rc;
	if ((canon.p = ks_arena_strndup(vc->a, canon.p, canon.n)) == NULL ||
		(tok = ks_arena_calloc(vc->a, canon.n + 1, sizeof(*tok))) == NULL)
		return ks_vnomem(vc);
	sp->tok = tok;
	sp->ntok = vsplit(canon, tok, canon.n + 1);
	return 0;
}

/* The "==" prefix packaging derives for `~= spec` from the raw text: its _version_split()
 * items up to the first suffix item (dev, a, b, rc, post...), without the last one. */
static int compat_prefix(struct ks_vctx *vc, struct ks_str spec, struct pep_spec *sp)
{
	static const char *const suffixes[] = { "dev", "a", "b", "rc", "post" };
	struct ks_str *items;
	size_t n, i, k, len = 0;
	char *out;

	if ((items = ks_arena_calloc(vc->a, spec.n + 1, sizeof(*items))) == NULL ||
		(out = ks_arena_alloc(vc->a, spec.n + 1)) == NULL)
		return ks_vnomem(vc);
	n = vsplit(spec, items, spec.n + 1);
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(suffixes) / sizeof(suffixes[0]); k++)
			if (ks_str_hasprefix(items[i], suffixes[k]))
				break;
		if (k < sizeof(suffixes) / sizeof(suffixes[0]))
			break;
	}
	for (k = 0; k + 1 < i; k++) {
		if (k > 0)
			out[len++] = '.';
		memcpy(out + len, items[k].p, items[k].n);
		len += items[k].n;
	}
	return prefix_tokens(vc, (struct ks_str){ out, len }, sp);
}

/* One specifier ("op version"). */
static int pep_spec(struct ks_vctx *vc, struct ks_vclause *c, struct ks_str spec)
{
	static const struct {
		const char *name;
		int op;
	} ops[] = { { "===", PEP_ARB }, { "~=", PEP_COMPAT }, { "==", PEP_EQ }, { "!=", PEP_NE },
		{ "<=", PEP_LE }, { ">=", PEP_GE }, { "<", PEP_LT }, { ">", PEP_GT } };
	struct ks_str ver = spec;
	const struct ks_ver *h = NULL;
	struct pep_spec *sp;
	const struct pep *pv;
	bool wildcard = false;
	size_t i;
	int op = -1, rc;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (ks_str_hasprefix(spec, ops[i].name)) {
			op = ops[i].op;
			ver = ks_vtrim(ks_str_sub(spec, strlen(ops[i].name), spec.n));
			break;
		}
	}
	if (op < 0 || ver.n == 0)
		return ks_verr(vc, KS_ECORRUPT, spec, "invalid specifier");
	if ((sp = ks_arena_calloc(vc->a, 1, sizeof(*sp))) == NULL)
		return ks_vnomem(vc);
	if (op == PEP_ARB) {
		char *low;

		for (i = 0; i < ver.n; i++)
			if (ks_visspace((unsigned char)ver.p[i]) || ver.p[i] == ';' ||
				ver.p[i] == ')')
				return ks_verr(vc, KS_ECORRUPT, spec, "invalid specifier");
		if ((low = ks_arena_strndup(vc->a, ver.p, ver.n)) == NULL)
			return ks_vnomem(vc);
		for (i = 0; i < ver.n; i++)
			low[i] = (char)ks_vlower((unsigned char)low[i]);
		sp->arb = low;
		sp->narb = ver.n;
		return ks_vterm_add(vc, c, op, NULL, sp);
	}
	if ((op == PEP_EQ || op == PEP_NE) && ks_str_hassuffix(ver, ".*")) {
		wildcard = true;
		ver.n -= 2;
	}
	if ((rc = ks_vparse(vc, ver, &h)) != 0)
		return rc;
	pv = h->p;
	/* what packaging's specifier grammar allows per operator */
	if (wildcard && (pv->pre >= 0 || pv->post || pv->dev || pv->nlocal > 0))
		return ks_verr(vc, KS_ECORRUPT, spec, "a wildcard only follows a release");
	if (pv->nlocal > 0 && op != PEP_EQ && op != PEP_NE)
		return ks_verr(vc, KS_ECORRUPT, spec, "a local version only goes with == and !=");
	if (op == PEP_COMPAT && pv->nrel < 2)
		return ks_verr(vc, KS_ECORRUPT, spec, "~= needs at least two release numbers");
	sp->allows_pre = is_prerelease(pv) && op != PEP_NE && op != PEP_LT && op != PEP_GT;
	if (wildcard) {
		op = op == PEP_EQ ? PEP_EQ_PREFIX : PEP_NE_PREFIX;
		rc = prefix_tokens(vc, ver, sp);
	} else if (op == PEP_COMPAT) {
		rc = compat_prefix(vc, ver, sp);
	} else {
		rc = 0;
	}
	if (rc != 0)
		return rc;
	return ks_vterm_add(vc, c, op, h, sp);
}

static int pep_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	struct ks_vclause *c;
	size_t i = 0;
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	while (i <= expr.n) {
		ptrdiff_t comma = ks_str_chr(ks_str_sub(expr, i, expr.n), ',');
		size_t j = comma >= 0 ? i + (size_t)comma : expr.n;
		struct ks_str spec = ks_vtrim(ks_str_sub(expr, i, j - i));

		if (spec.n > 0 && (rc = pep_spec(vc, c, spec)) != 0)
			return rc;
		i = j + 1;
	}
	return 0;
}

const struct ks_ver_ops ks_ver_ops_pypi = {
	.parse = pep_parse,
	.cmp = pep_cmp,
	.range = pep_range,
	.term = pep_term,
	.clause = pep_clause,
};
