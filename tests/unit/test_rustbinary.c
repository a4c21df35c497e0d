/*
 * test_rustbinary.c - the rustbinary analyzer on Trivy's cargo-auditable test binary
 * against Trivy's parser expectations, and on ELF files built here around .dep-v0
 * sections: build-only crates, dependency order, the legacy section name, and corrupt
 * sections (bad zlib, a decompression bomb, bad JSON, indexes outside the list).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

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

static int run(const void *data, size_t n, struct ks_ares *out)
{
	struct ks_file f = { "usr/bin/tool", data, n };

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx.err);
	return ks_analyzer_rustbinary.parse(&cx, &f, out);
}

static int run_shared(const char *rel, struct ks_ares *out)
{
	size_t n;
	uint8_t *data = tu_read(tu_shared(rel), &n);
	int rc = run(data, n, out);

	free(data);
	return rc;
}

/* "name version rel [dep dep...]" for package i. */
static const char *describe(const struct ks_ares *a, size_t i)
{
	static char buf[1024];
	const struct ks_pkg *p = &a->pkgs[i];
	size_t o, j;

	o = (size_t)snprintf(buf, sizeof(buf), "%s %s %d", p->name, p->version, p->relationship);
	for (j = 0; j < p->depends_on.n; j++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, " %s", p->depends_on.v[j]);
	return buf;
}

/* Trivy's TestParse "ELF". */
static void test_trivy_elf(void **state)
{
	struct ks_ares a;

	(void)state;
	assert_int_equal(run_shared("fixtures/lockfiles/trivy/parser/rust/binary/test.elf", &a), 0);
	assert_int_equal(a.npkgs, 2);
	assert_string_equal(describe(&a, 0), "crate_with_features 0.1.0 1 library_crate@0.1.0");
	assert_string_equal(describe(&a, 1), "library_crate 0.1.0 0");
	assert_int_equal(
		run_shared("fixtures/lockfiles/trivy/analyzer/rust/binary/executable_rust", &a), 0);
	assert_int_equal(a.npkgs, 2);
}

static void test_not_rust(void **state)
{
	static const char *const files[] = { "fixtures/lockfiles/trivy/parser/rust/binary/dummy",
		"fixtures/lockfiles/trivy/analyzer/rust/binary/broken_elf",
		"fixtures/lockfiles/trivy/analyzer/rust/binary/foo",
		"fixtures/lockfiles/trivy/parser/golang/binary/test.elf" };
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		assert_int_equal(run_shared(files[i], &a), 0);
		assert_int_equal(a.npkgs, 0);
	}
}

/* ---- an ELF64 with three sections: null, .shstrtab and the dependency section */

static uint8_t exe[1u << 16];

