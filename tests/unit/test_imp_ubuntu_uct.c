/*
 * test_imp_ubuntu_uct.c - the Ubuntu CVE Tracker importer on members of the real tarball
 * ../shared/feeds/ubuntu/uct/uct-active-retired-2024-02-16.tar.xz picked by name (the
 * whole tarball, 46,773 files, is imported by bench/; its 439,127 rows match an
 * independent count), and on broken files. Per-file row counts were computed
 * independently with a script from the same rules.
 */
#include "imp_testkit.h"
#include "util/str.h"

extern const struct ks_feed ks_feed_ubuntu_uct;

#define FEED (&ks_feed_ubuntu_uct)
#define TARBALL "feeds/ubuntu/uct/uct-active-retired-2024-02-16.tar.xz"

static const char *const picked[] = { "active/CVE-2023-4863", "active/CVE-2023-50782",
	"active/CVE-2022-0778", "active/CVE-2021-29154", "active/CVE-2016-4021",
	"active/10autotriage.linux", "ubuntu-cve-tracker/README" };

struct pick {
	struct itk *t;
	int imported, undetected;
};

static bool wants(void *ud, const char *name)
{
	size_t i;

	(void)ud;
	for (i = 0; i < sizeof(picked) / sizeof(picked[0]); i++)
		if (ks_hassuffix(name, picked[i]))
			return true;
	return false;
}

static int import_member(void *ud, const char *name, const uint8_t *p, size_t n)
{
	struct pick *pk = ud;
	char path[512];

	/* named as the import driver names tar members */
	snprintf(path, sizeof(path), "ubuntu/uct/uct-active-retired-2024-02-16.tar.xz/%s", name);
	if (!FEED->detect(path, p, n < 4096 ? n : 4096)) {
		pk->undetected++;
		return 0;
	}
	assert_int_equal(itk_import(pk->t, FEED, path, p, n), 0);
	pk->imported++;
	return 0;
}

