/*
 * test_dpkg.c - the dpkg analyzer against Trivy's own dpkg analyzer expectations
 * (pkg/fanal/analyzer/pkg/dpkg/dpkg_test.go) for its test status files, the txtar test
 * archives, distroless status.d stanzas, info lists, osv-scalibr's and claircore's
 * status files, and corrupted copies of real databases; DependsOn against Trivy's
 * expectations and hand-derived lists.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"

static struct ks_ctx cx;

static int setup(void **state)
{
	(void)state;
	tu_ctx(&cx);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ks_ctx_release(&cx);
	return 0;
}

static int run(const char *path, const void *data, size_t n, struct ks_ares *out)
{
	struct ks_file f = { path, data, n };

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx.err);
	cx.nwarns = 0;
	assert_true(ks_analyzer_dpkg.wants(path, strlen(path)));
	return ks_analyzer_dpkg.parse(&cx, &f, out);
}

static int run_s(const char *text, struct ks_ares *out)
{
	return run("var/lib/dpkg/status", text, strlen(text), out);
}

static uint8_t *load(const char *rel, size_t *n)
{
	return tu_read(tu_shared(rel), n);
}

/* Section "-- name --" of a txtar archive (borrowed view). */
static bool txtar_section(const char *txt, const char *name, const char **p, size_t *n)
{
	char hdr[256];
	const char *s, *e;

	snprintf(hdr, sizeof(hdr), "-- %s --\n", name);
	if ((s = strstr(txt, hdr)) == NULL)
		return false;
	s += strlen(hdr);
	e = strstr(s, "\n-- ");
	*p = s;
	*n = e ? (size_t)(e - s) + 1 : strlen(s);
	return true;
}

static const struct ks_pkg *find(const struct ks_ares *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->npkgs; i++)
		if (strcmp(a->pkgs[i].name, name) == 0)
			return &a->pkgs[i];
	return NULL;
}

static size_t nwarns_with(const char *needle)
{
	size_t i, n = 0;

	for (i = 0; i < cx.nwarns; i++)
		n += strstr(cx.warns[i], needle) != NULL;
	return n;
}

static void expect_opt(const char *got, const char *want)
{
	if (want == NULL || want[0] == '\0')
		assert_null(got);
	else
		assert_string_equal(got, want);
}

/* Expected package: Trivy's Package fields. */
struct want {
	const char *name, *version, *release;
	int epoch;
	const char *src_name, *src_version, *src_release;
	int src_epoch;
	const char *arch, *maint;
};

static void expect_pkg(const struct ks_ares *a, const struct want *w)
{
	const struct ks_pkg *p = find(a, w->name);

	if (p == NULL)
		fail_msg("package %s missing", w->name);
	assert_string_equal(p->version, w->version);
	expect_opt(p->release, w->release);
	assert_int_equal(p->epoch, w->epoch);
	assert_string_equal(p->src_name, w->src_name);
	assert_string_equal(p->src_version, w->src_version);
	expect_opt(p->src_release, w->src_release);
	assert_int_equal(p->src_epoch, w->src_epoch);
	expect_opt(p->arch, w->arch);
	expect_opt(p->maintainer, w->maint);
	assert_int_equal(p->files.n, 0);
	assert_int_equal(p->layer, -1);
}

#define UBU "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>"
#define UBC "Ubuntu Core developers <ubuntu-devel-discuss@lists.ubuntu.com>"

