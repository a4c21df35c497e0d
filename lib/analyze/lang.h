/*
 * lang.h - helpers the language-package analyzers share (lock files and manifests of
 * .NET, Dart, Elixir, Swift, CocoaPods and Conan projects, first).
 *
 * Packages are built in cx->arena as Trivy's parsers build them: IDs in Trivy's
 * dependency.ID form, duplicates merged as its UniquePackages does, dependency lists in
 * byte order. The JSON helpers sit on util/jscan (values are spans of the input, so
 * declarations keep their positions for Locations); the XML walker sits on libxml2's
 * streaming reader, bounded and without DTDs. Nothing here keeps state between calls.
 */
#ifndef KS_ANALYZE_LANG_H
#define KS_ANALYZE_LANG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "analyze/analyzer.h"
#include "util/str.h"

/* True when the last component of path (len bytes, clean and relative) is base. */
bool ks_lang_is_base(const char *path, size_t len, const char *base);

/* Trivy's package ID: name, sep and version, or the bare name when the version is empty
 * (sep is '@' for most types, '/' for conan and dotnet-core). NULL on out-of-memory. */
const char *ks_lang_id(struct ks_arena *a, const char *name, char sep, const char *version);

/* Appends a package whose name and version are copies of the given views and, when
 * start > 0, one location [start, end]. NULL on out-of-memory. */
struct ks_pkg *ks_lang_add(struct ks_ctx *cx, struct ks_ares *out, struct ks_str name,
	struct ks_str version, size_t start, size_t end);

/* Appends the location [start, end] to p; KS_ENOMEM. The array is copied on every call,
 * so a package that gathers many locations should get them through ks_lang_unique(). */
int ks_lang_addloc(struct ks_ctx *cx, struct ks_pkg *p, size_t start, size_t end);

/*
 * Merges the packages of out that share name and version (Trivy's UniquePackages): the
 * first one stays where it is and takes the others' locations (then sorted by start and
 * end line), their dependencies and the closest relationship of all (root, then direct,
 * then indirect; unknown only if all are unknown); it is a development dependency only if
 * all of them are. Later copies are removed, the order of the rest is kept. KS_ENOMEM.
 */
int ks_lang_unique(struct ks_ctx *cx, struct ks_ares *out);

/* Records KS_ECORRUPT with "<an>: '<path>': line N: <problem>" in cx->err (without the
 * line part when line is 0) and returns it. */
int ks_lang_corrupt(struct ks_ctx *cx, const char *an, const struct ks_file *f, size_t line,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The line (1-based) of the file that the pointer at (inside f's data) falls on; 0 when
 * at is not inside it. */
size_t ks_lang_line(const struct ks_file *f, const char *at);

/* Sorts p's depends_on in byte order (Go's sort.Strings) and drops repeats. */
void ks_lang_sort_deps(struct ks_pkg *p);

/*
 * Checks that the file is one well-formed JSON value (white space and a UTF-8 byte order
 * mark around it allowed) and returns the value's own span as *doc. On malformed text:
 * KS_ECORRUPT with "<an>: '<path>': line N: <problem>" in cx->err.
 */
int ks_lang_json_doc(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	struct ks_str *doc);

/*
 * Parses the file as one YAML document (util/yaml.h: bounded, no aliases, every scalar a
 * string, empty/~/null plain scalars null) into *tree, which the caller json_decref()s.
 * Errors: KS_ECORRUPT with "<an>: '<path>': line N: <problem>" (an empty document too),
 * KS_ELIMIT, KS_ENOMEM.
 */
int ks_lang_yaml_doc(struct ks_ctx *cx, const char *an, const struct ks_file *f, json_t **tree);

/* Decodes a JSON string span into an arena string; null or an absent value (empty span)
 * gives NULL. KS_ECORRUPT for any other kind of value or a bad string, KS_ENOMEM. */
int ks_lang_jstr(struct ks_arena *a, struct ks_str v, const char **out);

/* Decodes an object member's raw key (as ks_js_next() returns it: the text between the
 * quotes, inside the document) into an arena string. KS_ECORRUPT, KS_ENOMEM. */
int ks_lang_jkey(struct ks_arena *a, struct ks_str key, const char **out);

/* Attributes one XML tag may carry (libxml2 compares a tag's attributes pairwise). */
#define KS_LANG_XML_MAXATTRS 256

/* One element start, as the XML walker reports it. */
struct ks_lang_xel {
	int depth;         /* 0 for the root element */
	const char *local; /* local name, valid during the callback */
	void *reader;      /* for ks_lang_xml_attr() */
};

/*
 * Reads f as an XML document and calls fn(ud, el) for each element start in document
 * order. The whole document must be well-formed, including what follows the root element
 * (Go's encoding/xml Decode stops reading there; libxml2's reader looks ahead). A document
 * type declaration is refused (no entities get defined, so none can be expanded), the
 * network is never used, nesting is bounded by libxml2's default limit and a tag with
 * more than KS_LANG_XML_MAXATTRS attributes is refused (KS_ELIMIT). fn returns 0 to
 * go on or a negative KS_E* code to stop with it (its message already set). Malformed
 * XML: KS_ECORRUPT with "<an>: '<path>': line N: <problem>".
 */
int ks_lang_xml_walk(struct ks_ctx *cx, const char *an, const struct ks_file *f,
	int (*fn)(void *ud, const struct ks_lang_xel *el), void *ud);

/* The value of the element's attribute whose local name is name (the last one, if it is
 * repeated), as an arena string in *out, or NULL when there is none. KS_ENOMEM. */
int ks_lang_xml_attr(struct ks_ctx *cx, const struct ks_lang_xel *el, const char *name,
	const char **out);

#endif
