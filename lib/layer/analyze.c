/* analyze.c - running analyzers on the files of one layer; see layer.h. */
#include "layer/layer.h"
#include "util/str.h"

#include <fnmatch.h>
#include <string.h>

static bool runs(const struct ks_lres *lr, const struct ks_analyzer *an, unsigned perm)
{
	return (lr->kinds == 0 || (lr->kinds & (1u << an->kind)) != 0) &&
		(lr->mode == 0 || an->modes == 0 || (an->modes & lr->mode) != 0) &&
		(!an->exec_only || (perm & 0111u) != 0);
}

static const struct ks_analyzer *const *set_of(const struct ks_lres *lr)
{
	return lr->set != NULL ? lr->set : ks_analyzers;
}

bool ks_any_wants(const struct ks_lres *lr, const char *path, size_t len, unsigned perm)
{
	const struct ks_analyzer *const *set = set_of(lr);
	size_t i;

	for (i = 0; set[i] != NULL; i++)
		if (runs(lr, set[i], perm) && set[i]->wants(path, len))
			return true;
	return false;
}

static struct ks_lfile *add_lfile(struct ks_ctx *cx, struct ks_lres *lr)
{
	struct ks_lfile *nf = ks_arena_grow(&cx->arena, lr->files, lr->nfiles, &lr->capfiles,
		lr->nfiles + 1, sizeof(*nf));

	if (nf == NULL)
		return NULL;
	lr->files = nf;
	memset(&nf[lr->nfiles], 0, sizeof(nf[0]));
	return &nf[lr->nfiles];
}

int ks_lres_mask(struct ks_ctx *cx, struct ks_lres *lr, const char *path)
{
	struct ks_lfile *lf = add_lfile(cx, lr);

	if (lf == NULL || (lf->path = ks_arena_strdup(&cx->arena, path)) == NULL)
		return KS_ENOMEM;
	lf->seq = lr->entries;
	lr->nfiles++;
	return 0;
}

/* A copy of src's results (packages duplicated, their strings shared) under path. */
static int copy_lfile(struct ks_ctx *cx, struct ks_lres *lr, size_t src, const char *path)
{
	struct ks_lfile *lf = add_lfile(cx, lr);
	struct ks_pkg *pkgs = NULL;
	const struct ks_lfile *from;

	if (lf == NULL)
		return KS_ENOMEM;
	from = &lr->files[src];
	if (from->res.npkgs > 0 &&
		(pkgs = ks_arena_calloc(&cx->arena, from->res.npkgs, sizeof(*pkgs))) == NULL)
		return KS_ENOMEM;
	if (pkgs != NULL)
		memcpy(pkgs, from->res.pkgs, from->res.npkgs * sizeof(*pkgs));
	*lf = *from;
	lf->path = path;
	lf->seq = lr->entries;
	lf->res.pkgs = pkgs;
	lf->res.cappkgs = lf->res.npkgs;
	lr->nfiles++;
	return 0;
}

int ks_lres_link(struct ks_ctx *cx, struct ks_lres *lr, const char *path, const char *target)
{
	size_t i, n = lr->nfiles;
	int r;

	if ((r = ks_lres_mask(cx, lr, path)) != 0)
		return r;
	path = lr->files[lr->nfiles - 1].path;
	for (i = 0; i < n; i++)
		if (lr->files[i].an != NULL && strcmp(lr->files[i].path, target) == 0 &&
			(r = copy_lfile(cx, lr, i, path)) != 0)
			return r;
	return 0;
}

