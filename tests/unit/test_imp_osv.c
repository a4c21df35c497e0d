/*
 * test_imp_osv.c - the OSV importer (lib/db/imp_osv.c) on osv.dev's real exports under
 * ../shared/feeds/osv (whole zips where they are small: Maven, npm, Ubuntu, AlmaLinux:10;
 * chosen members of the large Go, PyPI, crates.io and AlmaLinux:8 zips), on Trivy's
 * fixture DB converted to OSV (all 46 zips), and on small records written here in the OSV
 * format for what the real data lacks (each ecosystem string, native expressions, broken
 * ranges, YAML).
 */
#include "osvkit.h"

#include "db/osv_common.h"

static struct okit T;

/* Imports every member of a zip under the name "<zip>/<member>". */
struct zctx {
	struct okit *t;
	const char *zip;
	int errors;
};

static int import_member(void *ud, const char *name, const uint8_t *p, size_t n)
{
	struct zctx *z = ud;
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", z->zip, name);
	assert_true(ks_feed_osv.detect(path, p, n < 4096 ? n : 4096));
	if (okit_import(z->t, &ks_feed_osv, path, p, n) != 0)
		z->errors++;
	return 0;
}

static size_t import_zip(struct okit *t, const char *rel, bool (*want)(const char *name))
{
	struct zctx z = { t, rel, 0 };
	size_t n = okit_zip_each(tu_shared(rel), want, import_member, &z);

	assert_int_equal(z.errors, 0);
	return n;
}

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

/* ---------------------------------------------------------------- real exports */

static void test_maven_log4j(void **state)
{
	struct okit_row row;
	struct ks_vuln v;
	struct ks_vsev sev;

	(void)state;
	assert_int_equal(import_zip(&T, "feeds/osv/Maven/all.zip", NULL), 4);
	okit_finish(&T);
	okit_one(&T, "maven", "org.apache.logging.log4j:log4j-core", "CVE-2021-44228", &row);
	assert_int_equal(okit_rows(&T, "maven", "org.apache.logging.log4j:log4j-core",
				 "CVE-2021-44228", NULL, 0), 1);
	/* the real record's three ranges, in its order */
	assert_string_equal(row.ranges,
		"{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"2.13.0\"],[\"fixed\",\"2.15.0\"]]},"
		"{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"2.3.1\"]]},"
		"{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"2.4\"],[\"fixed\",\"2.12.2\"]]}]}");
	assert_string_equal(row.fixed, "2.15.0, 2.3.1, 2.12.2");
	assert_string_equal(row.source, "ghsa");
	assert_int_equal(row.status, KS_ST_FIXED);
	assert_string_equal(row.vendor_ids, "[\"GHSA-jfh8-c2jp-5v3q\"]");
	assert_string_equal(row.data_source,
		"{\"ID\":\"ghsa\",\"Name\":\"GitHub Security Advisory Maven\",\"URL\":"
		"\"https://github.com/advisories?query=type%3Areviewed+ecosystem%3Amaven\"}");
	assert_true(okit_sev(&T, "CVE-2021-44228", "ghsa", &sev));
	assert_int_equal(sev.severity, KS_SEV_CRITICAL);
	assert_string_equal(sev.v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
	assert_true(sev.v3_score < 0);
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2021-44228", &v), 0);
	assert_string_equal(v.title, "Remote code injection in Log4j");
	assert_string_equal(v.published, "2021-12-10T00:40:56Z");
	assert_true(okit_has(&v.cwe, "CWE-502"));
	assert_true(okit_has(&v.aliases, "GHSA-jfh8-c2jp-5v3q"));
	assert_true(okit_has(&v.refs, "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"));
	/* the GHSA ID has the same details and severity */
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "GHSA-jfh8-c2jp-5v3q", &v), 0);
	assert_string_equal(v.title, "Remote code injection in Log4j");
	assert_true(okit_has(&v.aliases, "CVE-2021-44228"));
	assert_true(okit_sev(&T, "GHSA-jfh8-c2jp-5v3q", "ghsa", &sev));
	/* the other log4j record and Spring4Shell (two ranges per package merged) */
	okit_one(&T, "maven", "org.apache.logging.log4j:log4j-core", "CVE-2021-45046", &row);
	assert_string_equal(row.fixed, "2.16.0, 2.12.2");
	okit_one(&T, "maven", "org.springframework:spring-beans", "CVE-2022-22965", &row);
	assert_string_equal(row.fixed, "5.2.20.RELEASE, 5.3.18");
	okit_one(&T, "maven", "org.springframework.boot:spring-boot-starter-web",
		"CVE-2022-22965", &row);
	assert_string_equal(row.fixed, "2.5.12, 2.6.6");
	/* 4 records: log4j 1 + 1, text4shell 1, spring4shell 5 packages */
	assert_int_equal(T.records, 8);
	assert_int_equal(T.cx.nwarns, 0);
}

static void test_npm(void **state)
{
	struct okit_row row;
	struct ks_vsev sev;

	(void)state;
	assert_int_equal(import_zip(&T, "feeds/osv/npm/all.zip", NULL), 4);
	okit_finish(&T);
	okit_one(&T, "npm", "lodash", "CVE-2021-23337", &row);
	assert_string_equal(row.fixed, "4.17.21");
	assert_string_equal(row.vendor_ids, "[\"GHSA-35jh-r3h4-6jhm\"]");
	assert_string_equal(row.data_source,
		"{\"ID\":\"ghsa\",\"Name\":\"GitHub Security Advisory npm\",\"URL\":"
		"\"https://github.com/advisories?query=type%3Areviewed+ecosystem%3Anpm\"}");
	okit_one(&T, "npm", "lodash-es", "CVE-2021-23337", &row);
	okit_one(&T, "npm", "minimist", "CVE-2020-7598", &row);
	assert_string_equal(row.ranges,
		"{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"0.2.1\"]]},"
		"{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"1.0.0\"],[\"fixed\",\"1.2.3\"]]}]}");
	/* GHSA's MODERATE is Trivy's MEDIUM */
	assert_true(okit_sev(&T, "CVE-2020-7598", "ghsa", &sev));
	assert_int_equal(sev.severity, KS_SEV_MEDIUM);
	assert_true(okit_sev(&T, "CVE-2021-44906", "ghsa", &sev));
	assert_int_equal(sev.severity, KS_SEV_CRITICAL);
}

