/*
 * regauth.c - registry credentials and the challenge/token flow; see regauth.h.
 */
#include "source/regauth.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define CONFIG_MAX (1024 * 1024)
#define HELPER_OUT_MAX (64 * 1024)
#define HELPER_TIMEOUT_MS 60000
#define HELPER_NAME_MAX 128
#define TOKEN_MAX (64 * 1024)
#define SECRET_MAX (64 * 1024)
#define MAX_REQ_HEADERS 6
#define RENEW_MARGIN_S 10
#define HUB_KEY "https://index.docker.io/v1/"

/* Frees a malloc'd secret after overwriting it. */
static void wipe_free(char *s)
{
	if (s != NULL) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static void wipe_buf(struct ks_buf *b)
{
	if (b->p != NULL)
		explicit_bzero(b->p, b->n);
	ks_buf_release(b);
}

/* Copies the printable part of p[0..n) into out (other bytes dropped), cut to size. */
static void printable(const char *p, size_t n, char *out, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < size; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c != 0x7f)
			out[k++] = (char)c;
	}
	if (size > 0)
		out[k] = '\0';
}

/* True when s[0..n) could go in a header value: visible ASCII only. */
static bool header_safe(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* --- WWW-Authenticate ---------------------------------------------------------------- */

struct cur {
	const char *p;
	size_t n, i;
};

static bool tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		(c != '\0' && strchr("!#$%&'*+-.^_`|~/", c) != NULL);
}

static void skip_ows(struct cur *c)
{
	while (c->i < c->n && (c->p[c->i] == ' ' || c->p[c->i] == '\t'))
		c->i++;
}

static struct ks_str token(struct cur *c)
{
	size_t start = c->i;

	while (c->i < c->n && tchar(c->p[c->i]))
		c->i++;
	return (struct ks_str){ c->p + start, c->i - start };
}

/* Appends one value byte to dst (NULL: the value is skipped). */
static int put(struct ks_ctx *cx, char *dst, size_t *k, char ch)
{
	if (dst == NULL)
		return 0;
	if (*k + 1 >= KS_CHAL_FIELD)
		return ks_seterr(&cx->err, KS_ELIMIT, "WWW-Authenticate: a parameter is longer "
			"than %d bytes", KS_CHAL_FIELD - 1);
	dst[(*k)++] = ch;
	return 0;
}

/* Reads a parameter value at the cursor (a token, token68 padding, or a quoted string)
 * into dst (KS_CHAL_FIELD bytes; NULL = skip it). */
static int value(struct ks_ctx *cx, struct cur *c, char *dst)
{
	size_t k = 0;
	int r;

	if (c->i < c->n && c->p[c->i] == '"') {
		c->i++;
		for (;;) {
			unsigned char ch;

			if (c->i >= c->n)
				return ks_seterr(&cx->err, KS_ECORRUPT, "WWW-Authenticate: "
					"unterminated quoted string");
			ch = (unsigned char)c->p[c->i++];
			if (ch == '"')
				break;
			if (ch == '\\') {
				if (c->i >= c->n)
					return ks_seterr(&cx->err, KS_ECORRUPT, "WWW-Authenticate: "
						"unterminated quoted string");
				ch = (unsigned char)c->p[c->i++];
			}
			if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
				return ks_seterr(&cx->err, KS_ECORRUPT, "WWW-Authenticate: control "
					"character in a quoted string");
			if ((r = put(cx, dst, &k, (char)ch)) != 0)
				return r;
		}
	} else {
		struct ks_str t = token(c);
		size_t i;

		for (i = 0; i < t.n; i++)
			if ((r = put(cx, dst, &k, t.p[i])) != 0)
				return r;
		while (c->i < c->n && c->p[c->i] == '=') /* token68 padding */
			c->i++;
	}
	if (dst != NULL)
		dst[k] = '\0';
	return 0;
}

/* Keeps a finished challenge if it beats what out holds (Bearer over Basic, first wins). */
static void keep_challenge(const struct ks_challenge *ch, struct ks_challenge *out)
{
	if (ch->scheme == KS_AUTH_BEARER && out->scheme != KS_AUTH_BEARER)
		*out = *ch;
	else if (ch->scheme == KS_AUTH_BASIC && out->scheme == KS_AUTH_NONE)
		*out = *ch;
}

