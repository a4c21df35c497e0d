/*
 * imp_debian_tracker.c - the Debian security tracker: its DSA/DLA advisory lists
 * (data/DSA/list, data/DLA/list of the security-tracker repository) and its JSON export
 * (https://security-tracker.debian.org/tracker/data/json). The format is told by content:
 * a JSON object, or a text list whose first line is an advisory header.
 *
 * Lists. Each advisory is a header line "[29 Mar 2023] DSA-5380-1 xorg-server - security
 * update" followed by indented annotations: "{CVE-2023-1393 ...}" names its CVEs and
 * "[bullseye] - xorg-server 2:1.20.11-1+deb11u6" gives the fixed source package version in
 * a release; instead of a version a line may carry a pseudo-version "<kind>" (unfixed,
 * no-dsa, postponed, ignored, end-of-life, not-affected, removed, ...) and a
 * parenthesised note with an urgency ("(low)", "(bug #123; medium)"). An advisory without
 * CVEs (a regression update) writes nothing, like in Trivy. Rows are collected per
 * (release, package, CVE) over the whole file first: when several advisories fix the same
 * CVE in the same release the highest version wins and every advisory id goes into
 * vendor_ids (Trivy keeps the last advisory's version and all the ids).
 *
 * JSON. {package: {CVE: {description, releases: {codename: {status, fixed_version,
 * urgency, nodsa, nodsa_reason}}}}}. The document's structure is checked first
 * (util/jscan.h, no tree of the whole file), then each package's object is parsed with
 * jansson on its own. A release "resolved" at a version is fixed there, "resolved" at "0"
 * was never affected (no row), "undetermined" writes nothing; "open" is affected, or
 * end_of_life when the urgency is "end-of-life", fix_deferred for nodsa_reason
 * "postponed" and will_not_fix for "ignored". The urgency becomes the row's severity and,
 * the highest over the CVE's packages, its "debian" severity; descriptions are kept.
 *
 * Statuses of list pseudo-versions: unfixed and no-dsa -> affected, postponed ->
 * fix_deferred, ignored -> will_not_fix, end-of-life -> end_of_life; not-affected,
 * removed, undetermined and itp write nothing. Urgencies (Trivy's mapping): unimportant
 * and low LOW, medium MEDIUM, high HIGH (with or without the tracker's "*" marks), "not
 * yet assigned" none. Code names map to debian:<major> (osfeed.h); sid and releases
 * before etch are skipped. Ecosystem "debian:<n>", source "debian_tracker", Trivy's
 * Debian DataSource; CVE <-> DSA/DLA ids are recorded as aliases.
 *
 * A list whose first line is not an advisory header, a file with NUL bytes, or JSON that
 * is not well formed is corrupt (nothing written). Malformed lines, invalid versions and
 * undecodable package objects are skipped with a warning.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osfeed.h"
#include "util/jscan.h"
#include "util/map.h"
#include "util/path.h"

#include <jansson.h>
#include <string.h>

#include "util/banned.h"

#define FEED "debian_tracker"
#define MAX_VIDS 64         /* advisory ids kept per row */
#define MAX_XREFS 4096      /* CVEs one advisory may name */
#define MAX_LINE (1u << 20) /* longest list line */

/* One (release, package, CVE) row being collected from a list. */
struct entry {
	const char *eco, *pkg, *cve;
	int status, severity;
	const char *fixed; /* NULL unless status is fixed */
	const char **vids; /* advisory ids, in the order they were seen */
	size_t nvids, capvids;
};

struct run {
	struct ks_ctx *cx;
	struct ks_dbw *w;
	struct ks_fk fk;
	struct ks_arena a;
	struct ks_map map; /* key -> struct entry * (lists), CVE -> severity (JSON) */
	struct entry **ents;
	size_t nents, capents;
	struct ks_buf ranges, vids;
	uint64_t n;
};

static bool is_json(const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	return i < n && p[i] == '{';
}

