/*
 * test_registry_parse.c - the registry source's manifest parsing and platform choice, on
 * real manifests (containers/image's manifest test data, the stereoscope multi-platform
 * OCI layout, Trivy's OCI layouts) and corrupt variants of them; the shared platform
 * matching (resolve.h): --platform parsing, uname machine to GOARCH, containerd's
 * normalisation.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "source/registry.h"
#include "source/resolve.h"
#include "util/str.h"

#define CI_MAN "fixtures/images/manifests/containers-image-internal-manifest/"
#define CI_IMG "fixtures/images/manifests/containers-image-internal-image/"
#define MULTI "fixtures/images/stereoscope/multiplatform_oci_dir/"

/* Parses a fixture; returns the code, *m filled on success. */
static int parse_file(struct ks_ctx *cx, const char *rel, const char *ctype, struct ks_regman *m)
{
	size_t n;
	uint8_t *p = tu_read(tu_shared(rel), &n);
	int r = ks_registry_parse_manifest(cx, rel, (const char *)p, n, ctype, m);

	free(p);
	return r;
}

static void test_image_manifests(void **state)
{
	struct ks_ctx cx;
	struct ks_regman m;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(parse_file(&cx, CI_MAN "ociv1.manifest.json", NULL, &m), 0);
	assert_false(m.index);
	assert_string_equal(m.media_type, KS_MT_OCI_MANIFEST);
	assert_string_equal(m.config.digest,
		"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7");
	assert_int_equal(m.config.size, 7023);
	assert_int_equal(m.nlayers, 3);
	assert_string_equal(m.layers[1].digest,
		"sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b");
	assert_int_equal(m.layers[2].size, 73109);
	assert_string_equal(m.layers[0].media_type, "application/vnd.oci.image.layer.v1.tar+gzip");

	assert_int_equal(parse_file(&cx, CI_MAN "v2s2.manifest.json", NULL, &m), 0);
	assert_string_equal(m.media_type, KS_MT_DOCKER_MANIFEST);
	assert_int_equal(m.nlayers, 3);

	/* no mediaType in the document: the Content-Type decides, else the shape */
	assert_int_equal(parse_file(&cx, CI_MAN "ociv1nomime.manifest.json",
				 KS_MT_OCI_MANIFEST "; charset=utf-8", &m), 0);
	assert_string_equal(m.media_type, KS_MT_OCI_MANIFEST);
	assert_int_equal(m.nlayers, 3);
	assert_int_equal(parse_file(&cx, CI_MAN "ociv1nomime.manifest.json", "application/json",
				 &m), 0);
	assert_false(m.index);
	assert_int_equal(parse_file(&cx, CI_MAN "v2s2nomime.manifest.json", NULL, &m), 0);
	assert_int_equal(m.nlayers, 0);
	assert_int_equal(parse_file(&cx, CI_MAN "ociv1nomime.image.index.json", NULL, &m), 0);
	assert_true(m.index);
	assert_int_equal(m.nmanifests, 2);

	/* Docker's own media types for every layer kind: all accepted */
	assert_int_equal(parse_file(&cx, CI_IMG "schema2-all-media-types.json", NULL, &m), 0);
	assert_true(m.nlayers >= 4);
	assert_int_equal(parse_file(&cx, CI_IMG "oci1-all-media-types.json", NULL, &m), 0);
	assert_true(m.nlayers >= 4);

	/* the real manifests of the multi-platform layout */
	assert_int_equal(parse_file(&cx, MULTI "blobs/sha256/"
				 "e7c26a4b4d156fd9947ee82295b7b78acf7aa54b93b8f3e4b9f608179ffb20e8",
				 NULL, &m), 0);
	assert_string_equal(m.config.digest,
		"sha256:549248a7ac95478805d9248e4ffdc778fc2404257d8c071848746e0100e08099");
	assert_int_equal(m.nlayers, 1);
	assert_string_equal(m.layers[0].digest,
		"sha256:9795e995b4d86eb9409970bc5bff940f0d67a54e8f52dd39abb8c6504187af89");
	assert_int_equal(m.layers[0].size, 880);
	ks_ctx_release(&cx);
}

