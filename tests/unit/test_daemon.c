/*
 * test_daemon.c - the Docker Engine API source against tests/e2e/engine_fake.py, a small
 * Engine API server speaking HTTP/1.1 over a unix socket (and TCP on 127.0.0.1) that
 * serves real `docker save` archives from ../shared chunked, as the daemon does (no real
 * daemon can run here). Proves: the image and the packages of every layer are those of
 * the `--input` scan of the same archive (classic, compressed-layer and Docker 25 OCI
 * style saves), RepoTags/RepoDigests come from the inspect answer, lookups by ID and by
 * ID prefix, names are escaped; 404 is KS_ENOTFOUND; no engine (no socket, a stale
 * socket, a file, nobody on a TCP port, a server that is not an engine, an unsupported
 * host) is KS_EUNSUPPORTED before the sink sees anything; an export that breaks off is
 * KS_ETRUNC, one that ends short is KS_ETRUNC/KS_ECORRUPT, one that ends between members
 * is KS_ECORRUPT, a tampered layer is KS_EDIGEST, never with a result; host selection
 * (--docker-host, DOCKER_HOST, Podman's sockets, TLS refused).
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "layer/layer.h"
#include "source/daemon.h"
#include "util/buf.h"
#include "util/str.h"

#define ALPINE "fixtures/images/docker-save/trivy-alpine-3.10-2019.tar.gz"
#define GZLAYERS "fixtures/images/docker-save/fanal-image3_gz_layers.tar"
#define V25 "fixtures/images/ggcr/tarball/hello-world-v25.tar"
#define ALPINE_ID "sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4"
#define ALPINE_RD "alpine@sha256:72c42ed48c3a2db31b7dafe17d275b634664a708d901ec9fd57b1529280f01fb"

/* A running engine_fake.py. */
struct fake {
	pid_t pid;
	int port;
	char dir[64];
	char sock[128];
	char host[160];
	char log[128];
};

static struct fake engine, notengine;
static char tmpdir[64];

/* Starts engine_fake.py with args (NULL-terminated) on dir/engine.sock and TCP; false
 * when it could not be started (no python3, no fixtures). */
static bool fake_start(struct fake *f, const char *const *extra)
{
	const char *argv[32];
	char script[4096], tcp[] = "127.0.0.1:0", line[64];
	int pfd[2], n = 0, st;
	size_t got = 0;
	struct pollfd pe;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/ks-daemon-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return false;
	snprintf(f->sock, sizeof(f->sock), "%s/engine.sock", f->dir);
	snprintf(f->host, sizeof(f->host), "unix://%s", f->sock);
	snprintf(f->log, sizeof(f->log), "%s/requests.log", f->dir);
	snprintf(script, sizeof(script), "%s", tu_src("tests/e2e/engine_fake.py"));
	argv[n++] = "python3";
	argv[n++] = script;
	argv[n++] = "--socket";
	argv[n++] = f->sock;
	argv[n++] = "--tcp";
	argv[n++] = tcp;
	argv[n++] = "--log";
	argv[n++] = f->log;
	while (*extra != NULL && n < 31)
		argv[n++] = *extra++;
	argv[n] = NULL;
	if (pipe(pfd) != 0)
		return false;
	if ((f->pid = fork()) == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	pe.fd = pfd[0];
	pe.events = POLLIN;
	while (got < sizeof(line) - 1 && poll(&pe, 1, 60000) == 1) {
		ssize_t k = read(pfd[0], line + got, 1);

		if (k <= 0 || line[got] == '\n')
			break;
		got++;
	}
	line[got] = '\0';
	close(pfd[0]);
	if (strncmp(line, "ready ", 6) != 0) {
		kill(f->pid, SIGKILL);
		waitpid(f->pid, &st, 0);
		f->pid = 0;
		print_message("engine_fake.py did not start ('%s')\n", line);
		return false;
	}
	f->port = (int)strtol(line + 6, NULL, 10);
	return true;
}

static void fake_stop(struct fake *f)
{
	int st;

	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, &st, 0);
	}
	unlink(f->sock);
	unlink(f->log);
	rmdir(f->dir);
	f->pid = 0;
}

