/*
 * http.c - the libcurl client; see http.h.
 *
 * Every request runs on its own curl multi handle so the same engine serves blocking
 * requests (ks_http_get pumps until the end) and pull streams (ks_http_open pumps only
 * while the reader wants bytes). Received body bytes go to a bounded buffer; when it is
 * full the write callback pauses the transfer until the reader drains it. Stalls and the
 * deadline are checked here, not by curl's low-speed limit, so time a paused transfer
 * spends waiting for its reader never counts as a stall.
 */
#include "net/http.h"
#include "util/str.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STREAM_BUF (1024 * 1024) /* body bytes a stream holds before it pauses */
#define ERR_BODY_MAX (64 * 1024) /* start of a non-2xx body kept for messages */
#define DEFAULT_MAX_BODY (1024 * 1024)
#define POLL_MS 100
#define MAX_RETRY_AFTER 3600

struct xfer {
	struct ks_ctx *cx;
	const struct ks_http_opts *o;
	CURLM *multi;
	CURL *easy;
	struct curl_slist *hdrs;
	struct ks_http_resp *resp;
	char *url;
	unsigned char *buf;
	size_t off, len, cap, max; /* unread bytes are buf[off..len) */
	bool memory;               /* resp->body collects the whole body */
	bool paused, done, headers_done, in_error_body;
	CURLcode result;
	int64_t last_rx;
	char errbuf[CURL_ERROR_SIZE];
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result;

static void curl_init(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int64_t ks_http_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

bool ks_http_loopback(const char *host)
{
	struct ks_str h = ks_str_c(host), name, port;

	if (h.n > 0 && h.p[0] == '[') {
		ptrdiff_t e = ks_str_chr(h, ']');

		if (e < 0)
			return false;
		return ks_str_eq(ks_str_sub(h, 1, (size_t)e - 1), "::1");
	}
	if (ks_str_eq(h, "::1"))
		return true;
	ks_str_cut(h, ':', &name, &port);
	if (ks_str_eqi(name, "localhost"))
		return true;
	if (!ks_str_hasprefix(name, "127."))
		return false;
	{
		/* 127.0.0.0/8: four decimal octets */
		size_t i, dots = 0, digits = 0;

		for (i = 0; i < name.n; i++) {
			char c = name.p[i];

			if (c == '.') {
				if (digits == 0)
					return false;
				dots++;
				digits = 0;
			} else if (c >= '0' && c <= '9' && digits < 3) {
				digits++;
			} else {
				return false;
			}
		}
		return dots == 3 && digits > 0;
	}
}

/* Copies a header value into a fixed field, cut to fit. */
static void keep(char *dst, size_t size, struct ks_str v)
{
	size_t n = v.n < size - 1 ? v.n : size - 1;

	memcpy(dst, v.p, n);
	dst[n] = '\0';
}

static void reset_headers(struct ks_http_resp *r)
{
	r->length = 0;
	r->retry_after = -1;
	r->ctype[0] = r->digest[0] = r->www_auth[0] = r->location[0] = '\0';
	r->etag[0] = r->lastmod[0] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	struct ks_http_resp *r = x->resp;
	struct ks_str line = ks_str_trim((struct ks_str){ p, size * n }), name, value;
	uint64_t v;

	x->last_rx = ks_http_now_ms();
	if (ks_str_hasprefix(line, "HTTP/")) {
		struct ks_str rest, code;

		reset_headers(r);
		ks_str_cut(line, ' ', &name, &rest);
		ks_str_cut(rest, ' ', &code, &value);
		r->status = ks_str_to_u64(code, 999, &v) ? (long)v : 0;
		return size * n;
	}
	if (line.n == 0) {
		/* end of one response's headers: the final one unless curl follows it */
		if (r->status >= 200 && !(r->status >= 300 && r->status < 400 && r->location[0]))
			x->headers_done = true;
		return size * n;
	}
	if (!ks_str_cut(line, ':', &name, &value))
		return size * n;
	value = ks_str_trim(value);
	if (ks_str_eqi(name, "content-type"))
		keep(r->ctype, sizeof(r->ctype), value);
	else if (ks_str_eqi(name, "docker-content-digest"))
		keep(r->digest, sizeof(r->digest), value);
	else if (ks_str_eqi(name, "www-authenticate") && r->www_auth[0] == '\0')
		keep(r->www_auth, sizeof(r->www_auth), value);
	else if (ks_str_eqi(name, "location"))
		keep(r->location, sizeof(r->location), value);
	else if (ks_str_eqi(name, "etag") && value.n < sizeof(r->etag))
		keep(r->etag, sizeof(r->etag), value);
	else if (ks_str_eqi(name, "last-modified") && value.n < sizeof(r->lastmod))
		keep(r->lastmod, sizeof(r->lastmod), value);
	else if (ks_str_eqi(name, "content-length") && ks_str_to_u64(value, UINT64_MAX / 2, &v))
		r->length = v;
	else if (ks_str_eqi(name, "retry-after") && ks_str_to_u64(value, MAX_RETRY_AFTER, &v))
		r->retry_after = (long)v;
	return size * n;
}

/* Makes room for n more bytes (plus a NUL): compacts, then grows up to x->max; a stream
 * whose buffer is empty takes one chunk larger than that. */
static bool room(struct xfer *x, size_t n)
{
	size_t want;
	unsigned char *nb;

	if (x->off > 0) {
		memmove(x->buf, x->buf + x->off, x->len - x->off);
		x->len -= x->off;
		x->off = 0;
	}
	if (x->cap - x->len > n)
		return true;
	if (x->len + n > x->max && (x->memory || x->len > 0))
		return false;
	want = x->cap ? x->cap * 2 : 64 * 1024;
	while (want <= x->len + n)
		want *= 2;
	if ((nb = realloc(x->buf, want)) == NULL)
		return false;
	x->buf = nb;
	x->cap = want;
	return true;
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	size_t len = size * n;

	x->last_rx = ks_http_now_ms();
	if (x->in_error_body) {
		/* keep the start of an error page for the message, drop the rest */
		size_t k = x->len < ERR_BODY_MAX ? ERR_BODY_MAX - x->len : 0;

		if (k > len)
			k = len;
		if (k > 0 && room(x, k)) {
			memcpy(x->buf + x->len, p, k);
			x->len += k;
		}
		return len;
	}
	if (!room(x, len)) {
		if (x->memory || x->buf == NULL)
			return 0; /* over max_body (or out of memory): abort */
		x->paused = true;
		return CURL_WRITEFUNC_PAUSE;
	}
	memcpy(x->buf + x->len, p, len);
	x->len += len;
	return len;
}

static int progress_cb(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ul,
	curl_off_t un)
{
	struct xfer *x = ud;

	(void)ul;
	(void)un;
	ks_progress(x->cx, x->url, (uint64_t)dlnow, (uint64_t)dltotal);
	return 0;
}

static void xfer_release(struct xfer *x)
{
	if (x->multi != NULL && x->easy != NULL)
		curl_multi_remove_handle(x->multi, x->easy);
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	if (x->multi != NULL)
		curl_multi_cleanup(x->multi);
	curl_slist_free_all(x->hdrs);
	free(x->buf);
	free(x->url);
	memset(x, 0, sizeof(*x));
}

/* Which protocols a URL may use (and be redirected to); fails for plain http to a
 * non-loopback host unless allowed. */
static int protocols(struct ks_ctx *cx, const struct ks_http_opts *o, const char *url,
	const char **protos, const char **redir)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	int r = KS_EUSAGE;

	if (u == NULL)
		return KS_ENOMEM;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		ks_seterr(&cx->err, KS_EUSAGE, "'%s' is not a valid URL", url);
		goto out;
	}
	curl_url_get(u, CURLUPART_HOST, &host, 0);
	if (strcmp(scheme, "https") == 0) {
		*protos = "https";
		*redir = o->allow_http ? "http,https" : "https";
	} else if (strcmp(scheme, "http") == 0) {
		if (!o->allow_http && o->unix_socket == NULL &&
			!(host != NULL && ks_http_loopback(host))) {
			ks_seterr(&cx->err, KS_EUSAGE, "%s: refusing plain http to '%s' (use https, "
				"or --insecure to allow it)", url, host ? host : "");
			goto out;
		}
		*protos = "http,https";
		*redir = "http,https";
	} else if (strcmp(scheme, "file") == 0 && o->allow_file) {
		*protos = "file";
		*redir = "https";
	} else {
		ks_seterr(&cx->err, KS_EUSAGE, "%s: unsupported URL scheme '%s'", url, scheme);
		goto out;
	}
	r = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return r;
}

