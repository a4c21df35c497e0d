/* cmd_repo.c - `kensa repo`: scan a local source repository (Trivy's `repo` command). */
#include "cli.h"
#include "scan_cmd.h"

static int run(int argc, char **argv)
{
	return scan_cmd_run("repo", KENSA_TARGET_REPO, argc, argv);
}

const struct cli_cmd cli_cmd_repo = {
	"repo",
	"scan a local source repository (as fs; the report says \"repository\")",
	"Usage: kensa repo [OPTIONS] DIR\n\n"
	"Scans a checked-out repository as `kensa fs` does: language lock files, no\n"
	"operating-system packages. The report's ArtifactType is \"repository\", as Trivy's\n"
	"`trivy repo` writes it. Remote URLs are not cloned.\n\n",
	run,
};