static bool alma8_member(const char *name)
{
	return strcmp(name, "ALSA-2022:1065.json") == 0 || strcmp(name, "ALBA-2019:0973.json") == 0 ||
		strcmp(name, "ALBA-2019:3693.json") == 0;
}

static void test_alma(void **state)
{
	struct okit_row row;
	struct ks_vuln v;
	struct ks_vsev sev;
	uint64_t before;

	(void)state;
	assert_int_equal(import_zip(&T, "feeds/osv/AlmaLinux:8/all.zip", alma8_member), 3);
	before = T.records;
	/* the whole AlmaLinux 10 export: 660 records */
	assert_int_equal(import_zip(&T, "feeds/osv/AlmaLinux:10/all.zip", NULL), 660);
	assert_true(T.records - before > 30000);
	okit_finish(&T);
	/* ALSA-2022:1065 names CVE-2022-0778 only in related: found under the CVE */
	okit_one(&T, "alma:8", "openssl-libs", "CVE-2022-0778", &row);
	assert_string_equal(row.fixed, "1:1.1.1k-6.el8_5");
	assert_string_equal(row.vendor_ids, "[\"ALSA-2022:1065\"]");
	assert_string_equal(row.source, "alma");
	assert_string_equal(row.data_source, "{\"ID\":\"alma\",\"Name\":\"AlmaLinux Product Errata\","
					     "\"URL\":\"https://errata.almalinux.org/\"}");
	okit_one(&T, "alma:8", "openssl-perl", "CVE-2022-0778", &row);
	/* "Important:" in the summary is the erratum's severity */
	assert_true(okit_sev(&T, "CVE-2022-0778", "alma", &sev));
	assert_int_equal(sev.severity, KS_SEV_HIGH);
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2022-0778", &v), 0);
	assert_true(okit_has(&v.aliases, "ALSA-2022:1065"));
	assert_null(v.description); /* the erratum text is not the CVE's description */
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "ALSA-2022:1065", &v), 0);
	assert_string_equal(v.title, "Important: openssl security update");
	/* a bug-fix erratum without CVEs is not a security advisory */
	assert_int_equal(okit_rows(&T, "alma:8", "oci-umount", NULL, NULL, 0), 0);
	/* ... one that names a CVE is */
	assert_true(okit_rows(&T, "alma:8", "python3-requests", "CVE-2018-18074", NULL, 0) +
			okit_rows(&T, "alma:8", "python-requests", "CVE-2018-18074", NULL, 0) >
		0);
	/* AlmaLinux 10 */
	okit_one(&T, "alma:10", "openssl-libs", "CVE-2025-9230", &row);
	assert_string_equal(row.fixed, "1:3.5.1-4.el10_1.alma.1");
	assert_string_equal(row.vendor_ids, "[\"ALSA-2025:21248\"]");
	assert_true(okit_sev(&T, "CVE-2025-9230", "alma", &sev));
	assert_int_equal(T.cx.nwarns, 0);
}

