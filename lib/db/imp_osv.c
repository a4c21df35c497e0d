/*
 * imp_osv.c - OSV records (https://ossf.github.io/osv-schema/): osv.dev's bulk exports
 * (<Ecosystem>/all.zip members), directories of records, JSON or (for paths ending in
 * .yaml/.yml) YAML. A file holds one record, or a JSON array of records.
 *
 * What is stored, per record:
 * - Advisory IDs. As Trivy does (trivy-db osv.groupVulnIDs), a record with CVE aliases is
 *   stored under each of those CVEs, the record ID and the other aliases becoming vendor
 *   IDs; otherwise under its own ID. Records of OS ecosystems also take the CVEs of
 *   `related` and `upstream`: AlmaLinux (ALSA-...) and Ubuntu (UBUNTU-CVE-...) name their
 *   CVEs only there, and Trivy reports those errata by CVE with the erratum as vendor ID.
 *   Bug-fix and enhancement errata without any CVE (ALBA/ALEA/RLBA/RHBA/...) are not
 *   security advisories and are skipped. Withdrawn records are skipped.
 * - Advisories: one row per (ID, ecosystem, package) and per distinct status, severity,
 *   arches, vendor IDs and source, merging the ECOSYSTEM/SEMVER ranges (GIT ranges are
 *   skipped) and `versions[]` of every affected[] entry that shares them (as Trivy merges
 *   a package's ranges; AlmaLinux lists one entry per module build of a package, which
 *   become one row with several ranges). Listed versions already inside a range are
 *   dropped (as Trivy does). GHSA's last_known_affected_version_range closes a range that
 *   has no upper event (as Trivy applies it). Status is ecosystem_specific.status when it
 *   names one, else fixed when there is a fixed version, else affected. The fixed string
 *   is the fixed versions joined with ", " (without a "0:" epoch for rpm distributions,
 *   as Trivy prints them). Ubuntu writes "not affected" as a range fixed at the version
 *   the release ships: stored as it is, it matches no installed version of that release.
 * - Ecosystems map to kensa's canonical strings (db.h); Red Hat's CPE-style ecosystem
 *   "Red Hat:enterprise_linux:7::server" gives "redhat:7" and, as a second row,
 *   "redhat-cpe:enterprise_linux:7::server" (other Red Hat products, e.g. rhel_eus, only
 *   the second), so a matcher can use either the release or the content set's CPE.
 *   Entries of ecosystems kensa has no eco for are skipped silently.
 * - Vulnerability details (summary, details, dates without "0001-01-01"/placeholder
 *   values, database_specific.cwe_ids, reference URLs) under the record ID, and under
 *   the CVE IDs taken from aliases (not from related/upstream: an erratum's text is not a
 *   description of each CVE it fixes). Aliases both ways.
 * - Severities: CVSS_V2/V3/V4 vectors (scores are not computed: -1) and the record's own
 *   rating under one source: "ghsa" for GHSA records (database_specific.severity), the
 *   advisory's source otherwise (AlmaLinux/Rocky: the "Important:" prefix of the summary,
 *   Ubuntu: ecosystem_specific.ubuntu_priority, Debian: urgency).
 * - Data source {"ID","Name","URL"} and advisory source: Trivy's for the feed the record
 *   comes from (GHSA per ecosystem, Go vulndb, PyPA, RustSec, distro errata).
 *
 * Records converted from Trivy's own DB (shared/fixtures/trivy-fixture-db; recognised by
 * database_specific.vendor_severity/cvss/trivy_vulnerability_entry or
 * affected[].database_specific.trivy_bucket) carry what Trivy reports and are read
 * accordingly: the record ID only (the bucket key Trivy reports), database_specific
 * .severity as the record's severity, vendor_severity and cvss as one severity row per
 * source, affected[].database_specific.data_source as data source and advisory source,
 * trivy_fixed_version as the fixed string, ecosystem_specific severity/arches/vendor_ids,
 * and, when range_conversion is not "exact", the raw vulnerable_versions (as "n") and
 * patched_versions + unaffected_versions (as "p") instead of the approximate ranges.
 *
 * An affected entry with an unparsable event version, no introduced event or a fixed /
 * last_affected below its introduced is skipped with a warning; the rest imports. A record
 * found in several files (Trivy's fixture DB and osv.dev put a record in the zip of every
 * ecosystem it names) gives byte-identical rows each time, for the writer to de-duplicate.
 */
#include "db/feed.h"
#include "db/feedkit.h"
#include "db/osv_common.h"
#include "util/buf.h"
#include "util/arena.h"
#include "util/str.h"
#include "version/version.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/banned.h"

#define OSV_MAXEVENTS 4096 /* events per affected entry */
#define OSV_MAXIDS 256     /* IDs per record (id, aliases, related, upstream) */

struct dsrc {
	const char *id, *name, *url;
};

static const struct dsrc ds_alpine = { "alpine", "Alpine Secdb", "https://secdb.alpinelinux.org/" },
	ds_debian = { "debian", "Debian Security Tracker",
		"https://salsa.debian.org/security-tracker-team/security-tracker" },
	ds_ubuntu = { "ubuntu", "Ubuntu CVE Tracker",
		"https://git.launchpad.net/ubuntu-cve-tracker" },
	ds_alma = { "alma", "AlmaLinux Product Errata", "https://errata.almalinux.org/" },
	ds_rocky = { "rocky", "Rocky Linux updateinfo",
		"https://download.rockylinux.org/pub/rocky/" },
	ds_redhat = { "redhat", NULL, NULL },
	ds_amazon = { "amazon", "Amazon Linux Security Center", "https://alas.aws.amazon.com/" },
	ds_oracle = { "oracle-oval", "Oracle Linux OVAL definitions",
		"https://linux.oracle.com/security/oval/" },
	ds_photon = { "photon", "Photon OS CVE metadata",
		"https://packages.broadcom.com/photon/photon_cve_metadata/" },
	ds_mariner = { "cbl-mariner", "CBL-Mariner Vulnerability Data",
		"https://github.com/microsoft/CBL-MarinerVulnerabilityData" },
	ds_azure = { "azure", "Azure Linux Vulnerability Data",
		"https://github.com/microsoft/AzureLinuxVulnerabilityData" },
	ds_suse = { "suse-cvrf", "SUSE CVRF", "https://ftp.suse.com/pub/projects/security/cvrf/" },
	ds_wolfi = { "wolfi", "Wolfi Secdb", "https://packages.wolfi.dev/os/security.json" },
	ds_chainguard = { "chainguard", "Chainguard Secdb",
		"https://packages.cgr.dev/chainguard/security.json" },
	ds_osv = { "osv", NULL, NULL },
	ds_govulndb = { "govulndb", "The Go Vulnerability Database",
		"https://github.com/golang/vulndb" },
	ds_pypa = { "osv", "Python Packaging Advisory Database",
		"https://github.com/pypa/advisory-db" },
	ds_rustsec = { "osv", "RustSec Advisory Database",
		"https://github.com/RustSec/advisory-db" };

/* Language ecosystems: OSV name, kensa eco, version scheme, GHSA's name for Trivy's data
 * source ("GitHub Security Advisory <ghsa>"). */
