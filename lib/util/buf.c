/* buf.c - bounded growable buffer; see buf.h. */
#include "util/buf.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ks_buf_init(struct ks_buf *b, size_t max)
{
	b->p = NULL;
	b->n = 0;
	b->cap = 0;
	b->max = max;
}

void ks_buf_release(struct ks_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
	b->cap = 0;
}

void ks_buf_reset(struct ks_buf *b)
{
	b->n = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static int reserve(struct ks_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > b->max || b->n > b->max - extra)
		return KS_ELIMIT;
	need = b->n + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > ((size_t)-1) / 2 ? need : ncap * 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = realloc(b->p, ncap);
	if (p == NULL)
		return KS_ENOMEM;
	b->p = p;
	b->cap = ncap;
	return 0;
}

int ks_buf_add(struct ks_buf *b, const void *p, size_t n)
{
	int r;

	if ((r = reserve(b, n)) != 0)
		return r;
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

int ks_buf_addc(struct ks_buf *b, char c)
{
	return ks_buf_add(b, &c, 1);
}

int ks_buf_adds(struct ks_buf *b, const char *s)
{
	return ks_buf_add(b, s, strlen(s));
}

int ks_buf_vaddf(struct ks_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, r;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return KS_EINTERNAL;
	if ((r = reserve(b, (size_t)n)) != 0)
		return r;
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	b->n += (size_t)n;
	return 0;
}

int ks_buf_addf(struct ks_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = ks_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int ks_buf_addpct(struct ks_buf *b, const char *s, const char *keep)
{
	static const char hex[] = "0123456789ABCDEF";
	int r = 0;

	for (; *s != '\0' && r == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '.' || c == '_' || c == '~' ||
			(keep != NULL && strchr(keep, c) != NULL)) {
			r = ks_buf_addc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };

			r = ks_buf_add(b, e, 3);
		}
	}
	return r;
}

char *ks_buf_detach(struct ks_buf *b, size_t *len)
{
	char *p;

	if (b->p == NULL && reserve(b, 0) != 0)
		return NULL;
	if (b->p != NULL)
		b->p[b->n] = '\0';
	p = b->p;
	if (len != NULL)
		*len = b->n;
	b->p = NULL;
	b->n = 0;
	b->cap = 0;
	return p;
}
