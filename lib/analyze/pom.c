/*
 * pom.c - Maven project files (pom.xml), read as Trivy's pom parser reads one without a
 * network or a local Maven repository.
 *
 * The project (groupId, artifactId and version, evaluated with its own <properties>, as
 * Trivy inherits them from a parent POM it cannot find) is the root package, with the
 * licence names its <licenses> declare. Each <dependency> whose scope is empty, compile or
 * runtime and which is not optional is a direct dependency: ${...} references in its
 * fields are replaced as Trivy's evaluateVariable does (the project's properties, then
 * project.groupId/artifactId/version, project.parent.groupId/artifactId/version/
 * relativePath, each also without "project."; nested references; a loop or an unknown or
 * env.* property gives nothing), missing fields come from <dependencyManagement> (matched
 * by the dependency's groupId:artifactId as written), "[1.2]" is the hard requirement 1.2
 * and other ranges are no version. The first declaration of a name wins unless a later
 * one is a hard requirement. Dependencies are located on the lines of their <dependency>
 * and </dependency> tags; the root depends on all of them.
 *
 * What needs other files is not done: parent POMs (relativePath, ../pom.xml, repositories),
 * imported BOMs, <modules>, and transitive dependencies from the dependencies' own POMs.
 * A dependency whose version cannot be resolved this way is skipped (Trivy would list it
 * without a version) and counted in one warning. POMs of maven-invoker-plugin integration
 * tests ([src|target]/it/<name>/pom.xml) are development dependencies, as in Trivy.
 *
 * IDs are Trivy's: "group:artifact:version::<8 hex digits>", the digits from Go's
 * hashstructure v2 of {"gav", "path"} with the file's path as Trivy opened it: the scan
 * target as the user named it joined with the path inside it (ks_ctx.root), Go-cleaned.
 */
#include "analyze/analyzer.h"
#include "analyze/lang.h"
#include "analyze/pomxml.h"
#include "util/buf.h"
#include "util/map.h"
#include "util/path.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

#include "util/banned.h"

#define POM_MAXEXPAND (1u << 20) /* bytes one evaluated value may grow to */
#define POM_MAXSTEPS 10000       /* references replaced while evaluating one value */
#define POM_MAXDEPTH 64          /* nested property evaluations */

static bool wants(const char *path, size_t len)
{
	return (len == 7 && memcmp(path, "pom.xml", 7) == 0) ||
		ks_str_hassuffix((struct ks_str){ path, len }, "/pom.xml");
}

/* ---- Trivy's package ID: "gav::hash" */

static uint64_t fnv1(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < n; i++) {
		h *= 0x100000001b3ull;
		h ^= b[i];
	}
	return h;
}

static uint64_t fnv1_pair(uint64_t a, uint64_t b)
{
	unsigned char buf[16];
	int i;

	for (i = 0; i < 8; i++) {
		buf[i] = (unsigned char)(a >> (8 * i));
		buf[8 + i] = (unsigned char)(b >> (8 * i));
	}
	return fnv1(buf, 16);
}

/* hashstructure v2 (FNV-1) of map[string]any{"gav": gav, "path": path}. */
static const char *pom_id(struct ks_arena *a, const char *name, const char *version,
	const char *path)
{
	char *gav = version[0] ? ks_arena_printf(a, "%s:%s", name, version) :
				 ks_arena_strdup(a, name);
	unsigned char buf[8];
	uint64_t h;
	char hex[17];
	int i;

	if (gav == NULL)
		return NULL;
	h = fnv1_pair(fnv1("gav", 3), fnv1(gav, strlen(gav))) ^
		fnv1_pair(fnv1("path", 4), fnv1(path, strlen(path)));
	for (i = 0; i < 8; i++)
		buf[i] = (unsigned char)(h >> (8 * i));
	h = fnv1(buf, 8);
	snprintf(hex, sizeof(hex), "%llx", (unsigned long long)h);
	hex[8] = '\0';
	return ks_arena_printf(a, "%s::%s", gav, hex);
}

