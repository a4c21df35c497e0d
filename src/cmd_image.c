/* cmd_image.c - `kensa image`: scan a container image. */
#include "cli.h"
#include "scan_cmd.h"

static int run(int argc, char **argv)
{
	return scan_cmd_run("image", KENSA_TARGET_IMAGE, argc, argv);
}

const struct cli_cmd cli_cmd_image = {
	"image",
	"scan a container image (by name, or a docker save archive, OCI archive or layout)",
	"Usage: kensa image [OPTIONS] NAME[:TAG|@sha256:DIGEST]\n"
	"       kensa image [OPTIONS] --input PATH[:TAG|@sha256:DIGEST]\n\n"
	"Scans an image by name (python:3.9, registry.example.com:5000/app@sha256:...), taken\n"
	"from the Docker daemon, Podman or its registry (--image-src sets the order), or an\n"
	"image saved with `docker save` (plain or gzip-compressed), an OCI archive or an OCI\n"
	"layout directory. Select one image of a multi-image archive or layout with :TAG (a\n"
	"RepoTag or OCI ref name) or @sha256:DIGEST. Registry credentials come from\n"
	"--username/--password(-stdin), --registry-token or ~/.docker/config.json; the\n"
	"results of each layer are cached under --cache-dir, so unchanged layers are neither\n"
	"downloaded nor analysed again.\n\n",
	run,
};
