/*
 * daemon.c - images exported by the Docker daemon or Podman over the Engine API; see
 * daemon.h.
 *
 * Requests are unversioned (/_ping, /images/{name}/json, /images/{name}/get), which every
 * engine serves at its own current API version, so no version negotiation is needed for
 * these three stable endpoints.
 */
#include "source/daemon.h"
#include "source/resolve.h"
#include "util/buf.h"
#include "util/str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_LEN 4096
#define DOCKER_SOCK "/var/run/docker.sock"
#define PODMAN_SOCK "/run/podman/podman.sock"
#define DOCKER_PORT "2375"

static const char *kind_name(const struct ks_daemon_opts *o)
{
	return o->kind == KS_DAEMON_PODMAN ? "podman" : "docker";
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* "tcp://host[:port][/]": the host as a URL names it. */
static int tcp_endpoint(struct ks_ctx *cx, const struct ks_daemon_opts *o, const char *host,
	struct ks_daemon_ep *ep)
{
	struct ks_str rest = ks_str_c(host + 6), h, port;
	size_t i;

	if (ks_str_hassuffix(rest, "/"))
		rest.n--;
	if (rest.n > 0 && rest.p[0] == '[') {
		ptrdiff_t e = ks_str_chr(rest, ']');

		if (e < 0)
			return ks_seterr(&cx->err, KS_EUSAGE, "docker host '%s': unclosed '['",
				host);
		h = ks_str_sub(rest, 0, (size_t)e + 1);
		port = ks_str_sub(rest, (size_t)e + 1, rest.n);
		if (port.n > 0 && port.p[0] != ':')
			return ks_seterr(&cx->err, KS_EUSAGE, "docker host '%s': junk after the "
				"address", host);
		port = ks_str_sub(port, 1, port.n);
	} else if (!ks_str_cut(rest, ':', &h, &port)) {
		h = rest;
		port = ks_str_c("");
	}
	if (h.n == 0 || (h.p[0] == '[' && h.n == 2))
		return ks_seterr(&cx->err, KS_EUSAGE, "docker host '%s': no host name", host);
	/* a name or IPv4 address, or an IPv6 address in brackets */
	for (i = h.p[0] == '[' ? 1 : 0; i < (h.p[0] == '[' ? h.n - 1 : h.n); i++) {
		char c = h.p[i];
		bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			(c >= 'A' && c <= 'F') || c == '.';

		if (h.p[0] == '[')
			ok = ok || c == ':';
		else
			ok = ok || (c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z') || c == '-' ||
				c == '_';
		if (!ok)
			return ks_seterr(&cx->err, KS_EUSAGE, "docker host '%s': bad host name",
				host);
	}
	for (i = 0; i < port.n; i++)
		if (port.p[i] < '0' || port.p[i] > '9' || i >= 5)
			return ks_seterr(&cx->err, KS_EUSAGE, "docker host '%s': bad port", host);
	/* the docker CLI turns TLS on for the first, Docker's Go client for the second */
	if (env("DOCKER_TLS_VERIFY") != NULL || env("DOCKER_CERT_PATH") != NULL)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "docker host '%s': TLS to the "
			"engine (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) is not supported; use its "
			"unix socket", host);
	ep->base = ks_arena_printf(&cx->arena, "http://%.*s:%.*s", (int)h.n, h.p,
		port.n ? (int)port.n : (int)strlen(DOCKER_PORT), port.n ? port.p : DOCKER_PORT);
	if (ep->base == NULL)
		return KS_ENOMEM;
	if (!o->http.allow_http && !ks_http_loopback(ep->base + 7))
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "docker host '%s': refusing plain "
			"http to a host that is not loopback (use --insecure to allow it; TLS to "
			"the engine is not supported)", host);
	return 0;
}

int ks_daemon_endpoint(struct ks_ctx *cx, const struct ks_daemon_opts *o,
	struct ks_daemon_ep *ep)
{
	const char *host = o->host, *sock = NULL, *sep;
	struct stat sb;

