/*
 * ndb.c - reader for rpm's NDB "Packages.db" (the ndb backend of rpm >= 4.16, used by SUSE);
 * see rpm.h.
 *
 * Layout (all numbers little-endian): a 32-byte file header ("RpmP", version 0, generation,
 * number of 4096-byte slot pages, next package index, 3 spare words) that occupies the first
 * two 16-byte slots of slot page 0, then slots of 16 bytes ("Slot", package index, block
 * offset, block count; index 0 = free slot). A package's block, counted in 16-byte units
 * after the slot pages, holds a blob header ("BlbS", package index, generation, blob
 * length), the header blob, zero padding and, in its last 12 bytes, a tail (Adler-32 of
 * everything before the tail, blob length, "BlbE"). Every block is verified like rpm does
 * before its blob is used, and blocks may not overlap, which also keeps the work linear
 * when hostile slots all point at the same block.
 */
#include "analyze/rpm/rpm.h"

#include <stdlib.h>
#include <zlib.h>

#define NDB_MAGIC 0x506d7052u  /* "RpmP" */
#define SLOT_MAGIC 0x746f6c53u /* "Slot" */
#define BLOB_MAGIC 0x53626c42u /* "BlbS" */
#define TAIL_MAGIC 0x45626c42u /* "BlbE" */
#define SLOT_PAGE 4096
#define BLK 16
#define BLOB_HEAD 16
#define BLOB_TAIL 12

bool ks_rpm_is_ndb(const uint8_t *p, size_t n)
{
	struct ks_rd r;
	uint32_t magic;

	ks_rd_init(&r, p, n);
	return ks_rd_u32le(&r, &magic) == 0 && magic == NDB_MAGIC;
}

/* Verifies the block of package pkgidx at block offset blkoff (blkcnt blocks) and returns
 * its blob in *blob and *len. */
static int check_block(struct ks_ctx *cx, const struct ks_rd *file, uint32_t pkgidx,
	uint32_t blkoff, uint32_t blkcnt, const uint8_t **blob, size_t *len)
{
	struct ks_rd b;
	const uint8_t *all;
	uint32_t magic, idx, gen, blen, sum, tlen, tmagic;
	size_t size = (size_t)blkcnt * BLK;

	if (ks_rd_sub(file, (size_t)blkoff * BLK, size, &b) != 0)
		return ks_seterr(&cx->err, KS_ETRUNC, "ndb: package %u: block past end of file",
			pkgidx);
	if (size < BLOB_HEAD + BLOB_TAIL || ks_rd_u32le(&b, &magic) != 0 ||
		ks_rd_u32le(&b, &idx) != 0 || ks_rd_u32le(&b, &gen) != 0 ||
		ks_rd_u32le(&b, &blen) != 0 || magic != BLOB_MAGIC || idx != pkgidx)
		return ks_seterr(&cx->err, KS_ECORRUPT, "ndb: package %u: bad blob header", pkgidx);
	if (blen > size - BLOB_HEAD - BLOB_TAIL ||
		(BLOB_HEAD + (size_t)blen + BLOB_TAIL + BLK - 1) / BLK != blkcnt)
		return ks_seterr(&cx->err, KS_ECORRUPT,
			"ndb: package %u: blob length %u does not fit %u blocks", pkgidx, blen,
			blkcnt);
	if (ks_rd_bytes(&b, blen, blob) != 0 || ks_rd_seek(&b, size - BLOB_TAIL) != 0 ||
		ks_rd_u32le(&b, &sum) != 0 || ks_rd_u32le(&b, &tlen) != 0 ||
		ks_rd_u32le(&b, &tmagic) != 0)
		return ks_seterr(&cx->err, KS_EINTERNAL, "ndb: block bounds");
	if (tmagic != TAIL_MAGIC || tlen != blen)
		return ks_seterr(&cx->err, KS_ECORRUPT, "ndb: package %u: bad blob tail", pkgidx);
	if (ks_rd_seek(&b, 0) != 0 || ks_rd_bytes(&b, size - BLOB_TAIL, &all) != 0)
		return ks_seterr(&cx->err, KS_EINTERNAL, "ndb: block bounds");
	if (adler32_z(1, all, size - BLOB_TAIL) != sum)
		return ks_seterr(&cx->err, KS_ECORRUPT, "ndb: package %u: blob checksum mismatch",
			pkgidx);
	*len = blen;
	return 0;
}

