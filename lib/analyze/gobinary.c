/*
 * gobinary.c - modules compiled into Go executables (ELF), read from the build
 * information the Go linker embeds, as Trivy's gobinary analyzer reports them.
 *
 * Locating the blob follows Go's debug/buildinfo: the ".go.buildinfo" section, or else the
 * first loadable segment that is writable and not executable; inside it, the magic
 * "\xff Go buildinf:" at a 16-byte boundary starts a 32-byte header (pointer size, flags).
 * Go 1.18+ (flag bit 2) stores the Go version and the module text inline as two
 * varint-prefixed strings after the header; older linkers store two pointers to Go string
 * headers ({data pointer, length}) that are resolved through the loadable segments. The
 * module text, framed by 16-byte sentinels, is parsed as runtime/debug.ParseBuildInfo
 * does: "path", "mod" (main module), "dep", "=>" (replacement of the line before) and
 * "build key=value" lines, quoted keys and values decoded as Go string literals.
 *
 * Packages, as Trivy's parser makes them: "stdlib" at "v" + the Go version (without
 * "go" and anything after a space; relationship direct); every dependency with a path,
 * replaced by its replacement when there is one, "(devel)" read as no version; the main
 * module as root, its version "(devel)" replaced by the one stamped with
 * -ldflags "-X <pkg>.version=<semver>" (same precedence rules as Trivy: keys under
 * "<module>/cmd/", then keys whose last element starts with main/common/version/cmd, then
 * any other; two candidates in one class mean no version), depending on all the others.
 *
 * Which files: every file with an execute bit (analyze/exepath.h); everything that is
 * not an ELF file with Go build information is quietly ignored (Trivy is silent there
 * too). Mach-O and PE executables are not read yet. A file whose build information is
 * found but cannot be decoded is corrupt.
 */
#include "analyze/analyzer.h"
#include "analyze/exepath.h"
#include "result.h"
#include "util/buf.h"
#include "util/elf.h"
#include "util/golit.h"
#include "util/rd.h"
#include "util/str.h"
#include "version/version.h"

#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

#define GB_MAXSTR (1u << 20) /* Go's limit on a string read through a pointer */
#define GB_ALIGN 16
#define GB_HDR 32
#define GB_MAXVALUE (1u << 20) /* a decoded build setting */

static const char gb_magic[] = "\xff Go buildinf:";


struct gb_mod {
	struct ks_str path, version;
	struct ks_str rpath, rversion; /* replacement, rpath.p == NULL when none */
};

struct gb_info {
	struct ks_str govers;
	struct gb_mod main;
	struct gb_mod *deps;
	size_t ndeps, capdeps;
	bool have_ldflags;
	const char *ldflags; /* decoded value of the first -ldflags setting */
	size_t ldflags_len;
};

struct gb {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_elf elf;
};

static int corrupt(struct gb *g, const char *what)
{
	return ks_seterr(&g->cx->err, KS_ECORRUPT, "gobinary: '%s': %s", g->f->path, what);
}

/* decodeString: a varint length and that many bytes; an empty view when malformed. */
static struct ks_str inline_string(struct ks_rd *r)
{
	const uint8_t *p;
	uint64_t n;

	if (ks_rd_uvarint(r, &n) != 0 || n > ks_rd_left(r) || ks_rd_bytes(r, (size_t)n, &p) != 0)
		return (struct ks_str){ "", 0 };
	return (struct ks_str){ (const char *)p, (size_t)n };
}

static int read_ptr(struct ks_rd *r, int size, bool be, uint64_t *v)
{
	uint32_t w;
	int rc;

	if (size == 8)
		return be ? ks_rd_u64be(r, v) : ks_rd_u64le(r, v);
	if ((rc = be ? ks_rd_u32be(r, &w) : ks_rd_u32le(r, &w)) != 0)
		return rc;
	*v = w;
	return 0;
}

/* readString: the Go string header at addr, then its bytes; empty when unresolvable. */
static struct ks_str ptr_string(const struct gb *g, int psize, bool be, uint64_t addr)
{
	struct ks_rd hdr, data;
	uint64_t daddr, dlen;
	const uint8_t *p;

