/*
 * reference.h - image references ("python:3.9", "ghcr.io/o/app@sha256:...") parsed and
 * normalised exactly as Docker does (distribution/reference's ParseNormalizedNamed and
 * Parse): Docker Hub names gain "docker.io/" and "library/", "index.docker.io" becomes
 * "docker.io", hosts may carry ports or be bracketed IPv6 addresses, a reference may
 * carry a tag, a digest or both. The strings of a parsed reference live in the arena of
 * the context passed to the parser.
 */
#ifndef KS_SOURCE_REFERENCE_H
#define KS_SOURCE_REFERENCE_H

#include <stdbool.h>

#include "ctx.h"

struct ks_ref {
	const char *domain; /* "docker.io", "127.0.0.1:5000", "[::1]:5000"; "" if none (strict) */
	const char *path;   /* "library/python", "o/app" */
	const char *tag;    /* NULL when the reference names none */
	const char *digest; /* "sha256:<hex>" (or sha384/sha512), NULL when none */
};

/*
 * Parses s as `docker pull` does (ParseNormalizedNamed). Errors are KS_EUSAGE with
 * Docker's reason: "invalid reference format", "repository name must be lowercase",
 * "repository name must not be more than 255 characters", "invalid checksum digest
 * length", "unsupported digest algorithm", a 64-hex-digit name...
 */
int ks_ref_parse(struct ks_ctx *cx, const char *s, struct ks_ref *out);

/* Parses s by the reference grammar alone (distribution/reference's Parse): no default
 * domain or "library/"; a leading component is a domain only when it looks like one and
 * more components follow. Errors as ks_ref_parse(); a bare digest is refused. */
int ks_ref_parse_strict(struct ks_ctx *cx, const char *s, struct ks_ref *out);

/* "domain/path" (arena). */
const char *ks_ref_name(struct ks_ctx *cx, const struct ks_ref *r);

/* The host the registry API is reached at: "registry-1.docker.io" for Docker Hub,
 * otherwise the domain itself (with its port). */
const char *ks_ref_api_host(const struct ks_ref *r);

/* The repository as Trivy names it in RepoTags/RepoDigests: Docker Hub repositories
 * without "docker.io/" and a leading "library/", others as "domain/path" (arena). */
const char *ks_ref_repo_name(struct ks_ctx *cx, const struct ks_ref *r);

#endif
