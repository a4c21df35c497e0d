/*
 * gradle.c - Gradle dependency lock files (*gradle.lockfile), read as Trivy's gradle
 * lockfile parser reads them.
 *
 * Each line, trimmed, that is not a comment ("#") and splits into exactly three
 * ":"-separated parts is "group:artifact:version=configurations": the package is
 * "group:artifact" at the version before "=", located on that line, relationship
 * unknown. Everything else (the "empty=" line, comments, malformed lines) is skipped, as
 * Trivy does. A package listed twice is kept once with both locations. Lines holding a
 * NUL byte cannot be represented and are skipped with a warning.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/str.h"

#include <string.h>

#include "util/banned.h"

static bool wants(const char *path, size_t len)
{
	return ks_str_hassuffix((struct ks_str){ path, len }, "gradle.lockfile");
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_lines it;
	struct ks_str line;
	size_t nul = 0, nul_line = 0;
	int r;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		struct ks_str t = ks_str_trim_space(line), group, rest, artifact, ver, eq, tail;

		if (ks_str_hasprefix(t, "#"))
			continue;
		if (!ks_str_cut(t, ':', &group, &rest) || !ks_str_cut(rest, ':', &artifact, &ver) ||
			ks_str_chr(ver, ':') >= 0)
			continue;
		if (memchr(t.p, '\0', t.n) != NULL) {
			if (nul++ == 0)
				nul_line = it.lineno;
			continue;
		}
		ks_str_cut(ver, '=', &eq, &tail);
		{
			struct ks_str name = { group.p,
				(size_t)(artifact.p + artifact.n - group.p) };

			if (ks_lang_add(cx, out, name, eq, it.lineno, it.lineno) == NULL)
				goto nomem;
		}
	}
	if ((r = ks_lang_unique(cx, out)) != 0)
		goto nomem;
	if (nul > 0 && ks_warn(cx, "gradle: '%s': line %zu: %zu line(s) with NUL bytes skipped",
			       f->path, nul_line, nul) != 0)
		goto nomem;
	return 0;
nomem:
	return ks_seterr(&cx->err, KS_ENOMEM, "gradle: '%s': out of memory", f->path);
}

const struct ks_analyzer ks_analyzer_gradle = {
	.name = "gradle",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
