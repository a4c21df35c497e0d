/*
 * test_rpmdb.c - the rpm database analyzer (lib/analyze/rpmdb.c, lib/analyze/rpm/) on real
 * databases in all three formats, compared field by field with what rpm itself printed for
 * them (expected-by-rpm-4.18-qa.tsv, go-rpmdb's packages.csv), plus corrupt and hostile
 * inputs built in memory from the real files. When the rpm CLI is installed, every real
 * database is also compared with `rpm -qa` run on a staged copy, file lists included.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "analyze/analyzer.h"
#include "analyze/rpm/rpm.h"
#include "util/str.h"

#define AL2023 "fixtures/pkgdb/rpm/go-rpmdb/amazonlinux2023-plain/"
#define MARINER "fixtures/pkgdb/rpm/go-rpmdb/cbl-mariner-2.0/"
#define LIBUUID "fixtures/pkgdb/rpm/go-rpmdb/libuuid/"
#define SLE15 "fixtures/pkgdb/rpm/go-rpmdb/sle15-bci/"
#define EPOCHDB "fixtures/pkgdb/osv-scalibr/rpm/Packages_epoch"
#define BLOB "fixtures/pkgdb/rpm/go-rpmdb/blob.bin"
#define CCHEADER "fixtures/pkgdb/rpm/claircore-rpm-package.header"
/* small databases written for kensa (fuzz seeds) holding one synthetic package */
#define SEEDS "tests/fuzz/corpus/rpmdb/"

/* One package as the expected lists give it; "" where a field is absent. */
struct want {
	char *name, *version, *release, *arch, *srpm, *license, *vendor, *md5;
	int epoch;
	bool has_vendor;
};

struct wantv {
	struct want *v;
	size_t n;
};

static char *xstrndup(const char *p, size_t n)
{
	char *s = strndup(p, n);

	assert_non_null(s);
	return s;
}

/* "(none)" as printed by rpm for an absent tag is stored as "". */
static char *field(struct ks_str s)
{
	if (ks_str_eq(s, "(none)"))
		return xstrndup("", 0);
	return xstrndup(s.p, s.n);
}

/* Splits line at sep (a byte string) into at most max fields; returns the count. */
static size_t split(struct ks_str line, const char *sep, struct ks_str *f, size_t max)
{
	size_t n = 0, sl = strlen(sep);

	while (n < max) {
		const char *hit = memmem(line.p, line.n, sep, sl);

		if (hit == NULL) {
			f[n++] = line;
			break;
		}
		f[n].p = line.p;
		f[n++].n = (size_t)(hit - line.p);
		line.n -= (size_t)(hit - line.p) + sl;
		line.p = hit + sl;
	}
	return n;
}

static void push_want(struct wantv *wv, const struct want *w)
{
	struct want *nv = realloc(wv->v, (wv->n + 1) * sizeof(*nv));

	assert_non_null(nv);
	wv->v = nv;
	wv->v[wv->n++] = *w;
}

static int to_int(struct ks_str s)
{
	uint64_t v = 0;

	if (s.n == 0 || ks_str_eq(s, "(none)"))
		return 0;
	assert_true(ks_str_to_u64(s, 0x7fffffff, &v));
	return (int)v;
}

/* expected-by-rpm-4.18-qa.tsv: name epoch version release arch sourcerpm license size
 * sigmd5, with a header line. */
static void load_tsv(const char *rel, struct wantv *wv)
{
	size_t len;
	char *text = (char *)tu_read(tu_shared(rel), &len);
	struct ks_lines it;
	struct ks_str line, f[9];

	ks_lines_init(&it, text, len);
	while (ks_lines_next(&it, &line)) {
		struct want w = { 0 };

		if (it.lineno == 1 || line.n == 0)
			continue;
		assert_int_equal(split(line, "\t", f, 9), 9);
		w.name = field(f[0]);
		w.epoch = to_int(f[1]);
		w.version = field(f[2]);
		w.release = field(f[3]);
		w.arch = field(f[4]);
		w.srpm = field(f[5]);
		w.license = field(f[6]);
		w.md5 = field(f[8]);
		w.vendor = xstrndup("", 0);
		push_want(wv, &w);
	}
	free(text);
}

/* go-rpmdb packages.csv: epoch¶name¶version¶release¶arch¶sourcerpm¶size¶license¶vendor¶
 * summary¶sigmd5, no header line. */
static void load_csv(const char *rel, struct wantv *wv)
{
	size_t len;
	char *text = (char *)tu_read(tu_shared(rel), &len);
	struct ks_lines it;
	struct ks_str line, f[11];

	ks_lines_init(&it, text, len);
	while (ks_lines_next(&it, &line)) {
		struct want w = { 0 };

		if (line.n == 0)
			continue;
		assert_int_equal(split(line, "\xc2\xb6", f, 11), 11);
		w.epoch = to_int(f[0]);
		w.name = field(f[1]);
		w.version = field(f[2]);
		w.release = field(f[3]);
		w.arch = field(f[4]);
		w.srpm = field(f[5]);
		w.license = field(f[7]);
		w.vendor = field(f[8]);
		w.has_vendor = true;
		w.md5 = field(f[10]);
		push_want(wv, &w);
	}
	free(text);
}

