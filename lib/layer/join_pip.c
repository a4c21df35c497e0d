/*
 * join_pip.c - the files a requirements.txt includes with "-r FILE" / "--requirement FILE",
 * followed within the scanned tree (a kensa addition: Trivy reads each requirements.txt on
 * its own and follows no include, so a file without includes is reported exactly as Trivy
 * reports it).
 *
 * For each requirements.txt whose pip result lists includes (analyze/pip.h), the files
 * they name are read through the scanner's tree reader (layer.h), parsed by the same pip
 * analyzer, and their pinned packages added to the including file's result; their own
 * includes are followed the same way. Rules:
 *   - a name is taken relative to the directory of the file that writes it, as pip does;
 *     absolute paths, URLs (http:, https:, file:), names whose ".." climb above the
 *     scanned root and files reached through a symbolic link (the reader refuses them)
 *     are not followed;
 *   - "-c"/"--constraint" files are not followed (see analyze/pip.c);
 *   - an included package keeps its Locations, which are lines of the included file, and
 *     gets that file as FilePath, so the JSON and SARIF reports point at the line that
 *     pins it; a package equal in name and version to one the result already holds is
 *     not added again; the including file's own packages are left as they are;
 *   - a file is followed when its shortest chain of includes from the including file is
 *     at most DEPTH_MAX long; an include that leads back to a file on the way to it (pip
 *     refuses such a cycle) is not followed; a file reached twice through different
 *     includes is added once;
 *   - each include that is not followed is one warning naming the including file and the
 *     line; everything else is still reported.
 * Bounds on hostile trees: every file is read and parsed at most once per scan, whatever
 * includes it; at most ADDED_MAX packages are added and STEPS_MAX includes followed per
 * scan (then one warning and no more), and at most WARN_MAX include warnings are listed.
 */
#include "analyze/pip.h"
#include "layer/layer.h"
#include "util/buf.h"
#include "util/map.h"
#include "util/path.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define DEPTH_MAX 8
#define DEPTH_TEXT "8" /* DEPTH_MAX in messages */
#define ADDED_MAX (1u << 20)
#define STEPS_MAX (1u << 22)
#define WARN_MAX 100
#define SHOW_MAX 256 /* bytes of a file name quoted in a warning */

struct rfile;

/* One include line of a requirements file. */
struct inc {
	const struct rfile *from; /* the file that writes it */
	unsigned line;
	struct ks_str name; /* as written */
	struct rfile *to;   /* the file it names; NULL when it cannot be followed (warned) */
	bool warned;
};

/* A requirements file met by the join: an analysed requirements.txt or an included file. */
struct rfile {
	const char *path;          /* clean, relative to the scanned root (cx arena) */
	const struct ks_pkg *pkgs; /* its own pinned packages */
	size_t npkgs;
	const uint8_t *kept; /* its includes (analyze/pip.h) */
	size_t nkept;
	const char *why; /* set when it could not be read or parsed */
	struct inc *incs;
	size_t nincs, capincs;
	bool loaded, resolved, on_path;
	size_t mark; /* the walk (one per including file) that reached it last */
	int depth;   /* the fewest includes it was reached through in that walk */
};

struct join {
	struct ks_ctx *cx;
	const struct ks_tree_reader *tr;
	struct ks_arena a;   /* the files, their includes, package keys */
	struct ks_map files; /* path -> struct rfile */
	struct ks_map have;  /* "name\0version" of the including file's packages */
	struct ks_buf key;   /* the key being looked up */
	struct ks_ares *out; /* the including file's result */
	struct inc **deep;   /* includes refused for their depth in this walk */
	size_t ndeep, capdeep;
	size_t mark, steps, added, warns;
	bool spent; /* a bound was reached: nothing more is followed */
};

/* The warning for include in, not followed because why; only the first WARN_MAX are
 * listed. */
static int warn(struct join *j, struct inc *in, const char *why)
{
	int shown = (int)(in->name.n > SHOW_MAX ? SHOW_MAX : in->name.n);

	in->warned = true;
	if (++j->warns > WARN_MAX)
		return j->warns == WARN_MAX + 1
		               ? ks_warn(j->cx,
		                         "pip: more than %d includes not followed; the rest "
		                         "are not listed",
		                         WARN_MAX)
		               : 0;
	return ks_warn(j->cx, "pip: '%s': line %u: include '%.*s%s' %s; not followed",
	        in->from->path, in->line, shown, in->name.p,
	        (size_t)shown < in->name.n ? "..." : "", why);
}

/* The file at clean path p (n bytes), met before or new. */
static struct rfile *file_at(struct join *j, const char *p, size_t n)
{
	struct rfile *f = ks_map_get(&j->files, p, n);

	if (f != NULL)
		return f;
	if ((f = ks_arena_calloc(&j->a, 1, sizeof(*f))) == NULL ||
	        (f->path = ks_arena_strndup(&j->cx->arena, p, n)) == NULL ||
	        ks_map_put(&j->files, f->path, n, f, NULL) != 0)
		return NULL;
	return f;
}

