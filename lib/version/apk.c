/*
 * apk.c - Alpine (apk-tools) package versions, ordered as apk-tools' version.c (master,
 * also used by 2.14) orders them.
 *
 * Grammar: digits{.digits}...[letter]{_suffix[digits]}...[~hexhash][-rN], where suffix is
 * one of alpha beta pre rc (pre-releases, older than no suffix) or cvs svn git hg p
 * (post-releases). A string that does not start with a digit is rejected. Like
 * `apk version -t`, a string that starts well but then breaks the grammar ("1.0bc",
 * "23_foo") is still ordered by its tokens up to the bad spot, where it ends in an
 * "invalid" token that sorts below the end of a valid version; with KS_VER_STRICT such
 * strings are rejected as apk_version_validate() rejects them ("1.2a1", "1.0_foo", "1-r",
 * "1.0-r1_p1").
 *
 * Ordering compares token by token while both sides have a token of the same kind: numbers
 * numerically, except that a dotted component with a leading zero on either side compares
 * as a string ("1.01" < "1.1"); letters by character; suffixes in the order above; commit
 * hashes as strings. When the kinds differ (or one side ends) a pre-release suffix on
 * either side makes that side older, otherwise the side that goes on with a "bigger" part
 * (a digit component before a letter, before a suffix, before a hash, before -rN, before
 * the end) is the newer one.
 *
 * Ranges use the generic comparator list plus apk's fuzzy operators: `~V` (V's components
 * are a prefix of the version, e.g. 3.6.9 ~ 3.6), `<~V` and `>~V` (less/greater or fuzzy
 * equal).
 */
#include "version/vint.h"

#include <string.h>

#include "util/banned.h"

enum tok {
	T_INITIAL_DIGIT,
	T_DIGIT,
	T_LETTER,
	T_SUFFIX,
	T_SUFFIX_NO,
	T_COMMIT_HASH,
	T_REVISION_NO,
	T_END,
	T_INVALID,
};

enum suffix {
	S_INVALID,
	S_ALPHA,
	S_BETA,
	S_PRE,
	S_RC,
	S_NONE, /* pre-releases sort below this, post-releases above */
	S_CVS,
	S_SVN,
	S_GIT,
	S_HG,
	S_P,
};

struct apk_tok {
	uint8_t type;
	uint8_t suffix;
	const char *p; /* the token's text (digits, letter, suffix name, hash) */
	uint32_t n;
};

struct apk_ver {
	const struct apk_tok *t; /* ends with a T_END token */
	uint32_t n;		 /* tokens before T_END */
};

enum {
	APK_OP_FUZZY = KS_OP_ECO, /* ~ */
	APK_OP_LE_FUZZY,	  /* <~ */
	APK_OP_GE_FUZZY,	  /* >~ */
};

static const struct ks_vopname apk_ops[] = {
	{ "~", APK_OP_FUZZY },
	{ "<~", APK_OP_LE_FUZZY },
	{ ">~", APK_OP_GE_FUZZY },
	{ NULL, 0 },
};

static enum suffix suffix_value(const char *p, size_t n)
{
	static const struct {
		const char *name;
		enum suffix s;
	} tab[] = {
		{ "alpha", S_ALPHA },
		{ "beta", S_BETA },
		{ "pre", S_PRE },
		{ "rc", S_RC },
		{ "cvs", S_CVS },
		{ "svn", S_SVN },
		{ "git", S_GIT },
		{ "hg", S_HG },
		{ "p", S_P },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strlen(tab[i].name) == n && memcmp(tab[i].name, p, n) == 0)
			return tab[i].s;
	return S_INVALID;
}

static bool is_hex(int c)
{
	return ks_visdigit(c) || (c >= 'a' && c <= 'f');
}

/* Scans digits at s[*i]; the token is invalid if there are none. */
static void digits(struct ks_str s, size_t *i, struct apk_tok *t)
{
	size_t j = *i;

	while (j < s.n && ks_visdigit((unsigned char)s.p[j]))
		j++;
	t->p = s.p + *i;
	t->n = (uint32_t)(j - *i);
	if (t->n == 0)
		t->type = T_INVALID;
	*i = j;
}

