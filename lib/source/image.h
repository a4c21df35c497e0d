/*
 * image.h - container images as kensa sees them, whatever they were read from.
 *
 * A source resolves an input (docker-archive tarball, OCI layout directory, OCI archive)
 * into a struct ks_image (manifest, config, ordered layers) and hands every layer blob to
 * a struct ks_blob_sink as a byte stream. Blobs may arrive in any order (an archive is read
 * in one pass, in member order) and may include blobs that turn out not to belong to the
 * selected image; the sink analyses each under its `key` and the scanner later joins the
 * image's layers to those results by key. Everything in struct ks_image lives in the scan
 * arena of the context passed to ks_image_open().
 */
#ifndef KS_SOURCE_IMAGE_H
#define KS_SOURCE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ctx.h"
#include "pkg.h"
#include "util/sha256.h"

/* A blob as a pull-style stream. read() returns bytes read (0 at end) or a negative KS_E*
 * code with cx->err set. */
struct ks_blob {
	ssize_t (*read)(void *h, void *buf, size_t n);
	void *h;
	uint64_t size; /* declared size, 0 if unknown */
	void (*close)(void *h); /* releases h; NULL when its owner releases it */
};

/*
 * A source whose layer blobs can be fetched one by one (a registry) opens them through
 * this. open() returns layer i's blob as a pull stream in *out; it is thread-safe (the
 * scanner calls it from worker threads, each with its own cx, which receives the
 * stream's errors and must outlive it), and the caller closes the stream with
 * out->close(out->h). The stream yields the blob as stored: the caller verifies its
 * digest and DiffID. release() frees the opener's state once no stream is open.
 */
struct ks_blob_opener {
	int (*open)(void *ud, struct ks_ctx *cx, size_t layer, struct ks_blob *out);
	void (*release)(void *ud);
	void *ud;
};

/* A blob over memory: ks_blob_mem(m, p, n) points m at p[0..n) and returns a pull stream
 * over it (m and p are borrowed and must outlive it; close is NULL, a caller that
 * allocated m may set one that frees it). */
struct ks_memblob {
	const uint8_t *p;
	size_t n, off;
};
struct ks_blob ks_blob_mem(struct ks_memblob *m, const void *p, size_t n);

/* What a sink reports back about one blob. */
struct ks_blob_info {
	char digest[KS_DIGEST_STRLEN + 1]; /* sha256 of the blob bytes as stored */
	char diffid[KS_DIGEST_STRLEN + 1]; /* sha256 of the uncompressed tar stream */
	uint64_t size;                     /* blob bytes */
	uint64_t usize;                    /* uncompressed bytes */
	bool compressed;                   /* gzip/zstd/... rather than a plain tar */
};

struct ks_blob_sink {
	void *ud;
	/* Consumes the whole blob. Returns 0, KS_EUNSUPPORTED if the blob is not a layer
	 * (not a tar stream: the source then treats it as an unused member), or another
	 * negative code (fatal: the scan stops). On success fills *info. */
	int (*blob)(void *ud, const char *key, struct ks_blob *b, struct ks_blob_info *info);
};

struct ks_layer {
	const char *key;        /* the sink key of the blob (archive member or blob path) */
	const char *digest;     /* blob digest from the manifest (NULL = unknown) */
	const char *diffid;     /* from the config's rootfs.diff_ids */
	const char *media_type; /* NULL for docker-archive */
	uint64_t size;          /* blob size from the manifest (0 = unknown) */
	uint64_t usize;         /* uncompressed size, measured while streaming */
	const char *created_by; /* from the config history, "" if unmapped */
	bool report_digest;     /* Trivy reports Digest only for compressed/OCI layers */
};

struct ks_image {
	const char *name;        /* the input as the user named it (ArtifactName) */
	const char *kind;        /* "docker-archive", "oci-layout", "oci-archive", "registry" */
	const char *image_id;    /* "sha256:" + sha256(config) */
	const char *manifest_digest; /* OCI: digest of the selected manifest */
	const char *config_raw;  /* the config blob (NUL-terminated) */
	size_t config_len;
	struct ks_layer *layers;
	size_t nlayers;
	struct ks_strv repo_tags;
	struct ks_strv repo_digests;
	const char *os, *arch, *variant; /* from the config */
	const struct ks_blob_opener *opener; /* NULL for archives and layouts (sink-streamed) */
};

/*
 * Checks what streaming layer i (0-based) of an image found (*bi) against what the
 * manifest and config promise (*l): blob digest (when l->digest is known), blob size (when
 * l->size is), DiffID; on success sets l->usize. where names the image in messages.
 * Returns 0, KS_EDIGEST or KS_ECORRUPT (size), with a message in cx->err.
 */
int ks_layer_check(struct ks_ctx *cx, const char *where, size_t i, struct ks_layer *l,
	const struct ks_blob_info *bi);

/*
 * Opens the image named by `input` (a path, optionally followed by ":<tag>" or
 * "@sha256:<hex>" to select one image of a multi-image archive or layout; `platform`,
 * "os/arch[/variant]" or NULL for the host's, picks among an index's platforms), streams every
 * candidate layer blob to `sink`, verifies each selected layer against the manifest and
 * config digests, and returns the image in *out (arena memory). Errors: KS_ENOTFOUND
 * (no such input / no such image in it, message lists what is there), KS_EAMBIGUOUS
 * (several images and no selector), KS_ECORRUPT/KS_ETRUNC (bad archive or metadata),
 * KS_EDIGEST (content does not match its digest), KS_EUNSUPPORTED, or whatever the sink
 * returned.
 */
int ks_image_open(struct ks_ctx *cx, const char *input, const char *platform,
	struct ks_blob_sink *sink, struct ks_image **out);

/* The same for an image archive held in memory (no selector, host platform). */
int ks_image_open_mem(struct ks_ctx *cx, const char *name, const void *p, size_t n,
	struct ks_blob_sink *sink, struct ks_image **out);

/*
 * The same for an image archive (docker save or OCI archive tar, any compression) read in
 * one pass from the pull stream in (the Docker daemon's export), without a temporary
 * copy: metadata is kept in memory, layers stream to sink as they arrive. The archive
 * must hold exactly one image (host platform for an index). The stream is read up to the
 * archive's end and not closed. Errors as ks_image_open(); when the stream fails, its own
 * code and message (e.g. KS_ENET).
 */
int ks_image_open_stream(struct ks_ctx *cx, const char *name, struct ks_blob *in,
	struct ks_blob_sink *sink, struct ks_image **out);

#endif