/* ---- properties and ${...} evaluation */

struct pp {
	struct ks_ctx *cx;
	const struct ks_file *f;
	struct ks_map props; /* name -> value (arena strings) */
	size_t steps, depth;
	bool bad; /* an evaluation was cut short by the bounds */
};

static int prop_set(struct pp *x, const char *key, const char *val)
{
	return ks_map_put(&x->props, key, strlen(key), (void *)val, NULL);
}

static bool re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * One frame of Trivy's evaluateVariable over s, appended to out (trimmed): each match of
 * `\${(\S+?)}` is replaced by its property's value evaluated in a frame of its own, by
 * nothing for an unknown name or env.* (the scanner's environment is not the scanned
 * project's). Loop detection is Trivy's: the first reference of a frame is checked against
 * the values evaluated on the way here (path), later ones against nothing; a value met
 * again makes this frame's result empty (returns 1). Steps and nesting are bounded (the
 * value is then left incomplete and x->bad set), which Trivy does not do.
 */
static int eval(struct pp *x, const char *s, const char *const *path, size_t npath,
	struct ks_buf *out)
{
	size_t n = strlen(s), i = 0, from = 0, k;
	bool first = true;
	struct ks_buf buf;
	struct ks_str t;
	int r = 0;

	ks_buf_init(&buf, POM_MAXEXPAND);
	while (r == 0 && from < n) {
		const char *open = strstr(s + from, "${"), *q, *val;
		const char *seen[65];
		size_t nseen = first ? npath : 0;
		struct ks_buf sub;

		if (open == NULL)
			break;
		from = (size_t)(open - s) + 1;
		if (open[2] == '\0' || re_space(open[2]))
			continue;
		for (q = open + 3; *q && *q != '}' && !re_space(*q); q++)
			;
		if (*q != '}')
			continue;
		if ((r = ks_buf_add(&buf, s + i, (size_t)(open - s) - i)) != 0)
			break;
		i = from = (size_t)(q - s) + 1;
		if ((size_t)(q - open - 2) >= 4 && memcmp(open + 2, "env.", 4) == 0)
			continue;
		if ((val = ks_map_get(&x->props, open + 2, (size_t)(q - open - 2))) == NULL)
			continue;
		if (first && npath > 0)
			memcpy(seen, path, npath * sizeof(*path));
		first = false;
		for (k = 0; k < nseen; k++)
			if (strcmp(seen[k], val) == 0) {
				ks_buf_release(&buf);
				return 1;
			}
		if (++x->steps > POM_MAXSTEPS || nseen >= 64 || x->depth >= POM_MAXDEPTH) {
			x->bad = true;
			continue;
		}
		seen[nseen++] = val;
		ks_buf_init(&sub, POM_MAXEXPAND);
		x->depth++;
		r = eval(x, val, seen, nseen, &sub);
		x->depth--;
		if (r == 1)
			r = 0; /* that reference evaluates to nothing */
		else if (r == 0)
			r = ks_buf_add(&buf, sub.p ? sub.p : "", sub.n);
		ks_buf_release(&sub);
	}
	if (r == 0)
		r = ks_buf_add(&buf, s + i, n - i);
	if (r == KS_ELIMIT) {
		x->bad = true;
		r = 0;
	}
	if (r == 0) {
		t = ks_str_trim_space((struct ks_str){ buf.p ? buf.p : "", buf.n });
		r = ks_buf_add(out, t.p, t.n);
	}
	ks_buf_release(&buf);
	return r == KS_ELIMIT ? (x->bad = true, 0) : r;
}

/* evaluateVariable(s, props) as an arena string. */
static int evaluate(struct pp *x, const char *s, const char **out)
{
	struct ks_buf b;
	int r;

	*out = "";
	x->steps = 0;
	ks_buf_init(&b, POM_MAXEXPAND);
	r = eval(x, s, NULL, 0, &b);
	if (r == 1)
		r = 0;
	if (r == 0 && (*out = ks_arena_strndup(&x->cx->arena, b.p ? b.p : "", b.n)) == NULL)
		r = KS_ENOMEM;
	ks_buf_release(&b);
	return r;
}

