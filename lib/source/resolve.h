/*
 * resolve.h - turning the metadata in a store into a struct ks_image (internal to
 * lib/source). docker_archive.c reads manifest.json, oci_layout.c reads index.json and the
 * manifests it points to; config.c reads the image config both refer to. oci_layout.c
 * also owns the manifest media types and the platform matching that choose one manifest
 * of an OCI index or Docker manifest list, shared with registry.c.
 */
#ifndef KS_SOURCE_RESOLVE_H
#define KS_SOURCE_RESOLVE_H

#include <jansson.h>
#include <stdbool.h>

#include "source/store.h"

/* Selection of one image in a multi-image archive/layout. */
struct ks_select {
	const char *ref;    /* a tag/name to match, or NULL */
	const char *digest; /* "sha256:..." manifest or image ID, or NULL */
	const char *os, *arch, *variant; /* platform to prefer among an index's manifests */
};

/* Parses len bytes as JSON into *out (caller json_decref()s); `what` names the document in
 * the error message. */
int ks_json_parse(struct ks_ctx *cx, const char *what, const char *data, size_t len,
	json_t **out);

/* Parses the config blob into img: image_id, config_raw, os/arch, and each layer's diffid
 * and created_by (img->layers must already hold nlayers entries). */
int ks_config_apply(struct ks_ctx *cx, const char *data, size_t len, struct ks_image *img);

/* Manifest media types (OCI image spec, Docker image manifest v2). */
#define KS_MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define KS_MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define KS_MT_DOCKER_LIST "application/vnd.docker.distribution.manifest.list.v2+json"
#define KS_MT_DOCKER_MANIFEST "application/vnd.docker.distribution.manifest.v2+json"
#define KS_MT_DOCKER_V1 "application/vnd.docker.distribution.manifest.v1" /* +json, +prettyjws */

enum ks_mkind {
	KS_MK_UNKNOWN = 0, /* no media type, or one that is no manifest (artifacts ...) */
	KS_MK_IMAGE,       /* OCI image manifest or Docker schema 2 manifest */
	KS_MK_INDEX,       /* OCI index or Docker manifest list */
	KS_MK_SCHEMA1,     /* Docker schema 1 (signed or not) */
};

/* What a manifest media type is (NULL -> KS_MK_UNKNOWN). */
enum ks_mkind ks_manifest_kind(const char *media_type);

/*
 * A platform as an index entry or --platform names it. Strings are borrowed or in an
 * arena; NULL = not given. In a wanted platform NULL means the default: os "linux", the
 * host's architecture and, when the architecture is not given either, the host's variant
 * as a preference.
 */
struct ks_plat {
	const char *os, *arch, *variant;
};

/* Parses "os/arch[/variant]" (os "*" matches any OS, as in Trivy's --platform) into
 * arena strings. KS_EUSAGE with a message when s has another shape. */
int ks_plat_parse(struct ks_ctx *cx, const char *s, struct ks_plat *out);

/* The Go architecture name (GOARCH) of a uname(2) machine name ("x86_64" -> "amd64",
 * "aarch64" -> "arm64", "armv7l" -> "arm" with *variant "v7", "i686" -> "386"); an
 * unknown machine name is returned as it is. *variant is NULL when there is none. */
const char *ks_plat_goarch(const char *machine, const char **variant);

/* The host's platform: linux/<GOARCH>[/<variant>] (static strings). */
void ks_plat_host(struct ks_plat *out);

/*
 * How well a platform `have` (an index entry's, or an image config's) fits `want`: 0 = not
 * at all, 1 = os and architecture match but the variant is only compatible (the wanted
 * variant was a preference: none given, or the host's), 2 = exact. Architectures and
 * variants compare as containerd normalises them ("aarch64" = "arm64", arm64 "v8" = none,
 * arm without variant = "v7", amd64 "v1" = none). An entry without os and architecture
 * matches nothing.
 */
int ks_plat_rank(const struct ks_plat *have, const struct ks_plat *want);

/* "os/arch[/variant]" (arena; "?" for a missing part), for messages and listings. */
const char *ks_plat_str(struct ks_ctx *cx, const struct ks_plat *p);

/* The platform object of an index entry ({"os", "architecture", "variant"}) as borrowed
 * strings (valid while the JSON lives); all NULL when there is none. */
void ks_plat_of(json_t *platform, struct ks_plat *out);

/* True for the entries buildkit adds for attestations (platform os "unknown"): never an
 * image to scan. */
bool ks_plat_attestation(const struct ks_plat *p);

int ks_docker_resolve(struct ks_ctx *cx, struct ks_store *st, const struct ks_select *sel,
	struct ks_image *img);
int ks_oci_resolve(struct ks_ctx *cx, struct ks_store *st, const struct ks_select *sel,
	struct ks_image *img);

#endif
