/* jsonw.c - Go-compatible streaming JSON writer; see jsonw.h. */
#include "util/jsonw.h"
#include "util/err.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ks_jw_init(struct ks_jw *w, FILE *f, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
	w->pretty = pretty;
}

static void put(struct ks_jw *w, const char *s, size_t n)
{
	if (w->err == 0 && n > 0 && fwrite(s, 1, n, w->f) != n)
		w->err = KS_EIO;
}

static void puts_(struct ks_jw *w, const char *s)
{
	put(w, s, strlen(s));
}

static void newline(struct ks_jw *w)
{
	int i;

	if (!w->pretty)
		return;
	put(w, "\n", 1);
	for (i = 0; i < w->depth; i++)
		put(w, "  ", 2);
}

/* Called before every value or key: separators and indentation. */
static void pre_item(struct ks_jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->count[w->depth] > 0)
			put(w, ",", 1);
		newline(w);
	}
	w->count[w->depth]++;
}

static void open_(struct ks_jw *w, char c)
{
	pre_item(w);
	put(w, &c, 1);
	if (w->depth >= KS_JW_MAXDEPTH) {
		w->err = KS_EINTERNAL;
		return;
	}
	w->depth++;
	w->count[w->depth] = 0;
}

static void close_(struct ks_jw *w, char c)
{
	if (w->depth == 0) {
		w->err = KS_EINTERNAL;
		return;
	}
	w->depth--;
	if (w->count[w->depth + 1] > 0)
		newline(w);
	put(w, &c, 1);
}

void ks_jw_obj(struct ks_jw *w)
{
	open_(w, '{');
}

void ks_jw_obj_end(struct ks_jw *w)
{
	close_(w, '}');
}

void ks_jw_arr(struct ks_jw *w)
{
	open_(w, '[');
}

void ks_jw_arr_end(struct ks_jw *w)
{
	close_(w, ']');
}

/* Length of a valid UTF-8 sequence at s (max n bytes), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned long cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		(cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void put_string(struct ks_jw *w, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, start = 0;

	put(w, "\"", 1);
	while (i < n) {
		unsigned c = s[i];
		char esc[8];
		size_t l;

		if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' &&
			c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0x80) {
			l = utf8_len(s + i, n - i);
			if (l == 3 && s[i] == 0xe2 && s[i + 1] == 0x80 &&
				(s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
				put(w, str + start, i - start);
				puts_(w, s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
				i += 3;
				start = i;
				continue;
			}
			if (l > 0) {
				i += l;
				continue;
			}
			put(w, str + start, i - start);
			puts_(w, "\\ufffd");
			i++;
			start = i;
			continue;
		}
		put(w, str + start, i - start);
		switch (c) {
		case '"':
			puts_(w, "\\\"");
			break;
		case '\\':
			puts_(w, "\\\\");
			break;
		case '\n':
			puts_(w, "\\n");
			break;
		case '\r':
			puts_(w, "\\r");
			break;
		case '\t':
			puts_(w, "\\t");
			break;
		default:
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(w, esc, 6);
		}
		i++;
		start = i;
	}
	put(w, str + start, n - start);
	put(w, "\"", 1);
}

void ks_jw_key(struct ks_jw *w, const char *key)
{
	pre_item(w);
	put_string(w, key, strlen(key));
	put(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
	w->after_key = true;
}

void ks_jw_strn(struct ks_jw *w, const char *s, size_t n)
{
	pre_item(w);
	put_string(w, s ? s : "", s ? n : 0);
}

void ks_jw_str(struct ks_jw *w, const char *s)
{
	ks_jw_strn(w, s, s ? strlen(s) : 0);
}

void ks_jw_int(struct ks_jw *w, int64_t v)
{
	char b[32];

	pre_item(w);
	snprintf(b, sizeof(b), "%lld", (long long)v);
	puts_(w, b);
}

void ks_jw_uint(struct ks_jw *w, uint64_t v)
{
	char b[32];

	pre_item(w);
	snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
	puts_(w, b);
}

/* Shortest %.*e digits that round-trip, then laid out like Go: plain decimal when
 * 1e-6 <= |v| < 1e21, else exponent form with at least two exponent digits. */
void ks_jw_fmt_double(double v, char *buf, size_t size)
{
	char tmp[40], digits[24];
	int prec, exp10, nd = 0, i;
	char *e;
	double av = fabs(v);

	if (!isfinite(v)) {
		snprintf(buf, size, "null");
		return;
	}
	if (v == 0) {
		snprintf(buf, size, "0");
		return;
	}
	for (prec = 0; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	/* tmp = [-]d.ddde[+-]XX */
	e = strchr(tmp, 'e');
	exp10 = (int)strtol(e + 1, NULL, 10);
	for (i = (tmp[0] == '-'); tmp + i < e; i++)
		if (tmp[i] != '.')
			digits[nd++] = tmp[i];
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	if (av >= 1e-6 && av < 1e21) {
		char out[64];
		int o = 0;

		if (v < 0)
			out[o++] = '-';
		if (exp10 < 0) {
			out[o++] = '0';
			out[o++] = '.';
			for (i = 0; i < -exp10 - 1; i++)
				out[o++] = '0';
			for (i = 0; i < nd; i++)
				out[o++] = digits[i];
		} else {
			for (i = 0; i <= exp10 || i < nd; i++) {
				if (i == exp10 + 1)
					out[o++] = '.';
				out[o++] = i < nd ? digits[i] : '0';
			}
		}
		out[o] = '\0';
		snprintf(buf, size, "%s", out);
	} else {
		snprintf(buf, size, "%s%c%s%se%c%02d", v < 0 ? "-" : "", digits[0], nd > 1 ? "." : "",
			digits + 1, exp10 < 0 ? '-' : '+', abs(exp10));
	}
}

void ks_jw_double(struct ks_jw *w, double v)
{
	char b[64];

	pre_item(w);
	ks_jw_fmt_double(v, b, sizeof(b));
	puts_(w, b);
}

void ks_jw_bool(struct ks_jw *w, bool v)
{
	pre_item(w);
	puts_(w, v ? "true" : "false");
}

void ks_jw_null(struct ks_jw *w)
{
	pre_item(w);
	puts_(w, "null");
}

void ks_jw_raw(struct ks_jw *w, const char *json, size_t n)
{
	pre_item(w);
	put(w, json, n);
}

void ks_jw_kstr(struct ks_jw *w, const char *key, const char *s)
{
	ks_jw_key(w, key);
	ks_jw_str(w, s);
}

void ks_jw_kstr_opt(struct ks_jw *w, const char *key, const char *s)
{
	if (s != NULL && s[0] != '\0')
		ks_jw_kstr(w, key, s);
}

void ks_jw_kint(struct ks_jw *w, const char *key, int64_t v)
{
	ks_jw_key(w, key);
	ks_jw_int(w, v);
}

void ks_jw_kint_opt(struct ks_jw *w, const char *key, int64_t v)
{
	if (v != 0)
		ks_jw_kint(w, key, v);
}

void ks_jw_kbool_opt(struct ks_jw *w, const char *key, bool v)
{
	if (v) {
		ks_jw_key(w, key);
		ks_jw_bool(w, true);
	}
}
