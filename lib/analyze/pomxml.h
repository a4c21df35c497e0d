/*
 * pomxml.h - Maven POM documents (pom.xml) read into the small model the pom and jar
 * analyzers need, the way Trivy's pom parser decodes them with Go's encoding/xml.
 *
 * What is kept, all from direct children as Go's struct decoding matches them: the
 * project's groupId, artifactId and version; parent groupId, artifactId, version and
 * relativePath; licenses/license/name; modules/module; properties (element name ->
 * text); dependencies and dependencyManagement/dependencies (every "dependency" element
 * inside the list, as Trivy's decoder finds them) with groupId, artifactId, version,
 * scope, optional and exclusions, and the lines of the dependency's start and end tags
 * (the line of each tag's ">", Go's InputPos). Text is kept as written (Go does not trim
 * it); a repeated single element keeps its last text, as Go's decoder does; a second
 * <properties> replaces the first.
 *
 * Parsing is libxml2's SAX parser from memory: well-formed XML only (KS_ECORRUPT with the
 * parser's message and line), no DOCTYPE (so no entity of the document's own is ever
 * defined or expanded), no network, elements nested at most KS_POM_MAXDEPTH deep and a
 * text at most KS_POM_MAXTEXT bytes (KS_ELIMIT). Reading stops at the end of the root
 * element, as Go's Decode does. Everything in the model lives in the arena passed in.
 */
#ifndef KS_ANALYZE_POMXML_H
#define KS_ANALYZE_POMXML_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

#define KS_POM_MAXDEPTH 64
#define KS_POM_MAXTEXT (1u << 20)

struct ks_pom_excl {
	const char *group, *artifact;
};

struct ks_pom_dep {
	const char *group, *artifact, *version, *scope; /* "" when absent */
	const char *optional;                           /* raw text, "" when absent */
	struct ks_pom_excl *excl;
	size_t nexcl;
	unsigned start, end; /* lines of the <dependency> and </dependency> tags */
};

struct ks_pom {
	const char *group, *artifact, *version; /* "" when absent */
	const char *parent_group, *parent_artifact, *parent_version, *parent_relpath;
	const char **prop_keys, **prop_vals; /* in document order; a repeated key appears twice */
	size_t nprops;
	const char **licenses; /* license names, as written */
	size_t nlicenses;
	const char **modules;
	size_t nmodules;
	struct ks_pom_dep *deps;
	size_t ndeps;
	struct ks_pom_dep *mgmt; /* dependencyManagement */
	size_t nmgmt;
};

/*
 * Parses the n bytes at p as a POM into *out (zeroed first; strings in a). what names the
 * document in error messages ("pom: 'path'"). Returns 0, KS_ECORRUPT, KS_ELIMIT or
 * KS_ENOMEM with a message in *e.
 */
int ks_pom_parse(struct ks_arena *a, struct ks_err *e, const char *what, const uint8_t *p,
	size_t n, struct ks_pom *out);

#endif
