/* os_common.c - shared OS analyzer helpers and the OS choice rule; see os_common.h. */
#include "analyze/os_common.h"
#include "util/err.h"

#include <string.h>

#include "util/banned.h"

const struct ks_os *ks_os_pick(const struct ks_os *const *cands, size_t n)
{
	const struct ks_os *strong = NULL, *weak = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ks_os *c = cands[i];

		if (c == NULL || c->family == NULL)
			continue;
		if (c->prio >= KS_OS_PRIO_STRONG) {
			if (strong == NULL || c->prio > strong->prio)
				strong = c;
		} else if (weak == NULL || c->prio >= weak->prio) {
			weak = c;
		}
	}
	return strong != NULL ? strong : weak;
}

bool ks_os_path_in(const char *p, size_t n, const char *const *paths)
{
	size_t i;

	for (i = 0; paths[i] != NULL; i++)
		if (strlen(paths[i]) == n && memcmp(paths[i], p, n) == 0)
			return true;
	return false;
}

int ks_os_set(struct ks_ctx *cx, const struct ks_file *f, const char *what, struct ks_ares *out,
	const char *family, struct ks_str name, int prio)
{
	char *s;

	if (name.n > 0 && memchr(name.p, '\0', name.n) != NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': NUL byte in the release name",
			what, f->path);
	if ((s = ks_arena_strndup(&cx->arena, name.p, name.n)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "%s: '%s': out of memory", what, f->path);
	out->os.family = family;
	out->os.name = s;
	out->os.prio = prio;
	return 0;
}

int ks_os_toolong(struct ks_ctx *cx, const struct ks_file *f, const char *what, size_t lineno)
{
	return ks_seterr(&cx->err, KS_ECORRUPT, "%s: '%s': line %zu: longer than %d bytes", what,
		f->path, lineno, KS_OS_MAXLINE);
}
