/*
 * test_os.c - OS identification analyzers (os-release, alpine, debian, ubuntu, redhat
 * family, amazon, mariner) and ks_os_pick(), against Trivy's own test expectations, the
 * release files of many distributions in ../shared and the OS that Trivy's integration
 * goldens report for real images.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/os_common.h"

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

/* Runs an analyzer (which must want path) on data[0..n). */
static int run(const struct ks_analyzer *an, const char *path, const void *data, size_t n,
	struct ks_ares *out)
{
	struct ks_file f = { path, data, n };

	memset(out, 0, sizeof(*out));
	assert_true(an->wants(path, strlen(path)));
	ks_err_clear(&cx.err);
	return an->parse(&cx, &f, out);
}

static int run_s(const struct ks_analyzer *an, const char *path, const char *text,
	struct ks_ares *out)
{
	return run(an, path, text, strlen(text), out);
}

/* Runs an analyzer on a file of ../shared. */
static int run_file(const struct ks_analyzer *an, const char *path, const char *rel,
	struct ks_ares *out)
{
	size_t n;
	uint8_t *d = tu_read(tu_shared(rel), &n);
	int r = run(an, path, d, n, out);

	free(d);
	return r;
}

static void expect_os(const struct ks_ares *a, const char *family, const char *name)
{
	if (family == NULL) {
		assert_null(a->os.family);
		return;
	}
	assert_non_null(a->os.family);
	assert_string_equal(a->os.family, family);
	assert_string_equal(a->os.name, name);
}

/* os-release files from Trivy's release analyzer tests, with Trivy's expected results
 * (release_test.go) and, for the Red Hat family IDs, the VERSION_ID of the file. */
static void test_os_release_trivy(void **state)
{
	static const struct {
		const char *file, *family, *name;
		int prio;
	} cases[] = {
		{ "alpine", "alpine", "3.15.4", KS_OS_PRIO_OSRELEASE },
		{ "opensuseleap-15.2.1", "opensuse-leap", "15.2.1", KS_OS_PRIO_OSRELEASE },
		{ "opensuseleap-42.3", "opensuse-leap", "42.3", KS_OS_PRIO_OSRELEASE },
		{ "opensusetumbleweed", "opensuse-tumbleweed", "20220412", KS_OS_PRIO_OSRELEASE },
		{ "sles", "sles", "15.3", KS_OS_PRIO_OSRELEASE },
		{ "slemicro", "slem", "5.3", KS_OS_PRIO_OSRELEASE },
		{ "slemicro6.0", "slem", "6.0", KS_OS_PRIO_OSRELEASE },
		{ "slemicro-rancher", "slem", "5.4", KS_OS_PRIO_OSRELEASE },
		{ "photon", "photon", "4.0", KS_OS_PRIO_OSRELEASE },
		{ "azurelinux-3.0", "azurelinux", "3.0", KS_OS_PRIO_OSRELEASE },
		{ "mariner-2.0", "cbl-mariner", "2.0", KS_OS_PRIO_OSRELEASE },
		{ "mariner-1.0", "cbl-mariner", "1.0", KS_OS_PRIO_OSRELEASE },
		{ "echo", "echo", "1", KS_OS_PRIO_OSRELEASE },
		{ "minimos", "minimos", "20241031", KS_OS_PRIO_OSRELEASE },
		{ "bottlerocket", "bottlerocket", "1.34.0", KS_OS_PRIO_OSRELEASE },
		{ "coreos", "coreos", "3.15.4", KS_OS_PRIO_OSRELEASE },
		{ "activestate", "activestate", "1.0", KS_OS_PRIO_OSRELEASE },
		{ "centos", "centos", "7", KS_OS_PRIO_OSRELEASE },
		{ "centos-stream", "centos", "8", KS_OS_PRIO_OSRELEASE },
		{ "rhel", "redhat", "9.4", KS_OS_PRIO_RHEL_OSREL },
		{ "rocky", "rocky", "9.3", KS_OS_PRIO_OSRELEASE },
		{ "alma", "alma", "9.4", KS_OS_PRIO_OSRELEASE },
		{ "fedora", "fedora", "42", KS_OS_PRIO_OSRELEASE },
		{ "oracle", "oracle", "8.10", KS_OS_PRIO_OSRELEASE },
		{ "unknown", NULL, NULL, 0 },
		{ "no-id", NULL, NULL, 0 },
		{ "no-version", NULL, NULL, 0 },
	};
	char rel[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ks_ares a;

		snprintf(rel, sizeof(rel), "fixtures/osrelease/trivy-os-release/%s", cases[i].file);
		assert_int_equal(run_file(&ks_analyzer_os_release, "etc/os-release", rel, &a), 0);
		expect_os(&a, cases[i].family, cases[i].name);
		if (cases[i].family != NULL)
			assert_int_equal(a.os.prio, cases[i].prio);
	}
}

