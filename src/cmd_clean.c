/* cmd_clean.c - `kensa clean`: remove the scan cache and/or the vulnerability database
 * under the cache directory (Trivy's `trivy clean`); the work is lib/cache/clean.c. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "cache/clean.h"
#include "ctx.h"
#include "opts.h"

struct clean_flags {
	const char *cache_dir;
	bool scan_cache, vuln_db, all, quiet;
};

static struct clean_flags F;

static const struct cli_opt clean_opts[] = {
	{ "scan-cache", 0, OPT_BOOL, &F.scan_cache, NULL,
		"remove the scan cache (per-layer analysis results)" },
	{ "vuln-db", 0, OPT_BOOL, &F.vuln_db, NULL,
		"remove the vulnerability database and its downloaded feeds" },
	{ "all", 'a', OPT_BOOL, &F.all, NULL, "remove both" },
	{ "cache-dir", 0, OPT_STR, &F.cache_dir, "DIR",
		"cache directory (default $XDG_CACHE_HOME/kensa or ~/.cache/kensa)" },
	{ "quiet", 'q', OPT_BOOL, &F.quiet, NULL, "do not report what was removed" },
	{ NULL, 0, OPT_BOOL, NULL, NULL, NULL },
};

static const char usage[] =
	"Usage: kensa clean --scan-cache|--vuln-db|--all [--cache-dir DIR] [-q]\n\n"
	"Removes what kensa keeps under its cache directory: the scan cache (DIR/scan, the\n"
	"analysis of every layer scanned before) and/or the vulnerability database (DIR/db\n"
	"and the feed downloads in DIR/feeds). Nothing else under DIR is touched, and symbolic\n"
	"links are removed, never followed. A scan running meanwhile keeps the files it has\n"
	"open; the database is left alone while a 'kensa db update' runs.\n\n";

/* One line per part removed: "removed the scan cache: 123 bytes (DIR/scan)". */
static void report(const struct ks_clean_result *res)
{
	if (F.scan_cache)
		printf("removed the scan cache: %llu bytes (%s/scan)\n",
			(unsigned long long)res->scan_bytes, res->cache_dir);
	if (F.vuln_db)
		printf("removed the vulnerability database: %llu bytes (%s/db, %s/feeds)\n",
			(unsigned long long)res->db_bytes, res->cache_dir, res->cache_dir);
}

static int run(int argc, char **argv)
{
	struct ks_clean_result res;
	struct cli_args args;
	struct ks_ctx cx;
	unsigned what;
	bool help;
	int r;

	memset(&F, 0, sizeof(F));
	if ((r = cli_parse("clean", clean_opts, argc, argv, &args, &help)) != 0)
		return r;
	if (help) {
		fputs(usage, stdout);
		cli_print_opts(clean_opts);
		cli_args_release(&args, clean_opts);
		return CLI_EXIT_OK;
	}
	if (args.pos.n != 0 || !(F.scan_cache || F.vuln_db || F.all)) {
		cli_error(args.pos.n != 0 ? "clean: takes no arguments (see 'kensa clean --help')" :
					    "clean: say what to remove: --scan-cache, --vuln-db or "
					    "--all (see 'kensa clean --help')");
		cli_args_release(&args, clean_opts);
		return CLI_EXIT_USAGE;
	}
	if (F.all)
		F.scan_cache = F.vuln_db = true;
	what = (F.scan_cache ? KS_CLEAN_SCAN_CACHE : 0) | (F.vuln_db ? KS_CLEAN_VULN_DB : 0);
	ks_ctx_init(&cx);
	r = ks_cache_clean(&cx, F.cache_dir, what, &res);
	if (r != 0) {
		cli_error("clean: %s", cx.err.msg);
		if (!F.quiet && res.scan_bytes + res.db_bytes > 0)
			fprintf(stderr, "kensa: clean: %llu bytes were removed before that\n",
				(unsigned long long)(res.scan_bytes + res.db_bytes));
		r = cli_exit_for(r);
	} else if (!F.quiet) {
		report(&res);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error("clean: writing the output failed");
			r = CLI_EXIT_IO;
		}
	}
	ks_ctx_release(&cx);
	cli_args_release(&args, clean_opts);
	return r;
}

const struct cli_cmd cli_cmd_clean = {
	"clean",
	"remove the scan cache and/or the vulnerability database",
	usage,
	run,
};
