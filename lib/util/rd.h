/*
 * rd.h - a bounds-checked reader over untrusted binary bytes.
 *
 * Every access checks the remaining length and returns KS_ETRUNC instead of reading past
 * the end; nothing else in kensa does pointer arithmetic on untrusted binary input. The
 * reader borrows its bytes. Offsets are absolute from the start of the buffer.
 */
#ifndef KS_UTIL_RD_H
#define KS_UTIL_RD_H

#include <stddef.h>
#include <stdint.h>

struct ks_rd {
	const uint8_t *p;
	size_t n;   /* total bytes */
	size_t off; /* cursor */
};

void ks_rd_init(struct ks_rd *r, const void *p, size_t n);
size_t ks_rd_left(const struct ks_rd *r);
int ks_rd_seek(struct ks_rd *r, size_t off); /* off <= n */
int ks_rd_skip(struct ks_rd *r, size_t n);
int ks_rd_u8(struct ks_rd *r, uint8_t *v);
int ks_rd_u16le(struct ks_rd *r, uint16_t *v);
int ks_rd_u16be(struct ks_rd *r, uint16_t *v);
int ks_rd_u32le(struct ks_rd *r, uint32_t *v);
int ks_rd_u32be(struct ks_rd *r, uint32_t *v);
int ks_rd_u64le(struct ks_rd *r, uint64_t *v);
int ks_rd_u64be(struct ks_rd *r, uint64_t *v);
/* Returns a pointer to the next n bytes and advances; *p is borrowed from the reader. */
int ks_rd_bytes(struct ks_rd *r, size_t n, const uint8_t **p);
/* A sub-reader over [off, off+n) of r (absolute offsets), cursor at 0. */
int ks_rd_sub(const struct ks_rd *r, size_t off, size_t n, struct ks_rd *sub);
/* Reads a NUL-terminated string starting at the cursor; *len excludes the NUL. */
int ks_rd_cstr(struct ks_rd *r, const char **s, size_t *len);
/* Reads an unsigned LEB128 varint (7 bits a byte, low group first, as Go's
 * binary.Uvarint and protobuf): KS_ETRUNC when the input ends inside it, KS_ECORRUPT when
 * it does not fit 64 bits. */
int ks_rd_uvarint(struct ks_rd *r, uint64_t *v);

#endif
