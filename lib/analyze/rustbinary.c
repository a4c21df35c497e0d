/*
 * rustbinary.c - crates compiled into Rust executables built with cargo-auditable, as
 * Trivy's rustbinary analyzer (through go-rustaudit) reports them.
 *
 * cargo-auditable stores the dependency tree in the ELF section ".dep-v0" (".rust-deps-v0"
 * for rust-audit 0.1) as zlib-compressed JSON: {"packages": [{"name", "version",
 * "source", "kind", "dependencies": [indexes into packages], "root"}]}; "kind" defaults to
 * "runtime". Runtime packages become packages (the one marked root has relationship root,
 * the others unknown, as Trivy sets them), each depending on the runtime packages its
 * indexes name, in the order listed. Build-only packages are skipped.
 *
 * Hostile input: the decompressed JSON is capped at RB_MAXJSON bytes (KS_ELIMIT), the
 * JSON goes through the bounded loader (util/yaml.h), and an index outside the package
 * list or a value of the wrong type is a corrupt file. A file that is not ELF, or an ELF
 * file without the section, is not a Rust auditable binary and quietly gives nothing, as
 * in Trivy; Mach-O, PE and WebAssembly files are not read yet. The analyzer reads every
 * file with an execute bit, as the Go binary analyzer does (analyze/exepath.h).
 */
#include "analyze/analyzer.h"
#include "analyze/exepath.h"
#include "result.h"
#include "util/elf.h"
#include "util/str.h"
#include "util/yaml.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/banned.h"

#define RB_MAXJSON (8u << 20)


/* Inflates the zlib stream in into a malloc'd buffer of at most RB_MAXJSON bytes. */
static int inflate_all(struct ks_ctx *cx, const struct ks_file *f, const uint8_t *in, size_t n,
	uint8_t **out, size_t *outlen)
{
	z_stream z;
	uint8_t *buf = NULL, *nb;
	size_t cap = 0;
	int zr, r = KS_EINTERNAL;

	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return ks_seterr(&cx->err, KS_ENOMEM, "rustbinary: '%s': out of memory", f->path);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = n > UINT_MAX ? UINT_MAX : (uInt)n;
	do {
		if (z.total_out == cap) {
			if (cap == RB_MAXJSON) {
				r = ks_seterr(&cx->err, KS_ELIMIT,
					"rustbinary: '%s': dependency list inflates past %u bytes",
					f->path, RB_MAXJSON);
				goto out;
			}
			cap = cap ? cap * 2 : 65536;
			if (cap > RB_MAXJSON)
				cap = RB_MAXJSON;
			if ((nb = realloc(buf, cap)) == NULL) {
				r = ks_seterr(&cx->err, KS_ENOMEM,
					"rustbinary: '%s': out of memory", f->path);
				goto out;
			}
			buf = nb;
		}
		z.next_out = buf + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		zr = inflate(&z, Z_NO_FLUSH);
	} while (zr == Z_OK);
	if (zr != Z_STREAM_END) {
		r = ks_seterr(&cx->err, KS_ECORRUPT,
			"rustbinary: '%s': dependency section is not a complete zlib stream",
			f->path);
		goto out;
	}
	*out = buf;
	*outlen = z.total_out;
	buf = NULL;
	r = 0;
out:
	inflateEnd(&z);
	free(buf);
	return r;
}

static int bad(struct ks_ctx *cx, const struct ks_file *f, size_t i, const char *what)
{
	return ks_seterr(&cx->err, KS_ECORRUPT, "rustbinary: '%s': package %zu: %s", f->path, i,
		what);
}

/* A string member (absent = ""), or KS_ECORRUPT for another type. */
static int member_str(json_t *o, const char *key, const char **out)
{
	json_t *v = json_object_get(o, key);

	*out = "";
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return KS_ECORRUPT;
	*out = json_string_value(v);
	return 0;
}

static bool is_runtime(json_t *p)
{
	json_t *k = json_object_get(p, "kind");

	return k == NULL || json_is_null(k) || (json_is_string(k) && !strcmp(json_string_value(k),
		"runtime"));
}