/* Sets up one attempt of the request. */
static int xfer_init(struct ks_ctx *cx, const struct ks_http_opts *o,
	const struct ks_http_req *rq, struct ks_http_resp *resp, bool memory, struct xfer *x)
{
	const char *protos = NULL, *redir = NULL;
	long stall = o->stall_ms > 0 ? o->stall_ms : 60000;
	size_t i;
	int r;

	memset(x, 0, sizeof(*x));
	x->cx = cx;
	x->o = o;
	x->resp = resp;
	x->memory = memory;
	x->max = memory ? (rq->max_body ? rq->max_body : DEFAULT_MAX_BODY) : STREAM_BUF;
	pthread_once(&curl_once, curl_init);
	if (curl_init_result != CURLE_OK)
		return ks_seterr(&cx->err, KS_ENET, "cannot initialise libcurl: %s",
			curl_easy_strerror(curl_init_result));
	if ((r = protocols(cx, o, rq->url, &protos, &redir)) != 0)
		return r;
	if ((x->url = strdup(rq->url)) == NULL || (x->multi = curl_multi_init()) == NULL ||
		(x->easy = curl_easy_init()) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < rq->nheaders; i++) {
		struct curl_slist *n = curl_slist_append(x->hdrs, rq->headers[i]);

		if (n == NULL)
			return KS_ENOMEM;
		x->hdrs = n;
	}
	curl_easy_setopt(x->easy, CURLOPT_URL, rq->url);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, protos);
	curl_easy_setopt(x->easy, CURLOPT_REDIR_PROTOCOLS_STR, redir);
	curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(x->easy, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(x->easy, CURLOPT_USERAGENT, "kensa/" KENSA_VERSION);
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	curl_easy_setopt(x->easy, CURLOPT_NOBODY, rq->head ? 1L : 0L);
	if (rq->post != NULL)
		curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, rq->post);
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, stall);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	if (rq->decode)
		curl_easy_setopt(x->easy, CURLOPT_ACCEPT_ENCODING, "");
	if (rq->progress) {
		curl_easy_setopt(x->easy, CURLOPT_XFERINFOFUNCTION, progress_cb);
		curl_easy_setopt(x->easy, CURLOPT_XFERINFODATA, x);
		curl_easy_setopt(x->easy, CURLOPT_NOPROGRESS, 0L);
	}
	if (o->cafile != NULL)
		curl_easy_setopt(x->easy, CURLOPT_CAINFO, o->cafile);
	if (o->insecure) {
		curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (o->unix_socket != NULL)
		curl_easy_setopt(x->easy, CURLOPT_UNIX_SOCKET_PATH, o->unix_socket);
	reset_headers(resp);
	resp->status = 0;
	x->last_rx = ks_http_now_ms();
	if (curl_multi_add_handle(x->multi, x->easy) != CURLM_OK)
		return KS_ENOMEM;
	return 0;
}

