/*
 * os_alpine.c - OS identification from etc/alpine-release, as Trivy's alpine analyzer does
 * it: the first line, exactly as written ("3.9.4"), is the release. An empty file names
 * no release and is reported as corrupt.
 */
#include "analyze/os_common.h"
#include "util/err.h"

#include "util/banned.h"

#define WHAT "alpine"

static const char *const paths[] = { "etc/alpine-release", NULL };

static bool wants(const char *path, size_t len)
{
	return ks_os_path_in(path, len, paths);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_lines it;
	struct ks_str line;

	ks_lines_init(&it, (const char *)f->data, f->size);
	if (!ks_lines_next(&it, &line))
		return ks_seterr(&cx->err, KS_ECORRUPT, WHAT ": '%s': empty file", f->path);
	if (line.n > KS_OS_MAXLINE)
		return ks_os_toolong(cx, f, WHAT, it.lineno);
	return ks_os_set(cx, f, WHAT, out, "alpine", line, KS_OS_PRIO_RELEASE);
}

const struct ks_analyzer ks_analyzer_os_alpine = {
	.name = "alpine",
	.kind = KS_AK_OS,
	.version = 1,
	.max_size = KS_OS_MAXFILE,
	.wants = wants,
	.parse = parse,
};
