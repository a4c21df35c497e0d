/*
 * test_version_osv.c - OSV range evaluation (ks_osv_*), on hand-made event lists and on
 * the real OSV exports under ../shared/feeds/osv.
 *
 * Real data: every `introduced`/`fixed`/`last_affected`/`limit` version of every record in
 * the PyPI, Go, crates.io, npm, Maven and AlmaLinux exports must parse with the matching
 * comparator, and for PyPI, whose records carry the `versions` list osv.dev expands from
 * the ranges, every listed version of an entry whose ranges are all ECOSYSTEM ranges must
 * be inside those ranges. The exceptions are the records listed in `known` below, each for
 * a reason that is in the record itself; the test fails if one of them stops deviating.
 */
#include "testutil.h"

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "version/version.h"

static const struct ks_osv_range *compile(
	struct ks_arena *a, enum ks_eco eco, const struct ks_osv_event *ev, size_t n)
{
	const struct ks_osv_range *r = NULL;
	struct ks_err e = { 0 };

	if (ks_osv_range_parse(a, &e, eco, ev, n, &r) != 0)
		fail_msg("osv range: %s", e.msg);
	return r;
}

static bool in_range(
	struct ks_arena *a, const struct ks_osv_range *r, enum ks_eco eco, const char *v)
{
	const struct ks_ver *h;
	struct ks_err e = { 0 };

	if (ks_ver_parse(a, &e, eco, ks_str_c(v), &h) != 0)
		fail_msg("version '%s': %s", v, e.msg);
	return ks_osv_range_test(r, h);
}

#define EV(k, v)                                                                                   \
	{                                                                                          \
		KS_OSV_##k, KS_STR_LIT(v)                                                          \
	}

