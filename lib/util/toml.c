/* toml.c - bounded TOML documents as jansson trees; see toml.h. */
#include "util/toml.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/jscan.h"
#include "util/map.h"
#include "util/str.h"

#include "util/banned.h"

/* How a table or array came to be, which decides what may still be done to it. Values
 * written inline (inline tables, static arrays) have no record and are frozen. */
enum {
	T_IMPLICIT = 1, /* made as a parent by a [a.b] header, may still get its own header */
	T_DEFINED = 2,  /* had its own [header] (or is the root or an array-of-tables element) */
	T_DOTTED = 4,   /* made by a dotted key: more dotted keys may extend it */
	T_AOT = 8,      /* an array of tables: [[header]] appends to it */
};

struct meta {
	json_t *node; /* its address is the map key */
	unsigned flags;
};

/* A key being parsed: its decoded parts live NUL-separated in tp.kb from base on. */
struct key {
	size_t base;
	size_t n;
	size_t off[KS_TOML_MAXDEPTH];
};

struct tp {
	const char *p;
	size_t n, off;
	size_t line; /* 1-based line of p[off] */
	struct ks_err *e;
	const char *what;
	size_t nodes;
	struct ks_map meta; /* json_t * -> struct meta, for tables and arrays of tables */
	struct ks_arena ma; /* struct meta records */
	struct ks_buf sb;   /* decoded string value */
	struct ks_buf kb;   /* decoded key parts, a stack (inline tables nest) */
	json_t *cur;        /* table that key/value lines go to */
	int curdepth;       /* its depth, the root being 1 */
};

static int perr(struct tp *t, int code, const char *problem)
{
	return ks_seterr(t->e, code, "%s: line %zu: %s", t->what, t->line, problem);
}

/* The byte k positions ahead of the cursor, or -1 past the end. */
static int peek(const struct tp *t, size_t k)
{
	return k < t->n - t->off ? (unsigned char)t->p[t->off + k] : -1;
}

static int count(struct tp *t)
{
	return ++t->nodes > KS_TOML_MAXNODES ? perr(t, KS_ELIMIT, "too many values") : 0;
}

static int deep(struct tp *t, int depth)
{
	return depth > KS_TOML_MAXDEPTH ? perr(t, KS_ELIMIT, "nested too deeply") : 0;
}

static unsigned flags_of(const struct tp *t, json_t *v)
{
	const struct meta *m = ks_map_get(&t->meta, (const char *)&v, sizeof(v));

	return m != NULL ? m->flags : 0;
}

