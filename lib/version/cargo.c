/*
 * cargo.c - Rust crate versions and requirements, as the `semver` crate 1.x (used by
 * Cargo and RustSec) parses, orders and matches them.
 *
 * Versions are strict SemVer: MAJOR.MINOR.PATCH (u64, no leading zeros), an optional
 * pre-release (no empty identifiers, no leading zeros in numeric ones) and build metadata.
 * Ordering is SemVer precedence, then, as the crate's Ord does, build metadata: none
 * before some, identifiers pairwise (numeric before alphanumeric, numbers by value then by
 * length, words byte-wise), fewer identifiers first.
 *
 * Requirements (VersionReq): comma-separated comparators `[op]MAJOR[.MINOR[.PATCH[-PRE]]]`
 * with op = > >= < <= ~ ^ (none means ^) and wildcards `*`, `1.*`, `1.2.*`; partial
 * versions mean what the crate's matches_*() functions say (">1.2" is above every 1.2.x,
 * "~1" is 1.x, "^0.2.3" is 0.2.x from 0.2.3). A version with a pre-release matches only if
 * some comparator has the same MAJOR.MINOR.PATCH and a pre-release, unless
 * KS_VER_PRERELEASE is set. `||` between requirements is an extension (RustSec lists
 * several patched requirements).
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

/* Pre-release and build after the numbers; 0 or KS_ECORRUPT (no message) / KS_ENOMEM. */
static int cargo_tail(struct ks_vctx *vc, struct ks_str rest, struct ks_sv *v)
{
	ptrdiff_t plus = ks_str_chr(rest, '+');
	int rc;

	if (rest.n > 0 && rest.p[0] == '-') {
		struct ks_str pre = ks_str_sub(rest, 1, (plus >= 0 ? (size_t)plus : rest.n) - 1);

		if ((rc = ks_svids_parse(vc, pre, KS_SV_NOEMPTY | KS_SV_NOLEADZERO, &v->pre)) != 0)
			return rc;
	} else if (rest.n > 0 && rest.p[0] != '+') {
		return KS_ECORRUPT;
	}
	if (plus >= 0)
		return ks_svids_parse(
			vc, ks_str_sub(rest, (size_t)plus + 1, rest.n), KS_SV_NOEMPTY, &v->build);
	return 0;
}

