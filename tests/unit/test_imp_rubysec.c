/* test_imp_rubysec.c - the ruby-advisory-db importer (lib/db/imp_rubysec.c) on every file
 * of ../shared/feeds/rubysec (1,234 gem advisories and the rubies/ ones it must not take),
 * plus malformed advisories. */
#include "imp_testkit.h"

#include <glob.h>

extern const struct ks_feed ks_feed_rubysec;

#define DS "{\"ID\":\"ruby-advisory-db\",\"Name\":\"Ruby Advisory Database\"," \
	   "\"URL\":\"https://github.com/rubysec/ruby-advisory-db\"}"

static int setup(void **state)
{
	struct itk *t = malloc(sizeof(*t));

	assert_non_null(t);
	itk_begin(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	itk_end(*state);
	free(*state);
	return 0;
}

/* Offers every file matching pattern (under the shared feeds/rubysec) to the importer;
 * returns how many it detected. */
static size_t import_all(struct itk *t, const char *pattern)
{
	char pat[4096];
	size_t i, hits = 0;
	glob_t g;

	snprintf(pat, sizeof(pat), "%s/%s", tu_shared("feeds/rubysec"), pattern);
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *rel = strstr(g.gl_pathv[i], "rubysec/");
		size_t n;
		uint8_t *d = tu_read(g.gl_pathv[i], &n);

		if (ks_feed_rubysec.detect(rel, d, n < 4096 ? n : 4096)) {
			hits++;
			if (itk_import(t, &ks_feed_rubysec, rel, d, n) != 0)
				fail_msg("%s: %s", rel, t->cx.err.msg);
		}
		free(d);
	}
	globfree(&g);
	return hits;
}

static bool has_alias(const struct ks_vuln *v, const char *a)
{
	size_t i;

	for (i = 0; i < v->aliases.n; i++)
		if (strcmp(v->aliases.v[i], a) == 0)
			return true;
	return false;
}

