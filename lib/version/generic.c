/*
 * generic.c - the "generic" version scheme: what Trivy's compare.GenericComparer does,
 * which is the `version` package of aquasecurity/go-version (a hashicorp/go-version
 * derivative with its own ordering). Trivy uses it for Swift and Conan packages (and for
 * ecosystems that kensa gives a comparator of their own).
 *
 * Versions are `[v]N(.N)*[pre][+meta]`, nothing else (no blanks inside, no `V`):
 *  - one or more dot-separated decimal segments, each at most 2^64-1 (leading zeros
 *    allowed: "1.02" = "1.2"); no empty segment ("1..2", "1.", "1.2.beta" are invalid);
 *  - a pre-release after `-`, or straight after the segments when it starts with a letter
 *    or `~` ("1.7rc2"): dot-separated non-empty identifiers of [0-9A-Za-z~-]. go-version's
 *    expression lets that `-` begin the first identifier when nothing else can, so "1.0-"
 *    has the pre-release "-" and "1.0-.5" the identifiers "-" and "5";
 *  - build metadata after `+`, the same kind of identifier list.
 *
 * Ordering (Version.Compare):
 *  - segments compare numerically, a missing segment counting as 0, so trailing zeros
 *    never matter (1.2 = 1.2.0.0 < 1.2.0.0.1);
 *  - between equal segments the pre-releases decide: two without one are equal; if an
 *    identifier of either pre-release is exactly "x" or "X" (a go-version wildcard) the two
 *    are equal whatever the other one is (1.0-x = 1.0 = 1.0-beta; the order is not
 *    transitive there, as in go-version); no pre-release is above any pre-release; else the
 *    identifiers compare pairwise: numbers (all digits, at most 2^64-1) by value and below
 *    words, words byte-wise, and a list that is a proper prefix of the other is lower
 *    (3.2-alpha < 3.2-alpha.1, 1.2-beta.2 < 1.2-beta.11, 3.2-rc.1-1-g123 > 3.2-rc.2);
 *  - build metadata never matters (1.2+foo = 1.2+beta).
 * Unlike hashicorp/go-version, pre-releases count whatever the number of segments
 * (1.0.0.0-beta < 1.0), numbers in pre-releases have no sign, and a shorter pre-release
 * list is always the lower one.
 *
 * Ranges are go-version Constraints: `||`-separated alternatives, each a list of
 * comparators `op version` separated by blanks and/or one comma (">= 1.0, < 1.2",
 * "> 1.0 < 1.2", ">1<2"), all of which must hold. op is one of = == != > < >= => <= =<
 * ~> ~ ^, or nothing (=). `~> V` means >= V and below V with its next-to-last segment
 * raised and the last one zeroed (~>1.2 <2.0, ~>1.2.3 <1.3.0; ~>1 <2); `~ V` is the same
 * except that two segments raise the last one (~1.2 <1.3); `^ V` means >= V and below V
 * with its first non-zero segment raised and those after it zeroed (^1.2.3 <2.0.0,
 * ^0.2.3 <0.3.0, ^0.0 <0.1). Raising wraps at 2^64 as Go's uint64 does. The upper bound
 * loses V's pre-release and metadata, except for ~>N and ~N.N, which keep them. A
 * comparator's version reaches as far as the version grammar allows, as go-version's
 * FindAll reads it (">1.0~>2" is ">1.0~" and ">2"). Blanks are Go's \s (space, \t, \n,
 * \f, \r). An empty alternative, any other character, or a version that does not parse
 * makes the whole range invalid.
 */
#include "version/vint.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

/* One pre-release identifier. */
struct gid {
	const char *p;
	uint32_t n;
	bool num;   /* all digits and at most 2^64-1 */
	uint64_t v; /* its value when num */
};

/* A parsed version. */
struct gver {
	const uint64_t *seg;
	uint32_t nseg;	/* as written */
	uint32_t nsig;	/* without trailing zeros */
	const struct gid *pre;
	uint32_t npre;
	bool any;		/* some pre-release identifier is "x" or "X" */
	struct ks_str pre_s;	/* the pre-release text, for bound texts */
	struct ks_str meta_s;	/* the metadata text */
};

/* Where the parts of a version lie in the text (offsets into it). */
struct gspan {
	size_t seg0, seg1, pre0, pre1, meta0, meta1;
};

