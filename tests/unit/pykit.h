/*
 * pykit.h - helpers shared by the Python analyzer tests (pip, pipenv, poetry, uv, pdm,
 * conda-pkg): run an analyzer on a file from ../shared or from memory, look packages up,
 * and compare a result field by field with the Packages of a Trivy golden report.
 * Header-only (static functions); include it after testutil.h.
 */
#ifndef KS_TEST_PYKIT_H
#define KS_TEST_PYKIT_H

#include "analyze/analyzer.h"
#include "result.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs an on the shared fixture rel presented as path; returns the code. */
static inline int pk_run(struct ks_ctx *cx, const struct ks_analyzer *an, const char *rel,
        const char *path, struct ks_ares *out)
{
	size_t n;
	uint8_t *d = tu_read(tu_shared(rel), &n);
	struct ks_file f = {.path = path, .data = d, .size = n};
	int r;

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx->err);
	r = an->parse(cx, &f, out);
	free(d);
	return r;
}

/* Runs an on n bytes of text presented as path. */
static inline int pk_run_mem(struct ks_ctx *cx, const struct ks_analyzer *an, const void *text,
        size_t n, const char *path, struct ks_ares *out)
{
	struct ks_file f = {.path = path, .data = text, .size = n};

	memset(out, 0, sizeof(*out));
	ks_err_clear(&cx->err);
	return an->parse(cx, &f, out);
}

/* The package named name with version version (NULL: any), or NULL. */
static inline const struct ks_pkg *pk_find(
        const struct ks_ares *out, const char *name, const char *version)
{
	size_t i;

	for (i = 0; i < out->npkgs; i++)
		if (strcmp(out->pkgs[i].name, name) == 0 &&
		        (version == NULL || strcmp(out->pkgs[i].version, version) == 0))
			return &out->pkgs[i];
	return NULL;
}

/* Compares a JSON string array (absent = empty) with an arena string vector. */
static inline void pk_same_list(
        const char *what, const char *pkg, json_t *want, const struct ks_strv *got)
{
	size_t i;

	if (json_array_size(want) != got->n)
		fail_msg("%s %s: %zu entries, golden has %zu", pkg, what, got->n,
		        json_array_size(want));
	for (i = 0; i < got->n; i++)
		if (strcmp(json_string_value(json_array_get(want, i)), got->v[i]) != 0)
			fail_msg("%s %s[%zu]: %s, golden %s", pkg, what, i, got->v[i],
			        json_string_value(json_array_get(want, i)));
}

/*
 * Compares the packages of out (as analyzer an produced them, after the scanner's dev
 * filter: packages with dev set are left out unless include_dev) with the Packages of
 * the Results entry whose Target is target in the golden report rel: the same number,
 * and for each golden package one of ours with the same Name and Version, ID,
 * Identifier.PURL, Relationship, Indirect, DependsOn, Licenses, Locations and AnalyzedBy.
 */
static inline void pk_golden(struct ks_ctx *cx, const char *rel, const char *target,
        const struct ks_analyzer *an, struct ks_ares *out, bool include_dev)
{
	json_error_t jerr;
	json_t *doc = json_load_file(tu_shared(rel), 0, &jerr), *res, *pkgs = NULL, *gp;
	size_t i, j, kept = 0;

	if (doc == NULL)
		fail_msg("%s: %s", rel, jerr.text);
	json_array_foreach(json_object_get(doc, "Results"), i,
	        res) if (strcmp(json_string_value(json_object_get(res, "Target")), target) == 0)
	        pkgs = json_object_get(res, "Packages");
	if (pkgs == NULL)
		fail_msg("%s: no target %s", rel, target);
	for (i = 0; i < out->npkgs; i++) {
		out->pkgs[i].analyzed_by = an->name;
		if (!out->pkgs[i].dev || include_dev)
			kept++;
	}
	if (kept != json_array_size(pkgs))
		fail_msg("%s: %zu packages, golden has %zu", target, kept, json_array_size(pkgs));
	json_array_foreach(pkgs, i, gp)
	{
		const char *name = json_string_value(json_object_get(gp, "Name"));
		const char *ver = json_string_value(json_object_get(gp, "Version"));
		const struct ks_pkg *p = pk_find(out, name, ver);
		json_t *locs = json_object_get(gp, "Locations"), *l;
		const char *id, *purl, *rel_s;

		if (p == NULL)
			fail_msg("%s: no package %s %s", target, name, ver);
		if (p->dev && !include_dev)
			fail_msg("%s: %s is marked dev", target, name);
		id = ks_pkg_id(&cx->arena, p);
		if (json_object_get(gp, "ID") != NULL)
			assert_string_equal(id, json_string_value(json_object_get(gp, "ID")));
		purl = ks_pkg_purl(&cx->arena, NULL, p);
		assert_string_equal(purl, json_string_value(json_object_get(
		                                  json_object_get(gp, "Identifier"), "PURL")));
		rel_s = ks_rel_name(p->relationship);
		if ((rel_s == NULL) != (json_object_get(gp, "Relationship") == NULL) ||
		        (rel_s != NULL && strcmp(rel_s, json_string_value(json_object_get(
		                                                gp, "Relationship")))))
			fail_msg("%s: relationship %s, golden %s", name, rel_s ? rel_s : "(none)",
			        json_string_value(json_object_get(gp, "Relationship")));
		assert_int_equal(p->relationship == KS_REL_INDIRECT,
		        json_is_true(json_object_get(gp, "Indirect")));
		pk_same_list("DependsOn", name, json_object_get(gp, "DependsOn"), &p->depends_on);
		pk_same_list("Licenses", name, json_object_get(gp, "Licenses"), &p->licenses);
		assert_int_equal(p->nlocs, json_array_size(locs));
		json_array_foreach(locs, j, l)
		{
			assert_int_equal(p->locs[j].start,
			        json_integer_value(json_object_get(l, "StartLine")));
			assert_int_equal(
			        p->locs[j].end, json_integer_value(json_object_get(l, "EndLine")));
		}
		assert_string_equal(an->name, json_string_value(json_object_get(gp, "AnalyzedBy")));
	}
	json_decref(doc);
}

#endif
