/* rd.c - bounded binary reader; see rd.h. */
#include "util/rd.h"
#include "util/err.h"

#include <string.h>

void ks_rd_init(struct ks_rd *r, const void *p, size_t n)
{
	r->p = p;
	r->n = p ? n : 0;
	r->off = 0;
}

size_t ks_rd_left(const struct ks_rd *r)
{
	return r->n - r->off;
}

int ks_rd_seek(struct ks_rd *r, size_t off)
{
	if (off > r->n)
		return KS_ETRUNC;
	r->off = off;
	return 0;
}

int ks_rd_skip(struct ks_rd *r, size_t n)
{
	if (n > r->n - r->off)
		return KS_ETRUNC;
	r->off += n;
	return 0;
}

int ks_rd_bytes(struct ks_rd *r, size_t n, const uint8_t **p)
{
	if (n > r->n - r->off)
		return KS_ETRUNC;
	*p = r->p + r->off;
	r->off += n;
	return 0;
}

int ks_rd_u8(struct ks_rd *r, uint8_t *v)
{
	const uint8_t *b;
	int e;

	if ((e = ks_rd_bytes(r, 1, &b)) != 0)
		return e;
	*v = b[0];
	return 0;
}

int ks_rd_u16le(struct ks_rd *r, uint16_t *v)
{
	const uint8_t *b;
	int e;

	if ((e = ks_rd_bytes(r, 2, &b)) != 0)
		return e;
	*v = (uint16_t)(b[0] | (b[1] << 8));
	return 0;
}

int ks_rd_u16be(struct ks_rd *r, uint16_t *v)
{
	const uint8_t *b;
	int e;

	if ((e = ks_rd_bytes(r, 2, &b)) != 0)
		return e;
	*v = (uint16_t)((b[0] << 8) | b[1]);
	return 0;
}

int ks_rd_u32le(struct ks_rd *r, uint32_t *v)
{
	const uint8_t *b;
	int e;

	if ((e = ks_rd_bytes(r, 4, &b)) != 0)
		return e;
	*v = (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
		((uint32_t)b[3] << 24);
	return 0;
}

int ks_rd_u32be(struct ks_rd *r, uint32_t *v)
{
	const uint8_t *b;
	int e;

	if ((e = ks_rd_bytes(r, 4, &b)) != 0)
		return e;
	*v = ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) |
		(uint32_t)b[3];
	return 0;
}

int ks_rd_u64le(struct ks_rd *r, uint64_t *v)
{
	uint32_t lo, hi;
	int e;

	if ((e = ks_rd_u32le(r, &lo)) != 0 || (e = ks_rd_u32le(r, &hi)) != 0)
		return e;
	*v = ((uint64_t)hi << 32) | lo;
	return 0;
}

int ks_rd_u64be(struct ks_rd *r, uint64_t *v)
{
	uint32_t lo, hi;
	int e;

	if ((e = ks_rd_u32be(r, &hi)) != 0 || (e = ks_rd_u32be(r, &lo)) != 0)
		return e;
	*v = ((uint64_t)hi << 32) | lo;
	return 0;
}

int ks_rd_sub(const struct ks_rd *r, size_t off, size_t n, struct ks_rd *sub)
{
	if (off > r->n || n > r->n - off)
		return KS_ETRUNC;
	ks_rd_init(sub, r->p + off, n);
	return 0;
}

int ks_rd_cstr(struct ks_rd *r, const char **s, size_t *len)
{
	const uint8_t *start = r->p + r->off;
	const uint8_t *z = memchr(start, 0, r->n - r->off);

	if (z == NULL)
		return KS_ETRUNC;
	*s = (const char *)start;
	*len = (size_t)(z - start);
	r->off += *len + 1;
	return 0;
}

int ks_rd_uvarint(struct ks_rd *r, uint64_t *v)
{
	uint64_t x = 0;
	unsigned shift;
	uint8_t b;
	int e;

	for (shift = 0; shift < 64; shift += 7) {
		if ((e = ks_rd_u8(r, &b)) != 0)
			return e;
		if (shift == 63 && b > 1)
			return KS_ECORRUPT;
		x |= (uint64_t)(b & 0x7f) << shift;
		if ((b & 0x80) == 0) {
			*v = x;
			return 0;
		}
	}
	return KS_ECORRUPT;
}
