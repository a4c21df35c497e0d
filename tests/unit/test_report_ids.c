/* test_report_ids.c - "ID" and "PkgID" in the JSON report, and the report loader (kensa
 * convert) on reports that lack them. Trivy's integration goldens are read back and
 * written again: the IDs present in a golden must come out exactly as written, the
 * absent ones must stay absent, and every finding must be attached to the package it
 * names even when it has no PkgID (by name, installed version and path). */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"

#define GOLDENS "fixtures/goldens/trivy/integration/"

static kensa_result *load(const char *path)
{
	kensa_result *r = NULL;
	char err[512];
	int rc = kensa_report_load(path, &r, err, sizeof(err));

	if (rc != 0)
		fail_msg("load %s: %s", path, err);
	return r;
}

/* Writes s to a fresh temporary file; returns its malloc'd path. */
static char *temp_report(const char *s)
{
	char *path = strdup("/tmp/kensa-report-ids-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
	return path;
}

static json_t *write_json(const kensa_result *r, bool all)
{
	struct kensa_report_options ro = { 0 };
	char *buf = NULL, err[512];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_error_t je;
	json_t *doc;

	assert_non_null(f);
	ro.list_all_pkgs = all;
	if (kensa_report_write(r, "json", &ro, f, err, sizeof(err)) != 0)
		fail_msg("write: %s", err);
	fclose(f);
	doc = json_loadb(buf, len, 0, &je);
	free(buf);
	if (doc == NULL)
		fail_msg("written report does not parse: %s", je.text);
	return doc;
}

/* The i-th result of doc whose Target is name. */
static json_t *result_named(json_t *doc, const char *name)
{
	json_t *x;
	size_t i;

	json_array_foreach(json_object_get(doc, "Results"), i, x)
		if (strcmp(json_string_value(json_object_get(x, "Target")), name) == 0)
			return x;
	fail_msg("no result %s", name);
	return NULL;
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Each finding of the written report has the golden's PkgID (or none), and, in language
 * targets, the golden's package URL (which needs the package's type). Returns the
 * number of findings compared. */
static size_t compare_findings(json_t *got, json_t *want)
{
	json_t *wr, *wv;
	size_t i, j, n = 0;

	json_array_foreach(json_object_get(want, "Results"), i, wr) {
		json_t *gr = result_named(got, str(wr, "Target"));
		json_t *gv = json_object_get(gr, "Vulnerabilities");

		assert_int_equal(json_array_size(gv), json_array_size(json_object_get(wr,
							      "Vulnerabilities")));
		json_array_foreach(json_object_get(wr, "Vulnerabilities"), j, wv) {
			json_t *g = json_array_get(gv, j);

			assert_string_equal(str(g, "VulnerabilityID"), str(wv, "VulnerabilityID"));
			assert_string_equal(str(g, "PkgName"), str(wv, "PkgName"));
			if (!same(str(g, "PkgID"), str(wv, "PkgID")))
				fail_msg("%s %s: PkgID %s, golden %s", str(wr, "Target"),
					str(wv, "PkgName"), or_none(str(g, "PkgID")),
					or_none(str(wv, "PkgID")));
			if (strcmp(str(wr, "Class"), "lang-pkgs") == 0)
				assert_string_equal(
					str(json_object_get(g, "PkgIdentifier"), "PURL"),
					str(json_object_get(wv, "PkgIdentifier"), "PURL"));
			n++;
		}
	}
	return n;
}

/* pip.json.golden lists its packages without IDs and its findings without PkgIDs: the
 * findings land on the listed packages and nothing gains an ID on the way back out. */
static void test_pip_golden(void **state)
{
	kensa_result *r;
	json_t *want, *got, *p;
	json_error_t je;
	const struct ks_target *t;
	size_t i;

	(void)state;
	r = load(tu_shared(GOLDENS "pip.json.golden"));
	assert_int_equal(r->ntargets, 1);
	t = &r->targets[0];
	assert_int_equal(t->npkgs, 7);
	assert_int_equal(t->nvulns, 2);
	for (i = 0; i < t->nvulns; i++) {
		const struct ks_pkg *pk = t->vulns[i].pkg;

		assert_true(pk >= t->pkgs && pk < t->pkgs + t->npkgs);
		assert_string_equal(pk->name, "Werkzeug");
		assert_string_equal(pk->version, t->vulns[i].installed);
		assert_null(pk->id);
	}
	want = json_load_file(tu_shared(GOLDENS "pip.json.golden"), 0, &je);
	assert_non_null(want);
	got = write_json(r, true);
	json_array_foreach(json_object_get(result_named(got, "requirements.txt"), "Packages"), i,
		p) {
		assert_null(json_object_get(p, "ID"));
		assert_string_equal(str(p, "AnalyzedBy"), "pip");
	}
	assert_int_equal(i, 7);
	assert_int_equal(compare_findings(got, want), 2);
	json_decref(got);
	json_decref(want);
	kensa_result_free(r);
}

/* Findings of reports without a package list (all but npm and poetry here) get rebuilt
 * packages. OS findings keep their PkgID exactly (the rpm one has the arch, which the
 * finding does not otherwise carry); python-pkg, jar and gemspec findings stay without
 * one and get their pypi, maven and gem package URLs from the target's type. npm and
 * pom.xml (whose IDs end in a path hash) keep theirs. */
static void test_goldens_findings(void **state)
{
	static const char *const goldens[] = { "ubi-7-comprehensive", "spring4shell-jre8",
		"spring4shell-jre11", "fluentd-gems", "npm", "pom", "poetry", "gomod",
		"composer.lock", "cargo.lock" };
	size_t g, total = 0;

	(void)state;
	for (g = 0; g < sizeof(goldens) / sizeof(goldens[0]); g++) {
		char rel[256];
		kensa_result *r;
		json_t *want, *got;
		json_error_t je;

		snprintf(rel, sizeof(rel), GOLDENS "%s.json.golden", goldens[g]);
		r = load(tu_shared(rel));
		want = json_load_file(tu_shared(rel), 0, &je);
		assert_non_null(want);
		got = write_json(r, false);
		total += compare_findings(got, want);
		json_decref(got);
		json_decref(want);
		kensa_result_free(r);
	}
	assert_int_equal(total, 16);
}

/* A report whose packages carry their IDs writes them back unchanged (npm, poetry). */
static void test_listed_ids_kept(void **state)
{
	static const char *const goldens[] = { "npm", "poetry", "cargo.lock", "composer.lock" };
	size_t g, i, n = 0;

	(void)state;
	for (g = 0; g < sizeof(goldens) / sizeof(goldens[0]); g++) {
		char rel[256];
		kensa_result *r;
		json_t *want, *got, *wr, *wp;
		json_error_t je;

		snprintf(rel, sizeof(rel), GOLDENS "%s.json.golden", goldens[g]);
		r = load(tu_shared(rel));
		want = json_load_file(tu_shared(rel), 0, &je);
		got = write_json(r, true);
		wr = json_array_get(json_object_get(want, "Results"), 0);
		json_array_foreach(json_object_get(wr, "Packages"), i, wp) {
			json_t *gp = json_array_get(json_object_get(result_named(got, str(wr,
				"Target")), "Packages"), i);

			assert_non_null(str(wp, "ID"));
			assert_string_equal(str(gp, "ID"), str(wp, "ID"));
			n++;
		}
		json_decref(got);
		json_decref(want);
		kensa_result_free(r);
	}
	assert_true(n >= 20);
}

/* A fat jar holds two versions of one artifact under one FilePath, and its findings have
 * no PkgID: each finding goes to the version it names, not to the first listed. Without
 * a package list, the same artifact in two jars gives two packages, one per path. */
#define LOG4J "\"org.apache.logging.log4j:log4j-core\""
#define JAR_TARGET "\"Target\": \"Java\", \"Class\": \"lang-pkgs\", \"Type\": \"jar\""
#define FINDING(cve, path) \
	"{\"VulnerabilityID\": \"" cve "\", \"PkgName\": " LOG4J ", \"PkgPath\": \"" path \
	"\", \"InstalledVersion\": \"2.14.1\", \"Severity\": \"CRITICAL\"}"
#define LISTED(version) \
	"{\"Name\": " LOG4J ", \"Version\": \"" version "\", \"FilePath\": \"app/fat.jar\"," \
	" \"AnalyzedBy\": \"jar\"}"

static const char fat_jar[] = "{\"SchemaVersion\": 2, \"ArtifactName\": \"img\", \"Results\": ["
	"{" JAR_TARGET ", \"Packages\": [" LISTED("2.17.1") ", " LISTED("2.14.1") "],"
	" \"Vulnerabilities\": [" FINDING("CVE-2021-44228", "app/fat.jar") "]},"
	"{" JAR_TARGET ", \"Vulnerabilities\": [" FINDING("CVE-2021-44228", "a.jar") ", "
	FINDING("CVE-2021-44228", "b.jar") ", " FINDING("CVE-2021-45046", "b.jar") "]}]}";

static void test_fat_jar_without_pkgid(void **state)
{
	char *path = temp_report(fat_jar);
	kensa_result *r = load(path);
	const struct ks_target *t = &r->targets[0], *u = &r->targets[1];
	json_t *got, *v;
	size_t i;

	(void)state;
	assert_int_equal(t->nvulns, 1);
	assert_ptr_equal(t->vulns[0].pkg, &t->pkgs[1]);
	assert_int_equal(u->nvulns, 3);
	assert_string_equal(u->vulns[0].pkg->file_path, "a.jar");
	assert_string_equal(u->vulns[1].pkg->file_path, "b.jar");
	assert_ptr_equal(u->vulns[2].pkg, u->vulns[1].pkg);
	assert_ptr_not_equal(u->vulns[0].pkg, u->vulns[1].pkg);
	assert_string_equal(u->vulns[0].pkg->analyzed_by, "jar");
	got = write_json(r, true);
	json_array_foreach(json_object_get(json_array_get(json_object_get(got, "Results"), 1),
				   "Vulnerabilities"), i, v) {
		assert_null(json_object_get(v, "PkgID"));
		assert_string_equal(str(json_object_get(v, "PkgIdentifier"), "PURL"),
			"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
	}
	assert_int_equal(i, 3);
	json_decref(got);
	kensa_result_free(r);
	unlink(path);
	free(path);
}

/* Findings of 40 rebuilt packages, then a second one for each: every pair shares one
 * package (the table writer merges rows by package address), however often the list of
 * rebuilt packages grew in between. */
static void test_rebuilt_packages_stay_put(void **state)
{
	json_t *doc = json_pack("{s:i, s:s, s:[{s:s, s:s, s:s, s:[]}]}", "SchemaVersion", 2,
		"ArtifactName", "img", "Results", "Target", "Ruby", "Class", "lang-pkgs", "Type",
		"gemspec", "Vulnerabilities");
	json_t *vulns = json_object_get(json_array_get(json_object_get(doc, "Results"), 0),
		"Vulnerabilities");
	const struct ks_target *t;
	kensa_result *r;
	char *text, *path;
	size_t i;

	(void)state;
	for (i = 0; i < 80; i++) {
		char name[32];

		snprintf(name, sizeof(name), "gem%zu", i % 40);
		json_array_append_new(vulns, json_pack("{s:s, s:s, s:s, s:s, s:s}",
			"VulnerabilityID", i < 40 ? "CVE-2020-0001" : "CVE-2020-0002",
			"PkgName", name, "PkgPath", "var/lib/gems/specifications/x.gemspec",
			"InstalledVersion", "1.0", "Severity", "HIGH"));
	}
	text = json_dumps(doc, 0);
	path = temp_report(text);
	r = load(path);
	t = &r->targets[0];
	assert_int_equal(t->nvulns, 80);
	for (i = 0; i < 40; i++) {
		assert_ptr_equal(t->vulns[i].pkg, t->vulns[i + 40].pkg);
		assert_string_equal(t->vulns[i].pkg->analyzed_by, "gemspec");
	}
	assert_ptr_not_equal(t->vulns[0].pkg, t->vulns[1].pkg);
	kensa_result_free(r);
	unlink(path);
	free(path);
	free(text);
	json_decref(doc);
}

/* NuGet: a packages.config target is written without IDs, a lock file with them, even
 * when the report read back had none. */
#define NUGET(file) \
	"{\"Target\": \"src/app/" file "\", \"Class\": \"lang-pkgs\", \"Type\": \"nuget\"," \
	" \"Packages\": [{\"Name\": \"Newtonsoft.Json\", \"Version\": \"12.0.3\"," \
	" \"AnalyzedBy\": \"nuget\"}]}"

static const char nuget[] = "{\"SchemaVersion\": 2, \"ArtifactName\": \".\", \"Results\": ["
	NUGET("packages.config") ", " NUGET("packages.lock.json") "]}";

static void test_nuget_config_and_lock(void **state)
{
	char *path = temp_report(nuget);
	kensa_result *r = load(path);
	json_t *got;

	(void)state;
	got = write_json(r, true);
	assert_null(json_object_get(json_array_get(json_object_get(result_named(got,
		"src/app/packages.config"), "Packages"), 0), "ID"));
	assert_string_equal(str(json_array_get(json_object_get(result_named(got,
		"src/app/packages.lock.json"), "Packages"), 0), "ID"), "Newtonsoft.Json@12.0.3");
	json_decref(got);
	kensa_result_free(r);
	unlink(path);
	free(path);
}

/* The golden cut short is a corrupt report, reported with its path. */
static void test_truncated(void **state)
{
	size_t len;
	uint8_t *b = tu_read(tu_shared(GOLDENS "pip.json.golden"), &len);
	char *cut, *path, err[512];
	kensa_result *r = NULL;

	(void)state;
	cut = strndup((const char *)b, len / 2);
	path = temp_report(cut);
	assert_int_equal(kensa_report_load(path, &r, err, sizeof(err)), KENSA_ECORRUPT);
	assert_null(r);
	assert_non_null(strstr(err, path));
	unlink(path);
	free(path);
	free(cut);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pip_golden),
		cmocka_unit_test(test_goldens_findings),
		cmocka_unit_test(test_listed_ids_kept),
		cmocka_unit_test(test_fat_jar_without_pkgid),
		cmocka_unit_test(test_rebuilt_packages_stay_put),
		cmocka_unit_test(test_nuget_config_and_lock),
		cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
