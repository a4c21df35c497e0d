/*
 * test_apk.c - the apk analyzer against Trivy's package golden for the alpine:3.10 image,
 * Trivy's own apk analyzer test expectations, osv-scalibr's apk samples, corrupted copies
 * of real databases, and the licence normalisation it relies on.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "util/license.h"

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

static int run(const void *data, size_t n, struct ks_ares *out)
{
	struct ks_file f = { "lib/apk/db/installed", data, n };

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx.err);
	return ks_analyzer_apk.parse(&cx, &f, out);
}

static int run_s(const char *text, struct ks_ares *out)
{
	return run(text, strlen(text), out);
}

static uint8_t *load(const char *rel, size_t *n)
{
	return tu_read(tu_shared(rel), n);
}

static const struct ks_pkg *find(const struct ks_ares *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->npkgs; i++)
		if (strcmp(a->pkgs[i].name, name) == 0)
			return &a->pkgs[i];
	return NULL;
}

static void expect_str(const char *got, const char *want)
{
	if (want == NULL || want[0] == '\0')
		assert_null(got);
	else
		assert_string_equal(got, want);
}

static size_t nwarns_with(const char *needle)
{
	size_t i, n = 0;

	for (i = 0; i < cx.nwarns; i++)
		n += strstr(cx.warns[i], needle) != NULL;
	return n;
}

/* The alpine:3.10 image's database against Trivy's package golden, field by field. */
static void test_golden_alpine310(void **state)
{
	json_error_t je;
	json_t *golden, *g;
	struct ks_ares a;
	uint8_t *d;
	size_t n, i, k;

	(void)state;
	golden = json_load_file(
		tu_shared("fixtures/goldens/trivy/fanal-goldens/packages/alpine-310.json.golden"),
			0,
		&je);
	assert_non_null(golden);
	d = load("fixtures/pkgdb/apk/trivy-alpine-3.10-2019.installed", &n);
	assert_int_equal(run(d, n, &a), 0);
	assert_int_equal(cx.nwarns, 0);
	assert_int_equal(a.npkgs, json_array_size(golden));
	json_array_foreach(golden, i, g) {
		const char *name = json_string_value(json_object_get(g, "Name"));
		const struct ks_pkg *p = find(&a, name);
		json_t *lics = json_object_get(g, "Licenses"), *l;
		char id[256];

		assert_non_null(p);
		expect_str(p->version, json_string_value(json_object_get(g, "Version")));
		snprintf(id, sizeof(id), "%s@%s", p->name, p->version);
		assert_string_equal(id, json_string_value(json_object_get(g, "ID")));
		expect_str(p->arch, json_string_value(json_object_get(g, "Arch")));
		expect_str(p->src_name, json_string_value(json_object_get(g, "SrcName")));
		expect_str(p->src_version, json_string_value(json_object_get(g, "SrcVersion")));
		expect_str(p->maintainer, json_string_value(json_object_get(g, "Maintainer")));
		assert_int_equal(p->licenses.n, json_array_size(lics));
		json_array_foreach(lics, k, l)
			assert_string_equal(p->licenses.v[k], json_string_value(l));
		assert_null(p->release);
		assert_int_equal(p->epoch, 0);
		assert_int_equal(p->layer, -1);
		/* every package of this image has a SHA-1 checksum */
		assert_non_null(p->digest);
		assert_int_equal(strlen(p->digest), 5 + 40);
		assert_true(strncmp(p->digest, "sha1:", 5) == 0);
	}
	/* installed files are clean relative paths, F: directory + R: name */
	{
		const struct ks_pkg *bb = find(&a, "busybox");
		bool found = false;

		assert_non_null(bb);
		for (k = 0; k < bb->files.n; k++) {
			assert_true(bb->files.v[k][0] != '/');
			found |= strcmp(bb->files.v[k], "bin/busybox") == 0;
		}
		assert_true(found);
	}
	free(d);
	json_decref(golden);
}

/* Trivy's apk analyzer test (pkg/fanal/analyzer/pkg/apk/apk_test.go): its expected
 * packages for testdata/apk, in database order. */
