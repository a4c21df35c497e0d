/*
 * rpm.c - RPM [epoch:]version[-release] (EVR) strings, ordered as rpm 4.18 orders them.
 *
 * Parsing follows rpm's parseEVR(): a run of leading digits followed by ':' is the epoch
 * ("" counts as 0; a missing epoch also compares as 0), the release is what follows the
 * last '-' after it. Modularity releases (".module_el8.4.0+2519+...") are ordinary release
 * strings. Only an empty version and whitespace inside the string are rejected.
 *
 * Ordering is rpm 4.18's rpmverCmp() (what rpm's Lua rpm.vercmp() uses): epochs, then
 * versions, then releases with rpmvercmp(); when only one side has a release, that side
 * is newer ("1.0" < "1.0-3", even "1.0" < "1.0-~1"). rpmvercmp() walks both strings
 * segment by segment: separators (anything but ASCII letters, digits, '~' and '^') are
 * skipped; '~' sorts before anything, even the end of the string; '^' sorts after the end
 * of the string but before anything else; a digit run beats a letter run; digit runs
 * compare numerically (any length), letter runs with strcmp(); when one string runs out,
 * the one with characters left is newer.
 *
 * Ranges use the generic comparator list (vint.h).
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

struct rpm_ver {
	struct ks_str e; /* digits; p == NULL if absent */
	struct ks_str v;
	struct ks_str r; /* p == NULL if absent */
};

int ks_rpmvercmp(struct ks_str a, struct ks_str b)
{
	size_t i = 0, j = 0;

	if (ks_str_eqs(a, b))
		return 0;
	while (i < a.n || j < b.n) {
		size_t si, sj;
		bool isnum;
		int rc;

		while (i < a.n && !ks_visalnum((unsigned char)a.p[i]) && a.p[i] != '~' &&
			a.p[i] != '^')
			i++;
		while (j < b.n && !ks_visalnum((unsigned char)b.p[j]) && b.p[j] != '~' &&
			b.p[j] != '^')
			j++;
		/* tilde sorts before everything, even the end */
		if ((i < a.n && a.p[i] == '~') || (j < b.n && b.p[j] == '~')) {
			if (i >= a.n || a.p[i] != '~')
				return 1;
			if (j >= b.n || b.p[j] != '~')
				return -1;
			i++;
			j++;
			continue;
		}
		/* caret sorts after the end but before anything else */
		if ((i < a.n && a.p[i] == '^') || (j < b.n && b.p[j] == '^')) {
			if (i >= a.n)
				return -1;
			if (j >= b.n)
				return 1;
			if (a.p[i] != '^')
				return 1;
			if (b.p[j] != '^')
				return -1;
			i++;
			j++;
			continue;
		}
		if (i >= a.n || j >= b.n)
			break;
		si = i;
		sj = j;
		isnum = ks_visdigit((unsigned char)a.p[i]);
		if (isnum) {
			while (i < a.n && ks_visdigit((unsigned char)a.p[i]))
				i++;
			while (j < b.n && ks_visdigit((unsigned char)b.p[j]))
				j++;
		} else {
			while (i < a.n && ks_visalpha((unsigned char)a.p[i]))
				i++;
			while (j < b.n && ks_visalpha((unsigned char)b.p[j]))
				j++;
		}
		/* different segment types: the numeric one is newer */
		if (j == sj)
			return isnum ? 1 : -1;
		if (isnum)
			rc = ks_vnumcmp(a.p + si, i - si, b.p + sj, j - sj);
		else
			rc = ks_vstrcmp(a.p + si, i - si, b.p + sj, j - sj);
		if (rc != 0)
			return rc < 0 ? -1 : 1;
	}
	if (i >= a.n && j >= b.n)
		return 0;
	return i >= a.n ? -1 : 1;
}

static int rpm_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct rpm_ver *v;
	struct ks_str rest;
	ptrdiff_t hyphen;
	size_t i;

	for (i = 0; i < s.n; i++)
		if (ks_visspace((unsigned char)s.p[i]))
			return ks_verr(vc, KS_ECORRUPT, s, "version has embedded blanks");
	if ((v = ks_arena_calloc(vc->a, 1, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	for (i = 0; i < s.n && ks_visdigit((unsigned char)s.p[i]); i++)
		;
	rest = s;
	if (i < s.n && s.p[i] == ':') {
		v->e = i > 0 ? ks_str_sub(s, 0, i) : KS_STR_LIT("0");
		rest = ks_str_sub(s, i + 1, s.n);
	}
	/* the release starts after the last '-' following the epoch digits */
	hyphen = ks_str_rchr(ks_str_sub(s, i, s.n), '-');
	if (hyphen >= 0) {
		/* h indexes s (never inside the epoch); vstart is 0 or just after the colon */
		size_t h = i + (size_t)hyphen, vstart = (size_t)(rest.p - s.p);

		v->v = ks_str_sub(s, vstart, h - vstart);
		v->r = ks_str_sub(s, h + 1, s.n);
	} else {
		v->v = rest;
	}
	if (v->v.n == 0)
		return ks_verr(vc, KS_ECORRUPT, s, "version is empty");
	*out = v;
	return 0;
}

static int rpm_cmp(const void *pa, const void *pb)
{
	const struct rpm_ver *a = pa, *b = pb;
	struct ks_str ea = a->e.p != NULL ? a->e : KS_STR_LIT("0");
	struct ks_str eb = b->e.p != NULL ? b->e : KS_STR_LIT("0");
	int r;

	if ((r = ks_rpmvercmp(ea, eb)) != 0)
		return r;
	if ((r = ks_rpmvercmp(a->v, b->v)) != 0)
		return r;
	if (a->r.p != NULL && b->r.p != NULL)
		return ks_rpmvercmp(a->r, b->r);
	return (a->r.p != NULL) - (b->r.p != NULL);
}

const struct ks_ver_ops ks_ver_ops_rpm = {
	.parse = rpm_parse,
	.cmp = rpm_cmp,
};
