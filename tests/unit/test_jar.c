/*
 * test_jar.c - the jar analyzer on real archives: Apache log4j-core 2.0-beta9 to 2.16.0
 * (one org.apache.logging.log4j:log4j-core package each, at the right version),
 * log4jscanner's nested, signed, corrupt and zip-bomb jars, osv-scalibr's nesting depths,
 * Trivy's parser and analyzer expectations (maven and gradle wars, nested jars, fat jar,
 * duplicates, manifest-only jar as with --offline-scan, licences from embedded pom.xml and
 * Jenkins manifests), and archives written here with libarchive for manifest fields,
 * several pom.properties, zip slip, oversized metadata and truncation.
 */
#include "langkit.h"

#include <archive.h>
#include <archive_entry.h>

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

static int run_shared(const char *rel, const char *path, struct ks_ares *a)
{
	return lk_run_shared(&cx, &ks_analyzer_jar, rel, path, a);
}

/* The package named name at version with file path fp (and nothing about licences). */
static const struct ks_pkg *expect_pkg(const struct ks_ares *a, const char *name,
	const char *version, const char *fp)
{
	size_t i;

	for (i = 0; i < a->npkgs; i++)
		if (strcmp(a->pkgs[i].name, name) == 0 &&
			strcmp(a->pkgs[i].version, version) == 0 &&
			strcmp(a->pkgs[i].file_path, fp) == 0)
			return &a->pkgs[i];
	for (i = 0; i < a->npkgs; i++)
		print_message("got %s %s %s\n", a->pkgs[i].name, a->pkgs[i].version,
			a->pkgs[i].file_path);
	fail_msg("missing %s %s at %s", name, version, fp);
	return NULL;
}

static const char *const l4j = "fixtures/lockfiles/java/log4jscanner/";

/* Every real log4j-core jar is exactly org.apache.logging.log4j:log4j-core at its version. */
static void test_log4j_core(void **state)
{
	static const char *const versions[] = { "2.0-beta9", "2.1", "2.12.1", "2.12.2", "2.14.0",
		"2.15.0", "2.16.0" };
	struct ks_ares a;
	char rel[256], path[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
		snprintf(rel, sizeof(rel), "%slog4j-core-%s.jar", l4j, versions[i]);
		snprintf(path, sizeof(path), "opt/app/lib/log4j-core-%s.jar", versions[i]);
		assert_int_equal(run_shared(rel, path, &a), 0);
		assert_int_equal(a.npkgs, 1);
		expect_pkg(&a, "org.apache.logging.log4j:log4j-core", versions[i], path);
		assert_int_equal(a.pkgs[0].relationship, KS_REL_UNKNOWN);
		assert_int_equal(cx.nwarns, 0);
	}
	/* JndiLookup.class removed by log4jscanner: still log4j-core 2.14.0 */
	assert_int_equal(
		run_shared("fixtures/lockfiles/java/log4jscanner/log4j-core-2.14.0.jar.patched",
			"x/log4j-core-2.14.0.jar", &a),
		0);
	expect_pkg(&a, "org.apache.logging.log4j:log4j-core", "2.14.0", "x/log4j-core-2.14.0.jar");
}

/* Jars inside jars: file paths joined as Trivy joins them; corrupt inner jars skipped with
 * a warning naming them; a signed jar reads like any other. */
static void test_nested(void **state)
{
	struct ks_ares a;
	char rel[256];

	(void)state;
	snprintf(rel, sizeof(rel), "%sgood_jar_in_jar_in_jar.jar", l4j);
	assert_int_equal(run_shared(rel, "app/g.jar", &a), 0);
	expect_pkg(&a, "org.apache.logging.log4j:log4j-jcl", "2.14.0",
		"app/g.jar/good_jar_in_jar.jar/safe1.jar");
	/* the inner jar's manifest names it too (no pom.properties matches "safe1.jar") */
	expect_pkg(&a, "org.apache.logging.log4j:Apache Log4j Commons Logging Bridge", "2.14.0",
		"app/g.jar/good_jar_in_jar.jar/safe1.jar");
	assert_int_equal(a.npkgs, 2);

	snprintf(rel, sizeof(rel), "%sbad_jar_with_invalid_jar.jar", l4j);
	assert_int_equal(run_shared(rel, "b.jar", &a), 0);
	expect_pkg(&a, "org.apache.logging.log4j:log4j-jcl", "2.14.0", "b.jar/vuln-class.jar");
	assert_int_equal(lk_nwarns(&cx, "'b.jar/notarealjar.jar'"), 1);

	snprintf(rel, sizeof(rel), "%scorrupt_jar_in_jar.jar", l4j);
	assert_int_equal(run_shared(rel, "c.jar", &a), 0);
	expect_pkg(&a, "org.apache.logging.log4j:log4j-jcl", "2.14.0", "c.jar/corrupt.jar");
	expect_pkg(&a, "org.apache.logging.log4j:log4j-jcl", "2.14.0", "c.jar/vuln-class.jar");

	snprintf(rel, sizeof(rel), "%ssafe1.signed.jar", l4j);
	assert_int_equal(run_shared(rel, "s.jar", &a), 0);
	expect_pkg(&a, "org.apache.logging.log4j:log4j-jcl", "2.14.0", "s.jar");

	assert_int_equal(run_shared("fixtures/lockfiles/java/osv-scalibr-archive/nested_at_10.jar",
				 "n.jar", &a),
		0);
	expect_pkg(&a, "com.some.package:package-name", "1.2.3",
		"n.jar/nested.jar/nested.jar/nested.jar/nested.jar/nested.jar/nested.jar/"
		"nested.jar/nested.jar/nested.jar");
}