static const struct lang {
	const char *osv, *eco;
	enum ks_eco vs;
	const char *ghsa;
} langs[] = {
	{ "npm", "npm", KS_ECO_NPM, "npm" },
	{ "PyPI", "pypi", KS_ECO_PYPI, "pip" },
	{ "Maven", "maven", KS_ECO_MAVEN, "Maven" },
	{ "Go", "go", KS_ECO_GO, "Go" },
	{ "crates.io", "cargo", KS_ECO_CARGO, "Rust" },
	{ "RubyGems", "gem", KS_ECO_GEM, "RubyGems" },
	{ "Packagist", "composer", KS_ECO_COMPOSER, "Composer" },
	{ "NuGet", "nuget", KS_ECO_NUGET, "NuGet" },
	{ "Hex", "hex", KS_ECO_HEX, "Erlang" },
	{ "Pub", "pub", KS_ECO_PUB, "Pub" },
	{ "SwiftURL", "swift", KS_ECO_GENERIC, "Swift" },
	{ "purl-type:swift", "swift", KS_ECO_GENERIC, "Swift" },
	{ "CocoaPods", "cocoapods", KS_ECO_GEM, "Swift" },
	{ "ConanCenter", "conan", KS_ECO_GENERIC, NULL },
	{ "Kubernetes", "k8s", KS_ECO_NONE, NULL },
};

/* What an OSV ecosystem string maps to. */
struct ecoinfo {
	const char *eco; /* canonical eco, or NULL when only alt applies */
	const char *alt; /* second eco (Red Hat's CPE form) or NULL */
	enum ks_eco vs;  /* version scheme, KS_ECO_NONE when kensa has no comparator */
	bool os, rpm;
	const struct dsrc *ds; /* default data source */
	const struct lang *lang;
};

struct osv_run {
	struct ks_fk fk;
	struct ks_dbw *w;
	const char *path;
	struct ks_arena scratch; /* released after each record */
	uint64_t written;
};

/* One advisory row being assembled from one or more affected[] entries. */
struct group {
	const char *eco, *pkg, *source, *data_source, *arches, *vids;
	int status, severity;
	char mode; /* 'r': ranges/versions, 'n': native expressions */
	bool every; /* an entry without any range information: every version */
	struct ks_imp_ranges rg;
	struct ks_strv fixed;
};

struct rec {
	struct osv_run *run;
	const json_t *j;
	const char *id;
	bool trivy;          /* converted from Trivy's DB */
	bool os;             /* some affected entry has an OS ecosystem */
	const char *prim[OSV_MAXIDS];  /* advisory IDs */
	const char *other[OSV_MAXIDS]; /* record ID and aliases that are not advisory IDs */
	size_t nprim, nother;
	bool details_on_prim; /* prim IDs came from aliases (same vulnerability) */
	struct group *g;
	size_t ng, capg;
	const char *rec_vids; /* vendor IDs of entries without their own, once vids_done */
	bool vids_done;
	const void *ds_key; /* what ds_source/ds_json were computed for */
	const char *ds_source, *ds_json;
};

/* ---------------------------------------------------------------- ecosystems */

/* A release token we accept in an eco string: [0-9A-Za-z._-]{1,32}. */
static bool release_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 32)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '_' && s[i] != '-')
			return false;
	return true;
}

/* Length of the major version at the start of s (digits), 0 if none. */
static size_t major_len(const char *s)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]))
		n++;
	return n;
}

/* SUSE: "Linux Enterprise 15 SP3" (any product) -> sles:15.3, "Linux Enterprise Micro 5.3"
 * and "Linux Micro 6.0" -> slem:<release>. */
static const char *suse_eco(struct ks_arena *a, const char *rest)
{
	const char *p, *num = NULL;
	size_t nl = 0;
	int sp = -1;

	for (p = rest; *p; p++) {
		size_t l;

		if ((p != rest && p[-1] != ' ') || !isdigit((unsigned char)*p))
			continue;
		l = strspn(p, "0123456789.");
		if (p[l] != '\0' && p[l] != ' ' && p[l] != '-')
			continue;
		num = p, nl = l, sp = -1;
		if ((p[l] == ' ' || p[l] == '-') && (p[l + 1] == 'S' || p[l + 1] == 's') &&
			(p[l + 2] == 'P' || p[l + 2] == 'p') && isdigit((unsigned char)p[l + 3]) &&
			major_len(p + l + 3) < 4)
			sp = (int)strtol(p + l + 3, NULL, 10);
	}
	if (num == NULL || nl > 16)
		return NULL;
	if (strstr(rest, "Micro") != NULL)
		return ks_arena_printf(a, "slem:%.*s", (int)nl, num);
	if (strstr(rest, "Linux Enterprise") == NULL || memchr(num, '.', nl) != NULL)
		return NULL;
	return sp >= 0 ? ks_arena_printf(a, "sles:%.*s.%d", (int)nl, num, sp) :
			 ks_arena_printf(a, "sles:%.*s", (int)nl, num);
}

/* rpm distributions whose OSV ecosystem is "<name>:<major release>". */
static const struct rpmfam {
	const char *osv, *eco;
	const struct dsrc *ds;
} rpmfams[] = {
	{ "AlmaLinux", "alma", &ds_alma },
	{ "Rocky Linux", "rocky", &ds_rocky },
	{ "Oracle Linux", "oracle", &ds_oracle },
	{ "Amazon Linux", "amazon", &ds_amazon },
};

static const struct rpmfam *rpm_family(const char *osv, size_t base)
{
	size_t i;

	for (i = 0; i < sizeof(rpmfams) / sizeof(rpmfams[0]); i++)
		if (strlen(rpmfams[i].osv) == base && strncasecmp(osv, rpmfams[i].osv, base) == 0)
			return &rpmfams[i];
	return NULL;
}

/* Fills *ei for the OSV ecosystem string; false when kensa has no eco for it. Strings
 * are allocated in a. */