/* Minimal txtar reader: the body of section "-- name --" (borrowed view). */
static bool txtar_section(const char *txt, const char *name, const char **p, size_t *n)
{
	char hdr[128];
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

/* claircore's os-release samples: Trivy only knows some IDs. */
static void test_os_release_claircore(void **state)
{
	static const struct {
		const char *file, *family, *name;
	} cases[] = {
		{ "Alpine", "alpine", "3.10.2" },
		{ "Bionic", NULL, NULL },
		{ "Buster", NULL, NULL },
		{ "DistrolessCorrupt", NULL, NULL },
		{ "DistrolessValid", NULL, NULL },
		{ "EmptyKey", "fedora", "30" },
		{ "OpenSUSe", "opensuse-leap", "15.1" },
		{ "Silverblue", "fedora", "30" },
		{ "Toolbox", "fedora", "30" },
		{ "Ubi8", "redhat", "8.0" },
		{ "Vyos", NULL, NULL },
	};
	char rel[256];
	size_t i, n, sn = 0;
	const char *sp = NULL;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ks_ares a;
		char *txt;

		snprintf(rel, sizeof(rel), "fixtures/osrelease/claircore-osrelease/%s.txtar",
			cases[i].file);
		txt = (char *)tu_read(tu_shared(rel), &n);
		assert_true(txtar_section(txt, "os-release", &sp, &sn));
		assert_int_equal(run(&ks_analyzer_os_release, "usr/lib/os-release", sp, sn, &a), 0);
		expect_os(&a, cases[i].family, cases[i].name);
		free(txt);
	}
}

/* Debian and Ubuntu os-release files name no OS: debian_version and lsb-release do. */
static void test_os_release_debian_ubuntu(void **state)
{
	static const char *const dirs[] = { "claircore-debian-dist/7", "claircore-debian-dist/12",
		"claircore-debian-distroless/9", "claircore-debian-distroless/11",
		"claircore-ubuntu-dist/11", "claircore-ubuntu-dist/22.04" };
	char rel[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct ks_ares a;

		snprintf(rel, sizeof(rel), "fixtures/osrelease/%s/etc/os-release", dirs[i]);
		assert_int_equal(run_file(&ks_analyzer_os_release, "etc/os-release", rel, &a), 0);
		assert_null(a.os.family);
	}
}

