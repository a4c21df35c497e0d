/*
 * exepath.h - which files the executable analyzers (gobinary, rustbinary) ask for.
 *
 * Trivy hands every regular file with an execute bit to them, wherever it lies (Go
 * programs live in usr/share/<app>/bin, opt/, anywhere). Those analyzers set exec_only
 * (analyzer.h), so the execute bit selects; by path they want everything.
 */
#ifndef KS_ANALYZE_EXEPATH_H
#define KS_ANALYZE_EXEPATH_H

#include <stdbool.h>
#include <stddef.h>

/* The executable analyzers' wants(): true for every path. */
bool ks_exepath_any(const char *path, size_t len);

#endif
