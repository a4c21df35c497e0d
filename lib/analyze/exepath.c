/* exepath.c - program-looking paths; see exepath.h. */
#include "analyze/exepath.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

/* Directories whose extension-less files are data, never programs. */
static const char *const data_dirs[] = { "etc/", "usr/share/", "usr/include/", "var/lib/",
	"var/cache/", "var/log/", "proc/", "sys/", "dev/", "usr/lib/locale/" };

bool ks_exepath_likely(const char *path, size_t len)
{
	struct ks_str p = { path, len }, b;
	const char *base = memrchr(path, '/', len);
	size_t i;

	base = base ? base + 1 : path;
	b = (struct ks_str){ base, len - (size_t)(base - path) };
	if (b.n == 0 || b.p[0] == '.')
		return false;
	for (i = 0; i < sizeof(data_dirs) / sizeof(data_dirs[0]); i++)
		if (ks_str_hasprefix(p, data_dirs[i]))
			return false;
	return ks_str_chr(b, '.') < 0 || ks_str_hassuffix(b, ".exe");
}
