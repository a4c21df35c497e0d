/* fetch.c - libcurl downloads; see fetch.h. */
#include "db/fetch.h"
#include "util/str.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct xfer {
	struct ks_ctx *cx;
	FILE *f;
	char etag[256];
	char lastmod[128];
	char ctype[128];
	long retry_after; /* seconds, from a 429/503 response; -1 if none */
	const char *url;
};

void ks_fetch_validators(const char *dest, char *etag, size_t en, char *lastmod, size_t ln)
{
	char path[4096], line[512];
	FILE *f;

	etag[0] = lastmod[0] = '\0';
	snprintf(path, sizeof(path), "%s.meta", dest);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (ks_hasprefix(line, "etag: "))
			snprintf(etag, en, "%s", line + 6);
		else if (ks_hasprefix(line, "last-modified: "))
			snprintf(lastmod, ln, "%s", line + 15);
	}
	fclose(f);
}

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;

	return fwrite(p, size, n, x->f) == n ? size * n : 0;
}

/* Keeps the headers we care about. */
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct xfer *x = ud;
	struct ks_str line = ks_str_trim((struct ks_str){ p, size * n }), name, value;

	if (!ks_str_cut(line, ':', &name, &value))
		return size * n;
	value = ks_str_trim(value);
	if (value.n >= 255)
		return size * n;
	if (ks_str_eqi(name, "etag"))
		snprintf(x->etag, sizeof(x->etag), "%.*s", (int)value.n, value.p);
	else if (ks_str_eqi(name, "last-modified"))
		snprintf(x->lastmod, sizeof(x->lastmod), "%.*s", (int)value.n, value.p);
	else if (ks_str_eqi(name, "content-type"))
		snprintf(x->ctype, sizeof(x->ctype), "%.*s", (int)value.n, value.p);
	else if (ks_str_eqi(name, "retry-after")) {
		uint64_t v;

		if (ks_str_to_u64(value, 3600, &v))
			x->retry_after = (long)v;
	}
	return size * n;
}

static int progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ul, curl_off_t un)
{
	struct xfer *x = ud;

	(void)ul;
	(void)un;
	ks_progress(x->cx, x->url, (uint64_t)dlnow, (uint64_t)dltotal);
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* One attempt. Returns the HTTP status (0 for file:// success), or -1 with *cerr set. */
static long attempt(CURL *c, struct xfer *x, const char *etag, const char *lastmod,
	const struct ks_fetch_opts *o, CURLcode *cerr)
{
	struct curl_slist *h = NULL;
	long tmo = o->timeout_ms > 0 ? o->timeout_ms : 60000;
	char buf[512];
	long status = 0;

	x->etag[0] = x->lastmod[0] = x->ctype[0] = '\0';
	x->retry_after = -1;
	if (etag[0] != '\0') {
		snprintf(buf, sizeof(buf), "If-None-Match: %s", etag);
		h = curl_slist_append(h, buf);
	}
	if (lastmod[0] != '\0') {
		snprintf(buf, sizeof(buf), "If-Modified-Since: %s", lastmod);
		h = curl_slist_append(h, buf);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	/* a transfer that stalls (under 1 byte/s) for the timeout fails */
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, tmo >= 1000 ? tmo / 1000 : 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, tmo);
	*cerr = curl_easy_perform(c);
	curl_slist_free_all(h);
	if (*cerr != CURLE_OK)
		return -1;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

static bool transient(long status, CURLcode e)
{
	if (status < 0)
		return e == CURLE_OPERATION_TIMEDOUT || e == CURLE_COULDNT_CONNECT ||
			e == CURLE_RECV_ERROR || e == CURLE_SEND_ERROR || e == CURLE_GOT_NOTHING ||
			e == CURLE_PARTIAL_FILE || e == CURLE_COULDNT_RESOLVE_HOST;
	return status == 429 || status >= 500;
}

static int save_meta(const char *dest, const struct xfer *x, const char *url)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s.meta", dest);
	if ((f = fopen(path, "w")) == NULL)
		return KS_EIO;
	fprintf(f, "url: %s\netag: %s\nlast-modified: %s\n", url, x->etag, x->lastmod);
	return fclose(f) == 0 ? 0 : KS_EIO;
}

/* A server that answers an API or file request with a web page is misconfigured (a
 * captive portal, an error page with status 200): never import that. */
static bool wrong_type(const char *url, const char *ctype)
{
	return strncasecmp(ctype, "text/html", 9) == 0 && !ks_hassuffix(url, ".html");
}

int ks_fetch(struct ks_ctx *cx, const struct ks_fetch_opts *o, const char *url,
	const char *dest, enum ks_fetch_result *res)
{
	char part[4096], etag[256], lastmod[128];
	struct xfer x;
	CURL *c = NULL;
	CURLcode cerr = CURLE_OK;
	long status = -1, delay = o->retry_base_ms > 0 ? o->retry_base_ms : 1000;
	int tries = o->retries >= 0 ? o->retries : 3, i, r = KS_ENET;

	memset(&x, 0, sizeof(x));
	x.cx = cx;
	x.url = url;
	snprintf(part, sizeof(part), "%s.part", dest);
	ks_fetch_validators(dest, etag, sizeof(etag), lastmod, sizeof(lastmod));
	if (access(dest, R_OK) != 0)
		etag[0] = lastmod[0] = '\0'; /* validators without the file are useless */
	if ((c = curl_easy_init()) == NULL)
		return KS_ENOMEM;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "kensa/" KENSA_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, &x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	for (i = 0; i <= tries; i++) {
		if ((x.f = fopen(part, "w")) == NULL) {
			r = ks_seterr(&cx->err, KS_EIO, "cannot write '%s': %s", part, strerror(errno));
			goto out;
		}
		status = attempt(c, &x, etag, lastmod, o, &cerr);
		if (fclose(x.f) != 0 && status >= 0) {
			r = ks_seterr(&cx->err, KS_EIO, "cannot write '%s'", part);
			goto out;
		}
		if (!transient(status, cerr) || i == tries)
			break;
		ks_log(cx, KS_LOG_INFO, "%s: %s; retrying", url,
			status < 0 ? curl_easy_strerror(cerr) : "server error");
		sleep_ms(x.retry_after >= 0 ? x.retry_after * 1000 : delay);
		delay *= 2;
	}
	if (status == 304) {
		*res = KS_FETCH_UNCHANGED;
		r = 0;
	} else if (status == 404 || status == 410 || cerr == CURLE_FILE_COULDNT_READ_FILE) {
		r = ks_seterr(&cx->err, KS_ENOTFOUND, "%s: not found", url);
	} else if (status < 0) {
		r = ks_seterr(&cx->err, KS_ENET, "%s: %s", url, curl_easy_strerror(cerr));
	} else if (status != 0 && (status < 200 || status >= 300)) {
		r = ks_seterr(&cx->err, KS_ENET, "%s: HTTP %ld", url, status);
	} else if (wrong_type(url, x.ctype)) {
		r = ks_seterr(&cx->err, KS_ENET, "%s: the server sent a web page (%s), not the "
			"feed", url, x.ctype);
	} else if (rename(part, dest) != 0) {
		r = ks_seterr(&cx->err, KS_EIO, "cannot write '%s': %s", dest, strerror(errno));
	} else {
		*res = KS_FETCH_NEW;
		r = save_meta(dest, &x, url);
	}
out:
	(void)unlink(part);
	curl_easy_cleanup(c);
	return r;
}
