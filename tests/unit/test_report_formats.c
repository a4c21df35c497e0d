/* test_report_formats.c - the sarif, cyclonedx, spdx-json, junit, gitlab, markdown and
 * html writers on a result built in memory: an Alpine image with three packages and three
 * findings (a CRITICAL with NVD CVSS that CISA lists as exploited, a MEDIUM whose title is
 * hostile markup, an UNKNOWN without any details). Each format is parsed back (jansson,
 * libxml2) and checked value by value; JUnit is validated against the strict Ant schema
 * with libxml2; results without targets or findings, a bad report time and a full disk
 * are checked for every writer. The real validators (ajv, xmllint, Chromium) run in
 * tests/e2e/test_report_schemas.py. */
#include "testutil.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/rutil.h"
#include "util/sha256.h"
#include "util/str.h"
#include "util/xmlesc.h"

#define CREATED "2021-08-25T12:20:30Z"
#define DIGEST "sha256:769fddc7cc2f0a1c35abb2f91432e8beecf83916c421420e6a6da9f8975464b6"
#define DIFFID "sha256:f1b5933fe4b5f49bbe8258745cf396afe07e625bdab3168e364daf7c956b6b81"
#define HOSTILE "openssl: <script>alert(1)</script> | pipe & @octocat *bold*"

static const char *const formats[] = { "sarif", "cyclonedx", "spdx-json", "junit", "gitlab",
	"markdown", "html" };
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

static const char *S(struct kensa_result *r, const char *s)
{
	return ks_arena_strdup(&r->cx.arena, s);
}

static void push(struct kensa_result *r, struct ks_strv *sv, const char *s)
{
	assert_int_equal(ks_strv_push(&r->cx.arena, sv, S(r, s)), 0);
}

static struct ks_pkg *pkg(struct kensa_result *r, struct ks_pkg *p, const char *name,
	const char *ver, const char *lic)
{
	memset(p, 0, sizeof(*p));
	p->name = S(r, name);
	p->version = S(r, ver);
	p->arch = "x86_64";
	p->src_name = p->name;
	p->src_version = p->version;
	p->analyzed_by = "apk";
	p->layer = 0;
	p->maintainer = "Natanael Copa <ncopa@alpinelinux.org>";
	if (lic != NULL)
		push(r, &p->licenses, lic);
	return p;
}

/* The result: alpine.tar (alpine 3.9.4) with musl, libcrypto1.1 and busybox. */
static struct kensa_result *build(bool with_findings)
{
	struct kensa_result *r = calloc(1, sizeof(*r));
	struct ks_target *t;
	struct ks_finding *f;
	struct ks_vsev *sv;

	assert_non_null(r);
	tu_ctx(&r->cx);
	r->artifact_name = "alpine.tar";
	r->artifact_type = "container_image";
	r->has_os = true;
	r->os.family = "alpine";
	r->os.name = "3.9.4";
	r->image_id = "sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1";
	r->config_raw = "{\"architecture\":\"amd64\",\"os\":\"linux\"}";
	r->config_len = strlen(r->config_raw);
	r->layers = ks_arena_calloc(&r->cx.arena, 1, sizeof(*r->layers));
	r->layers[0].diffid = DIFFID;
	r->nlayers = 1;
	r->size = 5796352;
	push(r, &r->diffids, DIFFID);
	push(r, &r->repo_tags, "alpine:3.9");
	push(r, &r->repo_digests, "docker.io/library/alpine@" DIGEST);
	assert_int_equal(ks_warn(&r->cx, "apk: 'lib/apk/db/installed': line 7: bad V: field"), 0);

	t = ks_arena_calloc(&r->cx.arena, 1, sizeof(*t));
	t->name = "alpine.tar (alpine 3.9.4)";
	t->klass = "os-pkgs";
	t->type = "alpine";
	t->pkgs = ks_arena_calloc(&r->cx.arena, 3, sizeof(*t->pkgs));
	t->npkgs = 3;
	pkg(r, &t->pkgs[0], "busybox", "1.29.3-r10", "GPL-2.0-only");
	push(r, &t->pkgs[0].licenses, "Custom license: see COPYING");
	pkg(r, &t->pkgs[1], "libcrypto1.1", "1.1.1b-r1", "OpenSSL");
	t->pkgs[1].src_name = "openssl";
	push(r, &t->pkgs[1].depends_on, "musl@1.1.20-r4");
	pkg(r, &t->pkgs[2], "musl", "1.1.20-r4", "MIT");
	t->pkgs[2].digest = "sha1:fe024616383984fb7fdcd443db225f5436aca55c";
	r->targets = t;
	r->ntargets = 1;
	if (!with_findings)
		return r;

