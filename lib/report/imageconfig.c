/*
 * imageconfig.c - re-encoding an image config for Metadata.ImageConfig (see report.h).
 *
 * Trivy decodes the config into go-containerregistry's ConfigFile struct and encodes it
 * again, so its report shows the struct's field order, drops unknown fields, omits empty
 * optional ones, prints times in RFC 3339 with trailing fractional zeros trimmed and "Z"
 * for UTC, and sorts map keys. This file does the same from the raw JSON.
 */
#include "report/report.h"
#include "util/jsonw.h"
#include "util/str.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum ftype { F_STR, F_STR_OPT, F_BOOL, F_STRV, F_MAP_STR, F_MAP_SET, F_HEALTH, F_TIME };

struct field {
	const char *key;
	enum ftype type;
};

/* go-containerregistry v1.Config, in declaration order. */
static const struct field config_fields[] = {
	{ "AttachStderr", F_BOOL }, { "AttachStdin", F_BOOL }, { "AttachStdout", F_BOOL },
	{ "Cmd", F_STRV }, { "Healthcheck", F_HEALTH }, { "Domainname", F_STR_OPT },
	{ "Entrypoint", F_STRV }, { "Env", F_STRV }, { "Hostname", F_STR_OPT },
	{ "Image", F_STR_OPT }, { "Labels", F_MAP_STR }, { "OnBuild", F_STRV },
	{ "OpenStdin", F_BOOL }, { "StdinOnce", F_BOOL }, { "Tty", F_BOOL },
	{ "User", F_STR_OPT }, { "Volumes", F_MAP_SET }, { "WorkingDir", F_STR_OPT },
	{ "ExposedPorts", F_MAP_SET }, { "ArgsEscaped", F_BOOL },
	{ "NetworkDisabled", F_BOOL }, { "MacAddress", F_STR_OPT }, { "StopSignal", F_STR_OPT },
	{ "Shell", F_STRV }, { NULL, F_STR },
};

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool utc_zone(const char *z)
{
	return strcmp(z, "Z") == 0 || strcmp(z, "z") == 0 || strcmp(z, "+00:00") == 0 ||
		strcmp(z, "-00:00") == 0;
}

static bool valid_zone(const char *z)
{
	return utc_zone(z) || (strlen(z) == 6 && (z[0] == '+' || z[0] == '-') && digit(z[1]) &&
				      digit(z[2]) && z[3] == ':' && digit(z[4]) && digit(z[5]));
}

/* Normalises an RFC 3339 time as Go's time.Time marshals it (fraction without trailing
 * zeros, "Z" for UTC); a missing or malformed time gives Go's zero time. */
