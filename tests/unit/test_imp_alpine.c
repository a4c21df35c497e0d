/*
 * test_imp_alpine.c - the secdb importer (lib/db/imp_alpine.c) on every Alpine secdb file
 * under ../shared/feeds/alpine (v3.2-v3.21 and edge, main and community), on Wolfi and
 * Chainguard security.json samples written here in the upstream format (the real feeds are
 * not in ../shared), and on broken files.
 */
#include "osvkit.h"

#include "db/osv_common.h"

static struct okit T;

static int setup(void **state)
{
	(void)state;
	okit_begin(&T);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	okit_end(&T);
	return 0;
}

/* Imports ../shared/feeds/alpine/<branch>/<repo>.json as "alpine/<branch>/<repo>.json". */
static void import_branch(const char *branch, const char *repo)
{
	char rel[128];
	size_t len;
	uint8_t *data;

	snprintf(rel, sizeof(rel), "feeds/alpine/%s/%s.json", branch, repo);
	data = tu_read(tu_shared(rel), &len);
	assert_true(ks_feed_alpine.detect(rel, data, len < 4096 ? len : 4096));
	assert_false(ks_feed_osv.detect(rel, data, len < 4096 ? len : 4096));
	assert_int_equal(okit_import(&T, &ks_feed_alpine, rel + 6, data, len), 0);
	free(data);
}

static void test_openssl_branches(void **state)
{
	static const char *const branches[] = { "v3.12", "v3.13", "v3.14", "v3.15", "v3.16",
		"v3.17" };
	static const char *const ecos[] = { "alpine:3.12", "alpine:3.13", "alpine:3.14",
		"alpine:3.15", "alpine:3.16" };
	struct okit_row row;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(branches) / sizeof(branches[0]); i++)
		import_branch(branches[i], "main");
	okit_finish(&T);
	/* CVE-2022-0778 was fixed in openssl 1.1.1n-r0 on v3.12 to v3.16 */
	for (i = 0; i < sizeof(ecos) / sizeof(ecos[0]); i++) {
		assert_int_equal(okit_rows(&T, ecos[i], "openssl", "CVE-2022-0778", &row, 1), 1);
		assert_string_equal(row.fixed, "1.1.1n-r0");
		assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\","
						"\"0\"],[\"fixed\",\"1.1.1n-r0\"]]}]}");
		assert_int_equal(row.status, KS_ST_FIXED);
		assert_int_equal(row.severity, -1);
		assert_string_equal(row.source, "alpine");
		assert_string_equal(row.vendor_ids, "(null)");
		assert_string_equal(row.arches, "(null)");
		assert_string_equal(row.data_source, "{\"ID\":\"alpine\",\"Name\":\"Alpine Secdb\","
						     "\"URL\":\"https://secdb.alpinelinux.org/\"}");
	}
	/* v3.17 shipped openssl 3 */
	assert_int_equal(okit_rows(&T, "alpine:3.17", "openssl", "CVE-2022-0778", &row, 1), 1);
	assert_string_equal(row.fixed, "3.0.2-r0");
	assert_int_equal(okit_rows(&T, "alpine:3.11", "openssl", "CVE-2022-0778", NULL, 0), 0);
}

