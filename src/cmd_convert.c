/* cmd_convert.c - `kensa convert`: render a saved JSON report in another format. */
#include "cli.h"
#include "scan_cmd.h"

static const char usage[] =
	"Usage: kensa convert [OPTIONS] REPORT.json\n\n"
	"Reads a JSON report written by kensa (or Trivy, SchemaVersion 2) and writes it in\n"
	"another format without scanning again; the report filters and gates apply.\n\n";

static int run(int argc, char **argv)
{
	return scan_cmd_convert(argc, argv, usage);
}

const struct cli_cmd cli_cmd_convert = {
	"convert",
	"render a saved JSON report in another format",
	usage,
	run,
};
