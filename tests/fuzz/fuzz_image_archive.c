/* fuzz_image_archive.c - an image archive (docker save / OCI archive, any compression)
 * from memory through the whole source: member classification, manifests, indexes,
 * configs, link members, layer streaming with every registered analyzer, verification. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "layer/layer.h"
#include "source/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sink_blob(void *ud, const char *key, struct ks_blob *b, struct ks_blob_info *info)
{
	struct ks_ctx *cx = ud;
	struct ks_lres lr;
	uint64_t total = 0;

	(void)key;
	memset(&lr, 0, sizeof(lr));
	return ks_layer_stream(cx, NULL, b, &total, &lr, info);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_ctx cx;
	struct ks_blob_sink sink = { &cx, sink_blob };
	struct ks_image *img;

	ks_ctx_init(&cx);
	cx.lim.max_image = 64 << 20;
	cx.lim.max_file = 8 << 20;
	(void)ks_image_open_mem(&cx, "fuzz.tar", data, size, &sink, &img);
	ks_ctx_release(&cx);
	return 0;
}
