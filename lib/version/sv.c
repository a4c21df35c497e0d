/* sv.c - SemVer-style dot-separated identifier lists shared by several comparators;
 * see vint.h. */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

static bool id_char(int c)
{
	return ks_visalnum(c) || c == '-';
}

int ks_svids_parse(struct ks_vctx *vc, struct ks_str s, unsigned rules, struct ks_svids *out)
{
	struct ks_svid *ids;
	size_t i, n = 1, k = 0, start = 0;

	for (i = 0; i < s.n; i++)
		if (s.p[i] == '.')
			n++;
	if ((ids = ks_arena_calloc(vc->a, n, sizeof(*ids))) == NULL)
		return ks_vnomem(vc);
	for (i = 0; i <= s.n; i++) {
		struct ks_svid *id;
		size_t j;

		if (i < s.n && s.p[i] != '.')
			continue;
		id = &ids[k++];
		id->p = s.p + start;
		id->n = (uint32_t)(i - start);
		id->num = id->n > 0;
		for (j = 0; j < id->n; j++) {
			if (!id_char((unsigned char)id->p[j]))
				return KS_ECORRUPT;
			if (!ks_visdigit((unsigned char)id->p[j]))
				id->num = false;
		}
		if (id->n == 0 && (rules & KS_SV_NOEMPTY))
			return KS_ECORRUPT;
		if (id->num && id->n > 1 && id->p[0] == '0' && (rules & KS_SV_NOLEADZERO))
			return KS_ECORRUPT;
		start = i + 1;
	}
	out->id = ids;
	out->n = (uint32_t)n;
	return 0;
}

static int cmp_icase(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i;

	for (i = 0; i < an && i < bn; i++) {
		int ca = ks_vlower((unsigned char)a[i]), cb = ks_vlower((unsigned char)b[i]);

		if (ca != cb)
			return ca - cb;
	}
	return an == bn ? 0 : (an < bn ? -1 : 1);
}

int ks_svids_cmp(const struct ks_svids *a, const struct ks_svids *b, bool icase)
{
	uint32_t i;

	for (i = 0; i < a->n && i < b->n; i++) {
		const struct ks_svid *x = &a->id[i], *y = &b->id[i];
		int r;

		if (x->num && y->num)
			r = ks_vnumcmp(x->p, x->n, y->p, y->n);
		else if (x->num != y->num)
			r = x->num ? -1 : 1;
		else if (icase)
			r = cmp_icase(x->p, x->n, y->p, y->n);
		else
			r = ks_vstrcmp(x->p, x->n, y->p, y->n);
		if (r != 0)
			return r;
	}
	return a->n == b->n ? 0 : (a->n < b->n ? -1 : 1);
}

static int u64cmp(uint64_t a, uint64_t b)
{
	return a == b ? 0 : (a < b ? -1 : 1);
}

int ks_sv_cmp(const struct ks_sv *a, const struct ks_sv *b)
{
	int r;

	if ((r = u64cmp(a->major, b->major)) != 0 || (r = u64cmp(a->minor, b->minor)) != 0 ||
		(r = u64cmp(a->patch, b->patch)) != 0)
		return r;
	if (a->pre.n == 0 || b->pre.n == 0)
		return a->pre.n == b->pre.n ? 0 : (a->pre.n == 0 ? 1 : -1);
	return ks_svids_cmp(&a->pre, &b->pre, false);
}

size_t ks_vdigits_end(struct ks_str s, size_t i)
{
	while (i < s.n && ks_visdigit((unsigned char)s.p[i]))
		i++;
	return i;
}

bool ks_vnum(struct ks_str s, size_t *i, bool leadzero, uint64_t max, uint64_t *out)
{
	size_t j = ks_vdigits_end(s, *i);
	struct ks_str d = ks_str_sub(s, *i, j - *i);

	if (d.n == 0 || (!leadzero && d.n > 1 && d.p[0] == '0') || !ks_str_to_u64(d, max, out))
		return false;
	*i = j;
	return true;
}

bool ks_vword(struct ks_str s, size_t i, const char *w)
{
	size_t k, n = strlen(w);

	if (i > s.n || s.n - i < n)
		return false;
	for (k = 0; k < n; k++)
		if (ks_vlower((unsigned char)s.p[i + k]) != w[k])
			return false;
	return true;
}
