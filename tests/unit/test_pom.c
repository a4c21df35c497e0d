/*
 * test_pom.c - the pom analyzer: the integration repository's pom.xml against the package
 * ID of Trivy's pom golden (the hashed "gav::" form, with the path Trivy hashed), Trivy's
 * pom analyzer fixtures (happy, unsupported range, broken, maven-invoker integration test),
 * syft's real POMs, and documents written here for property evaluation (nesting, project
 * and parent coordinates, loops, env), dependencyManagement, scopes, hard requirements,
 * duplicates, and hostile or malformed XML (DOCTYPE, entities, depth, text size).
 */
#include "langkit.h"

#include "analyze/pomxml.h"

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

static const struct ks_pkg *find_name(const struct ks_ares *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->npkgs; i++)
		if (strcmp(a->pkgs[i].name, name) == 0)
			return &a->pkgs[i];
	return NULL;
}

/* The golden's vulnerable package: com.fasterxml.jackson.core:jackson-databind 2.9.1 with
 * PkgID "...:2.9.1::6a9e9547" when the file is reached as Trivy's integration test did. */
static void test_integration_golden(void **state)
{
	static const char gpath[] = "testdata/fixtures/repo/pom/pom.xml";
	struct ks_ares a;
	const struct ks_pkg *root, *jd;

	(void)state;
	assert_int_equal(
		lk_run_shared(&cx, &ks_analyzer_pom,
			"fixtures/lockfiles/trivy-integration-repo/pom/pom.xml", gpath, &a),
		0);
	assert_int_equal(a.npkgs, 2);
	jd = find_name(&a, "com.fasterxml.jackson.core:jackson-databind");
	assert_non_null(jd);
	assert_string_equal(jd->version, "2.9.1");
	assert_string_equal(jd->id, "com.fasterxml.jackson.core:jackson-databind:2.9.1::6a9e9547");
	assert_int_equal(jd->relationship, KS_REL_DIRECT);
	assert_int_equal(jd->nlocs, 1);
	assert_int_equal(jd->locs[0].start, 41);
	assert_int_equal(jd->locs[0].end, 45);
	root = find_name(&a, "com.example:log4shell");
	assert_non_null(root);
	assert_string_equal(root->version, "1.0-SNAPSHOT");
	assert_int_equal(root->relationship, KS_REL_ROOT);
	assert_int_equal(root->depends_on.n, 1);
	assert_string_equal(root->depends_on.v[0], jd->id);
	/* provided and test scopes are not packages; no warning for them */
	assert_null(find_name(&a, "javax.servlet:javax.servlet-api"));
	assert_null(find_name(&a, "org.junit.jupiter:junit-jupiter-api"));
	assert_int_equal(cx.nwarns, 0);
}

static void test_trivy_analyzer_fixtures(void **state)
{
	static const char *const base = "fixtures/lockfiles/trivy/analyzer/java/pom/";
	struct ks_ares a;
	char rel[256];
	const struct ks_pkg *p;
	int rc;

	(void)state;
	snprintf(rel, sizeof(rel), "%shappy/pom.xml", base);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_pom, rel, "happy/pom.xml", &a), 0);
	assert_int_equal(a.npkgs, 2);
	p = find_name(&a, "com.example:example");
	assert_string_equal(p->version, "1.0.0");
	assert_int_equal(p->licenses.n, 1);
	assert_string_equal(p->licenses.v[0], "Apache 2.0");
	assert_false(p->dev);
	p = find_name(&a, "com.example:example-api");
	assert_string_equal(p->version, "2.0.0");

	/* "(,1.0]" is a range Trivy does not resolve: the dependency is skipped, with a warning */
	snprintf(rel, sizeof(rel), "%srequirements/pom.xml", base);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_pom, rel, "requirements/pom.xml", &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].version, "2.0.0");
	assert_int_equal(lk_nwarns(&cx, "without a resolvable version"), 1);

	snprintf(rel, sizeof(rel), "%sbroken/pom.xml", base);
	rc = lk_run_shared(&cx, &ks_analyzer_pom, rel, "broken/pom.xml", &a);
	lk_expect_err(&cx, rc, KS_ECORRUPT, "'broken/pom.xml'", NULL);

	snprintf(rel, sizeof(rel), "%smark-as-dev/src/it/example/pom.xml", base);
	assert_int_equal(
		lk_run_shared(&cx, &ks_analyzer_pom, rel, "src/it/example/pom.xml", &a), 0);
	assert_int_equal(a.npkgs, 2);
	assert_true(a.pkgs[0].dev && a.pkgs[1].dev);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_pom, rel, "x/target/it/y/pom.xml", &a), 0);
	assert_true(a.pkgs[0].dev);
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_pom, rel, "x/it/y/pom.xml", &a), 0);
	assert_false(a.pkgs[0].dev);
}

