/*
 * test_registry_flow.c - ks_registry_open() and its blob opener against a small HTTP
 * registry run by the test on 127.0.0.1 (plain http, so the source's https attempt and
 * fallback run too). It serves the real multi-platform OCI layout from ../shared by the
 * distribution API (manifests by tag and digest with Docker-Content-Digest, blobs), a
 * second server plays the token service and the blob storage redirects lead to, and
 * both log every request, so the tests check what went over the wire: the bearer-token
 * and basic flows, tokens reused and renewed once on a 401, the refresh-token POST of
 * identity tokens, no Authorization header following a redirect to another origin,
 * digest checks on the index, manifest and config, foreign layers, error statuses.
 * Live end-to-end runs against docker-registry are tests/e2e/test_registry.py.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/registry.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/sha256.h"

#define LAYOUT "fixtures/images/stereoscope/multiplatform_oci_dir"
#define INDEX "sha256:a1a8d08faa5fe3d2ccc0ba54874e39dede9a17120f883c5cb56f2fd9309067c8"
#define AMD_MAN "sha256:e7c26a4b4d156fd9947ee82295b7b78acf7aa54b93b8f3e4b9f608179ffb20e8"
#define ARM_MAN "sha256:5ed07065bcbc6c52e3ad28526557d7b6833613fc79257b1a786de85e37c03b05"
#define AMD_CFG "sha256:549248a7ac95478805d9248e4ffdc778fc2404257d8c071848746e0100e08099"
#define ARM_CFG "sha256:3cd6022503cef24ee80dc156bf171c8d1d588c2ea1904bcd8ef2728c36341594"
#define AMD_LAYER "sha256:9795e995b4d86eb9409970bc5bff940f0d67a54e8f52dd39abb8c6504187af89"
#define ARM_LAYER "sha256:1803d4b442b422fa8380e13687da6cc408e6db8f173baa89c95d08539083e8dd"
#define MAXLOG 256

enum auth_mode { AUTH_NONE, AUTH_BASIC, AUTH_BEARER };

struct req {
	char method[8], path[1024], authz[1024], body[2048], accept[512];
};

struct resp {
	int status;
	struct ks_buf hdrs; /* extra header lines */
	struct ks_buf body;
};

struct world;

struct srv {
	int fd, port;
	pthread_t th;
	volatile int stop;
	void (*handle)(struct world *w, const struct req *rq, struct resp *rs);
	struct world *w;
};

/* A custom manifest served for a tag. */
struct custom {
	const char *tag, *body, *ctype;
};

struct world {
	struct srv reg, other;
	const char *layout;
	enum auth_mode auth;
	int token_gen;        /* tokens "tok-N" with N >= min_token are valid */
	int min_token;
	bool want_basic;      /* the token service demands alice:pw */
	bool want_refresh;    /* the token service demands refresh token rt-9 (POST) */
	bool redirect_blobs;  /* blob GETs answer 307 to the other server */
	const char *corrupt;  /* digest or tag whose content is served with a flipped byte */
	int blob_status;      /* answer blob GETs with this status instead (0 = serve) */
	struct custom custom[4];
	pthread_mutex_t mu;
	char log[MAXLOG][1800]; /* "server METHOD path [authz] {body} <accept>" */
	int nlog;
	int token_hits;
};

/* --- the servers -------------------------------------------------------------------- */

static void logreq(struct world *w, int port, const struct req *rq)
{
	pthread_mutex_lock(&w->mu);
	if (w->nlog < MAXLOG)
		snprintf(w->log[w->nlog++], sizeof(w->log[0]),
			"%s %s %.500s [%.300s] {%.300s} <%s>",
			port == w->reg.port ? "reg" : "other", rq->method, rq->path, rq->authz,
			rq->body, rq->accept);
	pthread_mutex_unlock(&w->mu);
}

