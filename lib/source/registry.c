/*
 * registry.c - images from an OCI distribution registry: manifest and config over the
 * Docker Registry HTTP API v2, layers through a blob opener; see registry.h. The
 * authentication flow and credentials are regauth.c's; the platform matching is shared
 * with OCI layouts (resolve.h).
 */
#include "source/registry.h"
#include "source/reference.h"
#include "source/regauth.h"
#include "source/resolve.h"
#include "util/base64.h"
#include "util/buf.h"
#include "util/sha256.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DESCS 4096
#define MAX_URLS 16
#define MAX_DATA (4 * 1024 * 1024)
#define ACCEPT                                                                              \
	"Accept: " KS_MT_OCI_MANIFEST ", " KS_MT_OCI_INDEX ", " KS_MT_DOCKER_MANIFEST ", "    \
	KS_MT_DOCKER_LIST
#define MT_OCI_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_DOCKER_CONFIG "application/vnd.docker.container.image.v1+json"

/* One layer as the opener needs it. malloc'd, like everything the opener holds: worker
 * threads use it with their own contexts, and the scanner releases it on its own
 * schedule, so it depends on no context's arena. */
struct rlayer {
	char *digest;
	uint64_t size;
	char **urls;
	size_t nurls;
	unsigned char *data;
	size_t ndata;
	bool has_data;
};

/* The state of one opened image, shared by the threads that open its blobs. */
struct reg {
	struct ks_regauth auth;
	bool auth_init;
	struct ks_http_opts http;
	char *cafile, *unix_socket; /* copies the http options point to */
	char *domain;               /* "127.0.0.1:5000", "docker.io" */
	char *host;                 /* the API host: "registry-1.docker.io" for Docker Hub */
	char *base;                 /* "https://127.0.0.1:5000" */
	char *path;                 /* "library/alpine" */
	struct rlayer *layers;
	size_t nlayers;
	struct ks_blob_opener opener;
	struct ks_blob_memo memo; /* while resolving only */
};

/* --- manifest parsing ------------------------------------------------------------------ */

static const char *jstr(struct ks_ctx *cx, json_t *o, const char *key, bool *oom)
{
	json_t *v = json_object_get(o, key);
	const char *s;

	if (!json_is_string(v))
		return NULL;
	if ((s = ks_arena_strndup(&cx->arena, json_string_value(v), json_string_length(v))) ==
		NULL)
		*oom = true;
	return s;
}

/* Whether a layer media type is a filesystem layer kensa reads: 0, or KS_EUNSUPPORTED
 * with a message. */
static int layer_type_ok(struct ks_ctx *cx, const char *what, size_t i, const char *mt)
{
	static const char *const ok[] = {
		"application/vnd.oci.image.layer.v1.tar",
		"application/vnd.oci.image.layer.v1.tar+gzip",
		"application/vnd.oci.image.layer.v1.tar+zstd",
		"application/vnd.oci.image.layer.nondistributable.v1.tar",
		"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
		"application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
		"application/vnd.docker.image.rootfs.diff.tar",
		"application/vnd.docker.image.rootfs.diff.tar.gzip",
		"application/vnd.docker.image.rootfs.diff.tar.zstd",
		"application/vnd.docker.image.rootfs.foreign.diff.tar",
		"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
	};
	size_t k;

	if (mt == NULL)
		return 0;
	for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
		if (strcmp(mt, ok[k]) == 0)
			return 0;
	if (strstr(mt, "+encrypted") != NULL)
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s: layer %zu is encrypted ('%.100s')",
			what, i + 1, mt);
	return ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s: layer %zu has media type '%.100s', "
		"which is no container filesystem layer (an OCI artifact?)", what, i + 1, mt);
}