static void test_ids(void **state)
{
	struct okit_row row;
	struct ks_vuln v;

	(void)state;
	import_branch("v3.16", "main");
	import_branch("v3.12", "main");
	import_branch("v3.10", "main");
	import_branch("v3.17", "community");
	okit_finish(&T);
	/* "0": never affected; stored as not affected, with a range no version is in */
	assert_int_equal(okit_rows(&T, "alpine:3.16", "avahi", "CVE-2021-26720", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_NOT_AFFECTED);
	assert_string_equal(row.ranges, ks_imp_ranges_none);
	assert_string_equal(row.fixed, "");
	/* "CVE-2016-9932 XSA-200": the CVE, with the XSA as alias */
	assert_int_equal(okit_rows(&T, "alpine:3.12", "xen", "CVE-2016-9932", &row, 1), 1);
	assert_string_equal(row.fixed, "4.7.1-r3");
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2016-9932", &v), 0);
	assert_true(okit_has(&v.aliases, "XSA-200"));
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "XSA-200", &v), KS_ENOTFOUND);
	/* "CVE-2020-11740 CVE-2020-11741 XSA-313": two CVEs */
	assert_int_equal(okit_rows(&T, "alpine:3.12", "xen", "CVE-2020-11740", &row, 1), 1);
	assert_string_equal(row.fixed, "4.13.0-r3");
	assert_int_equal(okit_rows(&T, "alpine:3.12", "xen", "CVE-2020-11741", &row, 1), 1);
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2020-11741", &v), 0);
	assert_true(okit_has(&v.aliases, "XSA-313"));
	/* "XSA-207" alone is the advisory's ID */
	assert_int_equal(okit_rows(&T, "alpine:3.12", "xen", "XSA-207", &row, 1), 1);
	assert_string_equal(row.fixed, "4.7.1-r5");
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "XSA-207", &v), 0);
	/* a patch-name suffix: "CVE-2017-17434-1" */
	assert_int_equal(okit_rows(&T, "alpine:3.10", "rsync", "CVE-2017-17434", &row, 1), 1);
	assert_string_equal(row.fixed, "3.1.2-r7");
	/* an ID under several fixed versions of one package: the highest */
	assert_int_equal(okit_rows(&T, "alpine:3.12", "xen", "CVE-2021-28706", &row, 1), 1);
	assert_string_equal(row.fixed, "4.13.4-r3");
	assert_int_equal(okit_rows(&T, "alpine:3.17", "chromium", "CVE-2022-2163", &row, 1), 1);
	assert_string_equal(row.fixed, "103.0.5060.134-r0");
	assert_int_equal(T.cx.nwarns, 0);
}

static const char *const all_branches[] = { "v3.2", "v3.3", "v3.4", "v3.5", "v3.6", "v3.7",
	"v3.8", "v3.9", "v3.10", "v3.11", "v3.12", "v3.13", "v3.14", "v3.15", "v3.16", "v3.17",
	"v3.18", "v3.19", "v3.20", "v3.21", "edge" };

static void test_all_files(void **state)
{
	size_t i, files = 0;
	struct okit_row row;

	(void)state;
	for (i = 0; i < sizeof(all_branches) / sizeof(all_branches[0]); i++) {
		import_branch(all_branches[i], "main");
		files++;
		if (strcmp(all_branches[i], "v3.2") == 0)
			continue; /* v3.2 had no community repository */
		import_branch(all_branches[i], "community");
		files++;
	}
	assert_int_equal(files, 41);
	/* 85009 (package, ID) advisories; edge, v3.19, v3.20 and v3.21 name "CVE-46838" for
	 * linux-lts, which is no ID: one warning each, the rest imports */
	assert_int_equal(T.records, 85009);
	assert_int_equal(T.cx.nwarns, 4);
	assert_true(okit_warned(&T.cx, "alpine: 'alpine/edge/main.json': linux-lts: no "
				       "vulnerability ID in 'CVE-46838'"));
	okit_finish(&T);
	assert_int_equal(okit_rows(&T, "alpine:edge", "openssl", "CVE-2022-0778", &row, 1), 1);
	assert_true(okit_rows(&T, "alpine:3.2", "openssl", NULL, NULL, 0) > 0);
	assert_int_equal(okit_rows(&T, "alpine:3.9", "openssl", "CVE-2019-1549", &row, 1), 1);
	assert_string_equal(row.fixed, "1.1.1d-r0");
}

/* ---------------------------------------------------------------- Wolfi / Chainguard */