static void test_ubuntu(void **state)
{
	struct okit_row row;
	struct ks_vsev sev;

	(void)state;
	assert_int_equal(import_zip(&T, "feeds/osv/Ubuntu/all.zip", NULL), 1);
	okit_finish(&T);
	okit_one(&T, "ubuntu:22.04", "xz-utils", "CVE-2024-3094", &row);
	/* versions[] below the fix are inside the range and dropped */
	assert_string_equal(row.ranges,
		"{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"5.2.5-2ubuntu1\"]]}]}");
	assert_string_equal(row.fixed, "5.2.5-2ubuntu1");
	assert_int_equal(row.severity, KS_SEV_CRITICAL); /* ubuntu_priority */
	assert_string_equal(row.vendor_ids, "[\"UBUNTU-CVE-2024-3094\"]");
	assert_string_equal(row.source, "ubuntu");
	okit_one(&T, "ubuntu:20.04", "xz-utils", "CVE-2024-3094", &row);
	assert_string_equal(row.fixed, "5.2.4-1ubuntu1.1");
	okit_one(&T, "ubuntu:24.04", "xz-utils", "CVE-2024-3094", &row);
	assert_string_equal(row.fixed, "5.4.5-0.3");
	assert_true(okit_sev(&T, "CVE-2024-3094", "ubuntu", &sev));
	assert_int_equal(sev.severity, KS_SEV_CRITICAL);
	assert_string_equal(sev.v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
}

static bool go_member(const char *name)
{
	return strcmp(name, "GO-2023-1574.json") == 0 || strcmp(name, "GO-2022-0617.json") == 0;
}

static void test_go(void **state)
{
	struct okit_row row;

	(void)state;
	assert_int_equal(import_zip(&T, "feeds/osv/Go/all.zip", go_member), 2);
	okit_finish(&T);
	okit_one(&T, "go", "github.com/containerd/containerd", "CVE-2023-25173", &row);
	assert_string_equal(row.ranges,
		"{\"r\":[{\"t\":\"SEMVER\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"1.5.18\"],"
		"[\"introduced\",\"1.6.0\"],[\"fixed\",\"1.6.18\"]]}]}");
	assert_string_equal(row.fixed, "1.5.18, 1.6.18");
	assert_string_equal(row.source, "govulndb");
	assert_string_equal(row.vendor_ids, "[\"GHSA-hmfx-3pcx-653p\",\"GO-2023-1574\"]");
	assert_string_equal(row.data_source,
		"{\"ID\":\"govulndb\",\"Name\":\"The Go Vulnerability Database\",\"URL\":"
		"\"https://github.com/golang/vulndb\"}");
	/* related CVEs of a language record are not its IDs */
	assert_int_equal(okit_rows(&T, "go", "github.com/containerd/containerd", "CVE-2022-2989",
				 NULL, 0), 0);
	/* GO-2022-0617 is withdrawn */
	assert_int_equal(okit_rows(&T, "go", "k8s.io/kubernetes", NULL, NULL, 0), 0);
	assert_int_equal(T.records, 1);
}

static bool pypi_member(const char *name)
{
	return strcmp(name, "PYSEC-2020-341.json") == 0 || strcmp(name, "PYSEC-2019-125.json") == 0;
}

static void test_pypi(void **state)
{
	struct okit_row row;

	(void)state;
	assert_int_equal(import_zip(&T, "feeds/osv/PyPI/all.zip", pypi_member), 2);
	/* PYSEC-2019-125 has a fixed version "2019-09-12" that is not PEP 440 */
	assert_true(okit_warned(&T.cx, "PYSEC-2019-125"));
	assert_true(okit_warned(&T.cx, "not a valid PEP 440 version"));
	okit_finish(&T);
	/* "jw.util" is stored under its PEP 503 name; of the 37 listed versions only the one
	 * that is no PEP 440 version is not inside the range */
	okit_one(&T, "pypi", "jw-util", "CVE-2020-13388", &row);
	assert_string_equal(row.ranges,
		"{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"2.3\"]]}],"
		"\"v\":[\"-class.-jw.util.version.Version-\"]}");
	assert_string_equal(row.vendor_ids, "[\"GHSA-h72c-w3q3-55qq\",\"PYSEC-2020-341\"]");
	assert_string_equal(row.data_source,
		"{\"ID\":\"osv\",\"Name\":\"Python Packaging Advisory Database\",\"URL\":"
		"\"https://github.com/pypa/advisory-db\"}");
	assert_int_equal(T.records, 1);
}

static bool crates_member(const char *name)
{
	return strcmp(name, "RUSTSEC-2024-0445.json") == 0;
}

static void test_crates(void **state)
{
	struct okit_row row;
	struct ks_vsev sev;

	(void)state;
	assert_int_equal(import_zip(&T, "feeds/osv/crates.io/all.zip", crates_member), 1);
	okit_finish(&T);
	okit_one(&T, "cargo", "cap-primitives", "CVE-2024-51756", &row);
	assert_string_equal(row.ranges,
		"{\"r\":[{\"t\":\"SEMVER\",\"e\":[[\"introduced\",\"0.0.0-0\"],[\"fixed\",\"3.4.1\"]]}]}");
	assert_true(okit_sev(&T, "CVE-2024-51756", "osv", &sev));
	assert_string_equal(sev.v40_vector,
		"CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N");
	assert_null(sev.v3_vector);
	assert_int_equal(sev.severity, -1);
}

/* ---------------------------------------------------------------- Trivy's fixture DB */

static const char *const fixture_dirs[] = { "AlmaLinux", "AlmaLinux:8", "Alpine", "Alpine:edge",
	"Alpine:v3.10", "Alpine:v3.9", "Amazon Linux", "Amazon Linux:1", "Amazon Linux:2",
	"Azure Linux", "Azure Linux:1", "CocoaPods", "ConanCenter", "Debian", "Debian:10",
	"Debian:9", "Go", "Hex", "Kubernetes", "Maven", "NuGet", "Oracle Linux", "Oracle Linux:8",
	"Packagist", "Photon OS", "Photon OS:3.0", "Pub", "PyPI", "Red Hat",
	"Red Hat:enterprise_linux:6::server", "Red Hat:enterprise_linux:7::server", "Rocky Linux",
	"Rocky Linux:8", "RubyGems", "SUSE", "SUSE:Linux Enterprise 15 SP3",
	"SUSE:Linux Enterprise Micro 5.3", "SwiftURL", "Ubuntu", "Ubuntu:18.04:LTS",
	"Ubuntu:22.04:LTS", "crates.io", "npm", "openSUSE", "openSUSE:Leap 15.1",
	"openSUSE:Tumbleweed" };

static void import_fixture(struct okit *t)
{
	char rel[256];
	size_t i, n = 0;

	for (i = 0; i < sizeof(fixture_dirs) / sizeof(fixture_dirs[0]); i++) {
		snprintf(rel, sizeof(rel), "fixtures/trivy-fixture-db/osv/%s/all.zip", fixture_dirs[i]);
		n += import_zip(t, rel, NULL);
	}
	assert_int_equal(n, 99);
	assert_int_equal(t->cx.nwarns, 0);
}

static void test_fixture_alpine(void **state)
{
	struct okit_row row;
	struct ks_vuln v;
	struct ks_vsev sev;

	(void)state;
	import_fixture(&T);
	okit_finish(&T);
	okit_one(&T, "alpine:3.9", "openssl", "CVE-2019-1549", &row);
	assert_string_equal(row.ranges,
		"{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"1.1.1d-r0\"]]}]}");
	assert_string_equal(row.fixed, "1.1.1d-r0");
	assert_int_equal(row.status, KS_ST_FIXED);
	assert_string_equal(row.source, "alpine");
	assert_string_equal(row.vendor_ids, "(null)");
	assert_string_equal(row.data_source, "{\"ID\":\"alpine\",\"Name\":\"Alpine Secdb\","
					     "\"URL\":\"https://secdb.alpinelinux.org/\"}");
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2019-1549", &v), 0);
	assert_int_equal(v.severity, KS_SEV_MEDIUM);
	assert_true(okit_has(&v.cwe, "CWE-330"));
	assert_int_equal(v.nsevs, 6);
	assert_true(okit_sev(&T, "CVE-2019-1549", "nvd", &sev));
	assert_int_equal(sev.severity, KS_SEV_MEDIUM);
	assert_string_equal(sev.v2_vector, "AV:N/AC:L/Au:N/C:P/I:N/A:N");
	assert_true(sev.v2_score == 5.0);
	assert_string_equal(sev.v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N");
	assert_true(sev.v3_score == 5.3);
	assert_true(okit_sev(&T, "CVE-2019-1549", "redhat", &sev));
	assert_int_equal(sev.severity, KS_SEV_LOW);
	assert_string_equal(sev.v3_vector, "CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N");
	assert_true(sev.v3_score == 4.8);
	assert_null(sev.v2_vector);
	assert_true(okit_sev(&T, "CVE-2019-1549", "ubuntu", &sev));
	assert_int_equal(sev.severity, KS_SEV_LOW);
	assert_true(okit_sev(&T, "CVE-2019-1549", "oracle-oval", &sev));
	assert_true(okit_sev(&T, "CVE-2019-1549", "photon", &sev));
	assert_true(okit_sev(&T, "CVE-2019-1549", "amazon", &sev));
	/* the record is in Alpine, Alpine:v3.9 and Alpine:v3.10: the copies are identical
	 * (okit_one checks), for 3.10 too */
	okit_one(&T, "alpine:3.10", "openssl", "CVE-2019-1549", &row);
	okit_one(&T, "alpine:3.9", "openssl", "CVE-2019-1551", &row);
	assert_string_equal(row.fixed, "1.1.1d-r2");
	okit_one(&T, "alpine:3.9", "musl", "CVE-2019-14697", &row);
	assert_string_equal(row.fixed, "1.1.20-r5");
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2019-14697", &v), 0);
	assert_int_equal(v.severity, KS_SEV_CRITICAL);
	assert_true(okit_sev(&T, "CVE-2019-14697", "nvd", &sev));
	assert_true(sev.v3_score == 9.8);
	/* Alpine edge: no data source in the fixture */
	okit_one(&T, "alpine:edge", "git", "CVE-2022-24765", &row);
	assert_string_equal(row.data_source, "(null)");
	assert_string_equal(row.fixed, "2.35.2-r0");
}

static void test_fixture_os(void **state)
{
	struct okit_row row;
	struct ks_vuln v;

	(void)state;
	import_fixture(&T);
	okit_finish(&T);
	/* Red Hat: release eco and CPE eco; "0:" is not printed; the RHSA is a vendor ID */
	okit_one(&T, "redhat:6", "openssl", "CVE-2019-1559", &row);
	assert_string_equal(row.fixed, "1.0.1e-58.el6_10");
	assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
					"[\"fixed\",\"0:1.0.1e-58.el6_10\"]]}]}");
	assert_string_equal(row.vendor_ids, "[\"RHSA-2019:2471\"]");
	assert_int_equal(row.severity, KS_SEV_MEDIUM);
	assert_string_equal(row.source, "redhat");
	assert_string_equal(row.data_source, "(null)");
	okit_one(&T, "redhat-cpe:enterprise_linux:6::server", "openssl", "CVE-2019-1559", &row);
	assert_string_equal(row.fixed, "1.0.1e-58.el6_10");
	okit_one(&T, "redhat:7", "openssl-libs", "CVE-2019-1559", &row);
	assert_string_equal(row.fixed, "1:1.0.2k-19.el7");
	okit_one(&T, "redhat:7", "bash", "CVE-2019-18276", &row);
	assert_int_equal(row.status, KS_ST_WILL_NOT_FIX);
	assert_string_equal(row.arches, "[\"x86_64\"]");
	assert_int_equal(row.severity, KS_SEV_LOW);
	assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"]]}]}");
	okit_one(&T, "redhat:6", "glibc", "CVE-2020-29573", &row);
	assert_int_equal(row.status, KS_ST_END_OF_LIFE);
	/* Debian: unknown status, DSA vendor IDs */
	okit_one(&T, "debian:9", "openssl", "CVE-2019-1551", &row);
	assert_int_equal(row.status, KS_ST_UNKNOWN);
	assert_string_equal(row.fixed, "");
	okit_one(&T, "debian:9", "openssl", "CVE-2019-1563", &row);
	assert_string_equal(row.vendor_ids, "[\"DSA-4539-1\"]");
	okit_one(&T, "debian:9", "bash", "CVE-2019-18276", &row);
	assert_int_equal(row.status, KS_ST_END_OF_LIFE);
	okit_one(&T, "debian:10", "bash", "CVE-2019-18276", &row);
	assert_int_equal(row.status, KS_ST_UNKNOWN);
	assert_int_equal(row.severity, KS_SEV_LOW);
	/* Ubuntu, Rocky (arches, vendor IDs), Oracle, Amazon (epoch 99 kept), Photon, Mariner */
	okit_one(&T, "ubuntu:18.04", "e2fsprogs", "CVE-2019-5094", &row);
	assert_string_equal(row.fixed, "1.44.1-1ubuntu1.2");
	okit_one(&T, "rocky:8", "openssl-libs", "CVE-2021-3712", &row);
	assert_string_equal(row.arches, "[\"x86_64\"]");
	assert_string_equal(row.vendor_ids, "[\"RLSA-2021:4647\"]");
	okit_one(&T, "alma:8", "openssl-libs", "CVE-2021-3712", &row);
	assert_string_equal(row.fixed, "1:1.1.1k-5.el8_5");
	okit_one(&T, "oracle:8", "curl", "CVE-2019-5436", &row);
	assert_string_equal(row.arches, "[\"x86_64\",\"aarch64\"]");
	assert_string_equal(row.fixed, "7.61.1-12.el8");
	assert_string_equal(row.source, "oracle-oval");
	okit_one(&T, "amazon:2", "bind-export-libs", "CVE-2022-38177", &row);
	assert_string_equal(row.fixed, "99:9.11.4-26.P2.amzn2.13");
	okit_one(&T, "amazon:1", "curl", "CVE-2019-5481", &row);
	assert_string_equal(row.fixed, "7.61.1-12.93.amzn1");
	okit_one(&T, "photon:3.0", "bash", "CVE-2019-18276", &row);
	assert_string_equal(row.fixed, "4.4.18-2.ph3");
	okit_one(&T, "cbl-mariner:1.0", "vim", "CVE-2022-0158", &row);
	assert_string_equal(row.fixed, "8.2.4082-1.cm1");
	assert_string_equal(row.source, "cbl-mariner");
	okit_one(&T, "cbl-mariner:1.0", "vim", "CVE-2022-0261", &row);
	assert_int_equal(row.status, KS_ST_UNKNOWN);
	/* SUSE */
	okit_one(&T, "sles:15.3", "libopenssl1_1", "SUSE-SU-2022:2251-1", &row);
	assert_string_equal(row.fixed, "1.1.1d-150200.11.48.1");
	okit_one(&T, "slem:5.3", "libopenssl1_1", "SUSE-SU-2023:0311-1", &row);
	okit_one(&T, "opensuse-leap:15.1", "openssl-1_1", "openSUSE-SU-2020:0062-1", &row);
	assert_string_equal(row.source, "suse-cvrf");
	okit_one(&T, "opensuse-tumbleweed", "libopenssl3", "openSUSE-SU-2024:13065-1", &row);
	/* a record without a vulnerability entry has no details but still its advisory */
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "SUSE-SU-2023:0311-1", &v), 0);
	assert_null(v.title);
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "SUSE-SU-2022:2251-1", &v), 0);
	assert_string_equal(v.title, "Security update for openssl-1_1");
}

