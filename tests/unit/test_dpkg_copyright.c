/*
 * test_dpkg_copyright.c - the dpkg-license analyzer (copyright files) against Trivy's own
 * copyright test files, whose licences Trivy's debian-buster package golden lists for
 * adduser and apt, against real copyright files of Debian packages from syft's fixtures
 * (licences derived by hand from their License: lines and common-licenses references),
 * against small files in both Debian formats written here, and against corrupt, binary
 * and huge inputs.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze/analyzer.h"

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

static int run(const char *path, const void *data, size_t n, struct ks_ares *out)
{
	struct ks_file f = { path, data, n };

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx.err);
	assert_true(ks_analyzer_dpkg_copyright.wants(path, strlen(path)));
	return ks_analyzer_dpkg_copyright.parse(&cx, &f, out);
}

/* Asserts that out holds one package named name whose licences are want (NULL-ended). */
static void expect(const struct ks_ares *out, const char *name, const char *const *want)
{
	size_t i, n = 0;

	while (want[n] != NULL)
		n++;
	assert_int_equal(out->npkgs, 1);
	assert_string_equal(out->pkgs[0].name, name);
	assert_null(out->pkgs[0].version);
	assert_int_equal(out->pkgs[0].files.n, 0);
	for (i = 0; i < out->pkgs[0].licenses.n && i < n; i++)
		if (strcmp(out->pkgs[0].licenses.v[i], want[i]) != 0)
			fail_msg("%s: licence %zu is '%s', want '%s'", name, i,
				out->pkgs[0].licenses.v[i], want[i]);
	if (out->pkgs[0].licenses.n != n) {
		for (i = 0; i < out->pkgs[0].licenses.n; i++)
			print_message("got '%s'\n", out->pkgs[0].licenses.v[i]);
		fail_msg("%s: %zu licences, want %zu", name, out->pkgs[0].licenses.n, n);
	}
}

/* Parses a shared fixture as usr/share/doc/<name>/copyright and checks it. */
static void check_file(const char *rel, const char *name, const char *const *want)
{
	char path[256];
	struct ks_ares out;
	size_t n;
	uint8_t *data = tu_read(tu_shared(rel), &n);

	snprintf(path, sizeof(path), "usr/share/doc/%s/copyright", name);
	assert_int_equal(run(path, data, n, &out), 0);
	if (want[0] == NULL)
		assert_int_equal(out.npkgs, 0);
	else
		expect(&out, name, want);
	free(data);
}

static int run_s(const char *name, const char *text, struct ks_ares *out)
{
	char path[256];

	snprintf(path, sizeof(path), "usr/share/doc/%s/copyright", name);
	return run(path, text, strlen(text), out);
}