/* "[29 Mar 2023] " at the start of a line */
static bool header_start(struct ks_str l)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	static const size_t digits[] = { 1, 2, 8, 9, 10, 11 };
	size_t i;

	if (l.n < 15 || l.p[0] != '[' || l.p[3] != ' ' || l.p[7] != ' ' || l.p[12] != ']' ||
		l.p[13] != ' ')
		return false;
	for (i = 0; i < sizeof(digits) / sizeof(digits[0]); i++)
		if (l.p[digits[i]] < '0' || l.p[digits[i]] > '9')
			return false;
	for (i = 0; i + 3 < sizeof(months); i += 3)
		if (memcmp(l.p + 4, months + i, 3) == 0)
			return true;
	return false;
}

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	if (ks_hassuffix(path, "/DSA/list") || ks_hassuffix(path, "/DLA/list") ||
		ks_hassuffix(path, "/DTSA/list"))
		return true;
	if (head == NULL)
		return false;
	if (is_json(head, n))
		return memmem(head, n, "\"releases\"", 10) != NULL &&
			(memmem(head, n, "\"urgency\"", 9) != NULL ||
				memmem(head, n, "\"fixed_version\"", 15) != NULL);
	return header_start((struct ks_str){ (const char *)head, n });
}

/* The tracker's urgency to a severity, -1 for none ("not yet assigned", "end-of-life"). */
static int urgency_sev(struct ks_str u)
{
	while (u.n > 0 && u.p[u.n - 1] == '*')
		u.n--;
	if (ks_str_eq(u, "unimportant") || ks_str_eq(u, "low"))
		return KS_SEV_LOW;
	if (ks_str_eq(u, "medium"))
		return KS_SEV_MEDIUM;
	if (ks_str_eq(u, "high"))
		return KS_SEV_HIGH;
	return -1;
}

/* The urgency in a list note "(bug #1234; low)", -1 when there is none. */
static int note_sev(struct ks_str note)
{
	struct ks_str part;

	while (note.n > 0) {
		int s;

		(void)ks_str_cut(note, ';', &part, &note);
		if ((s = urgency_sev(ks_str_trim(part))) >= 0)
			return s;
	}
	return -1;
}

/* The status a list pseudo-version stands for; 0 = write nothing, -1 = unknown kind. */
static int kind_status(struct ks_str kind)
{
	static const struct {
		const char *kind;
		int status;
	} tab[] = { { "unfixed", KS_ST_AFFECTED }, { "no-dsa", KS_ST_AFFECTED },
		{ "postponed", KS_ST_FIX_DEFERRED }, { "ignored", KS_ST_WILL_NOT_FIX },
		{ "end-of-life", KS_ST_END_OF_LIFE }, { "not-affected", 0 }, { "removed", 0 },
		{ "undetermined", 0 }, { "itp", 0 } };
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (ks_str_eq(kind, tab[i].kind))
			return tab[i].status;
	return -1;
}

/* Writes one advisory row; vids may be empty. Rows of the JSON export are unique by
 * construction (object keys) and bounded by the input's size, so only list rows (collected
 * already) go through the per-file row limit of osfeed.h. */
static int write_row(struct run *run, const char *eco, const char *pkg, const char *cve,
	int status, const char *fixed, int severity, const char *const *vids, size_t nvids)
{
	struct ks_adv_in adv = { .eco = eco, .pkg = pkg, .vuln_id = cve, .source = FEED,
		.status = status, .severity = severity, .data_source = ks_osf_ds_debian };
	int r;

	if (status == KS_ST_FIXED) {
		if ((r = ks_osf_fixed_ranges(&run->ranges, ks_str_c(fixed))) != 0)
			return r;
		adv.ranges = run->ranges.p;
		adv.fixed = fixed;
	} else {
		adv.ranges = "{}";
		adv.fixed = "";
	}
	if ((r = ks_osf_json_array(&run->vids, vids, nvids)) != 0)
		return r;
	adv.vendor_ids = run->vids.n ? run->vids.p : NULL;
	if ((r = ks_dbw_advisory(run->w, &adv)) != 0)
		return r;
	run->n++;
	return 0;
}

/* ------------------------------------------------------------------ lists */

/* The advisory whose annotations are being read. */
struct adv_state {
	const char *id;        /* NULL before the first header or after a bad one */
	const char *cves[MAX_XREFS];
	size_t ncves;
};

