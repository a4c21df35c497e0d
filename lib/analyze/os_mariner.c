/*
 * os_mariner.c - OS identification from etc/mariner-release, as Trivy's mariner analyzer
 * does it: the first line made of exactly two words, the first "CBL-Mariner" in any case,
 * gives the second word as the release ("1.0.20220122"). The result is weaker than
 * os-release's (os_common.h). A file without such a line is corrupt.
 */
#include "analyze/os_common.h"
#include "util/err.h"

#include "util/banned.h"

#define WHAT "cbl-mariner"

static const char *const paths[] = { "etc/mariner-release", NULL };

static bool wants(const char *path, size_t len)
{
	return ks_os_path_in(path, len, paths);
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_lines it;
	struct ks_str line, rest, w1, w2, w3;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		if (line.n > KS_OS_MAXLINE)
			return ks_os_toolong(cx, f, WHAT, it.lineno);
		rest = line;
		if (!ks_str_field_next(&rest, &w1) || !ks_str_field_next(&rest, &w2) ||
			ks_str_field_next(&rest, &w3))
			continue;
		if (ks_str_eqi(w1, "cbl-mariner"))
			return ks_os_set(cx, f, WHAT, out, "cbl-mariner", w2, KS_OS_PRIO_MARINER);
	}
	return ks_seterr(&cx->err, KS_ECORRUPT, WHAT ": '%s': no \"CBL-Mariner <release>\" line",
		f->path);
}

const struct ks_analyzer ks_analyzer_os_mariner = {
	.name = "cbl-mariner",
	.kind = KS_AK_OS,
	.version = 1,
	.max_size = KS_OS_MAXFILE,
	.wants = wants,
	.parse = parse,
};
