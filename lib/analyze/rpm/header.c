/* header.c - rpm header blob decoder; see rpm.h. */
#include "analyze/rpm/rpm.h"

#include <string.h>

/* Data types of index entries. */
enum {
	T_NULL = 0,
	T_CHAR = 1,
	T_INT8 = 2,
	T_INT16 = 3,
	T_INT32 = 4,
	T_INT64 = 5,
	T_STRING = 6,
	T_BIN = 7,
	T_STRING_ARRAY = 8,
	T_I18NSTRING = 9,
	T_MAX = 9,
};

/* Tags. Region tags open a header; real tags start at I18NTABLE. */
enum {
	TAG_HEADERIMAGE = 61,
	TAG_HEADERSIGNATURES = 62,
	TAG_HEADERIMMUTABLE = 63,
	TAG_I18NTABLE = 100,
	TAG_SIGMD5 = 261,
	TAG_NAME = 1000,
	TAG_VERSION = 1001,
	TAG_RELEASE = 1002,
	TAG_EPOCH = 1003,
	TAG_VENDOR = 1011,
	TAG_LICENSE = 1014,
	TAG_ARCH = 1022,
	TAG_OLDFILENAMES = 1027,
	TAG_SOURCERPM = 1044,
	TAG_PROVIDENAME = 1047,
	TAG_REQUIRENAME = 1049,
	TAG_DIRINDEXES = 1116,
	TAG_BASENAMES = 1117,
	TAG_DIRNAMES = 1118,
	TAG_MODULARITYLABEL = 5096,
};

#define ENTRY_SIZE 16
#define MAX_INDEX 0xffff     /* rpm refuses headers with more entries */
#define MAX_DATA 0x0fffffff  /* or with a larger data store */

/* Size of one element of a fixed-size type (also its alignment); 0 for strings. */
static size_t type_size(uint32_t type)
{
	switch (type) {
	case T_CHAR:
	case T_INT8:
	case T_BIN:
		return 1;
	case T_INT16:
		return 2;
	case T_INT32:
		return 4;
	case T_INT64:
		return 8;
	}
	return 0;
}

struct entry {
	int32_t tag;
	uint32_t type;
	int32_t off;
	uint32_t count;
};

static int read_entry(struct ks_rd *idx, struct entry *e)
{
	uint32_t tag, off;
	int r;

	if ((r = ks_rd_u32be(idx, &tag)) != 0 || (r = ks_rd_u32be(idx, &e->type)) != 0 ||
		(r = ks_rd_u32be(idx, &off)) != 0 || (r = ks_rd_u32be(idx, &e->count)) != 0)
		return r;
	e->tag = (int32_t)tag;
	e->off = (int32_t)off;
	return 0;
}

/*
 * Length in bytes of entry e's data, which starts at e->off in the data store: count
 * NUL-terminated strings for string types (STRING must have count 1), count elements
 * otherwise. Returns 0 with *len set, or KS_ECORRUPT when the data does not fit.
 */
static int data_len(const struct ks_rd *data, const struct entry *e, size_t *len)
{
	size_t avail = data->n - (size_t)e->off;
	struct ks_rd sub;
	uint32_t i;

	if (e->type == T_STRING || e->type == T_STRING_ARRAY || e->type == T_I18NSTRING) {
		if (e->type == T_STRING && e->count != 1)
			return KS_ECORRUPT;
		if (e->count > avail || ks_rd_sub(data, (size_t)e->off, avail, &sub) != 0)
			return KS_ECORRUPT;
		for (i = 0; i < e->count; i++) {
			const char *s;
			size_t sl;

			if (ks_rd_cstr(&sub, &s, &sl) != 0)
				return KS_ECORRUPT;
		}
		*len = sub.off;
		return 0;
	}
	if (type_size(e->type) == 0 || e->count > avail / type_size(e->type))
		return KS_ECORRUPT;
	*len = (size_t)e->count * type_size(e->type);
	return 0;
}

/* Checks the region tag entry e (the first entry) and its trailer; *rdl gets the end of the
 * region data (the trailer's end). */
