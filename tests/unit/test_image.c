/*
 * test_image.c - image sources against the real archives and layouts in
 * ../shared/fixtures/images: docker save (plain, gzip, compressed layers), OCI archives
 * (gzip, zstd, estargz, uncompressed layers), OCI layout directories, multi-image and
 * multi-platform selection, and the fixtures that are not (valid) images.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"
#include "source/image.h"

static bool want_none(const char *path, size_t n)
{
	(void)path;
	(void)n;
	return false;
}

static const struct ks_analyzer none = { .name = "none", .kind = KS_AK_OS, .version = 1,
	.wants = want_none };
static const struct ks_analyzer *const none_set[] = { &none, NULL };

static int sink_blob(void *ud, const char *key, struct ks_blob *b, struct ks_blob_info *info)
{
	struct ks_ctx *cx = ud;
	struct ks_lres lr;
	uint64_t total = 0;

	(void)key;
	memset(&lr, 0, sizeof(lr));
	lr.set = none_set;
	return ks_layer_stream(cx, NULL, b, &total, &lr, info);
}

static int open_img(struct ks_ctx *cx, const char *rel, const char *sel, const char *platform,
	struct ks_image **img)
{
	struct ks_blob_sink sink = { cx, sink_blob };
	char input[4096];

	snprintf(input, sizeof(input), "%s%s", tu_shared(rel), sel ? sel : "");
	return ks_image_open(cx, input, platform, &sink, img);
}

static void test_docker_save(void **state)
{
	struct ks_ctx cx;
	struct ks_image *img;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(open_img(&cx, "fixtures/images/docker-save/trivy-alpine-3.9.tar.gz", NULL,
				 NULL, &img), 0);
	assert_string_equal(img->kind, "docker-archive");
	/* the ImageID Trivy's alpine-39 golden reports */
	assert_string_equal(img->image_id,
		"sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1");
	assert_int_equal(img->nlayers, 1);
	assert_string_equal(img->layers[0].diffid,
		"sha256:f1b5933fe4b5f49bbe8258745cf396afe07e625bdab3168e364daf7c956b6b81");
	assert_int_equal(img->layers[0].usize, 5796352); /* Metadata.Size in the golden */
	assert_false(img->layers[0].report_digest);      /* an uncompressed layer.tar */
	assert_string_equal(img->layers[0].created_by,
		"ADD file:a86aea1f3a7d68f6ae03397b99ea77f2e9ee901c5c59e59f76f93adbb4035913 in / ");
	assert_int_equal(img->repo_tags.n, 1);
	assert_string_equal(img->repo_tags.v[0], "alpine:3.9");
	assert_string_equal(img->os, "linux");
	assert_string_equal(img->arch, "amd64");
	ks_ctx_release(&cx);
}

static void test_compressed_docker_layers(void **state)
{
	struct ks_ctx cx;
	struct ks_image *img;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	/* kaniko writes gzip layers with absolute entry names ("/", "/home") */
	assert_int_equal(open_img(&cx, "fixtures/images/dive/test-kaniko-image.tar", NULL, NULL,
				 &img), 0);
	assert_true(img->nlayers > 5);
	for (i = 0; i < img->nlayers; i++)
		assert_true(img->layers[i].report_digest);
	assert_int_equal(open_img(&cx, "fixtures/images/docker-save/fanal-image3_gz_layers.tar",
				 NULL, NULL, &img), 0);
	assert_int_equal(img->nlayers, 4);
	ks_ctx_release(&cx);
}

/* The same image exported with four layer encodings. */
static void test_oci_archives(void **state)
{
	static const char *const same[] = { "gzip", "uncompressed", "zstd" };
	struct ks_ctx cx;
	struct ks_image *img;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < 3; i++) {
		char rel[256];

		snprintf(rel, sizeof(rel), "fixtures/images/dive/test-oci-%s-image.tar", same[i]);
		assert_int_equal(open_img(&cx, rel, NULL, NULL, &img), 0);
		assert_string_equal(img->kind, "oci-archive");
		assert_int_equal(img->nlayers, 1);
		assert_string_equal(img->layers[0].diffid,
			"sha256:356d5e7f4012d87cb1078ac1f480e90528eec4940ce45c50380321436db38758");
		assert_true(img->layers[0].report_digest);
		assert_non_null(img->manifest_digest);
	}
	assert_int_equal(open_img(&cx, "fixtures/images/dive/test-oci-estargz-image.tar", NULL,
				 NULL, &img), 0);
	assert_int_equal(img->nlayers, 1);
	ks_ctx_release(&cx);
}

static void test_selection(void **state)
{
	struct ks_ctx cx;
	struct ks_image *img;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(open_img(&cx, "fixtures/images/ggcr/tarball/test_bundle.tar", NULL, NULL,
				 &img), KS_EAMBIGUOUS);
	assert_non_null(strstr(cx.err.msg, "test_image_1"));
	assert_non_null(strstr(cx.err.msg, "test_image_2"));
	assert_int_equal(open_img(&cx, "fixtures/images/ggcr/tarball/test_bundle.tar",
				 ":test_image_2", NULL, &img), 0);
	assert_string_equal(img->repo_tags.v[0], "test_image_2");
	assert_int_equal(open_img(&cx, "fixtures/images/ggcr/tarball/test_bundle.tar",
				 ":nosuch", NULL, &img), KS_ENOTFOUND);
	assert_int_equal(open_img(&cx, "fixtures/images/ggcr/tarball/test_link.tar",
				 ":bazel/v1/tarball:test_image_3", NULL, &img), 0);
	/* OCI layouts: by ref name, by manifest digest */
	assert_int_equal(open_img(&cx, "fixtures/images/oci-layout/trivy-test_image_tag.oci",
				 ":0.0.1", NULL, &img), 0);
	assert_int_equal(open_img(&cx, "fixtures/images/oci-layout/trivy-test_image_tag.oci",
				 "@sha256:afb744871f99e0ff8e6f253244836ed34c5d805fdb096d3a205ffaf5e9073cab",
				 NULL, &img), 0);
	assert_string_equal(img->manifest_digest,
		"sha256:afb744871f99e0ff8e6f253244836ed34c5d805fdb096d3a205ffaf5e9073cab");
	assert_int_equal(open_img(&cx, "fixtures/images/oci-layout/trivy-test_image_tag.oci",
				 ":0.0.2", NULL, &img), KS_ENOTFOUND);
	ks_ctx_release(&cx);
}

