/* cmd_help.c - `kensa help [COMMAND]`: lists the commands or shows one command's help. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static int run(int argc, char **argv)
{
	size_t i;

	if (argc >= 2) {
		for (i = 0; cli_cmds[i] != NULL; i++)
			if (strcmp(cli_cmds[i]->name, argv[1]) == 0) {
				char *sub[] = { argv[1], "--help", NULL };
				return cli_cmds[i]->run(2, sub);
			}
		cli_error("help: unknown command '%s'", argv[1]);
		return CLI_EXIT_USAGE;
	}
	printf("kensa - find what is vulnerable, leaked or misconfigured in container images\n\n"
	       "Usage: kensa COMMAND [OPTIONS] [TARGET]\n\nCommands:\n");
	for (i = 0; cli_cmds[i] != NULL; i++)
		printf("  %-10s %s\n", cli_cmds[i]->name, cli_cmds[i]->summary);
	printf("\nRun 'kensa COMMAND --help' for a command's options.\n"
	       "Exit codes: 0 ok; --exit-code N when findings gate the run; 64 usage error,\n"
	       "65 corrupt/unsafe/unsupported input, 66 input not found, 69 network,\n"
	       "70 internal error, 74 i/o error, 77 registry authentication.\n");
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_help = {
	"help",
	"list the commands, or show one command's help",
	"Usage: kensa help [COMMAND]\n",
	run,
};
