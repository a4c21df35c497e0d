/*
 * osv.c - OSV `affected[].ranges[]` (ECOSYSTEM and SEMVER types) and `versions[]`
 * evaluation, following the algorithm in the OSV schema (see version.h). Events are
 * parsed with the comparator of the ecosystem the caller names and sorted once, so testing
 * a version is one walk over the events.
 *
 * The schema leaves events of equal version unordered, and real records need two different
 * answers: PyPA writes adjacent intervals as "fixed: 3.1.1 ... introduced: 3.1.1" (3.1.1 is
 * affected), RustSec writes "introduced: 0.10.0, fixed: 0.10.0" for an empty interval.
 * Letting an introduced and a fixed of the same version cancel each other out gives both.
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

struct osv_ev {
	enum ks_osv_kind kind;
	const struct ks_ver *v; /* NULL for introduced "0" and limit "*" */
	bool inf;		/* limit "*" */
	bool cancelled;		/* an introduced and a fixed at the same version */
	size_t idx;		/* position in the input, for a stable sort */
};

struct ks_osv_range {
	struct osv_ev *ev;
	size_t n;
	bool has_limit;
	enum ks_eco eco;
};

/* Version order; "0" first, "*" last; equal versions introduced, fixed, last_affected,
 * limit; then input order. */
static int ev_cmp(const struct osv_ev *a, const struct osv_ev *b)
{
	int ra = a->v != NULL ? 1 : (a->inf ? 2 : 0), rb = b->v != NULL ? 1 : (b->inf ? 2 : 0);
	int c;

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra == 1 && (c = ks_ver_cmp(a->v, b->v)) != 0)
		return c;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->idx < b->idx ? -1 : (a->idx > b->idx);
}

/* Same position in the version order ("0" and "*" only equal themselves). */
static bool ev_same(const struct osv_ev *a, const struct osv_ev *b)
{
	if (a->v == NULL || b->v == NULL)
		return a->v == b->v && a->inf == b->inf;
	return ks_ver_cmp(a->v, b->v) == 0;
}

int ks_osv_range_parse(struct ks_arena *a, struct ks_err *e, enum ks_eco eco,
	const struct ks_osv_event *ev, size_t n, const struct ks_osv_range **out)
{
	struct ks_vctx vc = { a, e, eco, 0 };
	struct ks_osv_range *r;
	bool introduced = false;
	size_t i, j;
	int rc;

	if ((r = ks_arena_calloc(a, 1, sizeof(*r))) == NULL ||
		(r->ev = ks_arena_calloc(a, n ? n : 1, sizeof(*r->ev))) == NULL)
		return ks_vnomem(&vc);
	r->eco = eco;
	for (i = 0; i < n; i++) {
		struct osv_ev *x = &r->ev[i];
		struct ks_str s = ks_vtrim(ev[i].version);

		if ((unsigned)ev[i].kind > KS_OSV_LIMIT)
			return ks_seterr(
				e, KS_EUSAGE, "osv: unknown event kind %d", (int)ev[i].kind);
		x->kind = ev[i].kind;
		x->idx = i;
		if (x->kind == KS_OSV_INTRODUCED)
			introduced = true;
		if (x->kind == KS_OSV_LIMIT)
			r->has_limit = true;
		if (x->kind == KS_OSV_INTRODUCED && ks_str_eq(s, "0"))
			continue;
		if (x->kind == KS_OSV_LIMIT && ks_str_eq(s, "*")) {
			x->inf = true;
			continue;
		}
		if ((rc = ks_vparse(&vc, s, &x->v)) != 0) {
			ks_err_prefix(e, "osv: event %zu", i + 1);
			return rc;
		}
	}
	if (!introduced)
		return ks_seterr(e, KS_ECORRUPT, "osv: range has no introduced event");
	/* insertion sort: event lists are short and the order must be stable */
	for (i = 1; i < n; i++) {
		struct osv_ev t = r->ev[i];

		for (j = i; j > 0 && ev_cmp(&r->ev[j - 1], &t) > 0; j--)
			r->ev[j] = r->ev[j - 1];
		r->ev[j] = t;
	}
	/* pair introduced and fixed events of equal version: they cancel out */
	for (i = 0; i < n; i = j) {
		size_t intro = 0, fixed = 0, k;

		for (j = i; j < n && ev_same(&r->ev[i], &r->ev[j]); j++) {
			if (r->ev[j].kind == KS_OSV_INTRODUCED && r->ev[j].v != NULL)
				intro++;
			if (r->ev[j].kind == KS_OSV_FIXED)
				fixed++;
		}
		intro = intro < fixed ? intro : fixed;
		for (k = i, fixed = intro; k < j; k++) {
			if (r->ev[k].kind == KS_OSV_INTRODUCED && r->ev[k].v != NULL && intro > 0) {
				r->ev[k].cancelled = true;
				intro--;
			} else if (r->ev[k].kind == KS_OSV_FIXED && fixed > 0) {
				r->ev[k].cancelled = true;
				fixed--;
			}
		}
	}
	r->n = n;
	*out = r;
	return 0;
}

bool ks_osv_range_test(const struct ks_osv_range *r, const struct ks_ver *v)
{
	bool affected = false;
	size_t i;

	if (v->eco != r->eco)
		return false;
	if (r->has_limit) {
		for (i = 0; i < r->n; i++)
			if (r->ev[i].kind == KS_OSV_LIMIT &&
				(r->ev[i].inf || ks_ver_cmp(v, r->ev[i].v) < 0))
				break;
		if (i == r->n)
			return false;
	}
	for (i = 0; i < r->n; i++) {
		const struct osv_ev *x = &r->ev[i];

		if (x->cancelled)
			continue;
		switch (x->kind) {
		case KS_OSV_INTRODUCED:
			if (x->v == NULL || ks_ver_cmp(v, x->v) >= 0)
				affected = true;
			break;
		case KS_OSV_FIXED:
			if (ks_ver_cmp(v, x->v) >= 0)
				affected = false;
			break;
		case KS_OSV_LAST_AFFECTED:
			if (ks_ver_cmp(v, x->v) > 0)
				affected = false;
			break;
		default:
			break;
		}
	}
	return affected;
}

int ks_osv_versions_test(struct ks_arena *a, struct ks_err *e, const struct ks_ver *v,
	const struct ks_str *versions, size_t n, bool *out)
{
	struct ks_vctx vc = { a, e, v->eco, 0 };
	struct ks_err scratch;
	size_t i;

	*out = false;
	for (i = 0; i < n; i++) {
		const struct ks_ver *w;
		int rc;

		vc.e = &scratch;
		rc = ks_vparse(&vc, versions[i], &w);
		if (rc == KS_ENOMEM)
			return ks_seterr(e, rc, "osv: out of memory");
		if (rc == 0 ? ks_ver_cmp(v, w) == 0 : ks_str_eq(ks_vtrim(versions[i]), v->s)) {
			*out = true;
			break;
		}
	}
	return 0;
}