static void test_fixture_lang(void **state)
{
	struct okit_row row;
	struct ks_vuln v;
	struct ks_vsev sev;

	(void)state;
	import_fixture(&T);
	okit_finish(&T);
	okit_one(&T, "cargo", "ammonia", "CVE-2021-38193", &row);
	assert_string_equal(row.fixed, ">= 3.1.0, >= 2.1.3, < 3.0.0"); /* trivy_fixed_version */
	assert_string_equal(row.data_source, "{\"Name\":\"RustSec Advisory Database\","
					     "\"URL\":\"https://github.com/RustSec/advisory-db\"}");
	assert_string_equal(row.source, "osv");
	okit_one(&T, "go", "github.com/docker/distribution", "GMS-2022-20", &row);
	assert_string_equal(row.fixed, "v2.8.0");
	assert_string_equal(row.vendor_ids, "(null)"); /* aliases are not Trivy's vendor IDs */
	okit_one(&T, "gem", "activesupport", "CVE-2020-8165", &row);
	assert_int_equal(row.status, KS_ST_FIXED);
	assert_string_equal(row.fixed, "6.0.3.1, 5.2.4.3");
	assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"5.0.0\"],"
					"[\"last_affected\",\"5.2.4.2\"],[\"introduced\",\"6.0.0\"],"
					"[\"last_affected\",\"6.0.3\"]]}]}");
	okit_one(&T, "gem", "http_parser", "CVE-2020-9999", &row);
	assert_int_equal(row.status, KS_ST_AFFECTED);
	okit_one(&T, "maven", "com.fasterxml.jackson.core:jackson-databind", "CVE-2021-20190", &row);
	assert_string_equal(row.source, "glad");
	okit_one(&T, "composer", "guzzlehttp/psr7", "CVE-2022-24775", &row);
	assert_non_null(strstr(row.data_source, "type%%3Areviewed"));
	okit_one(&T, "nuget", "newtonsoft.json", "GHSA-5crp-9r3c-p9vr", &row);
	okit_one(&T, "pypi", "werkzeug", "CVE-2019-14806", &row);
	okit_one(&T, "hex", "phoenix", "CVE-2022-42975", &row);
	okit_one(&T, "pub", "http", "CVE-2020-35669", &row);
	okit_one(&T, "swift", "github.com/apple/swift-nio", "CVE-2022-3215", &row);
	okit_one(&T, "cocoapods", "_niodatastructures", "CVE-2022-3215", &row);
	okit_one(&T, "conan", "pcre", "CVE-2020-14155", &row);
	assert_string_equal(row.fixed, "8.45");
	okit_one(&T, "k8s", "k8s.io/kubelet", "CVE-2023-2431", &row);
	assert_string_equal(row.fixed, "1.24.14, 1.25.9, 1.26.4, 1.27.1");
	okit_one(&T, "npm", "jquery", "CVE-2019-11358", &row);
	assert_int_equal(ks_db_vuln(T.db, &T.cx, "CVE-2019-11358", &v), 0);
	assert_true(okit_has(&v.aliases, "GHSA-6c3j-c64m-qhgq"));
	assert_true(okit_sev(&T, "CVE-2019-11358", "ghsa", &sev));
	/* no severity row from the derived top-level severity[] ("osv") */
	assert_false(okit_sev(&T, "CVE-2019-11358", "osv", &sev));
}