static int cargo_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct ks_sv *v;
	size_t i = 0;
	int rc = KS_ECORRUPT;

	if ((v = ks_arena_calloc(vc->a, 1, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	if (ks_vnum(s, &i, false, UINT64_MAX, &v->major) && i < s.n && s.p[i++] == '.' &&
		ks_vnum(s, &i, false, UINT64_MAX, &v->minor) && i < s.n && s.p[i++] == '.' &&
		ks_vnum(s, &i, false, UINT64_MAX, &v->patch))
		rc = cargo_tail(vc, ks_str_sub(s, i, s.n), v);
	if (rc == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "not a valid SemVer version");
	if (rc != 0)
		return rc;
	*out = v;
	return 0;
}

/* The crate's BuildMetadata order. */
static int build_cmp(const struct ks_svids *a, const struct ks_svids *b)
{
	uint32_t i;

	for (i = 0; i < a->n && i < b->n; i++) {
		const struct ks_svid *x = &a->id[i], *y = &b->id[i];
		int r;

		if (x->num != y->num)
			return x->num ? -1 : 1;
		if (x->num) {
			r = ks_vnumcmp(x->p, x->n, y->p, y->n);
			if (r == 0 && x->n != y->n)
				r = x->n < y->n ? -1 : 1;
		} else {
			r = ks_vstrcmp(x->p, x->n, y->p, y->n);
		}
		if (r != 0)
			return r;
	}
	return a->n == b->n ? 0 : (a->n < b->n ? -1 : 1);
}

static int cargo_cmp(const void *pa, const void *pb)
{
	const struct ks_sv *a = pa, *b = pb;
	int r = ks_sv_cmp(a, b);

	return r != 0 ? r : build_cmp(&a->build, &b->build);
}

/* A comparator of a VersionReq with its partial version. */
enum { C_EXACT, C_GT, C_GE, C_LT, C_LE, C_TILDE, C_CARET, C_WILDCARD };

struct creq {
	int op;
	uint64_t major, minor, patch;
	bool has_minor, has_patch;
	struct ks_svids pre;
};

static int pre_cmp(const struct ks_svids *a, const struct ks_svids *b)
{
	if (a->n == 0 || b->n == 0)
		return a->n == b->n ? 0 : (a->n == 0 ? 1 : -1);
	return ks_svids_cmp(a, b, false);
}

static bool m_exact(const struct creq *c, const struct ks_sv *v)
{
	if (v->major != c->major || (c->has_minor && v->minor != c->minor) ||
		(c->has_patch && v->patch != c->patch))
		return false;
	return pre_cmp(&v->pre, &c->pre) == 0;
}

static bool m_greater(const struct creq *c, const struct ks_sv *v)
{
	if (v->major != c->major)
		return v->major > c->major;
	if (!c->has_minor)
		return false;
	if (v->minor != c->minor)
		return v->minor > c->minor;
	if (!c->has_patch)
		return false;
	if (v->patch != c->patch)
		return v->patch > c->patch;
	return pre_cmp(&v->pre, &c->pre) > 0;
}

static bool m_less(const struct creq *c, const struct ks_sv *v)
{
	if (v->major != c->major)
		return v->major < c->major;
	if (!c->has_minor)
		return false;
	if (v->minor != c->minor)
		return v->minor < c->minor;
	if (!c->has_patch)
		return false;
	if (v->patch != c->patch)
		return v->patch < c->patch;
	return pre_cmp(&v->pre, &c->pre) < 0;
}

static bool m_tilde(const struct creq *c, const struct ks_sv *v)
{
	if (v->major != c->major || (c->has_minor && v->minor != c->minor))
		return false;
	if (c->has_patch && v->patch != c->patch)
		return v->patch > c->patch;
	return pre_cmp(&v->pre, &c->pre) >= 0;
}

static bool m_caret(const struct creq *c, const struct ks_sv *v)
{
	if (v->major != c->major)
		return false;
	if (!c->has_minor)
		return true;
	if (!c->has_patch)
		return c->major > 0 ? v->minor >= c->minor : v->minor == c->minor;
	if (c->major > 0) {
		if (v->minor != c->minor)
			return v->minor > c->minor;
		if (v->patch != c->patch)
			return v->patch > c->patch;
	} else if (c->minor > 0) {
		if (v->minor != c->minor)
			return false;
		if (v->patch != c->patch)
			return v->patch > c->patch;
	} else if (v->minor != c->minor || v->patch != c->patch) {
		return false;
	}
	return pre_cmp(&v->pre, &c->pre) >= 0;
}

static bool cargo_term(const struct ks_range *r, const struct ks_vterm *t, const struct ks_ver *v)
{
	const struct creq *c = t->aux;
	const struct ks_sv *sv = v->p;

	(void)r;
	switch (c->op) {
	case C_EXACT:
	case C_WILDCARD:
		return m_exact(c, sv);
	case C_GT:
		return m_greater(c, sv);
	case C_GE:
		return m_exact(c, sv) || m_greater(c, sv);
	case C_LT:
		return m_less(c, sv);
	case C_LE:
		return m_exact(c, sv) || m_less(c, sv);
	case C_TILDE:
		return m_tilde(c, sv);
	default:
		return m_caret(c, sv);
	}
}

static bool cargo_clause(
	const struct ks_range *r, const struct ks_vclause *c, const struct ks_ver *v)
{
	const struct ks_sv *sv = v->p;
	size_t i;

	if (sv->pre.n == 0 || (r->flags & KS_VER_PRERELEASE))
		return true;
	for (i = 0; i < c->n; i++) {
		const struct creq *q = c->t[i].aux;

		if (q != NULL && q->major == sv->major && q->has_minor && q->minor == sv->minor &&
			q->has_patch && q->patch == sv->patch && q->pre.n > 0)
			return true;
	}
	return false;
}

static bool is_wild(struct ks_str s, size_t i)
{
	return i < s.n && (s.p[i] == '*' || s.p[i] == 'x' || s.p[i] == 'X');
}

/* One comparator; returns 0 and sets *any for a bare "*". */
static int cargo_comparator(struct ks_vctx *vc, struct ks_str s, struct creq *q, bool *any)
{
	static const struct {
		const char *name;
		int op;
	} ops[] = { { ">=", C_GE }, { "<=", C_LE }, { ">", C_GT }, { "<", C_LT }, { "=", C_EXACT },
		{ "~", C_TILDE }, { "^", C_CARET } };
	bool has_op = false, wild = false;
	size_t i = 0, k;
	int rc;

	memset(q, 0, sizeof(*q));
	q->op = C_CARET;
	*any = false;
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		if (ks_str_hasprefix(s, ops[k].name)) {
			q->op = ops[k].op;
			has_op = true;
			s = ks_vtrim(ks_str_sub(s, strlen(ops[k].name), s.n));
			break;
		}
	}
	if (is_wild(s, 0) && s.n == 1 && !has_op) {
		*any = true;
		return 0;
	}
	if (!ks_vnum(s, &i, false, UINT64_MAX, &q->major))
		return KS_ECORRUPT;
	if (i < s.n && s.p[i] == '.') {
		i++;
		if (is_wild(s, i)) {
			wild = true;
			i++;
		} else if (ks_vnum(s, &i, false, UINT64_MAX, &q->minor)) {
			q->has_minor = true;
		} else {
			return KS_ECORRUPT;
		}
	}
	if (i < s.n && s.p[i] == '.') {
		i++;
		if (is_wild(s, i)) {
			wild = true;
			i++;
		} else if (!wild && ks_vnum(s, &i, false, UINT64_MAX, &q->patch)) {
			q->has_patch = true;
		} else {
			return KS_ECORRUPT;
		}
	}
	if (wild) {
		if (i != s.n || (has_op && q->op != C_EXACT))
			return KS_ECORRUPT;
		q->op = C_WILDCARD;
		return 0;
	}
	if (i < s.n) {
		struct ks_sv tail;

		if (!q->has_patch)
			return KS_ECORRUPT; /* a pre-release needs MAJOR.MINOR.PATCH */
		memset(&tail, 0, sizeof(tail));
		if ((rc = cargo_tail(vc, ks_str_sub(s, i, s.n), &tail)) != 0)
			return rc;
		q->pre = tail.pre;
	}
	return 0;
}

static int cargo_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	struct ks_vclause *c;
	size_t i = 0;
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	while (i <= expr.n) {
		ptrdiff_t comma = ks_str_chr(ks_str_sub(expr, i, expr.n), ',');
		size_t j = comma >= 0 ? i + (size_t)comma : expr.n;
		struct ks_str s = ks_vtrim(ks_str_sub(expr, i, j - i));
		struct creq *q;
		bool any;

		i = j + 1;
		if ((q = ks_arena_alloc(vc->a, sizeof(*q))) == NULL)
			return ks_vnomem(vc);
		if ((rc = cargo_comparator(vc, s, q, &any)) == KS_ECORRUPT)
			return ks_verr(vc, rc, s, "invalid version requirement");
		if (rc != 0)
			return rc;
		rc = any ? ks_vterm_add(vc, c, KS_OP_ANY, NULL, NULL)
			 : ks_vterm_add(vc, c, KS_OP_ECO, NULL, q);
		if (rc != 0)
			return rc;
	}
	return 0;
}

const struct ks_ver_ops ks_ver_ops_cargo = {
	.parse = cargo_parse,
	.cmp = cargo_cmp,
	.range = cargo_range,
	.term = cargo_term,
	.clause = cargo_clause,
};
