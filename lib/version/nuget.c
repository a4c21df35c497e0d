/*
 * nuget.c - NuGet package versions (NuGetVersion) and version ranges (VersionRange), with
 * the semantics of NuGet.Versioning.
 *
 * Versions have one to four numbers (missing ones are 0, so "1.0" equals "1.0.0.0"), each
 * at most 2^31-1, then optional "-" release labels and "+" metadata. Ordering
 * (VersionComparer.Default): the four numbers, then no release label above any, then the
 * labels pairwise (numbers by value before words, words ASCII case-insensitively, fewer
 * labels first); metadata is ignored.
 *
 * Ranges: interval notation `[1.0,2.0)`, `(,1.0]`, `[1.0,)`, `[1.2]` (exactly), a bare
 * version meaning "that version or later" (as NuGet reads dependency versions), or a
 * comparator list (`>= 1.0, < 2.0`, vint.h) when the expression starts with an operator.
 * Floating ranges ("1.*") are rejected: they select a version, they do not bound one.
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

#define NUGET_MAXNUM 2147483647ull

struct nuget {
	uint64_t n[4];
	struct ks_svids rel;
};

static int nuget_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	ptrdiff_t plus = ks_str_chr(s, '+');
	struct ks_str head = plus >= 0 ? ks_str_sub(s, 0, (size_t)plus) : s;
	ptrdiff_t dash = ks_str_chr(head, '-');
	struct ks_str core = dash >= 0 ? ks_str_sub(head, 0, (size_t)dash) : head;
	struct ks_svids meta;
	struct nuget *v;
	size_t i = 0, k;
	int rc;

	if ((v = ks_arena_calloc(vc->a, 1, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	for (k = 0; k < 4; k++) {
		size_t j = ks_vdigits_end(core, i);

		if (!ks_str_to_u64(ks_str_sub(core, i, j - i), NUGET_MAXNUM, &v->n[k]))
			return ks_verr(vc, KS_ECORRUPT, s, "not a valid NuGet version");
		i = j;
		if (i == core.n)
			break;
		if (core.p[i++] != '.' || k == 3)
			return ks_verr(vc, KS_ECORRUPT, s, "not a valid NuGet version");
	}
	if (dash >= 0 && (rc = ks_svids_parse(vc, ks_str_sub(head, (size_t)dash + 1, head.n),
				  KS_SV_NOEMPTY, &v->rel)) != 0)
		return rc == KS_ECORRUPT ? ks_verr(vc, rc, s, "invalid release label") : rc;
	if (plus >= 0 && (rc = ks_svids_parse(vc, ks_str_sub(s, (size_t)plus + 1, s.n),
				  KS_SV_NOEMPTY, &meta)) != 0)
		return rc == KS_ECORRUPT ? ks_verr(vc, rc, s, "invalid metadata") : rc;
	*out = v;
	return 0;
}

static int nuget_cmp(const void *pa, const void *pb)
{
	const struct nuget *a = pa, *b = pb;
	size_t k;

	for (k = 0; k < 4; k++)
		if (a->n[k] != b->n[k])
			return a->n[k] < b->n[k] ? -1 : 1;
	if (a->rel.n == 0 || b->rel.n == 0)
		return a->rel.n == b->rel.n ? 0 : (a->rel.n == 0 ? 1 : -1);
	return ks_svids_cmp(&a->rel, &b->rel, true);
}

static int nuget_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	bool lo_inc, hi_inc;
	struct ks_str body, lo, hi;
	const struct ks_ver *vlo = NULL, *vhi = NULL;
	struct ks_vclause *c;
	int rc;

	if (expr.n == 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "empty range");
	if (ks_str_chr(expr, '*') >= 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "floating ranges are not supported");
	if (strchr("<>=!", expr.p[0]) != NULL)
		return ks_vrange_generic(vc, expr, NULL, r);
	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	if (expr.p[0] != '[' && expr.p[0] != '(') {
		if ((rc = ks_vparse(vc, expr, &vlo)) != 0)
			return rc;
		return ks_vterm_add(vc, c, KS_OP_GE, vlo, NULL);
	}
	lo_inc = expr.p[0] == '[';
	hi_inc = expr.p[expr.n - 1] == ']';
	if (expr.n < 2 || (expr.p[expr.n - 1] != ']' && expr.p[expr.n - 1] != ')'))
		return ks_verr(vc, KS_ECORRUPT, expr, "unbalanced interval brackets");
	body = ks_vtrim(ks_str_sub(expr, 1, expr.n - 2));
	if (!ks_str_cut(body, ',', &lo, &hi)) {
		if (!lo_inc || !hi_inc || body.n == 0)
			return ks_verr(vc, KS_ECORRUPT, expr, "a single version needs [ and ]");
		if ((rc = ks_vparse(vc, body, &vlo)) != 0)
			return rc;
		return ks_vterm_add(vc, c, KS_OP_EQ, vlo, NULL);
	}
	lo = ks_vtrim(lo);
	hi = ks_vtrim(hi);
	if (lo.n == 0 && hi.n == 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "an interval needs a bound");
	if (lo.n > 0 && (rc = ks_vparse(vc, lo, &vlo)) != 0)
		return rc;
	if (hi.n > 0 && (rc = ks_vparse(vc, hi, &vhi)) != 0)
		return rc;
	if (vlo != NULL && vhi != NULL && ks_ver_cmp(vlo, vhi) > 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "the lower bound is above the upper bound");
	if (vlo != NULL && (rc = ks_vterm_add(vc, c, lo_inc ? KS_OP_GE : KS_OP_GT, vlo, NULL)) != 0)
		return rc;
	if (vhi != NULL)
		return ks_vterm_add(vc, c, hi_inc ? KS_OP_LE : KS_OP_LT, vhi, NULL);
	return 0;
}

const struct ks_ver_ops ks_ver_ops_nuget = {
	.parse = nuget_parse,
	.cmp = nuget_cmp,
	.range = nuget_range,
};