static int setup(void **state)
{
	static char a[4][4096];
	static char specs[12][4200];
	const char *args[32];
	size_t n = 0, i;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ks-daemon-t-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	if (!tu_have_shared())
		return 0;
	snprintf(a[0], sizeof(a[0]), "%s/%s", getenv("KENSA_SHARED") ? getenv("KENSA_SHARED") :
		"../shared", ALPINE);
	snprintf(a[1], sizeof(a[1]), "%s/%s", getenv("KENSA_SHARED") ? getenv("KENSA_SHARED") :
		"../shared", GZLAYERS);
	snprintf(a[2], sizeof(a[2]), "%s/%s", getenv("KENSA_SHARED") ? getenv("KENSA_SHARED") :
		"../shared", V25);
	for (i = 0; i < 3; i++)
		if (access(a[i], R_OK) != 0)
			return 0;
	snprintf(specs[0], sizeof(specs[0]), "alpine:3.10=%s,digest=%s", a[0], ALPINE_RD);
	snprintf(specs[1], sizeof(specs[1]), "myapp:1.4=%s,tags=myapp:1.4+myapp:latest", a[0]);
	snprintf(specs[2], sizeof(specs[2]), "gz:1=%s,tags=-", a[1]);
	snprintf(specs[3], sizeof(specs[3]), "hello:v25=%s", a[2]);
	/* inside the 5.8 MB layer.tar: the connection drops, or the body ends cleanly */
	snprintf(specs[4], sizeof(specs[4]), "trunc:1=%s,truncate=1000000,tags=-", a[0]);
	snprintf(specs[5], sizeof(specs[5]), "trunc:2=%s,truncate=3000,tags=-", a[0]);
	snprintf(specs[6], sizeof(specs[6]), "short:1=%s,short=1000000,tags=-", a[0]);
	/* a well-formed tar that stops after the layer: no config, no manifest.json */
	snprintf(specs[7], sizeof(specs[7]), "cut:1=%s,cut_after=layer.tar,tags=-", a[0]);
	snprintf(specs[8], sizeof(specs[8]), "bad:1=%s,tamper=1,tags=-", a[0]);
	/* a clean end of the HTTP body right after the tar's last member */
	snprintf(specs[9], sizeof(specs[9]), "cutend:1=%s,cut_after=repositories,tags=-", a[0]);
	for (i = 0; i < 10; i++) {
		args[n++] = "--image";
		args[n++] = specs[i];
	}
	args[n] = NULL;
	if (!fake_start(&engine, args))
		return 0;
	args[0] = "--ping-status";
	args[1] = "404";
	args[2] = NULL;
	if (!fake_start(&notengine, args))
		fake_stop(&engine);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fake_stop(&engine);
	fake_stop(&notengine);
	rmdir(tmpdir);
	return 0;
}

static void need_fake(void)
{
	if (!tu_have_shared()) {
		print_message("skipped: ../shared is absent\n");
		skip();
	}
	if (engine.pid <= 0) {
		print_message("skipped: engine_fake.py could not be started\n");
		skip();
	}
}

/* The sink: every blob analysed by every analyzer, results kept per key. */
struct coll {
	struct ks_ctx *cx;
	const char *keys[32];
	struct ks_lres lres[32];
	size_t n;
	uint64_t image_bytes;
};

static int coll_blob(void *ud, const char *key, struct ks_blob *b, struct ks_blob_info *info)
{
	struct coll *c = ud;
	struct ks_lres *lr;

	if (c->n == 32)
		return KS_ELIMIT;
	lr = &c->lres[c->n];
	memset(lr, 0, sizeof(*lr));
	c->keys[c->n] = key;
	c->n++;
	return ks_layer_stream(c->cx, NULL, b, &c->image_bytes, lr, info);
}

