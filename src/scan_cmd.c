/* scan_cmd.c - the shared scan front end; see scan_cmd.h. */
#include "scan_cmd.h"
#include "cli.h"
#include "opts.h"
#include "term.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct scan_flags {
	const char *format;
	const char *output;
	const char *input;
	const char *platform;
	const char *cache_dir;
	const char *mirror;
	const char *ignorefile;
	const char *fail_on;
	const char *sort_by;
	bool list_all_pkgs;
	bool quiet;
	bool debug;
	bool no_progress;
	bool skip_db_update;
	bool include_dev_deps;
	const char *detection_priority;
	bool ignore_unfixed;
	long exit_code;
	long exit_on_eol;
	uint64_t max_image_size;
	struct cli_list skip_dirs, skip_files, scanners, severity, ignore_status, pkg_types;
	struct cli_list outputs; /* "format=file" */
	int gate_sev;            /* parsed --fail-on (KENSA_SEV_UNKNOWN without it) */
	bool gate_fixed;
	/* images by name */
	const char *docker_host, *username, *password, *registry_token, *cacert;
	const char *cache_backend;
	bool password_stdin, insecure;
	long timeout_ms, parallel;
	uint64_t cache_max_size;
	struct cli_list image_src;
	char stdin_password[4096];
};

static struct scan_flags F;