	if (ks_elf_read_addr(&g->elf, addr, (uint64_t)(2 * psize), &hdr) != 0 ||
		hdr.n < (size_t)(2 * psize) || read_ptr(&hdr, psize, be, &daddr) != 0 ||
		read_ptr(&hdr, psize, be, &dlen) != 0 || dlen > GB_MAXSTR)
		return (struct ks_str){ "", 0 };
	if (ks_elf_read_addr(&g->elf, daddr, dlen, &data) != 0 || data.n < dlen ||
		ks_rd_bytes(&data, (size_t)dlen, &p) != 0)
		return (struct ks_str){ "", 0 };
	return (struct ks_str){ (const char *)p, (size_t)dlen };
}

/* Where Go looks for the blob (DataStart): the section or the first data segment. */
static int data_start(const struct gb *g, uint64_t *addr, uint64_t *size)
{
	struct ks_elf_shdr sh;
	struct ks_elf_phdr ph;
	size_t i;
	int rc;

	*addr = *size = 0;
	rc = ks_elf_section(&g->elf, ".go.buildinfo", &sh);
	if (rc == 0) {
		*addr = sh.addr;
		*size = sh.size;
		return 0;
	}
	if (rc != KS_ENOTFOUND)
		return rc;
	for (i = 0; i < g->elf.phnum; i++) {
		if ((rc = ks_elf_phdr(&g->elf, i, &ph)) != 0)
			return rc;
		if (ph.type == KS_ELF_PT_LOAD &&
			(ph.flags & (KS_ELF_PF_X | KS_ELF_PF_W)) == KS_ELF_PF_W) {
			*addr = ph.vaddr;
			*size = ph.memsz;
			return 0;
		}
	}
	return 0;
}

/*
 * Finds and decodes the blob: *found is false when the file has none (not a Go binary, as
 * Go's errNotGoExe), else *vers and *mod view the version and the module text (without
 * its framing; empty when unframed, as Go drops it).
 */
static int find_blob(struct gb *g, bool *found, struct ks_str *vers, struct ks_str *mod)
{
	struct ks_rd data, hdr;
	uint64_t addr, size, p1, p2;
	const uint8_t *base, *hit;
	size_t off = 0;
	int rc, psize;
	uint8_t flags;

	*found = false;
	if ((rc = data_start(g, &addr, &size)) != 0)
		return rc == KS_ENOMEM ? rc : corrupt(g, "unreadable ELF headers");
	if (size == 0)
		return 0;
	rc = ks_elf_read_addr(&g->elf, addr, size, &data);
	if (rc == KS_ENOTFOUND)
		return 0;
	if (rc != 0)
		return corrupt(g, "a loadable segment lies outside the file");
	base = data.p;
	for (;;) {
		hit = data.n - off >= sizeof(gb_magic) - 1 ?
			memmem(base + off, data.n - off, gb_magic, sizeof(gb_magic) - 1) :
			NULL;
		if (hit == NULL || data.n - (size_t)(hit - base) < GB_HDR)
			return 0;
		off = (size_t)(hit - base);
		if (off % GB_ALIGN == 0)
			break;
		off = (off + GB_ALIGN - 1) & ~(size_t)(GB_ALIGN - 1);
	}
	if ((rc = ks_rd_sub(&data, off, data.n - off, &hdr)) != 0 ||
		(rc = ks_rd_skip(&hdr, 14)) != 0)
		return rc;
	if ((rc = ks_rd_u8(&hdr, &flags)) != 0)
		return rc;
	psize = flags;
	if ((rc = ks_rd_u8(&hdr, &flags)) != 0 || (rc = ks_rd_seek(&hdr, GB_HDR)) != 0)
		return rc;
	if (flags & 2) {
		*vers = inline_string(&hdr);
		*mod = inline_string(&hdr);
	} else {
		bool be = flags != 0;

		if (psize != 4 && psize != 8)
			return 0;
		if ((rc = ks_rd_seek(&hdr, 16)) != 0 ||
			(rc = read_ptr(&hdr, psize, be, &p1)) != 0 ||
			(rc = read_ptr(&hdr, psize, be, &p2)) != 0)
			return rc;
		*vers = ptr_string(g, psize, be, p1);
		*mod = ptr_string(g, psize, be, p2);
	}
	if (vers->n == 0)
		return 0;
	*found = true;
	if (mod->n >= 33 && mod->p[mod->n - 17] == '\n')
		*mod = ks_str_sub(*mod, 16, mod->n - 32);
	else
		*mod = (struct ks_str){ "", 0 };
	return 0;
}