int ks_challenge_parse(struct ks_ctx *cx, const char *hdr, size_t n, struct ks_challenge *out)
{
	struct cur c = { hdr, n, 0 };
	struct ks_challenge ch;
	bool in_challenge = false;
	int r;

	memset(out, 0, sizeof(*out));
	memset(&ch, 0, sizeof(ch));
	for (;;) {
		struct ks_str name;

		while (c.i < c.n && (c.p[c.i] == ' ' || c.p[c.i] == '\t' || c.p[c.i] == ','))
			c.i++;
		if (c.i >= c.n)
			break;
		name = token(&c);
		if (name.n == 0)
			return ks_seterr(&cx->err, KS_ECORRUPT, "WWW-Authenticate: unexpected "
				"character at offset %zu", c.i);
		skip_ows(&c);
		if (c.i < c.n && c.p[c.i] == '=') {
			char *dst = NULL;

			if (!in_challenge)
				return ks_seterr(&cx->err, KS_ECORRUPT, "WWW-Authenticate: a "
					"parameter before any scheme");
			c.i++;
			skip_ows(&c);
			if (ch.scheme == KS_AUTH_BEARER) {
				if (ks_str_eqi(name, "realm"))
					dst = ch.realm;
				else if (ks_str_eqi(name, "service"))
					dst = ch.service;
				else if (ks_str_eqi(name, "scope"))
					dst = ch.scope;
				if (dst != NULL && dst[0] != '\0')
					dst = NULL; /* a repeated parameter: the first one counts */
			}
			if ((r = value(cx, &c, dst)) != 0)
				return r;
			continue;
		}
		/* a scheme: the previous challenge is complete */
		if (in_challenge)
			keep_challenge(&ch, out);
		memset(&ch, 0, sizeof(ch));
		in_challenge = true;
		if (ks_str_eqi(name, "bearer"))
			ch.scheme = KS_AUTH_BEARER;
		else if (ks_str_eqi(name, "basic"))
			ch.scheme = KS_AUTH_BASIC;
	}
	if (in_challenge)
		keep_challenge(&ch, out);
	if (out->scheme == KS_AUTH_NONE)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "WWW-Authenticate: no Bearer or "
			"Basic challenge");
	if (out->scheme == KS_AUTH_BEARER && out->realm[0] == '\0')
		return ks_seterr(&cx->err, KS_ECORRUPT, "WWW-Authenticate: Bearer challenge "
			"without realm");
	return 0;
}

/* --- credentials ----------------------------------------------------------------------- */

bool ks_cred_empty(const struct ks_cred *c)
{
	return c->username == NULL && c->identity_token == NULL && c->registry_token == NULL;
}

void ks_cred_release(struct ks_cred *c)
{
	wipe_free(c->username);
	wipe_free(c->password);
	wipe_free(c->identity_token);
	wipe_free(c->registry_token);
	c->username = c->password = c->identity_token = c->registry_token = NULL;
}

/* Moves the secrets of src into dst (dst's are released first); src is left empty. */
static void cred_move(struct ks_cred *dst, struct ks_cred *src)
{
	ks_cred_release(dst);
	dst->username = src->username;
	dst->password = src->password;
	dst->identity_token = src->identity_token;
	dst->registry_token = src->registry_token;
	src->username = src->password = src->identity_token = src->registry_token = NULL;
}

static bool is_hub(struct ks_str host)
{
	return ks_str_eqi(host, "docker.io") || ks_str_eqi(host, "index.docker.io") ||
		ks_str_eqi(host, "registry-1.docker.io");
}

const char *ks_cred_key(const char *domain)
{
	return is_hub(ks_str_c(domain)) ? HUB_KEY : domain;
}

/* A config key reduced to its host, as Docker's ConvertToHostname does. */
static struct ks_str key_host(const char *k)
{
	struct ks_str s = ks_str_c(k), host, rest;

	if (ks_str_hasprefix(s, "http://"))
		s = ks_str_sub(s, 7, s.n);
	else if (ks_str_hasprefix(s, "https://"))
		s = ks_str_sub(s, 8, s.n);
	ks_str_cut(s, '/', &host, &rest);
	return host;
}

/* The member of a config object for the registry: the exact key, else one whose host is
 * the registry's. */
static json_t *cfg_lookup(json_t *obj, const char *domain, const char **key)
{
	struct ks_str d = ks_str_c(domain);
	const char *k;
	json_t *v;

	if (!json_is_object(obj))
		return NULL;
	*key = ks_cred_key(domain);
	if ((v = json_object_get(obj, *key)) != NULL)
		return v;
	json_object_foreach(obj, k, v) {
		struct ks_str h = key_host(k);

		if (is_hub(d) ? is_hub(h) : ks_str_eqs(h, d)) {
			*key = k;
			return v;
		}
	}
	return NULL;
}

/* A malloc'd copy of a JSON string member; NULL when absent or empty. KS_ECORRUPT-free:
 * strings with NUL bytes or over SECRET_MAX are treated as absent. */
static char *jsecret(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	size_t n;

	if (!json_is_string(v) || (n = json_string_length(v)) == 0 || n > SECRET_MAX ||
		memchr(json_string_value(v), '\0', n) != NULL)
		return NULL;
	return strndup(json_string_value(v), n);
}

static bool helper_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > HELPER_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Decodes an auths entry's "auth" (base64 of "user:password") into e. */
static int decode_auth(struct ks_ctx *cx, const char *path, const char *key, json_t *auth,
	struct ks_cred *e)
{
	struct ks_buf b;
	const char *colon;
	char kp[128];
	int r;

