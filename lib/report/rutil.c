/* rutil.c - helpers shared by the report writers; see rutil.h. */
#include "report/rutil.h"
#include "util/sha256.h"
#include "util/str.h"

#include <stdarg.h>
#include <string.h>

/* n decimal digits at s, or -1. */
static long digits(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static bool leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool ks_rep_parse_time(const char *s, time_t *out)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y, mo, d, h = 0, mi = 0, se = 0, off = 0;
	struct tm tm;
	time_t t;

	if (s == NULL || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 1 || mo < 1 || mo > 12 || d < 1 ||
		d > mdays[mo - 1] + (mo == 2 && leap(y) ? 1 : 0))
		return false;
	s += 10;
	if (*s != '\0') {
		if ((*s != 'T' && *s != 't') || strlen(s) < 9 || s[3] != ':' || s[6] != ':')
			return false;
		h = digits(s + 1, 2);
		mi = digits(s + 4, 2);
		se = digits(s + 7, 2);
		if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60)
			return false;
		s += 9;
		if (*s == '.') {
			if (s[1] < '0' || s[1] > '9')
				return false;
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
		}
		if ((*s == 'Z' || *s == 'z') && s[1] == '\0') {
			off = 0;
		} else if ((*s == '+' || *s == '-') && strlen(s) == 6 && s[3] == ':') {
			long oh = digits(s + 1, 2), om = digits(s + 4, 2);

			if (oh < 0 || oh > 23 || om < 0 || om > 59)
				return false;
			off = (oh * 60 + om) * 60 * (*s == '-' ? -1 : 1);
		} else {
			return false;
		}
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)(y - 1900);
	tm.tm_mon = (int)(mo - 1);
	tm.tm_mday = (int)d;
	tm.tm_hour = (int)h;
	tm.tm_min = (int)mi;
	tm.tm_sec = (int)(se == 60 ? 59 : se);
	t = timegm(&tm);
	*out = t - (time_t)off;
	return true;
}

int ks_rep_time(const struct kensa_report_options *ro, time_t *out, struct ks_err *err)
{
	if (ro->created_at == NULL) {
		*out = time(NULL);
		return 0;
	}
	if (!ks_rep_parse_time(ro->created_at, out))
		return ks_seterr(err, KS_EUSAGE, "report time '%s' is not an RFC 3339 date-time",
			ro->created_at);
	return 0;
}

void ks_rep_fmt_time(time_t t, enum ks_rep_tfmt style, char *buf, size_t n)
{
	static const char *const suffix[] = { "Z", "+00:00", "" };
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 70;
		tm.tm_mday = 1;
	}
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d%s", tm.tm_year + 1900, tm.tm_mon + 1,
		tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, suffix[style]);
}

/* SHA-256 (hex, after "sha256:") over the strings of ap, each with a 0 byte after it. */
static int hash_list(char dig[KS_DIGEST_STRLEN + 1], va_list ap)
{
	struct ks_sha256 h;
	const char *s;
	int r;

	if ((r = ks_sha256_init(&h)) != 0)
		return r;
	while ((s = va_arg(ap, const char *)) != NULL)
		ks_sha256_update(&h, s, strlen(s) + 1);
	return ks_sha256_final(&h, dig);
}