static void test_trivy_analyzer_db(void **state)
{
	static const struct {
		const char *name, *version, *src_name, *maint, *digest, *lic[3];
		size_t nfiles;
		const char *first_file;
	} want[] = {
		{ "musl", "1.1.14-r10", "musl", "Timo Teräs <timo.teras@iki.fi>",
			"sha1:d68b402f35f57750f49156b0cb4e886a2ad35d2d", { "MIT" }, 2,
			"lib/libc.musl-x86_64.so.1" },
		{ "busybox", "1.24.2-r9", "busybox", "Natanael Copa <ncopa@alpinelinux.org>",
			"sha1:ca124719267cd0bedc2f4cb850a286ac13f0ad44", { "GPL-2.0-only" }, 5,
			"bin/busybox" },
		{ "alpine-baselayout", "3.0.3-r0", "alpine-baselayout",
			"Natanael Copa <ncopa@alpinelinux.org>",
			"sha1:a214896150411d72dd1fafdb32d1c6c4855cccfa", { "GPL-2.0-only" }, 25,
			"etc/hosts" },
		{ "alpine-keys", "1.1-r0", "alpine-keys", "Natanael Copa <ncopa@alpinelinux.org>",
			"sha1:4def7ffaee6aeba700c1d62570326f75cbb8fa25", { "GPL-2.0-or-later" }, 5,
			"etc/apk/keys/alpine-devel@lists.alpinelinux.org-4d07755e.rsa.pub" },
		{ "zlib", "1.2.8-r2", "zlib", "Natanael Copa <ncopa@alpinelinux.org>",
			"sha1:efd04d34d40aa8eb331480127364c27a8ba760ef", { "Zlib" }, 2,
			"lib/libz.so.1.2.8" },
		{ "libcrypto1.0", "1.0.2h-r1", "openssl", "Timo Teras <timo.teras@iki.fi>",
			"sha1:65c860ff8f103b664f40ba849a3f5a51c69c8beb", { "OpenSSL" }, 15,
			"lib/libcrypto.so.1.0.0" },
		{ "libssl1.0", "1.0.2h-r1", "openssl", "Timo Teras <timo.teras@iki.fi>",
			"sha1:7120f337e93b2b4c44e0f5f31a15b60dc678ca14", { "OpenSSL" }, 2,
			"lib/libssl.so.1.0.0" },
		{ "apk-tools", "2.6.7-r0", "apk-tools", "Natanael Copa <ncopa@alpinelinux.org>",
			"sha1:0990c0acd62b4175818c3a4cc60ed11f14e23bd8", { "GPL-2.0-only" }, 1,
			"sbin/apk" },
		{ "scanelf", "1.1.6-r0", "pax-utils", "Natanael Copa <ncopa@alpinelinux.org>",
			"sha1:f9bab817c5ad93e92a6218bc0f7596b657c02d90", { "GPL-2.0-only" }, 1,
			"usr/bin/scanelf" },
		{ "musl-utils", "1.1.14-r10", "musl", "Timo Teräs <timo.teras@iki.fi>",
			"sha1:608aa1dd39eff7bc6615d3e5e33383750f8f5ecc",
			{ "MIT", "BSD-3-Clause", "GPL-2.0-or-later" }, 5, "sbin/ldconfig" },
		{ "libc-utils", "0.7-r0", "libc-dev", "Natanael Copa <ncopa@alpinelinux.org>",
			"sha1:9055bc7afd76cf2672198042f72fc4a5ed4fa961", { "GPL-2.0-or-later" }, 0,
			NULL },
		{ "pkgconf", "1.6.0-r0", "pkgconf", "William Pitcock <nenolod@dereferenced.org>",
			"sha1:e6242ac29589c8a84a4b179b491ea7c29fce66a9", { "ISC" }, 5,
			"usr/bin/pkgconf" },
		{ "sqlite-libs", "3.26.0-r3", "sqlite", "Carlo Landmeter <clandmeter@gmail.com>",
			"sha1:1464946c3a5f0dd5a67ca1af930fc17af7a74474", { "Public-Domain" }, 2,
			"usr/lib/libsqlite3.so.0" },
		{ "test", "2.9.11_pre20061021-r2", "test-parent",
			"Carlo Landmeter <clandmeter@gmail.com>",
			"sha1:f0bf315ec54828188910e4a665c00bc48bdbdd7d", { "Public-Domain" }, 4,
			"usr/lib/libsqlite3.so" },
		{ "ada-libs", "2.7.4-r0", "ada", "Jakub Jirutka <jakub@jirutka.cz>",
			"sha1:593154f80c440685448e0f52479725d7bc9b678d",
			{ "Apache-2.0", "MIT", "MPL-2.0" }, 2, "usr/lib/libada.so.2" },
	};
	struct ks_ares a;
	uint8_t *d;
	size_t n, i, k;

	(void)state;
	d = load("fixtures/pkgdb/apk/trivy-analyzer-apk.installed", &n);
	assert_int_equal(run(d, n, &a), 0);
	assert_int_equal(a.npkgs, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < a.npkgs; i++) {
		const struct ks_pkg *p = &a.pkgs[i];
		size_t nl = 0;

		assert_string_equal(p->name, want[i].name);
		assert_string_equal(p->version, want[i].version);
		assert_string_equal(p->src_name, want[i].src_name);
		assert_string_equal(p->src_version, want[i].version);
		assert_string_equal(p->maintainer, want[i].maint);
		assert_string_equal(p->arch, "x86_64");
		assert_string_equal(p->digest, want[i].digest);
		while (nl < 3 && want[i].lic[nl] != NULL)
			nl++;
		assert_int_equal(p->licenses.n, nl);
		for (k = 0; k < nl; k++)
			assert_string_equal(p->licenses.v[k], want[i].lic[k]);
		assert_int_equal(p->files.n, want[i].nfiles);
		if (want[i].first_file != NULL)
			assert_string_equal(p->files.v[0], want[i].first_file);
	}
	/* the paragraph without a version is dropped, with a warning */
	assert_int_equal(nwarns_with("without a name or valid version"), 1);
	free(d);
}

