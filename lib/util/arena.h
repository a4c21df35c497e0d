/*
 * arena.h - a bump allocator that owns everything one scan result points to.
 *
 * Allocations are never freed one by one; ks_arena_release() frees them all. Every
 * allocator returns NULL on out-of-memory (or when the arena's byte limit is reached) and
 * callers map that to KS_ENOMEM. Returned memory is 16-byte aligned.
 */
#ifndef KS_UTIL_ARENA_H
#define KS_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct ks_arena_chunk;

struct ks_arena {
	struct ks_arena_chunk *head; /* newest chunk first */
	size_t used;                 /* bytes handed out, for statistics and limits */
	size_t limit;                /* 0 = unlimited */
};

void ks_arena_init(struct ks_arena *a);
void ks_arena_release(struct ks_arena *a);

/* Moves every chunk of src into dst (dst then owns what src handed out, and keeps
 * allocating from its own current chunk); src is left empty. dst's limit is not checked:
 * the memory exists already. Used to keep what a worker thread's context allocated. */
void ks_arena_adopt(struct ks_arena *dst, struct ks_arena *src);

void *ks_arena_alloc(struct ks_arena *a, size_t n);
void *ks_arena_calloc(struct ks_arena *a, size_t nmemb, size_t size);
void *ks_arena_memdup(struct ks_arena *a, const void *p, size_t n);
char *ks_arena_strdup(struct ks_arena *a, const char *s);
/* Copies n bytes of s (which need not be NUL-terminated) and terminates the copy. */
char *ks_arena_strndup(struct ks_arena *a, const char *s, size_t n);
char *ks_arena_printf(struct ks_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *ks_arena_vprintf(struct ks_arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/*
 * Grows an array that lives in the arena so that it can hold at least `want` elements of
 * `elem` bytes; *cap is updated. The old storage is abandoned (arena memory), so growth
 * doubles to keep the waste amortised. Returns the (possibly new) array or NULL on OOM,
 * in which case the old array is still valid.
 */
void *ks_arena_grow(struct ks_arena *a, void *arr, size_t n, size_t *cap, size_t want,
	size_t elem);

#endif