/* Reads one request; false for anything else (a TLS ClientHello from the https try). */
static bool read_req(int fd, struct req *rq)
{
	char buf[16384], *end, *line, *save = NULL;
	size_t n = 0;
	long clen = 0;

	memset(rq, 0, sizeof(*rq));
	while (n < sizeof(buf) - 1) {
		ssize_t k = read(fd, buf + n, sizeof(buf) - 1 - n);

		if (k <= 0)
			return false;
		if (n == 0 && !(buf[0] >= 'A' && buf[0] <= 'Z'))
			return false;
		n += (size_t)k;
		buf[n] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL)
			break;
	}
	if (end == NULL)
		return false;
	*end = '\0';
	for (line = strtok_r(buf, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		if (rq->method[0] == '\0') {
			if (sscanf(line, "%7s %1023s", rq->method, rq->path) != 2)
				return false;
		} else if (strncasecmp(line, "Authorization: ", 15) == 0) {
			snprintf(rq->authz, sizeof(rq->authz), "%s", line + 15);
		} else if (strncasecmp(line, "Accept: ", 8) == 0) {
			snprintf(rq->accept, sizeof(rq->accept), "%s", line + 8);
		} else if (strncasecmp(line, "Content-Length: ", 16) == 0) {
			clen = strtol(line + 16, NULL, 10);
		}
	}
	if (clen > 0 && clen < (long)sizeof(rq->body)) {
		size_t have = n - (size_t)(end + 4 - buf);

		memcpy(rq->body, end + 4, have);
		while ((long)have < clen) {
			ssize_t k = read(fd, rq->body + have, (size_t)clen - have);

			if (k <= 0)
				return false;
			have += (size_t)k;
		}
	}
	return true;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k <= 0)
			return;
		p += k;
		n -= (size_t)k;
	}
}

static void *serve(void *ud)
{
	struct srv *s = ud;

	while (!s->stop) {
		struct pollfd pfd = { s->fd, POLLIN, 0 };
		struct timeval tv = { 5, 0 };
		struct resp rs;
		struct req rq;
		struct ks_buf out;
		int c;

		if (poll(&pfd, 1, 50) <= 0 || (c = accept(s->fd, NULL, NULL)) < 0)
			continue;
		setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		if (read_req(c, &rq)) {
			logreq(s->w, s->port, &rq);
			memset(&rs, 0, sizeof(rs));
			ks_buf_init(&rs.hdrs, 1 << 16);
			ks_buf_init(&rs.body, 1 << 24);
			rs.status = 404;
			s->handle(s->w, &rq, &rs);
			ks_buf_init(&out, 1 << 25);
			ks_buf_addf(&out, "HTTP/1.1 %d X\r\nContent-Length: %zu\r\nConnection: "
				"close\r\n%s\r\n", rs.status, rs.body.n,
				rs.hdrs.p ? rs.hdrs.p : "");
			ks_buf_add(&out, rs.body.p ? rs.body.p : "", rs.body.n);
			write_all(c, out.p, out.n);
			ks_buf_release(&out);
			ks_buf_release(&rs.hdrs);
			ks_buf_release(&rs.body);
		}
		close(c);
	}
	return NULL;
}

static void srv_start(struct srv *s, struct world *w,
	void (*handle)(struct world *, const struct req *, struct resp *))
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->w = w;
	s->handle = handle;
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s->fd >= 0);
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->fd, 16), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &al), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->th, NULL, serve, s), 0);
}

static void srv_stop(struct srv *s)
{
	s->stop = 1;
	pthread_join(s->th, NULL);
	close(s->fd);
}

/* Reads blobs/<alg>/<hex> of the layout into rs->body; false if absent. */
static bool load_blob(struct world *w, const char *digest, struct resp *rs)
{
	char path[4096];
	uint8_t *p;
	size_t n;
	FILE *f;

	if (strncmp(digest, "sha256:", 7) != 0 || strchr(digest, '/') != NULL)
		return false;
	snprintf(path, sizeof(path), "%s/blobs/sha256/%s", w->layout, digest + 7);
	if ((f = fopen(path, "rb")) == NULL)
		return false;
	fclose(f);
	p = tu_read(path, &n);
	ks_buf_add(&rs->body, p, n);
	free(p);
	return true;
}

static void json_error(struct resp *rs, int status, const char *code, const char *msg)
{
	rs->status = status;
	ks_buf_addf(&rs->body, "{\"errors\":[{\"code\":\"%s\",\"message\":\"%s\"}]}", code, msg);
	ks_buf_adds(&rs->hdrs, "Content-Type: application/json\r\n");
}

/* Whether the request carries what the registry's auth mode wants. */
static bool authorized(struct world *w, const struct req *rq)
{
	struct ks_buf b;
	bool ok;
	int n;

	switch (w->auth) {
	case AUTH_NONE:
		return true;
	case AUTH_BASIC:
		ks_buf_init(&b, 256);
		ks_buf_adds(&b, "Basic ");
		ks_base64_encode(&b, "alice:pw", 8);
		ok = strcmp(rq->authz, b.p) == 0;
		ks_buf_release(&b);
		return ok;
	case AUTH_BEARER:
		return sscanf(rq->authz, "Bearer tok-%d", &n) == 1 && n >= w->min_token &&
			n <= w->token_gen;
	}
	return false;
}

