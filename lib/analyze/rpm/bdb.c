/*
 * bdb.c - reader for rpm's BerkeleyDB "Packages" file (rpm < 4.16, still found in RHEL 7/8,
 * CentOS, Amazon Linux 2 images); see rpm.h.
 *
 * The file is a BerkeleyDB hash database: page 0 is the hash meta page, hash pages hold
 * key/data pairs (key: a 4-byte header number, data: the header blob), and a blob too big
 * for a hash page lives in a chain of overflow pages that the data item points to. The
 * database is in the byte order of the machine that wrote it; the meta page's magic tells
 * which. Pages are walked once in file order; each overflow page may belong to one chain
 * only, so the work is linear in the file size whatever the input.
 */
#include "analyze/rpm/rpm.h"
#include "util/buf.h"

#include <stdlib.h>

#define HASH_MAGIC 0x061561u
#define BTREE_MAGIC 0x053162u
#define PAGE_HDR 26 /* lsn, pgno, prev, next, entries, hf_offset, level, type */
#define OFFPAGE_SIZE 12

/* Page types. */
enum { P_INVALID = 0, P_HASH_UNSORTED = 2, P_OVERFLOW = 7, P_HASHMETA = 8, P_HASH = 13 };
/* Hash item types (first byte of an item). */
enum { H_KEYDATA = 1, H_DUPLICATE = 2, H_OFFPAGE = 3, H_OFFDUP = 4 };

struct bdb {
	struct ks_ctx *cx;
	struct ks_rd file;
	bool be;             /* written by a big-endian machine */
	size_t psize;        /* page size */
	uint32_t npages;     /* pages the meta page announces */
	uint8_t *seen;       /* bitmap of overflow pages already consumed */
	struct ks_buf blob;  /* the current overflow item, reassembled */
	ks_rpm_blob_fn fn;
	void *ud;
};

struct page {
	struct ks_rd rd;
	uint32_t pgno, next;
	uint16_t entries, hf_offset;
	uint8_t type;
};

static int rd16(const struct bdb *db, struct ks_rd *r, uint16_t *v)
{
	return db->be ? ks_rd_u16be(r, v) : ks_rd_u16le(r, v);
}

static int rd32(const struct bdb *db, struct ks_rd *r, uint32_t *v)
{
	return db->be ? ks_rd_u32be(r, v) : ks_rd_u32le(r, v);
}

static uint32_t magic_at12(const uint8_t *p, size_t n, bool be)
{
	struct ks_rd r;
	uint32_t v = 0;

	ks_rd_init(&r, p, n);
	if (ks_rd_seek(&r, 12) != 0)
		return 0;
	if ((be ? ks_rd_u32be(&r, &v) : ks_rd_u32le(&r, &v)) != 0)
		return 0;
	return v;
}

bool ks_rpm_is_bdb(const uint8_t *p, size_t n)
{
	uint32_t le = magic_at12(p, n, false), be = magic_at12(p, n, true);

	return le == HASH_MAGIC || be == HASH_MAGIC || le == BTREE_MAGIC || be == BTREE_MAGIC;
}

/* Loads the header of page pgno (which must exist) into pg, its cursor left after the
 * header. */
static int load_page(struct bdb *db, uint32_t pgno, struct page *pg)
{
	uint8_t level;

	if (ks_rd_sub(&db->file, (size_t)pgno * db->psize, db->psize, &pg->rd) != 0 ||
		ks_rd_seek(&pg->rd, 8) != 0 || rd32(db, &pg->rd, &pg->pgno) != 0 ||
		ks_rd_skip(&pg->rd, 4) != 0 || rd32(db, &pg->rd, &pg->next) != 0 ||
		rd16(db, &pg->rd, &pg->entries) != 0 || rd16(db, &pg->rd, &pg->hf_offset) != 0 ||
		ks_rd_u8(&pg->rd, &level) != 0 || ks_rd_u8(&pg->rd, &pg->type) != 0)
		return ks_seterr(&db->cx->err, KS_ETRUNC, "bdb: page %u is truncated", pgno);
	return 0;
}

/*
 * Reassembles the overflow item of tlen bytes that starts at page pgno into db->blob. Each
 * page of the chain must be an overflow page that knows its own number, carry at most
 * what is left of the item, and not have been used by another item.
 */
