/*
 * version.h - version ordering and range evaluation for every package ecosystem.
 *
 * One comparator per ecosystem (lib/version/<eco>.c, listed in ecosystems.def) behind one
 * interface: parse a version string once into a `struct ks_ver` handle, then compare handles
 * as often as needed (the vulnerability matcher compares one installed version against many
 * advisory bounds). Ranges (native constraint syntax: node-semver ranges, PEP 440 specifier
 * sets, Maven intervals, Gem requirements, ...) are parsed once into a `struct ks_range` and
 * tested against handles. OSV `ranges[].events` are evaluated by the ks_osv_* functions.
 *
 * Ownership: handles and ranges are allocated in the arena the caller passes and stay valid
 * until that arena is released; they keep a NUL-terminated copy of their input and never
 * point into the caller's buffer. Parsing never allocates outside the arena. Comparing and
 * testing allocate nothing and are safe to call from several threads on shared handles.
 *
 * Errors: parse functions return 0 or a negative KS_E* code (KS_ECORRUPT for an invalid
 * version or range, KS_ELIMIT for over-long input, KS_ENOMEM) and put a one-line message in
 * *e, e.g. "deb: '1:': nothing after the epoch colon".
 *
 * Which upstream behaviour each comparator follows (and where it deliberately differs) is
 * stated in the header comment of its file.
 */
#ifndef KS_VERSION_VERSION_H
#define KS_VERSION_VERSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/err.h"
#include "util/str.h"

enum ks_eco {
	KS_ECO_NONE = 0,
#define KS_ECO(id, ops, name) KS_ECO_##id,
#include "version/ecosystems.def"
#undef KS_ECO
	KS_ECO__COUNT
};

/* Longest version string and range expression accepted (KS_ELIMIT beyond). */
#define KS_VER_MAXLEN 1024
#define KS_RANGE_MAXLEN 16384

/* Flags for ks_ver_parse_flags() and ks_range_parse(). 0 selects each ecosystem's default. */
enum {
	/* npm: parse range expressions in node-semver "loose" mode (invalid comparators are
	 * dropped instead of failing, `1.2.3beta` and `=v1.2` are accepted). */
	KS_VER_LOOSE = 1u << 0,
	/* npm, cargo, pypi: let pre-release versions satisfy a range whose comparators do not
	 * name a pre-release of the same version (node-semver includePrerelease, PEP 440
	 * prereleases=True). The vulnerability matcher sets this. */
	KS_VER_PRERELEASE = 1u << 1,
	/* npm: parse versions strictly (SemVer 2.0 plus an optional `v`), as node-semver does
	 * without the loose option (by default npm versions are parsed loosely). apk: reject
	 * what apk_version_validate() rejects (by default apk orders such strings up to the
	 * bad spot, as `apk version -t` does). */
	KS_VER_STRICT = 1u << 2,
};

struct ks_ver;	 /* a parsed version */
struct ks_range; /* a parsed range expression */

/* The ecosystem whose version scheme `name` uses, or KS_ECO_NONE. Accepts the canonical
 * names ("deb", "rpm", "apk", "npm", "pypi", "maven", "go", "gem", "composer", "nuget",
 * "hex", "pub", "cargo", "semver"), OSV ecosystem names ("Debian", "Ubuntu", "Alpine",
 * "Red Hat", "AlmaLinux", "Rocky Linux", "PyPI", "crates.io", "Packagist", "RubyGems",
 * "NuGet", "Hex", "Pub", "Go", "Maven", "npm", ...) and Trivy's names ("pip", "rubygems",
 * "erlang", ...), ASCII case-insensitively; an OSV ":<release>" suffix ("Debian:12",
 * "Alpine:v3.18") is ignored. */
enum ks_eco ks_eco_lookup(struct ks_str name);
/* The canonical name of eco ("deb"), or "none". */
const char *ks_eco_name(enum ks_eco eco);

/* Parses s as a version of eco into *out (allocated in a). Leading and trailing blanks are
 * ignored where the ecosystem's own tools ignore them. */
int ks_ver_parse(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str s,
	const struct ks_ver **out);
