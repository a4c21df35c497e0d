/* test_python_pkg.c - the python-pkg analyzer (lib/analyze/python_pkg.c): which paths it
 * wants, Trivy's packaging parser expectations (name, version, licences before and after
 * normalisation) on Trivy's own test inputs, Debian's dist-packages metadata against the
 * expected list, osv-scalibr and syft inputs, zipped eggs, and corrupt inputs. */
#include "testutil.h"

#include "analyze/analyzer.h"
#include "util/license.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct ks_analyzer *an = &ks_analyzer_python_pkg;

/* Parses the shared fixture rel as if it were at path; returns the code. */
static int run(struct ks_ctx *cx, const char *rel, const char *path, struct ks_ares *out)
{
	size_t n;
	uint8_t *d = tu_read(tu_shared(rel), &n);
	struct ks_file f = {.path = path, .data = d, .size = n};
	int r;

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx->err);
	r = an->parse(cx, &f, out);
	free(d);
	return r;
}

static int run_mem(
        struct ks_ctx *cx, const char *text, size_t n, const char *path, struct ks_ares *out)
{
	struct ks_file f = {.path = path, .data = (const uint8_t *)text, .size = n};

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx->err);
	return an->parse(cx, &f, out);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
	        {"usr/lib/python3/site-packages/pip-22.2.2.dist-info/METADATA", true},
	        {"usr/lib/python3/site-packages/pip-22.2.2.dist-info/RECORD", false},
	        {"a.dist-info/sub/METADATA", true}, /* Trivy: path contains .dist-info */
	        {"usr/lib/METADATA", false}, {"usr/lib/x.dist-info.bak/METADATA", true},
	        {"site-packages/distlib-0.3.1-py3.9.egg-info", true},
	        {"site-packages/setuptools.egg-info/PKG-INFO", true},
	        {"site-packages/kitchen.egg/EGG-INFO/PKG-INFO", true},
	        {"site-packages/x.egg-info/SOURCES.txt", false},
	        {"site-packages/kitchen-1.2.6-py2.7.egg", true},
	        {"site-packages/kitchen-1.2.6-py2.7.eggs", false}, {"PKG-INFO", false},
	        {"w.EGG-INFO/PKG-INFO", true},
	        {"v.DIST-INFO/METADATA", false}, /* case-sensitive, as Trivy */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (an->wants(cases[i].path, strlen(cases[i].path)) != cases[i].want)
			fail_msg("wants(%s) != %d", cases[i].path, cases[i].want);
	assert_int_equal(an->modes, KS_MODE_POST);
	assert_string_equal(an->name, "python-pkg");
}

/* Checks one package: name, version and the licences Trivy's parser returns (raw), which
 * must come out normalised. */
static void check_pkg(struct ks_ctx *cx, const struct ks_ares *out, const char *name,
        const char *version, const char *const *raw)
{
	size_t i, n = 0;

	assert_int_equal(out->npkgs, 1);
	assert_string_equal(out->pkgs[0].name, name);
	assert_string_equal(out->pkgs[0].version, version);
	assert_null(out->pkgs[0].file_path); /* the scanner sets the metadata file */
	while (raw != NULL && raw[n] != NULL)
		n++;
	if (out->pkgs[0].licenses.n != n)
		fail_msg("%s: %zu licences, want %zu", name, out->pkgs[0].licenses.n, n);
	for (i = 0; i < n; i++) {
		const char *norm;

		assert_int_equal(ks_license_normalize(&cx->arena, ks_str_c(raw[i]), &norm), 0);
		assert_string_equal(out->pkgs[0].licenses.v[i], norm);
	}
}

