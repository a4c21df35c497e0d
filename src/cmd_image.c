/* cmd_image.c - `kensa image`: scan a container image. */
#include "cli.h"
#include "scan_cmd.h"

static int run(int argc, char **argv)
{
	return scan_cmd_run("image", KENSA_TARGET_IMAGE, argc, argv);
}

const struct cli_cmd cli_cmd_image = {
	"image",
	"scan a container image (docker save archive, OCI archive or OCI layout)",
	"Usage: kensa image --input PATH[:TAG|@sha256:DIGEST] [OPTIONS]\n\n"
	"Scans an image saved with `docker save` (plain or gzip-compressed), an OCI archive\n"
	"or an OCI layout directory. Select one image of a multi-image archive or layout\n"
	"with :TAG (a RepoTag or OCI ref name) or @sha256:DIGEST.\n\n",
	run,
};
