/*
 * scan.c - orchestration: source -> layers -> analyzers -> merged view -> result.
 *
 * Image layers are analysed as the source streams them (in whatever order it finds them),
 * each into its own struct ks_lres keyed by blob; once the image is resolved the layers'
 * results are merged bottom-up and turned into the result: the OS, the OS packages with
 * the layer that introduced each, and the image metadata. Trees (rootfs, fs) are one
 * "layer" without whiteouts.
 */
#include "analyze/os_common.h"
#include "cache/lcache.h"
#include "db/update.h"
#include "detect/detect.h"
#include "detect/eol.h"
#include "kensa/kensa.h"
#include "layer/fetch.h"
#include "layer/layer.h"
#include "result.h"
#include "source/daemon.h"
#include "source/image.h"
#include "source/registry.h"
#include "util/buf.h"
#include "util/map.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scan {
	struct ks_ctx *cx;
	bool include_dev, comprehensive;
	const char *platform;
	const char *db_path;
	const struct kensa_options *o; /* NULL: defaults */
	struct ks_vfilter vf;
	struct ks_filter flt;
	struct ks_map lres; /* blob key -> struct ks_lres */
	uint64_t image_bytes;
	unsigned nblobs;
};

static int sink_blob(void *ud, const char *key, struct ks_blob *b, struct ks_blob_info *info)
{
	struct scan *s = ud;
	struct ks_lres *lr = ks_arena_calloc(&s->cx->arena, 1, sizeof(*lr));
	int r;

	if (lr == NULL)
		return KS_ENOMEM;
	ks_log(s->cx, KS_LOG_DEBUG, "analysing blob '%s'", key);
	lr->mode = KS_MODE_POST;
	if ((r = ks_layer_stream(s->cx, &s->flt, b, &s->image_bytes, lr, info)) != 0)
		return r;
	s->nblobs++;
	ks_progress(s->cx, "layers", s->nblobs, 0);
	return ks_map_put(&s->lres, key, strlen(key), lr, NULL);
}

/* Attribution key used by Trivy: a package "is the same" in a lower layer when name,
 * version and release match. */
static char *attr_key(struct ks_arena *a, const struct ks_pkg *p)
{
	return ks_arena_printf(a, "%s\x1f%s\x1f%s\x1f%d", p->name, p->version ? p->version : "",
		p->release ? p->release : "", p->epoch);
}

/* For each layer, the set of OS packages its databases list (visible or not). */
static int layer_sets(struct ks_ctx *cx, struct ks_lres *const *layers, size_t n,
	struct ks_map *sets)
{
	size_t i, j, k;

	for (i = 0; i < n; i++) {
		ks_map_init(&sets[i]);
		if (layers[i] == NULL)
			continue;
		for (j = 0; j < layers[i]->nfiles; j++) {
			const struct ks_lfile *lf = &layers[i]->files[j];

			if (lf->an == NULL || lf->an->kind != KS_AK_OSPKG)
				continue;
			for (k = 0; k < lf->res.npkgs; k++) {
				char *key;

				if (lf->res.pkgs[k].version == NULL)
					continue;
				if ((key = attr_key(&cx->arena, &lf->res.pkgs[k])) == NULL ||
					ks_map_put(&sets[i], key, strlen(key), key, NULL) != 0)
					return KS_ENOMEM;
			}
		}
	}
	return 0;
}

static int cmp_pkg(const void *a, const void *b)
{
	const struct ks_pkg *x = a, *y = b;
	int c;

	if ((c = strcmp(x->name, y->name)) != 0)
		return c;
	if ((c = strcmp(x->version ? x->version : "", y->version ? y->version : "")) != 0)
		return c;
	if ((c = strcmp(x->release ? x->release : "", y->release ? y->release : "")) != 0)
		return c;
	if ((c = strcmp(x->file_path ? x->file_path : "", y->file_path ? y->file_path : "")) != 0)
		return c;
	return strcmp(x->arch ? x->arch : "", y->arch ? y->arch : "");
}

/* True if a dpkg list name ("libc6" or "libc6:amd64") names package p. */
static bool list_names(const char *list, const struct ks_pkg *p)
{
	size_t n = strlen(p->name);

	if (strcmp(list, p->name) == 0)
		return true;
	return strncmp(list, p->name, n) == 0 && list[n] == ':' &&
		ks_streq(list + n + 1, p->arch);
}

