/* osv_common.c - helpers shared by the OSV, secdb and Wolfi importers; see osv_common.h. */
#include "db/osv_common.h"
#include "db/feedkit.h"
#include "util/buf.h"
#include "version/version.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/banned.h"

const char ks_imp_ranges_none[] =
	"{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],[\"fixed\",\"0\"]]}]}";

const char *ks_imp_str(const json_t *obj, const char *key)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	if (!json_is_string(v) || json_string_length(v) == 0)
		return NULL;
	return json_string_value(v);
}

json_t *ks_imp_obj(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_object(v) ? v : NULL;
}

json_t *ks_imp_arr(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_array(v) ? v : NULL;
}

double ks_imp_num(const json_t *obj, const char *key)
{
	const json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
	double d = -1;

	if (json_is_number(v)) {
		d = json_number_value(v);
	} else if (json_is_string(v) && json_string_length(v) > 0 &&
		json_string_length(v) < 32) {
		const char *s = json_string_value(v);
		char *end;

		d = strtod(s, &end);
		if (*end != '\0' || !isdigit((unsigned char)s[0]))
			d = -1;
	}
	return isfinite(d) && d >= 0 ? d : -1;
}

/* ---------------------------------------------------------------- identifiers */

bool ks_imp_is_cve(struct ks_str s)
{
	return ks_fk_cve_ok(s);
}

bool ks_imp_is_vuln_id(struct ks_str s)
{
	if (s.n < 3 || s.n > 64 || !isalpha((unsigned char)s.p[0]) || !ks_fk_id_ok(s) ||
		ks_str_chr(s, '-') < 0)
		return false;
	return !ks_str_hasprefix(s, "CVE-") || ks_fk_cve_ok(s);
}

/* ---------------------------------------------------------------- column values */

char *ks_imp_dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
}

/* Sets obj[key] = s unless s is empty; false on allocation or UTF-8 failure. */
static bool set_opt(json_t *obj, const char *key, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return true;
	return json_object_set_new(obj, key, json_string(s)) == 0;
}

int ks_imp_datasource(const char *id, const char *name, const char *url, char **out)
{
	json_t *o;
	int r = KS_ENOMEM;

	*out = NULL;
	if ((o = json_object()) == NULL)
		return KS_ENOMEM;
	if (!set_opt(o, "ID", id) || !set_opt(o, "Name", name) || !set_opt(o, "URL", url))
		goto out;
	if (json_object_size(o) > 0 && (*out = ks_imp_dump(o)) == NULL)
		goto out;
	r = 0;
out:
	json_decref(o);
	return r;
}

int ks_imp_strarray(const char *const *v, size_t n, char **out)
{
	json_t *a;
	size_t i;
	int r = KS_ENOMEM;

	*out = NULL;
	if (n == 0)
		return 0;
	if ((a = json_array()) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++)
		if (json_array_append_new(a, json_string(v[i])) != 0)
			goto out;
	if ((*out = ks_imp_dump(a)) != NULL)
		r = 0;
out:
	json_decref(a);
	return r;
}

void ks_imp_ranges_init(struct ks_imp_ranges *rg)
{
	memset(rg, 0, sizeof(*rg));
}

void ks_imp_ranges_release(struct ks_imp_ranges *rg)
{
	json_decref(rg->r);
	json_decref(rg->v);
	json_decref(rg->n);
	json_decref(rg->p);
	ks_imp_ranges_init(rg);
}

/* *arr, created on first use. */
static json_t *lazy_array(json_t **arr)
{
	if (*arr == NULL)
		*arr = json_array();
	return *arr;
}

int ks_imp_ranges_open(struct ks_imp_ranges *rg, const char *type)
{
	json_t *range = json_object(), *ev = json_array();

	if (range == NULL || ev == NULL || lazy_array(&rg->r) == NULL ||
		json_object_set_new(range, "t", json_string(type)) != 0 ||
		json_object_set(range, "e", ev) != 0 || json_array_append(rg->r, range) != 0) {
		json_decref(range);
		json_decref(ev);
		return KS_ENOMEM;
	}
	json_decref(range);
	json_decref(ev); /* owned by range, which rg->r owns */
	rg->cur = ev;
	return 0;
}

int ks_imp_ranges_event(struct ks_imp_ranges *rg, const char *kind, const char *version)
{
	json_t *pair;

	if (rg->cur == NULL)
		return KS_EINTERNAL;
	pair = json_pack("[ss]", kind, version);
	if (pair == NULL || json_array_append_new(rg->cur, pair) != 0)
		return KS_ENOMEM;
	return 0;
}

int ks_imp_ranges_add(struct ks_imp_ranges *rg, char which, const char *s)
{
	json_t **arr = which == 'v' ? &rg->v : which == 'n' ? &rg->n : &rg->p;

	if (lazy_array(arr) == NULL || json_array_append_new(*arr, json_string(s)) != 0)
		return KS_ENOMEM;
	return 0;
}

char *ks_imp_ranges_dump(const struct ks_imp_ranges *rg)
{
	json_t *o = json_object();
	char *s = NULL;

	if (o == NULL)
		return NULL;
	if ((rg->r == NULL || json_object_set(o, "r", rg->r) == 0) &&
		(rg->v == NULL || json_object_set(o, "v", rg->v) == 0) &&
		(rg->n == NULL || json_object_set(o, "n", rg->n) == 0) &&
		(rg->p == NULL || json_object_set(o, "p", rg->p) == 0))
		s = ks_imp_dump(o);
	json_decref(o);
	return s;
}

int ks_imp_os_advisory(struct ks_dbw *w, const char *eco, const char *pkg, const char *id,
	const char *source, int status, const char *fixed, const char *vendor_ids,
	const char *data_source)
{
	struct ks_adv_in a = { .eco = eco, .pkg = pkg, .vuln_id = id, .source = source,
		.status = status, .ranges = "{}", .fixed = "", .severity = -1,
		.vendor_ids = vendor_ids, .data_source = data_source };
	struct ks_buf b;
	int r;

	ks_buf_init(&b, 8 * KS_VER_MAXLEN); /* an escaped apk version fits */
	if (fixed != NULL && strcmp(fixed, "0") == 0) {
		a.status = KS_ST_NOT_AFFECTED;
		a.ranges = ks_imp_ranges_none;
	} else if (fixed != NULL) {
		/* what ks_imp_ranges_dump() gives for [0, fixed), without building the tree */
		a.status = KS_ST_FIXED;
		a.fixed = fixed;
		if ((r = ks_buf_adds(&b, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\","
				     "\"0\"],[\"fixed\",")) != 0 ||
			(r = ks_fk_json_str(&b, ks_str_c(fixed))) != 0 ||
			(r = ks_buf_adds(&b, "]]}]}")) != 0)
			goto out;
		a.ranges = b.p;
	} else if (status == KS_ST_NOT_AFFECTED) {
		a.ranges = ks_imp_ranges_none;
	}
	r = ks_dbw_advisory(w, &a);
out:
	ks_buf_release(&b);
	return r;
}
