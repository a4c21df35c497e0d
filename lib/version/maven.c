/*
 * maven.c - Maven artifact versions (ComparableVersion) and version ranges.
 *
 * Behaviour followed: current Maven, i.e. maven-artifact's ComparableVersion of 3.8.7 and
 * the maven-3.9.x branch (test_version_oracles checks it against the 3.8.7 jar). The string is
 * lower-cased and split into a tree of items: numbers, qualifiers and sub-lists. A '.'
 * separates items of the same list; a '-', and every switch between digits and letters,
 * opens a sub-list; since 3.8 a qualifier after a '.' is treated as if it followed a '-'
 * ("1.0.0.RC1" parses like "1.0.0-RC1"). Trailing "null" items (0, "", "final", "ga",
 * "release", empty lists) are dropped. Qualifiers order alpha < beta < milestone < rc
 * (= cr) < snapshot < "" (= ga = final = release) < sp < any other qualifier
 * (alphabetically); "a1", "b1", "m1" mean alpha-1, beta-1, milestone-1. A number beats a
 * list, which beats a qualifier; numbers compare by value (any length).
 *
 * Where Maven releases differ: before 3.8, a qualifier after a '.' stayed in the same list,
 * so "2.0.a" < "2.0.0.a", "1-foo" > "1.foo", "1-1-foo" > "1-1.foo", "2-1" < "2.0.a" and
 * "2-1" < "2.0.0.a". The old ComparableVersionTest, claircore and go-mvn-version (used by
 * Trivy) still expect those answers; Maven 3.8.7 and 3.9 answer "=", "=", "=", ">" and
 * ">". kensa follows current Maven, since that is how Maven itself resolves the versions
 * an advisory names (tests/unit/version-maven-note.md lists the five fixture rows).
 *
 * Ranges: Maven's interval syntax, `[1.0,2.0)`, `(,1.0]`, `[1.2]`, `[1.5,)`, with several
 * intervals separated by commas meaning any of them (`(,1.0],[1.2,)`); a comparator list
 * (`>= 1.0, < 2.0`, vint.h) when the expression starts with an operator; a bare version
 * means exactly that version (Maven would take it as a soft "recommended" version, which
 * matches anything and is useless for advisories).
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

enum { M_INT, M_STR, M_LIST };

/* Qualifier ranks; unknown qualifiers rank M_Q_OTHER and compare by name. */
enum { M_Q_ALPHA, M_Q_BETA, M_Q_MILESTONE, M_Q_RC, M_Q_SNAPSHOT, M_Q_RELEASE, M_Q_SP, M_Q_OTHER };

struct mlist;

struct mitem {
	uint8_t type;
	uint8_t rank;  /* M_STR */
	uint32_t n;    /* M_INT digits (no leading zeros; 0 is "") / M_STR name length */
	const char *p; /* digits or qualifier name (lower case) */
	struct mlist *list;
};

struct mlist {
	struct mitem *it;
	size_t n, cap;
};

static bool item_null(const struct mitem *it)
{
	switch (it->type) {
	case M_INT:
		return it->n == 0;
	case M_STR:
		return it->rank == M_Q_RELEASE;
	default:
		return it->list->n == 0;
	}
}

/* ListItem.normalize(): drop trailing null items, looking through non-null sub-lists. */
static void normalize(struct mlist *l)
{
	size_t i;

	for (i = l->n; i > 0; i--) {
		struct mitem *it = &l->it[i - 1];

		if (item_null(it)) {
			memmove(it, it + 1, (l->n - i) * sizeof(*it));
			l->n--;
		} else if (it->type != M_LIST) {
			break;
		}
	}
}

static int cmp_null(const struct mitem *a);

/* Item.compareTo(): b may be NULL (a missing item). */
static int item_cmp(const struct mitem *a, const struct mitem *b)
{
	size_t i;

	if (b == NULL)
		return cmp_null(a);
	switch (a->type) {
	case M_INT:
		if (b->type == M_INT)
			return ks_vnumcmp(a->p, a->n, b->p, b->n);
		return 1; /* 1.1 > 1-sp, 1.1 > 1-1 */
	case M_STR:
		if (b->type != M_STR)
			return -1; /* 1.any < 1.1, 1.any < 1-1 */
		if (a->rank != b->rank)
			return a->rank < b->rank ? -1 : 1;
		return a->rank == M_Q_OTHER ? ks_vstrcmp(a->p, a->n, b->p, b->n) : 0;
	default:
		if (b->type == M_INT)
			return -1; /* 1-1 < 1.0.x */
		if (b->type == M_STR)
			return 1; /* 1-1 > 1-sp */
		for (i = 0; i < a->list->n || i < b->list->n; i++) {
			const struct mitem *l = i < a->list->n ? &a->list->it[i] : NULL;
			const struct mitem *r = i < b->list->n ? &b->list->it[i] : NULL;
			int c = l != NULL ? item_cmp(l, r) : (r != NULL ? -cmp_null(r) : 0);

			if (c != 0)
				return c;
		}
		return 0;
	}
}

