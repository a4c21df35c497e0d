/* fuzz_toml.c - libFuzzer target for the bounded TOML loader (lib/util/toml.c): any input
 * either loads into a tree that serialises as JSON within the depth bound, or fails with
 * an error code and a message. */
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "util/toml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_err e = {0};
	json_t *o = NULL;
	char *s;
	int r = ks_toml_load(&e, "fuzz.toml", data, size, &o);

	if (r == 0) {
		if (!json_is_object(o))
			abort();
		/* jansson's encoder refuses trees deeper than its own limit (2048) */
		if ((s = json_dumps(o, JSON_COMPACT)) == NULL)
			abort();
		free(s);
		json_decref(o);
	} else if (o != NULL || r > 0 || e.msg[0] == '\0') {
		abort();
	}
	return 0;
}