static void test_os_release_syntax(void **state)
{
	struct ks_ares a;
	char *big;

	(void)state;
	/* white space around keys and values, either quote, repeated quotes */
	assert_int_equal(run_s(&ks_analyzer_os_release, "etc/os-release",
				 "  ID = \"'wolfi'\" \nVERSION_ID=\t'20230201'\n", &a),
		0);
	expect_os(&a, "wolfi", "20230201");
	/* the first complete pair wins, later lines are not read */
	assert_int_equal(run_s(&ks_analyzer_os_release, "etc/os-release",
				 "VERSION_ID=1\nID=chainguard\nVERSION_ID=2\nID=alpine\n", &a),
		0);
	expect_os(&a, "chainguard", "1");
	/* an unknown ID after a known one resets the family */
	assert_int_equal(run_s(&ks_analyzer_os_release, "etc/os-release",
				 "ID=alpine\nID=debian\nVERSION_ID=3\n", &a),
		0);
	assert_null(a.os.family);
	/* CRLF line ends, no final newline */
	assert_int_equal(run_s(&ks_analyzer_os_release, "etc/os-release",
				 "ID=photon\r\nVERSION_ID=3.0\r", &a),
		0);
	expect_os(&a, "photon", "3.0");
	/* Unicode white space counts as white space (Go's strings.TrimSpace) */
	assert_int_equal(run_s(&ks_analyzer_os_release, "etc/os-release",
				 "ID\xe2\x80\x83=alpine\nVERSION_ID=\xc2\xa0" "3.19\xe3\x80\x80\n", &a),
		0);
	expect_os(&a, "alpine", "3.19");
	assert_int_equal(run_s(&ks_analyzer_os_mariner, "etc/mariner-release",
				 "\xc2\x85" "CBL-Mariner\xe1\x9a\x80" "2.0.1\xe2\x80\xa9\n", &a),
		0);
	expect_os(&a, "cbl-mariner", "2.0.1");
	/* ... but a broken UTF-8 sequence is not */
	assert_int_equal(run_s(&ks_analyzer_os_release, "etc/os-release",
				 "ID=alpine\nVERSION_ID=3.19\xe2\x80\n", &a),
		0);
	expect_os(&a, "alpine", "3.19\xe2\x80");
	/* empty and binary files name no OS */
	assert_int_equal(run_s(&ks_analyzer_os_release, "etc/os-release", "", &a), 0);
	assert_null(a.os.family);
	assert_int_equal(run(&ks_analyzer_os_release, "etc/os-release",
				 "\x7f" "ELF\x02\x01\x01\0\0=", 10, &a),
		0);
	assert_null(a.os.family);
	/* a NUL byte in the release cannot be reported */
	assert_int_equal(run(&ks_analyzer_os_release, "etc/os-release",
				 "ID=alpine\nVERSION_ID=3\0x\n", 25, &a),
		KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "NUL"));
	/* a line Go's scanner cannot read stops Trivy: reported as corrupt */
	big = malloc(70000);
	assert_non_null(big);
	memset(big, 'x', 70000);
	memcpy(big, "ID=alpine\n", 10);
	assert_int_equal(run(&ks_analyzer_os_release, "etc/os-release", big, 70000, &a),
		KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "line 2"));
	/* ... but a line of 65535 bytes is still fine */
	memcpy(big + 10 + 65535, "\nVERSION_ID=9\n", 14);
	assert_int_equal(run(&ks_analyzer_os_release, "etc/os-release", big, 10 + 65535 + 14, &a),
		0);
	expect_os(&a, "alpine", "9");
	free(big);
}

static void test_alpine_debian(void **state)
{
	struct ks_ares a;

	(void)state;
	assert_int_equal(run_s(&ks_analyzer_os_alpine, "etc/alpine-release", "3.9.4\n", &a), 0);
	expect_os(&a, "alpine", "3.9.4");
	assert_int_equal(a.os.prio, KS_OS_PRIO_RELEASE);
	/* the first line as written, without trimming */
	assert_int_equal(run_s(&ks_analyzer_os_alpine, "etc/alpine-release",
		"3.17_alpha20221110 \nx",
				 &a),
		0);
	expect_os(&a, "alpine", "3.17_alpha20221110 ");
	assert_int_equal(run_s(&ks_analyzer_os_alpine, "etc/alpine-release", "", &a), KS_ECORRUPT);

	assert_int_equal(run_file(&ks_analyzer_os_debian, "etc/debian_version",
				 "fixtures/osrelease/trivy-debian/debian_9/etc/debian_version", &a),
		0);
	expect_os(&a, "debian", "9.8");
	assert_int_equal(a.os.prio, KS_OS_PRIO_DEBIAN);
	assert_int_equal(run_file(&ks_analyzer_os_debian, "etc/debian_version",
				 "fixtures/osrelease/trivy-debian/debian_sid/etc/debian_version",
					&a),
		0);
	expect_os(&a, "debian", "buster/sid");
	assert_int_equal(run_file(&ks_analyzer_os_debian, "etc/debian_version",
				 "fixtures/osrelease/trivy-debian/empty", &a),
		KS_ECORRUPT);
}

