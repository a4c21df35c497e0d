/* str.c - string views and helpers; see str.h. */
#include "util/str.h"

#include <string.h>

struct ks_str ks_str_c(const char *s)
{
	struct ks_str r = { s ? s : "", s ? strlen(s) : 0 };
	return r;
}

bool ks_str_eq(struct ks_str a, const char *lit)
{
	size_t n = strlen(lit);
	return a.n == n && (n == 0 || memcmp(a.p, lit, n) == 0);
}

bool ks_str_eqs(struct ks_str a, struct ks_str b)
{
	return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool ks_str_eqi(struct ks_str a, const char *lit)
{
	size_t n = strlen(lit), i;

	if (a.n != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower(a.p[i]) != lower(lit[i]))
			return false;
	return true;
}

bool ks_str_hasprefix(struct ks_str a, const char *pre)
{
	size_t n = strlen(pre);
	return a.n >= n && memcmp(a.p, pre, n) == 0;
}

bool ks_str_hassuffix(struct ks_str a, const char *suf)
{
	size_t n = strlen(suf);
	return a.n >= n && memcmp(a.p + a.n - n, suf, n) == 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

struct ks_str ks_str_trim(struct ks_str a)
{
	while (a.n > 0 && blank(a.p[0])) {
		a.p++;
		a.n--;
	}
	while (a.n > 0 && blank(a.p[a.n - 1]))
		a.n--;
	return a;
}

struct ks_str ks_str_sub(struct ks_str a, size_t off, size_t n)
{
	struct ks_str r;

	if (off > a.n)
		off = a.n;
	if (n > a.n - off)
		n = a.n - off;
	r.p = a.p + off;
	r.n = n;
	return r;
}

ptrdiff_t ks_str_chr(struct ks_str a, char c)
{
	const char *q = a.n ? memchr(a.p, c, a.n) : NULL;
	return q ? q - a.p : -1;
}

ptrdiff_t ks_str_rchr(struct ks_str a, char c)
{
	size_t i;

	for (i = a.n; i > 0; i--)
		if (a.p[i - 1] == c)
			return (ptrdiff_t)(i - 1);
	return -1;
}

bool ks_str_cut(struct ks_str a, char c, struct ks_str *head, struct ks_str *tail)
{
	ptrdiff_t i = ks_str_chr(a, c);

	if (i < 0) {
		*head = a;
		tail->p = a.p + a.n;
		tail->n = 0;
		return false;
	}
	head->p = a.p;
	head->n = (size_t)i;
	tail->p = a.p + i + 1;
	tail->n = a.n - (size_t)i - 1;
	return true;
}

bool ks_str_to_u64(struct ks_str a, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (a.n == 0)
		return false;
	for (i = 0; i < a.n; i++) {
		unsigned d;

		if (a.p[i] < '0' || a.p[i] > '9')
			return false;
		d = (unsigned)(a.p[i] - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

void ks_lines_init(struct ks_lines *it, const char *p, size_t n)
{
	it->p = p;
	it->end = p + n;
	it->lineno = 0;
}

bool ks_lines_next(struct ks_lines *it, struct ks_str *line)
{
	const char *nl;
	size_t left;

	if (it->p == NULL || it->p >= it->end)
		return false;
	left = (size_t)(it->end - it->p);
	nl = memchr(it->p, '\n', left);
	line->p = it->p;
	line->n = nl ? (size_t)(nl - it->p) : left;
	it->p = nl ? nl + 1 : it->end;
	if (line->n > 0 && line->p[line->n - 1] == '\r')
		line->n--;
	it->lineno++;
	return true;
}

bool ks_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

bool ks_hasprefix(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

bool ks_hassuffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && memcmp(s + n - m, suf, m) == 0;
}

size_t ks_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t c = n < size - 1 ? n : size - 1;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

size_t ks_str_space_at(struct ks_str a, size_t off)
{
	const unsigned char *p;
	size_t left;

	if (off >= a.n)
		return 0;
	p = (const unsigned char *)a.p + off;
	left = a.n - off;
	if (p[0] == ' ' || (p[0] >= '\t' && p[0] <= '\r'))
		return 1;
	if (left >= 2 && p[0] == 0xC2 && (p[1] == 0x85 || p[1] == 0xA0))
		return 2;
	if (left < 3)
		return 0;
	if (p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80) /* U+1680 */
		return 3;
	if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xA8 ||
		p[2] == 0xA9 || p[2] == 0xAF)) /* U+2000-U+200A, U+2028, U+2029, U+202F */
		return 3;
	if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) /* U+205F */
		return 3;
	if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) /* U+3000 */
		return 3;
	return 0;
}

/* Byte length of the whitespace rune that ends a, or 0. Every multi-byte space starts with
 * a UTF-8 lead byte, so matching the suffix agrees with decoding the last rune. */
static size_t space_before_end(struct ks_str a)
{
	size_t k;

	for (k = 1; k <= 3 && k <= a.n; k++)
		if (ks_str_space_at(a, a.n - k) == k)
			return k;
	return 0;
}

struct ks_str ks_str_trim_space(struct ks_str a)
{
	size_t k;

	while ((k = ks_str_space_at(a, 0)) > 0) {
		a.p += k;
		a.n -= k;
	}
	while ((k = space_before_end(a)) > 0)
		a.n -= k;
	return a;
}

bool ks_str_field_next(struct ks_str *rest, struct ks_str *field)
{
	size_t i = 0, k;

	while ((k = ks_str_space_at(*rest, i)) > 0)
		i += k;
	if (i >= rest->n) {
		if (rest->n > 0)
			rest->p += rest->n;
		rest->n = 0;
		return false;
	}
	field->p = rest->p + i;
	while (i < rest->n && ks_str_space_at(*rest, i) == 0)
		i++;
	field->n = (size_t)(rest->p + i - field->p);
	rest->p += i;
	rest->n -= i;
	return true;
}