/* osv-scalibr's apk samples and the other real databases. */
static void test_samples(void **state)
{
	static const struct {
		const char *rel;
		size_t npkgs;
		int rc;
	} cases[] = {
		{ "fixtures/pkgdb/osv-scalibr/apk/empty", 0, 0 },
		{ "fixtures/pkgdb/osv-scalibr/apk/invalid", 0, KS_ECORRUPT },
		{ "fixtures/pkgdb/osv-scalibr/apk/single", 1, 0 },
		{ "fixtures/pkgdb/osv-scalibr/apk/different-arch", 1, 0 },
		{ "fixtures/pkgdb/osv-scalibr/apk/installed", 15, 0 },
		{ "fixtures/pkgdb/osv-scalibr/apk/no-origin", 1, 0 },
		{ "fixtures/pkgdb/apk/trivy-alpine-3.9.installed", 14, 0 },
		{ "fixtures/pkgdb/apk/trivy-alpine-3.10.installed", 14, 0 },
		{ "fixtures/pkgdb/apk/trivy-alpine-3.11.installed", 14, 0 },
		/* 12 paragraphs, one without a version */
		{ "fixtures/pkgdb/apk/clair-v2.installed", 11, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ks_ares a;
		size_t n;
		uint8_t *d = load(cases[i].rel, &n);

		assert_int_equal(run(d, n, &a), cases[i].rc);
		if (cases[i].rc == 0)
			assert_int_equal(a.npkgs, cases[i].npkgs);
		free(d);
	}
	{
		struct ks_ares a;
		size_t n;
		uint8_t *d = load("fixtures/pkgdb/osv-scalibr/apk/no-origin", &n);
		const struct ks_pkg *p;

		assert_int_equal(run(d, n, &a), 0);
		p = &a.pkgs[0];
		assert_string_equal(p->name, "pkgname");
		assert_string_equal(p->version, "1.2.3");
		assert_null(p->src_name);
		assert_null(p->src_version);
		assert_string_equal(p->licenses.v[0], "GPL-2.0-only");
		free(d);
	}
	{
		struct ks_ares a;
		size_t n;
		uint8_t *d = load("fixtures/pkgdb/osv-scalibr/apk/different-arch", &n);

		assert_int_equal(run(d, n, &a), 0);
		assert_string_equal(a.pkgs[0].arch, "noarch");
		assert_string_equal(a.pkgs[0].files.v[0], "etc/fstab");
		free(d);
	}
}

static void test_rules(void **state)
{
	struct ks_ares a;

	(void)state;
	/* origin takes the version seen last, even from an earlier paragraph (as Trivy) */
	assert_int_equal(run_s("P:a\nV:1.0-r0\n\nP:b\no:src\nV:2.0-r0\n", &a), 0);
	assert_int_equal(a.npkgs, 2);
	assert_string_equal(a.pkgs[1].src_name, "src");
	assert_string_equal(a.pkgs[1].src_version, "1.0-r0");
	/* a one-byte line ends a paragraph too; the first of a repeated name wins */
	assert_int_equal(run_s("P:a\nV:1\nx\nP:a\nV:2\n", &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].version, "1");
	assert_int_equal(nwarns_with("repeated package name"), 1);
	/* the F: directory carries over; R: paths are cleaned */
	assert_int_equal(run_s("P:a\nV:1\nF:usr/./lib/\nR:x\n\n"
			       "P:b\nV:1\nR:../lib/y\nR:../../../z\n",
				 &a),
		0);
	assert_int_equal(a.npkgs, 2);
	assert_string_equal(a.pkgs[0].files.v[0], "usr/lib/x");
	assert_int_equal(a.pkgs[1].files.n, 1);
	assert_string_equal(a.pkgs[1].files.v[0], "usr/lib/y");
	assert_int_equal(nwarns_with("unusable installed-file path"), 1);
	/* checksums: Q1 + base64 is SHA-1, plain base64 is MD5, junk is ignored */
	assert_int_equal(run_s("P:a\nV:1\nC:Q1yzBZzjWM6g9feKAiCimA5sSRapQ=\n\n"
			       "P:b\nV:1\nC:AAEC\n\nP:c\nV:1\nC:Q1!!!!\n\nP:d\nV:1\nC:\n",
				 &a),
		0);
	assert_string_equal(a.pkgs[0].digest, "sha1:cb3059ce358cea0f5f78a0220a2980e6c4916a94");
	assert_string_equal(a.pkgs[1].digest, "md5:000102");
	assert_null(a.pkgs[2].digest);
	assert_string_equal(a.pkgs[3].digest, "md5:");
	assert_int_equal(nwarns_with("undecodable checksum"), 1);
	/* an invalid version is ignored: the package has none and is dropped */
	assert_int_equal(run_s("P:a\nV:1.0-\n\nP:b\nV:1.0_foo\n\nP:c\nV:1.0\n", &a), 0);
	assert_int_equal(a.npkgs, 1);
	assert_string_equal(a.pkgs[0].name, "c");
	assert_int_equal(nwarns_with("invalid version"), 1);
	/* L: replaces earlier licences */
	assert_int_equal(run_s("P:a\nV:1\nL:GPL\nL:MPL 2.0 GPL2+\n", &a), 0);
	assert_int_equal(a.pkgs[0].licenses.n, 2);
	assert_string_equal(a.pkgs[0].licenses.v[0], "MPL-2.0");
	assert_string_equal(a.pkgs[0].licenses.v[1], "GPL-2.0-or-later");
	/* CRLF line ends and a missing final newline */
	assert_int_equal(run_s("P:a\r\nV:1.2-r3\r\nA:aarch64\r\n\r\nP:b\r\nV:2", &a), 0);
	assert_int_equal(a.npkgs, 2);
	assert_string_equal(a.pkgs[0].version, "1.2-r3");
	assert_string_equal(a.pkgs[0].arch, "aarch64");
	assert_string_equal(a.pkgs[1].version, "2");
}

/* apk version validity, as go-apk-version's Valid() decides it. */
static void test_versions(void **state)
{
	static const struct {
		const char *v;
		bool valid;
	} cases[] = {
		{ "1.2.3-r0", true }, { "2.9.11_pre20061021-r2", true }, { "1.0.2h-r1", true },
		{ "20190108-r0", true }, { "1.2_alpha", true }, { "1.2_beta3_p4-r1", true },
		{ "1_rc1", true }, { "1.0_git20230101", true }, { "0.0.0", true },
		{ "007", true }, { "1.2.3a", true }, { "", true }, { "1-x9", true },
		{ "a1", true }, { "1.0-", false }, { "1.0_foo", false }, { "A1", false },
		{ "1.2A", false },
		{ "1_", false }, { "1.2.3-r1.2", false }, { "1 2", false },
		/* known difference: Go also takes non-ASCII lower-case letters */
		{ "1.0\xc3\xa9", false },
	};
	size_t i;
	char buf[128];

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ks_ares a;

		snprintf(buf, sizeof(buf), "P:x\nV:%s\n", cases[i].v);
		if (cases[i].valid && cases[i].v[0] != '\0') {
			assert_int_equal(run_s(buf, &a), 0);
			assert_string_equal(a.pkgs[0].version, cases[i].v);
			assert_int_equal(cx.nwarns, 0);
			continue;
		}
		/* no package is left: the error says why */
		assert_int_equal(run_s(buf, &a), KS_ECORRUPT);
		assert_int_equal(strstr(cx.err.msg, "invalid version") != NULL, !cases[i].valid);
	}
}