/* Zip bombs and too-deep nesting fail the whole file naming it; bombs the analyzer never
 * needs to decompress are harmless. */
static void test_bombs(void **state)
{
	struct ks_ares a;
	char rel[256];
	int rc;

	(void)state;
	snprintf(rel, sizeof(rel), "%s400mb_jar_in_jar.jar", l4j);
	rc = run_shared(rel, "bomb/400mb_jar_in_jar.jar", &a);
	lk_expect_err(&cx, rc, KS_ELIMIT, "'bomb/400mb_jar_in_jar.jar'", "'400mb.jar'");
	rc = run_shared("fixtures/lockfiles/java/osv-scalibr-archive/nested_at_100.jar", "deep.jar",
		&a);
	lk_expect_err(&cx, rc, KS_ELIMIT, "'deep.jar'", "nested more than");

	snprintf(rel, sizeof(rel), "%s400mb.jar", l4j);
	assert_int_equal(run_shared(rel, "400mb.jar", &a), 0);
	assert_int_equal(a.npkgs, 0);
	snprintf(rel, sizeof(rel), "%szipbombs/zbsm.jar", l4j);
	assert_int_equal(run_shared(rel, "zbsm.jar", &a), 0);
	assert_int_equal(a.npkgs, 0);
	snprintf(rel, sizeof(rel), "%szipbombs/zbsm_in_jar.jar", l4j);
	assert_int_equal(run_shared(rel, "zbsm_in_jar.jar", &a), 0);
}

static void test_corrupt(void **state)
{
	static const char *const bad[] = { "fixtures/lockfiles/java/log4jscanner/notarealjar.jar",
		"fixtures/lockfiles/trivy/analyzer/post-apps/jar/invalid.jar",
		"fixtures/lockfiles/java/osv-scalibr-archive/invalid_jar.jar",
		"fixtures/lockfiles/java/osv-scalibr-archive/not_jar" };
	struct ks_ares a;
	size_t i, n, cut;
	uint8_t *data;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = run_shared(bad[i], "x/broken.jar", &a);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "'x/broken.jar'", NULL);
	}
	assert_int_equal(run_shared("fixtures/lockfiles/java/osv-scalibr-archive/empty.jar",
				 "e.jar", &a),
		0);
	assert_int_equal(a.npkgs, 0);
	/* truncated copies of a real jar: an error naming the file or a result, never a crash */
	data = tu_read(tu_shared("fixtures/lockfiles/java/log4jscanner/good_jar_in_jar.jar"), &n);
	for (cut = 0; cut < n; cut += 97) {
		rc = lk_run(&cx, &ks_analyzer_jar, "t.jar", data, cut, &a);
		if (rc != 0 && strstr(cx.err.msg, "'t.jar'") == NULL)
			fail_msg("cut %zu: '%s'", cut, cx.err.msg);
		assert_true(rc == 0 || rc == KS_ECORRUPT);
	}
	free(data);
}

static const char *const pj = "fixtures/lockfiles/trivy/parser/java/jar/";

