/*
 * join.c - steps that complete a lock file's result with its companion files, once every
 * file of the tree is analysed (see layer.h, analyze/companion.c):
 *
 *   poetry.lock    + pyproject.toml beside it   relationships and dev groups
 *   composer.lock  + composer.json beside it    direct / indirect
 *   go.mod         + go.sum beside it           indirect modules of Go < 1.17 modules
 *   Cargo.lock     + Cargo.toml beside it and its workspace members' manifests
 *                                               root, members, direct / indirect
 *   yarn.lock      + package.json beside it and its workspaces' package.json files
 *                                               root, workspaces, direct / indirect, dev
 *   npm, yarn, pnpm, bun lock files + the package.json files under node_modules beside
 *                                               them: licences of the packages
 *
 * A companion that does not parse is a warning naming it; the lock file's result stays
 * as its analyzer left it.
 */
#include "analyze/cargo.h"
#include "analyze/gomod.h"
#include "analyze/lang_extra.h"
#include "analyze/python.h"
#include "layer/layer.h"
#include "util/str.h"

#include <fnmatch.h>
#include <string.h>

#include "util/banned.h"

/* A lock file analyzer, the companion file name it is joined with, and the step. */
struct beside {
	const struct ks_analyzer *lock;
	const char *name;
	int (*join)(struct ks_ctx *cx, struct ks_ares *lock, const struct ks_file *f);
};

static const struct beside besides[] = {
	{ &ks_analyzer_poetry, "pyproject.toml", ks_poetry_pyproject },
	{ &ks_analyzer_composer, "composer.json", ks_lang_composer_json },
	{ &ks_analyzer_gomod, "go.sum", ks_gomod_merge_sum },
};

static const struct ks_analyzer *const node_locks[] = {
	&ks_analyzer_npm, &ks_analyzer_yarn, &ks_analyzer_pnpm, &ks_analyzer_bun,
};

