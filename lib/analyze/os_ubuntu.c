/*
 * os_ubuntu.c - OS identification from etc/lsb-release, as Trivy's ubuntu analyzer does
 * it: after a line that is exactly "DISTRIB_ID=Ubuntu", the first "DISTRIB_RELEASE=" line
 * gives the release (trimmed of white space). Other distributions' lsb-release files give
 * no result; an Ubuntu file without a release line is reported as corrupt.
 */
#include "analyze/os_common.h"
#include "util/err.h"

#include "util/banned.h"

#define WHAT "ubuntu"

static const char *const paths[] = { "etc/lsb-release", NULL };

static bool wants(const char *path, size_t len)
{
	return ks_os_path_in(path, len, paths);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_lines it;
	struct ks_str line;
	bool ubuntu = false;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		if (line.n > KS_OS_MAXLINE)
			return ks_os_toolong(cx, f, WHAT, it.lineno);
		if (ks_str_eq(line, "DISTRIB_ID=Ubuntu")) {
			ubuntu = true;
			continue;
		}
		if (ubuntu && ks_str_hasprefix(line, "DISTRIB_RELEASE="))
			return ks_os_set(cx, f, WHAT, out, "ubuntu",
				ks_str_trim_space(ks_str_sub(line, 16, line.n)),
				KS_OS_PRIO_RELEASE);
	}
	if (ubuntu)
		return ks_seterr(&cx->err, KS_ECORRUPT,
			WHAT ": '%s': DISTRIB_ID=Ubuntu without a DISTRIB_RELEASE line", f->path);
	return 0;
}

const struct ks_analyzer ks_analyzer_os_ubuntu = {
	.name = "ubuntu",
	.kind = KS_AK_OS,
	.version = 1,
	.max_size = KS_OS_MAXFILE,
	.wants = wants,
	.parse = parse,
};