	ks_buf_init(&b, SECRET_MAX);
	printable(key, strlen(key), kp, sizeof(kp));
	r = ks_base64_decode(&b, json_string_value(auth), json_string_length(auth));
	if (r == KS_ENOMEM)
		goto out;
	if (r != 0 || (colon = memchr(b.p ? b.p : "", ':', b.n)) == NULL ||
		memchr(b.p, '\0', b.n) != NULL) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "'%s': auths \"%s\": \"auth\" is not the "
			"base64 of user:password", path, kp);
		goto out;
	}
	r = KS_ENOMEM;
	if ((e->username = strndup(b.p, (size_t)(colon - b.p))) == NULL ||
		(e->password = strndup(colon + 1, b.n - (size_t)(colon - b.p) - 1)) == NULL)
		goto out;
	r = 0;
out:
	wipe_buf(&b);
	return r;
}

int ks_dockercfg_parse(struct ks_ctx *cx, const char *path, const char *json, size_t len,
	const char *domain, struct ks_cred *entry, char **helper)
{
	json_t *root = NULL, *e, *h, *auth;
	const char *key = NULL;
	json_error_t je;
	char kp[128];
	int r = KS_ECORRUPT;

	*helper = NULL;
	if ((root = json_loadb(json, len, 0, &je)) == NULL) {
		ks_seterr(&cx->err, r, "'%s': invalid JSON at line %d: %s", path, je.line, je.text);
		goto out;
	}
	if (!json_is_object(root)) {
		ks_seterr(&cx->err, r, "'%s': not a JSON object", path);
		goto out;
	}
	h = cfg_lookup(json_object_get(root, "credHelpers"), domain, &key);
	if (!json_is_string(h) || json_string_length(h) == 0)
		h = json_object_get(root, "credsStore");
	if (json_is_string(h) && json_string_length(h) > 0) {
		if (!helper_name_ok(json_string_value(h), json_string_length(h))) {
			ks_seterr(&cx->err, r, "'%s': a credential helper name is not a plain "
				"program name suffix", path);
			goto out;
		}
		if ((*helper = strdup(json_string_value(h))) == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
	}
	e = cfg_lookup(json_object_get(root, "auths"), domain, &key);
	if (json_is_object(e)) {
		auth = json_object_get(e, "auth");
		if (json_is_string(auth) && json_string_length(auth) > 0) {
			if ((r = decode_auth(cx, path, key, auth, entry)) != 0)
				goto out;
		} else if ((entry->username = jsecret(e, "username")) != NULL) {
			entry->password = jsecret(e, "password");
		}
		entry->identity_token = jsecret(e, "identitytoken");
		entry->registry_token = jsecret(e, "registrytoken");
		printable(key, strlen(key), kp, sizeof(kp));
		snprintf(entry->source, sizeof(entry->source), "credentials from '%.300s' (auths "
			"\"%s\")", path, kp);
	}
	r = 0;
out:
	if (r != 0) {
		free(*helper);
		*helper = NULL;
		ks_cred_release(entry);
	}
	json_decref(root);
	return r;
}

int ks_credhelper_parse(struct ks_ctx *cx, const char *helper, const char *out, size_t n,
	struct ks_cred *c)
{
	json_t *root = json_loadb(out, n, 0, NULL);
	char *user = NULL, *secret = NULL;
	int r = KS_EAUTH;

	if (!json_is_object(root)) {
		ks_seterr(&cx->err, r, "docker-credential-%s: its answer is not a JSON object",
			helper);
		goto out;
	}
	user = jsecret(root, "Username");
	secret = jsecret(root, "Secret");
	if (secret == NULL) {
		ks_seterr(&cx->err, r, "docker-credential-%s: its answer has no Secret", helper);
		goto out;
	}
	ks_cred_release(c);
	if (ks_streq(user, "<token>")) {
		c->identity_token = secret;
	} else {
		c->username = user ? user : strdup("");
		c->password = secret;
		user = NULL;
		if (c->username == NULL) {
			r = KS_ENOMEM;
			goto out;
		}
	}
	secret = NULL;
	r = 0;
out:
	wipe_free(user);
	wipe_free(secret);
	json_decref(root);
	return r;
}

/* Reads the helper's output until it closes it, the limit or the deadline. */
static int read_helper(struct ks_ctx *cx, const char *prog, int fd, struct ks_buf *b)
{
	int64_t deadline = ks_http_now_ms() + HELPER_TIMEOUT_MS;
	char chunk[4096];

	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		int64_t left = deadline - ks_http_now_ms();
		ssize_t got;
		int pr;

		if (left <= 0)
			return ks_seterr(&cx->err, KS_EAUTH, "%s: no answer within %d s", prog,
				HELPER_TIMEOUT_MS / 1000);
		pr = poll(&pfd, 1, (int)left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return ks_seterr(&cx->err, KS_EAUTH, "%s: %s", prog, strerror(errno));
		if (pr == 0)
			continue;
		got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ks_seterr(&cx->err, KS_EAUTH, "%s: %s", prog, strerror(errno));
		if (got == 0)
			break;
		if (ks_buf_add(b, chunk, (size_t)got) != 0) {
			explicit_bzero(chunk, sizeof(chunk));
			return ks_seterr(&cx->err, KS_EAUTH, "%s: answered more than %d bytes",
				prog, HELPER_OUT_MAX);
		}
	}
	explicit_bzero(chunk, sizeof(chunk));
	return 0;
}

int ks_credhelper_get(struct ks_ctx *cx, const char *helper, const char *key,
	struct ks_cred *c, bool *found)
{
	char prog[32 + HELPER_NAME_MAX], line[160];
	char *argv[3];
	int in[2] = { -1, -1 }, outp[2] = { -1, -1 }, status = 0, rc, r = KS_EAUTH;
	posix_spawn_file_actions_t fa;
	bool fa_ok = false;
	pid_t pid = -1;
	struct ks_buf b;
	ptrdiff_t nl;

	*found = false;
	ks_buf_init(&b, HELPER_OUT_MAX);
	if (!helper_name_ok(helper, strlen(helper)))
		return ks_seterr(&cx->err, KS_EUSAGE, "credential helper name '%s' is not valid",
			helper);
	snprintf(prog, sizeof(prog), "docker-credential-%s", helper);
	argv[0] = prog;
	argv[1] = (char *)"get";
	argv[2] = NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0 ||
		pipe2(outp, O_CLOEXEC) != 0) {
		r = ks_seterr(&cx->err, KS_EIO, "%s: %s", prog, strerror(errno));
		goto out;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		r = KS_ENOMEM;
		goto out;
	}
	fa_ok = true;
	if (posix_spawn_file_actions_adddup2(&fa, in[1], 0) != 0 ||
		posix_spawn_file_actions_adddup2(&fa, outp[1], 1) != 0 ||
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) != 0) {
		r = KS_ENOMEM;
		goto out;
	}
	rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	if (rc != 0) {
		pid = -1;
		if (rc == ENOENT)
			r = ks_seterr(&cx->err, KS_ENOTFOUND, "%s: not found on PATH", prog);
		else
			r = ks_seterr(&cx->err, KS_EAUTH, "%s: cannot run it: %s", prog,
				strerror(rc));
		goto out;
	}
	close(in[1]);
	close(outp[1]);
	in[1] = outp[1] = -1;
	/* the helper reads the key to EOF; a helper that exits early must not SIGPIPE us */
	(void)send(in[0], key, strlen(key), MSG_NOSIGNAL);
	close(in[0]);
	in[0] = -1;
	r = read_helper(cx, prog, outp[0], &b);
	if (r != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pid = -1;
	if (r != 0)
		goto out;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if ((r = ks_credhelper_parse(cx, helper, b.p ? b.p : "", b.n, c)) != 0)
			goto out;
		*found = !ks_cred_empty(c) && !(c->username != NULL && c->username[0] == '\0' &&
			(c->password == NULL || c->password[0] == '\0'));
		r = 0;
		goto out;
	}
	if (b.p != NULL && strstr(b.p, "credentials not found") != NULL) {
		r = 0; /* the helper's "not found" answer */
		goto out;
	}
	nl = ks_str_chr((struct ks_str){ b.p ? b.p : "", b.n }, '\n');
	printable(b.p ? b.p : "", nl >= 0 ? (size_t)nl : b.n, line, sizeof(line));
	if (WIFEXITED(status))
		r = ks_seterr(&cx->err, KS_EAUTH, "%s get failed (exit status %d)%s%s", prog,
			WEXITSTATUS(status), line[0] ? ": " : "", line);
	else
		r = ks_seterr(&cx->err, KS_EAUTH, "%s get was killed by signal %d", prog,
			WTERMSIG(status));
