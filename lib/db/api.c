/*
 * api.c - the public `db` entry points (kensa.h): update, import, status, search. The
 * status and search renderers live here too: they are the database's own reports.
 */
#include "db/db.h"
#include "db/update.h"
#include "kensa/kensa.h"
#include "util/jsonw.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void ctx_from(struct ks_ctx *cx, const struct kensa_db_options *o)
{
	ks_ctx_init(cx);
	if (o == NULL)
		return;
	cx->log = o->log;
	cx->log_ud = o->log_ud;
	cx->log_level = o->log_level;
	cx->progress = o->progress;
	cx->progress_ud = o->progress_ud;
}

static void uopts_from(struct ks_update_opts *u, const struct kensa_db_options *o)
{
	memset(u, 0, sizeof(*u));
	u->fetch.retries = -1;
	if (o == NULL)
		return;
	u->cache_dir = o->cache_dir;
	u->mirror = o->feeds_mirror;
	u->feeds = o->feeds;
	u->nfeeds = o->nfeeds;
	u->fetch.timeout_ms = o->timeout_ms;
	u->fetch.retries = o->retries;
	u->fetch.retry_base_ms = o->retry_base_ms;
}

/* Copies the context's error out and releases it. */
static int finish(struct ks_ctx *cx, int r, char *errbuf, size_t errlen)
{
	if (r != 0 && errbuf != NULL)
		snprintf(errbuf, errlen, "%s", cx->err.msg[0] ? cx->err.msg : ks_strerror(r));
	ks_ctx_release(cx);
	return r;
}

int kensa_db_update(const struct kensa_db_options *o, char *errbuf, size_t errlen)
{
	struct ks_update_opts u;
	struct ks_ctx cx;

	ctx_from(&cx, o);
	uopts_from(&u, o);
	return finish(&cx, ks_db_update(&cx, &u), errbuf, errlen);
}

int kensa_db_import(const struct kensa_db_options *o, const char *const *paths, size_t n,
	char *errbuf, size_t errlen)
{
	struct ks_update_opts u;
	struct ks_ctx cx;

	ctx_from(&cx, o);
	uopts_from(&u, o);
	return finish(&cx, ks_db_import(&cx, &u, paths, n), errbuf, errlen);
}

static const char *db_path(struct ks_ctx *cx, const struct kensa_db_options *o)
{
	const char *cache = o && o->cache_dir ? o->cache_dir : ks_db_default_cache_dir(&cx->arena);
	return cache ? ks_db_file(&cx->arena, cache) : NULL;
}

int kensa_db_path(const struct kensa_db_options *o, char *buf, size_t len)
{
	struct ks_ctx cx;
	const char *p;
	int r = 0;

	ks_ctx_init(&cx);
	if ((p = db_path(&cx, o)) == NULL || (size_t)snprintf(buf, len, "%s", p) >= len)
		r = KENSA_ENOMEM;
	ks_ctx_release(&cx);
	return r;
}

static void status_json(FILE *f, const char *path, const struct ks_db_info *in)
{
	struct ks_jw w;
	size_t i;

	ks_jw_init(&w, f, true);
	ks_jw_obj(&w);
	ks_jw_kstr(&w, "Path", path);
	ks_jw_kstr(&w, "BuiltAt", in->built_at ? in->built_at : "");
	ks_jw_kint(&w, "SchemaVersion", in->schema);
	ks_jw_key(&w, "Counts");
	ks_jw_obj(&w);
	ks_jw_kint(&w, "Vulnerabilities", (int64_t)in->vulns);
	ks_jw_kint(&w, "Advisories", (int64_t)in->advisories);
	ks_jw_kint(&w, "KEV", (int64_t)in->kev);
	ks_jw_kint(&w, "EPSS", (int64_t)in->epss);
	ks_jw_obj_end(&w);
	ks_jw_key(&w, "Feeds");
	ks_jw_arr(&w);
	for (i = 0; i < in->nfeeds; i++) {
		const struct ks_db_feedrow *r = &in->feeds[i];

		ks_jw_obj(&w);
		ks_jw_kstr(&w, "Name", r->name);
		ks_jw_kstr_opt(&w, "URL", r->url);
		ks_jw_kstr(&w, "Status", r->status ? r->status : "");
		ks_jw_kint(&w, "Records", (int64_t)r->records);
		ks_jw_kstr_opt(&w, "ImportedAt", r->imported_at);
		ks_jw_kstr_opt(&w, "Error", r->error);
		ks_jw_obj_end(&w);
	}
	ks_jw_arr_end(&w);
	ks_jw_obj_end(&w);
	fputc('\n', f);
}

