/*
 * resolve.h - turning the metadata in a store into a struct ks_image (internal to
 * lib/source). docker_archive.c reads manifest.json, oci_layout.c reads index.json and the
 * manifests it points to; config.c reads the image config both refer to.
 */
#ifndef KS_SOURCE_RESOLVE_H
#define KS_SOURCE_RESOLVE_H

#include <jansson.h>

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

int ks_docker_resolve(struct ks_ctx *cx, struct ks_store *st, const struct ks_select *sel,
	struct ks_image *img);
int ks_oci_resolve(struct ks_ctx *cx, struct ks_store *st, const struct ks_select *sel,
	struct ks_image *img);

#endif
