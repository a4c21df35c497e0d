/*
 * test_version_vectors.c - runs every fact of ../shared/fixtures/versions through
 * lib/version and reports agreement per ecosystem.
 *
 * version-vectors.tsv: 15,283 "a op b" facts, each checked upstream against the real tool
 * (dpkg, rpm, python packaging, node-semver, Maven, RubyGems). Every row must agree, with
 * two documented exceptions:
 *  - maven: 5 rows record the answer of old Maven (ComparableVersionTest before 3.8,
 *    claircore, go-mvn-version) where Maven 3.8.7/3.9 answer differently; kensa follows
 *    current Maven (see lib/version/maven.c and tests/unit/version-maven-note.md), so those
 *    rows must DISAGREE, and exactly those.
 *  - rpm-nevra: name-epoch:version-release.arch strings with claircore's package-level
 *    semantics; not a version scheme, reported as skipped.
 * version-extra-facts.tsv: apk fuzzy matches and valid/invalid strings, PEP 440 invalid
 * strings, maven/gem "relation does not hold" facts. semver-range-vectors.tsv: node-semver
 * range satisfaction with its options.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "version/version.h"

#define MAXF 8

struct tally {
	const char *name;
	unsigned rows, agree, disagree, errors;
};

static struct tally tallies[16];
static size_t ntallies;

static struct tally *tally(const char *name)
{
	size_t i;

	for (i = 0; i < ntallies; i++)
		if (strcmp(tallies[i].name, name) == 0)
			return &tallies[i];
	assert_true(ntallies < sizeof(tallies) / sizeof(tallies[0]));
	tallies[ntallies].name = strdup(name);
	return &tallies[ntallies++];
}

/* Splits line at tabs into at most MAXF fields; JSON-quoted fields are decoded into
 * malloc'd strings recorded in owned[]. Returns the field count. */
static size_t split(char *line, char **f, char **owned, size_t *nowned)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *tab = strchr(p, '\t');

		if (tab != NULL)
			*tab = '\0';
		if (n < MAXF) {
			f[n] = p;
			if (p[0] == '"') {
				json_t *j = json_loads(p, JSON_DECODE_ANY, NULL);

				assert_non_null(j);
				assert_true(json_is_string(j));
				f[n] = owned[(*nowned)++] = strdup(json_string_value(j));
				json_decref(j);
			}
			n++;
		}
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return n;
}

static int opval(const char *op)
{
	if (strcmp(op, "<") == 0)
		return -1;
	if (strcmp(op, "=") == 0)
		return 0;
	if (strcmp(op, ">") == 0)
		return 1;
	fail_msg("bad op '%s'", op);
	return 2;
}

static const char *opname(int c)
{
	return c < 0 ? "<" : c > 0 ? ">" : "=";
}

/* The rows where kensa (current Maven) deliberately differs from the fixture (old Maven). */
static const char *const maven_documented[][2] = {
	{ "2-1", "2.0.a" },
	{ "2-1", "2.0.0.a" },
	{ "2.0.a", "2.0.0.a" },
	{ "1-foo", "1.foo" },
	{ "1-1-foo", "1-1.foo" },
};

static bool maven_is_documented(const char *a, const char *b)
{
	size_t i;

	for (i = 0; i < sizeof(maven_documented) / sizeof(maven_documented[0]); i++)
		if (strcmp(maven_documented[i][0], a) == 0 &&
			strcmp(maven_documented[i][1], b) == 0)
			return true;
	return false;
}

/* Compares a and b as eco; returns -1/0/1, or 2 with the message in e on error. */
static int compare(const char *eco, const char *a, const char *b, struct ks_err *e)
{
	int c;

	if (strcmp(eco, "rpmvercmp") == 0)
		return ks_rpmvercmp(ks_str_c(a), ks_str_c(b));
	if (ks_ver_compare(e, ks_eco_lookup(ks_str_c(eco)), ks_str_c(a), ks_str_c(b), &c) != 0)
		return 2;
	return c;
}

