/*
 * scan_cmd.h - what `kensa image`, `kensa rootfs` and `kensa fs` share: their options,
 * running the scan and writing the report. Each command file only says which target kind
 * it scans and how it finds its target.
 */
#ifndef KS_CLI_SCAN_CMD_H
#define KS_CLI_SCAN_CMD_H

#include "kensa/kensa.h"

/* Runs a scan command; `kind` is the target kind, `name` the command name. */
int scan_cmd_run(const char *name, enum kensa_target kind, int argc, char **argv);
/* `kensa convert REPORT.json`: renders a saved JSON report (same report options). */
int scan_cmd_convert(int argc, char **argv, const char *usage);

/* Prints the shared options (for the command's --help). */
void scan_cmd_help(const char *name, const char *usage);

#endif