/* ---------------------------------------------------------------- written records */

/* A record with one affected entry (package eco/name) and the given ranges JSON. */
static int import_rec(struct okit *t, const char *id, const char *eco, const char *name,
	const char *ranges)
{
	char rec[2048], path[128];

	snprintf(rec, sizeof(rec),
		"{\"id\":\"%s\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":"
		"{\"ecosystem\":\"%s\",\"name\":\"%s\"},\"ranges\":%s}]}",
		id, eco, name, ranges);
	snprintf(path, sizeof(path), "osv/x/%s.json", id);
	return okit_import_str(t, &ks_feed_osv, path, rec);
}

static const char fixed1[] = "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
			     "{\"fixed\":\"1.2.3\"}]}]";

static void test_ecosystems(void **state)
{
	static const struct {
		const char *osv, *eco, *pkg_in, *pkg;
	} m[] = {
		{ "Alpine:v3.9", "alpine:3.9", "p", "p" },
		{ "Alpine:edge", "alpine:edge", "p", "p" },
		{ "Debian:10", "debian:10", "p", "p" },
		{ "Ubuntu:22.04:LTS", "ubuntu:22.04", "p", "p" },
		{ "Ubuntu:23.10", "ubuntu:23.10", "p", "p" },
		{ "AlmaLinux:8", "alma:8", "p", "p" },
		{ "Rocky Linux:8", "rocky:8", "p", "p" },
		{ "Red Hat:enterprise_linux:7::server", "redhat:7", "p", "p" },
		{ "Red Hat:enterprise_linux:7::server", "redhat-cpe:enterprise_linux:7::server",
			"p", "p" },
		{ "Red Hat:rhel_eus:8.6::appstream", "redhat-cpe:rhel_eus:8.6::appstream", "p",
			"p" },
		{ "Amazon Linux:2", "amazon:2", "p", "p" },
		{ "Amazon Linux:2023", "amazon:2023", "p", "p" },
		{ "Oracle Linux:8", "oracle:8", "p", "p" },
		{ "Photon OS:3.0", "photon:3.0", "p", "p" },
		{ "Azure Linux:1", "cbl-mariner:1.0", "p", "p" },
		{ "CBL-Mariner:2.0", "cbl-mariner:2.0", "p", "p" },
		{ "Azure Linux:3", "azurelinux:3.0", "p", "p" },
		{ "SUSE:Linux Enterprise 15 SP3", "sles:15.3", "p", "p" },
		{ "SUSE:Linux Enterprise Module for Basesystem 15 SP4", "sles:15.4", "p", "p" },
		{ "SUSE:Linux Enterprise Server 12", "sles:12", "p", "p" },
		{ "SUSE:Linux Enterprise Micro 5.3", "slem:5.3", "p", "p" },
		{ "openSUSE:Leap 15.1", "opensuse-leap:15.1", "p", "p" },
		{ "openSUSE:Tumbleweed", "opensuse-tumbleweed", "p", "p" },
		{ "Wolfi", "wolfi", "p", "p" },
		{ "Chainguard", "chainguard", "p", "p" },
		{ "npm", "npm", "@Scope/Pkg", "@Scope/Pkg" },
		{ "PyPI", "pypi", "Jinja2__Ext", "jinja2-ext" },
		{ "Maven", "maven", "org.a:b", "org.a:b" },
		{ "Go", "go", "github.com/A/b", "github.com/A/b" },
		{ "crates.io", "cargo", "serde", "serde" },
		{ "RubyGems", "gem", "Rails", "Rails" },
		{ "Packagist", "composer", "Vendor/Pkg", "vendor/pkg" },
		{ "NuGet", "nuget", "Newtonsoft.Json", "newtonsoft.json" },
		{ "Hex", "hex", "plug", "plug" },
		{ "Pub", "pub", "http", "http" },
		{ "SwiftURL", "swift", "github.com/a/b", "github.com/a/b" },
		{ "CocoaPods", "cocoapods", "AFNetworking", "afnetworking" },
		{ "ConanCenter", "conan", "zlib", "zlib" },
		{ "Kubernetes", "k8s", "k8s.io/apiserver", "k8s.io/apiserver" },
	};
	char id[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		snprintf(id, sizeof(id), "TEST-%zu", i + 1000);
		assert_int_equal(import_rec(&T, id, m[i].osv, m[i].pkg_in, fixed1), 0);
	}
	/* no eco: skipped without a warning */
	assert_int_equal(import_rec(&T, "TEST-1", "Ubuntu:Pro:18.04:LTS", "p", fixed1), 0);
	assert_int_equal(import_rec(&T, "TEST-2", "Android", "p", fixed1), 0);
	assert_int_equal(import_rec(&T, "TEST-3", "Debian", "p", fixed1), 0);
	assert_int_equal(T.cx.nwarns, 0);
	okit_finish(&T);
	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		struct okit_row row;

		snprintf(id, sizeof(id), "TEST-%zu", i + 1000);
		if (okit_rows(&T, m[i].eco, m[i].pkg, id, &row, 1) != 1)
			fail_msg("%s: no row under %s %s", m[i].osv, m[i].eco, m[i].pkg);
	}
	/* the two enterprise_linux records give two rows each */
	assert_int_equal(T.records, sizeof(m) / sizeof(m[0]) + 2);
	/* the OS ecos agree with what a scan computes from the detected OS */
	{
		static const struct {
			const char *family, *release, *eco;
		} os[] = {
			{ "alpine", "3.9.4", "alpine:3.9" },
			{ "debian", "10.1", "debian:10" },
			{ "ubuntu", "22.04", "ubuntu:22.04" },
			{ "alma", "8.5", "alma:8" },
			{ "rocky", "8.5", "rocky:8" },
			{ "centos", "7.6.1810", "redhat:7" },
			{ "amazon", "2 (Karoo)", "amazon:2" },
			{ "amazon", "AMI release 2018.03", "amazon:1" },
			{ "oracle", "8.0", "oracle:8" },
			{ "photon", "3.0", "photon:3.0" },
			{ "cbl-mariner", "1.0.20220122", "cbl-mariner:1.0" },
			{ "azurelinux", "3.0.20240727", "azurelinux:3.0" },
			{ "sles", "15.3", "sles:15.3" },
			{ "opensuse-leap", "15.1", "opensuse-leap:15.1" },
			{ "wolfi", "20230201", "wolfi" },
		};
		struct ks_arena a;

		ks_arena_init(&a);
		for (i = 0; i < sizeof(os) / sizeof(os[0]); i++)
			assert_string_equal(ks_db_eco_for_os(&a, os[i].family, os[i].release), os[i].eco);
		ks_arena_release(&a);
	}
}

