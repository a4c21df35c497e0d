/*
 * lcache.h - the layer cache: each layer's analysis kept across scans, so an unchanged
 * layer is neither downloaded nor analysed again.
 *
 * One SQLite file in WAL mode (the scanner uses ks_lcache_path(): <cache-dir>/scan/
 * layers.db) holds one row per (DiffID, fingerprint) with the layer's encoding (see
 * lres_codec.h), its size and its created / last-used times, plus an alias table from
 * blob digests to DiffIDs, so a source that knows only the compressed digests of a
 * manifest (a registry, before any download) can hit. The fingerprint
 * (ks_lcache_fingerprint()) names the codec, the analyzer set with every analyzer's
 * version and the options that change what a layer yields, so a new analyzer or a bumped
 * version misses instead of reading stale results. After each put the least recently
 * used entries are evicted until the entries fit max_bytes.
 *
 * Concurrency: several kensa processes may share one file (WAL readers never block,
 * writes are short BEGIN IMMEDIATE transactions that wait up to a busy timeout, never a
 * global lock error). A handle may be shared by the threads of one scan: calls are
 * serialized inside, and each takes the calling thread's own context (errors, warnings,
 * and the arena a result is decoded into).
 *
 * Failure policy: the cache must never make a scan fail. ks_lcache_open() and
 * ks_lcache_put() return an error with a message in cx->err that the caller turns into a
 * warning (then scans without the cache, or just does not store the layer);
 * ks_lcache_get() turns a corrupt entry into a miss (the entry is deleted, a warning is
 * recorded) and returns an error only when the database itself fails, which the caller
 * also treats as a miss plus a warning (KS_ENOMEM excepted: that is fatal as anywhere).
 */
#ifndef KS_CACHE_LCACHE_H
#define KS_CACHE_LCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "layer/layer.h"
#include "pkg.h"
#include "source/image.h"

struct ks_lcache;

struct ks_lcache_stats {
	uint64_t entries; /* layer results stored, every fingerprint */
	uint64_t bytes;   /* sum of their encoding sizes */
	uint64_t aliases; /* blob digests mapped to a DiffID */
	/* what this handle did since it was opened */
	uint64_t hits, misses, puts;
	uint64_t evicted; /* entries removed to stay under max_bytes */
	uint64_t dropped; /* corrupt or stale entries deleted on read */
};

/* The cache file under a cache directory: <cache_dir>/scan/layers.db (arena; NULL on
 * out-of-memory). */
const char *ks_lcache_path(struct ks_arena *a, const char *cache_dir);

/*
 * Opens (creating it and its missing parent directories, mode 0700) the cache at path,
 * bounded to max_bytes of entries (0 = unlimited). Returns 0; KS_EIO (cannot create or
 * open it, or the database is busy past the timeout), KS_ECORRUPT (not a SQLite file),
 * KS_EUNSUPPORTED (a cache schema this kensa does not know, or a SQLite database of
 * something else: `kensa clean --scan-cache` resets it) or KS_ENOMEM, each with a message
 * in cx->err. cx is used for this call only.
 */
int ks_lcache_open(struct ks_ctx *cx, const char *path, uint64_t max_bytes,
	struct ks_lcache **out);

/* Closes the handle; NULL is a no-op. */
void ks_lcache_close(struct ks_lcache *c);

/*
 * The fingerprint results of a layer streamed with lr's settings are stored under: the
 * codec version, every analyzer of lr's set (the registry when lr->set is NULL) with its
 * name, version, kind, modes, size limit and executable-only flag in set order, lr->kinds
 * and lr->mode, the --skip-files / --skip-dirs patterns of flt (may be NULL), the
 * per-file size limit cx->lim.max_file and cx->root. Call it with lr prepared as for
 * ks_layer_stream() (before streaming). *out is a short printable string in cx->arena.
 * Returns 0, KS_ENOMEM or KS_EINTERNAL (libcrypto failed), with a message in cx->err.
 */
int ks_lcache_fingerprint(struct ks_ctx *cx, const struct ks_lres *lr,
	const struct ks_filter *flt, const char **out);

/*
 * Looks up the layer with DiffID diffid (when it is a valid digest) or else the one whose
 * blob digest was recorded as digest (NULL or invalid: a miss), stored under fingerprint. On a hit decodes it into *out (out->set
 * is read as by ks_lres_decode(): NULL = the registry), *warns (the warnings the layer
 * raised when it was analysed; the caller records them again) and *info (the blob info
 * stored with it: DiffID, usize and the digest, size and compression of the blob that was
 * analysed, which may be another compression of the same DiffID), all in cx->arena, and
 * marks the entry used. Returns 1 on a hit, 0 on a miss (also when the entry was corrupt
 * or stale: it is deleted, and a corrupt one adds a warning to cx), or a negative KS_E*
 * code with a message in cx->err when the database fails (KS_EIO) or memory runs out.
 */
int ks_lcache_get(struct ks_lcache *c, struct ks_ctx *cx, const char *diffid,
	const char *digest, const char *fingerprint, struct ks_lres *out, struct ks_strv *warns,
	struct ks_blob_info *info);

/*
 * Stores lr (as ks_layer_stream() left it: before merging, joining or the scanner's
 * changes to its packages), the warnings warns[0..nwarns) it raised and *info under
 * info->diffid and fingerprint, records info->digest as an alias of the DiffID, then
 * evicts least recently used entries until the total fits max_bytes. An entry larger than
 * max_bytes on its own is not stored (returns 0). Returns 0, or KS_EUSAGE (info has no
 * valid DiffID), KS_EIO (the database failed or stayed busy past the timeout), KS_ELIMIT
 * (the encoding is over 1 GiB) or KS_ENOMEM, with a message in cx->err.
 */
int ks_lcache_put(struct ks_lcache *c, struct ks_ctx *cx, const char *fingerprint,
	const struct ks_lres *lr, const char *const *warns, size_t nwarns,
	const struct ks_blob_info *info);

/*
 * Small blobs by digest (image configs, so that a re-scan of an image whose layers are
 * all cached downloads no blob at all). ks_lcache_blob_get() returns 1 with a
 * NUL-terminated copy in cx->arena when the cache holds digest and the bytes it holds
 * still hash to it, 0 on a miss (a database failure is a miss, logged), or KS_ENOMEM.
 * ks_lcache_blob_put() stores data under digest (the caller has verified it; blobs over
 * 4 MiB are not kept; only the 4096 most recently used are; blobs count against max_bytes
 * with the layers, least recently used of either evicted first); returns 0 or KS_EIO
 * with a message in cx->err.
 */
int ks_lcache_blob_get(struct ks_lcache *c, struct ks_ctx *cx, const char *digest, char **data,
	size_t *len);
int ks_lcache_blob_put(struct ks_lcache *c, struct ks_ctx *cx, const char *digest,
	const void *data, size_t len);

/* Deletes every entry, alias and blob. Returns 0 or KS_EIO with a message in cx->err. */
int ks_lcache_clear(struct ks_lcache *c, struct ks_ctx *cx);

/* Fills *st: the database's totals and this handle's counters. Returns 0 or KS_EIO. */
int ks_lcache_stats(struct ks_lcache *c, struct ks_ctx *cx, struct ks_lcache_stats *st);

#endif
