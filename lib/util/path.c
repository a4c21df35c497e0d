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