/* dpkg's info/<name>[:arch].list files arrive as packages with a name and files only
 * (version NULL); their files belong to the installed package they name. The
 * usr/share/doc/<name>/copyright files arrive the same way with licences only; as Trivy's
 * applier does, those replace the licences of every OS package named exactly <name>. */
static void attach_lists(struct ks_pkg *pkgs, size_t n, const struct ks_merged *m)
{
	size_t i, j, k;

	for (i = 0; i < m->nfiles; i++) {
		const struct ks_lfile *lf = m->files[i].lf;
		bool lics = lf->an == &ks_analyzer_dpkg_copyright;

		if (lf->an->kind != KS_AK_OSPKG)
			continue;
		for (k = 0; k < lf->res.npkgs; k++) {
			const struct ks_pkg *l = &lf->res.pkgs[k];

			if (l->version != NULL || l->name == NULL)
				continue;
			for (j = 0; j < n; j++) {
				if (lics && strcmp(l->name, pkgs[j].name) == 0)
					pkgs[j].licenses = l->licenses;
				else if (!lics && list_names(l->name, &pkgs[j]))
					pkgs[j].files = l->files;
			}
		}
	}
}

/* Collects the visible OS packages into one sorted, de-duplicated array. */
static int collect_pkgs(struct ks_ctx *cx, const struct ks_merged *m, struct ks_pkg **out,
	size_t *nout)
{
	struct ks_pkg *pkgs;
	size_t i, k, n = 0, cap = 0, w;

	for (i = 0; i < m->nfiles; i++)
		if (m->files[i].lf->an->kind == KS_AK_OSPKG)
			cap += m->files[i].lf->res.npkgs;
	if ((pkgs = ks_arena_calloc(&cx->arena, cap ? cap : 1, sizeof(*pkgs))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < m->nfiles; i++) {
		const struct ks_lfile *lf = m->files[i].lf;

		if (lf->an->kind != KS_AK_OSPKG)
			continue;
		for (k = 0; k < lf->res.npkgs; k++) {
			if (lf->res.pkgs[k].version == NULL)
				continue;
			pkgs[n] = lf->res.pkgs[k];
			pkgs[n].analyzed_by = lf->an->name;
			n++;
		}
	}
	attach_lists(pkgs, n, m);
	if (n > 1)
		qsort(pkgs, n, sizeof(*pkgs), cmp_pkg);
	for (i = 0, w = 0; i < n; i++)
		if (w == 0 || !(cmp_pkg(&pkgs[w - 1], &pkgs[i]) == 0 &&
				      ks_streq(pkgs[w - 1].analyzed_by, pkgs[i].analyzed_by)))
			pkgs[w++] = pkgs[i];
	*out = pkgs;
	*nout = w;
	return 0;
}

static int cmp_mfile_layer(const void *a, const void *b)
{
	const struct ks_mfile *x = *(const struct ks_mfile *const *)a;
	const struct ks_mfile *y = *(const struct ks_mfile *const *)b;

	if (x->layer != y->layer)
		return x->layer < y->layer ? -1 : 1;
	return strcmp(x->lf->path, y->lf->path);
}

/* The OS named by the visible release files, chosen by ks_os_pick() from the candidates
 * in layer order (bottom first), as Trivy folds them. */
static int pick_os(struct ks_ctx *cx, const struct ks_merged *m, const struct ks_os **out)
{
	const struct ks_mfile **mf;
	const struct ks_os **c;
	size_t i, n = 0;

	*out = NULL;
	mf = ks_arena_calloc(&cx->arena, m->nfiles ? m->nfiles : 1, sizeof(*mf));
	c = ks_arena_calloc(&cx->arena, m->nfiles ? m->nfiles : 1, sizeof(*c));
	if (mf == NULL || c == NULL)
		return KS_ENOMEM;
	for (i = 0; i < m->nfiles; i++)
		if (m->files[i].lf->an->kind == KS_AK_OS && m->files[i].lf->res.os.family != NULL)
			mf[n++] = &m->files[i];
	qsort(mf, n, sizeof(*mf), cmp_mfile_layer);
	for (i = 0; i < n; i++)
		c[i] = &mf[i]->lf->res.os;
	*out = n ? ks_os_pick(c, n) : NULL;
	return 0;
}

struct lang_opts {
	bool include_dev, comprehensive;
};

/* Appends an empty target to res; NULL on out-of-memory. */
static struct ks_target *add_target(struct kensa_result *res, size_t *cap)
{
	struct ks_target *t = ks_arena_grow(&res->cx.arena, res->targets, res->ntargets, cap,
		res->ntargets + 1, sizeof(*t));

	if (t == NULL)
		return NULL;
	res->targets = t;
	memset(&t[res->ntargets], 0, sizeof(*t));
	return &t[res->ntargets++];
}

/* Installed language packages are reported per language (Trivy's aggregating types);
 * everything else per file. */
static const char *aggregate_name(const char *type)
{
	static const struct {
		const char *type, *target;
	} agg[] = { { "python-pkg", "Python" }, { "conda-pkg", "Conda" }, { "gemspec", "Ruby" },
		{ "node-pkg", "Node.js" }, { "jar", "Java" } };
	size_t i;

	for (i = 0; i < sizeof(agg) / sizeof(agg[0]); i++)
		if (ks_streq(agg[i].type, type))
			return agg[i].target;
	return NULL;
}

/* Trivy's package order: relationship (unknown last), name, version, file path. */
static int cmp_lang(const void *a, const void *b)
{
	const struct ks_pkg *x = a, *y = b;

	if (x->relationship != y->relationship) {
		if (x->relationship == KS_REL_UNKNOWN)
			return 1;
		if (y->relationship == KS_REL_UNKNOWN)
			return -1;
		return x->relationship < y->relationship ? -1 : 1;
	}
	return cmp_pkg(a, b);
}

static int push_pkgs(struct ks_ctx *cx, struct ks_target *t, size_t *cap,
	const struct ks_mfile *mf, bool aggregate)
{
	const struct ks_lfile *lf = mf->lf;
	struct ks_pkg *n;
	size_t k;

	n = ks_arena_grow(&cx->arena, t->pkgs, t->npkgs, cap, t->npkgs + lf->res.npkgs,
		sizeof(*n));
	if (n == NULL)
		return KS_ENOMEM;
	t->pkgs = n;
	for (k = 0; k < lf->res.npkgs; k++) {
		struct ks_pkg *p = &t->pkgs[t->npkgs++];

		*p = lf->res.pkgs[k];
		p->analyzed_by = lf->an->name;
		p->layer = mf->layer;
		if (aggregate && p->file_path == NULL)
			p->file_path = lf->path;
	}
	return 0;
}

/* The files OS packages installed (a set of paths), so language packages they installed
 * (Debian's python3-* in dist-packages, say) are not reported twice. */
static int os_files(const struct ks_target *os, struct ks_map *set)
{
	size_t i, j;

	for (i = 0; os != NULL && i < os->npkgs; i++)
		for (j = 0; j < os->pkgs[i].files.n; j++) {
			const char *f = os->pkgs[i].files.v[j];

			if (ks_map_put(set, f, strlen(f), (void *)f, NULL) != 0)
				return KS_ENOMEM;
		}
	return 0;
}

/* Drops development dependencies (unless asked for) and packages an OS package owns
 * (unless comprehensive), as Trivy does. */
static int prune(struct kensa_result *res, size_t first, const struct lang_opts *o)
{
	struct ks_map owned;
	size_t i, j, w;
	int r;

	ks_map_init(&owned);
	if (!o->comprehensive && first > 0 &&
		(r = os_files(&res->targets[0], &owned)) != 0) {
		ks_map_release(&owned);
		return r;
	}
	for (i = first; i < res->ntargets; i++) {
		struct ks_target *t = &res->targets[i];

		for (j = 0, w = 0; j < t->npkgs; j++) {
			const struct ks_pkg *p = &t->pkgs[j];

			if (p->dev && !o->include_dev)
				continue;
			if (p->file_path != NULL && owned.live > 0 &&
				ks_map_has(&owned, p->file_path, strlen(p->file_path)))
				continue;
			t->pkgs[w++] = *p;
		}
		t->npkgs = w;
	}
	/* a target left empty is not reported */
	for (i = first, w = first; i < res->ntargets; i++)
		if (res->targets[i].npkgs > 0)
			res->targets[w++] = res->targets[i];
	res->ntargets = w;
	ks_map_release(&owned);
	return 0;
}

/* One target per lock file, one per language for installed packages. */
static int lang_targets(struct kensa_result *res, const struct ks_merged *m, size_t *tcap,
	const struct lang_opts *o)
{
	struct ks_ctx *cx = &res->cx;
	size_t i, j, *caps;
	size_t first = res->ntargets;
	int r;

	if ((caps = ks_arena_calloc(&cx->arena, m->nfiles + 1, sizeof(*caps))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < m->nfiles; i++) {
		const struct ks_lfile *lf = m->files[i].lf;
		const char *agg = aggregate_name(lf->an->name);
		struct ks_target *t = NULL;

		if (lf->an->kind != KS_AK_LANG || lf->res.npkgs == 0)
			continue;
		for (j = first; agg != NULL && j < res->ntargets; j++)
			if (ks_streq(res->targets[j].name, agg))
				t = &res->targets[j];
		if (t == NULL) {
			if ((t = add_target(res, tcap)) == NULL)
				return KS_ENOMEM;
			t->name = agg ? agg : lf->path;
			t->klass = "lang-pkgs";
			t->type = lf->an->name;
		}
		if ((r = push_pkgs(cx, t, &caps[t - res->targets], &m->files[i], agg != NULL)) != 0)
			return r;
	}
	for (j = first; j < res->ntargets; j++)
		if (res->targets[j].npkgs > 1)
			qsort(res->targets[j].pkgs, res->targets[j].npkgs, sizeof(struct ks_pkg),
				cmp_lang);
	return prune(res, first, o);
}

static int os_target(struct kensa_result *res, struct ks_pkg *pkgs, size_t n, size_t *tcap)
{
	struct ks_ctx *cx = &res->cx;
	struct ks_target *t;

	if (!res->has_os) {
		/* as Trivy: OS packages are only reported with their OS; say so, though */
		if (n > 0 && ks_warn(cx, "found %zu OS packages but could not identify the "
			"operating system; they are not reported", n) != 0)
			return KS_ENOMEM;
		return 0;
	}
	if ((t = add_target(res, tcap)) == NULL)
		return KS_ENOMEM;
	t->klass = "os-pkgs";
	t->name = ks_arena_printf(&cx->arena, "%s (%s %s)", res->artifact_name, res->os.family,
		res->os.name ? res->os.name : "");
	t->type = res->os.family;
	if (t->name == NULL)
		return KS_ENOMEM;
	t->pkgs = pkgs;
	t->npkgs = n;
	return 0;
}

/* Builds the result from the analysed layers (n = 1 and img = NULL for trees). */
static int build(struct kensa_result *res, struct ks_lres *const *layers, size_t n,
	bool attribute, const struct lang_opts *lo)
{
	struct ks_ctx *cx = &res->cx;
	/* a scanned tree lets the join step read the files it is pointed at (pip includes) */
	struct ks_tree_reader tr = { ks_tree_read, (void *)cx->root };
	struct ks_merged m;
	struct ks_map *sets = NULL;
	const struct ks_os *os;
	struct ks_pkg *pkgs;
	size_t npkgs, i, l, tcap = 0;
	int r;

	if ((r = ks_layers_merge(cx, layers, n, &m)) != 0 ||
		(r = ks_layers_join_tree(cx, &m, cx->root != NULL ? &tr : NULL)) != 0)
		return r;
	if ((r = pick_os(cx, &m, &os)) != 0)
		return r;
	if (os != NULL) {
		char today[11];

		res->has_os = true;
		res->os = *os;
		ks_today(today);
		res->eosl = ks_os_eol(os->family, os->name, today) == 1;
	}
	if ((r = collect_pkgs(cx, &m, &pkgs, &npkgs)) != 0)
		return r;
	if (attribute) {
		if ((sets = calloc(n ? n : 1, sizeof(*sets))) == NULL)
			return KS_ENOMEM;
		if ((r = layer_sets(cx, layers, n, sets)) != 0)
			goto out;
		for (i = 0; i < npkgs; i++) {
			char *key = attr_key(&cx->arena, &pkgs[i]);

			if (key == NULL) {
				r = KS_ENOMEM;
				goto out;
			}
			for (l = 0; l < n; l++)
				if (ks_map_has(&sets[l], key, strlen(key))) {
					pkgs[i].layer = (int)l;
					break;
				}
		}
	}
	if ((r = os_target(res, pkgs, npkgs, &tcap)) == 0)
		r = lang_targets(res, &m, &tcap, lo);
out:
	if (sets != NULL)
		for (l = 0; l < n; l++)
			ks_map_release(&sets[l]);
	free(sets);
	return r;
}

static int image_meta(struct kensa_result *res, const struct ks_image *img)
{
	struct ks_ctx *cx = &res->cx;
	size_t i;

	res->artifact_type = "container_image";
	res->image_id = img->image_id;
	res->config_raw = img->config_raw;
	res->config_len = img->config_len;
	res->repo_tags = img->repo_tags;
	res->repo_digests = img->repo_digests;
	res->nlayers = img->nlayers;
	res->layers = ks_arena_calloc(&cx->arena, img->nlayers ? img->nlayers : 1,
		sizeof(*res->layers));
	if (res->layers == NULL)
		return KS_ENOMEM;
	for (i = 0; i < img->nlayers; i++) {
		const struct ks_layer *l = &img->layers[i];

		res->layers[i].digest = l->report_digest ? l->digest : NULL;
		res->layers[i].diffid = l->diffid;
		res->layers[i].created_by = l->created_by;
		res->layers[i].size = l->usize;
		res->size += l->usize;
		if (ks_strv_push(&cx->arena, &res->diffids, l->diffid) != 0)
			return KS_ENOMEM;
	}
	return 0;
}

/* Builds the result of an image whose layers the sink analysed into s->lres. */
static int scan_streamed(struct kensa_result *res, struct scan *s, const struct ks_image *img)
{
	struct ks_ctx *cx = &res->cx;
	struct ks_lres **layers;
	size_t i;
	int r;

	res->artifact_name = img->name;
	if ((r = image_meta(res, img)) != 0)
		return r;
	layers = ks_arena_calloc(&cx->arena, img->nlayers ? img->nlayers : 1, sizeof(*layers));
	if (layers == NULL)
		return KS_ENOMEM;
	for (i = 0; i < img->nlayers; i++)
		layers[i] = ks_map_get(&s->lres, img->layers[i].key, strlen(img->layers[i].key));
	return build(res, layers, img->nlayers, true, &(struct lang_opts){ s->include_dev,
								   s->comprehensive });
}

static int scan_image(struct kensa_result *res, struct scan *s, const char *target)
{
	struct ks_blob_sink sink = { s, sink_blob };
	struct ks_image *img = NULL;
	int r;

	if ((r = ks_image_open(&res->cx, target, s->platform, &sink, &img)) != 0)
		return r;
	return scan_streamed(res, s, img);
}

/* The layer cache unless --cache-backend memory; opening it may fail (a warning: the
 * scan goes on without it). *out is NULL then. */
static int open_cache(struct ks_ctx *cx, const struct kensa_options *o, struct ks_lcache **out)
{
	const char *dir, *path;
	int r;

	*out = NULL;
	if (o != NULL && o->no_layer_cache)
		return 0;
	dir = o != NULL && o->cache_dir != NULL ? o->cache_dir :
						  ks_db_default_cache_dir(&cx->arena);
	if (dir == NULL || (path = ks_lcache_path(&cx->arena, dir)) == NULL)
		return KS_ENOMEM;
	r = ks_lcache_open(cx, path, o != NULL ? o->cache_max_size : 0, out);
	if (r == KS_ENOMEM || r == 0)
		return r;
	r = ks_warn(cx, "layer cache: %s (scanning without it)", cx->err.msg);
	ks_err_clear(&cx->err);
	return r;
}

/* The registry options of the scan options. */
static void registry_opts(const struct scan *s, struct ks_registry_opts *ro)
{
	const struct kensa_options *o = s->o;

	memset(ro, 0, sizeof(*ro));
	ro->platform = s->platform;
	ro->http.retries = -1;
	if (o == NULL)
		return;
	ro->username = o->username;
	ro->password = o->password;
	ro->token = o->registry_token;
	ro->http.cafile = o->cacert;
	ro->http.insecure = o->insecure;
	ro->http.allow_http = o->insecure;
	if (o->timeout_ms > 0)
		ro->http.deadline_ms = ks_http_now_ms() + o->timeout_ms;
}

/* Analyses the layers of an image whose blobs open one by one (from the layer cache c
 * when it has them, else on the pool) and builds the result. */
static int scan_opened(struct kensa_result *res, struct scan *s, struct ks_image *img,
	struct ks_lcache *c)
{
	struct ks_ctx *cx = &res->cx;
	struct ks_lfetch_opts fo = { &s->flt, c, NULL, s->o ? s->o->parallel : 0 };
	struct ks_lres tmpl = { .mode = KS_MODE_POST };
	struct ks_lfetch_stats st;
	struct ks_lres **layers;
	int r;

	layers = ks_arena_calloc(&cx->arena, img->nlayers ? img->nlayers : 1, sizeof(*layers));
	if (layers == NULL)
		return KS_ENOMEM;
	if (c != NULL && (r = ks_lcache_fingerprint(cx, &tmpl, &s->flt, &fo.fingerprint)) != 0)
		return r;
	if ((r = ks_fetch_layers(cx, img, &fo, layers, &st)) != 0)
		return r;
	ks_log(cx, KS_LOG_DEBUG, "%zu layers from the cache, %zu fetched (%llu bytes)", st.cached,
		st.fetched, (unsigned long long)st.bytes);
	res->artifact_name = img->name;
	if ((r = image_meta(res, img)) != 0)
		return r;
	return build(res, layers, img->nlayers, true, &(struct lang_opts){ s->include_dev,
								   s->comprehensive });
}

/* The layer cache as the registry's config memo. */
static int memo_get(void *ud, struct ks_ctx *cx, const char *digest, char **data, size_t *len)
{
	return ks_lcache_blob_get(ud, cx, digest, data, len);
}

static int memo_put(void *ud, struct ks_ctx *cx, const char *digest, const void *data,
	size_t len)
{
	return ks_lcache_blob_put(ud, cx, digest, data, len);
}

/* The image from a registry. */
static int scan_remote(struct kensa_result *res, struct scan *s, const char *ref)
{
	struct ks_registry_opts ro;
	struct ks_image *img = NULL;
	int r;

	struct ks_lcache *c;

	registry_opts(s, &ro);
	if ((r = open_cache(&res->cx, s->o, &c)) != 0)
		return r;
	if (c != NULL)
		ro.memo = (struct ks_blob_memo){ memo_get, memo_put, c };
	if ((r = ks_registry_open(&res->cx, ref, &ro, &img)) == 0) {
		r = scan_opened(res, s, img, c);
		if (img->opener != NULL && img->opener->release != NULL)
			img->opener->release(img->opener->ud);
	}
	ks_lcache_close(c);
	return r;
}

/* The image exported by the Docker daemon or Podman; KS_EUNSUPPORTED when there is no
 * such engine, KS_ENOTFOUND when it does not have the image (the caller goes on). */
static int scan_daemon(struct kensa_result *res, struct scan *s, enum ks_daemon_kind kind,
	const char *ref)
{
	struct ks_daemon_opts d;
	struct ks_blob_sink sink = { s, sink_blob };
	struct ks_registry_opts ro;
	struct ks_image *img = NULL;
	int r;

	registry_opts(s, &ro);
	memset(&d, 0, sizeof(d));
	d.kind = kind;
	d.host = kind == KS_DAEMON_DOCKER && s->o != NULL ? s->o->docker_host : NULL;
	d.http = ro.http;
	if ((r = ks_daemon_open(&res->cx, &d, ref, &sink, &img)) != 0)
		return r;
	return scan_streamed(res, s, img);
}

/* Takes the next name of a comma-separated list into buf; false at the end. */
static bool next_src(const char **list, char *buf, size_t len)
{
	size_t n;

	while (**list == ',')
		(*list)++;
	if (**list == '\0')
		return false;
	n = strcspn(*list, ",");
	snprintf(buf, len, "%.*s", (int)n, *list);
	*list += n;
	return true;
}

/*
 * An image by name, from the first source that has it, in --image-src order (docker,
 * containerd, podman, remote by default, as Trivy): a source that is not there or does
 * not have the image passes to the next one; any other failure ends the scan. When no
 * source has it, the error names what each said.
 */
static int scan_ref(struct kensa_result *res, struct scan *s, const char *ref)
{
	struct ks_ctx *cx = &res->cx;
	const char *list = s->o != NULL && s->o->image_src != NULL ?
				   s->o->image_src : "docker,containerd,podman,remote";
	struct ks_buf why;
	char src[32];
	int r = KS_ENOTFOUND;

	ks_buf_init(&why, 4096);
	while (next_src(&list, src, sizeof(src))) {
		ks_err_clear(&cx->err);
		if (strcmp(src, "docker") == 0)
			r = scan_daemon(res, s, KS_DAEMON_DOCKER, ref);
		else if (strcmp(src, "podman") == 0)
			r = scan_daemon(res, s, KS_DAEMON_PODMAN, ref);
		else if (strcmp(src, "remote") == 0)
			r = scan_remote(res, s, ref);
		else
			r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "containerd: not supported by "
				"kensa (export the image with `ctr image export` and use --input)");
		if (r != KS_EUNSUPPORTED && r != KS_ENOTFOUND)
			break;
		/* "no engine" and "no such image" pass on to the next source (a message
		 * that does not fit any more is left out) */
		ks_log(cx, KS_LOG_DEBUG, "%s: %s", src, cx->err.msg);
		(void)ks_buf_addf(&why, "%s%s: %s", why.n ? "; " : "", src, cx->err.msg);
	}
	if (r == KS_EUNSUPPORTED || r == KS_ENOTFOUND)
		r = ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': no image source has it (%s)", ref,
			why.p ? why.p : "no source tried");
	ks_buf_release(&why);
	return r;
}

