/*
 * regauth.h - credentials for an OCI registry and the authentication flow of the
 * registry source (registry.c).
 *
 * Credentials come from the options (--username/--password, --registry-token), else from
 * Docker's config.json: a credential helper named by "credHelpers" for the registry or by
 * "credsStore" (docker-credential-<name> get, run without a shell), else the "auths"
 * entry for the registry ("auth" base64 user:password, username/password, identitytoken,
 * registrytoken). They are looked up only when a registry first asks for them.
 *
 * struct ks_regauth is the authentication state one opened image shares between the
 * threads that fetch its blobs: the Authorization header in use (anonymous, Basic, a
 * Bearer token from the registry's token service, or --registry-token) behind a mutex.
 * ks_regauth_request() sends a request with it and, on a 401, answers the registry's
 * WWW-Authenticate challenge once (token service: GET realm?service=&scope= with Basic
 * credentials when there are some, or the OAuth2 refresh-token POST for identity tokens)
 * and repeats the request. Secrets live in malloc'd memory that is wiped when released
 * and never appear in a message: messages say where credentials came from, not what
 * they are.
 */
#ifndef KS_SOURCE_REGAUTH_H
#define KS_SOURCE_REGAUTH_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctx.h"
#include "net/http.h"
#include "source/registry.h"

#define KS_CHAL_FIELD 1024 /* room for one challenge parameter (WWW-Authenticate is cut
			    * to 1023 bytes by http.c) */

enum ks_auth_scheme { KS_AUTH_NONE = 0, KS_AUTH_BASIC, KS_AUTH_BEARER };

/* The challenge kensa answers, out of a WWW-Authenticate header. */
struct ks_challenge {
	enum ks_auth_scheme scheme;
	char realm[KS_CHAL_FIELD];   /* Bearer: the token service URL */
	char service[KS_CHAL_FIELD]; /* Bearer: "" when absent */
	char scope[KS_CHAL_FIELD];   /* Bearer: "" when absent */
};

/*
 * Parses a WWW-Authenticate value of n bytes (RFC 7235: one or more challenges, each a
 * scheme followed by comma-separated name=value parameters whose values are tokens or
 * quoted strings with backslash escapes; names and schemes case-insensitive) and keeps
 * the first Bearer challenge, else the first Basic one. Errors: KS_EUNSUPPORTED (no
 * Bearer or Basic challenge), KS_ECORRUPT (bad syntax, an unterminated quoted string, a
 * control character in a value, Bearer without realm), KS_ELIMIT (a value longer than
 * KS_CHAL_FIELD - 1), with a message in cx->err.
 */
int ks_challenge_parse(struct ks_ctx *cx, const char *hdr, size_t n, struct ks_challenge *out);

/* Credentials for one registry. Every string is malloc'd; NULL when absent. */
struct ks_cred {
	char *username, *password;
	char *identity_token; /* OAuth2 refresh token (config identitytoken, helper "<token>") */
	char *registry_token; /* a bearer token sent as is (config registrytoken) */
	char source[512];     /* where they came from, for messages ("" = nowhere) */
};

/* True when c holds nothing to authenticate with. */
bool ks_cred_empty(const struct ks_cred *c);
/* Wipes and frees the secrets; c is left empty. */
void ks_cred_release(struct ks_cred *c);

/*
 * The key Docker stores a registry's credentials under: "https://index.docker.io/v1/"
 * for Docker Hub (domain "docker.io", "index.docker.io" or "registry-1.docker.io"), the
 * domain itself ("127.0.0.1:5000") otherwise. Static or borrowed from domain.
 */
const char *ks_cred_key(const char *domain);

/*
 * Looks the registry `domain` up in a Docker config.json held in memory (`path` names it
 * in messages and sources). The entry of "auths" whose key is ks_cred_key(domain), else
 * whose key reduced to its host (scheme and path dropped, as Docker's
 * ConvertToHostname) names the same registry, goes to *entry; the credential helper
 * for it ("credHelpers" matched the same way, else "credsStore") to *helper (malloc'd
 * program suffix, NULL when none; a name with '/' is refused). Both may be set: Docker
 * asks the helper; kensa falls back to the entry when the helper has nothing or is not
 * installed. Errors: KS_ECORRUPT (not JSON, not an object, an "auth" that is not base64
 * of "user:password"), KS_ENOMEM; messages name the file and key, never a value.
 */
int ks_dockercfg_parse(struct ks_ctx *cx, const char *path, const char *json, size_t len,
	const char *domain, struct ks_cred *entry, char **helper);

