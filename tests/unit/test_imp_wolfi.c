/*
 * test_imp_wolfi.c - the Wolfi advisory importer (lib/db/imp_wolfi.c) on the real
 * ../shared/feeds/wolfi/<package>.advisories.yaml (all 1278 files, and facts from chosen
 * ones), and on documents written here in the same format for the cases the real data lacks.
 */
#include "osvkit.h"

#include "db/osv_common.h"

#include <dirent.h>

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

/* Imports ../shared/feeds/wolfi/<pkg>.advisories.yaml as "wolfi/<pkg>.advisories.yaml". */
static void import_pkg(const char *pkg)
{
	char rel[256];
	size_t len;
	uint8_t *data;

	snprintf(rel, sizeof(rel), "feeds/wolfi/%s.advisories.yaml", pkg);
	data = tu_read(tu_shared(rel), &len);
	assert_true(ks_feed_wolfi.detect(rel + 6, data, len < 4096 ? len : 4096));
	assert_false(ks_feed_osv.detect(rel + 6, data, len < 4096 ? len : 4096));
	assert_int_equal(okit_import(&T, &ks_feed_wolfi, rel + 6, data, len), 0);
	free(data);
}

static void test_openssl(void **state)
{
	struct okit_row row;
	struct ks_vuln v;

	(void)state;
	import_pkg("openssl");
	assert_int_equal(T.records, 33);
	assert_int_equal(T.cx.nwarns, 0);
	okit_finish(&T);
	/* detection, then fixed */
	assert_int_equal(okit_rows(&T, "wolfi", "openssl", "CVE-2024-5535", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_FIXED);
	assert_string_equal(row.fixed, "3.3.1-r3");
	assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
					"[\"fixed\",\"3.3.1-r3\"]]}]}");
	assert_string_equal(row.vendor_ids, "[\"CGA-3mrr-589r-46qj\",\"GHSA-4fc7-mvrr-wv2c\"]");
	assert_string_equal(row.source, "wolfi");
	assert_string_equal(row.data_source, "{\"ID\":\"wolfi\",\"Name\":\"Wolfi Secdb\",\"URL\":"
					     "\"https://packages.wolfi.dev/os/security.json\"}");
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2024-5535", &v), 0);
	assert_true(okit_has(&v.aliases, "CGA-3mrr-589r-46qj"));
	assert_true(okit_has(&v.aliases, "GHSA-4fc7-mvrr-wv2c"));
	assert_int_equal(okit_rows(&T, "wolfi", "openssl", "CVE-2022-4203", &row, 1), 1);
	assert_string_equal(row.fixed, "3.1.0-r0");
}

