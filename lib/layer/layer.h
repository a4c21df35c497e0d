/*
 * layer.h - per-layer analysis and the merged view of an image's layers.
 *
 * A layer (or a whole root filesystem) is analysed on its own into a struct ks_lres: the
 * results of every analyzer on every wanted file, plus the layer's whiteouts. Results are
 * independent of the layer's position, so layers can be analysed in any order (and later
 * cached by DiffID); ks_layers_merge() then applies them bottom-up, honouring whiteouts
 * and opaque directories, to give the files visible in the final image. All memory is in
 * the context arena.
 */
#ifndef KS_LAYER_LAYER_H
#define KS_LAYER_LAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze/analyzer.h"
#include "ctx.h"
#include "pkg.h"
#include "source/image.h"

/* One analyzer's result on one file of a layer. */
struct ks_lfile {
	const char *path;
	const struct ks_analyzer *an; /* NULL: the path exists but yielded nothing (masks) */
	uint64_t seq;                 /* entry number in the layer (same seq = same entry) */
	struct ks_ares res;
};

struct ks_lres {
	struct ks_lfile *files;
	size_t nfiles, capfiles;
	struct ks_strv whiteouts; /* paths (and everything below them) removed from lower layers */
	struct ks_strv opaques;   /* directories whose lower-layer content is hidden */
	uint64_t entries;         /* tar entries / directory entries seen so far */
	unsigned kinds;           /* bit (1 << enum ks_akind) per analyzer kind to run; 0 = all */
	unsigned mode;            /* KS_MODE_POST or KS_MODE_PRE; 0 = every analyzer */
	/* the analyzers to run, NULL-terminated; NULL = the registry (ks_analyzers) */
	const struct ks_analyzer *const *set;
};

/* Path filters from --skip-files / --skip-dirs (glob patterns, "**" allowed). */
struct ks_filter {
	const char *const *skip_files;
	size_t nskip_files;
	const char *const *skip_dirs;
	size_t nskip_dirs;
};

/* True if a clean relative path is excluded by the filter (the file itself matches a
 * skip-files pattern or one of its parent directories matches a skip-dirs pattern). */
bool ks_filter_skips(const struct ks_filter *f, const char *path, bool is_dir);

/* Glob match of a clean relative path: "*" and "?" within a component, "**" across
 * components, "[...]" classes (fnmatch rules). A leading "/" or "./" in pat is ignored. */
bool ks_glob_match(const char *pat, const char *path);

/* Permission bits of a file whose mode is not known yet (every analyzer may want it). */
#define KS_PERM_ANY 0777u

/* True if any analyzer of lr's set and kinds wants path with permission bits perm
 * (KS_PERM_ANY when not known yet); cheap, decides whether a file is read at all. */
bool ks_any_wants(const struct ks_lres *lr, const char *path, size_t len, unsigned perm);

/*
 * Runs every analyzer (of the kinds in lr->kinds) that wants `path` (a file with
 * permission bits perm) on data[0..size) and appends the results to lr. A failing
 * analyzer becomes a warning naming the file (the scan goes on); only KS_ENOMEM is
 * returned as an error.
 */
int ks_lres_analyze(struct ks_ctx *cx, struct ks_lres *lr, const char *path, unsigned perm,
	const uint8_t *data, size_t size);

/* Records that path exists in this layer but yielded nothing (a symlink, a directory, a
 * file skipped for its size...), so it hides lower layers' results there. KS_ENOMEM. */
int ks_lres_mask(struct ks_ctx *cx, struct ks_lres *lr, const char *path);

/* Records under path (a hard link) copies of the results lr holds for target, an entry
 * analysed earlier in the same layer; path hides lower layers' results either way.
 * KS_ENOMEM. */
int ks_lres_link(struct ks_ctx *cx, struct ks_lres *lr, const char *path, const char *target);

/*
 * Streams a layer blob (tar, optionally gzip/zstd/bzip2/xz compressed) through the
 * analyzers without extracting it. Computes the blob digest and the DiffID on the way and
 * fills *info. Rejects unsafe entries (names or hard-link targets whose ".." climb out of
 * the root; absolute names count from the root, as Docker applies them; entries
 * written through a symlink of the same layer: KS_EUNSAFE), corrupt or truncated data
 * (KS_ECORRUPT/KS_ETRUNC) and layers past cx->lim.max_image (KS_ELIMIT, counted with
 * *image_bytes, the running total over the image, updated atomically so the threads
 * streaming one image's layers share it). Returns KS_EUNSUPPORTED when the blob is not a
 * tar stream at all.
 */
int ks_layer_stream(struct ks_ctx *cx, const struct ks_filter *flt, struct ks_blob *b,
	uint64_t *image_bytes, struct ks_lres *lr, struct ks_blob_info *info);

/*
 * Walks the directory tree at root (without following symbolic links, reading only
 * regular files that analyzers want) into lr. Paths are relative to root. Unreadable
 * subdirectories and files become warnings; a missing or unreadable root is an error.
 */
int ks_tree_walk(struct ks_ctx *cx, const char *root, const struct ks_filter *flt,
	struct ks_lres *lr);

/* A file visible in the merged image with the layer it came from. */
struct ks_mfile {
	struct ks_lfile *lf;
	int layer;
};

struct ks_merged {
	struct ks_mfile *files; /* sorted by path, then analyzer order */
	size_t nfiles;
};

/* Applies layers[0..n) bottom-up (NULL entries are skipped) and returns the visible
 * analyzed files. */
int ks_layers_merge(struct ks_ctx *cx, struct ks_lres *const *layers, size_t n,
	struct ks_merged *out);

/* Completes lock files' results in m with their companion files (layer/join.c: a
 * poetry.lock's pyproject.toml, a composer.lock's composer.json, the licences under a
 * Node.js lock file's node_modules). A companion that does not parse is a warning; only
 * KS_ENOMEM is returned. */
int ks_layers_join(struct ks_ctx *cx, const struct ks_merged *m);

/*
 * Reads files of the scanned tree on demand, for join steps that need a file the walk did
 * not keep (the files a requirements.txt includes). read() gets a clean relative path and
 * returns 0 with the whole content in a malloc'd buffer (*data, NUL-terminated past *size;
 * the caller frees it), or a negative KS_E* code with a message in cx->err naming the
 * path: KS_ENOTFOUND, KS_EUNSAFE (a symbolic link on the way), KS_EUNSUPPORTED (not a
 * regular file), KS_ELIMIT (larger than cx->lim.max_file), KS_EIO or KS_ENOMEM.
 */
struct ks_tree_reader {
	int (*read)(void *ud, struct ks_ctx *cx, const char *path, uint8_t **data, size_t *size);
	void *ud;
};

/* The read() of a directory tree (layer/treeread.c), ud = its root as ks_tree_walk() was
 * given it. Each component is opened relative to its parent with O_NOFOLLOW, so nothing
 * outside root and no symbolic link is ever followed (the walk follows none either). */
int ks_tree_read(void *root, struct ks_ctx *cx, const char *path, uint8_t **data, size_t *size);

/* ks_layers_join(), then the steps that read files of the tree through tr (NULL: none, as
 * for images): the files requirements.txt files include with "-r" (layer/join_pip.c). An
 * include that is not followed is a warning; only KS_ENOMEM is returned. */
int ks_layers_join_tree(struct ks_ctx *cx, const struct ks_merged *m,
	const struct ks_tree_reader *tr);

#endif
