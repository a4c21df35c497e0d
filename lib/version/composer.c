/*
 * composer.c - PHP Composer / Packagist versions and constraints, with the semantics of
 * composer/semver 3 (VersionParser, Comparator, Constraint) on top of PHP's
 * version_compare().
 *
 * Versions are normalised as VersionParser::normalize() does: an optional "v", one to four
 * numbers (the first at most five digits) padded to four ("1.2" is 1.2.0.0), or a date
 * version ("2010-01-02" is 2010.01.02), then an optional stability suffix: stable, RC,
 * beta/b, alpha/a, patch/pl/p with optional numbers, and/or "dev" ("1.0.0-beta2" is
 * 1.0.0.0-beta2, "1.0RC" is 1.0.0.0-RC); build metadata ("+...") and `@stability` flags are
 * dropped, "master", "trunk" and "default" and "dev-*" are branches, "1.2.x-dev" is
 * 1.2.9999999.9999999-dev. Ordering is PHP's version_compare() on the normalised strings:
 * parts split at '.', '-', '_', '+' and letter/digit changes, numbers by value, words by
 * the special forms dev < alpha = a < beta = b < RC = rc < (number) < pl = p, unknown words
 * below dev. Composer finds two different branches incomparable; kensa orders them by name
 * so that sorting stays total.
 *
 * Constraints (VersionParser::parseConstraints): `||` (or `|`) alternatives of terms
 * separated by commas or blanks, all of which must hold: `*`, `1.2.*` (x-ranges),
 * `~1.2` (>= 1.2.0.0-dev < 2.0.0.0-dev), `^1.2.3` (>= 1.2.3.0-dev < 2.0.0.0-dev), hyphen
 * ranges `1.0 - 2.0` and comparisons `< <= > >= = == != <>` with Composer's "-dev" lower
 * bounds (so `>=1.2` admits 1.2 pre-releases and `<1.2` excludes them), `@stability` flags
 * and `as` aliases. As in Composer, a branch only satisfies `==` itself or `!=`.
 */
#include "version/vint.h"

#include <stdarg.h>
#include <string.h>

#include "util/buf.h"
#include "util/banned.h"

struct comp {
	const char *norm; /* normalised version ("1.2.0.0-beta2", "dev-master") */
	size_t nnorm;
	const char *canon; /* PHP-canonical form of norm ("1.2.0.0.beta.2") */
	bool branch;
};

/* PHP's php_canonicalize_version(). */
static char *php_canon(struct ks_arena *a, const char *v, size_t n)
{
	char *buf = ks_arena_alloc(a, 2 * n + 1), *q = buf;
	size_t i;
	char lp;

	if (buf == NULL)
		return NULL;
	if (n == 0) {
		*q = '\0';
		return buf;
	}
#define ISDIG(x) (ks_visdigit((unsigned char)(x)))
#define ISNDIG(x) (!ks_visdigit((unsigned char)(x)) && (x) != '.')
	*q++ = lp = v[0];
	for (i = 1; i < n; i++) {
		char c = v[i], lq = q[-1];

		if (c == '-' || c == '_' || c == '+') {
			if (lq != '.')
				*q++ = '.';
		} else if ((ISNDIG(lp) && ISDIG(c)) || (ISDIG(lp) && ISNDIG(c))) {
			if (lq != '.')
				*q++ = '.';
			*q++ = c;
		} else if (!ks_visalnum((unsigned char)c)) {
			if (lq != '.')
				*q++ = '.';
		} else {
			*q++ = c;
		}
		lp = c;
	}
#undef ISDIG
#undef ISNDIG
	*q = '\0';
	return buf;
}

/* compare_special_version_forms(): prefix match against PHP's table. */
static int special_form(const char *p, size_t n)
{
	static const struct {
		const char *name;
		int order;
	} forms[] = { { "dev", 0 }, { "alpha", 1 }, { "a", 1 }, { "beta", 2 }, { "b", 2 },
		{ "RC", 3 }, { "rc", 3 }, { "#", 4 }, { "pl", 5 }, { "p", 5 } };
	size_t i;

	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		size_t l = strlen(forms[i].name);

		if (l <= n && memcmp(p, forms[i].name, l) == 0)
			return forms[i].order;
	}
	return -1;
}