/* Splits s at tabs into at most max fields; returns the count (max + 1 if more). */
static size_t split_tabs(struct ks_str s, struct ks_str *f, size_t max)
{
	struct ks_str head, tail = s;
	size_t n = 0;

	for (;;) {
		bool more = ks_str_cut(tail, '\t', &head, &tail);

		if (n == max)
			return max + 1;
		f[n++] = head;
		if (!more)
			return n;
	}
}

static int bad_line(struct gb *g, size_t lineno, const char *what)
{
	return ks_seterr(&g->cx->err, KS_ECORRUPT,
		"gobinary: '%s': build information line %zu: %s", g->f->path, lineno, what);
}

/* readModuleLine: path, version and an optional sum. */
static int module_line(struct gb *g, struct ks_str rest, size_t lineno, struct gb_mod *m)
{
	struct ks_str f[3];
	size_t n = split_tabs(rest, f, 3);

	if (n != 2 && n != 3)
		return bad_line(g, lineno, "expected 2 or 3 columns");
	memset(m, 0, sizeof(*m));
	m->path = f[0];
	m->version = f[1];
	return 0;
}

static bool has_any(struct ks_str s, const char *set)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (memchr(set, s.p[i], strlen(set)) != NULL)
			return true;
	return false;
}

/* A "build" line: validates it like ParseBuildInfo and keeps the first -ldflags value. */
static int build_line(struct gb *g, struct ks_str kv, size_t lineno, struct gb_info *bi)
{
	struct ks_buf key, val;
	struct ks_str raw;
	size_t klen;
	int rc = 0;

	ks_buf_init(&key, GB_MAXVALUE);
	ks_buf_init(&val, GB_MAXVALUE);
	if (kv.n == 0 || kv.p[0] == '=') {
		rc = bad_line(g, lineno, kv.n == 0 ? "build line missing '='" :
						     "build line with missing key");
		goto out;
	}
	if (kv.p[0] == '`' || kv.p[0] == '"') {
		if (ks_golit_prefix(kv, &klen, &key) != 0) {
			rc = bad_line(g, lineno, "invalid quoted key in build line");
			goto out;
		}
		if (klen == kv.n || kv.p[klen] != '=') {
			rc = bad_line(g, lineno, "build line missing '=' after quoted key");
			goto out;
		}
		raw = ks_str_sub(kv, klen + 1, kv.n);
	} else {
		struct ks_str k;

		if (!ks_str_cut(kv, '=', &k, &raw)) {
			rc = bad_line(g, lineno, "build line missing '=' after key");
			goto out;
		}
		if (k.n == 0 || has_any(k, "= \t\r\n\"`")) {
			rc = bad_line(g, lineno, "unquoted key must be quoted");
			goto out;
		}
		if ((rc = ks_buf_add(&key, k.p, k.n)) != 0)
			goto out;
	}
	if (raw.n > 0 && (raw.p[0] == '`' || raw.p[0] == '"')) {
		if ((rc = ks_golit_unquote(raw, &val)) != 0) {
			if (rc == KS_ECORRUPT)
				rc = bad_line(g, lineno, "invalid quoted value in build line");
			goto out;
		}
	} else if (has_any(raw, " \t\r\n\"`")) {
		rc = bad_line(g, lineno, "unquoted value must be quoted");
		goto out;
	} else if ((rc = ks_buf_add(&val, raw.p, raw.n)) != 0) {
		goto out;
	}
	if (!bi->have_ldflags && key.n == 8 && memcmp(key.p, "-ldflags", 8) == 0) {
		bi->have_ldflags = true;
		bi->ldflags_len = val.n;
		if ((bi->ldflags = ks_arena_memdup(&g->cx->arena, val.p ? val.p : "",
			     val.n + 1)) == NULL)
			rc = KS_ENOMEM;
	}
out:
	if (rc == KS_ELIMIT)
		rc = bad_line(g, lineno, "build setting too long");
	ks_buf_release(&key);
	ks_buf_release(&val);
	return rc;
}

