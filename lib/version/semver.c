/*
 * semver.c - npm versions and ranges with node-semver 7.8 semantics, and plain SemVer 2.0.
 *
 * npm versions are parsed like `new SemVer(v, {loose: true})`: optional leading `v`, `=`
 * and blanks, three decimal numbers up to 2^53-1 (leading zeros allowed), a pre-release
 * introduced by `-` or directly after the patch ("1.2.3beta"), build metadata after `+`,
 * at most 256 bytes. With KS_VER_STRICT the node-semver strict grammar applies (one
 * optional `v`, no leading zeros, `-` before the pre-release). Ordering is SemVer 2.0
 * precedence (build metadata ignored; numeric pre-release identifiers compare by value).
 *
 * npm ranges follow node-semver's Range: `||` alternatives of space-separated comparators;
 * build metadata is stripped first; `A - B` hyphen ranges, `^` caret, `~`/`~>` tilde and
 * x-ranges (`1.x`, `1.2.*`, `>=1.2`) are desugared into <, <=, >, >=, = comparators
 * exactly as node-semver does (including the `-0` lower bounds with includePrerelease and
 * the `<0.0.0-0` null set), operators may be separated from their version by blanks. A
 * version with a pre-release satisfies a comparator set only if some comparator names a
 * pre-release of the same major.minor.patch, unless KS_VER_PRERELEASE (includePrerelease)
 * is set. Without KS_VER_LOOSE an invalid comparator fails the parse; with it, invalid
 * comparators are dropped as node-semver's loose mode drops them. As an extension, commas
 * between comparators are read as blanks (GHSA writes ">= 1.0, < 1.2"), since node-semver
 * would reject them anyway.
 *
 * "semver" is strict SemVer 2.0.0 (optional `v`), e.g. for OSV ranges of type SEMVER of
 * ecosystems kensa does not know; its ranges use the generic comparator list.
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

#define NPM_MAXLEN 256
#define NPM_MAXNUM 9007199254740991ull /* Number.MAX_SAFE_INTEGER */

/* Parses the pre-release/build tail r after "M.m.p" into v. loose selects node-semver's
 * PRERELEASELOOSE (optional '-', numeric identifiers may have leading zeros). Returns 0 or
 * KS_ECORRUPT (no message) / KS_ENOMEM (reported). */
static int parse_tail(struct ks_vctx *vc, struct ks_str r, bool loose, struct ks_sv *v)
{
	ptrdiff_t plus = ks_str_chr(r, '+');
	struct ks_str pre = plus >= 0 ? ks_str_sub(r, 0, (size_t)plus) : r;
	unsigned rules = KS_SV_NOEMPTY | (loose ? 0 : KS_SV_NOLEADZERO);
	int rc;

	if (pre.n > 0) {
		if (pre.p[0] == '-') {
			rc = ks_svids_parse(vc, ks_str_sub(pre, 1, pre.n), rules, &v->pre);
			/* loose: "-" itself may start the first identifier ("1.2.3-" is ["-"]) */
			if (rc == KS_ECORRUPT && loose)
				rc = ks_svids_parse(vc, pre, rules, &v->pre);
		} else if (loose) {
			rc = ks_svids_parse(vc, pre, rules, &v->pre);
		} else {
			rc = KS_ECORRUPT;
		}
		if (rc != 0)
			return rc;
	}
	if (plus >= 0)
		return ks_svids_parse(
			vc, ks_str_sub(r, (size_t)plus + 1, r.n), KS_SV_NOEMPTY, &v->build);
	return 0;
}

static size_t skip_prefix(struct ks_str s, size_t i, bool loose)
{
	if (loose) {
		while (i < s.n &&
			(s.p[i] == 'v' || s.p[i] == '=' || ks_visspace((unsigned char)s.p[i])))
			i++;
	} else if (i < s.n && s.p[i] == 'v') {
		i++;
	}
	return i;
}

/* Parses a full npm version (FULLPLAIN or LOOSEPLAIN) from s into v; 0 or KS_ECORRUPT
 * (no message) / KS_ENOMEM. */