/*
 * Parses a credential helper's answer to "get" (JSON {"Username": ..., "Secret": ...}):
 * Username "<token>" makes Secret an identity token, otherwise they are Basic
 * credentials. KS_EAUTH when it is not such an object (the message names the helper).
 */
int ks_credhelper_parse(struct ks_ctx *cx, const char *helper, const char *out, size_t n,
	struct ks_cred *c);

/*
 * Runs docker-credential-<helper> get (found on PATH, posix_spawn, no shell) with key on
 * its standard input, reads at most 64 KiB of its output within 60 s and checks its exit
 * status. *found is false when the helper has no credentials for key. Errors:
 * KS_ENOTFOUND (no such program on PATH), KS_EAUTH (it failed, timed out or answered
 * something else; the message quotes the first line of what it printed), KS_ENOMEM.
 */
int ks_credhelper_get(struct ks_ctx *cx, const char *helper, const char *key,
	struct ks_cred *c, bool *found);

/*
 * The credentials for `domain`: opts username (with password) if given; else the Docker
 * config (opts docker_config, else $DOCKER_CONFIG/config.json, else
 * $HOME/.docker/config.json; a missing file means none) through its credential helper,
 * else its auths entry. An empty *c (source says where kensa looked) when there are
 * none. Errors as ks_dockercfg_parse() and ks_credhelper_get() (except KS_ENOTFOUND: a
 * helper that is not installed is logged and skipped), KS_EIO (config unreadable),
 * KS_ELIMIT (config over 1 MiB).
 */
int ks_cred_lookup(struct ks_ctx *cx, const char *domain, const struct ks_registry_opts *o,
	struct ks_cred *c);

/*
 * Parses a token service response (JSON with "token" or "access_token", optional
 * "expires_in" seconds). *token is malloc'd; *expires_in is the lifetime in seconds (60
 * when absent or smaller, as the token spec says). KS_ENET when there is no usable token
 * (not JSON, no token, a token with characters that cannot go in a header, over 64 KiB).
 */
int ks_token_parse(struct ks_ctx *cx, const char *body, size_t n, char **token,
	long *expires_in);

/* "CODE: message" of the first entry of a registry's JSON error body ({"errors": [{"code",
 * "message"}]}) into out (control characters dropped, cut to size); "" when there is
 * none. */
void ks_registry_errbody(const char *body, size_t n, char *out, size_t size);

/* The authentication state of one opened image; see the top of this file. */
struct ks_regauth {
	pthread_mutex_t mu;
	const struct ks_http_opts *http; /* borrowed, outlives the state */
	char *domain;         /* "127.0.0.1:5000", "docker.io" (credential lookup, messages) */
	char *repo;           /* repository path, for the token scope ("library/alpine") */
	char *username, *password, *token, *docker_config; /* copies of the options */
	struct ks_cred cred;  /* looked up at the first challenge */
	bool looked_up;
	char *authz;          /* "Authorization: ..." in use; NULL = anonymous */
	unsigned gen;         /* bumped whenever authz changes */
	int64_t expires_ms;   /* ks_http_now_ms() after which the bearer token is renewed;
			       * 0 = no expiry */
	struct ks_challenge chal; /* the challenge answered last (for renewals) */
	bool sent_creds;      /* authz carries (or was obtained with) credentials */
};

/* Initialises a: domain and repository path of the image, the options (copied; http is
 * borrowed). KS_EUSAGE for a --registry-token that cannot go in a header. Release a
 * either way. */
int ks_regauth_init(struct ks_regauth *a, struct ks_ctx *cx, const char *domain,
	const char *repo, const struct ks_registry_opts *o, const struct ks_http_opts *http);
void ks_regauth_release(struct ks_regauth *a);

/*
 * Sends rq (its headers plus the current Authorization) with ks_http_get(), or with
 * ks_http_open() when out is not NULL, and on a 401 answers the challenge and sends it
 * once more (if another thread renewed the authorization meanwhile, just resends). A
 * bearer token past its lifetime is renewed before sending. Returns what the request
 * returned (0 with the final response in resp, whatever its status: a 401/403 means the
 * registry refused, see ks_regauth_fail()), or an error of the token request (KS_EAUTH
 * when the token service refused the credentials, KS_ENET...) or of the credential
 * lookup. rq->nheaders must be at most 6. Thread-safe.
 */
int ks_regauth_request(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_http_req *rq,
	struct ks_http_resp *resp, struct ks_blob *out);

/* Sets KS_EAUTH in cx->err for a 401/403 response: "registry <domain>: authentication
 * failed for repository <repo> (<where the credentials came from>): <registry's
 * message>". Returns KS_EAUTH. */
int ks_regauth_fail(struct ks_regauth *a, struct ks_ctx *cx, const struct ks_http_resp *resp);

#endif
