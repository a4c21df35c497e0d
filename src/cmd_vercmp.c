/* cmd_vercmp.c - `kensa vercmp`: compare versions or test a range with the comparators of
 * lib/version, one pair from the command line or many from stdin (--batch). */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "opts.h"
#include "version/version.h"

static const char usage[] =
	"Usage: kensa vercmp [--loose] [--include-prerelease] ECOSYSTEM A B\n"
	"       kensa vercmp --satisfies [--loose] [--include-prerelease] ECOSYSTEM VERSION RANGE\n"
	"       kensa vercmp --batch < LINES\n"
	"       kensa vercmp --list\n"
	"\n"
	"Compares two versions with ECOSYSTEM's own rules and prints '<', '=' or '>'; with\n"
	"--satisfies prints 'yes' or 'no' for VERSION against a RANGE in the ecosystem's native\n"
	"syntax (node-semver ranges, PEP 440 specifiers, Maven intervals, Gem requirements,\n"
	"Composer constraints, ...; '>= 1.0, < 2.0' comparator lists and '||' work everywhere).\n"
	"With --batch, reads lines 'ecosystem<TAB>a<TAB>b' from stdin and prints one result per\n"
	"line ('<', '=', '>' or 'error: ...'); a bad line does not stop the rest.\n"
	"ECOSYSTEM is deb, rpm, apk, npm, pypi, maven, go, gem, composer, nuget, hex, pub,\n"
	"cargo or semver, or an OSV/Trivy name such as Debian, Ubuntu, Alpine, Red Hat,\n"
	"AlmaLinux, PyPI, crates.io, Packagist, RubyGems, NuGet, Go, Maven (--list shows them).\n"
	"Put '--' before a version that starts with '-'.\n"
	"\n"
	"Exit codes: 0 ok (also for 'no' and for batch error lines), 64 usage, 65 invalid version\n"
	"or range, 74 i/o error.\n"
	"\n";

static bool opt_batch, opt_satisfies, opt_loose, opt_prerelease, opt_list;

static const struct cli_opt opts[] = {
	{ "batch", 0, OPT_BOOL, &opt_batch, NULL, "read ecosystem<TAB>a<TAB>b lines from stdin" },
	{ "satisfies", 0, OPT_BOOL, &opt_satisfies, NULL,
		"test VERSION against RANGE; prints yes or no" },
	{ "loose", 0, OPT_BOOL, &opt_loose, NULL,
		"npm: node-semver loose mode (else --satisfies parses versions strictly)" },
	{ "include-prerelease", 0, OPT_BOOL, &opt_prerelease, NULL,
		"npm, cargo, pypi: let pre-releases satisfy ranges" },
	{ "list", 0, OPT_BOOL, &opt_list, NULL, "list the ecosystem names" },
	{ NULL, 0, OPT_BOOL, NULL, NULL, NULL },
};

static int list(void)
{
	int i;

	for (i = 1; i < KS_ECO__COUNT; i++)
		printf("%s\n", ks_eco_name((enum ks_eco)i));
	return CLI_EXIT_OK;
}

static int one(const struct cli_list *pos)
{
	enum ks_eco eco = ks_eco_lookup(ks_str_c(pos->v[0]));
	struct ks_err e = { 0 };
	unsigned flags = (opt_loose ? KS_VER_LOOSE : 0) | (opt_prerelease ? KS_VER_PRERELEASE : 0);
	int r, c;
	bool ok;

	if (eco == KS_ECO_NONE) {
		cli_error("vercmp: unknown ecosystem '%s' (see 'kensa vercmp --list')", pos->v[0]);
		return CLI_EXIT_USAGE;
	}
	if (opt_satisfies) {
		/* node-semver's satisfies() parses the version strictly unless loose */
		if (eco == KS_ECO_NPM && !opt_loose)
			flags |= KS_VER_STRICT;
		r = ks_ver_satisfies(&e, eco, ks_str_c(pos->v[1]), ks_str_c(pos->v[2]), flags, &ok);
		if (r == 0)
			puts(ok ? "yes" : "no");
	} else {
		r = ks_ver_compare(&e, eco, ks_str_c(pos->v[1]), ks_str_c(pos->v[2]), &c);
		if (r == 0)
			puts(c < 0 ? "<" : c > 0 ? ">" : "=");
	}
	if (r != 0) {
		cli_error("vercmp: %s", e.msg);
		return cli_exit_for(r);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("vercmp: writing the output failed");
		return CLI_EXIT_IO;
	}
	return CLI_EXIT_OK;
}

static int run(int argc, char **argv)
{
	struct cli_args args;
	struct ks_err e = { 0 };
	bool help;
	int r;

	if ((r = cli_parse("vercmp", opts, argc, argv, &args, &help)) != 0)
		return r;
	if (help) {
		fputs(usage, stdout);
		cli_print_opts(opts);
		r = CLI_EXIT_OK;
	} else if (opt_list) {
		r = list();
	} else if (opt_batch) {
		if (args.pos.n != 0 || opt_satisfies) {
			cli_error("vercmp: --batch reads its input from stdin and takes no "
				  "arguments");
			r = CLI_EXIT_USAGE;
		} else if ((r = ks_vercmp_batch(stdin, stdout, &e)) != 0) {
			cli_error("%s", e.msg);
			r = cli_exit_for(r);
		}
	} else if (args.pos.n != 3) {
		cli_error(
			"vercmp: expected ECOSYSTEM and two arguments (see 'kensa vercmp --help')");
		r = CLI_EXIT_USAGE;
	} else {
		r = one(&args.pos);
	}
	cli_args_release(&args, opts);
	return r;
}

const struct cli_cmd cli_cmd_vercmp = {
	"vercmp",
	"compare versions or test ranges by an ecosystem's rules",
	usage,
	run,
};
