/*
 * os_amazon.c - OS identification from etc/system-release and usr/lib/system-release, as
 * Trivy's amazonlinux analyzer does it. The first line starting "Amazon Linux release 2"
 * with at least five words gives the words from the fourth on ("2 (Karoo)",
 * "2023 (Amazon Linux)"); otherwise the first line starting "Amazon Linux" gives the words
 * from the third on ("AMI release 2018.03"). Words are joined with single spaces.
 * system-release of other distributions (Fedora, CentOS) gives no result; an empty file,
 * or an "Amazon Linux release 2" line with too few words and nothing else, is corrupt.
 */
#include "analyze/os_common.h"
#include "util/buf.h"
#include "util/err.h"

#include "util/banned.h"

#define WHAT "amazon"

static const char *const paths[] = { "etc/system-release", "usr/lib/system-release", NULL };

static bool wants(const char *path, size_t len)
{
	return ks_os_path_in(path, len, paths);
}

/* Joins the white-space separated words of line from the skip-th on with single spaces. */
static int join_from(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out,
	struct ks_str line, size_t skip)
{
	int r = KS_EINTERNAL;
	struct ks_buf b;
	struct ks_str rest = line, w;
	size_t i = 0;

	ks_buf_init(&b, line.n + 1);
	while (ks_str_field_next(&rest, &w)) {
		if (i++ < skip)
			continue;
		if ((b.n > 0 && (r = ks_buf_addc(&b, ' ')) != 0) ||
			(r = ks_buf_add(&b, w.p, w.n)) != 0) {
			r = ks_seterr(&cx->err, r, WHAT ": '%s': out of memory", f->path);
			goto out;
		}
	}
	r = ks_os_set(cx, f, WHAT, out, "amazon", (struct ks_str){ b.n ? b.p : "", b.n },
		KS_OS_PRIO_RELEASE);
out:
	ks_buf_release(&b);
	return r;
}

static size_t count_fields(struct ks_str line)
{
	struct ks_str rest = line, w;
	size_t n = 0;

	while (ks_str_field_next(&rest, &w))
		n++;
	return n;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_lines it;
	struct ks_str line;
	bool any = false, short2 = false;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		any = true;
		if (line.n > KS_OS_MAXLINE)
			return ks_os_toolong(cx, f, WHAT, it.lineno);
		if (ks_str_hasprefix(line, "Amazon Linux release 2")) {
			if (count_fields(line) < 5) {
				short2 = true;
				continue;
			}
			return join_from(cx, f, out, line, 3);
		}
		if (ks_str_hasprefix(line, "Amazon Linux"))
			return join_from(cx, f, out, line, 2);
	}
	if (!any)
		return ks_seterr(&cx->err, KS_ECORRUPT, WHAT ": '%s': empty file", f->path);
	if (short2)
		return ks_seterr(&cx->err, KS_ECORRUPT,
			WHAT ": '%s': \"Amazon Linux release 2\" line without a code name",
			f->path);
	return 0;
}

const struct ks_analyzer ks_analyzer_os_amazon = {
	.name = "amazon",
	.kind = KS_AK_OS,
	.version = 1,
	.max_size = KS_OS_MAXFILE,
	.wants = wants,
	.parse = parse,
};
