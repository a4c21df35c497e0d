/*
 * os_release.c - OS identification from os-release (etc/os-release, usr/lib/os-release and
 * Bottlerocket's sys-root copies), as Trivy's release analyzer does it.
 *
 * Lines are KEY=VALUE; only ID and VERSION_ID matter, both trimmed of white space and of
 * surrounding quotes. As soon as both are known and ID is one Trivy's release analyzer
 * handles, the family and VERSION_ID are the result. Debian, Ubuntu, Amazon Linux and
 * other IDs give no result here: their own release files decide (see os_common.h).
 */
#include "analyze/os_common.h"
#include "util/err.h"

#include <string.h>

#include "util/banned.h"

#define WHAT "os-release"

static const char *const paths[] = {
	"etc/os-release",
	"usr/lib/os-release",
	"aarch64-bottlerocket-linux-gnu/sys-root/usr/lib/os-release",
	"x86_64-bottlerocket-linux-gnu/sys-root/usr/lib/os-release",
	NULL,
};

/* os-release ID -> Trivy family. */
static const struct {
	const char *id;
	const char *family;
} ids[] = {
	{ "rhel", "redhat" },
	{ "centos", "centos" },
	{ "rocky", "rocky" },
	{ "almalinux", "alma" },
	{ "ol", "oracle" },
	{ "fedora", "fedora" },
	{ "alpine", "alpine" },
	{ "bottlerocket", "bottlerocket" },
	{ "opensuse-tumbleweed", "opensuse-tumbleweed" },
	{ "opensuse-leap", "opensuse-leap" },
	{ "opensuse", "opensuse-leap" }, /* openSUSE Leap 42 */
	{ "sles", "sles" },
	{ "sle-micro", "slem" },
	{ "sl-micro", "slem" },
	{ "sle-micro-rancher", "slem" },
	{ "photon", "photon" },
	{ "wolfi", "wolfi" },
	{ "chainguard", "chainguard" },
	{ "azurelinux", "azurelinux" },
	{ "mariner", "cbl-mariner" },
	{ "echo", "echo" },
	{ "minimos", "minimos" },
	{ "coreos", "coreos" },
	{ "activestate", "activestate" },
};

static bool wants(const char *path, size_t len)
{
	return ks_os_path_in(path, len, paths);
}

static const char *family_of(struct ks_str id)
{
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ks_str_eq(id, ids[i].id))
			return ids[i].family;
	return NULL;
}

/* Go's strings.Trim(v, `"'`): drops every leading and trailing quote of either kind. */
static struct ks_str unquote(struct ks_str v)
{
	while (v.n > 0 && (v.p[0] == '"' || v.p[0] == '\'')) {
		v.p++;
		v.n--;
	}
	while (v.n > 0 && (v.p[v.n - 1] == '"' || v.p[v.n - 1] == '\''))
		v.n--;
	return v;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_lines it;
	struct ks_str line, key, val, version = { "", 0 };
	const char *family = NULL;

	ks_lines_init(&it, (const char *)f->data, f->size);
	while (ks_lines_next(&it, &line)) {
		if (line.n > KS_OS_MAXLINE)
			return ks_os_toolong(cx, f, WHAT, it.lineno);
		if (!ks_str_cut(line, '=', &key, &val))
			continue;
		key = ks_str_trim_space(key);
		val = unquote(ks_str_trim_space(val));
		if (ks_str_eq(key, "ID"))
			family = family_of(val);
		else if (ks_str_eq(key, "VERSION_ID"))
			version = val;
		else
			continue;
		if (family != NULL && version.n > 0)
			return ks_os_set(cx, f, WHAT, out, family, version,
				strcmp(family, "redhat") == 0 ? KS_OS_PRIO_RHEL_OSREL
							      : KS_OS_PRIO_OSRELEASE);
	}
	return 0;
}

const struct ks_analyzer ks_analyzer_os_release = {
	.name = "os-release",
	.kind = KS_AK_OS,
	.version = 1,
	.max_size = KS_OS_MAXFILE,
	.wants = wants,
	.parse = parse,
};