/* "path analyzer name@version ..." for the results the sink kept under key. */
static char *summary(const struct coll *c, const char *key)
{
	struct ks_buf b;
	size_t i, f, p;

	ks_buf_init(&b, 1 << 22);
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->keys[i], key) != 0)
			continue;
		for (f = 0; f < c->lres[i].nfiles; f++) {
			const struct ks_lfile *lf = &c->lres[i].files[f];

			ks_buf_addf(&b, "%s %s", lf->path, lf->an ? lf->an->name : "-");
			if (lf->res.os.family != NULL)
				ks_buf_addf(&b, " os=%s", lf->res.os.family);
			for (p = 0; p < lf->res.npkgs; p++)
				ks_buf_addf(&b, " %s@%s", lf->res.pkgs[p].name,
					lf->res.pkgs[p].version ? lf->res.pkgs[p].version : "");
			ks_buf_addc(&b, '\n');
		}
	}
	return ks_buf_detach(&b, NULL);
}

static size_t count_pkgs(const struct coll *c, const char *key)
{
	size_t i, f, n = 0;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->keys[i], key) == 0)
			for (f = 0; f < c->lres[i].nfiles; f++)
				n += c->lres[i].files[f].res.npkgs;
	return n;
}

static void opts_for(struct ks_daemon_opts *o, const char *host)
{
	memset(o, 0, sizeof(*o));
	o->kind = KS_DAEMON_DOCKER;
	o->host = host;
	o->http.retries = 0;
	o->http.stall_ms = 20000;
}

/* ks_daemon_open() on the fake engine with a fresh collector. */
static int dopen(struct ks_ctx *cx, struct coll *c, const char *host, const char *name,
	struct ks_image **img)
{
	struct ks_daemon_opts o;
	struct ks_blob_sink sink = { c, coll_blob };

	memset(c, 0, sizeof(*c));
	c->cx = cx;
	opts_for(&o, host);
	*img = NULL;
	return ks_daemon_open(cx, &o, name, &sink, img);
}

static bool strv_eq(const struct ks_strv *a, const char *const *want)
{
	size_t i;

	for (i = 0; want[i] != NULL; i++)
		if (i >= a->n || strcmp(a->v[i], want[i]) != 0)
			return false;
	return a->n == i;
}

/* The daemon's image for name equals the --input image of the archive rel, field by
 * field and package by package, apart from kind, name, RepoTags and RepoDigests. */
static void same_as_input(const char *name, const char *rel, size_t min_pkgs,
	const char *const *tags, const char *const *digests)
{
	struct ks_ctx cx1, cx2;
	struct coll *c1 = calloc(1, sizeof(*c1)), *c2 = calloc(1, sizeof(*c2));
	struct ks_blob_sink sink = { c1, coll_blob };
	struct ks_image *a = NULL, *b = NULL;
	size_t i;

	assert_non_null(c1);
	assert_non_null(c2);
	tu_ctx(&cx1);
	tu_ctx(&cx2);
	c1->cx = &cx1;
	assert_int_equal(ks_image_open(&cx1, tu_shared(rel), NULL, &sink, &a), 0);
	if (dopen(&cx2, c2, engine.host, name, &b) != 0)
		fail_msg("%s: %s", name, cx2.err.msg);
	assert_string_equal(b->kind, "docker");
	assert_string_equal(b->name, name);
	assert_string_equal(b->image_id, a->image_id);
	assert_int_equal(b->config_len, a->config_len);
	assert_memory_equal(b->config_raw, a->config_raw, a->config_len);
	assert_true(ks_streq(b->manifest_digest, a->manifest_digest));
	assert_true(ks_streq(b->os, a->os));
	assert_true(ks_streq(b->arch, a->arch));
	assert_true(ks_streq(b->variant, a->variant));
	assert_null(b->opener);
	assert_int_equal(b->nlayers, a->nlayers);
	assert_true(a->nlayers > 0);
	for (i = 0; i < a->nlayers; i++) {
		const struct ks_layer *la = &a->layers[i], *lb = &b->layers[i];
		char *sa = summary(c1, la->key), *sb = summary(c2, lb->key);

		assert_string_equal(lb->key, la->key);
		assert_string_equal(lb->digest, la->digest);
		assert_string_equal(lb->diffid, la->diffid);
		assert_true(ks_streq(lb->media_type, la->media_type));
		assert_int_equal(lb->size, la->size);
		assert_int_equal(lb->usize, la->usize);
		assert_string_equal(lb->created_by, la->created_by);
		assert_int_equal(lb->report_digest, la->report_digest);
		assert_string_equal(sb, sa);
		free(sa);
		free(sb);
	}
	assert_true(count_pkgs(c2, b->layers[0].key) >= min_pkgs);
	assert_int_equal(count_pkgs(c2, b->layers[0].key), count_pkgs(c1, a->layers[0].key));
	assert_true(strv_eq(&b->repo_tags, tags));
	assert_true(strv_eq(&b->repo_digests, digests));
	ks_ctx_release(&cx1);
	ks_ctx_release(&cx2);
	free(c1);
	free(c2);
}