static void put(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static size_t elf_with(const char *secname, const void *data, size_t n)
{
	static const char names[] = "\0.shstrtab\0.dep-v0\0.rust-deps-v0\0.other";
	size_t strtab = 64, body = strtab + sizeof(names), shoff = (body + n + 7) & ~(size_t)7;
	uint8_t *sh;
	uint32_t name = 0;

	assert_true(shoff + 4 * 64 <= sizeof(exe));
	memset(exe, 0, sizeof(exe));
	memcpy(exe, "\x7f" "ELF\x02\x01\x01", 7);
	put(exe + 16, 3, 2);
	put(exe + 18, 62, 2);
	put(exe + 40, shoff, 8);
	put(exe + 52, 64, 2);
	put(exe + 58, 64, 2); /* shentsize */
	put(exe + 60, 3, 2);  /* shnum */
	put(exe + 62, 1, 2);  /* shstrndx */
	memcpy(exe + strtab, names, sizeof(names));
	memcpy(exe + body, data, n);
	if (strcmp(secname, ".dep-v0") == 0)
		name = 11;
	else if (strcmp(secname, ".rust-deps-v0") == 0)
		name = 19;
	else
		name = 33;
	sh = exe + shoff + 64;
	put(sh, 1, 4);
	put(sh + 4, 3, 4);
	put(sh + 24, strtab, 8);
	put(sh + 32, sizeof(names), 8);
	sh += 64;
	put(sh, name, 4);
	put(sh + 4, 1, 4);
	put(sh + 24, body, 8);
	put(sh + 32, n, 8);
	return shoff + 3 * 64;
}

static size_t with_json(const char *secname, const char *json)
{
	uint8_t z[8192];
	uLongf zn = sizeof(z);

	assert_int_equal(compress(z, &zn, (const Bytef *)json, strlen(json)), Z_OK);
	return elf_with(secname, z, zn);
}

static void test_built(void **state)
{
	static const char json[] =
		"{\"packages\":[{\"name\":\"app\",\"version\":\"1.0.0\",\"source\":\"local\","
		"\"dependencies\":[3,1,2],\"root\":true},"
		"{\"name\":\"serde\",\"version\":\"1.0.190\",\"source\":\"crates.io\"},"
		"{\"name\":\"cc\",\"version\":\"1.0.83\",\"source\":\"crates.io\","
		"\"kind\":\"build\"},"
		"{\"name\":\"libc\",\"version\":\"0.2.150\",\"source\":\"crates.io\","
		"\"kind\":\"runtime\","
		"\"dependencies\":[2]}]}";
	struct ks_ares a;
	size_t n;
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		n = with_json(k ? ".rust-deps-v0" : ".dep-v0", json);
		assert_int_equal(run(exe, n, &a), 0);
		assert_int_equal(a.npkgs, 3);
		assert_string_equal(describe(&a, 0), "app 1.0.0 1 libc@0.2.150 serde@1.0.190");
		assert_string_equal(describe(&a, 1), "serde 1.0.190 0");
		assert_string_equal(describe(&a, 2), "libc 0.2.150 0");
	}
	/* a dependency without a version is named by its bare name, kept past the parse */
	n = with_json(".dep-v0", "{\"packages\":[{\"name\":\"app\",\"version\":\"1.0.0\","
				 "\"dependencies\":[1],\"root\":true},{\"name\":\"nover\"}]}");
	assert_int_equal(run(exe, n, &a), 0);
	assert_string_equal(describe(&a, 0), "app 1.0.0 1 nover");
	n = with_json(".other", json);
	assert_int_equal(run(exe, n, &a), 0);
	assert_int_equal(a.npkgs, 0);
}

static void test_corrupt(void **state)
{
	static const char *const bad_json[] = {
		"{\"packages\":[{\"name\":\"a\",\"dependencies\":[1]}]}",
		"{\"packages\":[{\"name\":\"a\",\"dependencies\":[-1]}]}",
		"{\"packages\":[{\"name\":7}]}", "{\"packages\":{}}", "[]", "{\"packages\":[1]}",
		"{\"packages\":[{\"name\":\"a\",\"root\":\"yes\"}]}", "{\"packages\":[" };
	struct ks_ares a;
	uint8_t *zeros, *z;
	uLongf zn;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad_json) / sizeof(bad_json[0]); i++) {
		n = with_json(".dep-v0", bad_json[i]);
		assert_int_equal(run(exe, n, &a), KS_ECORRUPT);
		assert_non_null(strstr(cx.err.msg, "'usr/bin/tool'"));
	}
	n = elf_with(".dep-v0", "not zlib at all", 15);
	assert_int_equal(run(exe, n, &a), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "zlib"));
	/* a truncated stream */
	n = with_json(".dep-v0", "{\"packages\":[]}");
	put(exe + n - 2 * 64 + 32, 6, 8);
	assert_int_equal(run(exe, n, &a), KS_ECORRUPT);
	/* 16 MiB of zeros compress to a few KiB: refused past the cap */
	zeros = calloc(1, 16u << 20);
	z = malloc(1u << 16);
	zn = 1u << 16;
	assert_int_equal(compress2(z, &zn, zeros, 16u << 20, 9), Z_OK);
	n = elf_with(".dep-v0", z, zn);
	assert_int_equal(run(exe, n, &a), KS_ELIMIT);
	assert_non_null(strstr(cx.err.msg, "'usr/bin/tool'"));
	free(zeros);
	free(z);
	/* section outside the file */
	n = with_json(".dep-v0", "{\"packages\":[]}");
	put(exe + n - 64 + 32, 1u << 20, 8);
	assert_int_equal(run(exe, n, &a), KS_ECORRUPT);
}

static void test_wants(void **state)
{
	(void)state;
	assert_true(ks_analyzer_rustbinary.wants("usr/local/bin/rg", 16));
	assert_true(ks_analyzer_rustbinary.exec_only);
	assert_int_equal(ks_analyzer_rustbinary.modes, KS_MODE_POST);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_elf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_rust, setup, teardown),
		cmocka_unit_test_setup_teardown(test_built, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test(test_wants),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
