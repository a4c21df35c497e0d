/*
 * hex.c - Hex (Elixir/Erlang) package versions and requirements, with the semantics of
 * Elixir's Version module.
 *
 * Versions are MAJOR.MINOR.PATCH (no leading zeros) with an optional pre-release (numeric
 * identifiers without leading zeros) and build metadata; ordering is SemVer precedence
 * (build ignored, numbers before words in pre-releases, as Erlang term order has it).
 *
 * Requirements: `op version` terms joined by `and` (binds tighter) and `or`; op one of
 * == != > >= < <= ~> (a bare version means ==; Elixir's deprecated `=` and `!` spellings
 * are accepted). `~> 2.1` is >= 2.1.0 and < 3.0.0-0, `~> 2.1.3` is >= 2.1.3 and
 * < 2.2.0-0 (the only place MAJOR.MINOR may omit the patch). Pre-releases are allowed to
 * match (Version.match?/3's default). `||` is accepted as a synonym of `or`.
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

/* Parses s; with approx (after ~>) the patch may be missing (*has_patch false). Returns 0
 * or KS_ECORRUPT (no message) / KS_ENOMEM. */
static int hex_parse_sv(
	struct ks_vctx *vc, struct ks_str s, bool approx, struct ks_sv *v, bool *has_patch)
{
	ptrdiff_t plus = ks_str_chr(s, '+');
	struct ks_str head = plus >= 0 ? ks_str_sub(s, 0, (size_t)plus) : s;
	ptrdiff_t dash = ks_str_chr(head, '-');
	struct ks_str core = dash >= 0 ? ks_str_sub(head, 0, (size_t)dash) : head;
	size_t i = 0;
	int rc;

	memset(v, 0, sizeof(*v));
	*has_patch = true;
	if (!ks_vnum(core, &i, false, UINT64_MAX, &v->major) || i >= core.n || core.p[i++] != '.' ||
		!ks_vnum(core, &i, false, UINT64_MAX, &v->minor))
		return KS_ECORRUPT;
	if (i == core.n && approx) {
		*has_patch = false;
	} else if (i >= core.n || core.p[i++] != '.' || !ks_vnum(core, &i, false, UINT64_MAX, &v->patch) ||
		   i != core.n) {
		return KS_ECORRUPT;
	}
	if (dash >= 0 && (rc = ks_svids_parse(vc, ks_str_sub(head, (size_t)dash + 1, head.n),
				  KS_SV_NOEMPTY | KS_SV_NOLEADZERO, &v->pre)) != 0)
		return rc;
	if (plus >= 0)
		return ks_svids_parse(
			vc, ks_str_sub(s, (size_t)plus + 1, s.n), KS_SV_NOEMPTY, &v->build);
	return 0;
}

static int hex_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct ks_sv *v;
	bool has_patch;
	int rc;

	if ((v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	if ((rc = hex_parse_sv(vc, s, false, v, &has_patch)) == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "not a valid Elixir version");
	if (rc != 0)
		return rc;
	*out = v;
	return 0;
}

static int hex_cmp(const void *a, const void *b)
{
	return ks_sv_cmp(a, b);
}

static const struct ks_svid zero_id = { "0", 1, true };

/* Adds `op M.m.p[-0]` built from numbers. */
static int add_bound(
	struct ks_vctx *vc, struct ks_vclause *c, int op, uint64_t M, uint64_t m, bool pre0)
{
	const struct ks_ver *h;
	struct ks_sv *v;
	char *txt;

	if ((v = ks_arena_calloc(vc->a, 1, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	v->major = M;
	v->minor = m;
	if (pre0)
		v->pre = (struct ks_svids){ &zero_id, 1 };
	txt = ks_arena_printf(vc->a, "%llu.%llu.0%s", (unsigned long long)M, (unsigned long long)m,
		pre0 ? "-0" : "");
	if (txt == NULL || (h = ks_vwrap(vc, txt, v)) == NULL)
		return ks_vnomem(vc);
	return ks_vterm_add(vc, c, op, h, NULL);
}

static int hex_term(struct ks_vctx *vc, struct ks_vclause *c, struct ks_str t)
{
	static const struct {
		const char *name;
		int op;
	} ops[] = { { "~>", -1 }, { "==", KS_OP_EQ }, { "!=", KS_OP_NE }, { ">=", KS_OP_GE },
		{ "<=", KS_OP_LE }, { ">", KS_OP_GT }, { "<", KS_OP_LT }, { "=", KS_OP_EQ },
		{ "!", KS_OP_NE } };
	const struct ks_ver *h;
	struct ks_sv *v;
	bool has_patch;
	char *txt;
	size_t k;
	int op = KS_OP_EQ, rc;

	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		if (ks_str_hasprefix(t, ops[k].name)) {
			op = ops[k].op;
			t = ks_vtrim(ks_str_sub(t, strlen(ops[k].name), t.n));
			break;
		}
	}
	if ((v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	if ((rc = hex_parse_sv(vc, t, op == -1, v, &has_patch)) == KS_ECORRUPT)
		return ks_verr(vc, rc, t, "not a valid requirement version");
	if (rc != 0)
		return rc;
	if ((txt = ks_arena_strndup(vc->a, t.p, t.n)) == NULL || (h = ks_vwrap(vc, txt, v)) == NULL)
		return ks_vnomem(vc);
	if (op != -1)
		return ks_vterm_add(vc, c, op, h, NULL);
	if ((rc = ks_vterm_add(vc, c, KS_OP_GE, h, NULL)) != 0)
		return rc;
	if (!has_patch)
		return add_bound(vc, c, KS_OP_LT, v->major + 1, 0, true);
	return add_bound(vc, c, KS_OP_LT, v->major, v->minor + 1, true);
}

/* Index of the next blank-delimited word w in s at or after from, or s.n. */
static size_t find_word(struct ks_str s, size_t from, const char *w)
{
	size_t n = strlen(w), i;

	for (i = from; i + n <= s.n; i++)
		if (memcmp(s.p + i, w, n) == 0 &&
			(i == 0 || ks_visspace((unsigned char)s.p[i - 1])) &&
			(i + n == s.n || ks_visspace((unsigned char)s.p[i + n])))
			return i;
	return s.n;
}

static int hex_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	size_t i = 0;
	int rc;

	while (i <= expr.n) {
		size_t j = find_word(expr, i, "or"), k = 0;
		struct ks_str alt = ks_str_sub(expr, i, j - i);
		struct ks_vclause *c;

		if ((c = ks_vclause_add(vc, r)) == NULL)
			return KS_ENOMEM;
		while (k <= alt.n) {
			size_t l = find_word(alt, k, "and");
			struct ks_str t = ks_vtrim(ks_str_sub(alt, k, l - k));

			if (t.n == 0)
				return ks_verr(vc, KS_ECORRUPT, expr, "empty requirement");
			if ((rc = hex_term(vc, c, t)) != 0)
				return rc;
			k = l + 3;
		}
		i = j + 2;
	}
	return 0;
}

const struct ks_ver_ops ks_ver_ops_hex = {
	.parse = hex_parse,
	.cmp = hex_cmp,
	.range = hex_range,
};
