/*
 * vint.h - internals shared by the comparators in lib/version (not for other modules).
 *
 * Each ecosystem file defines a `struct ks_ver_ops` table (named in ecosystems.def) with a
 * parser that turns a string into its private parsed form, a comparison of two parsed
 * forms and, optionally, a parser for its native range syntax and evaluators for its
 * special range terms. version.c owns the dispatch, the range container and the generic
 * comparator-list syntax; sv.c holds the SemVer-style identifier helpers several
 * ecosystems share. Everything a parser produces is allocated in vc->a.
 */
#ifndef KS_VERSION_VINT_H
#define KS_VERSION_VINT_H

#include <stdbool.h>
#include <stdint.h>

#include "version/version.h"

/* Parsing context: where to allocate, where to report, and the caller's KS_VER_* flags. */
struct ks_vctx {
	struct ks_arena *a;
	struct ks_err *e;
	enum ks_eco eco;
	unsigned flags;
};

struct ks_ver {
	enum ks_eco eco;
	const char *s; /* NUL-terminated copy of the parsed text */
	const void *p; /* the ecosystem's parsed form */
};

/* Range terms. The generic operators are evaluated by version.c through ops->cmp; codes
 * from KS_OP_ECO upwards belong to the ecosystem and go to ops->term. */
enum {
	KS_OP_ANY = 0, /* always true */
	KS_OP_LT,
	KS_OP_LE,
	KS_OP_GT,
	KS_OP_GE,
	KS_OP_EQ,
	KS_OP_NE,
	KS_OP_ECO = 16,
};

struct ks_vterm {
	int op;
	const struct ks_ver *v; /* NULL for ANY and ecosystem terms without one */
	const void *aux;	/* ecosystem data for KS_OP_ECO terms */
};

/* A conjunction of terms; a range is a disjunction of clauses. */
struct ks_vclause {
	struct ks_vterm *t;
	size_t n, cap;
};

struct ks_range {
	enum ks_eco eco;
	unsigned flags;
	struct ks_vclause *c;
	size_t n, cap;
};

struct ks_ver_ops {
	/* Parses s (a NUL-terminated arena copy of the input, ASCII blanks trimmed, at most
	 * KS_VER_MAXLEN bytes) into *out; the parsed form may point into s. On failure
	 * reports through ks_verr() and returns a negative KS_E* code. */
	int (*parse)(struct ks_vctx *vc, struct ks_str s, const void **out);
	/* Orders two parsed forms: <0, 0, >0. */
	int (*cmp)(const void *a, const void *b);
	/* Parses one `||`-free alternative of a range expression (the whole trimmed
	 * expression if native_or, or if it is empty), appending clauses to r. NULL selects
	 * ks_vrange_generic() with no extra operators. */
	int (*range)(struct ks_vctx *vc, struct ks_str expr, struct ks_range *r);
	/* Evaluates a KS_OP_ECO term; NULL if the ecosystem has none. */
	bool (*term)(const struct ks_range *r, const struct ks_vterm *t, const struct ks_ver *v);
	/* Final say on a clause whose terms all hold (pre-release rules); NULL accepts. */
	bool (*clause)(
		const struct ks_range *r, const struct ks_vclause *c, const struct ks_ver *v);
	/* True if the ecosystem's own syntax already uses `||` (the expression is then handed
	 * to range() whole instead of being split first). */
	bool native_or;
};

#define KS_ECO(id, ops, name) extern const struct ks_ver_ops ks_ver_ops_##ops;
#include "version/ecosystems.def"
#undef KS_ECO

/* Writes s for quoting in a message: bytes outside printable ASCII, quotes and
 * backslashes as \xNN, cut after 80 bytes with "...". cap >= KS_VQUOTE_MAX. */
#define KS_VQUOTE_MAX (4 * 80 + 8)
void ks_vquote(struct ks_str s, char *q, size_t cap);
/* Records "<eco>: '<s>': <message>" in vc->e (s as ks_vquote() writes it) and returns
 * code. */
