/*
 * langkit.h - helpers shared by the tests of the language-package analyzers
 * (test_dotnet_core.c, test_nuget.c, test_packages_props.c, test_pub.c, test_hex.c,
 * test_swift.c, test_cocoapods.c, test_conan.c): run an analyzer on a real file or on bytes,
 * and compare its packages field by field with an expected table (Trivy's test
 * expectations written out), whatever order the analyzer produced them in.
 *
 * Header-only (static functions) because tests/CMakeLists.txt builds every test_*.c as its
 * own program. Results live in the context's arena until the test releases it.
 */
#ifndef KS_LANGKIT_H
#define KS_LANGKIT_H

#include "testutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyzer.h"

/* One expected package. locs: "28-32" or "5-10,33-38" (NULL = none); deps: IDs separated
 * by spaces, in the expected order (NULL = none); id: the explicit ID when the analyzer
 * must set one (NULL = it must not). */
struct lk_want {
	const char *name, *version;
	int rel;
	const char *locs;
	const char *deps;
	bool dev;
	const char *id;
};

/* An expected package that is not a development dependency and has no explicit ID. */
#define LK(name, version, rel, locs, deps) { name, version, rel, locs, deps, false, NULL }

/* Runs an analyzer on bytes under the given in-tree path. */
static inline int lk_run(struct ks_ctx *cx, const struct ks_analyzer *an, const char *path,
	const void *data, size_t n, struct ks_ares *out)
{
	struct ks_file f = { path, data, n };

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx->err);
	return an->parse(cx, &f, out);
}

/* Runs an analyzer on a file of ../shared (skips the test when it is absent). The bytes
 * are freed right after the parse: file contents are only borrowed during parse(). */
static inline int lk_run_shared(struct ks_ctx *cx, const struct ks_analyzer *an,
	const char *rel, const char *path, struct ks_ares *out)
{
	size_t n;
	uint8_t *data = tu_read(tu_shared(rel), &n);
	int rc = lk_run(cx, an, path, data, n, out);

	free(data);
	return rc;
}

/* Formats p's locations as lk_want.locs does. */
static inline void lk_locs(const struct ks_pkg *p, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nlocs && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%u-%u", i ? "," : "", p->locs[i].start,
			p->locs[i].end);
}

static inline void lk_deps(const struct ks_pkg *p, char *buf, size_t size)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < p->depends_on.n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? " " : "", p->depends_on.v[i]);
}

static inline const struct ks_pkg *lk_find(const struct ks_ares *a, const char *name,
	const char *version)
{
	size_t i;

	for (i = 0; i < a->npkgs; i++)
		if (strcmp(a->pkgs[i].name, name) == 0 &&
			strcmp(a->pkgs[i].version ? a->pkgs[i].version : "", version) == 0)
			return &a->pkgs[i];
	return NULL;
}

/* Every expected package is there with exactly the expected fields, and nothing else. */
static inline void lk_expect(const struct ks_ares *a, const struct lk_want *w, size_t n)
{
	char got[4096];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ks_pkg *p = lk_find(a, w[i].name, w[i].version);

		if (p == NULL)
			fail_msg("missing package %s %s", w[i].name, w[i].version);
		if (p->relationship != w[i].rel)
			fail_msg("%s %s: relationship %d, want %d", w[i].name, w[i].version,
				p->relationship, w[i].rel);
		lk_locs(p, got, sizeof(got));
		if (strcmp(got, w[i].locs ? w[i].locs : "") != 0)
			fail_msg("%s %s: locations '%s', want '%s'", w[i].name, w[i].version, got,
				w[i].locs ? w[i].locs : "");
		lk_deps(p, got, sizeof(got));
		if (strcmp(got, w[i].deps ? w[i].deps : "") != 0)
			fail_msg("%s %s: depends on '%s', want '%s'", w[i].name, w[i].version, got,
				w[i].deps ? w[i].deps : "");
		if (p->dev != w[i].dev)
			fail_msg("%s %s: dev %d, want %d", w[i].name, w[i].version, p->dev,
				w[i].dev);
		if ((p->id == NULL) != (w[i].id == NULL) ||
			(p->id != NULL && strcmp(p->id, w[i].id) != 0))
			fail_msg("%s %s: id '%s', want '%s'", w[i].name, w[i].version,
				p->id ? p->id : "(none)", w[i].id ? w[i].id : "(none)");
		assert_int_equal(p->layer, -1);
		assert_null(p->file_path);
	}
	if (a->npkgs != n) {
		for (i = 0; i < a->npkgs; i++)
			print_message("got %s %s\n", a->pkgs[i].name, a->pkgs[i].version);
		fail_msg("%zu packages, want %zu", a->npkgs, n);
	}
}