/* Parses one descriptor. `role` names it in messages ("layer 3", "manifest 2"). */
static int parse_desc(struct ks_ctx *cx, const char *what, const char *role, json_t *d,
	bool layer, struct ks_regdesc *out)
{
	json_t *size = json_object_get(d, "size"), *urls, *data, *u;
	const char *digest;
	bool oom = false;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(d))
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: %s is not a JSON object", what, role);
	digest = json_string_value(json_object_get(d, "digest"));
	if (digest == NULL)
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: %s has no digest", what, role);
	if (!ks_digest_valid(digest)) {
		if (ks_hasprefix(digest, "sha384:") || ks_hasprefix(digest, "sha512:"))
			return ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s: %s: only sha256 digests "
				"are supported", what, role);
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: %s: '%.80s' is not a sha256 digest",
			what, role, digest);
	}
	if (size != NULL && (!json_is_integer(size) || json_integer_value(size) < 0))
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: %s: bad size", what, role);
	out->size = size ? (uint64_t)json_integer_value(size) : 0;
	out->digest = ks_arena_strdup(&cx->arena, digest);
	out->media_type = jstr(cx, d, "mediaType", &oom);
	if (!layer) {
		json_t *p = json_object_get(d, "platform");

		out->os = jstr(cx, p, "os", &oom);
		out->arch = jstr(cx, p, "architecture", &oom);
		out->variant = jstr(cx, p, "variant", &oom);
	}
	urls = json_object_get(d, "urls");
	if (urls != NULL && layer) {
		if (!json_is_array(urls))
			return ks_seterr(&cx->err, KS_ECORRUPT, "%s: %s: urls is not a list", what,
				role);
		if (json_array_size(urls) > MAX_URLS)
			return ks_seterr(&cx->err, KS_ELIMIT, "%s: %s has more than %d urls", what,
				role, MAX_URLS);
		out->urls = ks_arena_calloc(&cx->arena, json_array_size(urls) + 1,
			sizeof(*out->urls));
		if (out->urls == NULL)
			return KS_ENOMEM;
		json_array_foreach(urls, i, u) {
			const char *s = json_string_value(u);

			if (s == NULL ||
				!(ks_hasprefix(s, "https://") || ks_hasprefix(s, "http://")))
				return ks_seterr(&cx->err, KS_ECORRUPT, "%s: %s: urls holds "
					"something that is not an http(s) URL", what, role);
			if ((out->urls[out->nurls++] = ks_arena_strdup(&cx->arena, s)) == NULL)
				return KS_ENOMEM;
		}
	}
	data = json_object_get(d, "data");
	if (data != NULL) {
		struct ks_buf b;
		int r;

		if (!json_is_string(data))
			return ks_seterr(&cx->err, KS_ECORRUPT, "%s: %s: data is not a string",
				what, role);
		ks_buf_init(&b, MAX_DATA);
		r = ks_base64_decode(&b, json_string_value(data), json_string_length(data));
		if (r == 0 && (out->data = ks_arena_memdup(&cx->arena, b.p ? b.p : "", b.n)) ==
			NULL)
			r = KS_ENOMEM;
		out->ndata = b.n;
		ks_buf_release(&b);
		if (r == KS_ECORRUPT || r == KS_ELIMIT)
			return ks_seterr(&cx->err, r, "%s: %s: data is not base64 (or over %d "
				"bytes)", what, role, MAX_DATA);
		if (r != 0)
			return r;
	}
	return (oom || out->digest == NULL) ? KS_ENOMEM : 0;
}

/* Parses a list of descriptors (layers or index entries). */
static int parse_descs(struct ks_ctx *cx, const char *what, json_t *arr, bool layer,
	struct ks_regdesc **out, size_t *n)
{
	char role[32];
	json_t *d;
	size_t i;
	int r;

	if (!json_is_array(arr))
		return ks_seterr(&cx->err, KS_ECORRUPT, "%s: no %s list", what,
			layer ? "layers" : "manifests");
	if (json_array_size(arr) > MAX_DESCS)
		return ks_seterr(&cx->err, KS_ELIMIT, "%s: more than %d %s", what, MAX_DESCS,
			layer ? "layers" : "manifests");
	*n = json_array_size(arr);
	if ((*out = ks_arena_calloc(&cx->arena, *n ? *n : 1, sizeof(**out))) == NULL)
		return KS_ENOMEM;
	json_array_foreach(arr, i, d) {
		snprintf(role, sizeof(role), "%s %zu", layer ? "layer" : "manifest", i + 1);
		if ((r = parse_desc(cx, what, role, d, layer, &(*out)[i])) != 0)
			return r;
		if (layer && (r = layer_type_ok(cx, what, i, (*out)[i].media_type)) != 0)
			return r;
	}
	return 0;
}

/* The media type of a Content-Type value without parameters (arena), or NULL. */
static const char *ctype_mt(struct ks_ctx *cx, const char *ctype)
{
	struct ks_str mt, params;

	if (ctype == NULL || ctype[0] == '\0')
		return NULL;
	ks_str_cut(ks_str_c(ctype), ';', &mt, &params);
	mt = ks_str_trim(mt);
	return ks_arena_strndup(&cx->arena, mt.p, mt.n);
}