static void test_version_vectors(void **state)
{
	const char *path = tu_shared("fixtures/versions/version-vectors.tsv");
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, i;
	unsigned maven_doc = 0, total = 0;
	ssize_t len;

	(void)state;
	assert_non_null(fp);
	while ((len = getline(&line, &cap, fp)) > 0) {
		char *f[MAXF], *owned[MAXF];
		size_t nf, nowned = 0;
		struct tally *t;
		struct ks_err e = { 0 };
		int want, got, rev;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || len == 0)
			continue;
		nf = split(line, f, owned, &nowned);
		assert_true(nf >= 4);
		total++;
		t = tally(f[0]);
		t->rows++;
		if (strcmp(f[0], "rpm-nevra") == 0)
			goto next;
		want = opval(f[2]);
		got = compare(f[0], f[1], f[3], &e);
		if (got == 2) {
			t->errors++;
			print_message("ERROR %s '%s' %s '%s': %s\n", f[0], f[1], f[2], f[3], e.msg);
			goto next;
		}
		rev = compare(f[0], f[3], f[1], &e);
		assert_int_equal(rev, -got); /* antisymmetric */
		if (got == want) {
			t->agree++;
		} else if (strcmp(f[0], "maven") == 0 && maven_is_documented(f[1], f[3])) {
			t->disagree++;
			maven_doc++;
		} else {
			t->disagree++;
			print_message("DISAGREE %s '%s' %s '%s': kensa says %s\n", f[0], f[1], f[2],
				f[3], opname(got));
		}
	next:
		for (i = 0; i < nowned; i++)
			free(owned[i]);
	}
	free(line);
	fclose(fp);
	print_message("version-vectors.tsv: %u facts\n", total);
	print_message(
		"%-10s %6s %6s %8s %6s\n", "ecosystem", "rows", "agree", "disagree", "errors");
	for (i = 0; i < ntallies; i++) {
		struct tally *t = &tallies[i];

		if (strcmp(t->name, "rpm-nevra") == 0) {
			print_message(
				"%-10s %6u  skipped (claircore NEVRA, not a version scheme)\n",
				t->name, t->rows);
			continue;
		}
		print_message("%-10s %6u %6u %8u %6u  %.2f%%\n", t->name, t->rows, t->agree,
			t->disagree, t->errors, 100.0 * t->agree / t->rows);
	}
	assert_int_equal(total, 15283);
	for (i = 0; i < ntallies; i++) {
		struct tally *t = &tallies[i];

		if (strcmp(t->name, "rpm-nevra") == 0)
			continue;
		assert_int_equal(t->errors, 0);
		if (strcmp(t->name, "maven") == 0)
			assert_int_equal(t->disagree, 5);
		else
			assert_int_equal(t->agree, t->rows);
	}
	assert_int_equal(maven_doc, 5);
	for (i = 0; i < ntallies; i++)
		free((char *)tallies[i].name);
	ntallies = 0;
}

/* node-semver options: "" none, "true" loose, or a JSON object. */
static unsigned range_flags(const char *opt)
{
	unsigned flags = 0;
	json_t *j, *v;

	if (opt[0] == '\0')
		return 0;
	j = json_loads(opt, JSON_DECODE_ANY, NULL);
	assert_non_null(j);
	if (json_is_true(j))
		flags |= KS_VER_LOOSE;
	if (json_is_object(j)) {
		v = json_object_get(j, "loose");
		if (v != NULL && (json_is_true(v) || (json_is_integer(v) && json_integer_value(v))))
			flags |= KS_VER_LOOSE;
		v = json_object_get(j, "includePrerelease");
		if (v != NULL && json_is_true(v))
			flags |= KS_VER_PRERELEASE;
	}
	json_decref(j);
	return flags;
}

