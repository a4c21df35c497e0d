/*
 * test_imp_debian_oval.c - the Debian OVAL importer on the real files of
 * ../shared/feeds/debian/oval (2023-07-14): bookworm whole, bullseye and buster cut down
 * to a few definitions each (the unit-test time budget). Row counts computed independently
 * from the XML, "earlier than 0" rows stored as affected with no fix, exact fixed versions
 * per release, DSA ids, and corrupt or malformed input.
 */
#include "imp_testkit.h"
#include "util/str.h"

#include <sqlite3.h>

extern const struct ks_feed ks_feed_debian_oval;

#define FEED (&ks_feed_debian_oval)
#define BOOKWORM "feeds/debian/oval/oval-definitions-bookworm.xml.bz2"

static const char fixed_openssl_12[] =
	"{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"1.1.1n-1\"]]}]}";

/* count(*) of advisories matching a WHERE clause, straight from the file. */
static long sql_count(struct itk *t, const char *where)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char sql[256];
	long n = -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM advisories WHERE %s", where);
	assert_int_equal(sqlite3_open_v2(t->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void import_shared(struct itk *t, const char *rel, const char *name)
{
	size_t len;
	uint8_t *data = itk_load(tu_shared(rel), &len);

	assert_int_equal(itk_import(t, FEED, name, data, len), 0);
	free(data);
}

static void test_bookworm(void **state)
{
	struct itk t;
	struct itk_adv a;
	struct ks_vuln v;

	(void)state;
	tu_shared(BOOKWORM);
	itk_begin(&t);
	import_shared(&t, BOOKWORM, "debian/oval/oval-definitions-bookworm.xml");
	assert_int_equal(t.cx.nwarns, 0);
	itk_finish(&t);
	/* 25,932 definitions name 25,991 (package, CVE) pairs (4 DSAs name no CVE), which
	 * are 25,909 distinct (package, CVE, fix) rows, 1,533 of them unfixed */
	assert_int_equal(t.records, 25909);
	assert_int_equal(itk_count(&t), 25909);
	assert_int_equal(sql_count(&t, "status = 2 AND ranges = '{}' AND fixed = ''"), 1533);
	assert_int_equal(sql_count(&t, "eco <> 'debian:12'"), 0);

	/* "apache2 DPKG is earlier than 0": affected, no fix yet */
	assert_int_equal(
		itk_adv(&t, "debian:12", "apache2", "CVE-2001-1534", "debian_oval", &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_string_equal(a.ranges, "{}");
	assert_string_equal(a.fixed, "");
	assert_string_equal(a.data_source,
		"{\"ID\":\"debian\",\"Name\":\"Debian Security Tracker\","
		"\"URL\":\"https://salsa.debian.org/security-tracker-team/security-tracker\"}");

	/* a fixed one, without the 0: epoch OVAL writes */
	assert_int_equal(itk_adv(&t, "debian:12", "openssl", "CVE-2022-0778", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.fixed, "1.1.1n-1");
	assert_string_equal(a.ranges, fixed_openssl_12);
	assert_string_equal(a.vendor_ids, "(null)");
	/* a real epoch stays */
	assert_int_equal(itk_adv(&t, "debian:12", "openssh", "CVE-2000-0992", NULL, &a), 1);
	assert_string_equal(a.fixed, "1:3.9p1-1");

	/* DSA-5418-1 (a patch definition) names its id */
	assert_int_equal(itk_adv(&t, "debian:12", "chromium", "CVE-2023-2929", NULL, &a), 1);
	assert_string_equal(a.fixed, "114.0.5735.90-2~deb12u1");
	assert_string_equal(a.vendor_ids, "[\"DSA-5418-1\"]");

	/* the CVE's description comes from its vulnerability definition */
	assert_int_equal(ks_db_vuln(t.db, &t.cx, "CVE-1999-0199", &v), 0);
	assert_non_null(v.description);
	assert_true(ks_hasprefix(v.description, "manual/search.texi in the GNU C Library"));
	itk_end(&t);
}

/* True if the n bytes at p start with lit. */
static bool at(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(p, lit, k) == 0;
}

/* Keeps the definitions of xml[0..len) whose text contains one of the titles, and
 * everything outside them (tests, objects, states): a real file cut down to a
 * representative subset that still resolves. Returns the number kept; *len shrinks. It
 * walks from '<' to '<' with memchr: sanitizer-checked strstr() over a 50 MB buffer is
 * quadratic. */
static size_t keep_defs(char *xml, size_t *len, const char *const *titles, size_t ntitles)
{
	size_t in = 0, out = 0, start = 0, kept = 0, i, n = *len;
	bool indef = false, keep = false;

	while (in < n) {
		char *lt = memchr(xml + in, '<', n - in);
		size_t next = lt ? (size_t)(lt - xml) : n;

		if (!indef) {
			memmove(xml + out, xml + in, next - in);
			out += next - in;
		}
		if ((in = next) == n)
			break;
		if (!indef && at(xml + in, n - in, "<definition ")) {
			indef = true;
			keep = false;
			start = in;
		} else if (indef && at(xml + in, n - in, "</definition>")) {
			in += strlen("</definition>");
			indef = false;
			if (keep) {
				memmove(xml + out, xml + start, in - start);
				out += in - start;
				kept++;
			}
			continue;
		} else if (indef) {
			for (i = 0; i < ntitles && !keep; i++)
				keep = at(xml + in, n - in, titles[i]);
		}
		if (!indef)
			xml[out++] = xml[in];
		in++;
	}
	*len = out;
	return kept;
}

/* bullseye: a subset, with the three definitions whose package test names no package */
static void test_bullseye_subset(void **state)
{
	static const char *const titles[] = { "<title>CVE-2022-0778 openssl<",
		"<title>DSA-5049-1 flatpak<", "<title>CVE-2021-43860 flatpak<",
		"<title>CVE-2022-21682 flatpak<", "<title>CVE-2001-1534 apache2<" };
	struct itk t;
	struct itk_adv a;
	size_t len, kept;
	uint8_t *data;

	(void)state;
	data = itk_load(tu_shared("feeds/debian/oval/oval-definitions-bullseye.xml.bz2"), &len);
	kept = keep_defs((char *)data, &len, titles, sizeof(titles) / sizeof(titles[0]));
	assert_int_equal(kept, 5);
	itk_begin(&t);
	assert_int_equal(itk_import(&t, FEED, "oval-definitions-bullseye.xml", data, len), 0);
	/* the generator wrote <name/> (the comment says "None DPKG is earlier than ...") */
	assert_int_equal(t.cx.nwarns, 3);
	assert_non_null(strstr(t.cx.warns[0], "DSA-5049-1 flatpak"));
	assert_non_null(strstr(t.cx.warns[0], "no package version test"));
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 2);
	assert_int_equal(itk_adv(&t, "debian:11", "openssl", "CVE-2022-0778", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.1.1k-1+deb11u2");
	assert_int_equal(itk_adv(&t, "debian:11", "apache2", "CVE-2001-1534", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	itk_end(&t);
	free(data);
}

/* buster: a subset of its definitions */
static void test_buster_subset(void **state)
{
	static const char *const titles[] = { "<title>CVE-2022-0778 openssl<",
		"<title>CVE-2001-1534 apache2<", "<title>CVE-2021-3156 sudo<",
		"<title>CVE-2021-44228 apache-log4j2<" };
	struct itk t;
	struct itk_adv a;
	size_t len, kept;
	uint8_t *data;

	(void)state;
	data = itk_load(tu_shared("feeds/debian/oval/oval-definitions-buster.xml.bz2"), &len);
	kept = keep_defs((char *)data, &len, titles, sizeof(titles) / sizeof(titles[0]));
	assert_int_equal(kept, 4);
	itk_begin(&t);
	assert_int_equal(itk_import(&t, FEED, "oval-definitions-buster.xml", data, len), 0);
	assert_int_equal(t.cx.nwarns, 0);
	itk_finish(&t);
	assert_int_equal(itk_adv(&t, "debian:10", "openssl", "CVE-2022-0778", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.1.1d-0+deb10u8");
	assert_int_equal(itk_adv(&t, "debian:10", "apache2", "CVE-2001-1534", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_string_equal(a.ranges, "{}");
	assert_string_equal(a.fixed, "");
	assert_int_equal(itk_adv(&t, "debian:10", "sudo", "CVE-2021-3156", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.8.27-1+deb10u3");
	assert_int_equal(itk_adv(&t, "debian:10", "apache-log4j2", "CVE-2021-44228", NULL, &a), 1);
	assert_string_equal(a.fixed, "2.15.0-1~deb10u1");
	assert_int_equal(itk_count(&t), 4);
	itk_end(&t);
	free(data);
}

/* A small document in Debian's layout: head, then the definitions given, then tests,
 * objects and states for packages "alpha" (fixed 0:1.2-1), "beta" (0:0) and "gamma" (a
 * version dpkg rejects). */
static char *doc(const char *defs)
{
	static const char head[] =
		"<?xml version='1.0' encoding='UTF-8'?>\n"
		"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" "
		"xmlns:oval=\"http://oval.mitre.org/XMLSchema/oval-common-5\">"
		"<generator><oval:product_name>Debian</oval:product_name></generator>"
		"<definitions>";
	static const char tail[] =
		"</definitions><tests>"
		"<dpkginfo_test id=\"t:1\" xmlns=\"x#linux\"><object object_ref=\"o:1\"/>"
		"<state state_ref=\"s:1\"/></dpkginfo_test>"
		"<dpkginfo_test id=\"t:2\" xmlns=\"x#linux\"><object object_ref=\"o:2\"/>"
		"<state state_ref=\"s:2\"/></dpkginfo_test>"
		"<dpkginfo_test id=\"t:3\" xmlns=\"x#linux\"><object object_ref=\"o:3\"/>"
		"<state state_ref=\"s:3\"/></dpkginfo_test>"
		"</tests><objects>"
		"<dpkginfo_object id=\"o:1\"><name>alpha</name></dpkginfo_object>"
		"<dpkginfo_object id=\"o:2\"><name>beta</name></dpkginfo_object>"
		"<dpkginfo_object id=\"o:3\"><name>gamma</name></dpkginfo_object>"
		"</objects><states>"
		"<dpkginfo_state id=\"s:1\"><evr operation=\"less than\">0:1.2-1</evr>"
		"</dpkginfo_state>"
		"<dpkginfo_state id=\"s:2\"><evr operation=\"less than\">0:0</evr>"
		"</dpkginfo_state>"
		"<dpkginfo_state id=\"s:3\"><evr operation=\"less than\">0:1.0-</evr>"
		"</dpkginfo_state>"
		"</states></oval_definitions>\n";
	size_t n = strlen(head) + strlen(defs) + strlen(tail) + 1;
	char *s = malloc(n);

	assert_non_null(s);
	snprintf(s, n, "%s%s%s", head, defs, tail);
	return s;
}

static const char *def(char *buf, size_t size, const char *cve, const char *test_ref)
{
	snprintf(buf, size,
		"<definition id=\"d:%s\" class=\"vulnerability\"><metadata><title>%s x</title>"
		"<affected><platform>Debian GNU/Linux 12</platform></affected>"
		"<reference source=\"CVE\" ref_id=\"%s\"/><description>about %s</description>"
		"</metadata><criteria><criterion test_ref=\"%s\"/></criteria></definition>",
		cve, cve, cve, cve, test_ref);
	return buf;
}

/* Bad definitions are skipped with a warning; the good ones import. */
static void test_bad_definitions(void **state)
{
	char d[6][512], defs[4096], *x;
	struct itk t;
	struct itk_adv a;

	(void)state;
	snprintf(defs, sizeof(defs), "%s%s%s%s%s%s", def(d[0], 512, "CVE-2020-0001", "t:1"),
		def(d[1], 512, "CVE-2020-0002", "t:2"), def(d[2], 512, "CVE-2020-0003", "t:9"),
		def(d[3], 512, "CVE-2020-0004", "t:3"), def(d[4], 512, "not-a-cve", "t:1"),
		"<definition id=\"d:nocrit\" class=\"vulnerability\"><metadata><title>t</title>"
		"<reference source=\"CVE\" ref_id=\"CVE-2020-0005\"/></metadata></definition>");
	x = doc(defs);
	itk_begin(&t);
	assert_int_equal(itk_import(&t, FEED, "oval-definitions-bookworm.xml", x, strlen(x)), 0);
	/* dangling test, invalid version, bad CVE id, no package test */
	assert_int_equal(t.cx.nwarns, 4);
	assert_non_null(strstr(t.cx.warns[0], "unknown test 't:9'"));
	assert_non_null(strstr(t.cx.warns[0], "oval-definitions-bookworm.xml"));
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 2);
	assert_int_equal(itk_adv(&t, "debian:12", "alpha", "CVE-2020-0001", NULL, &a), 1);
	assert_string_equal(a.fixed, "1.2-1");
	assert_int_equal(itk_adv(&t, "debian:12", "beta", "CVE-2020-0002", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	itk_end(&t);
	free(x);
}

/* Malformed XML fails the whole file with KS_ECORRUPT naming it, and writes nothing. */
static void test_corrupt(void **state)
{
	static const char entities[] =
		"<?xml version='1.0'?><!DOCTYPE oval_definitions [<!ENTITY a 'aaaa'>"
		"<!ENTITY b '&a;&a;&a;&a;'>]><oval_definitions>&b;</oval_definitions>";
	static const char *const bad[] = {
		"",
		"not xml at all",
		"<oval_definitions><definitions><definition id='x'>",
		"<?xml version='1.0'?><foo/>",
		entities,
		"<oval_definitions><definitions></tests></oval_definitions>",
	};
	char d[512], *x;
	size_t i, len;
	uint8_t *real;
	struct itk t;

	(void)state;
	itk_begin(&t);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = itk_import(&t, FEED, "debian/oval-definitions-bookworm.xml", bad[i],
			strlen(bad[i]));

		assert_int_equal(r, KS_ECORRUPT);
		assert_non_null(strstr(t.cx.err.msg, "oval-definitions-bookworm.xml"));
	}
	/* a good document cut short or with a byte flipped into a '<' */
	x = doc(def(d, sizeof(d), "CVE-2020-0001", "t:1"));
	len = strlen(x);
	for (i = 1; i < len; i += 37)
		assert_int_equal(itk_import(&t, FEED, "oval-definitions-bookworm.xml", x, i),
			KS_ECORRUPT);
	x[len / 2] = '<';
	assert_int_equal(itk_import(&t, FEED, "oval-definitions-bookworm.xml", x, len),
		KS_ECORRUPT);
	free(x);
	/* the real file cut short, as a broken-off bz2 download leaves it */
	if (tu_have_shared()) {
		real = itk_load_prefix(tu_shared(BOOKWORM), 200000, &len);
		assert_true(len > 1000000);
		assert_int_equal(itk_import(&t, FEED, "oval-definitions-bookworm.xml", real, len),
			KS_ECORRUPT);
		assert_non_null(strstr(t.cx.err.msg, "line "));
		free(real);
	}
	/* another producer's OVAL is not Debian's */
	x = doc("");
	memcpy(strstr(x, ">Debian<") + 1, "Nebian", 6);
	assert_int_equal(itk_import(&t, FEED, "oval-definitions-bookworm.xml", x, strlen(x)),
		KS_ECORRUPT);
	free(x);
	itk_finish(&t);
	assert_int_equal(itk_count(&t), 0);
	itk_end(&t);
}

static void test_detect(void **state)
{
	static const char head[] = "<?xml version='1.0'?><oval_definitions xmlns=\"x\">"
				   "<generator><oval:product_name>Debian</oval:product_name>";

	(void)state;
	assert_true(FEED->detect("debian/oval/oval-definitions-bookworm.xml", NULL, 0));
	assert_true(FEED->detect("x/oval-definitions-buster.xml.bz2", NULL, 0));
	assert_true(FEED->detect("mirror/latest.xml", (const uint8_t *)head, sizeof(head) - 1));
	assert_false(FEED->detect("com.ubuntu.jammy.usn.oval.xml", (const uint8_t *)"<a/>", 4));
	assert_false(FEED->detect("debian/tracker/DSA/list", NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_bad_definitions),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_bookworm),
		cmocka_unit_test(test_bullseye_subset),
		cmocka_unit_test(test_buster_subset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