/* Reads the token after prev at s[*i] into t (apk-tools' token_next()). */
static void next_token(struct ks_str s, size_t *i, enum tok prev, struct apk_tok *t)
{
	int c;

	memset(t, 0, sizeof(*t));
	if (*i >= s.n) {
		t->type = T_END;
		return;
	}
	c = (unsigned char)s.p[*i];
	if (c >= 'a' && c <= 'z') {
		if (prev > T_DIGIT)
			goto invalid;
		t->type = T_LETTER;
		t->p = s.p + *i;
		t->n = 1;
		(*i)++;
	} else if (c == '.' || ks_visdigit(c)) {
		if (c == '.') {
			if (prev > T_DIGIT)
				goto invalid;
			(*i)++;
		}
		if (prev == T_INITIAL_DIGIT || prev == T_DIGIT)
			t->type = T_DIGIT;
		else if (prev == T_SUFFIX)
			t->type = T_SUFFIX_NO;
		else
			goto invalid;
		digits(s, i, t);
	} else if (c == '_') {
		size_t j;

		if (prev > T_SUFFIX_NO)
			goto invalid;
		j = ++(*i);
		while (j < s.n && s.p[j] >= 'a' && s.p[j] <= 'z')
			j++;
		t->p = s.p + *i;
		t->n = (uint32_t)(j - *i);
		*i = j;
		if ((t->suffix = (uint8_t)suffix_value(t->p, t->n)) == S_INVALID)
			goto invalid;
		t->type = T_SUFFIX;
	} else if (c == '~') {
		size_t j;

		if (prev >= T_COMMIT_HASH)
			goto invalid;
		j = ++(*i);
		while (j < s.n && is_hex((unsigned char)s.p[j]))
			j++;
		t->p = s.p + *i;
		t->n = (uint32_t)(j - *i);
		*i = j;
		if (t->n == 0)
			goto invalid;
		t->type = T_COMMIT_HASH;
	} else if (c == '-') {
		if (prev >= T_REVISION_NO || *i + 1 >= s.n || s.p[*i + 1] != 'r')
			goto invalid;
		*i += 2;
		t->type = T_REVISION_NO;
		digits(s, i, t);
	} else {
		goto invalid;
	}
	return;
invalid:
	t->type = T_INVALID;
}

static int apk_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct apk_tok *toks;
	struct apk_ver *v;
	size_t i = 0, n = 0;

	/* at most one token per byte, plus the end */
	if ((toks = ks_arena_calloc(vc->a, s.n + 1, sizeof(*toks))) == NULL ||
		(v = ks_arena_alloc(vc->a, sizeof(*v))) == NULL)
		return ks_vnomem(vc);
	toks[0].type = T_INITIAL_DIGIT;
	digits(s, &i, &toks[0]);
	while (toks[n].type < T_END) {
		n++;
		next_token(s, &i, (enum tok)toks[n - 1].type, &toks[n]);
	}
	if (toks[n].type == T_INVALID) {
		if (s.n == 0)
			return ks_verr(vc, KS_ECORRUPT, s, "version is empty");
		if (n == 0)
			return ks_verr(vc, KS_ECORRUPT, s, "version does not start with a digit");
		if (vc->flags & KS_VER_STRICT)
			return ks_verr(vc, KS_ECORRUPT, s, "not a valid apk version");
	}
	v->t = toks;
	v->n = (uint32_t)n;
	*out = v;
	return 0;
}

static int tok_cmp(const struct apk_tok *a, const struct apk_tok *b)
{
	switch (a->type) {
	case T_DIGIT:
		if (a->p[0] == '0' || b->p[0] == '0')
			return ks_vstrcmp(a->p, a->n, b->p, b->n);
		return ks_vnumcmp(a->p, a->n, b->p, b->n);
	case T_INITIAL_DIGIT:
	case T_SUFFIX_NO:
	case T_REVISION_NO:
		return ks_vnumcmp(a->p, a->n, b->p, b->n);
	case T_LETTER:
		return (unsigned char)a->p[0] - (unsigned char)b->p[0];
	case T_SUFFIX:
		return (int)a->suffix - (int)b->suffix;
	default:
		return ks_vstrcmp(a->p, a->n, b->p, b->n);
	}
}

/* apk_version_compare_fuzzy(): <0, 0, >0; with fuzzy, a version whose leading tokens
 * equal all of b's counts as equal. */
static int apk_cmp_fuzzy(const struct apk_ver *a, const struct apk_ver *b, bool fuzzy)
{
	const struct apk_tok *ta, *tb;
	size_t i;

	for (i = 0;; i++) {
		int r;

		ta = &a->t[i < a->n ? i : a->n];
		tb = &b->t[i < b->n ? i : b->n];
		if (ta->type != tb->type || ta->type >= T_END)
			break;
		if ((r = tok_cmp(ta, tb)) != 0)
			return r < 0 ? -1 : 1;
	}
	if (ta->type == tb->type)
		return 0;
	if (tb->type == T_END && fuzzy)
		return 0;
	if (ta->type == T_SUFFIX && ta->suffix < S_NONE)
		return -1;
	if (tb->type == T_SUFFIX && tb->suffix < S_NONE)
		return 1;
	return ta->type > tb->type ? -1 : 1;
}

static int apk_cmp(const void *a, const void *b)
{
	return apk_cmp_fuzzy(a, b, false);
}

static bool apk_term(const struct ks_range *r, const struct ks_vterm *t, const struct ks_ver *v)
{
	int c = apk_cmp_fuzzy(v->p, t->v->p, true);

	(void)r;
	switch (t->op) {
	case APK_OP_FUZZY:
		return c == 0;
	case APK_OP_LE_FUZZY:
		return c <= 0;
	case APK_OP_GE_FUZZY:
		return c >= 0;
	default:
		return false;
	}
}

static int apk_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	return ks_vrange_generic(vc, expr, apk_ops, r);
}

const struct ks_ver_ops ks_ver_ops_apk = {
	.parse = apk_parse,
	.cmp = apk_cmp,
	.range = apk_range,
	.term = apk_term,
};