static void free_wants(struct wantv *wv)
{
	size_t i;

	for (i = 0; i < wv->n; i++) {
		struct want *w = &wv->v[i];

		free(w->name);
		free(w->version);
		free(w->release);
		free(w->arch);
		free(w->srpm);
		free(w->license);
		free(w->vendor);
		free(w->md5);
	}
	free(wv->v);
	wv->v = NULL;
	wv->n = 0;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool eq0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Checks the Src* fields against the source rpm name, split independently of the analyzer:
 * "<name>-<version>-<release>.src.rpm". */
static void check_src(const struct ks_pkg *p, const char *srpm)
{
	char *s, *dash1, *dash2;
	size_t n = strlen(srpm);

	if (n == 0) {
		assert_string_equal(p->src_name, "");
		assert_string_equal(p->src_version, "");
		assert_string_equal(p->src_release, "");
		return;
	}
	assert_true(n > 8 && strcmp(srpm + n - 8, ".src.rpm") == 0);
	s = xstrndup(srpm, n - 8);
	dash1 = strrchr(s, '-');
	assert_non_null(dash1);
	*dash1 = '\0';
	dash2 = strrchr(s, '-');
	assert_non_null(dash2);
	*dash2 = '\0';
	assert_string_equal(p->src_name, s);
	assert_string_equal(p->src_version, dash2 + 1);
	assert_string_equal(p->src_release, dash1 + 1);
	free(s);
}

/* Every expected package is found exactly once in out, with every field equal. */
static void compare(const struct ks_ares *out, const struct wantv *wv)
{
	bool *used = calloc(out->npkgs + 1, 1);
	size_t i, j;

	assert_non_null(used);
	assert_int_equal(out->npkgs, wv->n);
	for (i = 0; i < wv->n; i++) {
		const struct want *w = &wv->v[i];
		const char *arch = w->arch[0] ? w->arch : "None";
		const struct ks_pkg *p = NULL;

		for (j = 0; j < out->npkgs && p == NULL; j++) {
			const struct ks_pkg *q = &out->pkgs[j];

			if (!used[j] && eq0(q->name, w->name) && eq0(q->version, w->version) &&
				eq0(q->release, w->release) && eq0(q->arch, arch)) {
				used[j] = true;
				p = q;
			}
		}
		if (p == NULL)
			fail_msg("package %s-%s-%s.%s not found", w->name, w->version, w->release,
				arch);
		assert_int_equal(p->epoch, w->epoch);
		assert_int_equal(p->src_epoch, w->epoch);
		check_src(p, w->srpm);
		if (w->license[0]) {
			assert_int_equal(p->licenses.n, 1);
			assert_string_equal(p->licenses.v[0], w->license);
		} else {
			assert_int_equal(p->licenses.n, 0);
		}
		if (w->md5[0]) {
			assert_non_null(p->digest);
			assert_true(ks_hasprefix(p->digest, "md5:"));
			assert_string_equal(p->digest + 4, w->md5);
		} else {
			assert_null(p->digest);
		}
		if (w->has_vendor) {
			assert_string_equal(p->vendor, w->vendor);
			assert_string_equal(p->maintainer, w->vendor);
		}
		assert_non_null(p->modularitylabel);
		assert_int_equal(p->layer, -1);
	}
	free(used);
}

/* Runs the analyzer over bytes p[0..n) as if found at path. */
static int run(struct ks_ctx *cx, const char *path, const uint8_t *p, size_t n,
	struct ks_ares *out)
{
	struct ks_file f = { .path = path, .data = p, .size = n };

	memset(out, 0, sizeof(*out));
	return ks_analyzer_rpmdb.parse(cx, &f, out);
}

static int run_shared(struct ks_ctx *cx, const char *rel, struct ks_ares *out)
{
	size_t n;
	uint8_t *p = tu_read(tu_shared(rel), &n);
	int r = run(cx, "var/lib/rpm/rpmdb.sqlite", p, n, out);

	if (r != 0)
		print_message("%s: %s\n", rel, cx->err.msg);
	free(p);
	return r;
}

static const struct ks_pkg *find(const struct ks_ares *out, const char *name)
{
	size_t i;

	for (i = 0; i < out->npkgs; i++)
		if (strcmp(out->pkgs[i].name, name) == 0)
			return &out->pkgs[i];
	return NULL;
}

/* Expects r to be a failure with code want (or any negative code when want is 0) and a
 * message that names the file. */
static void expect_fail(const struct ks_ctx *cx, int r, int want)
{
	if (r >= 0 || (want != 0 && r != want))
		fail_msg("got %d (%s), want %d", r, cx->err.msg, want);
	assert_int_equal(cx->err.code, r);
	assert_true(strstr(cx->err.msg, "rpm: '") == cx->err.msg);
}

static void test_wants(void **state)
{
	const char *yes[] = { "var/lib/rpm/Packages", "var/lib/rpm/Packages.db",
		"var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/Packages",
		"usr/lib/sysimage/rpm/Packages.db", "usr/lib/sysimage/rpm/rpmdb.sqlite" };
	const char *no[] = { "var/lib/rpm/Name", "var/lib/rpm/Packages.db-journal",
		"var/lib/rpm", "usr/share/rpm/Packages", "var/lib/rpm/rpmdb.sqlite-wal",
		"xvar/lib/rpm/Packages", "" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(ks_analyzer_rpmdb.wants(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(ks_analyzer_rpmdb.wants(no[i], strlen(no[i])));
	assert_string_equal(ks_analyzer_rpmdb.name, "rpm");
	assert_int_equal(ks_analyzer_rpmdb.kind, KS_AK_OSPKG);
}

static void test_sqlite_al2023(void **state)
{
	struct wantv tsv = { 0 }, csv = { 0 };
	struct ks_ares out;
	struct ks_ctx cx;
	const struct ks_pkg *p;

	(void)state;
	load_tsv(AL2023 "expected-by-rpm-4.18-qa.tsv", &tsv);
	load_csv(AL2023 "packages.csv", &csv);
	tu_ctx(&cx);
	assert_int_equal(run_shared(&cx, AL2023 "rpmdb.sqlite", &out), 0);
	assert_int_equal(out.npkgs, 103);
	compare(&out, &tsv);
	compare(&out, &csv);
	/* the gpg-pubkey pseudo package is kept, as Trivy keeps it */
	assert_non_null(p = find(&out, "gpg-pubkey"));
	assert_string_equal(p->arch, "None");
	assert_string_equal(p->src_name, "");
	assert_int_equal(p->files.n, 0);
	/* Amazon's packages are the OS's: their files are listed */
	assert_non_null(p = find(&out, "bash"));
	assert_true(p->files.n > 10);
	ks_ctx_release(&cx);
	free_wants(&tsv);
	free_wants(&csv);
}

static void test_sqlite_mariner(void **state)
{
	struct wantv tsv = { 0 };
	struct ks_ares out;
	struct ks_ctx cx;
	const struct ks_pkg *p;
	json_t *files, *meta;
	json_error_t jerr;
	size_t i;

	(void)state;
	load_tsv(MARINER "expected-by-rpm-4.18-qa.tsv", &tsv);
	tu_ctx(&cx);
	assert_int_equal(run_shared(&cx, MARINER "rpmdb.sqlite", &out), 0);
	assert_int_equal(out.npkgs, 129);
	compare(&out, &tsv);

	assert_non_null(p = find(&out, "curl"));
	files = json_load_file(tu_shared(MARINER "curl_file_names.json"), 0, &jerr);
	assert_non_null(files);
	assert_int_equal(p->files.n, json_array_size(files));
	for (i = 0; i < p->files.n; i++) {
		const char *w = json_string_value(json_array_get(files, i));

		assert_non_null(w);
		assert_true(w[0] == '/');
		assert_string_equal(p->files.v[i], w + 1);
	}
	json_decref(files);
	meta = json_load_file(tu_shared(MARINER "curl.json"), 0, &jerr);
	assert_non_null(meta);
	assert_string_equal(p->vendor, json_string_value(json_object_get(meta, "Vendor")));
	assert_string_equal(p->maintainer, "Microsoft Corporation");
	assert_string_equal(p->version, json_string_value(json_object_get(meta, "Version")));
	assert_string_equal(p->digest + 4, json_string_value(json_object_get(meta, "SigMD5")));
	json_decref(meta);
	/* curl requires libcurl.so.4()(64bit), which curl-libs provides */
	for (i = 0; i < p->depends_on.n; i++) {
		assert_string_not_equal(p->depends_on.v[i], "curl@7.76.0-6.cm2.x86_64");
		if (i > 0)
			assert_true(strcmp(p->depends_on.v[i - 1], p->depends_on.v[i]) < 0);
	}
	for (i = 0; i < p->depends_on.n; i++)
		if (strcmp(p->depends_on.v[i], "curl-libs@7.76.0-6.cm2.x86_64") == 0)
			break;
	assert_true(i < p->depends_on.n);
	ks_ctx_release(&cx);
	free_wants(&tsv);
}

static void test_bdb_libuuid(void **state)
{
	struct wantv tsv = { 0 };
	struct ks_ares out;
	struct ks_ctx cx;
	size_t i;

	(void)state;
	load_tsv(LIBUUID "expected-by-rpm-4.18-qa.tsv", &tsv);
	tu_ctx(&cx);
	assert_int_equal(run_shared(&cx, LIBUUID "Packages", &out), 0);
	compare(&out, &tsv);
	/* rpm -ql libuuid: the two library paths and the license directory */
	assert_string_equal(out.pkgs[0].vendor, "Red Hat, Inc.");
	assert_true(out.pkgs[0].files.n >= 3);
	for (i = 0; i < out.pkgs[0].files.n; i++)
		assert_true(out.pkgs[0].files.v[i][0] != '/');
	assert_string_equal(out.pkgs[0].files.v[0], "usr/lib/.build-id");
	ks_ctx_release(&cx);
	free_wants(&tsv);
}

static void test_bdb_epoch(void **state)
{
	struct ks_ares out;
	struct ks_ctx cx;
	const struct ks_pkg *p;

	(void)state;
	tu_ctx(&cx);
	/* osv-scalibr's fixture: one hand-made package "hello" with epoch 1 and no vendor */
	assert_int_equal(run_shared(&cx, EPOCHDB, &out), 0);
	assert_int_equal(out.npkgs, 1);
	p = &out.pkgs[0];
	assert_string_equal(p->name, "hello");
	assert_int_equal(p->epoch, 1);
	assert_int_equal(p->src_epoch, 1);
	assert_string_equal(p->version, "0.0.1");
	assert_string_equal(p->release, "rls");
	assert_string_equal(p->arch, "x86_64");
	assert_string_equal(p->src_name, "hello");
	assert_string_equal(p->src_version, "0.0.1");
	assert_string_equal(p->src_release, "rls");
	assert_int_equal(p->licenses.n, 1);
	assert_string_equal(p->licenses.v[0], "GPL");
	assert_string_equal(p->vendor, "");
	assert_int_equal(p->files.n, 0); /* not an OS vendor's package: Trivy lists no files */
	assert_string_equal(p->digest, "md5:cf2ddad93eb8bde0848348b7dd2318a9");
	ks_ctx_release(&cx);
}

static void test_ndb_sle15(void **state)
{
	struct wantv csv = { 0 };
	struct ks_ares out;
	struct ks_ctx cx;
	size_t i, withfiles = 0;

	(void)state;
	load_csv(SLE15 "packages.csv", &csv);
	tu_ctx(&cx);
	assert_int_equal(run_shared(&cx, SLE15 "Packages.db", &out), 0);
	assert_int_equal(out.npkgs, 36);
	compare(&out, &csv);
	for (i = 0; i < out.npkgs; i++)
		withfiles += out.pkgs[i].files.n > 0;
	assert_true(withfiles > 30);
	ks_ctx_release(&cx);
	free_wants(&csv);
}

static void test_edge_files(void **state)
{
	struct ks_ares out;
	struct ks_ctx cx;
	size_t n;
	uint8_t *p;
	int r;

	(void)state;
	tu_ctx(&cx);
	/* claircore's "no packages" database has no Packages table at all: not an rpm
	 * database, an error as in Trivy */
	p = tu_read(tu_shared("fixtures/pkgdb/rpm/claircore-no_packages.sqlite"), &n);
	r = run(&cx, "var/lib/rpm/rpmdb.sqlite", p, n, &out);
	expect_fail(&cx, r, KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "no Packages table"));
	free(p);

	p = tu_read(tu_shared("fixtures/pkgdb/osv-scalibr/rpm/empty.sqlite"), &n);
	assert_int_equal(n, 0);
	r = run(&cx, "var/lib/rpm/rpmdb.sqlite", p, n, &out);
	expect_fail(&cx, r, KS_ETRUNC);
	free(p);

	p = tu_read(tu_shared("fixtures/pkgdb/osv-scalibr/rpm/invalid"), &n);
	r = run(&cx, "var/lib/rpm/Packages", p, n, &out);
	expect_fail(&cx, r, KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "var/lib/rpm/Packages"));
	free(p);
	ks_ctx_release(&cx);
}

/*
 * The synthetic databases in the fuzz corpus: one package in every storage variant,
 * including those no real fixture has (big-endian BerkeleyDB, a header stored inline in a
 * hash page, SQLite in rollback-journal mode). Its header has a region and a RELEASE entry
 * added after the region that replaces the original one ("0.old"), as rpm does.
 */
static void test_synthetic(void **state)
{
	static const char *const dbs[] = { "bdb-le-overflow", "bdb-be-overflow", "bdb-le-inline",
		"ndb", "sqlite", "sqlite-wal" };
	static const char *const files[] = { "usr/bin/ks", "etc/ks.conf", "usr/bin/x" };
	char rel[256];
	size_t i, j, n;

	(void)state;
	for (i = 0; i < sizeof(dbs) / sizeof(dbs[0]); i++) {
		struct ks_ares out;
		struct ks_ctx cx;
		const struct ks_pkg *p;
		uint8_t *b;

		snprintf(rel, sizeof(rel), SEEDS "%s", dbs[i]);
		b = tu_read(tu_src(rel), &n);
		tu_ctx(&cx);
		if (run(&cx, "var/lib/rpm/Packages", b, n, &out) != 0)
			fail_msg("%s: %s", dbs[i], cx.err.msg);
		assert_int_equal(out.npkgs, 1);
		p = &out.pkgs[0];
		assert_string_equal(p->name, "kensa-synthetic");
		assert_int_equal(p->epoch, 3);
		assert_int_equal(p->src_epoch, 3);
		assert_string_equal(p->version, "1.2.3");
		assert_string_equal(p->release, "4.el9");
		assert_string_equal(p->arch, "x86_64");
		assert_string_equal(p->src_name, "kensa-src");
		assert_string_equal(p->src_version, "1.2.3");
		assert_string_equal(p->src_release, "4.el9");
		assert_int_equal(p->licenses.n, 1);
		assert_string_equal(p->licenses.v[0], "MIT");
		assert_string_equal(p->vendor, "Red Hat, Inc.");
		assert_string_equal(p->maintainer, "Red Hat, Inc.");
		assert_string_equal(p->modularitylabel, "");
		assert_string_equal(p->digest, "md5:000102030405060708090a0b0c0d0e0f");
		assert_int_equal(p->files.n, 3);
		for (j = 0; j < 3; j++)
			assert_string_equal(p->files.v[j], files[j]);
		ks_ctx_release(&cx);
		free(b);
	}
}

static void test_header_blobs(void **state)
{
	const char *files[] = { BLOB, CCHEADER };
	struct ks_rpm_strit it;
	struct ks_rpm_hdr h;
	struct ks_ctx cx;
	struct ks_str s;
	size_t i, n, cut;
	uint8_t *p;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < 2; i++) {
		uint32_t k = 0;

		p = tu_read(tu_shared(files[i]), &n);
		assert_int_equal(ks_rpm_header_decode(&cx, p, n, &h), 0);
		assert_true(h.name.n > 0 && h.version.n > 0 && h.release.n > 0);
		assert_int_equal(h.sigmd5.n, 16);
		assert_int_equal(h.basenames.count, h.dirindexes.count);
		ks_rpm_strit_init(&it, &h.basenames);
		while (ks_rpm_strit_next(&it, &s))
			k++;
		assert_int_equal(k, h.basenames.count);
		/* every truncation fails cleanly */
		for (cut = 0; cut < n; cut += 1 + cut / 64)
			assert_int_equal(ks_rpm_header_decode(&cx, p, cut, &h), KS_ETRUNC);
		/* one byte too many is not a header either */
		assert_int_equal(ks_rpm_header_decode(&cx, p, n + 1, &h), KS_ECORRUPT);
		free(p);
	}
	ks_ctx_release(&cx);
}

static void put32be(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32be(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void test_header_corrupt(void **state)
{
	struct ks_rpm_hdr h;
	struct ks_ctx cx;
	uint8_t *p, *q;
	size_t n;
	uint32_t il, dl, i;

	(void)state;
	tu_ctx(&cx);
	p = tu_read(tu_shared(BLOB), &n);
	q = malloc(n);
	assert_non_null(q);
	il = get32be(p);
	dl = get32be(p + 4);
	assert_int_equal(n, 8 + 16 * (size_t)il + dl);

	/* each index entry in turn points past the data store */
	for (i = 1; i < il; i++) {
		memcpy(q, p, n);
		put32be(q + 8 + 16 * i + 8, dl + 4);
		assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
		assert_non_null(strstr(cx.err.msg, "header: entry"));
	}
	/* a string array whose count asks for more strings than the store holds */
	for (i = 1; i < il; i++) {
		memcpy(q, p, n);
		if (get32be(q + 8 + 16 * i + 4) != 8)
			continue;
		put32be(q + 8 + 16 * i + 12, dl);
		assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
	}
	/* bad type, bad tag, zero index, huge index, negative offset, broken region trailer */
	memcpy(q, p, n);
	put32be(q + 8 + 16 + 4, 77);
	assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
	memcpy(q, p, n);
	put32be(q + 8 + 16, 5);
	assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
	memcpy(q, p, n);
	put32be(q, 0);
	assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
	put32be(q, 0x7fffffff);
	assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
	memcpy(q, p, n);
	put32be(q + 8 + 16 + 8, 0xfffffff0);
	assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
	memcpy(q, p, n);
	assert_int_equal(get32be(q + 8), 63); /* HEADERIMMUTABLE region */
	put32be(q + 8 + 8, dl - 8);
	assert_int_equal(ks_rpm_header_decode(&cx, q, n, &h), KS_ECORRUPT);
	/* zero-length and tiny blobs */
	assert_int_equal(ks_rpm_header_decode(&cx, q, 0, &h), KS_ETRUNC);
	assert_int_equal(ks_rpm_header_decode(&cx, q, 7, &h), KS_ETRUNC);
	free(q);
	free(p);
	ks_ctx_release(&cx);
}

static void put32le(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put16le(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* Runs the analyzer on a modified copy of q and expects failure with code want (any
 * negative code for 0) and a message containing what (if not NULL). */
static void expect_bad(uint8_t *q, size_t n, int want, const char *what)
{
	struct ks_ares out;
	struct ks_ctx cx;
	int r;

	tu_ctx(&cx);
	r = run(&cx, "var/lib/rpm/Packages", q, n, &out);
	if (r >= 0 || (want != 0 && r != want))
		fail_msg("case '%s' (%zu bytes): got %d (%s), want %d", what ? what : "any", n, r,
			cx.err.msg, want);
	expect_fail(&cx, r, want);
	if (what != NULL && strstr(cx.err.msg, what) == NULL)
		fail_msg("message '%s' lacks '%s'", cx.err.msg, what);
	ks_ctx_release(&cx);
}

static void test_bdb_corrupt(void **state)
{
	uint8_t *p, *q;
	size_t n, cut;

	(void)state;
	p = tu_read(tu_shared(LIBUUID "Packages"), &n);
	assert_int_equal(n, 23 * 4096);
	q = malloc(n);
	assert_non_null(q);

	/* truncated at every page boundary and in the middle of pages */
	for (cut = 0; cut < n; cut += 2048) {
		memcpy(q, p, n);
		expect_bad(q, cut, 0, NULL);
	}
	/* hash page 2 claims to be page 7 */
	memcpy(q, p, n);
	put32le(q + 2 * 4096 + 8, 7);
	expect_bad(q, n, KS_ECORRUPT, "page 2 says it is page 7");
	/* an item offset inside the page index */
	memcpy(q, p, n);
	put16le(q + 2 * 4096 + 26 + 2, 3);
	expect_bad(q, n, KS_ECORRUPT, "bad offset");
	/* an item offset past the end of the page */
	memcpy(q, p, n);
	put16le(q + 2 * 4096 + 26, 0xffff);
	expect_bad(q, n, KS_ECORRUPT, "bad offset");
	/* the overflow chain loops back on itself */
	memcpy(q, p, n);
	put32le(q + 5 * 4096 + 16, 4);
	expect_bad(q, n, KS_ECORRUPT, "used twice");
	/* an overflow page of the chain is not an overflow page */
	memcpy(q, p, n);
	q[9 * 4096 + 25] = 0;
	expect_bad(q, n, KS_ECORRUPT, "not overflow page");
	/* the overflow reference points outside the file */
	memcpy(q, p, n);
	put32le(q + 4079 + 2 * 4096 + 4, 1000);
	expect_bad(q, n, KS_ECORRUPT, "overflow chain points to page 1000");
	/* a byte of the header inside the overflow chain: index length of the blob */
	memcpy(q, p, n);
	put32le(q + 3 * 4096 + 26, 0x01000000);
	expect_bad(q, n, KS_ECORRUPT, "header:");
	/* meta page: bad page size, more pages than the file has, unknown page type */
	memcpy(q, p, n);
	put32le(q + 20, 1000);
	expect_bad(q, n, KS_ECORRUPT, "page size");
	memcpy(q, p, n);
	put32le(q + 32, 23);
	expect_bad(q, n, KS_ETRUNC, NULL);
	memcpy(q, p, n);
	q[1 * 4096 + 25] = 5;
	expect_bad(q, n, KS_ECORRUPT, "unexpected type 5");
	free(q);
	free(p);
}

static void test_ndb_corrupt(void **state)
{
	uint8_t *p, *q;
	size_t n, cut;
	uint32_t blkoff;

	(void)state;
	p = tu_read(tu_shared(SLE15 "Packages.db"), &n);
	q = malloc(n);
	assert_non_null(q);
	blkoff = (uint32_t)p[40] | ((uint32_t)p[41] << 8) | ((uint32_t)p[42] << 16) |
		((uint32_t)p[43] << 24);

	for (cut = 0; cut < n; cut += n / 37 + 1) {
		memcpy(q, p, n);
		expect_bad(q, cut, 0, NULL);
	}
	/* one flipped byte inside the first blob */
	memcpy(q, p, n);
	q[(size_t)blkoff * 16 + 100] ^= 0x40;
	expect_bad(q, n, KS_ECORRUPT, "checksum");
	/* slot magic, block offset past the end, block inside the slot pages, wrong package */
	memcpy(q, p, n);
	q[33] = 'X';
	expect_bad(q, n, KS_ECORRUPT, "bad magic");
	memcpy(q, p, n);
	put32le(q + 40, 0x10000000);
	expect_bad(q, n, KS_ETRUNC, "past end");
	memcpy(q, p, n);
	put32le(q + 40, 3);
	expect_bad(q, n, KS_ECORRUPT, "bad block offset");
	memcpy(q, p, n);
	put32le(q + 36, 9999);
	expect_bad(q, n, KS_ECORRUPT, "bad blob header");
	/* every slot points at the same block */
	memcpy(q, p, n);
	for (cut = 3; cut < 256; cut++) {
		memcpy(q + cut * 16 + 4, p + 36, 12);
	}
	expect_bad(q, n, KS_ECORRUPT, "overlaps");
	/* more slot pages than the file */
	memcpy(q, p, n);
	put32le(q + 12, 100000);
	expect_bad(q, n, KS_ETRUNC, NULL);
	free(q);
	free(p);
}

/* Serialises a fresh SQLite database built by sql into a malloc'd buffer. */
static uint8_t *make_sqlite(const char *sql, const void *blob, size_t bloblen, size_t *n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_int64 sz = 0;
	unsigned char *ser;
	uint8_t *copy;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	if (blob != NULL) {
		assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO Packages(blob) VALUES (?)", -1,
					 &st, NULL),
			SQLITE_OK);
		sqlite3_bind_blob(st, 1, blob, (int)bloblen, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	ser = sqlite3_serialize(db, "main", &sz, 0);
	assert_non_null(ser);
	copy = malloc((size_t)sz);
	assert_non_null(copy);
	memcpy(copy, ser, (size_t)sz);
	sqlite3_free(ser);
	sqlite3_close(db);
	*n = (size_t)sz;
	return copy;
}

#define SCHEMA "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);"

static void test_sqlite_corrupt(void **state)
{
	uint8_t *p, *q, *blob;
	size_t n, bn, cut;

	(void)state;
	blob = tu_read(tu_shared(BLOB), &bn);

	/* a real header alone, as a well-formed database: one package; no rows: none */
	p = tu_read(tu_shared(CCHEADER), &cut);
	q = make_sqlite(SCHEMA, p, cut, &n);
	free(p);
	{
		struct ks_ares out;
		struct ks_ctx cx;

		tu_ctx(&cx);
		if (run(&cx, "var/lib/rpm/rpmdb.sqlite", q, n, &out) != 0)
			fail_msg("%s", cx.err.msg);
		assert_int_equal(out.npkgs, 1);
		free(q);
		q = make_sqlite(SCHEMA, NULL, 0, &n);
		assert_int_equal(run(&cx, "var/lib/rpm/rpmdb.sqlite", q, n, &out), 0);
		assert_int_equal(out.npkgs, 0);
		ks_ctx_release(&cx);
	}
	free(q);
	/* go-rpmdb's blob.bin: file 3's directory index (4) is past its 4 DIRNAMES */
	q = make_sqlite(SCHEMA, blob, bn, &n);
	expect_bad(q, n, KS_ECORRUPT, "file 3: directory index 4 of 4");
	free(q);
	/* zero-length blob */
	q = make_sqlite(SCHEMA, "", 0, &n);
	expect_bad(q, n, KS_ECORRUPT, "blob is empty");
	free(q);
	/* a blob whose first index entry points past its data store */
	put32be(blob + 8 + 16 + 8, get32be(blob + 4) + 4);
	q = make_sqlite(SCHEMA, blob, bn, &n);
	expect_bad(q, n, KS_ECORRUPT, "sqlite: row 1: header: entry");
	free(q);
	/* text instead of a blob, no Packages table, Packages as an endless view */
	q = make_sqlite("CREATE TABLE Packages (blob); INSERT INTO Packages VALUES ('abc');", NULL,
		0, &n);
	expect_bad(q, n, KS_ECORRUPT, "not a blob");
	free(q);
	q = make_sqlite("CREATE TABLE Other (blob BLOB);", NULL, 0, &n);
	expect_bad(q, n, KS_ECORRUPT, "no Packages table");
	free(q);
	q = make_sqlite("CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
			"SELECT x + 1 FROM c) SELECT randomblob(100) AS blob FROM c;",
		NULL, 0, &n);
	expect_bad(q, n, 0, NULL);
	free(q);
	free(blob);

	/* the real database, truncated */
	p = tu_read(tu_shared(MARINER "rpmdb.sqlite"), &n);
	for (cut = 100; cut < n; cut += n / 7) {
		q = malloc(cut);
		assert_non_null(q);
		memcpy(q, p, cut);
		expect_bad(q, cut, 0, NULL);
		free(q);
	}
	free(p);
}

static void test_garbage(void **state)
{
	static const char *const magics[] = { "", "SQLite format 3", "RpmP",
		"\0\0\0\0\0\0\0\0\0\0\0\0\x61\x15\x06\0\x09\0\0\0\0\x02\0\0\0\x08" };
	static const size_t mlen[] = { 0, 16, 4, 26 };
	uint64_t x = 0x9e3779b97f4a7c15ull;
	size_t n = 1 << 16, i, k, round;
	uint8_t *q = malloc(n);

	(void)state;
	assert_non_null(q);
	for (round = 0; round < 8; round++) {
		for (k = 0; k < 4; k++) {
			struct ks_ares out;
			struct ks_ctx cx;

			for (i = 0; i < n; i++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				q[i] = (uint8_t)x;
			}
			memcpy(q, magics[k], mlen[k]);
			tu_ctx(&cx);
			expect_fail(&cx, run(&cx, "var/lib/rpm/Packages", q, n >> round, &out), 0);
			ks_ctx_release(&cx);
		}
	}
	free(q);
}

/*
 * Cross-check with the real rpm (Debian package "rpm"), skipped when it is not installed:
 * each database is copied into a temporary directory under the name its backend expects
 * and queried with rpm -qa; name, EVR, arch, source rpm, license, vendor, SIGMD5 and, for
 * OS-vendor packages, the file list must match. Debian's rpm has no ndb backend, so the
 * NDB database is checked against the packages.csv that rpm wrote on SUSE only.
 */
static const char RPM_QF[] = "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t"
			     "%{SOURCERPM}\\t%{LICENSE}\\t%{VENDOR}\\t%{SIGMD5}\\t[%{FILENAMES}|]\\t"
			     "|[%{REQUIRENAME}|]\\t|[%{PROVIDENAME}|]\\n";

/* True if the "|a|b|" list holds item exactly. */
static bool in_list(struct ks_str list, const char *item)
{
	size_t n = strlen(item);
	const char *p = list.p, *end = list.p + list.n;

	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), item, n);

		if (hit == NULL)
			return false;
		if (hit > list.p && hit[-1] == '|' && hit + n < end && hit[n] == '|')
			return true;
		p = hit + 1;
	}
	return false;
}

/*
 * Checks every package's depends_on against Trivy's rule applied to rpm's own REQUIRENAME
 * and PROVIDENAME lists (req[i], prov[i] for kensa's package i, in kensa's order): each
 * requirement maps to the last package providing it, self excluded, sorted and unique.
 */
static void check_deps(const struct ks_ares *out, const struct ks_str *req,
	const struct ks_str *prov)
{
	size_t i, j, k, m;
	char **ids = calloc(out->npkgs, sizeof(*ids));
	const char **want = NULL;

	assert_non_null(ids);
	for (i = 0; i < out->npkgs; i++) {
		const struct ks_pkg *p = &out->pkgs[i];

		size_t sz = strlen(p->name) + strlen(p->version) + strlen(p->release) +
			strlen(p->arch) + 4;

		ids[i] = malloc(sz);
		assert_non_null(ids[i]);
		snprintf(ids[i], sz, "%s@%s-%s.%s", p->name, p->version, p->release,
			strcmp(p->arch, "None") == 0 ? "" : p->arch);
	}
	for (i = 0; i < out->npkgs; i++) {
		struct ks_str r = req[i], one, rest;

		m = 0;
		free(want);
		want = calloc(r.n + 1, sizeof(*want));
		assert_non_null(want);
		ks_str_cut(r, '|', &one, &r); /* leading "|" */
		while (r.n > 0) {
			char item[4096];
			size_t prov_j = SIZE_MAX;

			ks_str_cut(r, '|', &one, &rest);
			r = rest;
			snprintf(item, sizeof(item), "%.*s", (int)one.n, one.p);
			for (j = 0; j < out->npkgs; j++)
				if (in_list(prov[j], item))
					prov_j = j;
			if (prov_j == SIZE_MAX || strcmp(ids[prov_j], ids[i]) == 0)
				continue;
			for (k = 0; k < m && strcmp(want[k], ids[prov_j]) != 0; k++)
				;
			if (k == m)
				want[m++] = ids[prov_j];
		}
		if (m > 1)
			qsort(want, m, sizeof(*want), cmp_cstr);
		if (out->pkgs[i].depends_on.n != m)
			fail_msg("%s: %zu dependencies, want %zu", out->pkgs[i].name,
				out->pkgs[i].depends_on.n, m);
		for (k = 0; k < m; k++)
			assert_string_equal(out->pkgs[i].depends_on.v[k], want[k]);
	}
	free(want);
	for (i = 0; i < out->npkgs; i++)
		free(ids[i]);
	free(ids);
}

static void rpm_compare(const char *path, const char *fname, const char *backend)
{
	char dir[] = "/tmp/kensa-rpmdb-XXXXXX", cmd[1024], dbfile[512];
	struct ks_ares out;
	struct ks_ctx cx;
	struct ks_lines it;
	struct ks_str line, f[12], *req, *prov;
	size_t n, olen = 0, i, rows = 0, cap = 0;
	uint8_t *p;
	char *text = NULL, buf[65536];
	FILE *fp;

	p = tu_read(path, &n);
	assert_non_null(mkdtemp(dir));
	snprintf(dbfile, sizeof(dbfile), "%s/%s", dir, fname);
	fp = fopen(dbfile, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	fclose(fp);
	snprintf(cmd, sizeof(cmd),
		"rpm --dbpath %s --define '_db_backend %s' -qa --qf '%s' 2>/dev/null", dir,
		backend, RPM_QF);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	while ((i = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (olen + i + 1 > cap) {
			cap = (olen + i + 1) * 2;
			text = realloc(text, cap);
			assert_non_null(text);
		}
		memcpy(text + olen, buf, i);
		olen += i;
	}
	pclose(fp);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);

	tu_ctx(&cx);
	assert_int_equal(run(&cx, "var/lib/rpm/Packages", p, n, &out), 0);
	req = calloc(out.npkgs + 1, sizeof(*req));
	prov = calloc(out.npkgs + 1, sizeof(*prov));
	assert_true(req != NULL && prov != NULL);
	ks_lines_init(&it, text ? text : "", olen);
	while (ks_lines_next(&it, &line)) {
		struct wantv wv = { 0 };
		struct want w = { 0 };
		const struct ks_pkg *pk = NULL;
		struct ks_str fl, one, rest;
		size_t j, k = 0;

		assert_int_equal(split(line, "\t", f, 12), 12);
		rows++;
		for (j = 0; j < out.npkgs && pk == NULL; j++) {
			const struct ks_pkg *q = &out.pkgs[j];

			if (ks_str_eq(f[0], q->name) && ks_str_eq(f[2], q->version) &&
				ks_str_eq(f[3], q->release) &&
				(ks_str_eq(f[4], q->arch) ||
					(ks_str_eq(f[4], "(none)") && eq0(q->arch, "None"))))
				pk = q;
		}
		if (pk == NULL)
			fail_msg("rpm lists %.*s, kensa does not", (int)line.n, line.p);
		req[pk - out.pkgs] = f[10];
		prov[pk - out.pkgs] = f[11];
		w.name = field(f[0]);
		w.epoch = to_int(f[1]);
		w.version = field(f[2]);
		w.release = field(f[3]);
		w.arch = field(f[4]);
		w.srpm = field(f[5]);
		w.license = field(f[6]);
		w.vendor = field(f[7]);
		w.has_vendor = true;
		w.md5 = field(f[8]);
		push_want(&wv, &w);
		{
			struct ks_ares one_pkg = { .pkgs = (struct ks_pkg *)pk, .npkgs = 1 };

			compare(&one_pkg, &wv);
		}
		free_wants(&wv);
		if (pk->files.n == 0)
			continue;
		fl = f[9];
		while (fl.n > 0) {
			ks_str_cut(fl, '|', &one, &rest);
			fl = rest;
			if (ks_str_eq(one, "/"))
				continue; /* the root is not a file path for kensa */
			if (k >= pk->files.n || one.n < 2 || one.p[0] != '/')
				fail_msg("%s: rpm file %zu '%.*s' (kensa has %zu)", pk->name, k,
					(int)one.n, one.p, pk->files.n);
			if (!ks_str_eq(ks_str_sub(one, 1, one.n), pk->files.v[k]))
				fail_msg("%s: file %zu: rpm says %.*s, kensa %s", pk->name, k,
					(int)one.n, one.p, pk->files.v[k]);
			k++;
		}
		assert_int_equal(k, pk->files.n);
	}
	assert_int_equal(rows, out.npkgs);
	check_deps(&out, req, prov);
	free(req);
	free(prov);
	print_message("rpm -qa agrees on %zu packages of %s\n", rows, path);
	ks_ctx_release(&cx);
	free(text);
	free(p);
}

static void test_rpm_cli(void **state)
{
	(void)state;
	if (system("rpm --version >/dev/null 2>&1") != 0) {
		print_message("skipped: the rpm command is not installed\n");
		skip();
	}
	rpm_compare(tu_src(SEEDS "bdb-le-overflow"), "Packages", "bdb_ro");
	rpm_compare(tu_src(SEEDS "bdb-be-overflow"), "Packages", "bdb_ro");
	rpm_compare(tu_src(SEEDS "bdb-le-inline"), "Packages", "bdb_ro");
	rpm_compare(tu_shared(AL2023 "rpmdb.sqlite"), "rpmdb.sqlite", "sqlite");
	rpm_compare(tu_shared(MARINER "rpmdb.sqlite"), "rpmdb.sqlite", "sqlite");
	rpm_compare(tu_shared(LIBUUID "Packages"), "Packages", "bdb_ro");
	rpm_compare(tu_shared(EPOCHDB), "Packages", "bdb_ro");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wants),
		cmocka_unit_test(test_sqlite_al2023),
		cmocka_unit_test(test_sqlite_mariner),
		cmocka_unit_test(test_bdb_libuuid),
		cmocka_unit_test(test_bdb_epoch),
		cmocka_unit_test(test_ndb_sle15),
		cmocka_unit_test(test_edge_files),
		cmocka_unit_test(test_synthetic),
		cmocka_unit_test(test_header_blobs),
		cmocka_unit_test(test_header_corrupt),
		cmocka_unit_test(test_bdb_corrupt),
		cmocka_unit_test(test_ndb_corrupt),
		cmocka_unit_test(test_sqlite_corrupt),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_rpm_cli),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
