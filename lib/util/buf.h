/*
 * buf.h - a growable byte buffer with a mandatory maximum size (after curl's dynbuf).
 *
 * The buffer owns its heap storage; contents are always NUL-terminated so p can be used
 * as a C string when the data is text. Appending past `max` fails with KS_ELIMIT and
 * leaves the buffer unchanged. ks_buf_release() frees; a released buffer is reusable.
 */
#ifndef KS_UTIL_BUF_H
#define KS_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct ks_buf {
	char *p;
	size_t n;   /* bytes used, excluding the terminating NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* largest n allowed */
};

void ks_buf_init(struct ks_buf *b, size_t max);
void ks_buf_release(struct ks_buf *b);
void ks_buf_reset(struct ks_buf *b); /* n = 0, keeps storage */

int ks_buf_add(struct ks_buf *b, const void *p, size_t n);
int ks_buf_addc(struct ks_buf *b, char c);
int ks_buf_adds(struct ks_buf *b, const char *s);
int ks_buf_addf(struct ks_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int ks_buf_vaddf(struct ks_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Appends s percent-encoded: ASCII letters, digits, "-._~" and the bytes in keep (may be
 * NULL) are copied, every other byte becomes %XX (upper-case hex), as RFC 3986 and the
 * package-URL spec encode URI components. */
int ks_buf_addpct(struct ks_buf *b, const char *s, const char *keep);

/* Takes the storage out of b (caller frees); b is left empty. Never NULL unless OOM. */
char *ks_buf_detach(struct ks_buf *b, size_t *len);

#endif