static const struct cli_opt scan_opts[] = {
	{ "format", 'f', OPT_STR, &F.format, "FORMAT", "report format: table (default), json, sarif, "
		"cyclonedx, spdx-json, junit, gitlab, markdown, html" },
	{ "output", 'o', OPT_STR, &F.output, "FILE", "write the report to FILE (default stdout)" },
	{ "output-format", 0, OPT_LIST, &F.outputs, "FORMAT=FILE",
		"also write FORMAT to FILE (repeatable: several reports from one scan)" },
	{ "sort-by", 0, OPT_STR, &F.sort_by, "ORDER",
		"order of findings: package (default, as Trivy), severity, epss, kev" },
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
	{ "image-src", 0, OPT_LIST, &F.image_src, "LIST", "where to look for an image by name, "
		"in order: docker,containerd,podman,remote (default: all, that order)" },
	{ "docker-host", 0, OPT_STR, &F.docker_host, "URL",
		"Docker daemon socket (unix:///path or tcp://host:port; default $DOCKER_HOST)" },
	{ "username", 0, OPT_STR, &F.username, "USER", "registry user name" },
	{ "password", 0, OPT_STR, &F.password, "PASSWORD",
		"registry password (prefer --password-stdin)" },
	{ "password-stdin", 0, OPT_BOOL, &F.password_stdin, NULL,
		"read the registry password from standard input" },
	{ "registry-token", 0, OPT_STR, &F.registry_token, "TOKEN",
		"bearer token for the registry" },
	{ "cacert", 0, OPT_STR, &F.cacert, "FILE",
		"PEM certificates to trust for registries instead of the system's" },
	{ "insecure", 0, OPT_BOOL, &F.insecure, NULL,
		"registries: skip TLS verification and allow plain http" },
	{ "timeout", 0, OPT_DURATION, &F.timeout_ms, "DURATION",
		"give up on the image after this long (default 5m0s; 0 = never)" },
	{ "parallel", 0, OPT_INT, &F.parallel, "N",
		"layers fetched and analysed at once (default: one per core)" },
	{ "cache-backend", 0, OPT_STR, &F.cache_backend, "fs|memory",
		"fs (default) keeps each analysed layer under --cache-dir; memory keeps nothing" },
	{ "cache-max-size", 0, OPT_SIZE, &F.cache_max_size, "SIZE",
		"bound of the layer cache (least recently used layers go first; default none)" },
	{ "scanners", 0, OPT_LIST, &F.scanners, "LIST", "what to look for: vuln (default), or "
		"none to list packages only" },
	{ "severity", 's', OPT_LIST, &F.severity, "LIST",
		"severities to report: UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL (default all)" },
	{ "ignore-unfixed", 0, OPT_BOOL, &F.ignore_unfixed, NULL,
		"report only vulnerabilities that have a fix" },
	{ "ignore-status", 0, OPT_LIST, &F.ignore_status, "LIST", "drop findings with these "
		"statuses: affected, fixed, will_not_fix, fix_deferred, end_of_life, "
		"under_investigation, not_affected, unknown" },
	{ "pkg-types", 0, OPT_LIST, &F.pkg_types, "LIST", "package types to check: os,library" },
	{ "include-dev-deps", 0, OPT_BOOL, &F.include_dev_deps, NULL,
		"keep lock files' development dependencies" },
	{ "detection-priority", 0, OPT_STR, &F.detection_priority, "precise|comprehensive",
		"comprehensive also reports language packages that OS packages installed" },
	{ "vuln-type", 0, OPT_LIST, &F.pkg_types, "LIST", "old name of --pkg-types" },
	{ "ignorefile", 0, OPT_STR, &F.ignorefile, "FILE", "ignore rules (.trivyignore or "
		".trivyignore.yaml; default: .trivyignore in the current directory if present)" },
	{ "exit-code", 0, OPT_INT, &F.exit_code, "N",
		"exit code when findings are reported (default 0)" },
	{ "fail-on", 0, OPT_STR, &F.fail_on, "SEVERITY[,only-fixed]", "gate only on findings at "
		"or above SEVERITY (optionally only fixable ones); exit with --exit-code, or 1" },
	{ "exit-on-eol", 0, OPT_INT, &F.exit_on_eol, "N",
		"exit code when the OS is past its end of support" },
	{ "cache-dir", 0, OPT_STR, &F.cache_dir, "DIR",
		"cache directory: the vulnerability database and the layer cache" },
	{ "skip-db-update", 0, OPT_BOOL, &F.skip_db_update, NULL,
		"never build or update the database (an absent one is an error)" },
	{ "skip-update", 0, OPT_BOOL, &F.skip_db_update, NULL, "old name of --skip-db-update" },
	{ "feeds-mirror", 0, OPT_STR, &F.mirror, "URL",
		"where to fetch feeds from when the database must be built" },
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

/* Writes one report in format to output (NULL = standard output). */
static int write_report(const char *cmd, kensa_result *res, unsigned severities,
	const char *format, const char *output)
{
	struct kensa_report_options ro;
	char err[1024];
	FILE *f = stdout;
	int r;

	if (output != NULL && (f = fopen(output, "w")) == NULL) {
		cli_error("%s: cannot write '%s': %s", cmd, output, strerror(errno));
		return CLI_EXIT_IO;
	}
	memset(&ro, 0, sizeof(ro));
	ro.list_all_pkgs = F.list_all_pkgs;
	ro.created_at = getenv("KENSA_CREATED_AT");
	ro.severities = severities;
	ro.color = f == stdout && isatty(1);
	ro.gate_severity = F.gate_sev;
	ro.gate_only_fixed = F.gate_fixed;
	r = kensa_report_write(res, format, &ro, f, err, sizeof(err));
	if (f != stdout && fclose(f) != 0 && r == 0) {
		cli_error("%s: cannot write '%s': %s", cmd, output, strerror(errno));
		return CLI_EXIT_IO;
	}
	if (r != 0) {
		cli_error("%s: %s", cmd, err);
		return cli_exit_for(r);
	}
	return CLI_EXIT_OK;
}

/* The file a report of one platform of `--platform all` goes to: "-os-arch[-variant]"
 * inserted before the extension of path ("out.json" -> "out-linux-arm64.json"); path
 * itself without a platform, NULL (standard output) stays NULL. */
static const char *platform_path(const char *path, const char *plat, char *buf, size_t len)
{
	const char *slash, *dot;
	size_t stem, i, n;

	if (path == NULL || plat == NULL)
		return path;
	slash = strrchr(path, '/');
	dot = strrchr(slash ? slash : path, '.');
	stem = dot != NULL && dot != (slash ? slash + 1 : path) ? (size_t)(dot - path) :
								  strlen(path);
	n = (size_t)snprintf(buf, len, "%.*s-%s%s", (int)stem, path, plat, path + stem);
	for (i = stem + 1; i < n && i < len && i <= stem + strlen(plat); i++)
		if (buf[i] == '/')
			buf[i] = '-';
	return buf;
}

/* Every report the command line asks for: -f/-o, then each --output-format; plat names
 * the platform of one report of `--platform all` (NULL otherwise). */
static int write_reports(const char *cmd, kensa_result *res, unsigned severities,
	const char *plat)
{
	char path[4096];
	size_t i;
	int r;

	if ((r = write_report(cmd, res, severities, F.format ? F.format : "table",
		     platform_path(F.output, plat, path, sizeof(path)))) != 0)
		return r;
	for (i = 0; i < F.outputs.n; i++) {
		const char *eq = strchr(F.outputs.v[i], '=');
		char fmt[64];

		snprintf(fmt, sizeof(fmt), "%.*s", (int)(eq - F.outputs.v[i]), F.outputs.v[i]);
		if ((r = write_report(cmd, res, severities, fmt,
			     platform_path(eq + 1, plat, path, sizeof(path)))) != 0)
			return r;
	}
	return 0;
}

/* Names the formats -f takes after an unknown one. */
static int unknown_format(const char *cmd, const char *what, const char *fmt)
{
	const char *const *names = kensa_formats();
	char list[256] = "";
	size_t i, n = 0;

	for (i = 0; names[i] != NULL && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "", names[i]);
	cli_error("%s: unknown format '%s'%s (known: %s)", cmd, fmt, what, list);
	return CLI_EXIT_USAGE;
}

static int check_formats(const char *cmd)
{
	size_t i;

	if (F.format != NULL && !kensa_format_known(F.format))
		return unknown_format(cmd, "", F.format);
	for (i = 0; i < F.outputs.n; i++) {
		const char *eq = strchr(F.outputs.v[i], '=');
		char fmt[64];

		if (eq == NULL || eq[1] == '\0' || (size_t)(eq - F.outputs.v[i]) >= sizeof(fmt)) {
			cli_error("%s: --output-format takes FORMAT=FILE, not '%s'", cmd,
				F.outputs.v[i]);
			return CLI_EXIT_USAGE;
		}
		snprintf(fmt, sizeof(fmt), "%.*s", (int)(eq - F.outputs.v[i]), F.outputs.v[i]);
		if (!kensa_format_known(fmt))
			return unknown_format(cmd, " in --output-format", fmt);
	}
	return 0;
}

static bool opt_is(const char *a, const char *b)
{
	return a != NULL && strcmp(a, b) == 0;
}

/* True if an exit status given for findings or end of life is 0-255 and none of kensa's
 * error codes (64-77). */
static bool exit_usable(long c)
{
	return c >= 0 && c <= 255 && (c < CLI_EXIT_USAGE || c > CLI_EXIT_AUTH);
}

/* The image-by-name flags: values and combinations. */
static int check_pull(const char *cmd)
{
	static const char *const srcs[] = { "docker", "containerd", "podman", "remote" };
	size_t i, k;

	for (i = 0; i < F.image_src.n; i++) {
		for (k = 0; k < sizeof(srcs) / sizeof(srcs[0]); k++)
			if (strcmp(F.image_src.v[i], srcs[k]) == 0)
				break;
		if (k == sizeof(srcs) / sizeof(srcs[0])) {
			cli_error("%s: unknown image source '%s' (docker, containerd, podman, "
				  "remote)", cmd, F.image_src.v[i]);
			return CLI_EXIT_USAGE;
		}
	}
	if (F.cache_backend != NULL && strcmp(F.cache_backend, "fs") != 0 &&
		strcmp(F.cache_backend, "memory") != 0) {
		cli_error("%s: --cache-backend is fs or memory, not '%s'", cmd, F.cache_backend);
		return CLI_EXIT_USAGE;
	}
	if (F.parallel < 0 || F.parallel > 64) {
		cli_error("%s: --parallel takes 0 (one per core) to 64", cmd);
		return CLI_EXIT_USAGE;
	}
	if (F.password_stdin && F.password != NULL) {
		cli_error("%s: --password and --password-stdin exclude each other", cmd);
		return CLI_EXIT_USAGE;
	}
	if ((F.password != NULL || F.password_stdin) && F.username == NULL) {
		cli_error("%s: a registry password needs --username", cmd);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* --password-stdin: the first line of standard input, without its line end. */
static int read_password(const char *cmd)
{
	size_t n;

	if (!F.password_stdin)
		return 0;
	if (fgets(F.stdin_password, sizeof(F.stdin_password), stdin) == NULL) {
		cli_error("%s: --password-stdin: nothing on standard input", cmd);
		return CLI_EXIT_USAGE;
	}
	n = strcspn(F.stdin_password, "\r\n");
	if (F.stdin_password[n] == '\0' && !feof(stdin)) {
		cli_error("%s: --password-stdin: the password is longer than %zu bytes", cmd,
			sizeof(F.stdin_password) - 2);
		return CLI_EXIT_USAGE;
	}
	F.stdin_password[n] = '\0';
	F.password = F.stdin_password;
	return 0;
}

static int validate(const char *cmd, enum kensa_target *kind, const struct cli_args *a,
	const char **target)
{
	if (check_formats(cmd) != 0)
		return CLI_EXIT_USAGE;
	if (!exit_usable(F.exit_code)) {
		cli_error("%s: --exit-code %ld is out of range or collides with the error codes "
			  "64-77", cmd, F.exit_code);
		return CLI_EXIT_USAGE;
	}
	if (check_pull(cmd) != 0)
		return CLI_EXIT_USAGE;
	if (opt_is(F.platform, "all") ? *kind != KENSA_TARGET_IMAGE || F.input != NULL :
					check_platform(cmd, F.platform) != 0) {
		if (opt_is(F.platform, "all"))
			cli_error("%s: --platform all needs an image by name", cmd);
		return CLI_EXIT_USAGE;
	}
	if (*kind == KENSA_TARGET_IMAGE) {
		if (F.input != NULL && a->pos.n == 0) {
			*target = F.input;
			return 0;
		}
		if (F.input == NULL && a->pos.n == 1) {
			*target = a->pos.v[0];
			*kind = KENSA_TARGET_IMAGE_REF;
			return read_password(cmd);
		}
		cli_error("%s: give one image name, or an archive with --input PATH", cmd);
		return CLI_EXIT_USAGE;
	}
	if (a->pos.n != 1) {
		cli_error("%s: give exactly one directory to scan", cmd);
		return CLI_EXIT_USAGE;
	}
	if (*kind == KENSA_TARGET_REPO && strstr(a->pos.v[0], "://") != NULL) {
		cli_error("%s: cloning '%s' is not supported; clone it and scan the checkout",
			cmd, a->pos.v[0]);
		return CLI_EXIT_USAGE;
	}
	*target = a->pos.v[0];
	return 0;
}

/* Turns the list flags into the library's masks. */
static int filters(const char *cmd, struct kensa_options *o)
{
	size_t i;

	for (i = 0; i < F.severity.n; i++) {
		int sev = kensa_severity_parse(F.severity.v[i]);

		if (sev < 0) {
			cli_error("%s: unknown severity '%s' (UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL)",
				cmd, F.severity.v[i]);
			return CLI_EXIT_USAGE;
		}
		o->severities |= 1u << sev;
	}
	for (i = 0; i < F.ignore_status.n; i++) {
		int st = kensa_status_parse(F.ignore_status.v[i]);

		if (st < 0) {
			cli_error("%s: unknown status '%s'", cmd, F.ignore_status.v[i]);
			return CLI_EXIT_USAGE;
		}
		o->ignore_statuses |= 1u << st;
	}
	for (i = 0; i < F.pkg_types.n; i++) {
		if (strcmp(F.pkg_types.v[i], "os") == 0)
			o->pkg_types |= KENSA_PKG_OS;
		else if (strcmp(F.pkg_types.v[i], "library") == 0)
			o->pkg_types |= KENSA_PKG_LIBRARY;
		else {
			cli_error("%s: unknown package type '%s' (os, library)", cmd,
				F.pkg_types.v[i]);
			return CLI_EXIT_USAGE;
		}
	}
	o->ignore_unfixed = F.ignore_unfixed;
	o->ignorefile = F.ignorefile;
	o->sort_by = F.sort_by;
	o->include_dev_deps = F.include_dev_deps;
	if (F.detection_priority != NULL && strcmp(F.detection_priority, "precise") != 0 &&
		strcmp(F.detection_priority, "comprehensive") != 0) {
		cli_error("%s: --detection-priority is precise or comprehensive", cmd);
		return CLI_EXIT_USAGE;
	}
	o->comprehensive = opt_is(F.detection_priority, "comprehensive");
	if (o->ignorefile == NULL && access(".trivyignore", R_OK) == 0)
		o->ignorefile = ".trivyignore";
	else if (o->ignorefile == NULL && access(".trivyignore.yaml", R_OK) == 0)
		o->ignorefile = ".trivyignore.yaml";
	return 0;
}

/* True when --scanners asks for vulnerabilities (the default); fails on scanners kensa
 * does not have. */
static int want_vulns(const char *cmd, bool *vuln)
{
	size_t i;

	*vuln = F.scanners.n == 0;
	for (i = 0; i < F.scanners.n; i++) {
		if (strcmp(F.scanners.v[i], "vuln") == 0) {
			*vuln = true;
		} else if (strcmp(F.scanners.v[i], "none") != 0) {
			cli_error("%s: scanner '%s' is not available (vuln, none)", cmd,
				F.scanners.v[i]);
			return CLI_EXIT_USAGE;
		}
	}
	return 0;
}

/* The image-by-name and layer cache flags into the library's options. */
static void pull_options(struct kensa_options *o)
{
	static char srcs[128];
	size_t i, n = 0;

	srcs[0] = '\0';
	for (i = 0; i < F.image_src.n && n < sizeof(srcs); i++)
		n += (size_t)snprintf(srcs + n, sizeof(srcs) - n, "%s%s", i ? "," : "",
			F.image_src.v[i]);
	o->image_src = F.image_src.n ? srcs : NULL;
	o->docker_host = F.docker_host;
	o->username = F.username;
	o->password = F.password;
	o->registry_token = F.registry_token;
	o->cacert = F.cacert;
	o->insecure = F.insecure;
	o->timeout_ms = F.timeout_ms;
	o->cache_dir = F.cache_dir;
	o->no_layer_cache = F.cache_backend != NULL && strcmp(F.cache_backend, "memory") == 0;
	o->cache_max_size = F.cache_max_size;
	o->parallel = (unsigned)F.parallel;
}

/* Finds the database, building it first when it is absent (unless --skip-db-update). */
static int ensure_db(const char *cmd, struct kensa_options *o, char *path, size_t len)
{
	struct kensa_db_options d;
	char err[1024];
	int r;

	memset(&d, 0, sizeof(d));
	d.cache_dir = F.cache_dir;
	d.feeds_mirror = F.mirror;
	d.retries = -1;
	d.log = o->log;
	d.log_level = o->log_level;
	d.progress = o->progress;
	if (kensa_db_path(&d, path, len) != 0)
		return CLI_EXIT_INTERNAL;
	o->db_path = path;
	if (access(path, R_OK) == 0)
		return 0;
	if (F.skip_db_update) {
		cli_error("%s: no vulnerability database at '%s' and --skip-db-update was given "
			  "(build one with 'kensa db update' or 'kensa db import')", cmd, path);
		return CLI_EXIT_NOINPUT;
	}
	if ((r = kensa_db_update(&d, err, sizeof(err))) != 0 && access(path, R_OK) != 0) {
		cli_error("%s: cannot build the vulnerability database: %s", cmd, err);
		return cli_exit_for(r);
	}
	return 0;
}

/* The exit status of a successful scan: findings gate first, then end of life. */
static int gate(const kensa_result *res)
{
	if (F.fail_on != NULL) {
		if (kensa_result_findings(res, F.gate_sev, F.gate_fixed) > 0)
			return F.exit_code ? (int)F.exit_code : 1;
	} else if (F.exit_code != 0 && kensa_result_findings(res, KENSA_SEV_UNKNOWN, false) > 0) {
		return (int)F.exit_code;
	}
	if (F.exit_on_eol != 0 && kensa_result_eosl(res))
		return (int)F.exit_on_eol;
	return CLI_EXIT_OK;
}

/* Validates --exit-on-eol and parses --fail-on into F.gate_sev/F.gate_fixed. */
static int check_gates(const char *cmd)
{
	const char *comma;
	char sev[32];

	if (!exit_usable(F.exit_on_eol)) {
		cli_error("%s: --exit-on-eol %ld is out of range or collides with the error codes "
			  "64-77", cmd, F.exit_on_eol);
		return CLI_EXIT_USAGE;
	}
	if (F.fail_on == NULL)
		return 0;
	comma = strchr(F.fail_on, ',');
	snprintf(sev, sizeof(sev), "%.*s", (int)(comma ? (size_t)(comma - F.fail_on) :
							  strlen(F.fail_on)), F.fail_on);
	F.gate_sev = kensa_severity_parse(sev);
	F.gate_fixed = comma != NULL;
	if (F.gate_sev < 0 || (comma && strcmp(comma + 1, "only-fixed") != 0)) {
		cli_error("%s: --fail-on takes SEVERITY[,only-fixed], e.g. HIGH or "
			  "CRITICAL,only-fixed", cmd);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* Scans target and writes its reports; the exit status. */
static int scan_one(const char *cmd, const struct kensa_options *o, enum kensa_target kind,
	const char *target, const char *plat)
{
	kensa_result *res = NULL;
	char err[1024];
	int r;

	r = kensa_scan(o, kind, target, &res, err, sizeof(err));
	cli_progress_done(o->progress != NULL);
	if (r != 0) {
		cli_error("%s: %s", cmd, err);
		return cli_exit_for(r);
	}
	if ((r = write_reports(cmd, res, o->severities, plat)) == 0)
		r = gate(res);
	kensa_result_free(res);
	return r;
}

/* --platform all: one scan and one set of reports per platform of the image's index, in
 * index order (reports to standard output follow one another; files get the platform in
 * their names). The exit status is the first error, else the first gate that fired. */
static int scan_platforms(const char *cmd, const struct kensa_options *o, const char *target)
{
	struct kensa_options po = *o;
	char err[1024], **plats;
	int r, worst = CLI_EXIT_OK;
	size_t i;

	if ((r = kensa_image_platforms(o, target, &plats, err, sizeof(err))) != 0) {
		cli_error("%s: %s", cmd, err);
		return cli_exit_for(r);
	}
	for (i = 0; plats[i] != NULL; i++) {
		po.platform = plats[i];
		if (!F.quiet) {
			snprintf(err, sizeof(err), "%s: platform %s", target, plats[i]);
			cli_log_cb(NULL, KENSA_LOG_INFO, err);
		}
		r = scan_one(cmd, &po, KENSA_TARGET_IMAGE_REF, target, plats[i]);
		if (!exit_usable(r)) {
			worst = r;
			break;
		}
		if (worst == CLI_EXIT_OK)
			worst = r;
	}
	free(plats);
	return worst;
}

int scan_cmd_run(const char *cmd, enum kensa_target kind, int argc, char **argv)
{
	struct kensa_options o;
	struct cli_args args;
	const char *target = NULL;
	char dbpath[4096];
	bool help, vuln;
	int r;

	memset(&F, 0, sizeof(F));
	F.timeout_ms = 5 * 60 * 1000; /* Trivy's default */
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
	if ((r = validate(cmd, &kind, &args, &target)) != 0 || (r = check_gates(cmd)) != 0 ||
		(r = want_vulns(cmd, &vuln)) != 0)
		goto out;
	memset(&o, 0, sizeof(o));
	if ((r = filters(cmd, &o)) != 0)
		goto out;
	o.max_image_size = F.max_image_size;
	o.skip_dirs = F.skip_dirs.v;
	o.nskip_dirs = F.skip_dirs.n;
	o.skip_files = F.skip_files.v;
	o.nskip_files = F.skip_files.n;
	o.platform = F.platform;
	pull_options(&o);
	o.log = F.quiet ? NULL : cli_log_cb;
	o.log_level = F.debug ? KENSA_LOG_DEBUG : KENSA_LOG_WARN;
	if (cli_want_progress(F.quiet, F.no_progress))
		o.progress = cli_progress_cb;
	if (vuln && (r = ensure_db(cmd, &o, dbpath, sizeof(dbpath))) != 0)
		goto out;
	r = opt_is(F.platform, "all") ? scan_platforms(cmd, &o, target) :
					scan_one(cmd, &o, kind, target, NULL);
out:
	cli_args_release(&args, scan_opts);
	return r;
}

/* `kensa convert`: the report options of the scan commands over a saved JSON report. */
static const struct cli_opt convert_opts[] = {
	{ "format", 'f', OPT_STR, &F.format, "FORMAT", "report format (default table)" },
	{ "output", 'o', OPT_STR, &F.output, "FILE", "write the report to FILE (default stdout)" },
	{ "output-format", 0, OPT_LIST, &F.outputs, "FORMAT=FILE", "also write FORMAT to FILE" },
	{ "list-all-pkgs", 0, OPT_BOOL, &F.list_all_pkgs, NULL, "list every package" },
	{ "severity", 's', OPT_LIST, &F.severity, "LIST", "severities to report" },
	{ "ignore-unfixed", 0, OPT_BOOL, &F.ignore_unfixed, NULL, "only findings with a fix" },
	{ "ignore-status", 0, OPT_LIST, &F.ignore_status, "LIST", "drop these statuses" },
	{ "pkg-types", 0, OPT_LIST, &F.pkg_types, "LIST", "os,library" },
	{ "ignorefile", 0, OPT_STR, &F.ignorefile, "FILE", "ignore rules" },
	{ "sort-by", 0, OPT_STR, &F.sort_by, "ORDER", "package, severity, epss, kev" },
	{ "exit-code", 0, OPT_INT, &F.exit_code, "N", "exit code when findings remain" },
	{ "fail-on", 0, OPT_STR, &F.fail_on, "SEVERITY[,only-fixed]", "gate severity" },
	{ "exit-on-eol", 0, OPT_INT, &F.exit_on_eol, "N", "exit code for an end-of-life OS" },
	{ "quiet", 'q', OPT_BOOL, &F.quiet, NULL, "no warnings on stderr" },
	{ NULL, 0, OPT_BOOL, NULL, NULL, NULL },
};

int scan_cmd_convert(int argc, char **argv, const char *usage)
{
	struct kensa_options o;
	struct cli_args args;
	kensa_result *res = NULL;
	char err[1024];
	bool help;
	int r;

	memset(&F, 0, sizeof(F));
	if ((r = cli_parse("convert", convert_opts, argc, argv, &args, &help)) != 0)
		goto out;
	if (help) {
		fputs(usage, stdout);
		cli_print_opts(convert_opts);
		goto out;
	}
	if (args.pos.n != 1) {
		cli_error("convert: give exactly one JSON report");
		r = CLI_EXIT_USAGE;
		goto out;
	}
	memset(&o, 0, sizeof(o));
	if ((r = check_formats("convert")) != 0 || (r = check_gates("convert")) != 0 ||
		(r = filters("convert", &o)) != 0)
		goto out;
	if ((r = kensa_report_load(args.pos.v[0], &res, err, sizeof(err))) != 0 ||
		(r = kensa_result_filter(res, &o, err, sizeof(err))) != 0) {
		cli_error("convert: %s", err);
		r = cli_exit_for(r);
		goto out;
	}
	if ((r = write_reports("convert", res, o.severities, NULL)) == 0)
		r = gate(res);
out:
	kensa_result_free(res);
	cli_args_release(&args, convert_opts);
	return r;
}
