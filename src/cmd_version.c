/* cmd_version.c - `kensa version`: prints the version. */
#include "cli.h"

#include <stdio.h>

#include "kensa/kensa.h"

static int run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Version: %s\n", kensa_version());
	return CLI_EXIT_OK;
}

const struct cli_cmd cli_cmd_version = {
	"version",
	"print the kensa version",
	"Usage: kensa version\n",
	run,
};
