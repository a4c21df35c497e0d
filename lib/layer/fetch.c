/* fetch.c - cached, parallel, verified layers of an image with a blob opener; see fetch.h. */
#include "layer/fetch.h"
#include "util/sha256.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WORKERS 64

/* One layer to fetch: its own context, so workers share nothing but the queue. */
struct job {
	size_t layer;
	struct ks_ctx cx;
	struct ks_lres *lr;
	struct ks_blob_info info;
	int rc;
	const char *cache_warn; /* a failed cache store, recorded after the layer's warnings */
};

struct pool {
	struct ks_image *img;
	const struct ks_lfetch_opts *o;
	struct job *jobs;
	size_t njobs;
	size_t next;    /* next job to take */
	size_t done;
	bool failed;    /* stop taking jobs */
	uint64_t image_bytes;
	struct ks_ctx *cx; /* the caller's: progress only, under mu */
	pthread_mutex_t mu;
};

/*
 * After a layer failed to decompress or parse: opens the blob again and hashes it, so a
 * blob that is not what the manifest names is reported as such (KS_EDIGEST) rather than
 * as the damage it causes. Returns 0 when the blob does match (the original error
 * stands), KS_EDIGEST, or the error of reading it again.
 */
static int recheck_digest(struct pool *p, struct job *j)
{
	struct ks_layer *l = &p->img->layers[j->layer];
	struct ks_blob_info bi;
	struct ks_sha256 h;
	struct ks_blob b;
	uint8_t *buf;
	ssize_t n = 0;
	int r;

	memset(&bi, 0, sizeof(bi));
	memset(&b, 0, sizeof(b));
	if (l->digest == NULL || (buf = malloc(65536)) == NULL)
		return 0;
	if ((r = ks_sha256_init(&h)) != 0) {
		free(buf);
		return r;
	}
	ks_err_clear(&j->cx.err);
	if ((r = p->img->opener->open(p->img->opener->ud, &j->cx, j->layer, &b)) == 0) {
		/* a blob longer than the manifest says cannot match: stop one chunk past it */
		while ((n = b.read(b.h, buf, 65536)) > 0 && (l->size == 0 ||
								   bi.size <= l->size)) {
			ks_sha256_update(&h, buf, (size_t)n);
			bi.size += (uint64_t)n;
		}
		if (b.close != NULL)
			b.close(b.h);
	}
	free(buf);
	if (ks_sha256_final(&h, bi.digest) != 0 && r == 0)
		r = KS_ENOMEM;
	if (r != 0 || n < 0)
		return r != 0 ? r : (int)n;
	/* the digest is the first thing ks_layer_check() compares */
	return strcmp(bi.digest, l->digest) == 0 ? 0 :
						   ks_layer_check(&j->cx, p->img->name, j->layer, l, &bi);
}

/* Opens, streams, verifies and caches one layer, all in the job's context. */
static int fetch_one(struct pool *p, struct job *j)
{
	struct ks_layer *l = &p->img->layers[j->layer];
	struct ks_blob b;
	int r;

	memset(&b, 0, sizeof(b));
	if ((j->lr = ks_arena_calloc(&j->cx.arena, 1, sizeof(*j->lr))) == NULL)
		return KS_ENOMEM;
	j->lr->mode = KS_MODE_POST;
	ks_log(&j->cx, KS_LOG_DEBUG, "fetching layer %zu (%s)", j->layer + 1, l->digest);
	if ((r = p->img->opener->open(p->img->opener->ud, &j->cx, j->layer, &b)) != 0)
		return r;
	r = ks_layer_stream(&j->cx, p->o->flt, &b, &p->image_bytes, j->lr, &j->info);
	if (b.close != NULL)
		b.close(b.h);
	if (r == KS_EUNSUPPORTED || r == KS_ECORRUPT || r == KS_ETRUNC) {
		struct ks_err first = j->cx.err;
		int d = recheck_digest(p, j);

		if (d != 0)
			return d;
		j->cx.err = first;
		if (r == KS_EUNSUPPORTED)
			return ks_seterr(&j->cx.err, KS_ECORRUPT, "'%s': layer %zu (%s) is not a "
				"tar archive", p->img->name, j->layer + 1, l->digest);
		return r;
	}
	if (r != 0 || (r = ks_layer_check(&j->cx, p->img->name, j->layer, l, &j->info)) != 0)
		return r;
	if (p->o->cache != NULL && ks_lcache_put(p->o->cache, &j->cx, p->o->fingerprint, j->lr,
					   j->cx.warns, j->cx.nwarns, &j->info) != 0) {
		j->cache_warn = ks_arena_printf(&j->cx.arena, "layer cache: %s", j->cx.err.msg);
		ks_err_clear(&j->cx.err);
		if (j->cache_warn == NULL)
			return KS_ENOMEM;
	}
	return 0;
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct job *j;

		pthread_mutex_lock(&p->mu);
		if (p->failed || p->next == p->njobs) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		j = &p->jobs[p->next++];
		pthread_mutex_unlock(&p->mu);
		j->rc = fetch_one(p, j);
		pthread_mutex_lock(&p->mu);
		if (j->rc != 0)
			p->failed = true;
		p->done++;
		ks_progress(p->cx, "layers", p->done, p->njobs);
		pthread_mutex_unlock(&p->mu);
	}
}