/* syft's real POMs: a parent-inherited groupId leaves no root (as in Trivy); licences. */
static void test_syft_poms(void **state)
{
	struct ks_ares a;
	const struct ks_pkg *p;

	(void)state;
	assert_int_equal(lk_run_shared(&cx, &ks_analyzer_pom,
				 "fixtures/syft-fixtures/java/pom/commons-text-1.10.0/pom.xml",
				 "pom.xml", &a),
		0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "org.apache.commons:commons-lang3");
	assert_string_equal(a.pkgs[0].version, "3.12.0");
	assert_int_equal(
		lk_run_shared(&cx, &ks_analyzer_pom,
			"fixtures/syft-fixtures/java/pom/neo4j-license-maven-plugin.pom.xml",
			"pom.xml", &a),
		0);
	p = find_name(&a, "org.neo4j.build.plugins:license-maven-plugin");
	assert_non_null(p);
	assert_string_equal(p->licenses.v[0], "The Apache Software License, Version 2.0");
	assert_int_equal(p->depends_on.n, 4);
	assert_int_equal(a.npkgs, 5);
}

static int run_text(const char *xml, struct ks_ares *a)
{
	return lk_run(&cx, &ks_analyzer_pom, "p/pom.xml", xml, strlen(xml), a);
}

static void expect_version(const struct ks_ares *a, const char *name, const char *version)
{
	const struct ks_pkg *p = find_name(a, name);

	if (p == NULL)
		fail_msg("%s missing", name);
	if (strcmp(p->version, version) != 0)
		fail_msg("%s: version '%s', want '%s'", name, p->version, version);
}

static void test_properties(void **state)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n"
		"<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
		"  <parent><groupId>org.parent</groupId><artifactId>p</artifactId>"
		"<version>7.1</version></parent>\n"
		"  <groupId>${org}</groupId><artifactId>app</artifactId>\n"
		"  <version>\n    ${base}.3\n  </version>\n"
		"  <properties>\n"
		"    <org>com.example</org><base>1.2</base><nested>${base}-x</nested>\n"
		"    <loopa>${loopb}</loopa><loopb>${loopa}</loopb>\n"
		"    <version>9.9</version><twice>1</twice><twice>2</twice>\n"
		"  </properties>\n"
		"  <dependencies>\n"
		"    <dependency><groupId>g</groupId><artifactId>nested</artifactId>"
		"<version>${nested}</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>projver</artifactId>"
		"<version>${project.version}</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>plainver</artifactId>"
		"<version>${version}</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>parent</artifactId>"
		"<version>${project.parent.version}</version></dependency>\n"
		"    <dependency><groupId>${project.groupId}</groupId>"
		"<artifactId>self-group</artifactId>"
		"<version><![CDATA[3.0]]></version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>twice</artifactId>"
		"<version>${twice}</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>mixed</artifactId>"
		"<version>${base}.${nope}0</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>loop</artifactId>"
		"<version>${loopa}</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>env</artifactId>"
		"<version>${env.HOME}</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>unknown</artifactId>"
		"<version>${nope}</version></dependency>\n"
		"    <dependency><groupId>g</groupId><artifactId>hard</artifactId>"
		"<version>[2.5]</version></dependency>\n"
		"  </dependencies>\n"
		"</project>\n";
	struct ks_ares a;

	(void)state;
	assert_int_equal(run_text(xml, &a), 0);
	expect_version(&a, "com.example:app", "1.2.3");
	expect_version(&a, "g:nested", "1.2-x");
	expect_version(&a, "g:projver", "1.2.3");
	expect_version(&a, "g:plainver", "1.2.3");
	expect_version(&a, "g:parent", "7.1");
	expect_version(&a, "com.example:self-group", "3.0");
	expect_version(&a, "g:twice", "2");
	expect_version(&a, "g:mixed", "1.2.0");
	expect_version(&a, "g:hard", "2.5");
	assert_null(find_name(&a, "g:loop"));
	assert_null(find_name(&a, "g:env"));
	assert_null(find_name(&a, "g:unknown"));
	assert_int_equal(lk_nwarns(&cx, "3 dependencies without a resolvable version"), 1);
	assert_int_equal(find_name(&a, "g:nested")->locs[0].start, 14);
}