int ks_rep_uuid(char out[KS_REP_UUID_LEN + 1], ...)
{
	static const char hex[] = "0123456789abcdef";
	char dig[KS_DIGEST_STRLEN + 1];
	const char *x = dig + 7;
	va_list ap;
	size_t i, o = 0;
	int r;

	va_start(ap, out);
	r = hash_list(dig, ap);
	va_end(ap);
	if (r != 0)
		return r;
	for (i = 0; i < 32; i++) {
		char c = x[i];

		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		if (i == 12)
			c = '5'; /* version */
		else if (i == 16)
			c = hex[8 | ((c >= 'a' ? c - 'a' + 10 : c - '0') & 3)]; /* variant 10xx */
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

int ks_rep_hex(char out[KS_REP_HEX_LEN + 1], ...)
{
	char dig[KS_DIGEST_STRLEN + 1];
	va_list ap;
	int r;

	va_start(ap, out);
	r = hash_list(dig, ap);
	va_end(ap);
	if (r == 0)
		memcpy(out, dig + 7, KS_REP_HEX_LEN + 1);
	return r;
}

int ks_rep_sev(const struct ks_finding *f)
{
	return f->severity >= KS_SEV_UNKNOWN && f->severity <= KS_SEV_CRITICAL ? f->severity :
										 KS_SEV_UNKNOWN;
}

void ks_rep_count(const struct ks_target *t, size_t counts[KS_SEV_CRITICAL + 1])
{
	size_t i;

	for (i = 0; i < t->nvulns; i++)
		counts[ks_rep_sev(&t->vulns[i])]++;
}

double ks_rep_cvss3(const struct ks_finding *f, const char **vector)
{
	size_t i;

	if (vector != NULL)
		*vector = NULL;
	if (f->severity_source == NULL || f->severity_source[0] == '\0')
		return -1;
	for (i = 0; i < f->v.nsevs; i++) {
		const struct ks_vsev *s = &f->v.sevs[i];

		if (!ks_streq(s->source, f->severity_source) || s->v3_score <= 0)
			continue;
		if (vector != NULL)
			*vector = s->v3_vector;
		return s->v3_score;
	}
	return -1;
}

const char *ks_rep_os(struct ks_arena *a, const struct kensa_result *r)
{
	if (!r->has_os || r->os.family == NULL)
		return NULL;
	if (r->os.name == NULL || r->os.name[0] == '\0')
		return r->os.family;
	return ks_arena_printf(a, "%s %s", r->os.family, r->os.name);
}

bool ks_rep_http_url(const char *url)
{
	const char *p;

	if (url == NULL)
		return false;
	if (ks_hasprefix(url, "https://"))
		p = url + 8;
	else if (ks_hasprefix(url, "http://"))
		p = url + 7;
	else
		return false;
	if (*p == '\0')
		return false;
	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
			c == '\\' || c == '`')
			return false;
	}
	return true;
}

int ks_rep_md(struct ks_buf *b, const char *s)
{
	const char *p;
	int r = 0;

	for (p = ks_rep_s(s); *p != '\0' && r == 0; p++) {
		char c = *p;

		if (c == '\r' && p[1] == '\n')
			continue;
		if (c == '\n' || c == '\r' || c == '\t')
			r = ks_buf_addc(b, ' ');
		else if ((unsigned char)c < 0x20 || c == 0x7f)
			r = ks_buf_adds(b, "\xef\xbf\xbd");
		else if (c == '<')
			r = ks_buf_adds(b, "&lt;");
		else if (c == '>')
			r = ks_buf_adds(b, "&gt;");
		else if (c == '&')
			r = ks_buf_adds(b, "&amp;");
		else if (c == '@')
			r = ks_buf_adds(b, "@\xe2\x80\x8b");
		else if (strchr("\\`*_[]|~", c) != NULL)
			r = ks_buf_addf(b, "\\%c", c);
		else
			r = ks_buf_addc(b, c);
	}
	return r;
}

int ks_rep_md_link(struct ks_buf *b, const char *text, const char *url)
{
	int r;

	if (!ks_rep_http_url(url))
		return ks_rep_md(b, text);
	if ((r = ks_buf_addc(b, '[')) != 0 || (r = ks_rep_md(b, text)) != 0 ||
		(r = ks_buf_adds(b, "](")) != 0)
		return r;
	/* parentheses would end the destination early */
	for (; *url != '\0' && r == 0; url++)
		r = *url == '(' ? ks_buf_adds(b, "%28") :
		    *url == ')' ? ks_buf_adds(b, "%29") : ks_buf_addc(b, *url);
	return r ? r : ks_buf_addc(b, ')');
}
