/* cmd_rootfs.c - `kensa rootfs`: scan an unpacked root filesystem. */
#include "cli.h"
#include "scan_cmd.h"

static int run(int argc, char **argv)
{
	return scan_cmd_run("rootfs", KENSA_TARGET_ROOTFS, argc, argv);
}

const struct cli_cmd cli_cmd_rootfs = {
	"rootfs",
	"scan a root filesystem (e.g. / or an unpacked image)",
	"Usage: kensa rootfs [OPTIONS] DIR\n\n"
	"Scans the operating system and the packages installed under DIR. Symbolic links\n"
	"are never followed; /proc, /sys and /dev are skipped when DIR is /.\n\n",
	run,
};
