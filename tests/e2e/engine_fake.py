"""A small stand-in for the Docker Engine API (no real daemon can run in the test
environment): HTTP/1.1 over a unix socket and/or TCP on 127.0.0.1, serving

    GET|HEAD /_ping                 200 "OK" with the engine's headers
    GET /images/{name}/json         the image's inspect document, or 404 {"message": ...}
    GET /images/{name}/get          the `docker save` archive, chunked, as the daemon sends it

(also under a /v1.NN prefix) from real `docker save` archives, decompressed on the fly.
Images are given as

    --image NAME=ARCHIVE[,option...]

with options that make this image's export misbehave, for the error tests:

    truncate=N     drop the connection after N body bytes (no final chunk)
    short=N        end the body cleanly after N bytes (a short tar)
    cut_after=SFX  end the body cleanly right after the member whose name ends with SFX
    tamper=1       flip one content byte of a file inside the first layer (its DiffID no
                   longer matches the config)
    digest=D       a RepoDigests entry (repeat with '+': a@sha256:..+b@sha256:...)
    tags=T         RepoTags instead of the archive's ('+'-separated; "-" = none)

A name matches an image by its NAME, one of its RepoTags (Docker Hub names also without
"docker.io/" or "docker.io/library/", ":latest" implied), its ID ("sha256:<hex>") or a
prefix of the ID's hex. --ping-status makes /_ping answer something else (not an engine).
Every request is appended to --log as "METHOD PATH STATUS". Once listening it prints
"ready PORT" (PORT 0 without --tcp) on stdout."""

import argparse
import gzip
import hashlib
import http.server
import io
import json
import os
import signal
import socketserver
import sys
import tarfile
import threading
import urllib.parse

CHUNK = 32 * 1024
SMALL = 1 << 20  # members kept in memory (manifests, configs)