static int read_overflow(struct bdb *db, uint32_t pgno, uint32_t tlen)
{
	struct page pg;
	const uint8_t *b;
	size_t left = tlen;
	int r;

	ks_buf_reset(&db->blob);
	if (tlen > db->file.n)
		return ks_seterr(&db->cx->err, KS_ECORRUPT,
			"bdb: overflow item of %u bytes is larger than the file", tlen);
	while (left > 0) {
		if (pgno == 0 || pgno >= db->npages)
			return ks_seterr(&db->cx->err, KS_ECORRUPT,
				"bdb: overflow chain points to page %u of %u", pgno, db->npages);
		if (db->seen[pgno / 8] & (1u << (pgno % 8)))
			return ks_seterr(&db->cx->err, KS_ECORRUPT,
				"bdb: overflow page %u is used twice", pgno);
		db->seen[pgno / 8] |= (uint8_t)(1u << (pgno % 8));
		if ((r = load_page(db, pgno, &pg)) != 0)
			return r;
		if (pg.type != P_OVERFLOW || pg.pgno != pgno)
			return ks_seterr(&db->cx->err, KS_ECORRUPT,
				"bdb: page %u is not overflow page %u (type %u, number %u)", pgno,
				pgno, pg.type, pg.pgno);
		if (pg.hf_offset == 0 || pg.hf_offset > db->psize - PAGE_HDR ||
			pg.hf_offset > left)
			return ks_seterr(&db->cx->err, KS_ECORRUPT,
				"bdb: overflow page %u: bad length %u", pgno, pg.hf_offset);
		if (ks_rd_bytes(&pg.rd, pg.hf_offset, &b) != 0)
			return ks_seterr(&db->cx->err, KS_EINTERNAL, "bdb: page bounds");
		if ((r = ks_buf_add(&db->blob, b, pg.hf_offset)) != 0)
			return ks_seterr(&db->cx->err, r, "bdb: cannot hold an overflow item");
		left -= pg.hf_offset;
		pgno = pg.next;
	}
	if (pgno != 0)
		return ks_seterr(&db->cx->err, KS_ECORRUPT,
			"bdb: overflow chain goes on past the item's length");
	return 0;
}

/* Passes the data item at [off, off+len) of page pg (number pgno) to the callback. */
static int emit_item(struct bdb *db, struct page *pg, uint32_t pgno, size_t off, size_t len,
	uint16_t i)
{
	struct ks_rd item;
	const uint8_t *b;
	uint32_t opg, tlen;
	uint8_t type;
	int r;

	if (ks_rd_sub(&pg->rd, off, len, &item) != 0 || ks_rd_u8(&item, &type) != 0)
		return ks_seterr(&db->cx->err, KS_EINTERNAL, "bdb: item bounds");
	if (type == H_KEYDATA) {
		if (ks_rd_bytes(&item, len - 1, &b) != 0)
			return ks_seterr(&db->cx->err, KS_EINTERNAL, "bdb: item bounds");
		r = db->fn(db->ud, b, len - 1);
	} else if (type == H_OFFPAGE) {
		if (len < OFFPAGE_SIZE || ks_rd_skip(&item, 3) != 0 || rd32(db, &item, &opg) != 0 ||
			rd32(db, &item, &tlen) != 0)
			return ks_seterr(&db->cx->err, KS_ECORRUPT,
				"bdb: page %u item %u: short overflow reference", pgno, i);
		if ((r = read_overflow(db, opg, tlen)) != 0) {
			ks_err_prefix(&db->cx->err, "bdb: page %u item %u", pgno, i);
			return r;
		}
		r = db->fn(db->ud, (const uint8_t *)db->blob.p, db->blob.n);
	} else {
		return ks_seterr(&db->cx->err, KS_ECORRUPT,
			"bdb: page %u item %u: unexpected item type %u", pgno, i, type);
	}
	if (r != 0)
		ks_err_prefix(&db->cx->err, "bdb: page %u item %u", pgno, i);
	return r;
}

/*
 * Walks the key/data pairs of hash page pgno. Item offsets must lie between the index and
 * the end of the page and decrease strictly (an item's length is the distance to the
 * previous item), keys must be 4-byte header numbers; header number 0 is rpm's counter
 * record, not a package.
 */
