/* path.c - archive path normalisation; see path.h. */
#include "util/path.h"
#include "util/err.h"

#include <string.h>

int ks_path_clean(const char *in, size_t n, char *out, size_t size, int *flags)
{
	size_t i = 0, o = 0;
	int fl = 0;

	if (size == 0)
		return KS_ELIMIT;
	if (memchr(in, '\0', n) != NULL)
		return KS_ECORRUPT;
	if (n > 0 && in[0] == '/')
		fl |= KS_PATH_ABSOLUTE;
	while (i < n) {
		size_t s, len;

		while (i < n && in[i] == '/')
			i++;
		s = i;
		while (i < n && in[i] != '/')
			i++;
		len = i - s;
		if (len == 0 || (len == 1 && in[s] == '.'))
			continue;
		if (len == 2 && in[s] == '.' && in[s + 1] == '.') {
			fl |= KS_PATH_DOTDOT;
			if (o == 0) {
				if (flags)
					*flags = fl;
				return KS_EUNSAFE;
			}
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* drop the separator */
			continue;
		}
		if (o + (o > 0) + len + 1 > size)
			return KS_ELIMIT;
		if (o > 0)
			out[o++] = '/';
		memcpy(out + o, in + s, len);
		o += len;
	}
	out[o] = '\0';
	if (flags)
		*flags = fl;
	return 0;
}

bool ks_path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

const char *ks_path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Appends component c (n bytes) to the Go-cleaned path in out[0..*o) (rooted: out[0] is
 * "/"); ".." removes the last component when there is one to remove. */
static void go_push(char *out, size_t *o, bool rooted, size_t *kept, const char *c, size_t n)
{
	size_t base = rooted ? 1 : 0;

	if (n == 0 || (n == 1 && c[0] == '.'))
		return;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		if (*kept > 0) {
			/* drop the last real component (and its separator) */
			while (*o > base && out[*o - 1] != '/')
				(*o)--;
			if (*o > base)
				(*o)--;
			(*kept)--;
			return;
		}
		if (rooted)
			return; /* "/.." is "/" */
	} else {
		(*kept)++;
	}
	if (*o > base)
		out[(*o)++] = '/';
	memcpy(out + *o, c, n);
	*o += n;
}

char *ks_path_gojoin(struct ks_arena *a, const char *dir, const char *rel)
{
	size_t dn = dir ? strlen(dir) : 0, rn = rel ? strlen(rel) : 0, o = 0, kept = 0, i;
	const char *parts[2] = { dir ? dir : "", rel ? rel : "" };
	size_t lens[2] = { dn, rn };
	bool rooted = (dn > 0 && dir[0] == '/') || (dn == 0 && rn > 0 && rel[0] == '/');
	char *out = ks_arena_alloc(a, dn + rn + 3);

	if (out == NULL)
		return NULL;
	if (dn == 0 && rn == 0) {
		out[0] = '\0'; /* Go joins only non-empty elements: nothing at all is "" */
		return out;
	}
	if (rooted)
		out[o++] = '/';
	for (i = 0; i < 2; i++) {
		const char *p = parts[i], *end = p + lens[i];

		while (p < end) {
			const char *s = memchr(p, '/', (size_t)(end - p));
			size_t n = s ? (size_t)(s - p) : (size_t)(end - p);

			go_push(out, &o, rooted, &kept, p, n);
			p += n + (s ? 1 : 0);
		}
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return out;
}