/* php_version_compare() on canonical strings (a or b may be "#N#", the number marker). */
static int php_vcmp(const char *a, const char *b)
{
	int c = 0;

	if (*a == '\0' || *b == '\0')
		return (*a != '\0') - (*b != '\0');
	for (;;) {
		const char *ea = strchr(a, '.'), *eb = strchr(b, '.');
		size_t na = ea != NULL ? (size_t)(ea - a) : strlen(a);
		size_t nb = eb != NULL ? (size_t)(eb - b) : strlen(b);
		bool da = ks_visdigit((unsigned char)*a), db = ks_visdigit((unsigned char)*b);

		if (da && db)
			c = ks_vnumcmp(a, ks_vdigits_end((struct ks_str){ a, na }, 0), b,
				ks_vdigits_end((struct ks_str){ b, nb }, 0));
		else if (!da && !db)
			c = special_form(a, na) - special_form(b, nb);
		else if (da)
			c = special_form("#N#", 3) - special_form(b, nb);
		else
			c = special_form(a, na) - special_form("#N#", 3);
		if (c != 0)
			return c < 0 ? -1 : 1;
		if (ea == NULL || eb == NULL) {
			a = ea != NULL ? ea + 1 : a + na;
			b = eb != NULL ? eb + 1 : b + nb;
			break;
		}
		a = ea + 1;
		b = eb + 1;
		if (*a == '\0' || *b == '\0')
			break;
	}
	if (*a != '\0')
		return ks_visdigit((unsigned char)*a) ? 1 : php_vcmp(a, "#N#");
	if (*b != '\0')
		return ks_visdigit((unsigned char)*b) ? -1 : php_vcmp("#N#", b);
	return 0;
}

/* The modifier `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$`
 * at s[i]: appends "-<stability><numbers>" and/or "-dev" to out. False if it does not
 * match to the end. *stab is set to the stability word (lower case) or NULL. */
static bool modifier(struct ks_str s, size_t i, struct ks_buf *out, const char **stab)
{
	static const char *const names[] = { "stable", "beta", "b", "rc", "alpha", "a", "patch",
		"pl", "p" };
	static const char *const expand[] = { "stable", "beta", "beta", "RC", "alpha", "alpha",
		"patch", "patch", "patch" };
	size_t k, nstart, nend;

	*stab = NULL;
	if (i < s.n && (s.p[i] == '.' || s.p[i] == '_' || s.p[i] == '-'))
		i++;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (ks_vword(s, i, names[k]))
			break;
	/* "dev" starts with none of the names but "d"; "p" must not swallow "pl"/"patch" */
	if (k < sizeof(names) / sizeof(names[0])) {
		i += strlen(names[k]);
		nstart = i;
		for (;;) {
			size_t j = i;

			if (j < s.n && (s.p[j] == '.' || s.p[j] == '-'))
				j++;
			if (j >= s.n || !ks_visdigit((unsigned char)s.p[j]))
				break;
			i = ks_vdigits_end(s, j);
		}
		nend = i;
		*stab = expand[k];
		if (k > 0) {
			/* ltrim('.-') of the numbers */
			while (nstart < nend && (s.p[nstart] == '.' || s.p[nstart] == '-'))
				nstart++;
			if (ks_buf_addf(out, "-%s%.*s", expand[k], (int)(nend - nstart),
				    s.p + nstart) != 0)
				return false;
		}
	}
	if (i < s.n && (s.p[i] == '.' || s.p[i] == '-') && ks_vword(s, i + 1, "dev") &&
		i + 4 == s.n) {
		i += 4;
	} else if (ks_vword(s, i, "dev") && i + 3 == s.n) {
		i += 3;
	} else {
		return i == s.n;
	}
	if (*stab != NULL && strcmp(*stab, "stable") == 0)
		return i == s.n; /* "stable" returns before "-dev" is added */
	return ks_buf_adds(out, "-dev") == 0;
}

