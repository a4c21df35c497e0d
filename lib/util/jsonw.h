/*
 * jsonw.h - a streaming JSON writer whose output matches Go's encoding/json with
 * MarshalIndent(v, "", "  "): the same escaping (<, >, & as \u003c..., invalid UTF-8 as
 * U+FFFD), "{}"/"[]" for empty containers and shortest round-trip float formatting, so
 * kensa's reports are byte-comparable with Trivy's.
 *
 * The writer never allocates; it writes to a FILE and remembers the first write error.
 */
#ifndef KS_UTIL_JSONW_H
#define KS_UTIL_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define KS_JW_MAXDEPTH 64

struct ks_jw {
	FILE *f;
	int depth;
	bool pretty;                      /* indent with two spaces (MarshalIndent) */
	bool after_key;                   /* a key was just written */
	size_t count[KS_JW_MAXDEPTH + 1]; /* items written at each depth */
	int err;                          /* first error (KS_EIO/KS_EINTERNAL) or 0 */
};

void ks_jw_init(struct ks_jw *w, FILE *f, bool pretty);
void ks_jw_obj(struct ks_jw *w);
void ks_jw_obj_end(struct ks_jw *w);
void ks_jw_arr(struct ks_jw *w);
void ks_jw_arr_end(struct ks_jw *w);
void ks_jw_key(struct ks_jw *w, const char *key);
void ks_jw_str(struct ks_jw *w, const char *s);
void ks_jw_strn(struct ks_jw *w, const char *s, size_t n);
void ks_jw_int(struct ks_jw *w, int64_t v);
void ks_jw_uint(struct ks_jw *w, uint64_t v);
void ks_jw_double(struct ks_jw *w, double v);
void ks_jw_bool(struct ks_jw *w, bool v);
void ks_jw_null(struct ks_jw *w);
/* Writes already-encoded JSON text as one value (must be valid, compact or not). */
void ks_jw_raw(struct ks_jw *w, const char *json, size_t n);

/* Key + value helpers; the *_opt forms write nothing for NULL/""/0/false (Go omitempty). */
void ks_jw_kstr(struct ks_jw *w, const char *key, const char *s);
void ks_jw_kstr_opt(struct ks_jw *w, const char *key, const char *s);
void ks_jw_kint(struct ks_jw *w, const char *key, int64_t v);
void ks_jw_kint_opt(struct ks_jw *w, const char *key, int64_t v);
void ks_jw_kbool_opt(struct ks_jw *w, const char *key, bool v);

/* Formats v as Go's strconv.FormatFloat(v, 'g'-style JSON rules) into buf (>= 32 bytes). */
void ks_jw_fmt_double(double v, char *buf, size_t size);

#endif
