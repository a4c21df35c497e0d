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

/* ---------------------------------------------------------------- YAML */

struct yframe {
	json_t *node; /* object or array */
	char *key;    /* mapping key waiting for its value (malloc'd), or NULL */
};

struct yload {
	struct ks_err *e;
	const char *what;
	struct yframe st[KS_IMP_MAXDEPTH];
	int depth;
	json_t *root;
	size_t nodes;
	int docs;
};

static int yerr(struct yload *y, int code, size_t line, const char *problem)
{
	return ks_seterr(y->e, code, "%s: line %zu: %s", y->what, line + 1, problem);
}

/* Counts one node against KS_IMP_MAXNODES. */
static int ycount(struct yload *y, size_t line)
{
	return ++y->nodes > KS_IMP_MAXNODES ? yerr(y, KS_ELIMIT, line, "too many YAML nodes") : 0;
}

/* True when the open container is a mapping waiting for a key. */
static bool ykey_slot(const struct yload *y)
{
	return y->depth > 0 && json_is_object(y->st[y->depth - 1].node) &&
		y->st[y->depth - 1].key == NULL;
}

/* Attaches the value v (reference stolen) to the open container, or makes it the root. */
static int yattach(struct yload *y, json_t *v, size_t line)
{
	struct yframe *f;
	int rc;

	if (y->depth == 0) {
		if (y->root != NULL) {
			json_decref(v);
			return yerr(y, KS_ECORRUPT, line, "more than one root node");
		}
		y->root = v;
		return 0;
	}
	f = &y->st[y->depth - 1];
	if (json_is_array(f->node))
		return json_array_append_new(f->node, v) == 0 ? 0 : KS_ENOMEM;
	rc = json_object_set_new(f->node, f->key, v);
	free(f->key);
	f->key = NULL;
	return rc == 0 ? 0 : yerr(y, KS_ECORRUPT, line, "mapping key is not valid UTF-8");
}

static int yscalar(struct yload *y, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	size_t line = ev->start_mark.line;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	struct yframe *f;
	json_t *v;
	int rc;

	if ((rc = ycount(y, line)) != 0)
		return rc;
	if (memchr(s, '\0', n) != NULL)
		return yerr(y, KS_ECORRUPT, line, "NUL byte in a scalar");
	if (ykey_slot(y)) {
		f = &y->st[y->depth - 1];
		if ((f->key = malloc(n + 1)) == NULL)
			return KS_ENOMEM;
		memcpy(f->key, s, n);
		f->key[n] = '\0';
		return 0;
	}
	if (plain && (n == 0 || (n == 1 && s[0] == '~') || (n == 4 && memcmp(s, "null", 4) == 0)))
		v = json_null();
	else if ((v = json_stringn(s, n)) == NULL)
		return yerr(y, KS_ECORRUPT, line, "scalar is not valid UTF-8");
	return yattach(y, v, line);
}

static int ypush(struct yload *y, json_t *c, size_t line)
{
	int rc;

	if (c == NULL)
		return KS_ENOMEM;
	if ((rc = ycount(y, line)) == 0 && ykey_slot(y))
		rc = yerr(y, KS_ECORRUPT, line, "a mapping key is not a scalar");
	if (rc == 0 && y->depth >= KS_IMP_MAXDEPTH)
		rc = yerr(y, KS_ELIMIT, line, "YAML nested too deeply");
	if (rc != 0) {
		json_decref(c);
		return rc;
	}
	json_incref(c);
	if ((rc = yattach(y, c, line)) != 0) {
		json_decref(c);
		return rc;
	}
	y->st[y->depth].node = c;
	y->st[y->depth].key = NULL;
	y->depth++;
	json_decref(c); /* the parent (or root) holds it */
	return 0;
}

static void ypop(struct yload *y)
{
	if (y->depth == 0)
		return;
	y->depth--;
	free(y->st[y->depth].key);
	y->st[y->depth].key = NULL;
}

int ks_imp_yaml_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n,
	json_t **out)
{
	struct yload y = { .e = e, .what = what };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;
	int r = KS_EINTERNAL;

	*out = NULL;
	if (!yaml_parser_initialize(&parser))
		return KS_ENOMEM;
	yaml_parser_set_input_string(&parser, p, n);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			r = parser.error == YAML_MEMORY_ERROR ?
				KS_ENOMEM :
				yerr(&y, KS_ECORRUPT, parser.problem_mark.line,
					parser.problem ? parser.problem : "malformed YAML");
			goto out;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			r = ++y.docs > 1 ? yerr(&y, KS_ECORRUPT, ev.start_mark.line,
						   "more than one YAML document") :
					   0;
			break;
		case YAML_SCALAR_EVENT:
			r = yscalar(&y, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			r = ypush(&y, json_array(), ev.start_mark.line);
			break;
		case YAML_MAPPING_START_EVENT:
			r = ypush(&y, json_object(), ev.start_mark.line);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			ypop(&y);
			r = 0;
			break;
		case YAML_ALIAS_EVENT:
			r = yerr(&y, KS_ECORRUPT, ev.start_mark.line,
				"YAML aliases are not supported");
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			r = 0;
			break;
		default:
			r = 0;
			break;
		}
		yaml_event_delete(&ev);
		if (r != 0)
			goto out;
	}
	if (y.root == NULL) {
		r = ks_seterr(e, KS_ECORRUPT, "%s: no YAML document", what);
		goto out;
	}
	*out = y.root;
	y.root = NULL;
	r = 0;
out:
	while (y.depth > 0)
		ypop(&y);
	json_decref(y.root);
	yaml_parser_delete(&parser);
	return r;
}

/* ---------------------------------------------------------------- JSON */

int ks_imp_json_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n,
	json_t **out)
{
	json_error_t jerr;

	*out = json_loadb((const char *)p, n, 0, &jerr);
	if (*out != NULL)
		return 0;
	if (json_error_code(&jerr) == json_error_out_of_memory)
		return KS_ENOMEM;
	return ks_seterr(e, KS_ECORRUPT, "%s: line %d: %s", what, jerr.line, jerr.text);
}

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
