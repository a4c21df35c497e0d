/* arena.c - bump allocator; see arena.h. */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64 * 1024)
#define ALIGN 16

struct ks_arena_chunk {
	struct ks_arena_chunk *next;
	size_t size; /* usable bytes in data[] */
	size_t off;  /* next free byte */
	_Alignas(16) unsigned char data[];
};

void ks_arena_init(struct ks_arena *a)
{
	memset(a, 0, sizeof(*a));
}

void ks_arena_release(struct ks_arena *a)
{
	struct ks_arena_chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->used = 0;
}

void ks_arena_adopt(struct ks_arena *dst, struct ks_arena *src)
{
	struct ks_arena_chunk *last;

	if (src->head == NULL)
		return;
	for (last = src->head; last->next != NULL; last = last->next)
		;
	if (dst->head == NULL) {
		dst->head = src->head;
	} else {
		/* behind dst's current chunk, whose free tail stays in use */
		last->next = dst->head->next;
		dst->head->next = src->head;
	}
	dst->used += src->used;
	src->head = NULL;
	src->used = 0;
}

void *ks_arena_alloc(struct ks_arena *a, size_t n)
{
	struct ks_arena_chunk *c = a->head;
	size_t need = (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
	void *p;

	if (need < n)
		return NULL;
	if (a->limit != 0 && (a->used + need < a->used || a->used + need > a->limit))
		return NULL;
	if (c == NULL || c->size - c->off < need) {
		size_t sz = need > CHUNK_MIN / 2 ? need : CHUNK_MIN;

		if (sz > SIZE_MAX - sizeof(*c))
			return NULL;
		c = malloc(sizeof(*c) + sz);
		if (c == NULL)
			return NULL;
		c->size = sz;
		c->off = 0;
		if (need > CHUNK_MIN / 2 && a->head != NULL) {
			/* a big block gets its own chunk behind the current one, so the
			 * current chunk's free tail stays usable */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->data + c->off;
	c->off += need;
	a->used += need;
	return p;
}

void *ks_arena_calloc(struct ks_arena *a, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		return NULL;
	p = ks_arena_alloc(a, nmemb * size);
	if (p != NULL)
		memset(p, 0, nmemb * size);
	return p;
}

void *ks_arena_memdup(struct ks_arena *a, const void *src, size_t n)
{
	void *p = ks_arena_alloc(a, n ? n : 1);

	if (p != NULL && n)
		memcpy(p, src, n);
	return p;
}

char *ks_arena_strndup(struct ks_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = ks_arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ks_arena_strdup(struct ks_arena *a, const char *s)
{
	return s == NULL ? NULL : ks_arena_strndup(a, s, strlen(s));
}

char *ks_arena_vprintf(struct ks_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	p = ks_arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *ks_arena_printf(struct ks_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = ks_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *ks_arena_grow(struct ks_arena *a, void *arr, size_t n, size_t *cap, size_t want,
	size_t elem)
{
	size_t ncap = *cap ? *cap : 8;
	void *p;

	if (want <= *cap)
		return arr;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2)
			return NULL;
		ncap *= 2;
	}
	if (elem != 0 && ncap > SIZE_MAX / elem)
		return NULL;
	p = ks_arena_alloc(a, ncap * elem);
	if (p == NULL)
		return NULL;
	if (n)
		memcpy(p, arr, n * elem);
	*cap = ncap;
	return p;
}