static void test_refused(void **state)
{
	static const struct {
		const char *file;
		int code;
		const char *msg;
	} cases[] = {
		{ CI_MAN "v2s1.manifest.json", KS_EUNSUPPORTED, "schema 1" },
		{ CI_MAN "v2s1-unsigned.manifest.json", KS_EUNSUPPORTED, "schema 1" },
		{ CI_IMG "schema1.json", KS_EUNSUPPORTED, "schema 1" },
		{ CI_MAN "unknown-version.manifest.json", KS_EUNSUPPORTED, "schemaVersion" },
		{ CI_MAN "ociv1.artifact.json", KS_EUNSUPPORTED, "is not a container image" },
		{ CI_IMG "oci1-artifact.json", KS_EUNSUPPORTED, "is not a container image" },
		{ CI_IMG "oci1.encrypted.json", KS_EUNSUPPORTED, "encrypted" },
		{ CI_IMG "oci1-invalid-media-type.json", KS_EUNSUPPORTED, "media type" },
		{ CI_IMG "schema2-invalid-media-type.json", KS_EUNSUPPORTED, "media type" },
		{ CI_MAN "non-json.manifest.json", KS_ECORRUPT, "invalid JSON" },
	};
	struct ks_ctx cx;
	struct ks_regman m;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = parse_file(&cx, cases[i].file, NULL, &m);

		if (r != cases[i].code || strstr(cx.err.msg, cases[i].msg) == NULL)
			fail_msg("%s: got %d '%s', want %d '%s'", cases[i].file, r, cx.err.msg,
				cases[i].code, cases[i].msg);
	}
	/* the schema 1 Content-Type alone is enough to refuse */
	assert_int_equal(ks_registry_parse_manifest(&cx, "x", "{}", 2,
				 "application/vnd.docker.distribution.manifest.v1+prettyjws", &m),
		KS_EUNSUPPORTED);
	ks_ctx_release(&cx);
}

/* Checks one hand-made manifest document. */
static void expect(struct ks_ctx *cx, const char *doc, int code, const char *msg)
{
	struct ks_regman m;
	int r = ks_registry_parse_manifest(cx, "doc", doc, strlen(doc), NULL, &m);

	if (r != code || (msg != NULL && strstr(cx->err.msg, msg) == NULL))
		fail_msg("%s: got %d '%s', want %d '%s'", doc, r, cx->err.msg, code,
			msg ? msg : "");
}

#define D64 "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define CFG                                                                                \
	"\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" D64 \
	"\",\"size\":10}"
#define LAYER(extra)                                                                       \
	"{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" D64     \
	"\",\"size\":5" extra "}"

