/* xmlesc.c - XML/HTML text escaping; see xmlesc.h. */
#include "util/xmlesc.h"
#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (1..4) and its code point in *cp, or 0 when the
 * bytes at s are not a valid, shortest-form encoding of a Unicode scalar value. */
static size_t utf8_at(const unsigned char *s, uint32_t *cp)
{
	size_t n, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	/* a NUL terminator fails the continuation test, so this never reads past it */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
		(c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static bool xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

int ks_xml_esc(FILE *f, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	uint32_t c;
	size_t n;

	while (*p != '\0') {
		n = utf8_at(p, &c);
		if (n == 0 || !xml_char(c)) {
			fputs("\xef\xbf\xbd", f);
			p += n ? n : 1;
			continue;
		}
		switch (c) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		case '\t':
		case '\n':
		case '\r':
			if (attr)
				fprintf(f, "&#%u;", (unsigned)c);
			else
				fputc((int)c, f);
			break;
		default:
			fwrite(p, 1, n, f);
		}
		p += n;
	}
	return ferror(f) ? KS_EIO : 0;
}