static int scan_tree(struct kensa_result *res, struct scan *s, const char *target,
	enum kensa_target kind)
{
	struct ks_ctx *cx = &res->cx;
	struct ks_lres *lr = ks_arena_calloc(&cx->arena, 1, sizeof(*lr));
	int r;

	if (lr == NULL)
		return KS_ENOMEM;
	/* fs and repo scan project trees: lock files only, never the OS packages of the host */
	if (kind != KENSA_TARGET_ROOTFS) {
		lr->kinds = 1u << KS_AK_LANG | 1u << KS_AK_AUX;
		lr->mode = KS_MODE_PRE;
	} else {
		lr->mode = KS_MODE_POST;
	}
	res->artifact_type = kind == KENSA_TARGET_REPO ? "repository" : "filesystem";
	if ((res->artifact_name = ks_arena_strdup(&cx->arena, target)) == NULL)
		return KS_ENOMEM;
	cx->root = res->artifact_name;
	if ((r = ks_tree_walk(cx, target, &s->flt, lr)) != 0)
		return r;
	return build(res, &lr, 1, false, &(struct lang_opts){ s->include_dev, s->comprehensive });
}

static void apply_options(struct ks_ctx *cx, struct scan *s, const struct kensa_options *o)
{
	if (o == NULL)
		return;
	cx->lim.max_image = o->max_image_size;
	if (o->max_file_size != 0)
		cx->lim.max_file = o->max_file_size;
	s->o = o;
	cx->log = o->log;
	cx->log_ud = o->log_ud;
	cx->log_level = o->log_level;
	cx->progress = o->progress;
	cx->progress_ud = o->progress_ud;
	s->flt.skip_files = o->skip_files;
	s->flt.nskip_files = o->nskip_files;
	s->flt.skip_dirs = o->skip_dirs;
	s->flt.nskip_dirs = o->nskip_dirs;
	s->platform = o->platform;
	s->db_path = o->db_path;
	s->include_dev = o->include_dev_deps;
	s->comprehensive = o->comprehensive;
	s->vf.severities = o->severities;
	s->vf.ignore_unfixed = o->ignore_unfixed;
	s->vf.ignore_statuses = o->ignore_statuses;
	s->vf.pkg_types = o->pkg_types;
	s->vf.ignorefile = o->ignorefile;
	s->vf.sort_by = o->sort_by;
}