static void reg_handle(struct world *w, const struct req *rq, struct resp *rs)
{
	char repo[256], kind[32], id[512], digest[KS_DIGEST_STRLEN + 1];
	const char *mt;
	size_t i;

	if (sscanf(rq->path, "/v2/%255[^/]/%31[^/]/%511s", repo, kind, id) != 3)
		return json_error(rs, 404, "NAME_UNKNOWN", "repository name not known");
	if (!authorized(w, rq)) {
		if (w->auth == AUTH_BASIC)
			ks_buf_adds(&rs->hdrs, "WWW-Authenticate: Basic realm=\"test\"\r\n");
		else
			ks_buf_addf(&rs->hdrs, "WWW-Authenticate: Bearer realm=\"http://127.0.0.1:"
				"%d/token\",service=\"test-registry\","
				"scope=\"repository:%s:pull\"\r\n", w->other.port, repo);
		return json_error(rs, 401, "UNAUTHORIZED", "authentication required");
	}
	if (strcmp(kind, "blobs") == 0) {
		if (w->blob_status != 0 && strcmp(id, AMD_CFG) != 0 && strcmp(id, ARM_CFG) != 0)
			return json_error(rs, w->blob_status, "X", "injected failure");
		if (w->redirect_blobs) {
			rs->status = 307;
			ks_buf_addf(&rs->hdrs, "Location: http://127.0.0.1:%d/blob/%s\r\n",
				w->other.port, id);
			return;
		}
		if (!load_blob(w, id, rs))
			return json_error(rs, 404, "BLOB_UNKNOWN", "blob unknown to registry");
		rs->status = 200;
		if (w->corrupt && strcmp(w->corrupt, id) == 0)
			rs->body.p[rs->body.n / 2] ^= 1;
		return;
	}
	if (strcmp(kind, "manifests") != 0)
		return;
	for (i = 0; i < 4 && w->custom[i].tag; i++)
		if (strcmp(w->custom[i].tag, id) == 0) {
			ks_buf_adds(&rs->body, w->custom[i].body);
			mt = w->custom[i].ctype;
			goto found;
		}
	if (strcmp(id, "latest") == 0)
		load_blob(w, INDEX, rs);
	else if (!load_blob(w, id, rs))
		return json_error(rs, 404, "MANIFEST_UNKNOWN", "manifest unknown");
	mt = strstr(rs->body.p, "image.index") ? "application/vnd.oci.image.index.v1+json" :
		"application/vnd.oci.image.manifest.v1+json";
found:
	if (rs->body.n == 0)
		return json_error(rs, 404, "MANIFEST_UNKNOWN", "manifest unknown");
	rs->status = 200;
	ks_sha256_digest(rs->body.p, rs->body.n, digest);
	ks_buf_addf(&rs->hdrs, "Content-Type: %s\r\nDocker-Content-Digest: %s\r\n", mt, digest);
	if (w->corrupt && (strcmp(w->corrupt, id) == 0 || strcmp(w->corrupt, digest) == 0))
		rs->body.p[rs->body.n / 2] ^= 1;
}

static void other_handle(struct world *w, const struct req *rq, struct resp *rs)
{
	char id[512];

	if (strncmp(rq->path, "/token", 6) == 0) {
		if (w->want_basic) {
			struct req tmp = *rq;
			enum auth_mode m = w->auth;
			bool ok;

			w->auth = AUTH_BASIC;
			ok = authorized(w, &tmp);
			w->auth = m;
			if (!ok)
				return json_error(rs, 401, "UNAUTHORIZED", "bad credentials");
		}
		if (w->want_refresh && (strcmp(rq->method, "POST") != 0 ||
					       strstr(rq->body, "refresh_token=rt-9") == NULL))
			return json_error(rs, 401, "UNAUTHORIZED", "refresh token required");
		pthread_mutex_lock(&w->mu);
		w->token_hits++;
		w->token_gen++;
		ks_buf_addf(&rs->body, "{\"%s\":\"tok-%d\",\"expires_in\":300}", w->want_refresh ?
			"access_token" : "token", w->token_gen);
		pthread_mutex_unlock(&w->mu);
		rs->status = 200;
		return;
	}
	if (sscanf(rq->path, "/blob/%511s", id) == 1 ||
		sscanf(rq->path, "/foreign/%511s", id) == 1) {
		if (load_blob(w, id, rs))
			rs->status = 200;
	}
}

