/*
 * companion.c - files a lock file's analysis is joined with ("companion"), kept whole
 * for the steps of layer/join.c in project-tree scans: the pyproject.toml next to a
 * poetry.lock, the composer.json next to a composer.lock, the go.sum next to a go.mod,
 * every Cargo.toml (a Cargo.lock's manifest and its workspace members') and every
 * package.json (the manifest next to a yarn.lock, the installed packages under a lock
 * file's node_modules whose licences npm, yarn, pnpm and bun results take). Trivy's
 * lock-file analyzers read the same files from the tree.
 *
 * Reports no packages; a companion that does not parse becomes a warning when it is
 * joined, naming the file.
 */
#include "analyze/analyzer.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

static const char *const names[] = { "pyproject.toml", "composer.json", "package.json", "go.sum",
	"Cargo.toml" };

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };
	ptrdiff_t slash = ks_str_rchr(p, '/');
	struct ks_str base = ks_str_sub(p, (size_t)(slash + 1), len);
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ks_str_eq(base, names[i]))
			return true;
	return false;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	uint8_t *copy = ks_arena_alloc(&cx->arena, f->size + 1);

	if (copy == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	memcpy(copy, f->data, f->size);
	copy[f->size] = '\0';
	out->kept = copy;
	out->nkept = f->size;
	return 0;
}

const struct ks_analyzer ks_analyzer_companion = {
	.name = "companion",
	.kind = KS_AK_AUX,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 8u << 20,
	.wants = wants,
	.parse = parse,
};
