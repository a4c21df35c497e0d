/*
 * test_reference.c - image reference parsing against the test cases of Docker's own
 * reference package (distribution/reference normalize_test.go and reference_test.go),
 * taken as facts: which names are valid, and what domain, path, tag and digest a valid
 * one has; plus the registry host and Trivy's repository name derived from them.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "source/reference.h"

#define H64 "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"

static const char *const valid_normalized[] = {
	"docker/docker", "library/debian", "debian", "docker.io/docker/docker",
	"docker.io/library/debian", "docker.io/debian", "index.docker.io/docker/docker",
	"index.docker.io/library/debian", "index.docker.io/debian",
	"127.0.0.1:5000/docker/docker", "127.0.0.1:5000/library/debian", "127.0.0.1:5000/debian",
	"192.168.0.1", "192.168.0.1:80", "192.168.0.1:8/debian", "192.168.0.2:25000/debian",
	"thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
	"[fc00::1]:5000/docker", "[fc00::1]:5000/docker/docker",
	"[fc00:1:2:3:4:5:6:7]:5000/library/debian",
	"docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a",
	"Docker/docker", "DOCKER/docker", "docker-rules/docker", "docker---rules/docker",
	"doc/docker", "d/docker", "jess/t", "dock__er/docker",
};

static const char *const invalid_normalized[] = {
	"https://github.com/docker/docker", "docker/Docker", "-docker", "-docker/docker",
	"-docker.io/docker/docker", "docker///docker", "docker.io/docker/Docker",
	"docker.io/docker///docker", "[fc00::1]", "[fc00::1]:5000", "fc00::1:5000/debian",
	"[fe80::1%eth0]:5000/debian", "[2001:db8:3:4::192.0.2.33]:5000/debian",
	"1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a", "docker-/docker",
	"-docker-/docker", "____/____", "_docker/_docker", "dock..er/docker", "dock_.er/docker",
	"dock-.er/docker", "docker/",
	"this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_"
	"namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_"
	"its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_"
	"greater_than_255/docker",
	"", ":justtag", "@sha256:" H64, "Uppercase:tag", "busybox:-tag", "busybox:",
	"busybox@sha256:" H64 "@x", "a b", "busybox\n",
};

static void test_validity(void **state)
{
	struct ks_ctx cx;
	struct ks_ref r;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(valid_normalized) / sizeof(valid_normalized[0]); i++) {
		if (ks_ref_parse(&cx, valid_normalized[i], &r) != 0)
			fail_msg("'%s' should be valid: %s", valid_normalized[i], cx.err.msg);
	}
	for (i = 0; i < sizeof(invalid_normalized) / sizeof(invalid_normalized[0]); i++) {
		int rc = ks_ref_parse(&cx, invalid_normalized[i], &r);

		if (rc != KS_EUSAGE)
			fail_msg("'%s' should be invalid (got %d)", invalid_normalized[i], rc);
		assert_non_null(strstr(cx.err.msg, invalid_normalized[i]));
	}
	ks_ctx_release(&cx);
}

struct info {
	const char *input, *domain, *path, *full;
};

/* TestParseRepositoryInfo (familiar, full and ambiguous spellings) and
 * TestNormalizedSplitHostname. */