/* Trivy's jar parser tables (wantMaven, wantGradle, wantNestedJar, wantFatjar, offline). */
static void test_trivy_parser(void **state)
{
	static const char *const maven[][2] = {
		{ "com.example:web-app", "1.0-SNAPSHOT" },
		{ "com.fasterxml.jackson.core:jackson-databind", "2.9.10.6" },
		{ "com.fasterxml.jackson.core:jackson-annotations", "2.9.10" },
		{ "com.fasterxml.jackson.core:jackson-core", "2.9.10" },
		{ "com.cronutils:cron-utils", "9.1.2" }, { "org.slf4j:slf4j-api", "1.7.30" },
		{ "org.glassfish:javax.el", "3.0.0" },
		{ "org.apache.commons:commons-lang3", "3.11" },
	};
	static const char *const maven_fp[] = { "maven.war",
		"maven.war/WEB-INF/lib/jackson-databind-2.9.10.6.jar",
		"maven.war/WEB-INF/lib/jackson-annotations-2.9.10.jar",
		"maven.war/WEB-INF/lib/jackson-core-2.9.10.jar",
		"maven.war/WEB-INF/lib/cron-utils-9.1.2.jar",
		"maven.war/WEB-INF/lib/slf4j-api-1.7.30.jar",
		"maven.war/WEB-INF/lib/javax.el-3.0.0.jar",
		"maven.war/WEB-INF/lib/commons-lang3-3.11.jar" };
	static const char *const fat[][2] = { { "com.google.guava:failureaccess", "1.0.1" },
		{ "com.google.guava:guava", "29.0-jre" },
		{ "com.google.guava:listenablefuture",
			"9999.0-empty-to-avoid-conflict-with-guava" },
		{ "com.google.j2objc:j2objc-annotations", "1.3" },
		{ "org.apache.hadoop.thirdparty:hadoop-shaded-guava", "1.1.0-SNAPSHOT" } };
	struct ks_ares a;
	char rel[256];
	size_t i;

	(void)state;
	snprintf(rel, sizeof(rel), "%smaven.war", pj);
	assert_int_equal(run_shared(rel, "maven.war", &a), 0);
	assert_int_equal(a.npkgs, 8);
	for (i = 0; i < 8; i++)
		expect_pkg(&a, maven[i][0], maven[i][1], maven_fp[i]);

	snprintf(rel, sizeof(rel), "%sgradle.war", pj);
	assert_int_equal(run_shared(rel, "gradle.war", &a), 0);
	assert_int_equal(a.npkgs, 4);
	expect_pkg(&a, "commons-dbcp:commons-dbcp", "1.4",
		"gradle.war/WEB-INF/lib/commons-dbcp-1.4.jar");
	expect_pkg(&a, "commons-pool:commons-pool", "1.6",
		"gradle.war/WEB-INF/lib/commons-pool-1.6.jar");
	expect_pkg(&a, "log4j:log4j", "1.2.17", "gradle.war/WEB-INF/lib/log4j-1.2.17.jar");
	expect_pkg(&a, "org.apache.commons:commons-compress", "1.19",
		"gradle.war/WEB-INF/lib/commons-compress-1.19.jar");

	snprintf(rel, sizeof(rel), "%snested.jar", pj);
	assert_int_equal(run_shared(rel, "nested.jar", &a), 0);
	assert_int_equal(a.npkgs, 3);
	expect_pkg(&a, "test:nested", "0.0.1", "nested.jar");
	expect_pkg(&a, "test:nested2", "0.0.2", "nested.jar/META-INF/jars/nested2.jar");
	expect_pkg(&a, "test:nested3", "0.0.3",
		"nested.jar/META-INF/jars/nested2.jar/META-INF/jars/nested3.jar");

	snprintf(rel, sizeof(rel), "%shadoop-shaded-guava-1.1.0-SNAPSHOT.jar", pj);
	assert_int_equal(run_shared(rel, "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar", &a), 0);
	assert_int_equal(a.npkgs, 5);
	for (i = 0; i < 5; i++)
		expect_pkg(&a, fat[i][0], fat[i][1], "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar");

	/* Trivy's "offline" case: only the manifest identifies it */
	snprintf(rel, sizeof(rel), "%stest.jar", pj);
	assert_int_equal(run_shared(rel, "test.jar", &a), 0);
	assert_int_equal(a.npkgs, 1);
	expect_pkg(&a, "org.springframework:Spring Framework", "2.5.6.SEC03", "test.jar");

	/* duplicates: jackson-databind from two directories twice, log4j in two inner jars;
	 * the manifest adds the offline-mode package Trivy would check against its Java DB */
	snprintf(rel, sizeof(rel), "%sio.quarkus.gizmo.gizmo-1.1.jar", pj);
	assert_int_equal(run_shared(rel, "g.jar", &a), 0);
	expect_pkg(&a, "io.quarkus.gizmo:gizmo", "1.1", "g.jar");
	expect_pkg(&a, "log4j:log4j", "1.2.16", "g.jar/jars/log4j-1.2.16.jar");
	expect_pkg(&a, "log4j:log4j", "1.2.17", "g.jar/jars/log4j-1.2.17.jar");
	expect_pkg(&a, "com.fasterxml.jackson.core:jackson-databind", "2.12.3", "g.jar");
	expect_pkg(&a, "com.fasterxml.jackson.core:jackson-databind", "2.13.4", "g.jar");
	expect_pkg(&a, "JBoss by Red Hat:Gizmo", "1.1", "g.jar");
	assert_int_equal(a.npkgs, 6);

	/* no pom.properties, no usable manifest, no Java DB: nothing */
	snprintf(rel, sizeof(rel), "%sheuristic-1.0.0-SNAPSHOT.jar", pj);
	assert_int_equal(run_shared(rel, "heuristic-1.0.0-SNAPSHOT.jar", &a), 0);
	assert_int_equal(a.npkgs, 0);
}

