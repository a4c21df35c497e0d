/*
 * lres_codec.h - the binary encoding of one layer's analysis, for the layer cache.
 *
 * An encoding holds everything ks_layer_stream() produced for one layer blob: the struct
 * ks_lres (every file result with its OS identification, packages and kept bytes, the
 * whiteouts, opaque directories, entry count, kinds and mode), the warnings the layer
 * raised and the blob's struct ks_blob_info, so a cached layer can stand in for
 * downloading and streaming it again. Analyzers are stored by name and resolved back to
 * analyzer pointers when decoded.
 *
 * Layout. Integers are unsigned LEB128 varints unless noted, signed ones zigzag-encoded,
 * booleans one byte 0 or 1:
 *
 *   "KSLR"  u32le KS_LRES_CODEC_VERSION  u32le CRC-32 of every byte after these 12
 *   strings  count, then per string: length, bytes (no NUL; each distinct string once)
 *   body     string references are varints: 0 = NULL, i + 1 = string i
 *     info     digest, diffid, size, usize, compressed
 *     layer    entries, kinds, mode, whiteouts, opaques, warnings (count, then references)
 *     files    count, then per file: path, analyzer name (NULL for a mask), seq,
 *              os family, os name, os prio (signed), os extended, package count,
 *              packages, kept (0 = none, else 1 + length, then the bytes)
 *     package  name, version, release, epoch (signed), arch, src_name, src_version,
 *              src_release, src_epoch (signed), licenses, maintainer, vendor,
 *              modularitylabel, digest, file_path, files, depends_on, analyzed_by, id,
 *              dev, relationship (signed), locs (count, then start, end), layer (signed)
 *
 * The encoder borrows its inputs and appends to the caller's buffer; the decoder
 * allocates everything it returns in cx->arena (decoded strings are shared between the
 * fields that held equal strings, and kept bytes get a terminating NUL past nkept as the
 * analyzers leave them).
 *
 * KS_LRES_CODEC_VERSION is part of the layer cache's fingerprint: bump it whenever the
 * layout changes or what ks_layer_stream() records for the same blob changes (whiteout,
 * mask or hard-link rules), so older cache entries are never read.
 */
#ifndef KS_CACHE_LRES_CODEC_H
#define KS_CACHE_LRES_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "layer/layer.h"
#include "pkg.h"
#include "source/image.h"
#include "util/buf.h"

#define KS_LRES_CODEC_VERSION 1u
#define KS_LRES_HEADER_SIZE 12

/*
 * Appends the encoding of lr, the layer's warnings warns[0..nwarns) and *info to out
 * (whose max bounds the encoding: KS_ELIMIT past it, out then holds what it held
 * before). Every file result must name its analyzer or be a mask (an == NULL). Returns 0,
 * KS_ELIMIT or KS_ENOMEM, with a message in cx->err.
 */
int ks_lres_encode(struct ks_ctx *cx, const struct ks_lres *lr, const char *const *warns,
	size_t nwarns, const struct ks_blob_info *info, struct ks_buf *out);

/*
 * Decodes p[0..n) (untrusted bytes: every count is checked against the bytes left, every
 * string must be NUL-free) into *out, *warns and *info (warns and info may be NULL when
 * the caller does not want them). Analyzer names are resolved in out->set, or in the
 * registry (ks_analyzers) when out->set is NULL; out->set is kept, every other field of
 * *out is overwritten, and only on success. Returns 0; KS_ECORRUPT (bad magic, checksum,
 * reference or value), KS_ETRUNC (the bytes end early), KS_EUNSUPPORTED (another codec
 * version), KS_ENOTFOUND (an analyzer this build does not have: a stale entry) or
 * KS_ENOMEM, each with a message in cx->err.
 */
int ks_lres_decode(struct ks_ctx *cx, const void *p, size_t n, struct ks_lres *out,
	struct ks_strv *warns, struct ks_blob_info *info);

/* Rewrites the checksum of an encoding p[0..n) after its bytes changed (the encoder
 * seals what it writes; fuzzers and tests reseal mutated encodings so the decoder's
 * structural checks are reached). Does nothing when n < KS_LRES_HEADER_SIZE. */
void ks_lres_seal(uint8_t *p, size_t n);

#endif