static int cmp_null(const struct mitem *a)
{
	size_t i;

	switch (a->type) {
	case M_INT:
		return a->n == 0 ? 0 : 1; /* 1.0 == 1, 1.1 > 1 */
	case M_STR:
		return a->rank == M_Q_RELEASE ? 0 : (a->rank < M_Q_RELEASE ? -1 : 1);
	default:
		for (i = 0; i < a->list->n; i++) { /* MNG-6964: the whole list */
			int c = cmp_null(&a->list->it[i]);

			if (c != 0)
				return c;
		}
		return 0;
	}
}

struct mparse {
	struct ks_vctx *vc;
	struct mlist **lists; /* every list created, outermost first, for normalize() */
	size_t nlists, caplists;
	struct mlist *cur;
};

static struct mitem *add_item(struct mparse *mp, int type)
{
	struct mlist *l = mp->cur;
	struct mitem *it;

	if (l->n == l->cap) {
		it = ks_arena_grow(mp->vc->a, l->it, l->n, &l->cap, l->n + 1, sizeof(*it));
		if (it == NULL)
			return NULL;
		l->it = it;
	}
	it = &l->it[l->n++];
	memset(it, 0, sizeof(*it));
	it->type = (uint8_t)type;
	return it;
}

/* Adds a new sub-list to the current list and makes it current. */
static int push_list(struct mparse *mp)
{
	struct mitem *it;
	struct mlist *l;

	if (mp->nlists == mp->caplists) {
		struct mlist **ls = ks_arena_grow(mp->vc->a, mp->lists, mp->nlists, &mp->caplists,
			mp->nlists + 1, sizeof(*ls));

		if (ls == NULL)
			return ks_vnomem(mp->vc);
		mp->lists = ls;
	}
	if ((l = ks_arena_calloc(mp->vc->a, 1, sizeof(*l))) == NULL)
		return ks_vnomem(mp->vc);
	if (mp->cur != NULL) {
		if ((it = add_item(mp, M_LIST)) == NULL)
			return ks_vnomem(mp->vc);
		it->list = l;
	}
	mp->lists[mp->nlists++] = l;
	mp->cur = l;
	return 0;
}

static int qualifier_rank(const char *p, size_t n)
{
	static const char *const names[] = { "alpha", "beta", "milestone", "rc", "snapshot", "",
		"sp" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && memcmp(names[i], p, n) == 0)
			return (int)i;
	return M_Q_OTHER;
}

/* Adds a number (digit run) or a qualifier (StringItem with its aliases). */
static int add_token(
	struct mparse *mp, bool digits, const char *p, size_t n, bool followed_by_digit)
{
	struct mitem *it = add_item(mp, digits ? M_INT : M_STR);

	if (it == NULL)
		return ks_vnomem(mp->vc);
	if (digits) {
		while (n > 0 && *p == '0') {
			p++;
			n--;
		}
	} else {
		if (followed_by_digit && n == 1) {
			if (*p == 'a')
				p = "alpha", n = 5;
			else if (*p == 'b')
				p = "beta", n = 4;
			else if (*p == 'm')
				p = "milestone", n = 9;
		}
		if ((n == 2 && memcmp(p, "ga", 2) == 0) || (n == 5 && memcmp(p, "final", 5) == 0) ||
			(n == 7 && memcmp(p, "release", 7) == 0))
			n = 0;
		else if (n == 2 && memcmp(p, "cr", 2) == 0)
			p = "rc";
		it->rank = (uint8_t)qualifier_rank(p, n);
	}
	it->p = p;
	it->n = (uint32_t)n;
	return 0;
}

static int maven_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct mparse mp = { vc, NULL, 0, 0, NULL };
	struct mitem *root;
	bool isdigit = false;
	size_t i, start = 0;
	char *low;
	int rc;

	if ((low = ks_arena_alloc(vc->a, s.n + 1)) == NULL)
		return ks_vnomem(vc);
	for (i = 0; i < s.n; i++)
		low[i] = (char)ks_vlower((unsigned char)s.p[i]);
	low[s.n] = '\0';
	if ((rc = push_list(&mp)) != 0)
		return rc;
	for (i = 0; i < s.n; i++) {
		char c = low[i];

		if (c == '.' || c == '-') {
			if (i == start)
				rc = add_token(&mp, true, "0", 1, false);
			else
				rc = add_token(&mp, isdigit, low + start, i - start, false);
			if (rc == 0 && c == '-')
				rc = push_list(&mp);
			start = i + 1;
		} else if (ks_visdigit((unsigned char)c)) {
			if (!isdigit && i > start) {
				/* 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any qualifier X */
				if (mp.cur->n > 0)
					rc = push_list(&mp);
				if (rc == 0)
					rc = add_token(&mp, false, low + start, i - start, true);
				start = i;
				if (rc == 0)
					rc = push_list(&mp);
			}
			isdigit = true;
		} else {
			if (isdigit && i > start) {
				rc = add_token(&mp, true, low + start, i - start, false);
				start = i;
				if (rc == 0)
					rc = push_list(&mp);
			}
			isdigit = false;
		}
		if (rc != 0)
			return rc;
	}
	if (s.n > start) {
		if (!isdigit && mp.cur->n > 0 && (rc = push_list(&mp)) != 0)
			return rc;
		if ((rc = add_token(&mp, isdigit, low + start, s.n - start, false)) != 0)
			return rc;
	}
	for (i = mp.nlists; i > 0; i--)
		normalize(mp.lists[i - 1]);
	if ((root = ks_arena_calloc(vc->a, 1, sizeof(*root))) == NULL)
		return ks_vnomem(vc);
	root->type = M_LIST;
	root->list = mp.lists[0];
	*out = root;
	return 0;
}