/* Trivy's analyzer expectations: licences from embedded pom.xml files (names as written)
 * and from a Jenkins plugin manifest. */
static void test_trivy_analyzer_licences(void **state)
{
	struct ks_ares a;
	const struct ks_pkg *p;
	char rel[256];

	(void)state;
	assert_int_equal(run_shared("fixtures/lockfiles/trivy/analyzer/java/jar/test.war",
				 "testdata/test.war", &a),
		0);
	assert_int_equal(a.npkgs, 8);
	p = expect_pkg(&a, "org.glassfish:javax.el", "3.0.0",
		"testdata/test.war/WEB-INF/lib/javax.el-3.0.0.jar");
	assert_int_equal(p->licenses.n, 1);
	assert_string_equal(p->licenses.v[0], "CDDL + GPLv2 with classpath exception");
	p = expect_pkg(&a, "com.cronutils:cron-utils", "9.1.2",
		"testdata/test.war/WEB-INF/lib/cron-utils-9.1.2.jar");
	assert_string_equal(p->licenses.v[0], "Apache 2.0");
	expect_pkg(&a, "com.example:web-app", "1.0-SNAPSHOT", "testdata/test.war");

	assert_int_equal(run_shared("fixtures/lockfiles/trivy/analyzer/java/jar/test.par",
				 "testdata/test.par", &a),
		0);
	assert_int_equal(a.npkgs, 2);
	expect_pkg(&a, "com.example:par-app", "3.0.0", "testdata/test.par");
	expect_pkg(&a, "com.fasterxml.jackson.core:jackson-core", "2.9.10",
		"testdata/test.par/lib/jackson-core-2.9.10.jar");

	snprintf(rel, sizeof(rel), "%slicense-from-jenkins-plugin.jar", pj);
	assert_int_equal(run_shared(rel, "p.jar", &a), 0);
	p = expect_pkg(&a, "com.example:jenkins-plugin", "1.0.0", "p.jar");
	assert_true(p->licenses.n >= 1);

	assert_int_equal(run_shared("fixtures/lockfiles/trivy/analyzer/post-apps/jar/"
				    "jackson-annotations-2.15.0-rc2.jar",
				 "j.jar", &a),
		0);
	p = expect_pkg(&a, "com.fasterxml.jackson.core:jackson-annotations", "2.15.0-rc2", "j.jar");
	assert_string_equal(p->licenses.v[0], "The Apache Software License, Version 2.0");
}

/* ---- archives written here */

struct member {
	const char *name;
	const void *data;
	size_t n;
};

/* A zip (deflate) holding the members; returns a malloc'd buffer. */
static uint8_t *make_zip(const struct member *m, size_t nm, size_t *len)
{
	size_t cap = 1u << 20, i, total = 0;
	struct archive *a = archive_write_new();
	uint8_t *buf;

	for (i = 0; i < nm; i++)
		total += m[i].n;
	cap += total;
	buf = malloc(cap);
	assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
	for (i = 0; i < nm; i++) {
		struct archive_entry *e = archive_entry_new();

		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)m[i].n);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(a, m[i].data, m[i].n), (la_ssize_t)m[i].n);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	return buf;
}

static struct member text(const char *name, const char *s)
{
	return (struct member){ name, s, strlen(s) };
}