/* runtime/debug.ParseBuildInfo over the module text. */
static int parse_modinfo(struct gb *g, struct ks_str data, struct gb_info *bi)
{
	struct gb_mod *last = NULL;
	struct ks_str line, rest = data;
	size_t lineno = 1;
	int rc;

	while (rest.n > 0 && ks_str_cut(rest, '\n', &line, &rest)) {
		if (ks_str_hasprefix(line, "mod\t")) {
			rc = module_line(g, ks_str_sub(line, 4, line.n), lineno, &bi->main);
			if (rc != 0)
				return rc;
			last = &bi->main;
		} else if (ks_str_hasprefix(line, "dep\t")) {
			struct gb_mod *d = ks_arena_grow(&g->cx->arena, bi->deps, bi->ndeps,
				&bi->capdeps, bi->ndeps + 1, sizeof(*d));

			if (d == NULL)
				return KS_ENOMEM;
			bi->deps = d;
			last = &bi->deps[bi->ndeps++];
			if ((rc = module_line(g, ks_str_sub(line, 4, line.n), lineno, last)) != 0)
				return rc;
		} else if (ks_str_hasprefix(line, "=>\t")) {
			struct ks_str f[3];

			if (split_tabs(ks_str_sub(line, 3, line.n), f, 3) != 3)
				return bad_line(g, lineno, "expected 3 columns for replacement");
			if (last == NULL)
				return bad_line(g, lineno,
					"replacement with no module on previous line");
			last->rpath = f[0];
			last->rversion = f[1];
			last = NULL;
		} else if (ks_str_hasprefix(line, "build\t")) {
			if ((rc = build_line(g, ks_str_sub(line, 6, line.n), lineno, bi)) != 0)
				return rc;
		}
		lineno++;
	}
	return 0;
}

/* ---- -ldflags "-X" versions (pflag + StringToString semantics, as Trivy parses them) */

struct xset {
	struct ks_str *keys, *vals;
	size_t n, cap;
	bool changed;
};

static int xset_put(struct ks_arena *a, struct xset *x, struct ks_str k, struct ks_str v)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (ks_str_eqs(x->keys[i], k)) {
			x->vals[i] = v;
			return 0;
		}
	if (x->n == x->cap) {
		size_t cap = x->cap, cap2 = x->cap;
		struct ks_str *nk = ks_arena_grow(a, x->keys, x->n, &cap, x->n + 1, sizeof(*nk));
		struct ks_str *nv;

		if (nk == NULL)
			return KS_ENOMEM;
		x->keys = nk;
		if ((nv = ks_arena_grow(a, x->vals, x->n, &cap2, x->n + 1, sizeof(*nv))) == NULL)
			return KS_ENOMEM;
		x->vals = nv;
		x->cap = cap < cap2 ? cap : cap2;
	}
	x->keys[x->n] = k;
	x->vals[x->n++] = v;
	return 0;
}

/* One CSV record (encoding/csv, comma-separated, strict quotes) into fields stored in the
 * arena; KS_ECORRUPT on a bare or unbalanced quote. */