/* Number of warnings in cx that contain needle. */
static inline size_t lk_nwarns(const struct ks_ctx *cx, const char *needle)
{
	size_t i, k = 0;

	for (i = 0; i < cx->nwarns; i++)
		k += strstr(cx->warns[i], needle) != NULL;
	return k;
}

/* The parse fails with code, and the message names the file (and contains needle, when
 * given). */
static inline void lk_expect_err(const struct ks_ctx *cx, int rc, int code, const char *path,
	const char *needle)
{
	if (rc != code)
		fail_msg("got %d (%s), want %d", rc, cx->err.msg, code);
	if (strstr(cx->err.msg, path) == NULL)
		fail_msg("message '%s' does not name '%s'", cx->err.msg, path);
	if (needle != NULL && strstr(cx->err.msg, needle) == NULL)
		fail_msg("message '%s' lacks '%s'", cx->err.msg, needle);
}

/* Runs an analyzer on a file of ../shared that must parse, and compares its packages with
 * w[0..n) as lk_expect() does. */
static inline void lk_expect_shared(struct ks_ctx *cx, const struct ks_analyzer *an,
	const char *rel, const char *path, const struct lk_want *w, size_t n)
{
	struct ks_ares out;
	int rc = lk_run_shared(cx, an, rel, path, &out);

	if (rc != 0)
		fail_msg("%s: %d %s", rel, rc, cx->err.msg);
	lk_expect(&out, w, n);
}

/*
 * Feeds the analyzer every prefix of data shorter than n (every byte up to 4 KiB, then in
 * steps) and a copy with each of a few bytes flipped: none may crash, and each must give
 * 0 or a negative code with a message naming the file. cx is released and set up
 * afresh for every run (earlier results in it are gone). Returns the number of prefixes
 * that parsed without error.
 */
static inline size_t lk_mangle(struct ks_ctx *cx, const struct ks_analyzer *an,
	const char *path, const uint8_t *data, size_t n)
{
	uint8_t *copy = malloc(n + 1);
	size_t len, step, accepted = 0, i;

	assert_non_null(copy);
	for (len = 0; len < n; len += step) {
		struct ks_ares out;
		int rc;

		step = len < 4096 ? 1 : n / 512 + 1;
		ks_ctx_release(cx);
		tu_ctx(cx);
		memcpy(copy, data, len);
		rc = lk_run(cx, an, path, copy, len, &out);
		if (rc > 0)
			fail_msg("positive code %d", rc);
		if (rc == 0)
			accepted++;
		if (rc < 0) {
			if (strstr(cx->err.msg, path) == NULL)
				fail_msg("prefix %zu: message '%s' does not name the file", len,
					cx->err.msg);
		}
	}
	for (i = 0; i < n; i += n / 97 + 1) {
		static const uint8_t flips[] = { '"', '{', '}', '\n', 0, 0xff, ':', '[' };
		size_t k;

		for (k = 0; k < sizeof(flips); k++) {
			struct ks_ares out;
			int rc;

			ks_ctx_release(cx);
			tu_ctx(cx);
			memcpy(copy, data, n);
			copy[i] = flips[k];
			rc = lk_run(cx, an, path, copy, n, &out);
			if (rc < 0 && strstr(cx->err.msg, path) == NULL)
				fail_msg("flip at %zu: message '%s' does not name the file", i,
					cx->err.msg);
			if (rc > 0)
				fail_msg("positive code %d", rc);
		}
	}
	free(copy);
	return accepted;
}

#endif