static void test_same_as_input(void **state)
{
	static const char *const t_alpine[] = { "alpine:3.10", NULL };
	static const char *const d_alpine[] = { ALPINE_RD, NULL };
	static const char *const t_myapp[] = { "myapp:1.4", "myapp:latest", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	need_fake();
	/* 14 apk packages of Alpine 3.10.2 (Trivy's alpine-310 golden) */
	same_as_input("alpine:3.10", ALPINE, 14, t_alpine, d_alpine);
	same_as_input("myapp:1.4", ALPINE, 14, t_myapp, none);
	/* Docker Hub spelling, implied :latest, image ID and ID prefix resolve alike */
	same_as_input("docker.io/library/alpine:3.10", ALPINE, 14, t_alpine, d_alpine);
	same_as_input("myapp", ALPINE, 14, t_myapp, none);
	same_as_input(ALPINE_ID, ALPINE, 14, t_alpine, d_alpine);
	same_as_input("961769676411", ALPINE, 14, t_alpine, d_alpine);
	/* gzip-compressed layer members; Docker 25 saves (manifest.json + OCI layout) */
	same_as_input("gz:1", GZLAYERS, 14, none, none);
	same_as_input("hello:v25", V25, 0, none, none);
	/* a body that ends right after the tar's last member is a whole image */
	same_as_input("cutend:1", ALPINE, 14, none, none);
}

static void test_podman_and_tcp(void **state)
{
	struct ks_ctx cx;
	struct ks_daemon_opts o;
	struct ks_blob_sink sink;
	struct ks_image *img = NULL;
	struct coll *c = calloc(1, sizeof(*c));
	char host[64];

	(void)state;
	need_fake();
	assert_non_null(c);
	tu_ctx(&cx);
	c->cx = &cx;
	sink.ud = c;
	sink.blob = coll_blob;
	opts_for(&o, engine.sock); /* a bare socket path, as Trivy's --podman-host */
	o.kind = KS_DAEMON_PODMAN;
	if (ks_daemon_open(&cx, &o, "alpine:3.10", &sink, &img) != 0)
		fail_msg("%s", cx.err.msg);
	assert_string_equal(img->kind, "podman");
	assert_string_equal(img->image_id, ALPINE_ID);
	assert_int_equal(img->layers[0].usize, 5843968);
	snprintf(host, sizeof(host), "tcp://127.0.0.1:%d", engine.port);
	img = NULL;
	assert_int_equal(dopen(&cx, c, host, "alpine:3.10", &img), 0);
	assert_string_equal(img->image_id, ALPINE_ID);
	assert_int_equal(img->repo_digests.n, 1);
	ks_ctx_release(&cx);
	free(c);
}

static bool logged(const char *line)
{
	FILE *f = fopen(engine.log, "r");
	char buf[1024];
	bool hit = false;

	if (f == NULL)
		return false;
	while (!hit && fgets(buf, sizeof(buf), f) != NULL)
		hit = strncmp(buf, line, strlen(line)) == 0;
	fclose(f);
	return hit;
}

static void test_not_found(void **state)
{
	struct ks_ctx cx;
	struct ks_image *img;
	struct coll *c = calloc(1, sizeof(*c));

	(void)state;
	need_fake();
	assert_non_null(c);
	tu_ctx(&cx);
	assert_int_equal(dopen(&cx, c, engine.host, "nope:1", &img), KS_ENOTFOUND);
	assert_non_null(strstr(cx.err.msg, "image 'nope:1' not found in the docker daemon"));
	assert_non_null(strstr(cx.err.msg, "No such image: nope:1"));
	assert_null(img);
	assert_int_equal(c->n, 0);
	/* what is not a path character is escaped on the wire */
	assert_int_equal(dopen(&cx, c, engine.host, "a%b?c#d", &img), KS_ENOTFOUND);
	assert_true(logged("GET /images/a%25b%3Fc%23d/json 404"));
	assert_true(logged("GET /images/alpine:3.10/get 200"));
	assert_true(logged("GET /images/docker.io/library/alpine:3.10/json 200"));
	assert_true(logged("GET /_ping 200"));
	/* names the engine could not look up never leave */
	assert_int_equal(dopen(&cx, c, engine.host, "", &img), KS_EUSAGE);
	assert_int_equal(dopen(&cx, c, engine.host, "a b", &img), KS_EUSAGE);
	assert_int_equal(dopen(&cx, c, engine.host, "a\nb", &img), KS_EUSAGE);
	ks_ctx_release(&cx);
	free(c);
}

/* Each host is "not available": KS_EUNSUPPORTED, the sink untouched. */
static void not_available(const char *host, const char *msg)
{
	struct ks_ctx cx;
	struct ks_image *img;
	struct coll *c = calloc(1, sizeof(*c));
	int r;

	assert_non_null(c);
	tu_ctx(&cx);
	r = dopen(&cx, c, host, "alpine:3.10", &img);
	if (r != KS_EUNSUPPORTED || strstr(cx.err.msg, msg) == NULL)
		fail_msg("%s: %d '%s'", host, r, cx.err.msg);
	assert_null(img);
	assert_int_equal(c->n, 0);
	ks_ctx_release(&cx);
	free(c);
}

static void test_not_available(void **state)
{
	char host[256], path[100];
	struct sockaddr_un sa;
	int fd;

	(void)state;
	snprintf(host, sizeof(host), "unix://%s/absent.sock", tmpdir);
	not_available(host, "docker is not available: no socket at");
	/* a socket file nobody listens on (a daemon that died) */
	snprintf(path, sizeof(path), "%s/stale.sock", tmpdir);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	snprintf(host, sizeof(host), "unix://%s", path);
	not_available(host, "docker is not available at unix://");
	unlink(path);
	/* a regular file where the socket should be */
	snprintf(path, sizeof(path), "%s/file.sock", tmpdir);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	snprintf(host, sizeof(host), "unix://%s", path);
	not_available(host, "is not a socket");
	unlink(path);
	/* nobody on the port (port 1 needs privileges to listen on) */
	not_available("tcp://127.0.0.1:1", "docker is not available at tcp://127.0.0.1:1");
	not_available("ssh://user@host", "the 'ssh' scheme is not supported");
	not_available("npipe:////./pipe/docker_engine", "not supported");
	not_available("tcp://192.0.2.1:2375", "refusing plain http");
	if (notengine.pid > 0)
		not_available(notengine.host, "does not answer as an engine (GET /_ping: "
			"HTTP 404)");
}

/* The export fails with one of the codes, without a result. */
static void export_fails(const char *name, int code1, int code2, const char *msg)
{
	struct ks_ctx cx;
	struct ks_image *img;
	struct coll *c = calloc(1, sizeof(*c));
	int r;

	assert_non_null(c);
	tu_ctx(&cx);
	r = dopen(&cx, c, engine.host, name, &img);
	if ((r != code1 && r != code2) || strstr(cx.err.msg, msg) == NULL)
		fail_msg("%s: %d '%s'", name, r, cx.err.msg);
	assert_null(img);
	ks_ctx_release(&cx);
	free(c);
}

static void test_broken_exports(void **state)
{
	(void)state;
	need_fake();
	export_fails("trunc:1", KS_ETRUNC, KS_ETRUNC, "the export of 'trunc:1' broke off");
	export_fails("trunc:2", KS_ETRUNC, KS_ETRUNC, "the export of 'trunc:2' broke off");
	export_fails("short:1", KS_ETRUNC, KS_ECORRUPT, "export of 'short:1'");
	export_fails("cut:1", KS_ECORRUPT, KS_ECORRUPT, "is not one complete image");
	export_fails("bad:1", KS_EDIGEST, KS_EDIGEST, "the config's DiffID is sha256:"
		"03901b4a2ea88eeaad62dbe59b072b28b6efa00491962b8741081c5df50c65e0");
}

static void test_endpoint(void **state)
{
	struct ks_ctx cx;
	struct ks_daemon_opts o;
	struct ks_daemon_ep ep;
	char xdg[128], sock[200];
	int fd;

	(void)state;
	tu_ctx(&cx);
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
	opts_for(&o, NULL);
	unsetenv("DOCKER_HOST");
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), 0);
	assert_string_equal(ep.socket, "/var/run/docker.sock");
	assert_string_equal(ep.host, "unix:///var/run/docker.sock");
	assert_string_equal(ep.base, "http://localhost");
	setenv("DOCKER_HOST", "unix:///tmp/x.sock", 1);
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), 0);
	assert_string_equal(ep.socket, "/tmp/x.sock");
	o.host = "tcp://127.0.0.1"; /* --docker-host wins over DOCKER_HOST */
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), 0);
	assert_null(ep.socket);
	assert_string_equal(ep.base, "http://127.0.0.1:2375");
	o.host = "tcp://[::1]:2376/";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), 0);
	assert_string_equal(ep.base, "http://[::1]:2376");
	o.host = "tcp://db:2375/";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUNSUPPORTED);
	assert_non_null(strstr(cx.err.msg, "refusing plain http"));
	o.host = "tcp://docker.example:2375";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUNSUPPORTED);
	o.http.allow_http = true;
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), 0);
	assert_string_equal(ep.base, "http://docker.example:2375");
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUNSUPPORTED);
	assert_non_null(strstr(cx.err.msg, "DOCKER_TLS_VERIFY"));
	unsetenv("DOCKER_TLS_VERIFY");
	setenv("DOCKER_CERT_PATH", "/root/.docker", 1);
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUNSUPPORTED);
	unsetenv("DOCKER_CERT_PATH");
	o.host = "tcp://";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "tcp://h:port";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "tcp://h:123456";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "tcp://a/b:1";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "tcp://a]b:1";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "tcp://[]:1";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "tcp://[::1x]:1";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "tcp://[::1]x";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "unix://";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	o.host = "docker.sock";
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), KS_EUSAGE);
	/* Podman: the user's socket under XDG_RUNTIME_DIR when there is one, else the
	 * system's; DOCKER_HOST is Docker's alone */
	o.host = NULL;
	o.kind = KS_DAEMON_PODMAN;
	snprintf(xdg, sizeof(xdg), "%s/xdg", tmpdir);
	snprintf(sock, sizeof(sock), "%s/podman", xdg);
	assert_int_equal(mkdir(xdg, 0700), 0);
	assert_int_equal(mkdir(sock, 0700), 0);
	setenv("XDG_RUNTIME_DIR", xdg, 1);
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), 0);
	assert_string_equal(ep.socket, "/run/podman/podman.sock");
	snprintf(sock, sizeof(sock), "%s/podman/podman.sock", xdg);
	fd = open(sock, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(ks_daemon_endpoint(&cx, &o, &ep), 0);
	assert_string_equal(ep.socket, sock);
	unlink(sock);
	snprintf(sock, sizeof(sock), "%s/podman", xdg);
	rmdir(sock);
	rmdir(xdg);
	unsetenv("DOCKER_HOST");
	ks_ctx_release(&cx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_input),
		cmocka_unit_test(test_podman_and_tcp),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_not_available),
		cmocka_unit_test(test_broken_exports),
		cmocka_unit_test(test_endpoint),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