out:
	if (fa_ok)
		posix_spawn_file_actions_destroy(&fa);
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (outp[0] >= 0)
		close(outp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	wipe_buf(&b);
	return r;
}

/* Reads the config file at path (at most CONFIG_MAX bytes) into b; *missing when there is
 * no such file. */
static int read_config(struct ks_ctx *cx, const char *path, struct ks_buf *b, bool *missing)
{
	char chunk[4096];
	int fd, r = 0;
	ssize_t got;

	*missing = false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*missing = true;
			return 0;
		}
		return ks_seterr(&cx->err, KS_EIO, "'%s': %s", path, strerror(errno));
	}
	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = ks_seterr(&cx->err, KS_EIO, "'%s': %s", path, strerror(errno));
			break;
		}
		if ((r = ks_buf_add(b, chunk, (size_t)got)) != 0) {
			r = ks_seterr(&cx->err, KS_ELIMIT, "'%s': larger than %d bytes", path,
				CONFIG_MAX);
			break;
		}
	}
	explicit_bzero(chunk, sizeof(chunk));
	close(fd);
	return r;
}

int ks_cred_lookup(struct ks_ctx *cx, const char *domain, const struct ks_registry_opts *o,
	struct ks_cred *c)
{
	struct ks_cred entry, hc;
	const char *dir;
	char path[4096], *helper = NULL;
	struct ks_buf b;
	bool missing, found = false;
	int r;

