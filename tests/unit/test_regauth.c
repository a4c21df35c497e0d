/*
 * test_regauth.c - registry credentials and challenges: the WWW-Authenticate parser
 * (RFC 7235 syntax as Docker Hub, distribution and ghcr send it, and broken variants),
 * Docker's config.json lookup (auths keys with and without scheme and path, Docker Hub's
 * legacy key, base64 auth, identity and registry tokens, credHelpers and credsStore),
 * credential helpers run for real (shell scripts on PATH in a temp dir), token service
 * answers and registry error bodies. Secrets never appear in messages.
 */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/regauth.h"

static int chal(struct ks_ctx *cx, const char *h, struct ks_challenge *c)
{
	return ks_challenge_parse(cx, h, strlen(h), c);
}

static void test_challenge_ok(void **state)
{
	struct ks_ctx cx;
	struct ks_challenge c;

	(void)state;
	tu_ctx(&cx);
	/* Docker Hub's */
	assert_int_equal(chal(&cx, "Bearer realm=\"https://auth.docker.io/token\","
				   "service=\"registry.docker.io\","
				   "scope=\"repository:library/alpine:pull\"", &c), 0);
	assert_int_equal(c.scheme, KS_AUTH_BEARER);
	assert_string_equal(c.realm, "https://auth.docker.io/token");
	assert_string_equal(c.service, "registry.docker.io");
	assert_string_equal(c.scope, "repository:library/alpine:pull");
	/* distribution's htpasswd */
	assert_int_equal(chal(&cx, "Basic realm=\"basic-realm\"", &c), 0);
	assert_int_equal(c.scheme, KS_AUTH_BASIC);
	/* case-insensitive scheme and names, spaces around '=' and ',' */
	assert_int_equal(chal(&cx, "bearer Realm = \"https://t/x\" ,  SERVICE=reg", &c), 0);
	assert_int_equal(c.scheme, KS_AUTH_BEARER);
	assert_string_equal(c.realm, "https://t/x");
	assert_string_equal(c.service, "reg");
	assert_string_equal(c.scope, "");
	/* quoted-pair escapes */
	assert_int_equal(chal(&cx, "Bearer realm=\"https://t/a\\\"b\\\\c\"", &c), 0);
	assert_string_equal(c.realm, "https://t/a\"b\\c");
	/* several challenges: Bearer beats Basic whatever the order; unknown schemes and
	 * token68 credentials are skipped */
	assert_int_equal(chal(&cx, "Basic realm=\"r\", Bearer realm=\"https://t\",service=\"s\"",
				 &c), 0);
	assert_int_equal(c.scheme, KS_AUTH_BEARER);
	assert_string_equal(c.service, "s");
	assert_int_equal(chal(&cx, "Negotiate abc+/==, Basic realm=\"x\"", &c), 0);
	assert_int_equal(c.scheme, KS_AUTH_BASIC);
	assert_int_equal(chal(&cx, "Digest realm=\"d\", nonce=\"n\", Bearer realm=\"https://b\"",
				 &c), 0);
	assert_string_equal(c.realm, "https://b");
	/* a repeated parameter: the first one counts */
	assert_int_equal(chal(&cx, "Bearer realm=\"https://one\",realm=\"https://two\"", &c), 0);
	assert_string_equal(c.realm, "https://one");
	/* parameters without commas between them (seen in the wild) */
	assert_int_equal(chal(&cx, "Bearer realm=\"https://t\" service=\"s\"", &c), 0);
	assert_string_equal(c.service, "s");
	/* the header is not NUL-terminated where n says */
	assert_int_equal(ks_challenge_parse(&cx, "Bearer realm=\"https://t\"GARBAGE", 24, &c), 0);
	assert_string_equal(c.realm, "https://t");
	ks_ctx_release(&cx);
}