static void test_wants(void **state)
{
	static const struct {
		const char *path;
		bool want;
	} cases[] = {
		{ "usr/share/doc/eject/copyright", true },
		{ "usr/share/doc/libc6/copyright", true },
		{ "usr/share/doc/eject/copyright/file", false },
		{ "usr/share/doc/eject/copyright/foo", false },
		{ "usr/share/doc/ca-certificates/examples/ca-certificates-local/debian/copyright",
			false },
		{ "usr/share/doc/copyright", false },
		{ "usr/share/doc/x/copyrights", false },
		{ "usr/share/doc/x/COPYRIGHT", false },
		{ "usr/local/share/doc/x/copyright", false },
		{ "share/doc/x/copyright", false },
		{ "usr/share/doc/x/y/copyright", false },
		{ "usr/share/common-licenses/GPL-2", false },
		{ "var/lib/dpkg/status", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (ks_analyzer_dpkg_copyright.wants(cases[i].path, strlen(cases[i].path)) !=
			cases[i].want)
			fail_msg("wants('%s') != %d", cases[i].path, cases[i].want);
	assert_int_equal(ks_analyzer_dpkg_copyright.kind, KS_AK_OSPKG);
	assert_int_equal(ks_analyzer_dpkg_copyright.modes, KS_MODE_POST);
}

/* Trivy's copyright test files (pkg/fanal/analyzer/pkg/dpkg/testdata). Trivy's
 * debian-buster package golden gives adduser "GPL-2.0-only" and apt "GPL-2.0-or-later",
 * "GPL-2.0-only": those images' copyright files are these two. */
static void test_trivy_testdata(void **state)
{
	static const char dir[] = "fixtures/pkgdb/dpkg/trivy-analyzer-txtar/";
	static const char *const adduser[] = { "GPL-2.0-only", NULL };
	static const char *const apt[] = { "GPL-2.0-or-later", "GPL-2.0-only", NULL };
	/* "GPL-1+ or Artistic, and BSD-4-clause-POWERDOG", then "Zlib" four times (once as
	 * "Zlib," whose empty second part is dropped) */
	static const char *const zlib[] = { "GPL-1.0-or-later", "Artistic-2.0",
		"BSD-4-clause-POWERDOG", "Zlib", NULL };
	static const char *const none[] = { NULL };
	char rel[256];

	(void)state;
	snprintf(rel, sizeof(rel), "%scommon-license-copyright", dir);
	check_file(rel, "adduser", adduser);
	snprintf(rel, sizeof(rel), "%sall-patterns-copyright", dir);
	check_file(rel, "apt", apt);
	snprintf(rel, sizeof(rel), "%slicense-pattern-and-classifier-copyright", dir);
	check_file(rel, "zlib1g", zlib);
	snprintf(rel, sizeof(rel), "%sno-license-copyright", dir);
	check_file(rel, "tzdata", none);
}

/* Real copyright files of Debian packages (syft's fixtures). */
static void test_real_files(void **state)
{
	static const char *const pam[] = { "GPL-2.0-only", "LGPL-2.1-only", "GPL-1.0-only",
		NULL };
	static const char *const sqlite[] = { "public-domain", "GPL-2.0-or-later",
		"GPL-2.0-only", NULL };
	static const char *const tri[] = { "MPL-1.1", "GPL-2.0-only", "LGPL-2.1-only", NULL };
	static const char *const libc6[] = { "LGPL-2.1-only", "GPL-2.0-only", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	check_file("fixtures/syft-fixtures/debian/image-dpkg/usr/share/doc/libpam-runtime/"
		   "copyright",
		"libpam-runtime", pam);
	check_file("fixtures/syft-fixtures/debian/copyright/libaudit-common", "libaudit-common",
		pam);
	check_file("fixtures/syft-fixtures/debian/image-distroless-deb/usr/share/doc/"
		   "libsqlite3-0/copyright",
		"libsqlite3-0", sqlite);
	check_file("fixtures/syft-fixtures/debian/copyright/trilicense", "trilicense", tri);
	check_file("fixtures/syft-fixtures/debian/copyright/libc6", "libc6", libc6);
	check_file("fixtures/syft-fixtures/debian/copyright/microsoft", "microsoft", none);
	check_file("fixtures/syft-fixtures/debian/copyright/dev-kit", "dev-kit", none);
}

/* liblzma5's copyright mixes DEP-5 stanzas, free-text licence names and references in
 * typographic quotes ("‘/usr/share/common-licenses/GPL-2’"). */
static void test_real_liblzma(void **state)
{
	static const char *const want[] = { "PD", "probably-PD", "GPL-2.0-or-later",
		"LGPL-2.1-or-later", "permissive-fsf", "Autoconf", "GPL-2.0-only", "none",
		"permissive-nowarranty", "config-h", "LGPL-2.0-only", "LGPL-2.1-only",
		"noderivs", "PD-debian", "GPL-3.0-only", NULL };

	(void)state;
	check_file("fixtures/syft-fixtures/debian/copyright/liblzma5", "liblzma5", want);
}

/* python's copyright has License: lines holding licence text, which SplitLicenses keeps
 * whole with a "text://" prefix ("as-is", "hereby", "permission to use"), a comment
 * line kept as a name and "see above, some license as Python." split at its comma. */
static void test_real_python(void **state)
{
	static const char *const want[] = { "GPL-2.0-only",
		"# Licensed to PSF under a Contributor Agreement", "Apache-2.0",
		"text://This software is provided 'as-is', without any express or implied",
		"text://Permission is hereby granted, free of charge, to any person obtaining",
		"text://This software is provided as-is, without express or implied",
		"text://* Permission to use this software in any way is granted without",
		"see above", "some license as Python.", "MIT", "PSF-2", "Python-2.0", "ISC",
		"LGPL-2.1-or-later", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	check_file("fixtures/syft-fixtures/debian/copyright/python", "python3.11", want);
	check_file("fixtures/syft-fixtures/debian/copyright/cuda", "cuda", none);
}

/* A machine-readable file written after Debian's copyright-format 1.0 examples. */
static void test_dep5(void **state)
{
	static const char text[] =
		"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
		"Upstream-Name: example\n"
		"Source: https://example.org/\n"
		"\n"
		"Files: *\n"
		"Copyright: 2001 Jane Doe\n"
		"License: GPL-2+ or Artistic\n"
		"\n"
		"Files: lib/*\n"
		"Copyright: 2003 John Doe\n"
		"License: The MIT License (MIT)\r\n"
		"\n"
		"Files: ext/*\n"
		"License:   Apache-2.0  \n"
		"\n"
		"Files: doc/*\n"
		"License: GFDL-NIV-1.3 and CC-BY-SA-3.0, LGPLv3+_or_GPLv2+\n"
		"\n"
		"Files: contrib/*\n"
		"License: The main library is licensed under BSD-3-clause license\n"
		"\n"
		"Files: empty/*\n"
		"License:\n"
		"License: (only a comment)\n"
		" license: lower-case and indented lines are not fields\n"
		"License:GPL-2+\n"
		"\n"
		"License: GPL-2+\n"
		" On Debian systems, the full text of the GNU General Public License version 2\n"
		" can be found in the file `/usr/share/common-licenses/GPL-2'.\n"
		"\n"
		"License: Artistic\n"
		" On Debian systems see /usr/share/common-licenses/Artistic.\n";
	/* Trivy's SPDX spellings: "-only"/"-or-later" for every versioned GNU licence,
	 * GFDL variants included; "GPLv2+" of the "_or_" pair repeats the first licence */
	static const char *const want[] = { "GPL-2.0-or-later", "Artistic-2.0", "MIT",
		"Apache-2.0", "GFDL-1.3-no-invariants-only", "CC-BY-SA-3.0", "LGPL-3.0-or-later",
		"BSD-3-Clause", "GPL-2.0-only", NULL };
	struct ks_ares out;

	(void)state;
	assert_int_equal(run_s("example", text, &out), 0);
	expect(&out, "example", want);
}

/* A free-form file in the old style, with common-licenses references only. */
static void test_free_form(void **state)
{
	static const char text[] =
		"This is the Debian GNU/Linux prepackaged version of foo.\n"
		"\n"
		"Copyright (C) 1999 Someone <someone@example.org>\n"
		"\n"
		"This program is free software; you can redistribute it under the terms of\n"
		"the GNU General Public License version 3 (see /usr/share/common-licenses/GPL-3),\n"
		"the libraries under /usr/share/common-licenses/LGPL-2.1.\n"
		"The manual: `/usr/share/common-licenses/GFDL-1.3'; also "
		"/usr/share/common-licenses/BSD\n"
		"not a reference: /usr/share/common-licenses/. nor /usr/share/common-licenses/\n"
		"one letter: /usr/share/common-licenses/A- then /usr/share/common-licenses/MPL-2.0\n"
		"trailing punctuation: /usr/share/common-licenses/Apache-2.0._-\n"
		"no leading slash, then one: usr/share/common-licenses/GPL and "
		"/usr/share/common-licenses/LGPL-3\n"
		"without the slash the line is not looked at: usr/share/common-licenses/ISC\n"
		"/usr/share/common-licenses/GPL-3 again\n";
	static const char *const want[] = { "GPL-3.0-only", "LGPL-2.1-only", "GFDL-1.3-only",
		"MPL-2.0", "Apache-2.0", "GPL-2.0-or-later", NULL };
	struct ks_ares out;

	(void)state;
	assert_int_equal(run_s("foo", text, &out), 0);
	expect(&out, "foo", want);
}

/* Nothing to report: empty, blank, licence-free text, names that normalise to nothing. */
static void test_nothing(void **state)
{
	static const char *const texts[] = { "", "\n\n\n", "Copyright 2020 Someone\n",
		"License:\nLicense:   \nLicense: (c)\n", "see /usr/share/common-licenses/\n" };
	struct ks_ares out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(run_s("x", texts[i], &out), 0);
		assert_int_equal(out.npkgs, 0);
	}
}

/* Corrupt inputs: NUL bytes (a binary file, or a real file with a flipped byte), an
 * over-long line; a truncated real file still gives the licences of its first part. */
static void test_corrupt(void **state)
{
	static const char *const head[] = { "GPL-2.0-only", NULL };
	struct ks_ares out;
	size_t n, i;
	uint8_t *data = tu_read(tu_shared("fixtures/syft-fixtures/debian/copyright/"
					  "libaudit-common"),
		&n);
	const char *cut = strstr((const char *)data, "License: LGPL-2.1");
	char *big;
	uint8_t bin[512];

	(void)state;
	assert_non_null(cut);
	assert_int_equal(run("usr/share/doc/a/copyright", data, (size_t)(cut - (char *)data),
				 &out),
		0);
	expect(&out, "a", head);

	data[n / 2] = '\0';
	assert_int_equal(run("usr/share/doc/a/copyright", data, n, &out), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "'usr/share/doc/a/copyright'"));
	assert_int_equal(out.npkgs, 0);
	free(data);

	for (i = 0; i < sizeof(bin); i++)
		bin[i] = (uint8_t)(i * 37 + 11);
	assert_int_equal(run("usr/share/doc/b/copyright", bin, sizeof(bin), &out), KS_ECORRUPT);

	big = malloc(70000 + 32);
	assert_non_null(big);
	memcpy(big, "License: ", 9);
	memset(big + 9, 'A', 70000);
	memcpy(big + 9 + 70000, "\n", 2);
	assert_int_equal(run_s("c", big, &out), KS_ELIMIT);
	assert_non_null(strstr(cx.err.msg, "line 1"));
	/* 65535 bytes is the longest line Go's scanner reads */
	big[65535] = '\n';
	big[65536] = '\0';
	assert_int_equal(run_s("c", big, &out), 0);
	assert_int_equal(out.npkgs, 1);
	assert_int_equal(strlen(out.pkgs[0].licenses.v[0]), 65535 - 9);
	free(big);
}

/* A huge file of distinct licence names: linear time, every name once, in order. */
static void test_huge(void **state)
{
	const size_t nlines = 200000;
	size_t cap = nlines * 32, len = 0, i;
	char *text = malloc(cap);
	struct ks_ares out;
	clock_t t0;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < nlines; i++)
		len += (size_t)snprintf(text + len, cap - len, "License: lic-%zu, lic-%zu\n", i,
			i / 2);
	t0 = clock();
	assert_int_equal(run("usr/share/doc/huge/copyright", text, len, &out), 0);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 20.0);
	assert_int_equal(out.npkgs, 1);
	assert_int_equal(out.pkgs[0].licenses.n, nlines);
	assert_string_equal(out.pkgs[0].licenses.v[0], "lic-0");
	assert_string_equal(out.pkgs[0].licenses.v[nlines - 1], "lic-199999");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_testdata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_liblzma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_python, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dep5, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_huge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