static bool map_eco(struct ks_arena *a, const char *osv, struct ecoinfo *ei)
{
	const char *colon = strchr(osv, ':'), *rest = colon ? colon + 1 : "";
	size_t base = colon ? (size_t)(colon - osv) : strlen(osv), i, ml;
	const struct rpmfam *fam;

	memset(ei, 0, sizeof(*ei));
	for (i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
		size_t l = strlen(langs[i].osv);

		if ((strcasecmp(osv, langs[i].osv) == 0) ||
			(l == base && strncasecmp(osv, langs[i].osv, l) == 0 &&
				strchr(langs[i].osv, ':') == NULL)) {
			ei->eco = langs[i].eco;
			ei->vs = langs[i].vs;
			ei->ds = &ds_osv;
			ei->lang = &langs[i];
			return true;
		}
	}
	ei->os = true;
	ml = major_len(rest);
#define BASE(s) (base == sizeof(s) - 1 && strncasecmp(osv, s, base) == 0)
	if (BASE("Alpine") || BASE("Wolfi") || BASE("Chainguard")) {
		ei->vs = KS_ECO_APK;
		if (BASE("Wolfi") || BASE("Chainguard")) {
			ei->eco = BASE("Wolfi") ? "wolfi" : "chainguard";
			ei->ds = BASE("Wolfi") ? &ds_wolfi : &ds_chainguard;
			return true;
		}
		ei->ds = &ds_alpine;
		if (rest[0] == 'v')
			rest++;
		if (!release_ok(rest, strlen(rest)))
			return false;
		ei->eco = ks_arena_printf(a, "alpine:%s", rest);
	} else if (BASE("Debian") || BASE("Ubuntu")) {
		size_t l = strcspn(rest, ":");

		ei->vs = KS_ECO_DEB;
		ei->ds = BASE("Debian") ? &ds_debian : &ds_ubuntu;
		/* Ubuntu:Pro:... (ESM) and other qualified streams have no eco */
		if (!release_ok(rest, l) || !isdigit((unsigned char)rest[0]))
			return false;
		ei->eco = ks_arena_printf(a, "%s:%.*s", BASE("Debian") ? "debian" : "ubuntu",
			(int)l, rest);
	} else if ((fam = rpm_family(osv, base)) != NULL) {
		ei->vs = KS_ECO_RPM;
		ei->rpm = true;
		ei->ds = fam->ds;
		if (ml == 0 || ml > 8)
			return false;
		ei->eco = ks_arena_printf(a, "%s:%.*s", fam->eco, (int)ml, rest);
	} else if (BASE("Red Hat")) {
		/* "enterprise_linux:7::server": product, version, update, variant */
		const char *ver = strchr(rest, ':');

		ei->vs = KS_ECO_RPM;
		ei->rpm = true;
		ei->ds = &ds_redhat;
		if (!release_ok(rest, strcspn(rest, ":")) || strlen(rest) > 128)
			return false;
		ei->alt = ks_arena_printf(a, "redhat-cpe:%s", rest);
		if (ver != NULL && strncmp(rest, "enterprise_linux:", 17) == 0 &&
			(ml = major_len(ver + 1)) > 0 && ml < 8)
			ei->eco = ks_arena_printf(a, "redhat:%.*s", (int)ml, ver + 1);
		return ei->alt != NULL;
	} else if (BASE("Photon OS")) {
		ei->vs = KS_ECO_RPM;
		ei->rpm = true;
		ei->ds = &ds_photon;
		if (!release_ok(rest, strlen(rest)) || ml == 0)
			return false;
		ei->eco = ks_arena_printf(a, "photon:%s%s", rest, strchr(rest, '.') ? "" : ".0");
	} else if (BASE("Azure Linux") || BASE("CBL-Mariner")) {
		long major = ml > 0 && ml < 4 ? strtol(rest, NULL, 10) : -1;

		ei->vs = KS_ECO_RPM;
		ei->rpm = true;
		if (major < 0)
			return false;
		ei->ds = major >= 3 ? &ds_azure : &ds_mariner;
		ei->eco = ks_arena_printf(a, "%s:%ld.0", major >= 3 ? "azurelinux" : "cbl-mariner",
			major);
	} else if (BASE("SUSE")) {
		ei->vs = KS_ECO_RPM;
		ei->rpm = true;
		ei->ds = &ds_suse;
		if ((ei->eco = suse_eco(a, rest)) == NULL)
			return false;
	} else if (BASE("openSUSE")) {
		ei->vs = KS_ECO_RPM;
		ei->rpm = true;
		ei->ds = &ds_suse;
		if (strcasecmp(rest, "Tumbleweed") == 0)
			ei->eco = "opensuse-tumbleweed";
		else if (strncmp(rest, "Leap ", 5) == 0 && isdigit((unsigned char)rest[5]) &&
			release_ok(rest + 5, strlen(rest + 5)))
			ei->eco = ks_arena_printf(a, "opensuse-leap:%s", rest + 5);
		else
			return false;
	} else {
		return false;
	}
#undef BASE
	return ei->eco != NULL;
}

/* ---------------------------------------------------------------- small helpers */

/* Bug-fix and enhancement errata (no security content). */
static bool non_security_erratum(const char *id)
{
	static const char *const pre[] = { "ALBA-", "ALEA-", "RLBA-", "RLEA-", "RXBA-", "RXEA-",
		"RHBA-", "RHEA-", "ELBA-", "ELEA-" };
	size_t i;

	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++)
		if (ks_hasprefix(id, pre[i]))
			return true;
	return false;
}

/* A date that is really "unknown". */
static const char *real_date(const char *s)
{
	if (s == NULL || ks_hasprefix(s, "0001-01-01") || ks_hasprefix(s, "1970-01-01T00:00:00"))
		return NULL;
	return s;
}

/* The data source a record's ID and ecosystem give. */
static const struct dsrc *record_ds(const char *id, const struct ecoinfo *ei)
{
	if (ei->os)
		return ei->ds;
	if (ks_hasprefix(id, "GO-"))
		return &ds_govulndb;
	if (ks_hasprefix(id, "PYSEC-"))
		return &ds_pypa;
	if (ks_hasprefix(id, "RUSTSEC-"))
		return &ds_rustsec;
	return &ds_osv;
}

/* A severity name in one of the forms feeds use (Trivy names, GHSA's MODERATE, Debian
 * urgencies "low*", "unimportant", "end-of-life"); -1 when absent or unrecognised. */
static int sev_name(const char *s)
{
	char buf[32];
	size_t n;

	if (s == NULL || (n = strlen(s)) == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	while (n > 0 && buf[n - 1] == '*')
		buf[--n] = '\0';
	if (strcasecmp(buf, "unimportant") == 0 || strcasecmp(buf, "end-of-life") == 0)
		return KS_SEV_LOW;
	if (strcasecmp(buf, "unknown") == 0 || strcasecmp(buf, "untriaged") == 0)
		return KS_SEV_UNKNOWN;
	return ks_sev_parse(buf) == KS_SEV_UNKNOWN ? -1 : (int)ks_sev_parse(buf);
}

/* The erratum severity AlmaLinux and Rocky put in front of the summary ("Important: ..."). */
static int summary_severity(const char *summary)
{
	char buf[16];
	size_t n;

	if (summary == NULL || (n = strcspn(summary, ":")) == 0 || n >= sizeof(buf) ||
		summary[n] != ':')
		return -1;
	memcpy(buf, summary, n);
	buf[n] = '\0';
	return sev_name(buf);
}

static int push_unique(struct ks_arena *a, struct ks_strv *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 0;
	return ks_strv_push(a, sv, s);
}

/* The JSON array of sv's strings, copied into the arena (NULL when sv is empty). */
static int json_list(struct ks_arena *a, const struct ks_strv *sv, const char **out)
{
	char *m;
	int r;

	*out = NULL;
	if ((r = ks_imp_strarray(sv->v, sv->n, &m)) != 0 || m == NULL)
		return r;
	*out = ks_arena_strdup(a, m);
	free(m);
	return *out != NULL ? 0 : KS_ENOMEM;
}

/* Copies the string members of a JSON array into sv (scratch). */
static int strings_of(struct ks_arena *a, const json_t *arr, struct ks_strv *sv)
{
	const json_t *v;
	size_t i;
	int r;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && json_string_length(v) > 0 &&
			(r = push_unique(a, sv, json_string_value(v))) != 0)
			return r;
	return 0;
}

/* ---------------------------------------------------------------- IDs */