/* The project properties (pom.properties()) after the project inherited from a parent
 * POM that is not available. */
static int properties(struct pp *x, struct ks_pom *pom)
{
	static const char *const names[] = { "groupId", "artifactId", "version", "parent.groupId",
		"parent.artifactId", "parent.version", "parent.relativePath" };
	const char *vals[7];
	size_t i;
	int r;

	for (i = 0; i < pom->nprops; i++)
		if ((r = prop_set(x, pom->prop_keys[i], pom->prop_vals[i])) != 0)
			return r;
	/* inherit(): the project's coordinates evaluated with its own properties */
	if ((r = evaluate(x, pom->group, &pom->group)) != 0 ||
		(r = evaluate(x, pom->artifact, &pom->artifact)) != 0 ||
		(r = evaluate(x, pom->version, &pom->version)) != 0)
		return r;
	vals[0] = pom->group, vals[1] = pom->artifact, vals[2] = pom->version;
	vals[3] = pom->parent_group, vals[4] = pom->parent_artifact;
	vals[5] = pom->parent_version, vals[6] = pom->parent_relpath;
	/* projectProperties(): every listed value and property, with and without "project." */
	for (i = 0; i < pom->nprops; i++) {
		const char *k = pom->prop_keys[i], *pk;

		if (ks_hasprefix(k, "project."))
			continue;
		if ((pk = ks_arena_printf(&x->cx->arena, "project.%s", k)) == NULL)
			return KS_ENOMEM;
		if ((r = prop_set(x, pk, ks_map_get(&x->props, k, strlen(k)))) != 0)
			return r;
	}
	for (i = 0; i < 7; i++) {
		const char *pk = ks_arena_printf(&x->cx->arena, "project.%s", names[i]);

		if (pk == NULL)
			return KS_ENOMEM;
		if ((r = prop_set(x, names[i], vals[i])) != 0 ||
			(r = prop_set(x, pk, vals[i])) != 0)
			return r;
	}
	return 0;
}

/* ---- dependencies */

struct resolved {
	const char *group, *artifact, *version, *scope;
	bool optional, hard;
	unsigned start, end;
};

/* Go's strconv.ParseBool on the trimmed text; empty is false. */
static int parse_bool(const char *s, bool *out)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };
	struct ks_str v = ks_str_trim_space(ks_str_c(s));
	size_t i;

	*out = false;
	if (v.n == 0)
		return 0;
	for (i = 0; i < 6; i++) {
		if (ks_str_eq(v, t[i])) {
			*out = true;
			return 0;
		}
		if (ks_str_eq(v, f[i]))
			return 0;
	}
	return KS_ECORRUPT;
}

/* newVersion: "[v]" is the hard requirement v; any other range is no version. *out gets
 * an arena string. */
static int requirement(struct ks_arena *a, const char *s, const char **out, bool *hard)
{
	struct ks_str v = ks_str_c(s);
	size_t i;

	*hard = false;
	if (v.n >= 1 && v.p[0] == '[' && v.p[v.n - 1] == ']') {
		while (v.n > 0 && (v.p[0] == '[' || v.p[0] == ']'))
			v = ks_str_sub(v, 1, v.n - 1);
		while (v.n > 0 && (v.p[v.n - 1] == '[' || v.p[v.n - 1] == ']'))
			v.n--;
		*hard = true;
	}
	for (i = 0; i < v.n; i++)
		if (memchr(",()[]", v.p[i], 5) != NULL)
			v.n = 0;
	*out = ks_arena_strndup(a, v.p, v.n);
	return *out ? 0 : KS_ENOMEM;
}

