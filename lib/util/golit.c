/* golit.c - Go string literal decoding; see golit.h. */
#include "util/golit.h"
#include "util/err.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/banned.h"

/* Decodes one UTF-8 sequence at s[i] as Go's utf8.DecodeRune does: *r gets the rune and
 * the return value its length; an invalid sequence gives U+FFFD and length 1. */
static size_t utf8_decode(struct ks_str s, size_t i, uint32_t *r)
{
	const unsigned char *p = (const unsigned char *)s.p + i;
	size_t left = s.n - i, n, k;
	uint32_t c = p[0], min;

	if (c < 0x80) {
		*r = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		*r = 0xfffd;
		return 1;
	}
	if (left < n)
		goto bad;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (p[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*r = c;
	return n;
bad:
	*r = 0xfffd;
	return 1;
}

static int add_rune(struct ks_buf *out, uint32_t r)
{
	char b[4];
	size_t n;

	if (r < 0x80) {
		b[0] = (char)r, n = 1;
	} else if (r < 0x800) {
		b[0] = (char)(0xc0 | r >> 6), b[1] = (char)(0x80 | (r & 0x3f)), n = 2;
	} else if (r < 0x10000) {
		b[0] = (char)(0xe0 | r >> 12), b[1] = (char)(0x80 | ((r >> 6) & 0x3f));
		b[2] = (char)(0x80 | (r & 0x3f)), n = 3;
	} else {
		b[0] = (char)(0xf0 | r >> 18), b[1] = (char)(0x80 | ((r >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((r >> 6) & 0x3f)), b[3] = (char)(0x80 | (r & 0x3f)), n = 4;
	}
	return ks_buf_add(out, b, n);
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

/*
 * One escape sequence at s[*i] (the backslash): appends its value and advances *i
 * (strconv.UnquoteChar for a double-quoted string).
 */
static int escape(struct ks_str s, size_t *i, struct ks_buf *out)
{
	static const char simple[] = "a\ab\bf\fn\nr\rt\tv\v\\\\\"\"";
	size_t j = *i + 1, n = 0, k;
	uint32_t v = 0;
	const char *m;
	char c;

	if (j >= s.n)
		return KS_ECORRUPT;
	c = s.p[j++];
	for (m = simple; *m != '\0'; m += 2)
		if (m[0] == c) {
			*i = j;
			return out ? ks_buf_addc(out, m[1]) : 0;
		}
	if (c == 'x' || c == 'u' || c == 'U') {
		n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
		if (s.n - j < n)
			return KS_ECORRUPT;
		for (k = 0; k < n; k++) {
			int h = hexval(s.p[j + k]);

			if (h < 0)
				return KS_ECORRUPT;
			v = v << 4 | (uint32_t)h;
		}
		*i = j + n;
		if (c == 'x')
			return out ? ks_buf_addc(out, (char)v) : 0;
		if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
			return KS_ECORRUPT;
		return out ? add_rune(out, v) : 0;
	}
	if (c >= '0' && c <= '7') {
		v = (uint32_t)(c - '0');
		if (s.n - j < 2)
			return KS_ECORRUPT;
		for (k = 0; k < 2; k++) {
			char d = s.p[j + k];

			if (d < '0' || d > '7')
				return KS_ECORRUPT;
			v = v << 3 | (uint32_t)(d - '0');
		}
		if (v > 255)
			return KS_ECORRUPT;
		*i = j + 2;
		return out ? ks_buf_addc(out, (char)v) : 0;
	}
	return KS_ECORRUPT;
}

static int raw_literal(struct ks_str s, size_t *len, struct ks_buf *out)
{
	size_t i;
	int r;

	for (i = 1; i < s.n && s.p[i] != '`'; i++)
		if (out != NULL && s.p[i] != '\r' && (r = ks_buf_addc(out, s.p[i])) != 0)
			return r;
	if (i >= s.n)
		return KS_ECORRUPT;
	*len = i + 1;
	return 0;
}

int ks_golit_prefix(struct ks_str s, size_t *len, struct ks_buf *out)
{
	size_t i = 1;
	uint32_t rune;
	int r;

	if (s.n == 0)
		return KS_ECORRUPT;
	if (s.p[0] == '`')
		return raw_literal(s, len, out);
	if (s.p[0] != '"')
		return KS_ECORRUPT;
	while (i < s.n && s.p[i] != '"') {
		unsigned char c = (unsigned char)s.p[i];

		if (c == '\n')
			return KS_ECORRUPT;
		if (c == '\\') {
			if ((r = escape(s, &i, out)) != 0)
				return r;
			continue;
		}
		if (c < 0x80) {
			if (out != NULL && (r = ks_buf_addc(out, (char)c)) != 0)
				return r;
			i++;
			continue;
		}
		{
			size_t n = utf8_decode(s, i, &rune);

			r = out == NULL ? 0 :
				rune == 0xfffd && n == 1 ? add_rune(out, rune) :
							   ks_buf_add(out, s.p + i, n);
			if (r != 0)
				return r;
			i += n;
		}
	}
	if (i >= s.n)
		return KS_ECORRUPT;
	*len = i + 1;
	return 0;
}

int ks_golit_unquote(struct ks_str s, struct ks_buf *out)
{
	size_t len;
	int r;

	if ((r = ks_golit_prefix(s, &len, out)) != 0)
		return r;
	return len == s.n ? 0 : KS_ECORRUPT;
}
