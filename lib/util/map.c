/* map.c - string-keyed hash map; see map.h. */
#include "util/map.h"
#include "util/err.h"

#include <stdlib.h>
#include <string.h>

#define TOMB ((const char *)1)

void ks_map_init(struct ks_map *m)
{
	memset(m, 0, sizeof(*m));
}

void ks_map_release(struct ks_map *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* FNV-1a, 64-bit, with a final avalanche so the low bits used for indexing mix well. */
uint64_t ks_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static bool live_slot(const struct ks_map_slot *s)
{
	return s->key != NULL && s->key != TOMB;
}

static struct ks_map_slot *find(const struct ks_map *m, const char *key, size_t klen,
	uint64_t h)
{
	size_t mask, i;

	if (m->cap == 0)
		return NULL;
	mask = m->cap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		struct ks_map_slot *s = &m->slots[i];

		if (s->key == NULL)
			return NULL;
		if (s->key != TOMB && s->hash == h && s->klen == klen &&
			memcmp(s->key, key, klen) == 0)
			return s;
	}
}

static int rehash(struct ks_map *m, size_t ncap)
{
	struct ks_map_slot *old = m->slots, *ns;
	size_t ocap = m->cap, i;

	ns = calloc(ncap, sizeof(*ns));
	if (ns == NULL)
		return KS_ENOMEM;
	for (i = 0; i < ocap; i++) {
		size_t j;

		if (!live_slot(&old[i]))
			continue;
		for (j = old[i].hash & (ncap - 1); ns[j].key != NULL; j = (j + 1) & (ncap - 1))
			;
		ns[j] = old[i];
	}
	free(old);
	m->slots = ns;
	m->cap = ncap;
	m->used = m->live;
	return 0;
}

void *ks_map_get(const struct ks_map *m, const char *key, size_t klen)
{
	struct ks_map_slot *s = find(m, key, klen, ks_hash(key, klen));
	return s ? s->val : NULL;
}

bool ks_map_has(const struct ks_map *m, const char *key, size_t klen)
{
	return find(m, key, klen, ks_hash(key, klen)) != NULL;
}

int ks_map_put(struct ks_map *m, const char *key, size_t klen, void *val, void **old)
{
	uint64_t h = ks_hash(key, klen);
	struct ks_map_slot *s = find(m, key, klen, h);
	size_t i, mask;
	int r;

	if (old != NULL)
		*old = NULL;
	if (s != NULL) {
		if (old != NULL)
			*old = s->val;
		s->val = val;
		return 0;
	}
	if (m->cap == 0 || (m->used + 1) * 10 > m->cap * 7) {
		size_t ncap = m->cap ? m->cap : 16;

		while ((m->live + 1) * 10 > ncap * 5)
			ncap *= 2;
		if ((r = rehash(m, ncap)) != 0)
			return r;
	}
	mask = m->cap - 1;
	for (i = h & mask; live_slot(&m->slots[i]); i = (i + 1) & mask)
		;
	if (m->slots[i].key == NULL)
		m->used++;
	m->slots[i].key = key;
	m->slots[i].klen = klen;
	m->slots[i].hash = h;
	m->slots[i].val = val;
	m->live++;
	return 0;
}

void *ks_map_del(struct ks_map *m, const char *key, size_t klen)
{
	struct ks_map_slot *s = find(m, key, klen, ks_hash(key, klen));
	void *v;

	if (s == NULL)
		return NULL;
	v = s->val;
	s->key = TOMB;
	s->val = NULL;
	m->live--;
	return v;
}

bool ks_map_next(const struct ks_map *m, size_t *i, const char **key, size_t *klen,
	void **val)
{
	while (*i < m->cap) {
		const struct ks_map_slot *s = &m->slots[(*i)++];

		if (live_slot(s)) {
			if (key != NULL)
				*key = s->key;
			if (klen != NULL)
				*klen = s->klen;
			if (val != NULL)
				*val = s->val;
			return true;
		}
	}
	return false;
}
