/* term.h - stderr logging and the progress line (a terminal only), shared by commands. */
#ifndef KS_CLI_TERM_H
#define KS_CLI_TERM_H

#include <stdbool.h>
#include <stdint.h>

/* Library log callback: "kensa: <level>: <msg>" on stderr (clears a progress line). */
void cli_log_cb(void *ud, int level, const char *msg);
/* Library progress callback: one overwritten line on stderr. */
void cli_progress_cb(void *ud, const char *phase, uint64_t done, uint64_t total);
/* True when a progress line should be drawn (stderr is a terminal, not quiet). */
bool cli_want_progress(bool quiet, bool no_progress);
/* Clears the progress line, if one may have been drawn. */
void cli_progress_done(bool drawn);

#endif