/* Matches the result's packages against the vulnerability database, if one was named. */
static int detect(struct kensa_result *res, const struct scan *s)
{
	struct ks_db *db = NULL;
	int64_t t0 = ks_http_now_ms();
	size_t i, npkgs = 0, nvulns = 0;
	int r;

	if (s->db_path == NULL)
		return 0;
	if ((r = ks_db_open(&res->cx, s->db_path, &db)) != 0)
		return r;
	r = ks_detect_vulns(res, db);
	ks_db_close(db);
	if (r != 0)
		return r;
	for (i = 0; i < res->ntargets; i++) {
		npkgs += res->targets[i].npkgs;
		nvulns += res->targets[i].nvulns;
	}
	ks_log(&res->cx, KS_LOG_DEBUG, "detection: %zu packages, %zu findings in %lld ms", npkgs,
		nvulns, (long long)(ks_http_now_ms() - t0));
	return ks_filter_findings(res, &s->vf);
}

int kensa_scan(const struct kensa_options *opts, enum kensa_target kind, const char *target,
	kensa_result **out, char *errbuf, size_t errlen)
{
	struct kensa_result *res = calloc(1, sizeof(*res));
	struct scan s;
	int r;

	*out = NULL;
	if (res == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return KENSA_ENOMEM;
	}
	ks_ctx_init(&res->cx);
	memset(&s, 0, sizeof(s));
	s.cx = &res->cx;
	ks_map_init(&s.lres);
	apply_options(&res->cx, &s, opts);
	if (!ks_sort_known(s.vf.sort_by))
		r = ks_seterr(&res->cx.err, KS_EUSAGE, "unknown sort order '%s' (package, "
			"severity, epss, kev)", s.vf.sort_by);
	else if (kind == KENSA_TARGET_IMAGE)
		r = scan_image(res, &s, target);
	else if (kind == KENSA_TARGET_IMAGE_REF)
		r = scan_ref(res, &s, target);
	else if (kind == KENSA_TARGET_ROOTFS || kind == KENSA_TARGET_FS ||
		kind == KENSA_TARGET_REPO)
		r = scan_tree(res, &s, target, kind);
	else
		r = ks_seterr(&res->cx.err, KS_EUSAGE, "unknown target kind %d", (int)kind);
	ks_map_release(&s.lres);
	if (r == 0)
		r = detect(res, &s);
	if (r != 0) {
		snprintf(errbuf, errlen, "%s", res->cx.err.msg[0] ? res->cx.err.msg :
								     ks_strerror(r));
		kensa_result_free(res);
		return r;
	}
	*out = res;
	return 0;
}

