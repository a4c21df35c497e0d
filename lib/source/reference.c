/*
 * reference.c - Docker image references; see reference.h.
 *
 * The grammar (distribution/reference):
 *   reference  := name [ ":" tag ] [ "@" digest ]
 *   name       := [domain "/"] path-component ["/" path-component]*
 *   domain     := (domain-name | "[" ipv6 "]") [":" port]
 *   domain-name:= label ("." label)*, label = [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 *   path-component := [a-z0-9]+ (([._] | "__" | "-"+) [a-z0-9]+)*
 *   tag        := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest     := alg ":" hex{32,}, alg = [A-Za-z][A-Za-z0-9]* ([-_+.][A-Za-z][A-Za-z0-9]*)*
 * The parsers below walk a string against it by hand; every input is bounded by its
 * NUL-terminated length.
 */
#include "source/reference.h"
#include "util/str.h"

#include <string.h>

#define PATH_MAX_LEN 255

enum { E_FORMAT = 1, E_UPPER, E_EMPTY, E_LONG, E_DGST_FMT, E_DGST_LEN, E_DGST_ALG };

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool is_alnum(char c)
{
	return is_lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

static bool is_word(char c)
{
	return is_alnum(c) || c == '_';
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* path-component */
static bool path_component(struct ks_str s)
{
	size_t i = 0;

	while (i < s.n) {
		size_t run = 0;

		while (i < s.n && is_lower_alnum(s.p[i])) {
			i++;
			run++;
		}
		if (run == 0)
			return false;
		if (i == s.n)
			return true;
		/* a separator, then more alphanumerics */
		if (s.p[i] == '.') {
			i++;
		} else if (s.p[i] == '_') {
			i += (i + 1 < s.n && s.p[i + 1] == '_') ? 2 : 1;
		} else if (s.p[i] == '-') {
			while (i < s.n && s.p[i] == '-')
				i++;
		} else {
			return false;
		}
		if (i == s.n)
			return false;
	}
	return s.n > 0;
}

/* path := path-component ("/" path-component)* */
static bool path_ok(struct ks_str s)
{
	struct ks_str head, rest = s;

	if (s.n == 0)
		return false;
	for (;;) {
		bool more = ks_str_cut(rest, '/', &head, &rest);

		if (!path_component(head))
			return false;
		if (!more)
			return true;
	}
}

static bool label_ok(struct ks_str s)
{
	size_t i;

	if (s.n == 0 || !is_alnum(s.p[0]) || !is_alnum(s.p[s.n - 1]))
		return false;
	for (i = 0; i < s.n; i++)
		if (!is_alnum(s.p[i]) && s.p[i] != '-')
			return false;
	return true;
}

/* domain := host [":" port] */
static bool domain_ok(struct ks_str s)
{
	struct ks_str host = s, port = { NULL, 0 }, label, rest;
	size_t i;

	if (s.n > 0 && s.p[0] == '[') {
		ptrdiff_t e = ks_str_chr(s, ']');

		if (e < 2)
			return false;
		for (i = 1; i < (size_t)e; i++)
			if (!is_hex(s.p[i]) && s.p[i] != ':')
				return false;
		rest = ks_str_sub(s, (size_t)e + 1, s.n);
		if (rest.n == 0)
			return true;
		if (rest.p[0] != ':')
			return false;
		port = ks_str_sub(rest, 1, rest.n);
	} else {
		ptrdiff_t c = ks_str_chr(s, ':');

		if (c >= 0) {
			host = ks_str_sub(s, 0, (size_t)c);
			port = ks_str_sub(s, (size_t)c + 1, s.n);
			if (port.n == 0)
				return false;
		}
		rest = host;
		do {
			bool more = ks_str_cut(rest, '.', &label, &rest);

			if (!label_ok(label))
				return false;
			if (!more)
				break;
		} while (1);
	}
	if (port.p == NULL)
		return true;
	if (port.n == 0)
		return false;
	for (i = 0; i < port.n; i++)
		if (port.p[i] < '0' || port.p[i] > '9')
			return false;
	return true;
}

static bool tag_ok(struct ks_str s)
{
	size_t i;

	if (s.n == 0 || s.n > 128 || !is_word(s.p[0]))
		return false;
	for (i = 1; i < s.n; i++)
		if (!is_word(s.p[i]) && s.p[i] != '.' && s.p[i] != '-')
			return false;
	return true;
}

/* The digest grammar of the reference regexp (any algorithm, 32+ hex digits). */
static bool digest_syntax(struct ks_str s)
{
	ptrdiff_t c = ks_str_chr(s, ':');
	size_t i;
	bool start = true;

	if (c <= 0 || (size_t)c + 1 + 32 > s.n)
		return false;
	for (i = 0; i < (size_t)c; i++) {
		char ch = s.p[i];

		if (start) {
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
				return false;
			start = false;
		} else if (ch == '-' || ch == '_' || ch == '+' || ch == '.') {
			start = true;
		} else if (!is_alnum(ch)) {
			return false;
		}
	}
	if (start)
		return false;
	for (i = (size_t)c + 1; i < s.n; i++)
		if (!is_hex(s.p[i]))
			return false;
	return true;
}

/* go-digest's validation of a syntactically valid digest: a known algorithm, the
 * algorithm's hex length, lower-case hex. */
static int digest_check(struct ks_str s)
{
	ptrdiff_t c = ks_str_chr(s, ':');
	struct ks_str alg = ks_str_sub(s, 0, (size_t)c), hex = ks_str_sub(s, (size_t)c + 1, s.n);
	size_t want, i;

	if (ks_str_eq(alg, "sha256"))
		want = 64;
	else if (ks_str_eq(alg, "sha384"))
		want = 96;
	else if (ks_str_eq(alg, "sha512"))
		want = 128;
	else
		return E_DGST_ALG;
	if (hex.n != want)
		return E_DGST_LEN;
	for (i = 0; i < hex.n; i++)
		if (!is_lower_alnum(hex.p[i]) || hex.p[i] > 'f')
			return E_DGST_FMT;
	return 0;
}

/*
 * Matches s against the reference grammar; on success fills the views (domain empty when
 * none). Returns 0 or E_FORMAT/E_LONG/E_DGST_*.
 */
static int match(struct ks_str s, struct ks_str *domain, struct ks_str *path, struct ks_str *tag,
	struct ks_str *digest)
{
	struct ks_str name = s, first, rest;
	ptrdiff_t at = ks_str_chr(s, '@'), colon, slash;
	int r;

	*domain = *tag = *digest = (struct ks_str){ "", 0 };
	if (at >= 0) {
		*digest = ks_str_sub(s, (size_t)at + 1, s.n);
		name = ks_str_sub(s, 0, (size_t)at);
		if (!digest_syntax(*digest))
			return E_FORMAT;
	}
	colon = ks_str_rchr(name, ':');
	slash = ks_str_rchr(name, '/');
	if (colon >= 0 && colon > slash) {
		*tag = ks_str_sub(name, (size_t)colon + 1, name.n);
		name = ks_str_sub(name, 0, (size_t)colon);
		if (!tag_ok(*tag))
			return E_FORMAT;
	}
	*path = name;
	if (ks_str_cut(name, '/', &first, &rest) && domain_ok(first) && path_ok(rest)) {
		*domain = first;
		*path = rest;
	} else if (!path_ok(name)) {
		return E_FORMAT;
	}
	if (path->n > PATH_MAX_LEN)
		return E_LONG;
	if (digest->n > 0 && (r = digest_check(*digest)) != 0)
		return r;
	return 0;
}

static int fail(struct ks_ctx *cx, const char *input, int why, const char *detail)
{
	static const char *const msg[] = {
		[E_FORMAT] = "invalid reference format",
		[E_UPPER] = "invalid reference format: repository name must be lowercase",
		[E_EMPTY] = "repository name must have at least one component",
		[E_LONG] = "repository name must not be more than 255 characters",
		[E_DGST_FMT] = "invalid checksum digest format",
		[E_DGST_LEN] = "invalid checksum digest length",
		[E_DGST_ALG] = "unsupported digest algorithm",
	};

	if (detail != NULL)
		return ks_seterr(&cx->err, KS_EUSAGE, "'%s': invalid reference format: repository "
			"name (%s) must be lowercase", input, detail);
	return ks_seterr(&cx->err, KS_EUSAGE, "'%s': %s", input, msg[why]);
}

/* Parse(): matches s, telling an upper-case name apart from other format errors. */
static int parse(struct ks_ctx *cx, const char *input, const char *s, struct ks_ref *out)
{
	struct ks_str d, p, t, g;
	int why;

	memset(out, 0, sizeof(*out));
	if (s[0] == '\0')
		return fail(cx, input, E_EMPTY, NULL);
	why = match(ks_str_c(s), &d, &p, &t, &g);
	if (why == E_FORMAT) {
		char *low = ks_arena_strdup(&cx->arena, s);
		size_t i;
		bool changed = false;

		if (low == NULL)
			return KS_ENOMEM;
		for (i = 0; low[i]; i++)
			if (low[i] >= 'A' && low[i] <= 'Z') {
				low[i] = (char)(low[i] - 'A' + 'a');
				changed = true;
			}
		if (changed && match(ks_str_c(low), &d, &p, &t, &g) == 0)
			why = E_UPPER;
	}
	if (why != 0)
		return fail(cx, input, why, NULL);
	out->domain = ks_arena_strndup(&cx->arena, d.p, d.n);
	out->path = ks_arena_strndup(&cx->arena, p.p, p.n);
	out->tag = t.n ? ks_arena_strndup(&cx->arena, t.p, t.n) : NULL;
	out->digest = g.n ? ks_arena_strndup(&cx->arena, g.p, g.n) : NULL;
	if (out->domain == NULL || out->path == NULL || (t.n && out->tag == NULL) ||
		(g.n && out->digest == NULL))
		return KS_ENOMEM;
	return 0;
}

int ks_ref_parse_strict(struct ks_ctx *cx, const char *s, struct ks_ref *out)
{
	return parse(cx, s, s, out);
}

static bool is_identifier(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!is_lower_alnum(s[i]) || s[i] > 'f')
			return false;
	return i == 64;
}

static bool has_upper(struct ks_str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		if (s.p[i] >= 'A' && s.p[i] <= 'Z')
			return true;
	return false;
}

int ks_ref_parse(struct ks_ctx *cx, const char *s, struct ks_ref *out)
{
	struct ks_str all = ks_str_c(s), first, rest, remote;
	const char *domain = "docker.io";
	char *full;
	ptrdiff_t colon;
	int r;

	if (is_identifier(s))
		return ks_seterr(&cx->err, KS_EUSAGE, "'%s': invalid repository name, cannot "
			"specify 64-byte hexadecimal strings", s);
	if (!ks_str_cut(all, '/', &first, &rest)) {
		rest = all;
	} else if (ks_str_eq(first, "localhost") || ks_str_chr(first, '.') >= 0 ||
		ks_str_chr(first, ':') >= 0 || has_upper(first)) {
		domain = ks_str_eq(first, "index.docker.io") ? "docker.io" :
			ks_arena_strndup(&cx->arena, first.p, first.n);
		if (domain == NULL)
			return KS_ENOMEM;
	} else {
		rest = all;
	}
	colon = ks_str_chr(rest, ':');
	remote = colon >= 0 ? ks_str_sub(rest, 0, (size_t)colon) : rest;
	if (has_upper(remote)) {
		char *shown = ks_arena_printf(&cx->arena, "%s%.*s",
			strcmp(domain, "docker.io") == 0 && ks_str_chr(rest, '/') < 0 ? "library/" : "",
			(int)remote.n, remote.p);

		return shown ? fail(cx, s, E_UPPER, shown) : KS_ENOMEM;
	}
	full = ks_arena_printf(&cx->arena, "%s/%s%.*s", domain,
		strcmp(domain, "docker.io") == 0 && ks_str_chr(rest, '/') < 0 ? "library/" : "",
		(int)rest.n, rest.p);
	if (full == NULL)
		return KS_ENOMEM;
	if ((r = parse(cx, s, full, out)) != 0)
		return r;
	return 0;
}

const char *ks_ref_name(struct ks_ctx *cx, const struct ks_ref *r)
{
	if (r->domain[0] == '\0')
		return ks_arena_strdup(&cx->arena, r->path);
	return ks_arena_printf(&cx->arena, "%s/%s", r->domain, r->path);
}

const char *ks_ref_api_host(const struct ks_ref *r)
{
	return strcmp(r->domain, "docker.io") == 0 ? "registry-1.docker.io" : r->domain;
}

const char *ks_ref_repo_name(struct ks_ctx *cx, const struct ks_ref *r)
{
	if (strcmp(r->domain, "docker.io") == 0)
		return ks_arena_strdup(&cx->arena, ks_hasprefix(r->path, "library/") ?
			r->path + 8 : r->path);
	return ks_ref_name(cx, r);
}
