/*
 * golit.h - Go string literals ("..." with escapes, `raw`) decoded exactly as Go's
 * strconv.Unquote and strconv.QuotedPrefix do, for inputs written by Go tools (the build
 * settings inside Go binaries, quoted module paths in go.mod).
 *
 * Decoded bytes go into a caller-owned growable buffer (util/buf.h), so its maximum bounds
 * the memory; nothing else is allocated.
 */
#ifndef KS_UTIL_GOLIT_H
#define KS_UTIL_GOLIT_H

#include <stddef.h>

#include "util/buf.h"
#include "util/str.h"

/*
 * Decodes the Go string literal at the start of s (it must start with '"' or '`'):
 * *len gets the length of the literal in s and, when out is not NULL, the decoded value
 * is appended to out. Double-quoted literals may not contain a raw newline and accept
 * the escapes \a \b \f \n \r \t \v \\ \" \xHH \OOO (<= 255) \uHHHH \UHHHHHHHH (valid
 * runes); a byte that is not valid UTF-8 decodes to U+FFFD, as Go's slow path does. Raw
 * literals drop carriage returns. KS_ECORRUPT for anything Go rejects, KS_ELIMIT/KS_ENOMEM
 * from out.
 */
int ks_golit_prefix(struct ks_str s, size_t *len, struct ks_buf *out);

/* strconv.Unquote: the whole of s must be one literal. */
int ks_golit_unquote(struct ks_str s, struct ks_buf *out);

#endif