/* normalizeBranch(): "v1.2.x" -> "1.2.9999999.9999999-dev"; false if not numeric. */
static bool branch_numeric(struct ks_str name, struct ks_buf *out)
{
	size_t i = 0, k;

	name = ks_vtrim(name);
	if (i < name.n && (name.p[i] == 'v' || name.p[i] == 'V'))
		i++;
	if (ks_vdigits_end(name, i) == i)
		return false;
	for (k = 0; k < 4; k++) {
		if (k > 0) {
			if (i == name.n) {
				if (ks_buf_adds(out, ".9999999") != 0)
					return false;
				continue;
			}
			if (name.p[i++] != '.' || ks_buf_addc(out, '.') != 0)
				return false;
		}
		if (i < name.n && (name.p[i] == 'x' || name.p[i] == 'X' || name.p[i] == '*')) {
			if (ks_buf_adds(out, "9999999") != 0)
				return false;
			i++;
		} else {
			size_t j = ks_vdigits_end(name, i);

			if (j == i || ks_buf_add(out, name.p + i, j - i) != 0)
				return false;
			i = j;
		}
	}
	return i == name.n && ks_buf_adds(out, "-dev") == 0;
}

/* Backtracking match of the date grammar's tail at s[i] after groups2 two-digit and
 * groups3 short groups (regex order: longest first); on a match whose remainder is a
 * modifier, writes the date part from start with non-digits as dots, then the modifier. */
static bool date_match(
	struct ks_str s, size_t i, int groups2, int groups3, struct ks_buf *out, size_t start)
{
	size_t j = i, k, mark = out->n;
	const char *stab;
	int len;

	if (j < s.n && (s.p[j] == '.' || s.p[j] == ':' || s.p[j] == '-'))
		j++;
	if (groups3 == 0 && groups2 < 6 && ks_vdigits_end(s, j) >= j + 2 &&
		date_match(s, j + 2, groups2 + 1, 0, out, start))
		return true;
	for (len = 3; groups2 >= 1 && groups3 < 2 && len >= 1; len--)
		if (ks_vdigits_end(s, j) >= j + (size_t)len &&
			date_match(s, j + (size_t)len, groups2, groups3 + 1, out, start))
			return true;
	if (groups2 == 0)
		return false;
	for (k = start; k < i; k++)
		if (ks_buf_addc(out, ks_visdigit((unsigned char)s.p[k]) ? s.p[k] : '.') != 0)
			return false;
	if (modifier(s, i, out, &stab))
		return true;
	out->n = mark;
	out->p[mark] = '\0';
	return false;
}

/* VersionParser::normalize() into out; false if the string is not a version. */
static bool normalize(struct ks_str v, struct ks_buf *out)
{
	const char *stab;
	ptrdiff_t at, plus;
	size_t i = 0, j, k, nnum = 0;

	v = ks_vtrim(v);
	/* "1.0 as 2.0": the aliased version */
	for (j = 0; j + 4 <= v.n; j++)
		if (v.p[j] == ' ' && ks_vword(v, j, " as ")) {
			v = ks_vtrim(ks_str_sub(v, 0, j));
			break;
		}
	if ((at = ks_str_rchr(v, '@')) >= 0) {
		struct ks_str flag = ks_str_sub(v, (size_t)at + 1, v.n);

		if (ks_str_eqi(flag, "stable") || ks_str_eqi(flag, "rc") ||
			ks_str_eqi(flag, "beta") || ks_str_eqi(flag, "alpha") ||
			ks_str_eqi(flag, "dev"))
			v.n = (size_t)at;
	}
	if (ks_str_eq(v, "master") || ks_str_eq(v, "trunk") || ks_str_eq(v, "default"))
		return ks_buf_adds(out, "dev-") == 0 && ks_buf_add(out, v.p, v.n) == 0;
	if (ks_vword(v, 0, "dev-"))
		return ks_buf_adds(out, "dev-") == 0 && ks_buf_add(out, v.p + 4, v.n - 4) == 0;
	if ((plus = ks_str_chr(v, '+')) > 0)
		v.n = (size_t)plus;
	if (i < v.n && (v.p[i] == 'v' || v.p[i] == 'V'))
		i++;
	/* classical: \d{1,5}(\.\d+){0,3} then the modifier */
	j = ks_vdigits_end(v, i);
	if (j > i && j - i <= 5) {
		size_t mark = out->n;

		for (k = 0; k < 4; k++) {
			if (k > 0) {
				if (j >= v.n || v.p[j] != '.' || ks_vdigits_end(v, j + 1) == j + 1)
					break;
				i = j + 1;
				j = ks_vdigits_end(v, i);
			}
			if (ks_buf_addf(out, "%s%.*s", k ? "." : "", (int)(j - i), v.p + i) != 0)
				return false;
			nnum++;
			i = j;
		}
		for (; nnum < 4; nnum++)
			if (ks_buf_adds(out, ".0") != 0)
				return false;
		if (modifier(v, i, out, &stab))
			return true;
		out->n = mark;
		out->p[mark] = '\0';
	}
	/* date: \d{4}([.:-]?\d{2}){1,6}([.:-]?\d{1,3}){0,2}, non-digits become dots */
	i = v.n > 0 && (v.p[0] == 'v' || v.p[0] == 'V') ? 1 : 0;
	if (ks_vdigits_end(v, i) - i >= 4 && date_match(v, i + 4, 0, 0, out, i))
		return true;
	/* "(.*?)[.-]?dev$": a numeric branch name */
	if (v.n >= 3 && ks_vword(v, v.n - 3, "dev")) {
		struct ks_str name = ks_str_sub(v, 0, v.n - 3);

		if (name.n > 0 && (name.p[name.n - 1] == '.' || name.p[name.n - 1] == '-'))
			name.n--;
		if (branch_numeric(name, out))
			return true;
	}
	return false;
}