static void test_descriptor_checks(void **state)
{
	struct ks_ctx cx;
	struct ks_regman m;
	const char *ok = "{\"schemaVersion\":2," CFG ",\"layers\":[" LAYER(
		",\"urls\":[\"https://example.com/l\"],\"data\":\"aGVsbG8=\"") "]}";

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(ks_registry_parse_manifest(&cx, "doc", ok, strlen(ok), NULL, &m), 0);
	assert_int_equal(m.layers[0].nurls, 1);
	assert_string_equal(m.layers[0].urls[0], "https://example.com/l");
	assert_int_equal(m.layers[0].ndata, 5);
	assert_memory_equal(m.layers[0].data, "hello", 5);

	expect(&cx, "[]", KS_ECORRUPT, "not a JSON object");
	expect(&cx, "{\"schemaVersion\":2," CFG "}", KS_ECORRUPT, "no layers list");
	expect(&cx, "{\"schemaVersion\":2,\"layers\":[]}", KS_EUNSUPPORTED, "no image manifest");
	expect(&cx, "{\"schemaVersion\":2,\"mediaType\":\"" KS_MT_OCI_MANIFEST "\",\"layers\":[]}",
		KS_ECORRUPT, "no config");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":[{\"size\":1}]}", KS_ECORRUPT,
		"has no digest");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":[{\"digest\":\"sha256:abc\"}]}",
		KS_ECORRUPT, "not a sha256 digest");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":[{\"digest\":\"sha512:abc\"}]}",
		KS_EUNSUPPORTED, "only sha256");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":[{\"digest\":\"" D64
		"\",\"size\":-1}]}", KS_ECORRUPT, "bad size");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":[" LAYER(",\"urls\":\"x\"") "]}",
		KS_ECORRUPT, "urls is not a list");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":["
		LAYER(",\"urls\":[\"file:///etc/passwd\"]") "]}", KS_ECORRUPT,
		"not an http(s) URL");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":[" LAYER(",\"data\":\"!!\"") "]}",
		KS_ECORRUPT, "not base64");
	expect(&cx, "{\"schemaVersion\":2," CFG ",\"layers\":[{\"mediaType\":"
		"\"application/vnd.cncf.helm.chart.content.v1.tar+gzip\",\"digest\":\"" D64 "\"}]}",
		KS_EUNSUPPORTED, "no container filesystem layer");
	expect(&cx, "{\"schemaVersion\":2,\"mediaType\":\"" KS_MT_OCI_INDEX "\",\"manifests\":{}}",
		KS_ECORRUPT, "no manifests list");
	expect(&cx, "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.artifact.manifest"
		".v1+json\"}", KS_EUNSUPPORTED, "no image manifest or index");
	expect(&cx, "{\"schemaVersion\":\"2\"," CFG ",\"layers\":[]}", KS_EUNSUPPORTED,
		"schemaVersion");
	ks_ctx_release(&cx);
}

/* Every prefix of a real manifest and index, and every single-byte flip of the index:
 * an error code or a parse, never a crash (ASan/UBSan builds check the rest). */
static void test_truncated_and_flipped(void **state)
{
	const char *files[] = { MULTI "blobs/sha256/"
		"a1a8d08faa5fe3d2ccc0ba54874e39dede9a17120f883c5cb56f2fd9309067c8",
		MULTI "blobs/sha256/"
		"5ed07065bcbc6c52e3ad28526557d7b6833613fc79257b1a786de85e37c03b05" };
	struct ks_ctx cx;
	struct ks_regman m;
	size_t f, n, i, errors = 0;

	(void)state;
	for (f = 0; f < 2; f++) {
		uint8_t *p = tu_read(tu_shared(files[f]), &n);

		tu_ctx(&cx);
		for (i = 0; i < n; i++) {
			int r = ks_registry_parse_manifest(&cx, "t", (const char *)p, i, NULL, &m);

			/* a JSON document cut short is never valid */
			if (i + 1 < n && r != KS_ECORRUPT)
				fail_msg("%s cut at %zu: %d %s", files[f], i, r, cx.err.msg);
		}
		for (i = 0; f == 0 && i < n; i++) {
			uint8_t c = p[i];

			p[i] ^= 0x20;
			if (ks_registry_parse_manifest(&cx, "t", (const char *)p, n, NULL, &m) != 0)
				errors++;
			p[i] = c;
		}
		ks_ctx_release(&cx);
		free(p);
	}
	assert_true(errors > 100); /* flips in digests, keys and syntax are caught */
}

static const char *pick(struct ks_ctx *cx, const char *file, const char *platform)
{
	struct ks_regman m;
	size_t k = 999;

	if (parse_file(cx, file, NULL, &m) != 0)
		fail_msg("%s: %s", file, cx->err.msg);
	if (ks_registry_pick(cx, file, &m, platform, &k) != 0)
		return NULL;
	return m.manifests[k].digest;
}

