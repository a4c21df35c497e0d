/* lineno.c - line numbers of byte offsets; see lineno.h. */
#include "util/lineno.h"

#include <string.h>

#include "util/banned.h"

void ks_lineno_init(struct ks_lineno *ln, const char *p, size_t n)
{
	ln->p = p;
	ln->n = p != NULL ? n : 0;
	ln->off = 0;
	ln->line = 1;
}

/* Newlines in [a, b) of the text. */
static size_t count_nl(const struct ks_lineno *ln, size_t a, size_t b)
{
	size_t k = 0;
	const char *q = ln->p + a, *end = ln->p + b;

	while (q < end && (q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		k++;
		q++;
	}
	return k;
}

size_t ks_lineno_at(struct ks_lineno *ln, size_t off)
{
	if (off > ln->n)
		off = ln->n;
	if (off >= ln->off)
		ln->line += count_nl(ln, ln->off, off);
	else
		ln->line -= count_nl(ln, off, ln->off);
	ln->off = off;
	return ln->line;
}

size_t ks_lineno_ptr(struct ks_lineno *ln, const char *at)
{
	if (ln->p == NULL || at < ln->p)
		return ks_lineno_at(ln, 0);
	return ks_lineno_at(ln, (size_t)(at - ln->p) <= ln->n ? (size_t)(at - ln->p) : ln->n);
}