static void test_osv_events(void **state)
{
	/* two intervals, events given out of order: [1.0.0, 1.0.2) and [3.0.0, 3.2.5) */
	static const struct ks_osv_event two[] = { EV(FIXED, "3.2.5"), EV(INTRODUCED, "1.0.0"),
		EV(INTRODUCED, "3.0.0"), EV(FIXED, "1.0.2") };
	static const struct ks_osv_event zero[] = { EV(INTRODUCED, "0"), EV(FIXED, "1.0.2") };
	static const struct ks_osv_event all[] = { EV(INTRODUCED, "0") };
	static const struct ks_osv_event last[] = { EV(INTRODUCED, "0"),
		EV(LAST_AFFECTED, "2.1.214") };
	static const struct ks_osv_event limit[] = { EV(INTRODUCED, "1.0.0"), EV(LIMIT, "2.0.0") };
	static const struct ks_osv_event star[] = { EV(INTRODUCED, "1.0.0"), EV(LIMIT, "*") };
	static const struct ks_osv_event empty[] = { EV(FIXED, "1.5"), EV(INTRODUCED, "1.5") };
	/* RustSec: an empty last interval; PyPA: adjacent intervals */
	static const struct ks_osv_event rustsec[] = { EV(INTRODUCED, "0.0.0-0"),
		EV(FIXED, "0.7.1"), EV(INTRODUCED, "0.8.0"), EV(FIXED, "0.8.2"),
		EV(INTRODUCED, "0.10.0"), EV(FIXED, "0.10.0") };
	static const struct ks_osv_event pypa[] = { EV(INTRODUCED, "0"), EV(FIXED, "3.1.1"),
		EV(INTRODUCED, "3.2.0"), EV(FIXED, "3.2.2"), EV(INTRODUCED, "3.1.1"),
		EV(FIXED, "3.1.3") };
	static const struct ks_osv_event point[] = { EV(INTRODUCED, "2.0"),
		EV(LAST_AFFECTED, "2.0") };
	/* Ubuntu writes "not affected" as fixed at the current version */
	static const struct ks_osv_event deb[] = { EV(INTRODUCED, "0"),
		EV(FIXED, "1:2.3-1ubuntu1") };
	const struct ks_osv_range *r;
	struct ks_arena a;

	(void)state;
	ks_arena_init(&a);
	r = compile(&a, KS_ECO_NPM, two, 4);
	assert_false(in_range(&a, r, KS_ECO_NPM, "0.9.0"));
	assert_true(in_range(&a, r, KS_ECO_NPM, "1.0.0"));
	assert_true(in_range(&a, r, KS_ECO_NPM, "1.0.2-rc.1"));
	assert_false(in_range(&a, r, KS_ECO_NPM, "1.0.2"));
	assert_false(in_range(&a, r, KS_ECO_NPM, "2.9.9"));
	assert_true(in_range(&a, r, KS_ECO_NPM, "3.1.0"));
	assert_false(in_range(&a, r, KS_ECO_NPM, "3.2.5"));
	r = compile(&a, KS_ECO_NPM, zero, 2);
	assert_true(in_range(&a, r, KS_ECO_NPM, "0.0.0-0"));
	assert_false(in_range(&a, r, KS_ECO_NPM, "1.0.2"));
	r = compile(&a, KS_ECO_NPM, all, 1);
	assert_true(in_range(&a, r, KS_ECO_NPM, "999.0.0"));
	r = compile(&a, KS_ECO_PYPI, last, 2);
	assert_true(in_range(&a, r, KS_ECO_PYPI, "2.1.214"));
	assert_false(in_range(&a, r, KS_ECO_PYPI, "2.1.214+local")); /* local sorts after */
	assert_false(in_range(&a, r, KS_ECO_PYPI, "2.1.214.post1"));
	assert_false(in_range(&a, r, KS_ECO_PYPI, "2.1.215"));
	r = compile(&a, KS_ECO_NPM, limit, 2);
	assert_true(in_range(&a, r, KS_ECO_NPM, "1.9.9"));
	assert_false(in_range(&a, r, KS_ECO_NPM, "2.0.0"));
	assert_false(in_range(&a, r, KS_ECO_NPM, "0.9.0"));
	r = compile(&a, KS_ECO_NPM, star, 2);
	assert_true(in_range(&a, r, KS_ECO_NPM, "100.0.0"));
	r = compile(&a, KS_ECO_PYPI, empty, 2);
	assert_false(in_range(&a, r, KS_ECO_PYPI, "1.5"));
	assert_false(in_range(&a, r, KS_ECO_PYPI, "1.4"));
	r = compile(&a, KS_ECO_CARGO, rustsec, 6);
	assert_true(in_range(&a, r, KS_ECO_CARGO, "0.7.0"));
	assert_false(in_range(&a, r, KS_ECO_CARGO, "0.7.1"));
	assert_true(in_range(&a, r, KS_ECO_CARGO, "0.8.1"));
	assert_false(in_range(&a, r, KS_ECO_CARGO, "0.9.0"));
	assert_false(in_range(&a, r, KS_ECO_CARGO, "0.10.0"));
	assert_false(in_range(&a, r, KS_ECO_CARGO, "1.0.0"));
	r = compile(&a, KS_ECO_PYPI, pypa, 6);
	assert_true(in_range(&a, r, KS_ECO_PYPI, "3.1.0"));
	assert_true(in_range(&a, r, KS_ECO_PYPI, "3.1.1"));
	assert_true(in_range(&a, r, KS_ECO_PYPI, "3.1.2"));
	assert_false(in_range(&a, r, KS_ECO_PYPI, "3.1.3"));
	assert_true(in_range(&a, r, KS_ECO_PYPI, "3.2.1"));
	assert_false(in_range(&a, r, KS_ECO_PYPI, "3.2.2"));
	r = compile(&a, KS_ECO_PYPI, point, 2);
	assert_false(in_range(&a, r, KS_ECO_PYPI, "1.9"));
	assert_true(in_range(&a, r, KS_ECO_PYPI, "2.0"));
	assert_false(in_range(&a, r, KS_ECO_PYPI, "2.0.1"));
	r = compile(&a, KS_ECO_DEB, deb, 2);
	assert_true(in_range(&a, r, KS_ECO_DEB, "1:2.3-1"));
	assert_false(in_range(&a, r, KS_ECO_DEB, "1:2.3-1ubuntu1"));
	assert_false(in_range(&a, r, KS_ECO_DEB, "1:2.3-1ubuntu2"));
	/* a version of another ecosystem is never in the range */
	{
		const struct ks_ver *v;
		struct ks_err e = { 0 };

		assert_int_equal(ks_ver_parse(&a, &e, KS_ECO_SEMVER, KS_STR_LIT("1.0.1"), &v), 0);
		assert_false(ks_osv_range_test(compile(&a, KS_ECO_NPM, all, 1), v));
	}
	ks_arena_release(&a);
}