static int set_flags(struct tp *t, json_t *v, unsigned flags)
{
	struct meta *m = ks_map_get(&t->meta, (const char *)&v, sizeof(v));

	if (m == NULL) {
		if ((m = ks_arena_alloc(&t->ma, sizeof(*m))) == NULL)
			return KS_ENOMEM;
		m->node = v;
		if (ks_map_put(&t->meta, (const char *)&m->node, sizeof(m->node), m, NULL) != 0)
			return KS_ENOMEM;
	}
	m->flags = flags;
	return 0;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_bare(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' ||
	       c == '-';
}

/* Control characters TOML forbids in strings and comments (tab is allowed). */
static bool is_ctl(int c)
{
	return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

static void skip_ws(struct tp *t)
{
	int c;

	while ((c = peek(t, 0)) == ' ' || c == '\t')
		t->off++;
}

/* Consumes "\n" or "\r\n" and returns true, or returns false. */
static bool newline(struct tp *t)
{
	if (peek(t, 0) == '\n') {
		t->off++;
	} else if (peek(t, 0) == '\r' && peek(t, 1) == '\n') {
		t->off += 2;
	} else {
		return false;
	}
	t->line++;
	return true;
}

/* Skips a comment (if the cursor is at '#') up to the end of its line. */
static int skip_comment(struct tp *t)
{
	int c;

	if (peek(t, 0) != '#')
		return 0;
	while ((c = peek(t, 0)) >= 0 && c != '\n') {
		if (c == '\r' && peek(t, 1) == '\n')
			break;
		if (is_ctl(c))
			return perr(t, KS_ECORRUPT, "control character in a comment");
		t->off++;
	}
	return 0;
}

/* Skips white space, newlines and comments (inside arrays and inline tables). */
static int skip_blank(struct tp *t)
{
	int r;

	for (;;) {
		skip_ws(t);
		if ((r = skip_comment(t)) != 0)
			return r;
		if (!newline(t))
			return 0;
	}
}

/* After a header or key/value line: only blanks and a comment may follow. */
static int end_of_line(struct tp *t)
{
	int r;

	skip_ws(t);
	if ((r = skip_comment(t)) != 0)
		return r;
	if (peek(t, 0) < 0 || newline(t))
		return 0;
	return perr(t, KS_ECORRUPT, "expected the end of the line");
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Appends code point cp as UTF-8; KS_ECORRUPT for surrogates and values past U+10FFFF. */
static int put_cp(struct tp *t, struct ks_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return perr(t, KS_ECORRUPT, "escape is not a Unicode scalar value");
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return ks_buf_add(b, u, n);
}

/* Decodes the escape at the cursor (just after the backslash) of a basic string. */
static int escape(struct tp *t, struct ks_buf *b, bool multi)
{
	static const char from[] = "btnfr\"\\e", to[] = "\b\t\n\f\r\"\\\x1b";
	int c = peek(t, 0), digits, v, i;
	const char *m;
	uint32_t cp = 0;

	if (multi && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
		/* line-ending backslash: drop the newline and the blanks around it */
		skip_ws(t);
		if (!newline(t))
			return perr(t, KS_ECORRUPT, "bad escape in a string");
		for (;;) {
			skip_ws(t);
			if (!newline(t))
				return 0;
		}
	}
	if (c > 0 && (m = memchr(from, c, sizeof(from) - 1)) != NULL) {
		t->off++;
		return ks_buf_addc(b, to[m - from]);
	}
	digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
	if (digits == 0)
		return perr(t, KS_ECORRUPT, "bad escape in a string");
	for (i = 1; i <= digits; i++) {
		if ((v = hexval(peek(t, (size_t)i))) < 0)
			return perr(t, KS_ECORRUPT, "bad escape in a string");
		cp = cp << 4 | (uint32_t)v;
	}
	t->off += (size_t)digits + 1;
	return put_cp(t, b, cp);
}

/*
 * Decodes the string at the cursor (at its opening quote) into b, appending: basic ("...",
 * """...""") or literal ('...', '''...''') as quote says, multi-line when multi. A
 * multi-line string drops a newline right after its opening quotes and may end with up
 * to two quotes of its own before the closing three.
 */
static int string(struct tp *t, struct ks_buf *b, char quote, bool multi)
{
	size_t q, run;
	int c, r;

	t->off += multi ? 3 : 1;
	if (multi)
		newline(t);
	for (;;) {
		if ((c = peek(t, 0)) < 0)
			return perr(t, KS_ECORRUPT, "unterminated string");
		if (c == quote) {
			if (!multi) {
				t->off++;
				return 0;
			}
			for (q = 0; peek(t, q) == quote; q++)
				;
			if (q >= 3) {
				if (q > 5)
					return perr(t, KS_ECORRUPT, "too many quotes in a string");
				t->off += q;
				return ks_buf_add(b, t->p + t->off - q, q - 3);
			}
			r = ks_buf_add(b, t->p + t->off, q);
			t->off += q;
		} else if (c == '\\' && quote == '"') {
			t->off++;
			r = escape(t, b, multi);
		} else if (c == '\n' || c == '\r') {
			if (!multi || !newline(t))
				return perr(t, KS_ECORRUPT, "newline in a single-line string");
			r = ks_buf_addc(b, '\n');
		} else if (is_ctl(c)) {
			return perr(t, KS_ECORRUPT, "control character in a string");
		} else {
			for (run = 1;
			        (c = peek(t, run)) >= 0 && c != quote && c != '\\' && !is_ctl(c);
			        run++)
				;
			r = ks_buf_add(b, t->p + t->off, run);
			t->off += run;
		}
		if (r != 0)
			return r == KS_ELIMIT ? perr(t, KS_ELIMIT, "string too long") : r;
	}
}

/* True if the cursor is at three quote characters. */
static bool triple(const struct tp *t, char quote)
{
	return peek(t, 0) == quote && peek(t, 1) == quote && peek(t, 2) == quote;
}

/* Parses a (possibly dotted, possibly quoted) key into k, its parts pushed on t->kb. */
static int parse_key(struct tp *t, struct key *k)
{
	size_t start;
	int c, r;

	k->base = t->kb.n;
	k->n = 0;
	for (;;) {
		skip_ws(t);
		if (k->n >= KS_TOML_MAXDEPTH)
			return perr(t, KS_ELIMIT, "key has too many parts");
		start = k->off[k->n++] = t->kb.n;
		c = peek(t, 0);
		if (c == '"' || c == '\'') {
			if (triple(t, (char)c))
				return perr(t, KS_ECORRUPT, "multi-line string used as a key");
			if ((r = string(t, &t->kb, (char)c, false)) != 0)
				return r;
			if (t->kb.n > start &&
			        memchr(t->kb.p + start, '\0', t->kb.n - start) != NULL)
				return perr(t, KS_ECORRUPT, "NUL character in a key");
		} else if (is_bare(c)) {
			size_t n = 1;

			while (is_bare(peek(t, n)))
				n++;
			if ((r = ks_buf_add(&t->kb, t->p + t->off, n)) != 0)
				return r;
			t->off += n;
		} else {
			return perr(t, KS_ECORRUPT, "expected a key");
		}
		if ((r = ks_buf_addc(&t->kb, '\0')) != 0)
			return r;
		skip_ws(t);
		if (peek(t, 0) != '.')
			return 0;
		t->off++;
	}
}

/* Drops the parts of k from the key stack. */
static void drop_key(struct tp *t, const struct key *k)
{
	t->kb.n = k->base;
	t->kb.p[k->base] = '\0';
}

static const char *part(const struct tp *t, const struct key *k, size_t i)
{
	return t->kb.p + k->off[i];
}

/* Adds child under key name to obj (reference stolen). */
static int attach(struct tp *t, json_t *obj, const char *name, json_t *child)
{
	if (child == NULL)
		return KS_ENOMEM;
	if (json_object_set_new(obj, name, child) != 0)
		return perr(t, KS_ECORRUPT, "key is not valid UTF-8");
	return 0;
}

/* n digits at s. */
static bool digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static unsigned num2(const char *s)
{
	return (unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0');
}

/* "YYYY-MM-DD" with a day that exists. */
static bool valid_date(const char *s)
{
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	unsigned y, m, d;

	if (!digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return false;
	y = num2(s) * 100 + num2(s + 2);
	m = num2(s + 5);
	d = num2(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

/* "HH:MM[:SS[.fraction]]" at the start of s; *used gets its length. */
static bool valid_time(struct ks_str s, size_t *used)
{
	size_t i = 5;

	if (s.n < 5 || !digits(s.p, 2) || s.p[2] != ':' || !digits(s.p + 3, 2) || num2(s.p) > 23 ||
	        num2(s.p + 3) > 59)
		return false;
	if (s.n >= 8 && s.p[5] == ':') {
		if (!digits(s.p + 6, 2) || num2(s.p + 6) > 60)
			return false;
		i = 8;
		if (i < s.n && s.p[i] == '.') {
			if (++i >= s.n || !is_digit(s.p[i]))
				return false;
			while (i < s.n && is_digit(s.p[i]))
				i++;
		}
	}
	*used = i;
	return true;
}

/* An offset date-time, local date-time, local date or local time (RFC 3339 forms). */
static bool valid_datetime(struct ks_str s)
{
	struct ks_str rest;
	size_t used;

	if (s.n >= 3 && s.p[2] == ':')
		return valid_time(s, &used) && used == s.n;
	if (s.n < 10 || !valid_date(s.p))
		return false;
	if (s.n == 10)
		return true;
	if (s.p[10] != 'T' && s.p[10] != 't' && s.p[10] != ' ')
		return false;
	rest = ks_str_sub(s, 11, s.n);
	if (!valid_time(rest, &used))
		return false;
	rest = ks_str_sub(rest, used, rest.n);
	if (rest.n == 0 || ks_str_eq(rest, "Z") || ks_str_eq(rest, "z"))
		return true;
	return rest.n == 6 && (rest.p[0] == '+' || rest.p[0] == '-') && digits(rest.p + 1, 2) &&
	       rest.p[3] == ':' && digits(rest.p + 4, 2) && num2(rest.p + 1) <= 23 &&
	       num2(rest.p + 4) <= 59;
}

/* Digits in base (10, 16, 8, 2) with single underscores between them, from s[*i];
 * returns how many digits were read (0: none, or a misplaced underscore follows). */
static size_t digit_run(struct ks_str s, size_t *i, int base)
{
	size_t nd = 0;
	int v;

	while (*i < s.n) {
		v = hexval(s.p[*i]);
		if (v >= 0 && v < base) {
			nd++;
			(*i)++;
		} else if (s.p[*i] == '_' && nd > 0 && *i + 1 < s.n && hexval(s.p[*i + 1]) >= 0 &&
		           hexval(s.p[*i + 1]) < base) {
			(*i)++;
		} else {
			break;
		}
	}
	return nd;
}

/* An integer token (decimal with an optional sign, or 0x/0o/0b) into *out. */
static int integer(struct tp *t, struct ks_str s, json_t **out)
{
	uint64_t v = 0, lim;
	size_t i = 0, start;
	bool neg = false;
	int base = 10, d;

	if (s.n > 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'o' || s.p[1] == 'b')) {
		base = s.p[1] == 'x' ? 16 : s.p[1] == 'o' ? 8 : 2;
		i = 2;
	} else if (s.p[0] == '+' || s.p[0] == '-') {
		neg = s.p[0] == '-';
		i = 1;
	}
	start = i;
	if (base == 10 && i < s.n && s.p[i] == '0' && i + 1 != s.n)
		return perr(t, KS_ECORRUPT, "leading zero in an integer");
	if (digit_run(s, &i, base) == 0 || i != s.n)
		return perr(t, KS_ECORRUPT, "invalid value");
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (i = start; i < s.n; i++) {
		if (s.p[i] == '_')
			continue;
		d = hexval(s.p[i]);
		if (v > (lim - (uint64_t)d) / (uint64_t)base)
			return perr(t, KS_ECORRUPT, "integer out of range");
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (neg)
		*out = json_integer(v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(json_int_t)v);
	else
		*out = json_integer((json_int_t)v);
	return *out != NULL ? 0 : KS_ENOMEM;
}

/* A float token ([+-] int [. digits] [e [+-] digits], underscores between digits). */
static int floating(struct tp *t, struct ks_str s, json_t **out)
{
	char tmp[64];
	size_t i = 0, j, n = 0;
	bool frac = false, exp = false;
	double d;

	if (s.p[0] == '+' || s.p[0] == '-')
		i++;
	if (i < s.n && s.p[i] == '0')
		i++;
	else if (digit_run(s, &i, 10) == 0)
		return perr(t, KS_ECORRUPT, "invalid value");
	if (i < s.n && s.p[i] == '.') {
		i++;
		if (digit_run(s, &i, 10) == 0)
			return perr(t, KS_ECORRUPT, "invalid value");
		frac = true;
	}
	if (i < s.n && (s.p[i] == 'e' || s.p[i] == 'E')) {
		i++;
		if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
			i++;
		if (digit_run(s, &i, 10) == 0)
			return perr(t, KS_ECORRUPT, "invalid value");
		exp = true;
	}
	if (i != s.n || (!frac && !exp))
		return perr(t, KS_ECORRUPT, "invalid value");
	for (j = s.p[0] == '+' ? 1 : 0; j < s.n; j++) {
		if (s.p[j] == '_')
			continue;
		if (n >= sizeof(tmp))
			return perr(t, KS_ECORRUPT, "float too long");
		tmp[n++] = s.p[j];
	}
	if (ks_js_num((struct ks_str){tmp, n}, &d) != 0 || !isfinite(d))
		return perr(t, KS_ECORRUPT, "float out of range");
	*out = json_real(d);
	return *out != NULL ? 0 : KS_ENOMEM;
}

static bool token_char(int c)
{
	return is_bare(c) || c == '+' || c == '.' || c == ':';
}

/* A scalar that is not a string: boolean, number, inf/nan or date/time. */
static int scalar(struct tp *t, json_t **out)
{
	static const char *const specials[] = {"inf", "+inf", "-inf", "nan", "+nan", "-nan"};
	struct ks_str s = {t->p + t->off, 0};
	size_t i;

	while (token_char(peek(t, s.n)))
		s.n++;
	/* a date and a time may be separated by a space */
	if (s.n == 10 && valid_date(s.p) && peek(t, 10) == ' ' && is_digit(peek(t, 11)) &&
	        is_digit(peek(t, 12)) && peek(t, 13) == ':')
		for (s.n = 11; token_char(peek(t, s.n));)
			s.n++;
	if (s.n == 0)
		return perr(t, KS_ECORRUPT, "expected a value");
	t->off += s.n;
	if (ks_str_eq(s, "true") || ks_str_eq(s, "false")) {
		*out = json_boolean(s.p[0] == 't');
		return 0;
	}
	for (i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (ks_str_eq(s, specials[i]))
			goto as_string;
	if (ks_str_chr(s, ':') >= 0 || (s.n >= 10 && digits(s.p, 4) && s.p[4] == '-')) {
		if (!valid_datetime(s))
			return perr(t, KS_ECORRUPT, "invalid date or time");
		goto as_string;
	}
	if (s.n > 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'o' || s.p[1] == 'b'))
		return integer(t, s, out);
	if (ks_str_chr(s, '.') >= 0 || ks_str_chr(s, 'e') >= 0 || ks_str_chr(s, 'E') >= 0)
		return floating(t, s, out);
	return integer(t, s, out);
as_string:
	*out = json_stringn(s.p, s.n);
	return *out != NULL ? 0 : KS_ENOMEM;
}

static int value(struct tp *t, int depth, json_t **out);

/* Parses "key = value" at the cursor into the table tbl at depth tdepth: dotted keys
 * make (or extend) tables that only dotted keys may extend later. */
static int keyval(struct tp *t, json_t *tbl, int tdepth)
{
	struct key k;
	json_t *parent = tbl, *child, *v = NULL;
	size_t i;
	int r;

	if ((r = parse_key(t, &k)) != 0)
		return r;
	if (peek(t, 0) != '=')
		return perr(t, KS_ECORRUPT, "expected '=' after a key");
	t->off++;
	skip_ws(t);
	for (i = 0; i + 1 < k.n; i++) {
		child = json_object_get(parent, part(t, &k, i));
		if (child == NULL) {
			if ((r = deep(t, tdepth + (int)i + 1)) != 0 || (r = count(t)) != 0)
				return r;
			child = json_object();
			if ((r = attach(t, parent, part(t, &k, i), child)) != 0)
				return r;
			if ((r = set_flags(t, child, T_DOTTED)) != 0)
				return r;
		} else if (!json_is_object(child) || !(flags_of(t, child) & T_DOTTED)) {
			return perr(t, KS_ECORRUPT, "dotted key extends a value defined elsewhere");
		}
		parent = child;
	}
	if (json_object_get(parent, part(t, &k, k.n - 1)) != NULL)
		return perr(t, KS_ECORRUPT, "duplicate key");
	if ((r = value(t, tdepth + (int)k.n, &v)) != 0)
		return r;
	/* the value's own keys were pushed and popped above ours: our offsets still hold */
	if ((r = attach(t, parent, part(t, &k, k.n - 1), v)) != 0)
		return r;
	drop_key(t, &k);
	return 0;
}

static int array(struct tp *t, int depth, json_t **out)
{
	json_t *a, *v;
	int r;

	if ((r = deep(t, depth)) != 0)
		return r;
	if ((a = json_array()) == NULL)
		return KS_ENOMEM;
	t->off++;
	for (;;) {
		if ((r = skip_blank(t)) != 0)
			goto fail;
		if (peek(t, 0) == ']')
			break;
		if ((r = value(t, depth + 1, &v)) != 0)
			goto fail;
		if (json_array_append_new(a, v) != 0) {
			r = KS_ENOMEM;
			goto fail;
		}
		if ((r = skip_blank(t)) != 0)
			goto fail;
		if (peek(t, 0) == ',') {
			t->off++;
			continue;
		}
		if (peek(t, 0) == ']')
			break;
		r = perr(t, KS_ECORRUPT, "expected ',' or ']' in an array");
		goto fail;
	}
	t->off++;
	*out = a;
	return 0;
fail:
	json_decref(a);
	return r;
}

/* An inline table; newlines and a trailing comma are accepted (TOML 1.1). */
static int itable(struct tp *t, int depth, json_t **out)
{
	json_t *o;
	int r;

	if ((r = deep(t, depth)) != 0)
		return r;
	if ((o = json_object()) == NULL)
		return KS_ENOMEM;
	t->off++;
	for (;;) {
		if ((r = skip_blank(t)) != 0)
			goto fail;
		if (peek(t, 0) == '}')
			break;
		if ((r = keyval(t, o, depth)) != 0)
			goto fail;
		if ((r = skip_blank(t)) != 0)
			goto fail;
		if (peek(t, 0) == ',') {
			t->off++;
			continue;
		}
		if (peek(t, 0) == '}')
			break;
		r = perr(t, KS_ECORRUPT, "expected ',' or '}' in an inline table");
		goto fail;
	}
	t->off++;
	*out = o;
	return 0;
fail:
	json_decref(o);
	return r;
}

/* Any value at the cursor; depth is the depth it has if it is an array or a table. */
static int value(struct tp *t, int depth, json_t **out)
{
	int c = peek(t, 0), r;

	*out = NULL;
	if ((r = count(t)) != 0)
		return r;
	if (c == '[')
		return array(t, depth, out);
	if (c == '{')
		return itable(t, depth, out);
	if (c != '"' && c != '\'')
		return scalar(t, out);
	ks_buf_reset(&t->sb);
	if ((r = string(t, &t->sb, (char)c, triple(t, (char)c))) != 0)
		return r;
	if ((*out = json_stringn(t->sb.p, t->sb.n)) == NULL)
		return perr(t, KS_ECORRUPT, "string is not valid UTF-8");
	return 0;
}

/* Walks (making what is missing) the parents named by all but the last part of k, from
 * *parent (the root), for a [header] or [[header]]: *parent gets the last parent and
 * *depth its depth. */
static int header_parent(struct tp *t, const struct key *k, json_t **parent, int *depth)
{
	json_t *node = *parent, *child;
	size_t i;
	int d = 1, r;

	for (i = 0; i + 1 < k->n; i++) {
		child = json_object_get(node, part(t, k, i));
		if ((r = deep(t, ++d)) != 0)
			return r;
		if (child == NULL) {
			if ((r = count(t)) != 0)
				return r;
			child = json_object();
			if ((r = attach(t, node, part(t, k, i), child)) != 0)
				return r;
			if ((r = set_flags(t, child, T_IMPLICIT)) != 0)
				return r;
		} else if (json_is_array(child) && (flags_of(t, child) & T_AOT)) {
			if ((r = deep(t, ++d)) != 0)
				return r;
			child = json_array_get(child, json_array_size(child) - 1);
		} else if (!json_is_object(child) || flags_of(t, child) == 0) {
			return perr(
			        t, KS_ECORRUPT, "table header extends a value that is not a table");
		}
		node = child;
	}
	*parent = node;
	*depth = d;
	return 0;
}

/* A [table] or [[array of tables]] header line: makes it the current table. */
static int header(struct tp *t, json_t *root)
{
	bool aot = peek(t, 1) == '[';
	json_t *parent = root, *child, *elem;
	const char *name;
	struct key k;
	int d = 1, r;

	t->off += aot ? 2 : 1;
	if ((r = parse_key(t, &k)) != 0)
		return r;
	if (peek(t, 0) != ']' || (aot && peek(t, 1) != ']'))
		return perr(t, KS_ECORRUPT, aot ? "expected ']]'" : "expected ']'");
	t->off += aot ? 2 : 1;
	if ((r = header_parent(t, &k, &parent, &d)) != 0)
		return r;
	name = part(t, &k, k.n - 1);
	child = json_object_get(parent, name);
	if ((r = deep(t, ++d)) != 0 || (r = count(t)) != 0)
		return r;
	if (!aot) {
		if (child == NULL) {
			child = json_object();
			if ((r = attach(t, parent, name, child)) != 0)
				return r;
		} else if (!json_is_object(child) || flags_of(t, child) != T_IMPLICIT) {
			return perr(t, KS_ECORRUPT, "table defined more than once");
		}
		if ((r = set_flags(t, child, T_DEFINED)) != 0)
			return r;
		t->cur = child;
	} else {
		if (child == NULL) {
			child = json_array();
			if ((r = attach(t, parent, name, child)) != 0)
				return r;
			if ((r = set_flags(t, child, T_AOT)) != 0)
				return r;
		} else if (!json_is_array(child) || !(flags_of(t, child) & T_AOT)) {
			return perr(t, KS_ECORRUPT, "array of tables conflicts with another value");
		}
		if ((r = deep(t, ++d)) != 0 || (r = count(t)) != 0)
			return r;
		if ((elem = json_object()) == NULL || json_array_append_new(child, elem) != 0)
			return KS_ENOMEM;
		if ((r = set_flags(t, elem, T_DEFINED)) != 0)
			return r;
		t->cur = elem;
	}
	t->curdepth = d;
	drop_key(t, &k);
	return 0;
}

int ks_toml_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n, json_t **out)
{
	struct tp t = {.p = (const char *)p, .n = n, .line = 1, .e = e, .what = what};
	json_t *root = NULL;
	int c, r = KS_EINTERNAL;

	*out = NULL;
	ks_map_init(&t.meta);
	ks_arena_init(&t.ma);
	ks_buf_init(&t.sb, KS_TOML_MAXBYTES);
	ks_buf_init(&t.kb, KS_TOML_MAXBYTES);
	if (n > KS_TOML_MAXBYTES) {
		r = perr(&t, KS_ELIMIT, "document too large");
		goto out;
	}
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		t.off = 3;
	if ((root = json_object()) == NULL || (r = set_flags(&t, root, T_DEFINED)) != 0 ||
	        (r = count(&t)) != 0) {
		r = root == NULL ? KS_ENOMEM : r;
		goto out;
	}
	t.cur = root;
	t.curdepth = 1;
	for (;;) {
		skip_ws(&t);
		if ((c = peek(&t, 0)) < 0)
			break;
		if (c == '[')
			r = header(&t, root);
		else if (c != '#' && c != '\n' && c != '\r')
			r = keyval(&t, t.cur, t.curdepth);
		else
			r = 0;
		if (r != 0 || (r = end_of_line(&t)) != 0)
			goto out;
	}
	*out = root;
	root = NULL;
	r = 0;
out:
	json_decref(root);
	ks_buf_release(&t.sb);
	ks_buf_release(&t.kb);
	ks_map_release(&t.meta);
	ks_arena_release(&t.ma);
	return r;
}
