/*
 * exepath.h - which paths the executable analyzers (gobinary, rustbinary) ask for.
 *
 * Trivy hands every file with an execute bit to them; the analyzer interface only sees
 * paths, so these analyzers settle for files that look like programs: a name without an
 * extension (or ending in ".exe"), not hidden, outside directories that only hold data.
 */
#ifndef KS_ANALYZE_EXEPATH_H
#define KS_ANALYZE_EXEPATH_H

#include <stdbool.h>
#include <stddef.h>

/* True if the clean relative path may name a program. */
bool ks_exepath_likely(const char *path, size_t len);

#endif