static void test_platform_pick(void **state)
{
	struct ks_ctx cx;
	const char *d;

	(void)state;
	tu_ctx(&cx);
	/* index order decides among equals (the gzip entry before its zstd twin) */
	d = pick(&cx, CI_MAN "ocilist-variants.json", "linux/amd64");
	assert_true(ks_hasprefix(d, "sha256:59eec883"));
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "ocilist-variants.json", "linux/arm/v6"),
		"sha256:dddddddd"));
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "ocilist-variants.json", "linux/arm/v7"),
		"sha256:eeeeeeee"));
	/* arm without a variant is v7 (containerd): the exact v7 entry wins over the others */
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "ocilist-variants.json", "linux/arm"),
		"sha256:eeeeeeee"));
	assert_null(pick(&cx, CI_MAN "ocilist-variants.json", "linux/arm/v8"));
	assert_int_equal(cx.err.code, KS_ENOTFOUND);
	assert_non_null(strstr(cx.err.msg, "linux/amd64, linux/arm/v7, linux/arm/v6"));
	/* the list with no v7 entry: "arm" takes the variant-less one (it is v7) */
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "schema2list-variants.json", "linux/arm"),
		"sha256:c84b0a3a"));
	/* arm64/v8 entries match arm64, aarch64 and arm64/v8 */
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "schema2list.json", "linux/arm64"),
		"sha256:dc472a59"));
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "schema2list.json", "linux/aarch64"),
		"sha256:dc472a59"));
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "schema2list.json", "linux/arm64/v8"),
		"sha256:dc472a59"));
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "schema2list.json", "linux/386"),
		"sha256:9a33b990"));
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "schema2list.json", "linux/arm/v5"),
		"sha256:9142d97e"));
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "schema2list.json", "*/s390x"),
		"sha256:e5aa1b0a"));
	assert_null(pick(&cx, CI_MAN "schema2list.json", "windows/amd64"));
	assert_null(pick(&cx, CI_MAN "schema2list.json", "linux"));
	assert_int_equal(cx.err.code, KS_EUSAGE);
	/* entries without a platform (artifacts) are never picked */
	assert_true(ks_hasprefix(pick(&cx, CI_MAN "oci1.index.zstd-selection2.json",
				     "linux/arm64"), "sha256:1c98002b"));
	ks_ctx_release(&cx);
}

static void test_platform_host_default(void **state)
{
	struct ks_ctx cx;
	struct ks_plat host;
	struct utsname u;
	const char *v, *d;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(uname(&u), 0);
	ks_plat_host(&host);
	assert_string_equal(host.os, "linux");
	assert_string_equal(host.arch, ks_plat_goarch(u.machine, &v));
	d = pick(&cx, CI_MAN "schema2list.json", NULL);
	if (strcmp(host.arch, "amd64") == 0)
		assert_true(ks_hasprefix(d, "sha256:030fcb92"));
	else if (strcmp(host.arch, "arm64") == 0)
		assert_true(ks_hasprefix(d, "sha256:dc472a59"));
	/* an index without the host's platform says so and lists what there is */
	if (strcmp(host.arch, "s390x") != 0) {
		struct ks_regman m;
		const char *doc = "{\"schemaVersion\":2,\"mediaType\":\"" KS_MT_OCI_INDEX "\","
			"\"manifests\":[{\"mediaType\":\"" KS_MT_OCI_MANIFEST "\","
			"\"digest\":\"" D64 "\",\"size\":1,\"platform\":{\"os\":\"linux\","
			"\"architecture\":\"s390x\"}},"
			"{\"mediaType\":\"" KS_MT_OCI_MANIFEST "\",\"digest\":\"" D64 "\","
			"\"size\":1,\"platform\":{\"os\":\"unknown\","
			"\"architecture\":\"unknown\"}}]}";
		size_t k;

		assert_int_equal(ks_registry_parse_manifest(&cx, "i", doc, strlen(doc), NULL, &m),
			0);
		assert_int_equal(ks_registry_pick(&cx, "i", &m, NULL, &k), KS_ENOTFOUND);
		assert_non_null(strstr(cx.err.msg, "this host's"));
		assert_non_null(strstr(cx.err.msg, "(the index has: linux/s390x)"));
	}
	ks_ctx_release(&cx);
}

