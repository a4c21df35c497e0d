/*
 * os_redhat.c - OS identification from the Red Hat family release files, as Trivy's
 * redhatbase, centos, rocky, alma, fedora and oracle analyzers do it.
 *
 * Every line is matched, after trimming white space, against "<name> release <n[.n...]>"
 * (Go regexp `(.*) release (\d[\d\.]*)`: the name is everything before the last
 * " release <digit>", the release is the digits and dots after it). A line that does not
 * match makes the file corrupt. Then, per file:
 *   etc/redhat-release        the first line decides; the name picks the family (CentOS,
 *                             Rocky, Alma, Oracle and Fedora images ship one too), any
 *                             other name is Red Hat ("Red Hat Enterprise Linux CoreOS"
 *                             maps the CoreOS release to the RHEL release it is built on)
 *   etc/centos-release        the first line naming CentOS (Linux)
 *   etc/rocky-release         the first line naming Rocky (Linux)
 *   etc/almalinux-release     the first line naming Alma, AlmaLinux or Alma Linux
 *   etc/fedora-release,       the first line naming Fedora (Linux)
 *   usr/lib/fedora-release
 *   etc/oracle-release        the first line, whatever its name
 * Names compare case-insensitively (ASCII). A file whose lines all name another
 * distribution ("CentOS Stream release 8") gives no result; an empty file is corrupt.
 */
#include "analyze/os_common.h"
#include "util/err.h"

#include <stdint.h>
#include <string.h>

#include "util/banned.h"

#define WHAT "redhat"

enum rh_file { RH_REDHAT, RH_CENTOS, RH_ROCKY, RH_ALMA, RH_FEDORA, RH_ORACLE };

static const struct {
	const char *path;
	enum rh_file kind;
} files[] = {
	{ "etc/redhat-release", RH_REDHAT },
	{ "etc/centos-release", RH_CENTOS },
	{ "etc/rocky-release", RH_ROCKY },
	{ "etc/almalinux-release", RH_ALMA },
	{ "etc/fedora-release", RH_FEDORA },
	{ "usr/lib/fedora-release", RH_FEDORA },
	{ "etc/oracle-release", RH_ORACLE },
};

/* Distribution names (lower case) -> family, as the release files spell them. */
static const struct {
	const char *name;
	const char *family;
} names[] = {
	{ "centos", "centos" },
	{ "centos linux", "centos" },
	{ "rocky", "rocky" },
	{ "rocky linux", "rocky" },
	{ "alma", "alma" },
	{ "almalinux", "alma" },
	{ "alma linux", "alma" },
	{ "oracle", "oracle" },
	{ "oracle linux", "oracle" },
	{ "oracle linux server", "oracle" },
	{ "fedora", "fedora" },
	{ "fedora linux", "fedora" },
};

static bool find_file(const char *path, size_t len, enum rh_file *kind)
{
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (strlen(files[i].path) == len && memcmp(files[i].path, path, len) == 0) {
			*kind = files[i].kind;
			return true;
		}
	return false;
}

