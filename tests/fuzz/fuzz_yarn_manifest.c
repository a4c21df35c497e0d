/*
 * fuzz_yarn_manifest.c - libFuzzer target for the package.json step of the yarn analyzer
 * (lib/analyze/yarn_manifest.c). The input is cut at each "\x01\x01": the first part is
 * the package.json next to the lock file, the second (when there is one) the yarn.lock
 * (else a built-in one with aliases, ranges and a dependency chain), every further part
 * a file of the tree, "path\ncontent" (paths cleaned as the tree walk cleans them).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "analyze/analyzer.h"
#include "analyze/lang_extra.h"
#include "util/path.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXPARTS 64

static const char builtin_lock[] =
	"\"@s/a@^1.0.0\", \"@s/a@~1.0\":\n  version \"1.0.2\"\n  dependencies:\n"
	"    b \"^2\"\n\n"
	"b@^2:\n  version \"2.1.0\"\n  dependencies:\n    c \"*\"\n\n"
	"c@*, c@latest:\n  version \"3.0.0\"\n  dependencies:\n    b \"^2\"\n\n"
	"\"d-alias@npm:d@^4\":\n  version \"4.4.4\"\n\n"
	"\"e@npm:^5.0.0\":\n  version: 5.0.0\n";

struct tree {
	struct ks_file f[MAXPARTS];
	char path[MAXPARTS][256];
	size_t n;
};

static int under(void *ud, const char *dir, int (*fn)(void *fud, const struct ks_file *f),
	void *fud)
{
	const struct tree *t = ud;
	size_t i, d = strlen(dir);
	int r;

	for (i = 0; i < t->n; i++) {
		const char *p = t->f[i].path;

		if (d > 0 && (strncmp(p, dir, d) != 0 || (p[d] != '\0' && p[d] != '/')))
			continue;
		if ((r = fn(fud, &t->f[i])) != 0)
			return r;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *part[MAXPARTS];
	size_t len[MAXPARTS], nparts = 0, i, start = 0;
	static struct tree t;
	struct ks_file pj, lock;
	struct ks_ares out = { 0 };
	struct ks_ctx cx;

	for (i = 0; i + 1 < size && nparts < MAXPARTS - 1; i++)
		if (data[i] == 1 && data[i + 1] == 1) {
			part[nparts] = data + start;
			len[nparts++] = i - start;
			start = i + 2;
			i++;
		}
	part[nparts] = data + start;
	len[nparts++] = size - start;
	t.n = 0;
	for (i = 2; i < nparts; i++) {
		const uint8_t *nl = memchr(part[i], '\n', len[i]);
		size_t plen = nl ? (size_t)(nl - part[i]) : len[i];
		struct ks_file *f = &t.f[t.n];
		int flags;

		if (ks_path_clean((const char *)part[i], plen, t.path[t.n], sizeof(t.path[0]),
			    &flags) != 0 ||
			t.path[t.n][0] == '\0')
			continue;
		f->path = t.path[t.n];
		f->data = nl ? nl + 1 : part[i] + len[i];
		f->size = nl ? len[i] - plen - 1 : 0;
		t.n++;
	}
	pj = (struct ks_file){ "w/package.json", part[0], len[0] };
	lock = nparts > 1 ? (struct ks_file){ "w/yarn.lock", part[1], len[1] } :
			    (struct ks_file){ "w/yarn.lock", (const uint8_t *)builtin_lock,
				    sizeof(builtin_lock) - 1 };
	ks_ctx_init(&cx);
	if (ks_analyzer_yarn.parse(&cx, &lock, &out) == 0)
		ks_lang_yarn_package_json(&cx, &out, &pj,
			&(const struct ks_lang_tree){ under, &t });
	ks_ctx_release(&cx);
	return 0;
}
