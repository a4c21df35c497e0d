/* opts.c - option parsing; see opts.h. */
#include "opts.h"
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int keep(struct cli_args *a, char *s)
{
	char **n = realloc(a->owned, (a->nowned + 1) * sizeof(*n));

	if (n == NULL) {
		free(s);
		return -1;
	}
	a->owned = n;
	a->owned[a->nowned++] = s;
	return 0;
}

static int list_push(struct cli_list *l, const char *s)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		const char **nv = realloc(l->v, nc * sizeof(*nv));

		if (nv == NULL)
			return -1;
		l->v = nv;
		l->cap = nc;
	}
	l->v[l->n++] = s;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	if (v == NULL || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0) {
		*out = true;
		return 0;
	}
	if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0) {
		*out = false;
		return 0;
	}
	return -1;
}

/* "123", "64MiB", "10GB", "512k": bytes. */
static int parse_size(const char *v, uint64_t *out)
{
	static const struct {
		const char *sfx;
		uint64_t mul;
	} units[] = { { "", 1 }, { "b", 1 }, { "k", 1000 }, { "kb", 1000 }, { "kib", 1024 },
		{ "m", 1000000 }, { "mb", 1000000 }, { "mib", 1 << 20 }, { "g", 1000000000 },
		{ "gb", 1000000000 }, { "gib", 1ull << 30 }, { "t", 1000000000000ull },
		{ "tb", 1000000000000ull }, { "tib", 1ull << 40 } };
	char *end;
	unsigned long long n;
	size_t i;

	errno = 0;
	if (!isdigit((unsigned char)v[0]))
		return -1;
	n = strtoull(v, &end, 10);
	if (errno != 0)
		return -1;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcasecmp(end, units[i].sfx) == 0) {
			if (units[i].mul != 0 && n > UINT64_MAX / units[i].mul)
				return -1;
			*out = n * units[i].mul;
			return 0;
		}
	return -1;
}

/* Go-style durations: "90s", "5m", "1m30s", "500ms", "2h"; a bare number is seconds. */
static int parse_duration(const char *v, long *ms)
{
	long total = 0;
	const char *p = v;

	if (*p == '\0')
		return -1;
	while (*p != '\0') {
		char *end;
		long n, mul;

		errno = 0;
		n = strtol(p, &end, 10);
		if (errno != 0 || end == p || n < 0)
			return -1;
		if (*end == '\0' && p == v) {
			mul = 1000;
		} else if (strncmp(end, "ms", 2) == 0) {
			mul = 1;
			end += 2;
		} else if (*end == 's') {
			mul = 1000;
			end++;
		} else if (*end == 'm') {
			mul = 60000;
			end++;
		} else if (*end == 'h') {
			mul = 3600000;
			end++;
		} else {
			return -1;
		}
		if (n > (LONG_MAX - total) / mul)
			return -1;
		total += n * mul;
		p = end;
	}
	*ms = total;
	return 0;
}

/* Stores value v for option o; `from` names where it came from for errors. */
static int set(const char *cmd, const struct cli_opt *o, const char *v, const char *from,
	struct cli_args *a)
{
	char *end, *copy, *tok, *save;
	long n;

	switch (o->type) {
	case OPT_BOOL:
		if (parse_bool(v, o->dst) != 0)
			goto bad;
		return 0;
	case OPT_STR:
		*(const char **)o->dst = v;
		return 0;
	case OPT_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (errno != 0 || *v == '\0' || *end != '\0')
			goto bad;
		*(long *)o->dst = n;
		return 0;
	case OPT_SIZE:
		if (parse_size(v, o->dst) != 0)
			goto bad;
		return 0;
	case OPT_DURATION:
		if (parse_duration(v, o->dst) != 0)
			goto bad;
		return 0;
	case OPT_LIST:
		if ((copy = strdup(v)) == NULL || keep(a, copy) != 0)
			goto oom;
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			while (*tok == ' ')
				tok++;
			if (*tok != '\0' && list_push(o->dst, tok) != 0)
				goto oom;
		}
		return 0;
	}
bad:
	cli_error("%s: invalid value '%s' for --%s (from %s)", cmd, v, o->name, from);
	return CLI_EXIT_USAGE;
oom:
	cli_error("out of memory");
	return CLI_EXIT_INTERNAL;
}