static const char wolfi_secdb[] =
	"{\n"
	"  \"apkurl\": \"{{urlprefix}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk\",\n"
	"  \"archs\": [\"x86_64\", \"aarch64\"],\n"
	"  \"reponame\": \"os\",\n"
	"  \"urlprefix\": \"https://packages.wolfi.dev\",\n"
	"  \"packages\": [\n"
	"    {\"pkg\": {\"name\": \"binutils\", \"secfixes\": {\n"
	"      \"2.39-r1\": [\"CVE-2022-38126\"], \"2.39-r2\": [\"CVE-2022-38533\"]}}},\n"
	"    {\"pkg\": {\"name\": \"coreutils\", \"secfixes\": {\"0\": [\"CVE-2016-2781\"]}}},\n"
	"    {\"pkg\": {\"name\": \"py3-jinja2\", \"secfixes\": {\n"
	"      \"3.1.5-r0\": [\"CVE-2024-56201\", \"GHSA-gmj6-6f8f-6699\"]}}}\n"
	"  ]\n"
	"}\n";

static void test_wolfi_chainguard(void **state)
{
	char cg[sizeof(wolfi_secdb) + 64];
	struct okit_row row;
	char *p;

	(void)state;
	assert_true(ks_feed_alpine.detect("security.json", (const uint8_t *)wolfi_secdb,
		sizeof(wolfi_secdb) - 1));
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "os/security.json", wolfi_secdb), 0);
	/* Chainguard's feed differs only in its repository */
	snprintf(cg, sizeof(cg), "%s", wolfi_secdb);
	p = strstr(cg, "\"os\"");
	memcpy(p, "\"xx\"", 4);
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "chainguard/security.json", cg), 0);
	assert_int_equal(T.records, 10); /* 5 per feed */
	okit_finish(&T);
	assert_int_equal(okit_rows(&T, "wolfi", "binutils", "CVE-2022-38533", &row, 1), 1);
	assert_string_equal(row.fixed, "2.39-r2");
	assert_string_equal(row.source, "wolfi");
	assert_string_equal(row.data_source, "{\"ID\":\"wolfi\",\"Name\":\"Wolfi Secdb\",\"URL\":"
					     "\"https://packages.wolfi.dev/os/security.json\"}");
	assert_int_equal(okit_rows(&T, "wolfi", "coreutils", "CVE-2016-2781", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_NOT_AFFECTED);
	/* separate list entries are separate advisories, whatever their kind of ID (Trivy
	 * keeps only the CVEs; the matcher can join a GHSA to its CVE through aliases) */
	assert_int_equal(okit_rows(&T, "wolfi", "py3-jinja2", "CVE-2024-56201", &row, 1), 1);
	assert_int_equal(okit_rows(&T, "wolfi", "py3-jinja2", "GHSA-gmj6-6f8f-6699", &row, 1), 1);
	assert_int_equal(okit_rows(&T, "chainguard", "binutils", "CVE-2022-38126", &row, 1), 1);
	assert_string_equal(row.source, "chainguard");
	assert_string_equal(row.data_source, "{\"ID\":\"chainguard\",\"Name\":\"Chainguard Secdb\","
					     "\"URL\":\"https://packages.cgr.dev/chainguard/"
					     "security.json\"}");
}

/* ---------------------------------------------------------------- bad input */

