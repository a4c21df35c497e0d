/* fetch.c - feed downloads over the shared HTTP client (net/http.h); see fetch.h. */
#include "db/fetch.h"
#include "net/http.h"
#include "util/str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The .part file the body is written to. */
struct part {
	struct ks_ctx *cx;
	FILE *f;
	const char *path;
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

static int part_write(void *ud, const void *p, size_t n)
{
	struct part *pt = ud;

	if (fwrite(p, 1, n, pt->f) != n)
		return ks_seterr(&pt->cx->err, KS_EIO, "cannot write '%s'", pt->path);
	return 0;
}

/* Before a retry: what the failed attempt wrote is dropped. */
static int part_restart(void *ud)
{
	struct part *pt = ud;

	if (fflush(pt->f) != 0 || ftruncate(fileno(pt->f), 0) != 0)
		return ks_seterr(&pt->cx->err, KS_EIO, "cannot write '%s'", pt->path);
	rewind(pt->f);
	return 0;
}

static int save_meta(const char *dest, const struct ks_http_resp *x, const char *url)
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
	char partpath[4096], etag[256], lastmod[128], hnm[300], hms[160];
	const char *hdrs[2];
	struct ks_http_opts ho;
	struct ks_http_req rq;
	struct ks_http_resp resp;
	struct part pt = { cx, NULL, partpath };
	int r;

	memset(&ho, 0, sizeof(ho));
	memset(&rq, 0, sizeof(rq));
	memset(&resp, 0, sizeof(resp));
	ho.stall_ms = o->timeout_ms;
	ho.retries = o->retries;
	ho.retry_base_ms = o->retry_base_ms;
	ho.allow_http = true; /* a mirror the user names may be plain http */
	ho.allow_file = true;
	snprintf(partpath, sizeof(partpath), "%s.part", dest);
	ks_fetch_validators(dest, etag, sizeof(etag), lastmod, sizeof(lastmod));
	if (access(dest, R_OK) != 0)
		etag[0] = lastmod[0] = '\0'; /* validators without the file are useless */
	if (etag[0] != '\0') {
		snprintf(hnm, sizeof(hnm), "If-None-Match: %s", etag);
		hdrs[rq.nheaders++] = hnm;
	}
	if (lastmod[0] != '\0') {
		snprintf(hms, sizeof(hms), "If-Modified-Since: %s", lastmod);
		hdrs[rq.nheaders++] = hms;
	}
	rq.url = url;
	rq.headers = hdrs;
	rq.decode = true;
	rq.progress = true;
	rq.sink = part_write;
	rq.restart = part_restart;
	rq.sink_ud = &pt;
	if ((pt.f = fopen(partpath, "w")) == NULL)
		return ks_seterr(&cx->err, KS_EIO, "cannot write '%s': %s", partpath,
			strerror(errno));
	r = ks_http_get(cx, &ho, &rq, &resp);
	if (fclose(pt.f) != 0 && r == 0)
		r = ks_seterr(&cx->err, KS_EIO, "cannot write '%s'", partpath);
	if (r != 0)
		goto out;
	if (resp.status == 304) {
		*res = KS_FETCH_UNCHANGED;
	} else if (resp.status == 404 || resp.status == 410) {
		r = ks_seterr(&cx->err, KS_ENOTFOUND, "%s: not found", url);
	} else if (resp.status != 0 && (resp.status < 200 || resp.status >= 300)) {
		r = ks_seterr(&cx->err, KS_ENET, "%s: HTTP %ld", url, resp.status);
	} else if (wrong_type(url, resp.ctype)) {
		r = ks_seterr(&cx->err, KS_ENET, "%s: the server sent a web page (%s), not the "
			"feed", url, resp.ctype);
	} else if (rename(partpath, dest) != 0) {
		r = ks_seterr(&cx->err, KS_EIO, "cannot write '%s': %s", dest, strerror(errno));
	} else {
		*res = KS_FETCH_NEW;
		r = save_meta(dest, &resp, url);
	}
out:
	(void)unlink(partpath);
	ks_http_resp_release(&resp);
	return r;
}