/* KENSA_LIST_ALL_PKGS for "list-all-pkgs". */
static void env_name(const char *opt, char *buf, size_t n)
{
	size_t i = 0, j;

	i = (size_t)snprintf(buf, n, "KENSA_");
	for (j = 0; opt[j] && i + 1 < n; j++, i++)
		buf[i] = opt[j] == '-' ? '_' : (char)toupper((unsigned char)opt[j]);
	buf[i < n ? i : n - 1] = '\0';
}

static int from_env(const char *cmd, const struct cli_opt *opts, struct cli_args *a)
{
	size_t i;
	int r;

	for (i = 0; opts[i].name != NULL; i++) {
		char name[128];
		const char *v;

		env_name(opts[i].name, name, sizeof(name));
		if ((v = getenv(name)) == NULL || *v == '\0')
			continue;
		if ((r = set(cmd, &opts[i], v, name, a)) != 0)
			return r;
	}
	return 0;
}

static const struct cli_opt *find_long(const struct cli_opt *opts, const char *name, size_t n)
{
	size_t i;

	for (i = 0; opts[i].name != NULL; i++)
		if (strlen(opts[i].name) == n && strncmp(opts[i].name, name, n) == 0)
			return &opts[i];
	return NULL;
}

static const struct cli_opt *find_short(const struct cli_opt *opts, char c)
{
	size_t i;

	for (i = 0; opts[i].name != NULL; i++)
		if (opts[i].shortname == c)
			return &opts[i];
	return NULL;
}

/* A list option given on the command line replaces what the environment set. */
static void reset_env_lists(const struct cli_opt *opts, bool *cleared, const struct cli_opt *o)
{
	size_t i = (size_t)(o - opts);

	if (o->type == OPT_LIST && !cleared[i]) {
		((struct cli_list *)o->dst)->n = 0;
		cleared[i] = true;
	}
}

int cli_parse(const char *cmd, const struct cli_opt *opts, int argc, char **argv,
	struct cli_args *out, bool *help)
{
	bool cleared[128] = { false };
	int i, r;

	memset(out, 0, sizeof(*out));
	*help = false;
	if ((r = from_env(cmd, opts, out)) != 0)
		return r;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		const struct cli_opt *o;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			*help = true;
			return 0;
		}
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++)
				if (list_push(&out->pos, argv[i]) != 0)
					return CLI_EXIT_INTERNAL;
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (list_push(&out->pos, a) != 0)
				return CLI_EXIT_INTERNAL;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');

			o = find_long(opts, a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			if (eq)
				v = eq + 1;
		} else {
			o = find_short(opts, a[1]);
			if (o != NULL && a[2] != '\0')
				v = a + 2;
		}
		if (o == NULL) {
			cli_error("%s: unknown option '%s' (see 'kensa %s --help')", cmd, a, cmd);
			return CLI_EXIT_USAGE;
		}
		if (v == NULL && o->type != OPT_BOOL) {
			if (i + 1 >= argc) {
				cli_error("%s: option --%s needs a value", cmd, o->name);
				return CLI_EXIT_USAGE;
			}
			v = argv[++i];
		}
		if ((size_t)(o - opts) < sizeof(cleared))
			reset_env_lists(opts, cleared, o);
		if ((r = set(cmd, o, v, "the command line", out)) != 0)
			return r;
	}
	return 0;
}

void cli_args_release(struct cli_args *a, const struct cli_opt *opts)
{
	size_t i;

	for (i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->pos.v);
	for (i = 0; opts != NULL && opts[i].name != NULL; i++)
		if (opts[i].type == OPT_LIST) {
			struct cli_list *l = opts[i].dst;

			free(l->v);
			memset(l, 0, sizeof(*l));
		}
	memset(a, 0, sizeof(*a));
}

void cli_print_opts(const struct cli_opt *opts)
{
	size_t i;

	printf("Options (each also read from the environment as KENSA_<OPTION>):\n");
	for (i = 0; opts[i].name != NULL; i++) {
		char left[64];

		if (opts[i].shortname)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", opts[i].shortname, opts[i].name,
				opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", opts[i].name, opts[i].arg ? " " : "",
				opts[i].arg ? opts[i].arg : "");
		printf("  %-30s %s\n", left, opts[i].help);
	}
	printf("  %-30s %s\n", "-h, --help", "show this help");
}