	memset(c, 0, sizeof(*c));
	memset(&entry, 0, sizeof(entry));
	memset(&hc, 0, sizeof(hc));
	ks_buf_init(&b, CONFIG_MAX);
	if (o->username != NULL && o->username[0] != '\0') {
		c->username = strdup(o->username);
		c->password = strdup(o->password ? o->password : "");
		snprintf(c->source, sizeof(c->source), "credentials from --username/--password");
		return (c->username && c->password) ? 0 : KS_ENOMEM;
	}
	if (o->docker_config != NULL)
		snprintf(path, sizeof(path), "%s", o->docker_config);
	else if ((dir = getenv("DOCKER_CONFIG")) != NULL && dir[0] != '\0')
		snprintf(path, sizeof(path), "%s/config.json", dir);
	else if ((dir = getenv("HOME")) != NULL && dir[0] != '\0')
		snprintf(path, sizeof(path), "%s/.docker/config.json", dir);
	else
		path[0] = '\0';
	snprintf(c->source, sizeof(c->source), "no credentials: none given with --username and "
		"no Docker config");
	if (path[0] == '\0')
		return 0;
	if ((r = read_config(cx, path, &b, &missing)) != 0)
		goto out;
	if (missing) {
		snprintf(c->source, sizeof(c->source), "no credentials: none given with --username "
			"and no '%.300s'", path);
		goto out;
	}
	if ((r = ks_dockercfg_parse(cx, path, b.p ? b.p : "", b.n, domain, &entry,
		     &helper)) != 0)
		goto out;
	if (helper != NULL) {
		r = ks_credhelper_get(cx, helper, ks_cred_key(domain), &hc, &found);
		if (r == KS_ENOTFOUND) {
			ks_log(cx, KS_LOG_WARN, "%s (named by '%s'); ignoring it", cx->err.msg,
				path);
			ks_err_clear(&cx->err);
			r = 0;
		} else if (r != 0) {
			goto out;
		}
		if (found) {
			cred_move(c, &hc);
			snprintf(c->source, sizeof(c->source), "credentials from "
				"docker-credential-%s (named by '%.300s')", helper, path);
			goto out;
		}
	}
	if (!ks_cred_empty(&entry)) {
		cred_move(c, &entry);
		memcpy(c->source, entry.source, sizeof(c->source));
	} else {
		snprintf(c->source, sizeof(c->source), "no credentials: none given with --username "
			"and none for %.100s in '%.300s'%s%s", ks_cred_key(domain), path,
			helper ? " or from docker-credential-" : "", helper ? helper : "");
	}
out:
	free(helper);
	ks_cred_release(&entry);
	ks_cred_release(&hc);
	wipe_buf(&b);
	return r;
}

/* --- token service ------------------------------------------------------------------- */

int ks_token_parse(struct ks_ctx *cx, const char *body, size_t n, char **token,
	long *expires_in)
{
	json_t *root = json_loadb(body, n, 0, NULL), *t, *e;
	int r = KS_ENET;

	*token = NULL;
	*expires_in = 60;
	if (!json_is_object(root)) {
		ks_seterr(&cx->err, r, "the token service's answer is not a JSON object");
		goto out;
	}
	t = json_object_get(root, "token");
	if (!json_is_string(t) || json_string_length(t) == 0)
		t = json_object_get(root, "access_token");
	if (!json_is_string(t) || json_string_length(t) == 0) {
		ks_seterr(&cx->err, r, "the token service's answer has no token");
		goto out;
	}
	if (json_string_length(t) > TOKEN_MAX ||
		!header_safe(json_string_value(t), json_string_length(t))) {
		ks_seterr(&cx->err, r, "the token service's token is not a valid header value");
		goto out;
	}
	e = json_object_get(root, "expires_in");
	if (json_is_integer(e) && json_integer_value(e) > 60)
		*expires_in = json_integer_value(e) > 366L * 86400 ? 366L * 86400 :
			(long)json_integer_value(e);
	if ((*token = strdup(json_string_value(t))) == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	r = 0;
out:
	json_decref(root);
	return r;
}

void ks_registry_errbody(const char *body, size_t n, char *out, size_t size)
{
	json_t *root, *e;
	const char *code, *msg;
	char tmp[512];

	if (size == 0)
		return;
	out[0] = '\0';
	if (body == NULL || n == 0 || (root = json_loadb(body, n, 0, NULL)) == NULL)
		return;
	e = json_array_get(json_object_get(root, "errors"), 0);
	code = json_string_value(json_object_get(e, "code"));
	msg = json_string_value(json_object_get(e, "message"));
	if (code != NULL || msg != NULL) {
		snprintf(tmp, sizeof(tmp), "%s%s%s", code ? code : "", code && msg ? ": " : "",
			msg ? msg : "");
		printable(tmp, strlen(tmp), out, size);
	}
	json_decref(root);
}

/* --- the shared state ---------------------------------------------------------------- */

static char *dup_opt(const char *s, bool *oom)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*oom = true;
	return d;
}