static void world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->mu, NULL);
	w->layout = strdup(tu_shared(LAYOUT));
	srv_start(&w->reg, w, reg_handle);
	srv_start(&w->other, w, other_handle);
}

static void world_release(struct world *w)
{
	srv_stop(&w->reg);
	srv_stop(&w->other);
	free((char *)w->layout);
	pthread_mutex_destroy(&w->mu);
}

/* How many logged requests contain every one of the given substrings (NULL-ended). */
static int count_log(struct world *w, const char *a, const char *b)
{
	int i, n = 0;

	pthread_mutex_lock(&w->mu);
	for (i = 0; i < w->nlog; i++)
		if (strstr(w->log[i], a) && (b == NULL || strstr(w->log[i], b)))
			n++;
	pthread_mutex_unlock(&w->mu);
	return n;
}

/* --- the client side ---------------------------------------------------------------- */

static void opts(struct ks_registry_opts *o, const char *platform)
{
	memset(o, 0, sizeof(*o));
	o->platform = platform;
	o->docker_config = "/nonexistent/config.json";
	o->http.retries = 0;
	o->http.stall_ms = 5000;
}

static int open_ref(struct ks_ctx *cx, struct world *w, const char *ref,
	const struct ks_registry_opts *o, struct ks_image **img)
{
	char name[300];

	snprintf(name, sizeof(name), "127.0.0.1:%d/%s", w->reg.port, ref);
	return ks_registry_open(cx, name, o, img);
}

struct reader {
	struct ks_image *img;
	size_t layer;
	char digest[KS_DIGEST_STRLEN + 1];
	char err[KS_ERR_MSG_MAX];
	int r;
};

/* Opens and reads one blob through the opener on its own context, hashing it. */
static void *read_blob(void *ud)
{
	struct reader *rd = ud;
	struct ks_ctx cx;
	struct ks_blob b;
	struct ks_sha256 h;
	char buf[4096];
	ssize_t n;

	tu_ctx(&cx);
	rd->r = rd->img->opener->open(rd->img->opener->ud, &cx, rd->layer, &b);
	if (rd->r == 0) {
		ks_sha256_init(&h);
		while ((n = b.read(b.h, buf, sizeof(buf))) > 0)
			ks_sha256_update(&h, buf, (size_t)n);
		ks_sha256_final(&h, rd->digest);
		b.close(b.h);
		rd->r = n < 0 ? (int)n : 0;
	}
	snprintf(rd->err, sizeof(rd->err), "%s", cx.err.msg);
	ks_ctx_release(&cx);
	return NULL;
}

/* Reads layer 0 from n threads at once; each must hash to the manifest's digest. */
static void read_all(struct ks_image *img, int n)
{
	pthread_t th[8];
	struct reader rd[8];
	int i;

	for (i = 0; i < n; i++) {
		memset(&rd[i], 0, sizeof(rd[i]));
		rd[i].img = img;
		assert_int_equal(pthread_create(&th[i], NULL, read_blob, &rd[i]), 0);
	}
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		if (rd[i].r != 0)
			fail_msg("reader %d: %d %s", i, rd[i].r, rd[i].err);
		assert_string_equal(rd[i].digest, img->layers[0].digest);
	}
}

static void release(struct ks_image *img)
{
	img->opener->release(img->opener->ud);
}

