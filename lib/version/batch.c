/* batch.c - the `kensa vercmp --batch` engine; see ks_vercmp_batch() in version.h. */
#include "version/vint.h"

#include <string.h>

#include "util/buf.h"
#include "util/banned.h"

/* Reads one line (without "\n" and a trailing "\r") into b. Returns 1 for a line, 0 at the
 * end of input, KS_ELIMIT for a line longer than b allows (the rest of it is consumed),
 * or KS_EIO. */
static int read_line(FILE *in, struct ks_buf *b)
{
	bool any = false, over = false;
	int c;

	ks_buf_reset(b);
	while ((c = getc(in)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		if (!over && ks_buf_addc(b, (char)c) != 0)
			over = true;
	}
	if (ferror(in))
		return KS_EIO;
	if (!any)
		return 0;
	if (over)
		return KS_ELIMIT;
	if (b->n > 0 && b->p[b->n - 1] == '\r')
		b->p[--b->n] = '\0';
	return 1;
}

/* Compares one "ecosystem<TAB>a<TAB>b" line; writes the result or an error line. */
static void one_line(FILE *out, struct ks_str line, unsigned long lineno)
{
	struct ks_str eco, rest, a, b;
	struct ks_err e = { 0 };
	enum ks_eco id;
	int c;

	if (!ks_str_cut(line, '\t', &eco, &rest) || !ks_str_cut(rest, '\t', &a, &b) ||
		ks_str_chr(b, '\t') >= 0) {
		fprintf(out, "error: line %lu: expected ecosystem<TAB>version<TAB>version\n",
			lineno);
		return;
	}
	if ((id = ks_eco_lookup(eco)) == KS_ECO_NONE) {
		char q[KS_VQUOTE_MAX];

		ks_vquote(eco, q, sizeof(q));
		fprintf(out, "error: line %lu: unknown ecosystem '%s'\n", lineno, q);
		return;
	}
	if (ks_ver_compare(&e, id, a, b, &c) != 0) {
		fprintf(out, "error: line %lu: %s\n", lineno, e.msg);
		return;
	}
	fputs(c < 0 ? "<\n" : c > 0 ? ">\n" : "=\n", out);
}

int ks_vercmp_batch(FILE *in, FILE *out, struct ks_err *e)
{
	unsigned long lineno = 0;
	struct ks_buf b;
	int r = KS_EINTERNAL, got;

	ks_buf_init(&b, KS_VER_BATCH_LINEMAX);
	while ((got = read_line(in, &b)) != 0) {
		lineno++;
		if (got == KS_EIO) {
			r = ks_seterr(e, KS_EIO, "vercmp: reading the input failed");
			goto out;
		}
		if (got == KS_ELIMIT)
			fprintf(out, "error: line %lu: longer than %d bytes\n", lineno,
				KS_VER_BATCH_LINEMAX);
		else
			one_line(out, (struct ks_str){ b.p != NULL ? b.p : "", b.n }, lineno);
		if (ferror(out)) {
			r = ks_seterr(e, KS_EIO, "vercmp: writing the output failed");
			goto out;
		}
	}
	if (fflush(out) != 0 || ferror(out)) {
		r = ks_seterr(e, KS_EIO, "vercmp: writing the output failed");
		goto out;
	}
	r = 0;
out:
	ks_buf_release(&b);
	return r;
}
