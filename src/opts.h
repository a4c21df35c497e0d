/*
 * opts.h - Trivy-compatible option parsing shared by the subcommands.
 *
 * A command declares a table of struct cli_opt; cli_parse() fills the storage each entry
 * points to from KENSA_<FLAG> environment variables first and the command line second
 * (the command line wins). Long options take "--name value" or "--name=value"; short ones
 * "-f value" or "-fvalue"; booleans take no value or "=true|false"; list options may be
 * repeated and split their values at commas. Everything that is not an option is
 * collected as a positional argument.
 */
#ifndef KS_CLI_OPTS_H
#define KS_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cli_opt_type { OPT_BOOL, OPT_STR, OPT_INT, OPT_SIZE, OPT_LIST, OPT_DURATION };

/* A growable list of strings (owned by the parser; freed by cli_args_release). */
struct cli_list {
	const char **v;
	size_t n, cap;
};

struct cli_opt {
	const char *name; /* long name without "--" */
	char shortname;   /* 0 if none */
	enum cli_opt_type type;
	void *dst; /* bool*, const char**, long*, uint64_t*, struct cli_list*, long* (ms) */
	const char *arg;  /* value placeholder for help ("FORMAT"), NULL for booleans */
	const char *help;
};

struct cli_args {
	struct cli_list pos; /* positional arguments */
	char **owned;        /* strings the parser allocated */
	size_t nowned;
};

/* Parses argv[1..argc) (argv[0] is the command name). Returns 0 or prints a one-line
 * error and returns CLI_EXIT_USAGE. A "--help"/"-h" anywhere sets *help. */
int cli_parse(const char *cmd, const struct cli_opt *opts, int argc, char **argv,
	struct cli_args *out, bool *help);
void cli_args_release(struct cli_args *a, const struct cli_opt *opts);
/* Prints the option table as help text. */
void cli_print_opts(const struct cli_opt *opts);

#endif
