/*
 * bundler.c - Ruby Bundler lock files (Gemfile.lock, pre-build trees only) as Trivy's
 * bundler parser reads them.
 *
 * The file is read line by line; indentation (spaces only) gives the meaning:
 *   - 4 spaces: a gem in a "specs:" list (of any GEM, GIT or PATH section): "name
 *     (version)"; a platform suffix is dropped from the version ("1.13.6-x86_64-linux"
 *     gives "1.13.6"); a line that is not exactly two fields declares nothing. A later
 *     gem of the same name replaces an earlier one. Its location is its own line.
 *   - 6 spaces: a dependency of the gem above, by name (the constraint is ignored); it
 *     resolves to the version of the gem of that name in the file, or is dropped.
 *   - the lines of 2 spaces after "DEPENDENCIES" name the direct dependencies (a trailing
 *     "!", Bundler's mark for a gem from a git or path source, is not part of the name;
 *     Trivy keeps it and so misses such gems); every other gem is indirect.
 * A line of 64 KiB or more (Go's scanner stops there with an error), a NUL byte or a
 * non-empty file without any section header ("GEM", "DEPENDENCIES", ... at column 0) is
 * corrupt; Trivy reports nothing for the latter.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define WHO "bundler"
#define MAXLINE 65535 /* Go's bufio.Scanner token limit, minus the newline */

static bool wants(const char *path, size_t len)
{
	struct ks_str p = { path, len };

	return ks_str_eq(p, "Gemfile.lock") || ks_str_hassuffix(p, "/Gemfile.lock");
}

static size_t lead_spaces(struct ks_str l)
{
	size_t i = 0;

	while (i < l.n && l.p[i] == ' ')
		i++;
	return i;
}

/* A section header: a line starting at column 0 with an upper-case letter. */
static bool is_header(struct ks_str l)
{
	return l.n > 0 && l.p[0] >= 'A' && l.p[0] <= 'Z';
}

struct gem {
	size_t pkg;          /* index in out->pkgs */
	struct ks_strv deps; /* dependency names */
};

struct bundle {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct gem *g;
	size_t ng, capg;
	struct ks_map byname; /* name -> gem index + 1 (the last gem of the name) */
	struct ks_map direct; /* names listed under DEPENDENCIES */
};

static int add_gem(struct bundle *st, struct ks_str line, size_t lineno)
{
	struct ks_str rest = line, name, ver, extra;
	ptrdiff_t dash;
	struct ks_pkg *p;
	void *old;

	if (!ks_str_field_next(&rest, &name) || !ks_str_field_next(&rest, &ver) ||
		ks_str_field_next(&rest, &extra))
		return 1; /* not a "name (version)" line: the next deps belong to nothing */
	while (ver.n > 0 && (ver.p[0] == '(' || ver.p[0] == ')')) {
		ver.p++;
		ver.n--;
	}
	while (ver.n > 0 && (ver.p[ver.n - 1] == '(' || ver.p[ver.n - 1] == ')'))
		ver.n--;
	if ((dash = ks_str_chr(ver, '-')) >= 0)
		ver.n = (size_t)dash;
	if (st->ng == st->capg) {
		size_t cap = st->capg ? 2 * st->capg : 64;
		struct gem *n = realloc(st->g, cap * sizeof(*n));

		if (n == NULL)
			return KS_ENOMEM;
		st->g = n;
		st->capg = cap;
	}
	if ((p = ks_lang_add(st->cx, st->out, name, ver, lineno, lineno)) == NULL)
		return KS_ENOMEM;
	p->relationship = KS_REL_INDIRECT;
	st->g[st->ng] = (struct gem){ .pkg = st->out->npkgs - 1 };
	if (ks_map_put(&st->byname, p->name, strlen(p->name), (void *)(uintptr_t)(st->ng + 1),
		    &old) != 0)
		return KS_ENOMEM;
	if (old != NULL) /* replaced: Trivy keeps the last gem of a name */
		st->out->pkgs[st->g[(size_t)(uintptr_t)old - 1].pkg].name = NULL;
	st->ng++;
	return 0;
}