/* Adds vid to e unless it is there (at most MAX_VIDS are kept). */
static int add_vid(struct run *run, struct entry *e, const char *vid)
{
	void *grown;
	size_t i;

	for (i = 0; i < e->nvids; i++)
		if (strcmp(e->vids[i], vid) == 0)
			return 0;
	if (e->nvids == MAX_VIDS)
		return 0;
	grown = ks_arena_grow(&run->a, e->vids, e->nvids, &e->capvids, e->nvids + 1,
		sizeof(*e->vids));
	if (grown == NULL)
		return KS_ENOMEM;
	e->vids = grown;
	e->vids[e->nvids++] = vid;
	return 0;
}

/* Merges one (release, package, CVE) statement of advisory vid into the collection. */
static int collect(struct run *run, const char *eco, const char *pkg, const char *cve,
	int status, const char *fixed, int sev, const char *vid)
{
	char *key = ks_arena_printf(&run->a, "%s\x1f%s\x1f%s", eco, pkg, cve);
	struct entry *e;
	struct ks_err err = { 0 };
	int cmp;

	if (key == NULL)
		return KS_ENOMEM;
	if ((e = ks_map_get(&run->map, key, strlen(key))) == NULL) {
		void *grown;

		if (run->nents == KS_OSF_MAXROWS)
			return ks_fk_fail(&run->fk, KS_ELIMIT, "more than %d advisory rows",
				KS_OSF_MAXROWS);
		if ((e = ks_arena_calloc(&run->a, 1, sizeof(*e))) == NULL)
			return KS_ENOMEM;
		*e = (struct entry){ .eco = eco, .pkg = pkg, .cve = cve, .status = status,
			.severity = sev, .fixed = fixed };
		grown = ks_arena_grow(&run->a, run->ents, run->nents, &run->capents,
			run->nents + 1, sizeof(*run->ents));
		if (grown == NULL || ks_map_put(&run->map, key, strlen(key), e, NULL) != 0)
			return KS_ENOMEM;
		run->ents = grown;
		run->ents[run->nents++] = e;
	} else if (status == KS_ST_FIXED) {
		/* a fix beats "not fixed"; of two fixes the higher version wins */
		if (e->status != KS_ST_FIXED ||
			(ks_ver_compare(&err, KS_ECO_DEB, ks_str_c(fixed), ks_str_c(e->fixed),
				 &cmp) == 0 &&
				cmp > 0)) {
			e->status = status;
			e->fixed = fixed;
		}
	}
	if (sev > e->severity)
		e->severity = sev;
	return add_vid(run, e, vid);
}

static const char *dup(struct run *run, struct ks_str s, int *r)
{
	const char *p = ks_arena_strndup(&run->a, s.p, s.n);

	if (p == NULL)
		*r = KS_ENOMEM;
	return p;
}

/* A header line: "[29 Mar 2023] DSA-5380-1 xorg-server - security update". */
static int list_header(struct run *run, struct adv_state *st, struct ks_str line,
	unsigned long lineno)
{
	struct ks_str rest = ks_str_sub(line, 14, line.n), id, tail;
	char rec[32];
	int r = 0;

	st->id = NULL;
	st->ncves = 0;
	(void)ks_str_cut(rest, ' ', &id, &tail);
	if (!ks_fk_id_ok(id) ||
		!(ks_str_hasprefix(id, "DSA-") || ks_str_hasprefix(id, "DLA-") ||
			ks_str_hasprefix(id, "DTSA-"))) {
		snprintf(rec, sizeof(rec), "line %lu", lineno);
		return ks_fk_skip(&run->fk, rec, "bad advisory id");
	}
	st->id = dup(run, id, &r);
	return r;
}

/* "{CVE-2023-1393 CVE-2023-1394}" */
static int list_xrefs(struct run *run, struct adv_state *st, struct ks_str body)
{
	struct ks_str tok;
	int r = 0;

	while (ks_str_field_next(&body, &tok)) {
		const char *cve;

		if (!ks_fk_cve_ok(tok))
			continue; /* other cross references (Debian bugs, DSAs) */
		if (st->ncves == MAX_XREFS)
			return ks_fk_skip(&run->fk, st->id, "too many CVEs");
		if ((cve = dup(run, tok, &r)) == NULL)
			return r;
		st->cves[st->ncves++] = cve;
		if ((r = ks_dbw_vuln(run->w, &(struct ks_vuln_in){ .id = cve, .source = FEED,
						      .severity = -1 })) != 0 ||
			(r = ks_dbw_alias(run->w, cve, st->id)) != 0)
			return r;
	}
	return 0;
}