	t->vulns = f = ks_arena_calloc(&r->cx.arena, 3, sizeof(*f));
	t->nvulns = 3;
	/* CRITICAL, NVD CVSS, KEV and EPSS */
	f[0].vuln_id = "CVE-2019-14697";
	f[0].pkg = &t->pkgs[2];
	f[0].installed = "1.1.20-r4";
	f[0].fixed = "1.1.20-r5";
	f[0].status = KS_ST_FIXED;
	f[0].severity = KS_SEV_CRITICAL;
	f[0].severity_source = "nvd";
	f[0].primary_url = "https://avd.aquasec.com/nvd/cve-2019-14697";
	f[0].data_source = "{\"ID\":\"alpine\",\"Name\":\"Alpine Secdb\","
			   "\"URL\":\"https://secdb.alpinelinux.org/\"}";
	f[0].v.id = f[0].vuln_id;
	f[0].v.title = "musl: x87 floating-point stack adjustment imbalance";
	f[0].v.description = "musl libc through 1.1.23 has an x87 floating-point stack "
			     "adjustment imbalance.";
	f[0].v.published = "2019-08-06T16:15:00Z";
	f[0].v.modified = "2020-03-14";
	push(r, &f[0].v.cwe, "CWE-787");
	push(r, &f[0].v.refs, "https://www.openwall.com/lists/musl/2019/08/06/1");
	push(r, &f[0].v.refs, "javascript:alert(1)");
	push(r, &f[0].v.aliases, "GHSA-xxxx-yyyy-zzzz");
	f[0].v.sevs = sv = ks_arena_calloc(&r->cx.arena, 2, sizeof(*sv));
	f[0].v.nsevs = 2;
	sv[0] = (struct ks_vsev){ "alpine", KS_SEV_HIGH, NULL, NULL, NULL, -1, -1, -1 };
	sv[1] = (struct ks_vsev){ "nvd", KS_SEV_CRITICAL, "AV:N/AC:L/Au:N/C:P/I:P/A:P",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", NULL, 7.5, 9.8, -1 };
	f[0].v.kev = true;
	f[0].v.kev_date_added = "2021-11-03";
	f[0].v.kev_due_date = "2022-05-03";
	f[0].v.has_epss = true;
	f[0].v.epss_score = 0.0123;
	f[0].v.epss_percentile = 0.85;
	/* MEDIUM with a hostile title and a malformed vector */
	f[1].vuln_id = "CVE-2019-1549";
	f[1].pkg = &t->pkgs[1];
	f[1].installed = "1.1.1b-r1";
	f[1].fixed = "1.1.1d-r0";
	f[1].status = KS_ST_FIXED;
	f[1].severity = KS_SEV_MEDIUM;
	f[1].severity_source = "nvd";
	f[1].primary_url = "https://avd.aquasec.com/nvd/cve-2019-1549";
	f[1].v.title = HOSTILE;
	f[1].v.description = "line one\nline two | with a pipe";
	f[1].v.sevs = sv = ks_arena_calloc(&r->cx.arena, 1, sizeof(*sv));
	f[1].v.nsevs = 1;
	sv[0] = (struct ks_vsev){ "nvd", KS_SEV_MEDIUM, NULL, "CVSS:3.1/AV:Q/AC:L", NULL, -1, 5.3,
		-1 };
	/* UNKNOWN, nothing known */
	f[2].vuln_id = "CVE-2024-0001";
	f[2].pkg = &t->pkgs[0];
	f[2].installed = "1.29.3-r10";
	f[2].fixed = "";
	f[2].status = KS_ST_AFFECTED;
	f[2].severity = KS_SEV_UNKNOWN;
	f[2].severity_source = "";
	return r;
}

static void destroy(struct kensa_result *r)
{
	ks_ctx_release(&r->cx);
	free(r);
}

/* Renders r; returns the output (malloc'd) and the return code in *rc. */
static char *render(const struct kensa_result *r, const char *format,
	const struct kensa_report_options *ro, int *rc, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*rc = kensa_report_write(r, format, ro, f, err, errlen);
	fclose(f);
	return buf;
}

static char *must_render(const struct kensa_result *r, const char *format,
	const struct kensa_report_options *ro)
{
	char err[256] = "";
	int rc;
	char *out = render(r, format, ro, &rc, err, sizeof(err));

	if (rc != 0)
		fail_msg("%s: %d %s", format, rc, err);
	return out;
}

static json_t *must_json(const char *text)
{
	json_error_t je;
	json_t *o = json_loads(text, 0, &je);

	if (o == NULL)
		fail_msg("not JSON: %s at line %d", je.text, je.line);
	return o;
}

static bool matches(const char *s, const char *re)
{
	regex_t rx;
	bool ok;

	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	ok = s != NULL && regexec(&rx, s, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

/* o[key] as a string, "" when absent. */
static const char *js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* The element of array a whose member key equals value. */
static json_t *find(json_t *a, const char *key, const char *value)
{
	size_t i;
	json_t *x;

	json_array_foreach(a, i, x)
		if (strcmp(js(x, key), value) == 0)
			return x;
	fail_msg("no element with %s=%s", key, value);
	return NULL;
}

static struct kensa_report_options opts(void)
{
	struct kensa_report_options ro;

	memset(&ro, 0, sizeof(ro));
	ro.created_at = CREATED;
	return ro;
}

/* --------------------------------------------------------------- helpers */

static void test_time_parse(void **state)
{
	time_t t;
	char b[40];

	(void)state;
	assert_true(ks_rep_parse_time("2021-08-25T12:20:30Z", &t));
	assert_int_equal(t, 1629894030);
	assert_true(ks_rep_parse_time("2021-08-25T14:20:30.123+02:00", &t));
	assert_int_equal(t, 1629894030);
	assert_true(ks_rep_parse_time("2021-08-25T07:20:30-05:00", &t));
	assert_int_equal(t, 1629894030);
	assert_true(ks_rep_parse_time("2021-08-25", &t));
	ks_rep_fmt_time(t, KS_REP_T_OFFSET, b, sizeof(b));
	assert_string_equal(b, "2021-08-25T00:00:00+00:00");
	assert_true(ks_rep_parse_time("2020-02-29T23:59:59z", &t));
	ks_rep_fmt_time(t, KS_REP_T_BARE, b, sizeof(b));
	assert_string_equal(b, "2020-02-29T23:59:59");
	/* malformed */
	assert_false(ks_rep_parse_time("2021-02-29", &t));
	assert_false(ks_rep_parse_time("2021-13-01", &t));
	assert_false(ks_rep_parse_time("2021-08-25T24:00:00Z", &t));
	assert_false(ks_rep_parse_time("2021-08-25T12:20:30", &t));
	assert_false(ks_rep_parse_time("2021-08-25T12:20:30.Z", &t));
	assert_false(ks_rep_parse_time("2021-08-25T12:20:30+0200", &t));
	assert_false(ks_rep_parse_time("2021-08-25T12:20:30Zjunk", &t));
	assert_false(ks_rep_parse_time("2021-8-25", &t));
	assert_false(ks_rep_parse_time("", &t));
	assert_false(ks_rep_parse_time(NULL, &t));
}

static void test_ids(void **state)
{
	char u1[KS_REP_UUID_LEN + 1], u2[KS_REP_UUID_LEN + 1], h[KS_REP_HEX_LEN + 1];
	char want[KS_DIGEST_STRLEN + 1];

	(void)state;
	assert_int_equal(ks_rep_uuid(u1, "a", "bc", (const char *)NULL), 0);
	assert_int_equal(ks_rep_uuid(u2, "ab", "c", (const char *)NULL), 0);
	assert_string_not_equal(u1, u2);
	assert_true(matches(u1, "^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
				"[0-9a-f]{12}$"));
	assert_int_equal(ks_rep_uuid(u2, "a", "bc", (const char *)NULL), 0);
	assert_string_equal(u1, u2);
	/* the hex id is SHA-256 over the strings, each with its NUL */
	assert_int_equal(ks_rep_hex(h, "ab", "", "c", (const char *)NULL), 0);
	assert_int_equal(ks_sha256_digest("ab\0\0c", 6, want), 0);
	assert_string_equal(h, want + 7);
}

static char *esc_str(const char *s, bool attr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_int_equal(ks_xml_esc(f, s, attr), 0);
	fclose(f);
	return buf;
}

static void test_xml_escape(void **state)
{
	char *s;

	(void)state;
	s = esc_str("<a href=\"x\">'&'</a>\tx\n", false);
	assert_string_equal(s, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\tx\n");
	free(s);
	s = esc_str("a\tb\nc\rd", true);
	assert_string_equal(s, "a&#9;b&#10;c&#13;d");
	free(s);
	/* control byte, truncated/overlong/surrogate UTF-8, U+FFFE -> U+FFFD; valid kept */
	s = esc_str("x\x01y\xc3z\xc0\xaf\xed\xa0\x80\xef\xbf\xbe\xc3\xa9\xf0\x9f\x94\x92", false);
	assert_string_equal(s, "x\xef\xbf\xbdy\xef\xbf\xbdz\xef\xbf\xbd\xef\xbf\xbd"
			       "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			       "\xc3\xa9\xf0\x9f\x94\x92");
	free(s);
	s = esc_str("\xf4\x90\x80\x80", false); /* > U+10FFFF */
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	free(s);
	s = esc_str(NULL, false);
	assert_string_equal(s, "");
	free(s);
}

static void test_markdown_escape(void **state)
{
	struct ks_buf b;

	(void)state;
	ks_buf_init(&b, 4096);
	assert_int_equal(ks_rep_md(&b, HOSTILE "\r\nnext"), 0);
	assert_string_equal(b.p, "openssl: &lt;script&gt;alert(1)&lt;/script&gt; \\| pipe &amp; "
				 "@\xe2\x80\x8boctocat \\*bold\\* next");
	ks_buf_reset(&b);
	assert_int_equal(ks_rep_md_link(&b, "CVE-1", "https://x.example/a_(b)"), 0);
	assert_string_equal(b.p, "[CVE-1](https://x.example/a_%28b%29)");
	ks_buf_reset(&b);
	assert_int_equal(ks_rep_md_link(&b, "CVE-1", "javascript:alert(1)"), 0);
	assert_string_equal(b.p, "CVE-1");
	ks_buf_reset(&b);
	assert_int_equal(ks_rep_md_link(&b, "CVE-1", "https://x.example/\"onclick"), 0);
	assert_string_equal(b.p, "CVE-1");
	ks_buf_reset(&b);
	assert_int_equal(ks_buf_addpct(&b, "a b/c:d%", "/:"), 0);
	assert_string_equal(b.p, "a%20b/c:d%25");
	ks_buf_release(&b);
}

/* --------------------------------------------------------------- formats */

static void test_sarif(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char *out = must_render(r, "sarif", &ro), *again = must_render(r, "sarif", &ro);
	char want[KS_DIGEST_STRLEN + 1];
	json_t *doc = must_json(out), *run, *rules, *results, *rule, *res, *tags, *loc;

	(void)state;
	assert_string_equal(out, again);
	assert_string_equal(js(doc, "version"), "2.1.0");
	run = json_array_get(json_object_get(doc, "runs"), 0);
	assert_string_equal(js(json_object_get(json_object_get(run, "tool"), "driver"), "name"),
		"kensa");
	rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	results = json_object_get(run, "results");
	assert_int_equal(json_array_size(rules), 3);
	assert_int_equal(json_array_size(results), 3);

	rule = find(rules, "id", "CVE-2019-14697");
	assert_string_equal(js(rule, "name"), "OsPackageVulnerability");
	assert_string_equal(js(json_object_get(rule, "shortDescription"), "text"),
		"musl: x87 floating-point stack adjustment imbalance");
	assert_string_equal(js(json_object_get(rule, "defaultConfiguration"), "level"), "error");
	assert_string_equal(js(rule, "helpUri"), "https://avd.aquasec.com/nvd/cve-2019-14697");
	assert_string_equal(js(json_object_get(rule, "properties"), "security-severity"), "9.8");
	assert_string_equal(js(json_object_get(rule, "properties"), "cvssv3_vector"),
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	tags = json_object_get(json_object_get(rule, "properties"), "tags");
	assert_int_equal(json_array_size(tags), 4);
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "security");
	assert_string_equal(json_string_value(json_array_get(tags, 2)), "CRITICAL");
	assert_string_equal(json_string_value(json_array_get(tags, 3)), "known-exploited");
	assert_non_null(strstr(js(json_object_get(rule, "help"), "markdown"),
		"|CRITICAL|musl|1.1.20-r5|[CVE-2019-14697](https://avd.aquasec.com/nvd/"
		"cve-2019-14697)|"));

	/* the hostile title is plain JSON text; the markdown help escapes nothing it shows */
	rule = find(rules, "id", "CVE-2019-1549");
	assert_string_equal(js(json_object_get(rule, "shortDescription"), "text"), HOSTILE);
	assert_string_equal(js(json_object_get(rule, "properties"), "security-severity"), "5.3");
	assert_string_equal(js(json_object_get(rule, "defaultConfiguration"), "level"), "warning");

	/* nothing known: the ID stands in for the title, Trivy's score for UNKNOWN */
	rule = find(rules, "id", "CVE-2024-0001");
	assert_string_equal(js(json_object_get(rule, "shortDescription"), "text"), "CVE-2024-0001");
	assert_string_equal(js(json_object_get(rule, "fullDescription"), "text"), "CVE-2024-0001");
	assert_string_equal(js(json_object_get(rule, "properties"), "security-severity"), "0.0");
	assert_null(json_object_get(rule, "helpUri"));

	res = find(results, "ruleId", "CVE-2019-14697");
	assert_int_equal(json_integer_value(json_object_get(res, "ruleIndex")), 0);
	assert_string_equal(js(json_array_get(rules, 0), "id"), "CVE-2019-14697");
	assert_int_equal(json_integer_value(json_object_get(find(results, "ruleId", "CVE-2024-0001"),
				 "ruleIndex")),
		2);
	assert_string_equal(js(res, "level"), "error");
	assert_string_equal(js(json_object_get(res, "message"), "text"),
		"Package: musl\nInstalled Version: 1.1.20-r4\nVulnerability CVE-2019-14697\n"
		"Severity: CRITICAL\nFixed Version: 1.1.20-r5\nLink: [CVE-2019-14697]"
		"(https://avd.aquasec.com/nvd/cve-2019-14697)");
	loc = json_object_get(json_object_get(json_array_get(json_object_get(res, "locations"), 0),
				      "physicalLocation"),
		"artifactLocation");
	assert_string_equal(js(loc, "uri"), "alpine.tar");
	assert_string_equal(js(loc, "uriBaseId"), "ROOTPATH");
	/* partialFingerprints: SHA-256 of ID, package, version and location, NUL-separated */
	assert_int_equal(ks_sha256_digest("CVE-2019-14697\0musl\0" "1.1.20-r4\0alpine.tar", 41,
				 want),
		0);
	assert_string_equal(js(json_object_get(res, "partialFingerprints"), "kensa/v1"), want + 7);
	assert_string_equal(js(find(results, "ruleId", "CVE-2024-0001"), "level"), "note");
	assert_string_equal(js(json_object_get(run, "properties"), "imageID"), r->image_id);
	json_decref(doc);
	free(out);
	free(again);
	destroy(r);
}

static void test_sarif_location(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	json_t *doc, *res;
	char *out;

	(void)state;
	/* an image reference loses its tag; unsafe URI characters are percent-encoded */
	r->targets[0].name = "registry.example:5000/team/app:1.2 (alpine 3.9.4)";
	out = must_render(r, "sarif", &ro);
	doc = must_json(out);
	res = json_array_get(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
				     "results"),
		0);
	assert_string_equal(
		js(json_object_get(json_object_get(json_array_get(json_object_get(res, "locations"),
								  0),
					   "physicalLocation"),
			   "artifactLocation"),
			"uri"),
		"registry.example:5000/team/app");
	json_decref(doc);
	free(out);
	r->targets[0].name = "my image%.tar (alpine 3.9.4)";
	out = must_render(r, "sarif", &ro);
	assert_non_null(strstr(out, "\"uri\": \"my%20image%25.tar\""));
	free(out);
	destroy(r);
}

static void test_cyclonedx(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char *out = must_render(r, "cyclonedx", &ro), *again = must_render(r, "cyclonedx", &ro);
	json_t *doc = must_json(out), *md, *comps, *c, *vulns, *v, *ratings, *rt, *deps, *d;
	const char *musl = "pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4";
	const char *crypto = "pkg:apk/alpine/libcrypto1.1@1.1.1b-r1?arch=x86_64&distro=3.9.4";
	char *later;

	(void)state;
	assert_string_equal(out, again);
	assert_string_equal(js(doc, "bomFormat"), "CycloneDX");
	assert_string_equal(js(doc, "specVersion"), "1.6");
	assert_true(matches(js(doc, "serialNumber"), "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-"
						    "[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
	/* another report time, another BOM */
	ro.created_at = "2021-08-26T00:00:00Z";
	later = must_render(r, "cyclonedx", &ro);
	assert_null(strstr(later, js(doc, "serialNumber")));
	free(later);

	md = json_object_get(doc, "metadata");
	assert_string_equal(js(md, "timestamp"), "2021-08-25T12:20:30+00:00");
	c = json_object_get(md, "component");
	assert_string_equal(js(c, "type"), "container");
	assert_string_equal(js(c, "purl"), "pkg:oci/alpine@sha256%3A769fddc7cc2f0a1c35abb2f91432e8"
					   "beecf83916c421420e6a6da9f8975464b6?arch=amd64&"
					   "repository_url=docker.io%2Flibrary%2Falpine");
	assert_string_equal(js(c, "bom-ref"), js(c, "purl"));
	assert_string_equal(js(find(json_object_get(c, "properties"), "name", "kensa:ImageID"),
				    "value"),
		r->image_id);

	comps = json_object_get(doc, "components");
	assert_int_equal(json_array_size(comps), 4);
	c = json_array_get(comps, 0);
	assert_string_equal(js(c, "type"), "operating-system");
	assert_string_equal(js(c, "name"), "alpine");
	assert_string_equal(js(c, "version"), "3.9.4");
	c = find(comps, "name", "musl");
	assert_string_equal(js(c, "bom-ref"), musl);
	assert_string_equal(js(c, "purl"), musl);
	assert_string_equal(js(c, "version"), "1.1.20-r4");
	assert_string_equal(js(json_array_get(json_object_get(c, "hashes"), 0), "alg"), "SHA-1");
	assert_string_equal(js(json_object_get(json_array_get(json_object_get(c, "licenses"), 0),
				       "license"),
				    "name"),
		"MIT");
	assert_string_equal(js(find(json_object_get(c, "properties"), "name", "kensa:LayerDiffID"),
				    "value"),
		DIFFID);
	assert_string_equal(js(find(json_object_get(c, "properties"), "name", "kensa:PkgID"),
				    "value"),
		"musl@1.1.20-r4");
	assert_string_equal(js(find(json_object_get(find(comps, "name", "libcrypto1.1"),
					    "properties"),
				       "name", "kensa:SrcName"),
				    "value"),
		"openssl");

	/* the package's own dependency, and the OS depending on every package */
	deps = json_object_get(doc, "dependencies");
	d = find(deps, "ref", crypto);
	assert_int_equal(json_array_size(json_object_get(d, "dependsOn")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(d, "dependsOn"), 0)),
		musl);
	d = find(deps, "ref", js(json_array_get(comps, 0), "bom-ref"));
	assert_int_equal(json_array_size(json_object_get(d, "dependsOn")), 3);

	vulns = json_object_get(doc, "vulnerabilities");
	assert_int_equal(json_array_size(vulns), 3);
	v = find(vulns, "id", "CVE-2019-14697");
	assert_string_equal(js(json_object_get(v, "source"), "name"), "alpine");
	assert_string_equal(js(json_object_get(v, "source"), "url"), "https://secdb.alpinelinux.org/");
	ratings = json_object_get(v, "ratings");
	assert_int_equal(json_array_size(ratings), 3);
	rt = json_array_get(ratings, 0);
	assert_string_equal(js(json_object_get(rt, "source"), "name"), "alpine");
	assert_string_equal(js(rt, "severity"), "high");
	assert_null(json_object_get(rt, "score"));
	rt = json_array_get(ratings, 1);
	assert_string_equal(js(rt, "method"), "CVSSv2");
	assert_true(json_real_value(json_object_get(rt, "score")) == 7.5);
	assert_string_equal(js(rt, "severity"), "high");
	rt = json_array_get(ratings, 2);
	assert_string_equal(js(rt, "method"), "CVSSv31");
	assert_true(json_real_value(json_object_get(rt, "score")) == 9.8);
	assert_string_equal(js(rt, "severity"), "critical");
	assert_string_equal(js(rt, "vector"), "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(v, "cwes"), 0)), 787);
	assert_string_equal(js(v, "recommendation"), "Upgrade musl to version 1.1.20-r5");
	assert_string_equal(js(v, "published"), "2019-08-06T16:15:00+00:00");
	assert_string_equal(js(v, "updated"), "2020-03-14T00:00:00+00:00");
	assert_string_equal(js(json_array_get(json_object_get(v, "references"), 0), "id"),
		"GHSA-xxxx-yyyy-zzzz");
	assert_string_equal(js(json_array_get(json_object_get(v, "affects"), 0), "ref"), musl);
	assert_string_equal(js(find(json_object_get(v, "properties"), "name",
				       "kensa:KEV:DateAdded"),
				    "value"),
		"2021-11-03");
	assert_string_equal(js(find(json_object_get(v, "properties"), "name", "kensa:EPSS:Score"),
				    "value"),
		"0.0123");
	/* nothing known: one rating with the chosen severity, no recommendation */
	v = find(vulns, "id", "CVE-2024-0001");
	ratings = json_object_get(v, "ratings");
	assert_int_equal(json_array_size(ratings), 1);
	assert_string_equal(js(json_array_get(ratings, 0), "severity"), "unknown");
	assert_null(json_object_get(v, "recommendation"));
	assert_null(json_object_get(v, "description"));
	json_decref(doc);
	free(out);
	free(again);
	destroy(r);
}

static void test_spdx(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char *out = must_render(r, "spdx-json", &ro), *again = must_render(r, "spdx-json", &ro);
	json_t *doc = must_json(out), *pkgs, *p, *rels, *x, *ext;
	const char *root, *os, *musl, *crypto, *lic;
	size_t i;
	bool describes = false, contains = false, depends = false;

	(void)state;
	assert_string_equal(out, again);
	assert_string_equal(js(doc, "spdxVersion"), "SPDX-2.3");
	assert_string_equal(js(doc, "dataLicense"), "CC0-1.0");
	assert_string_equal(js(json_object_get(doc, "creationInfo"), "created"), CREATED);
	assert_true(matches(js(doc, "documentNamespace"), "^https://[^#]+-[0-9a-f-]{36}$"));
	pkgs = json_object_get(doc, "packages");
	assert_int_equal(json_array_size(pkgs), 5);
	json_array_foreach(pkgs, i, x) {
		assert_true(matches(js(x, "SPDXID"), "^SPDXRef-[A-Za-z0-9.-]+$"));
		assert_string_not_equal(js(x, "downloadLocation"), "");
	}
	root = js(json_array_get(pkgs, 0), "SPDXID");
	assert_string_equal(js(json_array_get(pkgs, 0), "primaryPackagePurpose"), "CONTAINER");
	os = js(json_array_get(pkgs, 1), "SPDXID");
	assert_string_equal(js(json_array_get(pkgs, 1), "primaryPackagePurpose"), "OPERATING_SYSTEM");
	p = find(pkgs, "name", "musl");
	musl = js(p, "SPDXID");
	assert_string_equal(js(p, "versionInfo"), "1.1.20-r4");
	assert_string_equal(js(p, "licenseDeclared"), "MIT");
	assert_string_equal(js(p, "licenseConcluded"), "MIT");
	ext = json_array_get(json_object_get(p, "externalRefs"), 0);
	assert_string_equal(js(ext, "referenceCategory"), "PACKAGE-MANAGER");
	assert_string_equal(js(ext, "referenceType"), "purl");
	assert_string_equal(js(ext, "referenceLocator"),
		"pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4");
	crypto = js(find(pkgs, "name", "libcrypto1.1"), "SPDXID");
	assert_string_equal(js(find(pkgs, "name", "libcrypto1.1"), "sourceInfo"),
		"built package from: openssl 1.1.1b-r1");
	/* a licence name that is not an SPDX identifier becomes an extracted LicenseRef */
	lic = js(find(pkgs, "name", "busybox"), "licenseDeclared");
	assert_true(matches(lic, "^GPL-2\\.0-only AND LicenseRef-[0-9a-f]{16}$"));
	x = json_array_get(json_object_get(doc, "hasExtractedLicensingInfos"), 0);
	assert_string_equal(js(x, "licenseId"), strstr(lic, "LicenseRef-"));
	assert_string_equal(js(x, "extractedText"), "Custom license: see COPYING");
	rels = json_object_get(doc, "relationships");
	json_array_foreach(rels, i, x) {
		const char *from = js(x, "spdxElementId"), *type = js(x, "relationshipType");
		const char *to = js(x, "relatedSpdxElement");

		describes |= !strcmp(from, "SPDXRef-DOCUMENT") && !strcmp(type, "DESCRIBES") &&
			     !strcmp(to, root);
		contains |= !strcmp(from, os) && !strcmp(type, "CONTAINS") && !strcmp(to, musl);
		depends |= !strcmp(from, crypto) && !strcmp(type, "DEPENDS_ON") && !strcmp(to, musl);
	}
	assert_true(describes && contains && depends);
	assert_int_equal(json_array_size(rels), 1 + 1 + 3 + 1);
	json_decref(doc);
	free(out);
	free(again);
	destroy(r);
}

/* Parses and validates JUnit XML against the strict Ant schema (when ../shared exists). */
static xmlDocPtr junit_doc(const char *xml)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "junit.xml", NULL, XML_PARSE_NONET);
	const char *xsd;
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;

	assert_non_null(doc);
	if (!tu_have_shared())
		return doc;
	xsd = tu_shared("fixtures/schemas/junit/JUnit.xsd");
	pc = xmlSchemaNewParserCtxt(xsd);
	schema = xmlSchemaParse(pc);
	assert_non_null(schema);
	vc = xmlSchemaNewValidCtxt(schema);
	assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	return doc;
}

/* The nth child element of n named name, or NULL. */
static xmlNodePtr child(xmlNodePtr n, const char *name, int nth)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name) && nth-- == 0)
			return n;
	return NULL;
}

static void assert_attr(xmlNodePtr n, const char *name, const char *want)
{
	xmlChar *v;

	assert_non_null(n);
	v = xmlGetProp(n, (const xmlChar *)name);
	assert_non_null(v);
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

static void test_junit(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char *out = must_render(r, "junit", &ro);
	xmlDocPtr doc = junit_doc(out);
	xmlNodePtr suite = xmlDocGetRootElement(doc), tc, fl;
	xmlChar *body;

	(void)state;
	suite = child(suite, "testsuite", 0);
	assert_attr(suite, "name", "alpine.tar (alpine 3.9.4)");
	assert_attr(suite, "tests", "3");
	assert_attr(suite, "failures", "3");
	assert_attr(suite, "skipped", "0");
	assert_attr(suite, "timestamp", "2021-08-25T12:20:30");
	assert_attr(child(child(suite, "properties", 0), "property", 0), "value", "alpine");
	tc = child(suite, "testcase", 0);
	assert_attr(tc, "classname", "musl-1.1.20-r4");
	assert_attr(tc, "name", "[CRITICAL] CVE-2019-14697");
	fl = child(tc, "failure", 0);
	assert_attr(fl, "message", "musl: x87 floating-point stack adjustment imbalance");
	body = xmlNodeGetContent(fl);
	assert_non_null(strstr((const char *)body, "Fixed version: 1.1.20-r5"));
	assert_non_null(strstr((const char *)body, "Known exploited (CISA KEV), added 2021-11-03"));
	xmlFree(body);
	/* markup in a title arrives as text */
	assert_attr(child(child(suite, "testcase", 1), "failure", 0), "message", HOSTILE);
	assert_null(strstr(out, "<script>"));
	assert_attr(child(suite, "testcase", 2), "name", "[UNKNOWN] CVE-2024-0001");
	assert_attr(child(child(suite, "testcase", 2), "failure", 0), "message", "CVE-2024-0001");
	xmlFreeDoc(doc);
	free(out);

	/* --fail-on HIGH: MEDIUM and UNKNOWN pass as skipped, with the reason */
	ro.gate_severity = KENSA_SEV_HIGH;
	out = must_render(r, "junit", &ro);
	doc = junit_doc(out);
	suite = child(xmlDocGetRootElement(doc), "testsuite", 0);
	assert_attr(suite, "failures", "1");
	assert_attr(suite, "skipped", "2");
	assert_non_null(child(child(suite, "testcase", 0), "failure", 0));
	assert_attr(child(child(suite, "testcase", 1), "skipped", 0), "message",
		"MEDIUM is below the gate severity HIGH");
	xmlFreeDoc(doc);
	free(out);
	/* --fail-on UNKNOWN,only-fixed: the finding without a fix is skipped */
	ro.gate_severity = KENSA_SEV_UNKNOWN;
	ro.gate_only_fixed = true;
	out = must_render(r, "junit", &ro);
	doc = junit_doc(out);
	suite = child(xmlDocGetRootElement(doc), "testsuite", 0);
	assert_attr(suite, "failures", "2");
	assert_attr(child(child(suite, "testcase", 2), "skipped", 0), "message",
		"no fixed version (the gate counts only fixable findings)");
	xmlFreeDoc(doc);
	free(out);
	destroy(r);
}

static void test_gitlab(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char *out = must_render(r, "gitlab", &ro);
	json_t *doc = must_json(out), *scan, *vulns, *v, *ids, *links, *cv;
	size_t i;

	(void)state;
	assert_string_equal(js(doc, "version"), "15.0.7");
	scan = json_object_get(doc, "scan");
	assert_string_equal(js(scan, "type"), "container_scanning");
	assert_string_equal(js(scan, "status"), "success");
	assert_string_equal(js(scan, "start_time"), "2021-08-25T12:20:30");
	assert_string_equal(js(json_object_get(scan, "scanner"), "id"), "kensa");
	assert_string_equal(js(json_array_get(json_object_get(scan, "messages"), 0), "level"), "warn");
	vulns = json_object_get(doc, "vulnerabilities");
	assert_int_equal(json_array_size(vulns), 3);
	json_array_foreach(vulns, i, v)
		assert_true(matches(js(v, "id"), "^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$"));
	assert_string_not_equal(js(json_array_get(vulns, 0), "id"), js(json_array_get(vulns, 1), "id"));
	v = json_array_get(vulns, 0);
	assert_string_equal(js(v, "severity"), "Critical");
	assert_string_equal(js(v, "solution"), "Upgrade musl to 1.1.20-r5");
	assert_string_equal(js(json_object_get(v, "location"), "operating_system"), "alpine 3.9.4");
	assert_string_equal(js(json_object_get(v, "location"), "image"), "alpine.tar");
	assert_string_equal(js(json_object_get(json_object_get(json_object_get(v, "location"),
						       "dependency"),
				       "package"),
				    "name"),
		"musl");
	ids = json_object_get(v, "identifiers");
	assert_int_equal(json_array_size(ids), 2);
	assert_string_equal(js(json_array_get(ids, 0), "type"), "cve");
	assert_string_equal(js(json_array_get(ids, 0), "url"),
		"https://avd.aquasec.com/nvd/cve-2019-14697");
	assert_string_equal(js(json_array_get(ids, 1), "type"), "ghsa");
	cv = json_object_get(v, "cvss_vectors");
	assert_int_equal(json_array_size(cv), 2);
	assert_string_equal(js(json_array_get(cv, 0), "vendor"), "nvd");
	assert_string_equal(js(json_array_get(cv, 0), "vector"),
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_string_equal(js(json_array_get(cv, 1), "vector"), "AV:N/AC:L/Au:N/C:P/I:P/A:P");
	/* the schema's link pattern: javascript: is dropped */
	links = json_object_get(v, "links");
	assert_int_equal(json_array_size(links), 1);
	/* a malformed vector is left out rather than failing the schema */
	assert_null(json_object_get(json_array_get(vulns, 1), "cvss_vectors"));
	assert_string_equal(js(json_array_get(vulns, 1), "name"), HOSTILE);
	v = json_array_get(vulns, 2);
	assert_string_equal(js(v, "severity"), "Unknown");
	assert_string_equal(js(v, "name"), "CVE-2024-0001");
	assert_null(json_object_get(v, "solution"));
	assert_int_equal(json_array_size(json_object_get(doc, "remediations")), 0);
	json_decref(doc);
	free(out);
	destroy(r);
}

static void test_markdown(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char *out = must_render(r, "markdown", &ro);

	(void)state;
	assert_non_null(strstr(out, "## kensa report: alpine.tar\n\n**OS:** alpine 3.9.4\n"));
	assert_non_null(strstr(out, "| Target | Critical | High | Medium | Low | Unknown | Total | "
				    "Known exploited |\n| --- | ---: |"));
	assert_non_null(strstr(out, "| alpine.tar (alpine 3.9.4) | 1 | 0 | 1 | 0 | 1 | 3 | 1 |\n"));
	assert_non_null(strstr(out, "### alpine.tar (alpine 3.9.4)\n\n| Package | Vulnerability | "
				    "Severity | Installed | Fixed | Title |\n"));
	assert_non_null(strstr(out, "| musl | [CVE-2019-14697](https://avd.aquasec.com/nvd/"
				    "cve-2019-14697) **KEV** | CRITICAL | 1.1.20-r4 | 1.1.20-r5 | "
				    "musl: x87 floating-point stack adjustment imbalance |\n"));
	assert_non_null(strstr(out, "| libcrypto1.1 | [CVE-2019-1549](https://avd.aquasec.com/nvd/"
				    "cve-2019-1549) | MEDIUM | 1.1.1b-r1 | 1.1.1d-r0 | openssl: "
				    "&lt;script&gt;alert(1)&lt;/script&gt; \\| pipe &amp; "
				    "@\xe2\x80\x8boctocat \\*bold\\* |\n"));
	assert_non_null(strstr(out, "| busybox | CVE-2024-0001 | UNKNOWN | 1.29.3-r10 |  |  |\n"));
	assert_non_null(strstr(out, "**KEV**: listed in CISA's"));
	assert_non_null(strstr(out, "- apk: 'lib/apk/db/installed': line 7: bad V: field\n"));
	assert_null(strstr(out, "<script>"));
	free(out);
	destroy(r);
}

static void test_html(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char *out = must_render(r, "html", &ro);
	const char *p;

	(void)state;
	assert_true(ks_hasprefix(out, "<!DOCTYPE html>\n"));
	assert_non_null(strstr(out, "Content-Security-Policy\" content=\"default-src 'none';"));
	/* exactly one script, kensa's own; the hostile title is text */
	p = strstr(out, "<script");
	assert_non_null(p);
	assert_true(ks_hasprefix(p, "<script>\n(function () {"));
	assert_null(strstr(p + 1, "<script"));
	assert_non_null(strstr(out, "openssl: &lt;script&gt;alert(1)&lt;/script&gt; | pipe &amp; "
				    "@octocat *bold*"));
	/* no loaded resources: no src attributes, stylesheets or CSS URLs; links are anchors */
	assert_null(strstr(out, " src="));
	assert_null(strstr(out, "<link"));
	assert_null(strstr(out, "url("));
	assert_null(strstr(out, "@import"));
	for (p = strstr(out, "href="); p != NULL; p = strstr(p + 1, "href=")) {
		assert_true(ks_hasprefix(p, "href=\"https://"));
		assert_true(p - out > 3 && ks_hasprefix(p - 3, "<a "));
	}
	assert_non_null(strstr(out, "<tr data-sev=\"4\" data-kev=\"1\">\n<td>musl</td>"));
	assert_non_null(strstr(out, "<td data-v=\"4\"><span class=\"badge s4\">CRITICAL</span>"));
	assert_non_null(strstr(out, "<td data-v=\"0.01230\">1.23%</td>"));
	assert_non_null(strstr(out, "<li class=\"s4\">CRITICAL<b>1</b></li>"));
	assert_non_null(strstr(out, "<li class=\"kev\">Known exploited<b>1</b></li>"));
	assert_non_null(strstr(out, "bad V: field"));
	assert_non_null(strstr(out, "<tr><th>Created</th><td>" CREATED "</td></tr>"));
	free(out);
	destroy(r);
}

/* A lock-file target next to the OS: its own application component/package, purls by
 * language, the lock file as the SARIF location. */
static void test_lang_target(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	struct ks_target *t = ks_arena_calloc(&r->cx.arena, 2, sizeof(*t));
	struct ks_finding *f;
	struct ks_pkg *p;
	json_t *doc, *comps, *c, *x;
	const char *app;
	char *out;

	(void)state;
	t[0] = r->targets[0];
	t[1].name = "app/package-lock.json";
	t[1].klass = "lang-pkgs";
	t[1].type = "npm";
	t[1].pkgs = p = ks_arena_calloc(&r->cx.arena, 1, sizeof(*p));
	t[1].npkgs = 1;
	p->name = "lodash";
	p->version = "4.17.4";
	p->analyzed_by = "npm";
	p->layer = -1;
	p->locs = ks_arena_calloc(&r->cx.arena, 2, sizeof(*p->locs));
	p->locs[0] = (struct ks_loc){ 12, 16 };
	p->locs[1] = (struct ks_loc){ 40, 0 };
	p->nlocs = 2;
	t[1].vulns = f = ks_arena_calloc(&r->cx.arena, 1, sizeof(*f));
	t[1].nvulns = 1;
	f->vuln_id = "CVE-2019-10744";
	f->pkg = p;
	f->installed = "4.17.4";
	f->fixed = "4.17.12";
	f->status = KS_ST_FIXED;
	f->severity = KS_SEV_CRITICAL;
	r->targets = t;
	r->ntargets = 2;

	out = must_render(r, "sarif", &ro);
	doc = must_json(out);
	x = json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
	assert_int_equal(json_array_size(x), 4);
	x = json_object_get(json_array_get(x, 3), "locations");
	assert_int_equal(json_array_size(x), 2);
	c = json_object_get(json_array_get(x, 0), "physicalLocation");
	assert_string_equal(js(json_object_get(c, "artifactLocation"), "uri"),
		"app/package-lock.json");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "region"),
				 "startLine")),
		12);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(c, "region"),
				 "endLine")),
		16);
	c = json_object_get(json_object_get(json_array_get(x, 1), "physicalLocation"), "region");
	assert_int_equal(json_integer_value(json_object_get(c, "startLine")), 40);
	assert_int_equal(json_integer_value(json_object_get(c, "endLine")), 40);
	assert_string_equal(js(find(json_object_get(json_object_get(json_object_get(
								    json_array_get(json_object_get(doc,
										   "runs"),
									    0),
								    "tool"),
							    "driver"),
					    "rules"),
				       "id", "CVE-2019-10744"),
				    "name"),
		"LanguageSpecificPackageVulnerability");
	json_decref(doc);
	free(out);

	out = must_render(r, "cyclonedx", &ro);
	doc = must_json(out);
	comps = json_object_get(doc, "components");
	assert_int_equal(json_array_size(comps), 4 + 2);
	c = find(comps, "name", "app/package-lock.json");
	assert_string_equal(js(c, "type"), "application");
	app = js(c, "bom-ref");
	c = find(comps, "name", "lodash");
	assert_string_equal(js(c, "purl"), "pkg:npm/lodash@4.17.4");
	x = find(json_object_get(doc, "dependencies"), "ref", app);
	assert_string_equal(json_string_value(json_array_get(json_object_get(x, "dependsOn"), 0)),
		"pkg:npm/lodash@4.17.4");
	x = json_array_get(json_object_get(doc, "dependencies"), 0);
	assert_string_equal(js(x, "ref"), js(json_object_get(json_object_get(doc, "metadata"),
						     "component"),
						  "bom-ref"));
	assert_int_equal(json_array_size(json_object_get(x, "dependsOn")), 2);
	assert_string_equal(js(json_array_get(json_object_get(find(json_object_get(doc,
									   "vulnerabilities"),
								  "id", "CVE-2019-10744"),
						  "affects"),
					  0),
				    "ref"),
		"pkg:npm/lodash@4.17.4");
	json_decref(doc);
	free(out);

	out = must_render(r, "spdx-json", &ro);
	doc = must_json(out);
	x = find(json_object_get(doc, "packages"), "name", "app/package-lock.json");
	assert_string_equal(js(x, "primaryPackagePurpose"), "APPLICATION");
	assert_true(ks_hasprefix(js(x, "SPDXID"), "SPDXRef-Application-"));
	x = find(json_object_get(doc, "packages"), "name", "lodash");
	assert_string_equal(js(json_array_get(json_object_get(x, "externalRefs"), 0),
				    "referenceLocator"),
		"pkg:npm/lodash@4.17.4");
	json_decref(doc);
	free(out);
	destroy(r);
}

