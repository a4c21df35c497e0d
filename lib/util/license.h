/*
 * license.h - licence name normalisation shared by the package analyzers.
 *
 * Package databases spell licences freely ("GPL2+", "MPL 2.0", "zlib", "BSD"). Trivy
 * reports them normalised to SPDX identifiers with its own alias table and rules (GNU
 * licences get "-only"/"-or-later", other licences keep a "+"); kensa must report exactly
 * the same strings, so these functions reproduce those rules and that table. Unknown
 * names are returned unchanged. Everything returned lives in the caller's arena.
 *
 * Known difference: case mapping is ASCII only (plus U+0131 and U+017F, whose upper case
 * is ASCII); Go upper-cases every Unicode letter, which only matters for names that could
 * never match the ASCII alias table anyway.
 */
#ifndef KS_UTIL_LICENSE_H
#define KS_UTIL_LICENSE_H

#include "util/arena.h"
#include "util/str.h"

/*
 * Normalises one licence name (Trivy's licensing.Normalize): standardises case, spaces,
 * "licence"/"license" suffixes, "+"/"-or-later"/"-only" markers and a trailing version,
 * looks the result up in the alias table and formats the SPDX identifier. A name that is
 * not in the table is returned as given. *out gets an arena string. Returns 0, KS_ENOMEM,
 * or KS_ECORRUPT if name contains a NUL byte.
 */
int ks_license_normalize(struct ks_arena *a, struct ks_str name, const char **out);

/*
 * Splits a free-form licence field on white space and normalises each word (Trivy's
 * licensing.LaxSplitLicenses, used for apk "L:" lines): "MPL 2.0 GPL2+" gives "MPL-2.0"
 * and "GPL-2.0-or-later"; parentheses around words and the words AND/OR are dropped.
 * Calls emit(ud, licence) with each arena string in order and stops at the first non-zero
 * return, which it returns. Returns 0, KS_ENOMEM or KS_ECORRUPT (NUL byte in s).
 */
int ks_license_lax_split(struct ks_arena *a, struct ks_str s,
	int (*emit)(void *ud, const char *license), void *ud);

/*
 * Splits a licence list on "," and on " or " / " and " (also with underscores: "_or_"),
 * without normalising the parts (Trivy's licensing.SplitLicenses, used for composer and
 * gemspec licences): a part starting with "ver"/"version" is glued back to the previous
 * one ("Apache License, Version 2.0"), one starting with "later" too (with " or "), and
 * the three Python classifier names that contain " or "/" and " are kept whole. A string
 * that looks like licence text (it contains a URL, "(c)", ";", "hereby", ...) is returned
 * as one part prefixed "text://". Calls emit(ud, part) with each arena string in order and
 * stops at the first non-zero return, which it returns; nothing for an empty s. Returns 0,
 * KS_ENOMEM or KS_ECORRUPT (NUL byte in s).
 */
int ks_license_split(struct ks_arena *a, struct ks_str s,
	int (*emit)(void *ud, const char *license), void *ud);

#endif