static bool wants(const char *path, size_t len)
{
	enum rh_file kind;

	return find_file(path, len, &kind);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Matches `(.*) release (\d[\d\.]*)` against line; see the header comment. */
static bool match_release(struct ks_str line, struct ks_str *name, struct ks_str *rel)
{
	static const char sep[] = " release ";
	const size_t sl = sizeof(sep) - 1;
	size_t p, e;

	for (p = line.n; p-- > 0;) {
		if (line.n - p < sl + 1 || memcmp(line.p + p, sep, sl) != 0 ||
			!is_digit(line.p[p + sl]))
			continue;
		e = p + sl + 1;
		while (e < line.n && (is_digit(line.p[e]) || line.p[e] == '.'))
			e++;
		*name = ks_str_sub(line, 0, p);
		*rel = ks_str_sub(line, p + sl, e - p - sl);
		return true;
	}
	return false;
}

static const char *family_of(struct ks_str name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (ks_str_eqi(name, names[i].name))
			return names[i].family;
	return NULL;
}

/* Go's strconv.Atoi on a digit string, with the error ignored as Trivy does: 0 when empty,
 * the largest int64 on overflow. */
static uint64_t atoi_sat(struct ks_str s)
{
	uint64_t v;

	if (s.n == 0)
		return 0;
	if (!ks_str_to_u64(s, INT64_MAX, &v))
		return INT64_MAX;
	return v;
}

static bool ver_ge(const uint64_t v[3], uint64_t a, uint64_t b, uint64_t c)
{
	if (v[0] != a)
		return v[0] > a;
	if (v[1] != b)
		return v[1] > b;
	return v[2] >= c;
}

/* The RHEL release a Red Hat Enterprise Linux CoreOS release is built on (Red Hat's
 * published mapping, as Trivy hard-codes it). */
static const char *coreos_rhel(struct ks_str rel)
{
	uint64_t v[3] = { 0, 0, 0 };
	struct ks_str part, rest = rel;
	int i;

	for (i = 0; i < 3; i++) {
		bool more = ks_str_cut(rest, '.', &part, &rest);

		v[i] = atoi_sat(part);
		if (!more)
			break;
	}
	if (ver_ge(v, 4, 16, 0))
		return "9.4";
	if (ver_ge(v, 4, 13, 0))
		return "9.2";
	if (ver_ge(v, 4, 11, 0))
		return "8.6";
	if (ver_ge(v, 4, 7, 24))
		return "8.4";
	if (ver_ge(v, 4, 7, 0))
		return "8.3";
	return "8.2";
}

/* Which name a file accepts: NULL accepts any (redhat-release, oracle-release). */
static const char *wanted_family(enum rh_file kind)
{
	switch (kind) {
	case RH_CENTOS:
		return "centos";
	case RH_ROCKY:
		return "rocky";
	case RH_ALMA:
		return "alma";
	case RH_FEDORA:
		return "fedora";
	default:
		return NULL;
	}
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_lines it;
	struct ks_str line, name, rel;
	enum rh_file kind;
	const char *fam, *want;
	bool any = false;

	if (!find_file(f->path, strlen(f->path), &kind))
		return ks_seterr(&cx->err, KS_EINTERNAL, WHAT ": '%s': not a release file",
			f->path);
	want = wanted_family(kind);
	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		any = true;
		if (line.n > KS_OS_MAXLINE)
			return ks_os_toolong(cx, f, WHAT, it.lineno);
		if (!match_release(ks_str_trim_space(line), &name, &rel))
			return ks_seterr(&cx->err, KS_ECORRUPT,
				WHAT ": '%s': line %zu: not a \"<name> release <version>\" line",
				f->path, it.lineno);
		fam = family_of(name);
		if (kind == RH_ORACLE)
			return ks_os_set(cx, f, WHAT, out, "oracle", rel, KS_OS_PRIO_RELEASE);
		if (kind == RH_REDHAT) {
			if (fam != NULL)
				return ks_os_set(cx, f, WHAT, out, fam, rel, KS_OS_PRIO_RELEASE);
			if (ks_str_eqi(name, "red hat enterprise linux coreos"))
				rel = ks_str_c(coreos_rhel(rel));
			return ks_os_set(cx, f, WHAT, out, "redhat", rel, KS_OS_PRIO_RHEL);
		}
		if (fam != NULL && strcmp(fam, want) == 0)
			return ks_os_set(cx, f, WHAT, out, fam, rel, KS_OS_PRIO_RELEASE);
	}
	if (!any)
		return ks_seterr(&cx->err, KS_ECORRUPT, WHAT ": '%s': empty file", f->path);
	return 0;
}

const struct ks_analyzer ks_analyzer_os_redhat = {
	.name = "redhat",
	.kind = KS_AK_OS,
	.version = 1,
	.max_size = KS_OS_MAXFILE,
	.wants = wants,
	.parse = parse,
};