int ks_registry_parse_manifest(struct ks_ctx *cx, const char *what, const char *body,
	size_t len, const char *ctype, struct ks_regman *out)
{
	json_t *root = NULL, *sv, *cfg;
	const char *cmt;
	enum ks_mkind kind;
	bool oom = false;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = ks_json_parse(cx, "manifest", body, len, &root)) != 0) {
		ks_err_prefix(&cx->err, "%s", what);
		return r;
	}
	r = KS_ECORRUPT;
	if (!json_is_object(root)) {
		ks_seterr(&cx->err, r, "%s: the manifest is not a JSON object", what);
		goto out;
	}
	sv = json_object_get(root, "schemaVersion");
	out->media_type = jstr(cx, root, "mediaType", &oom);
	if (out->media_type == NULL)
		out->media_type = ctype_mt(cx, ctype);
	kind = ks_manifest_kind(out->media_type);
	if (kind == KS_MK_SCHEMA1 || (json_is_integer(sv) && json_integer_value(sv) == 1)) {
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s: a Docker schema 1 manifest "
			"(deprecated image format) is not supported; push the image again with a "
			"current docker, buildah or skopeo", what);
		goto out;
	}
	if (sv != NULL && !(json_is_integer(sv) && json_integer_value(sv) == 2)) {
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s: manifest schemaVersion is not 2",
			what);
		goto out;
	}
	if (kind == KS_MK_UNKNOWN && json_object_get(root, "mediaType") == NULL) {
		/* no usable media type: go by the shape, as an OCI document allows */
		if (json_is_array(json_object_get(root, "manifests")))
			kind = KS_MK_INDEX;
		else if (json_is_object(json_object_get(root, "config")))
			kind = KS_MK_IMAGE;
	}
	if (kind == KS_MK_UNKNOWN) {
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s: media type '%.100s' is no image "
			"manifest or index", what, out->media_type ? out->media_type : "(none)");
		goto out;
	}
	if (kind == KS_MK_INDEX) {
		out->index = true;
		r = parse_descs(cx, what, json_object_get(root, "manifests"), false,
			&out->manifests, &out->nmanifests);
		goto out;
	}
	cfg = json_object_get(root, "config");
	if (cfg == NULL) {
		ks_seterr(&cx->err, r, "%s: the manifest has no config", what);
		goto out;
	}
	cmt = json_string_value(json_object_get(cfg, "mediaType"));
	if (cmt != NULL && strcmp(cmt, MT_OCI_CONFIG) != 0 && strcmp(cmt, MT_DOCKER_CONFIG) != 0) {
		r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "%s is not a container image: its config "
			"has media type '%.100s' (an OCI artifact?)", what, cmt);
		goto out;
	}
	if ((r = parse_desc(cx, what, "config", cfg, false, &out->config)) != 0)
		goto out;
	r = parse_descs(cx, what, json_object_get(root, "layers"), true, &out->layers,
		&out->nlayers);
out:
	json_decref(root);
	return (r == 0 && oom) ? KS_ENOMEM : r;
}

/* The index entries that are images to scan (not attestations, not nested indexes,
 * not artifacts). */
static bool scannable(const struct ks_regdesc *d)
{
	struct ks_plat p = { d->os, d->arch, d->variant };

	return (d->media_type == NULL || ks_manifest_kind(d->media_type) == KS_MK_IMAGE) &&
		!ks_plat_attestation(&p);
}

/* The platforms of an index's scannable entries, "a, b, c" (arena). */
static const char *list_platforms(struct ks_ctx *cx, const struct ks_regman *m)
{
	struct ks_buf b;
	const char *s;
	size_t i;

	ks_buf_init(&b, 600);
	for (i = 0; i < m->nmanifests; i++) {
		const struct ks_regdesc *d = &m->manifests[i];
		struct ks_plat p = { d->os, d->arch, d->variant };

		if (scannable(d))
			ks_buf_addf(&b, "%s%s", b.n ? ", " : "", ks_plat_str(cx, &p));
	}
	s = ks_arena_strdup(&cx->arena, b.n ? b.p : "no image manifest");
	ks_buf_release(&b);
	return s ? s : "";
}

int ks_registry_pick(struct ks_ctx *cx, const char *what, const struct ks_regman *m,
	const char *platform, size_t *idx)
{
	struct ks_plat want, host;
	int best = 0, rank;
	size_t i;
	int r;

	memset(&want, 0, sizeof(want));
	if (platform != NULL && (r = ks_plat_parse(cx, platform, &want)) != 0)
		return r;
	for (i = 0; i < m->nmanifests; i++) {
		const struct ks_regdesc *d = &m->manifests[i];
		struct ks_plat p = { d->os, d->arch, d->variant };

		if (!scannable(d) || (rank = ks_plat_rank(&p, &want)) <= best)
			continue;
		best = rank;
		*idx = i;
	}
	if (best > 0)
		return 0;
	ks_plat_host(&host);
	return ks_seterr(&cx->err, KS_ENOTFOUND, "%s: no image for platform %s%s (the index "
		"has: %s)", what, platform ? platform : ks_plat_str(cx, &host),
		platform ? "" : ", this host's; choose one with --platform", list_platforms(cx, m));
}

