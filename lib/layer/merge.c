/* merge.c - applying analysed layers bottom-up into the final view; see layer.h. */
#include "layer/layer.h"
#include "util/map.h"
#include "util/path.h"

#include <stdlib.h>
#include <string.h>

/* The analysed files currently visible at one path. */
struct slot {
	int layer;
	uint64_t seq;
	struct ks_lfile **lf;
	size_t n, cap;
};

static void drop_under(struct ks_map *m, const char *dir, bool keep_dir)
{
	size_t i = 0;
	const char *k;
	size_t kl;

	while (ks_map_next(m, &i, &k, &kl, NULL)) {
		if (!ks_path_under(k, dir))
			continue;
		if (keep_dir && kl == strlen(dir))
			continue;
		ks_map_del(m, k, kl);
	}
}

static int place(struct ks_ctx *cx, struct ks_map *m, int layer, struct ks_lfile *lf)
{
	struct slot *s = ks_map_get(m, lf->path, strlen(lf->path));
	struct ks_lfile **nl;

	if (s == NULL || s->layer != layer || s->seq != lf->seq) {
		/* a new entry for this path replaces what lower layers (or an earlier entry
		 * of the same layer) put there */
		if ((s = ks_arena_calloc(&cx->arena, 1, sizeof(*s))) == NULL)
			return KS_ENOMEM;
		s->layer = layer;
		s->seq = lf->seq;
		if (ks_map_put(m, lf->path, strlen(lf->path), s, NULL) != 0)
			return KS_ENOMEM;
	}
	if (lf->an == NULL)
		return 0;
	nl = ks_arena_grow(&cx->arena, s->lf, s->n, &s->cap, s->n + 1, sizeof(*nl));
	if (nl == NULL)
		return KS_ENOMEM;
	s->lf = nl;
	s->lf[s->n++] = lf;
	return 0;
}

static int cmp_mfile(const void *a, const void *b)
{
	const struct ks_mfile *x = a, *y = b;
	int c = strcmp(x->lf->path, y->lf->path);

	if (c != 0)
		return c;
	return x->lf < y->lf ? -1 : x->lf > y->lf;
}

int ks_layers_merge(struct ks_ctx *cx, struct ks_lres *const *layers, size_t n,
	struct ks_merged *out)
{
	struct ks_map m;
	struct ks_mfile *files = NULL;
	size_t i, j, count = 0, it;
	const char *k;
	void *v;
	int r = KS_ENOMEM;

	ks_map_init(&m);
	for (i = 0; i < n; i++) {
		struct ks_lres *lr = layers[i];

		if (lr == NULL)
			continue;
		for (j = 0; j < lr->opaques.n; j++)
			drop_under(&m, lr->opaques.v[j], true);
		for (j = 0; j < lr->whiteouts.n; j++)
			drop_under(&m, lr->whiteouts.v[j], false);
		for (j = 0; j < lr->nfiles; j++)
			if ((r = place(cx, &m, (int)i, &lr->files[j])) != 0)
				goto out;
	}
	it = 0;
	while (ks_map_next(&m, &it, NULL, NULL, &v))
		count += ((struct slot *)v)->n;
	if (count > 0 && (files = ks_arena_calloc(&cx->arena, count, sizeof(*files))) == NULL)
		goto out;
	it = 0;
	count = 0;
	while (ks_map_next(&m, &it, &k, NULL, &v)) {
		struct slot *s = v;

		for (j = 0; j < s->n; j++) {
			files[count].lf = s->lf[j];
			files[count].layer = s->layer;
			count++;
		}
	}
	if (count > 1)
		qsort(files, count, sizeof(*files), cmp_mfile);
	out->files = files;
	out->nfiles = count;
	r = 0;
out:
	ks_map_release(&m);
	return r;
}