int ks_regauth_init(struct ks_regauth *a, struct ks_ctx *cx, const char *domain,
	const char *repo, const struct ks_registry_opts *o, const struct ks_http_opts *http)
{
	bool oom = false;
	struct ks_buf b;

	memset(a, 0, sizeof(*a));
	pthread_mutex_init(&a->mu, NULL);
	a->http = http;
	a->domain = dup_opt(domain, &oom);
	a->repo = dup_opt(repo, &oom);
	a->username = dup_opt(o->username, &oom);
	a->password = dup_opt(o->password, &oom);
	a->docker_config = dup_opt(o->docker_config, &oom);
	if (oom)
		return KS_ENOMEM;
	if (o->token == NULL || o->token[0] == '\0')
		return 0;
	ks_buf_init(&b, TOKEN_MAX + 64);
	if (!header_safe(o->token, strlen(o->token)) ||
		ks_buf_addf(&b, "Authorization: Bearer %s", o->token) != 0) {
		ks_buf_release(&b);
		return ks_seterr(&cx->err, KS_EUSAGE, "--registry-token: not a valid token "
			"(spaces, control characters or over %d bytes)", TOKEN_MAX);
	}
	a->authz = ks_buf_detach(&b, NULL);
	a->token = dup_opt(o->token, &oom);
	a->sent_creds = true;
	a->looked_up = true;
	snprintf(a->cred.source, sizeof(a->cred.source), "credentials from --registry-token");
	return (a->authz && !oom) ? 0 : KS_ENOMEM;
}

void ks_regauth_release(struct ks_regauth *a)
{
	pthread_mutex_destroy(&a->mu);
	free(a->domain);
	free(a->repo);
	wipe_free(a->username);
	wipe_free(a->password);
	wipe_free(a->token);
	free(a->docker_config);
	ks_cred_release(&a->cred);
	wipe_free(a->authz);
	memset(a, 0, sizeof(*a));
}

/* Replaces the Authorization header in use (a holds the mutex). */
static void set_authz(struct ks_regauth *a, char *authz, int64_t expires_ms)
{
	wipe_free(a->authz);
	a->authz = authz;
	a->expires_ms = expires_ms;
	a->gen++;
}

/* "credentials from ..." / "no credentials ..." for messages (a holds the mutex). */
static const char *source(const struct ks_regauth *a)
{
	if (a->cred.source[0] != '\0')
		return a->cred.source;
	return "anonymous";
}

/* The token service refused: the message of ks_regauth_fail() for it. */
static int token_refused(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_http_resp *rs,
	const char *realm)
{
	char msg[256];

	ks_registry_errbody(rs->body, rs->len, msg, sizeof(msg));
	return ks_seterr(&cx->err, KS_EAUTH, "registry %s: authentication failed for repository "
		"%s (%s): the token service %s answered HTTP %ld%s%s", a->domain, a->repo,
		source(a), realm, rs->status, msg[0] ? ": " : "", msg);
}

/* Appends "name=<value percent-encoded>" (with a leading '&' unless first). */
static int form_add(struct ks_buf *b, bool *first, const char *name, const char *v)
{
	int r;

	if ((r = ks_buf_adds(b, *first ? "" : "&")) != 0 || (r = ks_buf_adds(b, name)) != 0 ||
		(r = ks_buf_addc(b, '=')) != 0 || (r = ks_buf_addpct(b, v, NULL)) != 0)
		return r;
	*first = false;
	return 0;
}

/* The OAuth2 refresh-token grant: POST to the realm; the response goes to *rs. */
static int token_post(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_challenge *ch,
	const char *scope, struct ks_http_resp *rs)
{
	struct ks_http_req rq;
	struct ks_buf f;
	bool first = true;
	int r;

	ks_buf_init(&f, 2 * TOKEN_MAX);
	if ((r = form_add(&f, &first, "grant_type", "refresh_token")) != 0 ||
		(r = form_add(&f, &first, "client_id", "kensa")) != 0 ||
		(ch->service[0] && (r = form_add(&f, &first, "service", ch->service)) != 0) ||
		(r = form_add(&f, &first, "scope", scope)) != 0 ||
		(r = form_add(&f, &first, "refresh_token", a->cred.identity_token)) != 0) {
		wipe_buf(&f);
		return r == KS_ELIMIT ? ks_seterr(&cx->err, r, "identity token too long") : r;
	}
	memset(&rq, 0, sizeof(rq));
	rq.url = ch->realm;
	rq.post = f.p;
	r = ks_http_get(cx, a->http, &rq, rs);
	wipe_buf(&f);
	return r;
}