static bool listed(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

/* Adds the CVEs of the string array arr to prim. */
static void add_cves(struct rec *rc, const json_t *arr)
{
	const json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;

		if (s != NULL && ks_imp_is_cve(ks_str_c(s)) && rc->nprim < OSV_MAXIDS &&
			!listed(rc->prim, rc->nprim, s))
			rc->prim[rc->nprim++] = s;
	}
}

/* Chooses the advisory IDs and the other IDs (see the header comment). */
static void choose_ids(struct rec *rc)
{
	const json_t *aliases = ks_imp_arr(rc->j, "aliases"), *v;
	size_t i;

	if (rc->trivy || ks_imp_is_cve(ks_str_c(rc->id)))
		rc->prim[rc->nprim++] = rc->id;
	if (!rc->trivy) {
		add_cves(rc, aliases);
		rc->details_on_prim = true;
		if (rc->nprim == 0 && rc->os) {
			add_cves(rc, ks_imp_arr(rc->j, "upstream"));
			add_cves(rc, ks_imp_arr(rc->j, "related"));
			rc->details_on_prim = false;
		}
		if (rc->nprim == 0)
			rc->prim[rc->nprim++] = rc->id;
	}
	/* everything else that names this vulnerability: aliases, then the record ID (the
	 * order of Trivy's vendor IDs) */
	json_array_foreach(aliases, i, v) {
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;

		if (s != NULL && ks_imp_is_vuln_id(ks_str_c(s)) && rc->nother + 1 < OSV_MAXIDS &&
			!listed(rc->prim, rc->nprim, s) && !listed(rc->other, rc->nother, s) &&
			strcmp(s, rc->id) != 0)
			rc->other[rc->nother++] = s;
	}
	if (!listed(rc->prim, rc->nprim, rc->id))
		rc->other[rc->nother++] = rc->id;
}

/* ---------------------------------------------------------------- affected entries */

struct event {
	const char *kind, *ver;
	enum ks_osv_kind k;
};

static int warn_entry(struct rec *rc, size_t idx, const char *what)
{
	return ks_fk_skip(&rc->run->fk, rc->id, "affected[%zu]: %s", idx, what);
}

/* Reads one range's events; 0 and *nev = 0 for a range to ignore (GIT, unknown type),
 * KS_ECORRUPT (warned by the caller) for a malformed one. */
static int read_events(const json_t *range, struct event *ev, size_t cap, size_t *nev,
	const char **type)
{
	static const char *const kinds[] = { "introduced", "fixed", "last_affected", "limit" };
	const json_t *events = ks_imp_arr(range, "events"), *e;
	size_t i, k;

	*nev = 0;
	*type = ks_imp_str(range, "type");
	if (*type == NULL || (strcmp(*type, "ECOSYSTEM") != 0 && strcmp(*type, "SEMVER") != 0))
		return 0;
	if (events == NULL)
		return KS_ECORRUPT;
	json_array_foreach(events, i, e) {
		const char *kind = NULL, *ver = NULL;
		enum ks_osv_kind kk = KS_OSV_INTRODUCED;

		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			const char *s = ks_imp_str(e, kinds[k]);

			if (s == NULL)
				continue;
			if (kind != NULL)
				return KS_ECORRUPT; /* two kinds in one event */
			kind = kinds[k], ver = s, kk = (enum ks_osv_kind)k;
		}
		if (kind == NULL || *nev >= cap)
			return KS_ECORRUPT;
		ev[*nev].kind = kind;
		ev[*nev].ver = ver;
		ev[*nev].k = kk;
		(*nev)++;
	}
	return 0;
}

/* Checks that the events make sense for eco vs: every version parses, there is an
 * introduced event, and no fixed/last_affected right after an introduced is below it.
 * Fills *out with the compiled range (for dropping covered versions). */
static int check_events(struct osv_run *run, enum ks_eco vs, const struct event *ev, size_t n,
	const struct ks_osv_range **out, char *why, size_t whysz)
{
	struct ks_osv_event *oe = ks_arena_calloc(&run->scratch, n + 1, sizeof(*oe));
	const struct ks_ver *intro = NULL, *v;
	struct ks_err e = { 0 };
	size_t i;
	int r;

	*out = NULL;
	if (oe == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++) {
		oe[i].kind = ev[i].k;
		oe[i].version = ks_str_c(ev[i].ver);
	}
	if (vs == KS_ECO_NONE) {
		for (i = 0; i < n && ev[i].k != KS_OSV_INTRODUCED; i++)
			;
		if (i == n) {
			snprintf(why, whysz, "no introduced event");
			return KS_ECORRUPT;
		}
		return 0;
	}
	if ((r = ks_osv_range_parse(&run->scratch, &e, vs, oe, n, out)) != 0) {
		snprintf(why, whysz, "%s", e.msg);
		return r == KS_ENOMEM ? r : KS_ECORRUPT;
	}
	for (i = 0; i < n; i++) {
		if ((ev[i].k == KS_OSV_INTRODUCED && strcmp(ev[i].ver, "0") == 0) ||
			(ev[i].k == KS_OSV_LIMIT && strcmp(ev[i].ver, "*") == 0)) {
			intro = NULL;
			continue;
		}
		if ((r = ks_ver_parse(&run->scratch, &e, vs, ks_str_c(ev[i].ver), &v)) != 0) {
			snprintf(why, whysz, "%s", e.msg);
			return r == KS_ENOMEM ? r : KS_ECORRUPT;
		}
		if (ev[i].k == KS_OSV_INTRODUCED) {
			intro = v;
			continue;
		}
		if (intro != NULL && ev[i].k != KS_OSV_LIMIT && ks_ver_cmp(v, intro) < 0) {
			snprintf(why, whysz, "%s '%s' is below introduced '%s'", ev[i].kind,
				ev[i].ver, ks_ver_str(intro));
			return KS_ECORRUPT;
		}
		intro = NULL;
	}
	return 0;
}

/* GHSA's affected[].database_specific.last_known_affected_version_range ("< 1.2" or
 * "<= 1.2") closes ranges that have no upper bound, as Trivy applies it. Adds the event
 * to ev (capacity cap) when it applies. */
static void close_open_range(const json_t *aff, struct event *ev, size_t *n, size_t cap,
	struct ks_arena *a)
{
	const char *lk = ks_imp_str(ks_imp_obj(aff, "database_specific"),
		"last_known_affected_version_range");
	struct ks_str s;
	size_t i;
	bool le;

	if (lk == NULL || *n == 0 || *n >= cap)
		return;
	for (i = 0; i < *n; i++)
		if (ev[i].k != KS_OSV_INTRODUCED)
			return;
	s = ks_str_trim(ks_str_c(lk));
	if (!ks_str_hasprefix(s, "<"))
		return;
	le = ks_str_hasprefix(s, "<=");
	s = ks_str_trim(ks_str_sub(s, le ? 2 : 1, s.n));
	if (s.n == 0 || (ev[*n].ver = ks_arena_strndup(a, s.p, s.n)) == NULL)
		return;
	ev[*n].kind = le ? "last_affected" : "limit";
	ev[*n].k = le ? KS_OSV_LAST_AFFECTED : KS_OSV_LIMIT;
	(*n)++;
}

/* The group for (key fields); created on first use. */
static struct group *group_for(struct rec *rc, const struct group *key)
{
	struct group *g;
	size_t i;

