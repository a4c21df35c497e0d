/* testutil.c - see testutil.h. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *shared_dir(void)
{
	const char *d = getenv("KENSA_SHARED");
	return d && *d ? d : "../shared";
}

int tu_have_shared(void)
{
	struct stat st;
	return stat(shared_dir(), &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tu_shared(const char *rel)
{
	static char path[4096];
	struct stat st;

	if (!tu_have_shared()) {
		print_message("skipped: %s is absent (tests that need ../shared skip)\n",
			shared_dir());
		skip();
	}
	snprintf(path, sizeof(path), "%s/%s", shared_dir(), rel);
	if (stat(path, &st) != 0) {
		print_message("skipped: fixture %s is absent\n", path);
		skip();
	}
	return path;
}

const char *tu_src(const char *rel)
{
	static char path[4096];
	const char *d = getenv("KENSA_SRC");

	snprintf(path, sizeof(path), "%s/%s", d && *d ? d : ".", rel);
	return path;
}

uint8_t *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long sz;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)sz + 1);
	assert_non_null(buf);
	if (sz > 0 && fread(buf, 1, (size_t)sz, f) != (size_t)sz)
		fail_msg("short read on %s", path);
	buf[sz] = 0;
	fclose(f);
	*len = (size_t)sz;
	return buf;
}

void tu_ctx(struct ks_ctx *cx)
{
	ks_ctx_init(cx);
}
