/* cmd_fs.c - `kensa fs`: scan a project tree. */
#include "cli.h"
#include "scan_cmd.h"

static int run(int argc, char **argv)
{
	return scan_cmd_run("fs", KENSA_TARGET_FS, argc, argv);
}

const struct cli_cmd cli_cmd_fs = {
	"fs",
	"scan a project tree (language lock files; OS packages are not reported)",
	"Usage: kensa fs [OPTIONS] DIR\n\n"
	"Scans a source tree as it is before a build. Operating-system packages of the\n"
	"machine are not reported here (use `kensa rootfs`).\n\n",
	run,
};
