/* lres_codec.c - encoding and decoding one layer's analysis; see lres_codec.h. */
#include "cache/lres_codec.h"
#include "util/map.h"
#include "util/rd.h"
#include "util/sha256.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/banned.h"

static const uint8_t magic[4] = { 'K', 'S', 'L', 'R' };

/* Every field of these structs is encoded: a field added to one of them must be added to
 * the codec (and KS_LRES_CODEC_VERSION bumped), which these checks of their LP64 sizes
 * bring to mind at compile time. */
#if UINTPTR_MAX == UINT64_MAX && INT_MAX == 2147483647
_Static_assert(sizeof(struct ks_pkg) == 232, "struct ks_pkg changed: update lres_codec.c");
_Static_assert(sizeof(struct ks_ares) == 64, "struct ks_ares changed: update lres_codec.c");
_Static_assert(sizeof(struct ks_os) == 24, "struct ks_os changed: update lres_codec.c");
_Static_assert(sizeof(struct ks_lfile) == 88, "struct ks_lfile changed: update lres_codec.c");
_Static_assert(sizeof(struct ks_lres) == 96, "struct ks_lres changed: update lres_codec.c");
_Static_assert(sizeof(struct ks_loc) == 8, "struct ks_loc changed: update lres_codec.c");
_Static_assert(sizeof(struct ks_blob_info) == 168,
	"struct ks_blob_info changed: update lres_codec.c");
#endif

/* The fewest bytes one encoded item takes, to bound counts by the bytes left. */
enum {
	MIN_FILE = 9,  /* path, analyzer, seq, 4 os fields, package count, kept */
	MIN_PKG = 23,  /* one byte for each field of a package */
	MIN_LOC = 2,
};

/* ---- encoding ---- */

struct enc {
	struct ks_ctx *cx;
	struct ks_map strs; /* string -> 1 + its index in the table */
	size_t nstrs;
	struct ks_buf tab;  /* the strings: length, bytes */
	struct ks_buf body;
};

