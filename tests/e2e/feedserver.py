"""A real HTTP server on 127.0.0.1 for the feed-download tests: it serves a mirror
directory with ETag/Last-Modified validators (answering conditional requests with 304) and
injects faults read from <root>/.faults.json on every request, so a test can change them
between runs:

    {"path/in/mirror": {"status": 500}}                 always fail
    {"p": {"status": 429, "times": 1, "retry_after": 0}} fail the first N requests only
    {"p": {"stall": 30}}                                 send headers, then nothing
    {"p": {"content_type": "text/html"}}                 wrong content type
    {"p": {"body": "..."}}                               serve this body instead

Every request is appended to <root>/.requests.log as "METHOD PATH STATUS"."""

import hashlib
import http.server
import json
import os
import threading
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    root = "."
    counts = {}
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass

    def record(self, status):
        with self.lock, open(os.path.join(self.root, ".requests.log"), "a") as f:
            f.write(f"{self.command} {self.path} {status}\n")

    def fault(self, rel):
        try:
            faults = json.load(open(os.path.join(self.root, ".faults.json")))
        except (OSError, ValueError):
            return None
        f = faults.get(rel)
        if f and "times" in f:
            with self.lock:
                n = self.counts.get(rel, 0)
                self.counts[rel] = n + 1
            if n >= f["times"]:
                return None
        return f

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.record(status)

    def do_GET(self):
        rel = urllib.parse.unquote(self.path.lstrip("/"))
        f = self.fault(rel) or {}
        if "status" in f:
            hdr = {"Retry-After": str(f["retry_after"])} if "retry_after" in f else {}
            return self.send(f["status"], b"fault", hdr)
        if "stall" in f:
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.record("stall")
            time.sleep(f["stall"])
            return
        path = os.path.realpath(os.path.join(self.root, rel))
        if "body" in f:
            body = f["body"].encode()
        elif os.path.isfile(path):
            body = open(path, "rb").read()
        else:
            return self.send(404, b"not found")
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", {"ETag": etag})
        self.send(200, body, {"ETag": etag, "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT",
                              "Content-Type": f.get("content_type", "application/octet-stream")})


def start(root):
    """Serves root on 127.0.0.1 (an ephemeral port); returns (server, base URL)."""
    handler = type("H", (Handler,), {"root": root, "counts": {}})
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def set_faults(root, faults):
    with open(os.path.join(root, ".faults.json"), "w") as f:
        json.dump(faults, f)


def requests(root):
    try:
        return [l.split() for l in open(os.path.join(root, ".requests.log"))]
    except OSError:
        return []