static int csv_record(struct ks_arena *a, struct ks_str s, struct ks_str **out, size_t *nout)
{
	struct ks_str *f = NULL;
	size_t n = 0, cap = 0, i = 0;

	for (;;) {
		struct ks_str fld;
		struct ks_str *nf;

		if (i < s.n && s.p[i] == '"') {
			char *buf = ks_arena_alloc(a, s.n + 1);
			size_t w = 0;

			if (buf == NULL)
				return KS_ENOMEM;
			for (i++;; i++) {
				if (i >= s.n)
					return KS_ECORRUPT;
				if (s.p[i] == '"') {
					if (i + 1 < s.n && s.p[i + 1] == '"') {
						buf[w++] = '"';
						i++;
						continue;
					}
					i++;
					break;
				}
				buf[w++] = s.p[i];
			}
			if (i < s.n && s.p[i] != ',')
				return KS_ECORRUPT;
			fld = (struct ks_str){ buf, w };
		} else {
			size_t j = i;

			while (j < s.n && s.p[j] != ',') {
				if (s.p[j] == '"')
					return KS_ECORRUPT;
				j++;
			}
			fld = (struct ks_str){ s.p + i, j - i };
			i = j;
		}
		if ((nf = ks_arena_grow(a, f, n, &cap, n + 1, sizeof(*nf))) == NULL)
			return KS_ENOMEM;
		f = nf;
		f[n++] = fld;
		if (i >= s.n)
			break;
		i++; /* the comma */
	}
	*out = f;
	*nout = n;
	return 0;
}

/* stringToString.Set: "k=v" (quotes trimmed) or a CSV list of "k=v" pairs. */
static int x_set(struct ks_arena *a, struct xset *x, struct ks_str val)
{
	struct ks_str *pairs, one;
	size_t i, n = 0, eq = 0;
	int rc;

	for (i = 0; i < val.n; i++)
		eq += val.p[i] == '=';
	if (eq == 0)
		return KS_ECORRUPT;
	if (eq == 1) {
		one = val;
		while (one.n > 0 && one.p[0] == '"')
			one = ks_str_sub(one, 1, one.n - 1);
		while (one.n > 0 && one.p[one.n - 1] == '"')
			one.n--;
		pairs = &one;
		n = 1;
	} else if ((rc = csv_record(a, val, &pairs, &n)) != 0) {
		return rc;
	}
	if (!x->changed)
		x->n = 0;
	x->changed = true;
	for (i = 0; i < n; i++) {
		struct ks_str k, v;

		if (!ks_str_cut(pairs[i], '=', &k, &v))
			return KS_ECORRUPT;
		if ((rc = xset_put(a, x, k, v)) != 0)
			return rc;
	}
	return 0;
}

/* The number of arguments an unknown flag swallows: its value, unless the next argument
 * is itself a flag (pflag's stripUnknownFlagValue). */
static size_t strip_value(const struct ks_str *args, size_t i, size_t n)
{
	return i < n && !(args[i].n > 0 && args[i].p[0] == '-') ? i + 1 : i;
}

/* pflag's Parse of args with only the shorthand "-X" known and unknown flags tolerated. */
static int x_parse(struct ks_arena *a, const struct ks_str *args, size_t n, struct xset *x)
{
	size_t i = 0;
	int rc;

	while (i < n) {
		struct ks_str s = args[i++];

		if (s.n < 2 || s.p[0] != '-')
			continue;
		if (s.p[1] == '-') {
			struct ks_str name = ks_str_sub(s, 2, s.n), head, tail;
			bool eq;

			if (s.n == 2)
				break;
			if (name.p[0] == '-' || name.p[0] == '=')
				return KS_ECORRUPT;
			eq = ks_str_cut(name, '=', &head, &tail);
			if (ks_str_eq(head, "help"))
				return KS_ECORRUPT;
			if (!eq)
				i = strip_value(args, i, n);
			continue;
		}
		{
			struct ks_str sh = ks_str_sub(s, 1, s.n);
			size_t next = i;

			while (sh.n > 0) {
				char c = sh.p[0];

				/* each letter decides the arguments left, from the same start */
				next = i;
				if (ks_str_hasprefix(sh, "test."))
					break;
				if (c != 'X') {
					if (c == 'h')
						return KS_ECORRUPT;
					if (sh.n > 2 && sh.p[1] == '=')
						break;
					next = strip_value(args, i, n);
					sh = ks_str_sub(sh, 1, sh.n);
					continue;
				}
				if (sh.n > 2 && sh.p[1] == '=') {
					rc = x_set(a, x, ks_str_sub(sh, 2, sh.n));
				} else if (sh.n > 1) {
					rc = x_set(a, x, ks_str_sub(sh, 1, sh.n));
				} else if (i < n) {
					rc = x_set(a, x, args[i]);
					next = i + 1;
				} else {
					return KS_ECORRUPT;
				}
				if (rc != 0)
					return rc;
				break;
			}
			i = next;
		}
	}
	return 0;
}