/* GET realm?service=&scope= with Basic credentials when there are some. */
static int token_get(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_challenge *ch,
	const char *scope, struct ks_http_resp *rs)
{
	struct ks_http_req rq;
	struct ks_buf url, up, hdr;
	const char *hdrs[1];
	bool first = strchr(ch->realm, '?') == NULL;
	int r;

	ks_buf_init(&url, 4 * KS_CHAL_FIELD + 1024);
	ks_buf_init(&up, 2 * SECRET_MAX + 2);
	ks_buf_init(&hdr, 4 * SECRET_MAX);
	memset(&rq, 0, sizeof(rq));
	if ((r = ks_buf_adds(&url, ch->realm)) != 0 || (r = ks_buf_addc(&url, first ? '?' :
							 '&')) != 0)
		goto out;
	first = true;
	if ((ch->service[0] && (r = form_add(&url, &first, "service", ch->service)) != 0) ||
		(r = form_add(&url, &first, "scope", scope)) != 0)
		goto out;
	if (ch->scope[0] && strcmp(ch->scope, scope) != 0 &&
		(r = form_add(&url, &first, "scope", ch->scope)) != 0)
		goto out;
	if (a->cred.username != NULL) {
		if ((r = ks_buf_addf(&up, "%s:%s", a->cred.username,
			     a->cred.password ? a->cred.password : "")) != 0 ||
			(r = ks_buf_adds(&hdr, "Authorization: Basic ")) != 0 ||
			(r = ks_base64_encode(&hdr, up.p, up.n)) != 0)
			goto out;
		hdrs[0] = hdr.p;
		rq.headers = hdrs;
		rq.nheaders = 1;
	}
	rq.url = url.p;
	r = ks_http_get(cx, a->http, &rq, rs);
out:
	ks_buf_release(&url);
	wipe_buf(&up);
	wipe_buf(&hdr);
	if (r == KS_ELIMIT && rs->status == 0)
		return ks_seterr(&cx->err, r, "registry %s: credentials or challenge too long",
			a->domain);
	return r;
}

/* Obtains a bearer token for the challenge and makes it the authorization (a holds the
 * mutex). */