/* --- requests ------------------------------------------------------------------------ */

static void reg_free(struct reg *g)
{
	size_t i, k;

	if (g == NULL)
		return;
	if (g->auth_init)
		ks_regauth_release(&g->auth);
	for (i = 0; i < g->nlayers; i++) {
		struct rlayer *l = &g->layers[i];

		free(l->digest);
		for (k = 0; k < l->nurls; k++)
			free(l->urls[k]);
		free(l->urls);
		free(l->data);
	}
	free(g->layers);
	free(g->cafile);
	free(g->unix_socket);
	free(g->domain);
	free(g->host);
	free(g->base);
	free(g->path);
	free(g);
}

static void opener_release(void *ud)
{
	reg_free(ud);
}

static int set_base(struct reg *g, const char *scheme)
{
	char *b = NULL;

	if (asprintf(&b, "%s://%s", scheme, g->host) < 0)
		return KS_ENOMEM;
	free(g->base);
	g->base = b;
	return 0;
}

static int reg_new(struct ks_ctx *cx, const struct ks_ref *ref, const struct ks_registry_opts *o,
	struct reg **out)
{
	struct reg *g = calloc(1, sizeof(*g));
	int r = KS_ENOMEM;

	if (g == NULL)
		return KS_ENOMEM;
	g->http = o->http;
	g->memo = o->memo;
	g->http.allow_file = false;
	if ((o->http.cafile && (g->http.cafile = g->cafile = strdup(o->http.cafile)) == NULL) ||
		(o->http.unix_socket &&
			(g->http.unix_socket = g->unix_socket = strdup(o->http.unix_socket)) ==
				NULL) ||
		(g->domain = strdup(ref->domain)) == NULL ||
		(g->path = strdup(ref->path)) == NULL ||
		(g->host = strdup(ks_ref_api_host(ref))) == NULL ||
		set_base(g, "https") != 0)
		goto out;
	r = ks_regauth_init(&g->auth, cx, ref->domain, ref->path, o, &g->http);
	g->auth_init = true;
	if (r != 0)
		goto out;
	*out = g;
	g = NULL;
out:
	reg_free(g);
	return r;
}

/* The error for a registry response that is not 2xx. `what` names the object ("manifest
 * '3.11'", "blob sha256:..."); `name`, the reference as given, leads the message when
 * there is one. */
static int status_error(struct reg *g, struct ks_ctx *cx, const struct ks_http_resp *rs,
	const char *name, const char *what)
{
	char msg[256], lead[300];

	if (rs->status == 401 || rs->status == 403)
		return ks_regauth_fail(&g->auth, cx, rs);
	ks_registry_errbody(rs->body, rs->len, msg, sizeof(msg));
	snprintf(lead, sizeof(lead), "%s%.250s%s", name ? "'" : "", name ? name : "",
		name ? "': " : "");
	if (rs->status == 404 && ks_hasprefix(msg, "NAME_UNKNOWN"))
		return ks_seterr(&cx->err, KS_ENOTFOUND, "%sregistry %s has no repository '%s' "
			"(%s)", lead, g->domain, g->path, msg);
	if (rs->status == 404)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "%s%s not found in repository %s of "
			"registry %s%s%s%s", lead, what, g->path, g->domain, msg[0] ? " (" : "", msg,
			msg[0] ? ")" : "");
	return ks_seterr(&cx->err, KS_ENET, "%sregistry %s: %s of repository %s: HTTP %ld%s%s",
		lead, g->domain, what, g->path, rs->status, msg[0] ? ": " : "", msg);
}

/* GETs a small document (manifest or config) into memory. */
static int get_doc(struct reg *g, struct ks_ctx *cx, const char *kind, const char *id,
	bool accept, struct ks_http_resp *rs)
{
	const char *hdrs[1] = { ACCEPT };
	struct ks_http_req rq;
	char *url = NULL;
	int r;

	if (asprintf(&url, "%s/v2/%s/%s/%s", g->base, g->path, kind, id) < 0)
		return KS_ENOMEM;
	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	rq.headers = hdrs;
	rq.nheaders = accept ? 1 : 0;
	rq.max_body = cx->lim.max_json;
	r = ks_regauth_request(&g->auth, cx, &rq, rs, NULL);
	free(url);
	return r;
}