static bool is_id(int c)
{
	return ks_visalnum(c) || c == '-' || c == '~';
}

static bool is_lead(int c)
{
	return ks_visalpha(c) || c == '-' || c == '~';
}

/* Go's regexp \s. */
static bool is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static unsigned char at(struct ks_str s, size_t i)
{
	return i < s.n ? (unsigned char)s.p[i] : 0;
}

/* End of the identifier run at i, then of any `.identifier` runs after it. */
static size_t ids_end(struct ks_str s, size_t i)
{
	while (is_id(at(s, i)))
		i++;
	while (at(s, i) == '.' && is_id(at(s, i + 1)))
		for (i++; is_id(at(s, i));)
			i++;
	return i;
}

/*
 * Matches go-version's version expression at s.p[i] the way Go's leftmost-first regexp
 * engine does with nothing required after it: every optional part as long as it can be.
 * Returns the end offset and fills *sp, or 0 when no version starts at i. A whole string
 * is a version exactly when the match ends at its end: giving back any part never lets
 * the rest match (the first character left over cannot start or continue a later part).
 */
static size_t ver_match(struct ks_str s, size_t i, struct gspan *sp)
{
	memset(sp, 0, sizeof(*sp));
	if (at(s, i) == 'v' && ks_visdigit(at(s, i + 1)))
		i++;
	if (!ks_visdigit(at(s, i)))
		return 0;
	sp->seg0 = i;
	i = ks_vdigits_end(s, i);
	while (at(s, i) == '.' && ks_visdigit(at(s, i + 1)))
		i = ks_vdigits_end(s, i + 1);
	sp->seg1 = sp->pre0 = sp->pre1 = i;
	if (at(s, i) == '-' && is_id(at(s, i + 1))) {
		sp->pre0 = i + 1; /* "-1a", "-beta", "--x": the identifiers follow the dash */
		i = sp->pre1 = ids_end(s, i + 1);
	} else if (at(s, i) == '-') {
		/* the dash is the first identifier: "1.0-", "1.0-.5", "1.0-+m" */
		i++;
		while (at(s, i) == '.' && is_id(at(s, i + 1)))
			for (i++; is_id(at(s, i));)
				i++;
		sp->pre1 = i;
	} else if (is_lead(at(s, i))) {
		i = sp->pre1 = ids_end(s, i); /* "1.7rc2", "1.0~x" */
	}
	sp->meta0 = sp->meta1 = i;
	if (at(s, i) == '+' && is_id(at(s, i + 1))) {
		sp->meta0 = i + 1;
		i = sp->meta1 = ids_end(s, i + 1);
	}
	return i;
}

/* Builds the parsed form of the version whose parts are at sp in s (s lives in the
 * arena). Returns 0, KS_ECORRUPT (reported) for a segment above 2^64-1, or KS_ENOMEM. */
static int build(struct ks_vctx *vc, struct ks_str s, const struct gspan *sp, struct gver **out)
{
	struct ks_str segs = ks_str_sub(s, sp->seg0, sp->seg1 - sp->seg0);
	struct ks_str pre = ks_str_sub(s, sp->pre0, sp->pre1 - sp->pre0);
	struct gver *g;
	uint64_t *seg;
	struct gid *id = NULL;
	size_t i, k, n = 1, start;

	for (i = 0; i < segs.n; i++)
		n += segs.p[i] == '.';
	if ((g = ks_arena_calloc(vc->a, 1, sizeof(*g))) == NULL ||
		(seg = ks_arena_calloc(vc->a, n, sizeof(*seg))) == NULL)
		return ks_vnomem(vc);
	for (i = 0, k = 0, start = 0; i <= segs.n; i++) {
		if (i < segs.n && segs.p[i] != '.')
			continue;
		if (!ks_str_to_u64(ks_str_sub(segs, start, i - start), UINT64_MAX, &seg[k]))
			return ks_verr(vc, KS_ECORRUPT, s, "segment above 2^64-1");
		if (seg[k] != 0)
			g->nsig = (uint32_t)(k + 1);
		k++;
		start = i + 1;
	}
	g->seg = seg;
	g->nseg = (uint32_t)n;
	if (pre.n > 0) {
		for (i = 0, n = 1; i < pre.n; i++)
			n += pre.p[i] == '.';
		if ((id = ks_arena_calloc(vc->a, n, sizeof(*id))) == NULL)
			return ks_vnomem(vc);
		for (i = 0, k = 0, start = 0; i <= pre.n; i++) {
			struct ks_str w;

			if (i < pre.n && pre.p[i] != '.')
				continue;
			w = ks_str_sub(pre, start, i - start);
			id[k].p = w.p;
			id[k].n = (uint32_t)w.n;
			id[k].num = ks_str_to_u64(w, UINT64_MAX, &id[k].v);
			if (ks_str_eq(w, "x") || ks_str_eq(w, "X"))
				g->any = true;
			k++;
			start = i + 1;
		}
		g->pre = id;
		g->npre = (uint32_t)n;
	}
	g->pre_s = pre;
	g->meta_s = ks_str_sub(s, sp->meta0, sp->meta1 - sp->meta0);
	*out = g;
	return 0;
}