static int comp_make(struct ks_vctx *vc, struct ks_str s, struct comp *c)
{
	struct ks_buf b;
	char *norm = NULL;
	int rc = KS_ECORRUPT;

	ks_buf_init(&b, 4 * KS_VER_MAXLEN);
	if (normalize(s, &b) && b.n > 0) {
		if ((norm = ks_arena_strndup(vc->a, b.p, b.n)) == NULL ||
			(c->canon = php_canon(vc->a, norm, b.n)) == NULL)
			rc = ks_vnomem(vc);
		else
			rc = 0;
	}
	if (rc == 0) {
		c->norm = norm;
		c->nnorm = b.n;
		c->branch = ks_hasprefix(norm, "dev-");
	}
	ks_buf_release(&b);
	return rc;
}

static int composer_parse(struct ks_vctx *vc, struct ks_str s, const void **out)
{
	struct comp *c;
	int rc;

	if ((c = ks_arena_calloc(vc->a, 1, sizeof(*c))) == NULL)
		return ks_vnomem(vc);
	if ((rc = comp_make(vc, s, c)) == KS_ECORRUPT)
		return ks_verr(vc, rc, s, "invalid version string");
	if (rc != 0)
		return rc;
	*out = c;
	return 0;
}

static int composer_cmp(const void *pa, const void *pb)
{
	const struct comp *a = pa, *b = pb;

	if (a->branch && b->branch)
		return ks_vstrcmp(a->norm, a->nnorm, b->norm, b->nnorm);
	return php_vcmp(a->canon, b->canon);
}

enum { COMP_TERM = KS_OP_ECO };

struct cterm {
	int op; /* KS_OP_LT..KS_OP_NE */
	struct comp v;
};

/* Constraint::versionCompare() with compareBranches false. */
static bool composer_term(
	const struct ks_range *r, const struct ks_vterm *t, const struct ks_ver *v)
{
	const struct cterm *ct = t->aux;
	const struct comp *a = v->p, *b = &ct->v;
	bool same = a->nnorm == b->nnorm && memcmp(a->norm, b->norm, a->nnorm) == 0;

	(void)r;
	if (ct->op == KS_OP_NE && (a->branch || b->branch))
		return !same;
	if (a->branch && b->branch)
		return ct->op == KS_OP_EQ && same;
	if (a->branch || b->branch)
		return false;
	return ks_vop_holds(ct->op, php_vcmp(a->canon, b->canon));
}

static int add_term(struct ks_vctx *vc, struct ks_vclause *c, int op, bool norm, const char *fmt,
	...) __attribute__((format(printf, 5, 6)));

/* Adds the constraint `op V`, V = printf(fmt, ...), normalised first if norm (Composer
 * builds some bounds from already normalised pieces and compares them as they are). */
static int add_term(
	struct ks_vctx *vc, struct ks_vclause *c, int op, bool norm, const char *fmt, ...)
{
	struct cterm *ct;
	va_list ap;
	char *txt;
	int rc = 0;