/* "[bullseye] - xorg-server 2:1.20.11-1+deb11u6 (low)" or "[buster] - pkg <no-dsa> (...)" */
static int list_package(struct run *run, struct adv_state *st, struct ks_str line)
{
	struct ks_str rel, rest, pkg, ver, note = { "", 0 };
	struct ks_err err = { 0 };
	const char *eco, *pkgs, *fixed = NULL;
	ptrdiff_t k;
	size_t i;
	int status, sev, r = 0;

	(void)ks_str_cut(ks_str_sub(line, 1, line.n), ']', &rel, &rest);
	rest = ks_str_trim(rest);
	if (!ks_str_hasprefix(rest, "- "))
		return ks_fk_skip(&run->fk, st->id, "bad package line");
	rest = ks_str_trim(ks_str_sub(rest, 2, rest.n));
	(void)ks_str_cut(rest, ' ', &pkg, &rest);
	rest = ks_str_trim(rest);
	if ((k = ks_str_chr(rest, '(')) >= 0) {
		note = ks_str_sub(rest, (size_t)k + 1, rest.n);
		if (!ks_str_hassuffix(note, ")"))
			return ks_fk_skip(&run->fk, st->id, "unclosed note");
		note.n--;
		rest = ks_str_trim(ks_str_sub(rest, 0, (size_t)k));
	}
	if (!ks_osf_pkg_ok(pkg))
		return ks_fk_skip(&run->fk, st->id, "bad package name");
	if ((eco = ks_osf_debian_eco(rel)) == NULL || st->ncves == 0)
		return 0; /* sid, releases before etch; advisories without CVEs */
	if (ks_str_hasprefix(rest, "<") && ks_str_hassuffix(rest, ">")) {
		if ((status = kind_status(ks_str_sub(rest, 1, rest.n - 2))) < 0)
			return ks_fk_skip(&run->fk, st->id, "unknown pseudo-version");
		if (status == 0)
			return 0;
	} else if (rest.n == 0) {
		status = KS_ST_AFFECTED;
	} else {
		(void)ks_str_cut(rest, ' ', &ver, &rest);
		if (rest.n != 0 || ks_osf_ver_check(&run->a, &err, KS_ECO_DEB, ver) != 0)
			return ks_fk_skip(&run->fk, st->id, "bad version");
		status = KS_ST_FIXED;
		if ((fixed = dup(run, ver, &r)) == NULL)
			return r;
	}
	sev = note_sev(note);
	if ((pkgs = dup(run, pkg, &r)) == NULL)
		return r;
	for (i = 0; i < st->ncves; i++)
		if ((r = collect(run, eco, pkgs, st->cves[i], status, fixed, sev, st->id)) != 0)
			return r;
	return 0;
}

static int import_list(struct run *run, const uint8_t *data, size_t len)
{
	struct adv_state *st = calloc(1, sizeof(*st));
	struct ks_lines it;
	struct ks_str line;
	bool first = true;
	size_t i;
	int r = 0;

	if (st == NULL)
		return KS_ENOMEM;
	if (memchr(data, '\0', len) != NULL) {
		r = ks_fk_fail(&run->fk, KS_ECORRUPT, "NUL bytes in a text list");
		goto out;
	}
	ks_lines_init(&it, (const char *)data, len);
	while (r == 0 && ks_lines_next(&it, &line)) {
		struct ks_str t = ks_str_trim(line);
		char rec[32];

		if (t.n == 0)
			continue;
		if (first && !header_start(line)) {
			r = ks_fk_fail(&run->fk, KS_ECORRUPT,
				"line %zu: not a DSA/DLA list (no advisory header)", it.lineno);
			goto out;
		}
		first = false;
		if (line.n > MAX_LINE) {
			snprintf(rec, sizeof(rec), "line %zu", it.lineno);
			r = ks_fk_skip(&run->fk, rec, "line too long");
		} else if (header_start(line)) {
			r = list_header(run, st, line, it.lineno);
		} else if (line.p[0] != ' ' && line.p[0] != '\t') {
			snprintf(rec, sizeof(rec), "line %zu", it.lineno);
			r = ks_fk_skip(&run->fk, rec, "not an advisory header or annotation");
		} else if (st->id == NULL || ks_str_hasprefix(t, "NOTE:") ||
			ks_str_hasprefix(t, "TODO:")) {
			continue;
		} else if (t.p[0] == '{' && t.p[t.n - 1] == '}') {
			r = list_xrefs(run, st, ks_str_sub(t, 1, t.n - 2));
		} else if (t.p[0] == '[') {
			r = list_package(run, st, t);
		} else {
			r = ks_fk_skip(&run->fk, st->id, "unknown annotation");
		}
	}
	if (r != 0)
		goto out;
	if (first) {
		r = ks_fk_fail(&run->fk, KS_ECORRUPT, "empty list");
		goto out;
	}
	for (i = 0; i < run->nents && r == 0; i++) {
		const struct entry *e = run->ents[i];

		r = write_row(run, e->eco, e->pkg, e->cve, e->status, e->fixed, e->severity,
			e->vids, e->nvids);
	}
out:
	free(st);
	return r;
}