static void test_platforms(void **state)
{
	struct ks_ctx cx;
	struct ks_image *amd, *arm;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(open_img(&cx, "fixtures/images/stereoscope/multiplatform_oci_dir", NULL,
				 "linux/amd64", &amd), 0);
	assert_int_equal(open_img(&cx, "fixtures/images/stereoscope/multiplatform_oci_dir", NULL,
				 "linux/arm64", &arm), 0);
	assert_string_equal(amd->arch, "amd64");
	assert_string_equal(arm->arch, "arm64");
	assert_string_not_equal(amd->image_id, arm->image_id);
	assert_string_equal(amd->repo_tags.v[0], "docker.io/library/multi-platform:latest");
	assert_int_equal(open_img(&cx, "fixtures/images/stereoscope/multiplatform_oci_dir", NULL,
				 "linux/s390x", &amd), KS_EAMBIGUOUS);
	ks_ctx_release(&cx);
}

static void expect_err(const char *rel, int code, const char *msg)
{
	struct ks_ctx cx;
	struct ks_image *img;

	tu_ctx(&cx);
	assert_int_equal(open_img(&cx, rel, NULL, NULL, &img), code);
	if (strstr(cx.err.msg, msg) == NULL)
		fail_msg("%s: message '%s' lacks '%s'", rel, cx.err.msg, msg);
	ks_ctx_release(&cx);
}

static void test_not_images(void **state)
{
	(void)state;
	expect_err("fixtures/images/ggcr/tarball/content.tar", KS_EUNSUPPORTED,
		"not a container image");
	expect_err("fixtures/images/ggcr/tarball/no_manifest.tar", KS_EUNSUPPORTED,
		"pre-1.10");
	expect_err("fixtures/images/ggcr/tarball/null_manifest.tar", KS_ECORRUPT,
		"not a list of images");
	expect_err("fixtures/images/stereoscope/oci-invalid_file", KS_ECORRUPT, "invalid JSON");
	expect_err("fixtures/images/oci-layout/trivy-test_bad_index_json.oci", KS_ECORRUPT,
		"invalid JSON");
	expect_err("fixtures/images/oci-layout/trivy-test_index_json_dir.oci", KS_ECORRUPT,
		"not a regular file");
	expect_err("fixtures/images/oci-layout/trivy-test_no_valid_manifests.oci", KS_ECORRUPT,
		"no manifests");
	expect_err("fixtures/images/oci-layout/trivy-test_invalid_oci_image.oci", KS_ENOTFOUND,
		"no image manifest");
	/* an index whose image manifests were never copied into the archive */
	expect_err("fixtures/images/oci-layout/trivy-image-tar-oci-index.tar", KS_ENOTFOUND,
		"is missing");
	expect_err("fixtures/images/ggcr/layout/README.md", KS_ECORRUPT, "not a readable tar");
	expect_err("fixtures/images/ggcr/layout/test_index_media_type", KS_ECORRUPT,
		"diff_ids");
}

static void test_all_fixture_images(void **state)
{
	static const char *const ok[] = {
		"docker-save/fanal-alpine-2019-10.tar.gz", "docker-save/trivy-alpine-3.10.tar.gz",
		"docker-save/trivy-alpine-3.10-2019.tar.gz", "docker-save/trivy-alpine-3.11.tar.gz",
		"dive/test-docker-image.tar", "ggcr/tarball/hello-world-v25.tar",
		"ggcr/tarball/test_image_1.tar", "ggcr/tarball/test_load_manifest.tar",
		"ggcr/mutate/overwritten_file.tar", "ggcr/mutate/source_image.tar",
		"ggcr/mutate/source_image_with_empty_layer_history.tar",
		"ggcr/mutate/whiteout_dir.tar", "ggcr/mutate/whiteout_image.tar",
		"containers-image/almostempty.tar", "stereoscope/valid-oci.tar",
		"oci-layout/trivy-test.oci", "ggcr/layout/test_index_one_image", NULL };
	struct ks_ctx cx;
	struct ks_image *img;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; ok[i] != NULL; i++) {
		char rel[256];
		int r;

		snprintf(rel, sizeof(rel), "fixtures/images/%s", ok[i]);
		r = open_img(&cx, rel, NULL, NULL, &img);
		if (r != 0)
			fail_msg("%s: %s", ok[i], cx.err.msg);
		assert_non_null(img->image_id);
	}
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_save),
		cmocka_unit_test(test_compressed_docker_layers),
		cmocka_unit_test(test_oci_archives),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_platforms),
		cmocka_unit_test(test_not_images),
		cmocka_unit_test(test_all_fixture_images),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