/* Trivy's "valid" case: testdata/dpkg, an Ubuntu 18.04 status file of 90 packages. */
static void test_trivy_valid(void **state)
{
	static const struct want want[] = {
		{ "adduser", "3.116ubuntu1", NULL, 0, "adduser", "3.116ubuntu1", NULL, 0, "all",
			"Ubuntu Core Developers <ubuntu-devel-discuss@lists.ubuntu.com>" },
		{ "apt", "1.6.3ubuntu0.1", NULL, 0, "apt", "1.6.3ubuntu0.1", NULL, 0, "amd64",
			UBU },
		{ "base-passwd", "3.5.44", NULL, 0, "base-passwd", "3.5.44", NULL, 0, "amd64",
			"Colin Watson <cjwatson@debian.org>" },
		{ "bash", "4.4.18", "2ubuntu1", 0, "bash", "4.4.18", "2ubuntu1", 0, "amd64", UBU },
		{ "bsdutils", "2.31.1", "0.4ubuntu3.1", 1, "util-linux", "2.31.1", "0.4ubuntu3.1",
			0,
			"amd64", UBU },
		{ "dash", "0.5.8", "2.10", 0, "dash", "0.5.8", "2.10", 0, "amd64", UBU },
		{ "diffutils", "3.6", "1", 1, "diffutils", "3.6", "1", 1, "amd64", UBU },
		{ "findutils", "4.6.0+git+20170828", "2", 0, "findutils", "4.6.0+git+20170828", "2",
			0, "amd64", UBU },
		{ "gcc-8-base", "8-20180414", "1ubuntu2", 0, "gcc-8", "8-20180414", "1ubuntu2", 0,
			"amd64", UBC },
		{ "gpgv", "2.2.4", "1ubuntu1.1", 0, "gnupg2", "2.2.4", "1ubuntu1.1", 0, "amd64",
			UBU },
		{ "libapt-pkg5.0", "1.6.3ubuntu0.1", NULL, 0, "apt", "1.6.3ubuntu0.1", NULL, 0,
			"amd64",
			UBU },
		{ "libattr1", "2.4.47", "2build1", 1, "attr", "2.4.47", "2build1", 1, "amd64",
			UBU },
		{ "libaudit-common", "2.8.2", "1ubuntu1", 1, "audit", "2.8.2", "1ubuntu1", 1, "all",
			UBU },
		{ "libdebconfclient0", "0.213ubuntu1", NULL, 0, "cdebconf", "0.213ubuntu1", NULL, 0,
			"amd64", UBU },
		{ "libgcc1", "8-20180414", "1ubuntu2", 1, "gcc-8", "8-20180414", "1ubuntu2", 0,
			"amd64",
			UBC },
		{ "libgmp10", "6.1.2+dfsg", "2", 2, "gmp", "6.1.2+dfsg", "2", 2, "amd64", UBU },
		{ "liblz4-1", "0.0~r131", "2ubuntu3", 0, "lz4", "0.0~r131", "2ubuntu3", 0, "amd64",
			UBU },
		{ "liblzma5", "5.1.1alpha+20120614", "2+b3", 0, "xz-utils", "5.1.1alpha+20120614",
			"2",
			0, "amd64", "Jonathan Nieder <jrnieder@gmail.com>" },
		{ "libpcre3", "8.39", "9", 2, "pcre3", "8.39", "9", 2, "amd64", UBU },
		{ "libprocps6", "3.3.12", "3ubuntu1.1", 2, "procps", "3.3.12", "3ubuntu1.1", 2,
			"amd64",
			UBU },
		{ "libsystemd0", "237", "3ubuntu10.3", 0, "systemd", "237", "3ubuntu10.3", 0,
			"amd64",
			UBU },
		{ "libustr-1.0-1", "1.0.4", "3+b2", 0, "ustr", "1.0.4", "3", 0, "amd64",
			"Vaclav Ovsik <vaclav.ovsik@i.cz>" },
		{ "login", "4.5", "1ubuntu1", 1, "shadow", "4.5", "1ubuntu1", 1, "amd64", UBU },
		{ "lsb-base", "9.20170808ubuntu1", NULL, 0, "lsb", "9.20170808ubuntu1", NULL, 0,
			"all",
			UBU },
		{ "passwd", "4.5", "1ubuntu1", 1, "shadow", "4.5", "1ubuntu1", 1, "amd64", UBU },
		{ "procps", "3.3.12", "3ubuntu1.1", 2, "procps", "3.3.12", "3ubuntu1.1", 2, "amd64",
			UBU },
		{ "sensible-utils", "0.0.12", NULL, 0, "sensible-utils", "0.0.12", NULL, 0, "all",
			UBU },
		{ "sysvinit-utils", "2.88dsf", "59.10ubuntu1", 0, "sysvinit", "2.88dsf",
			"59.10ubuntu1", 0, "amd64", UBU },
		{ "tar", "1.29b", "2", 0, "tar", "1.29b", "2", 0, "amd64", UBU },
		{ "ubuntu-keyring", "2018.02.28", NULL, 0, "ubuntu-keyring", "2018.02.28", NULL, 0,
			"all", "Dimitri John Ledkov <dimitri.ledkov@canonical.com>" },
		{ "zlib1g", "1.2.11.dfsg", "0ubuntu2", 1, "zlib", "1.2.11.dfsg", "0ubuntu2", 1,
			"amd64",
			UBU },
	};
	struct ks_ares a;
	uint8_t *d;
	size_t n, i;

	(void)state;
	d = load("fixtures/pkgdb/dpkg/trivy-ubuntu1804-status", &n);
	assert_int_equal(run("var/lib/dpkg/status", d, n, &a), 0);
	assert_int_equal(a.npkgs, 90);
	assert_int_equal(cx.nwarns, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect_pkg(&a, &want[i]);
	/* every package has a name, an upstream version and a source */
	for (i = 0; i < a.npkgs; i++) {
		assert_non_null(a.pkgs[i].version);
		assert_non_null(a.pkgs[i].src_name);
		assert_true(a.pkgs[i].version[0] >= '0' && a.pkgs[i].version[0] <= '9');
	}
	free(d);
}

/* Trivy's txtar test archives: corrupsed, only-apt, valid, third-party, digest. */
static void test_trivy_txtar(void **state)
{
	static const struct want corrupsed[] = {
		{ "libgcc1", "5.1.1", "12ubuntu1", 1, "gcc-5", "5.1.1", "12ubuntu1", 0, "amd64",
			UBC },
		{ "libpam-modules-bin", "1.1.8", "3.1ubuntu3", 0, "pam", "1.1.8", "3.1ubuntu3", 0,
			"amd64", UBU },
		{ "libpam-runtime", "1.1.8", "3.1ubuntu3", 0, "pam", "1.1.8", "3.1ubuntu3", 0,
			"all",
			UBU },
		{ "makedev", "2.3.1", "93ubuntu1", 0, "makedev", "2.3.1", "93ubuntu1", 0, "all",
			UBU },
	};
	static const struct want apt = { "apt", "1.6.3ubuntu0.1", NULL, 0, "apt",
		"1.6.3ubuntu0.1", NULL, 0, "amd64", UBU };
	/* "5:20.10.7~3-0~debian-buster": the revision follows the last hyphen */
	static const struct want docker = { "docker-ce", "20.10.7~3-0~debian", "buster", 5,
		"docker-ce", "20.10.7~3-0~debian", "buster", 5, "amd64",
		"Docker <support@docker.com>" };
	static const struct want tar = { "tar", "1.34+dfsg", "1", 0, "tar", "1.34+dfsg", "1", 0,
		"amd64", "Janos Lenart <ocsi@debian.org>" };
	struct ks_ares a;
	const char *sp;
	size_t n, sn, i;
	char *txt;

	(void)state;
	txt = (char *)load("fixtures/pkgdb/dpkg/trivy-analyzer-txtar/corrupsed.txtar", &n);
	assert_true(txtar_section(txt, "var/lib/dpkg/status", &sp, &sn));
	assert_int_equal(run("var/lib/dpkg/status", sp, sn, &a), 0);
	assert_int_equal(a.npkgs, 4);
	for (i = 0; i < 4; i++)
		expect_pkg(&a, &corrupsed[i]);
	/* the package without a version and the one with a broken version are reported */
	assert_int_equal(nwarns_with("without Package or Version"), 1);
	assert_int_equal(nwarns_with("invalid Version"), 1);
	free(txt);

	txt = (char *)load("fixtures/pkgdb/dpkg/trivy-analyzer-txtar/only-apt.txtar", &n);
	assert_true(txtar_section(txt, "var/lib/dpkg/status", &sp, &sn));
	assert_int_equal(run("var/lib/dpkg/status", sp, sn, &a), 0);
	assert_int_equal(a.npkgs, 1);
	expect_pkg(&a, &apt);
	free(txt);

	txt = (char *)load("fixtures/pkgdb/dpkg/trivy-analyzer-txtar/third-party.txtar", &n);
	assert_true(txtar_section(txt, "var/lib/dpkg/status", &sp, &sn));
	assert_int_equal(run("var/lib/dpkg/status", sp, sn, &a), 0);
	assert_int_equal(a.npkgs, 2);
	expect_pkg(&a, &docker);
	free(txt);

	txt = (char *)load("fixtures/pkgdb/dpkg/trivy-analyzer-txtar/digest.txtar", &n);
	assert_true(txtar_section(txt, "var/lib/dpkg/status", &sp, &sn));
	assert_int_equal(run("var/lib/dpkg/status", sp, sn, &a), 0);
	assert_int_equal(a.npkgs, 2);
	expect_pkg(&a, &tar);
	free(txt);

	txt = (char *)load("fixtures/pkgdb/dpkg/trivy-analyzer-txtar/valid.txtar", &n);
	assert_true(txtar_section(txt, "var/lib/dpkg/status", &sp, &sn));
	assert_int_equal(run("var/lib/dpkg/status", sp, sn, &a), 0);
	assert_non_null(find(&a, "fdisk"));
	assert_string_equal(find(&a, "fdisk")->src_name, "util-linux");
	assert_string_equal(find(&a, "fdisk")->release, "0.4ubuntu3.1");
	free(txt);
}

/* Real status files from Clair, claircore and osv-scalibr: package counts and the Status
 * rule (deinstall / purge words exclude a package, a missing Status does not). */
static void test_samples(void **state)
{
	static const struct {
		const char *rel;
		size_t npkgs;
		int rc;
	} cases[] = {
		{ "fixtures/pkgdb/dpkg/clair-v2/valid", 89, 0 },
		{ "fixtures/pkgdb/dpkg/claircore/debian-only.status", 1, 0 },
		{ "fixtures/pkgdb/dpkg/claircore/postgresql.status", 3, 0 },
		{ "fixtures/pkgdb/dpkg/claircore/texlive.status", 357, 0 },
		{ "fixtures/pkgdb/dpkg/claircore/vcpkg.status", 14, 0 },
		{ "fixtures/pkgdb/dpkg/trivy-analyzer/tar-status", 1, 0 },
		{ "fixtures/pkgdb/dpkg/trivy-analyzer/dpkg_builtusing", 1, 0 },
		{ "fixtures/pkgdb/osv-scalibr/dpkg/dpkg/empty", 0, 0 },
		{ "fixtures/pkgdb/osv-scalibr/dpkg/dpkg/invalid", 0, KS_ECORRUPT },
		{ "fixtures/pkgdb/osv-scalibr/dpkg/dpkg/single", 1, 0 },
		{ "fixtures/pkgdb/osv-scalibr/dpkg/dpkg/statusfield", 4, 0 },
		{ "fixtures/pkgdb/osv-scalibr/dpkg/dpkg/trailingnewlines", 1, 0 },
		{ "fixtures/pkgdb/osv-scalibr/dpkg/dpkg/valid", 7, 0 },
		{ "fixtures/pkgdb/osv-scalibr/dpkg/opkg/valid", 3, 0 },
	};
	static const char *const installed[] = { "wantinstall_installed", "wantinstall_unpacked",
		"wantinstall_halfinstalled", "wantnostatus" };
	struct ks_ares a;
	size_t i, n;
	uint8_t *d;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		d = load(cases[i].rel, &n);
		assert_int_equal(run("var/lib/dpkg/status", d, n, &a), cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(a.npkgs, cases[i].npkgs);
		free(d);
	}
	d = load("fixtures/pkgdb/osv-scalibr/dpkg/dpkg/statusfield", &n);
	assert_int_equal(run("var/lib/dpkg/status", d, n, &a), 0);
	for (i = 0; i < 4; i++)
		assert_non_null(find(&a, installed[i]));
	assert_null(find(&a, "wantdeinstall_installed"));
	assert_null(find(&a, "wantpurge_installed"));
	free(d);
}

/* Distroless: one stanza file per package under status.d, no Status line. */
static void test_status_d(void **state)
{
	static const struct want foo = { "foo", "1.2.3", NULL, 0, "foo", "1.2.3", NULL, 0,
		"amd64", "someone" };
	struct ks_ares a;
	uint8_t *d;
	size_t n;

	(void)state;
	d = load("fixtures/pkgdb/osv-scalibr/dpkg/dpkg/status.d/foo", &n);
	assert_int_equal(run("var/lib/dpkg/status.d/foo", d, n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	expect_pkg(&a, &foo);
	free(d);
	{
		static const char st[] = "Package: base-files\nVersion: 9.9+deb9u9\n"
					 "Architecture: amd64\nSource: base-files (9.9+deb9u9)\n";

		assert_int_equal(run("var/lib/dpkg/status.d/base", st, sizeof(st) - 1, &a), 0);
	}
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].version, "9.9+deb9u9");
	assert_null(a.pkgs[0].release);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "var/lib/dpkg/status", true },
		{ "var/lib/dpkg/status.d/gcc", true },
		{ "var/lib/dpkg/status.d/foo.md5sums", false },
		{ "var/lib/dpkg/status.d/.md5sums", false },
		{ "var/lib/dpkg/status.d/foo.md5sums.bak", true },
		{ "var/lib/dpkg/status.d/", false },
		{ "var/lib/dpkg/status.d/a/b", false },
		{ "var/lib/dpkg/info/bash.list", true },
		{ "var/lib/dpkg/info/libc6:amd64.list", true },
		{ "var/lib/dpkg/info/bash.md5sums", false },
		{ "var/lib/dpkg/info/x/bash.list", false },
		{ "var/lib/dpkg/status/bash.list", false },
		{ "var/lib/dpkg/status-old", false },
		{ "var/lib/dpkg/available", false },
		{ "usr/var/lib/dpkg/status", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(ks_analyzer_dpkg.wants(cases[i].path, strlen(cases[i].path)),
			cases[i].want);
}

/* Package file lists: Trivy's "info list" expectation for testdata/tar.list. */
static void test_list(void **state)
{
	static const char *const want[] = { "bin/tar", "etc", "usr/lib/mime/packages/tar",
		"usr/sbin/rmt-tar", "usr/sbin/tarcat", "usr/share/doc/tar/AUTHORS",
		"usr/share/doc/tar/NEWS.gz", "usr/share/doc/tar/README.Debian",
		"usr/share/doc/tar/THANKS.gz", "usr/share/doc/tar/changelog.Debian.gz",
		"usr/share/doc/tar/copyright", "usr/share/man/man1/tar.1.gz",
		"usr/share/man/man1/tarcat.1.gz", "usr/share/man/man8/rmt-tar.8.gz", "etc/rmt" };
	struct ks_ares a;
	uint8_t *d;
	size_t n, i;

	(void)state;
	d = load("fixtures/pkgdb/dpkg/trivy-analyzer/tar.list", &n);
	assert_int_equal(run("var/lib/dpkg/info/tar.list", d, n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "tar");
	assert_null(a.pkgs[0].version);
	assert_int_equal(a.pkgs[0].files.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < a.pkgs[0].files.n; i++)
		assert_string_equal(a.pkgs[0].files.v[i], want[i]);
	/* the multi-arch name keeps its ":arch" */
	assert_int_equal(run("var/lib/dpkg/info/bash:amd64.list", d, n, &a), 0);
	assert_string_equal(a.pkgs[0].name, "bash:amd64");
	free(d);
	/* empty list: a package without files */
	assert_int_equal(run("var/lib/dpkg/info/empty.list", "", 0, &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_int_equal(a.pkgs[0].files.n, 0);
	/* no name, no result */
	assert_int_equal(run("var/lib/dpkg/info/.list", "/x\n", 3, &a), 0);
	assert_int_equal(a.npkgs, 0);
	/* unsafe and NUL paths are skipped with one warning; CRLF lines are trimmed */
	assert_int_equal(run("var/lib/dpkg/info/x.list", "/../../etc/passwd\n/a\0b\n/ok\r\n",
				 29, &a),
		0);
	assert_int_equal(a.pkgs[0].files.n, 1);
	assert_string_equal(a.pkgs[0].files.v[0], "ok");
	assert_int_equal(nwarns_with("unusable path"), 1);
}

/* Field syntax as Go's textproto reads it. */
static void test_syntax(void **state)
{
	struct ks_ares a;

	(void)state;
	/* case-insensitive names, the first value wins, continuation lines are joined */
	assert_int_equal(run_s("package: a\nVERSION: 1:2.0-3\nVersion: 9\nMaintainer: Jane\n"
			       " Doe <j@d>\nArchitecture:\tamd64  \n",
				 &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].version, "2.0");
	assert_string_equal(a.pkgs[0].release, "3");
	assert_int_equal(a.pkgs[0].epoch, 1);
	assert_string_equal(a.pkgs[0].maintainer, "Jane Doe <j@d>");
	assert_string_equal(a.pkgs[0].arch, "amd64");
	/* a name with a space before the colon is another field */
	assert_int_equal(run_s("Package: a\nVersion : 1\n", &a), 0);
	assert_int_equal(a.npkgs, 0);
	assert_int_equal(nwarns_with("without Package or Version"), 1);
	/* Source: name and optional "(version)" up to the last parenthesis */
	assert_int_equal(run_s("Package: a\nVersion: 1.0-1\nSource: s (2:3.0-4) \n\n"
			       "Package: b\nVersion: 1.0-1\nSource: s  (9)\n\n"
			       "Package: c\nVersion: 1.0-1\nSource: s (1 (x) 2)\n",
				 &a),
		0);
	assert_int_equal(a.npkgs, 2);
	assert_string_equal(a.pkgs[0].src_version, "3.0");
	assert_int_equal(a.pkgs[0].src_epoch, 2);
	assert_string_equal(a.pkgs[0].src_release, "4");
	assert_string_equal(a.pkgs[1].src_name, "s");
	assert_string_equal(a.pkgs[1].src_version, "1.0");
	assert_int_equal(nwarns_with("invalid source version"), 1);
	/* epochs: sign accepted, negative and non-numeric rejected */
	assert_int_equal(run_s("Package: a\nVersion: +1:2\n\nPackage: b\nVersion: -1:2\n\n"
			       "Package: c\nVersion: x:2\n\nPackage: d\nVersion: 0:1.0-r\n",
				 &a),
		0);
	assert_int_equal(a.npkgs, 2);
	assert_int_equal(a.pkgs[0].epoch, 1);
	assert_string_equal(a.pkgs[1].name, "d");
	assert_int_equal(a.pkgs[1].epoch, 0);
	/* the same Package@Version twice: the last stanza wins */
	assert_int_equal(run_s("Package: a\nVersion: 1\nArchitecture: i386\n\n"
			       "Package: a\nVersion: 1\nArchitecture: arm64\n",
				 &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].arch, "arm64");
	/* CRLF files have no "\n\n": Trivy reads the first stanza only */
	assert_int_equal(run_s("Package: a\r\nVersion: 1\r\n\r\nPackage: b\r\nVersion: 2\r\n", &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_int_equal(nwarns_with("after a blank line"), 1);
}

/* Broken stanzas are skipped and reported; only an unreadable file is an error. */
static void test_corrupt(void **state)
{
	struct ks_ares a;
	uint8_t *d, *c;
	size_t n, i;
	char *p;

	(void)state;
	/* a continuation line first, a line without colon, a bad name, a control byte */
	assert_int_equal(run_s(" Package: a\nVersion: 1\n\nPackage: b\nVersion 2\n\n"
			       "Pack/age: c\nVersion: 3\n\nPackage: d\nVersion: 4\x01\n\n"
			       "Package: e\nVersion: 5\n",
				 &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "e");
	assert_int_equal(nwarns_with("4 malformed stanza"), 1);
	assert_non_null(strstr(cx.warns[0], "line 1:"));
	/* nothing readable at all: corrupt */
	assert_int_equal(run_s("asdf\n\nyolo\n", &a), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "no readable stanza"));
	assert_int_equal(run("var/lib/dpkg/status", "\x7f" "ELF\x02\x01\0\0\0\x03\x3e", 11, &a),
		KS_ECORRUPT);
	/* an empty or blank file is an empty database */
	assert_int_equal(run_s("\n\n\n", &a), 0);
	assert_int_equal(a.npkgs, 0);

	d = load("fixtures/pkgdb/dpkg/trivy-ubuntu1804-status", &n);
	c = malloc(n + 200000);
	assert_non_null(c);
	/* truncated in the middle of the last stanza: that package is dropped, with a warning */
	for (p = strstr((char *)d, "\nPackage: "); strstr(p + 1, "\nPackage: ") != NULL;)
		p = strstr(p + 1, "\nPackage: ");
	p = strchr(p + 1, '\n') + 1; /* right after the Package line */
	assert_int_equal(run("var/lib/dpkg/status", d, (size_t)(p - (char *)d), &a), 0);
	assert_int_equal(a.npkgs, 90); /* the last stanza, git, is deinstalled anyway */
	assert_int_equal(nwarns_with("without Package or Version"), 1);
	/* a NUL byte inside one stanza drops that stanza only */
	memcpy(c, d, n);
	p = strstr((char *)c, "Package: tar\n");
	assert_non_null(p);
	p[10] = '\0';
	assert_int_equal(run("var/lib/dpkg/status", c, n, &a), 0);
	assert_int_equal(a.npkgs, 89);
	assert_null(find(&a, "tar"));
	assert_int_equal(nwarns_with("malformed stanza"), 1);
	/* every fourth byte of the first 4 KiB flipped in turn: no crash, sane results */
	for (i = 0; i < 4096; i += 4) {
		int r;
		size_t k;

		memcpy(c, d, n);
		c[i] ^= 0x21;
		r = run("var/lib/dpkg/status", c, n, &a);
		assert_true(r == 0 || r == KS_ECORRUPT);
		for (k = 0; r == 0 && k < a.npkgs; k++)
			assert_true(a.pkgs[k].name[0] != '\0' && a.pkgs[k].version[0] != '\0');
	}
	/* a stanza over 128 KiB makes Trivy's scanner, and the file, fail */
	memcpy(c, d, n);
	memcpy(c + n, "\n\nPackage: big\nDescription: ", 28);
	memset(c + n + 28, 'x', 140000);
	assert_int_equal(run("var/lib/dpkg/status", c, n + 28 + 140000, &a), KS_ELIMIT);
	assert_non_null(strstr(cx.err.msg, "stanza longer than"));
	/* ... but 128 KiB minus the separator is still read */
	memset(c, 'x', 131070);
	memcpy(c, "Package: big\nVersion: 1\nDescription: ", 37);
	memcpy(c + 131070, "\n\n", 2);
	assert_int_equal(run("var/lib/dpkg/status", c, 131072, &a), 0);
	assert_int_equal(a.npkgs, 1);
	free(c);
	free(d);
}

/* DependsOn of package name joined with " " ("" when empty). */
static void expect_deps(const struct ks_ares *a, const char *name, const char *want)
{
	const struct ks_pkg *p = find(a, name);
	char got[4096];
	size_t i, n = 0;

	if (p == NULL)
		fail_msg("package %s missing", name);
	got[0] = '\0';
	for (i = 0; i < p->depends_on.n; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", i ? " " : "",
			p->depends_on.v[i]);
	assert_true(n < sizeof(got));
	assert_string_equal(got, want);
	if (p->depends_on.n == 0)
		assert_null(p->depends_on.v);
}

/* Trivy's expected IDs and DependsOn for its Ubuntu 18.04 status file (dpkg_test.go,
 * case "valid"): alternatives all count (apt: gpgv of "gpgv | gpgv2 | gpgv1"), a virtual
 * alternative is dropped (adduser: "debconf (>= 0.5) | debconf-2.0"), Pre-Depends does
 * not count (dash, bsdutils, libsystemd0, libpam-modules), IDs keep the epoch. 29 of
 * Trivy's 90 packages here; all 90 are checked for well-formed, sorted lists. */
static void test_depends_trivy(void **state)
{
	static const struct {
		const char *name, *id, *deps;
	} want[] = {
		{ "adduser", "adduser@3.116ubuntu1", "debconf@1.5.66 passwd@1:4.5-1ubuntu1" },
		{ "apt", "apt@1.6.3ubuntu0.1",
			"adduser@3.116ubuntu1 gpgv@2.2.4-1ubuntu1.1 libapt-pkg5.0@1.6.3ubuntu0.1 "
			"libc6@2.27-3ubuntu1 libgcc1@1:8-20180414-1ubuntu2 "
			"libgnutls30@3.5.18-1ubuntu1 libseccomp2@2.3.1-2.1ubuntu4 "
			"libstdc++6@8-20180414-1ubuntu2 ubuntu-keyring@2018.02.28" },
		{ "base-files", "base-files@10.1ubuntu2.2", "" },
		{ "base-passwd", "base-passwd@3.5.44",
			"libc6@2.27-3ubuntu1 libdebconfclient0@0.213ubuntu1" },
		{ "bash", "bash@4.4.18-2ubuntu1", "base-files@10.1ubuntu2.2 debianutils@4.8.4" },
		{ "bsdutils", "bsdutils@1:2.31.1-0.4ubuntu3.1", "" },
		{ "dash", "dash@0.5.8-2.10", "debianutils@4.8.4 dpkg@1.19.0.5ubuntu2" },
		{ "debconf", "debconf@1.5.66", "" },
		{ "dpkg", "dpkg@1.19.0.5ubuntu2", "tar@1.29b-2" },
		{ "fdisk", "fdisk@2.31.1-0.4ubuntu3.1",
			"libc6@2.27-3ubuntu1 libfdisk1@2.31.1-0.4ubuntu3.1 "
			"libmount1@2.31.1-0.4ubuntu3.1 libncursesw5@6.1-1ubuntu1.18.04 "
			"libsmartcols1@2.31.1-0.4ubuntu3.1 libtinfo5@6.1-1ubuntu1.18.04" },
		{ "gpgv", "gpgv@2.2.4-1ubuntu1.1",
			"libbz2-1.0@1.0.6-8.1 libc6@2.27-3ubuntu1 libgcrypt20@1.8.1-4ubuntu1.1 "
			"libgpg-error0@1.27-6 zlib1g@1:1.2.11.dfsg-0ubuntu2" },
		{ "libapt-pkg5.0", "libapt-pkg5.0@1.6.3ubuntu0.1",
			"libbz2-1.0@1.0.6-8.1 libc6@2.27-3ubuntu1 libgcc1@1:8-20180414-1ubuntu2 "
			"liblz4-1@0.0~r131-2ubuntu3 liblzma5@5.1.1alpha+20120614-2+b3 "
			"libstdc++6@8-20180414-1ubuntu2 libudev1@237-3ubuntu10.3 "
			"libzstd1@1.3.3+dfsg-2ubuntu1 zlib1g@1:1.2.11.dfsg-0ubuntu2" },
		{ "libc6", "libc6@2.27-3ubuntu1", "libgcc1@1:8-20180414-1ubuntu2" },
		{ "libgnutls30", "libgnutls30@3.5.18-1ubuntu1",
			"libc6@2.27-3ubuntu1 libgmp10@2:6.1.2+dfsg-2 libhogweed4@3.4-1 "
			"libidn2-0@2.0.4-1.1build2 libnettle6@3.4-1 libp11-kit0@0.23.9-2 "
			"libtasn1-6@4.13-2 libunistring2@0.9.9-0ubuntu1 "
			"zlib1g@1:1.2.11.dfsg-0ubuntu2" },
		{ "libpam-modules", "libpam-modules@1.1.8-3.6ubuntu2", "" },
		{ "libpam-modules-bin", "libpam-modules-bin@1.1.8-3.6ubuntu2",
			"libaudit1@1:2.8.2-1ubuntu1 libc6@2.27-3ubuntu1 libpam0g@1.1.8-3.6ubuntu2 "
			"libselinux1@2.7-2build2" },
		{ "libpam-runtime", "libpam-runtime@1.1.8-3.6ubuntu2",
			"debconf@1.5.66 libpam-modules@1.1.8-3.6ubuntu2" },
		{ "libpam0g", "libpam0g@1.1.8-3.6ubuntu2",
			"debconf@1.5.66 libaudit1@1:2.8.2-1ubuntu1 libc6@2.27-3ubuntu1" },
		{ "libprocps6", "libprocps6@2:3.3.12-3ubuntu1.1",
			"libc6@2.27-3ubuntu1 libsystemd0@237-3ubuntu10.3" },
		{ "libsemanage1", "libsemanage1@2.7-2build2",
			"libaudit1@1:2.8.2-1ubuntu1 libbz2-1.0@1.0.6-8.1 libc6@2.27-3ubuntu1 "
			"libselinux1@2.7-2build2 libsemanage-common@2.7-2build2 libsepol1@2.7-1" },
		{ "libstdc++6", "libstdc++6@8-20180414-1ubuntu2",
			"gcc-8-base@8-20180414-1ubuntu2 libc6@2.27-3ubuntu1 "
			"libgcc1@1:8-20180414-1ubuntu2" },
		{ "libsystemd0", "libsystemd0@237-3ubuntu10.3", "" },
		{ "mount", "mount@2.31.1-0.4ubuntu3.1", "util-linux@2.31.1-0.4ubuntu3.1" },
		{ "passwd", "passwd@1:4.5-1ubuntu1",
			"libaudit1@1:2.8.2-1ubuntu1 libc6@2.27-3ubuntu1 "
			"libpam-modules@1.1.8-3.6ubuntu2 libpam0g@1.1.8-3.6ubuntu2 "
			"libselinux1@2.7-2build2 libsemanage1@2.7-2build2" },
		{ "procps", "procps@2:3.3.12-3ubuntu1.1",
			"init-system-helpers@1.51 libc6@2.27-3ubuntu1 libncurses5@6.1-1ubuntu1.18.04 "
			"libncursesw5@6.1-1ubuntu1.18.04 libprocps6@2:3.3.12-3ubuntu1.1 "
			"libtinfo5@6.1-1ubuntu1.18.04 lsb-base@9.20170808ubuntu1" },
		{ "sysvinit-utils", "sysvinit-utils@2.88dsf-59.10ubuntu1",
			"init-system-helpers@1.51 libc6@2.27-3ubuntu1 util-linux@2.31.1-0.4ubuntu3.1" },
		{ "tar", "tar@1.29b-2", "" },
		{ "util-linux", "util-linux@2.31.1-0.4ubuntu3.1", "fdisk@2.31.1-0.4ubuntu3.1" },
		{ "zlib1g", "zlib1g@1:1.2.11.dfsg-0ubuntu2", "libc6@2.27-3ubuntu1" },
	};
	struct ks_ares a;
	uint8_t *d;
	size_t n, i, with = 0;

	(void)state;
	d = load("fixtures/pkgdb/dpkg/trivy-ubuntu1804-status", &n);
	assert_int_equal(run("var/lib/dpkg/status", d, n, &a), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(find(&a, want[i].name)->id, want[i].id);
		expect_deps(&a, want[i].name, want[i].deps);
	}
	/* every DependsOn entry is the ID of a package of the same file, sorted, unique */
	for (i = 0; i < a.npkgs; i++) {
		const struct ks_strv *dv = &a.pkgs[i].depends_on;
		size_t j, k;

		with += dv->n > 0;
		for (j = 0; j < dv->n; j++) {
			bool found = false;

			for (k = 0; k < a.npkgs && !found; k++)
				found = strcmp(a.pkgs[k].id, dv->v[j]) == 0;
			assert_true(found);
			assert_true(j == 0 || strcmp(dv->v[j - 1], dv->v[j]) < 0);
		}
	}
	assert_int_equal(with, 66); /* as many as Trivy's expectation lists with DependsOn */
	free(d);
}

/* Derived by hand from claircore's postgresql.status (Depends lines, installed packages):
 * postgresql-client-11 keeps only postgresql-client-common of its six dependencies, and
 * netbase, the only dependency of postgresql-client-common, is not installed. */
static void test_depends_real(void **state)
{
	struct ks_ares a;
	const char *sp;
	uint8_t *d;
	size_t n, sn, i;

	(void)state;
	d = load("fixtures/pkgdb/dpkg/claircore/postgresql.status", &n);
	assert_int_equal(run("var/lib/dpkg/status", d, n, &a), 0);
	expect_deps(&a, "postgresql-client", "postgresql-client-11@11.22-0+deb10u2");
	expect_deps(&a, "postgresql-client-11", "postgresql-client-common@200+deb10u5");
	expect_deps(&a, "postgresql-client-common", "");
	free(d);
	/* Trivy's "corrupsed" case expects no DependsOn at all: every dependency is missing
	 * (libpam-modules-bin is not libpam-modules; base-passwd, gcc-5-base, libc6 and
	 * debconf are absent) */
	d = load("fixtures/pkgdb/dpkg/trivy-analyzer-txtar/corrupsed.txtar", &n);
	assert_true(txtar_section((const char *)d, "var/lib/dpkg/status", &sp, &sn));
	assert_int_equal(run("var/lib/dpkg/status", sp, sn, &a), 0);
	assert_int_equal(a.npkgs, 4);
	for (i = 0; i < a.npkgs; i++)
		expect_deps(&a, a.pkgs[i].name, "");
	free(d);
}

/* The resolution rules on small status texts. */
static void test_depends_rules(void **state)
{
	struct ks_ares a;

	(void)state;
	/* alternatives, constraints, duplicates, a virtual name, an arch qualifier, a
	 * missing and a deinstalled package, a forward reference, stray spaces */
	assert_int_equal(run_s("Package: app\nVersion: 1.0\n"
			       "Depends: zlib (>= 1) | libz, libb (<< 9), libb (>= 2), "
			       "mta | postfix, python3:any, gone,  libc ( = 2 ) , , libc\n\n"
			       "Package: zlib\nVersion: 1:1.2-3\n\n"
			       "Package: libb\nVersion: 2\n\n"
			       "Package: postfix\nVersion: 3.5\nProvides: mta\n\n"
			       "Package: python3\nVersion: 3.11\n\n"
			       "Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n\n"
			       "Package: libc\nVersion: 2.36\n",
			 &a),
		0);
	expect_deps(&a, "app", "libb@2 libc@2.36 postfix@3.5 zlib@1:1.2-3");
	expect_deps(&a, "zlib", "");
	/* Pre-Depends, Recommends and a second Depends field do not count; the first does,
	 * continued over lines; a self-dependency stays */
	assert_int_equal(run_s("Package: a\nVersion: 1\nPre-Depends: b\nRecommends: c\n"
			       "Depends: d,\n e | a\nDepends: b\n\n"
			       "Package: b\nVersion: 1\n\nPackage: c\nVersion: 1\n\n"
			       "Package: d\nVersion: 0:4\n\nPackage: e\nVersion: 5\n",
			 &a),
		0);
	expect_deps(&a, "a", "a@1 d@0:4 e@5");
	assert_string_equal(find(&a, "d")->id, "d@0:4"); /* the ID keeps Version as written */
	/* a name resolves to the last stanza kept with that name; a stanza with the same ID
	 * replaces the earlier one, Depends included; invalid versions are not candidates */
	assert_int_equal(run_s("Package: x\nVersion: 1\nDepends: y\n\n"
			       "Package: y\nVersion: 1\n\nPackage: y\nVersion: 2\n\n"
			       "Package: y\nVersion: bad\n\n"
			       "Package: x\nVersion: 1\nDepends: z, y\n\n"
			       "Package: z\nVersion: 1\nDepends: x\n",
			 &a),
		0);
	assert_int_equal(a.npkgs, 4);
	expect_deps(&a, "x", "y@2 z@1");
	expect_deps(&a, "z", "x@1");
	/* names match exactly: case, and a name with its constraint glued on */
	assert_int_equal(run_s("Package: m\nVersion: 1\nDepends: N, n(>=1), o[amd64]\n\n"
			       "Package: n\nVersion: 1\n\nPackage: o\nVersion: 1\n",
			 &a),
		0);
	expect_deps(&a, "m", "n@1");
	/* a Depends made of separators only */
	assert_int_equal(run_s("Package: s\nVersion: 1\nDepends: ,|, |\n", &a), 0);
	expect_deps(&a, "s", "");
}

/* status.d: each stanza file resolves on its own, as Trivy parses each file apart. */
static void test_depends_status_d(void **state)
{
	static const char libssl[] = "Package: libssl3\nVersion: 3.0.15-1~deb12u1\n"
				     "Depends: libc6 (>= 2.34), libssl3\n";
	static const char both[] = "Package: libc6\nVersion: 2.36-9+deb12u1\n\n"
				   "Package: libssl3\nVersion: 3.0.15-1~deb12u1\n"
				   "Depends: libc6 (>= 2.34)\n";
	struct ks_ares a;

	(void)state;
	assert_int_equal(run("var/lib/dpkg/status.d/libssl3", libssl, sizeof(libssl) - 1, &a),
		0);
	expect_deps(&a, "libssl3", "libssl3@3.0.15-1~deb12u1");
	assert_int_equal(run("var/lib/dpkg/status.d/libs", both, sizeof(both) - 1, &a), 0);
	expect_deps(&a, "libssl3", "libc6@2.36-9+deb12u1");
}

/* A truncated or damaged database: what was dropped is no dependency target. */
static void test_depends_corrupt(void **state)
{
	struct ks_ares a;
	uint8_t *d, *c;
	size_t n;
	char *p;

	(void)state;
	d = load("fixtures/pkgdb/dpkg/trivy-ubuntu1804-status", &n);
	c = malloc(n);
	assert_non_null(c);
	/* libgcc1's Version line broken: the stanza is skipped with a warning and libc6,
	 * apt and libstdc++6 lose it */
	memcpy(c, d, n);
	p = strstr((char *)c, "Package: libgcc1\n");
	assert_non_null(p);
	p = strstr(p, "\nVersion: ");
	assert_non_null(p);
	p[1] = 'X';
	assert_int_equal(run("var/lib/dpkg/status", c, n, &a), 0);
	assert_int_equal(nwarns_with("without Package or Version"), 1);
	assert_null(find(&a, "libgcc1"));
	expect_deps(&a, "libc6", "");
	expect_deps(&a, "libstdc++6", "gcc-8-base@8-20180414-1ubuntu2 libc6@2.27-3ubuntu1");
	/* cut right after the first stanza (fdisk): nothing left to resolve against */
	p = strstr((char *)d, "\n\n");
	assert_non_null(p);
	assert_int_equal(run("var/lib/dpkg/status", d, (size_t)(p - (char *)d) + 1, &a), 0);
	assert_int_equal(a.npkgs, 1);
	expect_deps(&a, "fdisk", "");
	/* a control byte inside libc6's Depends: the whole stanza is malformed */
	memcpy(c, d, n);
	p = strstr((char *)c, "Package: libc6\n");
	assert_non_null(p);
	p = strstr(p, "\nDepends: ");
	assert_non_null(p);
	p[12] = '\x02';
	assert_int_equal(run("var/lib/dpkg/status", c, n, &a), 0);
	assert_int_equal(nwarns_with("malformed stanza"), 1);
	assert_null(find(&a, "libc6"));
	expect_deps(&a, "bzip2", "libbz2-1.0@1.0.6-8.1");
	free(c);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_valid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_txtar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_d, setup, teardown),
		cmocka_unit_test(test_wants),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depends_trivy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depends_real, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depends_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depends_status_d, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depends_corrupt, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
