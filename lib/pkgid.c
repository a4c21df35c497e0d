/* pkgid.c - package IDs, version strings and package URLs as Trivy writes them; see
 * result.h. */
#include "result.h"
#include "util/buf.h"
#include "util/path.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

const char *ks_pkg_version_string(struct ks_arena *a, const struct ks_pkg *p)
{
	const char *v = p->version ? p->version : "";
	bool rel = p->release != NULL && p->release[0] != '\0';

	if (p->epoch == 0)
		return rel ? ks_arena_printf(a, "%s-%s", v, p->release) : v;
	return rel ? ks_arena_printf(a, "%d:%s-%s", p->epoch, v, p->release) :
		     ks_arena_printf(a, "%d:%s", p->epoch, v);
}

/* Language package types whose IDs differ from "name@version" (Trivy's dependency.ID). */
static bool in(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

static const char *const maven_types[] = { "jar", "pom", "gradle", "sbt", NULL };
static const char *const go_types[] = { "gomod", "gobinary", NULL };

const char *ks_pkg_id(struct ks_arena *a, const struct ks_pkg *p)
{
	static const char *const slash_types[] = { "conan", "dotnet-core", NULL };

	if (p->id != NULL)
		return p->id;
	if (in(p->analyzed_by, maven_types))
		return ks_arena_printf(a, "%s:%s", p->name, p->version ? p->version : "");
	if (in(p->analyzed_by, go_types) && p->version && p->version[0])
		return ks_arena_printf(a, "%s@%s%s", p->name, p->version[0] == 'v' ? "" : "v",
			p->version);
	if (in(p->analyzed_by, slash_types))
		return ks_arena_printf(a, "%s/%s", p->name, p->version ? p->version : "");
	if (p->version == NULL || p->version[0] == '\0')
		return p->name;
	if (ks_streq(p->analyzed_by, "rpm"))
		return ks_arena_printf(a, "%s@%s%s%s.%s", p->name, p->version ? p->version : "",
			p->release && p->release[0] ? "-" : "", p->release ? p->release : "",
			p->arch ? p->arch : "");
	return ks_arena_printf(a, "%s@%s", p->name, ks_pkg_version_string(a, p));
}

/* Language package types whose Trivy parser leaves Package.ID empty: pip
 * (python/pip/parse.go), pipenv (python/pipenv/parse.go), python-pkg
 * (python/packaging/parse.go), conda-pkg (conda/meta/parse.go), jar (java/jar/types.go
 * Properties.Package), gemspec (ruby/gemspec/parse.go). NuGet's packages.config parser
 * (nuget/config/parse.go) leaves it empty too, while its lock-file parser sets one, so
 * "nuget" is decided by the file (ks_pkg_report_id). */
static const char *const no_id_types[] = { "pip", "pipenv", "python-pkg", "conda-pkg",
	"jar", "gemspec", NULL };

int ks_pkg_report_id(struct ks_arena *a, const struct ks_pkg *p, const char *file,
	const char **id)
{
	*id = NULL;
	if (in(p->analyzed_by, no_id_types))
		return 0;
	if (ks_streq(p->analyzed_by, "nuget") && file != NULL &&
		ks_streq(ks_path_base(file), "packages.config"))
		return 0;
	return (*id = ks_pkg_id(a, p)) != NULL ? 0 : KS_ENOMEM;
}

/* Percent-encodes everything but RFC 3986 unreserved characters, as packageurl-go does
 * for names, versions and qualifier values. */
static int esc(struct ks_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	int r = 0;

	for (; *s && r == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			c == '-' || c == '.' || c == '_' || c == '~') {
			r = ks_buf_addc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			r = ks_buf_add(b, e, 3);
		}
	}
	return r;
}

/* purl type and namespace for an OS family (NULL type = no purl). */
static void os_purl(const char *family, const char **type, const char **ns)
{
	static const char *const rpm[] = { "redhat", "centos", "rocky", "alma", "fedora",
		"amazon", "oracle", "opensuse", "opensuse-leap", "opensuse-tumbleweed", "sles",
		"slem", "photon", "cbl-mariner", "azurelinux", "echo", NULL };
	size_t i;

	*type = NULL;
	*ns = family;
	if (ks_streq(family, "alpine") || ks_streq(family, "wolfi") ||
		ks_streq(family, "chainguard")) {
		*type = "apk";
		return;
	}
	if (ks_streq(family, "debian") || ks_streq(family, "ubuntu")) {
		*type = "deb";
		return;
	}
	for (i = 0; rpm[i] != NULL; i++)
		if (ks_streq(family, rpm[i]))
			*type = "rpm";
}

