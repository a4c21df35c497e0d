"""A real OCI registry for the end-to-end tests of `kensa image NAME` (tests/e2e/test_registry.py).

Kit() makes a temporary directory and removes it, with every process and server it started,
when the test exits (atexit; registries also get SIGTERM if the test process dies). In it:

- Registry: the Debian `docker-registry` binary serving 127.0.0.1 on a free port, with
  filesystem storage (several registries may serve one storage directory) and its access
  log in a file (access() / blob_gets() read it). Variants: no authentication; htpasswd
  basic auth (`htpasswd -Bbn`); TLS with a server certificate signed by a throwaway CA (both
  made with the openssl CLI); token auth, with a TokenServer the kit starts.
- TokenServer: the token endpoint of the registry's bearer flow. It checks Basic
  credentials and the requested scope and returns a JWT signed RS256 by
  `openssl dgst -sha256 -sign` with its certificate in the x5c header (the registry trusts
  that certificate through `rootcertbundle`). Every request is recorded.
- Kit.push(): `skopeo copy` of a fixture image into a registry (OCI or Docker v2s2 manifest,
  an index with --all, zstd layers), with skopeo's blob-info cache kept in the kit's
  directory (a global cache makes skopeo reuse a gzip blob instead of writing zstd).
- Kit.export_layout(): the image a registry holds under a name, written byte for byte
  (manifest, config, layer blobs) as an OCI layout, for the `--input` scan of the same image.
- FaultProxy: an HTTP proxy in front of a registry that records every request and injects
  faults on the requests whose path matches a rule (a flipped byte in a body, headers then
  silence, a status such as 429 with Retry-After for the first N requests).

need_tools() skips the test (exit 77, as every e2e test does) when a tool or ../shared is
missing."""

import atexit
import base64
import ctypes
import hashlib
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

from kensa_e2e import SKIP, shared

TOOLS = ("docker-registry", "skopeo", "openssl", "htpasswd")
SERVICE = "kensa-test-registry"
ISSUER = "kensa-test-token-issuer"
MT_OCI_INDEX = "application/vnd.oci.image.index.v1+json"
MT_OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MT_DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
ACCEPT = ", ".join((MT_OCI_INDEX, MT_OCI_MANIFEST, MT_DOCKER_LIST, MT_DOCKER_MANIFEST))
BLOB_GET = re.compile(r"^/v2/(.+)/blobs/(sha256:[0-9a-f]{64})$")

_libc = ctypes.CDLL(None, use_errno=True)


