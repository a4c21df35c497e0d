/* names.c - severity and status names, ecosystem and package-name normalisation; see
 * db.h. */
#include "db/db.h"
#include "util/str.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const sev_names[] = { "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL" };

enum ks_sev ks_sev_parse(const char *s)
{
	static const struct {
		const char *name;
		enum ks_sev sev;
	} syn[] = { { "negligible", KS_SEV_LOW }, { "minor", KS_SEV_LOW },
		{ "moderate", KS_SEV_MEDIUM }, { "medium", KS_SEV_MEDIUM },
		{ "important", KS_SEV_HIGH }, { "high", KS_SEV_HIGH },
		{ "critical", KS_SEV_CRITICAL }, { "low", KS_SEV_LOW },
		{ "untriaged", KS_SEV_UNKNOWN }, { "unknown", KS_SEV_UNKNOWN } };
	size_t i;

	if (s == NULL)
		return KS_SEV_UNKNOWN;
	for (i = 0; i < sizeof(syn) / sizeof(syn[0]); i++)
		if (strcasecmp(s, syn[i].name) == 0)
			return syn[i].sev;
	return KS_SEV_UNKNOWN;
}

const char *ks_sev_name(enum ks_sev s)
{
	return (unsigned)s <= KS_SEV_CRITICAL ? sev_names[s] : "UNKNOWN";
}

static const char *const status_names[] = { "unknown", "not_affected", "affected", "fixed",
	"under_investigation", "will_not_fix", "fix_deferred", "end_of_life" };

int ks_status_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcasecmp(s, status_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *ks_status_name(enum ks_status s)
{
	return (unsigned)s < sizeof(status_names) / sizeof(status_names[0]) ? status_names[s] :
									      "unknown";
}

/* The first n dot-separated components of release ("3.9.4", 2 -> "3.9"). */
static const char *components(struct ks_arena *a, const char *release, int n)
{
	const char *p = release;
	int i;

	for (i = 0; i < n && p != NULL; i++) {
		p = strchr(p, '.');
		if (p != NULL && i + 1 < n)
			p++;
	}
	return p ? ks_arena_strndup(a, release, (size_t)(p - release)) :
		   ks_arena_strdup(a, release);
}

const char *ks_db_eco_for_os(struct ks_arena *a, const char *family, const char *release)
{
	static const struct {
		const char *family, *eco;
		int parts; /* release components kept; 0 = none (rolling) */
	} map[] = {
		{ "alpine", "alpine", 2 }, { "debian", "debian", 1 }, { "ubuntu", "ubuntu", 2 },
		{ "redhat", "redhat", 1 }, { "centos", "redhat", 1 }, { "alma", "alma", 1 },
		{ "rocky", "rocky", 1 }, { "oracle", "oracle", 1 }, { "amazon", "amazon", 1 },
		{ "cbl-mariner", "cbl-mariner", 2 }, { "azurelinux", "azurelinux", 2 },
		{ "photon", "photon", 2 }, { "opensuse-leap", "opensuse-leap", 2 },
		{ "sles", "sles", 2 }, { "slem", "slem", 2 },
		{ "opensuse-tumbleweed", "opensuse-tumbleweed", 0 }, { "fedora", "fedora", 1 },
		{ "wolfi", "wolfi", 0 },
		{ "chainguard", "chainguard", 0 },
	};
	size_t i;

	if (family == NULL)
		return NULL;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		const char *rel;

		if (strcmp(family, map[i].family) != 0)
			continue;
		if (map[i].parts == 0)
			return map[i].eco;
		if (release == NULL || release[0] == '\0')
			return NULL;
		/* Alpine edge and pre-release names stay as they are */
		if (strcmp(family, "alpine") == 0 && !isdigit((unsigned char)release[0]))
			return ks_arena_printf(a, "alpine:edge");
		/* Amazon Linux: "2 (Karoo)" -> 2, "AMI release 2018.03" -> 1 */
		if (strcmp(family, "amazon") == 0)
			return ks_arena_printf(a, "amazon:%s",
				ks_hasprefix(release, "AMI") ? "1" :
				ks_hasprefix(release, "2023") ? "2023" : "2");
		rel = components(a, release, map[i].parts);
		return rel ? ks_arena_printf(a, "%s:%s", map[i].eco, rel) : NULL;
	}
	return NULL;
}

const char *ks_db_pkg_norm(struct ks_arena *a, const char *eco, const char *name)
{
	char *out;
	size_t i, o = 0;

	if (name == NULL)
		return NULL;
	if (strcmp(eco, "pypi") == 0) {
		/* PEP 503: lower case, runs of -_. become one - */
		if ((out = ks_arena_alloc(a, strlen(name) + 1)) == NULL)
			return NULL;
		for (i = 0; name[i]; i++) {
			char c = name[i];

			if (c == '-' || c == '_' || c == '.') {
				if (o > 0 && out[o - 1] == '-')
					continue;
				c = '-';
			}
			out[o++] = (char)tolower((unsigned char)c);
		}
		out[o] = '\0';
		return out;
	}
	if (strcmp(eco, "nuget") == 0 || strcmp(eco, "composer") == 0 ||
		strcmp(eco, "cocoapods") == 0) {
		if ((out = ks_arena_strdup(a, name)) == NULL)
			return NULL;
		for (i = 0; out[i]; i++)
			out[i] = (char)tolower((unsigned char)out[i]);
		return out;
	}
	return ks_arena_strdup(a, name);
}