static void test_challenge_bad(void **state)
{
	static const struct {
		const char *h;
		int code;
		const char *msg;
	} cases[] = {
		{ "", KS_EUNSUPPORTED, "no Bearer or Basic" },
		{ "Digest realm=\"x\", qop=\"auth\"", KS_EUNSUPPORTED, "no Bearer or Basic" },
		{ "Bearer service=\"s\"", KS_ECORRUPT, "without realm" },
		{ "Bearer realm=\"https://t", KS_ECORRUPT, "unterminated" },
		{ "Bearer realm=\"https://t\\", KS_ECORRUPT, "unterminated" },
		{ "Bearer realm=\"a\x01" "b\"", KS_ECORRUPT, "control character" },
		{ "realm=\"x\", Bearer", KS_ECORRUPT, "before any scheme" },
		{ "Bearer realm=https://t/token", KS_ECORRUPT, "unexpected character" },
		{ "Bearer \"x\"", KS_ECORRUPT, "unexpected character" },
		{ "Bearer realm=\"x\"; Basic", KS_ECORRUPT, "unexpected character" },
	};
	struct ks_ctx cx;
	struct ks_challenge c;
	char big[1400];
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = chal(&cx, cases[i].h, &c);

		if (r != cases[i].code || strstr(cx.err.msg, cases[i].msg) == NULL)
			fail_msg("'%s': got %d '%s'", cases[i].h, r, cx.err.msg);
	}
	/* a parameter longer than the field: refused, not cut */
	snprintf(big, sizeof(big), "Bearer realm=\"https://t/%01200d\"", 0);
	assert_int_equal(chal(&cx, big, &c), KS_ELIMIT);
	/* a long parameter we do not keep is fine */
	snprintf(big, sizeof(big), "Bearer realm=\"https://t\",error=\"%01200d\"", 0);
	assert_int_equal(chal(&cx, big, &c), 0);
	ks_ctx_release(&cx);
}

#define B64_ALICE "YWxpY2U6czNjcjpldA==" /* alice:s3cr:et */

/* Parses a config held in a string for domain; returns the code. */
static int cfg(struct ks_ctx *cx, const char *json, const char *domain, struct ks_cred *e,
	char **helper)
{
	memset(e, 0, sizeof(*e));
	return ks_dockercfg_parse(cx, "/x/config.json", json, strlen(json), domain, e, helper);
}

static void test_dockercfg_auths(void **state)
{
	static const char *const keys[] = { "127.0.0.1:5000", "https://127.0.0.1:5000",
		"http://127.0.0.1:5000/v1/", "https://127.0.0.1:5000/v2/" };
	struct ks_ctx cx;
	struct ks_cred e;
	char json[512], *helper;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(json, sizeof(json), "{\"auths\":{\"other:1\":{\"auth\":\"eDp5\"},\"%s\":"
			"{\"auth\":\"" B64_ALICE "\"}}}", keys[i]);
		assert_int_equal(cfg(&cx, json, "127.0.0.1:5000", &e, &helper), 0);
		assert_null(helper);
		assert_string_equal(e.username, "alice");
		assert_string_equal(e.password, "s3cr:et"); /* split at the first ':' */
		assert_non_null(strstr(e.source, "'/x/config.json' (auths \""));
		assert_non_null(strstr(e.source, keys[i]));
		assert_null(strstr(e.source, "s3cr"));
		ks_cred_release(&e);
		/* another port is another registry */
		assert_int_equal(cfg(&cx, json, "127.0.0.1:5001", &e, &helper), 0);
		assert_true(ks_cred_empty(&e));
	}
	/* Docker Hub: the legacy key, and host-only keys */
	assert_int_equal(cfg(&cx, "{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"u\","
				  "\"password\":\"p\"}}}", "docker.io", &e, &helper), 0);
	assert_string_equal(e.username, "u");
	assert_string_equal(e.password, "p");
	ks_cred_release(&e);
	assert_int_equal(cfg(&cx, "{\"auths\":{\"registry-1.docker.io\":{\"auth\":\"" B64_ALICE
				  "\"}}}", "docker.io", &e, &helper), 0);
	assert_string_equal(e.username, "alice");
	ks_cred_release(&e);
	assert_int_equal(cfg(&cx, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
				  B64_ALICE "\"}}}", "index.docker.io", &e, &helper), 0);
	assert_string_equal(e.username, "alice");
	ks_cred_release(&e);
	assert_string_equal(ks_cred_key("docker.io"), "https://index.docker.io/v1/");
	assert_string_equal(ks_cred_key("ghcr.io"), "ghcr.io");
	/* tokens; an entry with nothing in it (as credsStore setups leave) is no credential */
	assert_int_equal(cfg(&cx, "{\"auths\":{\"r.io\":{\"identitytoken\":\"rt\","
				  "\"registrytoken\":\"bt\"}}}", "r.io", &e, &helper), 0);
	assert_string_equal(e.identity_token, "rt");
	assert_string_equal(e.registry_token, "bt");
	assert_null(e.username);
	ks_cred_release(&e);
	assert_int_equal(cfg(&cx, "{\"auths\":{\"r.io\":{}}}", "r.io", &e, &helper), 0);
	assert_true(ks_cred_empty(&e));
	assert_int_equal(cfg(&cx, "{}", "r.io", &e, &helper), 0);
	assert_true(ks_cred_empty(&e));
	ks_ctx_release(&cx);
}

