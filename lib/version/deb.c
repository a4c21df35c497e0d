/*
 * deb.c - Debian package versions, ordered as dpkg orders them.
 *
 * A version is [epoch:]upstream[-revision]: the epoch is a decimal number up to INT_MAX
 * before the first colon, the revision is everything after the last hyphen. Parsing
 * rejects what dpkg's parseversion() rejects as an error (empty string, embedded blanks,
 * an empty/non-numeric/negative/too big epoch, nothing after the colon, an empty upstream
 * or revision) and, like `dpkg --compare-versions`, accepts what dpkg only warns about
 * (upstream not starting with a digit, unusual characters).
 *
 * Ordering (dpkg's verrevcmp): epochs numerically, then upstream, then revision (a missing
 * revision equals ""). Each part alternates a non-digit run, compared character by
 * character with '~' before everything (even the end of the string), letters before
 * non-letters, and a digit run compared numerically. Bytes are weighted exactly as dpkg
 * weights its (signed) chars, so even out-of-spec bytes order the same.
 *
 * Ranges use the generic comparator list (vint.h), which also takes dpkg's `<<` and `>>`.
 */
#include "version/vint.h"

#include <limits.h>
#include <string.h>

#include "util/banned.h"

struct deb_ver {
	int epoch;
	const char *up;	 /* NUL-terminated */
	const char *rev; /* NUL-terminated, "" if absent */
};

/* dpkg's order(): digits 0 (never reached), letters their code, '~' -1, end 0, and every
 * other char its (signed char) value + 256. */
static int order(signed char c)
{
	if (ks_visdigit(c))
		return 0;
	if (ks_visalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c != 0)
		return c + 256;
	return 0;
}

static int verrevcmp(const char *a, const char *b)
{
	while (*a != '\0' || *b != '\0') {
		int first_diff = 0;

		while ((*a != '\0' && !ks_visdigit(*a)) || (*b != '\0' && !ks_visdigit(*b))) {
			int ac = order(*a), bc = order(*b);

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (*a == '0')
			a++;
		while (*b == '0')
			b++;
		while (ks_visdigit(*a) && ks_visdigit(*b)) {
			if (first_diff == 0)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (ks_visdigit(*a))
			return 1;
		if (ks_visdigit(*b))
			return -1;
		if (first_diff != 0)
			return first_diff;
	}
	return 0;
}

/* Parses the epoch in s[0..colon) like strtol(): optional sign, then digits. */
static int parse_epoch(struct ks_vctx *vc, struct ks_str s, size_t colon, int *out)
{
	struct ks_str num = ks_str_sub(s, 0, colon);
	bool neg = false;
	uint64_t v;

	if (num.n > 0 && (num.p[0] == '+' || num.p[0] == '-')) {
		neg = num.p[0] == '-';
		num.p++;
		num.n--;
	}
	if (num.n == 0 || !ks_visdigit((unsigned char)num.p[0]))
		return ks_verr(vc, KS_ECORRUPT, s, "epoch is empty");
	if (!ks_str_to_u64(num, UINT64_MAX, &v)) {
		size_t i;

		for (i = 0; i < num.n && ks_visdigit((unsigned char)num.p[i]); i++)
			;
		if (i < num.n)
			return ks_verr(vc, KS_ECORRUPT, s, "epoch is not a number");
		return ks_verr(vc, KS_ECORRUPT, s, "epoch is too big");
	}
	if (neg && v != 0)
		return ks_verr(vc, KS_ECORRUPT, s, "epoch is negative");
	if (v > INT_MAX)
		return ks_verr(vc, KS_ECORRUPT, s, "epoch is too big");
	*out = (int)v;
	return 0;
}

static int deb_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct deb_ver *d;
	struct ks_str ver;
	ptrdiff_t colon, hyphen;
	char *buf;
	size_t i;
	int r;

	if (s.n == 0)
		return ks_verr(vc, KS_ECORRUPT, s, "version is empty");
	for (i = 0; i < s.n; i++)
		if (s.p[i] == ' ' || s.p[i] == '\t')
			return ks_verr(vc, KS_ECORRUPT, s, "version has embedded blanks");
	if ((d = ks_arena_calloc(vc->a, 1, sizeof(*d))) == NULL)
		return ks_vnomem(vc);
	ver = s;
	if ((colon = ks_str_chr(s, ':')) >= 0) {
		if ((r = parse_epoch(vc, s, (size_t)colon, &d->epoch)) != 0)
			return r;
		ver = ks_str_sub(s, (size_t)colon + 1, s.n);
		if (ver.n == 0)
			return ks_verr(vc, KS_ECORRUPT, s, "nothing after the epoch colon");
	}
	if ((buf = ks_arena_strndup(vc->a, ver.p, ver.n)) == NULL)
		return ks_vnomem(vc);
	d->up = buf;
	d->rev = "";
	if ((hyphen = ks_str_rchr(ver, '-')) >= 0) {
		buf[hyphen] = '\0';
		d->rev = buf + hyphen + 1;
		if (*d->rev == '\0')
			return ks_verr(vc, KS_ECORRUPT, s, "revision is empty");
	}
	if (*d->up == '\0')
		return ks_verr(vc, KS_ECORRUPT, s, "upstream version is empty");
	*out = d;
	return 0;
}

static int deb_cmp(const void *pa, const void *pb)
{
	const struct deb_ver *a = pa, *b = pb;
	int r;

	if (a->epoch != b->epoch)
		return a->epoch < b->epoch ? -1 : 1;
	if ((r = verrevcmp(a->up, b->up)) != 0)
		return r;
	return verrevcmp(a->rev, b->rev);
}

const struct ks_ver_ops ks_ver_ops_deb = {
	.parse = deb_parse,
	.cmp = deb_cmp,
};
