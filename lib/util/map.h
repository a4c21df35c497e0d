/*
 * map.h - a string-keyed hash map (open addressing, linear probing).
 *
 * Keys are borrowed: the caller keeps key bytes alive (usually in an arena) for as long
 * as the entry exists. Values are opaque pointers. Deleting leaves a tombstone; the table
 * rehashes when live + dead entries pass 70% of the slots.
 */
#ifndef KS_UTIL_MAP_H
#define KS_UTIL_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ks_map_slot {
	const char *key; /* NULL = empty; (const char *)1 marks a tombstone */
	size_t klen;
	uint64_t hash;
	void *val;
};

struct ks_map {
	struct ks_map_slot *slots;
	size_t cap;  /* power of two or 0 */
	size_t live; /* entries */
	size_t used; /* entries + tombstones */
};

void ks_map_init(struct ks_map *m);
void ks_map_release(struct ks_map *m);
uint64_t ks_hash(const void *p, size_t n);

/* Returns the value or NULL when absent (store non-NULL values to tell them apart). */
void *ks_map_get(const struct ks_map *m, const char *key, size_t klen);
bool ks_map_has(const struct ks_map *m, const char *key, size_t klen);
/* Inserts or replaces; *old (if not NULL) gets the replaced value or NULL. */
int ks_map_put(struct ks_map *m, const char *key, size_t klen, void *val, void **old);
/* Removes the key; returns its value or NULL. */
void *ks_map_del(struct ks_map *m, const char *key, size_t klen);

/* Iteration: `size_t i = 0; while (ks_map_next(m, &i, &k, &kl, &v)) ...`. Entries may be
 * deleted (not inserted) during iteration. */
bool ks_map_next(const struct ks_map *m, size_t *i, const char **key, size_t *klen,
	void **val);

#endif