static void test_ubuntu(void **state)
{
	struct ks_ares a;
	char rel[256];
	size_t i;
	static const char *const vers[] = { "10.04", "12.04", "14.04", "16.04", "18.04",
		"20.04", "20.10", "22.04", "23.10" };

	(void)state;
	assert_int_equal(run_file(&ks_analyzer_os_ubuntu, "etc/lsb-release",
				 "fixtures/osrelease/trivy-ubuntu/lsb-release", &a),
		0);
	expect_os(&a, "ubuntu", "18.04");
	assert_int_equal(a.os.prio, KS_OS_PRIO_RELEASE);
	for (i = 0; i < sizeof(vers) / sizeof(vers[0]); i++) {
		snprintf(rel, sizeof(rel),
			"fixtures/osrelease/claircore-ubuntu-dist/%s/etc/lsb-release",
			vers[i]);
		assert_int_equal(run_file(&ks_analyzer_os_ubuntu, "etc/lsb-release", rel, &a), 0);
		expect_os(&a, "ubuntu", vers[i]);
	}
	/* not Ubuntu: no result (Trivy: "unable to analyze OS information") */
	assert_int_equal(run_file(&ks_analyzer_os_ubuntu, "etc/lsb-release",
				 "fixtures/osrelease/trivy-ubuntu/invalid", &a),
		0);
	assert_null(a.os.family);
	assert_int_equal(run_s(&ks_analyzer_os_ubuntu, "etc/lsb-release",
				 "DISTRIB_ID=LinuxMint\nDISTRIB_RELEASE=21\n", &a),
		0);
	assert_null(a.os.family);
	/* DISTRIB_RELEASE must follow DISTRIB_ID=Ubuntu; the value is trimmed */
	assert_int_equal(run_s(&ks_analyzer_os_ubuntu, "etc/lsb-release",
				 "DISTRIB_RELEASE=1\nDISTRIB_ID=Ubuntu\nDISTRIB_RELEASE= 24.04 \n",
					&a),
		0);
	expect_os(&a, "ubuntu", "24.04");
	assert_int_equal(run_s(&ks_analyzer_os_ubuntu, "etc/lsb-release",
				 "DISTRIB_RELEASE=1\nDISTRIB_ID=Ubuntu\n", &a),
		KS_ECORRUPT);
}

/* Trivy's redhatbase test data, and real RHEL / Oracle release files from claircore. */
static void test_redhat_files(void **state)
{
	static const struct {
		const char *path, *rel, *family, *name;
		int prio;
	} cases[] = {
		{ "etc/almalinux-release", "trivy-redhatbase/alma/almalinux-release", "alma", "8.4",
			KS_OS_PRIO_RELEASE },
		{ "etc/centos-release", "trivy-redhatbase/centos/centos-release", "centos",
			"7.6.1810", KS_OS_PRIO_RELEASE },
		{ "etc/fedora-release", "trivy-redhatbase/fedora_29/fedora-release", "fedora", "29",
			KS_OS_PRIO_RELEASE },
		{ "usr/lib/fedora-release", "trivy-redhatbase/fedora_29/fedora-release", "fedora",
			"29", KS_OS_PRIO_RELEASE },
		{ "etc/oracle-release", "trivy-redhatbase/oracle_7/oracle-release", "oracle", "7.6",
			KS_OS_PRIO_RELEASE },
		{ "etc/redhat-release", "trivy-redhatbase/redhat_6/redhat-release", "redhat", "6.2",
			KS_OS_PRIO_RHEL },
		{ "etc/rocky-release", "trivy-redhatbase/rocky/rocky-release", "rocky", "8.4",
			KS_OS_PRIO_RELEASE },
		{ "etc/redhat-release", "claircore-rhel-releasefiles/7/etc/redhat-release",
			"redhat",
			"7.4", KS_OS_PRIO_RHEL },
		{ "etc/redhat-release", "claircore-rhel-releasefiles/9/etc/redhat-release",
			"redhat",
			"9.0", KS_OS_PRIO_RHEL },
		{ "etc/redhat-release",
			"claircore-rhel-releasefiles/atomichost-7/etc/redhat-release",
			"redhat", "7.9", KS_OS_PRIO_RHEL },
		{ "etc/oracle-release", "claircore-rhel-releasefiles/oracle-6/etc/oracle-release",
			"oracle", "6.10", KS_OS_PRIO_RELEASE },
		{ "etc/redhat-release", "claircore-rhel-releasefiles/oracle-8/etc/redhat-release",
			"redhat", "8.9", KS_OS_PRIO_RHEL },
		{ "etc/oracle-release", "claircore-rhel-releasefiles/oracle-9/etc/oracle-release",
			"oracle", "9.3", KS_OS_PRIO_RELEASE },
	};
	char rel[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ks_ares a;

		snprintf(rel, sizeof(rel), "fixtures/osrelease/%s", cases[i].rel);
		assert_int_equal(run_file(&ks_analyzer_os_redhat, cases[i].path, rel, &a), 0);
		expect_os(&a, cases[i].family, cases[i].name);
		assert_int_equal(a.os.prio, cases[i].prio);
	}
}

