/*
 * test_gobinary.c - the gobinary analyzer on Trivy's real Go test binaries (Go 1.15
 * pointer format and Go 1.22 inline format, x86-64 and arm64) against Trivy's parser
 * expectations, and on ELF files built here around build information blobs: both
 * formats, replacements, (devel) versions, Trivy's -ldflags version table, and corrupt
 * or truncated blobs.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "util/elf.h"
#include "util/golit.h"

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
	return ks_analyzer_gobinary.parse(&cx, &f, out);
}

static int run_shared(const char *rel, struct ks_ares *out)
{
	size_t n;
	uint8_t *data = tu_read(tu_shared(rel), &n);
	int rc = run("usr/local/bin/app", data, n, out);

	free(data);
	return rc;
}

#define PARSER "fixtures/lockfiles/trivy/parser/golang/binary/"
#define ANALYZER "fixtures/lockfiles/trivy/analyzer/golang/binary/"
#define TPKG "github.com/aquasecurity/trivy/pkg/"

static const struct ks_pkg *find(const struct ks_ares *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->npkgs; i++)
		if (strcmp(a->pkgs[i].name, name) == 0)
			return &a->pkgs[i];
	return NULL;
}

/* Checks one package: version, relationship and the space-separated DependsOn list. */
static void expect(const struct ks_ares *a, const char *name, const char *version, int rel,
	const char *deps)
{
	const struct ks_pkg *p = find(a, name);
	char buf[4096] = "";
	size_t i, o = 0;

	if (p == NULL)
		fail_msg("package %s missing", name);
	assert_string_equal(p->version, version);
	assert_int_equal(p->relationship, rel);
	for (i = 0; i < p->depends_on.n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? " " : "",
			p->depends_on.v[i]);
	assert_string_equal(buf, deps ? deps : "");
}

/* Trivy's TestParse "ELF": the Go 1.15 pointer-format binary. */
static void test_trivy_elf(void **state)
{
	struct ks_ares a;

	(void)state;
	assert_int_equal(run_shared(PARSER "test.elf", &a), 0);
	assert_int_equal(a.npkgs, 5);
	expect(&a, "github.com/aquasecurity/test", "", KS_REL_ROOT,
		"github.com/aquasecurity/go-pep440-version@v0.0.0-20210121094942-22b2f8951d46 "
		"github.com/aquasecurity/go-version@v0.0.0-20210121072130-637058cfe492 "
		"golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 stdlib@v1.15.2");
	expect(&a, "stdlib", "v1.15.2", KS_REL_DIRECT, NULL);
	expect(&a, "github.com/aquasecurity/go-pep440-version",
		"v0.0.0-20210121094942-22b2f8951d46", KS_REL_UNKNOWN, NULL);
	expect(&a, "github.com/aquasecurity/go-version", "v0.0.0-20210121072130-637058cfe492",
		KS_REL_UNKNOWN, NULL);
	expect(&a, "golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1", KS_REL_UNKNOWN,
		NULL);
	/* the analyzer test copy of the same binary */
	assert_int_equal(run_shared(ANALYZER "executable_gobinary", &a), 0);
	assert_int_equal(a.npkgs, 5);
}

/* Trivy's "-ldflags=-X main.version=v1.0.0" case: Go 1.22 inline format, (devel) main. */
static void test_trivy_ldflags(void **state)
{
	struct ks_ares a;

	(void)state;
	assert_int_equal(run_shared(PARSER "main-version-via-ldflags.elf", &a), 0);
	assert_int_equal(a.npkgs, 2);
	expect(&a, "github.com/aquasecurity/test", "v1.0.0", KS_REL_ROOT, "stdlib@v1.22.1");
	expect(&a, "stdlib", "v1.22.1", KS_REL_DIRECT, NULL);
}

/* Trivy's "goexperiment" case: an arm64 binary without main module information. */
static void test_trivy_goexperiment(void **state)
{
	struct ks_ares a;

	(void)state;
	assert_int_equal(run_shared(PARSER "goexperiment", &a), 0);
	assert_int_equal(a.npkgs, 1);
	expect(&a, "stdlib", "v1.22.1", KS_REL_DIRECT, NULL);
}