static int put_uvarint(struct ks_buf *b, uint64_t v)
{
	uint8_t t[10];
	size_t n = 0;

	while (v >= 0x80) {
		t[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	t[n++] = (uint8_t)v;
	return ks_buf_add(b, t, n);
}

static int put_svarint(struct ks_buf *b, int64_t v)
{
	return put_uvarint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static int put_bool(struct ks_buf *b, bool v)
{
	return ks_buf_addc(b, v ? 1 : 0);
}

/* Writes a reference to s, adding s to the string table the first time it is seen. */
static int put_str(struct enc *e, const char *s)
{
	size_t len;
	void *v;
	int r;

	if (s == NULL)
		return put_uvarint(&e->body, 0);
	len = strlen(s);
	if ((v = ks_map_get(&e->strs, s, len)) == NULL) {
		if ((r = put_uvarint(&e->tab, len)) != 0 || (r = ks_buf_add(&e->tab, s, len)) != 0)
			return r;
		v = (void *)(uintptr_t)(++e->nstrs);
		if ((r = ks_map_put(&e->strs, s, len, v, NULL)) != 0)
			return r;
	}
	return put_uvarint(&e->body, (uint64_t)(uintptr_t)v);
}

static int put_strs(struct enc *e, const char *const *v, size_t n)
{
	size_t i;
	int r;

	if ((r = put_uvarint(&e->body, n)) != 0)
		return r;
	for (i = 0; i < n; i++)
		if ((r = put_str(e, v[i])) != 0)
			return r;
	return 0;
}

static int put_strv(struct enc *e, const struct ks_strv *sv)
{
	return put_strs(e, sv->v, sv->n);
}

static int put_pkg(struct enc *e, const struct ks_pkg *p)
{
	struct ks_buf *b = &e->body;
	size_t i;
	int r;

	if ((r = put_str(e, p->name)) != 0 || (r = put_str(e, p->version)) != 0 ||
		(r = put_str(e, p->release)) != 0 || (r = put_svarint(b, p->epoch)) != 0 ||
		(r = put_str(e, p->arch)) != 0 || (r = put_str(e, p->src_name)) != 0 ||
		(r = put_str(e, p->src_version)) != 0 || (r = put_str(e, p->src_release)) != 0 ||
		(r = put_svarint(b, p->src_epoch)) != 0 || (r = put_strv(e, &p->licenses)) != 0 ||
		(r = put_str(e, p->maintainer)) != 0 || (r = put_str(e, p->vendor)) != 0 ||
		(r = put_str(e, p->modularitylabel)) != 0 || (r = put_str(e, p->digest)) != 0 ||
		(r = put_str(e, p->file_path)) != 0 || (r = put_strv(e, &p->files)) != 0 ||
		(r = put_strv(e, &p->depends_on)) != 0 || (r = put_str(e, p->analyzed_by)) != 0 ||
		(r = put_str(e, p->id)) != 0 || (r = put_bool(b, p->dev)) != 0 ||
		(r = put_svarint(b, p->relationship)) != 0 || (r = put_uvarint(b, p->nlocs)) != 0)
		return r;
	for (i = 0; i < p->nlocs; i++)
		if ((r = put_uvarint(b, p->locs[i].start)) != 0 ||
			(r = put_uvarint(b, p->locs[i].end)) != 0)
			return r;
	return put_svarint(b, p->layer);
}

static int put_file(struct enc *e, const struct ks_lfile *lf)
{
	struct ks_buf *b = &e->body;
	const struct ks_ares *a = &lf->res;
	size_t i;
	int r;

	if ((r = put_str(e, lf->path)) != 0 || (r = put_str(e, lf->an ? lf->an->name : NULL)) != 0 ||
		(r = put_uvarint(b, lf->seq)) != 0 || (r = put_str(e, a->os.family)) != 0 ||
		(r = put_str(e, a->os.name)) != 0 || (r = put_svarint(b, a->os.prio)) != 0 ||
		(r = put_bool(b, a->os.extended)) != 0 || (r = put_uvarint(b, a->npkgs)) != 0)
		return r;
	for (i = 0; i < a->npkgs; i++)
		if ((r = put_pkg(e, &a->pkgs[i])) != 0)
			return r;
	if (a->kept == NULL)
		return put_uvarint(b, 0);
	if ((r = put_uvarint(b, (uint64_t)a->nkept + 1)) != 0)
		return r;
	return ks_buf_add(b, a->kept, a->nkept);
}

static int encode_body(struct enc *e, const struct ks_lres *lr, const char *const *warns,
	size_t nwarns, const struct ks_blob_info *info)
{
	struct ks_buf *b = &e->body;
	size_t i;
	int r;

	if ((r = put_str(e, info->digest)) != 0 || (r = put_str(e, info->diffid)) != 0 ||
		(r = put_uvarint(b, info->size)) != 0 || (r = put_uvarint(b, info->usize)) != 0 ||
		(r = put_bool(b, info->compressed)) != 0 || (r = put_uvarint(b, lr->entries)) != 0 ||
		(r = put_uvarint(b, lr->kinds)) != 0 || (r = put_uvarint(b, lr->mode)) != 0 ||
		(r = put_strv(e, &lr->whiteouts)) != 0 || (r = put_strv(e, &lr->opaques)) != 0 ||
		(r = put_strs(e, warns, nwarns)) != 0 || (r = put_uvarint(b, lr->nfiles)) != 0)
		return r;
	for (i = 0; i < lr->nfiles; i++)
		if ((r = put_file(e, &lr->files[i])) != 0)
			return r;
	return 0;
}

void ks_lres_seal(uint8_t *p, size_t n)
{
	uint32_t c;

	if (n < KS_LRES_HEADER_SIZE)
		return;
	c = (uint32_t)crc32_z(0, p + KS_LRES_HEADER_SIZE, n - KS_LRES_HEADER_SIZE);
	p[8] = (uint8_t)c;
	p[9] = (uint8_t)(c >> 8);
	p[10] = (uint8_t)(c >> 16);
	p[11] = (uint8_t)(c >> 24);
}

int ks_lres_encode(struct ks_ctx *cx, const struct ks_lres *lr, const char *const *warns,
	size_t nwarns, const struct ks_blob_info *info, struct ks_buf *out)
{
	struct enc e = { .cx = cx };
	uint8_t hdr[KS_LRES_HEADER_SIZE] = { 0 };
	size_t start = out->n;
	int r;

	ks_map_init(&e.strs);
	ks_buf_init(&e.tab, out->max);
	ks_buf_init(&e.body, out->max);
	memcpy(hdr, magic, sizeof(magic));
	hdr[4] = (uint8_t)KS_LRES_CODEC_VERSION;
	hdr[5] = (uint8_t)(KS_LRES_CODEC_VERSION >> 8);
	hdr[6] = (uint8_t)(KS_LRES_CODEC_VERSION >> 16);
	hdr[7] = (uint8_t)(KS_LRES_CODEC_VERSION >> 24);
	if ((r = encode_body(&e, lr, warns, nwarns, info)) != 0 ||
		(r = ks_buf_add(out, hdr, sizeof(hdr))) != 0 ||
		(r = put_uvarint(out, e.nstrs)) != 0 || (r = ks_buf_add(out, e.tab.p, e.tab.n)) != 0 ||
		(r = ks_buf_add(out, e.body.p, e.body.n)) != 0)
		goto out;
	ks_lres_seal((uint8_t *)out->p + start, out->n - start);
	r = 0;
out:
	if (r != 0) {
		out->n = start;
		if (out->p != NULL)
			out->p[start] = '\0';
		if (r == KS_ELIMIT)
			ks_seterr(&cx->err, r, "layer cache entry: encoding is over %zu bytes",
				out->max);
		else
			ks_seterr(&cx->err, r, "layer cache entry: out of memory");
	}
	ks_map_release(&e.strs);
	ks_buf_release(&e.tab);
	ks_buf_release(&e.body);
	return r;
}

/* ---- decoding ---- */

struct dec {
	struct ks_ctx *cx;
	struct ks_rd rd;
	const char **strs; /* the string table, arena copies */
	size_t nstrs;
	const struct ks_analyzer *const *set;
	const struct ks_analyzer **ans; /* analyzer resolved per string index (malloc) */
};

static int corrupt(struct dec *d, const char *what)
{
	return ks_seterr(&d->cx->err, KS_ECORRUPT, "layer cache entry: %s at byte %zu", what,
		d->rd.off);
}

/* Maps a reader failure to an error with a message. */
static int rd_fail(struct dec *d, int r, const char *what)
{
	if (r == KS_ETRUNC)
		return ks_seterr(&d->cx->err, r, "layer cache entry: truncated in %s", what);
	return corrupt(d, what);
}

static int get_u64(struct dec *d, uint64_t *v, const char *what)
{
	int r = ks_rd_uvarint(&d->rd, v);

	return r ? rd_fail(d, r, what) : 0;
}

static int get_uint(struct dec *d, unsigned *v, const char *what)
{
	uint64_t x;
	int r;

	if ((r = get_u64(d, &x, what)) != 0)
		return r;
	if (x > UINT_MAX)
		return corrupt(d, what);
	*v = (unsigned)x;
	return 0;
}

static int get_int(struct dec *d, int *v, const char *what)
{
	uint64_t x;
	int64_t s;
	int r;

	if ((r = get_u64(d, &x, what)) != 0)
		return r;
	s = (int64_t)(x >> 1) ^ -(int64_t)(x & 1);
	if (s < INT_MIN || s > INT_MAX)
		return corrupt(d, what);
	*v = (int)s;
	return 0;
}

static int get_bool(struct dec *d, bool *v, const char *what)
{
	uint8_t b;
	int r;

	if ((r = ks_rd_u8(&d->rd, &b)) != 0)
		return rd_fail(d, r, what);
	if (b > 1)
		return corrupt(d, what);
	*v = b == 1;
	return 0;
}

/* Reads a count of items that take at least min bytes each. */
static int get_count(struct dec *d, size_t *n, size_t min, const char *what)
{
	uint64_t x;
	int r;

	if ((r = get_u64(d, &x, what)) != 0)
		return r;
	if (x > ks_rd_left(&d->rd) / min)
		return ks_seterr(&d->cx->err, KS_ECORRUPT, "layer cache entry: %s count %llu "
			"exceeds the bytes left", what, (unsigned long long)x);
	*n = (size_t)x;
	return 0;
}

/* Reads a string reference (NULL allowed); *idx (if not NULL) gets 1 + its index. */
static int get_ref(struct dec *d, const char **s, size_t *idx, const char *what)
{
	uint64_t x;
	int r;

	if ((r = get_u64(d, &x, what)) != 0)
		return r;
	if (x > d->nstrs)
		return corrupt(d, what);
	*s = x == 0 ? NULL : d->strs[x - 1];
	if (idx != NULL)
		*idx = (size_t)x;
	return 0;
}

static int get_str(struct dec *d, const char **s, const char *what)
{
	return get_ref(d, s, NULL, what);
}

/* A string list; its items are never NULL. */
static int get_strv(struct dec *d, struct ks_strv *sv, const char *what)
{
	size_t n, i;
	int r;

	memset(sv, 0, sizeof(*sv));
	if ((r = get_count(d, &n, 1, what)) != 0)
		return r;
	if (n == 0)
		return 0;
	if ((sv->v = ks_arena_calloc(&d->cx->arena, n, sizeof(*sv->v))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++) {
		if ((r = get_str(d, &sv->v[i], what)) != 0)
			return r;
		if (sv->v[i] == NULL)
			return corrupt(d, what);
	}
	sv->n = sv->cap = n;
	return 0;
}

/* Reads the string table into one arena block, each string NUL-terminated. */
static int get_strings(struct dec *d)
{
	struct ks_rd scan;
	size_t n, i, total = 0;
	char *blk;
	int r;

	if ((r = get_count(d, &n, 1, "string table")) != 0)
		return r;
	/* first pass: lengths and the NUL check, so one allocation holds every string */
	scan = d->rd;
	for (i = 0; i < n; i++) {
		const uint8_t *p;
		uint64_t len;

		if ((r = ks_rd_uvarint(&scan, &len)) == 0 && len > ks_rd_left(&scan))
			r = KS_ETRUNC;
		if (r != 0 || (r = ks_rd_bytes(&scan, (size_t)len, &p)) != 0) {
			d->rd.off = scan.off;
			return rd_fail(d, r, "string table");
		}
		if (memchr(p, 0, (size_t)len) != NULL) {
			d->rd.off = scan.off;
			return corrupt(d, "NUL byte in a string");
		}
		total += (size_t)len + 1;
	}
	if ((d->strs = ks_arena_calloc(&d->cx->arena, n ? n : 1, sizeof(*d->strs))) == NULL ||
		(blk = ks_arena_alloc(&d->cx->arena, total ? total : 1)) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++) {
		const uint8_t *p;
		uint64_t len;

		/* cannot fail: the first pass read the same bytes */
		if (ks_rd_uvarint(&d->rd, &len) != 0 || ks_rd_bytes(&d->rd, (size_t)len, &p) != 0)
			return ks_seterr(&d->cx->err, KS_EINTERNAL, "layer cache entry: reread");
		memcpy(blk, p, (size_t)len);
		blk[len] = '\0';
		d->strs[i] = blk;
		blk += len + 1;
	}
	d->nstrs = n;
	return 0;
}

static int get_analyzer(struct dec *d, const struct ks_analyzer **an)
{
	const char *name;
	size_t idx, i;
	int r;

	if ((r = get_ref(d, &name, &idx, "analyzer")) != 0)
		return r;
	if (name == NULL) {
		*an = NULL;
		return 0;
	}
	if (d->ans[idx - 1] == NULL) {
		for (i = 0; d->set[i] != NULL && strcmp(d->set[i]->name, name) != 0; i++)
			;
		if (d->set[i] == NULL)
			return ks_seterr(&d->cx->err, KS_ENOTFOUND, "layer cache entry: unknown "
				"analyzer '%s' (a stale entry)", name);
		d->ans[idx - 1] = d->set[i];
	}
	*an = d->ans[idx - 1];
	return 0;
}

static int get_pkg(struct dec *d, struct ks_pkg *p)
{
	size_t i;
	int r;

	if ((r = get_str(d, &p->name, "package name")) != 0 ||
		(r = get_str(d, &p->version, "package version")) != 0 ||
		(r = get_str(d, &p->release, "package release")) != 0 ||
		(r = get_int(d, &p->epoch, "package epoch")) != 0 ||
		(r = get_str(d, &p->arch, "package arch")) != 0 ||
		(r = get_str(d, &p->src_name, "package src_name")) != 0 ||
		(r = get_str(d, &p->src_version, "package src_version")) != 0 ||
		(r = get_str(d, &p->src_release, "package src_release")) != 0 ||
		(r = get_int(d, &p->src_epoch, "package src_epoch")) != 0 ||
		(r = get_strv(d, &p->licenses, "package licenses")) != 0 ||
		(r = get_str(d, &p->maintainer, "package maintainer")) != 0 ||
		(r = get_str(d, &p->vendor, "package vendor")) != 0 ||
		(r = get_str(d, &p->modularitylabel, "package modularitylabel")) != 0 ||
		(r = get_str(d, &p->digest, "package digest")) != 0 ||
		(r = get_str(d, &p->file_path, "package file_path")) != 0 ||
		(r = get_strv(d, &p->files, "package files")) != 0 ||
		(r = get_strv(d, &p->depends_on, "package depends_on")) != 0 ||
		(r = get_str(d, &p->analyzed_by, "package analyzed_by")) != 0 ||
		(r = get_str(d, &p->id, "package id")) != 0 ||
		(r = get_bool(d, &p->dev, "package dev")) != 0 ||
		(r = get_int(d, &p->relationship, "package relationship")) != 0 ||
		(r = get_count(d, &p->nlocs, MIN_LOC, "package locations")) != 0)
		return r;
	if (p->relationship < KS_REL_UNKNOWN || p->relationship > KS_REL_INDIRECT)
		return corrupt(d, "package relationship");
	if (p->nlocs > 0 &&
		(p->locs = ks_arena_calloc(&d->cx->arena, p->nlocs, sizeof(*p->locs))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < p->nlocs; i++)
		if ((r = get_uint(d, &p->locs[i].start, "package location")) != 0 ||
			(r = get_uint(d, &p->locs[i].end, "package location")) != 0)
			return r;
	return get_int(d, &p->layer, "package layer");
}

static int get_file(struct dec *d, struct ks_lfile *lf)
{
	struct ks_ares *a = &lf->res;
	size_t i;
	uint64_t kept;
	const uint8_t *kp;
	uint8_t *copy;
	int r;

	if ((r = get_str(d, &lf->path, "file path")) != 0 ||
		(r = get_analyzer(d, &lf->an)) != 0 || (r = get_u64(d, &lf->seq, "file seq")) != 0 ||
		(r = get_str(d, &a->os.family, "os family")) != 0 ||
		(r = get_str(d, &a->os.name, "os name")) != 0 ||
		(r = get_int(d, &a->os.prio, "os prio")) != 0 ||
		(r = get_bool(d, &a->os.extended, "os extended")) != 0 ||
		(r = get_count(d, &a->npkgs, MIN_PKG, "packages")) != 0)
		return r;
	if (lf->path == NULL)
		return corrupt(d, "file without a path");
	if (a->npkgs > 0 &&
		(a->pkgs = ks_arena_calloc(&d->cx->arena, a->npkgs, sizeof(*a->pkgs))) == NULL)
		return KS_ENOMEM;
	a->cappkgs = a->npkgs;
	for (i = 0; i < a->npkgs; i++)
		if ((r = get_pkg(d, &a->pkgs[i])) != 0)
			return r;
	if ((r = get_u64(d, &kept, "kept bytes")) != 0 || kept == 0)
		return r;
	if (kept - 1 > ks_rd_left(&d->rd))
		return rd_fail(d, KS_ETRUNC, "kept bytes");
	a->nkept = (size_t)(kept - 1);
	if ((r = ks_rd_bytes(&d->rd, a->nkept, &kp)) != 0)
		return rd_fail(d, r, "kept bytes");
	if ((copy = ks_arena_alloc(&d->cx->arena, a->nkept + 1)) == NULL)
		return KS_ENOMEM;
	memcpy(copy, kp, a->nkept);
	copy[a->nkept] = '\0';
	a->kept = copy;
	return 0;
}

/* A digest field of the blob info: empty or a valid digest. */
static int get_digest(struct dec *d, char out[KS_DIGEST_STRLEN + 1], const char *what)
{
	const char *s;
	int r;

	if ((r = get_str(d, &s, what)) != 0)
		return r;
	if (s == NULL || (s[0] != '\0' && !ks_digest_valid(s)))
		return corrupt(d, what);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

static int decode_body(struct dec *d, struct ks_lres *lr, struct ks_strv *warns,
	struct ks_blob_info *info)
{
	size_t i;
	int r;

	if ((r = get_digest(d, info->digest, "blob digest")) != 0 ||
		(r = get_digest(d, info->diffid, "blob diffid")) != 0 ||
		(r = get_u64(d, &info->size, "blob size")) != 0 ||
		(r = get_u64(d, &info->usize, "blob usize")) != 0 ||
		(r = get_bool(d, &info->compressed, "blob compressed")) != 0 ||
		(r = get_u64(d, &lr->entries, "entries")) != 0 ||
		(r = get_uint(d, &lr->kinds, "kinds")) != 0 ||
		(r = get_uint(d, &lr->mode, "mode")) != 0 ||
		(r = get_strv(d, &lr->whiteouts, "whiteouts")) != 0 ||
		(r = get_strv(d, &lr->opaques, "opaques")) != 0 ||
		(r = get_strv(d, warns, "warnings")) != 0 ||
		(r = get_count(d, &lr->nfiles, MIN_FILE, "files")) != 0)
		return r;
	if (lr->mode > KS_MODE_ALL)
		return corrupt(d, "mode");
	if (lr->nfiles > 0 &&
		(lr->files = ks_arena_calloc(&d->cx->arena, lr->nfiles, sizeof(*lr->files))) == NULL)
		return KS_ENOMEM;
	lr->capfiles = lr->nfiles;
	for (i = 0; i < lr->nfiles; i++)
		if ((r = get_file(d, &lr->files[i])) != 0)
			return r;
	if (ks_rd_left(&d->rd) != 0)
		return corrupt(d, "trailing bytes");
	return 0;
}

static int check_header(struct dec *d)
{
	struct ks_rd rest;
	const uint8_t *m, *body;
	uint32_t version, crc;

	if (ks_rd_bytes(&d->rd, sizeof(magic), &m) != 0 || ks_rd_u32le(&d->rd, &version) != 0 ||
		ks_rd_u32le(&d->rd, &crc) != 0)
		return ks_seterr(&d->cx->err, KS_ETRUNC, "layer cache entry: truncated header");
	if (memcmp(m, magic, sizeof(magic)) != 0)
		return ks_seterr(&d->cx->err, KS_ECORRUPT, "layer cache entry: bad magic");
	if (version != KS_LRES_CODEC_VERSION)
		return ks_seterr(&d->cx->err, KS_EUNSUPPORTED, "layer cache entry: codec version "
			"%u, this kensa reads %u", version, KS_LRES_CODEC_VERSION);
	/* the checksum covers the rest; a copy of the reader takes it, d->rd stays put */
	rest = d->rd;
	if (ks_rd_bytes(&rest, ks_rd_left(&rest), &body) != 0 ||
		(uint32_t)crc32_z(0, body, ks_rd_left(&d->rd)) != crc)
		return ks_seterr(&d->cx->err, KS_ECORRUPT, "layer cache entry: checksum mismatch");
	return 0;
}

int ks_lres_decode(struct ks_ctx *cx, const void *p, size_t n, struct ks_lres *out,
	struct ks_strv *warns, struct ks_blob_info *info)
{
	struct dec d = { .cx = cx, .set = out->set ? out->set : ks_analyzers };
	struct ks_lres lr = { .set = out->set };
	struct ks_strv w;
	struct ks_blob_info bi;
	int r;

	memset(&bi, 0, sizeof(bi));
	ks_rd_init(&d.rd, p, n);
	if ((r = check_header(&d)) != 0 || (r = get_strings(&d)) != 0)
		goto out;
	if ((d.ans = calloc(d.nstrs ? d.nstrs : 1, sizeof(*d.ans))) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	if ((r = decode_body(&d, &lr, &w, &bi)) != 0)
		goto out;
	*out = lr;
	if (warns != NULL)
		*warns = w;
	if (info != NULL)
		*info = bi;
	r = 0;
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "layer cache entry: out of memory");
	free(d.ans);
	return r;
}