/* The failure message for a transfer that ended with a curl error. */
static int curl_fail(struct xfer *x)
{
	const char *detail = x->errbuf[0] ? x->errbuf : curl_easy_strerror(x->result);

	switch (x->result) {
	case CURLE_FILE_COULDNT_READ_FILE:
		return ks_seterr(&x->cx->err, KS_ENOTFOUND, "%s: not found", x->url);
	case CURLE_WRITE_ERROR:
		if (x->memory)
			return ks_seterr(&x->cx->err, KS_ELIMIT, "%s: the response is larger than "
				"%zu bytes", x->url, x->max);
		return ks_seterr(&x->cx->err, KS_ENOMEM, "%s: out of memory", x->url);
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		return ks_seterr(&x->cx->err, KS_ENET, "%s: %s (give the CA bundle with "
			"--cacert, or skip verification with --insecure)", x->url, detail);
	default:
		return ks_seterr(&x->cx->err, KS_ENET, "%s: %s", x->url, detail);
	}
}

/*
 * Runs the transfer for one step: performs, collects completion, and waits for activity
 * when there is nothing to hand out. Returns 0 (progress possibly made) or KS_ENET when
 * nothing arrived for the stall timeout or the deadline passed.
 */
static int step(struct xfer *x)
{
	long stall = x->o->stall_ms > 0 ? x->o->stall_ms : 60000;
	int running = 0, nmsg;
	CURLMsg *m;
	int64_t now;

	if (x->paused && x->off == x->len) {
		x->paused = false;
		x->last_rx = ks_http_now_ms(); /* the reader's time is not a stall */
		curl_easy_pause(x->easy, CURLPAUSE_CONT);
	}
	if (curl_multi_perform(x->multi, &running) != CURLM_OK)
		return ks_seterr(&x->cx->err, KS_ENET, "%s: libcurl failed", x->url);
	while ((m = curl_multi_info_read(x->multi, &nmsg)) != NULL)
		if (m->msg == CURLMSG_DONE) {
			x->done = true;
			x->result = m->data.result;
		}
	if (x->done || x->off < x->len || x->paused)
		return 0;
	curl_multi_poll(x->multi, NULL, 0, POLL_MS, NULL);
	now = ks_http_now_ms();
	if (x->o->deadline_ms > 0 && now >= x->o->deadline_ms)
		return ks_seterr(&x->cx->err, KS_ENET, "%s: timed out (--timeout reached)",
			x->url);
	if (now - x->last_rx >= stall)
		return ks_seterr(&x->cx->err, KS_ENET, "%s: the transfer stalled: nothing "
			"received for %ld ms", x->url, stall);
	return 0;
}

