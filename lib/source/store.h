/*
 * store.h - the files of an image archive or layout directory, as the resolvers see them.
 *
 * An archive store is filled by one pass over the tar: small JSON members (manifests,
 * indexes, configs) are kept in memory, every other regular member is streamed to the
 * blob sink under its clean member path. A directory store reads files on demand and
 * streams blobs to the sink when a resolver asks for them. Paths and keys are clean
 * relative paths; a directory store never opens anything outside its root.
 */
#ifndef KS_SOURCE_STORE_H
#define KS_SOURCE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"
#include "source/image.h"
#include "util/map.h"

struct ks_store {
	const char *path; /* the archive file or directory */
	bool is_dir;
	int dirfd;
	struct ks_map meta;     /* path -> struct ks_meta (archives) */
	struct ks_map blobs;    /* key -> struct ks_blob_info (delivered to the sink) */
	struct ks_map notlayer; /* key -> key: delivered, but the sink found no tar in it */
	struct ks_map alias;    /* member -> member it links to (docker save symlinks layers
				 * that two images share) */
	struct ks_strv members; /* regular member names, for error messages */
	uint64_t meta_bytes;
	uint64_t image_bytes;   /* uncompressed bytes streamed so far (limit accounting) */
};

struct ks_meta {
	const char *data; /* NUL-terminated */
	size_t len;
};

/* Reads every member of the archive at path (any compression), keeping metadata and
 * streaming everything else to sink. */
int ks_store_open_archive(struct ks_ctx *cx, const char *path, struct ks_blob_sink *sink,
	struct ks_store *st);
/* The same over an archive held in memory (name is used in messages). */
int ks_store_open_archive_mem(struct ks_ctx *cx, const char *name, const void *p, size_t n,
	struct ks_blob_sink *sink, struct ks_store *st);
/* The same over a pull stream read in one pass (a daemon's export; name is used in
 * messages). The stream is read up to the archive's end and not closed. When the stream
 * itself fails, its error code and message are returned, whatever else that caused. */
int ks_store_open_archive_stream(struct ks_ctx *cx, const char *name, struct ks_blob *in,
	struct ks_blob_sink *sink, struct ks_store *st);
/* Opens a directory store (nothing is read yet). */
int ks_store_open_dir(struct ks_ctx *cx, const char *path, struct ks_store *st);
void ks_store_release(struct ks_store *st);

/* True if the store has a file at path. */
bool ks_store_has(struct ks_ctx *cx, struct ks_store *st, const char *path);
/* Content of a small file (at most cx->lim.max_json bytes), borrowed from the store or the
 * arena. KS_ENOTFOUND if absent, KS_ELIMIT if larger. */
int ks_store_get(struct ks_ctx *cx, struct ks_store *st, const char *path, const char **data,
	size_t *len);
/* Makes sure the blob at key went through sink (directory stores stream it now). */
int ks_store_deliver(struct ks_ctx *cx, struct ks_store *st, const char *key,
	struct ks_blob_sink *sink);
/* What the sink reported for key, or NULL if it never saw a layer there. */
const struct ks_blob_info *ks_store_blob(struct ks_store *st, const char *key);
/* True if key was delivered but is not a tar stream. */
bool ks_store_notlayer(struct ks_store *st, const char *key);
/* Calls sink->blob and records the result under key (shared by both store kinds). */
int ks_store_feed(struct ks_ctx *cx, struct ks_store *st, const char *key, struct ks_blob *b,
	struct ks_blob_sink *sink);

/* The member a path finally names after following archive links (at most 8). */
const char *ks_store_follow(const struct ks_store *st, const char *path);

/* "blobs/sha256/<hex>" for a valid digest, in the arena; NULL (and cx->err set to
 * KS_EUNSUPPORTED/KS_ECORRUPT) for anything else. */
const char *ks_store_blob_path(struct ks_ctx *cx, const char *digest);

#endif
