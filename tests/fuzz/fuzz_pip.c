/* fuzz_pip.c - libFuzzer target for the pip analyzer (lib/analyze/pip.c) and the join
 * step that follows its includes (lib/layer/join_pip.c): the input is parsed as a
 * requirements.txt, its kept includes are decoded, the raw input is decoded as kept bytes
 * too, and (for inputs up to JOIN_MAX bytes) the includes are followed in a tree where
 * the first MAX_READS files read hold the input and the others are missing (so nesting,
 * cycles, the depth limit and the de-duplication all get exercised, in bounded time per
 * input). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/pip.h"
#include "layer/layer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_READS 16
#define JOIN_MAX 65536

struct input {
	const uint8_t *data;
	size_t size;
	unsigned reads;
};

/* The tree reader: the fuzz input for the first MAX_READS files, then none. */
static int read_input(void *ud, struct ks_ctx *cx, const char *path, uint8_t **out, size_t *n)
{
	struct input *in = ud;

	if (in->reads++ >= MAX_READS)
		return ks_seterr(&cx->err, KS_ENOTFOUND, "'%s': no such file", path);
	if ((*out = malloc(in->size + 1)) == NULL)
		return ks_seterr(&cx->err, KS_ENOMEM, "out of memory");
	memcpy(*out, in->data, in->size);
	(*out)[in->size] = '\0';
	*n = in->size;
	return 0;
}

static void decode(const uint8_t *p, size_t n)
{
	struct ks_pip_include inc;
	struct ks_rd rd;

	ks_rd_init(&rd, p, n);
	while (ks_pip_next_include(&rd, &inc) == 1)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};
	struct ks_tree_reader tr = {read_input, &in};
	struct ks_lfile lf = {.path = "app/requirements.txt", .an = &ks_analyzer_pip};
	struct ks_mfile mf = {&lf, 0};
	struct ks_merged m = {&mf, 1};
	struct ks_file f = {.path = lf.path, .data = data, .size = size};
	struct ks_ctx cx;

	ks_ctx_init(&cx);
	decode(data, size);
	if (ks_analyzer_pip.parse(&cx, &f, &lf.res) == 0) {
		decode(lf.res.kept, lf.res.nkept);
		if (size <= JOIN_MAX)
			ks_layers_join_tree(&cx, &m, &tr);
	}
	ks_ctx_release(&cx);
	return 0;
}
