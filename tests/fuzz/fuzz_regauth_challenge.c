/* fuzz_regauth_challenge.c - a registry's WWW-Authenticate header (untrusted: any server
 * the user names, or a man in the middle of plain http) through the challenge parser. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "source/regauth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_challenge c;
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	if (ks_challenge_parse(&cx, (const char *)data, size, &c) == 0) {
		/* what the token request is built from is terminated and fits its field */
		if (strlen(c.realm) >= KS_CHAL_FIELD || strlen(c.service) >= KS_CHAL_FIELD ||
			strlen(c.scope) >= KS_CHAL_FIELD)
			__builtin_trap();
		if (c.scheme == KS_AUTH_BEARER && c.realm[0] == '\0')
			__builtin_trap();
	}
	ks_ctx_release(&cx);
	return 0;
}