static bool valid_semver(struct ks_arena *a, struct ks_str v)
{
	const struct ks_ver *ver;
	struct ks_err e;

	if (v.n == 0 || ks_str_hasprefix(v, "go") || v.p[0] == ' ' || v.p[v.n - 1] == ' ')
		return false;
	return ks_ver_parse(a, &e, KS_ECO_GO, v, &ver) == 0;
}

static bool str_ieq_suffix(struct ks_str s, const char *suf)
{
	size_t n = strlen(suf), i;

	if (s.n < n)
		return false;
	for (i = 0; i < n; i++) {
		char c = s.p[s.n - n + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != suf[i])
			return false;
	}
	return true;
}

/* Trivy's versionPrefix: the last path element up to its first dot, lower-cased. */
static bool default_prefix(struct ks_str key)
{
	static const char *const prefixes[] = { "main", "common", "version", "cmd" };
	ptrdiff_t slash = ks_str_rchr(key, '/');
	struct ks_str last = slash > 0 ? ks_str_sub(key, (size_t)slash + 1, key.n) : key;
	struct ks_str head, tail;
	size_t i;

	ks_str_cut(last, '.', &head, &tail);
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (ks_str_eqi(head, prefixes[i]))
			return true;
	return false;
}

/*
 * The main module's version stamped with -ldflags -X (Trivy's ParseLDFlags); *out gets an
 * empty view when there is none or the flags are ambiguous or unparsable.
 */
static int ldflags_version(struct ks_arena *a, struct ks_str module, struct ks_str flags,
	struct ks_str *out)
{
	struct ks_str *args = NULL, rest = flags, fld, found[3];
	size_t nargs = 0, cap = 0, count[3] = { 0, 0, 0 }, i;
	struct xset x = { 0 };
	int rc;

	*out = (struct ks_str){ "", 0 };
	while (ks_str_field_next(&rest, &fld)) {
		struct ks_str *na = ks_arena_grow(a, args, nargs, &cap, nargs + 1, sizeof(*na));

		if (na == NULL)
			return KS_ENOMEM;
		args = na;
		args[nargs++] = fld;
	}
	rc = x_parse(a, args, nargs, &x);
	if (rc == KS_ENOMEM)
		return rc;
	if (rc != 0)
		return 0;
	for (i = 0; i < x.n; i++) {
		struct ks_str k = x.keys[i], v = x.vals[i];
		int cls;

		while (k.n > 0 && k.p[0] == '\'')
			k = ks_str_sub(k, 1, k.n - 1);
		while (v.n > 0 && v.p[v.n - 1] == '\'')
			v.n--;
		if (!(str_ieq_suffix(k, ".version") || str_ieq_suffix(k, ".ver")) ||
			!valid_semver(a, v))
			continue;
		if (k.n > module.n + 5 && memcmp(k.p, module.p, module.n) == 0 &&
			memcmp(k.p + module.n, "/cmd/", 5) == 0)
			cls = 0;
		else if (default_prefix(k))
			cls = 1;
		else
			cls = 2;
		found[cls] = v;
		count[cls]++;
	}
	for (i = 0; i < 3; i++)
		if (count[i] > 0) {
			if (count[i] == 1)
				*out = found[i];
			break;
		}
	return 0;
}

/* ---- packages */