/* Trivy's pkg/dependency/parser/python/packaging parse_test.go cases. */
static void test_trivy_parser(void **state)
{
	static const char *const unknown[] = {"UNKNOWN", NULL};
	static const char *const pylic[] = {"Python license", NULL};
	static const char *const psf[] = {"Python Software Foundation License", NULL};
	static const char *const epl[] = {"Eclipse Public License v2.0", NULL};
	static const char *const pyphen[] = {"GNU General Public License v2 or later (GPLv2+)",
	        "GNU Lesser General Public License v2 or later (LGPLv2+)",
	        "Mozilla Public License 1.1 (MPL 1.1)", NULL};
	static const char *const mit[] = {"MIT", NULL};
	static const char *const mitl[] = {"MIT License", NULL};
	static const struct {
		const char *file, *name, *version;
		const char *const *lic;
	} cases[] = {
	        {"setuptools-51.3.3-py3.8.egg-info.PKG-INFO", "setuptools", "51.3.3", unknown},
	        {"unidecode-egg-info.PKG-INFO", "Unidecode", "0.4.1", unknown},
	        {"distlib-0.3.1-py3.9.egg-info", "distlib", "0.3.1", pylic},
	        {"simple-0.1.0.METADATA", "simple", "0.1.0", NULL},
	        {"distlib-0.3.1.METADATA", "distlib", "0.3.1", psf},
	        {"asyncssh-2.14.2.METADATA", "asyncssh", "2.14.2", epl},
	        {"pyphen-0.14.0.METADATA", "pyphen", "0.14.0", pyphen},
	        {"iniconfig-2.0.0.METADATA", "iniconfig", "2.0.0", mit},
	        {"zipp-3.12.1.METADATA", "zipp", "3.12.1", mitl},
	        /* Trivy: "file://LICENSE.txt", classified from the file; kensa gives none */
	        {"networkx-3.0.METADATA", "networkx", "3.0", NULL},
	};
	struct ks_ctx cx;
	struct ks_ares out;
	char rel[256];
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(rel, sizeof(rel), "fixtures/lockfiles/trivy/parser/python/packaging/%s",
		        cases[i].file);
		if (run(&cx, rel, "x.dist-info/METADATA", &out) != 0)
			fail_msg("%s: %s", cases[i].file, cx.err.msg);
		check_pkg(&cx, &out, cases[i].name, cases[i].version, cases[i].lic);
	}
	assert_int_equal(run(&cx, "fixtures/lockfiles/trivy/parser/python/packaging/invalid.json",
	                         "x.dist-info/METADATA", &out),
	        KS_ECORRUPT);
	assert_string_equal(
	        cx.err.msg, "python-pkg: 'x.dist-info/METADATA': name or version is empty");
	ks_ctx_release(&cx);
}

/* The normalised licences themselves for a few of them (Trivy's mapping). */
static void test_normalised(void **state)
{
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(
	        run(&cx, "fixtures/lockfiles/trivy/parser/python/packaging/zipp-3.12.1.METADATA",
	                "a.dist-info/METADATA", &out),
	        0);
	assert_string_equal(out.pkgs[0].licenses.v[0], "MIT");
	assert_int_equal(run(&cx,
	                         "fixtures/lockfiles/trivy/analyzer/python/packaging/"
	                         "classifier-license-dist/"
	                         "setuptools-51.3.3.dist-info/METADATA",
	                         "setuptools-51.3.3.dist-info/METADATA", &out),
	        0);
	assert_string_equal(out.pkgs[0].name, "setuptools");
	assert_int_equal(out.pkgs[0].licenses.n, 1);
	assert_string_equal(out.pkgs[0].licenses.v[0], "MIT");
	ks_ctx_release(&cx);
}

/* Debian bookworm's python3-* dist-packages: the expected list beside the fixtures. */
static void test_debian(void **state)
{
	const char *dir = "fixtures/lockfiles/python/debian-bookworm-dist-packages";
	char rel[512], path[512], *line, *save = NULL;
	struct ks_ctx cx;
	struct ks_ares out;
	size_t n, rows = 0;
	uint8_t *tsv;

	(void)state;
	snprintf(rel, sizeof(rel), "%s/expected-packages.tsv", dir);
	tsv = tu_read(tu_shared(rel), &n);
	tu_ctx(&cx);
	for (line = strtok_r((char *)tsv, "\n", &save); line != NULL;
	        line = strtok_r(NULL, "\n", &save)) {
		char *f[5], *s2 = NULL;
		int k = 0;

		for (f[k] = strtok_r(line, "\t", &s2); f[k] != NULL && k < 4;)
			f[++k] = strtok_r(NULL, "\t", &s2);
		if (k < 3 || strcmp(f[0], "dist_info_dir") == 0)
			continue;
		snprintf(rel, sizeof(rel), "%s/%s/%s", dir, f[0],
		        strstr(f[0], ".dist-info") ? "METADATA" : "PKG-INFO");
		snprintf(path, sizeof(path), "usr/lib/python3/dist-packages/%s/%s", f[0],
		        strstr(f[0], ".dist-info") ? "METADATA" : "PKG-INFO");
		assert_true(an->wants(path, strlen(path)));
		if (run(&cx, rel, path, &out) != 0)
			fail_msg("%s: %s", rel, cx.err.msg);
		assert_int_equal(out.npkgs, 1);
		assert_string_equal(out.pkgs[0].name, f[1]);
		assert_string_equal(out.pkgs[0].version, f[2]);
		rows++;
	}
	assert_int_equal(rows, 12);
	free(tsv);
	ks_ctx_release(&cx);
}