static void test_anonymous_multiplatform(void **state)
{
	struct ks_registry_opts o;
	struct ks_image *img;
	struct ks_strv plats = { 0 };
	struct world w;
	struct ks_ctx cx;
	char want[200];

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	opts(&o, "linux/arm64");
	if (open_ref(&cx, &w, "multi:latest", &o, &img) != 0)
		fail_msg("%s", cx.err.msg);
	assert_string_equal(img->kind, "registry");
	assert_string_equal(img->manifest_digest, ARM_MAN);
	assert_string_equal(img->image_id, ARM_CFG);
	assert_string_equal(img->arch, "arm64");
	assert_int_equal(img->nlayers, 1);
	assert_string_equal(img->layers[0].digest, ARM_LAYER);
	assert_string_equal(img->layers[0].key, ARM_LAYER);
	assert_string_equal(img->layers[0].diffid,
		"sha256:a6b19b78ec5a2f3ddfb84fe2f60aaf0651524c9a826a92fb7f3ac620801eb74d");
	assert_string_equal(img->layers[0].created_by,
		"COPY README.md /linux/arm64/README.md # buildkit");
	assert_int_equal(img->layers[0].size, 880);
	assert_true(img->layers[0].report_digest);
	snprintf(want, sizeof(want), "127.0.0.1:%d/multi:latest", w.reg.port);
	assert_int_equal(img->repo_tags.n, 1);
	assert_string_equal(img->repo_tags.v[0], want);
	snprintf(want, sizeof(want), "127.0.0.1:%d/multi@" INDEX, w.reg.port);
	assert_string_equal(img->repo_digests.v[0], want); /* the index's digest */
	read_all(img, 4);
	assert_int_equal(count_log(&w, "reg GET /v2/multi/blobs/" ARM_LAYER, NULL), 4);
	release(img);

	opts(&o, "linux/amd64");
	assert_int_equal(open_ref(&cx, &w, "multi", &o, &img), 0);
	assert_string_equal(img->manifest_digest, AMD_MAN);
	assert_string_equal(img->layers[0].digest, AMD_LAYER);
	read_all(img, 1);
	release(img);
	/* manifests are asked for with the four manifest types in Accept */
	assert_int_equal(count_log(&w, "reg GET /v2/multi/manifests/latest",
				 "<application/vnd.oci.image.manifest.v1+json, "
				 "application/vnd.oci.image.index.v1+json, "
				 "application/vnd.docker.distribution.manifest.v2+json, "
				 "application/vnd.docker.distribution.manifest.list.v2+json>"), 2);
	assert_int_equal(count_log(&w, "reg GET /v2/multi/manifests/" AMD_MAN, NULL), 1);

	/* by digest: the arm64 manifest itself, no tag to report */
	opts(&o, NULL);
	assert_int_equal(open_ref(&cx, &w, "multi@" ARM_MAN, &o, &img), 0);
	assert_string_equal(img->manifest_digest, ARM_MAN);
	assert_int_equal(img->repo_tags.n, 0);
	snprintf(want, sizeof(want), "127.0.0.1:%d/multi@" ARM_MAN, w.reg.port);
	assert_string_equal(img->repo_digests.v[0], want);
	release(img);
	/* ... but with --platform, a single-platform image must fit it */
	opts(&o, "linux/amd64");
	assert_int_equal(open_ref(&cx, &w, "multi@" ARM_MAN, &o, &img), KS_ENOTFOUND);
	assert_non_null(strstr(cx.err.msg, "single-platform image for linux/arm64"));
	opts(&o, "linux/ppc64le");
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_ENOTFOUND);
	assert_non_null(strstr(cx.err.msg, "(the index has: linux/amd64, linux/arm64)"));

	opts(&o, NULL);
	snprintf(want, sizeof(want), "127.0.0.1:%d/multi", w.reg.port);
	assert_int_equal(ks_registry_platforms(&cx, want, &o, &plats), 0);
	assert_int_equal(plats.n, 2);
	assert_string_equal(plats.v[0], "linux/amd64");
	assert_string_equal(plats.v[1], "linux/arm64");
	plats.n = 0;
	snprintf(want, sizeof(want), "127.0.0.1:%d/multi@" ARM_MAN, w.reg.port);
	assert_int_equal(ks_registry_platforms(&cx, want, &o, &plats), 0);
	assert_int_equal(plats.n, 1);
	assert_string_equal(plats.v[0], "linux/arm64");
	world_release(&w);
	ks_ctx_release(&cx);
}

