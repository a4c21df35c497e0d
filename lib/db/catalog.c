/* catalog.c - the feed download catalog; see catalog.h. */
#include "db/catalog.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static const char *const alpine_branches[] = { "v3.2", "v3.3", "v3.4", "v3.5", "v3.6", "v3.7",
	"v3.8", "v3.9", "v3.10", "v3.11", "v3.12", "v3.13", "v3.14", "v3.15", "v3.16", "v3.17",
	"v3.18", "v3.19", "v3.20", "v3.21", "v3.22", "edge", NULL };

/* OSV ecosystems kensa has analyzers for (Alpine, Debian and Ubuntu come from their
 * native feeds, which carry more than their OSV exports). */
static const char *const osv_ecosystems[] = { "npm", "PyPI", "Maven", "Go", "crates.io",
	"RubyGems", "Packagist", "NuGet", "Hex", "Pub", "SwiftURL", "AlmaLinux:8", "AlmaLinux:9",
	"AlmaLinux:10", "Rocky Linux:8", "Rocky Linux:9", "Ubuntu", NULL };

static const char *const debian_releases[] = { "buster", "bullseye", "bookworm", "trixie",
	NULL };
static const char *const ubuntu_releases[] = { "bionic", "focal", "jammy", "noble", "oracular",
	"plucky", NULL };
static const char *const rhel_versions[] = { "RHEL7", "RHEL8", "RHEL9", NULL };

struct cat {
	struct ks_arena *a;
	struct ks_source *v;
	size_t n, cap;
	int err;
};

static void add(struct cat *c, const char *feed, const char *path, const char *url, int tree)
{
	struct ks_source *nv;

	if (c->err != 0)
		return;
	nv = ks_arena_grow(c->a, c->v, c->n, &c->cap, c->n + 1, sizeof(*nv));
	if (nv == NULL || path == NULL) {
		c->err = KS_ENOMEM;
		return;
	}
	c->v = nv;
	c->v[c->n].feed = feed;
	c->v[c->n].path = path;
	c->v[c->n].url = url;
	c->v[c->n].tree = tree;
	c->n++;
}

const char *ks_url_escape(struct ks_arena *a, const char *s, const char *extra)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s), o = 0;
	char *buf = ks_arena_alloc(a, 3 * n + 1);

	if (buf == NULL)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c >= 0x7f || strchr("\"#%<>?[\\]^`{|}", c) != NULL ||
			strchr(extra, c) != NULL) {
			buf[o++] = '%';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o] = '\0';
	return buf;
}

int ks_catalog(struct ks_arena *a, int year, const struct ks_source **out, size_t *n)
{
	struct cat c = { a, NULL, 0, 0, 0 };
	size_t i;
	int y;

	for (i = 0; osv_ecosystems[i] != NULL; i++)
		add(&c, "osv", ks_arena_printf(a, "osv/%s/all.zip", osv_ecosystems[i]),
			ks_arena_printf(a, "https://osv-vulnerabilities.storage.googleapis.com/%s/all.zip",
				ks_url_escape(a, osv_ecosystems[i], ":")), 0);
	for (i = 0; alpine_branches[i] != NULL; i++) {
		add(&c, "alpine", ks_arena_printf(a, "alpine/%s/main.json", alpine_branches[i]),
			ks_arena_printf(a, "https://secdb.alpinelinux.org/%s/main.json",
				alpine_branches[i]), 0);
		add(&c, "alpine", ks_arena_printf(a, "alpine/%s/community.json", alpine_branches[i]),
			ks_arena_printf(a, "https://secdb.alpinelinux.org/%s/community.json",
				alpine_branches[i]), 0);
	}
	add(&c, "alpine", "wolfi/security.json", "https://packages.wolfi.dev/os/security.json", 0);
	add(&c, "alpine", "chainguard/security.json",
		"https://packages.cgr.dev/chainguard/security.json", 0);
	/* Wolfi's advisory repository changed licence; only a mirror's frozen copy is used */
	add(&c, "wolfi", "wolfi", NULL, 1);
	for (i = 0; debian_releases[i] != NULL; i++)
		add(&c, "debian_oval",
			ks_arena_printf(a, "debian/oval/oval-definitions-%s.xml.bz2", debian_releases[i]),
			ks_arena_printf(a, "https://www.debian.org/security/oval/oval-definitions-%s.xml.bz2",
				debian_releases[i]), 0);
	add(&c, "debian_tracker", "debian/tracker/DSA/list",
		"https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DSA/list", 0);
	add(&c, "debian_tracker", "debian/tracker/DLA/list",
		"https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/DLA/list", 0);
	add(&c, "ubuntu_uct", "ubuntu/uct", NULL, 1);
	for (i = 0; ubuntu_releases[i] != NULL; i++)
		add(&c, "ubuntu_oval",
			ks_arena_printf(a, "ubuntu/oval/com.ubuntu.%s.usn.oval.xml", ubuntu_releases[i]),
			ks_arena_printf(a, "https://security-metadata.canonical.com/oval/com.ubuntu.%s.usn.oval.xml.bz2",
				ubuntu_releases[i]), 0);
	for (i = 0; rhel_versions[i] != NULL; i++)
		add(&c, "redhat_oval", ks_arena_printf(a, "redhat/oval/com.redhat.rhsa-%s.xml",
					       rhel_versions[i]),
			ks_arena_printf(a, "https://www.redhat.com/security/data/oval/com.redhat.rhsa-%s.xml",
				rhel_versions[i]), 0);
	add(&c, "rubysec", "rubysec",
		"https://github.com/rubysec/ruby-advisory-db/archive/refs/heads/master.tar.gz", 1);
	add(&c, "friendsofphp", "friendsofphp",
		"https://github.com/FriendsOfPHP/security-advisories/archive/refs/heads/master.tar.gz", 1);
	add(&c, "nodejs", "nodejs-security-wg",
		"https://github.com/nodejs/security-wg/archive/refs/heads/main.tar.gz", 1);
	for (y = 2002; y <= year; y++)
		add(&c, "nvd", ks_arena_printf(a, "nvd/1.1/nvdcve-1.1-%d.json.gz", y),
			ks_arena_printf(a, "https://nvd.nist.gov/feeds/json/cve/1.1/nvdcve-1.1-%d.json.gz", y),
			0);
	add(&c, "nvd", "nvd/1.1/nvdcve-1.1-recent.json.gz",
		"https://nvd.nist.gov/feeds/json/cve/1.1/nvdcve-1.1-recent.json.gz", 0);
	add(&c, "kev", "kev/known_exploited_vulnerabilities.json",
		"https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json", 0);
	add(&c, "epss", "epss/epss_scores-current.csv.gz",
		"https://epss.cyentia.com/epss_scores-current.csv.gz", 0);
	if (c.err != 0)
		return c.err;
	*out = c.v;
	*n = c.n;
	return 0;
}