/* osv-scalibr and syft inputs: name and version as their tests expect. */
static void test_other_inputs(void **state)
{
	static const struct {
		const char *rel, *name, *version;
	} cases[] = {
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/malformed_pkginfo", "passlib",
	                "1.7.4"},
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/pkginfo", "httplib2", "0.20.4"},
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/mixed_case", "httplib2", "1.0"},
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/distinfo_meta", "pip", "22.2.2"},
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/egginfo_pkginfo", "setuptools",
	                "57.4.0"},
	        /* textproto keeps the first value of a repeated key */
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/repeated_pkginfo", "root",
	                "1.0.0"},
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/egginfo", "pycups", "2.0.1"},
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/special_chars",
	                "backports.ssl_match_hostname", "3.5.0.1"},
	        {"fixtures/lockfiles/python/osv-scalibr-wheelegg/pyopenssl-26.0.0.dist-info",
	                "pyOpenSSL", "26.0.0"},
	        {"fixtures/lockfiles/python/clair-v2/METADATA", "buildbot-www", "1.1.0"},
	        {"fixtures/syft-fixtures/python/site-packages/nested/dist-name/dist-info/METADATA",
	                "Pygments", "2.6.1"},
	        {"fixtures/syft-fixtures/python/site-packages/nested/egg-name/egg-info/PKG-INFO",
	                "requests", "2.22.0"},
	        {"fixtures/syft-fixtures/python/site-packages/test/test.egg-info", "requests",
	                "2.22.0"},
	        {"fixtures/syft-fixtures/python/Python-2.7.egg-info", "Python", "2.7.13"},
	};
	struct ks_ctx cx;
	struct ks_ares out;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (run(&cx, cases[i].rel, "x.egg-info", &out) != 0)
			fail_msg("%s: %s", cases[i].rel, cx.err.msg);
		assert_int_equal(out.npkgs, 1);
		if (strcmp(out.pkgs[0].name, cases[i].name) != 0 ||
		        strcmp(out.pkgs[0].version, cases[i].version) != 0)
			fail_msg("%s: %s %s", cases[i].rel, out.pkgs[0].name, out.pkgs[0].version);
	}
	assert_int_equal(run(&cx, "fixtures/lockfiles/python/osv-scalibr-wheelegg/empty",
	                         "x.egg-info", &out),
	        KS_ECORRUPT);
	assert_int_equal(run(&cx,
	                         "fixtures/syft-fixtures/python/site-packages/no-version/"
	                         "no-version-py3.8.egg-info",
	                         "no-version-py3.8.egg-info", &out),
	        KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "'no-version-py3.8.egg-info'"));
	ks_ctx_release(&cx);
}

static void test_eggs(void **state)
{
	/* the classifier wins over "License: LGPLv2+"; its " or " is not a separator */
	static const char *const lgpl[] = {
	        "GNU Library or Lesser General Public License (LGPL)", NULL};
	const char *kitchen = "fixtures/lockfiles/trivy/analyzer/python/packaging/egg-zip/"
	                      "kitchen-1.2.6-py2.7.egg";
	struct ks_ctx cx;
	struct ks_ares out;
	size_t n;
	uint8_t *d;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(run(&cx, kitchen, "kitchen-1.2.6-py2.7.egg", &out), 0);
	check_pkg(&cx, &out, "kitchen", "1.2.6", lgpl);
	/* only a License-File: Trivy classifies the file, kensa reports no licence */
	assert_int_equal(run(&cx,
	                         "fixtures/lockfiles/trivy/analyzer/python/packaging/"
	                         "egg-zip-with-license-file/sample_package.egg",
	                         "sample_package.egg", &out),
	        0);
	check_pkg(&cx, &out, "sample_package", "0.1", NULL);
	assert_int_equal(run(&cx,
	                         "fixtures/lockfiles/trivy/analyzer/python/packaging/no-req-files/"
	                         "no-required-files.egg",
	                         "no-required-files.egg", &out),
	        0);
	assert_int_equal(out.npkgs, 0);
	assert_int_equal(
	        run(&cx, "fixtures/lockfiles/python/osv-scalibr-wheelegg/monotonic-1.6-py3.10.egg",
	                "monotonic-1.6-py3.10.egg", &out),
	        0);
	check_pkg(&cx, &out, "monotonic", "1.6",
	        (const char *const[]){"Apache Software License", NULL});
	/* a truncated archive is corrupt, and the message names the file */
	d = tu_read(tu_shared(kitchen), &n);
	assert_int_equal(run_mem(&cx, (const char *)d, n / 2, "k.egg", &out), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "python-pkg: 'k.egg': "));
	assert_int_equal(run_mem(&cx, "PK\3\4garbage", 11, "k.egg", &out), KS_ECORRUPT);
	assert_int_equal(run_mem(&cx, "", 0, "k.egg", &out), KS_ECORRUPT);
	free(d);
	ks_ctx_release(&cx);
}

