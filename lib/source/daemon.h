/*
 * daemon.h - images exported by a local container engine through the Docker Engine API:
 * the Docker daemon (--docker-host, DOCKER_HOST) or Podman's Docker-compatible socket.
 *
 * ks_daemon_open() asks the engine whether it runs (GET /_ping), whether it has the image
 * (GET /images/{name}/json: RepoTags and RepoDigests come from there, as Trivy reports
 * them for daemon images) and then reads the export (GET /images/{name}/get, the bytes
 * `docker save` writes) in one pass straight into the image archive reader: metadata is
 * kept in memory, each layer streams to the scanner's blob sink as it arrives, nothing
 * is written to disk and the whole image is never held. The transport is lib/net/http.h
 * (plain HTTP/1.1 over a unix socket, or over TCP to tcp://host:port); Docker's TLS
 * (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, https), ssh:// hosts and docker contexts
 * (DOCKER_CONTEXT, ~/.docker/contexts) are not supported. Everything returned
 * lives in cx->arena; nothing is kept between calls.
 */
#ifndef KS_SOURCE_DAEMON_H
#define KS_SOURCE_DAEMON_H

#include "ctx.h"
#include "net/http.h"
#include "source/image.h"

enum ks_daemon_kind {
	KS_DAEMON_DOCKER, /* the Docker daemon */
	KS_DAEMON_PODMAN, /* Podman's Docker-compatible API socket */
};

struct ks_daemon_opts {
	enum ks_daemon_kind kind;
	/* "unix:///path", an absolute socket path, or "tcp://host[:port]" (port 2375 by
	 * default); NULL = the default of the kind (ks_daemon_endpoint) */
	const char *host;
	/* stall, deadline and retries of the requests; allow_http also permits tcp:// to a
	 * non-loopback host (plain http: the Engine API without TLS); unix_socket is ignored
	 * (the host decides it) */
	struct ks_http_opts http;
};

/* Where an engine is reached. */
struct ks_daemon_ep {
	const char *host;   /* as messages name it: "unix:///var/run/docker.sock" */
	const char *socket; /* unix socket path, NULL for tcp */
	const char *base;   /* URL prefix of the API: "http://localhost", "http://h:2375" */
};

/*
 * Decides where the engine of o->kind is reached: o->host when set; otherwise for Docker
 * $DOCKER_HOST, else unix:///var/run/docker.sock; for Podman
 * $XDG_RUNTIME_DIR/podman/podman.sock when that exists, else /run/podman/podman.sock.
 * Fills *ep (arena strings). Errors: KS_EUSAGE (a host that does not parse, with the
 * reason), KS_EUNSUPPORTED (a host kensa cannot talk to: ssh://, npipe://, fd://, a tcp
 * host while DOCKER_TLS_VERIFY or DOCKER_CERT_PATH asks for TLS, or plain tcp to a
 * non-loopback host without o->http.allow_http); each with a message naming the host.
 */
int ks_daemon_endpoint(struct ks_ctx *cx, const struct ks_daemon_opts *o,
	struct ks_daemon_ep *ep);

/*
 * Exports image `name` (as the engine resolves it: "myapp:1.4", "alpine", a registry
 * reference with a digest, an image ID or a unique ID prefix) from the engine of o and
 * scans it: every layer blob goes through sink (as ks_image_open() does for `--input`
 * with the `docker save` tar of the same image), each selected layer is verified against
 * the config's DiffIDs, and *out is that same struct ks_image except kind ("docker" or
 * "podman"), name (= name as given) and repo_tags/repo_digests (the engine's RepoTags and
 * RepoDigests, empty when it has none). Nothing is returned on any failure.
 *
 * Errors (message in cx->err, naming the host and the image):
 *   KS_EUNSUPPORTED  no engine here: no socket, nobody listening, permission denied on
 *                    the socket, something that does not answer /_ping as an engine, or
 *                    a host kensa cannot talk to (see ks_daemon_endpoint). Nothing was
 *                    read: the caller may try its next image source.
 *   KS_ENOTFOUND     the engine runs but has no image `name` (its 404): the caller may
 *                    try its next image source (a registry).
 *   KS_EUSAGE        a name that cannot be an image name (empty, control characters,
 *                    longer than 4096 bytes) or a malformed host.
 *   KS_ENET          the engine answered /_ping but an inspect or export request failed
 *                    before the export started (error status, connection lost).
 *   KS_ETRUNC        the export stream broke off, stalled or hit the deadline, or the tar
 *                    ends inside a member.
 *   KS_ECORRUPT      the inspect answer or the exported archive is malformed or
 *                    incomplete (no manifest.json, a layer or the config missing).
 *   KS_EDIGEST       a layer does not match its DiffID in the config.
 *   KS_ELIMIT, KS_EUNSAFE, KS_ENOMEM, or what the sink returned.
 */
int ks_daemon_open(struct ks_ctx *cx, const struct ks_daemon_opts *o, const char *name,
	struct ks_blob_sink *sink, struct ks_image **out);

#endif