static void test_ranges(void **state)
{
	struct okit_row row;

	(void)state;
	/* last_known_affected_version_range closes an open range (GHSA) */
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/npm/GHSA-aaaa-bbbb-cccc.json",
		"{\"id\":\"GHSA-aaaa-bbbb-cccc\",\"aliases\":[\"CVE-2099-0001\"],"
		"\"database_specific\":{\"severity\":\"LOW\",\"cwe_ids\":[\"CWE-1\"]},"
		"\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"a\"},"
		"\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0.0\"}]}],"
		"\"database_specific\":{\"last_known_affected_version_range\":\"<= 1.4.0\"}},"
		"{\"package\":{\"ecosystem\":\"npm\",\"name\":\"b\"},"
		"\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}],"
		"\"database_specific\":{\"last_known_affected_version_range\":\"< 2.0.0\"}}]}"),
		0);
	/* impossible and unparsable ranges skip their entry; unknown fields are ignored;
	 * GIT-only entries give nothing; versions[] outside the ranges are kept */
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/PyPI/PYSEC-2099-1.json",
		"{\"id\":\"PYSEC-2099-1\",\"x-unknown\":{\"deep\":[1,2,3]},\"aliases\":[],"
		"\"affected\":["
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"bad-order\"},\"ranges\":[{\"type\":"
		"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"2.0\"},{\"fixed\":\"1.0\"}]}]},"
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"bad-version\"},\"ranges\":[{\"type\":"
		"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"not a version!\"}]}]},"
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"no-intro\"},\"ranges\":[{\"type\":"
		"\"ECOSYSTEM\",\"events\":[{\"fixed\":\"1.0\"}]}]},"
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"git-only\"},\"ranges\":[{\"type\":"
		"\"GIT\",\"repo\":\"https://x\",\"events\":[{\"introduced\":\"abc\"}]}]},"
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"good\",\"x\":1},\"unknown\":true,"
		"\"ranges\":[{\"type\":\"GIT\",\"repo\":\"r\",\"events\":[{\"introduced\":\"0\"}]},"
		"{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"}]}],"
		"\"versions\":[\"1.1\",\"1.4.9\",\"0.9\",\"2.0\"]},"
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"every\"}}]}"),
		0);
	assert_true(okit_warned(&T.cx, "PYSEC-2099-1: affected[0]: fixed '1.0' is below introduced"));
	assert_true(okit_warned(&T.cx, "PYSEC-2099-1: affected[1]:"));
	assert_true(okit_warned(&T.cx, "PYSEC-2099-1: affected[2]:"));
	assert_int_equal(T.cx.nwarns, 3);
	/* a withdrawn record imports nothing */
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/PyPI/PYSEC-2099-2.json",
		"{\"id\":\"PYSEC-2099-2\",\"withdrawn\":\"2024-01-01T00:00:00Z\",\"affected\":[{"
		"\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"withdrawn\"}}]}"),
		0);
	okit_finish(&T);
	okit_one(&T, "npm", "a", "CVE-2099-0001", &row);
	assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\","
					"\"1.0.0\"],[\"last_affected\",\"1.4.0\"]]}]}");
	assert_int_equal(row.status, KS_ST_AFFECTED);
	okit_one(&T, "npm", "b", "CVE-2099-0001", &row);
	assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
					"[\"limit\",\"2.0.0\"]]}]}");
	assert_string_equal(row.data_source, "{\"ID\":\"ghsa\",\"Name\":\"GitHub Security Advisory "
					     "npm\",\"URL\":\"https://github.com/advisories?query="
					     "type%3Areviewed+ecosystem%3Anpm\"}");
	assert_int_equal(okit_rows(&T, "pypi", "bad-order", NULL, NULL, 0), 0);
	assert_int_equal(okit_rows(&T, "pypi", "bad-version", NULL, NULL, 0), 0);
	assert_int_equal(okit_rows(&T, "pypi", "no-intro", NULL, NULL, 0), 0);
	assert_int_equal(okit_rows(&T, "pypi", "git-only", NULL, NULL, 0), 0);
	assert_int_equal(okit_rows(&T, "pypi", "withdrawn", NULL, NULL, 0), 0);
	okit_one(&T, "pypi", "good", "PYSEC-2099-1", &row);
	assert_string_equal(row.ranges, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"1.0\"],"
					"[\"fixed\",\"1.5\"]]}],\"v\":[\"0.9\",\"2.0\"]}");
	assert_string_equal(row.vendor_ids, "(null)");
	okit_one(&T, "pypi", "every", "PYSEC-2099-1", &row);
	assert_string_equal(row.ranges, "{}");
	assert_int_equal(row.status, KS_ST_AFFECTED);
}