	va_start(ap, fmt);
	txt = ks_arena_vprintf(vc->a, fmt, ap);
	va_end(ap);
	if (txt == NULL || (ct = ks_arena_calloc(vc->a, 1, sizeof(*ct))) == NULL)
		return ks_vnomem(vc);
	ct->op = op;
	if (norm) {
		rc = comp_make(vc, ks_str_c(txt), &ct->v);
	} else {
		ct->v.norm = txt;
		ct->v.nnorm = strlen(txt);
		ct->v.branch = ks_hasprefix(txt, "dev-");
		if ((ct->v.canon = php_canon(vc->a, txt, ct->v.nnorm)) == NULL)
			rc = ks_vnomem(vc);
	}
	if (rc != 0)
		return rc;
	return ks_vterm_add(vc, c, COMP_TERM, NULL, ct);
}

/* The numbers of `v?(\d+)(\.\d+){0,3}` at the start of s (parts given in *np) and where
 * they end. */
static size_t lead_numbers(struct ks_str s, struct ks_str num[4], int *np)
{
	size_t i = s.n > 0 && (s.p[0] == 'v' || s.p[0] == 'V') ? 1 : 0, j;

	*np = 0;
	while (*np < 4) {
		if (*np > 0) {
			if (i >= s.n || s.p[i] != '.' || ks_vdigits_end(s, i + 1) == i + 1)
				break;
			i++;
		}
		j = ks_vdigits_end(s, i);
		if (j == i)
			break;
		num[(*np)++] = ks_str_sub(s, i, j - i);
		i = j;
	}
	return i;
}

/* manipulateVersionString(): parts after pos become 0, part pos (1-based) gets +inc. */
static char *manip(struct ks_vctx *vc, const struct ks_str num[4], int np, int pos, int inc)
{
	uint64_t v[4] = { 0, 0, 0, 0 };
	int k;

	for (k = 0; k < np && k < pos; k++)
		if (!ks_str_to_u64(num[k], UINT64_MAX - 1, &v[k]))
			return NULL;
	v[pos - 1] += (uint64_t)inc;
	return ks_arena_printf(vc->a, "%llu.%llu.%llu.%llu", (unsigned long long)v[0],
		(unsigned long long)v[1], (unsigned long long)v[2], (unsigned long long)v[3]);
}

static bool is_x(struct ks_str s, size_t i)
{
	return i < s.n && (s.p[i] == '*' || s.p[i] == 'x' || s.p[i] == 'X');
}

/* Composer's $versionRegex for tilde, caret and hyphen operands:
 * v?\d+(\.\d+){0,3} then the modifier or ".x-dev", then optional "+build". Fills the
 * numbers and says whether a stability, "dev" or ".x-dev" part is present. */
struct vre {
	struct ks_str num[4];
	int np;
	bool stability; /* a stability word or dev (Composer's groups 5, 7 and 8) */
	bool xdev;	/* the ".x-dev" form */
};

static bool version_regex(struct ks_str s, struct vre *m)
{
	size_t i = lead_numbers(s, m->num, &m->np);
	ptrdiff_t plus = ks_str_chr(ks_str_sub(s, i, s.n), '+');
	struct ks_str rest;
	const char *stab;
	struct ks_buf b;
	bool ok;

	m->stability = m->xdev = false;
	if (m->np == 0)
		return false;
	if (plus >= 0) {
		if ((size_t)plus + 1 == s.n - i)
			return false; /* "+" needs something after it */
		s.n = i + (size_t)plus;
	}
	rest = ks_str_sub(s, i, s.n);
	if (rest.n >= 5 && rest.p[0] == '.' && is_x(rest, 1) &&
		((rest.n == 5 && ks_vword(rest, 2, "dev")) ||
			(rest.n == 6 && (rest.p[2] == '.' || rest.p[2] == '-') &&
				ks_vword(rest, 3, "dev")))) {
		m->xdev = m->stability = true;
		return true;
	}
	ks_buf_init(&b, 4 * KS_VER_MAXLEN);
	ok = modifier(s, i, &b, &stab);
	m->stability = ok && (stab != NULL || (b.n >= 4 && memcmp(b.p + b.n - 4, "-dev", 4) == 0));
	ks_buf_release(&b);
	return ok;
}