static const struct info infos[] = {
	{ "fooo/bar", "docker.io", "fooo/bar", "docker.io/fooo/bar" },
	{ "docker.io/fooo/bar", "docker.io", "fooo/bar", "docker.io/fooo/bar" },
	{ "index.docker.io/fooo/bar", "docker.io", "fooo/bar", "docker.io/fooo/bar" },
	{ "ubuntu", "docker.io", "library/ubuntu", "docker.io/library/ubuntu" },
	{ "library/ubuntu", "docker.io", "library/ubuntu", "docker.io/library/ubuntu" },
	{ "docker.io/library/ubuntu", "docker.io", "library/ubuntu", "docker.io/library/ubuntu" },
	{ "nonlibrary/ubuntu", "docker.io", "nonlibrary/ubuntu", "docker.io/nonlibrary/ubuntu" },
	{ "other/library", "docker.io", "other/library", "docker.io/other/library" },
	{ "127.0.0.1:8000/private/moonbase", "127.0.0.1:8000", "private/moonbase",
		"127.0.0.1:8000/private/moonbase" },
	{ "127.0.0.1:8000/privatebase", "127.0.0.1:8000", "privatebase",
		"127.0.0.1:8000/privatebase" },
	{ "example.com/private/moonbase", "example.com", "private/moonbase",
		"example.com/private/moonbase" },
	{ "example.com:8000/privatebasee", "example.com:8000", "privatebasee",
		"example.com:8000/privatebasee" },
	{ "ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base",
		"docker.io/library/ubuntu-12.04-base" },
	{ "index.docker.io/library/ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base",
		"docker.io/library/ubuntu-12.04-base" },
	{ "docker.io/foo", "docker.io", "library/foo", "docker.io/library/foo" },
	{ "library/foo/bar", "docker.io", "library/foo/bar", "docker.io/library/foo/bar" },
	{ "store/foo/bar", "docker.io", "store/foo/bar", "docker.io/store/foo/bar" },
	{ "Foo/bar", "Foo", "bar", "Foo/bar" },
	{ "FOO/bar", "FOO", "bar", "FOO/bar" },
	{ "test.com/foo", "test.com", "foo", "test.com/foo" },
	{ "test_com/foo", "docker.io", "test_com/foo", "docker.io/test_com/foo" },
	{ "docker/migrator", "docker.io", "docker/migrator", "docker.io/docker/migrator" },
	{ "test.com:8080/foo", "test.com:8080", "foo", "test.com:8080/foo" },
	{ "test-com:8080/foo", "test-com:8080", "foo", "test-com:8080/foo" },
	{ "xn--n3h.com/foo", "xn--n3h.com", "foo", "xn--n3h.com/foo" },
	{ "xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", "xn--n3h.com:18080/foo" },
	{ "localhost/foo", "localhost", "foo", "localhost/foo" },
	{ "localhost:5000/a/b", "localhost:5000", "a/b", "localhost:5000/a/b" },
	{ "[::1]:5000/repo", "[::1]:5000", "repo", "[::1]:5000/repo" },
};

static void test_normalized_names(void **state)
{
	struct ks_ctx cx;
	struct ks_ref r;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(infos) / sizeof(infos[0]); i++) {
		if (ks_ref_parse(&cx, infos[i].input, &r) != 0)
			fail_msg("'%s': %s", infos[i].input, cx.err.msg);
		assert_string_equal(r.domain, infos[i].domain);
		assert_string_equal(r.path, infos[i].path);
		assert_string_equal(ks_ref_name(&cx, &r), infos[i].full);
		assert_null(r.tag);
		assert_null(r.digest);
	}
	ks_ctx_release(&cx);
}

static void test_tags_and_digests(void **state)
{
	struct ks_ctx cx;
	struct ks_ref r;
	const char *d = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
	char buf[256];

	(void)state;
	tu_ctx(&cx);
	/* TestParseReferenceWithTagAndDigest */
	snprintf(buf, sizeof(buf), "busybox:latest@%s", d);
	assert_int_equal(ks_ref_parse(&cx, buf, &r), 0);
	assert_string_equal(ks_ref_name(&cx, &r), "docker.io/library/busybox");
	assert_string_equal(r.tag, "latest");
	assert_string_equal(r.digest, d);
	/* the example and TestParseAnyReference */
	assert_int_equal(ks_ref_parse(&cx, "python:3.9", &r), 0);
	assert_string_equal(ks_ref_name(&cx, &r), "docker.io/library/python");
	assert_string_equal(r.tag, "3.9");
	assert_string_equal(ks_ref_api_host(&r), "registry-1.docker.io");
	assert_string_equal(ks_ref_repo_name(&cx, &r), "python");
	assert_int_equal(ks_ref_parse(&cx, "dmcgowan/myapp@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb"
		"93ebae8b3dbe638c23575912276fc9c", &r), 0);
	assert_string_equal(ks_ref_name(&cx, &r), "docker.io/dmcgowan/myapp");
	assert_null(r.tag);
	assert_string_equal(r.digest, "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c2357"
		"5912276fc9c");
	assert_string_equal(ks_ref_repo_name(&cx, &r), "dmcgowan/myapp");
	assert_int_equal(ks_ref_parse(&cx, "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912"
		"276fc9", &r), 0); /* 63 hex digits: a name */
	assert_string_equal(r.path, "library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c235759"
		"12276fc9");
	/* a registry with a port keeps its host for the API and in Trivy's names */
	assert_int_equal(ks_ref_parse(&cx, "127.0.0.1:5000/alpine:3.10", &r), 0);
	assert_string_equal(ks_ref_api_host(&r), "127.0.0.1:5000");
	assert_string_equal(ks_ref_repo_name(&cx, &r), "127.0.0.1:5000/alpine");
	assert_string_equal(r.tag, "3.10");
	assert_int_equal(ks_ref_parse(&cx, "docker.io/library/foo/bar", &r), 0);
	assert_string_equal(ks_ref_repo_name(&cx, &r), "foo/bar");
	/* localhost is a registry, even without a port */
	assert_int_equal(ks_ref_parse(&cx, "localhost/app:1", &r), 0);
	assert_string_equal(ks_ref_api_host(&r), "localhost");
	/* Docker's messages */
	assert_int_equal(ks_ref_parse(&cx, "Uppercase:tag", &r), KS_EUSAGE);
	assert_non_null(strstr(cx.err.msg, "repository name (library/Uppercase) must be lowercase"));
	assert_int_equal(ks_ref_parse(&cx, "repo@sha256:ffffffffffffffffffffffffffffffffff", &r),
		KS_EUSAGE);
	assert_non_null(strstr(cx.err.msg, "invalid checksum digest length"));
	assert_int_equal(ks_ref_parse(&cx, "validname@invaliddigest:" H64, &r), KS_EUSAGE);
	assert_non_null(strstr(cx.err.msg, "unsupported digest algorithm"));
	assert_int_equal(ks_ref_parse(&cx, "repo@sha256:" "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
		"FFFFFFFFFFFFFFFFFFFFFFFF", &r), KS_EUSAGE);
	assert_non_null(strstr(cx.err.msg, "invalid checksum digest format"));
	assert_int_equal(ks_ref_parse(&cx, "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e"
		"7d9c1b3a", &r), KS_EUSAGE);
	assert_non_null(strstr(cx.err.msg, "64-byte hexadecimal"));
	ks_ctx_release(&cx);
}

