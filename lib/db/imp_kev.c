/*
 * imp_kev.c - CISA's Known Exploited Vulnerabilities catalogue (known_exploited_
 * vulnerabilities.json: {"catalogVersion", "count", "vulnerabilities": [{"cveID",
 * "vulnerabilityName", "dateAdded", "dueDate", "knownRansomwareCampaignUse", ...}]}).
 *
 * Each entry becomes one kev row: the CVE, the dates it was added and remediation is due
 * (YYYY-MM-DD, as the catalogue writes them), whether it is known to be used in ransomware
 * campaigns ("Known"; anything else, usually "Unknown", is false) and its name. An entry
 * without a valid CVE ID or date added is skipped with a warning. The catalogue is a few
 * MB, so it is parsed whole (input over KEV_MAX is refused).
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osv_common.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define KEV_MAX (256u << 20)

/* True if head has the member key with a string value ("cveID": "CVE-..."), which tells the
 * catalogue from its JSON schema (where the same names hold objects). */
static bool string_member(const uint8_t *head, size_t n, const char *key)
{
	size_t klen = strlen(key), off = 0;
	const uint8_t *p;

	while (off < n && (p = memmem(head + off, n - off, key, klen)) != NULL) {
		size_t i = (size_t)(p - head) + klen;

		while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' ||
				       head[i] == '\r'))
			i++;
		if (i < n && head[i] == ':') {
			i++;
			while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' ||
					       head[i] == '\r'))
				i++;
			if (i < n && head[i] == '"')
				return true;
		}
		off = (size_t)(p - head) + 1;
	}
	return false;
}

static bool kev_detect(const char *path, const uint8_t *head, size_t n)
{
	(void)path;
	return string_member(head, n, "\"catalogVersion\"") ||
	       (string_member(head, n, "\"cveID\"") && string_member(head, n, "\"dateAdded\""));
}

/* A "YYYY-MM-DD" date member, checked; false when absent or malformed. */
static bool date(json_t *e, const char *key, char *out, size_t size)
{
	const char *s = ks_imp_str(e, key);

	return s != NULL && strlen(s) == 10 && ks_fk_time(ks_str_c(s), out, size);
}

/* One catalogue entry. */
static int entry(struct ks_fk *fk, struct ks_dbw *w, json_t *e, uint64_t *n)
{
	const char *id = ks_imp_str(e, "cveID"), *ransom;
	char added[40], due[40];
	int r;

	if (!json_is_object(e))
		return ks_fk_skip(fk, NULL, "entry is not an object");
	if (id == NULL || !ks_imp_is_cve(ks_str_c(id)))
		return ks_fk_skip(fk, NULL, "entry without a valid cveID");
	if (!date(e, "dateAdded", added, sizeof(added)))
		return ks_fk_skip(fk, id, "no valid dateAdded");
	if (!date(e, "dueDate", due, sizeof(due)))
		due[0] = '\0';
	ransom = ks_imp_str(e, "knownRansomwareCampaignUse");
	if ((r = ks_dbw_kev(w, id, added, due[0] ? due : NULL, ks_streq(ransom, "Known"),
		     ks_imp_str(e, "vulnerabilityName"))) != 0)
		return r;
	(*n)++;
	return 0;
}

static int kev_import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	json_t *doc = NULL, *list, *e;
	char what[512];
	struct ks_fk fk;
	uint64_t n = 0;
	size_t i;
	int r = 0;

	ks_fk_init(&fk, cx, "kev", path);
	if (len > KEV_MAX)
		return ks_fk_fail(&fk, KS_ELIMIT, "larger than %u MB", KEV_MAX >> 20);
	snprintf(what, sizeof(what), "kev: '%s'", path);
	if ((r = ks_json_load(&cx->err, what, data, len, &doc)) != 0)
		return r;
	if ((list = ks_imp_arr(doc, "vulnerabilities")) == NULL) {
		r = ks_fk_fail(&fk, KS_ECORRUPT, "no vulnerabilities list");
		goto out;
	}
	json_array_foreach(list, i, e)
	{
		if ((r = entry(&fk, w, e, &n)) != 0)
			goto out;
	}
	e = json_object_get(doc, "count");
	if (json_is_integer(e) && (json_int_t)json_array_size(list) != json_integer_value(e))
		r = ks_warn(cx, "kev: '%s': count says %lld entries, the list has %zu", path,
			(long long)json_integer_value(e), json_array_size(list));
	if (r == 0)
		r = ks_fk_finish(&fk);
out:
	*records += n;
	json_decref(doc);
	return r;
}

const struct ks_feed ks_feed_kev = {
	.name = "kev",
	.detect = kev_detect,
	.import = kev_import,
};
