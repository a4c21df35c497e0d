/* fuzz_image_config.c - an image config (untrusted JSON from the image) re-encoded for
 * the report's Metadata.ImageConfig. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/report.h"
#include "util/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fopen("/dev/null", "w");
	struct ks_jw w;
	struct ks_err err;

	if (f == NULL)
		return 0;
	ks_jw_init(&w, f, true);
	(void)ks_write_image_config(&w, (const char *)data, size, &err);
	fclose(f);
	return 0;
}