static int maven_cmp(const void *a, const void *b)
{
	return item_cmp(a, b);
}

/* One interval "[a,b)" / "(,b]" / "[a]" (brackets included) as a clause. */
static int interval(struct ks_vctx *vc, struct ks_str iv, struct ks_range *r)
{
	bool lo_inc = iv.p[0] == '[', hi_inc = iv.p[iv.n - 1] == ']';
	struct ks_str body = ks_vtrim(ks_str_sub(iv, 1, iv.n - 2)), lo, hi;
	const struct ks_ver *vlo = NULL, *vhi = NULL;
	struct ks_vclause *c;
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	if (!ks_str_cut(body, ',', &lo, &hi)) {
		/* "[1.0]": exactly that version */
		if (!lo_inc || !hi_inc || body.n == 0)
			return ks_verr(vc, KS_ECORRUPT, iv, "a single version needs [ and ]");
		if ((rc = ks_vparse(vc, body, &vlo)) != 0)
			return rc;
		return ks_vterm_add(vc, c, KS_OP_EQ, vlo, NULL);
	}
	lo = ks_vtrim(lo);
	hi = ks_vtrim(hi);
	if (ks_str_chr(hi, ',') >= 0)
		return ks_verr(vc, KS_ECORRUPT, iv, "too many commas in an interval");
	if (lo.n > 0 && (rc = ks_vparse(vc, lo, &vlo)) != 0)
		return rc;
	if (hi.n > 0 && (rc = ks_vparse(vc, hi, &vhi)) != 0)
		return rc;
	if (vlo != NULL && vhi != NULL && ks_ver_cmp(vlo, vhi) > 0)
		return ks_verr(vc, KS_ECORRUPT, iv, "the lower bound is above the upper bound");
	if (vlo != NULL && (rc = ks_vterm_add(vc, c, lo_inc ? KS_OP_GE : KS_OP_GT, vlo, NULL)) != 0)
		return rc;
	if (vhi != NULL && (rc = ks_vterm_add(vc, c, hi_inc ? KS_OP_LE : KS_OP_LT, vhi, NULL)) != 0)
		return rc;
	if (c->n == 0)
		return ks_vterm_add(vc, c, KS_OP_ANY, NULL, NULL);
	return 0;
}

static int maven_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	size_t i = 0;
	int rc;

	if (expr.n == 0)
		return ks_verr(vc, KS_ECORRUPT, expr, "empty range");
	if (expr.p[0] != '[' && expr.p[0] != '(') {
		const struct ks_ver *v;
		struct ks_vclause *c;

		if (strchr("<>=!", expr.p[0]) != NULL || ks_str_chr(expr, ' ') >= 0 ||
			ks_str_chr(expr, ',') >= 0)
			return ks_vrange_generic(vc, expr, NULL, r);
		if ((c = ks_vclause_add(vc, r)) == NULL)
			return KS_ENOMEM;
		if ((rc = ks_vparse(vc, expr, &v)) != 0)
			return rc;
		return ks_vterm_add(vc, c, KS_OP_EQ, v, NULL);
	}
	while (i < expr.n) {
		size_t j = i + 1;

		while (j < expr.n && expr.p[j] != ']' && expr.p[j] != ')')
			j++;
		if (j >= expr.n || (expr.p[i] != '[' && expr.p[i] != '('))
			return ks_verr(vc, KS_ECORRUPT, expr, "unbalanced interval brackets");
		if ((rc = interval(vc, ks_str_sub(expr, i, j + 1 - i), r)) != 0)
			return rc;
		for (i = j + 1; i < expr.n && ks_visspace((unsigned char)expr.p[i]); i++)
			;
		if (i < expr.n) {
			if (expr.p[i] != ',')
				return ks_verr(vc, KS_ECORRUPT, expr,
					"intervals must be separated by ','");
			for (i++; i < expr.n && ks_visspace((unsigned char)expr.p[i]); i++)
				;
			if (i >= expr.n)
				return ks_verr(vc, KS_ECORRUPT, expr, "trailing ','");
		}
	}
	return 0;
}

const struct ks_ver_ops ks_ver_ops_maven = {
	.parse = maven_parse,
	.cmp = maven_cmp,
	.range = maven_range,
};