static void test_management_and_scopes(void **state)
{
	static const char xml[] =
		"<project><groupId>g</groupId><artifactId>root</artifactId><version>1</version>\n"
		"<properties><v>4.4</v></properties>\n"
		"<dependencyManagement><dependencies>\n"
		"  <dependency><groupId>m</groupId><artifactId>a</artifactId>"
		"<version>${v}</version>"
		"<scope>test</scope></dependency>\n"
		"  <dependency><groupId>m</groupId><artifactId>b</artifactId><version>2.0</version>"
		"</dependency>\n"
		"  <dependency><groupId>m</groupId><artifactId>bom</artifactId><version>1</version>"
		"<scope>import</scope></dependency>\n"
		"</dependencies></dependencyManagement>\n"
		"<dependencies>\n"
		"  <dependency><groupId>m</groupId><artifactId>a</artifactId></dependency>\n"
		"  <dependency><groupId>m</groupId><artifactId>b</artifactId></dependency>\n"
		"  <dependency><groupId>m</groupId><artifactId>b</artifactId><version>9</version>"
		"</dependency>\n"
		"  <dependency><groupId>m</groupId><artifactId>b</artifactId><version>[3]</version>"
		"</dependency>\n"
		"  <dependency><groupId>c</groupId><artifactId>rt</artifactId><version>1</version>"
		"<scope> runtime </scope></dependency>\n"
		"  <dependency><groupId>c</groupId><artifactId>opt</artifactId><version>1</version>"
		"<optional>True</optional></dependency>\n"
		"  <dependency><groupId>c</groupId><artifactId>sys</artifactId><version>1</version>"
		"<scope>system</scope></dependency>\n"
		"  <wrapper><dependency><groupId>c</groupId><artifactId>deep</artifactId>"
		"<version>1</version></dependency></wrapper>\n"
		"</dependencies></project>trailing <garbage";
	struct ks_ares a;
	const struct ks_pkg *b;

	(void)state;
	assert_int_equal(run_text(xml, &a), 0);
	/* m:a takes version and test scope from the management: skipped */
	assert_null(find_name(&a, "m:a"));
	/* the first m:b (managed 2.0) stays until the hard [3] overrides its version */
	b = find_name(&a, "m:b");
	assert_string_equal(b->version, "3");
	assert_int_equal(b->locs[0].start, 10);
	expect_version(&a, "c:rt", "1");
	expect_version(&a, "c:deep", "1");
	assert_null(find_name(&a, "c:opt"));
	assert_null(find_name(&a, "c:sys"));
	assert_int_equal(a.npkgs, 4);
	assert_int_equal(find_name(&a, "g:root")->depends_on.n, 3);
}

static void test_hostile_and_malformed(void **state)
{
	static const char *const bad[] = {
		"<!DOCTYPE p [<!ENTITY x \"y\">]><project><groupId>&x;</groupId></project>",
		"<project><groupId>&undefined;</groupId></project>",
		"<project><groupId>a</artifactId></project>",
		("<project><dependencies><dependency><optional>yes</optional></dependency>"
			"</dependencies></project>"),
		"<project>",
		"",
		"not xml",
	};
	struct ks_ares a;
	size_t i;
	char *deep, *big;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = run_text(bad[i], &a);
		lk_expect_err(&cx, rc, KS_ECORRUPT, "'p/pom.xml'", NULL);
	}
	/* nesting past the limit */
	deep = malloc(70 * 3 + 70 * 4 + 1);
	for (i = 0; i < 70; i++)
		memcpy(deep + 3 * i, "<a>", 3);
	for (i = 0; i < 70; i++)
		memcpy(deep + 210 + 4 * i, "</a>", 4);
	deep[490] = '\0';
	rc = run_text(deep, &a);
	lk_expect_err(&cx, rc, KS_ELIMIT, "'p/pom.xml'", "nested");
	free(deep);
	/* a text past the limit */
	big = malloc(KS_POM_MAXTEXT + 64);
	memcpy(big, "<project><version>", 18);
	memset(big + 18, '1', KS_POM_MAXTEXT + 1);
	memcpy(big + 18 + KS_POM_MAXTEXT + 1, "</version></project>", 21);
	rc = run_text(big, &a);
	lk_expect_err(&cx, rc, KS_ELIMIT, "'p/pom.xml'", "too long");
	free(big);
}

static void test_mangled_and_wants(void **state)
{
	size_t n;
	uint8_t *data = tu_read(tu_shared("fixtures/lockfiles/trivy-integration-repo/pom/pom.xml"),
		&n);

	(void)state;
	lk_mangle(&cx, &ks_analyzer_pom, "pom.xml", data, n);
	free(data);
	assert_true(ks_analyzer_pom.wants("pom.xml", 7));
	assert_true(ks_analyzer_pom.wants("a/pom.xml", 9));
	assert_false(ks_analyzer_pom.wants("a/xpom.xml", 10));
	assert_false(ks_analyzer_pom.wants("a/pom", 5));
	assert_int_equal(ks_analyzer_pom.modes, KS_MODE_PRE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_integration_golden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_analyzer_fixtures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syft_poms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_properties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_management_and_scopes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_and_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mangled_and_wants, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