static void test_bearer_flow(void **state)
{
	struct ks_registry_opts o;
	struct ks_image *img;
	struct world w;
	struct ks_ctx cx;
	struct reader rd;

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	w.auth = AUTH_BEARER;
	w.want_basic = true;
	opts(&o, "linux/amd64");
	o.username = "alice";
	o.password = "pw";
	if (open_ref(&cx, &w, "multi:latest", &o, &img) != 0)
		fail_msg("%s", cx.err.msg);
	read_all(img, 3);
	/* one token for the manifests, the config and three blob GETs */
	assert_int_equal(w.token_hits, 1);
	assert_int_equal(count_log(&w, "other GET /token?service=test-registry&scope=repository%3A"
				       "multi%3Apull [Basic YWxpY2U6cHc=]", NULL), 1);
	assert_int_equal(count_log(&w, "reg GET /v2/multi/blobs/" AMD_LAYER, "[Bearer tok-1]"), 3);
	assert_int_equal(count_log(&w, "reg GET /v2/multi/blobs/" AMD_CFG, "[Bearer tok-1]"), 1);
	assert_int_equal(count_log(&w, "reg GET", "[Bearer"), 6);
	assert_int_equal(count_log(&w, "reg GET", "[]"), 1); /* only the first is anonymous */

	/* the registry stops taking the token: a blob GET gets a new one, once */
	w.min_token = 2;
	memset(&rd, 0, sizeof(rd));
	rd.img = img;
	read_blob(&rd);
	if (rd.r != 0)
		fail_msg("%s", rd.err);
	assert_string_equal(rd.digest, AMD_LAYER);
	assert_int_equal(w.token_hits, 2);
	assert_int_equal(count_log(&w, "reg GET /v2/multi/blobs/" AMD_LAYER, "[Bearer tok-2]"), 1);
	/* ... and when the new token is refused too, the GET fails clearly */
	w.min_token = 99;
	memset(&rd, 0, sizeof(rd));
	rd.img = img;
	read_blob(&rd);
	assert_int_equal(rd.r, KS_EAUTH);
	assert_non_null(strstr(rd.err, "authentication failed for repository multi "
					"(credentials from --username/--password)"));
	assert_int_equal(w.token_hits, 3);
	release(img);

	/* wrong password: the token service says no */
	w.min_token = 0;
	o.password = "wrong-secret";
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "authentication failed for repository multi "
					    "(credentials from --username/--password)"));
	assert_non_null(strstr(cx.err.msg, "UNAUTHORIZED: bad credentials"));
	assert_null(strstr(cx.err.msg, "wrong-secret"));
	/* none at all: an anonymous token request, refused */
	o.username = o.password = NULL;
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "(no credentials"));
	/* an anonymous token is fine where the token service gives one */
	w.want_basic = false;
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), 0);
	release(img);
	assert_true(count_log(&w, "other GET /token", "[]") >= 2);
	world_release(&w);
	ks_ctx_release(&cx);
}

static void test_registry_token_and_identity_token(void **state)
{
	struct ks_registry_opts o;
	struct ks_image *img;
	struct world w;
	struct ks_ctx cx;
	char dir[] = "/tmp/kensa-regflow.XXXXXX", path[128], text[256];
	FILE *f;

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	w.auth = AUTH_BEARER;
	w.token_gen = 5;
	opts(&o, "linux/amd64");
	o.token = "tok-5";
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), 0);
	read_all(img, 1);
	release(img);
	assert_int_equal(w.token_hits, 0);
	assert_int_equal(count_log(&w, "reg GET", "[Bearer tok-5]"), 4);
	o.token = "tok-1";
	w.min_token = 2;
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "(credentials from --registry-token)"));
	assert_int_equal(w.token_hits, 0);
	o.token = "tok 1\r\n";
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_EUSAGE);

	/* identitytoken in config.json: the OAuth2 refresh-token POST */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config.json", dir);
	snprintf(text, sizeof(text), "{\"auths\":{\"127.0.0.1:%d\":{\"identitytoken\":\"rt-9\"}}}",
		w.reg.port);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	o.token = NULL;
	o.docker_config = path;
	w.min_token = 0;
	w.want_refresh = true;
	if (open_ref(&cx, &w, "multi:latest", &o, &img) != 0)
		fail_msg("%s", cx.err.msg);
	release(img);
	assert_int_equal(count_log(&w, "other POST /token",
				 "{grant_type=refresh_token&client_id=kensa&service=test-registry"
				 "&scope=repository%3Amulti%3Apull&refresh_token=rt-9}"), 1);
	unlink(path);
	rmdir(dir);
	world_release(&w);
	ks_ctx_release(&cx);
}

