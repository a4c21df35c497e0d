/*
 * imp_wolfi.c - Wolfi advisory documents (wolfi-dev/advisories, <package>.advisories.yaml,
 * schema-version 2.x); files under a path naming "chainguard" are read as Chainguard's.
 *
 *   schema-version: 2.0.2
 *   package: {name: openssl}
 *   advisories:
 *     - id: CGA-xxxx-xxxx-xxxx
 *       aliases: [CVE-2024-5535, GHSA-...]
 *       events:
 *         - {timestamp: 2024-06-28T16:12:19Z, type: fixed, data: {fixed-version: 3.3.1-r3}}
 *
 * The latest event (by timestamp; the later one in the list on a tie) decides, as wolfictl
 * does: fixed -> fixed in data.fixed-version (an apk version; "0" = not affected),
 * false-positive-determination -> not_affected, fix-not-planned -> will_not_fix,
 * pending-upstream-fix, true-positive-determination and analysis-not-planned -> affected,
 * detection -> under_investigation. Advisories are stored under their CVE aliases (one
 * advisory each, as Trivy and Grype report them), or under their other aliases when there
 * is no CVE, or under the CGA ID when there are no aliases; the CGA ID and the remaining
 * aliases become vendor IDs and aliases, and every advisory ID gets a (detail-less)
 * vulnerability row. A fixed advisory's range is [0, fixed version), a not_affected one's
 * matches no version, the others' every version. The data source is Trivy's for Wolfi
 * ("Wolfi Secdb": Trivy reads the secdb this data is published as). An advisory with no
 * events, an unknown latest event type, a bad timestamp or a bad fixed version is skipped
 * with a warning.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osv_common.h"
#include "util/arena.h"
#include "util/map.h"
#include "util/str.h"
#include "version/version.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define WOLFI_MAX (64u << 20) /* largest advisory document accepted */
#define WOLFI_MAXIDS 64       /* aliases read per advisory */

static const struct {
	const char *type;
	int status;
} event_status[] = {
	{ "fixed", KS_ST_FIXED },
	{ "false-positive-determination", KS_ST_NOT_AFFECTED },
	{ "fix-not-planned", KS_ST_WILL_NOT_FIX },
	{ "pending-upstream-fix", KS_ST_AFFECTED },
	{ "true-positive-determination", KS_ST_AFFECTED },
	{ "analysis-not-planned", KS_ST_AFFECTED },
	{ "detection", KS_ST_UNDER_INVESTIGATION },
};

/* An instant from an RFC 3339 timestamp. */
struct instant {
	int64_t sec;
	long nsec;
};

/* n digits at s as a number, or -1. */
static long digits(const char *s, int n)
{
	long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, long m, long d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Parses "YYYY-MM-DD[Tt ]HH:MM:SS[.fraction](Z|z|+HH:MM|-HH:MM)"; false if malformed. */
static bool parse_time(const char *s, struct instant *out)
{
	long y, mo, d, h, mi, se, oh, om;
	size_t n = strlen(s), i = 19;
	long nsec = 0, scale = 100000000;

	if (n < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' &&
		s[10] != ' ') || s[13] != ':' || s[16] != ':')
		return false;
	y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
		mi > 59 || se < 0 || se > 60)
		return false;
	if (s[i] == '.') {
		for (i++; i < n && isdigit((unsigned char)s[i]); i++) {
			nsec += (s[i] - '0') * scale;
			scale /= 10;
		}
		if (i == 20)
			return false;
	}
	out->sec = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	out->nsec = nsec;
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z'))
		return true;
	if (i + 6 != n || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':' ||
		(oh = digits(s + i + 1, 2)) < 0 || (om = digits(s + i + 4, 2)) < 0 || oh > 23 ||
		om > 59)
		return false;
	out->sec -= (s[i] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
	return true;
}

static bool later_or_same(const struct instant *a, const struct instant *b)
{
	return a->sec > b->sec || (a->sec == b->sec && a->nsec >= b->nsec);
}