/* Composer's check before adding "-dev" to '<' and '>=' bounds: does the lower-cased
 * text end in '-' followed by the (lower-case, so never "RC") modifier? */
static bool dash_modifier_suffix(struct ks_str t)
{
	static const char *const names[] = { "stable", "beta", "b", "alpha", "a", "patch", "pl",
		"p" };
	size_t i, k;

	for (i = 0; i < t.n; i++) {
		size_t j = i + 1;

		if (t.p[i] != '-')
			continue;
		if (j < t.n && (t.p[j] == '.' || t.p[j] == '_' || t.p[j] == '-'))
			j++;
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
			size_t l = strlen(names[k]);

			if (t.n - j >= l && memcmp(t.p + j, names[k], l) == 0) {
				j += l;
				for (;;) {
					size_t d = j;

					if (d < t.n && (t.p[d] == '.' || t.p[d] == '-'))
						d++;
					if (d >= t.n || !ks_visdigit((unsigned char)t.p[d]))
						break;
					j = ks_vdigits_end(t, d);
				}
				break;
			}
		}
		if (j < t.n && (t.p[j] == '.' || t.p[j] == '-') && t.n - j == 4 &&
			memcmp(t.p + j + 1, "dev", 3) == 0)
			j = t.n;
		else if (t.n - j == 3 && memcmp(t.p + j, "dev", 3) == 0)
			j = t.n;
		if (j == t.n)
			return true;
	}
	return false;
}

/* `^v?[xX*](\.[xX*])*$`: the number of wildcard parts (plus one for the "v"), or 0. */
static int all_wild(struct ks_str t)
{
	size_t i = t.n > 0 && t.p[0] == 'v' ? 1 : 0;
	int n = 0;

	for (;;) {
		if (!is_x(t, i))
			return 0;
		n++;
		if (++i == t.n)
			return t.p[0] == 'v' ? n + 1 : n;
		if (t.p[i++] != '.')
			return 0;
	}
}

/* Adds `op manip(...)-dev` for a bound computed from version parts. */
static int add_manip(struct ks_vctx *vc, struct ks_vclause *c, int op, const struct ks_str num[4],
	int np, int pos, int inc)
{
	char *v = manip(vc, num, np, pos, inc);

	if (v == NULL)
		return KS_ECORRUPT;
	return add_term(vc, c, op, false, "%s-dev", v);
}

/* `~1.2` and `^1.2.3`: v is the operand after the operator character. */
static int tilde_caret(struct ks_vctx *vc, struct ks_vclause *c, struct ks_str v, bool caret)
{
	struct vre m;
	int pos, rc;

	if (!version_regex(v, &m))
		return KS_ECORRUPT;
	if (caret) {
		if (!ks_str_eq(m.num[0], "0") || m.np < 2)
			pos = 1;
		else if (!ks_str_eq(m.num[1], "0") || m.np < 3)
			pos = 2;
		else
			pos = 3;
	} else {
		/* "2.x-dev": the wildcard shifts the position like a number */
		pos = m.np + (m.xdev ? 1 : 0);
		pos = pos > 1 ? pos - 1 : 1;
	}
	rc = add_term(vc, c, KS_OP_GE, true, "%.*s%s", (int)v.n, v.p, m.stability ? "" : "-dev");
	if (rc != 0)
		return rc;
	return add_manip(vc, c, KS_OP_LT, m.num, m.np, pos, 1);
}

/* `A - B`: both operands must match $versionRegex. */
static int hyphen(struct ks_vctx *vc, struct ks_vclause *c, struct ks_str from, struct ks_str to)
{
	struct comp cf, ct;
	struct vre f, t;
	int rc;

	if (!version_regex(from, &f) || !version_regex(to, &t) || comp_make(vc, from, &cf) != 0 ||
		comp_make(vc, to, &ct) != 0) {
		/* not a hyphen range: Composer then reads "dev-x - y" as one branch name */
		if (ks_vword(from, 0, "dev-"))
			return add_term(vc, c, KS_OP_EQ, false, "dev-%.*s - %.*s", (int)from.n - 4,
				from.p + 4, (int)to.n, to.p);
		return KS_ECORRUPT;
	}
	rc = add_term(vc, c, KS_OP_GE, false, "%s%s", cf.norm, f.stability ? "" : "-dev");
	if (rc != 0)
		return rc;
	if (t.np >= 3 || t.stability)
		return add_term(vc, c, KS_OP_LE, false, "%s", ct.norm);
	return add_manip(vc, c, KS_OP_LT, t.num, t.np, t.np == 1 ? 1 : 2, 1);
}