static void test_real_members(void **state)
{
	struct itk t;
	struct itk_adv a;
	struct ks_vsev s = { 0 };
	struct ks_vuln v;
	struct pick pk = { &t, 0, 0 };

	(void)state;
	tu_shared(TARBALL);
	itk_begin(&t);
	assert_int_equal(itk_tar_each(tu_shared(TARBALL), wants, import_member, &pk), 0);
	/* README and the kernel triage notes are not CVE files */
	assert_int_equal(pk.imported, 5);
	assert_int_equal(pk.undetected, 2);
	/* CVE-2016-4021: "precise_pgpdump: released (0.27-1+deb7u1build0.12.04.1,
	 * 0.28-1+deb8u1)" names two versions */
	assert_int_equal(t.cx.nwarns, 1);
	assert_non_null(strstr(t.cx.warns[0], "CVE-2016-4021': line 24"));
	itk_finish(&t);
	assert_int_equal(t.records, 21 + 17 + 16 + 94 + 5);
	assert_int_equal(itk_count(&t), 21 + 17 + 16 + 94 + 5);

	/* CVE-2023-4863 across releases: released with versions, ignored (end of standard
	 * support) is end_of_life, not-affected and DNE lines write nothing */
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "libwebp", "CVE-2023-4863", "ubuntu_uct", &a),
		1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.fixed, "1.2.2-2ubuntu0.22.04.2");
	assert_string_equal(a.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
				      "[\"fixed\",\"1.2.2-2ubuntu0.22.04.2\"]]}]}");
	assert_int_equal(a.severity, KS_SEV_MEDIUM);
	assert_string_equal(a.data_source,
		"{\"ID\":\"ubuntu\",\"Name\":\"Ubuntu CVE Tracker\","
		"\"URL\":\"https://git.launchpad.net/ubuntu-cve-tracker\"}");
	assert_int_equal(itk_adv(&t, "ubuntu:20.04", "libwebp", "CVE-2023-4863", NULL, &a), 1);
	assert_string_equal(a.fixed, "0.6.1-2ubuntu0.20.04.3");
	assert_int_equal(itk_adv(&t, "ubuntu:23.10", "thunderbird", "CVE-2023-4863", NULL, &a), 1);
	assert_string_equal(a.fixed, "1:115.2.3+build1-0ubuntu1");
	assert_int_equal(itk_adv(&t, "ubuntu:14.04", "libwebp", "CVE-2023-4863", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_END_OF_LIFE);
	assert_string_equal(a.ranges, "{}");
	assert_string_equal(a.fixed, "");
	assert_int_equal(itk_adv(&t, "ubuntu:14.04-ESM", "libwebp", "CVE-2023-4863", NULL, &a), 0);
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "firefox", "CVE-2023-4863", NULL, &a), 0);
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "chromium-browser", "CVE-2023-4863", NULL, &a),
		0);
	/* the NVD CVSS the tracker copies, the Priority as the "ubuntu" severity */
	assert_true(itk_sev(&t, "CVE-2023-4863", "nvd", &s));
	assert_string_equal(s.v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H");
	assert_true(s.v3_score > 8.79 && s.v3_score < 8.81);
	assert_int_equal(s.severity, KS_SEV_HIGH);
	assert_true(itk_sev(&t, "CVE-2023-4863", "ubuntu", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);
	assert_int_equal(ks_db_vuln(t.db, &t.cx, "CVE-2023-4863", &v), 0);
	assert_string_equal(v.description,
		"Heap buffer overflow in libwebp in Google Chrome prior to 116.0.5845.187 and "
		"libwebp 1.3.2 allowed a remote attacker to perform an out of bounds memory write "
		"via a crafted HTML page. (Chromium security severity: Critical)");
	assert_int_equal(v.refs.n, 9);

	/* CVE-2023-50782: needed, deferred, the ESM stream Trivy maps, "ignored (end of life,
	 * was deferred [...])", and needs-triage / DNE / not-affected writing nothing */
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "nodejs", "CVE-2023-50782", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_string_equal(a.ranges, "{}");
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "python-cryptography", "CVE-2023-50782", NULL,
				 &a),
		1);
	assert_int_equal(a.status, KS_ST_FIX_DEFERRED);
	assert_int_equal(itk_adv(&t, "ubuntu:16.04-ESM", "python-cryptography", "CVE-2023-50782",
				 NULL, &a),
		1);
	assert_int_equal(a.status, KS_ST_FIX_DEFERRED);
	assert_int_equal(itk_adv(&t, "ubuntu:23.04", "python-cryptography", "CVE-2023-50782", NULL,
				 &a),
		1);
	assert_int_equal(a.status, KS_ST_END_OF_LIFE);
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "openssl", "CVE-2023-50782", NULL, &a), 0);
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "openssl1.0", "CVE-2023-50782", NULL, &a), 0);
	assert_int_equal(itk_adv(&t, "ubuntu:20.04", "nodejs", "CVE-2023-50782", NULL, &a), 0);

	/* per-package and per-release priorities */
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "openssl", "CVE-2022-0778", NULL, &a), 1);
	assert_string_equal(a.fixed, "3.0.2-0ubuntu1");
	assert_int_equal(a.severity, KS_SEV_HIGH);
	assert_int_equal(itk_adv(&t, "ubuntu:14.04-ESM", "openssl", "CVE-2022-0778", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.0.1f-1ubuntu2.27+esm5");
	assert_int_equal(itk_adv(&t, "ubuntu:21.10", "edk2", "CVE-2022-0778", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_END_OF_LIFE);
	assert_int_equal(a.severity, KS_SEV_LOW);
	assert_int_equal(itk_adv(&t, "ubuntu:14.04-ESM", "linux", "CVE-2021-29154", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_int_equal(a.severity, KS_SEV_MEDIUM);
	assert_int_equal(itk_adv(&t, "ubuntu:14.04", "linux", "CVE-2021-29154", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_END_OF_LIFE);
	assert_int_equal(a.severity, KS_SEV_HIGH);
	itk_end(&t);
}

/* A file written for the test: odd lines are skipped with a warning, the rest imports. */
static void test_bad_lines(void **state)
{
	static const char file[] =
		"Candidate: CVE-2099-1234\n"
		"PublicDate: 2099-01-01 00:00:00 UTC\n"
		"References:\n"
		" https://example.org/a\n"
		" https://example.org/b\n"
		"Description:\n"
		" first line\n"
		" second line\n"
		"Priority: untriaged\n"
		"CVSS:\n"
		" nvd: CVSS:3.1/AV:N/AC:L [eleven HIGH]\n"
		"# a comment\n"
		"this is not a field\n"
		"\n"
		"Patches_foo:\n"
		" upstream: https://example.org/fix\n"
		"upstream_foo: released (1.0)\n"
		"jammy_foo: released (1.0-1ubuntu1)\n"
		"focal_foo: frobbed\n"
		"bionic_foo: released\n"
		"xenial_foo: ignored (superseded by foo2)\n"
		"trusty_foo: pending (1.0-1ubuntu0.1)\n"
		"esm-apps/jammy_foo: released (1.0-1ubuntu1+esm1)\n"
		"noble_foo: not-affected (1.0-2\n"
		"oracular_foo: needs-triage\n";
	struct itk t;
	struct itk_adv a;
	struct ks_vuln v;
	struct ks_vsev s;

	(void)state;
	itk_begin(&t);
	assert_true(FEED->detect("x.txt", (const uint8_t *)file, sizeof(file) - 1));
	assert_int_equal(itk_import(&t, FEED, "active/CVE-2099-1234", file, sizeof(file) - 1), 0);
	/* the CVSS line, the line without a colon, the unknown status, released without a
	 * version */
	assert_int_equal(t.cx.nwarns, 4);
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 3);
	assert_int_equal(itk_adv(&t, "ubuntu:22.04", "foo", "CVE-2099-1234", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.0-1ubuntu1");
	assert_int_equal(a.severity, KS_SEV_UNKNOWN);
	assert_int_equal(itk_adv(&t, "ubuntu:16.04", "foo", "CVE-2099-1234", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_WILL_NOT_FIX);
	assert_int_equal(itk_adv(&t, "ubuntu:14.04", "foo", "CVE-2099-1234", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_int_equal(ks_db_vuln(t.db, &t.cx, "CVE-2099-1234", &v), 0);
	assert_string_equal(v.description, "first line second line");
	assert_int_equal(v.refs.n, 2);
	assert_false(itk_sev(&t, "CVE-2099-1234", "nvd", &s));
	assert_true(itk_sev(&t, "CVE-2099-1234", "ubuntu", &s));
	assert_int_equal(s.severity, KS_SEV_UNKNOWN);
	itk_end(&t);
}

static void test_corrupt(void **state)
{
#define BAD(s) { s, sizeof(s) - 1 }
	static const struct {
		const char *p;
		size_t n;
	} bad[] = {
		BAD(""),
		BAD("PublicDate: 2020-01-01\nPriority: low\njammy_foo: needed\n"),
		BAD("Candidate: not an id\njammy_foo: needed\n"),
		BAD("Candidate: CVE-2020-1234\n\0jammy_foo: needed\n"),
		BAD("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
	};
#undef BAD
	struct itk t;
	size_t i;

	(void)state;
	itk_begin(&t);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = itk_import(&t, FEED, "uct.tar.xz/active/CVE-2020-1234", bad[i].p, bad[i].n);

		assert_int_equal(r, KS_ECORRUPT);
		assert_non_null(strstr(t.cx.err.msg, "uct.tar.xz/active/CVE-2020-1234"));
	}
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 0);
	itk_end(&t);
}

static void test_detect(void **state)
{
	(void)state;
	assert_true(FEED->detect("ubuntu/uct/x.tar.xz/ubuntu-cve-tracker/active/CVE-2021-3156",
		(const uint8_t *)"x", 1));
	assert_true(FEED->detect("retired/CVE-2014-0160", NULL, 0));
	assert_false(FEED->detect("ubuntu-cve-tracker/active/10autotriage.linux",
		(const uint8_t *)"# CVE-2010-0711\n", 16));
	assert_false(FEED->detect("debian/tracker/DSA/list", NULL, 0));
	assert_false(FEED->detect("CVE-2021-3156.json", (const uint8_t *)"{}", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_real_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