/* Index of the first merged file whose path is not below key in byte order. */
static size_t lower_bound(const struct ks_merged *m, const char *key)
{
	size_t lo = 0, hi = m->nfiles;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(m->files[mid].lf->path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The kept companion at path, or NULL. */
static const struct ks_lfile *companion_at(const struct ks_merged *m, const char *path)
{
	size_t i;

	for (i = lower_bound(m, path); i < m->nfiles && strcmp(m->files[i].lf->path, path) == 0;
		i++)
		if (m->files[i].lf->an == &ks_analyzer_companion)
			return m->files[i].lf;
	return NULL;
}

/* "dir/name" for the directory of lock_path ("name" at the root); NULL on ENOMEM. */
static char *sibling(struct ks_ctx *cx, const char *lock_path, const char *name)
{
	const char *slash = strrchr(lock_path, '/');
	int dirlen = slash ? (int)(slash - lock_path) + 1 : 0;

	return ks_arena_printf(&cx->arena, "%.*s%s", dirlen, lock_path, name);
}

/* Turns a companion's parse failure into a warning; passes KS_ENOMEM on. */
static int warn_failed(struct ks_ctx *cx, int r)
{
	if (r == 0 || r == KS_ENOMEM)
		return r;
	r = ks_warn(cx, "%s", cx->err.msg);
	ks_err_clear(&cx->err);
	return r;
}

static int join_beside(struct ks_ctx *cx, const struct ks_merged *m, struct ks_lfile *lock,
	const struct beside *b)
{
	const struct ks_lfile *c;
	char *path = sibling(cx, lock->path, b->name);

	if (path == NULL)
		return KS_ENOMEM;
	if ((c = companion_at(m, path)) == NULL)
		return 0;
	return warn_failed(cx, b->join(cx, &lock->res,
		&(struct ks_file){ c->path, c->res.kept, c->res.nkept }));
}

/* The installed packages of the package.json files under the node_modules beside
 * lock_path, parsed as node-pkg parses them, into *out. */
static int installed_beside(struct ks_ctx *cx, const struct ks_merged *m,
	const char *lock_path, struct ks_ares *out)
{
	char *prefix = sibling(cx, lock_path, "node_modules/");
	size_t i, plen;
	int r;

	if (prefix == NULL)
		return KS_ENOMEM;
	plen = strlen(prefix);
	for (i = lower_bound(m, prefix);
		i < m->nfiles && strncmp(m->files[i].lf->path, prefix, plen) == 0; i++) {
		const struct ks_lfile *c = m->files[i].lf;
		size_t before = out->npkgs;

		if (c->an != &ks_analyzer_companion ||
			!ks_analyzer_node_pkg.wants(c->path, strlen(c->path)))
			continue;
		r = ks_analyzer_node_pkg.parse(cx,
			&(struct ks_file){ c->path, c->res.kept, c->res.nkept }, out);
		if (r != 0)
			out->npkgs = before;
		if ((r = warn_failed(cx, r)) != 0)
			return r;
	}
	return 0;
}

/* ks_cargo_tree over the kept companions: those whose path matches pattern, in order. */
static int cargo_glob(void *ud, const char *pattern,
	int (*fn)(void *fud, const struct ks_file *f), void *fud)
{
	const struct ks_merged *m = ud;
	size_t i;
	int r;

	for (i = 0; i < m->nfiles; i++) {
		const struct ks_lfile *c = m->files[i].lf;

		if (c->an != &ks_analyzer_companion || fnmatch(pattern, c->path, FNM_PATHNAME) != 0)
			continue;
		if ((r = fn(fud, &(struct ks_file){ c->path, c->res.kept, c->res.nkept })) != 0)
			return r;
	}
	return 0;
}

static int join_cargo(struct ks_ctx *cx, const struct ks_merged *m, struct ks_lfile *lock)
{
	const struct ks_cargo_tree tree = { cargo_glob, (void *)m };
	const struct ks_lfile *c;
	char *path = sibling(cx, lock->path, "Cargo.toml");

	if (path == NULL)
		return KS_ENOMEM;
	if ((c = companion_at(m, path)) == NULL)
		return 0;
	return warn_failed(cx, ks_cargo_manifest(cx, &lock->res,
		&(struct ks_file){ c->path, c->res.kept, c->res.nkept }, &tree));
}

/* ks_lang_tree over the kept companions: those at dir or below it. */
static int companions_under(void *ud, const char *dir,
	int (*fn)(void *fud, const struct ks_file *f), void *fud)
{
	const struct ks_merged *m = ud;
	size_t i, dlen = strlen(dir);
	int r;

	for (i = lower_bound(m, dir);
		i < m->nfiles && strncmp(m->files[i].lf->path, dir, dlen) == 0; i++) {
		const struct ks_lfile *c = m->files[i].lf;

		if (c->an != &ks_analyzer_companion ||
			(dlen > 0 && c->path[dlen] != '\0' && c->path[dlen] != '/'))
			continue;
		if ((r = fn(fud, &(struct ks_file){ c->path, c->res.kept, c->res.nkept })) != 0)
			return r;
	}
	return 0;
}

static int join_yarn(struct ks_ctx *cx, const struct ks_merged *m, struct ks_lfile *lock)
{
	const struct ks_lang_tree tree = { companions_under, (void *)m };
	const struct ks_lfile *c;
	char *path = sibling(cx, lock->path, "package.json");

	if (path == NULL)
		return KS_ENOMEM;
	if ((c = companion_at(m, path)) == NULL)
		return 0;
	return warn_failed(cx, ks_lang_yarn_package_json(cx, &lock->res,
		&(struct ks_file){ c->path, c->res.kept, c->res.nkept }, &tree));
}

static int join_node(struct ks_ctx *cx, const struct ks_merged *m, struct ks_lfile *lock)
{
	struct ks_ares installed = { 0 };
	int r;

	if ((r = installed_beside(cx, m, lock->path, &installed)) != 0)
		return r;
	if (installed.npkgs == 0)
		return 0;
	return ks_lang_node_licenses(cx, &lock->res, lock->path, installed.pkgs,
		installed.npkgs);
}

int ks_layers_join(struct ks_ctx *cx, const struct ks_merged *m)
{
	size_t i, j;
	int r;

	for (i = 0; i < m->nfiles; i++) {
		struct ks_lfile *lf = m->files[i].lf;

		if (lf->an == NULL || lf->an->kind != KS_AK_LANG || lf->res.npkgs == 0)
			continue;
		for (j = 0; j < sizeof(besides) / sizeof(besides[0]); j++)
			if (lf->an == besides[j].lock &&
				(r = join_beside(cx, m, lf, &besides[j])) != 0)
				return r;
		if (lf->an == &ks_analyzer_cargo && (r = join_cargo(cx, m, lf)) != 0)
			return r;
		if (lf->an == &ks_analyzer_yarn && (r = join_yarn(cx, m, lf)) != 0)
			return r;
		for (j = 0; j < sizeof(node_locks) / sizeof(node_locks[0]); j++)
			if (lf->an == node_locks[j] && (r = join_node(cx, m, lf)) != 0)
				return r;
	}
	return 0;
}