/* Same, with KS_VER_* flags (only KS_VER_STRICT has an effect, for npm and apk). */
int ks_ver_parse_flags(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str s,
	unsigned flags, const struct ks_ver **out);

/* Orders two versions of the same ecosystem: negative, 0 or positive as a <, = or > b.
 * Versions of different ecosystems are ordered by ecosystem (never crashes). */
int ks_ver_cmp(const struct ks_ver *a, const struct ks_ver *b);
/* The string v was parsed from (NUL-terminated, trimmed as parsed). */
const char *ks_ver_str(const struct ks_ver *v);
enum ks_eco ks_ver_eco(const struct ks_ver *v);

/* Parses a native range expression of eco (KS_VER_* flags) into *out. Every ecosystem also
 * accepts `||` between alternatives and a comparator list (`>= 1.2, < 2.0`) where its own
 * syntax has none, which is how GHSA and Trivy's DB write ranges; see each file. */
int ks_range_parse(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str expr,
	unsigned flags, const struct ks_range **out);
/* True if v (same ecosystem as r) satisfies r; false for another ecosystem. */
bool ks_range_test(const struct ks_range *r, const struct ks_ver *v);

/* One-shot helpers on strings (they use a private scratch arena). */
int ks_ver_compare(struct ks_err *e, enum ks_eco eco, struct ks_str a, struct ks_str b, int *out);
int ks_ver_satisfies(struct ks_err *e, enum ks_eco eco, struct ks_str version, struct ks_str range,
	unsigned flags, bool *out);

/* rpm's rpmvercmp() on two bare version or release strings (no epoch handling), exported
 * for callers that hold the pieces separately (rpm headers). Never fails. */
int ks_rpmvercmp(struct ks_str a, struct ks_str b);

/*
 * OSV range evaluation (https://ossf.github.io/osv-schema/#evaluation). An OSV
 * `affected[].ranges[]` entry of type ECOSYSTEM or SEMVER is compiled once from its events
 * and then tested: a version is in the range if it is below some `limit` (or there is no
 * limit) and the last event at or below it, walking the events in version order, is an
 * `introduced` (`fixed` at or below it, or `last_affected` below it, ends an interval).
 * `introduced: "0"` sorts before every version and `limit: "*"` is infinity. An introduced
 * and a fixed event of the same version cancel out (so adjacent intervals [a, X) and
 * [X, b) stay joined and {introduced X, fixed X} is empty); an introduced and a
 * last_affected of the same version make exactly that version affected.
 */
enum ks_osv_kind {
	KS_OSV_INTRODUCED = 0,
	KS_OSV_FIXED = 1,
	KS_OSV_LAST_AFFECTED = 2,
	KS_OSV_LIMIT = 3,
};
struct ks_osv_event {
	enum ks_osv_kind kind;
	struct ks_str version;
};
struct ks_osv_range;

/* Compiles n events (a copy is made) into *out. Fails with KS_ECORRUPT when an event
 * version does not parse or there is no `introduced` event. */
int ks_osv_range_parse(struct ks_arena *a, struct ks_err *e, enum ks_eco eco,
	const struct ks_osv_event *ev, size_t n, const struct ks_osv_range **out);
bool ks_osv_range_test(const struct ks_osv_range *r, const struct ks_ver *v);
/* OSV `affected[].versions[]`: true if v equals one of the n listed versions. A listed
 * version that does not parse for v's ecosystem matches only the identical string. */
int ks_osv_versions_test(struct ks_arena *a, struct ks_err *e, const struct ks_ver *v,
	const struct ks_str *versions, size_t n, bool *out);

/*
 * The `kensa vercmp --batch` engine: reads lines "ecosystem<TAB>a<TAB>b" from in and writes
 * one line per input line to out: "<", "=" or ">", or "error: <message>" when the line is
 * malformed or a version is invalid (the rest of the input is still processed). Lines
 * longer than KS_VER_BATCH_LINEMAX are reported as errors and skipped. Returns 0, or KS_EIO
 * (message in *e) when reading or writing fails.
 */
#define KS_VER_BATCH_LINEMAX 65536
int ks_vercmp_batch(FILE *in, FILE *out, struct ks_err *e);

#endif
