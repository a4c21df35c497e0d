/* cmd_db.c - `kensa db update|import|status|search`: the local vulnerability database. */
#include "cli.h"
#include "opts.h"
#include "term.h"

#include <stdio.h>
#include <string.h>

#include "kensa/kensa.h"

struct db_flags {
	const char *cache_dir;
	const char *mirror;
	const char *format;
	struct cli_list feeds;
	long timeout_ms;
	bool quiet, debug, no_progress;
};

static struct db_flags F;

static const struct cli_opt db_opts[] = {
	{ "cache-dir", 0, OPT_STR, &F.cache_dir, "DIR",
		"cache directory (default $XDG_CACHE_HOME/kensa or ~/.cache/kensa)" },
	{ "feeds-mirror", 0, OPT_STR, &F.mirror, "URL",
		"update: fetch feeds from this mirror (http, https or file URL laid out like "
		"upstream) instead of upstream" },
	{ "feeds", 0, OPT_LIST, &F.feeds, "NAME", "update: only these feeds (osv, alpine, wolfi, "
		"debian_oval, debian_tracker, ubuntu_uct, ubuntu_oval, redhat_oval, rubysec, "
		"friendsofphp, nodejs, nvd, kev, epss)" },
	{ "timeout", 0, OPT_DURATION, &F.timeout_ms, "DURATION",
		"update: fail a download that stalls this long (default 60s)" },
	{ "format", 'f', OPT_STR, &F.format, "FORMAT", "status/search output: table or json" },
	{ "quiet", 'q', OPT_BOOL, &F.quiet, NULL, "no progress and no warnings on stderr" },
	{ "debug", 'd', OPT_BOOL, &F.debug, NULL, "debug messages on stderr" },
	{ "no-progress", 0, OPT_BOOL, &F.no_progress, NULL, "no progress display" },
	{ NULL, 0, OPT_BOOL, NULL, NULL, NULL },
};

static const char usage[] =
	"Usage: kensa db update [--feeds-mirror URL] [--feeds NAME,...] [OPTIONS]\n"
	"       kensa db import PATH... [OPTIONS]\n"
	"       kensa db status [-f table|json] [OPTIONS]\n"
	"       kensa db search CVE-ID|PACKAGE [-f table|json] [OPTIONS]\n\n"
	"update   downloads every feed (conditional GET; retries; a failed feed falls back to\n"
	"         its previous download) and builds a new database, replacing the old one\n"
	"         only when the build succeeds\n"
	"import   builds the database from local feed files, directories and archives\n"
	"         (format detected), for air-gapped sites\n"
	"status   shows when the database was built, from which feeds, and its counts\n"
	"search   shows what the database says about a vulnerability or a package\n\n";

static int run(int argc, char **argv)
{
	struct kensa_db_options o;
	struct cli_args args;
	const char *sub;
	char err[1024];
	bool help;
	int r;

	memset(&F, 0, sizeof(F));
	if ((r = cli_parse("db", db_opts, argc, argv, &args, &help)) != 0)
		goto out;
	if (help || args.pos.n == 0) {
		fputs(usage, help ? stdout : stderr);
		if (help)
			cli_print_opts(db_opts);
		r = help ? CLI_EXIT_OK : CLI_EXIT_USAGE;
		goto out;
	}
	if (F.format != NULL && strcmp(F.format, "table") != 0 && strcmp(F.format, "json") != 0) {
		cli_error("db: unknown --format '%s' (table or json)", F.format);
		r = CLI_EXIT_USAGE;
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.cache_dir = F.cache_dir;
	o.feeds_mirror = F.mirror;
	o.feeds = F.feeds.n ? F.feeds.v : NULL;
	o.nfeeds = F.feeds.n;
	o.timeout_ms = F.timeout_ms;
	o.retries = -1;
	o.log = F.quiet ? NULL : cli_log_cb;
	o.log_level = F.debug ? KENSA_LOG_DEBUG : KENSA_LOG_WARN;
	if (cli_want_progress(F.quiet, F.no_progress))
		o.progress = cli_progress_cb;
	sub = args.pos.v[0];
	if (strcmp(sub, "update") == 0 && args.pos.n == 1)
		r = kensa_db_update(&o, err, sizeof(err));
	else if (strcmp(sub, "import") == 0 && args.pos.n >= 2)
		r = kensa_db_import(&o, args.pos.v + 1, args.pos.n - 1, err, sizeof(err));
	else if (strcmp(sub, "status") == 0 && args.pos.n == 1)
		r = kensa_db_status(&o, F.format, stdout, err, sizeof(err));
	else if (strcmp(sub, "search") == 0 && args.pos.n == 2)
		r = kensa_db_search(&o, args.pos.v[1], F.format, stdout, err, sizeof(err));
	else {
		cli_error("db: unknown or incomplete subcommand (see 'kensa db --help')");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	cli_progress_done(o.progress != NULL);
	if (r != 0) {
		cli_error("db %s: %s", sub, err);
		r = cli_exit_for(r);
	}
out:
	cli_args_release(&args, db_opts);
	return r;
}

const struct cli_cmd cli_cmd_db = {
	"db",
	"build, update and query the local vulnerability database",
	usage,
	run,
};
