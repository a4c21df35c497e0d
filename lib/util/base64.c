/* base64.c - standard base64 encoding and decoding; see base64.h. */
#include "util/base64.h"
#include "util/err.h"

#include <stdbool.h>

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int ks_base64_encode(struct ks_buf *b, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;
	int r;

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = alphabet[v >> 18 & 63];
		q[1] = alphabet[v >> 12 & 63];
		q[2] = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? alphabet[v & 63] : '=';
		if ((r = ks_buf_add(b, q, 4)) != 0)
			return r;
	}
	return 0;
}

static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int ks_base64_decode(struct ks_buf *b, const char *s, size_t n)
{
	unsigned q[4];
	size_t i, nq = 0, pad = 0;
	bool done = false;
	int r;

	for (i = 0; i < n; i++) {
		char c = s[i];
		int v = c == '=' ? 0 : value(c);

		if (c == '\r' || c == '\n')
			continue;
		if (done || v < 0 || (c == '=' && nq < 2) || (c != '=' && pad > 0))
			return KS_ECORRUPT;
		pad += c == '=';
		q[nq++] = (unsigned)v;
		if (nq < 4)
			continue;
		{
			unsigned char o[3];

			o[0] = (unsigned char)(q[0] << 2 | q[1] >> 4);
			o[1] = (unsigned char)(q[1] << 4 | q[2] >> 2);
			o[2] = (unsigned char)(q[2] << 6 | q[3]);
			if ((r = ks_buf_add(b, o, 3 - pad)) != 0)
				return r;
		}
		nq = 0;
		done = pad > 0;
	}
	return nq == 0 ? 0 : KS_ECORRUPT;
}
