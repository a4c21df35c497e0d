/*
 * base64.h - standard base64 (RFC 4648, "+/" alphabet, "=" padding), as Go's
 * base64.StdEncoding writes and reads it: HTTP Basic credentials and the "auth" entries of
 * Docker's config.json. Output goes to a caller-owned ks_buf.
 */
#ifndef KS_UTIL_BASE64_H
#define KS_UTIL_BASE64_H

#include <stddef.h>

#include "util/buf.h"

/* Appends the padded encoding of p[0..n) to b. 0 or KS_ELIMIT/KS_ENOMEM. */
int ks_base64_encode(struct ks_buf *b, const void *p, size_t n);

/* Appends the bytes s[0..n) decodes to. CR and LF are skipped; anything else outside the
 * alphabet, a length that is not a multiple of four, or misplaced padding is
 * KS_ECORRUPT. Returns 0 or a negative code (b keeps what was appended before the
 * error). */
int ks_base64_decode(struct ks_buf *b, const char *s, size_t n);

#endif