	memset(ep, 0, sizeof(*ep));
	if (host == NULL && o->kind == KS_DAEMON_DOCKER)
		host = env("DOCKER_HOST");
	if (host == NULL && o->kind == KS_DAEMON_PODMAN && env("XDG_RUNTIME_DIR") != NULL) {
		sock = ks_arena_printf(&cx->arena, "%s/podman/podman.sock",
			env("XDG_RUNTIME_DIR"));
		if (sock == NULL)
			return KS_ENOMEM;
		if (stat(sock, &sb) != 0)
			sock = NULL;
	}
	if (host == NULL && sock == NULL)
		sock = o->kind == KS_DAEMON_PODMAN ? PODMAN_SOCK : DOCKER_SOCK;
	if (host == NULL || host[0] == '/') {
		if (sock == NULL)
			sock = host;
	} else if (ks_hasprefix(host, "unix://")) {
		sock = host + 7;
		if (sock[0] == '\0')
			return ks_seterr(&cx->err, KS_EUSAGE, "docker host '%s': no socket path",
				host);
	} else if (ks_hasprefix(host, "tcp://")) {
		int r = tcp_endpoint(cx, o, host, ep);

		if (r == 0 && (ep->host = ks_arena_strdup(&cx->arena, host)) == NULL)
			r = KS_ENOMEM;
		return r;
	} else if ((sep = strstr(host, "://")) != NULL) {
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "docker host '%s': the '%.*s' scheme "
			"is not supported (use unix:// or tcp://)", host, (int)(sep - host), host);
	} else {
		return ks_seterr(&cx->err, KS_EUSAGE, "docker host '%s' is not unix:///path or "
			"tcp://host:port", host);
	}
	ep->socket = ks_arena_strdup(&cx->arena, sock);
	ep->host = ks_arena_printf(&cx->arena, "unix://%s", sock);
	ep->base = "http://localhost";
	return ep->socket != NULL && ep->host != NULL ? 0 : KS_ENOMEM;
}

/* Replaces the code of the error in cx->err, prefixing its message; returns code. */
static int recode(struct ks_ctx *cx, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int recode(struct ks_ctx *cx, int code, const char *fmt, ...)
{
	char pre[KS_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	ks_err_prefix(&cx->err, "%s", pre);
	cx->err.code = code;
	return code;
}

/* The engine's reason from an error body ({"message": "..."}), control characters
 * replaced; "" when there is none. */
static const char *reason(struct ks_ctx *cx, const struct ks_http_resp *resp)
{
	json_t *j = resp->body ? json_loadb(resp->body, resp->len, 0, NULL) : NULL;
	const char *m = json_string_value(json_object_get(j, "message"));
	char *s = NULL, *p;

	if (m != NULL && (s = ks_arena_printf(&cx->arena, ": %.300s", m)) != NULL)
		for (p = s; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
	json_decref(j);
	return s ? s : "";
}

/* A socket path that is there and that we may connect to; KS_EUNSUPPORTED otherwise. */
static int socket_usable(struct ks_ctx *cx, const struct ks_daemon_opts *o,
	const struct ks_daemon_ep *ep)
{
	struct stat sb;

	if (stat(ep->socket, &sb) != 0)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s is not available: no socket at "
			"'%s' (%s; %s)", kind_name(o), ep->socket, strerror(errno),
			o->kind == KS_DAEMON_PODMAN ? "is the podman API service running? "
			"'systemctl --user start podman.socket' starts it" : "is the docker daemon "
			"running? --docker-host or DOCKER_HOST name another socket");
	if (!S_ISSOCK(sb.st_mode))
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s is not available: '%s' is not a "
			"socket", kind_name(o), ep->socket);
	if (access(ep->socket, R_OK | W_OK) != 0)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s is not available: cannot use "
			"'%s' (%s%s)", kind_name(o), ep->socket, strerror(errno),
			errno == EACCES ? "; is the user allowed to use the daemon, e.g. in the "
					  "docker group?" : "");
	return 0;
}

