/*
 * lineno.h - 1-based line numbers of byte offsets in a text.
 *
 * Lock-file analyzers report where each package is declared (Trivy's Locations); they find
 * a declaration as a byte offset (a JSON value's span, a YAML or Erlang-term token) and
 * turn it into a line here. The cursor borrows the text and remembers the last offset it
 * was asked about, so a walk through a document in order costs one pass over it.
 */
#ifndef KS_UTIL_LINENO_H
#define KS_UTIL_LINENO_H

#include <stddef.h>

struct ks_lineno {
	const char *p; /* the text (borrowed) */
	size_t n;
	size_t off;  /* offset last asked about */
	size_t line; /* its line */
};

void ks_lineno_init(struct ks_lineno *ln, const char *p, size_t n);

/* The line (1-based) holding byte off of the text: 1 plus the number of '\n' before off
 * (off is clamped to the text's length). Costs the distance from the previous query,
 * forwards or backwards. */
size_t ks_lineno_at(struct ks_lineno *ln, size_t off);

/* ks_lineno_at() for a pointer into the text (clamped to it). */
size_t ks_lineno_ptr(struct ks_lineno *ln, const char *at);

#endif