/* A Trivy-converted language entry whose ranges are not exact keeps the raw lists. */
static void test_native_expressions(void **state)
{
	struct okit_row row;

	(void)state;
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/RubyGems/CVE-2099-0002.json",
		"{\"id\":\"CVE-2099-0002\",\"database_specific\":{\"severity\":\"HIGH\","
		"\"vendor_severity\":{\"ghsa\":\"HIGH\"}},\"affected\":[{\"package\":{\"ecosystem\":"
		"\"RubyGems\",\"name\":\"r\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
		"{\"introduced\":\"0\"}]}],\"database_specific\":{\"range_conversion\":"
		"\"unexpressible\",\"vulnerable_versions\":[\"~> 1.2\"],\"patched_versions\":"
		"[\"~> 1.2.5\",\">= 2.0\"],\"unaffected_versions\":[\"< 1.0\"],"
		"\"trivy_fixed_version\":\"~> 1.2.5, >= 2.0\",\"trivy_bucket\":\"rubygems::x\"}},"
		"{\"package\":{\"ecosystem\":\"RubyGems\",\"name\":\"bad\"},\"database_specific\":{"
		"\"range_conversion\":\"partial\",\"vulnerable_versions\":[\"~> ~> ?\"],"
		"\"trivy_bucket\":\"rubygems::x\"}}]}"),
		0);
	assert_true(okit_warned(&T.cx, "CVE-2099-0002: affected[1]:"));
	okit_finish(&T);
	okit_one(&T, "gem", "r", "CVE-2099-0002", &row);
	assert_string_equal(row.ranges, "{\"n\":[\"~> 1.2\"],\"p\":[\"~> 1.2.5\",\">= 2.0\",\"< 1.0\"]}");
	assert_string_equal(row.fixed, "~> 1.2.5, >= 2.0");
	assert_int_equal(row.status, KS_ST_FIXED);
	assert_int_equal(okit_rows(&T, "gem", "bad", NULL, NULL, 0), 0);
}

