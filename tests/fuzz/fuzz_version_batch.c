/* fuzz_version_batch.c - libFuzzer target for the `kensa vercmp --batch` engine
 * (ks_vercmp_batch): the input is the batch's stdin. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size, "r");
	char *out = NULL;
	size_t outlen = 0;
	FILE *o = open_memstream(&out, &outlen);
	struct ks_err e = { 0 };

	if (in != NULL && o != NULL)
		(void)ks_vercmp_batch(in, o, &e);
	if (in != NULL)
		fclose(in);
	if (o != NULL)
		fclose(o);
	free(out);
	return 0;
}
