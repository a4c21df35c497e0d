/* osfeed.c - helpers of the Linux distribution importers; see osfeed.h. */
#include "db/osfeed.h"

#include <string.h>

#include "util/banned.h"

const char ks_osf_ds_debian[] = "{\"ID\":\"debian\",\"Name\":\"Debian Security Tracker\","
				"\"URL\":\"https://salsa.debian.org/security-tracker-team/"
				"security-tracker\"}";
const char ks_osf_ds_ubuntu[] = "{\"ID\":\"ubuntu\",\"Name\":\"Ubuntu CVE Tracker\","
				"\"URL\":\"https://git.launchpad.net/ubuntu-cve-tracker\"}";
const char ks_osf_ds_redhat[] = "{\"ID\":\"redhat\",\"Name\":\"Red Hat OVAL v2\","
				"\"URL\":\"https://www.redhat.com/security/data/oval/v2/\"}";

struct release {
	const char *name, *eco;
};

static const struct release debian_releases[] = {
	{ "etch", "debian:4" }, { "lenny", "debian:5" }, { "squeeze", "debian:6" },
	{ "wheezy", "debian:7" }, { "jessie", "debian:8" }, { "stretch", "debian:9" },
	{ "buster", "debian:10" }, { "bullseye", "debian:11" }, { "bookworm", "debian:12" },
	{ "trixie", "debian:13" }, { "forky", "debian:14" },
};

static const struct release ubuntu_releases[] = {
	{ "precise", "ubuntu:12.04" }, { "quantal", "ubuntu:12.10" }, { "raring", "ubuntu:13.04" },
	{ "saucy", "ubuntu:13.10" }, { "trusty", "ubuntu:14.04" }, { "utopic", "ubuntu:14.10" },
	{ "vivid", "ubuntu:15.04" }, { "wily", "ubuntu:15.10" }, { "xenial", "ubuntu:16.04" },
	{ "yakkety", "ubuntu:16.10" }, { "zesty", "ubuntu:17.04" }, { "artful", "ubuntu:17.10" },
	{ "bionic", "ubuntu:18.04" }, { "cosmic", "ubuntu:18.10" }, { "disco", "ubuntu:19.04" },
	{ "eoan", "ubuntu:19.10" }, { "focal", "ubuntu:20.04" }, { "groovy", "ubuntu:20.10" },
	{ "hirsute", "ubuntu:21.04" }, { "impish", "ubuntu:21.10" }, { "jammy", "ubuntu:22.04" },
	{ "kinetic", "ubuntu:22.10" }, { "lunar", "ubuntu:23.04" }, { "mantic", "ubuntu:23.10" },
	{ "noble", "ubuntu:24.04" }, { "oracular", "ubuntu:24.10" }, { "plucky", "ubuntu:25.04" },
	/* the ESM releases Trivy maps (other ESM, FIPS and ROS streams it skips) */
	{ "precise/esm", "ubuntu:12.04-ESM" }, { "trusty/esm", "ubuntu:14.04-ESM" },
	{ "esm-infra/xenial", "ubuntu:16.04-ESM" },
};

static const char *lookup(const struct release *tab, size_t n, struct ks_str name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ks_str_eq(name, tab[i].name))
			return tab[i].eco;
	return NULL;
}

const char *ks_osf_debian_eco(struct ks_str codename)
{
	return lookup(debian_releases, sizeof(debian_releases) / sizeof(debian_releases[0]),
		codename);
}

const char *ks_osf_ubuntu_eco(struct ks_str release)
{
	return lookup(ubuntu_releases, sizeof(ubuntu_releases) / sizeof(ubuntu_releases[0]),
		release);
}

const char *ks_osf_debian_platform_eco(struct ks_arena *a, struct ks_str platform)
{
	static const char pre[] = "Debian GNU/Linux ";
	struct ks_str num;
	uint64_t v;

	platform = ks_str_trim(platform);
	if (!ks_str_hasprefix(platform, pre))
		return NULL;
	num = ks_str_sub(platform, sizeof(pre) - 1, platform.n);
	if (!ks_str_to_u64(num, 999, &v) || v == 0)
		return NULL;
	return ks_arena_printf(a, "debian:%u", (unsigned)v);
}

