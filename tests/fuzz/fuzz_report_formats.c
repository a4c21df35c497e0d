/* fuzz_report_formats.c - every report writer but table/json on a result whose strings
 * come from the input (NUL-separated fields: report time, artifact, OS, target, then per
 * finding ID, package, versions, title, description, URL, reference, alias, CWE, licence,
 * severity source, severity, vector). The outputs must stay well-formed whatever the text:
 * the JSON formats parse with jansson (which also rejects invalid UTF-8), JUnit parses
 * with libxml2, the HTML holds exactly kensa's one <script> and no src attribute, and
 * every Markdown findings row has exactly seven unescaped "|". Aborts otherwise. */
#include <jansson.h>
#include <libxml/parser.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

#define GROUP 14 /* fields per finding */
#define MAXF 6   /* findings */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fields {
	const char **v;
	size_t n, next;
};

static const char *field(struct fields *fl)
{
	return fl->next < fl->n ? fl->v[fl->next++] : "";
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* Unescaped "|" in a Markdown line (a "|" after an odd run of backslashes is escaped). */
static size_t pipes(const char *s, size_t n)
{
	size_t i, count = 0, bs = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '|' && bs % 2 == 0)
			count++;
		bs = s[i] == '\\' ? bs + 1 : 0;
	}
	return count;
}

static void check_markdown(const char *out, size_t len)
{
	static const char header[] = "| Package | Vulnerability | Severity | Installed | Fixed | "
				     "Title |";
	const char *p = out, *end = out + len, *nl;
	int in_table = 0;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) == sizeof(header) - 1 && memcmp(p, header, sizeof(header) - 1) == 0)
			in_table = 1;
		else if (nl == p)
			in_table = 0;
		if (in_table && pipes(p, (size_t)(nl - p)) != 7)
			abort();
		if (nl == end)
			break;
	}
}

static void check(const char *fmt, const char *out, size_t len, size_t ntargets)
{
	if (!strcmp(fmt, "markdown")) {
		check_markdown(out, len);
	} else if (!strcmp(fmt, "junit")) {
		xmlDocPtr doc = xmlReadMemory(out, (int)len, "f.xml", NULL, XML_PARSE_NONET);

		if (doc == NULL)
			abort();
		xmlFreeDoc(doc);
	} else if (!strcmp(fmt, "html")) {
		const char *s = strstr(out, "<script"), *tag, *end;

		if ((ntargets > 0) != (s != NULL) || (s != NULL && strstr(s + 1, "<script")))
			abort();
		/* text has its "<" escaped, so every "<" opens one of kensa's own tags; outside
		 * its double-quoted attribute values a tag names no src attribute */
		for (tag = strchr(out, '<'); tag != NULL; tag = strchr(end, '<')) {
			bool quoted = false;

			for (end = tag; *end != '\0' && (quoted || *end != '>'); end++) {
				if (*end == '"')
					quoted = !quoted;
				else if (!quoted && !strncmp(end, " src=", 5))
					abort();
			}
			if (*end == '\0')
				abort();
		}
	} else {
		json_error_t je;
		json_t *o = json_loadb(out, len, 0, &je);

		if (o == NULL)
			abort();
		json_decref(o);
	}
}

static void build(struct kensa_result *r, struct fields *fl, struct ks_target *t,
	struct ks_pkg *pkgs, struct ks_finding *fs, struct ks_vsev *sevs)
{
	struct ks_arena *a = &r->cx.arena;
	size_t i;

