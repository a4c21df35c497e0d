/*
 * http.h - the one HTTP client of kensa (libcurl): vulnerability feed downloads, OCI
 * registries and, later, the Docker daemon's unix socket.
 *
 * Every request follows redirects (blob storage), retries with exponential backoff on 429,
 * 5xx and transient network errors (honouring Retry-After), fails a transfer that receives
 * nothing for the stall timeout and every request past an optional deadline, verifies TLS
 * (unless told not to) against the system's or a given CA bundle, and refuses plain http
 * except to loopback hosts unless allowed. libcurl (7.83 and later) never forwards an
 * Authorization header to another origin (host, port or scheme) than the one first asked
 * (test_registry_flow checks it on a redirect to blob storage). The caller owns the
 * request, the response (ks_http_resp_release) and streams (close them); nothing here
 * keeps global state other than libcurl's one-time initialisation, so requests may run on
 * several threads at once (each with its own ks_ctx).
 */
#ifndef KS_NET_HTTP_H
#define KS_NET_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "source/image.h"

struct ks_http_opts {
	long stall_ms;        /* a transfer receiving nothing for this long fails; 0 = 60 s */
	int retries;          /* extra attempts after the first; < 0 = 3 */
	long retry_base_ms;   /* first backoff delay, doubled each retry; 0 = 1000 */
	int64_t deadline_ms;  /* ks_http_now_ms() after which requests fail; 0 = none */
	const char *cafile;   /* PEM bundle to trust instead of the system's; NULL = system */
	bool insecure;        /* no TLS certificate or host name verification */
	bool allow_http;      /* plain http to any host (otherwise loopback hosts only) */
	bool allow_file;      /* file:// URLs (feed mirrors) */
	const char *unix_socket; /* connect to this unix socket instead of the URL's host */
};

struct ks_http_req {
	const char *url;
	bool head;                  /* HEAD instead of GET */
	const char *post;           /* NULL = GET; else POST this form body (sent as
				     * application/x-www-form-urlencoded; borrowed until the
				     * request, or stream, ends; a 301/302/303 redirect
				     * continues as GET) */
	const char *const *headers; /* extra request headers, "Name: value" */
	size_t nheaders;
	size_t max_body;            /* a body kept in memory may not exceed this; 0 = 1 MiB */
	bool decode;                /* accept and decode gzip/deflate/br content encodings */
	bool progress;              /* report bytes received under the URL as the phase */
	/* ks_http_get(): the body goes to sink instead of memory (any status); a non-zero
	 * return aborts the request with that code. restart() is called before a retry
	 * so the sink can drop what it got. */
	int (*sink)(void *ud, const void *p, size_t n);
	int (*restart)(void *ud);
	void *sink_ud;
};

/* The final response (after redirects). Header values are cut to the field size. */
struct ks_http_resp {
	long status;      /* HTTP status; 0 for file:// */
	char *body;       /* malloc'd, NUL-terminated; NULL when a sink took it or no body */
	size_t len;
	uint64_t length;  /* Content-Length, 0 when absent */
	long retry_after; /* Retry-After seconds, -1 when absent */
	char ctype[128];         /* Content-Type */
	char digest[160];        /* Docker-Content-Digest */
	char www_auth[1024];     /* WWW-Authenticate (the first one) */
	char location[1024];     /* Location */
	char etag[256];          /* ETag */
	char lastmod[128];       /* Last-Modified */
};

/* Monotonic milliseconds, for ks_http_opts.deadline_ms. */
int64_t ks_http_now_ms(void);

/*
 * Performs one request, retrying as described above, and returns 0 once a final response
 * arrived, whatever its status (the caller interprets it; a 429/5xx is returned when the
 * retries ran out). Errors: KS_ENET (no response: connection, TLS, stall, deadline; the
 * message names the URL and the cause), KS_ENOTFOUND (a file:// URL that does not
 * exist), KS_ELIMIT (a memory body over max_body), KS_EUSAGE (plain http refused, bad
 * URL), KS_ENOMEM, or what the sink returned. Release resp either way.
 */
int ks_http_get(struct ks_ctx *cx, const struct ks_http_opts *o, const struct ks_http_req *rq,
	struct ks_http_resp *resp);

/*
 * Opens a GET as a pull stream: retries like ks_http_get() until the final response's
 * headers arrive, then returns 0 with them in resp. For a 2xx status (or file://) *out
 * reads the body as it arrives (out->size is the Content-Length, or 0), with a bounded
 * buffer and back-pressure (the transfer pauses while the reader does not read); stalls
 * and the deadline fail read() with KS_ENET; close it with out->close(out->h). For any
 * other status the start of the body (64 KiB at most) is in resp->body and *out is left
 * untouched. cx receives the stream's errors and must outlive it. Errors as
 * ks_http_get().
 */
int ks_http_open(struct ks_ctx *cx, const struct ks_http_opts *o, const struct ks_http_req *rq,
	struct ks_http_resp *resp, struct ks_blob *out);

void ks_http_resp_release(struct ks_http_resp *r);

/* True if host (as in a URL: "localhost", "127.0.0.1", "[::1]", with or without a
 * ":port") is a loopback name or address. */
bool ks_http_loopback(const char *host);

#endif
