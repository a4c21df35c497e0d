/* fuzz_daemon.c - what the Docker Engine API source parses from outside: the docker host
 * string (--docker-host / DOCKER_HOST) and the export stream. An input that starts with
 * "H:" carries a host up to the first newline, checked for both engine kinds, with and
 * without plain http allowed; a host starting with "!" makes the stream fail half-way as
 * a dropped connection does. The rest is read as the daemon's export through
 * ks_image_open_stream() in irregular chunks, every layer through every analyzer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layer/layer.h"
#include "source/daemon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct src {
	struct ks_ctx *cx;
	const uint8_t *p;
	size_t n, off, fail_at;
	uint32_t lcg;
};

static ssize_t src_read(void *h, void *buf, size_t n)
{
	struct src *s = h;
	size_t k;

	if (s->off >= s->fail_at)
		return ks_seterr(&s->cx->err, KS_ENET, "fuzz: connection dropped");
	s->lcg = s->lcg * 1103515245u + 12345u;
	k = 1 + (s->lcg >> 8) % 70000;
	if (k > n)
		k = n;
	if (k > s->n - s->off)
		k = s->n - s->off;
	if (s->off + k > s->fail_at)
		k = s->fail_at - s->off;
	memcpy(buf, s->p + s->off, k);
	s->off += k;
	return (ssize_t)k;
}

static int sink_blob(void *ud, const char *key, struct ks_blob *b, struct ks_blob_info *info)
{
	struct ks_ctx *cx = ud;
	struct ks_lres lr;
	uint64_t total = 0;

	(void)key;
	memset(&lr, 0, sizeof(lr));
	return ks_layer_stream(cx, NULL, b, &total, &lr, info);
}

static void host(const char *h)
{
	struct ks_daemon_opts o;
	struct ks_daemon_ep ep;
	struct ks_ctx cx;
	int kind, allow;

	for (kind = 0; kind < 2; kind++)
		for (allow = 0; allow < 2; allow++) {
			ks_ctx_init(&cx);
			memset(&o, 0, sizeof(o));
			o.kind = kind ? KS_DAEMON_PODMAN : KS_DAEMON_DOCKER;
			o.host = h;
			o.http.allow_http = allow != 0;
			(void)ks_daemon_endpoint(&cx, &o, &ep);
			ks_ctx_release(&cx);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ks_ctx cx;
	struct ks_blob_sink sink = { &cx, sink_blob };
	struct ks_image *img;
	struct ks_blob in;
	struct src s;
	bool fail = false;

	memset(&s, 0, sizeof(s));
	if (size >= 2 && data[0] == 'H' && data[1] == ':') {
		const uint8_t *nl = memchr(data, '\n', size < 300 ? size : 300);
		size_t n = nl ? (size_t)(nl - data) - 2 : 0;
		char *h = malloc(n + 1);

		if (nl == NULL || h == NULL) {
			free(h);
			return 0;
		}
		memcpy(h, data + 2, n);
		h[n] = '\0';
		fail = n > 0 && h[0] == '!';
		if (strlen(h) == n)
			host(fail ? h + 1 : h);
		free(h);
		data += n + 3; /* "H:", the host, the newline */
		size -= n + 3;
	}
	ks_ctx_init(&cx);
	cx.lim.max_image = 64 << 20;
	cx.lim.max_file = 8 << 20;
	s.cx = &cx;
	s.p = data;
	s.n = size;
	s.fail_at = fail ? size / 2 : SIZE_MAX;
	s.lcg = (uint32_t)size;
	in.read = src_read;
	in.h = &s;
	in.size = 0;
	in.close = NULL;
	(void)ks_image_open_stream(&cx, "fuzz", &in, &sink, &img);
	ks_ctx_release(&cx);
	return 0;
}
