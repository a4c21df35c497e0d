/* pkg.c - package model helpers; see pkg.h. */
#include "pkg.h"
#include "util/str.h"

#include <string.h>

int ks_strv_push(struct ks_arena *a, struct ks_strv *sv, const char *s)
{
	const char **nv = ks_arena_grow(a, sv->v, sv->n, &sv->cap, sv->n + 1, sizeof(*nv));

	if (nv == NULL)
		return KS_ENOMEM;
	sv->v = nv;
	sv->v[sv->n++] = s;
	return 0;
}

int ks_strv_pushn(struct ks_arena *a, struct ks_strv *sv, const char *s, size_t n)
{
	char *c = ks_arena_strndup(a, s, n);

	if (c == NULL)
		return KS_ENOMEM;
	return ks_strv_push(a, sv, c);
}

struct ks_pkg *ks_ares_addpkg(struct ks_ctx *cx, struct ks_ares *out)
{
	struct ks_pkg *np = ks_arena_grow(&cx->arena, out->pkgs, out->npkgs, &out->cappkgs,
		out->npkgs + 1, sizeof(*np));

	if (np == NULL)
		return NULL;
	out->pkgs = np;
	memset(&np[out->npkgs], 0, sizeof(np[0]));
	np[out->npkgs].layer = -1;
	return &np[out->npkgs++];
}

static bool eq(const char *a, const char *b)
{
	return ks_streq(a ? a : "", b ? b : "");
}

bool ks_pkg_same(const struct ks_pkg *a, const struct ks_pkg *b)
{
	return eq(a->name, b->name) && eq(a->version, b->version) &&
		eq(a->release, b->release) && a->epoch == b->epoch && eq(a->arch, b->arch);
}

static const char *const rel_names[] = { NULL, "root", "workspace", "direct", "indirect" };

const char *ks_rel_name(int rel)
{
	return rel > 0 && rel <= KS_REL_INDIRECT ? rel_names[rel] : NULL;
}

int ks_rel_parse(const char *s)
{
	int i;

	for (i = 1; s != NULL && i <= KS_REL_INDIRECT; i++)
		if (strcmp(s, rel_names[i]) == 0)
			return i;
	return KS_REL_UNKNOWN;
}