static void test_dockercfg_helpers_and_errors(void **state)
{
	struct ks_ctx cx;
	struct ks_cred e;
	char *helper;

	(void)state;
	tu_ctx(&cx);
	assert_int_equal(cfg(&cx, "{\"credsStore\":\"desktop\",\"credHelpers\":{\"gcr.io\":"
				  "\"gcr\"},\"auths\":{\"gcr.io\":{\"auth\":\"" B64_ALICE "\"}}}",
			 "gcr.io", &e, &helper), 0);
	assert_string_equal(helper, "gcr");
	assert_string_equal(e.username, "alice"); /* the fallback when the helper has none */
	free(helper);
	ks_cred_release(&e);
	assert_int_equal(cfg(&cx, "{\"credsStore\":\"desktop\",\"credHelpers\":{\"gcr.io\":"
				  "\"gcr\"}}", "r.io", &e, &helper), 0);
	assert_string_equal(helper, "desktop");
	free(helper);
	assert_int_equal(cfg(&cx, "{\"credHelpers\":{\"https://index.docker.io/v1/\":\"hub\"}}",
			 "docker.io", &e, &helper), 0);
	assert_string_equal(helper, "hub");
	free(helper);
	/* errors name the file and the key, never a value */
	assert_int_equal(cfg(&cx, "{\"credsStore\":\"../../bin/sh\"}", "r.io", &e, &helper),
		KS_ECORRUPT);
	assert_null(helper);
	assert_int_equal(cfg(&cx, "{\"auths\":{\"r.io\":{\"auth\":\"c2VjcmV0\"}}}", "r.io", &e,
			 &helper), KS_ECORRUPT); /* "secret": no colon */
	assert_non_null(strstr(cx.err.msg, "'/x/config.json': auths \"r.io\""));
	assert_null(strstr(cx.err.msg, "secret"));
	assert_null(strstr(cx.err.msg, "c2VjcmV0"));
	assert_int_equal(cfg(&cx, "{\"auths\":{\"r.io\":{\"auth\":\"%%%%\"}}}", "r.io", &e,
			 &helper), KS_ECORRUPT);
	assert_true(ks_cred_empty(&e));
	assert_int_equal(cfg(&cx, "{\"auths\":", "r.io", &e, &helper), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "invalid JSON"));
	assert_int_equal(cfg(&cx, "[1]", "r.io", &e, &helper), KS_ECORRUPT);
	ks_ctx_release(&cx);
}

static void test_helper_answers(void **state)
{
	struct ks_ctx cx;
	struct ks_cred c;
	const char *tok = "{\"ServerURL\":\"r\",\"Username\":\"<token>\",\"Secret\":\"rt-1\"}";
	const char *up = "{\"Username\":\"bob\",\"Secret\":\"pw\"}";

	(void)state;
	tu_ctx(&cx);
	memset(&c, 0, sizeof(c));
	assert_int_equal(ks_credhelper_parse(&cx, "x", tok, strlen(tok), &c), 0);
	assert_string_equal(c.identity_token, "rt-1");
	assert_null(c.username);
	assert_int_equal(ks_credhelper_parse(&cx, "x", up, strlen(up), &c), 0);
	assert_null(c.identity_token);
	assert_string_equal(c.username, "bob");
	assert_string_equal(c.password, "pw");
	ks_cred_release(&c);
	assert_int_equal(ks_credhelper_parse(&cx, "x", "{\"Username\":\"u\"}", 16, &c), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "no Secret"));
	assert_int_equal(ks_credhelper_parse(&cx, "x", "oops", 4, &c), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "docker-credential-x"));
	assert_true(ks_cred_empty(&c));
	ks_ctx_release(&cx);
}

/* A temp dir with bin/ (put first on PATH) for helper scripts and a config file. */
struct env {
	char dir[64], bin[96], cfgpath[128], log[128];
	char *old_path;
};