static void test_manifests(void **state)
{
	struct member m[2];
	struct ks_ares a;
	uint8_t *zip;
	size_t n;

	(void)state;
	/* Bundle-SymbolicName gives the group up to its last dot; %variables do not count;
	 * Plugin-License-Name-N values are licences */
	m[0] = text("META-INF/MANIFEST.MF",
		"Manifest-Version: 1.0\r\n"
		"Bundle-SymbolicName: com.fasterxml.jackson.core.jackson-databind\r\n"
		"Implementation-Title: %title\r\n"
		"Bundle-Name: jackson-databind\r\n"
		"Specification-Version: 2.9.1\r\n"
		"Plugin-License-Name-1:  MIT \r\n"
		"Plugin-License-Name-x: not a licence\r\n");
	zip = make_zip(m, 1, &n);
	assert_int_equal(lk_run(&cx, &ks_analyzer_jar, "lib/databind.jar", zip, n, &a), 0);
	free(zip);
	assert_int_equal(a.npkgs, 1);
	expect_pkg(&a, "com.fasterxml.jackson.core:jackson-databind", "2.9.1", "lib/databind.jar");
	assert_int_equal(a.pkgs[0].licenses.n, 1);
	assert_string_equal(a.pkgs[0].licenses.v[0], "MIT");

	/* a pom.properties matching the file name wins over the manifest; a non-matching one
	 * does not */
	m[0] = text("META-INF/maven/g/a/pom.properties", "groupId=g\nartifactId=a\nversion=1.0\n");
	m[1] = text("META-INF/MANIFEST.MF",
		"Implementation-Vendor-Id: v\nImplementation-Title: t\n"
		"Implementation-Version: 9\n");
	zip = make_zip(m, 2, &n);
	assert_int_equal(lk_run(&cx, &ks_analyzer_jar, "a-1.0.jar", zip, n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	expect_pkg(&a, "g:a", "1.0", "a-1.0.jar");
	assert_int_equal(lk_run(&cx, &ks_analyzer_jar, "other.jar", zip, n, &a), 0);
	free(zip);
	assert_int_equal(a.npkgs, 2);
	expect_pkg(&a, "v:t", "9", "other.jar");
}

static void test_limits_and_slip(void **state)
{
	struct member m[3];
	struct ks_ares a;
	uint8_t *zip, *inner, *big;
	size_t n, in;
	char *longline;
	int rc;

	(void)state;
	/* an inner jar whose entry climbs out of the archive is skipped; one inside is read */
	m[0] = text("META-INF/maven/i/i/pom.properties", "groupId=i\nartifactId=i\nversion=2\n");
	inner = make_zip(m, 1, &in);
	m[0] = (struct member){ "../../escape.jar", inner, in };
	m[1] = (struct member){ "lib/ok.jar", inner, in };
	zip = make_zip(m, 2, &n);
	free(inner);
	assert_int_equal(lk_run(&cx, &ks_analyzer_jar, "app/x.war", zip, n, &a), 0);
	free(zip);
	assert_int_equal(a.npkgs, 1);
	expect_pkg(&a, "i:i", "2", "app/x.war/lib/ok.jar");

	/* a MANIFEST.MF over the metadata cap (it compresses to almost nothing) */
	big = malloc((16u << 20) + 2);
	memset(big, 'A', (16u << 20) + 2);
	m[0] = (struct member){ "META-INF/MANIFEST.MF", big, (16u << 20) + 2 };
	zip = make_zip(m, 1, &n);
	free(big);
	rc = lk_run(&cx, &ks_analyzer_jar, "big.jar", zip, n, &a);
	free(zip);
	lk_expect_err(&cx, rc, KS_ELIMIT, "'big.jar'", "MANIFEST.MF");

	/* a pom.properties line Go's scanner cannot read */
	longline = malloc(70001);
	memset(longline, 'x', 70000);
	longline[70000] = '\n';
	m[0] = (struct member){ "META-INF/maven/g/a/pom.properties", longline, 70001 };
	zip = make_zip(m, 1, &n);
	free(longline);
	rc = lk_run(&cx, &ks_analyzer_jar, "long.jar", zip, n, &a);
	free(zip);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'long.jar'", "too long");
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} t[] = { { "a/b.jar", true }, { "b.JAR", true }, { "x/y.war", true },
		{ "x/y.ear", true }, { "x/y.par", true }, { "x/y.zip", false },
		{ "x/jar", false }, { "x.jar/y", false } };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(ks_analyzer_jar.wants(t[i].path, strlen(t[i].path)), t[i].want);
	assert_int_equal(ks_analyzer_jar.modes, KS_MODE_POST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_log4j_core, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bombs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_parser, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_analyzer_licences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manifests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits_and_slip, setup, teardown),
		cmocka_unit_test(test_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