/* A branch written "foobar-dev" (Composer recovers it as "dev-foobar"). */
static bool recover_branch(struct ks_vctx *vc, struct ks_str t, struct comp *cv)
{
	size_t i;
	char *alt;

	if (!ks_str_hassuffix(t, "-dev") || t.n <= 4)
		return false;
	for (i = 0; i < t.n; i++)
		if (!ks_visalnum((unsigned char)t.p[i]) && strchr("-./", t.p[i]) == NULL)
			return false;
	alt = ks_arena_printf(vc->a, "dev-%.*s", (int)(t.n - 4), t.p);
	return alt != NULL && comp_make(vc, ks_str_c(alt), cv) == 0;
}

/* One constraint term (VersionParser::parseConstraint); to is the upper end of a hyphen
 * range or NULL. Returns 0, KS_ECORRUPT without a message, or another reported error. */
static int composer_term_parse(
	struct ks_vctx *vc, struct ks_vclause *c, struct ks_str t, const struct ks_str *to)
{
	static const struct {
		const char *name;
		int op;
	} ops[] = { { "<>", KS_OP_NE }, { "!=", KS_OP_NE }, { ">=", KS_OP_GE }, { "<=", KS_OP_LE },
		{ "==", KS_OP_EQ }, { ">", KS_OP_GT }, { "<", KS_OP_LT }, { "=", KS_OP_EQ } };
	static const char *const flags[] = { "stable", "RC", "beta", "alpha", "dev" };
	const char *stab_mod = NULL;
	struct ks_str num[4];
	struct comp cv;
	ptrdiff_t at;
	size_t k;
	int np, op = KS_OP_EQ, rc, w;

	if (to != NULL)
		return hyphen(vc, c, t, *to);
	if ((at = ks_str_rchr(t, '@')) >= 0) {
		struct ks_str flag = ks_str_sub(t, (size_t)at + 1, t.n);

		for (k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (ks_str_eqi(flag, flags[k]))
				break;
		if (k < sizeof(flags) / sizeof(flags[0])) {
			stab_mod = k > 0 ? flags[k] : NULL;
			t.n = (size_t)at;
			if (t.n == 0)
				t = KS_STR_LIT("*");
		}
	}
	if ((w = all_wild(t)) == 1)
		return ks_vterm_add(vc, c, KS_OP_ANY, NULL, NULL);
	if (w > 1)
		return add_term(vc, c, KS_OP_GE, false, "0.0.0.0-dev");
	if (t.n > 1 && t.p[0] == '~') {
		if (t.p[1] == '>')
			return KS_ECORRUPT; /* Composer: invalid operator "~>", use "~" */
		return tilde_caret(vc, c, ks_str_sub(t, 1, t.n), false);
	}
	if (t.n > 1 && t.p[0] == '^')
		return tilde_caret(vc, c, ks_str_sub(t, 1, t.n), true);
	/* x-range "1.2.*" (up to three numbers, then one or more wildcards) */
	k = lead_numbers(t, num, &np);
	if (np > 0 && np < 4 && k + 1 < t.n && t.p[k] == '.' && is_x(t, k + 1)) {
		char *lo;

		while (k + 1 < t.n && t.p[k] == '.' && is_x(t, k + 1))
			k += 2;
		if (k == t.n) {
			if ((lo = manip(vc, num, np, np, 0)) == NULL)
				return KS_ECORRUPT;
			if (strcmp(lo, "0.0.0.0") != 0 &&
				(rc = add_term(vc, c, KS_OP_GE, false, "%s-dev", lo)) != 0)
				return rc;
			return add_manip(vc, c, KS_OP_LT, num, np, np, 1);
		}
	}
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		if (ks_str_hasprefix(t, ops[k].name)) {
			op = ops[k].op;
			t = ks_vtrim(ks_str_sub(t, strlen(ops[k].name), t.n));
			break;
		}
	}
	if (comp_make(vc, t, &cv) != 0 && !recover_branch(vc, t, &cv))
		return KS_ECORRUPT;
	if (op != KS_OP_EQ && stab_mod != NULL && !cv.branch &&
		ks_str_chr((struct ks_str){ cv.norm, cv.nnorm }, '-') < 0)
		return add_term(vc, c, op, false, "%s-%s", cv.norm, stab_mod);
	if ((op == KS_OP_LT || op == KS_OP_GE) && !ks_str_hasprefix(t, "dev-")) {
		char *low = ks_arena_strndup(vc->a, t.p, t.n);

		if (low == NULL)
			return ks_vnomem(vc);
		for (k = 0; k < t.n; k++)
			low[k] = (char)ks_vlower((unsigned char)low[k]);
		if (!dash_modifier_suffix((struct ks_str){ low, t.n }))
			return add_term(vc, c, op, false, "%s-dev", cv.norm);
	}
	return add_term(vc, c, op, false, "%s", cv.norm);
}