static void test_osv_errors(void **state)
{
	static const struct ks_osv_event no_intro[] = { EV(FIXED, "1.0.0") };
	static const struct ks_osv_event bad[] = { EV(INTRODUCED, "0"),
		EV(FIXED, "not.a.version") };
	static const struct ks_osv_event zero_fixed[] = { EV(INTRODUCED, "1.0.0"), EV(FIXED, "0") };
	const struct ks_osv_range *r;
	struct ks_err e = { 0 };
	struct ks_arena a;

	(void)state;
	ks_arena_init(&a);
	assert_int_equal(ks_osv_range_parse(&a, &e, KS_ECO_NPM, no_intro, 1, &r), KS_ECORRUPT);
	assert_string_equal(e.msg, "osv: range has no introduced event");
	assert_int_equal(ks_osv_range_parse(&a, &e, KS_ECO_NPM, bad, 2, &r), KS_ECORRUPT);
	assert_non_null(strstr(e.msg, "osv: event 2: npm: 'not.a.version'"));
	assert_int_equal(ks_osv_range_parse(&a, &e, KS_ECO_NPM, NULL, 0, &r), KS_ECORRUPT);
	/* "0" is special only for introduced; npm cannot parse it elsewhere */
	assert_int_equal(ks_osv_range_parse(&a, &e, KS_ECO_NPM, zero_fixed, 2, &r), KS_ECORRUPT);
	assert_int_equal(ks_osv_range_parse(&a, &e, KS_ECO_NONE, no_intro, 1, &r), KS_EUSAGE);
	ks_arena_release(&a);
}

static void test_osv_versions_list(void **state)
{
	const struct ks_str list[] = { KS_STR_LIT("1.0"), KS_STR_LIT("1.1.0"),
		KS_STR_LIT("weird version") };
	const struct ks_ver *v;
	struct ks_err e = { 0 };
	struct ks_arena a;
	bool hit;

	(void)state;
	ks_arena_init(&a);
	/* compared as versions: 1.1 equals the listed 1.1.0 */
	assert_int_equal(ks_ver_parse(&a, &e, KS_ECO_PYPI, KS_STR_LIT("1.1"), &v), 0);
	assert_int_equal(ks_osv_versions_test(&a, &e, v, list, 3, &hit), 0);
	assert_true(hit);
	assert_int_equal(ks_ver_parse(&a, &e, KS_ECO_PYPI, KS_STR_LIT("1.2"), &v), 0);
	assert_int_equal(ks_osv_versions_test(&a, &e, v, list, 3, &hit), 0);
	assert_false(hit);
	/* an unparsable listed version matches only its exact string */
	assert_int_equal(ks_ver_parse(&a, &e, KS_ECO_MAVEN, KS_STR_LIT("weird version"), &v), 0);
	assert_int_equal(ks_osv_versions_test(&a, &e, v, list, 3, &hit), 0);
	assert_true(hit);
	ks_arena_release(&a);
}

/* Calls fn for every JSON document in the zip at path. */
static unsigned each_record(const char *path, void (*fn)(json_t *, void *), void *ud)
{
	struct archive *ar = archive_read_new();
	struct archive_entry *ent;
	unsigned n = 0;

	archive_read_support_format_zip(ar);
	assert_int_equal(archive_read_open_filename(ar, path, 1 << 16), ARCHIVE_OK);
	while (archive_read_next_header(ar, &ent) == ARCHIVE_OK) {
		la_int64_t size = archive_entry_size(ent);
		char *buf;
		json_t *j;

		if (size <= 0 || size > (64 << 20))
			continue;
		buf = malloc((size_t)size);
		assert_non_null(buf);
		assert_int_equal(archive_read_data(ar, buf, (size_t)size), size);
		j = json_loadb(buf, (size_t)size, 0, NULL);
		free(buf);
		assert_non_null(j);
		fn(j, ud);
		json_decref(j);
		n++;
	}
	archive_read_free(ar);
	return n;
}

/* Records of the PyPI export that deviate from the schema's algorithm on their own terms. */
static const struct {
	const char *id, *why;
} known[] = {
	{ "PYSEC-2019-125", "event version 2019-09-12 is not PEP 440" },
	{ "PYSEC-2021-371", "event version 0.2.0-n653 is not PEP 440" },
	{ "PYSEC-2021-114", "overlapping intervals in one range; the list has 2.11.6, which the "
			    "sorted walk leaves out" },
	{ "PYSEC-2023-61", "the list has pre-releases of the introduced versions (3.2a1 < 3.2)" },
};

struct feed_stats {
	enum ks_eco eco;
	unsigned events, ranges, listed, listed_in, listed_git, listed_bad, bad_events;
	bool seen[sizeof(known) / sizeof(known[0])];
};

/* Records a deviation of record id; fails unless it is a known one. */
static void deviation(struct feed_stats *st, const char *id, const char *what)
{
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(known[i].id, id) == 0) {
			st->seen[i] = true;
			return;
		}
	}
	fail_msg("%s: %s", id, what);
}

/* Compiles every ECOSYSTEM/SEMVER range of the record; for entries with only such ranges,
 * checks that each `versions` entry lies in one of them. */