struct strict {
	const char *input, *domain, *name, *tag, *digest;
	const char *err; /* expected message fragment, NULL = valid */
};

/* TestReferenceParse: the grammar without normalisation. */
static const struct strict stricts[] = {
	{ "test_com", "", "test_com", NULL, NULL, NULL },
	{ "test.com:tag", "", "test.com", "tag", NULL, NULL },
	{ "test.com:5000", "", "test.com", "5000", NULL, NULL },
	{ "test.com/repo:tag", "test.com", "test.com/repo", "tag", NULL, NULL },
	{ "test:5000/repo", "test:5000", "test:5000/repo", NULL, NULL, NULL },
	{ "test:5000/repo:tag", "test:5000", "test:5000/repo", "tag", NULL, NULL },
	{ "test:5000/repo@sha256:" H64, "test:5000", "test:5000/repo", NULL, "sha256:" H64, NULL },
	{ "test:5000/repo:tag@sha256:" H64, "test:5000", "test:5000/repo", "tag", "sha256:" H64,
		NULL },
	{ "", NULL, NULL, NULL, NULL, "must have at least one component" },
	{ ":justtag", NULL, NULL, NULL, NULL, "invalid reference format" },
	{ "@sha256:" H64, NULL, NULL, NULL, NULL, "invalid reference format" },
	{ "repo@sha256:ffffffffffffffffffffffffffffffffff", NULL, NULL, NULL, NULL,
		"invalid checksum digest length" },
	{ "validname@invaliddigest:" H64, NULL, NULL, NULL, NULL, "unsupported digest algorithm" },
	{ "Uppercase:tag", NULL, NULL, NULL, NULL, "must be lowercase" },
	{ "test:5000/Uppercase/lowercase:tag", NULL, NULL, NULL, NULL, "must be lowercase" },
	{ "lowercase:Uppercase", "", "lowercase", "Uppercase", NULL, NULL },
	{ "aa/asdf$$^/aa", NULL, NULL, NULL, NULL, "invalid reference format" },
	{ "sub-dom1.foo.com/bar/baz/quux", "sub-dom1.foo.com", "sub-dom1.foo.com/bar/baz/quux", NULL,
		NULL, NULL },
	{ "sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com",
		"sub-dom1.foo.com/bar/baz/quux", "some-long-tag", NULL, NULL },
	{ "b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io",
		"b.gcr.io/test.example.com/my-app", "test.example.com", NULL, NULL },
	{ "xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "xn--n3h.com/myimage", "xn--n3h.com",
		NULL, NULL },
	{ "xn--7o8h.com/myimage:xn--7o8h.com@sha512:" H64 H64, "xn--7o8h.com", "xn--7o8h.com/myimage",
		"xn--7o8h.com", "sha512:" H64 H64, NULL },
	{ "foo_bar.com:8080", "", "foo_bar.com", "8080", NULL, NULL },
	{ "foo/foo_bar.com:8080", "foo", "foo/foo_bar.com", "8080", NULL, NULL },
	{ "192.168.1.1", "", "192.168.1.1", NULL, NULL, NULL },
	{ "192.168.1.1:tag", "", "192.168.1.1", "tag", NULL, NULL },
	{ "192.168.1.1:5000", "", "192.168.1.1", "5000", NULL, NULL },
	{ "192.168.1.1/repo", "192.168.1.1", "192.168.1.1/repo", NULL, NULL, NULL },
	{ "192.168.1.1:5000/repo", "192.168.1.1:5000", "192.168.1.1:5000/repo", NULL, NULL, NULL },
	{ "192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "192.168.1.1:5000/repo", "5050", NULL,
		NULL },
	{ "[2001:db8::1]", NULL, NULL, NULL, NULL, "invalid reference format" },
	{ "[2001:db8::1]:5000", NULL, NULL, NULL, NULL, "invalid reference format" },
	{ "[2001:db8::1]:tag", NULL, NULL, NULL, NULL, "invalid reference format" },
	{ "[2001:db8::1]/repo", "[2001:db8::1]", "[2001:db8::1]/repo", NULL, NULL, NULL },
	{ "[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]",
		"[2001:db8:1:2:3:4:5:6]/repo", "tag", NULL, NULL },
	{ "[2001:db8::1]:5000/repo", "[2001:db8::1]:5000", "[2001:db8::1]:5000/repo", NULL, NULL,
		NULL },
	{ "[2001:db8::1]:5000/repo:tag@sha256:" H64, "[2001:db8::1]:5000",
		"[2001:db8::1]:5000/repo", "tag", "sha256:" H64, NULL },
	{ "[2001:db8::]:5000/repo", "[2001:db8::]:5000", "[2001:db8::]:5000/repo", NULL, NULL,
		NULL },
	{ "[::1]:5000/repo", "[::1]:5000", "[::1]:5000/repo", NULL, NULL, NULL },
	{ "[fe80::1%eth0]:5000/repo", NULL, NULL, NULL, NULL, "invalid reference format" },
	{ "[fe80::1%@invalidzone]:5000/repo", NULL, NULL, NULL, NULL, "invalid reference format" },
};

