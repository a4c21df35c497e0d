/*
 * swift.c - Swift Package Manager lock files (Package.resolved, formats 1, 2 and 3), read
 * as Trivy's swift analyzer reads them, in pre-build (fs/repo) scans only.
 *
 * Format 1 lists the pins under "object": {"pins": [...]}, each with "repositoryURL";
 * formats 2 and 3 ("version" above 1) list them under a top-level "pins", each with
 * "location". Each pin's "state" holds the resolved "version" or, for a pin that follows
 * a branch, the "branch" name, which then stands for the version (as in Trivy). A pin with
 * neither is skipped with one warning per file. The package name is the URL without a
 * leading "https://" and a trailing ".git" ("github.com/apple/swift-nio"), the name the
 * advisories use; its location is the lines of the pin's object. Pins are reported as
 * they are listed (Trivy merges no repeats here). There are no relationships or
 * dependencies. IDs are "<name>@<version>".
 *
 * Malformed JSON and values of the wrong JSON type (a "version" that is not an integer,
 * pins that are not objects, URLs that are not strings) are corrupt, as they make Go's
 * decoder fail.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "util/jscan.h"
#include "util/lineno.h"
#include "util/str.h"

#include <stdint.h>
#include <string.h>

#include "util/banned.h"

#define AN "swift"

static bool wants(const char *path, size_t len)
{
	return ks_lang_is_base(path, len, "Package.resolved");
}

struct sstate {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_ares *out;
	struct ks_lineno ln;
	size_t unresolved, unresolved_line;
};

static int corrupt(struct sstate *st, const char *at, const char *what)
{
	return ks_lang_corrupt(st->cx, AN, st->f, ks_lang_line(st->f, at), "%s", what);
}

/* Decodes the member value v, a string (*out NULL when absent or null); KS_ECORRUPT
 * naming the member for other kinds. */
static int member(struct sstate *st, struct ks_str v, const char *what, const char **out)
{
	int r = ks_lang_jstr(&st->cx->arena, v, out);

	if (r == KS_ECORRUPT)
		return ks_lang_corrupt(st->cx, AN, st->f, ks_lang_line(st->f, v.p),
			"\"%s\" is not a string", what);
	return r;
}

static int add_pin(struct sstate *st, struct ks_str pin, bool v1)
{
	static const char *const keys[] = { "repositoryURL", "location", "state" };
	static const char *const skeys[] = { "version", "branch" };
	struct ks_str vals[3], svals[2], name;
	const char *url, *version, *branch;
	struct ks_pkg *p;
	int r;

	if (ks_js_kind(pin) == 'n')
		vals[0] = vals[1] = vals[2] = (struct ks_str){ pin.p, 0 };
	else if (ks_js_pick(pin, keys, 3, vals, NULL) != 0)
		return corrupt(st, pin.p, "pin is not an object");
	if ((r = member(st, vals[v1 ? 0 : 1], v1 ? "repositoryURL" : "location", &url)) != 0)
		return r;
	svals[0] = svals[1] = (struct ks_str){ pin.p, 0 };
	if (vals[2].n > 0 && ks_js_kind(vals[2]) != 'n' &&
		ks_js_pick(vals[2], skeys, 2, svals, NULL) != 0)
		return corrupt(st, vals[2].p, "pin state is not an object");
	if ((r = member(st, svals[0], "version", &version)) != 0 ||
		(r = member(st, svals[1], "branch", &branch)) != 0)
		return r;
	if ((version == NULL || version[0] == '\0') && (branch == NULL || branch[0] == '\0')) {
		if (st->unresolved++ == 0)
			st->unresolved_line = ks_lineno_ptr(&st->ln, pin.p);
		return 0;
	}
	name = ks_str_c(url);
	if (ks_str_hasprefix(name, "https://"))
		name = ks_str_sub(name, 8, name.n - 8);
	if (ks_str_hassuffix(name, ".git"))
		name.n -= 4;
	if (version == NULL || version[0] == '\0')
		version = branch;
	p = ks_lang_add(st->cx, st->out, name, ks_str_c(version),
		ks_lineno_ptr(&st->ln, pin.p), ks_lineno_ptr(&st->ln, pin.p + pin.n - 1));
	return p != NULL ? 0 : KS_ENOMEM;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	static const char *const keys[] = { "object", "pins", "version" };
	static const char *const okeys[] = { "pins" };
	struct ks_str doc, vals[3], pins, v;
	struct sstate st = { cx, f, out, { 0 }, 0, 0 };
	struct ks_jsit it;
	uint64_t version = 0;
	int r;

	ks_lineno_init(&st.ln, (const char *)f->data, f->size);
	if ((r = ks_lang_json_doc(cx, AN, f, &doc)) != 0)
		goto out;
	if (ks_js_kind(doc) == 'n')
		goto out;
	if (ks_js_pick(doc, keys, 3, vals, NULL) != 0) {
		r = corrupt(&st, doc.p, "not a JSON object");
		goto out;
	}
	if (vals[2].n > 0 && ks_js_kind(vals[2]) != 'n' &&
		!ks_str_to_u64(vals[2], UINT32_MAX, &version)) {
		r = corrupt(&st, vals[2].p, "\"version\" is not an integer");
		goto out;
	}
	pins = vals[1];
	if (version <= 1) {
		pins = (struct ks_str){ doc.p, 0 };
		if (vals[0].n > 0 && ks_js_kind(vals[0]) != 'n' &&
			ks_js_pick(vals[0], okeys, 1, &pins, NULL) != 0) {
			r = corrupt(&st, vals[0].p, "\"object\" is not an object");
			goto out;
		}
	}
	if (pins.n == 0 || ks_js_kind(pins) == 'n')
		goto out;
	if (ks_js_iter(&it, pins, '[') != 0) {
		r = corrupt(&st, pins.p, "\"pins\" is not an array");
		goto out;
	}
	while ((r = ks_js_next(&it, NULL, &v)) == 1)
		if ((r = add_pin(&st, v, version <= 1)) != 0)
			goto out;
	if (r < 0) {
		r = corrupt(&st, pins.p, "malformed \"pins\"");
		goto out;
	}
	if (st.unresolved > 0 &&
		(r = ks_warn(cx, AN ": '%s': line %zu: %zu pin%s with neither version nor branch "
				 "skipped",
			 f->path, st.unresolved_line, st.unresolved,
			 st.unresolved == 1 ? "" : "s")) != 0)
		goto out;
	r = 0;
out:
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, AN ": '%s': out of memory", f->path);
	return r;
}

const struct ks_analyzer ks_analyzer_swift = {
	.name = "swift",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
