/* fuzz_lres_codec.c - libFuzzer target for the layer cache's decoder (lib/cache/
 * lres_codec.c): the input is resealed (its checksum rewritten, so mutations reach the
 * structure behind it) and decoded with the analyzer registry; a decoded layer must
 * merge (lib/layer/merge.c, as the scanner would use it) and encode again to bytes that
 * decode and encode to the very same bytes. Seeds: real encodings written by
 * test_lres_codec (KENSA_LRES_SEEDS). */
#include <stdlib.h>
#include <string.h>

#include "cache/lres_codec.h"
#include "layer/layer.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Encodes lr with its warnings and info into b; traps on failure (a decoded layer is a
 * well-formed one). */
static void encode(struct ks_ctx *cx, const struct ks_lres *lr, const struct ks_strv *w,
	const struct ks_blob_info *bi, struct ks_buf *b)
{
	ks_buf_init(b, (size_t)1 << 30);
	if (ks_lres_encode(cx, lr, w->v, w->n, bi, b) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_lres lr = { 0 }, again = { 0 };
	struct ks_strv warns, w2;
	struct ks_blob_info bi, b2;
	struct ks_merged m;
	struct ks_lres *layers[1];
	struct ks_buf e1, e2;
	struct ks_ctx cx;
	uint8_t *copy = malloc(size ? size : 1);

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	ks_lres_seal(copy, size);
	ks_ctx_init(&cx);
	if (ks_lres_decode(&cx, copy, size, &lr, &warns, &bi) == 0) {
		layers[0] = &lr;
		if (ks_layers_merge(&cx, layers, 1, &m) != 0)
			__builtin_trap();
		encode(&cx, &lr, &warns, &bi, &e1);
		if (ks_lres_decode(&cx, e1.p, e1.n, &again, &w2, &b2) != 0)
			__builtin_trap();
		encode(&cx, &again, &w2, &b2, &e2);
		if (e1.n != e2.n || memcmp(e1.p, e2.p, e1.n) != 0)
			__builtin_trap();
		ks_buf_release(&e1);
		ks_buf_release(&e2);
	}
	ks_ctx_release(&cx);
	free(copy);
	return 0;
}