static int check_region(struct ks_ctx *cx, const struct ks_rd *data, const struct entry *e,
	uint32_t il, size_t *rdl)
{
	struct ks_rd tr;
	struct entry t;
	uint32_t ril;

	if (e->type != T_BIN || e->count != ENTRY_SIZE || e->off < 0 || data->n < ENTRY_SIZE ||
		(size_t)e->off > data->n - ENTRY_SIZE)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header: bad region tag %d", e->tag);
	if (ks_rd_sub(data, (size_t)e->off, ENTRY_SIZE, &tr) != 0 || read_entry(&tr, &t) != 0)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header: region trailer out of range");
	if (t.tag < TAG_HEADERIMAGE || t.tag > TAG_HEADERIMMUTABLE || t.type != T_BIN ||
		t.count != ENTRY_SIZE || t.off >= 0 || t.off == INT32_MIN ||
		(-t.off) % ENTRY_SIZE != 0)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header: bad region trailer");
	ril = (uint32_t)(-t.off) / ENTRY_SIZE;
	if (ril > il)
		return ks_seterr(&cx->err, KS_ECORRUPT,
			"header: region of %u entries in an index of %u", ril, il);
	*rdl = (size_t)e->off + ENTRY_SIZE;
	return 0;
}

static int get_str(struct ks_ctx *cx, const struct ks_rd *data, const struct entry *e,
	const char *what, struct ks_str *out)
{
	struct ks_rd sub;
	const char *s;
	size_t sl;

	if (e->type != T_STRING && e->type != T_I18NSTRING)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header: %s has type %u, not a string",
			what, e->type);
	if (ks_rd_sub(data, (size_t)e->off, data->n - (size_t)e->off, &sub) != 0 ||
		ks_rd_cstr(&sub, &s, &sl) != 0)
		return ks_seterr(&cx->err, KS_EINTERNAL, "header: %s escaped verification", what);
	out->p = s;
	out->n = sl;
	return 0;
}

static int get_arr(struct ks_ctx *cx, const struct ks_rd *data, const struct entry *e,
	size_t len, uint32_t type, const char *what, struct ks_rpm_arr *out)
{
	struct ks_rd sub;

	if (e->type != type)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header: %s has type %u, not %u", what,
			e->type, type);
	if (ks_rd_sub(data, (size_t)e->off, len, &sub) != 0 ||
		ks_rd_bytes(&sub, len, &out->p) != 0)
		return ks_seterr(&cx->err, KS_EINTERNAL, "header: %s escaped verification", what);
	out->n = len;
	out->count = e->count;
	return 0;
}

/* Records a verified entry if it carries a tag kensa uses. */
static int keep(struct ks_ctx *cx, const struct ks_rd *data, const struct entry *e, size_t len,
	struct ks_rpm_hdr *h)
{
	struct ks_rpm_arr a;
	struct ks_rd rd;
	int r;

	switch (e->tag) {
	case TAG_NAME:
		return get_str(cx, data, e, "NAME", &h->name);
	case TAG_VERSION:
		return get_str(cx, data, e, "VERSION", &h->version);
	case TAG_RELEASE:
		return get_str(cx, data, e, "RELEASE", &h->release);
	case TAG_ARCH:
		return get_str(cx, data, e, "ARCH", &h->arch);
	case TAG_SOURCERPM:
		return get_str(cx, data, e, "SOURCERPM", &h->sourcerpm);
	case TAG_LICENSE:
		return get_str(cx, data, e, "LICENSE", &h->license);
	case TAG_VENDOR:
		return get_str(cx, data, e, "VENDOR", &h->vendor);
	case TAG_MODULARITYLABEL:
		return get_str(cx, data, e, "MODULARITYLABEL", &h->modularitylabel);
	case TAG_EPOCH:
		if ((r = get_arr(cx, data, e, len, T_INT32, "EPOCH", &a)) != 0)
			return r;
		ks_rd_init(&rd, a.p, a.n);
		if (ks_rd_u32be(&rd, &h->epoch) != 0)
			return ks_seterr(&cx->err, KS_EINTERNAL, "header: EPOCH escaped verification");
		h->has_epoch = true;
		return 0;
	case TAG_SIGMD5:
		return get_arr(cx, data, e, len, T_BIN, "SIGMD5", &h->sigmd5);
	case TAG_DIRINDEXES:
		return get_arr(cx, data, e, len, T_INT32, "DIRINDEXES", &h->dirindexes);
	case TAG_BASENAMES:
		return get_arr(cx, data, e, len, T_STRING_ARRAY, "BASENAMES", &h->basenames);
	case TAG_DIRNAMES:
		return get_arr(cx, data, e, len, T_STRING_ARRAY, "DIRNAMES", &h->dirnames);
	case TAG_OLDFILENAMES:
		return get_arr(cx, data, e, len, T_STRING_ARRAY, "OLDFILENAMES",
			&h->oldfilenames);
	case TAG_PROVIDENAME:
		return get_arr(cx, data, e, len, T_STRING_ARRAY, "PROVIDENAME", &h->providename);
	case TAG_REQUIRENAME:
		return get_arr(cx, data, e, len, T_STRING_ARRAY, "REQUIRENAME", &h->requirename);
	}
	return 0;
}