static void test_range_vectors(void **state)
{
	const char *path = tu_shared("fixtures/versions/semver-range-vectors.tsv");
	FILE *fp = fopen(path, "r");
	unsigned rows = 0, agree = 0, invalid = 0;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;

	(void)state;
	assert_non_null(fp);
	while ((len = getline(&line, &cap, fp)) > 0) {
		char *f[MAXF], *owned[MAXF];
		size_t nf, nowned = 0;
		struct ks_err e = { 0 };
		unsigned flags;
		bool want, got = false;
		int rc;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || len == 0)
			continue;
		nf = split(line, f, owned, &nowned);
		assert_true(nf >= 5);
		assert_string_equal(f[0], "npm");
		rows++;
		want = strcmp(f[3], "true") == 0;
		flags = range_flags(f[4]);
		/* node-semver parses the version strictly unless loose, and an invalid version
		 * satisfies nothing */
		rc = ks_ver_satisfies(&e, KS_ECO_NPM, ks_str_c(f[2]), ks_str_c(f[1]),
			flags | ((flags & KS_VER_LOOSE) ? 0 : KS_VER_STRICT), &got);
		if (rc != 0) {
			assert_int_equal(rc, KS_ECORRUPT);
			invalid++;
			got = false;
		}
		if (got == want)
			agree++;
		else
			print_message("DISAGREE range '%s' version '%s' opts '%s': want %s (%s)\n",
				f[1], f[2], f[4], f[3], rc != 0 ? e.msg : "parsed");
		for (i = 0; i < nowned; i++)
			free(owned[i]);
	}
	free(line);
	fclose(fp);
	print_message("semver-range-vectors.tsv: %u facts, %u agree (%u with an invalid "
		      "version or range, i.e. not satisfied)\n",
		rows, agree, invalid);
	assert_int_equal(rows, 370);
	assert_int_equal(agree, rows);
}

/* version-extra-facts.tsv: apk fuzzy matches and validity, PEP 440 invalid strings,
 * maven/gem "relation does not hold". */
static void test_extra_facts(void **state)
{
	const char *path = tu_shared("fixtures/versions/version-extra-facts.tsv");
	FILE *fp = fopen(path, "r");
	unsigned rows = 0, agree = 0;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;

	(void)state;
	assert_non_null(fp);
	while ((len = getline(&line, &cap, fp)) > 0) {
		char *f[MAXF], *owned[MAXF];
		size_t nf, nowned = 0;
		struct ks_err e = { 0 };
		enum ks_eco eco;
		const char *rel;
		bool ok = false;

		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (line[0] == '#' || len == 0)
			continue;
		nf = split(line, f, owned, &nowned);
		assert_true(nf >= 4);
		rows++;
		eco = ks_eco_lookup(ks_str_c(f[0]));
		rel = f[2];
		if (strcmp(rel, "valid") == 0 || strcmp(rel, "invalid") == 0) {
			const struct ks_ver *v;
			struct ks_arena a;
			int rc;

			ks_arena_init(&a);
			rc = ks_ver_parse_flags(&a, &e, eco, ks_str_c(f[1]), KS_VER_STRICT, &v);
			ks_arena_release(&a);
			ok = (rc == 0) == (strcmp(rel, "valid") == 0);
			if (rc != 0)
				assert_int_equal(rc, KS_ECORRUPT);
		} else if (strncmp(rel, "not", 3) == 0) {
			int c, want = opval(rel + 3);

			assert_int_equal(
				ks_ver_compare(&e, eco, ks_str_c(f[1]), ks_str_c(f[3]), &c), 0);
			ok = c != want;
		} else {
			/* apk: "~" fuzzy match, "!~" no fuzzy match, "<~"/">~" */
			bool neg = rel[0] == '!', got;
			char range[256];

			snprintf(range, sizeof(range), "%s%s", neg ? rel + 1 : rel, f[3]);
			assert_int_equal(
				ks_ver_satisfies(&e, eco, ks_str_c(f[1]), ks_str_c(range), 0, &got),
				0);
			ok = got != neg;
		}
		if (ok)
			agree++;
		else
			print_message(
				"DISAGREE %s '%s' %s '%s' (%s)\n", f[0], f[1], rel, f[3], e.msg);
		for (i = 0; i < nowned; i++)
			free(owned[i]);
	}
	free(line);
	fclose(fp);
	print_message("version-extra-facts.tsv: %u facts, %u agree\n", rows, agree);
	assert_int_equal(agree, rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_vectors),
		cmocka_unit_test(test_range_vectors),
		cmocka_unit_test(test_extra_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