static const char *dup(struct gb *g, struct ks_str s)
{
	return ks_arena_strndup(&g->cx->arena, s.p, s.n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int emit(struct gb *g, const struct gb_info *bi, struct ks_ares *out)
{
	struct ks_arena *a = &g->cx->arena;
	struct ks_pkg *p, tmp;
	struct ks_str gv = bi->govers, head, tail;
	struct ks_strv ids = { 0 };
	size_t i, first = out->npkgs;
	int rc;

	if (ks_str_hasprefix(gv, "go"))
		gv = ks_str_sub(gv, 2, gv.n);
	ks_str_cut(gv, ' ', &head, &tail);
	if ((p = ks_ares_addpkg(g->cx, out)) == NULL)
		return KS_ENOMEM;
	p->name = "stdlib";
	p->version = ks_arena_printf(a, "v%.*s", (int)head.n, head.p);
	p->relationship = KS_REL_DIRECT;
	if (p->version == NULL)
		return KS_ENOMEM;
	for (i = 0; i < bi->ndeps; i++) {
		const struct gb_mod *d = &bi->deps[i];
		struct ks_str path = d->rpath.p ? d->rpath : d->path;
		struct ks_str ver = d->rpath.p ? d->rversion : d->version;

		if (d->path.n == 0)
			continue;
		if (ks_str_eq(ver, "(devel)"))
			ver = (struct ks_str){ "", 0 };
		if ((p = ks_ares_addpkg(g->cx, out)) == NULL)
			return KS_ENOMEM;
		if ((p->name = dup(g, path)) == NULL || (p->version = dup(g, ver)) == NULL)
			return KS_ENOMEM;
	}
	if (bi->main.path.n == 0)
		return 0;
	for (i = first; i < out->npkgs; i++) {
		const char *id;

		tmp = out->pkgs[i];
		tmp.analyzed_by = "gobinary";
		if ((id = ks_pkg_id(a, &tmp)) == NULL || (rc = ks_strv_push(a, &ids, id)) != 0)
			return KS_ENOMEM;
	}
	qsort(ids.v, ids.n, sizeof(ids.v[0]), cmp_str);
	if ((p = ks_ares_addpkg(g->cx, out)) == NULL)
		return KS_ENOMEM;
	p->relationship = KS_REL_ROOT;
	p->depends_on = ids;
	if ((p->name = dup(g, bi->main.path)) == NULL)
		return KS_ENOMEM;
	{
		struct ks_str ver = bi->main.version;

		if (ks_str_eq(ver, "(devel)") || ver.n == 0) {
			ver = (struct ks_str){ "", 0 };
			struct ks_str flags = { bi->ldflags, bi->ldflags_len };

			if (bi->have_ldflags &&
				(rc = ldflags_version(a, bi->main.path, flags, &ver)) != 0)
				return rc;
		}
		if ((p->version = dup(g, ver)) == NULL)
			return KS_ENOMEM;
	}
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct gb g;
	struct gb_info bi;
	struct ks_str vers = { "", 0 }, mod = { "", 0 };
	bool found;
	int rc;

	memset(&g, 0, sizeof(g));
	memset(&bi, 0, sizeof(bi));
	g.cx = cx;
	g.f = f;
	if (!ks_elf_is(f->data, f->size))
		return 0;
	if (ks_elf_open(&g.elf, f->data, f->size) != 0) {
		ks_log(cx, KS_LOG_DEBUG, "gobinary: '%s': unreadable ELF header, skipped", f->path);
		return 0;
	}
	if ((rc = find_blob(&g, &found, &vers, &mod)) != 0)
		goto out;
	if (!found)
		return 0;
	bi.govers = vers;
	if ((rc = parse_modinfo(&g, mod, &bi)) != 0 || (rc = emit(&g, &bi, out)) != 0)
		goto out;
	return 0;
out:
	if (rc == KS_ENOMEM)
		ks_seterr(&cx->err, rc, "gobinary: '%s': out of memory", f->path);
	else if (rc == KS_ETRUNC)
		ks_seterr(&cx->err, KS_ECORRUPT, "gobinary: '%s': build information cut short",
			f->path);
	return rc == KS_ETRUNC ? KS_ECORRUPT : rc;
}

const struct ks_analyzer ks_analyzer_gobinary = {
	.name = "gobinary",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_POST,
	.version = 1,
	.max_size = 0,
	.exec_only = true,
	.wants = ks_exepath_any,
	.parse = parse,
};