/*
 * Fetches the manifest `id` (tag or digest) and checks it: against `want` (a digest, or
 * NULL) and the registry's Docker-Content-Digest. *digest gets its sha256 digest; the
 * parsed document goes to *m; *status (may be NULL) the HTTP status, 0 when no response
 * came.
 */
static int fetch_manifest(struct reg *g, struct ks_ctx *cx, const char *name, const char *id,
	const char *want, struct ks_regman *m, char digest[KS_DIGEST_STRLEN + 1], long *status)
{
	struct ks_http_resp rs;
	char what[160];
	int r;

	memset(&rs, 0, sizeof(rs));
	snprintf(what, sizeof(what), "manifest '%s'", id);
	r = get_doc(g, cx, "manifests", id, true, &rs);
	if (status != NULL)
		*status = rs.status;
	if (r != 0) {
		if (r == KS_ENET || r == KS_ELIMIT)
			ks_err_prefix(&cx->err, "'%s'", name);
		goto out;
	}
	if (rs.status < 200 || rs.status >= 300) {
		r = status_error(g, cx, &rs, name, what);
		goto out;
	}
	if ((r = ks_sha256_digest(rs.body ? rs.body : "", rs.len, digest)) != 0)
		goto out;
	if (want != NULL && strcmp(digest, want) != 0) {
		r = ks_seterr(&cx->err, KS_EDIGEST, "'%s': the registry's manifest %s hashes to %s",
			name, want, digest);
		goto out;
	}
	if (ks_hasprefix(rs.digest, "sha256:") && strcmp(rs.digest, digest) != 0) {
		r = ks_seterr(&cx->err, KS_EDIGEST, "'%s': manifest '%s' hashes to %s, not to the "
			"registry's Docker-Content-Digest %.80s", name, id, digest, rs.digest);
		goto out;
	}
	snprintf(what, sizeof(what), "'%s': manifest %.19s", name, digest);
	r = ks_registry_parse_manifest(cx, what, rs.body ? rs.body : "", rs.len, rs.ctype, m);
out:
	ks_http_resp_release(&rs);
	return r;
}

/*
 * The first request to a registry, over https. When plain http is allowed for the host
 * (loopback, or allow_http) https is tried once without retries, and if no https
 * response comes, over http, which then stays the registry's scheme. When the http
 * attempt fails too (or a TLS server answers it with HTTP 400) the https error is the
 * one reported: it says what went wrong with TLS.
 */
static int first_manifest(struct reg *g, struct ks_ctx *cx, const char *name, const char *id,
	const char *want, struct ks_regman *m, char digest[KS_DIGEST_STRLEN + 1])
{
	int retries = g->http.retries, r;
	struct ks_err https_err;
	char prefix[300], http_msg[350];
	long status = 0;

	if (!(g->http.allow_http || ks_http_loopback(g->domain)))
		return fetch_manifest(g, cx, name, id, want, m, digest, NULL);
	g->http.retries = 0;
	r = fetch_manifest(g, cx, name, id, want, m, digest, &status);
	g->http.retries = retries;
	if (r != KS_ENET)
		return r;
	if (status != 0) /* https works (the server is busy): now with retries */
		return fetch_manifest(g, cx, name, id, want, m, digest, NULL);
	https_err = cx->err;
	if ((r = set_base(g, "http")) != 0)
		return r;
	ks_log(cx, KS_LOG_DEBUG, "%s; trying plain http", https_err.msg);
	if ((r = fetch_manifest(g, cx, name, id, want, m, digest, &status)) != KS_ENET)
		return r;
	if ((r = set_base(g, "https")) != 0)
		return r;
	if (status == 400) { /* a TLS server saying so: the https error is the story */
		cx->err = https_err;
		return KS_ENET;
	}
	snprintf(prefix, sizeof(prefix), "'%s': ", name);
	snprintf(http_msg, sizeof(http_msg), "%.340s", ks_hasprefix(cx->err.msg, prefix) ?
		cx->err.msg + strlen(prefix) : cx->err.msg);
	return ks_seterr(&cx->err, KS_ENET, "%.600s (plain http: %s)", https_err.msg, http_msg);
}