/* GET /_ping: an engine answers 200 "OK". */
static int ping(struct ks_ctx *cx, const struct ks_daemon_opts *o,
	const struct ks_daemon_ep *ep, const struct ks_http_opts *ho)
{
	struct ks_http_opts once = *ho;
	struct ks_http_resp resp;
	struct ks_http_req rq;
	int r;

	memset(&rq, 0, sizeof(rq));
	once.retries = 0;
	if ((rq.url = ks_arena_printf(&cx->arena, "%s/_ping", ep->base)) == NULL)
		return KS_ENOMEM;
	rq.max_body = 4096;
	r = ks_http_get(cx, &once, &rq, &resp);
	if (r == KS_ENET || r == KS_ELIMIT)
		r = recode(cx, KS_EUNSUPPORTED, "%s is not available at %s", kind_name(o),
			ep->host);
	else if (r == 0 && resp.status != 200)
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s is not available at %s: it does not "
			"answer as an engine (GET /_ping: HTTP %ld)", kind_name(o), ep->host,
			resp.status);
	ks_http_resp_release(&resp);
	return r;
}

/* Copies a JSON array of strings (or null) into *out. */
static int strings(struct ks_ctx *cx, json_t *a, struct ks_strv *out)
{
	json_t *v;
	size_t i;

	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return KS_ECORRUPT;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v))
			return KS_ECORRUPT;
		if (ks_strv_pushn(&cx->arena, out, json_string_value(v),
			    json_string_length(v)) != 0)
			return KS_ENOMEM;
	}
	return 0;
}

/* GET /images/{name}/json: the image must exist; keeps its RepoTags and RepoDigests. */
static int inspect(struct ks_ctx *cx, const struct ks_daemon_opts *o,
	const struct ks_daemon_ep *ep, const struct ks_http_opts *ho, const char *name,
	const char *path, struct ks_strv *tags, struct ks_strv *digests)
{
	struct ks_http_resp resp;
	struct ks_http_req rq;
	json_t *j = NULL;
	int r;

	memset(&rq, 0, sizeof(rq));
	if ((rq.url = ks_arena_printf(&cx->arena, "%s/images/%s/json", ep->base, path)) == NULL)
		return KS_ENOMEM;
	rq.max_body = cx->lim.max_json;
	if ((r = ks_http_get(cx, ho, &rq, &resp)) != 0) {
		ks_err_prefix(&cx->err, "%s at %s: inspecting '%s'", kind_name(o), ep->host, name);
		goto out;
	}
	if (resp.status == 404) {
		r = ks_seterr(&cx->err, KS_ENOTFOUND, "image '%s' not found in the %s daemon at "
			"%s%s", name, kind_name(o), ep->host, reason(cx, &resp));
		goto out;
	}
	if (resp.status != 200) {
		r = ks_seterr(&cx->err, KS_ENET, "%s at %s: inspecting '%s': HTTP %ld%s",
			kind_name(o), ep->host, name, resp.status, reason(cx, &resp));
		goto out;
	}
	if ((r = ks_json_parse(cx, "image inspect", resp.body, resp.len, &j)) != 0) {
		ks_err_prefix(&cx->err, "%s at %s: '%s'", kind_name(o), ep->host, name);
		goto out;
	}
	if (!json_is_object(j) || (r = strings(cx, json_object_get(j, "RepoTags"), tags)) != 0 ||
		(r = strings(cx, json_object_get(j, "RepoDigests"), digests)) != 0) {
		if (r != KS_ENOMEM)
			r = ks_seterr(&cx->err, KS_ECORRUPT, "%s at %s: '%s': image inspect: "
				"RepoTags and RepoDigests are not lists of strings", kind_name(o),
				ep->host, name);
		goto out;
	}
	r = 0;
out:
	json_decref(j);
	ks_http_resp_release(&resp);
	return r;
}