/* Copies the strings of sv into one malloc'd NULL-terminated array. */
static char **strv_flatten(const struct ks_strv *sv)
{
	size_t i, bytes = (sv->n + 1) * sizeof(char *);
	char **v, *p;

	for (i = 0; i < sv->n; i++)
		bytes += strlen(sv->v[i]) + 1;
	if ((v = malloc(bytes)) == NULL)
		return NULL;
	p = (char *)(v + sv->n + 1);
	for (i = 0; i < sv->n; i++) {
		size_t n = strlen(sv->v[i]) + 1;

		memcpy(p, sv->v[i], n);
		v[i] = p;
		p += n;
	}
	v[sv->n] = NULL;
	return v;
}

int kensa_image_platforms(const struct kensa_options *opts, const char *ref, char ***out,
	char *errbuf, size_t errlen)
{
	struct ks_ctx cx;
	struct scan s;
	struct ks_registry_opts ro;
	struct ks_strv sv = { 0 };
	int r;

	*out = NULL;
	ks_ctx_init(&cx);
	memset(&s, 0, sizeof(s));
	apply_options(&cx, &s, opts);
	registry_opts(&s, &ro);
	if ((r = ks_registry_platforms(&cx, ref, &ro, &sv)) == 0 &&
		(*out = strv_flatten(&sv)) == NULL)
		r = ks_seterr(&cx.err, KS_ENOMEM, "out of memory");
	if (r != 0)
		snprintf(errbuf, errlen, "%s", cx.err.msg[0] ? cx.err.msg : ks_strerror(r));
	ks_ctx_release(&cx);
	return r;
}

void kensa_result_free(kensa_result *r)
{
	if (r == NULL)
		return;
	ks_ctx_release(&r->cx);
	free(r);
}

size_t kensa_result_nwarnings(const kensa_result *r)
{
	return r->cx.nwarns;
}

const char *kensa_result_warning(const kensa_result *r, size_t i)
{
	return i < r->cx.nwarns ? r->cx.warns[i] : NULL;
}

const char *kensa_version(void)
{
	return KENSA_VERSION;
}

const char *kensa_strerror(int code)
{
	return ks_strerror(code);
}
