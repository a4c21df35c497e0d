/*
 * gem.c - RubyGems versions (Gem::Version) and requirements (Gem::Requirement).
 *
 * Behaviour followed: RubyGems 3.3. A version is digits followed by dot-separated runs of
 * letters and digits, optionally "-" and dot-separated runs of [0-9A-Za-z-]; surrounding
 * whitespace is ignored and an empty string means "0". Every "-" becomes ".pre." and the
 * string is cut into numbers and letter runs ("1.0.b1" is 1, 0, "b", 1). Comparison uses
 * the canonical segments (trailing zeros dropped from the numeric prefix and from the
 * rest), then walks both lists, a missing segment counting as 0: a letter run is below any
 * number (a pre-release), numbers compare by value, letter runs byte-wise.
 * Extension: modern RubyGems rejects "+build" suffixes; old RubyGems (2012) accepted them
 * and ordered a version with build segments after the same version without, then by the
 * build segments. kensa accepts and orders them that way (its test file still lists such
 * cases).
 *
 * Requirements: comma-separated `op version` terms, all of which must hold, op one of
 * = != > < >= <= ~> (none means =). `~> V` means >= V and, with pre-release parts ignored,
 * below V "bumped" (1.2.3 -> 1.3, 1.2 -> 2). `||` between requirements is an extension
 * for advisories that list several.
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

struct gseg {
	const char *p;
	uint32_t n; /* numbers: digits without leading zeros (0 is "") */
	bool num;
};

struct gsegs {
	struct gseg *s;
	uint32_t n;
};

struct gem {
	struct gsegs seg;   /* all segments, as Gem::Version#segments */
	struct gsegs canon; /* canonical_segments */
	struct gsegs rel;   /* canonical segments of #release (numbers before the first letters) */
	struct gsegs build; /* "+build" segments (extension); n == 0 without */
	bool has_build;
	const char *norm; /* stripped string with "-" replaced, for the quick equality */
	size_t nnorm;
};

/* Splits s into number and letter runs (scan(/[0-9]+|[a-z]+/i)). */
static int segments(struct ks_vctx *vc, struct ks_str s, struct gsegs *out)
{
	size_t i, n = 0, k = 0;

	for (i = 0; i < s.n; i++)
		if (ks_visalnum((unsigned char)s.p[i]) &&
			(i == 0 || !ks_visalnum((unsigned char)s.p[i - 1]) ||
				ks_visdigit((unsigned char)s.p[i]) !=
					ks_visdigit((unsigned char)s.p[i - 1])))
			n++;
	if ((out->s = ks_arena_calloc(vc->a, n ? n : 1, sizeof(*out->s))) == NULL)
		return ks_vnomem(vc);
	for (i = 0; i < s.n;) {
		struct gseg *g;
		size_t j = i;
		bool num;

		if (!ks_visalnum((unsigned char)s.p[i])) {
			i++;
			continue;
		}
		num = ks_visdigit((unsigned char)s.p[i]);
		while (j < s.n && ks_visalnum((unsigned char)s.p[j]) &&
			ks_visdigit((unsigned char)s.p[j]) == num)
			j++;
		g = &out->s[k++];
		g->num = num;
		g->p = s.p + i;
		g->n = (uint32_t)(j - i);
		while (num && g->n > 0 && g->p[0] == '0') {
			g->p++;
			g->n--;
		}
		i = j;
	}
	out->n = (uint32_t)k;
	return 0;
}

static bool is_zero(const struct gseg *g)
{
	return g->num && g->n == 0;
}

/* canonical_segments: the numeric prefix and the rest, each without trailing zeros. */
static int canonical(struct ks_vctx *vc, const struct gsegs *in, struct gsegs *out)
{
	uint32_t first_str, end1, end2, i, k = 0;

	for (first_str = 0; first_str < in->n && in->s[first_str].num; first_str++)
		;
	for (end1 = first_str; end1 > 0 && is_zero(&in->s[end1 - 1]); end1--)
		;
	for (end2 = in->n; end2 > first_str && is_zero(&in->s[end2 - 1]); end2--)
		;
	if ((out->s = ks_arena_calloc(vc->a, in->n ? in->n : 1, sizeof(*out->s))) == NULL)
		return ks_vnomem(vc);
	for (i = 0; i < end1; i++)
		out->s[k++] = in->s[i];
	for (i = first_str; i < end2; i++)
		out->s[k++] = in->s[i];
	out->n = k;
	return 0;
}