static int bearer(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_challenge *ch)
{
	struct ks_http_resp rs;
	struct ks_buf hdr;
	char scope[KS_CHAL_FIELD + 64], *tok = NULL;
	bool get = true;
	long life = 60;
	int r;

	memset(&rs, 0, sizeof(rs));
	ks_buf_init(&hdr, TOKEN_MAX + 64);
	snprintf(scope, sizeof(scope), "repository:%s:pull", a->repo);
	if (a->cred.identity_token != NULL) {
		if ((r = token_post(a, cx, ch, scope, &rs)) != 0)
			goto out;
		/* not every token service speaks OAuth2: else the plain GET */
		get = rs.status == 404 || rs.status == 405;
		if (get)
			ks_http_resp_release(&rs);
	}
	if (get && (r = token_get(a, cx, ch, scope, &rs)) != 0)
		goto out;
	if (rs.status == 401 || rs.status == 403) {
		r = token_refused(a, cx, &rs, ch->realm);
		goto out;
	}
	if (rs.status < 200 || rs.status >= 300) {
		char msg[256];

		ks_registry_errbody(rs.body, rs.len, msg, sizeof(msg));
		r = ks_seterr(&cx->err, KS_ENET, "registry %s: the token service %s answered "
			"HTTP %ld%s%s", a->domain, ch->realm, rs.status, msg[0] ? ": " : "", msg);
		goto out;
	}
	if ((r = ks_token_parse(cx, rs.body ? rs.body : "", rs.len, &tok, &life)) != 0) {
		ks_err_prefix(&cx->err, "registry %s: %s", a->domain, ch->realm);
		goto out;
	}
	if ((r = ks_buf_addf(&hdr, "Authorization: Bearer %s", tok)) != 0)
		goto out;
	set_authz(a, ks_buf_detach(&hdr, NULL), ks_http_now_ms() +
		(int64_t)(life - RENEW_MARGIN_S) * 1000);
	if (a->authz == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	if (ch != &a->chal)
		a->chal = *ch;
	a->sent_creds = !ks_cred_empty(&a->cred);
	r = 0;
out:
	wipe_free(tok);
	wipe_buf(&hdr);
	if (rs.body != NULL)
		explicit_bzero(rs.body, rs.len);
	ks_http_resp_release(&rs);
	return r;
}

/* Answers a challenge (a holds the mutex): 0 with a new authorization, 1 when there is
 * nothing to answer it with (Basic without credentials), or an error. */
static int answer(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_challenge *ch)
{
	struct ks_registry_opts o;
	struct ks_buf up, hdr;
	int r;

	if (!a->looked_up) {
		memset(&o, 0, sizeof(o));
		o.username = a->username;
		o.password = a->password;
		o.docker_config = a->docker_config;
		if ((r = ks_cred_lookup(cx, a->domain, &o, &a->cred)) != 0)
			return r;
		a->looked_up = true;
	}
	if (ch->scheme == KS_AUTH_BEARER) {
		if (a->cred.registry_token == NULL)
			return bearer(a, cx, ch);
		ks_buf_init(&hdr, TOKEN_MAX + 64);
		if (!header_safe(a->cred.registry_token, strlen(a->cred.registry_token)) ||
			ks_buf_addf(&hdr, "Authorization: Bearer %s",
				a->cred.registry_token) != 0) {
			wipe_buf(&hdr);
			return ks_seterr(&cx->err, KS_EAUTH, "registry %s: the registry token (%s) "
				"is not a valid header value", a->domain, source(a));
		}
		set_authz(a, ks_buf_detach(&hdr, NULL), 0);
		a->sent_creds = true;
		return a->authz ? 0 : KS_ENOMEM;
	}
	if (a->cred.username == NULL)
		return 1;
	ks_buf_init(&up, 2 * SECRET_MAX + 2);
	ks_buf_init(&hdr, 4 * SECRET_MAX);
	if ((r = ks_buf_addf(&up, "%s:%s", a->cred.username,
		     a->cred.password ? a->cred.password : "")) == 0 &&
		(r = ks_buf_adds(&hdr, "Authorization: Basic ")) == 0 &&
		(r = ks_base64_encode(&hdr, up.p, up.n)) == 0) {
		set_authz(a, ks_buf_detach(&hdr, NULL), 0);
		a->sent_creds = true;
		r = a->authz ? 0 : KS_ENOMEM;
	}
	wipe_buf(&up);
	wipe_buf(&hdr);
	return r;
}

int ks_regauth_request(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_http_req *rq,
	struct ks_http_resp *resp, struct ks_blob *out)
{
	const char *hdrs[MAX_REQ_HEADERS + 1];
	struct ks_http_req q = *rq;
	struct ks_challenge ch;
	char *authz;
	unsigned gen;
	int attempt, r;

	if (rq->nheaders > MAX_REQ_HEADERS)
		return ks_seterr(&cx->err, KS_EINTERNAL, "registry request with %zu headers",
			rq->nheaders);
	if (rq->nheaders > 0)
		memcpy(hdrs, rq->headers, rq->nheaders * sizeof(*hdrs));
	q.headers = hdrs;
	for (attempt = 0;; attempt++) {
		pthread_mutex_lock(&a->mu);
		r = 0;
		if (a->expires_ms != 0 && ks_http_now_ms() >= a->expires_ms)
			r = bearer(a, cx, &a->chal);
		authz = (r == 0 && a->authz != NULL) ? strdup(a->authz) : NULL;
		if (r == 0 && a->authz != NULL && authz == NULL)
			r = KS_ENOMEM;
		gen = a->gen;
		pthread_mutex_unlock(&a->mu);
		if (r != 0)
			return r;
		q.nheaders = rq->nheaders;
		if (authz != NULL)
			hdrs[q.nheaders++] = authz;
		r = out ? ks_http_open(cx, a->http, &q, resp, out) : ks_http_get(cx, a->http, &q,
									 resp);
		wipe_free(authz);
		if (r != 0 || resp->status != 401 || attempt > 0 || a->token != NULL)
			return r;
		r = ks_challenge_parse(cx, resp->www_auth, strlen(resp->www_auth), &ch);
		if (r != 0) {
			if (resp->www_auth[0] == '\0')
				return 0; /* a bare 401: the caller reports it */
			ks_err_prefix(&cx->err, "registry %s", a->domain);
			if (r == KS_EUNSUPPORTED)
				cx->err.code = r = KS_EAUTH; /* a challenge kensa cannot answer */
			return r;
		}
		pthread_mutex_lock(&a->mu);
		r = a->gen == gen ? answer(a, cx, &ch) : 0;
		pthread_mutex_unlock(&a->mu);
		if (r == 1)
			return 0; /* nothing to answer with: the 401 stands */
		if (r != 0)
			return r;
		ks_http_resp_release(resp);
	}
}

int ks_regauth_fail(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_http_resp *resp)
{
	char msg[256];
	int r;

	ks_registry_errbody(resp->body, resp->len, msg, sizeof(msg));
	pthread_mutex_lock(&a->mu);
	r = ks_seterr(&cx->err, KS_EAUTH, "registry %s: %s for repository %s (%s)%s%s",
		a->domain, resp->status == 403 ? "access denied" : "authentication failed",
		a->repo, a->sent_creds || a->looked_up ? source(a) : "anonymous", msg[0] ? ": " :
		"", msg);
	pthread_mutex_unlock(&a->mu);
	return r;
}
