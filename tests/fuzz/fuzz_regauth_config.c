/* fuzz_regauth_config.c - what the credential code reads from outside: Docker's
 * config.json (looked up for a plain registry and for Docker Hub), a credential helper's
 * answer, a token service's answer and a registry's JSON error body. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "source/regauth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const domains[] = { "127.0.0.1:5000", "docker.io" };
	const char *p = (const char *)data;
	struct ks_cred c = { 0 };
	struct ks_ctx cx;
	char *helper = NULL, *token = NULL, msg[128];
	long life;
	size_t i;

	ks_ctx_init(&cx);
	for (i = 0; i < 2; i++) {
		if (ks_dockercfg_parse(&cx, "config.json", p, size, domains[i], &c, &helper) == 0) {
			ks_cred_release(&c);
			free(helper);
		} else if (helper != NULL || !ks_cred_empty(&c)) {
			__builtin_trap(); /* nothing is handed back on error */
		}
	}
	if (ks_credhelper_parse(&cx, "fuzz", p, size, &c) == 0)
		ks_cred_release(&c);
	if (ks_token_parse(&cx, p, size, &token, &life) == 0) {
		if (life < 60)
			__builtin_trap();
		free(token);
	}
	ks_registry_errbody(p, size, msg, sizeof(msg));
	ks_ctx_release(&cx);
	return 0;
}