struct wolfi_run {
	struct ks_fk fk;
	struct ks_dbw *w;
	const char *path, *eco, *pkg, *source;
	char *data_source;
	struct ks_arena scratch;
	struct ks_map ids; /* IDs whose vulnerability row is written (keys live in the tree) */
	uint64_t written;
};

/* The latest event of adv, or NULL (after a warning) when there is none or a timestamp is
 * bad. */
static json_t *latest_event(struct wolfi_run *run, const json_t *events, const char *id,
	int *rw)
{
	struct instant best = { 0, 0 }, t;
	json_t *ev, *pick = NULL;
	size_t i;

	*rw = 0;
	json_array_foreach(events, i, ev) {
		const char *ts = ks_imp_str(ev, "timestamp");

		if (ts == NULL || !parse_time(ts, &t)) {
			*rw = ks_fk_skip(&run->fk, id, "event %zu has a bad timestamp '%.40s'", i,
				ts ? ts : "");
			return NULL;
		}
		if (pick == NULL || later_or_same(&t, &best)) {
			pick = ev;
			best = t;
		}
	}
	if (pick == NULL)
		*rw = ks_fk_skip(&run->fk, id, "no events");
	return pick;
}

/* One element of "advisories". */
static int advisory(struct wolfi_run *run, const json_t *adv, size_t idx)
{
	const char *id = ks_imp_str(adv, "id"), *type, *fixed = NULL;
	const char *prim[WOLFI_MAXIDS], *other[WOLFI_MAXIDS + 1];
	size_t nprim = 0, nother = 0, i, j;
	json_t *aliases = ks_imp_arr(adv, "aliases"), *ev, *a;
	char *vendor_ids = NULL;
	int status = -1, r = 0;

	if (id == NULL || !ks_imp_is_vuln_id(ks_str_c(id)))
		return ks_fk_skip(&run->fk, NULL, "advisory %zu: missing or bad id", idx);
	if ((ev = latest_event(run, ks_imp_arr(adv, "events"), id, &r)) == NULL)
		return r;
	type = ks_imp_str(ev, "type");
	for (i = 0; type != NULL && i < sizeof(event_status) / sizeof(event_status[0]); i++)
		if (strcmp(type, event_status[i].type) == 0)
			status = event_status[i].status;
	if (status < 0)
		return ks_fk_skip(&run->fk, id, "unknown event type '%.40s'", type ? type : "");
	if (status == KS_ST_FIXED) {
		const struct ks_ver *v;
		struct ks_err e = { 0 };

		fixed = ks_imp_str(ks_imp_obj(ev, "data"), "fixed-version");
		if (fixed == NULL)
			return ks_fk_skip(&run->fk, id, "fixed event without fixed-version");
		if (strcmp(fixed, "0") != 0 &&
			(r = ks_ver_parse(&run->scratch, &e, KS_ECO_APK, ks_str_c(fixed), &v)) != 0)
			return r == KS_ENOMEM ? r : ks_fk_skip(&run->fk, id, "%s", e.msg);
	}
	/* CVE aliases are the advisory IDs; without any, the other aliases; else the id */
	json_array_foreach(aliases, i, a) {
		const char *s = json_is_string(a) ? json_string_value(a) : NULL;

		if (s == NULL || !ks_imp_is_vuln_id(ks_str_c(s)) || nprim + nother >= WOLFI_MAXIDS)
			continue;
		if (ks_imp_is_cve(ks_str_c(s)))
			prim[nprim++] = s;
		else
			other[nother++] = s;
	}
	if (nprim == 0) {
		for (i = 0; i < nother; i++)
			prim[nprim++] = other[i];
		nother = 0;
	}
	if (nprim == 0) {
		prim[nprim++] = id;
	} else {
		/* vendor IDs: the CGA ID first, then the aliases that are not advisory IDs */
		memmove(&other[1], &other[0], nother * sizeof(other[0]));
		other[0] = id;
		nother++;
		if ((r = ks_imp_strarray(other, nother, &vendor_ids)) != 0)
			return r;
	}
	for (i = 0; i < nprim; i++) {
		struct ks_vuln_in v = { .id = prim[i], .source = run->source, .severity = -1 };

		if ((r = ks_imp_os_advisory(run->w, run->eco, run->pkg, prim[i], run->source,
			     status, fixed, vendor_ids, run->data_source)) != 0)
			goto out;
		run->written++;
		/* the ID itself, once per file, so the database knows it without NVD */
		if (!ks_map_has(&run->ids, prim[i], strlen(prim[i])) &&
			((r = ks_map_put(&run->ids, prim[i], strlen(prim[i]), (void *)prim[i],
				  NULL)) != 0 ||
				(r = ks_dbw_vuln(run->w, &v)) != 0))
			goto out;
		for (j = 0; j < nother; j++)
			if ((r = ks_dbw_alias(run->w, prim[i], other[j])) != 0 ||
				(r = ks_dbw_alias(run->w, other[j], prim[i])) != 0)
				goto out;
	}
out:
	free(vendor_ids);
	return r;
}

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	if (ks_hassuffix(path, ".advisories.yaml") || ks_hassuffix(path, ".advisories.yml"))
		return true;
	return memmem(head, n, "schema-version:", 15) != NULL &&
		memmem(head, n, "advisories:", 11) != NULL &&
		memmem(head, n, "package:", 8) != NULL;
}