static void test_bad_elements(void **state)
{
	struct okit_row row;

	(void)state;
	/* malformed elements are skipped with a warning; the rest imports */
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "alpine/v3.99/main.json",
		"{\"distroversion\":\"v3.99\",\"packages\":["
		"{\"pkg\":5},"
		"{\"pkg\":{\"name\":\"a\",\"secfixes\":{\"abc\":[\"CVE-2099-0001\"]}}},"
		"{\"pkg\":{\"name\":\"b\",\"secfixes\":{\"1.0-r0\":\"CVE-2099-0002\"}}},"
		"{\"pkg\":{\"name\":\"c\",\"secfixes\":{\"1.0-r0\":[7,\"N/A\",\"CVE-2099-0003\"]}}},"
		"{\"pkg\":{\"name\":\"d\",\"secfixes\":{\"1.0-r0\":[\"CVE-2099-0004\"]},\"x\":[1]}},"
		"{\"pkg\":{\"name\":\"e\",\"secfixes\":null}},"
		"{\"pkg\":{\"name\":\"f\",\"secfixes\":{\"1.0-r0\":[\"\\ud800\"]}}}"
		"]}"),
		0);
	assert_true(okit_warned(&T.cx, "package 0: no pkg.name"));
	assert_true(okit_warned(&T.cx, "a: apk: 'abc': version does not start with a digit"));
	assert_true(okit_warned(&T.cx, "b: fixes of '1.0-r0' are not a list"));
	assert_true(okit_warned(&T.cx, "c: an ID of '1.0-r0' is not a string"));
	assert_true(okit_warned(&T.cx, "c: no vulnerability ID in 'N/A'"));
	assert_true(okit_warned(&T.cx, "package 6:"));
	assert_int_equal(T.records, 2);
	okit_finish(&T);
	assert_int_equal(okit_rows(&T, "alpine:3.99", "c", "CVE-2099-0003", &row, 1), 1);
	assert_int_equal(okit_rows(&T, "alpine:3.99", "d", "CVE-2099-0004", &row, 1), 1);
}

static void test_corrupt(void **state)
{
	size_t len, i;
	uint8_t *data = tu_read(tu_shared("feeds/alpine/v3.2/main.json"), &len), *flip;
	struct okit_row row;
	uint64_t before;

	(void)state;
	/* a truncated file imports nothing */
	assert_int_equal(okit_import(&T, &ks_feed_alpine, "alpine/v3.2/main.json", data, len / 2),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "alpine: 'alpine/v3.2/main.json'"));
	assert_int_equal(T.records, 0);
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "a.json", "[]"), KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "a.json", "{\"packages\":[]} x"),
		KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "a.json", "{\"packages\":{}}"),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "no \"packages\" array"));
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "a.json", "{\"packages\":[1,]}"),
		KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "a.json",
				 "{\"distroversion\":\"v3/../x\",\"packages\":[]}"),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "bad distroversion"));
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "a.json", ""), KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_alpine, "a.json", "{\"packages\":[[[[["),
		KS_ECORRUPT);
	/* single-byte corruptions: an error, or an import with warnings; never a crash */
	flip = malloc(len);
	assert_non_null(flip);
	before = T.records;
	for (i = 0; i < len; i += 97) {
		int r;

		memcpy(flip, data, len);
		flip[i] = (uint8_t)(flip[i] ^ 0x22);
		r = okit_import(&T, &ks_feed_alpine, "alpine/v3.2/main.json", flip, len);
		assert_true(r == 0 || r == KS_ECORRUPT);
	}
	assert_true(T.records > before);
	free(flip);
	free(data);
	okit_finish(&T);
	assert_true(okit_rows(&T, "alpine:3.2", "openssl", NULL, &row, 1) >= 1);
}

static void test_detect(void **state)
{
	static const char osv[] = "{\"id\":\"GHSA-1\",\"affected\":[],\"modified\":\"x\"}";
	static const char nvd[] = "{\"CVE_data_type\":\"CVE\",\"CVE_Items\":[]}";

	(void)state;
	assert_false(ks_feed_alpine.detect("osv/x.json", (const uint8_t *)osv, sizeof(osv) - 1));
	assert_false(ks_feed_alpine.detect("nvd.json", (const uint8_t *)nvd, sizeof(nvd) - 1));
	assert_false(ks_feed_alpine.detect("x.json", (const uint8_t *)"", 0));
	assert_true(ks_feed_alpine.detect("x.json", (const uint8_t *)" {\"secfixes\"", 13));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_openssl_branches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wolfi_chainguard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_elements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
