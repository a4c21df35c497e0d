/* test_report.c - report building blocks: package IDs, version strings and package URLs
 * as Trivy writes them (cases taken from Trivy's integration goldens), and the image
 * config re-encoding (go-containerregistry field order, Go time formatting). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "util/jsonw.h"

static struct kensa_result res_with_os(const char *family, const char *name)
{
	struct kensa_result r;

	memset(&r, 0, sizeof(r));
	r.has_os = true;
	r.os.family = family;
	r.os.name = name;
	return r;
}

static void test_ids_and_purls(void **state)
{
	struct ks_arena a;
	struct kensa_result alma = res_with_os("alma", "8.5"), amzn = res_with_os("amazon", "2 (Karoo)");
	struct kensa_result deb = res_with_os("debian", "9.9"), alp = res_with_os("alpine", "3.9.4");
	struct ks_pkg rpm = { 0 }, d = { 0 }, apk = { 0 };

	(void)state;
	ks_arena_init(&a);
	rpm.name = "openssl-libs";
	rpm.version = "1.1.1k";
	rpm.release = "4.el8";
	rpm.epoch = 1;
	rpm.arch = "x86_64";
	rpm.analyzed_by = "rpm";
	assert_string_equal(ks_pkg_id(&a, &rpm), "openssl-libs@1.1.1k-4.el8.x86_64");
	assert_string_equal(ks_pkg_version_string(&a, &rpm), "1:1.1.1k-4.el8");
	assert_string_equal(ks_pkg_purl(&a, &alma, &rpm),
		"pkg:rpm/alma/openssl-libs@1.1.1k-4.el8?arch=x86_64&distro=alma-8.5&epoch=1");
	rpm.name = "bind-export-libs";
	rpm.version = "9.11.4";
	rpm.release = "26.P2.amzn2.5.2";
	rpm.epoch = 32;
	assert_string_equal(ks_pkg_purl(&a, &amzn, &rpm),
		"pkg:rpm/amazon/bind-export-libs@9.11.4-26.P2.amzn2.5.2?arch=x86_64&"
		"distro=amazon-2%20%28Karoo%29&epoch=32");
	rpm.epoch = 0;
	rpm.modularitylabel = "nodejs:10:8020020200707141642:6a468ee4";
	assert_string_equal(ks_pkg_purl(&a, &amzn, &rpm),
		"pkg:rpm/amazon/bind-export-libs@9.11.4-26.P2.amzn2.5.2?arch=x86_64&"
		"distro=amazon-2%20%28Karoo%29&modularitylabel=nodejs%3A10%3A8020020200707141642%3A6a468ee4");
	d.name = "libstdc++6";
	d.version = "6.3.0";
	d.release = "18+deb9u1";
	d.arch = "amd64";
	d.analyzed_by = "dpkg";
	assert_string_equal(ks_pkg_id(&a, &d), "libstdc++6@6.3.0-18+deb9u1");
	assert_string_equal(ks_pkg_purl(&a, &deb, &d),
		"pkg:deb/debian/libstdc%2B%2B6@6.3.0-18%2Bdeb9u1?arch=amd64&distro=debian-9.9");
	d.epoch = 1;
	assert_string_equal(ks_pkg_id(&a, &d), "libstdc++6@1:6.3.0-18+deb9u1");
	apk.name = "musl";
	apk.version = "1.1.20-r4";
	apk.arch = "x86_64";
	apk.analyzed_by = "apk";
	assert_string_equal(ks_pkg_id(&a, &apk), "musl@1.1.20-r4");
	assert_string_equal(ks_pkg_purl(&a, &alp, &apk),
		"pkg:apk/alpine/musl@1.1.20-r4?arch=x86_64&distro=3.9.4");
	alp.has_os = false;
	assert_null(ks_pkg_purl(&a, &alp, &apk));
	ks_arena_release(&a);
}

static char *config_json(const char *raw)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct ks_jw w;
	struct ks_err err;

	ks_jw_init(&w, f, false);
	assert_int_equal(ks_write_image_config(&w, raw, strlen(raw), &err), 0);
	fclose(f);
	return buf;
}

static void test_image_config(void **state)
{
	char *s;

	(void)state;
	/* unknown fields dropped, struct order, map keys sorted, times as Go prints them */
	s = config_json("{\"os\":\"linux\",\"zzz\":1,\"config\":{\"Labels\":{\"b\":\"2\",\"a\":\"1\"},"
			"\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"],\"Tty\":false,\"ExposedPorts\":"
			"{\"80/tcp\":{}}},\"created\":\"2024-01-02T03:04:05.120000+00:00\","
			"\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:x\"]},"
			"\"history\":[{\"created_by\":\"RUN x\",\"empty_layer\":true,"
			"\"created\":\"2024-01-02T03:04:05-07:00\"}],\"architecture\":\"amd64\"}");
	assert_string_equal(s, "{\"architecture\":\"amd64\",\"created\":\"2024-01-02T03:04:05.12Z\","
			       "\"history\":[{\"created\":\"2024-01-02T03:04:05-07:00\","
			       "\"created_by\":\"RUN x\",\"empty_layer\":true}],\"os\":\"linux\","
			       "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:x\"]},"
			       "\"config\":{\"Cmd\":[\"sh\"],\"Env\":[\"A=1\"],\"Labels\":{\"a\":\"1\","
			       "\"b\":\"2\"},\"ExposedPorts\":{\"80/tcp\":{}}}}");
	free(s);
	/* a config with nothing in it still has Go's zero values */
	s = config_json("{}");
	assert_string_equal(s, "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\","
			       "\"os\":\"\",\"rootfs\":{\"type\":\"\",\"diff_ids\":null},\"config\":{}}");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_purls),
		cmocka_unit_test(test_image_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