static void test_redhat_rules(void **state)
{
	static const struct {
		const char *path, *text, *family, *name;
		int rc;
	} cases[] = {
		/* redhat-release names the distribution; CentOS keeps a symlink to it */
		{ "etc/redhat-release", "CentOS Linux release 7.6.1810 (Core) \n", "centos",
			"7.6.1810", 0 },
		{ "etc/redhat-release", "Rocky Linux release 8.5 (Green Obsidian)\n", "rocky",
			"8.5",
			0 },
		{ "etc/redhat-release", "AlmaLinux release 8.5 (Arctic Sphynx)\n", "alma", "8.5",
			0 },
		{ "etc/redhat-release", "Fedora release 35 (Thirty Five)\n", "fedora", "35", 0 },
		{ "etc/redhat-release", "Oracle Linux Server release 8.0\n", "oracle", "8.0", 0 },
		{ "etc/redhat-release", "Red Hat Enterprise Linux Server release 7.7 (Maipo)\n",
			"redhat", "7.7", 0 },
		/* the last " release <digit>" splits name and version */
		{ "etc/redhat-release", "My release 1 release 2.3.4x\n", "redhat", "2.3.4", 0 },
		/* RHEL CoreOS maps to the RHEL release it is built on */
		{ "etc/redhat-release", "Red Hat Enterprise Linux CoreOS release 4.16", "redhat",
			"9.4",
			0 },
		{ "etc/redhat-release", "Red Hat Enterprise Linux CoreOS release 4.14.3", "redhat",
			"9.2", 0 },
		{ "etc/redhat-release", "Red Hat Enterprise Linux CoreOS release 4.12", "redhat",
			"8.6",
			0 },
		{ "etc/redhat-release", "Red Hat Enterprise Linux CoreOS release 4.7.24", "redhat",
			"8.4", 0 },
		{ "etc/redhat-release", "Red Hat Enterprise Linux CoreOS release 4.7.23", "redhat",
			"8.3", 0 },
		{ "etc/redhat-release", "Red Hat Enterprise Linux CoreOS release 2.3.0-12",
			"redhat",
			"8.2", 0 },
		{ "etc/redhat-release",
			"red hat enterprise linux coreos release 99999999999999999999",
			"redhat", "9.4", 0 },
		/* the first line decides in redhat-release and oracle-release */
		{ "etc/redhat-release", "garbage\nCentOS release 6\n", NULL, NULL, KS_ECORRUPT },
		{ "etc/oracle-release", "Whatever release 9.1\n", "oracle", "9.1", 0 },
		/* the specific files look for their own name, line by line */
		{ "etc/centos-release", "CentOS Stream release 8\n", NULL, NULL, 0 },
		{ "etc/centos-release", "Foo release 1\ncentos release 6.10\n", "centos", "6.10",
			0 },
		{ "etc/centos-release", "Foo release 1\n\nCentOS release 6\n", NULL, NULL,
			KS_ECORRUPT },
		{ "etc/rocky-release", "Rocky release 9\n", "rocky", "9", 0 },
		{ "etc/almalinux-release", "Alma Linux release 9.1\n", "alma", "9.1", 0 },
		{ "etc/fedora-release", "Fedora Linux release 40 (Forty)\n", "fedora", "40", 0 },
		{ "etc/fedora-release", "Generic release 40\n", NULL, NULL, 0 },
		{ "etc/rocky-release", "", NULL, NULL, KS_ECORRUPT },
		{ "etc/redhat-release", "release 8\n", NULL, NULL, KS_ECORRUPT },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ks_ares a;

		assert_int_equal(run_s(&ks_analyzer_os_redhat, cases[i].path, cases[i].text, &a),
			cases[i].rc);
		if (cases[i].rc == 0)
			expect_os(&a, cases[i].family, cases[i].name);
	}
	{
		struct ks_ares a;

		assert_int_equal(run_file(&ks_analyzer_os_redhat, "etc/redhat-release",
					 "fixtures/osrelease/trivy-redhatbase/not_redhatbase/empty",
					 &a),
			KS_ECORRUPT);
	}
}