static int import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct wolfi_run run = { .w = w, .path = path };
	const char *schema;
	char what[512];
	json_t *root = NULL, *advs, *adv;
	size_t i;
	int r = KS_EINTERNAL;

	ks_fk_init(&run.fk, cx, "wolfi", path);
	ks_arena_init(&run.scratch);
	ks_map_init(&run.ids);
	if (len > WOLFI_MAX) {
		r = ks_fk_fail(&run.fk, KS_ELIMIT, "larger than %u MB", WOLFI_MAX >> 20);
		goto out;
	}
	snprintf(what, sizeof(what), "wolfi: '%s'", path);
	if ((r = ks_yaml_load(&cx->err, what, data, len, &root)) != 0)
		goto out;
	schema = ks_imp_str(root, "schema-version");
	if (schema == NULL || schema[0] != '2' || (schema[1] != '\0' && schema[1] != '.')) {
		r = ks_fk_fail(&run.fk, schema ? KS_EUNSUPPORTED : KS_ECORRUPT,
			"%s schema-version '%.20s'", schema ? "unsupported" : "no",
			schema ? schema : "");
		goto out;
	}
	run.pkg = ks_imp_str(ks_imp_obj(root, "package"), "name");
	advs = json_object_get(root, "advisories");
	if (run.pkg == NULL || (advs != NULL && !json_is_null(advs) && !json_is_array(advs))) {
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "no package.name or bad advisories");
		goto out;
	}
	if (strstr(path, "chainguard") != NULL) {
		run.eco = run.source = "chainguard";
		r = ks_imp_datasource("chainguard", "Chainguard Secdb",
			"https://packages.cgr.dev/chainguard/security.json", &run.data_source);
	} else {
		run.eco = run.source = "wolfi";
		r = ks_imp_datasource("wolfi", "Wolfi Secdb",
			"https://packages.wolfi.dev/os/security.json", &run.data_source);
	}
	if (r != 0)
		goto out;
	json_array_foreach(advs, i, adv)
		if ((r = advisory(&run, adv, i)) != 0)
			goto out;
	r = ks_fk_finish(&run.fk);
out:
	*records += run.written;
	free(run.data_source);
	ks_map_release(&run.ids);
	json_decref(root);
	ks_arena_release(&run.scratch);
	return r;
}

const struct ks_feed ks_feed_wolfi = {
	.name = "wolfi",
	.detect = detect,
	.import = import,
};