/* Checks every package's shape and indexes before anything is emitted. */
static int validate(struct ks_ctx *cx, const struct ks_file *f, json_t *pkgs)
{
	size_t i, j, n = json_array_size(pkgs);
	json_t *p, *deps, *d;
	const char *s;

	for (i = 0; i < n; i++) {
		p = json_array_get(pkgs, i);
		if (!json_is_object(p))
			return bad(cx, f, i, "not an object");
		if (member_str(p, "name", &s) != 0 || member_str(p, "version", &s) != 0 ||
			member_str(p, "source", &s) != 0 || member_str(p, "kind", &s) != 0)
			return bad(cx, f, i, "a field that should be a string is not");
		d = json_object_get(p, "root");
		if (d != NULL && !json_is_boolean(d) && !json_is_null(d))
			return bad(cx, f, i, "\"root\" is not a boolean");
		deps = json_object_get(p, "dependencies");
		if (deps != NULL && !json_is_null(deps) && !json_is_array(deps))
			return bad(cx, f, i, "\"dependencies\" is not an array");
		for (j = 0; j < json_array_size(deps); j++) {
			d = json_array_get(deps, j);
			if (!json_is_integer(d) || json_integer_value(d) < 0 ||
				(uint64_t)json_integer_value(d) >= n)
				return bad(cx, f, i, "dependency index outside the package list");
		}
	}
	return 0;
}

static const char *pkg_id(struct ks_arena *a, const char *name, const char *version)
{
	struct ks_pkg tmp;
	const char *id;

	memset(&tmp, 0, sizeof(tmp));
	tmp.name = name;
	tmp.version = version;
	tmp.analyzed_by = "rustbinary";
	id = ks_pkg_id(a, &tmp);
	/* a bare name comes back as given: copy it, it may not outlive the caller's tree */
	return id == name ? ks_arena_strdup(a, name) : id;
}

static int emit(struct ks_ctx *cx, json_t *pkgs, struct ks_ares *out)
{
	struct ks_arena *a = &cx->arena;
	size_t i, j;

	for (i = 0; i < json_array_size(pkgs); i++) {
		json_t *p = json_array_get(pkgs, i), *deps = json_object_get(p, "dependencies");
		const char *name, *version;
		struct ks_pkg *k;

		if (!is_runtime(p))
			continue;
		member_str(p, "name", &name);
		member_str(p, "version", &version);
		if ((k = ks_ares_addpkg(cx, out)) == NULL ||
			(k->name = ks_arena_strdup(a, name)) == NULL ||
			(k->version = ks_arena_strdup(a, version)) == NULL)
			return KS_ENOMEM;
		k->relationship = json_is_true(json_object_get(p, "root")) ? KS_REL_ROOT :
									      KS_REL_UNKNOWN;
		for (j = 0; j < json_array_size(deps); j++) {
			json_t *d = json_array_get(pkgs,
				(size_t)json_integer_value(json_array_get(deps, j)));
			const char *dn, *dv, *id;

			if (!is_runtime(d))
				continue;
			member_str(d, "name", &dn);
			member_str(d, "version", &dv);
			if ((id = pkg_id(a, dn, dv)) == NULL ||
				ks_strv_push(a, &k->depends_on, id) != 0)
				return KS_ENOMEM;
		}
	}
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_elf elf;
	struct ks_elf_shdr sh;
	struct ks_rd sec;
	uint8_t *js = NULL;
	size_t jn = 0;
	json_t *doc = NULL, *pkgs;
	const char *what;
	int r;

	if (!ks_elf_is(f->data, f->size) || ks_elf_open(&elf, f->data, f->size) != 0)
		return 0;
	r = ks_elf_section(&elf, ".dep-v0", &sh);
	if (r == KS_ENOTFOUND)
		r = ks_elf_section(&elf, ".rust-deps-v0", &sh);
	if (r == KS_ENOTFOUND)
		return 0;
	if (r != 0 || (r = ks_elf_section_data(&elf, &sh, &sec)) != 0)
		return ks_seterr(&cx->err, KS_ECORRUPT,
			"rustbinary: '%s': unreadable section headers", f->path);
	if ((r = inflate_all(cx, f, sec.p, sec.n, &js, &jn)) != 0)
		goto out;
	if ((what = ks_arena_printf(&cx->arena, "rustbinary: '%s'", f->path)) == NULL) {
		r = ks_seterr(&cx->err, KS_ENOMEM, "rustbinary: out of memory");
		goto out;
	}
	if ((r = ks_json_load(&cx->err, what, js, jn, &doc)) != 0)
		goto out;
	pkgs = json_object_get(doc, "packages");
	if (!json_is_object(doc) || !json_is_array(pkgs)) {
		r = ks_seterr(&cx->err, KS_ECORRUPT,
			"rustbinary: '%s': dependency list has no \"packages\" array", f->path);
		goto out;
	}
	if ((r = validate(cx, f, pkgs)) != 0)
		goto out;
	if ((r = emit(cx, pkgs, out)) != 0)
		ks_seterr(&cx->err, r, "rustbinary: '%s': out of memory", f->path);
out:
	json_decref(doc);
	free(js);
	return r;
}

const struct ks_analyzer ks_analyzer_rustbinary = {
	.name = "rustbinary",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_POST,
	.version = 1,
	.max_size = 0,
	.exec_only = true,
	.wants = ks_exepath_any,
	.parse = parse,
};