/* Corrupt, truncated and hostile inputs built from the real alpine:3.10 database. */
static void test_corrupt(void **state)
{
	struct ks_ares a;
	uint8_t *d, *c;
	size_t n, cut;
	char *zl;

	(void)state;
	d = load("fixtures/pkgdb/apk/trivy-alpine-3.10-2019.installed", &n);
	/* truncated inside the zlib paragraph, right after its name */
	zl = strstr((char *)d, "P:zlib\n");
	assert_non_null(zl);
	cut = (size_t)(zl - (char *)d) + 7;
	assert_int_equal(run(d, cut, &a), 0);
	assert_int_equal(a.npkgs, 9); /* the packages before zlib in the database */
	assert_null(find(&a, "zlib"));
	assert_int_equal(nwarns_with("without a name or valid version"), 1);
	/* truncated in the middle of the first checksum line: nothing left */
	assert_int_equal(run(d, 20, &a), KS_ECORRUPT);
	/* a NUL byte in a package name drops that package */
	c = malloc(n);
	assert_non_null(c);
	memcpy(c, d, n);
	c[(size_t)(zl - (char *)d) + 3] = '\0';
	assert_int_equal(run(c, n, &a), 0);
	assert_int_equal(a.npkgs, 13);
	assert_int_equal(nwarns_with("NUL bytes"), 1);
	/* every byte flipped in turn in the first 2 KiB: never a crash, never a bogus name */
	for (cut = 0; cut < 2048 && cut < n; cut++) {
		size_t i;

		int r;

		memcpy(c, d, n);
		c[cut] ^= 0x5a;
		r = run(c, n, &a);
		assert_true(r == 0 || r == KS_ECORRUPT);
		if (r == 0)
			for (i = 0; i < a.npkgs; i++)
				assert_true(a.pkgs[i].name[0] != '\0' && a.pkgs[i].version != NULL);
	}
	free(c);
	/* an over-long line stops the scan like Go's scanner does, with a warning */
	c = malloc(n + 70000);
	assert_non_null(c);
	memcpy(c, d, n);
	memset(c + n, 'x', 70000);
	memcpy(c + n, "\nT:", 3);
	assert_int_equal(run(c, n + 70000, &a), 0);
	assert_int_equal(a.npkgs, 14);
	assert_int_equal(nwarns_with("rest of the file ignored"), 1);
	free(c);
	/* binary garbage */
	assert_int_equal(run("\x1f\x8b\x08\0\0\0\0\0\0\x03\xff\xfe\nP\n\0\0", 17, &a),
		KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "no package"));
	free(d);
}