static int npm_parse_sv(struct ks_vctx *vc, struct ks_str s, bool loose, struct ks_sv *v)
{
	size_t i = skip_prefix(s, 0, loose);

	memset(v, 0, sizeof(*v));
	if (!ks_vnum(s, &i, loose, NPM_MAXNUM, &v->major) || i >= s.n || s.p[i++] != '.' ||
		!ks_vnum(s, &i, loose, NPM_MAXNUM, &v->minor) || i >= s.n || s.p[i++] != '.' ||
		!ks_vnum(s, &i, loose, NPM_MAXNUM, &v->patch))
		return KS_ECORRUPT;
	return parse_tail(vc, ks_str_sub(s, i, s.n), loose, v);
}

static int npm_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct ks_sv *v;
	int rc;

	if (s.n > NPM_MAXLEN)
		return ks_verr(vc, KS_ELIMIT, s, "version longer than %d bytes", NPM_MAXLEN);
	if ((v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	rc = npm_parse_sv(vc, s, !(vc->flags & KS_VER_STRICT), v);
	if (rc == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "not a valid semver version");
	if (rc != 0)
		return rc;
	*out = v;
	return 0;
}

static int sv_cmp(const void *a, const void *b)
{
	return ks_sv_cmp(a, b);
}

/* An x-range operand (node-semver XRANGEPLAIN): up to three parts, each a number or a
 * wildcard (x, X, *; a missing part is a wildcard too), then pre-release and build. */
struct xr {
	uint64_t n[3];
	bool x[3];
	struct ks_svids pre;
};

static int parse_xr(struct ks_vctx *vc, struct ks_str s, bool loose, struct xr *x)
{
	struct ks_sv tail;
	size_t i = 0, k;
	int rc;

	memset(x, 0, sizeof(*x));
	while (i < s.n && (s.p[i] == 'v' || s.p[i] == '=' || ks_visspace((unsigned char)s.p[i])))
		i++;
	for (k = 0; k < 3; k++) {
		if (k > 0) {
			if (i >= s.n || s.p[i] != '.')
				break;
			i++;
		}
		if (i < s.n && (s.p[i] == 'x' || s.p[i] == 'X' || s.p[i] == '*')) {
			x->x[k] = true;
			i++;
		} else if (!ks_vnum(s, &i, loose, NPM_MAXNUM, &x->n[k])) {
			return KS_ECORRUPT;
		}
	}
	if (i == s.n) {
		for (; k < 3; k++)
			x->x[k] = true;
		return 0;
	}
	if (k < 3) /* a pre-release or build only follows all three parts */
		return KS_ECORRUPT;
	memset(&tail, 0, sizeof(tail));
	if ((rc = parse_tail(vc, ks_str_sub(s, i, s.n), loose, &tail)) != 0)
		return rc;
	x->pre = tail.pre;
	return 0;
}

static const struct ks_svid zero_id = { "0", 1, true };
static const struct ks_svids pre_zero = { &zero_id, 1 };

/* Appends the comparator `op M.m.p[-pre]` to c. */
static int add_cmp(struct ks_vctx *vc, struct ks_vclause *c, int op, uint64_t M, uint64_t m,
	uint64_t p, const struct ks_svids *pre)
{
	const struct ks_ver *h;
	struct ks_sv *v;
	char *txt;
	size_t i;

	if (M > NPM_MAXNUM || m > NPM_MAXNUM || p > NPM_MAXNUM)
		return KS_ECORRUPT; /* node-semver: "Invalid major version" */
	if ((v = ks_arena_calloc(vc->a, 1, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	v->major = M;
	v->minor = m;
	v->patch = p;
	if (pre != NULL)
		v->pre = *pre;
	txt = ks_arena_printf(vc->a, "%llu.%llu.%llu", (unsigned long long)M, (unsigned long long)m,
		(unsigned long long)p);
	for (i = 0; txt != NULL && i < v->pre.n; i++)
		txt = ks_arena_printf(vc->a, "%s%c%.*s", txt, i == 0 ? '-' : '.',
			(int)v->pre.id[i].n, v->pre.id[i].p);
	if (txt == NULL || (h = ks_vwrap(vc, txt, v)) == NULL)
		return ks_vnomem(vc);
	return ks_vterm_add(vc, c, op, h, NULL);
}

static int add_any(struct ks_vctx *vc, struct ks_vclause *c)
{
	return ks_vterm_add(vc, c, KS_OP_ANY, NULL, NULL);
}

/* node-semver replaceCaret(). */
static int caret(struct ks_vctx *vc, struct ks_vclause *c, const struct xr *x)
{
	const struct ks_svids *z = (vc->flags & KS_VER_PRERELEASE) ? &pre_zero : NULL;
	uint64_t M = x->n[0], m = x->n[1], p = x->n[2];
	int rc;

	if (x->x[0])
		return add_any(vc, c);
	if (x->x[1]) {
		if ((rc = add_cmp(vc, c, KS_OP_GE, M, 0, 0, z)) != 0)
			return rc;
		return add_cmp(vc, c, KS_OP_LT, M + 1, 0, 0, &pre_zero);
	}
	if (x->x[2]) {
		if ((rc = add_cmp(vc, c, KS_OP_GE, M, m, 0, z)) != 0)
			return rc;
		if (M == 0)
			return add_cmp(vc, c, KS_OP_LT, M, m + 1, 0, &pre_zero);
		return add_cmp(vc, c, KS_OP_LT, M + 1, 0, 0, &pre_zero);
	}
	if (x->pre.n > 0)
		rc = add_cmp(vc, c, KS_OP_GE, M, m, p, &x->pre);
	else
		rc = add_cmp(vc, c, KS_OP_GE, M, m, p, NULL);
	if (rc != 0)
		return rc;
	if (M == 0 && m == 0)
		return add_cmp(vc, c, KS_OP_LT, M, m, p + 1, &pre_zero);
	if (M == 0)
		return add_cmp(vc, c, KS_OP_LT, M, m + 1, 0, &pre_zero);
	return add_cmp(vc, c, KS_OP_LT, M + 1, 0, 0, &pre_zero);
}

/* node-semver replaceTilde(). */
static int tilde(struct ks_vctx *vc, struct ks_vclause *c, const struct xr *x)
{
	const struct ks_svids *z = (vc->flags & KS_VER_PRERELEASE) ? &pre_zero : NULL;
	uint64_t M = x->n[0], m = x->n[1], p = x->n[2];
	int rc;

	if (x->x[0])
		return add_any(vc, c);
	if (x->x[1]) {
		if ((rc = add_cmp(vc, c, KS_OP_GE, M, 0, 0, z)) != 0)
			return rc;
		return add_cmp(vc, c, KS_OP_LT, M + 1, 0, 0, &pre_zero);
	}
	if (x->x[2])
		rc = add_cmp(vc, c, KS_OP_GE, M, m, 0, z);
	else
		rc = add_cmp(vc, c, KS_OP_GE, M, m, p, x->pre.n > 0 ? &x->pre : NULL);
	if (rc != 0)
		return rc;
	return add_cmp(vc, c, KS_OP_LT, M, m + 1, 0, &pre_zero);
}

/* node-semver replaceXRange() for an operand with at least one wildcard; gtlt is "",
 * "<", ">", "<=", ">=" ("=" has been mapped to ""). */
static int xrange(struct ks_vctx *vc, struct ks_vclause *c, const char *gtlt, const struct xr *x)
{
	const struct ks_svids *pr = (vc->flags & KS_VER_PRERELEASE) ? &pre_zero : NULL;
	bool xM = x->x[0], xm = xM || x->x[1];
	uint64_t M = x->n[0], m = x->n[1];
	int rc, op;

	if (xM) {
		if (strcmp(gtlt, ">") == 0 || strcmp(gtlt, "<") == 0)
			return add_cmp(vc, c, KS_OP_LT, 0, 0, 0, &pre_zero); /* nothing */
		return add_any(vc, c);
	}
	if (*gtlt != '\0') {
		if (xm)
			m = 0;
		if (strcmp(gtlt, ">") == 0) {
			op = KS_OP_GE;
			if (xm) {
				M++;
				m = 0;
			} else {
				m++;
			}
		} else if (strcmp(gtlt, "<=") == 0) {
			op = KS_OP_LT;
			if (xm)
				M++;
			else
				m++;
		} else {
			op = strcmp(gtlt, "<") == 0 ? KS_OP_LT : KS_OP_GE;
		}
		if (op == KS_OP_LT)
			pr = &pre_zero;
		return add_cmp(vc, c, op, M, m, 0, pr);
	}
	if (xm) {
		if ((rc = add_cmp(vc, c, KS_OP_GE, M, 0, 0, pr)) != 0)
			return rc;
		return add_cmp(vc, c, KS_OP_LT, M + 1, 0, 0, &pre_zero);
	}
	if ((rc = add_cmp(vc, c, KS_OP_GE, M, m, 0, pr)) != 0)
		return rc;
	return add_cmp(vc, c, KS_OP_LT, M, m + 1, 0, &pre_zero);
}

/* node-semver hyphenReplace() for "a - b". f_raw/t_raw say whether node-semver's
 * comparator syntax accepts the side's text as written (it pastes the text into ">=A" or
 * "<=B" when A or B is a full version): strict mode allows only a single "v" prefix. */
static int hyphen(struct ks_vctx *vc, struct ks_vclause *c, const struct xr *f, const struct xr *t,
	bool f_raw, bool t_raw)
{
	const struct ks_svids *z = (vc->flags & KS_VER_PRERELEASE) ? &pre_zero : NULL;
	int rc = 0;

	if (!f->x[2] && !f_raw)
		return KS_ECORRUPT;
	if (!t->x[2] && t->pre.n == 0 && z == NULL && !t_raw)
		return KS_ECORRUPT;
	if (f->x[0])
		rc = 0;
	else if (f->x[1])
		rc = add_cmp(vc, c, KS_OP_GE, f->n[0], 0, 0, z);
	else if (f->x[2])
		rc = add_cmp(vc, c, KS_OP_GE, f->n[0], f->n[1], 0, z);
	else
		rc = add_cmp(
			vc, c, KS_OP_GE, f->n[0], f->n[1], f->n[2], f->pre.n > 0 ? &f->pre : z);
	if (rc != 0)
		return rc;
	if (t->x[0])
		rc = 0;
	else if (t->x[1])
		rc = add_cmp(vc, c, KS_OP_LT, t->n[0] + 1, 0, 0, &pre_zero);
	else if (t->x[2])
		rc = add_cmp(vc, c, KS_OP_LT, t->n[0], t->n[1] + 1, 0, &pre_zero);
	else if (t->pre.n > 0)
		rc = add_cmp(vc, c, KS_OP_LE, t->n[0], t->n[1], t->n[2], &t->pre);
	else if (z != NULL)
		rc = add_cmp(vc, c, KS_OP_LT, t->n[0], t->n[1], t->n[2] + 1, &pre_zero);
	else
		rc = add_cmp(vc, c, KS_OP_LE, t->n[0], t->n[1], t->n[2], NULL);
	if (rc != 0)
		return rc;
	return c->n == 0 ? add_any(vc, c) : 0;
}

/* One space-free comparator token (node-semver parseComparator + Comparator). Returns 0,
 * KS_ECORRUPT without a message for an invalid comparator, or another error (reported). */
static int comparator(struct ks_vctx *vc, struct ks_vclause *c, struct ks_str tok, bool loose)
{
	static const struct {
		const char *name;
		int op;
	} gtlts[] = { { ">=", KS_OP_GE }, { "<=", KS_OP_LE }, { ">", KS_OP_GT }, { "<", KS_OP_LT },
		{ "=", KS_OP_EQ } };
	const struct ks_ver *h;
	const char *gtlt = "";
	struct ks_sv *v;
	char *txt;
	struct xr x;
	int rc, op = KS_OP_EQ;
	size_t i;

	if (tok.n > 0 && tok.p[0] == '^') {
		if ((rc = parse_xr(vc, ks_str_sub(tok, 1, tok.n), loose, &x)) != 0)
			return rc;
		return caret(vc, c, &x);
	}
	if (tok.n > 0 && tok.p[0] == '~') {
		i = tok.n > 1 && tok.p[1] == '>' ? 2 : 1;
		if ((rc = parse_xr(vc, ks_str_sub(tok, i, tok.n), loose, &x)) != 0)
			return rc;
		return tilde(vc, c, &x);
	}
	for (i = 0; i < sizeof(gtlts) / sizeof(gtlts[0]); i++) {
		if (ks_str_hasprefix(tok, gtlts[i].name)) {
			gtlt = gtlts[i].name;
			op = gtlts[i].op;
			tok = ks_str_sub(tok, strlen(gtlt), tok.n);
			break;
		}
	}
	if (tok.n == 0)
		return *gtlt == '\0' ? add_any(vc, c) : KS_ECORRUPT;
	if (parse_xr(vc, tok, loose, &x) == 0 && x.x[2]) {
		/* node-semver leaves "*.1" and "1.x.2" alone (then they fail below) */
		bool bad = (x.x[0] && !x.x[1]) || (x.x[1] && !x.x[2]);

		if (!bad)
			return xrange(vc, c, strcmp(gtlt, "=") == 0 ? "" : gtlt, &x);
	}
	if ((v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	if ((rc = npm_parse_sv(vc, tok, loose, v)) != 0)
		return rc;
	if ((txt = ks_arena_strndup(vc->a, tok.p, tok.n)) == NULL ||
		(h = ks_vwrap(vc, txt, v)) == NULL)
		return ks_vnomem(vc);
	return ks_vterm_add(vc, c, op, h, NULL);
}

/* Copies s without build metadata ("+id.id") and with blank runs collapsed to one space,
 * commas counted as blanks. */
static char *normalize(struct ks_vctx *vc, struct ks_str s, size_t *len)
{
	char *o = ks_arena_alloc(vc->a, s.n + 1);
	size_t i = 0, n = 0;

	if (o == NULL)
		return NULL;
	while (i < s.n) {
		int ch = (unsigned char)s.p[i];

		if (ch == '+' && i + 1 < s.n &&
			(ks_visalnum((unsigned char)s.p[i + 1]) || s.p[i + 1] == '-')) {
			i++;
			for (;;) {
				while (i < s.n &&
					(ks_visalnum((unsigned char)s.p[i]) || s.p[i] == '-'))
					i++;
				if (i + 1 < s.n && s.p[i] == '.' &&
					(ks_visalnum((unsigned char)s.p[i + 1]) ||
						s.p[i + 1] == '-'))
					i++;
				else
					break;
			}
			continue;
		}
		if (ks_visspace(ch) || ch == ',') {
			if (n > 0 && o[n - 1] != ' ')
				o[n++] = ' ';
			i++;
			continue;
		}
		o[n++] = (char)ch;
		i++;
	}
	while (n > 0 && o[n - 1] == ' ')
		n--;
	o[n] = '\0';
	*len = n;
	return o;
}

static bool is_operator(struct ks_str t)
{
	static const char *const ops[] = { "<", ">", "<=", ">=", "=", "~", "~>", "^" };
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ks_str_eq(t, ops[i]))
			return true;
	return false;
}

/* True if an x-range operand starts with at most one 'v' before its first number, as
 * node-semver's strict FULLPLAIN requires. */
static bool plain_prefix(struct ks_str t)
{
	size_t i = 0;

	while (i < t.n && (t.p[i] == 'v' || t.p[i] == '='))
		i++;
	return i == 0 || (i == 1 && t.p[0] == 'v');
}

/* True if toks[from..to) are all made of 'v' and '=' only. */
static bool only_prefix(const struct ks_str *toks, size_t from, size_t to)
{
	size_t i, j;

	for (i = from; i < to; i++)
		for (j = 0; j < toks[i].n; j++)
			if (toks[i].p[j] != 'v' && toks[i].p[j] != '=')
				return false;
	return true;
}

/* One `||` alternative (node-semver parseRange). */
static int npm_alt(struct ks_vctx *vc, struct ks_str alt, struct ks_range *r)
{
	bool loose = (vc->flags & KS_VER_LOOSE) != 0;
	struct ks_vclause *c;
	struct ks_str *toks;
	size_t len, i, k, ntok = 0;
	char *s;
	int rc;

	if ((s = normalize(vc, alt, &len)) == NULL)
		return ks_vnomem(vc);
	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	if (len == 0)
		return add_any(vc, c);
	if ((toks = ks_arena_calloc(vc->a, len / 2 + 1, sizeof(*toks))) == NULL)
		return ks_vnomem(vc);
	for (i = 0; i < len; i++) {
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		toks[ntok++] = (struct ks_str){ s + i, j - i };
		i = j;
	}
	for (k = 1; k + 1 < ntok; k++) {
		struct xr f, to;

		/* "A - B"; each side may start with blank-separated "v" and "=" prefixes
		 * (node-semver's XRANGEPLAIN allows [v=\s]* before the first number) */
		if (!ks_str_eq(toks[k], "-"))
			continue;
		if (only_prefix(toks, 0, k - 1) && only_prefix(toks, k + 1, ntok - 1) &&
			parse_xr(vc, toks[k - 1], loose, &f) == 0 &&
			parse_xr(vc, toks[ntok - 1], loose, &to) == 0) {
			rc = hyphen(vc, c, &f, &to, loose || (k == 1 && plain_prefix(toks[0])),
				loose || (k + 2 == ntok && plain_prefix(toks[k + 1])));
			if (rc == KS_ECORRUPT)
				return ks_verr(vc, rc, alt, "invalid comparator");
			return rc;
		}
		break;
	}
	for (k = 0; k < ntok; k++) {
		struct ks_str t = toks[k];

		/* an operator alone takes the next token as its version (`>= 1.2`, `^ 1`) */
		if (is_operator(t) && k + 1 < ntok) {
			k++;
			t.p = ks_arena_printf(
				vc->a, "%.*s%.*s", (int)t.n, t.p, (int)toks[k].n, toks[k].p);
			if (t.p == NULL)
				return ks_vnomem(vc);
			t.n += toks[k].n;
		}
		rc = comparator(vc, c, t, loose);
		if (rc == KS_ECORRUPT) {
			if (loose)
				continue;
			return ks_verr(vc, rc, t, "invalid comparator");
		}
		if (rc != 0)
			return rc;
	}
	if (c->n == 0)
		r->n--; /* loose mode dropped every comparator: the alternative is void */
	return 0;
}

static int npm_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	size_t i = 0;
	int rc;

	for (;;) {
		size_t j = i;

		while (j + 1 < expr.n && !(expr.p[j] == '|' && expr.p[j + 1] == '|'))
			j++;
		if (j + 1 >= expr.n)
			j = expr.n;
		if ((rc = npm_alt(vc, ks_vtrim(ks_str_sub(expr, i, j - i)), r)) != 0)
			return rc;
		if (j >= expr.n)
			break;
		i = j + 2;
	}
	if (r->n == 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "invalid range");
	return 0;
}

/* node-semver testSet(): a pre-release version passes only if a comparator of the set
 * names a pre-release of the same major.minor.patch. */
static bool npm_clause(const struct ks_range *r, const struct ks_vclause *c, const struct ks_ver *v)
{
	const struct ks_sv *sv = v->p;
	size_t i;

	if (sv->pre.n == 0 || (r->flags & KS_VER_PRERELEASE))
		return true;
	for (i = 0; i < c->n; i++) {
		const struct ks_sv *b;

		if (c->t[i].v == NULL)
			continue;
		b = c->t[i].v->p;
		if (b->pre.n > 0 && b->major == sv->major && b->minor == sv->minor &&
			b->patch == sv->patch)
			return true;
	}
	return false;
}

const struct ks_ver_ops ks_ver_ops_npm = {
	.parse = npm_parse,
	.cmp = sv_cmp,
	.range = npm_range,
	.clause = npm_clause,
	.native_or = true,
};

static int semver_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct ks_sv *v;
	int rc;

	if ((v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	rc = npm_parse_sv(vc, s, false, v);
	if (rc == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "not a valid SemVer 2.0 version");
	if (rc != 0)
		return rc;
	*out = v;
	return 0;
}

const struct ks_ver_ops ks_ver_ops_semver = {
	.parse = semver_parse,
	.cmp = sv_cmp,
};