/* Trivy's amazonlinux and mariner analyzer tests. */
static void test_amazon_mariner(void **state)
{
	struct ks_ares a;

	(void)state;
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "etc/system-release",
				 "Amazon Linux AMI release 2018.03", &a),
		0);
	expect_os(&a, "amazon", "AMI release 2018.03");
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "etc/system-release",
				 "Amazon Linux release 2 (Karoo)\n", &a),
		0);
	expect_os(&a, "amazon", "2 (Karoo)");
	assert_int_equal(a.os.prio, KS_OS_PRIO_RELEASE);
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "usr/lib/system-release",
				 "Amazon Linux release 2022 (Amazon Linux)", &a),
		0);
	expect_os(&a, "amazon", "2022 (Amazon Linux)");
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "usr/lib/system-release",
				 "Amazon Linux release 2023  (Amazon\tLinux)\n", &a),
		0);
	expect_os(&a, "amazon", "2023 (Amazon Linux)");
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "etc/system-release",
				 "Amazon Linux release 2", &a),
		KS_ECORRUPT);
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "etc/system-release", "foo bar", &a), 0);
	assert_null(a.os.family);
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "etc/system-release",
				 "Fedora release 35 (Thirty Five)\n", &a),
		0);
	assert_null(a.os.family);
	assert_int_equal(run_s(&ks_analyzer_os_amazon, "etc/system-release", "", &a),
		KS_ECORRUPT);

	assert_int_equal(run_s(&ks_analyzer_os_mariner, "etc/mariner-release",
				 "CBL-Mariner 1.0.20220122\nBUILD_NUMBER=1.0.20220122.2129\n", &a),
		0);
	expect_os(&a, "cbl-mariner", "1.0.20220122");
	assert_int_equal(a.os.prio, KS_OS_PRIO_MARINER);
	assert_int_equal(run_s(&ks_analyzer_os_mariner, "etc/mariner-release",
				 "BUILD_NUMBER=1\ncbl-mariner  2.0.20230426 \n", &a),
		0);
	expect_os(&a, "cbl-mariner", "2.0.20230426");
	assert_int_equal(run_s(&ks_analyzer_os_mariner, "etc/mariner-release",
				 "CBL-Mariner 1.0 extra\nfoo\n", &a),
		KS_ECORRUPT);
}