static bool is_opword(struct ks_str t)
{
	static const char *const ops[] = { "<>", "!=", ">=", "<=", "==", ">", "<", "=", "~", "^" };
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ks_str_eq(t, ops[i]))
			return true;
	return false;
}

#define COMPOSER_MAXTERMS 256

/* One `|`-free alternative: terms separated by commas and/or blanks, keeping "op version",
 * "a - b" and "x as y" together. */
static int composer_alt(struct ks_vctx *vc, struct ks_str alt, struct ks_range *r)
{
	struct ks_str *tok;
	struct ks_vclause *c;
	size_t n = 0, i = 0, k;
	int rc;

	if ((c = ks_vclause_add(vc, r)) == NULL)
		return KS_ENOMEM;
	if ((tok = ks_arena_calloc(vc->a, COMPOSER_MAXTERMS, sizeof(*tok))) == NULL)
		return ks_vnomem(vc);
	while (i < alt.n) {
		size_t j;

		if (alt.p[i] == ',' || ks_visspace((unsigned char)alt.p[i])) {
			i++;
			continue;
		}
		for (j = i; j < alt.n && alt.p[j] != ',' && !ks_visspace((unsigned char)alt.p[j]);
			j++)
			;
		if (n == COMPOSER_MAXTERMS)
			return ks_verr(vc, KS_ELIMIT, alt, "too many constraint terms");
		tok[n++] = ks_str_sub(alt, i, j - i);
		i = j;
	}
	if (n == 0)
		return ks_verr(vc, KS_ECORRUPT, alt, "empty constraint");
	for (k = 0; k < n; k++) {
		struct ks_str t = tok[k];
		const struct ks_str *to = NULL;

		if (is_opword(t) && k + 1 < n) {
			/* "> 1.0": the operator and its version */
			t.p = ks_arena_printf(vc->a, "%.*s%.*s", (int)tok[k].n, tok[k].p,
				(int)tok[k + 1].n, tok[k + 1].p);
			if (t.p == NULL)
				return ks_vnomem(vc);
			t.n = tok[k].n + tok[k + 1].n;
			k++;
		} else if (k + 2 < n && ks_str_eq(tok[k + 1], "-")) {
			to = &tok[k + 2];
			k += 2;
		}
		if (k + 2 < n && ks_str_eqi(tok[k + 1], "as"))
			k += 2; /* "1.0 as 2.0": only the first version counts */
		if ((rc = composer_term_parse(vc, c, t, to)) == KS_ECORRUPT)
			return ks_verr(vc, rc, to != NULL ? alt : t, "could not parse constraint");
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int composer_range(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r)
{
	size_t i = 0;
	int rc;

	while (i <= expr.n) {
		size_t j = i;
		struct ks_str alt;

		while (j < expr.n && expr.p[j] != '|')
			j++;
		alt = ks_vtrim(ks_str_sub(expr, i, j - i));
		if ((rc = composer_alt(vc, alt, r)) != 0)
			return rc;
		if (j + 1 < expr.n && expr.p[j + 1] == '|')
			j++;
		i = j + 1;
	}
	return 0;
}

const struct ks_ver_ops ks_ver_ops_composer = {
	.parse = composer_parse,
	.cmp = composer_cmp,
	.range = composer_range,
	.term = composer_term,
	.native_or = true,
};
