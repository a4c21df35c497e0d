/*
 * ranges.c - evaluating an advisory's ranges JSON (the format is defined in db/db.h)
 * against an installed version: OSV-style event ranges, explicit versions, and native
 * vulnerable/patched expressions in the ecosystem's own syntax.
 */
#include "detect/detect.h"
#include "util/str.h"

#include <jansson.h>
#include <string.h>

#define MAX_EVENTS 256

static int kind_of(const char *s, enum ks_osv_kind *k)
{
	if (ks_streq(s, "introduced"))
		*k = KS_OSV_INTRODUCED;
	else if (ks_streq(s, "fixed"))
		*k = KS_OSV_FIXED;
	else if (ks_streq(s, "last_affected"))
		*k = KS_OSV_LAST_AFFECTED;
	else if (ks_streq(s, "limit"))
		*k = KS_OSV_LIMIT;
	else
		return -1;
	return 0;
}

/* One {"t":..., "e":[[kind, version], ...]} range. */
static int event_range(struct ks_arena *a, const struct ks_ver *v, json_t *r, bool *hit,
	struct ks_err *err)
{
	struct ks_osv_event ev[MAX_EVENTS];
	const struct ks_osv_range *rng;
	json_t *events = json_object_get(r, "e"), *e;
	size_t i, n = 0;
	int rc;

	json_array_foreach(events, i, e) {
		const char *ver = json_string_value(json_array_get(e, 1));

		if (n == MAX_EVENTS || ver == NULL ||
			kind_of(json_string_value(json_array_get(e, 0)), &ev[n].kind) != 0)
			return ks_seterr(err, KS_ECORRUPT, "bad range event");
		ev[n].version = ks_str_c(ver);
		n++;
	}
	if ((rc = ks_osv_range_parse(a, err, ks_ver_eco(v), ev, n, &rng)) != 0)
		return rc;
	*hit = ks_osv_range_test(rng, v);
	return 0;
}

/* True (in *hit) if v satisfies one of the native expressions in arr. */
static int native_any(struct ks_arena *a, const struct ks_ver *v, json_t *arr, bool *hit,
	struct ks_err *err)
{
	json_t *x;
	size_t i;

	*hit = false;
	json_array_foreach(arr, i, x) {
		const struct ks_range *r;
		int rc;

		if (!json_is_string(x))
			return ks_seterr(err, KS_ECORRUPT, "bad native range");
		rc = ks_range_parse(a, err, ks_ver_eco(v), ks_str_c(json_string_value(x)),
			KS_VER_PRERELEASE | KS_VER_LOOSE, &r);
		if (rc != 0)
			return rc;
		if (ks_range_test(r, v)) {
			*hit = true;
			return 0;
		}
	}
	return 0;
}

static int explicit_versions(struct ks_arena *a, const struct ks_ver *v, json_t *arr, bool *hit,
	struct ks_err *err)
{
	struct ks_str vs[MAX_EVENTS];
	json_t *x;
	size_t i, n = 0;

	json_array_foreach(arr, i, x) {
		if (n == MAX_EVENTS || !json_is_string(x))
			return ks_seterr(err, KS_ECORRUPT, "bad versions list");
		vs[n++] = ks_str_c(json_string_value(x));
	}
	return ks_osv_versions_test(a, err, v, vs, n, hit);
}

static bool evaluate(struct ks_arena *a, const struct ks_ver *v, json_t *doc, struct ks_err *err)
{
	json_t *ranges = json_object_get(doc, "r"), *vers = json_object_get(doc, "v");
	json_t *vuln = json_object_get(doc, "n"), *patched = json_object_get(doc, "p"), *r;
	bool any = false, hit = false;
	size_t i;

	json_array_foreach(ranges, i, r) {
		any = true;
		if (event_range(a, v, r, &hit, err) != 0)
			return false;
		if (hit)
			break;
	}
	if (!hit && json_array_size(vers) > 0) {
		any = true;
		if (explicit_versions(a, v, vers, &hit, err) != 0)
			return false;
	}
	if (!hit && json_array_size(vuln) > 0) {
		any = true;
		if (native_any(a, v, vuln, &hit, err) != 0)
			return false;
	}
	if (any && !hit)
		return false;
	if (json_array_size(patched) > 0) {
		if (native_any(a, v, patched, &hit, err) != 0)
			return false;
		return !hit;
	}
	return true;
}

bool ks_ranges_affect(struct ks_arena *scratch, const struct ks_ver *v, const char *ranges,
	struct ks_err *err)
{
	json_error_t je;
	json_t *doc;
	bool r;

	if (ranges == NULL || ranges[0] == '\0' || strcmp(ranges, "{}") == 0)
		return true;
	if ((doc = json_loads(ranges, 0, &je)) == NULL || !json_is_object(doc)) {
		json_decref(doc);
		ks_seterr(err, KS_ECORRUPT, "ranges are not a JSON object: %s", je.text);
		return false;
	}
	r = evaluate(scratch, v, doc, err);
	json_decref(doc);
	return r;
}
