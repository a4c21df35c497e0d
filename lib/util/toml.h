/*
 * toml.h - TOML documents from untrusted bytes as jansson trees, so lock-file analyzers
 * (poetry.lock, uv.lock, pdm.lock, Cargo.lock, ...) walk them like JSON.
 *
 * The language is TOML 1.0 plus the TOML 1.1 relaxations lock writers use (newlines and a
 * trailing comma inside inline tables, "\e" and "\xHH" escapes, times without seconds).
 * The caller owns the returned tree (json_decref() it); nothing points into the input.
 *
 * Mapping: tables and inline tables become objects (keys in document order), arrays and
 * arrays of tables become arrays, strings become strings (escapes decoded, "\r\n" inside
 * multi-line strings read as "\n"), integers become integers (decimal, 0x, 0o, 0b),
 * booleans become true/false and floats become reals, except "inf", "+inf", "-inf" and
 * "nan" (signed or not), which JSON cannot hold: they become the strings as written.
 * Offset date-times, local date-times, local dates and local times become strings exactly
 * as written ("1979-05-27T07:32:00Z").
 *
 * The TOML rules about defining things once are enforced: a key set twice, a table header
 * repeated, a table extended after it was written inline or through dotted keys, and an
 * array of tables mixed with a static array are errors, as in Go's TOML decoders.
 *
 * Bounds: inputs over KS_TOML_MAXBYTES (KS_ELIMIT), trees nested deeper than
 * KS_TOML_MAXDEPTH counting every object and array from the root (KS_ELIMIT; dotted keys
 * and table headers count too, so consumers can recurse safely), more than
 * KS_TOML_MAXNODES values (KS_ELIMIT). Memory is linear in the input.
 */
#ifndef KS_UTIL_TOML_H
#define KS_UTIL_TOML_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define KS_TOML_MAXBYTES (64u << 20) /* largest document accepted */
#define KS_TOML_MAXDEPTH 64          /* objects and arrays from the root, root included */
#define KS_TOML_MAXNODES (1u << 21)  /* values (tables, arrays, scalars) per document */

/*
 * Parses n bytes of TOML (UTF-8, an optional BOM) into *out, a JSON object for the root
 * table. Errors leave *out NULL and return KS_ECORRUPT with "<what>: line N: <problem>"
 * in *e (N is 1-based), KS_ELIMIT for the bounds above, KS_ENOMEM. what names the input
 * in messages (usually the file path).
 */
int ks_toml_load(struct ks_err *e, const char *what, const uint8_t *p, size_t n, json_t **out);

#endif