static void test_basic_from_docker_config(void **state)
{
	struct ks_registry_opts o;
	struct ks_image *img;
	struct world w;
	struct ks_ctx cx;
	char dir[] = "/tmp/kensa-regflow.XXXXXX", path[128], text[256];
	FILE *f;

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	w.auth = AUTH_BASIC;
	opts(&o, "linux/amd64");
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "(no credentials: none given with --username and no "
					    "'/nonexistent/config.json')"));
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config.json", dir);
	snprintf(text, sizeof(text), "{\"auths\":{\"http://127.0.0.1:%d/v1/\":{\"auth\":\"%s\"}}}",
		w.reg.port, "YWxpY2U6cHc=");
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	o.docker_config = path;
	if (open_ref(&cx, &w, "multi:latest", &o, &img) != 0)
		fail_msg("%s", cx.err.msg);
	read_all(img, 2);
	release(img);
	assert_int_equal(count_log(&w, "reg GET /v2/multi/blobs/" AMD_LAYER,
				 "[Basic YWxpY2U6cHc=]"), 2);
	/* wrong ones: the message names the file and entry */
	snprintf(text, sizeof(text), "{\"auths\":{\"127.0.0.1:%d\":{\"username\":\"alice\","
		"\"password\":\"nope\"}}}", w.reg.port);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_EAUTH);
	assert_non_null(strstr(cx.err.msg, "credentials from '"));
	assert_non_null(strstr(cx.err.msg, "/config.json' (auths \"127.0.0.1:"));
	assert_null(strstr(cx.err.msg, "nope"));
	unlink(path);
	rmdir(dir);
	world_release(&w);
	ks_ctx_release(&cx);
}

static void test_redirect_drops_authorization(void **state)
{
	struct ks_registry_opts o;
	struct ks_image *img;
	struct world w;
	struct ks_ctx cx;

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	w.auth = AUTH_BEARER;
	opts(&o, "linux/arm64");
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), 0);
	w.redirect_blobs = true;
	read_all(img, 2);
	release(img);
	assert_int_equal(count_log(&w, "reg GET /v2/multi/blobs/" ARM_LAYER, "[Bearer tok-1]"), 2);
	/* the blob store (another port: another origin) never sees the registry's token */
	assert_int_equal(count_log(&w, "other GET /blob/" ARM_LAYER, NULL), 2);
	assert_int_equal(count_log(&w, "other GET /blob/" ARM_LAYER, "[]"), 2);
	world_release(&w);
	ks_ctx_release(&cx);
}

static void test_digest_checks(void **state)
{
	static const char *const bad[] = { "latest", AMD_MAN, AMD_CFG };
	struct ks_registry_opts o;
	struct ks_image *img;
	struct world w;
	struct ks_ctx cx;
	struct reader rd;
	size_t i;

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	opts(&o, "linux/amd64");
	for (i = 0; i < 3; i++) {
		w.corrupt = bad[i];
		assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), KS_EDIGEST);
	}
	/* by tag the only check is Docker-Content-Digest; by digest, the digest itself */
	w.corrupt = AMD_MAN;
	assert_int_equal(open_ref(&cx, &w, "multi@" AMD_MAN, &o, &img), KS_EDIGEST);
	assert_non_null(strstr(cx.err.msg, "hashes to"));
	/* a blob that does not match: the opener streams it as it comes (the scanner hashes
	 * it), so the hash differs */
	w.corrupt = AMD_LAYER;
	assert_int_equal(open_ref(&cx, &w, "multi:latest", &o, &img), 0);
	memset(&rd, 0, sizeof(rd));
	rd.img = img;
	read_blob(&rd);
	assert_int_equal(rd.r, 0);
	assert_string_not_equal(rd.digest, AMD_LAYER);
	release(img);
	world_release(&w);
	ks_ctx_release(&cx);
}