/* ------------------------------------------------------------------ JSON */

/* The string member key of object o as a view; false when absent or not a string. */
static bool jstr(const json_t *o, const char *key, struct ks_str *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return false;
	*out = (struct ks_str){ json_string_value(v), json_string_length(v) };
	return true;
}

/* The row one release of a CVE stands for; status 0 = none. */
static int release_row(const json_t *rel, int *status, const char **fixed, int *sev)
{
	struct ks_str st, fv, urg, reason;

	*fixed = NULL;
	*sev = jstr(rel, "urgency", &urg) ? urgency_sev(urg) : -1;
	if (!jstr(rel, "status", &st))
		return -1;
	if (ks_str_eq(st, "resolved")) {
		if (!jstr(rel, "fixed_version", &fv) || fv.n == 0)
			return -1;
		*status = ks_str_eq(fv, "0") ? 0 : KS_ST_FIXED;
		*fixed = fv.p;
	} else if (ks_str_eq(st, "open")) {
		*status = KS_ST_AFFECTED;
		if (jstr(rel, "urgency", &urg) && ks_str_eq(urg, "end-of-life"))
			*status = KS_ST_END_OF_LIFE;
		else if (jstr(rel, "nodsa_reason", &reason) && ks_str_eq(reason, "postponed"))
			*status = KS_ST_FIX_DEFERRED;
		else if (jstr(rel, "nodsa_reason", &reason) && ks_str_eq(reason, "ignored"))
			*status = KS_ST_WILL_NOT_FIX;
	} else if (ks_str_eq(st, "undetermined")) {
		*status = 0;
	} else {
		return -1;
	}
	return 0;
}

/* Records sev as a candidate for the CVE's "debian" severity (the highest wins); the map
 * holds severity + 1 so that absent (NULL) and UNKNOWN differ. cve is an arena string. */
static int note_cve_sev(struct run *run, const char *cve, int sev)
{
	intptr_t old = (intptr_t)ks_map_get(&run->map, cve, strlen(cve));

	if (sev < 0 || old >= sev + 1)
		return 0;
	if (ks_map_put(&run->map, cve, strlen(cve), (void *)(intptr_t)(sev + 1), NULL) != 0)
		return KS_ENOMEM;
	return 0;
}

static int json_cve(struct run *run, const char *pkg, const char *cve, json_t *obj)
{
	json_t *rels = json_object_get(obj, "releases"), *rel;
	const char *name;
	int r, best = -1, sid = -1;

	if (!json_is_object(obj) || (rels != NULL && !json_is_object(rels)))
		return ks_fk_skip(&run->fk, cve, "not an object");
	{
		struct ks_str d;
		struct ks_vuln_in v = { .id = cve, .source = FEED, .severity = -1 };

		if (jstr(obj, "description", &d) && d.n > 0)
			v.description = d.p;
		if ((r = ks_dbw_vuln(run->w, &v)) != 0)
			return r;
	}
	json_object_foreach(rels, name, rel) {
		const char *eco = ks_osf_debian_eco(ks_str_c(name)), *fixed;
		struct ks_err err = { 0 };
		int status, sev;

		if (!json_is_object(rel) || release_row(rel, &status, &fixed, &sev) != 0) {
			if ((r = ks_fk_skip(&run->fk, cve, "bad release '%.32s'", name)) != 0)
				return r;
			continue;
		}
		if (strcmp(name, "sid") == 0)
			sid = sev;
		if (sev > best)
			best = sev;
		if (eco == NULL || status == 0)
			continue;
		if (status == KS_ST_FIXED &&
			ks_osf_ver_check(&run->a, &err, KS_ECO_DEB, ks_str_c(fixed)) != 0) {
			if ((r = ks_fk_skip(&run->fk, cve, "%s", err.msg)) != 0)
				return r;
			continue;
		}
		if ((r = write_row(run, eco, pkg, cve, status, fixed, sev, NULL, 0)) != 0)
			return r;
	}
	return note_cve_sev(run, cve, sid >= 0 ? sid : best);
}

