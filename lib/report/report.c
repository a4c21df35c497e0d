/* report.c - the writer table and the public report entry points; see report.h. */
#include "report/report.h"
#include "util/map.h"

#include <stdio.h>
#include <string.h>

static const struct ks_writer *const writers[] = {
#define KS_WRITER(id) &ks_writer_##id,
#include "report/writers.def"
#undef KS_WRITER
	NULL,
};

const char *const *kensa_formats(void)
{
	static const char *names[sizeof(writers) / sizeof(writers[0])];
	size_t i;

	for (i = 0; writers[i] != NULL; i++)
		names[i] = writers[i]->name;
	return names;
}

static const struct ks_writer *find(const char *format)
{
	size_t i;

	for (i = 0; writers[i] != NULL; i++)
		if (strcmp(writers[i]->name, format) == 0)
			return writers[i];
	return NULL;
}

bool kensa_format_known(const char *format)
{
	return format != NULL && find(format) != NULL;
}

int kensa_report_write(const kensa_result *r, const char *format,
	const struct kensa_report_options *ro, FILE *f, char *errbuf, size_t errlen)
{
	const struct ks_writer *w = find(format);
	struct kensa_report_options def = { 0 };
	struct ks_arena scratch;
	struct ks_err err;
	int rc;

	if (w == NULL) {
		snprintf(errbuf, errlen, "unknown report format '%s'", format);
		return KENSA_EUSAGE;
	}
	ks_arena_init(&scratch);
	ks_err_clear(&err);
	rc = w->write(r, ro ? ro : &def, &scratch, f, &err);
	if (rc == 0 && fflush(f) != 0)
		rc = ks_seterr(&err, KS_EIO, "cannot write the report");
	if (rc != 0)
		snprintf(errbuf, errlen, "%s", err.msg[0] ? err.msg : ks_strerror(rc));
	ks_arena_release(&scratch);
	return rc;
}

const char *ks_pkg_uid(struct ks_arena *a, const struct ks_pkg *p)
{
	char *key = ks_arena_printf(a, "%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s",
		p->analyzed_by ? p->analyzed_by : "", p->file_path ? p->file_path : "", p->name,
		p->version ? p->version : "", p->epoch, p->release ? p->release : "",
		p->arch ? p->arch : "", p->src_name ? p->src_name : "");

	if (key == NULL)
		return NULL;
	return ks_arena_printf(a, "%llx", (unsigned long long)ks_hash(key, strlen(key)));
}