/* Reads and parses f through the tree reader; a failure is kept in f->why. */
static int load(struct join *j, struct rfile *f)
{
	struct ks_ares res = {0};
	uint8_t *data = NULL;
	size_t size = 0;
	int r;

	f->loaded = true;
	ks_err_clear(&j->cx->err);
	if ((r = j->tr->read(j->tr->ud, j->cx, f->path, &data, &size)) == 0) {
		r = ks_analyzer_pip.parse(j->cx, &(struct ks_file){f->path, data, size}, &res);
		free(data);
	}
	if (r == KS_ENOMEM)
		return r;
	if (r != 0) {
		f->why = ks_arena_printf(&j->a, "cannot be read (%s)",
		        j->cx->err.msg[0] ? j->cx->err.msg : ks_strerror(r));
		ks_err_clear(&j->cx->err);
		return f->why != NULL ? 0 : KS_ENOMEM;
	}
	f->pkgs = res.pkgs;
	f->npkgs = res.npkgs;
	f->kept = res.kept;
	f->nkept = res.nkept;
	return 0;
}

/* True if name starts with a scheme pip fetches instead of opening (its SCHEME_RE). */
static bool url(struct ks_str name)
{
	static const char *const schemes[] = {"http:", "https:", "file:"};
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (name.n >= strlen(schemes[i]) &&
		        ks_str_eqi(ks_str_sub(name, 0, strlen(schemes[i])), schemes[i]))
			return true;
	return false;
}

/* Finds the file include in names, relative to the directory of the file writing it
 * (in->to), or warns why it cannot be followed. */
static int target(struct join *j, struct inc *in)
{
	const char *from = in->from->path, *slash = strrchr(from, '/');
	size_t dirlen = slash ? (size_t)(slash - from) + 1 : 0, n = dirlen + in->name.n;
	char *joined, *clean;
	int flags = 0, r;

	if (in->name.n == 0)
		return warn(j, in, "names no file");
	if (url(in->name))
		return warn(j, in, "is a URL");
	if (in->name.p[0] == '/')
		return warn(j, in, "is an absolute path");
	if ((joined = ks_arena_alloc(&j->a, n + 1)) == NULL ||
	        (clean = ks_arena_alloc(&j->a, n + 1)) == NULL)
		return KS_ENOMEM;
	memcpy(joined, from, dirlen);
	memcpy(joined + dirlen, in->name.p, in->name.n);
	joined[n] = '\0';
	r = ks_path_clean(joined, n, clean, n + 1, &flags);
	if (r == KS_EUNSAFE)
		return warn(j, in, "leaves the scanned tree");
	if (r != 0)
		return warn(j, in, "contains a NUL byte");
	if (clean[0] == '\0')
		return warn(j, in, "is the scanned directory itself");
	if ((in->to = file_at(j, clean, strlen(clean))) == NULL)
		return KS_ENOMEM;
	return 0;
}

/* Reads f's includes and finds the files they name, once. */
static int resolve(struct join *j, struct rfile *f)
{
	struct ks_pip_include pi;
	struct ks_rd rd;
	int r;

	f->resolved = true;
	ks_rd_init(&rd, f->kept, f->nkept);
	while ((r = ks_pip_next_include(&rd, &pi)) == 1) {
		struct inc *in = ks_arena_grow(
		        &j->a, f->incs, f->nincs, &f->capincs, f->nincs + 1, sizeof(*in));

		if (in == NULL)
			return KS_ENOMEM;
		f->incs = in;
		in = &f->incs[f->nincs++];
		memset(in, 0, sizeof(*in));
		in->from = f;
		in->line = pi.line;
		in->name = pi.path;
		if ((r = target(j, in)) != 0)
			return r;
	}
	if (r != 0)
		return ks_warn(j->cx, "pip: '%s': include list is corrupt; the rest not followed",
		        f->path);
	return 0;
}

/* Records p's name and version in j->have; *added tells whether they were new. */
static int have(struct join *j, const struct ks_pkg *p, bool *added)
{
	const char *v = p->version ? p->version : "";
	char *key;

	ks_buf_reset(&j->key);
	if (ks_buf_adds(&j->key, p->name) != 0 || ks_buf_addc(&j->key, '\0') != 0 ||
	        ks_buf_adds(&j->key, v) != 0)
		return KS_ENOMEM;
	*added = !ks_map_has(&j->have, j->key.p, j->key.n);
	if (!*added)
		return 0;
	if ((key = ks_arena_memdup(&j->a, j->key.p, j->key.n)) == NULL ||
	        ks_map_put(&j->have, key, j->key.n, key, NULL) != 0)
		return KS_ENOMEM;
	return 0;
}

/* Adds f's own packages the including file's result does not hold yet, as found in f. */
static int add_pkgs(struct join *j, const struct rfile *f)
{
	size_t i;
	bool added;
	int r;

	for (i = 0; i < f->npkgs && j->added < ADDED_MAX; i++) {
		struct ks_pkg *q;

		if ((r = have(j, &f->pkgs[i], &added)) != 0)
			return r;
		if (!added)
			continue;
		if ((q = ks_ares_addpkg(j->cx, j->out)) == NULL)
			return KS_ENOMEM;
		*q = f->pkgs[i];
		q->file_path = f->path;
		j->added++;
	}
	return 0;
}

