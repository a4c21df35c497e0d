/*
 * rpm.h - private interface between the rpm database analyzer (analyze/rpmdb.c) and its
 * parts: the header blob decoder (header.c) and the three storage formats that hold the
 * blobs (bdb.c: BerkeleyDB hash "Packages", ndb.c: "Packages.db", sqlite.c: "rpmdb.sqlite").
 *
 * Everything here works on the whole database as bytes in memory and only reads it. A
 * storage reader hands each header blob to a callback; the blob is borrowed and valid only
 * during that call (the BerkeleyDB reader reassembles overflow pages in a scratch buffer
 * it reuses). The decoded header (struct ks_rpm_hdr) is made of views into that blob, so
 * the callback copies what it keeps into the scan arena. Errors are negative KS_E* codes
 * with a message in cx->err; readers prefix a failing callback's message with the blob's
 * location.
 */
#ifndef KS_ANALYZE_RPM_H
#define KS_ANALYZE_RPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "util/rd.h"
#include "util/str.h"

/* An array tag's data: count elements stored in p[0..n) (big-endian numbers, or
 * NUL-terminated strings for string arrays). count 0 means the tag is absent. */
struct ks_rpm_arr {
	const uint8_t *p;
	size_t n;
	uint32_t count;
};

/* The fields kensa uses from one header, as views into the blob. A string tag that is
 * absent is an empty view; has_epoch tells an absent EPOCH from epoch 0. */
struct ks_rpm_hdr {
	struct ks_str name, version, release, arch, sourcerpm, license, vendor;
	struct ks_str modularitylabel;
	bool has_epoch;
	uint32_t epoch;
	struct ks_rpm_arr sigmd5;       /* BIN bytes */
	struct ks_rpm_arr dirindexes;   /* INT32 */
	struct ks_rpm_arr basenames;    /* STRING_ARRAY */
	struct ks_rpm_arr dirnames;     /* STRING_ARRAY */
	struct ks_rpm_arr oldfilenames; /* STRING_ARRAY */
	struct ks_rpm_arr providename;  /* STRING_ARRAY */
	struct ks_rpm_arr requirename;  /* STRING_ARRAY */
};

/*
 * Decodes the header blob p[0..n) as rpm stores it in its database (index length, data
 * length, index entries, data store; no lead magic). The whole index is verified the way
 * rpm does before it trusts a header: n must be exactly what the two lengths announce,
 * tags, types, alignment, ranges and string terminators are checked for every entry, entry
 * data must not overlap, and a leading region tag must point at a well-formed trailer. A
 * tag that appears twice keeps its last occurrence (entries added after install replace
 * the original ones, as in rpm). Returns 0, KS_ETRUNC or KS_ECORRUPT.
 */
int ks_rpm_header_decode(struct ks_ctx *cx, const uint8_t *p, size_t n, struct ks_rpm_hdr *h);

/* Steps through a STRING_ARRAY: *s gets the next string (without its NUL). Returns false
 * once all strings have been returned. The array must come from ks_rpm_header_decode(),
 * which has checked that every string is terminated inside the data store. */
struct ks_rpm_strit {
	struct ks_rd rd;
	uint32_t left;
};
void ks_rpm_strit_init(struct ks_rpm_strit *it, const struct ks_rpm_arr *a);
bool ks_rpm_strit_next(struct ks_rpm_strit *it, struct ks_str *s);

/* Receives one header blob from a storage reader; see the file comment for lifetimes. A
 * non-zero return stops the reader, which returns that code. */
typedef int (*ks_rpm_blob_fn)(void *ud, const uint8_t *blob, size_t n);

/* Storage readers: each walks the database p[0..n) once and calls fn for every installed
 * package's header blob, in storage order. They return 0, the callback's code, or KS_E*
 * for a database that is corrupt, truncated or of an unsupported variant. */
int ks_rpm_bdb_each(struct ks_ctx *cx, const uint8_t *p, size_t n, ks_rpm_blob_fn fn, void *ud);
int ks_rpm_ndb_each(struct ks_ctx *cx, const uint8_t *p, size_t n, ks_rpm_blob_fn fn, void *ud);
int ks_rpm_sqlite_each(struct ks_ctx *cx, const uint8_t *p, size_t n, ks_rpm_blob_fn fn,
	void *ud);

/* Magic checks used to pick a reader by content. */
bool ks_rpm_is_bdb(const uint8_t *p, size_t n);
bool ks_rpm_is_ndb(const uint8_t *p, size_t n);
bool ks_rpm_is_sqlite(const uint8_t *p, size_t n);

#endif