static void test_wants(void **state)
{
	(void)state;
	assert_true(ks_analyzer_apk.wants("lib/apk/db/installed", 20));
	assert_true(ks_analyzer_apk.wants("usr/lib/apk/db/installed", 24));
	assert_false(ks_analyzer_apk.wants("lib/apk/db/installed.bak", 24));
	assert_false(ks_analyzer_apk.wants("lib/apk/db/lock", 15));
	assert_false(ks_analyzer_apk.wants("var/lib/apk/db/installed", 24));
}

static int collect(void *ud, const char *lic)
{
	struct ks_strv *sv = ud;

	return ks_strv_push(&cx.arena, sv, lic);
}

/* Licence normalisation (Trivy's licensing.Normalize / LaxSplitLicenses). */
static void test_licenses(void **state)
{
	static const struct {
		const char *in, *out;
	} norm[] = {
		{ "GPL2", "GPL-2.0-only" }, { "GPL2+", "GPL-2.0-or-later" },
		{ "GPL", "GPL-2.0-or-later" }, { "GPL-2.0", "GPL-2.0-only" },
		{ "GPL-2.0-only", "GPL-2.0-only" }, { "GPL-2.0-or-later", "GPL-2.0-or-later" },
		{ "gpl-3.0+", "GPL-3.0-or-later" }, { "LGPL-2.1", "LGPL-2.1-only" },
		{ "LGPL-2.1-or-later", "LGPL-2.1-or-later" }, { "LGPLv2+", "LGPL-2.0-or-later" },
		{ "zlib", "Zlib" }, { "openssl", "OpenSSL" }, { "BSD", "BSD-3-Clause" },
		{ "MIT", "MIT" }, { "MIT License", "MIT" }, { "The MIT License", "MIT" },
		{ "ASL 2.0", "Apache-2.0" }, { "Apache License, Version 2.0", "Apache-2.0" },
		{ "apache license version 2", "Apache-2.0" }, { "MPL2.0", "MPL-2.0" },
		{ "Apache-2.0+", "Apache-2.0+" }, { "BSD 3-Clause License", "BSD-3-Clause" },
		{ "GNU Lesser General Public License v2 or later (LGPLv2+)", "LGPL-2.0-or-later" },
		{ "Public-Domain", "Public-Domain" }, { "custom:foo", "custom:foo" },
		{ "https://www.apache.org/licenses/LICENSE-2.0", "Apache-2.0" },
		{ "http://example.org/license", "http://example.org/license" },
		{ "  MIT\t licence ", "MIT" }, { "GPL (\xe2\x89\xa5 3)", "GPL-3.0-or-later" },
		{ "m\xc4\xb1t", "MIT" }, { "unlicensed", "Unlicense" }, { "Unlicense",
			"Unlicense" },
		{ "GPL-2+ with Autoconf exception", "GPL-2.0-with-autoconf-exception+" },
		{ "GFDL", "GFDL-1.3-or-later" }, { "", "" },
	};
	struct ks_strv sv = { 0 };
	const char *out;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(norm) / sizeof(norm[0]); i++) {
		assert_int_equal(ks_license_normalize(&cx.arena, ks_str_c(norm[i].in), &out), 0);
		assert_string_equal(out, norm[i].out);
	}
	assert_int_equal(ks_license_normalize(&cx.arena, (struct ks_str){ "M\0T", 3 }, &out),
		KS_ECORRUPT);
	assert_int_equal(ks_license_lax_split(&cx.arena, ks_str_c("MPL 2.0 GPL2+"), collect, &sv),
		0);
	assert_int_equal(sv.n, 2);
	assert_string_equal(sv.v[0], "MPL-2.0");
	assert_string_equal(sv.v[1], "GPL-2.0-or-later");
	sv.n = 0;
	assert_int_equal(ks_license_lax_split(&cx.arena,
				 ks_str_c("(LGPL-2.1-or-later OR MIT) AND (BSD-2-Clause)"), collect,
				 &sv),
		0);
	assert_int_equal(sv.n, 3);
	assert_string_equal(sv.v[0], "LGPL-2.1-or-later");
	assert_string_equal(sv.v[1], "MIT");
	assert_string_equal(sv.v[2], "BSD-2-Clause");
	sv.n = 0;
	assert_int_equal(ks_license_lax_split(&cx.arena, ks_str_c("ASL 2.0"), collect, &sv), 0);
	assert_int_equal(sv.n, 1);
	assert_string_equal(sv.v[0], "Apache-2.0");
	sv.n = 0;
	assert_int_equal(ks_license_lax_split(&cx.arena, ks_str_c(" ( ) AND OR "), collect, &sv),
		0);
	assert_int_equal(sv.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_golden_alpine310, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_analyzer_db, setup, teardown),
		cmocka_unit_test_setup_teardown(test_samples, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test(test_wants),
		cmocka_unit_test_setup_teardown(test_licenses, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
