/*
 * pip.h - the "-r" includes of a requirements file, passed from the pip analyzer to the
 * join step that follows them (layer/join_pip.c).
 *
 * The "pip" analyzer (analyze/pip.c) reports a requirements.txt's own pinned packages as
 * Trivy does and, when the file includes others, leaves in its result's kept bytes the
 * line and the file name of each include as pip reads them. The kept bytes are the
 * analyzer's own encoding (they may come back from a cache, so they are read as untrusted
 * binary); read them only with ks_pip_next_include().
 */
#ifndef KS_ANALYZE_PIP_H
#define KS_ANALYZE_PIP_H

#include "analyze/analyzer.h"
#include "util/rd.h"
#include "util/str.h"

/* One include: the file name as written (after pip's quoting rules; may be empty or hold
 * any byte) and the 1-based line its logical line starts on. */
struct ks_pip_include {
	unsigned line;
	struct ks_str path; /* borrowed from the kept bytes */
};

/* Reads the next include from rd, a reader over a pip result's kept bytes: 1 with *inc
 * filled, 0 at the end, KS_ECORRUPT when the bytes are not the analyzer's encoding. */
int ks_pip_next_include(struct ks_rd *rd, struct ks_pip_include *inc);

#endif