	for (i = 0; i < rc->ng; i++) {
		g = &rc->g[i];
		if (strcmp(g->eco, key->eco) == 0 && strcmp(g->pkg, key->pkg) == 0 &&
			g->status == key->status && g->severity == key->severity &&
			g->mode == key->mode && strcmp(g->source, key->source) == 0 &&
			ks_streq(g->data_source, key->data_source) &&
			ks_streq(g->arches, key->arches) && ks_streq(g->vids, key->vids))
			return g;
	}
	g = ks_arena_grow(&rc->run->scratch, rc->g, rc->ng, &rc->capg, rc->ng + 1, sizeof(*g));
	if (g == NULL)
		return NULL;
	rc->g = g;
	g = &rc->g[rc->ng++];
	*g = *key;
	ks_imp_ranges_init(&g->rg);
	memset(&g->fixed, 0, sizeof(g->fixed));
	return g;
}

/* What one affected entry contributes, before it is merged into a group. */
struct entry {
	struct ks_imp_ranges rg; /* r/v/n/p of this entry */
	struct ks_strv fixed;
	bool any_range;  /* some r/v/n/p */
	bool no_info;    /* no ranges and no versions at all: every version */
	bool has_fixed;
};

/* Appends src's arrays to dst's. */
static int merge_ranges(struct ks_imp_ranges *dst, const struct ks_imp_ranges *src)
{
	json_t **d[4] = { &dst->r, &dst->v, &dst->n, &dst->p };
	json_t *s[4] = { src->r, src->v, src->n, src->p };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (s[i] == NULL)
			continue;
		if (*d[i] == NULL && (*d[i] = json_array()) == NULL)
			return KS_ENOMEM;
		if (json_array_extend(*d[i], s[i]) != 0)
			return KS_ENOMEM;
	}
	return 0;
}

/* The "n"/"p" expressions of a Trivy-converted entry whose ranges are not exact. */
static int native_exprs(struct rec *rc, const json_t *ds, enum ks_eco vs, struct entry *en,
	char *why, size_t whysz)
{
	struct ks_arena *a = &rc->run->scratch;
	struct ks_strv vul = { 0 }, pat = { 0 };
	const json_t *vl = ks_imp_arr(ds, "vulnerable_versions"), *v;
	const struct ks_range *rg;
	struct ks_err e = { 0 };
	bool every = false;
	size_t i;
	int r;

	json_array_foreach(vl, i, v)
		if (json_is_string(v) && json_string_length(v) == 0)
			every = true; /* "" makes Trivy treat every version as vulnerable */
	if ((!every && (r = strings_of(a, vl, &vul)) != 0) ||
		(r = strings_of(a, ks_imp_arr(ds, "patched_versions"), &pat)) != 0 ||
		(r = strings_of(a, ks_imp_arr(ds, "unaffected_versions"), &pat)) != 0)
		return r;
	for (i = 0; i < vul.n + pat.n; i++) {
		const char *x = i < vul.n ? vul.v[i] : pat.v[i - vul.n];

		if (vs != KS_ECO_NONE && (r = ks_range_parse(a, &e, vs, ks_str_c(x), 0, &rg)) != 0) {
			snprintf(why, whysz, "%s", e.msg);
			return r == KS_ENOMEM ? r : KS_ECORRUPT;
		}
		if ((r = ks_imp_ranges_add(&en->rg, i < vul.n ? 'n' : 'p', x)) != 0)
			return r;
	}
	en->has_fixed = pat.n > 0;
	en->any_range = vul.n + pat.n > 0;
	en->no_info = !en->any_range;
	return 0;
}

/* Ranges and versions of a plain entry. */
static int plain_ranges(struct rec *rc, const json_t *aff, const struct ecoinfo *ei,
	struct entry *en, char *why, size_t whysz)
{
	struct ks_arena *a = &rc->run->scratch;
	const json_t *ranges = json_object_get(aff, "ranges"), *rgj, *versions, *v;
	const struct ks_osv_range *compiled[64];
	size_t ncomp = 0, i, j;
	struct event *ev;
	int r;

	versions = json_object_get(aff, "versions");
	if ((ranges != NULL && !json_is_array(ranges) && !json_is_null(ranges)) ||
		(versions != NULL && !json_is_array(versions) && !json_is_null(versions))) {
		snprintf(why, whysz, "ranges or versions is not a list");
		return KS_ECORRUPT;
	}
	en->no_info = json_array_size(ranges) == 0 && json_array_size(versions) == 0;
	json_array_foreach(ranges, i, rgj) {
		size_t cap = json_array_size(ks_imp_arr(rgj, "events")) + 1, nev;
		const struct ks_osv_range *comp;
		const char *type;
		enum ks_eco vs;

		if (cap > OSV_MAXEVENTS) {
			snprintf(why, whysz, "range %zu has too many events", i);
			return KS_ECORRUPT;
		}
		if ((ev = ks_arena_alloc(a, cap * sizeof(*ev))) == NULL)
			return KS_ENOMEM;
		if (read_events(rgj, ev, cap - 1, &nev, &type) != 0) {
			snprintf(why, whysz, "malformed range %zu", i);
			return KS_ECORRUPT;
		}
		if (nev == 0)
			continue;
		close_open_range(aff, ev, &nev, cap, a);
		vs = ei->vs == KS_ECO_NONE && strcmp(type, "SEMVER") == 0 ? KS_ECO_SEMVER : ei->vs;
		if ((r = check_events(rc->run, vs, ev, nev, &comp, why, whysz)) != 0)
			return r;
		if (comp != NULL && ncomp < sizeof(compiled) / sizeof(compiled[0]))
			compiled[ncomp++] = comp;
		if ((r = ks_imp_ranges_open(&en->rg, type)) != 0)
			return r;
		for (j = 0; j < nev; j++) {
			if ((r = ks_imp_ranges_event(&en->rg, ev[j].kind, ev[j].ver)) != 0)
				return r;
			if (ev[j].k == KS_OSV_FIXED) {
				en->has_fixed = true;
				if ((r = push_unique(a, &en->fixed, ev[j].ver)) != 0)
					return r;
			}
		}
		en->any_range = true;
	}
	json_array_foreach(versions, i, v) {
		const struct ks_ver *pv;
		struct ks_err e = { 0 };
		bool covered = false;

		if (!json_is_string(v) || json_string_length(v) == 0)
			continue;
		if (ncomp > 0 &&
			ks_ver_parse(a, &e, ei->vs, ks_str_c(json_string_value(v)), &pv) == 0)
			for (j = 0; j < ncomp && !covered; j++)
				covered = ks_osv_range_test(compiled[j], pv);
		if (covered)
			continue;
		if ((r = ks_imp_ranges_add(&en->rg, 'v', json_string_value(v))) != 0)
			return r;
		en->any_range = true;
	}
	return 0;
}

/* The fixed version as Trivy prints it: rpm distributions without a "0:" epoch. */
static const char *display_fixed(const struct ecoinfo *ei, const char *v)
{
	return ei->rpm && ks_hasprefix(v, "0:") ? v + 2 : v;
}

/* The advisory source and data source JSON of an entry (cached per record: all entries
 * of a record usually share them). */