static int generic_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct gspan sp;
	struct gver *g = NULL;
	int rc;

	if (s.n == 0)
		return ks_verr(vc, KS_ECORRUPT, s, "version is empty");
	if (ver_match(s, 0, &sp) != s.n)
		return ks_verr(vc, KS_ECORRUPT, s, "malformed version");
	if ((rc = build(vc, s, &sp, &g)) != 0)
		return rc;
	*out = g;
	return 0;
}

static int u64cmp(uint64_t a, uint64_t b)
{
	return a == b ? 0 : (a < b ? -1 : 1);
}

static int id_cmp(const struct gid *a, const struct gid *b)
{
	if (a->num && b->num)
		return u64cmp(a->v, b->v);
	if (a->num != b->num)
		return a->num ? -1 : 1;
	return ks_vstrcmp(a->p, a->n, b->p, b->n);
}

static int generic_cmp(const void *pa, const void *pb)
{
	const struct gver *a = pa, *b = pb;
	uint32_t i, n = a->nsig > b->nsig ? a->nsig : b->nsig;
	int r;

	for (i = 0; i < n; i++)
		if ((r = u64cmp(i < a->nsig ? a->seg[i] : 0, i < b->nsig ? b->seg[i] : 0)) != 0)
			return r;
	if (a->npre == 0 && b->npre == 0)
		return 0;
	if (a->any || b->any)
		return 0;
	if (a->npre == 0 || b->npre == 0)
		return a->npre == 0 ? 1 : -1;
	for (i = 0; i < a->npre && i < b->npre; i++)
		if ((r = id_cmp(&a->pre[i], &b->pre[i])) != 0)
			return r;
	return a->npre == b->npre ? 0 : (a->npre < b->npre ? -1 : 1);
}

/* Comparators, longest spelling first among those sharing a prefix. */
enum { G_EQ, G_NE, G_GT, G_LT, G_GE, G_LE, G_PESS, G_TILDE, G_CARET };

static const struct {
	const char *name;
	int op;
} gops[] = {
	{ "==", G_EQ }, { "!=", G_NE }, { ">=", G_GE }, { "=>", G_GE }, { "<=", G_LE },
	{ "=<", G_LE }, { "~>", G_PESS }, { "=", G_EQ }, { ">", G_GT }, { "<", G_LT },
	{ "~", G_TILDE }, { "^", G_CARET },
};

/*
 * The upper bound of a ~>, ~ or ^ comparator on c (go-version's PessimisticBump,
 * TildeBump and CaretBump), as a handle whose text is the bound written out. Returns 0 or
 * KS_ENOMEM (reported).
 */