static void check_record(json_t *rec, void *ud)
{
	struct feed_stats *st = ud;
	json_t *aff, *r, *ev, *v;
	size_t i, j, k;

	json_array_foreach(json_object_get(rec, "affected"), i, aff)
	{
		const struct ks_osv_range *compiled[64];
		size_t nc = 0;
		bool git = false;
		struct ks_arena a;

		ks_arena_init(&a);
		json_array_foreach(json_object_get(aff, "ranges"), j, r)
		{
			const char *type = json_string_value(json_object_get(r, "type"));
			struct ks_osv_event evs[256];
			size_t n = 0;
			struct ks_err e = { 0 };

			if (type != NULL && strcmp(type, "GIT") == 0) {
				git = true;
				continue;
			}
			json_array_foreach(json_object_get(r, "events"), k, ev)
			{
				static const char *const kinds[] = { "introduced", "fixed",
					"last_affected", "limit" };
				size_t q;

				assert_true(n < 256);
				for (q = 0; q < 4; q++) {
					json_t *s = json_object_get(ev, kinds[q]);

					if (s != NULL) {
						evs[n].kind = (enum ks_osv_kind)q;
						evs[n].version = ks_str_c(json_string_value(s));
						n++;
					}
				}
				st->events++;
			}
			st->ranges++;
			if (ks_osv_range_parse(&a, &e, st->eco, evs, n, &compiled[nc]) != 0) {
				st->bad_events++;
				deviation(st, json_string_value(json_object_get(rec, "id")), e.msg);
				continue;
			}
			assert_true(nc < 63);
			nc++;
		}
		json_array_foreach(json_object_get(aff, "versions"), j, v)
		{
			const struct ks_ver *h;
			struct ks_err e = { 0 };
			size_t q;

			if (nc == 0)
				break; /* only the list says what is affected */
			if (git) {
				st->listed_git++;
				continue;
			}
			if (ks_ver_parse(&a, &e, st->eco, ks_str_c(json_string_value(v)), &h) !=
				0) {
				st->listed_bad++; /* PyPI release names that are not PEP 440 */
				continue;
			}
			st->listed++;
			for (q = 0; q < nc; q++)
				if (ks_osv_range_test(compiled[q], h))
					break;
			if (q < nc)
				st->listed_in++;
			else
				deviation(st, json_string_value(json_object_get(rec, "id")),
					"a listed version is outside the ranges");
		}
		ks_arena_release(&a);
	}
}

static void test_osv_feeds(void **state)
{
	static const struct {
		const char *dir;
		enum ks_eco eco;
	} feeds[] = {
		{ "PyPI", KS_ECO_PYPI },
		{ "Go", KS_ECO_GO },
		{ "crates.io", KS_ECO_CARGO },
		{ "npm", KS_ECO_NPM },
		{ "Maven", KS_ECO_MAVEN },
		{ "AlmaLinux:8", KS_ECO_RPM },
		{ "AlmaLinux:9", KS_ECO_RPM },
		{ "AlmaLinux:10", KS_ECO_RPM },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(feeds) / sizeof(feeds[0]); i++) {
		struct feed_stats st;
		char rel[128];
		unsigned n, listed_out;
		size_t k;

		memset(&st, 0, sizeof(st));
		st.eco = feeds[i].eco;
		snprintf(rel, sizeof(rel), "feeds/osv/%s/all.zip", feeds[i].dir);
		n = each_record(tu_shared(rel), check_record, &st);
		print_message("%-13s %5u records, %5u ranges, %6u events (%u unparsable); "
			      "%u listed versions in their ranges of %u (%u more listed for GIT "
			      "ranges, %u not PEP 440)\n",
			feeds[i].dir, n, st.ranges, st.events, st.bad_events, st.listed_in,
			st.listed, st.listed_git, st.listed_bad);
		assert_true(n > 0);
		listed_out = st.listed - st.listed_in;
		if (strcmp(feeds[i].dir, "PyPI") != 0) {
			assert_int_equal(st.bad_events, 0);
			assert_int_equal(listed_out, 0);
			continue;
		}
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
			print_message("  known: %s: %s\n", known[k].id, known[k].why);
			if (!st.seen[k])
				fail_msg("%s no longer deviates: update the list", known[k].id);
		}
		assert_int_equal(st.bad_events, 2);
		assert_int_equal(listed_out, 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osv_events),
		cmocka_unit_test(test_osv_errors),
		cmocka_unit_test(test_osv_versions_list),
		cmocka_unit_test(test_osv_feeds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