static int entry_source(struct rec *rc, const json_t *ds, const struct ecoinfo *ei,
	const char **source, const char **data_source)
{
	const json_t *dsj = ks_imp_obj(ds, "data_source");
	const struct dsrc *d = record_ds(rc->id, ei);
	bool ghsa = !rc->trivy && ks_hasprefix(rc->id, "GHSA-") && ei->lang != NULL &&
		ei->lang->ghsa != NULL;
	const void *key = rc->trivy ? (const void *)dsj : ghsa ? (const void *)ei->lang : d;
	char name[64], url[160], lower[16];
	char *m = NULL;
	size_t j;
	int r = 0;

	if (rc->ds_key == key && key != NULL) {
		*source = rc->ds_source;
		*data_source = rc->ds_json;
		return 0;
	}
	if (rc->trivy) {
		*source = ks_imp_str(dsj, "id") ? ks_imp_str(dsj, "id") : ei->ds->id;
		if (dsj != NULL)
			r = ks_imp_datasource(ks_imp_str(dsj, "id"), ks_imp_str(dsj, "name"),
				ks_imp_str(dsj, "url"), &m);
	} else if (ghsa) {
		for (j = 0; ei->lang->ghsa[j] && j + 1 < sizeof(lower); j++)
			lower[j] = (char)tolower((unsigned char)ei->lang->ghsa[j]);
		lower[j] = '\0';
		snprintf(name, sizeof(name), "GitHub Security Advisory %s", ei->lang->ghsa);
		snprintf(url, sizeof(url), "https://github.com/advisories?query="
			"type%%3Areviewed+ecosystem%%3A%s", lower);
		*source = "ghsa";
		r = ks_imp_datasource("ghsa", name, url, &m);
	} else {
		*source = d->id;
		r = ks_imp_datasource(d->id, d->name, d->url, &m);
	}
	*data_source = NULL;
	if (r == 0 && m != NULL && (*data_source = ks_arena_strdup(&rc->run->scratch, m)) == NULL)
		r = KS_ENOMEM;
	free(m);
	rc->ds_key = key;
	rc->ds_source = *source;
	rc->ds_json = *data_source;
	return r;
}

/* The vendor IDs of an entry: the record's other IDs (not for Trivy-converted records)
 * and ecosystem_specific.vendor_ids. */
static int entry_vendor_ids(struct rec *rc, const json_t *es, const char **out)
{
	struct ks_arena *a = &rc->run->scratch;
	const json_t *vids = ks_imp_arr(es, "vendor_ids");
	struct ks_strv sv = { 0 };
	size_t i;
	int r;

	if (vids == NULL && rc->vids_done) {
		*out = rc->rec_vids;
		return 0;
	}
	if (!rc->trivy)
		for (i = 0; i < rc->nother; i++)
			if ((r = push_unique(a, &sv, rc->other[i])) != 0)
				return r;
	if ((r = strings_of(a, vids, &sv)) != 0 || (r = json_list(a, &sv, out)) != 0)
		return r;
	if (vids == NULL) {
		rc->rec_vids = *out;
		rc->vids_done = true;
	}
	return 0;
}