int ks_rpm_header_decode(struct ks_ctx *cx, const uint8_t *p, size_t n, struct ks_rpm_hdr *h)
{
	struct ks_rd rd, idx, data;
	struct entry e;
	uint32_t il, dl, i, first = 0;
	size_t need, end = 0, rdl = 0, len = 0;
	int r;

	memset(h, 0, sizeof(*h));
	ks_rd_init(&rd, p, n);
	if (ks_rd_u32be(&rd, &il) != 0 || ks_rd_u32be(&rd, &dl) != 0)
		return ks_seterr(&cx->err, KS_ETRUNC, "header: %zu bytes is too short", n);
	if (il < 1 || il > MAX_INDEX)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header: bad index length %u", il);
	if (dl > MAX_DATA)
		return ks_seterr(&cx->err, KS_ECORRUPT, "header: bad data length %u", dl);
	need = 8 + (size_t)il * ENTRY_SIZE + dl;
	if (n != need)
		return ks_seterr(&cx->err, n < need ? KS_ETRUNC : KS_ECORRUPT,
			"header: blob is %zu bytes, its index says %zu", n, need);
	if (ks_rd_sub(&rd, 8, (size_t)il * ENTRY_SIZE, &idx) != 0 ||
		ks_rd_sub(&rd, 8 + (size_t)il * ENTRY_SIZE, dl, &data) != 0)
		return ks_seterr(&cx->err, KS_EINTERNAL, "header: bad sub-reader");

	if ((r = read_entry(&idx, &e)) != 0)
		return ks_seterr(&cx->err, r, "header: cannot read index");
	if (e.tag >= TAG_HEADERIMAGE && e.tag <= TAG_HEADERIMMUTABLE) {
		if ((r = check_region(cx, &data, &e, il, &rdl)) != 0)
			return r;
		first = 1;
	}
	if ((r = ks_rd_seek(&idx, (size_t)first * ENTRY_SIZE)) != 0)
		return ks_seterr(&cx->err, KS_EINTERNAL, "header: bad index seek");
	for (i = first; i < il; i++) {
		if ((r = read_entry(&idx, &e)) != 0)
			return ks_seterr(&cx->err, r, "header: entry %u: cannot read", i);
		if (e.tag < TAG_I18NTABLE)
			return ks_seterr(&cx->err, KS_ECORRUPT, "header: entry %u: bad tag %d", i,
				e.tag);
		if (e.type > T_MAX || e.type == T_NULL)
			return ks_seterr(&cx->err, KS_ECORRUPT, "header: entry %u: bad type %u", i,
				e.type);
		if (e.off < 0 || (size_t)e.off > dl)
			return ks_seterr(&cx->err, KS_ECORRUPT,
				"header: entry %u: offset %d outside data store of %u bytes", i,
				e.off, dl);
		if ((size_t)e.off < end)
			return ks_seterr(&cx->err, KS_ECORRUPT,
				"header: entry %u: data overlaps the previous entry", i);
		if (type_size(e.type) > 1 && (size_t)e.off % type_size(e.type) != 0)
			return ks_seterr(&cx->err, KS_ECORRUPT, "header: entry %u: misaligned data",
				i);
		if (data_len(&data, &e, &len) != 0 || len == 0)
			return ks_seterr(&cx->err, KS_ECORRUPT,
				"header: entry %u (tag %d): data runs past the data store", i, e.tag);
		end = (size_t)e.off + len;
		if (rdl > 0 && end > rdl - ENTRY_SIZE && (size_t)e.off < rdl)
			return ks_seterr(&cx->err, KS_ECORRUPT,
				"header: entry %u: data overlaps the region trailer", i);
		if ((r = keep(cx, &data, &e, len, h)) != 0)
			return r;
	}
	return 0;
}

void ks_rpm_strit_init(struct ks_rpm_strit *it, const struct ks_rpm_arr *a)
{
	ks_rd_init(&it->rd, a->p, a->n);
	it->left = a->count;
}

bool ks_rpm_strit_next(struct ks_rpm_strit *it, struct ks_str *s)
{
	if (it->left == 0 || ks_rd_cstr(&it->rd, &s->p, &s->n) != 0)
		return false;
	it->left--;
	return true;
}
