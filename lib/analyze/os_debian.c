/*
 * os_debian.c - OS identification from etc/debian_version, as Trivy's debian analyzer does
 * it: the first line, exactly as written ("10.1", or "buster/sid" on Ubuntu), is the
 * release. The result is weak (os_common.h): Ubuntu's lsb-release or any other strong
 * result replaces it. Distroless Debian images have this file but no usable os-release.
 * An empty file names no release and is reported as corrupt.
 */
#include "analyze/os_common.h"
#include "util/err.h"

#include "util/banned.h"

#define WHAT "debian"

static const char *const paths[] = { "etc/debian_version", NULL };

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
	return ks_os_set(cx, f, WHAT, out, "debian", line, KS_OS_PRIO_DEBIAN);
}

const struct ks_analyzer ks_analyzer_os_debian = {
	.name = "debian",
	.kind = KS_AK_OS,
	.version = 1,
	.max_size = KS_OS_MAXFILE,
	.wants = wants,
	.parse = parse,
};
