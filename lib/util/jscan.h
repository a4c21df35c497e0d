/*
 * jscan.h - a bounded scanner that walks JSON text without building a tree.
 *
 * Feed files can be large (an NVD yearly file is ~70 MB of JSON, most of it CPE
 * configurations nobody reads). This scanner iterates the members of an object or the
 * elements of an array and hands back each value as a view into the input, so a caller
 * parses only the values it needs (with jansson, on a small span) and skips the rest at
 * memchr speed, in memory bounded by the input.
 *
 * What it checks: strings terminate, brackets balance and match ({ with }, [ with ]),
 * nesting stays within KS_JS_MAXDEPTH, the members of the container being iterated are
 * `"key": value` separated by commas, and a scalar is a non-empty run of number/literal
 * characters. Inside a skipped value it checks only strings and brackets, and it never
 * validates escapes, UTF-8 or number syntax: whoever parses a value checks those.
 * Nothing is allocated; views borrow the input.
 */
#ifndef KS_UTIL_JSCAN_H
#define KS_UTIL_JSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/str.h"

#define KS_JS_MAXDEPTH 1024

/* Iterator over the members of one object or the elements of one array. */
struct ks_jsit {
	struct ks_str s; /* the container's text, from its opening bracket */
	size_t off;      /* cursor into s */
	char close;      /* '}' or ']' */
	bool first;      /* no member returned yet */
	bool done;       /* the closing bracket was reached */
};

/*
 * Scans the JSON value that starts at text[*off] (after optional white space): *val gets
 * its span (a string keeps its quotes) and *off moves just past it. KS_ECORRUPT when the
 * text there is not a well-formed value in the sense above (KS_ELIMIT when it nests
 * deeper than KS_JS_MAXDEPTH).
 */
int ks_js_value(struct ks_str text, size_t *off, struct ks_str *val);

/* True if doc is exactly one value surrounded by optional white space (0), else the
 * error ks_js_value() would give (KS_ECORRUPT for trailing bytes). */
int ks_js_check(struct ks_str doc);

/* Starts iterating the container whose span is v (as returned by ks_js_value(), or a
 * whole document, white space allowed around it); open is '{' or '['. KS_ECORRUPT when
 * v is not that kind of container. */
int ks_js_iter(struct ks_jsit *it, struct ks_str v, char open);

/* Returns 1 with the next member (*key = the raw key between its quotes, escapes not
 * decoded; empty for array elements) and its value span in *val; 0 after the last
 * member; KS_ECORRUPT / KS_ELIMIT on malformed text. key may be NULL for arrays. */
int ks_js_next(struct ks_jsit *it, struct ks_str *key, struct ks_str *val);

/* The two halves of ks_js_next(), for a caller that walks into a member's value instead
 * of skipping it: ks_js_key() returns 1 with the next member's key and, in *rest, the text
 * from the start of its value to the end of the container (0 after the last member, <0 on
 * malformed text); after consuming the value (e.g. iterating it with ks_js_iter() on
 * *rest), the caller passes the value's exact span to ks_js_after(), which moves the cursor
 * past it (KS_EINTERNAL when the span does not start at the value). */
int ks_js_key(struct ks_jsit *it, struct ks_str *key, struct ks_str *rest);
int ks_js_after(struct ks_jsit *it, struct ks_str val);

/* If v is a JSON string span without escapes, stores its contents in *out and returns
 * true (the cheap path for ASCII keys and identifiers). */
bool ks_js_plain_string(struct ks_str v, struct ks_str *out);

/* The kind of value span v: '{', '[', '"', 'n' (null), 'b' (true/false), '0' (anything
 * else: a number if it is valid), or 0 for an empty span. */
char ks_js_kind(struct ks_str v);

/* Looks up key (compared with the raw, undecoded key text) in the object span obj: 1 with
 * *val = the value of its last occurrence, 0 when absent, KS_ECORRUPT when obj is not an
 * object or is malformed. */
int ks_js_find(struct ks_str obj, const char *key, struct ks_str *val);

/* Walks the object that obj starts with (white space allowed before it, anything after it)
 * once and stores in vals[i] the value of the last member named keys[i] (an empty view
 * when there is none); *span (if not NULL) gets the object's own span. 0, or KS_ECORRUPT
 * when obj does not start with a well-formed object. */
int ks_js_pick(struct ks_str obj, const char *const *keys, size_t n, struct ks_str *vals,
	struct ks_str *span);

/* Decodes the JSON string span v into a NUL-terminated UTF-8 copy in a (*len, if not NULL,
 * gets its length). KS_ECORRUPT for a non-string, a bad escape, a raw control character,
 * an unpaired surrogate or an escaped NUL; KS_ENOMEM. */
int ks_js_str(struct ks_str v, struct ks_arena *a, const char **out, size_t *len);

/* Parses the JSON number span v (RFC 8259 syntax, at most 64 bytes). KS_ECORRUPT for
 * anything else. */
int ks_js_num(struct ks_str v, double *out);

#endif
