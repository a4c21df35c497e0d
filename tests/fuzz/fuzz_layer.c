/* fuzz_layer.c - one layer blob (tar, optionally compressed) through the streaming
 * reader, the whiteout logic and every registered analyzer, then the merge. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "layer/layer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_ctx cx;
	struct ks_memblob m;
	struct ks_blob b = ks_blob_mem(&m, data, size);
	struct ks_blob_info info;
	struct ks_lres lr, *layers[2] = { &lr, &lr };
	struct ks_merged merged;
	uint64_t total = 0;

	ks_ctx_init(&cx);
	cx.lim.max_image = 64 << 20;
	cx.lim.max_file = 8 << 20;
	memset(&lr, 0, sizeof(lr));
	if (ks_layer_stream(&cx, NULL, &b, &total, &lr, &info) == 0)
		(void)ks_layers_merge(&cx, layers, 2, &merged);
	ks_ctx_release(&cx);
	return 0;
}