static void env_init(struct env *e)
{
	char path[8192];

	snprintf(e->dir, sizeof(e->dir), "/tmp/kensa-regauth.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->bin, sizeof(e->bin), "%s/bin", e->dir);
	snprintf(e->cfgpath, sizeof(e->cfgpath), "%s/config.json", e->dir);
	snprintf(e->log, sizeof(e->log), "%s/helper.log", e->dir);
	assert_int_equal(mkdir(e->bin, 0755), 0);
	e->old_path = getenv("PATH") ? strdup(getenv("PATH")) : strdup("/usr/bin:/bin");
	snprintf(path, sizeof(path), "%s:%s", e->bin, e->old_path);
	setenv("PATH", path, 1);
}

static void env_release(struct env *e)
{
	char cmd[160];

	setenv("PATH", e->old_path, 1);
	free(e->old_path);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

/* Installs docker-credential-<name> running `body` (sh), which logs its stdin. */
static void helper(struct env *e, const char *name, const char *body)
{
	char path[160], text[2048];

	snprintf(path, sizeof(path), "%s/docker-credential-%s", e->bin, name);
	snprintf(text, sizeof(text), "#!/bin/sh\n[ \"$1\" = get ] || exit 9\nkey=$(cat)\n"
		"printf '%%s\\n' \"$key\" >> '%s'\n%s\n", e->log, body);
	write_file(path, text, 0755);
}

static void test_cred_lookup(void **state)
{
	struct ks_registry_opts o;
	struct ks_ctx cx;
	struct ks_cred c;
	struct env e;
	char *log;
	size_t n;

	(void)state;
	tu_ctx(&cx);
	env_init(&e);
	memset(&o, 0, sizeof(o));
	o.docker_config = e.cfgpath;
	/* no file: anonymous, and the source says where kensa looked */
	assert_int_equal(ks_cred_lookup(&cx, "r.io", &o, &c), 0);
	assert_true(ks_cred_empty(&c));
	assert_non_null(strstr(c.source, e.cfgpath));
	/* the options win over the config */
	write_file(e.cfgpath, "{\"auths\":{\"r.io\":{\"auth\":\"" B64_ALICE "\"}}}", 0600);
	o.username = "opt";
	o.password = "optpw";
	assert_int_equal(ks_cred_lookup(&cx, "r.io", &o, &c), 0);
	assert_string_equal(c.username, "opt");
	assert_string_equal(c.source, "credentials from --username/--password");
	ks_cred_release(&c);
	o.username = o.password = NULL;
	assert_int_equal(ks_cred_lookup(&cx, "r.io", &o, &c), 0);
	assert_string_equal(c.username, "alice");
	ks_cred_release(&c);
	/* $DOCKER_CONFIG names the directory */
	o.docker_config = NULL;
	setenv("DOCKER_CONFIG", e.dir, 1);
	assert_int_equal(ks_cred_lookup(&cx, "r.io", &o, &c), 0);
	assert_string_equal(c.password, "s3cr:et");
	ks_cred_release(&c);
	unsetenv("DOCKER_CONFIG");
	o.docker_config = e.cfgpath;

	/* a credential helper: key on stdin, Username/Secret out */
	helper(&e, "kt", "case \"$key\" in\n"
		"r.io) echo '{\"ServerURL\":\"r.io\",\"Username\":\"hu\",\"Secret\":\"hs\"}' ;;\n"
		"https://index.docker.io/v1/) "
		"echo '{\"Username\":\"<token>\",\"Secret\":\"idt\"}' ;;\n"
		"broken.io) echo 'error: keyring locked'; echo second line; exit 3 ;;\n"
		"junk.io) echo 'not json' ;;\n"
		"*) echo 'credentials not found in native keychain'; exit 1 ;;\nesac");
	write_file(e.cfgpath, "{\"credsStore\":\"kt\",\"auths\":{\"fallback.io\":{\"auth\":\""
		B64_ALICE "\"}}}", 0600);
	assert_int_equal(ks_cred_lookup(&cx, "r.io", &o, &c), 0);
	assert_string_equal(c.username, "hu");
	assert_string_equal(c.password, "hs");
	assert_non_null(strstr(c.source, "docker-credential-kt"));
	ks_cred_release(&c);
	assert_int_equal(ks_cred_lookup(&cx, "docker.io", &o, &c), 0);
	assert_string_equal(c.identity_token, "idt");
	ks_cred_release(&c);
	/* the helper has none: the auths entry, else nothing */
	assert_int_equal(ks_cred_lookup(&cx, "fallback.io", &o, &c), 0);
	assert_string_equal(c.username, "alice");
	ks_cred_release(&c);
	assert_int_equal(ks_cred_lookup(&cx, "none.io", &o, &c), 0);
	assert_true(ks_cred_empty(&c));
	assert_non_null(strstr(c.source, "no credentials"));
	assert_non_null(strstr(c.source, "docker-credential-kt"));
	/* a failing helper is an error quoting its first line; garbage likewise */
	assert_int_equal(ks_cred_lookup(&cx, "broken.io", &o, &c), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "(exit status 3): error: keyring locked"));
	assert_null(strstr(cx.err.msg, "second line"));
	assert_int_equal(ks_cred_lookup(&cx, "junk.io", &o, &c), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "not a JSON object"));
	log = (char *)tu_read(e.log, &n);
	assert_string_equal(log, "r.io\nhttps://index.docker.io/v1/\nfallback.io\nnone.io\n"
				 "broken.io\njunk.io\n");
	free(log);
	/* credHelpers beats credsStore; a helper that is not installed is skipped */
	write_file(e.cfgpath, "{\"credsStore\":\"kt\",\"credHelpers\":{\"fallback.io\":\"gone\"},"
		"\"auths\":{\"fallback.io\":{\"auth\":\"" B64_ALICE "\"}}}", 0600);
	assert_int_equal(ks_cred_lookup(&cx, "fallback.io", &o, &c), 0);
	assert_string_equal(c.username, "alice");
	ks_cred_release(&c);
	/* an answer over 64 KiB is refused */
	helper(&e, "big", "head -c 100000 /dev/zero | tr '\\0' x");
	write_file(e.cfgpath, "{\"credsStore\":\"big\"}", 0600);
	assert_int_equal(ks_cred_lookup(&cx, "r.io", &o, &c), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "more than"));
	/* a corrupt config is an error, not silently anonymous */
	write_file(e.cfgpath, "{\"auths\": [", 0600);
	assert_int_equal(ks_cred_lookup(&cx, "r.io", &o, &c), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, e.cfgpath));
	env_release(&e);
	ks_ctx_release(&cx);
}

