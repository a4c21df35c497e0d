/*
 * gomod.h - the cross-file step of the gomod analyzer (lib/analyze/gomod.c).
 *
 * Trivy reads go.sum next to a go.mod that predates module graph pruning (no "// indirect"
 * requirement survived parsing, which is how Trivy recognises Go < 1.17 files) and adds
 * the modules it lists as indirect dependencies. An analyzer's parse() sees one file, so
 * the scanner calls ks_gomod_merge_sum() once it has both: the go.mod result and the
 * content of the go.sum in the same directory. Everything added lives in cx->arena.
 */
#ifndef KS_ANALYZE_GOMOD_H
#define KS_ANALYZE_GOMOD_H

#include <stdbool.h>

#include "analyze/analyzer.h"

/* True if Trivy would merge go.sum into this go.mod result (no indirect package in it). */
bool ks_gomod_wants_sum(const struct ks_ares *mod);

/*
 * Merges the go.sum file sum into mod (the result of parsing the go.mod next to it) as
 * Trivy does for Go < 1.17 modules: every module go.sum names (its last line wins: the
 * highest version) that go.mod does not name becomes an indirect dependency, and the main
 * module depends on it (Trivy attaches dependencies without a known parent to the main
 * module). Does nothing when ks_gomod_wants_sum(mod) is false. KS_ECORRUPT (message names
 * the go.sum) for a line Go's scanner cannot read (64 KiB or longer) or a NUL byte, with
 * mod left unchanged; KS_ENOMEM.
 */
int ks_gomod_merge_sum(struct ks_ctx *cx, struct ks_ares *mod, const struct ks_file *sum);

#endif
