/*
 * pub.c - Dart pub package versions and constraints, with the semantics of pub_semver 2.
 *
 * Versions are MAJOR.MINOR.PATCH with optional "-pre" and "+build" dot-separated
 * identifiers; identifiers that are all digits are numbers (leading zeros allowed). Unlike
 * SemVer, pub orders build metadata too: numbers, then no pre-release above any, then the
 * pre-release identifiers, then no build below any build, then the build identifiers
 * (numbers before words, a missing identifier first).
 *
 * Constraints (VersionConstraint.parse): `any`, a bare version (exactly it), `>=V`, `>V`,
 * `<=V`, `<V` (which allows V's pre-releases, as pub does) and `^V` (>= V and below the
 * first pre-release of the next breaking version: ^1.2.3 < 2.0.0-0, ^0.2.3 < 0.3.0-0),
 * several of them separated by blanks meaning all. `||` is an extension.
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

static int pub_sv(struct ks_vctx *vc, struct ks_str s, struct ks_sv *v)
{
	ptrdiff_t plus = ks_str_chr(s, '+');
	struct ks_str head = plus >= 0 ? ks_str_sub(s, 0, (size_t)plus) : s;
	size_t i = 0, j;
	int rc;

	memset(v, 0, sizeof(*v));
	j = ks_vdigits_end(head, i);
	if (!ks_str_to_u64(ks_str_sub(head, i, j - i), UINT64_MAX, &v->major) || j >= head.n ||
		head.p[j] != '.')
		return KS_ECORRUPT;
	i = j + 1;
	j = ks_vdigits_end(head, i);
	if (!ks_str_to_u64(ks_str_sub(head, i, j - i), UINT64_MAX, &v->minor) || j >= head.n ||
		head.p[j] != '.')
		return KS_ECORRUPT;
	i = j + 1;
	j = ks_vdigits_end(head, i);
	if (!ks_str_to_u64(ks_str_sub(head, i, j - i), UINT64_MAX, &v->patch))
		return KS_ECORRUPT;
	if (j < head.n) {
		if (head.p[j] != '-')
			return KS_ECORRUPT;
		if ((rc = ks_svids_parse(
			     vc, ks_str_sub(head, j + 1, head.n), KS_SV_NOEMPTY, &v->pre)) != 0)
			return rc;
	}
	if (plus >= 0)
		return ks_svids_parse(
			vc, ks_str_sub(s, (size_t)plus + 1, s.n), KS_SV_NOEMPTY, &v->build);
	return 0;
}

static int pub_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct ks_sv *v;
	int rc;

	if ((v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	if ((rc = pub_sv(vc, s, v)) == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "not a valid pub version");
	if (rc != 0)
		return rc;
	*out = v;
	return 0;
}

/* pub's _compareLists(): a missing part first, numbers before strings. */
static int parts_cmp(const struct ks_svids *a, const struct ks_svids *b)
{
	uint32_t i;

	for (i = 0; i < a->n || i < b->n; i++) {
		const struct ks_svid *x, *y;
		int r;

		if (i >= a->n || i >= b->n)
			return i >= a->n ? -1 : 1;
		x = &a->id[i];
		y = &b->id[i];
		if (x->num != y->num)
			return x->num ? -1 : 1;
		r = x->num ? ks_vnumcmp(x->p, x->n, y->p, y->n)
			   : ks_vstrcmp(x->p, x->n, y->p, y->n);
		if (r != 0)
			return r;
	}
	return 0;
}

static int pub_cmp(const void *pa, const void *pb)
{
	const struct ks_sv *a = pa, *b = pb;
	int r = ks_sv_cmp(a, b);

	if (r != 0)
		return r;
	if (a->build.n == 0 || b->build.n == 0)
		return a->build.n == b->build.n ? 0 : (a->build.n == 0 ? -1 : 1);
	return parts_cmp(&a->build, &b->build);
}

static const struct ks_svid zero_id = { "0", 1, true };

static int pub_term(struct ks_vctx *vc, struct ks_vclause *c, int op, struct ks_str t, bool caret)
{
	const struct ks_ver *h, *hi;
	struct ks_sv *up;
	char *txt;
	int rc;

	if ((rc = ks_vparse(vc, t, &h)) != 0)
		return rc;
	if (!caret)
		return ks_vterm_add(vc, c, op, h, NULL);
	if ((rc = ks_vterm_add(vc, c, KS_OP_GE, h, NULL)) != 0)
		return rc;
	/* nextBreaking.firstPreRelease */
	if ((up = ks_arena_calloc(vc->a, 1, sizeof(*up))) == NULL)
		return ks_vnomem(vc);
	*up = *(const struct ks_sv *)h->p;
	if (up->major == 0) {
		up->minor++;
	} else {
		up->major++;
		up->minor = 0;
	}
	up->patch = 0;
	up->pre = (struct ks_svids){ &zero_id, 1 };
	up->build = (struct ks_svids){ NULL, 0 };
	txt = ks_arena_printf(vc->a, "%llu.%llu.0-0", (unsigned long long)up->major,
		(unsigned long long)up->minor);
	if (txt == NULL || (hi = ks_vwrap(vc, txt, up)) == NULL)
		return ks_vnomem(vc);
	return ks_vterm_add(vc, c, KS_OP_LT, hi, NULL);
}

static int pub_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	static const struct {
		const char *name;
		int op;
	} ops[] = { { ">=", KS_OP_GE }, { "<=", KS_OP_LE }, { ">", KS_OP_GT }, { "<", KS_OP_LT } };
	struct ks_vclause *c;
	size_t i = 0;
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	if (ks_str_eq(expr, "any"))
		return ks_vterm_add(vc, c, KS_OP_ANY, NULL, NULL);
	while (i < expr.n) {
		struct ks_str rest, t;
		bool caret = false;
		int op = KS_OP_EQ;
		size_t k, j;

		if (ks_visspace((unsigned char)expr.p[i])) {
			i++;
			continue;
		}
		rest = ks_str_sub(expr, i, expr.n);
		if (rest.p[0] == '^') {
			caret = true;
			i++;
		} else {
			for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
				if (ks_str_hasprefix(rest, ops[k].name)) {
					op = ops[k].op;
					i += strlen(ops[k].name);
					break;
				}
			}
		}
		while (i < expr.n && ks_visspace((unsigned char)expr.p[i]) && !caret)
			i++;
		for (j = i; j < expr.n && !ks_visspace((unsigned char)expr.p[j]); j++)
			;
		t = ks_str_sub(expr, i, j - i);
		i = j;
		if (t.n == 0)
			return ks_verr(vc, KS_ECORRUPT, expr, "expected a version");
		if ((rc = pub_term(vc, c, op, t, caret)) != 0)
			return rc;
	}
	if (c->n == 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "empty constraint");
	return 0;
}

const struct ks_ver_ops ks_ver_ops_pub = {
	.parse = pub_parse,
	.cmp = pub_cmp,
	.range = pub_range,
};