static void test_wants(void **state)
{
	static const struct {
		const struct ks_analyzer *an;
		const char *path;
		bool want;
	} cases[] = {
		{ &ks_analyzer_os_release, "etc/os-release", true },
		{ &ks_analyzer_os_release, "usr/lib/os-release", true },
		{ &ks_analyzer_os_release,
			"x86_64-bottlerocket-linux-gnu/sys-root/usr/lib/os-release",
			true },
		{ &ks_analyzer_os_release, "etc/os-release.d", false },
		{ &ks_analyzer_os_release, "tmp/etc/os-release", false },
		{ &ks_analyzer_os_alpine, "etc/alpine-release", true },
		{ &ks_analyzer_os_debian, "etc/debian_version", true },
		{ &ks_analyzer_os_ubuntu, "etc/lsb-release", true },
		{ &ks_analyzer_os_redhat, "etc/redhat-release", true },
		{ &ks_analyzer_os_redhat, "etc/centos-release", true },
		{ &ks_analyzer_os_redhat, "usr/lib/fedora-release", true },
		{ &ks_analyzer_os_redhat, "etc/system-release", false },
		{ &ks_analyzer_os_redhat, "etc/sl-release", false },
		{ &ks_analyzer_os_amazon, "etc/system-release", true },
		{ &ks_analyzer_os_amazon, "usr/lib/system-release", true },
		{ &ks_analyzer_os_mariner, "etc/mariner-release", true },
		{ &ks_analyzer_os_mariner, "etc/mariner-release~", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(cases[i].an->wants(cases[i].path, strlen(cases[i].path)),
			cases[i].want);
	/* the length bounds the path */
	assert_true(ks_analyzer_os_alpine.wants("etc/alpine-releaseXYZ", 18));
}

/* ---- choosing the image OS, checked against Trivy's integration goldens ---- */

/* Metadata.OS of a Trivy golden report. */
static void golden_os(const char *golden, char *family, char *name, size_t size)
{
	char rel[256];
	json_error_t je;
	json_t *root, *os;

	snprintf(rel, sizeof(rel), "fixtures/goldens/trivy/integration/%s", golden);
	root = json_load_file(tu_shared(rel), 0, &je);
	assert_non_null(root);
	os = json_object_get(json_object_get(root, "Metadata"), "OS");
	assert_non_null(os);
	snprintf(family, size, "%s", json_string_value(json_object_get(os, "Family")));
	snprintf(name, size, "%s", json_string_value(json_object_get(os, "Name")));
	json_decref(root);
}

/* One file of an image: which analyzer, its path and content. */
struct img_file {
	const struct ks_analyzer *an;
	const char *path, *text;
};

/* Runs the files through their analyzers (as files of one layer) and picks the OS. */
static const struct ks_os *pick(const struct img_file *files, size_t n, struct ks_ares *res)
{
	const struct ks_os *cands[8];
	size_t i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		int r = run_s(files[i].an, files[i].path, files[i].text, &res[i]);

		assert_true(r == 0);
		cands[i] = &res[i].os;
	}
	return ks_os_pick(cands, n);
}

static void expect_golden(const struct img_file *files, size_t n, const char *golden)
{
	struct ks_ares res[8];
	const struct ks_os *os;
	char family[64], name[64];
	size_t i;

	golden_os(golden, family, name, sizeof(family));
	os = pick(files, n, res);
	assert_non_null(os);
	assert_string_equal(os->family, family);
	assert_string_equal(os->name, name);
	/* the order of the files within a layer does not matter */
	for (i = 0; i < n / 2; i++) {
		struct img_file t = ((struct img_file *)files)[i];

		((struct img_file *)files)[i] = files[n - 1 - i];
		((struct img_file *)files)[n - 1 - i] = t;
	}
	os = pick(files, n, res);
	assert_non_null(os);
	assert_string_equal(os->family, family);
	assert_string_equal(os->name, name);
}

#define EXPECT_GOLDEN(golden, ...)                                                          \
	do {                                                                                \
		struct img_file fs[] = { __VA_ARGS__ };                                     \
		expect_golden(fs, sizeof(fs) / sizeof(fs[0]), golden);                      \
	} while (0)

static void test_pick_goldens(void **state)
{
	(void)state;
	EXPECT_GOLDEN("ubuntu-1804.json.golden",
		{ &ks_analyzer_os_debian, "etc/debian_version", "buster/sid\n" },
		{ &ks_analyzer_os_ubuntu, "etc/lsb-release",
			"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=18.04\nDISTRIB_CODENAME=bionic\n" },
		{ &ks_analyzer_os_release, "usr/lib/os-release",
			"NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"18.04\"\n" });
	EXPECT_GOLDEN("distroless-base.json.golden",
		{ &ks_analyzer_os_debian, "etc/debian_version", "9.9\n" },
		{ &ks_analyzer_os_release, "etc/os-release",
			"PRETTY_NAME=\"Distroless\"\nID=\"debian\"\nVERSION_ID=\"9\"\n" });
	EXPECT_GOLDEN("debian-buster.json.golden",
		{ &ks_analyzer_os_debian, "etc/debian_version", "10.1\n" },
		{ &ks_analyzer_os_release, "usr/lib/os-release",
			"ID=debian\nVERSION_ID=\"10\"\n" });
	EXPECT_GOLDEN("centos-7.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release", "ID=\"centos\"\nVERSION_ID=\"7\"\n" },
		{ &ks_analyzer_os_redhat, "etc/centos-release",
			"CentOS Linux release 7.6.1810 (Core) \n" },
		{ &ks_analyzer_os_amazon, "etc/system-release",
			"CentOS Linux release 7.6.1810 (Core) \n" });
	EXPECT_GOLDEN("oraclelinux-8.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release", "ID=\"ol\"\nVERSION_ID=\"8.0\"\n" },
		{ &ks_analyzer_os_redhat, "etc/oracle-release",
			"Oracle Linux Server release 8.0\n" },
		{ &ks_analyzer_os_redhat, "etc/redhat-release",
			"Red Hat Enterprise Linux release 8.0 (Ootpa)\n" });
	EXPECT_GOLDEN("ubi-7.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release", "ID=\"rhel\"\nVERSION_ID=\"7.7\"\n" },
		{ &ks_analyzer_os_redhat, "etc/redhat-release",
			"Red Hat Enterprise Linux Server release 7.7 (Maipo)\n" });
	EXPECT_GOLDEN("mariner-1.0.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release", "ID=mariner\nVERSION_ID=\"1.0\"\n" },
		{ &ks_analyzer_os_mariner, "etc/mariner-release",
			"CBL-Mariner 1.0.20220122\nBUILD_NUMBER=1.0.20220122.2129\n" });
	EXPECT_GOLDEN("amazon-2.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release", "ID=\"amzn\"\nVERSION_ID=\"2\"\n" },
		{ &ks_analyzer_os_amazon, "etc/system-release",
			"Amazon Linux release 2 (Karoo)\n" });
	EXPECT_GOLDEN("amazon-1.json.golden",
		{ &ks_analyzer_os_amazon, "etc/system-release",
			"Amazon Linux AMI release 2018.03\n" });
	EXPECT_GOLDEN("alpine-39.json.golden",
		{ &ks_analyzer_os_alpine, "etc/alpine-release", "3.9.4\n" },
		{ &ks_analyzer_os_release, "etc/os-release", "ID=alpine\nVERSION_ID=3.9.4\n" });
	EXPECT_GOLDEN("photon-30.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release", "ID=photon\nVERSION_ID=3.0\n" },
		{ &ks_analyzer_os_ubuntu, "etc/lsb-release",
			"DISTRIB_ID=\"VMware Photon OS\"\nDISTRIB_RELEASE=\"3.0\"\n" });
	EXPECT_GOLDEN("almalinux-8.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release",
			"ID=\"almalinux\"\nVERSION_ID=\"8.5\"\n" },
		{ &ks_analyzer_os_redhat, "etc/almalinux-release",
			"AlmaLinux release 8.5 (Arctic Sphynx)\n" },
		{ &ks_analyzer_os_redhat, "etc/redhat-release",
			"AlmaLinux release 8.5 (Arctic Sphynx)\n" });
	EXPECT_GOLDEN("rockylinux-8.json.golden",
		{ &ks_analyzer_os_release, "etc/os-release", "ID=\"rocky\"\nVERSION_ID=\"8.5\"\n" },
		{ &ks_analyzer_os_redhat, "etc/rocky-release",
			"Rocky Linux release 8.5 (Green Obsidian)\n" });
	EXPECT_GOLDEN("opensuse-leap-151.json.golden",
		{ &ks_analyzer_os_release, "usr/lib/os-release",
			"NAME=\"openSUSE Leap\"\nVERSION_ID=\"15.1\"\nID=\"opensuse-leap\"\n" });
	EXPECT_GOLDEN("sl-micro-rancher5.4.json.golden",
		{ &ks_analyzer_os_release, "usr/lib/os-release",
			"VERSION_ID=\"5.4\"\nID=\"sle-micro-rancher\"\n" });
}