static int walk_hash_page(struct bdb *db, struct page *pg, uint32_t pgno)
{
	size_t prev = db->psize, lo = PAGE_HDR + 2 * (size_t)pg->entries, koff = 0, klen = 0;
	struct ks_rd key;
	uint32_t kval;
	uint16_t i, off;
	uint8_t ktype;
	int r;

	if (pg->entries % 2 != 0 || lo > db->psize)
		return ks_seterr(&db->cx->err, KS_ECORRUPT, "bdb: page %u: bad entry count %u",
			pgno, pg->entries);
	for (i = 0; i < pg->entries; i++) {
		if (ks_rd_seek(&pg->rd, PAGE_HDR + 2 * (size_t)i) != 0 ||
			rd16(db, &pg->rd, &off) != 0)
			return ks_seterr(&db->cx->err, KS_EINTERNAL, "bdb: index bounds");
		if (off < lo || off >= prev)
			return ks_seterr(&db->cx->err, KS_ECORRUPT,
				"bdb: page %u item %u: bad offset %u", pgno, i, off);
		if (i % 2 == 0) {
			koff = off;
			klen = prev - off;
		} else {
			if (ks_rd_sub(&pg->rd, koff, klen, &key) != 0 ||
				ks_rd_u8(&key, &ktype) != 0 || ktype != H_KEYDATA || klen != 5 ||
				rd32(db, &key, &kval) != 0)
				return ks_seterr(&db->cx->err, KS_ECORRUPT,
					"bdb: page %u item %u: bad key", pgno, i - 1);
			if (kval != 0 && (r = emit_item(db, pg, pgno, off, prev - off, i)) != 0)
				return r;
		}
		prev = off;
	}
	return 0;
}

static int read_meta(struct bdb *db)
{
	struct ks_rd m = db->file;
	uint32_t magic, psize, last;
	uint8_t enc, type, flags;

	db->be = magic_at12(db->file.p, db->file.n, false) != HASH_MAGIC &&
		magic_at12(db->file.p, db->file.n, false) != BTREE_MAGIC;
	if (ks_rd_seek(&m, 12) != 0 || rd32(db, &m, &magic) != 0 || ks_rd_skip(&m, 4) != 0 ||
		rd32(db, &m, &psize) != 0 || ks_rd_u8(&m, &enc) != 0 ||
		ks_rd_u8(&m, &type) != 0 || ks_rd_u8(&m, &flags) != 0 || ks_rd_seek(&m, 32) != 0 ||
		rd32(db, &m, &last) != 0)
		return ks_seterr(&db->cx->err, KS_ETRUNC, "bdb: meta page is truncated");
	if (magic != HASH_MAGIC)
		return ks_seterr(&db->cx->err, KS_EUNSUPPORTED,
			"bdb: not a hash database (magic %#x)", magic);
	if (psize < 512 || psize > 65536 || (psize & (psize - 1)) != 0)
		return ks_seterr(&db->cx->err, KS_ECORRUPT, "bdb: bad page size %u", psize);
	if (type != P_HASHMETA)
		return ks_seterr(&db->cx->err, KS_ECORRUPT, "bdb: bad meta page type %u", type);
	if (enc != 0 || (flags & 1) != 0)
		return ks_seterr(&db->cx->err, KS_EUNSUPPORTED,
			"bdb: encrypted or checksummed databases are not supported");
	db->psize = psize;
	if (last >= db->file.n / psize)
		return ks_seterr(&db->cx->err, KS_ETRUNC,
			"bdb: meta page says %llu pages, the file holds %zu",
			(unsigned long long)last + 1, db->file.n / psize);
	db->npages = last + 1;
	return 0;
}

int ks_rpm_bdb_each(struct ks_ctx *cx, const uint8_t *p, size_t n, ks_rpm_blob_fn fn, void *ud)
{
	struct bdb db = { .cx = cx, .fn = fn, .ud = ud };
	struct page pg;
	uint32_t pgno;
	int r = KS_EINTERNAL;

	ks_rd_init(&db.file, p, n);
	ks_buf_init(&db.blob, n);
	if ((r = read_meta(&db)) != 0)
		goto out;
	if ((db.seen = calloc((size_t)db.npages / 8 + 1, 1)) == NULL) {
		r = ks_seterr(&cx->err, KS_ENOMEM, "bdb: out of memory");
		goto out;
	}
	for (pgno = 1; pgno < db.npages; pgno++) {
		if ((r = load_page(&db, pgno, &pg)) != 0)
			goto out;
		switch (pg.type) {
		case P_INVALID:
		case P_OVERFLOW:
			continue; /* free pages; overflow pages are read through their items */
		case P_HASH:
		case P_HASH_UNSORTED:
			break;
		default:
			r = ks_seterr(&cx->err, KS_ECORRUPT, "bdb: page %u: unexpected type %u",
				pgno, pg.type);
			goto out;
		}
		if (pg.pgno != pgno) {
			r = ks_seterr(&cx->err, KS_ECORRUPT, "bdb: page %u says it is page %u", pgno,
				pg.pgno);
			goto out;
		}
		if ((r = walk_hash_page(&db, &pg, pgno)) != 0)
			goto out;
	}
	r = 0;
out:
	free(db.seen);
	ks_buf_release(&db.blob);
	return r;
}