static unsigned workers_for(const struct ks_lfetch_opts *o, size_t njobs)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = o->parallel != 0 ? o->parallel : cores > 0 ? (size_t)cores : 1;

	if (n > njobs)
		n = njobs;
	return (unsigned)(n > MAX_WORKERS ? MAX_WORKERS : n);
}

/* Runs the jobs on the pool; the calling thread is one of the workers. */
static void run_pool(struct pool *p, unsigned nworkers)
{
	pthread_t tids[MAX_WORKERS];
	unsigned started = 0, i;

	while (started + 1 < nworkers && pthread_create(&tids[started], NULL, worker, p) == 0)
		started++;
	worker(p);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}

/* Looks layer i up in the cache: 1 and layers[i] set on a hit, 0 on a miss. */
static int from_cache(struct ks_ctx *cx, struct ks_image *img, const struct ks_lfetch_opts *o,
	size_t i, struct ks_lres **layers)
{
	struct ks_layer *l = &img->layers[i];
	struct ks_lres *lr = ks_arena_calloc(&cx->arena, 1, sizeof(*lr));
	struct ks_strv warns = { 0 };
	struct ks_blob_info info;
	size_t w;
	int r;

	if (lr == NULL)
		return KS_ENOMEM;
	r = ks_lcache_get(o->cache, cx, l->diffid, l->digest, o->fingerprint, lr, &warns, &info);
	if (r == KS_ENOMEM)
		return r;
	if (r < 0) {
		r = ks_warn(cx, "layer cache: %s", cx->err.msg);
		ks_err_clear(&cx->err);
		return r;
	}
	if (r == 0 || l->diffid == NULL || strcmp(info.diffid, l->diffid) != 0)
		return 0;
	for (w = 0; w < warns.n; w++)
		if ((r = ks_warn(cx, "%s", warns.v[w])) != 0)
			return r;
	l->usize = info.usize;
	layers[i] = lr;
	return 1;
}

/* Moves the finished jobs into the caller's context in layer order; the first failure
 * wins. Releases every job's context. */
static int collect(struct ks_ctx *cx, struct pool *p, struct ks_lres **layers,
	struct ks_lfetch_stats *st)
{
	int rc = 0;
	size_t i, w;

	for (i = 0; i < p->njobs; i++) {
		struct job *j = &p->jobs[i];

		if (rc == 0 && j->rc != 0) {
			rc = j->rc;
			cx->err = j->cx.err;
			cx->err.code = rc;
		}
		if (rc == 0 && j->lr != NULL) {
			for (w = 0; w < j->cx.nwarns && rc == 0; w++)
				rc = ks_warn(cx, "%s", j->cx.warns[w]);
			if (rc == 0 && j->cache_warn != NULL)
				rc = ks_warn(cx, "%s", j->cache_warn);
			layers[j->layer] = j->lr;
			st->fetched++;
			st->bytes += j->info.size;
			ks_arena_adopt(&cx->arena, &j->cx.arena);
		}
		ks_ctx_release(&j->cx);
	}
	return rc;
}

int ks_fetch_layers(struct ks_ctx *cx, struct ks_image *img, const struct ks_lfetch_opts *o,
	struct ks_lres **layers, struct ks_lfetch_stats *st)
{
	struct ks_lfetch_stats dummy;
	struct pool p;
	size_t i;
	int r = KS_EINTERNAL;

	if (st == NULL)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	memset(&p, 0, sizeof(p));
	p.img = img;
	p.o = o;
	p.cx = cx;
	if ((p.jobs = calloc(img->nlayers ? img->nlayers : 1, sizeof(*p.jobs))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < img->nlayers; i++) {
		if (o->cache != NULL && (r = from_cache(cx, img, o, i, layers)) != 0) {
			if (r < 0)
				goto out;
			st->cached++;
			continue;
		}
		p.jobs[p.njobs].layer = i;
		ks_ctx_init(&p.jobs[p.njobs].cx);
		p.jobs[p.njobs].cx.lim = cx->lim;
		p.jobs[p.njobs].cx.log = cx->log;
		p.jobs[p.njobs].cx.log_ud = cx->log_ud;
		p.jobs[p.njobs].cx.log_level = cx->log_level;
		p.njobs++;
	}
	if (p.njobs > 0) {
		if (pthread_mutex_init(&p.mu, NULL) != 0) {
			r = ks_seterr(&cx->err, KS_ENOMEM, "cannot create a mutex");
			goto out;
		}
		run_pool(&p, workers_for(o, p.njobs));
		pthread_mutex_destroy(&p.mu);
	}
	r = collect(cx, &p, layers, st);
	p.njobs = 0;
out:
	for (i = 0; i < p.njobs; i++)
		ks_ctx_release(&p.jobs[i].cx);
	free(p.jobs);
	return r;
}