static void test_strict_grammar(void **state)
{
	struct ks_ctx cx;
	struct ks_ref r;
	char longname[600];
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(stricts) / sizeof(stricts[0]); i++) {
		const struct strict *t = &stricts[i];
		int rc = ks_ref_parse_strict(&cx, t->input, &r);

		if (t->err != NULL) {
			if (rc != KS_EUSAGE || strstr(cx.err.msg, t->err) == NULL)
				fail_msg("'%s': want '%s', got %d '%s'", t->input, t->err, rc,
					cx.err.msg);
			continue;
		}
		if (rc != 0)
			fail_msg("'%s': %s", t->input, cx.err.msg);
		assert_string_equal(r.domain, t->domain);
		assert_string_equal(ks_ref_name(&cx, &r), t->name);
		if (t->tag)
			assert_string_equal(r.tag, t->tag);
		else
			assert_null(r.tag);
		if (t->digest)
			assert_string_equal(r.digest, t->digest);
		else
			assert_null(r.digest);
	}
	/* the path may have 255 characters, not 256 */
	snprintf(longname, sizeof(longname), "example.com/%0255d:tag", 0);
	memset(longname + 12, 'a', 255);
	assert_int_equal(ks_ref_parse_strict(&cx, longname, &r), 0);
	assert_int_equal(strlen(r.path), 255);
	snprintf(longname, sizeof(longname), "domain/%0256d:tag", 0);
	memset(longname + 7, 'a', 256);
	assert_int_equal(ks_ref_parse_strict(&cx, longname, &r), KS_EUSAGE);
	assert_non_null(strstr(cx.err.msg, "not be more than 255 characters"));
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_normalized_names),
		cmocka_unit_test(test_tags_and_digests),
		cmocka_unit_test(test_strict_grammar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