int ks_lres_analyze(struct ks_ctx *cx, struct ks_lres *lr, const char *path, unsigned perm,
	const uint8_t *data, size_t size)
{
	const struct ks_analyzer *const *set = set_of(lr);
	size_t len = strlen(path), i;
	const char *apath = NULL;

	for (i = 0; set[i] != NULL; i++) {
		const struct ks_analyzer *an = set[i];
		struct ks_file f;
		struct ks_lfile *lf;
		int r;

		if (!runs(lr, an, perm) || !an->wants(path, len))
			continue;
		if (an->max_size != 0 && size > an->max_size) {
			if (ks_warn(cx, "%s: '%s': file is %zu bytes, over the %llu-byte limit; "
				"skipped", an->name, path, size,
				(unsigned long long)an->max_size) != 0)
				return KS_ENOMEM;
			continue;
		}
		if (apath == NULL && (apath = ks_arena_strdup(&cx->arena, path)) == NULL)
			return KS_ENOMEM;
		if ((lf = add_lfile(cx, lr)) == NULL)
			return KS_ENOMEM;
		lf->path = apath;
		lf->an = an;
		lf->seq = lr->entries;
		f.path = apath;
		f.data = data;
		f.size = size;
		ks_err_clear(&cx->err);
		r = an->parse(cx, &f, &lf->res);
		if (r == KS_ENOMEM)
			return r;
		if (r != 0) {
			/* one corrupt file is a warning in the report, not a failed scan */
			if (ks_warn(cx, "%s", cx->err.msg[0] ? cx->err.msg : ks_strerror(r)) != 0)
				return KS_ENOMEM;
			memset(&lf->res, 0, sizeof(lf->res));
			continue;
		}
		lr->nfiles++;
	}
	return 0;
}

/* Strips a leading "/" or "./" from a user pattern. */
static const char *pat_norm(const char *pat)
{
	while (pat[0] == '/' || (pat[0] == '.' && pat[1] == '/'))
		pat += pat[0] == '/' ? 1 : 2;
	return pat;
}

/* Matches pattern components against path components; "**" matches zero or more. */
static bool glob_rec(const char *pat, const char *path)
{
	const char *pslash, *fslash;
	char pc[1024], fc[1024];
	size_t pn, fn;

	if (*pat == '\0')
		return *path == '\0';
	pslash = strchr(pat, '/');
	pn = pslash ? (size_t)(pslash - pat) : strlen(pat);
	if (pn == 2 && pat[0] == '*' && pat[1] == '*') {
		const char *rest = pslash ? pslash + 1 : "";
		const char *p = path;

		for (;;) {
			if (glob_rec(rest, p))
				return true;
			if (*p == '\0')
				return false;
			p = strchr(p, '/');
			p = p ? p + 1 : "";
			if (*rest == '\0')
				return true;
		}
	}
	if (*path == '\0')
		return false;
	fslash = strchr(path, '/');
	fn = fslash ? (size_t)(fslash - path) : strlen(path);
	if (pn >= sizeof(pc) || fn >= sizeof(fc))
		return false;
	memcpy(pc, pat, pn);
	pc[pn] = '\0';
	memcpy(fc, path, fn);
	fc[fn] = '\0';
	if (fnmatch(pc, fc, 0) != 0)
		return false;
	if (pslash == NULL)
		return fslash == NULL;
	if (fslash == NULL)
		return glob_rec(pslash + 1, "");
	return glob_rec(pslash + 1, fslash + 1);
}

bool ks_glob_match(const char *pat, const char *path)
{
	return glob_rec(pat_norm(pat), path);
}

bool ks_filter_skips(const struct ks_filter *f, const char *path, bool is_dir)
{
	char dir[4096];
	size_t i, n;

	if (f == NULL)
		return false;
	if (!is_dir)
		for (i = 0; i < f->nskip_files; i++)
			if (ks_glob_match(f->skip_files[i], path))
				return true;
	if (f->nskip_dirs == 0)
		return false;
	/* the path itself (if a directory) and every parent directory */
	n = strlen(path);
	if (n >= sizeof(dir))
		return false;
	memcpy(dir, path, n + 1);
	if (!is_dir) {
		char *s = strrchr(dir, '/');
		if (s == NULL)
			return false;
		*s = '\0';
	}
	for (;;) {
		char *s;

		for (i = 0; i < f->nskip_dirs; i++)
			if (ks_glob_match(f->skip_dirs[i], dir))
				return true;
		if ((s = strrchr(dir, '/')) == NULL)
			return false;
		*s = '\0';
	}
}