static void test_token_answers(void **state)
{
	struct ks_ctx cx;
	char *t;
	long life;

	(void)state;
	tu_ctx(&cx);
#define TOK(s) ks_token_parse(&cx, s, strlen(s), &t, &life)
	assert_int_equal(TOK("{\"token\":\"abc.def\",\"expires_in\":300,\"issued_at\":\"x\"}"), 0);
	assert_string_equal(t, "abc.def");
	assert_int_equal(life, 300);
	free(t);
	assert_int_equal(TOK("{\"access_token\":\"x\"}"), 0);
	assert_string_equal(t, "x");
	assert_int_equal(life, 60);
	free(t);
	assert_int_equal(TOK("{\"token\":\"\",\"access_token\":\"y\",\"expires_in\":5}"), 0);
	assert_string_equal(t, "y");
	assert_int_equal(life, 60); /* the spec's minimum */
	free(t);
	assert_int_equal(TOK("{\"token\":\"z\",\"expires_in\":99999999999}"), 0);
	assert_int_equal(life, 366L * 86400);
	free(t);
	assert_int_equal(TOK("{\"token\":\"a b\"}"), KS_ENET);
	assert_int_equal(TOK("{\"token\":\"a\\r\\nX-Injected: 1\"}"), KS_ENET);
	assert_non_null(strstr(cx.err.msg, "not a valid header value"));
	assert_int_equal(TOK("{\"expires_in\":10}"), KS_ENET);
	assert_non_null(strstr(cx.err.msg, "no token"));
	assert_int_equal(TOK("<html>"), KS_ENET);
	assert_null(t);
#undef TOK
	ks_ctx_release(&cx);
}

static void test_error_bodies(void **state)
{
	char out[64];
	const char *b = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest "
			"unknown\",\"detail\":{\"Tag\":\"3.12\"}},{\"code\":\"X\"}]}";

	(void)state;
	ks_registry_errbody(b, strlen(b), out, sizeof(out));
	assert_string_equal(out, "MANIFEST_UNKNOWN: manifest unknown");
	b = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"a\\nb\\u0007c\"}]}";
	ks_registry_errbody(b, strlen(b), out, sizeof(out));
	assert_string_equal(out, "DENIED: abc");
	b = "{\"errors\":[{\"message\":\"only a message that is rather long and gets cut at the "
	    "size of the buffer\"}]}";
	ks_registry_errbody(b, strlen(b), out, 20);
	assert_string_equal(out, "only a message that");
	ks_registry_errbody("<html>502</html>", 16, out, sizeof(out));
	assert_string_equal(out, "");
	ks_registry_errbody(NULL, 0, out, sizeof(out));
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_challenge_ok),
		cmocka_unit_test(test_challenge_bad),
		cmocka_unit_test(test_dockercfg_auths),
		cmocka_unit_test(test_dockercfg_helpers_and_errors),
		cmocka_unit_test(test_helper_answers),
		cmocka_unit_test(test_cred_lookup),
		cmocka_unit_test(test_token_answers),
		cmocka_unit_test(test_error_bodies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