/* Keeps include in, refused for its depth, for deep_warnings(). */
static int defer(struct join *j, struct inc *in)
{
	struct inc **d =
	        ks_arena_grow(&j->a, j->deep, j->ndeep, &j->capdeep, j->ndeep + 1, sizeof(*d));

	if (d == NULL)
		return KS_ENOMEM;
	j->deep = d;
	j->deep[j->ndeep++] = in;
	return 0;
}

/* Warns about the includes refused for their depth whose file the walk did not reach
 * through fewer includes either (a depth-first walk may meet a file deep first). */
static int deep_warnings(struct join *j)
{
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < j->ndeep; i++) {
		struct inc *in = j->deep[i];

		if (in->to->mark != j->mark && !in->warned)
			r = warn(j, in, "is nested more than " DEPTH_TEXT " includes deep");
	}
	j->ndeep = 0;
	return r;
}

/*
 * Follows the includes of f, reached through depth includes: depth first, so a file
 * including one on the way to it is a cycle as pip sees it (not followed, warned); a file
 * met again through fewer includes than before is walked again from there, so the depth
 * limit counts the shortest chain.
 */
static int walk(struct join *j, struct rfile *f, int depth)
{
	size_t i;
	int r = 0;

	if (!f->resolved && (r = resolve(j, f)) != 0)
		return r;
	f->on_path = true;
	for (i = 0; r == 0 && i < f->nincs; i++) {
		struct inc *in = &f->incs[i];
		struct rfile *t = in->to;

		if (t == NULL)
			continue;
		if (j->steps >= STEPS_MAX || j->added >= ADDED_MAX) {
			j->spent = true;
			break;
		}
		j->steps++;
		if (t->on_path) {
			r = in->warned ? 0 : warn(j, in, "leads back to a file that includes it");
			continue;
		}
		if (t->mark == j->mark && t->depth <= depth + 1)
			continue; /* already followed, through as few includes or fewer */
		if (depth >= DEPTH_MAX) {
			r = defer(j, in);
			continue;
		}
		if (!t->loaded && (r = load(j, t)) != 0)
			break;
		if (t->why != NULL) {
			r = in->warned ? 0 : warn(j, in, t->why);
			continue;
		}
		if (t->mark != j->mark && (r = add_pkgs(j, t)) != 0)
			break;
		t->mark = j->mark;
		t->depth = depth + 1;
		r = walk(j, t, depth + 1);
	}
	f->on_path = false;
	return r;
}

/* Follows the includes of the requirements.txt whose pip result is lf's. */
static int join_one(struct join *j, struct ks_lfile *lf)
{
	struct rfile *f = ks_map_get(&j->files, lf->path, strlen(lf->path));
	size_t i;
	bool added;
	int r;

	ks_map_release(&j->have);
	ks_map_init(&j->have);
	j->out = &lf->res;
	f->mark = ++j->mark;
	f->depth = 0;
	for (i = 0; i < f->npkgs; i++)
		if ((r = have(j, &f->pkgs[i], &added)) != 0)
			return r;
	if ((r = walk(j, f, 0)) != 0)
		return r;
	return deep_warnings(j);
}

int ks_layers_join_tree(
	struct ks_ctx *cx, const struct ks_merged *m, const struct ks_tree_reader *tr)
{
	struct join j;
	size_t i;
	int r;

	if ((r = ks_layers_join(cx, m)) != 0 || tr == NULL)
		return r;
	memset(&j, 0, sizeof(j));
	j.cx = cx;
	j.tr = tr;
	ks_arena_init(&j.a);
	ks_map_init(&j.files);
	ks_map_init(&j.have);
	ks_buf_init(&j.key, 1u << 20);
	/* every analysed requirements.txt first, with its own packages, before any is joined */
	for (i = 0; r == 0 && i < m->nfiles; i++) {
		const struct ks_lfile *lf = m->files[i].lf;
		struct rfile *f;

		if (lf->an != &ks_analyzer_pip)
			continue;
		if ((f = file_at(&j, lf->path, strlen(lf->path))) == NULL) {
			r = KS_ENOMEM;
			break;
		}
		f->loaded = true;
		f->pkgs = lf->res.pkgs;
		f->npkgs = lf->res.npkgs;
		f->kept = lf->res.kept;
		f->nkept = lf->res.nkept;
	}
	for (i = 0; r == 0 && !j.spent && i < m->nfiles; i++)
		if (m->files[i].lf->an == &ks_analyzer_pip && m->files[i].lf->res.nkept > 0)
			r = join_one(&j, m->files[i].lf);
	if (r == 0 && j.spent)
		r = ks_warn(cx,
		        "pip: includes of requirements files add more than %u packages or "
		        "take more than %u steps; the rest are not followed",
		        ADDED_MAX, STEPS_MAX);
	ks_buf_release(&j.key);
	ks_map_release(&j.have);
	ks_map_release(&j.files);
	ks_arena_release(&j.a);
	return r;
}