static int json_package(struct run *run, struct ks_str key, struct ks_str val)
{
	json_error_t jerr;
	json_t *obj;
	const char *key_cve, *pkg;
	json_t *v;
	int r = 0;

	if (!ks_osf_pkg_ok(key) || memchr(key.p, '\\', key.n) != NULL)
		return ks_fk_skip(&run->fk, NULL, "bad package name '%.*s'",
			(int)(key.n > 64 ? 64 : key.n), key.p);
	if ((pkg = dup(run, key, &r)) == NULL)
		return r;
	if ((obj = json_loadb(val.p, val.n, JSON_REJECT_DUPLICATES, &jerr)) == NULL ||
		!json_is_object(obj)) {
		json_decref(obj);
		return ks_fk_skip(&run->fk, pkg, "%s", obj ? "not an object" : jerr.text);
	}
	json_object_foreach(obj, key_cve, v) {
		const char *cve;

		if (!ks_fk_id_ok(ks_str_c(key_cve))) {
			if ((r = ks_fk_skip(&run->fk, pkg, "bad id '%.64s'", key_cve)) != 0)
				break;
			continue;
		}
		if ((cve = ks_arena_strdup(&run->a, key_cve)) == NULL) {
			r = KS_ENOMEM;
			break;
		}
		if ((r = json_cve(run, pkg, cve, v)) != 0)
			break;
	}
	json_decref(obj);
	return r;
}

static int import_json(struct run *run, const uint8_t *data, size_t len)
{
	struct ks_str doc = { (const char *)data, len }, key, val;
	struct ks_jsit it;
	const char *cve;
	size_t i;
	void *sev;
	int r;

	if ((r = ks_js_check(doc)) != 0 || (r = ks_js_iter(&it, doc, '{')) != 0)
		return ks_fk_fail(&run->fk, r == KS_ELIMIT ? KS_ELIMIT : KS_ECORRUPT,
			"malformed JSON");
	while ((r = ks_js_next(&it, &key, &val)) == 1)
		if ((r = json_package(run, key, val)) != 0)
			return r;
	if (r < 0)
		return ks_fk_fail(&run->fk, KS_ECORRUPT, "malformed JSON");
	i = 0;
	while (ks_map_next(&run->map, &i, &cve, NULL, &sev)) {
		struct ks_sev_in s = { .vuln_id = cve, .source = "debian",
			.severity = (int)((intptr_t)sev - 1), .v2_score = -1, .v3_score = -1,
			.v40_score = -1 };

		if ((r = ks_dbw_severity(run->w, &s)) != 0)
			return r;
	}
	return 0;
}

static int import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct run run = { .cx = cx, .w = w };
	int r;

	ks_fk_init(&run.fk, cx, FEED, path);
	ks_arena_init(&run.a);
	ks_map_init(&run.map);
	ks_buf_init(&run.ranges, 1u << 16);
	ks_buf_init(&run.vids, 1u << 16);
	if (data == NULL || len == 0)
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "empty file");
	else if (is_json(data, len))
		r = import_json(&run, data, len);
	else
		r = import_list(&run, data, len);
	if (r == 0)
		r = ks_fk_finish(&run.fk);
	*records += run.n;
	ks_map_release(&run.map);
	ks_buf_release(&run.ranges);
	ks_buf_release(&run.vids);
	ks_arena_release(&run.a);
	return r;
}

const struct ks_feed ks_feed_debian_tracker = { FEED, detect, import };