/* Fetches the config blob and checks it against its descriptor. */
static int fetch_config(struct reg *g, struct ks_ctx *cx, const char *name,
	const struct ks_regdesc *d, char **data, size_t *len)
{
	struct ks_http_resp rs;
	char got[KS_DIGEST_STRLEN + 1], what[100];
	int r;

	memset(&rs, 0, sizeof(rs));
	if (d->size > cx->lim.max_json)
		return ks_seterr(&cx->err, KS_ELIMIT, "'%s': the image config is %llu bytes, over "
			"the %llu byte limit", name, (unsigned long long)d->size,
			(unsigned long long)cx->lim.max_json);
	if (g->memo.get != NULL && (r = g->memo.get(g->memo.ud, cx, d->digest, data, len)) != 0) {
		if (r < 0)
			return r;
		if (ks_sha256_digest(*data, *len, got) == 0 && strcmp(got, d->digest) == 0 &&
			(d->size == 0 || d->size == *len))
			return 0;
	}
	snprintf(what, sizeof(what), "config blob %s", d->digest);
	if ((r = get_doc(g, cx, "blobs", d->digest, false, &rs)) != 0) {
		if (r == KS_ENET || r == KS_ELIMIT)
			ks_err_prefix(&cx->err, "'%s'", name);
		goto out;
	}
	if (rs.status < 200 || rs.status >= 300) {
		r = status_error(g, cx, &rs, name, what);
		goto out;
	}
	if ((r = ks_sha256_digest(rs.body ? rs.body : "", rs.len, got)) != 0)
		goto out;
	if (strcmp(got, d->digest) != 0) {
		r = ks_seterr(&cx->err, KS_EDIGEST, "'%s': the registry's config blob %s does not "
			"match its digest (content hashes to %s)", name, d->digest, got);
		goto out;
	}
	if (d->size != 0 && d->size != rs.len) {
		r = ks_seterr(&cx->err, KS_ECORRUPT, "'%s': the config blob is %zu bytes, the "
			"manifest says %llu", name, rs.len, (unsigned long long)d->size);
		goto out;
	}
	*data = ks_arena_strndup(&cx->arena, rs.body ? rs.body : "", rs.len);
	*len = rs.len;
	r = *data ? 0 : KS_ENOMEM;
	if (r == 0 && g->memo.put != NULL &&
		g->memo.put(g->memo.ud, cx, d->digest, rs.body ? rs.body : "", rs.len) != 0) {
		ks_log(cx, KS_LOG_DEBUG, "config %s not kept: %s", d->digest, cx->err.msg);
		ks_err_clear(&cx->err);
	}
out:
	ks_http_resp_release(&rs);
	return r;
}

/* Copies what the opener needs of the manifest's layers into g (malloc'd). */
static int keep_layers(struct reg *g, const struct ks_regman *m)
{
	size_t i, k;

	if ((g->layers = calloc(m->nlayers ? m->nlayers : 1, sizeof(*g->layers))) == NULL)
		return KS_ENOMEM;
	g->nlayers = m->nlayers;
	for (i = 0; i < m->nlayers; i++) {
		const struct ks_regdesc *d = &m->layers[i];
		struct rlayer *l = &g->layers[i];

		l->size = d->size;
		if ((l->digest = strdup(d->digest)) == NULL)
			return KS_ENOMEM;
		if (d->nurls > 0 && (l->urls = calloc(d->nurls, sizeof(*l->urls))) == NULL)
			return KS_ENOMEM;
		for (k = 0; k < d->nurls; k++, l->nurls++)
			if ((l->urls[k] = strdup(d->urls[k])) == NULL)
				return KS_ENOMEM;
		if (d->data != NULL) {
			if ((l->data = malloc(d->ndata ? d->ndata : 1)) == NULL)
				return KS_ENOMEM;
			memcpy(l->data, d->data, d->ndata);
			l->ndata = d->ndata;
			l->has_data = true;
		}
	}
	return 0;
}

static void mem_close(void *h)
{
	free(h);
}

/* A foreign layer the registry did not have: its urls, tried in order, without the
 * registry's authorization (they are other servers). */
static int open_foreign(struct reg *g, struct ks_ctx *cx, const struct rlayer *l,
	struct ks_blob *out)
{
	struct ks_http_resp rs;
	struct ks_http_req rq;
	size_t k;
	int r = KS_ENOTFOUND;

	for (k = 0; k < l->nurls; k++) {
		memset(&rq, 0, sizeof(rq));
		rq.url = l->urls[k];
		r = ks_http_open(cx, &g->http, &rq, &rs, out);
		if (r == 0 && rs.status >= 200 && rs.status < 300) {
			ks_http_resp_release(&rs);
			return 0;
		}
		if (r == 0)
			r = ks_seterr(&cx->err, KS_ENOTFOUND, "registry %s: foreign layer %s: %s "
				"answered HTTP %ld", g->domain, l->digest, l->urls[k], rs.status);
		ks_http_resp_release(&rs);
	}
	return r;
}

