/*
 * registry.h - images pulled from an OCI distribution (Docker Registry HTTP API v2)
 * registry by reference ("python:3.9", "127.0.0.1:5000/app@sha256:...").
 *
 * ks_registry_open() resolves a reference to one image: the manifest (OCI or Docker v2
 * schema 2; an OCI index or Docker manifest list is narrowed to the wanted platform), the
 * config blob (digest-verified) and the layer list. It downloads no layer: the image it
 * returns carries a blob opener (image.h) that the scanner calls, possibly from several
 * threads, for the layers it does not have cached. Authentication follows the registry's
 * WWW-Authenticate challenge (Bearer: token endpoint with realm, service and scope, basic
 * credentials when there are some, anonymous otherwise; Basic: the credentials), with
 * credentials from the options, else ~/.docker/config.json (auths, credHelpers,
 * credsStore through docker-credential-* helpers) (regauth.h). All requests go through
 * lib/net/http.h (TLS verification, retries, timeouts).
 *
 * Everything returned lives in cx->arena; the opener's state is released by its
 * release() (called by the scanner once every stream is closed).
 */
#ifndef KS_SOURCE_REGISTRY_H
#define KS_SOURCE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "net/http.h"
#include "pkg.h"
#include "source/image.h"

/* Keeps verified small blobs (image configs) across scans: get() returns 1 with the bytes
 * (cx->arena, NUL-terminated) when it has digest, 0 when not, or KS_ENOMEM; put() stores
 * them (its failures do not fail the pull). The registry checks what get() returns
 * against the digest before using it. */
struct ks_blob_memo {
	int (*get)(void *ud, struct ks_ctx *cx, const char *digest, char **data, size_t *len);
	int (*put)(void *ud, struct ks_ctx *cx, const char *digest, const void *data,
		size_t len);
	void *ud;
};

struct ks_registry_opts {
	const char *username;      /* --username (with password); NULL = none */
	const char *password;      /* --password / --password-stdin */
	const char *token;         /* --registry-token: a bearer token sent as is */
	const char *docker_config; /* config.json to read; NULL = $DOCKER_CONFIG/config.json,
				    * else $HOME/.docker/config.json (absent = anonymous) */
	const char *platform;      /* "os/arch[/variant]"; NULL = the host's */
	struct ks_http_opts http;  /* cafile, insecure, allow_http, deadline, stall ... */
	struct ks_blob_memo memo;  /* the config comes from here when it has it; NULL get =
				    * always from the registry */
};

/*
 * Resolves `reference` (image reference syntax, reference.h) on its registry and returns
 * the image in *out: kind "registry", name = reference as given, manifest_digest (the
 * image manifest's, after an index was narrowed to the platform), the config (verified
 * against the manifest's config digest), image_id, os/arch/variant, layers (digest, size
 * and media type from the manifest, diffid and created_by from the config, key = the
 * blob digest, report_digest = true), repo_tags ("<repo>:<tag>", tag "latest" when the
 * reference names neither tag nor digest, none when it has a digest, as Trivy) and
 * repo_digests ("<repo>@<digest of what the reference resolved to>": the index's for a
 * multi-platform image, as `docker inspect` shows), with repo as ks_ref_repo_name()
 * names it, and opener set. Manifests are fetched by digest when the reference has one
 * (a tag next to it is ignored, as Docker does) and checked against it and against the
 * registry's Docker-Content-Digest. An explicit platform that a single-platform image's
 * config does not fit is KS_ENOTFOUND, as Trivy's --platform. The registry is spoken to
 * over https; over plain http only when https fails to connect and the host is loopback
 * or http.allow_http is set.
 *
 * Each open() issues its own authenticated GET of the blob (following redirects to blob
 * storage; a foreign layer the registry does not have is fetched from its urls, as
 * go-containerregistry does; a descriptor's embedded data is served from memory) and
 * returns the body as a stream, unverified (the scanner hashes what it reads).
 *
 * Errors: KS_EUSAGE (bad reference), KS_ENOTFOUND (no such repository, tag or digest;
 * no manifest for the platform: the message lists the platforms there are), KS_EAUTH
 * (401/403: the message says where the credentials came from, or that there were
 * none), KS_EDIGEST (a manifest or config that does not match its digest), KS_ECORRUPT
 * (malformed manifest or config, layer and DiffID counts that differ), KS_EUNSUPPORTED
 * (schema 1 manifests, digests other than sha256, encrypted layers, artifacts and other
 * media types that are no container image), KS_ELIMIT, KS_ENET, KS_ENOMEM; each with a
 * one-line message in cx->err naming the reference or the registry and repository.
 */
int ks_registry_open(struct ks_ctx *cx, const char *reference, const struct ks_registry_opts *o,
	struct ks_image **out);

/*
 * The platforms ("os/arch[/variant]") of reference's manifest, in index order (for
 * --platform all): every image entry of an index or manifest list except attestation
 * manifests (platform "unknown/unknown"), each platform once (an index may list a gzip and
 * a zstd variant of one), or the one platform of a single manifest's config. Appends to
 * *out (cx->arena). Errors as ks_registry_open(); KS_ENOTFOUND for an index without any
 * image entry.
 */
int ks_registry_platforms(struct ks_ctx *cx, const char *reference,
	const struct ks_registry_opts *o, struct ks_strv *out);

/* --- The parsing steps of ks_registry_open(), exposed for tests and fuzzing --- */

/* A content descriptor of a manifest or index, validated (arena strings). */
struct ks_regdesc {
	const char *media_type;     /* NULL when absent */
	const char *digest;         /* "sha256:<64 hex>" */
	uint64_t size;              /* 0 when absent */
	const char *os, *arch, *variant; /* index entries: the platform (NULL when none) */
	const char **urls;          /* layers: where a foreign layer may also be fetched */
	size_t nurls;
	const unsigned char *data;  /* embedded content ("data", decoded); NULL when none */
	size_t ndata;
};

/* A manifest document: an image manifest (config, layers) or an index (manifests). */
struct ks_regman {
	bool index;             /* OCI index or Docker manifest list */
	const char *media_type; /* from the document, else the Content-Type, else inferred */
	struct ks_regdesc config;
	struct ks_regdesc *layers;
	size_t nlayers;
	struct ks_regdesc *manifests;
	size_t nmanifests;
};

/*
 * Parses len bytes of a manifest document as a registry served it (ctype: the
 * Content-Type, may be NULL) into *out (arena memory); `what` names it in messages.
 * The media type comes from the document's mediaType, else ctype, else the shape (a
 * manifests list: index; config and layers: image manifest). Errors: KS_EUNSUPPORTED
 * (schema 1, another schemaVersion, media types that are no image manifest or index, an
 * artifact's config, encrypted or non-filesystem layers, digests other than sha256),
 * KS_ECORRUPT (not JSON, missing or malformed fields, a bad digest, negative size, bad
 * base64 data), KS_ELIMIT (more than 4096 layers, manifests or urls of a layer).
 */
int ks_registry_parse_manifest(struct ks_ctx *cx, const char *what, const char *body,
	size_t len, const char *ctype, struct ks_regman *out);

/*
 * The entry of index `m` to use for `platform` ("os/arch[/variant]", NULL = the host's):
 * among the image manifests that are not attestations, the first that fits best
 * (ks_plat_rank() in resolve.h). KS_EUSAGE for a bad platform; KS_ENOTFOUND when none
 * fits, the message listing the platforms the index has.
 */
int ks_registry_pick(struct ks_ctx *cx, const char *what, const struct ks_regman *m,
	const char *platform, size_t *idx);

#endif