/* GET /images/{name}/get streamed into the image archive reader. */
static int export(struct ks_ctx *cx, const struct ks_daemon_opts *o,
	const struct ks_daemon_ep *ep, const struct ks_http_opts *ho, const char *name,
	const char *path, struct ks_blob_sink *sink, struct ks_image **out)
{
	struct ks_http_resp resp;
	struct ks_http_req rq;
	struct ks_blob in;
	int r;

	memset(&rq, 0, sizeof(rq));
	memset(&in, 0, sizeof(in));
	if ((rq.url = ks_arena_printf(&cx->arena, "%s/images/%s/get", ep->base, path)) == NULL)
		return KS_ENOMEM;
	rq.progress = true;
	if ((r = ks_http_open(cx, ho, &rq, &resp, &in)) != 0) {
		ks_err_prefix(&cx->err, "%s at %s: exporting '%s'", kind_name(o), ep->host, name);
		goto out;
	}
	if (resp.status < 200 || resp.status >= 300) {
		r = ks_seterr(&cx->err, resp.status == 404 ? KS_ENOTFOUND : KS_ENET, "%s at %s: "
			"exporting '%s': HTTP %ld%s", kind_name(o), ep->host, name, resp.status,
			reason(cx, &resp));
		goto out;
	}
	r = ks_image_open_stream(cx, name, &in, sink, out);
	if (r == KS_ENET)
		r = recode(cx, KS_ETRUNC, "%s at %s: the export of '%s' broke off", kind_name(o),
			ep->host, name);
	else if (r == KS_EUNSUPPORTED || r == KS_ENOTFOUND || r == KS_EAMBIGUOUS)
		r = recode(cx, KS_ECORRUPT, "%s at %s: the export of '%s' is not one complete "
			"image", kind_name(o), ep->host, name);
	else if (r != 0 && r != KS_ENOMEM)
		ks_err_prefix(&cx->err, "%s at %s: export of '%s'", kind_name(o), ep->host, name);
out:
	if (in.close != NULL)
		in.close(in.h);
	ks_http_resp_release(&resp);
	return r;
}

/* A name the engine can look up: no control characters, bounded. */
static int check_name(struct ks_ctx *cx, const char *name)
{
	size_t i, n = name ? strlen(name) : 0;

	if (n == 0 || n > NAME_MAX_LEN)
		return ks_seterr(&cx->err, KS_EUSAGE, "image name '%.80s' is %s", name ? name : "",
			n == 0 ? "empty" : "too long");
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] <= 0x20 || name[i] == 0x7f)
			return ks_seterr(&cx->err, KS_EUSAGE, "image name '%.80s' contains a space "
				"or control character", name);
	return 0;
}

int ks_daemon_open(struct ks_ctx *cx, const struct ks_daemon_opts *o, const char *name,
	struct ks_blob_sink *sink, struct ks_image **out)
{
	struct ks_strv tags = { 0 }, digests = { 0 };
	struct ks_daemon_ep ep;
	struct ks_http_opts ho = o->http;
	struct ks_image *img = NULL;
	struct ks_buf path;
	int r;

	ks_buf_init(&path, 3 * NAME_MAX_LEN);
	if ((r = check_name(cx, name)) != 0 || (r = ks_daemon_endpoint(cx, o, &ep)) != 0)
		goto out;
	ho.unix_socket = ep.socket;
	if (ep.socket != NULL && (r = socket_usable(cx, o, &ep)) != 0)
		goto out;
	if ((r = ping(cx, o, &ep, &ho)) != 0)
		goto out;
	/* path components of references and IDs stay as they are ("/", ":" and "@" mean
	 * nothing special in a path segment to the engine's router); the rest is escaped */
	if ((r = ks_buf_addpct(&path, name, "/:@")) != 0)
		goto out;
	if ((r = inspect(cx, o, &ep, &ho, name, path.p, &tags, &digests)) != 0 ||
		(r = export(cx, o, &ep, &ho, name, path.p, sink, &img)) != 0)
		goto out;
	img->kind = kind_name(o);
	img->repo_tags = tags;
	img->repo_digests = digests;
	*out = img;
	r = 0;
out:
	ks_buf_release(&path);
	return r;
}
