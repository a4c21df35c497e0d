/* jscan.c - bounded JSON structure scanner; see jscan.h. */
#include "util/jscan.h"
#include "util/err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(struct ks_str t, size_t off)
{
	while (off < t.n && ws(t.p[off]))
		off++;
	return off;
}

/* Characters a number or a literal (true, false, null) is made of. */
static bool scalar_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '-' || c == '+' || c == '.';
}

/* t.p[off] is an opening quote: sets *end to the offset just past the closing one. */
static int scan_string(struct ks_str t, size_t off, size_t *end)
{
	size_t from = off + 1;

	for (;;) {
		const char *q = from < t.n ? memchr(t.p + from, '"', t.n - from) : NULL;
		size_t at, k;

		if (q == NULL)
			return KS_ECORRUPT;
		at = (size_t)(q - t.p);
		/* an odd run of backslashes before the quote escapes it */
		for (k = at; k > off + 1 && t.p[k - 1] == '\\'; k--)
			;
		if ((at - k) % 2 == 0) {
			*end = at + 1;
			return 0;
		}
		from = at + 1;
	}
}

/* t.p[off] opens a container: sets *end just past the bracket that closes it. */
static int scan_container(struct ks_str t, size_t off, size_t *end)
{
	uint64_t kinds[KS_JS_MAXDEPTH / 64]; /* bit set = object, clear = array */
	size_t depth = 0, i = off;
	int r;

	while (i < t.n) {
		char c = t.p[i];

		switch (c) {
		case '"':
			if ((r = scan_string(t, i, &i)) != 0)
				return r;
			continue;
		case '{':
		case '[':
			if (depth == KS_JS_MAXDEPTH)
				return KS_ELIMIT;
			if (c == '{')
				kinds[depth / 64] |= (uint64_t)1 << (depth % 64);
			else
				kinds[depth / 64] &= ~((uint64_t)1 << (depth % 64));
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				return KS_ECORRUPT;
			depth--;
			if (((kinds[depth / 64] >> (depth % 64)) & 1) != (c == '}'))
				return KS_ECORRUPT;
			if (depth == 0) {
				*end = i + 1;
				return 0;
			}
			break;
		default:
			break;
		}
		i++;
	}
	return KS_ECORRUPT;
}

int ks_js_value(struct ks_str text, size_t *off, struct ks_str *val)
{
	size_t start = skip_ws(text, *off), end = start;
	int r;

	if (start >= text.n)
		return KS_ECORRUPT;
	switch (text.p[start]) {
	case '"':
		r = scan_string(text, start, &end);
		break;
	case '{':
	case '[':
		r = scan_container(text, start, &end);
		break;
	default:
		while (end < text.n && scalar_char(text.p[end]))
			end++;
		r = end > start ? 0 : KS_ECORRUPT;
		break;
	}
	if (r != 0)
		return r;
	val->p = text.p + start;
	val->n = end - start;
	*off = end;
	return 0;
}

int ks_js_check(struct ks_str doc)
{
	struct ks_str v;
	size_t off = 0;
	int r;

	if ((r = ks_js_value(doc, &off, &v)) != 0)
		return r;
	return skip_ws(doc, off) == doc.n ? 0 : KS_ECORRUPT;
}

int ks_js_iter(struct ks_jsit *it, struct ks_str v, char open)
{
	size_t off = skip_ws(v, 0);

	memset(it, 0, sizeof(*it));
	if (off >= v.n || v.p[off] != open || (open != '{' && open != '['))
		return KS_ECORRUPT;
	it->s = ks_str_sub(v, off, v.n - off);
	it->off = 1;
	it->close = open == '{' ? '}' : ']';
	it->first = true;
	return 0;
}

int ks_js_key(struct ks_jsit *it, struct ks_str *key, struct ks_str *rest)
{
	struct ks_str k = { it->s.p, 0 };
	size_t off;

	if (it->done)
		return 0;
	/* the cursor rests on the ',' or closing bracket after the previous member */
	off = skip_ws(it->s, it->off);
	if (off >= it->s.n)
		return KS_ECORRUPT;
	if (it->s.p[off] == it->close) {
		it->done = true;
		it->off = off + 1;
		return 0;
	}
	if (!it->first) {
		if (it->s.p[off] != ',')
			return KS_ECORRUPT;
		off = skip_ws(it->s, off + 1);
		if (off >= it->s.n || it->s.p[off] == it->close)
			return KS_ECORRUPT; /* trailing comma */
	}
	if (it->close == '}') {
		size_t end;

		if (it->s.p[off] != '"' || scan_string(it->s, off, &end) != 0)
			return KS_ECORRUPT;
		k.p = it->s.p + off + 1;
		k.n = end - off - 2;
		off = skip_ws(it->s, end);
		if (off >= it->s.n || it->s.p[off] != ':')
			return KS_ECORRUPT;
		off = skip_ws(it->s, off + 1);
	}
	it->off = off;
	it->first = false;
	if (key != NULL)
		*key = k;
	*rest = ks_str_sub(it->s, off, it->s.n - off);
	return 1;
}

int ks_js_after(struct ks_jsit *it, struct ks_str val)
{
	if (val.p != it->s.p + it->off || val.n > it->s.n - it->off)
		return KS_EINTERNAL;
	it->off += val.n;
	return 0;
}

int ks_js_next(struct ks_jsit *it, struct ks_str *key, struct ks_str *val)
{
	struct ks_str rest;
	size_t off = 0;
	int r;

	if ((r = ks_js_key(it, key, &rest)) != 1)
		return r;
	if ((r = ks_js_value(rest, &off, val)) != 0)
		return r;
	it->off += off;
	return 1;
}