/* Pumps until the final response's headers are in (or the body starts, or the
 * transfer ends). */
static int wait_headers(struct xfer *x)
{
	int r;

	while (!x->headers_done && !x->done && x->off == x->len)
		if ((r = step(x)) != 0)
			return r;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &x->resp->status);
	return 0;
}

/* Pumps to the end of the transfer, handing body bytes to the sink (if any). */
static int drain(struct xfer *x, const struct ks_http_req *rq)
{
	int r;

	for (;;) {
		if (rq->sink != NULL && x->off < x->len) {
			if ((r = rq->sink(rq->sink_ud, x->buf + x->off, x->len - x->off)) != 0)
				return r;
			x->off = x->len = 0;
		}
		if (x->done)
			break;
		if ((r = step(x)) != 0)
			return r;
	}
	if (x->result != CURLE_OK)
		return curl_fail(x);
	return 0;
}

static bool transient_curl(CURLcode e)
{
	return e == CURLE_OPERATION_TIMEDOUT || e == CURLE_COULDNT_CONNECT ||
		e == CURLE_RECV_ERROR || e == CURLE_SEND_ERROR || e == CURLE_GOT_NOTHING ||
		e == CURLE_PARTIAL_FILE || e == CURLE_COULDNT_RESOLVE_HOST;
}

static bool transient_status(long status)
{
	return status == 429 || (status >= 500 && status != 501 && status != 505);
}

/* Sleeps before retry i; false when the deadline leaves no time for it. */
static bool backoff(struct ks_ctx *cx, const struct ks_http_opts *o, const char *url,
	const char *why, long retry_after, long *delay)
{
	int64_t ms = retry_after >= 0 ? (int64_t)retry_after * 1000 : *delay;

	if (o->deadline_ms > 0 && ks_http_now_ms() + ms >= o->deadline_ms)
		return false;
	ks_log(cx, KS_LOG_INFO, "%s: %s; retrying in %lld ms", url, why, (long long)ms);
	sleep_ms(ms);
	*delay *= 2;
	return true;
}

/* Copies the collected body into resp->body (NUL-terminated). */
static int take_body(struct xfer *x)
{
	size_t n = x->len - x->off;
	char *b = malloc(n + 1);

	if (b == NULL)
		return KS_ENOMEM;
	if (n > 0)
		memcpy(b, x->buf + x->off, n);
	b[n] = '\0';
	x->resp->body = b;
	x->resp->len = n;
	x->off = x->len = 0;
	return 0;
}

/*
 * One attempt: sets up, waits for the final headers, and for ks_http_get() (stream ==
 * false) drains the body. On return *retry says whether a retry may help (transient
 * network failure or status); *why names it.
 */