/* The purl type of a language package type (Trivy's purl mapping), or NULL. */
static const char *lang_type(const char *t)
{
	static const struct {
		const char *type, *purl;
	} m[] = { { "npm", "npm" }, { "yarn", "npm" }, { "pnpm", "npm" }, { "bun", "npm" },
		{ "node-pkg", "npm" }, { "pip", "pypi" }, { "pipenv", "pypi" }, { "poetry", "pypi" },
		{ "uv", "pypi" }, { "pdm", "pypi" }, { "python-pkg", "pypi" }, { "jar", "maven" },
		{ "pom", "maven" }, { "gradle", "maven" }, { "sbt", "maven" }, { "gomod", "golang" },
		{ "gobinary", "golang" }, { "cargo", "cargo" }, { "rustbinary", "cargo" },
		{ "bundler", "gem" }, { "gemspec", "gem" }, { "composer", "composer" },
		{ "composer-vendor", "composer" }, { "nuget", "nuget" }, { "dotnet-core", "nuget" },
		{ "packages-props", "nuget" }, { "conan", "conan" }, { "pub", "pub" },
		{ "hex", "hex" }, { "swift", "swift" }, { "cocoapods", "cocoapods" },
		{ "conda-pkg", "conda" }, { "conda-environment", "conda" } };
	size_t i;

	for (i = 0; t != NULL && i < sizeof(m) / sizeof(m[0]); i++)
		if (strcmp(m[i].type, t) == 0)
			return m[i].purl;
	return NULL;
}

/* Appends each "/"-separated segment of s escaped (namespaces keep their slashes). */
static int esc_path(struct ks_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	int r = 0;

	while (i < n && r == 0) {
		size_t j = i;
		char seg[1024];

		while (j < n && s[j] != '/')
			j++;
		if (j - i >= sizeof(seg))
			return KS_ELIMIT;
		memcpy(seg, s + i, j - i);
		seg[j - i] = '\0';
		r = esc(b, seg);
		if (r == 0 && j < n)
			r = ks_buf_addc(b, '/');
		i = j + 1;
	}
	return r;
}

static const char *lang_purl(struct ks_arena *a, const struct ks_pkg *p, const char *ptype)
{
	char name[2048];
	const char *out = NULL, *slash;
	struct ks_buf b;
	size_t i;
	int r;

	snprintf(name, sizeof(name), "%s", p->name);
	if (strcmp(ptype, "maven") == 0)
		for (i = 0; name[i]; i++)
			if (name[i] == ':')
				name[i] = '/';
	if (strcmp(ptype, "npm") == 0 || strcmp(ptype, "golang") == 0 ||
		strcmp(ptype, "pypi") == 0)
		for (i = 0; name[i]; i++)
			name[i] = (char)((name[i] >= 'A' && name[i] <= 'Z') ? name[i] - 'A' + 'a' :
						 name[i]);
	if (strcmp(ptype, "pypi") == 0)
		for (i = 0; name[i]; i++)
			if (name[i] == '_')
				name[i] = '-';
	ks_buf_init(&b, 1 << 16);
	r = ks_buf_addf(&b, "pkg:%s/", ptype);
	slash = strrchr(name, '/');
	if (r == 0 && slash != NULL) {
		r = esc_path(&b, name, (size_t)(slash - name));
		r = r ? r : ks_buf_addc(&b, '/');
	}
	r = r ? r : esc(&b, slash ? slash + 1 : name);
	if (r == 0 && p->version && p->version[0]) {
		r = ks_buf_addc(&b, '@');
		r = r ? r : esc(&b, p->version);
	}
	if (r == 0)
		out = ks_arena_strndup(a, b.p, b.n);
	ks_buf_release(&b);
	return out;
}

const char *ks_pkg_purl(struct ks_arena *a, const struct kensa_result *res,
	const struct ks_pkg *p)
{
	const char *ptype, *ns, *out = NULL;
	struct ks_buf b;
	int r;

	if ((ptype = lang_type(p->analyzed_by)) != NULL)
		return lang_purl(a, p, ptype);
	if (!res->has_os)
		return NULL;
	os_purl(res->os.family, &ptype, &ns);
	if (ptype == NULL)
		return NULL;
	ks_buf_init(&b, 1 << 16);
	r = ks_buf_addf(&b, "pkg:%s/", ptype);
	r = r ? r : esc(&b, ns);
	r = r ? r : ks_buf_addc(&b, '/');
	r = r ? r : esc(&b, p->name);
	r = r ? r : ks_buf_addc(&b, '@');
	if (r == 0) {
		/* the version never carries the epoch: that goes into a qualifier */
		struct ks_pkg noepoch = *p;

		noepoch.epoch = 0;
		r = esc(&b, ks_pkg_version_string(a, &noepoch));
	}
	/* qualifiers in key order: arch, distro, epoch */
	if (r == 0 && p->arch && p->arch[0]) {
		r = ks_buf_adds(&b, "?arch=");
		r = r ? r : esc(&b, p->arch);
	}
	if (r == 0) {
		r = ks_buf_adds(&b, p->arch && p->arch[0] ? "&distro=" : "?distro=");
		if (r == 0 && !ks_streq(ptype, "apk")) {
			r = esc(&b, ks_streq(res->os.family, "sles") ? "sles" : res->os.family);
			r = r ? r : ks_buf_addc(&b, '-');
		}
		r = r ? r : esc(&b, res->os.name ? res->os.name : "");
	}
	if (r == 0 && p->epoch != 0)
		r = ks_buf_addf(&b, "&epoch=%d", p->epoch);
	if (r == 0 && p->modularitylabel && p->modularitylabel[0]) {
		r = ks_buf_adds(&b, "&modularitylabel=");
		r = r ? r : esc(&b, p->modularitylabel);
	}
	if (r == 0)
		out = ks_arena_strndup(a, b.p, b.n);
	ks_buf_release(&b);
	return out;
}