/* Adds one affected entry's rows (eco and, for Red Hat, the CPE eco) to the groups. */
static int add_entry(struct rec *rc, const json_t *aff, size_t idx, const struct ecoinfo *ei,
	const char *pkg)
{
	struct ks_arena *a = &rc->run->scratch;
	const json_t *ds = ks_imp_obj(aff, "database_specific");
	const json_t *es = ks_imp_obj(aff, "ecosystem_specific");
	const char *conv = ks_imp_str(ds, "range_conversion"), *tfv, *st;
	const char *ecos[2] = { ei->eco, ei->alt };
	struct group key = { 0 }, *g;
	struct entry en = { 0 };
	struct ks_strv sv = { 0 };
	char why[KS_ERR_MSG_MAX] = "";
	size_t i, j;
	int r;

	ks_imp_ranges_init(&en.rg);
	if (rc->trivy && conv != NULL && strcmp(conv, "exact") != 0) {
		r = native_exprs(rc, ds, ei->vs, &en, why, sizeof(why));
		key.mode = 'n';
	} else {
		r = plain_ranges(rc, aff, ei, &en, why, sizeof(why));
		key.mode = 'r';
	}
	if (r == KS_ECORRUPT) {
		r = warn_entry(rc, idx, why);
		goto out;
	}
	if (r != 0)
		goto out;
	if (!en.any_range && !en.no_info) {
		r = 0; /* only GIT ranges: nothing kensa can match on */
		goto out;
	}
	/* status (fixed when Trivy would print a fixed version), severity, arches, vendor IDs */
	tfv = rc->trivy ? ks_imp_str(ds, "trivy_fixed_version") : NULL;
	st = ks_imp_str(es, "status");
	key.status = st != NULL && ks_status_parse(st) >= 0 ? ks_status_parse(st) :
		en.has_fixed || tfv != NULL			   ? KS_ST_FIXED :
								     KS_ST_AFFECTED;
	key.severity = sev_name(ks_imp_str(es, "severity"));
	if (key.severity < 0)
		key.severity = sev_name(ks_imp_str(es, "ubuntu_priority"));
	if (key.severity < 0)
		key.severity = sev_name(ks_imp_str(es, "urgency"));
	if ((r = strings_of(a, ks_imp_arr(es, "arches"), &sv)) != 0 ||
		(r = json_list(a, &sv, &key.arches)) != 0)
		goto out;
	if ((r = entry_vendor_ids(rc, es, &key.vids)) != 0)
		goto out;
	if ((r = entry_source(rc, ds, ei, &key.source, &key.data_source)) != 0)
		goto out;
	for (i = 0; i < 2; i++) {
		if (ecos[i] == NULL)
			continue;
		key.eco = ecos[i];
		key.pkg = pkg;
		if ((g = group_for(rc, &key)) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
		if (en.no_info)
			g->every = true;
		if ((r = merge_ranges(&g->rg, &en.rg)) != 0)
			goto out;
		if (tfv != NULL)
			r = push_unique(a, &g->fixed, tfv);
		for (j = 0; r == 0 && tfv == NULL && j < en.fixed.n; j++)
			r = push_unique(a, &g->fixed, display_fixed(ei, en.fixed.v[j]));
		if (r != 0)
			goto out;
	}
	r = 0;
out:
	ks_imp_ranges_release(&en.rg);
	return r;
}

/* ---------------------------------------------------------------- writing */

static int write_advisories(struct rec *rc)
{
	struct ks_str fx[64];
	struct ks_buf fixed;
	size_t i, j, k;
	int r = 0;

	ks_buf_init(&fixed, 1 << 20);
	for (i = 0; i < rc->ng && r == 0; i++) {
		struct group *g = &rc->g[i];
		char *ranges = g->every ? NULL : ks_imp_ranges_dump(&g->rg);

		for (k = 0; k < g->fixed.n && k < sizeof(fx) / sizeof(fx[0]); k++)
			fx[k] = ks_str_c(g->fixed.v[k]);
		if ((!g->every && ranges == NULL) || (r = ks_fk_join_unique(&fixed, fx, k)) != 0) {
			free(ranges);
			r = r != 0 ? r : KS_ENOMEM;
			break;
		}
		for (j = 0; j < rc->nprim && r == 0; j++) {
			struct ks_adv_in adv = { .eco = g->eco, .pkg = g->pkg,
				.vuln_id = rc->prim[j], .source = g->source, .status = g->status,
				.ranges = g->every ? "{}" : ranges, .fixed = fixed.n ? fixed.p : "",
				.severity = g->severity, .vendor_ids = g->vids, .arches = g->arches,
				.data_source = g->data_source };

			if ((r = ks_dbw_advisory(rc->run->w, &adv)) == 0)
				rc->run->written++;
		}
		free(ranges);
	}
	ks_buf_release(&fixed);
	return r;
}

/* CVSS vectors from an OSV severity[] list. */
static void vectors(const json_t *sevs, struct ks_sev_in *s)
{
	const json_t *x;
	size_t i;

	json_array_foreach(sevs, i, x) {
		const char *type = ks_imp_str(x, "type"), *score = ks_imp_str(x, "score");

		if (type == NULL || score == NULL)
			continue;
		if (strcmp(type, "CVSS_V2") == 0 && s->v2_vector == NULL)
			s->v2_vector = score;
		else if (strcmp(type, "CVSS_V3") == 0 && s->v3_vector == NULL)
			s->v3_vector = score;
		else if (strcmp(type, "CVSS_V4") == 0 && s->v40_vector == NULL)
			s->v40_vector = score;
		else if (strcasecmp(type, "Ubuntu") == 0 && s->severity < 0)
			s->severity = sev_name(score);
	}
}

/* A vendor_severity value: a name, or Trivy's number 0-4; -1 otherwise. */
static int vendor_sev(const json_t *v)
{
	if (json_is_integer(v))
		return json_integer_value(v) >= 0 && json_integer_value(v) <= KS_SEV_CRITICAL ?
			(int)json_integer_value(v) :
			-1;
	return json_is_string(v) ? sev_name(json_string_value(v)) : -1;
}

/* Writes s for every advisory ID and the record ID. */
static int sev_all(struct rec *rc, struct ks_sev_in *s)
{
	size_t i;
	int r;

	for (i = 0; i < rc->nprim; i++) {
		s->vuln_id = rc->prim[i];
		if ((r = ks_dbw_severity(rc->run->w, s)) != 0)
			return r;
	}
	if (!listed(rc->prim, rc->nprim, rc->id)) {
		s->vuln_id = rc->id;
		return ks_dbw_severity(rc->run->w, s);
	}
	return 0;
}

static int write_severities(struct rec *rc)
{
	const json_t *dbs = ks_imp_obj(rc->j, "database_specific");
	struct ks_sev_in s = { .severity = -1, .v2_score = -1, .v3_score = -1, .v40_score = -1 };
	const json_t *affected = ks_imp_arr(rc->j, "affected"), *aff;
	size_t i;
	int r;

	if (rc->trivy) {
		const json_t *vs = ks_imp_obj(dbs, "vendor_severity");
		const json_t *cv = ks_imp_obj(dbs, "cvss");
		const char *src;
		const json_t *val;

		/* one row per source named by either object */
		for (i = 0; i < 2; i++) {
			json_object_foreach((json_t *)(i == 0 ? vs : cv), src, val) {
				const json_t *c = ks_imp_obj(cv, src);

				if (i == 1 && json_object_get(vs, src) != NULL)
					continue;
				s = (struct ks_sev_in){ .source = src,
					.severity = vendor_sev(json_object_get(vs, src)),
					.v2_vector = ks_imp_str(c, "V2Vector"),
					.v2_score = ks_imp_num(c, "V2Score"),
					.v3_vector = ks_imp_str(c, "V3Vector"),
					.v3_score = ks_imp_num(c, "V3Score"),
					.v40_vector = ks_imp_str(c, "V40Vector"),
					.v40_score = ks_imp_num(c, "V40Score") };
				if ((r = sev_all(rc, &s)) != 0)
					return r;
			}
		}
		return 0;
	}
	vectors(ks_imp_arr(rc->j, "severity"), &s);
	if (s.v2_vector == NULL && s.v3_vector == NULL && s.v40_vector == NULL)
		json_array_foreach(affected, i, aff)
			vectors(ks_imp_arr(aff, "severity"), &s);
	if (ks_hasprefix(rc->id, "GHSA-")) {
		s.source = "ghsa";
		s.severity = sev_name(ks_imp_str(dbs, "severity"));
	} else {
		s.source = rc->ng > 0 ? rc->g[0].source : "osv";
		if (s.severity < 0 &&
			(strcmp(s.source, "alma") == 0 || strcmp(s.source, "rocky") == 0))
			s.severity = summary_severity(ks_imp_str(rc->j, "summary"));
		json_array_foreach(affected, i, aff) {
			const json_t *es = ks_imp_obj(aff, "ecosystem_specific");

			if (s.severity >= 0)
				break;
			s.severity = sev_name(ks_imp_str(es, "ubuntu_priority"));
			if (s.severity < 0)
				s.severity = sev_name(ks_imp_str(es, "urgency"));
		}
	}
	if (s.severity < 0 && s.v2_vector == NULL && s.v3_vector == NULL && s.v40_vector == NULL)
		return 0;
	return sev_all(rc, &s);
}

static int write_vulns(struct rec *rc)
{
	struct ks_arena *a = &rc->run->scratch;
	const json_t *dbs = ks_imp_obj(rc->j, "database_specific"), *x;
	struct ks_strv cwe = { 0 }, refs = { 0 };
	struct ks_vuln_in v = { .source = "osv", .severity = -1 };
	size_t i;
	int r;

	if ((r = strings_of(a, ks_imp_arr(dbs, "cwe_ids"), &cwe)) != 0 ||
		(r = ks_strv_push(a, &cwe, NULL)) != 0)
		return r;
	json_array_foreach(ks_imp_arr(rc->j, "references"), i, x)
		if (ks_imp_str(x, "url") != NULL &&
			(r = push_unique(a, &refs, ks_imp_str(x, "url"))) != 0)
			return r;
	if ((r = ks_strv_push(a, &refs, NULL)) != 0)
		return r;
	v.title = ks_imp_str(rc->j, "summary");
	v.description = ks_imp_str(rc->j, "details");
	v.published = real_date(ks_imp_str(rc->j, "published"));
	v.modified = json_is_true(json_object_get(dbs, "modified_is_placeholder")) ?
		NULL :
		real_date(ks_imp_str(rc->j, "modified"));
	v.cwe = cwe.v;
	v.refs = refs.v;
	if (rc->trivy)
		v.severity = sev_name(ks_imp_str(dbs, "severity"));
	v.id = rc->id;
	if ((r = ks_dbw_vuln(rc->run->w, &v)) != 0)
		return r;
	for (i = 0; i < rc->nprim && rc->details_on_prim; i++) {
		if (strcmp(rc->prim[i], rc->id) == 0)
			continue;
		v.id = rc->prim[i];
		if ((r = ks_dbw_vuln(rc->run->w, &v)) != 0)
			return r;
	}
	return 0;
}

static int write_aliases(struct rec *rc)
{
	size_t i, j;
	int r;

	for (i = 0; i < rc->nprim; i++)
		for (j = 0; j < rc->nother; j++)
			if ((r = ks_dbw_alias(rc->run->w, rc->prim[i], rc->other[j])) != 0 ||
				(r = ks_dbw_alias(rc->run->w, rc->other[j], rc->prim[i])) != 0)
				return r;
	if (listed(rc->prim, rc->nprim, rc->id))
		return 0;
	for (j = 0; j < rc->nother; j++)
		if ((r = ks_dbw_alias(rc->run->w, rc->id, rc->other[j])) != 0 ||
			(r = ks_dbw_alias(rc->run->w, rc->other[j], rc->id)) != 0)
			return r;
	return 0;
}

/* ---------------------------------------------------------------- records */

static bool trivy_converted(const json_t *j)
{
	const json_t *dbs = ks_imp_obj(j, "database_specific"), *aff;
	size_t i;

	if (json_object_get(dbs, "vendor_severity") || json_object_get(dbs, "cvss") ||
		json_object_get(dbs, "trivy_vulnerability_entry"))
		return true;
	json_array_foreach(ks_imp_arr(j, "affected"), i, aff)
		if (ks_imp_str(ks_imp_obj(aff, "database_specific"), "trivy_bucket") != NULL)
			return true;
	return false;
}

/* Imports one record; malformed parts are warned about and skipped. */
static int record(struct osv_run *run, const json_t *j, size_t idx)
{
	struct rec rc = { .run = run, .j = j };
	const json_t *affected, *aff;
	struct ecoinfo *eis = NULL;
	const char **pkgs = NULL;
	size_t i, naff;
	int r = 0;

	rc.id = ks_imp_str(j, "id");
	if (rc.id == NULL || !ks_imp_is_vuln_id(ks_str_c(rc.id)))
		return ks_fk_skip(&run->fk, NULL, "record %zu has no valid id", idx);
	if (ks_imp_str(j, "withdrawn") != NULL)
		return 0;
	affected = json_object_get(j, "affected");
	if (affected != NULL && !json_is_array(affected) && !json_is_null(affected))
		return ks_fk_skip(&run->fk, rc.id, "affected is not a list");
	rc.trivy = trivy_converted(j);
	naff = json_array_size(affected);
	if ((eis = ks_arena_calloc(&run->scratch, naff + 1, sizeof(*eis))) == NULL ||
		(pkgs = ks_arena_calloc(&run->scratch, naff + 1, sizeof(*pkgs))) == NULL)
		return KS_ENOMEM;
	json_array_foreach(affected, i, aff) {
		const json_t *p = ks_imp_obj(aff, "package");
		const char *eco = ks_imp_str(p, "ecosystem"), *name = ks_imp_str(p, "name");

		if (eco == NULL || name == NULL) {
			if ((r = warn_entry(&rc, i, "no package ecosystem or name")) != 0)
				return r;
			continue;
		}
		if (!map_eco(&run->scratch, eco, &eis[i]))
			continue;
		if (eis[i].os)
			rc.os = true;
		pkgs[i] = ks_db_pkg_norm(&run->scratch, eis[i].eco ? eis[i].eco : eis[i].alt, name);
		if (pkgs[i] == NULL)
			return KS_ENOMEM;
	}
	choose_ids(&rc);
	if (!ks_imp_is_cve(ks_str_c(rc.prim[0])) && non_security_erratum(rc.id))
		return 0;
	json_array_foreach(affected, i, aff)
		if (pkgs[i] != NULL && (r = add_entry(&rc, aff, i, &eis[i], pkgs[i])) != 0)
			goto out;
	if ((r = write_vulns(&rc)) != 0 || (r = write_aliases(&rc)) != 0 ||
		(r = write_severities(&rc)) != 0 || (r = write_advisories(&rc)) != 0)
		goto out;
out:
	for (i = 0; i < rc.ng; i++)
		ks_imp_ranges_release(&rc.g[i].rg);
	return r;
}

static bool is_yaml_path(const char *path)
{
	return ks_hassuffix(path, ".yaml") || ks_hassuffix(path, ".yml");
}

static bool has(const uint8_t *head, size_t n, const char *needle)
{
	return memmem(head, n, needle, strlen(needle)) != NULL;
}

/* True if some component of path is "osv" (any case). */
static bool osv_dir(const char *path)
{
	const char *p = path;

	while ((p = strcasestr(p, "osv")) != NULL) {
		if ((p == path || p[-1] == '/') && (p[3] == '/'))
			return true;
		p += 3;
	}
	return false;
}

static bool detect(const char *path, const uint8_t *head, size_t n)
{
	size_t i = 0;

	if (is_yaml_path(path)) {
		if (ks_hassuffix(path, ".advisories.yaml") || ks_hassuffix(path, ".advisories.yml"))
			return false;
		return (has(head, n, "\nid:") || (n >= 3 && memcmp(head, "id:", 3) == 0)) &&
			(has(head, n, "affected:") || has(head, n, "schema_version:") ||
				has(head, n, "modified:"));
	}
	while (i < n && isspace(head[i]))
		i++;
	if (i >= n || (head[i] != '{' && head[i] != '['))
		return false;
	if (has(head, n, "\"secfixes\"") || has(head, n, "\"distroversion\""))
		return false;
	return (has(head, n, "\"id\"") && (has(head, n, "\"affected\"") ||
		has(head, n, "\"schema_version\"") || has(head, n, "\"modified\""))) ||
		(osv_dir(path) && ks_hassuffix(path, ".json"));
}

static int import(struct ks_ctx *cx, struct ks_dbw *w, const char *path, const uint8_t *data,
	size_t len, uint64_t *records)
{
	struct osv_run run = { .w = w, .path = path };
	json_t *root = NULL, *x;
	char what[512];
	size_t i;
	int r;

	ks_fk_init(&run.fk, cx, "osv", path);
	ks_arena_init(&run.scratch);
	if (len > cx->lim.max_json) {
		r = ks_fk_fail(&run.fk, KS_ELIMIT, "larger than %llu MB",
			(unsigned long long)(cx->lim.max_json >> 20));
		goto out;
	}
	snprintf(what, sizeof(what), "osv: '%s'", path);
	r = is_yaml_path(path) ? ks_yaml_load(&cx->err, what, data, len, &root) :
				 ks_json_load(&cx->err, what, data, len, &root);
	if (r != 0)
		goto out;
	if (json_is_object(root)) {
		if (ks_imp_str(root, "id") == NULL) {
			r = ks_fk_fail(&run.fk, KS_ECORRUPT, "not an OSV record (no id)");
			goto out;
		}
		r = record(&run, root, 0);
	} else if (json_is_array(root)) {
		json_array_foreach(root, i, x) {
			if ((r = record(&run, x, i)) != 0)
				break;
			ks_arena_release(&run.scratch);
		}
	} else {
		r = ks_fk_fail(&run.fk, KS_ECORRUPT, "not an OSV record");
	}
	if (r == 0)
		r = ks_fk_finish(&run.fk);
out:
	*records += run.written;
	json_decref(root);
	ks_arena_release(&run.scratch);
	return r;
}

const struct ks_feed ks_feed_osv = {
	.name = "osv",
	.detect = detect,
	.import = import,
};