/* VERSION_PATTERN: [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)? plus the
 * "+build" extension; returns the index where the build part starts (or s.n), or 0 on a
 * mismatch (a match is never empty). */
static size_t match_pattern(struct ks_str s)
{
	size_t i = ks_vdigits_end(s, 0), j;

	if (i == 0)
		return 0;
	while (i < s.n && s.p[i] == '.') {
		for (j = i + 1; j < s.n && ks_visalnum((unsigned char)s.p[j]); j++)
			;
		if (j == i + 1)
			return 0;
		i = j;
	}
	if (i < s.n && s.p[i] == '-') {
		do {
			for (j = i + 1;
				j < s.n && (ks_visalnum((unsigned char)s.p[j]) || s.p[j] == '-');
				j++)
				;
			if (j == i + 1)
				return 0;
			i = j;
		} while (i < s.n && s.p[i] == '.');
	}
	if (i < s.n && s.p[i] == '+') {
		size_t b = i;

		do {
			for (j = i + 1;
				j < s.n && (ks_visalnum((unsigned char)s.p[j]) || s.p[j] == '-');
				j++)
				;
			if (j == i + 1)
				return 0;
			i = j;
		} while (i < s.n && s.p[i] == '.');
		return i == s.n ? b : 0;
	}
	return i == s.n ? i : 0;
}

static int gem_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct ks_str main;
	struct gem *g;
	size_t bstart, i, o = 0;
	char *norm;
	int rc;

	if (s.n == 0)
		s = KS_STR_LIT("0");
	if ((bstart = match_pattern(s)) == 0)
		return ks_verr(vc, KS_ECORRUPT, s, "malformed version number string");
	if ((g = ks_arena_calloc(vc->a, 1, sizeof(*g))) == NULL ||
		(norm = ks_arena_alloc(vc->a, 5 * bstart + 1)) == NULL)
		return ks_vnomem(vc);
	main = ks_str_sub(s, 0, bstart);
	for (i = 0; i < main.n; i++) {
		if (main.p[i] == '-') {
			memcpy(norm + o, ".pre.", 5);
			o += 5;
		} else {
			norm[o++] = main.p[i];
		}
	}
	norm[o] = '\0';
	g->norm = norm;
	g->nnorm = o;
	if ((rc = segments(vc, (struct ks_str){ norm, o }, &g->seg)) != 0 ||
		(rc = canonical(vc, &g->seg, &g->canon)) != 0)
		return rc;
	g->rel = g->canon;
	for (i = 0; i < g->rel.n; i++)
		if (!g->rel.s[i].num)
			break;
	g->rel.n = (uint32_t)i;
	while (g->rel.n > 0 && is_zero(&g->rel.s[g->rel.n - 1]))
		g->rel.n--;
	if (bstart < s.n) {
		g->has_build = true;
		if ((rc = segments(vc, ks_str_sub(s, bstart + 1, s.n), &g->build)) != 0)
			return rc;
	}
	*out = g;
	return 0;
}

/* Compares segment lists pairwise, a missing segment counting as 0. */
static int segs_cmp(const struct gsegs *a, const struct gsegs *b)
{
	static const struct gseg zero = { "", 0, true };
	uint32_t i, n = a->n > b->n ? a->n : b->n;

	for (i = 0; i < n; i++) {
		const struct gseg *l = i < a->n ? &a->s[i] : &zero;
		const struct gseg *r = i < b->n ? &b->s[i] : &zero;
		int c;

		if (l->num != r->num)
			return l->num ? 1 : -1;
		c = l->num ? ks_vnumcmp(l->p, l->n, r->p, r->n)
			   : ks_vstrcmp(l->p, l->n, r->p, r->n);
		if (c != 0)
			return c;
	}
	return 0;
}