/* Dependency d as Trivy's Resolve() leaves it, with managed the resolved management. */
static int resolve(struct pp *x, const struct ks_pom_dep *d, const struct resolved *managed,
	size_t nmanaged, struct resolved *out)
{
	const char *raw;
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = evaluate(x, d->group, &out->group)) != 0 ||
		(r = evaluate(x, d->artifact, &out->artifact)) != 0 ||
		(r = evaluate(x, d->version, &out->version)) != 0 ||
		(r = evaluate(x, d->scope, &out->scope)) != 0)
		return r;
	if (parse_bool(d->optional, &out->optional) != 0)
		return ks_lang_corrupt(x->cx, "pom", x->f, d->start, "optional is not a boolean");
	out->start = d->start;
	out->end = d->end;
	if ((raw = ks_arena_printf(&x->cx->arena, "%s:%s", d->group, d->artifact)) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < nmanaged; i++) {
		const char *name = ks_arena_printf(&x->cx->arena, "%s:%s", managed[i].group,
			managed[i].artifact);

		if (name == NULL)
			return KS_ENOMEM;
		if (strcmp(name, raw) != 0)
			continue;
		if (out->version[0] == '\0')
			out->version = managed[i].version;
		if (out->scope[0] == '\0')
			out->scope = managed[i].scope;
		if (!out->optional)
			out->optional = managed[i].optional;
		break;
	}
	return 0;
}

struct art {
	const char *name, *version;
	bool hard;
	int rel;
	unsigned start, end;
};

static int emit(struct pp *x, const struct ks_pom *pom, const struct art *arts, size_t n,
	struct ks_ares *out)
{
	struct ks_arena *a = &x->cx->arena;
	bool dev = false;
	struct ks_pkg *root = NULL;
	const char *hashed;
	size_t i, k;

	/* [src|target]/it/<name>/pom.xml: the third and fourth components from the end */
	{
		const char *c[4] = { NULL, NULL, NULL, NULL }, *q = x->f->path + strlen(x->f->path);
		size_t nc = 0;

		while (nc < 4) {
			while (q > x->f->path && q[-1] != '/')
				q--;
			c[nc++] = q;
			if (q == x->f->path)
				break;
			q--;
		}
		dev = nc == 4 && (ks_hasprefix(c[3], "src/") || ks_hasprefix(c[3], "target/")) &&
			ks_hasprefix(c[2], "it/");
	}
	/* the path as Trivy opened it: the scan target joined with the path inside it */
	if ((hashed = ks_path_gojoin(a, x->cx->root ? x->cx->root : "", x->f->path)) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < n; i++) {
		struct ks_pkg *pk;

		if ((pk = ks_lang_add(x->cx, out, ks_str_c(arts[i].name), ks_str_c(arts[i].version),
			     arts[i].start, arts[i].end)) == NULL ||
			(pk->id = pom_id(a, arts[i].name, arts[i].version, hashed)) == NULL)
			return KS_ENOMEM;
		pk->relationship = arts[i].rel;
		pk->dev = dev;
		if (arts[i].rel == KS_REL_ROOT) {
			root = pk;
			for (k = 0; k < pom->nlicenses; k++)
				if (ks_strv_push(a, &pk->licenses, pom->licenses[k]) != 0)
					return KS_ENOMEM;
		}
	}
	if (root == NULL)
		return 0;
	for (i = 0; i < out->npkgs; i++)
		if (&out->pkgs[i] != root && out->pkgs[i].relationship == KS_REL_DIRECT &&
			ks_strv_push(a, &root->depends_on, out->pkgs[i].id) != 0)
			return KS_ENOMEM;
	ks_lang_sort_deps(root);
	return 0;
}