def open_raw(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


class Image:
    def __init__(self, name, spec):
        path, *opts = spec.split(",")
        self.name, self.path = name, path
        self.opts = dict(o.split("=", 1) for o in opts)
        self.members = {}  # name -> (offset_data, size, bytes of a small member)
        with open_raw(path) as f, tarfile.open(fileobj=f, mode="r|") as t:
            for m in t:
                small = m.isfile() and m.size <= SMALL
                data = t.extractfile(m).read() if small else b""
                self.members[m.name] = (m.offset_data, m.size, data)
        manifest = json.loads(self.members["manifest.json"][2])
        entry = manifest[0]
        config = self.members[entry["Config"]][2]
        cfg = json.loads(config)
        self.id = "sha256:" + hashlib.sha256(config).hexdigest()
        self.tags = entry.get("RepoTags") or []
        if "tags" in self.opts:
            self.tags = [] if self.opts["tags"] == "-" else self.opts["tags"].split("+")
        self.digests = self.opts["digest"].split("+") if "digest" in self.opts else []
        self.inspect = {
            "Id": self.id,
            "RepoTags": self.tags,
            "RepoDigests": self.digests,
            "Parent": "",
            "Comment": "",
            "Created": cfg.get("created", ""),
            "DockerVersion": cfg.get("docker_version", ""),
            "Author": cfg.get("author", ""),
            "Config": cfg.get("config"),
            "Architecture": cfg.get("architecture", ""),
            "Os": cfg.get("os", ""),
            "Size": sum(self.members[l][1] for l in entry["Layers"] if l in self.members),
            "RootFS": {"Type": "layers", "Layers": cfg.get("rootfs", {}).get("diff_ids", [])},
            "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
        }
        self.flip = None
        if self.opts.get("tamper"):
            with open_raw(path) as f, tarfile.open(fileobj=f, mode="r|") as t:
                m = next(m for m in t if m.name == entry["Layers"][0])
                data = t.extractfile(m).read()
            with tarfile.open(fileobj=io.BytesIO(data)) as inner:
                first = next(m for m in inner if m.isfile() and m.size > 0)
            self.flip = self.members[m.name][0] + first.offset_data
        self.end = None
        if "short" in self.opts:
            self.end = int(self.opts["short"])
        if "cut_after" in self.opts:
            off, size, _ = next(v for k, v in self.members.items()
                                if k.endswith(self.opts["cut_after"]))
            self.end = off + (size + 511) // 512 * 512
        self.drop = int(self.opts["truncate"]) if "truncate" in self.opts else None

    def matches(self, name):
        cands = {name}
        if name.startswith("docker.io/library/"):
            cands.add(name[len("docker.io/library/"):])
        elif name.startswith("docker.io/"):
            cands.add(name[len("docker.io/"):])
        for c in list(cands):
            last = c.rsplit("/", 1)[-1]
            if ":" not in last and "@" not in last:
                cands.add(c + ":latest")
        if cands & ({self.name} | set(self.tags)):
            return True
        hexid = self.id[len("sha256:"):]
        if name == self.id:
            return True
        return len(name) >= 4 and all(c in "0123456789abcdef" for c in name) and \
            hexid.startswith(name)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    images = []
    log = None
    ping_status = 200
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass

    def record(self, status):
        if self.log:
            with self.lock, open(self.log, "a") as f:
                f.write(f"{self.command} {self.path} {status}\n")

    def headers_common(self):
        self.send_header("Api-Version", "1.43")
        self.send_header("Docker-Experimental", "false")
        self.send_header("Ostype", "linux")
        self.send_header("Server", "Docker/24.0.7 (linux)")

    def reply(self, status, body, ctype="application/json"):
        self.record(status)  # before the answer: a client may read the log right after
        self.send_response(status)
        self.headers_common()
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def error(self, status, msg):
        self.reply(status, json.dumps({"message": msg}).encode() + b"\n")

    def find(self, name):
        for img in self.images:
            if img.matches(name):
                return img
        return None

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        parts = path.split("/")
        if len(parts) > 1 and parts[1].startswith("v1."):
            path = "/" + "/".join(parts[2:])
        if path == "/_ping":
            if self.ping_status != 200:
                return self.reply(self.ping_status, b"404 page not found\n", "text/plain")
            return self.reply(200, b"OK", "text/plain; charset=utf-8")
        for suffix, fn in (("/json", self.inspect), ("/get", self.export)):
            if path.startswith("/images/") and path.endswith(suffix):
                name = urllib.parse.unquote(path[len("/images/"):-len(suffix)])
                img = self.find(name)
                if img is None:
                    return self.error(404, f"No such image: {name}")
                return fn(img)
        self.error(404, "page not found")

    def inspect(self, img):
        self.reply(200, json.dumps(img.inspect).encode() + b"\n")

    def chunk(self, data):
        self.wfile.write(b"%x\r\n" % len(data) + data + b"\r\n")

    def export(self, img):
        try:
            self.send_export(img)
        except (BrokenPipeError, ConnectionResetError):
            self.record("200-client-gone")
            self.close_connection = True

    def send_export(self, img):
        self.record(200)
        self.send_response(200)
        self.headers_common()
        self.send_header("Content-Type", "application/x-tar")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = 0
        with open_raw(img.path) as f:
            while True:
                data = f.read(CHUNK)
                if img.end is not None:
                    data = data[:max(0, img.end - sent)]
                if img.drop is not None and sent + len(data) >= img.drop:
                    if img.drop > sent:
                        self.chunk(data[:img.drop - sent])
                    self.wfile.flush()
                    self.record("200-dropped")
                    self.close_connection = True
                    return
                if not data:
                    break
                if img.flip is not None and sent <= img.flip < sent + len(data):
                    b = bytearray(data)
                    b[img.flip - sent] ^= 0xFF
                    data = bytes(b)
                self.chunk(data)
                sent += len(data)
        self.wfile.write(b"0\r\n\r\n")


class UnixServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def get_request(self):
        conn, _ = super().get_request()
        return conn, ("unix", 0)


class TCPServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--socket")
    ap.add_argument("--tcp", help="HOST:PORT (PORT 0: any free port)")
    ap.add_argument("--image", action="append", default=[])
    ap.add_argument("--log")
    ap.add_argument("--ping-status", type=int, default=200)
    a = ap.parse_args()
    Handler.images = [Image(*spec.split("=", 1)) for spec in a.image]
    Handler.log = a.log
    Handler.ping_status = a.ping_status
    servers = []
    if a.socket:
        if os.path.exists(a.socket):
            os.unlink(a.socket)
        servers.append(UnixServer(a.socket, Handler))
    port = 0
    if a.tcp:
        host, p = a.tcp.rsplit(":", 1)
        s = TCPServer((host, int(p)), Handler)
        port = s.server_address[1]
        servers.append(s)
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"ready {port}", flush=True)
    try:
        signal.pause()
    finally:
        if a.socket and os.path.exists(a.socket):
            os.unlink(a.socket)


if __name__ == "__main__":
    main()