static void go_time(const char *s, char *out, size_t size)
{
	size_t n = s ? strlen(s) : 0, i = 19, fs, fe;

	if (n < 20 || !digit(s[0]) || s[4] != '-' || s[7] != '-' ||
		(s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		goto zero;
	fs = fe = i;
	if (s[i] == '.') {
		fs = ++i;
		while (i < n && digit(s[i]))
			i++;
		fe = i;
		while (fe > fs && s[fe - 1] == '0')
			fe--;
	}
	if (!valid_zone(s + i))
		goto zero;
	snprintf(out, size, "%.19s%s%.*s%s", s, fe > fs ? "." : "", (int)(fe - fs), s + fs,
		utc_zone(s + i) ? "Z" : s + i);
	return;
zero:
	snprintf(out, size, "0001-01-01T00:00:00Z");
}

static void w_time(struct ks_jw *w, const char *key, json_t *v)
{
	char t[64];

	go_time(json_string_value(v), t, sizeof(t));
	ks_jw_kstr(w, key, t);
}

static void w_strv(struct ks_jw *w, const char *key, json_t *v, bool omit_empty)
{
	json_t *e;
	size_t i;

	if (!json_is_array(v) || json_array_size(v) == 0) {
		if (!omit_empty) {
			ks_jw_key(w, key);
			ks_jw_null(w);
		}
		return;
	}
	ks_jw_key(w, key);
	ks_jw_arr(w);
	json_array_foreach(v, i, e)
		ks_jw_str(w, json_string_value(e) ? json_string_value(e) : "");
	ks_jw_arr_end(w);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A Go map: keys sorted; set=true writes {} for every value (map[string]struct{}). */
static int w_map(struct ks_jw *w, const char *key, json_t *v, bool set)
{
	const char **keys;
	const char *k;
	json_t *val;
	size_t n = 0, i;

	if (!json_is_object(v) || json_object_size(v) == 0)
		return 0;
	if ((keys = calloc(json_object_size(v), sizeof(*keys))) == NULL)
		return KS_ENOMEM;
	json_object_foreach(v, k, val)
		keys[n++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str);
	ks_jw_key(w, key);
	ks_jw_obj(w);
	for (i = 0; i < n; i++) {
		val = json_object_get(v, keys[i]);
		ks_jw_key(w, keys[i]);
		if (set) {
			ks_jw_obj(w);
			ks_jw_obj_end(w);
		} else {
			ks_jw_str(w, json_string_value(val) ? json_string_value(val) : "");
		}
	}
	ks_jw_obj_end(w);
	free(keys);
	return 0;
}

static void w_health(struct ks_jw *w, json_t *h)
{
	static const char *const ints[] = { "Interval", "Timeout", "StartPeriod",
		"StartInterval", "Retries", NULL };
	size_t i;

	if (!json_is_object(h))
		return;
	ks_jw_key(w, "Healthcheck");
	ks_jw_obj(w);
	w_strv(w, "Test", json_object_get(h, "Test"), true);
	for (i = 0; ints[i] != NULL; i++) {
		json_t *v = json_object_get(h, ints[i]);

		if (json_is_integer(v) && json_integer_value(v) != 0)
			ks_jw_kint(w, ints[i], json_integer_value(v));
	}
	ks_jw_obj_end(w);
}

static int w_config(struct ks_jw *w, json_t *c)
{
	size_t i;
	int r;

	ks_jw_key(w, "config");
	ks_jw_obj(w);
	for (i = 0; config_fields[i].key != NULL; i++) {
		const struct field *f = &config_fields[i];
		json_t *v = json_object_get(c, f->key);

		switch (f->type) {
		case F_BOOL:
			ks_jw_kbool_opt(w, f->key, json_is_true(v));
			break;
		case F_STR_OPT:
			ks_jw_kstr_opt(w, f->key, json_string_value(v));
			break;
		case F_STRV:
			w_strv(w, f->key, v, true);
			break;
		case F_MAP_STR:
		case F_MAP_SET:
			if ((r = w_map(w, f->key, v, f->type == F_MAP_SET)) != 0)
				return r;
			break;
		case F_HEALTH:
			w_health(w, v);
			break;
		default:
			break;
		}
	}
	ks_jw_obj_end(w);
	return 0;
}

static void w_history(struct ks_jw *w, json_t *hist)
{
	json_t *h;
	size_t i;

	if (!json_is_array(hist) || json_array_size(hist) == 0)
		return;
	ks_jw_key(w, "history");
	ks_jw_arr(w);
	json_array_foreach(hist, i, h) {
		ks_jw_obj(w);
		ks_jw_kstr_opt(w, "author", json_string_value(json_object_get(h, "author")));
		w_time(w, "created", json_object_get(h, "created"));
		ks_jw_kstr_opt(w, "created_by", json_string_value(json_object_get(h, "created_by")));
		ks_jw_kstr_opt(w, "comment", json_string_value(json_object_get(h, "comment")));
		ks_jw_kbool_opt(w, "empty_layer", json_is_true(json_object_get(h, "empty_layer")));
		ks_jw_obj_end(w);
	}
	ks_jw_arr_end(w);
}

int ks_write_image_config(struct ks_jw *w, const char *raw, size_t len, struct ks_err *err)
{
	json_error_t je;
	json_t *c = json_loadb(raw, len, 0, &je), *rootfs;
	const char *s;
	int r;

	if (!json_is_object(c)) {
		json_decref(c);
		return ks_seterr(err, KS_ECORRUPT, "image config is not a JSON object");
	}
	ks_jw_obj(w);
	s = json_string_value(json_object_get(c, "architecture"));
	ks_jw_kstr(w, "architecture", s ? s : "");
	ks_jw_kstr_opt(w, "author", json_string_value(json_object_get(c, "author")));
	ks_jw_kstr_opt(w, "container", json_string_value(json_object_get(c, "container")));
	w_time(w, "created", json_object_get(c, "created"));
	ks_jw_kstr_opt(w, "docker_version", json_string_value(json_object_get(c, "docker_version")));
	w_history(w, json_object_get(c, "history"));
	s = json_string_value(json_object_get(c, "os"));
	ks_jw_kstr(w, "os", s ? s : "");
	rootfs = json_object_get(c, "rootfs");
	ks_jw_key(w, "rootfs");
	ks_jw_obj(w);
	s = json_string_value(json_object_get(rootfs, "type"));
	ks_jw_kstr(w, "type", s ? s : "");
	w_strv(w, "diff_ids", json_object_get(rootfs, "diff_ids"), false);
	ks_jw_obj_end(w);
	r = w_config(w, json_object_get(c, "config"));
	ks_jw_kstr_opt(w, "os.version", json_string_value(json_object_get(c, "os.version")));
	ks_jw_kstr_opt(w, "variant", json_string_value(json_object_get(c, "variant")));
	w_strv(w, "os.features", json_object_get(c, "os.features"), true);
	ks_jw_obj_end(w);
	json_decref(c);
	return r;
}