/* Marks blocks [off, off+cnt) as used in the bitmap; false if one already was. The range
 * must lie inside the file. */
static bool claim(uint8_t *used, uint32_t off, uint32_t cnt)
{
	uint32_t b;

	for (b = off; b - off < cnt; b++) {
		if (used[b / 8] & (1u << (b % 8)))
			return false;
		used[b / 8] |= (uint8_t)(1u << (b % 8));
	}
	return true;
}

int ks_rpm_ndb_each(struct ks_ctx *cx, const uint8_t *p, size_t n, ks_rpm_blob_fn fn, void *ud)
{
	struct ks_rd file, rd;
	uint32_t magic, version, gen, npages, magic2, pkgidx, blkoff, blkcnt;
	size_t i, nslots, len = 0;
	const uint8_t *blob;
	uint8_t *used = NULL;
	int r = KS_EINTERNAL;

	ks_rd_init(&file, p, n);
	rd = file;
	if (ks_rd_u32le(&rd, &magic) != 0 || ks_rd_u32le(&rd, &version) != 0 ||
		ks_rd_u32le(&rd, &gen) != 0 || ks_rd_u32le(&rd, &npages) != 0 ||
		ks_rd_seek(&rd, 2 * BLK) != 0) {
		r = ks_seterr(&cx->err, KS_ETRUNC, "ndb: file header is truncated");
		goto out;
	}
	if (magic != NDB_MAGIC || version != 0) {
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "ndb: unsupported version %u", version);
		goto out;
	}
	if (npages == 0 || npages > n / SLOT_PAGE) {
		r = ks_seterr(&cx->err, npages == 0 ? KS_ECORRUPT : KS_ETRUNC,
			"ndb: %u slot pages in a file of %zu bytes", npages, n);
		goto out;
	}
	if ((used = calloc(n / BLK / 8 + 1, 1)) == NULL) {
		r = ks_seterr(&cx->err, KS_ENOMEM, "ndb: out of memory");
		goto out;
	}
	nslots = (size_t)npages * (SLOT_PAGE / BLK);
	for (i = 2; i < nslots; i++) {
		if (ks_rd_u32le(&rd, &magic2) != 0 || ks_rd_u32le(&rd, &pkgidx) != 0 ||
			ks_rd_u32le(&rd, &blkoff) != 0 || ks_rd_u32le(&rd, &blkcnt) != 0) {
			r = ks_seterr(&cx->err, KS_EINTERNAL, "ndb: slot bounds");
			goto out;
		}
		if (magic2 != SLOT_MAGIC) {
			r = ks_seterr(&cx->err, KS_ECORRUPT, "ndb: slot %zu: bad magic", i);
			goto out;
		}
		if (pkgidx == 0)
			continue;
		if (blkoff < nslots || blkcnt == 0) {
			r = ks_seterr(&cx->err, KS_ECORRUPT,
				"ndb: slot %zu: bad block offset %u / count %u", i, blkoff, blkcnt);
			goto out;
		}
		if ((uint64_t)blkoff + blkcnt > n / BLK) {
			r = ks_seterr(&cx->err, KS_ETRUNC,
				"ndb: package %u: block past end of file", pkgidx);
			goto out;
		}
		if (!claim(used, blkoff, blkcnt)) {
			r = ks_seterr(&cx->err, KS_ECORRUPT,
				"ndb: package %u: block overlaps another package's", pkgidx);
			goto out;
		}
		if ((r = check_block(cx, &file, pkgidx, blkoff, blkcnt, &blob, &len)) != 0)
			goto out;
		if ((r = fn(ud, blob, len)) != 0) {
			ks_err_prefix(&cx->err, "ndb: package %u", pkgidx);
			goto out;
		}
	}
	r = 0;
out:
	free(used);
	return r;
}