/* "3 days ago" from an RFC 3339 UTC time (display only). */
static void age(const char *built, char *buf, size_t n)
{
	struct tm tm;
	time_t then, now = time(NULL);

	memset(&tm, 0, sizeof(tm));
	if (built == NULL || strptime(built, "%Y-%m-%dT%H:%M:%S", &tm) == NULL) {
		snprintf(buf, n, "unknown age");
		return;
	}
	then = timegm(&tm);
	if (now - then < 3600)
		snprintf(buf, n, "%ld minutes ago", (long)((now - then) / 60));
	else if (now - then < 2 * 86400)
		snprintf(buf, n, "%ld hours ago", (long)((now - then) / 3600));
	else
		snprintf(buf, n, "%ld days ago", (long)((now - then) / 86400));
}

static void status_table(FILE *f, const char *path, const struct ks_db_info *in)
{
	char a[64];
	size_t i;

	age(in->built_at, a, sizeof(a));
	fprintf(f, "Database:        %s\nBuilt:           %s (%s)\nSchema version:  %d\n"
		   "Vulnerabilities: %llu\nAdvisories:      %llu\nKEV entries:     %llu\n"
		   "EPSS scores:     %llu\n\n%-56s %-12s %10s\n", path,
		in->built_at ? in->built_at : "?", a, in->schema, (unsigned long long)in->vulns,
		(unsigned long long)in->advisories, (unsigned long long)in->kev,
		(unsigned long long)in->epss, "Feed", "Status", "Records");
	for (i = 0; i < in->nfeeds; i++) {
		const struct ks_db_feedrow *r = &in->feeds[i];

		fprintf(f, "%-56s %-12s %10llu%s%s\n", r->name, r->status ? r->status : "",
			(unsigned long long)r->records, r->error ? "  " : "",
			r->error ? r->error : "");
	}
}

int kensa_db_status(const struct kensa_db_options *o, const char *format, FILE *f,
	char *errbuf, size_t errlen)
{
	struct ks_ctx cx;
	struct ks_db *db = NULL;
	struct ks_db_info in;
	const char *path;
	int r;

	ctx_from(&cx, o);
	if ((path = db_path(&cx, o)) == NULL)
		return finish(&cx, KS_ENOMEM, errbuf, errlen);
	if ((r = ks_db_open(&cx, path, &db)) == 0 && (r = ks_db_info(db, &cx, &in)) == 0) {
		if (ks_streq(format, "json"))
			status_json(f, path, &in);
		else
			status_table(f, path, &in);
	}
	ks_db_close(db);
	return finish(&cx, r, errbuf, errlen);
}

struct search {
	struct ks_jw *w; /* JSON output, or NULL for text */
	FILE *f;
	size_t n;
};

static int show_adv(void *ud, const struct ks_adv *a)
{
	struct search *s = ud;

	s->n++;
	if (s->w == NULL) {
		fprintf(s->f, "  %-22s %-34s %-18s %-13s %s\n", a->eco, a->pkg, a->vuln_id,
			ks_status_name((enum ks_status)a->status), a->fixed && a->fixed[0] ?
			a->fixed : "-");
		return 0;
	}
	ks_jw_obj(s->w);
	ks_jw_kstr(s->w, "Ecosystem", a->eco);
	ks_jw_kstr(s->w, "Package", a->pkg);
	ks_jw_kstr(s->w, "VulnerabilityID", a->vuln_id);
	ks_jw_kstr(s->w, "Source", a->source);
	ks_jw_kstr(s->w, "Status", ks_status_name((enum ks_status)a->status));
	ks_jw_kstr_opt(s->w, "FixedVersion", a->fixed);
	ks_jw_key(s->w, "Ranges");
	ks_jw_raw(s->w, a->ranges ? a->ranges : "{}", strlen(a->ranges ? a->ranges : "{}"));
	if (a->severity >= 0)
		ks_jw_kstr(s->w, "Severity", ks_sev_name((enum ks_sev)a->severity));
	ks_jw_obj_end(s->w);
	return 0;
}

static void vuln_text(FILE *f, const struct ks_vuln *v)
{
	size_t i;

	fprintf(f, "%s\n", v->id);
	if (v->title)
		fprintf(f, "  Title:       %s\n", v->title);
	if (v->published)
		fprintf(f, "  Published:   %s\n", v->published);
	for (i = 0; i < v->nsevs; i++)
		fprintf(f, "  Severity:    %-10s %s%s%s\n", ks_sev_name((enum ks_sev)(v->sevs[i].severity < 0 ? 0 :
								v->sevs[i].severity)),
			v->sevs[i].source, v->sevs[i].v3_vector ? "  " : "",
			v->sevs[i].v3_vector ? v->sevs[i].v3_vector : "");
	for (i = 0; i < v->aliases.n; i++)
		fprintf(f, "  Alias:       %s\n", v->aliases.v[i]);
	if (v->kev)
		fprintf(f, "  KEV:         added %s%s\n", v->kev_date_added ? v->kev_date_added : "?",
			v->kev_ransomware ? ", used in ransomware campaigns" : "");
	if (v->has_epss)
		fprintf(f, "  EPSS:        %.5f (percentile %.5f)\n", v->epss_score,
			v->epss_percentile);
	if (v->description)
		fprintf(f, "  Description: %s\n", v->description);
	fprintf(f, "  Advisories:\n");
}