static int analyze(struct pp *x, struct ks_pom *pom, struct ks_ares *out)
{
	struct resolved *managed = NULL, d;
	struct art *arts = NULL;
	size_t nm = 0, na = 0, i, k, unresolved = 0, unresolved_line = 0, cap;
	int r;

	if ((r = properties(x, pom)) != 0)
		return r;
	cap = pom->nmgmt + 1;
	if ((managed = ks_arena_calloc(&x->cx->arena, cap, sizeof(*managed))) == NULL ||
		(arts = ks_arena_calloc(&x->cx->arena, pom->ndeps + 1, sizeof(*arts))) == NULL)
		return KS_ENOMEM;
	for (i = 0; i < pom->nmgmt; i++) {
		if ((r = evaluate(x, pom->mgmt[i].scope, &managed[nm].scope)) != 0)
			return r;
		if (strcmp(managed[nm].scope, "import") == 0)
			continue; /* imported BOMs need their POM */
		if ((r = resolve(x, &pom->mgmt[i], NULL, 0, &managed[nm])) != 0)
			return r;
		nm++;
	}
	if (pom->group[0] && pom->artifact[0])
		arts[na++] = (struct art){ ks_arena_printf(&x->cx->arena, "%s:%s", pom->group,
						   pom->artifact),
			pom->version, false, KS_REL_ROOT, 0, 0 };
	if (na > 0 && arts[0].name == NULL)
		return KS_ENOMEM;
	for (i = 0; i < pom->ndeps; i++) {
		const char *name;

		if ((r = resolve(x, &pom->deps[i], managed, nm, &d)) != 0)
			return r;
		if ((d.scope[0] && strcmp(d.scope, "compile") != 0 &&
			    strcmp(d.scope, "runtime") != 0) ||
			d.optional)
			continue;
		if (d.group[0] == '\0' || d.artifact[0] == '\0')
			continue;
		if ((r = requirement(&x->cx->arena, d.version, &d.version, &d.hard)) != 0)
			return r;
		if ((name = ks_arena_printf(&x->cx->arena, "%s:%s", d.group, d.artifact)) == NULL)
			return KS_ENOMEM;
		for (k = 0; k < na; k++)
			if (strcmp(arts[k].name, name) == 0)
				break;
		if (k < na) {
			/* the first declaration stays unless this one is a hard requirement */
			if (arts[k].hard || !d.hard)
				continue;
			arts[k].version = d.version;
			arts[k].hard = true;
			continue;
		}
		arts[na++] = (struct art){ name, d.version, d.hard, KS_REL_DIRECT, d.start, d.end };
	}
	/* dependencies without a version are left out, with one warning */
	for (i = 0, k = 0; i < na; i++) {
		if (arts[i].rel != KS_REL_ROOT && arts[i].version[0] == '\0') {
			if (unresolved++ == 0)
				unresolved_line = arts[i].start;
			continue;
		}
		arts[k++] = arts[i];
	}
	if ((r = emit(x, pom, arts, k, out)) != 0)
		return r;
	if (unresolved > 0 && ks_warn(x->cx, "pom: '%s': line %zu: %zu dependenc%s without a "
			"resolvable version skipped", x->f->path, unresolved_line, unresolved,
			unresolved == 1 ? "y" : "ies") != 0)
		return KS_ENOMEM;
	if (x->bad && ks_warn(x->cx, "pom: '%s': property references too deep or too long; "
			"left unresolved", x->f->path) != 0)
		return KS_ENOMEM;
	return 0;
}

static int parse(struct ks_ctx *cx, const struct ks_file *f, struct ks_ares *out)
{
	struct ks_pom pom;
	struct pp x;
	char what[512];
	int r;

	snprintf(what, sizeof(what), "pom: '%s'", f->path);
	if ((r = ks_pom_parse(&cx->arena, &cx->err, what, f->data, f->size, &pom)) != 0)
		return r;
	memset(&x, 0, sizeof(x));
	x.cx = cx;
	x.f = f;
	ks_map_init(&x.props);
	r = analyze(&x, &pom, out);
	if (r == KS_ENOMEM)
		ks_seterr(&cx->err, r, "pom: '%s': out of memory", f->path);
	ks_map_release(&x.props);
	return r;
}

const struct ks_analyzer ks_analyzer_pom = {
	.name = "pom",
	.kind = KS_AK_LANG,
	.modes = KS_MODE_PRE,
	.version = 1,
	.max_size = 0,
	.wants = wants,
	.parse = parse,
};
