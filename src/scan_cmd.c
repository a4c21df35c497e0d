/* scan_cmd.c - the shared scan front end; see scan_cmd.h. */
#include "scan_cmd.h"
#include "cli.h"
#include "opts.h"
#include "term.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scan_flags {
	const char *format;
	const char *output;
	const char *input;
	const char *platform;
	bool list_all_pkgs;
	bool quiet;
	bool debug;
	bool no_progress;
	long exit_code;
	uint64_t max_image_size;
	struct cli_list skip_dirs, skip_files;
};

static struct scan_flags F;

static const struct cli_opt scan_opts[] = {
	{ "format", 'f', OPT_STR, &F.format, "FORMAT", "report format: table (default), json" },
	{ "output", 'o', OPT_STR, &F.output, "FILE", "write the report to FILE (default stdout)" },
	{ "input", 0, OPT_STR, &F.input, "PATH[:TAG|@DIGEST]",
		"image archive (docker save, OCI archive) or OCI layout directory" },
	{ "list-all-pkgs", 0, OPT_BOOL, &F.list_all_pkgs, NULL,
		"list every package found, not only vulnerable ones" },
	{ "skip-dirs", 0, OPT_LIST, &F.skip_dirs, "GLOB", "skip directories (repeatable, comma-separated)" },
	{ "skip-files", 0, OPT_LIST, &F.skip_files, "GLOB", "skip files (repeatable, comma-separated)" },
	{ "max-image-size", 0, OPT_SIZE, &F.max_image_size, "SIZE",
		"refuse images whose layers expand past SIZE (e.g. 10GB, 512MiB)" },
	{ "platform", 0, OPT_STR, &F.platform, "OS/ARCH[/VARIANT]",
		"platform to pick from a multi-platform image (default: this host's)" },
	{ "exit-code", 0, OPT_INT, &F.exit_code, "N",
		"exit code when findings are reported (default 0)" },
	{ "quiet", 'q', OPT_BOOL, &F.quiet, NULL, "no progress and no warnings on stderr" },
	{ "debug", 'd', OPT_BOOL, &F.debug, NULL, "debug messages on stderr" },
	{ "no-progress", 0, OPT_BOOL, &F.no_progress, NULL, "no progress display" },
	{ NULL, 0, OPT_BOOL, NULL, NULL, NULL },
};

void scan_cmd_help(const char *name, const char *usage)
{
	(void)name;
	fputs(usage, stdout);
	cli_print_opts(scan_opts);
}

/* Splits "os/arch[/variant]" for the platform option; validated only for shape here. */
static int check_platform(const char *cmd, const char *p)
{
	if (p == NULL)
		return 0;
	if (strchr(p, '/') == NULL) {
		cli_error("%s: --platform '%s' must look like os/arch[/variant]", cmd, p);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int write_report(const char *cmd, kensa_result *res)
{
	struct kensa_report_options ro = { F.list_all_pkgs, getenv("KENSA_CREATED_AT") };
	char err[1024];
	FILE *f = stdout;
	int r;

	if (F.output != NULL && (f = fopen(F.output, "w")) == NULL) {
		cli_error("%s: cannot write '%s': %s", cmd, F.output, strerror(errno));
		return CLI_EXIT_IO;
	}
	r = kensa_report_write(res, F.format ? F.format : "table", &ro, f, err, sizeof(err));
	if (f != stdout && fclose(f) != 0 && r == 0) {
		cli_error("%s: cannot write '%s': %s", cmd, F.output, strerror(errno));
		return CLI_EXIT_IO;
	}
	if (r != 0) {
		cli_error("%s: %s", cmd, err);
		return cli_exit_for(r);
	}
	return CLI_EXIT_OK;
}

static int validate(const char *cmd, enum kensa_target kind, const struct cli_args *a,
	const char **target)
{
	if (F.format != NULL && !kensa_format_known(F.format)) {
		cli_error("%s: unknown --format '%s'", cmd, F.format);
		return CLI_EXIT_USAGE;
	}
	if (F.exit_code < 0 || F.exit_code > 255 ||
		(F.exit_code >= CLI_EXIT_USAGE && F.exit_code <= CLI_EXIT_IO)) {
		cli_error("%s: --exit-code %ld is out of range or collides with the error codes "
			  "64-74", cmd, F.exit_code);
		return CLI_EXIT_USAGE;
	}
	if (check_platform(cmd, F.platform) != 0)
		return CLI_EXIT_USAGE;
	if (kind == KENSA_TARGET_IMAGE) {
		if (F.input != NULL && a->pos.n == 0) {
			*target = F.input;
			return 0;
		}
		if (F.input == NULL && a->pos.n == 1) {
			cli_error("%s: pulling '%s' from a registry or the Docker daemon is not "
				  "supported yet; save the image and scan it with --input", cmd,
				a->pos.v[0]);
			return CLI_EXIT_USAGE;
		}
		cli_error("%s: give the image with --input PATH", cmd);
		return CLI_EXIT_USAGE;
	}
	if (a->pos.n != 1) {
		cli_error("%s: give exactly one directory to scan", cmd);
		return CLI_EXIT_USAGE;
	}
	*target = a->pos.v[0];
	return 0;
}

int scan_cmd_run(const char *cmd, enum kensa_target kind, int argc, char **argv)
{
	struct kensa_options o;
	struct cli_args args;
	kensa_result *res = NULL;
	const char *target = NULL;
	char err[1024];
	bool help;
	int r;

	memset(&F, 0, sizeof(F));
	if ((r = cli_parse(cmd, scan_opts, argc, argv, &args, &help)) != 0)
		goto out;
	if (help) {
		size_t i;

		for (i = 0; cli_cmds[i] != NULL; i++)
			if (strcmp(cli_cmds[i]->name, cmd) == 0)
				scan_cmd_help(cmd, cli_cmds[i]->usage);
		r = CLI_EXIT_OK;
		goto out;
	}
	if ((r = validate(cmd, kind, &args, &target)) != 0)
		goto out;
	memset(&o, 0, sizeof(o));
	o.max_image_size = F.max_image_size;
	o.skip_dirs = F.skip_dirs.v;
	o.nskip_dirs = F.skip_dirs.n;
	o.skip_files = F.skip_files.v;
	o.nskip_files = F.skip_files.n;
	o.platform = F.platform;
	o.log = F.quiet ? NULL : cli_log_cb;
	o.log_level = F.debug ? KENSA_LOG_DEBUG : KENSA_LOG_WARN;
	if (cli_want_progress(F.quiet, F.no_progress))
		o.progress = cli_progress_cb;
	r = kensa_scan(&o, kind, target, &res, err, sizeof(err));
	cli_progress_done(o.progress != NULL);
	if (r != 0) {
		cli_error("%s: %s", cmd, err);
		r = cli_exit_for(r);
		goto out;
	}
	r = write_report(cmd, res);
out:
	kensa_result_free(res);
	cli_args_release(&args, scan_opts);
	return r;
}