def need_tools():
    """Exits 77 with a message when a tool the registry tests need, or ../shared, is absent."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        print(f"skipped: {', '.join(missing)} not installed (scripts/install-deps installs "
              "docker-registry, skopeo, openssl and apache2-utils)")
        sys.exit(SKIP)
    shared("fixtures/images")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():
    # the child gets SIGTERM when the test process dies, however it dies
    _libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def sh(*args, cwd=None, env=None, input=None):
    """Runs a tool; raises with its stderr when it fails; returns its stdout (bytes)."""
    p = subprocess.run(args, cwd=cwd, env=env, input=input, capture_output=True, timeout=300)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {p.returncode}: "
                           f"{p.stderr.decode(errors='replace').strip()}")
    return p.stdout


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading server on 127.0.0.1 (an ephemeral port) whose handler threads die with
    the process, and which says nothing when a client drops a connection (kensa closes
    the streams it refuses)."""
    daemon_threads = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TokenServer:
    """The token endpoint of the bearer flow, on 127.0.0.1. users: {name: password}. A request
    without valid Basic credentials gets 401 (the registry is private); a scope other than
    "repository:NAME:ACTIONS" gets 400; otherwise the token grants the requested actions.
    requests: one dict per request (account, scopes, status)."""

    def __init__(self, kit, users):
        self.users = users
        self.requests = []
        self.key = os.path.join(kit.tmp, "token.key")
        self.cert = os.path.join(kit.tmp, "token.crt")
        sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key,
           "-out", self.cert, "-days", "2", "-subj", "/CN=kensa test token issuer")
        self.x5c = base64.b64encode(sh("openssl", "x509", "-in", self.cert, "-outform", "DER"))
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, fmt, *args):
                pass

            def reply(self, status, body, rec):
                rec["status"] = status
                outer.requests.append(rec)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="kensa token server"')
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                u = urllib.parse.urlsplit(self.path)
                q = urllib.parse.parse_qs(u.query)
                rec = {"path": u.path, "service": q.get("service", [""])[0],
                       "scopes": q.get("scope", []), "account": None}
                if u.path != "/token":
                    return self.reply(404, {"error": "not found"}, rec)
                user = outer.check_basic(self.headers.get("Authorization", ""))
                if user is None:
                    return self.reply(401, {"error": "bad or missing credentials"}, rec)
                rec["account"] = user
                access = []
                for sc in rec["scopes"]:
                    parts = sc.split(":")
                    if len(parts) != 3 or parts[0] != "repository" or not parts[1]:
                        return self.reply(400, {"error": f"bad scope {sc!r}"}, rec)
                    access.append({"type": "repository", "name": parts[1],
                                   "actions": [a for a in parts[2].split(",") if a]})
                tok = outer.token(user, rec["service"] or SERVICE, access)
                self.reply(200, {"token": tok, "access_token": tok, "expires_in": 300,
                                 "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                            time.gmtime())}, rec)

        self.srv = QuietServer(Handler)
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()
        self.realm = f"http://127.0.0.1:{self.srv.server_address[1]}/token"
        kit.on_close(self.close)

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()

    def check_basic(self, header):
        if not header.startswith("Basic "):
            return None
        try:
            user, _, pw = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return None
        return user if self.users.get(user) == pw else None

    def token(self, user, service, access, lifetime=300):
        """A JWT the registry accepts for service, granting access ([{type, name, actions}])."""
        now = int(time.time())
        head = {"typ": "JWT", "alg": "RS256", "x5c": [self.x5c.decode()]}
        claims = {"iss": ISSUER, "sub": user, "aud": service, "exp": now + lifetime,
                  "nbf": now - 10, "iat": now, "jti": uuid.uuid4().hex, "access": access}
        signing = f"{b64url(json.dumps(head).encode())}.{b64url(json.dumps(claims).encode())}"
        sig = sh("openssl", "dgst", "-sha256", "-sign", self.key, input=signing.encode())
        return f"{signing}.{b64url(sig)}"


class Registry:
    """One docker-registry process (see the module comment). host is "127.0.0.1:PORT"."""

    def __init__(self, kit, name, storage, htpasswd=None, tls=None, token=None):
        self.kit, self.name = kit, name
        self.dir = os.path.join(kit.tmp, "reg-" + name)
        os.makedirs(self.dir)
        self.log = os.path.join(self.dir, "access.log")
        self.errlog = os.path.join(self.dir, "registry.log")
        self.tls = tls
        self.scheme = "https" if tls else "http"
        for attempt in range(3):  # the free port may be taken between probe and bind
            self.port = free_port()
            self.host = f"127.0.0.1:{self.port}"
            cfg = {"version": "0.1", "log": {"level": "info", "accesslog": {"disabled": False}},
                   "storage": {"filesystem": {"rootdirectory": storage},
                               "delete": {"enabled": False}},
                   "http": {"addr": self.host, "secret": "kensa-e2e"}}
            if tls:
                cfg["http"]["tls"] = {"certificate": tls["cert"], "key": tls["key"]}
            if htpasswd:
                cfg["auth"] = {"htpasswd": {"realm": "kensa-test", "path": htpasswd}}
            if token:
                cfg["auth"] = {"token": {"realm": token.realm, "service": SERVICE,
                                         "issuer": ISSUER, "rootcertbundle": token.cert}}
            path = os.path.join(self.dir, "config.yml")
            with open(path, "w") as f:
                json.dump(cfg, f, indent=1)  # JSON is YAML
            with open(self.log, "ab") as out, open(self.errlog, "ab") as err:
                self.proc = subprocess.Popen(["docker-registry", "serve", path], stdout=out,
                                             stderr=err, stdin=subprocess.DEVNULL,
                                             preexec_fn=_die_with_parent)
            kit.on_close(self.stop)
            if self.wait_ready():
                return
            self.stop()
        raise RuntimeError(f"registry {name} did not start: {self.tail()}")

    def tail(self):
        with open(self.errlog, errors="replace") as f:
            return " | ".join(f.read().splitlines()[-3:])

    def connection(self, timeout=10):
        if self.tls:
            ctx = ssl.create_default_context(cafile=self.tls["ca"])
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout,
                                               context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def wait_ready(self):
        end = time.time() + 15
        while time.time() < end:
            if self.proc.poll() is not None:
                return False
            try:
                c = self.connection(timeout=1)
                c.request("GET", "/v2/")
                st = c.getresponse().status
                c.close()
                if st in (200, 401):
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def access(self):
        """The access log so far: (method, path, status) per request, in order."""
        out = []
        with open(self.log, errors="replace") as f:
            for line in f:
                m = re.search(r'"([A-Z]+) (\S+) HTTP/[0-9.]+" (\d{3})', line)
                if m:
                    out.append((m.group(1), m.group(2), int(m.group(3))))
        return out

    def mark(self):
        return len(self.access())

    def blob_gets(self, since=0):
        """Digests of the successful blob GETs (layers and configs) after mark `since`."""
        return [BLOB_GET.match(p).group(2) for m, p, st in self.access()[since:]
                if m == "GET" and st in (200, 206) and BLOB_GET.match(p)]

    def get(self, path, headers=None):
        """A GET straight to the registry (no auth): (status, headers, body)."""
        c = self.connection()
        c.request("GET", path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body


class FaultProxy:
    """Plain HTTP on 127.0.0.1 in front of a plain-HTTP registry. rules: a list of dicts
    {"path": regex (re.search on the request path), "times": N (only the first N matching
    requests; absent = all), and one of
        "status": 429 (with "retry_after": seconds)   answer with this status
        "flip": offset (negative from the end)         flip the bits of one body byte
        "stall": seconds                               send the headers, then nothing
    }. requests: (method, path, status or fault name) per request."""

    def __init__(self, kit, upstream):
        self.upstream = upstream
        self.rules = []
        self.requests = []
        self.lock = threading.Lock()
        self.stop_evt = threading.Event()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):
                pass

            def do_GET(self):
                outer.handle(self)

            def do_HEAD(self):
                outer.handle(self)

        self.srv = QuietServer(Handler)
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()
        self.host = f"127.0.0.1:{self.srv.server_address[1]}"
        kit.on_close(self.close)

    def close(self):
        self.stop_evt.set()
        self.srv.shutdown()
        self.srv.server_close()

    def set_rules(self, rules):
        with self.lock:
            self.rules = [dict(r, hits=0) for r in rules]

    def rule_for(self, path):
        with self.lock:
            for r in self.rules:
                if re.search(r["path"], path):
                    r["hits"] += 1
                    if "times" in r and r["hits"] > r["times"]:
                        continue
                    return r
        return None

    def record(self, h, what):
        with self.lock:
            self.requests.append((h.command, h.path, what))

    def blob_gets(self, since=0):
        """Digests of the blob GETs the proxy passed on (or faulted) after mark `since`."""
        with self.lock:
            reqs = self.requests[since:]
        return [BLOB_GET.match(p).group(2) for m, p, _ in reqs
                if m == "GET" and BLOB_GET.match(p)]

    def mark(self):
        with self.lock:
            return len(self.requests)

    def handle(self, h):
        rule = self.rule_for(h.path)
        if rule and "status" in rule:
            body = b'{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}'
            h.send_response(rule["status"])
            if "retry_after" in rule:
                h.send_header("Retry-After", str(rule["retry_after"]))
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if h.command != "HEAD":
                h.wfile.write(body)
            self.record(h, rule["status"])
            return
        up = http.client.HTTPConnection(self.upstream, timeout=30)
        fwd = {k: v for k, v in h.headers.items()
               if k.lower() not in ("connection", "keep-alive", "proxy-connection")}
        up.request(h.command, h.path, headers=fwd)
        r = up.getresponse()
        body = r.read()
        up.close()
        if rule and "flip" in rule and body:
            b = bytearray(body)
            b[rule["flip"]] ^= 0xFF
            body = bytes(b)
        h.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("connection", "keep-alive", "transfer-encoding",
                                 "content-length"):
                h.send_header(k, v)
        h.send_header("Content-Length", r.getheader("Content-Length") or str(len(body)))
        h.end_headers()
        if rule and "stall" in rule:
            self.record(h, "stall")
            h.wfile.flush()
            self.stop_evt.wait(rule["stall"])
            h.close_connection = True
            return
        if h.command != "HEAD":
            h.wfile.write(body)
        self.record(h, "flip" if rule and "flip" in rule else r.status)


class Kit:
    """The temporary directory, the throwaway CA and everything started (see the module
    comment). Cleans up at exit."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="kensa-registry-")
        self.closers = []
        self.ca = None
        self.pushes = 0
        atexit.register(self.close)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    def skopeo_env(self):
        """skopeo's environment: a blob-info cache of its own for each push, not
        /var/lib/containers (a remembered gzip blob would be reused instead of writing zstd)."""
        self.pushes += 1
        d = self.path("skopeo", str(self.pushes))
        return dict(os.environ, _CONTAINERS_ROOTLESS_UID=str(os.getuid() or 1000),
                    XDG_DATA_HOME=d, XDG_CONFIG_HOME=d)

    def on_close(self, fn):
        self.closers.append(fn)

    def close(self):
        while self.closers:
            try:
                self.closers.pop()()
            except Exception as e:  # keep cleaning up
                print(f"registry_kit: cleanup: {e}")
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def tls_files(self):
        """A CA and a server certificate for 127.0.0.1 and localhost that it signed:
        {"ca", "cert", "key"} paths (made once)."""
        if self.ca:
            return self.ca
        d = self.path("tls")
        os.makedirs(d)
        f = {k: os.path.join(d, k + ".pem") for k in ("ca", "ca_key", "cert", "key", "csr")}
        sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f["ca_key"],
           "-out", f["ca"], "-days", "2", "-subj", "/CN=kensa test CA",
           "-addext", "basicConstraints=critical,CA:TRUE",
           "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        sh("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", f["key"],
           "-out", f["csr"], "-subj", "/CN=127.0.0.1")
        ext = os.path.join(d, "ext.cnf")
        with open(ext, "w") as e:
            e.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                    "keyUsage=critical,digitalSignature,keyEncipherment\n"
                    "extendedKeyUsage=serverAuth\n")
        sh("openssl", "x509", "-req", "-in", f["csr"], "-CA", f["ca"], "-CAkey", f["ca_key"],
           "-set_serial", "2", "-days", "2", "-out", f["cert"], "-extfile", ext)
        self.ca = f
        return f

    def htpasswd(self, users):
        """An htpasswd file (bcrypt) for {user: password}."""
        path = self.path("htpasswd")
        with open(path, "wb") as f:
            for u, p in users.items():
                f.write(sh("htpasswd", "-Bbn", u, p).strip() + b"\n")
        return path

    def plain_tar(self, rel):
        """A docker-save fixture as a plain tar (skopeo does not read a gzipped one)."""
        src = shared(rel)
        if not src.endswith(".gz"):
            return src
        import gzip
        dst = self.path(os.path.basename(src)[:-3])
        if not os.path.exists(dst):
            with gzip.open(src, "rb") as i, open(dst, "wb") as o:
                shutil.copyfileobj(i, o)
        return dst

    def push(self, src, reg, name, fmt=None, all_images=False, compress=None):
        """skopeo copy src (a transport reference: "docker-archive:PATH", "oci:DIR:REF")
        to reg's name ("repo:tag"), as fmt ("oci", "v2s2"; None = as the source), every
        image of an index (all_images) and with compress ("zstd", "gzip") layers."""
        args = ["skopeo", "--insecure-policy", "copy", "-q", "--retry-times", "2"]
        if reg.tls:
            args += ["--dest-cert-dir", self.cert_dir()]
        else:
            args += ["--dest-tls-verify=false"]
        if fmt:
            args += ["--format", fmt]
        if all_images:
            args += ["--all"]
        if compress:
            args += ["--dest-compress-format", compress]
        sh(*args, src, f"docker://{reg.host}/{name}", env=self.skopeo_env())

    def cert_dir(self):
        d = self.path("certs.d")
        if not os.path.isdir(d):
            os.makedirs(d)
            shutil.copy(self.tls_files()["ca"], os.path.join(d, "ca.crt"))
        return d

    def inspect(self, reg, name, raw=True):
        """skopeo inspect (--raw: the manifest as stored) of reg's name, parsed."""
        tls = ["--cert-dir", self.cert_dir()] if reg.tls else ["--tls-verify=false"]
        out = sh("skopeo", "--insecure-policy", "inspect", *tls, *(["--raw"] if raw else []),
                 f"docker://{reg.host}/{name}", env=self.skopeo_env())
        return json.loads(out)

    def manifest(self, reg, repo, ref):
        """(media type, digest, bytes) of the manifest reg holds for repo:ref (no auth)."""
        st, hdr, body = reg.get(f"/v2/{repo}/manifests/{ref}", {"Accept": ACCEPT})
        if st != 200:
            raise RuntimeError(f"{reg.host}/{repo}:{ref}: manifest: HTTP {st}")
        return hdr.get("content-type", "").split(";")[0], hdr.get("docker-content-digest"), body

    def blob(self, reg, repo, digest):
        st, _, body = reg.get(f"/v2/{repo}/blobs/{digest}")
        if st != 200 or "sha256:" + hashlib.sha256(body).hexdigest() != digest:
            raise RuntimeError(f"{reg.host}/{repo}: blob {digest}: HTTP {st}")
        return body

    def export_layout(self, reg, repo, ref, dest, platform=None):
        """Writes the image reg holds as repo:ref (the manifest of platform "os/arch" when it
        is an index) to dest as an OCI layout with the registry's bytes: the same manifest,
        config and layer blobs. Returns the manifest (parsed)."""
        mt, digest, body = self.manifest(reg, repo, ref)
        if mt in (MT_OCI_INDEX, MT_DOCKER_LIST):
            want = platform.split("/")
            hits = [m for m in json.loads(body)["manifests"]
                    if [m.get("platform", {}).get("os"),
                        m.get("platform", {}).get("architecture")] == want[:2]]
            if len(hits) != 1:
                raise RuntimeError(f"{repo}:{ref}: {len(hits)} manifests for {platform}")
            mt, digest, body = self.manifest(reg, repo, hits[0]["digest"])
        man = json.loads(body)
        os.makedirs(os.path.join(dest, "blobs", "sha256"))
        blobs = {digest: body}
        for d in [man["config"], *man["layers"]]:
            blobs[d["digest"]] = self.blob(reg, repo, d["digest"])
        for d, data in blobs.items():
            with open(os.path.join(dest, "blobs", "sha256", d[7:]), "wb") as f:
                f.write(data)
        with open(os.path.join(dest, "oci-layout"), "w") as f:
            f.write('{"imageLayoutVersion":"1.0.0"}')
        with open(os.path.join(dest, "index.json"), "w") as f:
            json.dump({"schemaVersion": 2, "mediaType": MT_OCI_INDEX, "manifests": [
                {"mediaType": mt, "digest": digest, "size": len(body)}]}, f)
        return man