static void test_pick_layers(void **state)
{
	struct ks_os deb1 = { "debian", "10.1", KS_OS_PRIO_DEBIAN, false };
	struct ks_os deb2 = { "debian", "10.2", KS_OS_PRIO_DEBIAN, false };
	struct ks_os alp1 = { "alpine", "3.20.3", KS_OS_PRIO_RELEASE, false };
	struct ks_os alp2 = { "alpine", "3.21.0", KS_OS_PRIO_RELEASE, false };
	struct ks_os rh = { "redhat", "8.9", KS_OS_PRIO_RHEL, false };
	struct ks_os rhos = { "redhat", "8.10", KS_OS_PRIO_RHEL_OSREL, false };
	struct ks_os none = { NULL, NULL, 0, false };
	const struct ks_os *c[4];

	(void)state;
	/* a weak family is replaced by later results (an upgraded base layer) ... */
	c[0] = &deb1;
	c[1] = &deb2;
	assert_ptr_equal(ks_os_pick(c, 2), &deb2);
	/* ... a strong one is not (Trivy's OS.Merge keeps the first) */
	c[0] = &alp1;
	c[1] = &alp2;
	assert_ptr_equal(ks_os_pick(c, 2), &alp1);
	c[0] = &deb1;
	c[1] = &alp2;
	c[2] = &deb2;
	assert_ptr_equal(ks_os_pick(c, 3), &alp2);
	/* between weak results the higher prio wins, whatever the order */
	c[0] = &rh;
	c[1] = &rhos;
	assert_ptr_equal(ks_os_pick(c, 2), &rh);
	c[0] = &rhos;
	c[1] = &rh;
	assert_ptr_equal(ks_os_pick(c, 2), &rh);
	/* empty results and NULL entries are ignored */
	c[0] = NULL;
	c[1] = &none;
	assert_null(ks_os_pick(c, 2));
	assert_null(ks_os_pick(c, 0));
	c[2] = &deb1;
	assert_ptr_equal(ks_os_pick(c, 3), &deb1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_os_release_trivy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_os_release_claircore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_os_release_debian_ubuntu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_os_release_syntax, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alpine_debian, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ubuntu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redhat_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redhat_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_amazon_mariner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pick_goldens, setup, teardown),
		cmocka_unit_test(test_pick_layers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