bool ks_js_plain_string(struct ks_str v, struct ks_str *out)
{
	if (v.n < 2 || v.p[0] != '"' || v.p[v.n - 1] != '"')
		return false;
	if (memchr(v.p + 1, '\\', v.n - 2) != NULL)
		return false;
	out->p = v.p + 1;
	out->n = v.n - 2;
	return true;
}

char ks_js_kind(struct ks_str v)
{
	if (v.n == 0)
		return 0;
	switch (v.p[0]) {
	case '{':
	case '[':
	case '"':
		return v.p[0];
	case 'n':
		return 'n';
	case 't':
	case 'f':
		return 'b';
	default:
		return '0';
	}
}

int ks_js_find(struct ks_str obj, const char *key, struct ks_str *val)
{
	struct ks_jsit it;
	struct ks_str k, v;
	int r, found = 0;

	if (ks_js_iter(&it, obj, '{') != 0)
		return KS_ECORRUPT;
	while ((r = ks_js_next(&it, &k, &v)) == 1)
		if (ks_str_eq(k, key)) {
			*val = v;
			found = 1;
		}
	return r < 0 ? KS_ECORRUPT : found;
}

int ks_js_pick(struct ks_str obj, const char *const *keys, size_t n, struct ks_str *vals,
	struct ks_str *span)
{
	struct ks_jsit it;
	struct ks_str k, v;
	size_t i;
	int r;

	for (i = 0; i < n; i++)
		vals[i] = (struct ks_str){ obj.p, 0 };
	if (ks_js_iter(&it, obj, '{') != 0)
		return KS_ECORRUPT;
	while ((r = ks_js_next(&it, &k, &v)) == 1)
		for (i = 0; i < n; i++)
			if (ks_str_eq(k, keys[i]))
				vals[i] = v;
	if (r < 0)
		return KS_ECORRUPT;
	if (span != NULL)
		*span = ks_str_sub(it.s, 0, it.off);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the 4 hex digits of a \u escape at s[i..i+4). */
static long hex4(struct ks_str s, size_t i)
{
	long v = 0;
	size_t k;

	if (s.n < 4 || i > s.n - 4)
		return -1;
	for (k = 0; k < 4; k++) {
		int h = hexval(s.p[i + k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

static size_t utf8_put(char *o, long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int ks_js_str(struct ks_str v, struct ks_arena *a, const char **out, size_t *len)
{
	struct ks_str s;
	size_t i, o = 0;
	char *buf;

	if (v.n < 2 || v.p[0] != '"' || v.p[v.n - 1] != '"')
		return KS_ECORRUPT;
	s = ks_str_sub(v, 1, v.n - 2);
	/* escapes only shrink, so the decoded text fits in s.n bytes */
	if ((buf = ks_arena_alloc(a, s.n + 1)) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < s.n;) {
		unsigned char c = (unsigned char)s.p[i];
		long cp;

		if (c < 0x20)
			return KS_ECORRUPT;
		if (c != '\\') {
			buf[o++] = (char)c;
			i++;
			continue;
		}
		if (++i >= s.n)
			return KS_ECORRUPT;
		switch (s.p[i++]) {
		case '"':
			buf[o++] = '"';
			continue;
		case '\\':
			buf[o++] = '\\';
			continue;
		case '/':
			buf[o++] = '/';
			continue;
		case 'b':
			buf[o++] = '\b';
			continue;
		case 'f':
			buf[o++] = '\f';
			continue;
		case 'n':
			buf[o++] = '\n';
			continue;
		case 'r':
			buf[o++] = '\r';
			continue;
		case 't':
			buf[o++] = '\t';
			continue;
		case 'u':
			break;
		default:
			return KS_ECORRUPT;
		}
		if ((cp = hex4(s, i)) <= 0)
			return KS_ECORRUPT; /* bad digits, or an escaped NUL */
		i += 4;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return KS_ECORRUPT;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			long lo;

			if (i + 6 > s.n || s.p[i] != '\\' || s.p[i + 1] != 'u' ||
				(lo = hex4(s, i + 2)) < 0xdc00 || lo > 0xdfff)
				return KS_ECORRUPT;
			i += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		o += utf8_put(buf + o, cp);
	}
	buf[o] = '\0';
	*out = buf;
	if (len != NULL)
		*len = o;
	return 0;
}

static size_t run_digits(struct ks_str s, size_t i)
{
	while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9')
		i++;
	return i;
}

int ks_js_num(struct ks_str v, double *out)
{
	char tmp[65];
	size_t i = 0, j;
	char *end;

	if (v.n == 0 || v.n >= sizeof(tmp))
		return KS_ECORRUPT;
	if (v.p[i] == '-')
		i++;
	if (i < v.n && v.p[i] == '0')
		i++;
	else if ((j = run_digits(v, i)) > i)
		i = j;
	else
		return KS_ECORRUPT;
	if (i < v.n && v.p[i] == '.') {
		if ((j = run_digits(v, i + 1)) == i + 1)
			return KS_ECORRUPT;
		i = j;
	}
	if (i < v.n && (v.p[i] == 'e' || v.p[i] == 'E')) {
		i++;
		if (i < v.n && (v.p[i] == '+' || v.p[i] == '-'))
			i++;
		if ((j = run_digits(v, i)) == i)
			return KS_ECORRUPT;
		i = j;
	}
	if (i != v.n)
		return KS_ECORRUPT;
	memcpy(tmp, v.p, v.n);
	tmp[v.n] = '\0';
	*out = strtod(tmp, &end);
	return *end == '\0' ? 0 : KS_ECORRUPT;
}