static void vuln_json(struct ks_jw *w, const struct ks_vuln *v)
{
	size_t i;

	ks_jw_kstr(w, "VulnerabilityID", v->id);
	ks_jw_kstr_opt(w, "Title", v->title);
	ks_jw_kstr_opt(w, "Description", v->description);
	ks_jw_kstr_opt(w, "PublishedDate", v->published);
	ks_jw_kstr_opt(w, "LastModifiedDate", v->modified);
	ks_jw_key(w, "Severities");
	ks_jw_obj(w);
	for (i = 0; i < v->nsevs; i++) {
		ks_jw_key(w, v->sevs[i].source);
		ks_jw_obj(w);
		ks_jw_kstr(w, "Severity", ks_sev_name((enum ks_sev)(v->sevs[i].severity < 0 ? 0 :
									    v->sevs[i].severity)));
		ks_jw_kstr_opt(w, "V3Vector", v->sevs[i].v3_vector);
		if (v->sevs[i].v3_score >= 0) {
			ks_jw_key(w, "V3Score");
			ks_jw_double(w, v->sevs[i].v3_score);
		}
		ks_jw_obj_end(w);
	}
	ks_jw_obj_end(w);
	if (v->aliases.n) {
		ks_jw_key(w, "Aliases");
		ks_jw_arr(w);
		for (i = 0; i < v->aliases.n; i++)
			ks_jw_str(w, v->aliases.v[i]);
		ks_jw_arr_end(w);
	}
	ks_jw_kbool_opt(w, "KEV", v->kev);
	if (v->has_epss) {
		ks_jw_key(w, "EPSS");
		ks_jw_double(w, v->epss_score);
	}
}

/* IDs look like "CVE-2021-44228", "GHSA-...", "ALSA-2022:1234": letters, then '-'. */
static bool is_vuln_id(const char *q)
{
	size_t i = 0;

	while (q[i] >= 'A' && q[i] <= 'Z')
		i++;
	return i >= 2 && q[i] == '-';
}

static int search(struct ks_ctx *cx, struct ks_db *db, const char *q, struct search *s)
{
	struct ks_vuln v;
	int r;

	if (!is_vuln_id(q)) {
		if (s->w != NULL) {
			ks_jw_key(s->w, "Advisories");
			ks_jw_arr(s->w);
		}
		r = ks_db_advisories_by_pkg(db, q, show_adv, s);
		if (s->w != NULL)
			ks_jw_arr_end(s->w);
		if (r == 0 && s->n == 0)
			r = ks_seterr(&cx->err, KS_ENOTFOUND, "no advisories for package '%s'", q);
		return r;
	}
	if ((r = ks_db_vuln(db, cx, q, &v)) != 0 && r != KS_ENOTFOUND)
		return r;
	if (r == 0) {
		if (s->w != NULL)
			vuln_json(s->w, &v);
		else
			vuln_text(s->f, &v);
	}
	if (s->w != NULL) {
		ks_jw_key(s->w, "Advisories");
		ks_jw_arr(s->w);
	}
	r = ks_db_advisories_by_vuln(db, q, show_adv, s);
	if (s->w != NULL)
		ks_jw_arr_end(s->w);
	if (r == 0 && s->n == 0 && v.title == NULL && v.nsevs == 0 && !v.kev)
		r = ks_seterr(&cx->err, KS_ENOTFOUND, "the database knows nothing about '%s'", q);
	return r;
}

int kensa_db_search(const struct kensa_db_options *o, const char *query, const char *format,
	FILE *f, char *errbuf, size_t errlen)
{
	struct ks_ctx cx;
	struct ks_db *db = NULL;
	struct ks_jw w;
	struct search s = { NULL, f, 0 };
	const char *path;
	int r;

	ctx_from(&cx, o);
	if ((path = db_path(&cx, o)) == NULL)
		return finish(&cx, KS_ENOMEM, errbuf, errlen);
	if ((r = ks_db_open(&cx, path, &db)) == 0) {
		if (ks_streq(format, "json")) {
			ks_jw_init(&w, f, true);
			s.w = &w;
			ks_jw_obj(&w);
		}
		r = search(&cx, db, query, &s);
		if (s.w != NULL) {
			ks_jw_obj_end(&w);
			fputc('\n', f);
		}
	}
	ks_db_close(db);
	return finish(&cx, r, errbuf, errlen);
}
