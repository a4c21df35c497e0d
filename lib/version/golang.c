/*
 * golang.c - Go module versions (golang.org/x/mod/semver) and Go toolchain versions
 * (go/version).
 *
 * Module versions: vMAJOR[.MINOR[.PATCH[-PRE][+BUILD]]] as x/mod/semver parses them, except
 * that the leading "v" is optional (OSV's Go ecosystem writes "1.2.3"). "v1" and "v1.2"
 * are v1.0.0 and v1.2.0; numbers have no leading zeros; pseudo-versions
 * (v0.0.0-20191109021931-daa7c04131f5) are ordinary pre-releases and "+incompatible" is
 * build metadata, ignored like all build metadata. Ordering is SemVer precedence.
 *
 * Toolchain versions start with "go": go1, go1.20, go1.21rc1, go1.21.3 (go/version
 * rules). Since Go 1.21, "go1.21" is the language version, older than go1.21rc1, older
 * than go1.21.0; before 1.21, "go1.20" is the release itself (go1.20.0). They map onto
 * SemVer so that both spellings order together: go1.21rc1 is 1.21.0-rc.1 (the Go
 * vulnerability database's spelling), go1.21 is 1.21.0-0, go1.20 is 1.20.0.
 *
 * Ranges use the generic comparator list (vint.h).
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

/* go/version: go1[.N[.N | KIND[N]]]. */
static int parse_toolchain(struct ks_vctx *vc, struct ks_str s, struct ks_sv *v)
{
	struct ks_svid *ids;
	size_t i = 2, k;

	if (!ks_vnum(s, &i, false, UINT64_MAX, &v->major))
		return KS_ECORRUPT;
	if (i == s.n)
		return 0; /* "go1" is 1.0.0 */
	if (s.p[i++] != '.' || !ks_vnum(s, &i, false, UINT64_MAX, &v->minor))
		return KS_ECORRUPT;
	if (i == s.n) {
		if (v->minor < 21)
			return 0; /* go1.20 is the release go1.20.0 */
		/* the language version go1.21: below every go1.21 pre-release */
		if ((ids = ks_arena_calloc(vc->a, 1, sizeof(*ids))) == NULL)
			return ks_vnomem(vc);
		ids[0] = (struct ks_svid){ "0", 1, true };
		v->pre = (struct ks_svids){ ids, 1 };
		return 0;
	}
	if (s.p[i] == '.') {
		i++;
		if (!ks_vnum(s, &i, false, UINT64_MAX, &v->patch) || i != s.n)
			return KS_ECORRUPT;
		return 0;
	}
	for (k = i; k < s.n && s.p[k] >= 'a' && s.p[k] <= 'z'; k++)
		;
	if (k == i)
		return KS_ECORRUPT;
	if ((ids = ks_arena_calloc(vc->a, 2, sizeof(*ids))) == NULL)
		return ks_vnomem(vc);
	ids[0] = (struct ks_svid){ s.p + i, (uint32_t)(k - i), false };
	v->pre = (struct ks_svids){ ids, 1 };
	if (k < s.n) {
		uint64_t n;

		i = k;
		if (!ks_vnum(s, &i, false, UINT64_MAX, &n) || i != s.n)
			return KS_ECORRUPT;
		ids[1] = (struct ks_svid){ s.p + k, (uint32_t)(s.n - k), true };
		v->pre.n = 2;
	}
	return 0;
}

/* x/mod/semver with an optional "v". */
static int parse_module(struct ks_vctx *vc, struct ks_str s, struct ks_sv *v)
{
	size_t i = s.n > 0 && s.p[0] == 'v' ? 1 : 0;
	ptrdiff_t plus;
	struct ks_str rest;
	int rc;

	if (!ks_vnum(s, &i, false, UINT64_MAX, &v->major))
		return KS_ECORRUPT;
	if (i == s.n)
		return 0;
	if (s.p[i++] != '.' || !ks_vnum(s, &i, false, UINT64_MAX, &v->minor))
		return KS_ECORRUPT;
	if (i == s.n)
		return 0;
	if (s.p[i++] != '.' || !ks_vnum(s, &i, false, UINT64_MAX, &v->patch))
		return KS_ECORRUPT;
	rest = ks_str_sub(s, i, s.n);
	plus = ks_str_chr(rest, '+');
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

static int go_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct ks_sv *v;
	int rc;

	if ((v = ks_arena_calloc(vc->a, 1, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	if (ks_str_hasprefix(s, "go"))
		rc = parse_toolchain(vc, s, v);
	else
		rc = parse_module(vc, s, v);
	if (rc == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "not a valid Go module or toolchain version");
	if (rc != 0)
		return rc;
	*out = v;
	return 0;
}

static int go_cmp(const void *a, const void *b)
{
	return ks_sv_cmp(a, b);
}

const struct ks_ver_ops ks_ver_ops_go = {
	.parse = go_parse,
	.cmp = go_cmp,
};
