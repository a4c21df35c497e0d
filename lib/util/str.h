/*
 * str.h - string views ({p, n} into bytes owned elsewhere) and small text helpers.
 *
 * A view never owns memory and is never assumed to be NUL-terminated. Cursor-style text
 * parsers walk input with ks_lines_next() and split fields with the helpers below.
 */
#ifndef KS_UTIL_STR_H
#define KS_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ks_str {
	const char *p;
	size_t n;
};

#define KS_STR_LIT(s) ((struct ks_str){ (s), sizeof(s) - 1 })

struct ks_str ks_str_c(const char *s); /* view of a C string (NULL -> empty) */
bool ks_str_eq(struct ks_str a, const char *lit);
bool ks_str_eqs(struct ks_str a, struct ks_str b);
bool ks_str_eqi(struct ks_str a, const char *lit); /* ASCII case-insensitive */
bool ks_str_hasprefix(struct ks_str a, const char *pre);
bool ks_str_hassuffix(struct ks_str a, const char *suf);
struct ks_str ks_str_trim(struct ks_str a); /* strips ASCII blanks (space, tab, CR, LF) */
struct ks_str ks_str_sub(struct ks_str a, size_t off, size_t n); /* clamped */
/* Index of the first c in a, or -1. */
ptrdiff_t ks_str_chr(struct ks_str a, char c);
ptrdiff_t ks_str_rchr(struct ks_str a, char c);
/* Splits a at the first c: *head gets the part before, *tail the part after; false (and
 * *head = a, *tail empty) when there is no c. */
bool ks_str_cut(struct ks_str a, char c, struct ks_str *head, struct ks_str *tail);
/* Parses a whole view as a decimal integer in [0, max]; false on anything else. */
bool ks_str_to_u64(struct ks_str a, uint64_t max, uint64_t *out);

/*
 * Go-compatible whitespace handling for UTF-8 text, for parsers that must split and trim
 * exactly like Go's strings.TrimSpace / strings.Fields (Trivy-compatible output).
 * Whitespace is Unicode White_Space as in Go's unicode.IsSpace: \t \n \v \f \r space,
 * U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
 * Invalid UTF-8 bytes are never whitespace.
 */
/* Byte length of the whitespace rune starting at a.p[off], or 0 if there is none. */
size_t ks_str_space_at(struct ks_str a, size_t off);
/* Strips leading and trailing whitespace (Go strings.TrimSpace). */
struct ks_str ks_str_trim_space(struct ks_str a);
/* Iterates the whitespace-separated fields of *rest (Go strings.Fields): stores the next
 * field in *field, advances *rest past it and returns true; false when none is left. */
bool ks_str_field_next(struct ks_str *rest, struct ks_str *field);

/* Iterates lines of a text buffer; the line excludes "\n" and a trailing "\r". */
struct ks_lines {
	const char *p, *end;
	size_t lineno; /* 1-based number of the line last returned */
};
void ks_lines_init(struct ks_lines *it, const char *p, size_t n);
bool ks_lines_next(struct ks_lines *it, struct ks_str *line);

/* C-string helpers. */
bool ks_streq(const char *a, const char *b); /* NULL-safe equality */
bool ks_hasprefix(const char *s, const char *pre);
bool ks_hassuffix(const char *s, const char *suf);
/* Bounded copy that always terminates (when size > 0); returns strlen(src). */
size_t ks_strlcpy(char *dst, const char *src, size_t size);

#endif