static int blob_open(void *ud, struct ks_ctx *cx, size_t i, struct ks_blob *out)
{
	struct reg *g = ud;
	const struct rlayer *l;
	struct ks_http_resp rs;
	struct ks_http_req rq;
	char *url = NULL, what[100];
	int r;

	if (i >= g->nlayers)
		return ks_seterr(&cx->err, KS_EINTERNAL, "registry %s: no layer %zu", g->domain, i);
	l = &g->layers[i];
	if (l->has_data) {
		struct ks_memblob *mb = malloc(sizeof(*mb));

		if (mb == NULL)
			return KS_ENOMEM;
		*out = ks_blob_mem(mb, l->data, l->ndata);
		out->close = mem_close;
		return 0;
	}
	memset(&rs, 0, sizeof(rs));
	if (asprintf(&url, "%s/v2/%s/blobs/%s", g->base, g->path, l->digest) < 0)
		return KS_ENOMEM;
	memset(&rq, 0, sizeof(rq));
	rq.url = url;
	r = ks_regauth_request(&g->auth, cx, &rq, &rs, out);
	if (r != 0) {
		if (r == KS_ENET)
			ks_err_prefix(&cx->err, "registry %s: layer %zu", g->domain, i + 1);
		goto out;
	}
	if (rs.status >= 200 && rs.status < 300) {
		if (rs.length != 0 && l->size != 0 && rs.length != l->size) {
			out->close(out->h);
			r = ks_seterr(&cx->err, KS_ECORRUPT, "registry %s: blob %s is %llu "
				"bytes, the manifest says %llu", g->domain, l->digest,
				(unsigned long long)rs.length, (unsigned long long)l->size);
		}
		goto out;
	}
	if (rs.status == 404 && l->nurls > 0) {
		r = open_foreign(g, cx, l, out);
		goto out;
	}
	snprintf(what, sizeof(what), "blob %s (layer %zu)", l->digest, i + 1);
	r = status_error(g, cx, &rs, NULL, what);
out:
	ks_http_resp_release(&rs);
	free(url);
	return r;
}

/* Fills img's layers from the manifest and the config. */
static int fill_image(struct ks_ctx *cx, const char *name, const struct ks_regman *m,
	const char *config, size_t clen, struct ks_image *img)
{
	size_t i;
	int r;

	img->nlayers = m->nlayers;
	if ((img->layers = ks_arena_calloc(&cx->arena, m->nlayers ? m->nlayers : 1,
		     sizeof(*img->layers))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < m->nlayers; i++) {
		struct ks_layer *ly = &img->layers[i];

		ly->key = ly->digest = m->layers[i].digest;
		ly->media_type = m->layers[i].media_type;
		ly->size = m->layers[i].size;
		ly->report_digest = true;
	}
	if ((r = ks_config_apply(cx, config, clen, img)) != 0) {
		ks_err_prefix(&cx->err, "'%s'", name);
		return r;
	}
	return 0;
}

/* RepoTags and RepoDigests as Trivy reports them for a registry image. */
static int repo_names(struct ks_ctx *cx, const struct ks_ref *ref, const char *top_digest,
	struct ks_image *img)
{
	const char *repo = ks_ref_repo_name(cx, ref), *s;

	if (repo == NULL)
		return KS_ENOMEM;
	if (ref->digest == NULL) {
		s = ks_arena_printf(&cx->arena, "%s:%s", repo, ref->tag ? ref->tag : "latest");
		if (s == NULL || ks_strv_push(&cx->arena, &img->repo_tags, s) != 0)
			return KS_ENOMEM;
	}
	s = ks_arena_printf(&cx->arena, "%s@%s", repo, top_digest);
	if (s == NULL || ks_strv_push(&cx->arena, &img->repo_digests, s) != 0)
		return KS_ENOMEM;
	return 0;
}

/* Parses the reference and fetches what it names: *top gets the document and *digest
 * its digest. */
static int open_ref(struct ks_ctx *cx, const char *reference, const struct ks_registry_opts *o,
	struct ks_ref *ref, struct reg **g, struct ks_regman *top,
	char digest[KS_DIGEST_STRLEN + 1])
{
	int r;

	if ((r = ks_ref_parse(cx, reference, ref)) != 0)
		return r;
	if (ref->digest != NULL && !ks_digest_valid(ref->digest))
		return ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s': only sha256 digests are "
			"supported", reference);
	if ((r = reg_new(cx, ref, o, g)) != 0)
		return r;
	return first_manifest(*g, cx, reference, ref->digest ? ref->digest :
		ref->tag ? ref->tag : "latest", ref->digest, top, digest);
}