int ks_osf_fixed_ranges(struct ks_buf *b, struct ks_str fixed)
{
	int r;

	ks_buf_reset(b);
	if ((r = ks_buf_adds(b, "{\"r\":[{\"t\":\"ECOSYSTEM\",\"e\":[[\"introduced\",\"0\"],"
				"[\"fixed\",")) != 0 ||
		(r = ks_fk_json_str(b, fixed)) != 0)
		return r;
	return ks_buf_adds(b, "]]}]}");
}

int ks_osf_json_array(struct ks_buf *b, const char *const *v, size_t n)
{
	size_t i;
	bool first = true;
	int r;

	ks_buf_reset(b);
	for (i = 0; i < n; i++) {
		if (v[i] == NULL)
			continue;
		if ((r = ks_buf_addc(b, first ? '[' : ',')) != 0 ||
			(r = ks_fk_json_str(b, ks_str_c(v[i]))) != 0)
			return r;
		first = false;
	}
	return first ? 0 : ks_buf_addc(b, ']');
}

void ks_osf_rows_init(struct ks_osf_rows *s, struct ks_arena *a)
{
	s->a = a;
	ks_map_init(&s->seen);
}

void ks_osf_rows_release(struct ks_osf_rows *s)
{
	ks_map_release(&s->seen);
}

int ks_osf_advisory(struct ks_osf_rows *s, struct ks_dbw *w, struct ks_fk *fk,
	const struct ks_adv_in *adv, bool *written)
{
	char *key;
	size_t n;
	int r;

	if (written != NULL)
		*written = false;
	/* fields hold no control bytes (names and ids are checked, JSON escapes them) */
	key = ks_arena_printf(s->a, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", adv->eco ? adv->eco : "",
		adv->pkg ? adv->pkg : "", adv->vuln_id ? adv->vuln_id : "",
		adv->source ? adv->source : "", adv->ranges ? adv->ranges : "{}",
		adv->arches ? adv->arches : "");
	if (key == NULL)
		return KS_ENOMEM;
	n = strlen(key);
	if (ks_map_has(&s->seen, key, n))
		return 0;
	if (s->seen.live >= KS_OSF_MAXROWS)
		return ks_fk_fail(fk, KS_ELIMIT, "more than %d advisory rows", KS_OSF_MAXROWS);
	if (ks_map_put(&s->seen, key, n, key, NULL) != 0)
		return KS_ENOMEM;
	if ((r = ks_dbw_advisory(w, adv)) != 0)
		return r;
	if (written != NULL)
		*written = true;
	return 0;
}

struct ks_str ks_osf_strip_epoch0(struct ks_str v)
{
	return ks_str_hasprefix(v, "0:") ? ks_str_sub(v, 2, v.n) : v;
}

int ks_osf_ver_check(struct ks_arena *a, struct ks_err *e, enum ks_eco eco, struct ks_str v)
{
	const struct ks_ver *out;

	return ks_ver_parse(a, e, eco, v, &out);
}

bool ks_osf_score(struct ks_str s, double *out)
{
	uint64_t whole, frac = 0;
	struct ks_str w, f;

	s = ks_str_trim(s);
	if (ks_str_cut(s, '.', &w, &f)) {
		if (f.n != 1 || !ks_str_to_u64(f, 9, &frac))
			return false;
	}
	if (w.n == 0 || w.n > 2 || !ks_str_to_u64(w, 10, &whole) || (whole == 10 && frac != 0))
		return false;
	*out = (double)whole + (double)frac / 10.0;
	return true;
}

static bool vector_chars(struct ks_str v, const char *extra)
{
	size_t i;

	if (v.n == 0 || v.n > 128)
		return false;
	for (i = 0; i < v.n; i++) {
		char c = v.p[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '/' ||
			    c == '.' || (c != '\0' && strchr(extra, c) != NULL)))
			return false;
	}
	return true;
}

bool ks_osf_pkg_ok(struct ks_str s)
{
	size_t i;

	if (s.n == 0 || s.n > 256)
		return false;
	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\')
			return false;
	}
	return true;
}

bool ks_osf_cvss3_ok(struct ks_str v)
{
	return ks_str_hasprefix(v, "CVSS:3.") && vector_chars(v, "");
}

bool ks_osf_cvss2_ok(struct ks_str v)
{
	return ks_str_hasprefix(v, "AV:") && vector_chars(v, "()");
}