static int gem_cmp(const void *pa, const void *pb)
{
	const struct gem *a = pa, *b = pb;
	int c;

	if (!(a->nnorm == b->nnorm && memcmp(a->norm, b->norm, a->nnorm) == 0) &&
		(c = segs_cmp(&a->canon, &b->canon)) != 0)
		return c;
	if (a->has_build != b->has_build)
		return a->has_build ? 1 : -1;
	return a->has_build ? segs_cmp(&a->build, &b->build) : 0;
}

enum { GEM_PESSIMISTIC = KS_OP_ECO };

static bool gem_term(const struct ks_range *r, const struct ks_vterm *t, const struct ks_ver *v)
{
	const struct gem *g = v->p;
	const struct gsegs *up = t->aux;

	(void)r;
	/* "~>": v >= r && v.release < r.bump */
	return t->op == GEM_PESSIMISTIC && gem_cmp(g, t->v->p) >= 0 && segs_cmp(&g->rel, up) < 0;
}

/* Gem::Version#bump as canonical segments: keep the numbers before the first letters, drop
 * the last of them if more than one remain, add one to the last. */
static int bump(struct ks_vctx *vc, const struct gem *g, struct gsegs *up)
{
	uint32_t n = 0;
	struct gseg *s, *last;
	size_t i, k;
	char *num;

	while (n < g->seg.n && g->seg.s[n].num)
		n++; /* at least 1: a version starts with a number */
	if (n > 1)
		n--;
	if ((s = ks_arena_calloc(vc->a, n, sizeof(*s))) == NULL)
		return ks_vnomem(vc);
	memcpy(s, g->seg.s, n * sizeof(*s));
	last = &s[n - 1];
	k = last->n;
	if ((num = ks_arena_alloc(vc->a, k + 1)) == NULL)
		return ks_vnomem(vc);
	/* decimal increment of last (digits without leading zeros, "" is 0): num is a zero
	 * followed by the digits, so the carry always stops */
	num[0] = '0';
	memcpy(num + 1, last->p, k);
	for (i = k + 1; num[i - 1] == '9'; i--)
		num[i - 1] = '0';
	num[i - 1]++;
	last->p = num[0] == '0' ? num + 1 : num;
	last->n = (uint32_t)(num[0] == '0' ? k : k + 1);
	up->s = s;
	up->n = n;
	return 0;
}

static int gem_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	static const struct {
		const char *name;
		int op;
	} ops[] = { { "~>", GEM_PESSIMISTIC }, { ">=", KS_OP_GE }, { "<=", KS_OP_LE },
		{ "!=", KS_OP_NE }, { "=", KS_OP_EQ }, { ">", KS_OP_GT }, { "<", KS_OP_LT } };
	struct ks_vclause *c;
	size_t i = 0;
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	while (i <= expr.n) {
		ptrdiff_t comma = ks_str_chr(ks_str_sub(expr, i, expr.n), ',');
		size_t j = comma >= 0 ? i + (size_t)comma : expr.n, k;
		struct ks_str term = ks_vtrim(ks_str_sub(expr, i, j - i));
		const struct ks_ver *v;
		struct gsegs *b = NULL;
		int op = KS_OP_EQ;

		i = j + 1;
		if (term.n == 0)
			return ks_verr(vc, KS_ECORRUPT, expr, "empty requirement");
		for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
			if (ks_str_hasprefix(term, ops[k].name)) {
				op = ops[k].op;
				term = ks_vtrim(ks_str_sub(term, strlen(ops[k].name), term.n));
				break;
			}
		}
		if (term.n == 0)
			return ks_verr(vc, KS_ECORRUPT, expr, "illformed requirement");
		if ((rc = ks_vparse(vc, term, &v)) != 0)
			return rc;
		if (op == GEM_PESSIMISTIC) {
			if ((b = ks_arena_calloc(vc->a, 1, sizeof(*b))) == NULL)
				return ks_vnomem(vc);
			if ((rc = bump(vc, v->p, b)) != 0)
				return rc;
		}
		if ((rc = ks_vterm_add(vc, c, op, v, b)) != 0)
			return rc;
	}
	return 0;
}

const struct ks_ver_ops ks_ver_ops_gem = {
	.parse = gem_parse,
	.cmp = gem_cmp,
	.range = gem_range,
	.term = gem_term,
};