/* Not Go binaries: text, empty files, a 5-byte "ELF" stub (Trivy reports nothing). */
static void test_not_go(void **state)
{
	static const char *const files[] = { "fixtures/lockfiles/trivy/parser/golang/binary/dummy",
		"fixtures/lockfiles/trivy/analyzer/golang/binary/binary.exe",
		"fixtures/lockfiles/trivy/analyzer/golang/binary/broken_elf",
		"fixtures/lockfiles/trivy/analyzer/golang/binary/0644",
		"fixtures/lockfiles/trivy/parser/rust/binary/test.elf" };
	struct ks_ares a;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		assert_int_equal(run_shared(files[i], &a), 0);
		assert_int_equal(a.npkgs, 0);
	}
}

/* ---- synthetic executables: one RW PT_LOAD segment mapping the whole file at BASE. */

#define BASE 0x400000u
#define BLOB 0x100u /* file offset of the build information header */

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put32(uint8_t *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* An ELF64 little-endian header with one program header covering n bytes. */
static void elf_header(uint8_t *b, size_t n, uint32_t flags)
{
	memcpy(b, "\x7f" "ELF\x02\x01\x01", 7);
	put16(b + 16, 2);
	put16(b + 18, 62);
	put32(b + 20, 1);
	put64(b + 32, 64);  /* phoff */
	put16(b + 52, 64);  /* ehsize */
	put16(b + 54, 56);  /* phentsize */
	put16(b + 56, 1);   /* phnum */
	put16(b + 58, 64);  /* shentsize */
	put32(b + 64, 1);   /* PT_LOAD */
	put32(b + 68, flags);
	put64(b + 72, 0);   /* offset */
	put64(b + 80, BASE);
	put64(b + 88, BASE);
	put64(b + 96, n);   /* filesz */
	put64(b + 104, n);  /* memsz */
}

static const char frame[] = "0123456789abcdef";

/* Module text framed by 16-byte sentinels, as the Go linker writes it. */
static size_t framed(char *dst, size_t cap, const char *text)
{
	int n = snprintf(dst, cap, "%s%s%s", frame, text, frame);

	assert_true(n > 0 && (size_t)n < cap);
	return (size_t)n;
}

static size_t put_uvarint(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* A Go 1.18+ binary: inline version and module strings. Returns the file size. */
static size_t inline_exe(uint8_t *b, size_t cap, const char *gover, const char *text)
{
	char mod[8192];
	size_t mlen = framed(mod, sizeof(mod), text), o = BLOB + 32, vl = strlen(gover);

	assert_true(o + 16 + vl + mlen < cap);
	memset(b, 0, cap);
	memcpy(b + BLOB, "\xff Go buildinf:", 14);
	b[BLOB + 14] = 8;
	b[BLOB + 15] = 2;
	o += put_uvarint(b + o, vl);
	memcpy(b + o, gover, vl);
	o += vl;
	o += put_uvarint(b + o, mlen);
	memcpy(b + o, mod, mlen);
	o += mlen;
	elf_header(b, o, 6);
	return o;
}

/* A pre-1.18 binary: the header points at Go string headers. */
static size_t pointer_exe(uint8_t *b, size_t cap, const char *gover, const char *text)
{
	char mod[8192];
	size_t mlen = framed(mod, sizeof(mod), text), vl = strlen(gover);
	size_t hdrs = BLOB + 64, vdata = hdrs + 32, mdata = vdata + vl, end = mdata + mlen;

	assert_true(end < cap);
	memset(b, 0, cap);
	memcpy(b + BLOB, "\xff Go buildinf:", 14);
	b[BLOB + 14] = 8;
	b[BLOB + 15] = 0;
	put64(b + BLOB + 16, BASE + hdrs);
	put64(b + BLOB + 24, BASE + hdrs + 16);
	put64(b + hdrs, BASE + vdata);
	put64(b + hdrs + 8, vl);
	put64(b + hdrs + 16, BASE + mdata);
	put64(b + hdrs + 24, mlen);
	memcpy(b + vdata, gover, vl);
	memcpy(b + mdata, mod, mlen);
	elf_header(b, end, 6);
	return end;
}

static uint8_t exe[65536];

static void test_formats_and_replace(void **state)
{
	static const char text[] = "path\texample.com/app\n"
				   "mod\texample.com/app\tv1.2.3\th1:abc=\n"
				   "dep\tgithub.com/a/b\tv0.1.0\th1:x=\n"
				   "dep\tgithub.com/c/d\tv1.0.0\th1:y=\n"
				   "=>\tgithub.com/fork/d\tv1.0.1\th1:z=\n"
				   "dep\tgithub.com/local/e\tv0.0.0\n"
				   "=>\t../e\t\t\n"
				   "dep\tgithub.com/dev/f\t(devel)\t\n"
				   "build\tCGO_ENABLED=0\n"
				   "build\t\"quoted key\"=\"a value\"\n";
	struct ks_ares a;
	size_t n;
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		n = k ? pointer_exe(exe, sizeof(exe), "go1.17.13", text) :
			inline_exe(exe, sizeof(exe), "go1.22.3 X:boringcrypto", text);
		assert_int_equal(run("app", exe, n, &a), 0);
		assert_int_equal(a.npkgs, 6);
		expect(&a, "stdlib", k ? "v1.17.13" : "v1.22.3", KS_REL_DIRECT, NULL);
		expect(&a, "github.com/a/b", "v0.1.0", KS_REL_UNKNOWN, NULL);
		assert_null(find(&a, "github.com/c/d"));
		expect(&a, "github.com/fork/d", "v1.0.1", KS_REL_UNKNOWN, NULL);
		expect(&a, "../e", "", KS_REL_UNKNOWN, NULL);
		expect(&a, "github.com/dev/f", "", KS_REL_UNKNOWN, NULL);
		expect(&a, "example.com/app", "v1.2.3", KS_REL_ROOT,
			k ? "../e github.com/a/b@v0.1.0 github.com/dev/f github.com/fork/d@v1.0.1 "
			    "stdlib@v1.17.13" :
			    "../e github.com/a/b@v0.1.0 github.com/dev/f github.com/fork/d@v1.0.1 "
			    "stdlib@v1.22.3");
	}
}

/* Builds a (devel) binary whose -ldflags setting holds flags; returns the main version. */
static const char *ldflags_version(const char *module, const char *flags)
{
	char text[4096], quoted[2048];
	size_t o = 0, n;
	const char *s;
	struct ks_ares a;
	size_t i;

	quoted[o++] = '"';
	for (s = flags; *s; s++) {
		if (*s == '"' || *s == '\\')
			quoted[o++] = '\\';
		quoted[o++] = *s;
	}
	quoted[o++] = '"';
	quoted[o] = '\0';
	snprintf(text, sizeof(text), "path\t%s\nmod\t%s\t(devel)\t\nbuild\t-ldflags=%s\n", module,
		module, quoted);
	n = inline_exe(exe, sizeof(exe), "go1.22.1", text);
	assert_int_equal(run("app", exe, n, &a), 0);
	for (i = 0; i < a.npkgs; i++)
		if (a.pkgs[i].relationship == KS_REL_ROOT)
			return a.pkgs[i].version;
	fail_msg("no root package");
	return NULL;
}

/* Trivy's TestParser_ParseLDFlags table, through real build information. */
static void test_ldflags_table(void **state)
{
	static const struct {
		const char *module, *flags, *want;
	} t[] = {
		{ "github.com/aquasecurity/trivy",
			"-s -w -X=foo=bar -X='" TPKG "version/app.ver=v0.50.1'",
			"v0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-s -w -X=foo=bar -X='" TPKG "version.Version=v0.50.1'",
			"v0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-s -w -X=foo=bar -X='" TPKG "version.Ver=v0.50.1'",
			"v0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-s -w -X=foo=bar -X=\"" TPKG "version.Ver=0.50.1\"",
			"0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-s -w -X=foo=bar -X='" TPKG "version.Ver=0.50.1'",
			"0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/cmd/Any.Ver=0.50.0' "
			"-X='github.com/aquasecurity/trivy/pkg/version.Ver=0.50.1'",
			"0.50.0" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/cmd/Any.Ver=0.50.0'", "0.50.0" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/cmd/Any.Ver=0.50.0' "
			"-X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.1'",
			"0.50.0" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/pkg/Common.Ver=0.50.1'", "0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.0' "
			"-X='github.com/aquasecurity/trivy/pkg/Common.Ver=0.50.1'",
			"0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.1'", "0.50.1" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/pkg/Common.Ver=0.50.0' "
			"-X='github.com/aquasecurity/trivy/pkg/Main.Ver=0.50.1'",
			"" },
		{ "github.com/aquasecurity/trivy",
			"-X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.1' "
			"-X='github.com/aquasecurity/trivy/pkg/Any-pref.Ver=0.50.0'",
			"" },
		{ "github.com/argoproj/argo-cd/v2",
			"-s -w -X='github.com/argoproj/argo-cd/v2/common.kubectlVersion=v0.26.11'",
			"" },
		{ "github.com/aquasecurity/test", "", "" },
		/* pflag details: the value in the next argument, a CSV list, unknown letters
		 * before -X in one argument, an unknown flag not swallowing a flag after it,
		 * "-h" failing the whole parse, "--" ending the flags */
		{ "example.com/m", "-X main.version=1.2.3", "1.2.3" },
		{ "example.com/m", "-X=a.b=1,main.version=2.0.0", "2.0.0" },
		{ "example.com/m", "-Xmain.version=1.0.0 -sX main.ver=2.0.0", "" },
		{ "example.com/m", "-extldflags -X main.version=1.0.0", "1.0.0" },
		{ "example.com/m", "-h -X main.version=1.0.0", "" },
		{ "example.com/m", "-- -X main.version=1.0.0", "" },
		{ "example.com/m", "-X main.version=go1.2", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *got = ldflags_version(t[i].module, t[i].flags);

		if (strcmp(got, t[i].want) != 0)
			fail_msg("case %zu (%s): got '%s', want '%s'", i, t[i].flags, got,
				t[i].want);
	}
}

/* Module text problems ParseBuildInfo rejects are corrupt files, named in the message. */
static void test_bad_modinfo(void **state)
{
	static const char *const bad[] = { "mod\tonly-one-column\n",
		"=>\tx\tv1\th\n", "dep\ta\tv1\nbuild\tno-equals\n", "build\tkey=two words\n",
		"build\t=v\n", "build\t\"unterminated=1\n", "dep\ta\tv1\t\th\textra\n",
		"build\tk=\"bad \\q escape\"\n" };
	struct ks_ares a;
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = inline_exe(exe, sizeof(exe), "go1.21.0", bad[i]);
		assert_int_equal(run("usr/bin/broken", exe, n, &a), KS_ECORRUPT);
		assert_non_null(strstr(cx.err.msg, "'usr/bin/broken'"));
	}
}

/* Blobs Go itself ignores: unaligned magic, no version, unframed module text, a pointer
 * that leads nowhere; and truncated copies of a real binary, which never crash. */
static void test_ignored_and_truncated(void **state)
{
	static const char text[] = "path\tx\nmod\tx\tv1.0.0\t\n";
	struct ks_ares a;
	size_t n, cut;
	uint8_t *data;

	(void)state;
	n = inline_exe(exe, sizeof(exe), "go1.21.0", text);
	memmove(exe + BLOB + 4, exe + BLOB, n - BLOB - 4);
	memset(exe + BLOB, 0, 4);
	assert_int_equal(run("a", exe, n, &a), 0);
	assert_int_equal(a.npkgs, 0);

	n = inline_exe(exe, sizeof(exe), "", text);
	assert_int_equal(run("a", exe, n, &a), 0);
	assert_int_equal(a.npkgs, 0);

	n = pointer_exe(exe, sizeof(exe), "go1.16", text);
	put64(exe + BLOB + 64, 0x10); /* version data pointer outside every segment */
	assert_int_equal(run("a", exe, n, &a), 0);
	assert_int_equal(a.npkgs, 0);

	n = pointer_exe(exe, sizeof(exe), "go1.16", text);
	put64(exe + BLOB + 64 + 24, 20); /* module text too short to be framed */
	assert_int_equal(run("a", exe, n, &a), 0);
	assert_int_equal(a.npkgs, 1);
	expect(&a, "stdlib", "v1.16", KS_REL_DIRECT, NULL);

	data = tu_read(tu_shared("fixtures/lockfiles/trivy/parser/golang/binary/"
				 "main-version-via-ldflags.elf"),
		&n);
	for (cut = 0; cut < n; cut += n / 97 + 1) {
		int rc = run("a", data, cut, &a);

		assert_true(rc == 0 || rc == KS_ECORRUPT);
	}
	free(data);
}

/* Every executable, wherever it lies: the execute bit selects (layer/analyze.c). */
static void test_wants(void **state)
{
	static const char *const paths[] = { "usr/local/bin/app", "app", "bin/tool.exe",
		"usr/share/grafana/bin/grafana-server", "usr/lib/libfoo.so" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		assert_true(ks_analyzer_gobinary.wants(paths[i], strlen(paths[i])));
	assert_true(ks_analyzer_gobinary.exec_only);
	assert_int_equal(ks_analyzer_gobinary.modes, KS_MODE_POST);
}

/* util/golit: Go string literals decode like strconv.Unquote. */
static void test_golit(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = { { "\"plain\"", "plain" }, { "\"a\\tb\\n\"", "a\tb\n" },
		{ "\"\\x41\\101\\u00e9\\U0001F600\"", "AA\xc3\xa9\xf0\x9f\x98\x80" },
		{ "\"q\\\"q\\\\\"", "q\"q\\" }, { "`raw \\n\r`", "raw \\n" },
		{ "\"\xff\"", "\xef\xbf\xbd" }, { "\"\xc3\xa9\"", "\xc3\xa9" } };
	static const char *const bad[] = { "\"open", "\"a\nb\"", "\"\\q\"", "\"\\'\"",
		"\"\\400\"", "\"\\uD800\"", "\"\\x4\"", "plain", "`open", "\"a\"b" };
	struct ks_buf b;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		ks_buf_init(&b, 1024);
		assert_int_equal(ks_golit_unquote(ks_str_c(ok[i].in), &b), 0);
		assert_int_equal(b.n, strlen(ok[i].out));
		assert_memory_equal(b.p, ok[i].out, b.n);
		ks_buf_release(&b);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ks_buf_init(&b, 1024);
		assert_int_equal(ks_golit_unquote(ks_str_c(bad[i]), &b), KS_ECORRUPT);
		ks_buf_release(&b);
	}
}

/* util/elf: headers whose tables point outside the file are refused. */
static void test_elf_bounds(void **state)
{
	struct ks_elf e;
	struct ks_rd r;
	size_t n;

	(void)state;
	n = inline_exe(exe, sizeof(exe), "go1.21.0", "path\tx\n");
	assert_int_equal(ks_elf_open(&e, exe, n), 0);
	assert_int_equal(ks_elf_read_addr(&e, BASE + 8, 4, &r), 0);
	assert_int_equal(r.n, 4);
	assert_int_equal(ks_elf_read_addr(&e, BASE + n - 2, 4, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(ks_elf_read_addr(&e, BASE + n, 4, &r), KS_ENOTFOUND);
	put64(exe + 32, n); /* phoff past the end */
	assert_int_equal(ks_elf_open(&e, exe, n), KS_ECORRUPT);
	put64(exe + 32, 64);
	put64(exe + 96, n + 1); /* segment longer than the file */
	assert_int_equal(ks_elf_open(&e, exe, n), 0);
	assert_int_equal(ks_elf_read_addr(&e, BASE, 4, &r), KS_ECORRUPT);
	exe[4] = 3;
	assert_int_equal(ks_elf_open(&e, exe, n), KS_ECORRUPT);
	assert_int_equal(ks_elf_open(&e, exe, 10), KS_ETRUNC);
	assert_int_equal(ks_elf_open(&e, (const uint8_t *)"MZ", 2), KS_EUNSUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trivy_elf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_ldflags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trivy_goexperiment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_go, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_and_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ldflags_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_modinfo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignored_and_truncated, setup, teardown),
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_golit),
		cmocka_unit_test(test_elf_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
