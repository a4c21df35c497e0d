/* yaml.c - bounded YAML and JSON documents as jansson trees; see yaml.h. */
#include "util/yaml.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/banned.h"

struct yframe {
	json_t *node; /* object or array */
	char *key;    /* mapping key waiting for its value (malloc'd), or NULL */
};

struct yload {
	struct ks_err *e;
	const char *what;
	struct yframe st[KS_YAML_MAXDEPTH];
	int depth;
	json_t *root;
	size_t nodes;
	int docs;
};

static int yerr(struct yload *y, int code, size_t line, const char *problem)
{
	return ks_seterr(y->e, code, "%s: line %zu: %s", y->what, line + 1, problem);
}

/* Counts one node against KS_YAML_MAXNODES. */
static int ycount(struct yload *y, size_t line)
{
	return ++y->nodes > KS_YAML_MAXNODES ? yerr(y, KS_ELIMIT, line, "too many YAML nodes") : 0;
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
	if (rc == 0 && y->depth >= KS_YAML_MAXDEPTH)
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

int ks_yaml_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n,
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

int ks_json_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n,
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
