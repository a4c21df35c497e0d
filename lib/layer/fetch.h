/*
 * fetch.h - the layers of an image whose blobs can be opened one by one (a registry):
 * taken from the layer cache when it has them, otherwise fetched and analysed on a pool
 * of threads, verified against the manifest and config, and stored in the cache.
 *
 * Each fetched layer is streamed by its own worker with its own context (arena, errors,
 * warnings); when every worker has finished, what they allocated moves into the caller's
 * arena and their warnings are recorded in layer order, so the result does not depend on
 * which layer finished first.
 */
#ifndef KS_LAYER_FETCH_H
#define KS_LAYER_FETCH_H

#include <stdint.h>

#include "cache/lcache.h"
#include "ctx.h"
#include "layer/layer.h"
#include "source/image.h"

struct ks_lfetch_opts {
	const struct ks_filter *flt; /* --skip-files / --skip-dirs */
	struct ks_lcache *cache;     /* NULL: no layer cache */
	const char *fingerprint;     /* ks_lcache_fingerprint() of the layers' settings */
	unsigned parallel;           /* workers; 0 = one per online core */
};

struct ks_lfetch_stats {
	size_t cached;   /* layers taken from the cache */
	size_t fetched;  /* layers downloaded and analysed */
	uint64_t bytes;  /* blob bytes downloaded */
};

/*
 * Fills layers[i] (cx->arena) for every layer of img, which must have an opener, and
 * sets img->layers[i].usize. A layer that is not in the cache is opened, streamed
 * through the analyzers (KS_MODE_POST) and must hash to the manifest's digest and the
 * config's DiffID (KS_EDIGEST otherwise); it is then stored in the cache (a cache
 * failure is a warning). Workers stop taking layers after the first failure; the error
 * returned is that of the lowest failing layer, with its message in cx->err. *st may be
 * NULL. Returns 0 or a negative KS_E* code.
 */
int ks_fetch_layers(struct ks_ctx *cx, struct ks_image *img, const struct ks_lfetch_opts *o,
	struct ks_lres **layers, struct ks_lfetch_stats *st);

#endif