static int add_direct(struct bundle *st, struct ks_str line)
{
	struct ks_str rest = line, name;
	const char *n;

	if (!ks_str_field_next(&rest, &name))
		return 0;
	if (name.n > 1 && name.p[name.n - 1] == '!')
		name.n--;
	if ((n = ks_arena_strndup(&st->cx->arena, name.p, name.n)) == NULL)
		return KS_ENOMEM;
	return ks_map_put(&st->direct, n, name.n, (void *)n, NULL);
}

/* Resolves dependency names, marks direct gems and drops replaced ones. */
static int finish(struct bundle *st)
{
	struct ks_ares *out = st->out;
	size_t i, j, w;

	for (i = 0; i < st->ng; i++) {
		struct ks_pkg *p = &out->pkgs[st->g[i].pkg];

		if (p->name == NULL)
			continue;
		if (ks_map_has(&st->direct, p->name, strlen(p->name)))
			p->relationship = KS_REL_DIRECT;
		for (j = 0; j < st->g[i].deps.n; j++) {
			const char *n = st->g[i].deps.v[j];
			void *v = ks_map_get(&st->byname, n, strlen(n));
			const struct ks_pkg *d;
			const char *id;

			if (v == NULL)
				continue;
			d = &out->pkgs[st->g[(size_t)(uintptr_t)v - 1].pkg];
			if ((id = ks_lang_id(&st->cx->arena, d->name, '@', d->version)) == NULL ||
				ks_strv_push(&st->cx->arena, &p->depends_on, id) != 0)
				return KS_ENOMEM;
		}
	}
	for (i = 0, w = 0; i < out->npkgs; i++)
		if (out->pkgs[i].name != NULL)
			out->pkgs[w++] = out->pkgs[i];
	out->npkgs = w;
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct bundle st = { .cx = cx, .f = f, .out = out };
	struct ks_lines it;
	struct ks_str line;
	bool in_deps = false, headers = false, blank = true;
	struct gem *cur = NULL;
	int r = 0;

	ks_map_init(&st.byname);
	ks_map_init(&st.direct);
	if (f->size > 0 && memchr(f->data, '\0', f->size) != NULL) {
		r = ks_lang_corrupt(cx, WHO, f, 0, "NUL byte in the file");
		goto out;
	}
	ks_lines_init(&it, (const char *)f->data, f->size);
	while (r == 0 && ks_lines_next(&it, &line)) {
		size_t sp = lead_spaces(line);

		if (line.n > MAXLINE) {
			r = ks_lang_corrupt(cx, WHO, f, it.lineno, "line longer than 64 KiB");
			break;
		}
		blank = blank && ks_str_trim(line).n == 0;
		if (in_deps) {
			if (sp == 2) {
				r = add_direct(&st, line);
				continue;
			}
			in_deps = false;
		}
		if (is_header(line)) {
			headers = true;
			in_deps = ks_str_eq(ks_str_trim(line), "DEPENDENCIES");
			cur = NULL;
			continue;
		}
		if (sp == 4) {
			cur = NULL;
			if ((r = add_gem(&st, line, it.lineno)) == 0)
				cur = &st.g[st.ng - 1];
			else if (r == 1)
				r = 0;
		} else if (sp == 6 && cur != NULL) {
			struct ks_str rest = line, name;

			if (ks_str_field_next(&rest, &name))
				r = ks_strv_pushn(&cx->arena, &cur->deps, name.p, name.n);
		}
	}
	if (r == 0 && !headers && !blank)
		r = ks_lang_corrupt(cx, WHO, f, 0, "no Gemfile.lock section");
	if (r == 0)
		r = finish(&st);
out:
	free(st.g);
	ks_map_release(&st.byname);
	ks_map_release(&st.direct);
	return r;
}

const struct ks_analyzer ks_analyzer_bundler = {
	.name = "bundler",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.parse = parse,
	.wants = wants,
};
