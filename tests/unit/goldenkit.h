/*
 * goldenkit.h - compares an analyzer's packages with the Packages of a Trivy integration
 * golden (goldens/trivy/integration/<name>.json.golden in ../shared) field by field: ID,
 * Name, Version, Relationship/Indirect, Licenses, DependsOn, Locations. Development
 * dependencies are left out first, as the scanner drops them by default. Header-only
 * because every test_*.c is its own program; uses tests/unit/langkit.h.
 */
#ifndef KS_GOLDENKIT_H
#define KS_GOLDENKIT_H

#include "testutil.h"
#include "langkit.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* Compares a string array of the golden (absent = empty) with sv. */
static inline void gk_strs(const char *id, const char *what, json_t *arr,
	const struct ks_strv *sv)
{
	size_t i, n = json_is_array(arr) ? json_array_size(arr) : 0;

	if (n != sv->n)
		fail_msg("%s: %zu %s, golden has %zu", id, sv->n, what, n);
	for (i = 0; i < n; i++)
		if (strcmp(json_string_value(json_array_get(arr, i)), sv->v[i]) != 0)
			fail_msg("%s: %s[%zu] '%s', golden '%s'", id, what, i, sv->v[i],
				json_string_value(json_array_get(arr, i)));
}

/* Every package of result `res` of the golden, field by field, and no other non-dev
 * package in a. */
static inline void gk_expect(const struct ks_ares *a, const char *golden, size_t res)
{
	json_error_t jerr;
	json_t *doc = json_load_file(tu_shared(golden), 0, &jerr), *pkgs, *g;
	size_t i, j;

	if (doc == NULL)
		fail_msg("%s: %s", golden, jerr.text);
	pkgs = json_object_get(json_array_get(json_object_get(doc, "Results"), res), "Packages");
	for (i = 0, j = 0; i < a->npkgs; i++)
		j += !a->pkgs[i].dev;
	assert_int_equal(json_array_size(pkgs), j);
	json_array_foreach(pkgs, i, g)
	{
		const char *id = json_string_value(json_object_get(g, "ID"));
		const char *name = json_string_value(json_object_get(g, "Name"));
		const char *ver = json_string_value(json_object_get(g, "Version"));
		const char *rel = json_string_value(json_object_get(g, "Relationship"));
		json_t *locs = json_object_get(g, "Locations");
		const struct ks_pkg *p = lk_find(a, name, ver);
		char myid[512];

		if (p == NULL)
			fail_msg("golden package %s not found", id);
		snprintf(myid, sizeof(myid), "%s@%s", p->name, p->version);
		assert_string_equal(myid, id);
		if (rel == NULL)
			assert_int_equal(p->relationship, KS_REL_UNKNOWN);
		else
			assert_string_equal(ks_rel_name(p->relationship), rel);
		assert_int_equal(json_is_true(json_object_get(g, "Indirect")),
			p->relationship == KS_REL_INDIRECT);
		gk_strs(id, "licenses", json_object_get(g, "Licenses"), &p->licenses);
		gk_strs(id, "dependencies", json_object_get(g, "DependsOn"), &p->depends_on);
		assert_int_equal(json_array_size(locs), p->nlocs);
		for (j = 0; j < p->nlocs; j++) {
			json_t *l = json_array_get(locs, j);

			assert_int_equal(json_integer_value(json_object_get(l, "StartLine")),
				p->locs[j].start);
			assert_int_equal(json_integer_value(json_object_get(l, "EndLine")),
				p->locs[j].end);
		}
		assert_false(p->dev);
	}
	json_decref(doc);
}

#endif