static void test_goarch(void **state)
{
	static const struct {
		const char *machine, *arch, *variant;
	} cases[] = {
		{ "x86_64", "amd64", NULL }, { "i686", "386", NULL }, { "i386", "386", NULL },
		{ "aarch64", "arm64", NULL }, { "aarch64_be", "arm64", NULL },
		{ "armv8l", "arm64", NULL }, { "armv7l", "arm", "v7" }, { "armv6l", "arm", "v6" },
		{ "armv5tel", "arm", "v5" }, { "ppc64le", "ppc64le", NULL },
		{ "s390x", "s390x", NULL }, { "riscv64", "riscv64", NULL },
		{ "loongarch64", "loong64", NULL }, { "sparc64", "sparc64", NULL },
	};
	const char *v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(ks_plat_goarch(cases[i].machine, &v), cases[i].arch);
		if (cases[i].variant)
			assert_string_equal(v, cases[i].variant);
		else
			assert_null(v);
	}
}

static void test_plat_parse_and_rank(void **state)
{
	struct ks_ctx cx;
	struct ks_plat p;
	const struct ks_plat arm64v8 = { "linux", "arm64", "v8" }, arm = { "linux", "arm", NULL },
			     armv6 = { "linux", "arm", "v6" }, none = { NULL, NULL, NULL };

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(ks_plat_parse(&cx, "linux/arm/v7", &p), 0);
	assert_string_equal(p.os, "linux");
	assert_string_equal(p.arch, "arm");
	assert_string_equal(p.variant, "v7");
	assert_int_equal(ks_plat_rank(&arm, &p), 2);   /* arm = arm/v7 */
	assert_int_equal(ks_plat_rank(&armv6, &p), 0); /* an explicit variant is required */
	assert_int_equal(ks_plat_parse(&cx, "linux/arm", &p), 0);
	assert_null(p.variant);
	assert_int_equal(ks_plat_rank(&armv6, &p), 1); /* compatible, not exact */
	assert_int_equal(ks_plat_rank(&arm, &p), 2);
	assert_int_equal(ks_plat_parse(&cx, "linux/arm64", &p), 0);
	assert_int_equal(ks_plat_rank(&arm64v8, &p), 2);
	assert_int_equal(ks_plat_rank(&none, &p), 0);
	assert_string_equal(ks_plat_str(&cx, &arm64v8), "linux/arm64/v8");
	assert_string_equal(ks_plat_str(&cx, &none), "?/?");
	assert_int_equal(ks_plat_parse(&cx, "linux", &p), KS_EUSAGE);
	assert_int_equal(ks_plat_parse(&cx, "linux/", &p), KS_EUSAGE);
	assert_int_equal(ks_plat_parse(&cx, "/amd64", &p), KS_EUSAGE);
	assert_int_equal(ks_plat_parse(&cx, "linux/arm/", &p), KS_EUSAGE);
	assert_int_equal(ks_plat_parse(&cx, "linux/arm/v7/x", &p), KS_EUSAGE);
	assert_int_equal(ks_plat_parse(&cx, "", &p), KS_EUSAGE);
	assert_non_null(strstr(cx.err.msg, "os/arch[/variant]"));
	assert_int_equal(ks_manifest_kind(KS_MT_DOCKER_LIST), KS_MK_INDEX);
	assert_int_equal(ks_manifest_kind(KS_MT_OCI_MANIFEST), KS_MK_IMAGE);
	assert_int_equal(ks_manifest_kind("application/vnd.docker.distribution.manifest.v1+"
					  "prettyjws"), KS_MK_SCHEMA1);
	assert_int_equal(ks_manifest_kind("application/json"), KS_MK_UNKNOWN);
	assert_int_equal(ks_manifest_kind(NULL), KS_MK_UNKNOWN);
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_manifests),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_descriptor_checks),
		cmocka_unit_test(test_truncated_and_flipped),
		cmocka_unit_test(test_platform_pick),
		cmocka_unit_test(test_platform_host_default),
		cmocka_unit_test(test_goarch),
		cmocka_unit_test(test_plat_parse_and_rank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
