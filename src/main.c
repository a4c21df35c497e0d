/* main.c - the kensa command: picks the subcommand from the table in commands.def. */
#include "cli.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kensa/kensa.h"

const struct cli_cmd *const cli_cmds[] = {
#define CLI_CMD(id) &cli_cmd_##id,
#include "commands.def"
#undef CLI_CMD
	NULL,
};

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("kensa: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit_for(int code)
{
	switch (code) {
	case KENSA_OK:
		return CLI_EXIT_OK;
	case KENSA_EUSAGE:
	case KENSA_EAMBIGUOUS:
		return CLI_EXIT_USAGE;
	case KENSA_ENOTFOUND:
		return CLI_EXIT_NOINPUT;
	case KENSA_ECORRUPT:
	case KENSA_ETRUNC:
	case KENSA_ELIMIT:
	case KENSA_EUNSUPPORTED:
	case KENSA_EDIGEST:
	case KENSA_EUNSAFE:
		return CLI_EXIT_DATA;
	case KENSA_ENET:
		return CLI_EXIT_NET;
	case KENSA_EAUTH:
		return CLI_EXIT_AUTH;
	case KENSA_EIO:
		return CLI_EXIT_IO;
	default:
		return CLI_EXIT_INTERNAL;
	}
}

/* Trivy accepts global options before the command ("trivy --cache-dir D image ...");
 * kensa moves the first command name found to argv[1], so those options follow it and
 * the command parses them. */
static void hoist_command(int argc, char **argv)
{
	int i, j;
	size_t k;

	for (i = 2; i < argc; i++)
		for (k = 0; cli_cmds[k] != NULL; k++)
			if (strcmp(argv[i], cli_cmds[k]->name) == 0) {
				char *cmd = argv[i];

				for (j = i; j > 1; j--)
					argv[j] = argv[j - 1];
				argv[1] = cmd;
				return;
			}
}

int main(int argc, char **argv)
{
	size_t i;

	/* libarchive needs a UTF-8 locale or it stops on non-ASCII member names */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	if (argc < 2) {
		cli_error("no command given (try 'kensa help')");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0)
		return cli_cmd_version.run(1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cli_cmd_help.run(1, argv + 1);
	if (argv[1][0] == '-')
		hoist_command(argc, argv);
	for (i = 0; cli_cmds[i] != NULL; i++)
		if (strcmp(cli_cmds[i]->name, argv[1]) == 0)
			return cli_cmds[i]->run(argc - 1, argv + 1);
	cli_error("unknown command '%s' (try 'kensa help')", argv[1]);
	return CLI_EXIT_USAGE;
}
