/* feedkit.c - helpers shared by the feed importers; see feedkit.h. */
#include "db/feedkit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void ks_fk_init(struct ks_fk *k, struct ks_ctx *cx, const char *feed, const char *path)
{
	k->cx = cx;
	k->feed = feed;
	k->path = path;
	k->skipped = 0;
}

int ks_fk_skip(struct ks_fk *k, const char *rec, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (++k->skipped > KS_FK_MAXWARN)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rec != NULL)
		return ks_warn(k->cx, "%s: '%s': %.128s: %s; skipped", k->feed, k->path, rec, msg);
	return ks_warn(k->cx, "%s: '%s': %s; skipped", k->feed, k->path, msg);
}

int ks_fk_finish(struct ks_fk *k)
{
	if (k->skipped <= KS_FK_MAXWARN)
		return 0;
	return ks_warn(k->cx, "%s: '%s': %lu more malformed records skipped", k->feed, k->path,
		k->skipped - KS_FK_MAXWARN);
}

int ks_fk_fail(struct ks_fk *k, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return ks_seterr(&k->cx->err, code, "%s: '%s': %s", k->feed, k->path, msg);
}

enum ks_sev ks_fk_score_sev(double score)
{
	if (score >= 9.0)
		return KS_SEV_CRITICAL;
	if (score >= 7.0)
		return KS_SEV_HIGH;
	if (score >= 4.0)
		return KS_SEV_MEDIUM;
	if (score > 0.0)
		return KS_SEV_LOW;
	return KS_SEV_UNKNOWN;
}

/* Reads n decimal digits at s.p[*i] into *v, within [lo, hi]. */
static bool digits(struct ks_str s, size_t *i, size_t n, int lo, int hi, int *v)
{
	size_t k;
	int x = 0;

	if (s.n - *i < n)
		return false;
	for (k = 0; k < n; k++) {
		char c = s.p[*i + k];

		if (c < '0' || c > '9')
			return false;
		x = x * 10 + (c - '0');
	}
	*i += n;
	*v = x;
	return x >= lo && x <= hi;
}

static bool lit(struct ks_str s, size_t *i, char c)
{
	if (*i >= s.n || s.p[*i] != c)
		return false;
	(*i)++;
	return true;
}

bool ks_fk_time(struct ks_str in, char *out, size_t size)
{
	int y, mo, d, h, mi, sec = 0, zh = 0, zm = 0;
	size_t i = 0, frac = 0, fracn = 0;
	char zone[8] = "Z";
	int len;

	out[0] = '\0';
	in = ks_str_trim(in);
	if (!digits(in, &i, 4, 0, 9999, &y) || !lit(in, &i, '-') ||
		!digits(in, &i, 2, 1, 12, &mo) || !lit(in, &i, '-') ||
		!digits(in, &i, 2, 1, 31, &d))
		return false;
	if (i == in.n) {
		len = snprintf(out, size, "%04d-%02d-%02d", y, mo, d);
		return len > 0 && (size_t)len < size;
	}
	if (in.p[i] != 'T' && in.p[i] != 't' && in.p[i] != ' ')
		return false;
	i++;
	if (!digits(in, &i, 2, 0, 23, &h) || !lit(in, &i, ':') || !digits(in, &i, 2, 0, 59, &mi))
		return false;
	if (lit(in, &i, ':') && !digits(in, &i, 2, 0, 60, &sec))
		return false;
	if (lit(in, &i, '.')) {
		frac = i;
		while (i < in.n && in.p[i] >= '0' && in.p[i] <= '9' && fracn < 9) {
			i++;
			fracn++;
		}
		if (fracn == 0)
			return false;
	}
	if (i < in.n && (in.p[i] == 'Z' || in.p[i] == 'z')) {
		i++;
	} else if (i < in.n && (in.p[i] == '+' || in.p[i] == '-')) {
		char sign = in.p[i++];

		if (!digits(in, &i, 2, 0, 23, &zh))
			return false;
		(void)lit(in, &i, ':');
		if (!digits(in, &i, 2, 0, 59, &zm))
			return false;
		snprintf(zone, sizeof(zone), "%c%02d:%02d", sign, zh, zm);
	}
	if (i != in.n)
		return false;
	len = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%s%.*s%s", y, mo, d, h, mi, sec,
		fracn ? "." : "", (int)fracn, fracn ? in.p + frac : "", zone);
	if (len <= 0 || (size_t)len >= size) {
		out[0] = '\0';
		return false;
	}
	return true;
}

bool ks_fk_id_ok(struct ks_str s)
{
	size_t i;

	if (s.n == 0 || s.n > 128)
		return false;
	for (i = 0; i < s.n; i++) {
		char c = s.p[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    c == '.' || c == '_' || c == ':' || c == '-'))
			return false;
	}
	return true;
}

bool ks_fk_cve_ok(struct ks_str s)
{
	size_t i;

	if (s.n < 13 || s.n > 28 || !ks_str_hasprefix(s, "CVE-") || s.p[8] != '-')
		return false;
	for (i = 4; i < s.n; i++)
		if (i != 8 && (s.p[i] < '0' || s.p[i] > '9'))
			return false;
	return true;
}

bool ks_fk_line_key(struct ks_str text, const char *key)
{
	size_t n = strlen(key), i;

	for (i = 0; i + n <= text.n; i++)
		if ((i == 0 || text.p[i - 1] == '\n') && memcmp(text.p + i, key, n) == 0)
			return true;
	return false;
}

int ks_fk_json_str(struct ks_buf *b, struct ks_str s)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, from = 0;
	int r;

	if ((r = ks_buf_addc(b, '"')) != 0)
		return r;
	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if ((r = ks_buf_add(b, s.p + from, i - from)) != 0)
			return r;
		if (c == '"' || c == '\\') {
			esc[1] = (char)c;
			esc[2] = '\0';
		}
		if ((r = ks_buf_adds(b, esc)) != 0)
			return r;
		from = i + 1;
	}
	if ((r = ks_buf_add(b, s.p + from, s.n - from)) != 0)
		return r;
	return ks_buf_addc(b, '"');
}

int ks_fk_join_unique(struct ks_buf *b, const struct ks_str *v, size_t n)
{
	size_t i, j;
	int r;

	ks_buf_reset(b);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i && !ks_str_eqs(v[i], v[j]); j++)
			;
		if (j < i)
			continue;
		if (b->n > 0 && (r = ks_buf_adds(b, ", ")) != 0)
			return r;
		if ((r = ks_buf_add(b, v[i].p, v[i].n)) != 0)
			return r;
	}
	return 0;
}