int ks_verr(struct ks_vctx *vc, int code, struct ks_str s, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* ks_verr(vc, KS_ENOMEM, ...) with a fixed message. */
int ks_vnomem(struct ks_vctx *vc);

/* Parses s as a version of vc->eco (bounds, copy, dispatch) into a handle. */
int ks_vparse(struct ks_vctx *vc, struct ks_str s, const struct ks_ver **out);
/* Wraps an already parsed form p (of vc->eco) whose text is the NUL-terminated arena
 * string txt into a handle; used by range parsers that compute bounds. */
const struct ks_ver *ks_vwrap(struct ks_vctx *vc, const char *txt, const void *p);

/* Appends an empty clause to r; NULL on out-of-memory (reported). */
struct ks_vclause *ks_vclause_add(struct ks_vctx *vc, struct ks_range *r);
/* Appends a term to c; 0 or KS_ENOMEM (reported). */
int ks_vterm_add(
	struct ks_vctx *vc, struct ks_vclause *c, int op, const struct ks_ver *v, const void *aux);

/* An extra operator an ecosystem accepts in the generic comparator syntax. */
struct ks_vopname {
	const char *name;
	int op;
};

/*
 * The generic comparator list: one clause of terms `[op] version` separated by commas
 * and/or blanks, op one of < <= > >= = == != (plus `<<` and `>>` as < and >, dpkg's
 * spelling) or one of `extra` (NULL-name terminated, may be NULL). A bare version means =.
 * An expression of only "*" matches everything. Appends one clause to r.
 */
int ks_vrange_generic(
	struct ks_vctx *vc, struct ks_str expr, const struct ks_vopname *extra, struct ks_range *r);
/* Evaluates a generic operator (KS_OP_LT..KS_OP_NE) given cmp(v, bound). */
bool ks_vop_holds(int op, int cmp);

/* Compares two runs of ASCII digits as non-negative integers of any length (leading zeros
 * ignored): <0, 0, >0. */
int ks_vnumcmp(const char *a, size_t an, const char *b, size_t bn);
/* Byte-wise comparison of two strings, shorter first on a common prefix: <0, 0, >0. */
int ks_vstrcmp(const char *a, size_t an, const char *b, size_t bn);
/* Character classes on bytes (locale-independent). */
static inline bool ks_visdigit(int c)
{
	return c >= '0' && c <= '9';
}
static inline bool ks_visalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline bool ks_visalnum(int c)
{
	return ks_visdigit(c) || ks_visalpha(c);
}
static inline int ks_vlower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}
/* Blanks as Ruby, Python and PHP trim them: space, \t, \n, \v, \f, \r. */
static inline bool ks_visspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}
struct ks_str ks_vtrim(struct ks_str s);

/*
 * SemVer-style identifiers (sv.c), shared by npm, go, cargo, hex, pub, nuget and semver.
 * A dot-separated list of identifiers; `num` ones are all digits and compare numerically.
 */
struct ks_svid {
	const char *p;
	uint32_t n;
	bool num;
};
struct ks_svids {
	const struct ks_svid *id;
	uint32_t n;
};
/* Rules for ks_svids_parse(). */
enum {
	KS_SV_NOLEADZERO = 1u << 0, /* reject numeric identifiers with a leading zero */
	KS_SV_NOEMPTY = 1u << 1,    /* reject empty identifiers ("1.0.0-a..b") */
};
/* Splits s at dots into identifiers of [0-9A-Za-z-] (pointing into s, which must live in
 * the arena; the list itself is allocated there). Returns 0,
 * KS_ECORRUPT without a message (the caller reports it, with context) when an identifier
 * breaks the rules or has another character, or KS_ENOMEM (reported). */
int ks_svids_parse(struct ks_vctx *vc, struct ks_str s, unsigned rules, struct ks_svids *out);
/* SemVer 2.0 precedence of two identifier lists (numeric < alphanumeric, numeric by value,
 * alphanumeric byte-wise or ASCII case-insensitively if icase, a proper prefix first). */
int ks_svids_cmp(const struct ks_svids *a, const struct ks_svids *b, bool icase);

/* A SemVer-shaped version: three numbers, pre-release and build identifiers. */
struct ks_sv {
	uint64_t major, minor, patch;
	struct ks_svids pre, build;
};
/* SemVer 2.0 precedence: numbers, then no pre-release above any pre-release, then the
 * pre-release identifiers; build metadata is ignored. */
int ks_sv_cmp(const struct ks_sv *a, const struct ks_sv *b);
/* Index just past the run of ASCII digits starting at s.p[i]. */
size_t ks_vdigits_end(struct ks_str s, size_t i);
/* A decimal number at s.p[*i] up to max into *out, advancing *i; false (and *i unmoved) if
 * there are no digits, the value is above max, or it has a leading zero and !leadzero. */
bool ks_vnum(struct ks_str s, size_t *i, bool leadzero, uint64_t max, uint64_t *out);
/* True if the ASCII-lower-cased bytes of s at i start with the lower-case word w. */
bool ks_vword(struct ks_str s, size_t i, const char *w);

#endif
