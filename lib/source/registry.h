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

#include "ctx.h"
#include "net/http.h"
#include "pkg.h"
#include "source/image.h"

struct ks_registry_opts {
	const char *username;      /* --username (with password); NULL = none */
	const char *password;      /* --password / --password-stdin */
	const char *token;         /* --registry-token: a bearer token sent as is */
	const char *docker_config; /* config.json to read; NULL = $DOCKER_CONFIG/config.json,
				    * else $HOME/.docker/config.json (absent = anonymous) */
	const char *platform;      /* "os/arch[/variant]"; NULL = the host's */
	struct ks_http_opts http;  /* cafile, insecure, allow_http, deadline, stall ... */
};

/*
 * Resolves `reference` (image reference syntax, reference.h) on its registry and returns
 * the image in *out: kind "registry", name = reference as given, manifest_digest, the
 * config (verified against the manifest's config digest), image_id, os/arch/variant,
 * layers (digest, size and media type from the manifest, diffid and created_by from the
 * config, key = the blob digest, report_digest = true), repo_tags ("<repo>:<tag>" when
 * the reference has a tag) and repo_digests ("<repo>@<manifest digest>"), with repo as
 * ks_ref_repo_name() names it, and opener set. Each open() issues its own authenticated
 * GET of the blob (following redirects to blob storage) and returns the body as a stream.
 * Errors: KS_EUSAGE (bad reference), KS_ENOTFOUND (no such repository, tag or digest;
 * no manifest for the platform: the message lists the platforms there are), KS_EAUTH
 * (401/403: the message says whether credentials were sent), KS_EDIGEST (a manifest or
 * config that does not match its digest), KS_ECORRUPT (malformed manifest or config),
 * KS_EUNSUPPORTED (schema 1 manifests, unknown media types), KS_ENET, KS_ENOMEM; each with
 * a one-line message in cx->err naming the reference.
 */
int ks_registry_open(struct ks_ctx *cx, const char *reference, const struct ks_registry_opts *o,
	struct ks_image **out);

/*
 * The platforms ("os/arch[/variant]") of reference's manifest, in index order (for
 * --platform all): every entry of an index or manifest list except attestation manifests
 * (platform "unknown/unknown"), or the one platform of a single manifest's config.
 * Appends to *out (cx->arena). Errors as ks_registry_open().
 */
int ks_registry_platforms(struct ks_ctx *cx, const char *reference,
	const struct ks_registry_opts *o, struct ks_strv *out);

#endif