/* Every writer on results with no targets, with targets but no findings, and with no OS
 * or names at all; the JSON formats must parse and JUnit must validate. */
static void test_empty_results(void **state)
{
	struct kensa_result *r[3];
	struct kensa_report_options ro = opts();
	size_t i, k;

	(void)state;
	r[0] = build(false);
	r[0]->ntargets = 0;
	r[1] = build(false);
	r[2] = calloc(1, sizeof(*r[2]));
	assert_non_null(r[2]);
	tu_ctx(&r[2]->cx);
	for (k = 0; k < 3; k++)
		for (i = 0; i < NFORMATS; i++) {
			char *out = must_render(r[k], formats[i], &ro);

			assert_true(strlen(out) > 0);
			if (!strcmp(formats[i], "markdown") || !strcmp(formats[i], "html")) {
				assert_non_null(strstr(out, k == 1 ? "No vulnerabilities found." :
								     "No packages were found"));
			} else if (!strcmp(formats[i], "junit")) {
				xmlFreeDoc(junit_doc(out));
				if (k == 1)
					assert_non_null(strstr(out, "name=\"no vulnerabilities\""));
			} else {
				json_decref(must_json(out));
			}
			free(out);
		}
	for (k = 0; k < 3; k++)
		destroy(r[k]);
}