static int bump(struct ks_vctx *vc, int op, const struct gver *c, const struct ks_ver **out)
{
	struct gver *b;
	uint64_t *seg;
	bool keep = false;
	uint32_t i, n = c->nseg;
	size_t cap, o = 0;
	char *txt;

	if ((b = ks_arena_alloc(vc->a, sizeof(*b))) == NULL ||
		(seg = ks_arena_memdup(vc->a, c->seg, n * sizeof(*seg))) == NULL)
		return ks_vnomem(vc);
	if (op == G_TILDE && n == 2) {
		seg[1]++;
		keep = true;
	} else if (op != G_CARET && n == 1) {
		seg[0]++;
		keep = true;
	} else if (op != G_CARET) {
		seg[n - 1] = 0;
		seg[n - 2]++;
	} else {
		for (i = 0; i < n && seg[i] == 0; i++)
			;
		if (i == n) {
			seg[n - 1]++;
		} else {
			seg[i]++;
			for (i++; i < n; i++)
				seg[i] = 0;
		}
	}
	*b = *c;
	b->seg = seg;
	for (b->nsig = n; b->nsig > 0 && seg[b->nsig - 1] == 0;)
		b->nsig--;
	if (!keep) {
		b->pre = NULL;
		b->npre = 0;
		b->any = false;
		b->pre_s = b->meta_s = (struct ks_str){ "", 0 };
	}
	cap = (size_t)n * 21 + b->pre_s.n + b->meta_s.n + 3;
	if ((txt = ks_arena_alloc(vc->a, cap)) == NULL)
		return ks_vnomem(vc);
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(txt + o, cap - o, "%s%llu", i > 0 ? "." : "",
			(unsigned long long)seg[i]);
	if (b->pre_s.n > 0)
		o += (size_t)snprintf(txt + o, cap - o, "-%.*s", (int)b->pre_s.n, b->pre_s.p);
	if (b->meta_s.n > 0)
		snprintf(txt + o, cap - o, "+%.*s", (int)b->meta_s.n, b->meta_s.p);
	if ((*out = ks_vwrap(vc, txt, b)) == NULL)
		return ks_vnomem(vc);
	return 0;
}

/* Appends the terms of comparator op on version text v to c. */
static int add_comparator(struct ks_vctx *vc, struct ks_vclause *c, int op, struct ks_str v)
{
	static const int simple[] = { [G_EQ] = KS_OP_EQ, [G_NE] = KS_OP_NE, [G_GT] = KS_OP_GT,
		[G_LT] = KS_OP_LT, [G_GE] = KS_OP_GE, [G_LE] = KS_OP_LE };
	const struct ks_ver *ver, *hi;
	int rc;

	if ((rc = ks_vparse(vc, v, &ver)) != 0)
		return rc;
	if (op <= G_LE)
		return ks_vterm_add(vc, c, simple[op], ver, NULL);
	if ((rc = bump(vc, op, ver->p, &hi)) != 0)
		return rc;
	if ((rc = ks_vterm_add(vc, c, KS_OP_GE, ver, NULL)) != 0)
		return rc;
	return ks_vterm_add(vc, c, KS_OP_LT, hi, NULL);
}

static size_t skip_blanks(struct ks_str s, size_t i)
{
	while (is_blank(at(s, i)))
		i++;
	return i;
}

/*
 * One alternative: comparators read left to right, each an operator (or none), blanks,
 * and the longest version there, then blanks and at most one comma. This accepts exactly
 * what go-version's validating expression accepts (a version taken shorter never lets
 * more of the input match) and yields the comparators its FindAll yields.
 */
static int one_alternative(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	struct ks_vclause *c;
	size_t i = skip_blanks(expr, 0);
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	while (i < expr.n) {
		struct gspan sp;
		int op = G_EQ;
		size_t k, j;

		for (k = 0; k < sizeof(gops) / sizeof(gops[0]); k++) {
			if (ks_str_hasprefix(ks_str_sub(expr, i, expr.n - i), gops[k].name)) {
				op = gops[k].op;
				i += strlen(gops[k].name);
				break;
			}
		}
		i = skip_blanks(expr, i);
		if ((j = ver_match(expr, i, &sp)) == 0)
			return ks_verr(vc, KS_ECORRUPT, expr, "improper constraint");
		if ((rc = add_comparator(vc, c, op, ks_str_sub(expr, i, j - i))) != 0)
			return rc;
		i = skip_blanks(expr, j);
		if (at(expr, i) == ',')
			i = skip_blanks(expr, i + 1);
	}
	if (c->n == 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "empty constraint");
	return 0;
}

/* The whole expression: alternatives split at every "||", as strings.Split does. */
static int generic_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	size_t i = 0, j;
	int rc;

	for (;;) {
		for (j = i; j < expr.n && !(expr.p[j] == '|' && at(expr, j + 1) == '|'); j++)
			;
		if ((rc = one_alternative(vc, ks_str_sub(expr, i, j - i), r)) != 0)
			return rc;
		if (j >= expr.n)
			return 0;
		i = j + 2;
	}
}

const struct ks_ver_ops ks_ver_ops_generic = {
	.parse = generic_parse,
	.cmp = generic_cmp,
	.range = generic_range,
	.native_or = true,
};