/* Header reading as textproto does it. */
static void test_header(void **state)
{
	static const char cont[] = "Name: a\nVersion: 1\nLicense: GNU\n  General\n\tPublic\n"
	                           "Classifier: Foo\n\nLicense: ignored body\n";
	static const char crlf[] = "name: b\r\nVERSION:   2.0  \r\n\r\n";
	static const char bad_key[] = "Name: c\nVersion: 3\nBad Key: x\nLicense: MIT\n";
	static const char ctl[] = "Name: c\nVersion: 3\nSummary: a\x01z\nLicense: MIT\n";
	static const char stop[] = "Name: d\nno colon here\nVersion: 1\n";
	static const char indent[] = " Name: d\nVersion: 1\n";
	static const char osi[] = "Name: e\nVersion: 1\nLicense: BSD\n"
	                          "Classifier: License :: OSI Approved\n";
	static const char expr[] = "Name: f\nVersion: 1\nLicense: GPL\n"
	                           "License-Expression: MIT or Apache-2.0\n"
	                           "Classifier: License :: OSI Approved :: BSD License\n";
	static const char both[] =
	        "Name: g\nVersion: 1\nLicense: Custom terms\n"
	        "Classifier: License :: OSI Approved :: MIT License\n"
	        "Classifier: License :: OSI Approved :: Apache Software License\n";
	static const char upper[] = "Name: h\nVersion: 1\nLicense: MIT OR BSD\n";
	struct ks_ctx cx;
	struct ks_ares out;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(run_mem(&cx, cont, sizeof(cont) - 1, "a.egg-info", &out), 0);
	check_pkg(&cx, &out, "a", "1", (const char *const[]){"GNU General Public", NULL});
	assert_int_equal(run_mem(&cx, crlf, sizeof(crlf) - 1, "b.egg-info", &out), 0);
	check_pkg(&cx, &out, "b", "2.0", NULL);
	/* a malformed line ends the header: what came before it counts */
	assert_int_equal(run_mem(&cx, bad_key, sizeof(bad_key) - 1, "c.egg-info", &out), 0);
	check_pkg(&cx, &out, "c", "3", NULL);
	assert_int_equal(run_mem(&cx, ctl, sizeof(ctl) - 1, "c.egg-info", &out), 0);
	check_pkg(&cx, &out, "c", "3", NULL);
	assert_int_equal(run_mem(&cx, stop, sizeof(stop) - 1, "d.egg-info", &out), KS_ECORRUPT);
	assert_int_equal(run_mem(&cx, indent, sizeof(indent) - 1, "d.egg-info", &out), KS_ECORRUPT);
	assert_int_equal(run_mem(&cx, osi, sizeof(osi) - 1, "e.egg-info", &out), 0);
	check_pkg(&cx, &out, "e", "1", (const char *const[]){"BSD", NULL});
	assert_int_equal(run_mem(&cx, expr, sizeof(expr) - 1, "f.egg-info", &out), 0);
	check_pkg(&cx, &out, "f", "1", (const char *const[]){"MIT", "Apache-2.0", NULL});
	assert_int_equal(run_mem(&cx, both, sizeof(both) - 1, "g.egg-info", &out), 0);
	check_pkg(&cx, &out, "g", "1",
	        (const char *const[]){"MIT License", "Apache Software License", NULL});
	/* the split is case-sensitive, as Trivy's: " OR " does not separate */
	assert_int_equal(run_mem(&cx, upper, sizeof(upper) - 1, "h.egg-info", &out), 0);
	check_pkg(&cx, &out, "h", "1", (const char *const[]){"MIT OR BSD", NULL});
	ks_ctx_release(&cx);
}

/* Truncating real metadata before its Version line, or anywhere, never crashes; before
 * the Version line it is corrupt. */
static void test_truncated(void **state)
{
	const char *rel = "fixtures/lockfiles/trivy/parser/python/packaging/distlib-0.3.1.METADATA";
	struct ks_ctx cx;
	struct ks_ares out;
	size_t n, cut, vpos;
	uint8_t *d;

	(void)state;
	d = tu_read(tu_shared(rel), &n);
	vpos = (size_t)(strstr((char *)d, "\nVersion:") - (char *)d);
	tu_ctx(&cx);
	for (cut = 0; cut <= n; cut++) {
		int r = run_mem(&cx, (const char *)d, cut, "x.dist-info/METADATA", &out);

		if (cut <= vpos + 10)
			assert_int_equal(r, KS_ECORRUPT);
		else
			assert_int_equal(r, 0);
	}
	free(d);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wants),
	        cmocka_unit_test(test_trivy_parser),
	        cmocka_unit_test(test_normalised),
	        cmocka_unit_test(test_debian),
	        cmocka_unit_test(test_other_inputs),
	        cmocka_unit_test(test_eggs),
	        cmocka_unit_test(test_header),
	        cmocka_unit_test(test_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