static void test_bad_time_and_io(void **state)
{
	struct kensa_result *r = build(true);
	struct kensa_report_options ro = opts();
	char err[256];
	size_t i;
	int rc;
	FILE *full;

	(void)state;
	/* formats that print the time refuse a malformed one */
	ro.created_at = "25/08/2021";
	for (i = 0; i < NFORMATS; i++) {
		char *out = render(r, formats[i], &ro, &rc, err, sizeof(err));

		if (!strcmp(formats[i], "sarif") || !strcmp(formats[i], "markdown")) {
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, KENSA_EUSAGE);
			assert_string_equal(err, "report time '25/08/2021' is not an RFC 3339 "
						 "date-time");
		}
		free(out);
	}
	/* a full disk is an I/O error, not a truncated success */
	ro = opts();
	full = fopen("/dev/full", "w");
	if (full == NULL)
		skip();
	for (i = 0; i < NFORMATS; i++) {
		rc = kensa_report_write(r, formats[i], &ro, full, err, sizeof(err));
		assert_int_equal(rc, KENSA_EIO);
		clearerr(full);
	}
	fclose(full);
	destroy(r);
}

static void test_registered(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NFORMATS; i++)
		assert_true(kensa_format_known(formats[i]));
	assert_false(kensa_format_known("spdx"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_xml_escape),
		cmocka_unit_test(test_markdown_escape),
		cmocka_unit_test(test_registered),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_location),
		cmocka_unit_test(test_cyclonedx),
		cmocka_unit_test(test_spdx),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_gitlab),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_lang_target),
		cmocka_unit_test(test_empty_results),
		cmocka_unit_test(test_bad_time_and_io),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
