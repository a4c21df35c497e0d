/*
 * cli.h - the kensa command-line front end: command table, option parsing, output.
 *
 * Each subcommand is one file src/cmd_<name>.c defining `const struct cli_cmd cli_cmd_<name>`,
 * listed in src/commands.def. main() picks the command, and the command parses its own
 * options with the shared option table machinery in opts.c (Trivy-compatible long flags,
 * KENSA_<FLAG> environment variables).
 *
 * Exit codes: 0 success (or findings below the gate); the user's --exit-code for findings;
 * the fixed codes below for errors, never 1, so CI can tell "vulnerable" from "broken".
 */
#ifndef KS_CLI_H
#define KS_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_USAGE = 64,   /* bad command line (sysexits EX_USAGE) */
	CLI_EXIT_DATA = 65,    /* input is corrupt, unsafe or unsupported (EX_DATAERR) */
	CLI_EXIT_NOINPUT = 66, /* input not found (EX_NOINPUT) */
	CLI_EXIT_NET = 69,     /* a remote service failed (EX_UNAVAILABLE) */
	CLI_EXIT_INTERNAL = 70,/* a bug or out of memory (EX_SOFTWARE) */
	CLI_EXIT_IO = 74,      /* local read/write failure (EX_IOERR) */
	CLI_EXIT_AUTH = 77,    /* a registry refused the credentials (EX_NOPERM) */
};

struct cli_cmd {
	const char *name;
	const char *summary; /* one line for `kensa help` */
	const char *usage;   /* full help text */
	int (*run)(int argc, char **argv); /* argv[0] is the command name; returns exit code */
};

#define CLI_CMD(id) extern const struct cli_cmd cli_cmd_##id;
#include "commands.def"
#undef CLI_CMD

extern const struct cli_cmd *const cli_cmds[];

/* Maps a KS_E* library error code to the process exit code. */
int cli_exit_for(int ks_code);
/* Prints "kensa: <msg>" to stderr (one line). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
