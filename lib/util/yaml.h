/*
 * yaml.h - YAML (and JSON) documents from untrusted bytes as jansson trees, so YAML and
 * JSON inputs go through the same code. Bounded: nesting depth, node count, one document,
 * no aliases (so no "billion laughs").
 */
#ifndef KS_UTIL_YAML_H
#define KS_UTIL_YAML_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define KS_YAML_MAXDEPTH 64          /* nesting accepted in YAML documents */
#define KS_YAML_MAXNODES (1u << 21) /* YAML nodes per document */

/*
 * Parses n bytes of YAML holding exactly one document into *out. Mappings become objects
 * (keys must be scalars), sequences arrays, and every scalar a string, whatever its YAML
 * type, so "1.10" stays "1.10"; a plain scalar that is empty, "~" or "null" becomes JSON
 * null. Aliases (and so "billion laughs" documents) are refused, as are nesting beyond
 * KS_YAML_MAXDEPTH, more than KS_YAML_MAXNODES nodes and a second document. Errors:
 * KS_ECORRUPT with "<what>: line N: <problem>" in *e, KS_ELIMIT, KS_ENOMEM.
 */
int ks_yaml_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n,
	json_t **out);

/* Parses n bytes of JSON into *out (any top-level value). KS_ECORRUPT with
 * "<what>: line N: <jansson's message>" in *e. */
int ks_json_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n,
	json_t **out);

#endif