static int attempt(struct ks_ctx *cx, const struct ks_http_opts *o, const struct ks_http_req *rq,
	struct ks_http_resp *resp, bool stream, struct xfer *x, bool *retry, const char **why)
{
	int r;

	*retry = false;
	if ((r = xfer_init(cx, o, rq, resp, !stream && rq->sink == NULL, x)) != 0)
		return r;
	if ((r = wait_headers(x)) != 0) {
		*retry = x->o->deadline_ms == 0 || ks_http_now_ms() < x->o->deadline_ms;
		*why = "stalled";
		return r;
	}
	if (x->done && x->result != CURLE_OK && x->off == x->len) {
		*retry = transient_curl(x->result);
		*why = curl_easy_strerror(x->result);
		return curl_fail(x);
	}
	if (transient_status(resp->status)) {
		*retry = true;
		*why = "server busy or failing";
	}
	if (stream && (resp->status < 200 || resp->status >= 300) && resp->status != 0)
		x->in_error_body = true;
	if (stream && !x->in_error_body)
		return 0;
	if ((r = drain(x, rq)) != 0) {
		if (r == KS_ENET || (x->done && transient_curl(x->result))) {
			*retry = true;
			*why = x->done ? curl_easy_strerror(x->result) : "stalled";
		}
		return r;
	}
	if (rq->sink == NULL)
		return take_body(x);
	return 0;
}

static int request(struct ks_ctx *cx, const struct ks_http_opts *o, const struct ks_http_req *rq,
	struct ks_http_resp *resp, bool stream, struct xfer *x)
{
	long delay = o->retry_base_ms > 0 ? o->retry_base_ms : 1000;
	int tries = o->retries >= 0 ? o->retries : 3, i, r = KS_ENET;
	const char *why = "";
	bool retry;

	for (i = 0; i <= tries; i++) {
		ks_http_resp_release(resp);
		if (i > 0 && rq->sink != NULL && rq->restart != NULL &&
			(r = rq->restart(rq->sink_ud)) != 0)
			return r;
		r = attempt(cx, o, rq, resp, stream, x, &retry, &why);
		if (!retry || i == tries || r == KS_ENOMEM)
			return r;
		xfer_release(x);
		if (!backoff(cx, o, rq->url, why, resp->retry_after, &delay))
			return r != 0 ? r : 0;
	}
	return r;
}

int ks_http_get(struct ks_ctx *cx, const struct ks_http_opts *o, const struct ks_http_req *rq,
	struct ks_http_resp *resp)
{
	struct xfer x;
	int r;

	memset(resp, 0, sizeof(*resp));
	memset(&x, 0, sizeof(x));
	r = request(cx, o, rq, resp, false, &x);
	xfer_release(&x);
	return r;
}

static ssize_t stream_read(void *h, void *buf, size_t n)
{
	struct xfer *x = h;
	size_t k;
	int r;

	while (x->off == x->len) {
		if (x->done) {
			if (x->result != CURLE_OK)
				return curl_fail(x);
			return 0;
		}
		if ((r = step(x)) != 0)
			return r;
	}
	k = x->len - x->off < n ? x->len - x->off : n;
	memcpy(buf, x->buf + x->off, k);
	x->off += k;
	if (x->off == x->len)
		x->off = x->len = 0;
	return (ssize_t)k;
}

static void stream_close(void *h)
{
	struct xfer *x = h;

	if (x == NULL)
		return;
	xfer_release(x);
	free(x);
}

int ks_http_open(struct ks_ctx *cx, const struct ks_http_opts *o, const struct ks_http_req *rq,
	struct ks_http_resp *resp, struct ks_blob *out)
{
	struct xfer *x = calloc(1, sizeof(*x));
	int r;

	memset(resp, 0, sizeof(*resp));
	if (x == NULL)
		return KS_ENOMEM;
	r = request(cx, o, rq, resp, true, x);
	if (r != 0 || x->easy == NULL || x->in_error_body) {
		/* an error, or a non-2xx response whose body is in resp */
		stream_close(x);
		return r;
	}
	out->read = stream_read;
	out->h = x;
	out->size = resp->length;
	out->close = stream_close;
	return 0;
}

void ks_http_resp_release(struct ks_http_resp *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}
