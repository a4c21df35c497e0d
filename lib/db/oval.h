/*
 * oval.h - a streaming reader for OVAL 5 definition files, shared by the Debian, Ubuntu
 * (USN) and Red Hat (RHSA) OVAL importers (imp_debian_oval.c, imp_ubuntu_oval.c,
 * imp_redhat_oval.c).
 *
 * ks_oval_parse() walks the document once with libxml2's xmlTextReader (pull parsing; no
 * DOM is ever built, so a 100 MB file costs about its own size in memory) and keeps a
 * compact model: every <definition> with the metadata the importers use and its criteria
 * flattened into a list, plus the tests, objects, states and constant variables indexed by
 * id. OVAL lists tests, objects and states after the definitions that reference them, so
 * package checks are resolved afterwards with ks_oval_pkgtest().
 *
 * Hostile input: a DOCTYPE (and with it every entity declaration) is refused, libxml2
 * never touches the network, elements may nest at most KS_OVAL_MAXDEPTH deep, an element's
 * text is at most KS_OVAL_MAXTEXT bytes, and anything that is not well-formed XML fails
 * the whole file with KS_ECORRUPT and the parser's message and line. What is kept grows
 * linearly with the input.
 *
 * Ownership: every string and array of the model lives in the arena passed to
 * ks_oval_parse(); the index maps are heap memory freed by ks_oval_release(). Strings are
 * NUL-terminated copies of the document's text with surrounding blanks removed; attributes
 * and elements that are absent are NULL.
 */
#ifndef KS_DB_OVAL_H
#define KS_DB_OVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/map.h"

#define KS_OVAL_MAXDEPTH 64
#define KS_OVAL_MAXTEXT (4u << 20)

/* <reference source= ref_id= ref_url=/> */
struct ks_oval_ref {
	const char *source, *id, *url;
};

/* <advisory><cve ...>ID</cve>: Red Hat writes cvss2/cvss3 ("7.5/CVSS:3.1/AV:N/..."), cwe,
 * impact and public; Ubuntu writes priority, public, cvss_score, cvss_vector and
 * cvss_severity. */
struct ks_oval_cve {
	const char *id, *href, *impact, *priority, *public_date, *cwe;
	const char *cvss2, *cvss3, *cvss_score, *cvss_vector, *cvss_severity;
};

/* <advisory><bugzilla href= id=>text</bugzilla> (Red Hat). */
struct ks_oval_bug {
	const char *id, *href, *text;
};

/* One <criterion>; negate is true when it or an enclosing <criteria> is negated. */
struct ks_oval_crit {
	const char *test_ref, *comment;
	bool negate;
};

struct ks_oval_def {
	const char *id, *klass; /* id= and class= of <definition> */
	unsigned long line;     /* where the definition starts, for messages */
	const char *title, *description;
	const char *platform, *product; /* the first <affected><platform>/<product> */
	const char *severity;           /* <advisory><severity> */
	const char *issued, *updated;   /* <advisory><issued date=>, <updated date=> */
	const char *dsa;                /* <debian><dsa> */
	struct ks_oval_ref *refs;
	size_t nrefs;
	struct ks_oval_cve *cves;
	size_t ncves;
	struct ks_oval_bug *bugs;
	size_t nbugs;
	const char **cpes; /* <affected_cpe_list><cpe> */
	size_t ncpes;
	struct ks_oval_crit *crit; /* every <criterion>, in document order */
	size_t ncrit;
};

/* A test (<x_test id=>): its kind is the element's local name without "_test"
 * ("dpkginfo", "rpminfo", "variable", ...). Only the first <state> is kept. */
struct ks_oval_test {
	const char *id, *kind, *comment, *object_ref, *state_ref;
};

/* An object: a literal <name>, a <name var_ref=> or a variable object's <var_ref>. */
struct ks_oval_object {
	const char *id, *kind, *name, *var_ref;
};

/* A state: <evr operation=>, <arch operation=>; signature is true when it checks a
 * signing key (<signature_keyid>). */
struct ks_oval_state {
	const char *id, *kind, *evr, *evr_op, *arch, *arch_op;
	bool signature;
};

/* A variable: a <constant_variable> has its <value>s (an empty one is NULL); other kinds
 * of variable (computed ones) have values NULL. */
struct ks_oval_var {
	const char *id;
	const char **values;
	size_t nvalues;
};

struct ks_oval {
	const char *product; /* <generator><product_name> */
	struct ks_oval_def *defs;
	size_t ndefs;
	struct ks_map tests, objects, states, vars; /* id -> struct ks_oval_{test,...} * */
};

/*
 * Parses an OVAL definitions document of len bytes. path names the file in messages
 * ("'<path>': line 12: ..."). Returns 0, KS_ECORRUPT (not well-formed, a DOCTYPE, nested
 * too deeply, not an <oval_definitions> document), KS_ELIMIT (an over-long text, a file
 * over 2 GiB) or KS_ENOMEM, with the message in *e. On failure *out holds nothing to
 * release beyond what ks_oval_release() frees (calling it is always safe).
 */
int ks_oval_parse(struct ks_arena *a, struct ks_err *e, const char *path, const uint8_t *data,
	size_t len, struct ks_oval *out);
void ks_oval_release(struct ks_oval *o);

/* A package check resolved from a test: the package names (a literal object name, or
 * every value of the constant variable the object names; entries may be NULL for empty
 * values) and the state's version check. */
struct ks_oval_pkgtest {
	const struct ks_oval_test *test;
	const char *const *names;
	size_t nnames;
	const char *evr, *evr_op, *arch; /* NULL when the state has none */
	bool signature;                  /* the state checks a signing key */
};

/*
 * Resolves test_ref into *out. Returns 1 when the test is a package check (a test with an
 * object naming packages and a state), 0 when it is another kind of check (release,
 * architecture or kernel tests, objects without a name), or KS_ECORRUPT with a message in
 * *e when a reference dangles (an unknown test, object, state or variable id).
 */
int ks_oval_pkgtest(const struct ks_oval *o, struct ks_err *e, const char *test_ref,
	struct ks_oval_pkgtest *out);

/* True if the first n bytes of a file look like an OVAL definitions document whose head
 * also contains marker (a producer's name or id prefix); cheap, for detect(). */
bool ks_oval_sniff(const uint8_t *head, size_t n, const char *marker);

#endif