	r->artifact_name = field(fl);
	r->artifact_type = "container_image";
	r->os.family = field(fl);
	r->os.name = field(fl);
	r->has_os = r->os.family[0] != '\0';
	t->name = field(fl);
	t->type = field(fl);
	t->klass = "os-pkgs";
	t->pkgs = pkgs;
	t->vulns = fs;
	for (i = 0; i < MAXF && fl->next + GROUP <= fl->n; i++) {
		struct ks_finding *f = &fs[i];
		struct ks_pkg *p = &pkgs[i];
		const char *sev;

		f->vuln_id = f->v.id = field(fl);
		p->name = field(fl);
		p->version = f->installed = field(fl);
		p->arch = "x86_64";
		p->analyzed_by = "apk";
		p->layer = -1;
		f->pkg = p;
		f->fixed = field(fl);
		f->v.title = field(fl);
		f->v.description = field(fl);
		f->primary_url = field(fl);
		(void)ks_strv_push(a, &f->v.refs, field(fl));
		(void)ks_strv_push(a, &f->v.aliases, field(fl));
		(void)ks_strv_push(a, &f->v.cwe, field(fl));
		(void)ks_strv_push(a, &p->licenses, field(fl));
		f->severity_source = field(fl);
		sev = field(fl);
		f->severity = sev[0] ? (signed char)sev[0] % 8 : 0;
		f->status = sev[0] ? (unsigned char)sev[0] % 9 : 0;
		sevs[i].source = f->severity_source;
		sevs[i].severity = f->severity;
		sevs[i].v3_vector = field(fl);
		sevs[i].v2_vector = sevs[i].v3_vector;
		sevs[i].v3_score = sev[0] ? (unsigned char)sev[0] / 25.0 : -1;
		sevs[i].v2_score = -1;
		sevs[i].v40_score = -1;
		f->v.sevs = &sevs[i];
		f->v.nsevs = 1;
		f->v.kev = sev[0] & 1;
		f->v.kev_date_added = f->fixed;
		f->v.published = f->fixed;
		f->v.modified = p->version;
		f->v.has_epss = sev[0] & 2;
		f->v.epss_score = (unsigned char)sev[0] / 255.0;
		if (i > 0 && (sev[0] & 4))
			(void)ks_strv_push(a, &p->depends_on, pkgs[0].name);
	}
	t->npkgs = t->nvulns = i;
	r->targets = t;
	r->ntargets = t->name[0] != '\0' || i > 0;
	if ((r->cx.nwarns == 0 && r->artifact_name[0] == 'W'))
		(void)ks_warn(&r->cx, "%s", r->artifact_name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = { "sarif", "cyclonedx", "spdx-json", "junit",
		"gitlab", "markdown", "html" };
	struct kensa_result r;
	struct kensa_report_options ro;
	struct fields fl = { 0 };
	struct ks_target t;
	struct ks_pkg pkgs[MAXF];
	struct ks_finding fs[MAXF];
	struct ks_vsev sevs[MAXF];
	char *copy, err[256];
	size_t i, k;

	if (size > 1 << 16)
		return 0;
	xmlSetGenericErrorFunc(NULL, quiet);
	memset(&r, 0, sizeof(r));
	memset(&t, 0, sizeof(t));
	memset(pkgs, 0, sizeof(pkgs));
	memset(fs, 0, sizeof(fs));
	memset(sevs, 0, sizeof(sevs));
	ks_ctx_init(&r.cx);
	copy = ks_arena_alloc(&r.cx.arena, size + 1);
	fl.v = ks_arena_calloc(&r.cx.arena, size + 2, sizeof(*fl.v));
	if (copy == NULL || fl.v == NULL)
		goto out;
	if (size > 0)
		memcpy(copy, data, size);
	for (i = 0, k = 0; i <= size; i++)
		if (i == size || data[i] == 0) {
			copy[i] = '\0';
			fl.v[fl.n++] = copy + k;
			k = i + 1;
		}
	memset(&ro, 0, sizeof(ro));
	ro.created_at = field(&fl);
	if (ro.created_at[0] == '\0')
		ro.created_at = "2021-08-25T12:20:30Z";
	ro.gate_severity = size % 5;
	ro.gate_only_fixed = size & 1;
	build(&r, &fl, &t, pkgs, fs, sevs);
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		int rc;

		if (f == NULL)
			break;
		rc = kensa_report_write(&r, formats[i], &ro, f, err, sizeof(err));
		fclose(f);
		if (rc != 0 && rc != KENSA_EUSAGE)
			abort();
		if (rc == 0)
			check(formats[i], out, len, r.ntargets);
		free(out);
	}
out:
	ks_ctx_release(&r.cx);
	return 0;
}