static void test_statuses(void **state)
{
	struct okit_row row;

	(void)state;
	import_pkg("aactl");
	import_pkg("airflow");
	import_pkg("airflow-3");
	import_pkg("gitlab-cng-17.8");
	import_pkg("aws-efs-csi-driver");
	assert_int_equal(T.cx.nwarns, 0);
	okit_finish(&T);
	assert_int_equal(okit_rows(&T, "wolfi", "aactl", "CVE-2024-45341", &row, 1), 1);
	assert_string_equal(row.fixed, "0.4.12-r22");
	/* no CVE alias: the GHSA is the advisory's ID */
	assert_int_equal(okit_rows(&T, "wolfi", "aactl", "GHSA-9763-4f94-gfch", &row, 1), 1);
	assert_string_equal(row.fixed, "0.4.12-r7");
	assert_string_equal(row.vendor_ids, "[\"CGA-5r5j-pgg9-j2cq\"]");
	/* false-positive-determination */
	assert_int_equal(okit_rows(&T, "wolfi", "aactl", "CVE-2023-45283", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_NOT_AFFECTED);
	assert_string_equal(row.ranges, ks_imp_ranges_none);
	assert_string_equal(row.fixed, "");
	/* pending-upstream-fix */
	assert_int_equal(okit_rows(&T, "wolfi", "aactl", "CVE-2024-47534", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_AFFECTED);
	assert_string_equal(row.ranges, "{}");
	/* fix-not-planned */
	assert_int_equal(okit_rows(&T, "wolfi", "airflow", "CVE-2024-34069", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_WILL_NOT_FIX);
	assert_string_equal(row.ranges, "{}");
	/* detection only */
	assert_int_equal(okit_rows(&T, "wolfi", "airflow-3", "CVE-2024-49767", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_UNDER_INVESTIGATION);
	/* true-positive-determination */
	assert_int_equal(okit_rows(&T, "wolfi", "gitlab-cng-17.8", "GHSA-29qp-crvh-w22m", &row, 1),
		1);
	assert_int_equal(row.status, KS_ST_AFFECTED);
	/* the events are not in time order: the last one listed is "fixed", the latest a
	 * false-positive determination */
	assert_int_equal(okit_rows(&T, "wolfi", "aws-efs-csi-driver", "CVE-2024-9042", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_NOT_AFFECTED);
}

static void test_all_files(void **state)
{
	char dir[4096];
	struct dirent *de;
	DIR *d;
	size_t files = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s", tu_shared("feeds/wolfi/openssl.advisories.yaml"));
	*strrchr(dir, '/') = '\0';
	assert_non_null(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		char name[4400];
		size_t len;
		uint8_t *data;

		if (!ks_hassuffix(de->d_name, ".advisories.yaml"))
			continue;
		snprintf(name, sizeof(name), "%s/%s", dir, de->d_name);
		data = tu_read(name, &len);
		assert_int_equal(okit_import(&T, &ks_feed_wolfi, de->d_name, data, len), 0);
		free(data);
		files++;
	}
	closedir(d);
	assert_int_equal(files, 1278);
	/* 20770 advisories, one row per CVE alias (or per GHSA alias, or the CGA ID) */
	assert_int_equal(T.records, 20770);
	assert_int_equal(T.cx.nwarns, 0);
}

/* ---------------------------------------------------------------- written documents */

static void test_documents(void **state)
{
	struct okit_row row;

	(void)state;
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "wolfi/x.advisories.yaml",
		"schema-version: 2.0.2\n"
		"package:\n  name: x\n"
		"advisories:\n"
		"  - id: CGA-aaaa-aaaa-aaaa\n" /* offsets: 10:00+02:00 is before 09:00Z */
		"    aliases: [CVE-2099-0001, CVE-2099-0002, GHSA-aaaa-bbbb-cccc]\n"
		"    events:\n"
		"      - {timestamp: 2024-01-01T09:00:00Z, type: fixed, data: {fixed-version: 1.2-r0}}\n"
		"      - {timestamp: '2024-01-01T10:00:00+02:00', type: detection}\n"
		"  - id: CGA-bbbb-bbbb-bbbb\n" /* fractions order events within a second */
		"    events:\n"
		"      - {timestamp: 2024-01-01T09:00:00.5Z, type: fix-not-planned}\n"
		"      - {timestamp: 2024-01-01T09:00:00.25Z, type: detection}\n"
		"  - id: CGA-cccc-cccc-cccc\n"
		"    aliases: [CVE-2099-0003]\n"
		"    events:\n"
		"      - {timestamp: 2024-01-01T09:00:00Z, type: fixed, data: {fixed-version: \"0\"}}\n"
		"  - id: CGA-dddd-dddd-dddd\n"
		"    events:\n"
		"      - {timestamp: yesterday, type: fixed, data: {fixed-version: 1.0-r0}}\n"
		"  - id: CGA-eeee-eeee-eeee\n"
		"    events:\n"
		"      - {timestamp: 2024-01-01T09:00:00Z, type: exploded}\n"
		"  - id: CGA-ffff-ffff-ffff\n"
		"    events: []\n"
		"  - id: CGA-gggg-gggg-gggg\n"
		"    events:\n"
		"      - {timestamp: 2024-01-01T09:00:00Z, type: fixed}\n"
		"  - id: CGA-hhhh-hhhh-hhhh\n"
		"    events:\n"
		"      - {timestamp: 2024-01-01T09:00:00Z, type: fixed, data: {fixed-version: abc}}\n"
		"  - id: not an id\n"
		"    events: []\n"
		"  - just a string\n"),
		0);
	assert_true(okit_warned(&T.cx, "CGA-dddd-dddd-dddd: event 0 has a bad timestamp"));
	assert_true(okit_warned(&T.cx, "CGA-eeee-eeee-eeee: unknown event type 'exploded'"));
	assert_true(okit_warned(&T.cx, "CGA-ffff-ffff-ffff: no events"));
	assert_true(okit_warned(&T.cx, "CGA-gggg-gggg-gggg: fixed event without fixed-version"));
	assert_true(okit_warned(&T.cx, "CGA-hhhh-hhhh-hhhh: apk"));
	assert_true(okit_warned(&T.cx, "advisory 8: missing or bad id"));
	assert_true(okit_warned(&T.cx, "advisory 9: missing or bad id"));
	assert_int_equal(T.records, 4);
	/* Chainguard's advisories, named by their path */
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi,
				 "chainguard/enterprise-advisories/y.advisories.yaml",
				 "schema-version: '2'\npackage: {name: y}\nadvisories:\n"
				 "  - id: CGA-iiii-iiii-iiii\n    aliases: [CVE-2099-0004]\n"
				 "    events: [{timestamp: 2024-01-01T00:00:00Z, type: "
				 "pending-upstream-fix}]\n"),
		0);
	/* a package without advisories */
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "z.advisories.yaml",
				 "schema-version: 2.0.1\npackage: {name: z}\nadvisories:\n"),
		0);
	okit_finish(&T);
	assert_int_equal(okit_rows(&T, "wolfi", "x", "CVE-2099-0001", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_FIXED);
	assert_string_equal(row.fixed, "1.2-r0");
	assert_string_equal(row.vendor_ids, "[\"CGA-aaaa-aaaa-aaaa\",\"GHSA-aaaa-bbbb-cccc\"]");
	assert_int_equal(okit_rows(&T, "wolfi", "x", "CVE-2099-0002", &row, 1), 1);
	assert_int_equal(okit_rows(&T, "wolfi", "x", "CGA-bbbb-bbbb-bbbb", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_WILL_NOT_FIX);
	assert_string_equal(row.vendor_ids, "(null)");
	assert_int_equal(okit_rows(&T, "wolfi", "x", "CVE-2099-0003", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_NOT_AFFECTED);
	assert_int_equal(okit_rows(&T, "chainguard", "y", "CVE-2099-0004", &row, 1), 1);
	assert_int_equal(row.status, KS_ST_AFFECTED);
	assert_string_equal(row.source, "chainguard");
}

static void test_corrupt(void **state)
{
	size_t len, i;
	uint8_t *data = tu_read(tu_shared("feeds/wolfi/openssl.advisories.yaml"), &len), *flip;

	(void)state;
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "a.advisories.yaml",
				 "schema-version: 3.0.0\npackage: {name: a}\nadvisories: []\n"),
		KS_EUNSUPPORTED);
	assert_non_null(strstr(T.cx.err.msg, "wolfi: 'a.advisories.yaml': unsupported"));
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "a.advisories.yaml",
				 "package: {name: a}\nadvisories: []\n"),
		KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "a.advisories.yaml",
				 "schema-version: 2\npackage: {}\nadvisories: []\n"),
		KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "a.advisories.yaml",
				 "schema-version: 2\npackage: {name: a}\nadvisories: {}\n"),
		KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "a.advisories.yaml",
				 "schema-version: 2\npackage: {name: [a\n"),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "wolfi: 'a.advisories.yaml': line"));
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "a.advisories.yaml",
				 "schema-version: 2\np: &a {name: a}\npackage: *a\n"),
		KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_wolfi, "a.advisories.yaml", ""), KS_ECORRUPT);
	assert_int_equal(T.records, 0);
	/* the real file cut short, or with one byte changed: an error or warnings, no crash */
	for (i = 1; i < len; i += len / 16) {
		int r = okit_import(&T, &ks_feed_wolfi, "openssl.advisories.yaml", data, i);

		assert_true(r == 0 || r == KS_ECORRUPT);
	}
	flip = malloc(len);
	assert_non_null(flip);
	for (i = 0; i < len; i += 211) {
		int r;

		memcpy(flip, data, len);
		flip[i] = (uint8_t)(flip[i] ^ 0x09);
		r = okit_import(&T, &ks_feed_wolfi, "openssl.advisories.yaml", flip, len);
		assert_true(r == 0 || r == KS_ECORRUPT || r == KS_EUNSUPPORTED);
	}
	free(flip);
	free(data);
}

static void test_detect(void **state)
{
	static const char doc[] = "schema-version: 2.0.2\n\npackage:\n  name: a\n\nadvisories:\n";

	(void)state;
	assert_true(ks_feed_wolfi.detect("wolfi/a.advisories.yaml", (const uint8_t *)"", 0));
	assert_true(ks_feed_wolfi.detect("a.yaml", (const uint8_t *)doc, sizeof(doc) - 1));
	assert_false(ks_feed_wolfi.detect("rubysec/gems/a/CVE-1.yml",
		(const uint8_t *)"gem: a\ncve: 2020-1\n", 19));
	assert_false(ks_feed_alpine.detect("wolfi/a.advisories.yaml", (const uint8_t *)doc,
		sizeof(doc) - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_openssl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