int ks_registry_open(struct ks_ctx *cx, const char *reference, const struct ks_registry_opts *o,
	struct ks_image **out)
{
	char top_digest[KS_DIGEST_STRLEN + 1], digest[KS_DIGEST_STRLEN + 1];
	struct ks_regman top, child, *m = &top;
	struct ks_image *img;
	struct reg *g = NULL;
	struct ks_ref ref;
	char *config = NULL;
	size_t clen = 0, k = 0;
	int r;

	if ((img = ks_arena_calloc(&cx->arena, 1, sizeof(*img))) == NULL)
		return KS_ENOMEM;
	if ((r = open_ref(cx, reference, o, &ref, &g, &top, top_digest)) != 0)
		goto out;
	memcpy(digest, top_digest, sizeof(digest));
	if (top.index) {
		const struct ks_regdesc *d;
		char what[300];

		snprintf(what, sizeof(what), "'%s'", reference);
		if ((r = ks_registry_pick(cx, what, &top, o->platform, &k)) != 0)
			goto out;
		d = &top.manifests[k];
		if ((r = fetch_manifest(g, cx, reference, d->digest, d->digest, &child, digest,
			     NULL)) != 0)
			goto out;
		if (child.index) {
			r = ks_seterr(&cx->err, KS_EUNSUPPORTED, "'%s': the index entry for the "
				"platform is another index (nested indexes are not supported)",
				reference);
			goto out;
		}
		m = &child;
	}
	if ((r = fetch_config(g, cx, reference, &m->config, &config, &clen)) != 0 ||
		(r = fill_image(cx, reference, m, config, clen, img)) != 0)
		goto out;
	if (!top.index && o->platform != NULL) {
		struct ks_plat want, have = { img->os, img->arch, img->variant };

		if ((r = ks_plat_parse(cx, o->platform, &want)) != 0)
			goto out;
		if (ks_plat_rank(&have, &want) == 0) {
			r = ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': no image for platform %s (it "
				"is a single-platform image for %s)", reference, o->platform,
				ks_plat_str(cx, &have));
			goto out;
		}
	}
	if ((r = keep_layers(g, m)) != 0 || (r = repo_names(cx, &ref, top_digest, img)) != 0)
		goto out;
	img->name = ks_arena_strdup(&cx->arena, reference);
	img->kind = "registry";
	img->manifest_digest = ks_arena_strdup(&cx->arena, digest);
	g->opener.open = blob_open;
	g->opener.release = opener_release;
	g->opener.ud = g;
	img->opener = &g->opener;
	if (img->name == NULL || img->manifest_digest == NULL) {
		r = KS_ENOMEM;
		goto out;
	}
	*out = img;
	g = NULL; /* the image's opener owns it now */
	r = 0;
out:
	reg_free(g);
	return r;
}

int ks_registry_platforms(struct ks_ctx *cx, const char *reference,
	const struct ks_registry_opts *o, struct ks_strv *out)
{
	char digest[KS_DIGEST_STRLEN + 1];
	struct ks_regman top;
	struct reg *g = NULL;
	struct ks_ref ref;
	size_t i, k;
	int r;

	if ((r = open_ref(cx, reference, o, &ref, &g, &top, digest)) != 0)
		goto out;
	if (top.index) {
		for (i = 0; i < top.nmanifests; i++) {
			const struct ks_regdesc *d = &top.manifests[i];
			struct ks_plat p = { d->os, d->arch, d->variant };
			const char *s;
			bool dup = false;

			if (!scannable(d) || (d->os == NULL && d->arch == NULL))
				continue;
			if ((s = ks_plat_str(cx, &p)) == NULL) {
				r = KS_ENOMEM;
				goto out;
			}
			for (k = 0; k < out->n && !dup; k++)
				dup = strcmp(out->v[k], s) == 0;
			if (!dup && ks_strv_push(&cx->arena, out, s) != 0) {
				r = KS_ENOMEM;
				goto out;
			}
		}
		if (out->n == 0) {
			r = ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': the index lists no image "
				"for any platform", reference);
			goto out;
		}
	} else {
		struct ks_image img;
		char *config = NULL;
		size_t clen = 0;

		memset(&img, 0, sizeof(img));
		if ((r = fetch_config(g, cx, reference, &top.config, &config, &clen)) != 0 ||
			(r = fill_image(cx, reference, &top, config, clen, &img)) != 0)
			goto out;
		if (ks_strv_push(&cx->arena, out, ks_plat_str(cx, &(struct ks_plat){ img.os,
							     img.arch, img.variant })) != 0) {
			r = KS_ENOMEM;
			goto out;
		}
	}
	r = 0;
out:
	reg_free(g);
	return r;
}
