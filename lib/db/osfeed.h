/*
 * osfeed.h - what the Linux distribution importers share (imp_debian_oval.c,
 * imp_debian_tracker.c, imp_ubuntu_uct.c, imp_ubuntu_oval.c, imp_redhat_oval.c): release
 * code names to kensa ecosystems, the DataSource objects Trivy prints for these feeds, the
 * ranges JSON of a fixed version, and small checks of versions, scores and CVSS vectors.
 *
 * Nothing here keeps state. Ecosystem and DataSource strings are static; JSON is built in
 * a ks_buf the caller owns.
 */
#ifndef KS_DB_OSFEED_H
#define KS_DB_OSFEED_H

#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "db/feedkit.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/map.h"
#include "util/str.h"
#include "version/version.h"

/*
 * The DataSource objects Trivy prints: the Debian security tracker, the Ubuntu CVE Tracker
 * and Red Hat OVAL. Debian's OVAL files are generated from the security tracker's data and
 * Ubuntu's USN OVAL from the CVE tracker's, so their advisories carry the same objects: a
 * report reader sees the data source Trivy would name for that distribution.
 */
extern const char ks_osf_ds_debian[];
extern const char ks_osf_ds_ubuntu[];
extern const char ks_osf_ds_redhat[];

/* "bookworm" -> "debian:12" (etch 4 .. forky 14); NULL for unknown names, sid and the
 * releases before etch (woody 3.0 and sarge 3.1 share the "debian:3" ecosystem). */
const char *ks_osf_debian_eco(struct ks_str codename);
/* "Debian GNU/Linux 12" -> "debian:12"; NULL when it is not that form. */
const char *ks_osf_debian_platform_eco(struct ks_arena *a, struct ks_str platform);
/*
 * An Ubuntu CVE Tracker release name to its ecosystem, as Trivy maps them: "jammy" ->
 * "ubuntu:22.04" (precise .. oracular), and the three ESM releases Trivy knows,
 * "precise/esm", "trusty/esm" and "esm-infra/xenial" -> "ubuntu:12.04-ESM",
 * "ubuntu:14.04-ESM", "ubuntu:16.04-ESM". NULL for everything else ("upstream", "devel",
 * "snap", esm-apps/..., fips/..., ros-esm/...).
 */
const char *ks_osf_ubuntu_eco(struct ks_str release);

/* Sets b to the ranges JSON of "affected below fixed":
 * {"r":[{"t":"ECOSYSTEM","e":[["introduced","0"],["fixed","<fixed>"]]}]}. */
int ks_osf_fixed_ranges(struct ks_buf *b, struct ks_str fixed);
/* Sets b to a JSON array of the n strings (NULL entries are left out); "" when none. */
int ks_osf_json_array(struct ks_buf *b, const char *const *v, size_t n);

/*
 * The advisory rows one import has written, to write each distinct row once (the same
 * fix often appears in a patch and a vulnerability definition) and to bound what one file
 * can write: formats where one record multiplies out (packages x CVEs) could otherwise
 * turn a small hostile file into hundreds of millions of rows. Keys are copied into a, the
 * caller's arena; the index is heap memory freed by ks_osf_rows_release().
 */
#define KS_OSF_MAXROWS 500000 /* distinct rows per file (real files: at most ~40,000) */

struct ks_osf_rows {
	struct ks_arena *a;
	struct ks_map seen;
};
void ks_osf_rows_init(struct ks_osf_rows *s, struct ks_arena *a);
void ks_osf_rows_release(struct ks_osf_rows *s);
/* Writes adv unless an equal row was written through s before; *written (optional) says
 * which. Returns 0, KS_ELIMIT after KS_OSF_MAXROWS distinct rows (the message, through fk,
 * names the file), or the writer's error. */
int ks_osf_advisory(struct ks_osf_rows *s, struct ks_dbw *w, struct ks_fk *fk,
	const struct ks_adv_in *adv, bool *written);

/* v without a leading "0:" epoch (Debian and Ubuntu never print epoch 0). */
struct ks_str ks_osf_strip_epoch0(struct ks_str v);
/* 0 when v parses as a version of eco; otherwise the parser's error (message in *e).
 * Scratch memory comes from a, which the caller resets as it likes. */
int ks_osf_ver_check(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str v);

/* True for a plausible package name: 1..256 printable ASCII bytes, no blank, quote or
 * backslash. */
bool ks_osf_pkg_ok(struct ks_str s);
/* A CVSS base score "7.5" in [0, 10] with at most one decimal place. */
bool ks_osf_score(struct ks_str s, double *out);
/* True for a CVSS v3 vector "CVSS:3.x/AV:N/..." of at most 128 bytes of [A-Z0-9:./]. */
bool ks_osf_cvss3_ok(struct ks_str v);
/* True for a CVSS v2 vector "AV:N/AC:L/..." of at most 128 bytes of [A-Z0-9:./()]. */
bool ks_osf_cvss2_ok(struct ks_str v);

#endif