static void test_errors_and_foreign_layers(void **state)
{
	struct ks_registry_opts o;
	struct ks_image *img;
	struct world w;
	struct ks_ctx cx;
	struct reader rd;
	char count[1024], foreign[1024], data[1024];

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	snprintf(count, sizeof(count), "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci"
		".image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image"
		".config.v1+json\",\"digest\":\"%s\",\"size\":599},\"layers\":[{\"mediaType\":"
		"\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"%s\",\"size\":880},"
		"{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"%s\","
		"\"size\":880}]}", AMD_CFG, AMD_LAYER, ARM_LAYER);
	snprintf(foreign, sizeof(foreign), "{\"schemaVersion\":2,\"mediaType\":\"application/vnd"
		".docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":\"application/"
		"vnd.docker.container.image.v1+json\",\"digest\":\"%s\",\"size\":599},\"layers\":"
		"[{\"mediaType\":\"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip\","
		"\"digest\":\"%s\",\"size\":880,\"urls\":[\"http://127.0.0.1:%d/nowhere\","
		"\"http://127.0.0.1:%d/foreign/%s\"]}]}", AMD_CFG, AMD_LAYER, w.other.port,
		w.other.port, AMD_LAYER);
	snprintf(data, sizeof(data), "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application"
		"/vnd.oci.image.config.v1+json\",\"digest\":\"%s\",\"size\":599},\"layers\":[{"
		"\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"%s\","
		"\"size\":5,\"data\":\"aGVsbG8=\"}]}", AMD_CFG, AMD_LAYER);
	w.custom[0] = (struct custom){ "count", count,
		"application/vnd.oci.image.manifest.v1+json" };
	w.custom[1] = (struct custom){ "s1",
		"{\"schemaVersion\":1,\"name\":\"multi\",\"tag\":\"s1\",\"fsLayers\":[]}",
		"application/vnd.docker.distribution.manifest.v1+prettyjws" };
	w.custom[2] = (struct custom){ "foreign", foreign,
		"application/vnd.docker.distribution.manifest.v2+json" };
	w.custom[3] = (struct custom){ "data", data, "application/vnd.oci.image.manifest.v1+json" };
	opts(&o, NULL);
	assert_int_equal(open_ref(&cx, &w, "multi:nosuchtag", &o, &img), KS_ENOTFOUND);
	assert_non_null(strstr(cx.err.msg, "/multi:nosuchtag': manifest 'nosuchtag' not found "
					    "in repository multi of registry 127.0.0.1:"));
	assert_non_null(strstr(cx.err.msg, "(MANIFEST_UNKNOWN: manifest unknown)"));
	assert_int_equal(open_ref(&cx, &w, "multi:s1", &o, &img), KS_EUNSUPPORTED);
	assert_non_null(strstr(cx.err.msg, "schema 1"));
	assert_int_equal(open_ref(&cx, &w, "multi:count", &o, &img), KS_ECORRUPT);
	assert_non_null(strstr(cx.err.msg, "1 DiffIDs but the manifest 2 layers"));
	assert_int_equal(open_ref(&cx, &w, "Multi:x", &o, &img), KS_EUSAGE);

	/* a foreign layer the registry does not have comes from its urls */
	assert_int_equal(open_ref(&cx, &w, "multi:foreign", &o, &img), 0);
	assert_string_equal(img->layers[0].media_type,
		"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");
	w.blob_status = 404;
	read_all(img, 1);
	assert_int_equal(count_log(&w, "other GET /nowhere", NULL), 1);
	assert_int_equal(count_log(&w, "other GET /foreign/" AMD_LAYER, "[]"), 1);
	/* a blob the registry fails on */
	w.blob_status = 500;
	memset(&rd, 0, sizeof(rd));
	rd.img = img;
	read_blob(&rd);
	assert_int_equal(rd.r, KS_ENET);
	assert_non_null(strstr(rd.err, "HTTP 500: X: injected failure"));
	release(img);
	w.blob_status = 404;
	opts(&o, NULL);
	assert_int_equal(open_ref(&cx, &w, "multi:data", &o, &img), 0);
	memset(&rd, 0, sizeof(rd));
	rd.img = img;
	read_blob(&rd);
	assert_int_equal(rd.r, 0);
	assert_int_equal(count_log(&w, "blobs/" AMD_LAYER, NULL), 2); /* no GET for data */
	assert_string_equal(rd.digest,
		"sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
	release(img);
	world_release(&w);
	ks_ctx_release(&cx);
}

static void test_nobody_listening(void **state)
{
	struct ks_registry_opts o;
	struct ks_image *img;
	struct ks_ctx cx;
	struct world w;
	int port;

	(void)state;
	tu_ctx(&cx);
	world_init(&w);
	port = w.reg.port;
	world_release(&w);
	opts(&o, NULL);
	w.reg.port = port;
	assert_int_equal(open_ref(&cx, &w, "multi", &o, &img), KS_ENET);
	assert_non_null(strstr(cx.err.msg, "https://127.0.0.1:"));
	assert_non_null(strstr(cx.err.msg, "(plain http: http://127.0.0.1:"));
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anonymous_multiplatform),
		cmocka_unit_test(test_bearer_flow),
		cmocka_unit_test(test_registry_token_and_identity_token),
		cmocka_unit_test(test_basic_from_docker_config),
		cmocka_unit_test(test_redirect_drops_authorization),
		cmocka_unit_test(test_digest_checks),
		cmocka_unit_test(test_errors_and_foreign_layers),
		cmocka_unit_test(test_nobody_listening),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