/* The same record as YAML gives the same rows; a JSON array holds several records. */
static void test_yaml_and_arrays(void **state)
{
	struct okit_row a, b;

	(void)state;
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/y/GHSA-yyyy-yyyy-yyyy.yaml",
		"id: GHSA-yyyy-yyyy-yyyy\n"
		"modified: 2024-01-01T00:00:00Z\n"
		"aliases: [CVE-2099-0003]\n"
		"database_specific: {severity: HIGH}\n"
		"affected:\n"
		"  - package: {ecosystem: PyPI, name: Foo.Bar}\n"
		"    ranges:\n"
		"      - type: ECOSYSTEM\n"
		"        events:\n"
		"          - introduced: \"0\"\n"
		"          - fixed: 1.10\n"),
		0);
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/y/list.json",
		"[{\"id\":\"GHSA-zzzz-zzzz-zzzz\",\"aliases\":[\"CVE-2099-0004\"],"
		"\"database_specific\":{\"severity\":\"HIGH\"},\"affected\":[{\"package\":"
		"{\"ecosystem\":\"PyPI\",\"name\":\"foo-bar\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
		"\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.10\"}]}]}]},"
		"{\"no\":\"id\"}, 7]"),
		0);
	assert_int_equal(T.cx.nwarns, 2);
	okit_finish(&T);
	okit_one(&T, "pypi", "foo-bar", "CVE-2099-0003", &a);
	okit_one(&T, "pypi", "foo-bar", "CVE-2099-0004", &b);
	assert_string_equal(a.fixed, "1.10"); /* YAML scalars stay strings */
	assert_string_equal(a.ranges, b.ranges);
	assert_string_equal(a.data_source, b.data_source);
}

/* ---------------------------------------------------------------- bad input */

static void test_corrupt(void **state)
{
	size_t len;
	uint8_t *rec = okit_zip_member(tu_shared("feeds/osv/Maven/all.zip"),
		"GHSA-jfh8-c2jp-5v3q.json", &len);
	uint8_t *flip;
	size_t i;

	(void)state;
	/* truncated in the middle */
	assert_int_equal(okit_import(&T, &ks_feed_osv, "osv/Maven/all.zip/x.json", rec, len / 2),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "osv: 'osv/Maven/all.zip/x.json'"));
	assert_int_equal(okit_import(&T, &ks_feed_osv, "osv/a.json", "", 0), KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/a.json", "42"), KS_ECORRUPT);
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/a.json", "{\"affected\":[]}"),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "no id"));
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/a.yaml", "id: [unclosed\n"),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "osv: 'osv/a.yaml': line"));
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/a.yaml",
				 "a: &x [1, 2]\nb: *x\nid: X-1\n"),
		KS_ECORRUPT);
	assert_non_null(strstr(T.cx.err.msg, "aliases"));
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/a.yaml", "id: X-1\n---\nid: X-2\n"),
		KS_ECORRUPT);
	/* a bad shape inside a parsable record is a warning, not an error */
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/a.json",
				 "{\"id\":\"X-1\",\"affected\":{\"not\":\"a list\"}}"),
		0);
	assert_int_equal(okit_import_str(&T, &ks_feed_osv, "osv/a.json",
				 "{\"id\":\"X-2\",\"affected\":[7,{\"package\":{}},{\"package\":"
				 "{\"ecosystem\":\"npm\",\"name\":\"n\"},\"ranges\":3}]}"),
		0);
	assert_true(okit_warned(&T.cx, "X-1: affected is not a list"));
	assert_true(okit_warned(&T.cx, "X-2: affected[0]"));
	assert_true(okit_warned(&T.cx, "X-2: affected[2]"));
	/* every single-byte corruption of a real record is an error or imports; never a crash */
	flip = malloc(len);
	assert_non_null(flip);
	for (i = 0; i < len; i += 7) {
		int r;

		memcpy(flip, rec, len);
		flip[i] ^= 0x5a;
		r = okit_import(&T, &ks_feed_osv, "osv/f.json", flip, len);
		assert_true(r == 0 || r == KS_ECORRUPT);
	}
	free(flip);
	free(rec);
}

static void test_detect(void **state)
{
	static const char alpine[] = "{\"apkurl\":\"x\",\"distroversion\":\"v3.9\",\"packages\":[]}";
	static const char node[] = "{\"id\":410,\"title\":\"x\",\"updated_at\":\"2018\"}";

	(void)state;
	assert_true(ks_feed_osv.detect("osv/npm/all.zip/GHSA-x.json",
		(const uint8_t *)"{\"id\":\"GHSA-x\",\"modified\":\"2020\"}", 30));
	assert_true(ks_feed_osv.detect("dir/rec.yaml", (const uint8_t *)"id: X-1\naffected: []\n", 21));
	assert_false(ks_feed_osv.detect("alpine/v3.9/main.json", (const uint8_t *)alpine,
		sizeof(alpine) - 1));
	assert_false(ks_feed_osv.detect("nodejs-security-wg/vuln/npm/410.json",
		(const uint8_t *)node, sizeof(node) - 1));
	assert_false(ks_feed_osv.detect("wolfi/openssl.advisories.yaml",
		(const uint8_t *)"schema-version: 2\nid: x\naffected:", 33));
	assert_false(ks_feed_osv.detect("rubysec/gems/a/CVE-1.yml",
		(const uint8_t *)"---\ngem: a\ncve: 2020-1\n", 23));
	assert_false(ks_feed_osv.detect("x.json", (const uint8_t *)"", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_maven_log4j, setup, teardown),
		cmocka_unit_test_setup_teardown(test_npm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ubuntu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_go, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pypi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixture_alpine, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixture_os, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fixture_lang, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ecosystems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_native_expressions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yaml_and_arrays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test(test_detect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