static void test_all(void **state)
{
	struct itk *t = *state;
	struct itk_adv a;
	struct ks_vsev s = { 0 };
	struct ks_vuln v;

	assert_int_equal(import_all(t, "rubies/*/*.yml"), 0); /* interpreters, not gems */
	assert_int_equal(import_all(t, "gems/*/*.yml"), 1234);
	/* 58 advisories have neither a CVE nor a GHSA id (Trivy leaves them out) */
	assert_int_equal(t->records, 1176);
	assert_int_equal(t->cx.nwarns, 0);
	itk_finish(t);
	assert_int_equal(itk_count(t), 1176);

	assert_int_equal(itk_adv(t, "gem", "actionpack", "CVE-2008-7248", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_FIXED);
	assert_string_equal(a.ranges, "{\"p\":[\"~> 2.1.3\",\">= 2.2.2\",\"< 2.1.0\"]}");
	assert_string_equal(a.fixed, "~> 2.1.3, >= 2.2.2");
	assert_string_equal(a.data_source, DS);
	assert_int_equal(a.severity, -1);
	assert_true(itk_sev(t, "CVE-2008-7248", "ruby-advisory-db", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);
	assert_true(s.v2_score == 6.8);
	assert_true(s.v3_score < 0);
	assert_null(s.v2_vector);
	assert_int_equal(ks_db_vuln(t->db, &t->cx, "CVE-2008-7248", &v), 0);
	assert_string_equal(v.title, "Improper Input Validation in rails");
	assert_true(strncmp(v.description, "Ruby on Rails 2.1 before 2.1.3", 30) == 0);
	assert_int_equal(v.refs.n, 14); /* url + related.url, duplicates once */
	assert_true(has_alias(&v, "GHSA-8fqx-7pv4-3jwm"));

	/* the v3 score decides the severity: 7.5 HIGH over v2 4.3 */
	assert_true(itk_sev(t, "CVE-2014-0130", "ruby-advisory-db", &s));
	assert_int_equal(s.severity, KS_SEV_HIGH);
	assert_true(s.v3_score == 7.5 && s.v2_score == 4.3);

	/* GHSA id when there is no CVE */
	assert_int_equal(
		itk_adv(t, "gem", "action_text-trix", "GHSA-g9jg-w8vm-g96v", NULL, &a), 1);
	assert_string_equal(a.fixed, ">= 2.1.16");
	assert_true(itk_sev(t, "GHSA-g9jg-w8vm-g96v", "ruby-advisory-db", &s));
	assert_int_equal(s.severity, KS_SEV_MEDIUM);

	/* never patched: every version affected */
	assert_int_equal(itk_adv(t, "gem", "Arabic-Prawn", "CVE-2014-2322", NULL, &a), 1);
	assert_int_equal(a.status, KS_ST_AFFECTED);
	assert_string_equal(a.ranges, "{}");
	assert_string_equal(a.fixed, "");
	assert_int_equal(ks_db_vuln(t->db, &t->cx, "CVE-2014-2322", &v), 0);
	assert_true(has_alias(&v, "GHSA-hgmw-x865-hf9x"));
	assert_true(has_alias(&v, "OSVDB-104365"));

	/* names keep their case; unaffected versions are "p" expressions too */
	assert_int_equal(itk_adv(t, "gem", "RedCloth", "CVE-2023-31606", NULL, &a), 1);
	assert_string_equal(a.ranges, "{\"p\":[\">= 4.3.3\",\"< 4.0.0\"]}");
	assert_int_equal(itk_adv(t, "gem", "redcloth", "CVE-2023-31606", NULL, &a), 0);

	/* requirement lists with a comma inside one alternative */
	assert_int_equal(itk_adv(t, "gem", "actionmailer", "CVE-2024-47889", NULL, &a), 1);
	assert_string_equal(a.ranges, "{\"p\":[\"~> 6.1.7.9\",\"~> 7.0.8, >= 7.0.8.5\","
				      "\"~> 7.1.4, >= 7.1.4.1\",\">= 7.2.1.1\",\"< 3.0.0\"]}");
	assert_string_equal(a.fixed, "~> 6.1.7.9, ~> 7.0.8, >= 7.0.8.5, ~> 7.1.4, >= 7.1.4.1, "
				     ">= 7.2.1.1");
}

static int import(struct itk *t, const char *name, const char *s)
{
	return itk_import(t, &ks_feed_rubysec, name, s, strlen(s));
}

static void test_malformed(void **state)
{
	struct itk *t = *state;
	struct itk_adv a;

	assert_int_equal(import(t, "gems/x/CVE-1.yml", "gem: [unclosed\n"), KS_ECORRUPT);
	assert_non_null(strstr(t->cx.err.msg, "rubysec: 'gems/x/CVE-1.yml'"));
	assert_int_equal(import(t, "gems/x/CVE-2.yml", "- gem: x\n"), KS_ECORRUPT);
	assert_int_equal(import(t, "gems/x/CVE-3.yml", ""), KS_ECORRUPT);
	/* malformed advisories: skipped with a warning, the file is not an error */
	assert_int_equal(import(t, "gems/x/a.yml",
				 "gem: x\ncve: 2099-0001\npatched_versions:\n  - \"~> >= 1\"\n"),
		0);
	assert_int_equal(import(t, "gems/x/b.yml", "cve: 2099-0002\ntitle: no gem\n"), 0);
	assert_int_equal(import(t, "gems/x/c.yml", "gem: x\ncve: 2099-0003\npatched_versions: 1\n"),
		0);
	assert_int_equal(import(t, "gems/x/d.yml",
				 "gem: x\ncve: 2099-0004\nunaffected_versions:\n  - [1]\n"),
		0);
	assert_int_equal(import(t, "gems/x/e.yml", "gem: x\ncve: 'bad id'\n"), 0);
	assert_int_equal(t->cx.nwarns, 5);
	/* no CVE or GHSA, or an OSVDB-* file: left out silently, as Trivy does */
	assert_int_equal(import(t, "gems/x/f.yml", "gem: x\nosvdb: 1234\ntitle: t\n"), 0);
	assert_int_equal(import(t, "gems/x/OSVDB-1.yml", "gem: x\ncve: 2099-0005\n"), 0);
	assert_int_equal(t->cx.nwarns, 5);
	assert_int_equal(t->records, 0);
	/* a YAML anchor/alias document is refused, not expanded */
	assert_int_equal(import(t, "gems/x/g.yml", "a: &a [x, x]\nb: [*a, *a]\n"), KS_ECORRUPT);
	/* prefixed ids are kept as they are */
	assert_int_equal(import(t, "gems/x/h.yml",
				 "gem: x\ncve: CVE-2099-0006\npatched_versions: ['>= 1.2']\n"),
		0);
	assert_int_equal(t->records, 1);
	itk_finish(t);
	assert_int_equal(itk_adv(t, "gem", "x", "CVE-2099-0006", NULL, &a), 1);
	assert_string_equal(a.fixed, ">= 1.2");
}

/* Flipped bytes in a real advisory: never a crash. */
static void test_flips(void **state)
{
	struct itk *t = *state;
	uint8_t *d;
	size_t n, i;

	d = tu_read(tu_shared("feeds/rubysec/gems/actionpack/CVE-2008-7248.yml"), &n);
	for (i = 0; i < n; i += 3) {
		uint8_t c = d[i];
		int r;

		d[i] = (uint8_t)(c ^ 0x21);
		r = itk_import(t, &ks_feed_rubysec, "gems/actionpack/CVE-2008-7248.yml", d, n);
		assert_true(r == 0 || r == KS_ECORRUPT || r == KS_ELIMIT);
		d[i] = c;
	}
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flips, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
