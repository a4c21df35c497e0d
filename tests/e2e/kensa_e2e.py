"""Shared helpers for the end-to-end tests: they run the real kensa binary (KENSA_BIN) on
real inputs from ../shared (KENSA_SHARED) and on images the tests build themselves.

A test exits 77 (skipped) with a message when the binary or ../shared is missing."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile

SKIP = 77

BIN = os.path.abspath(os.environ["KENSA_BIN"]) if os.environ.get("KENSA_BIN") else ""
SHARED = os.environ.get("KENSA_SHARED", os.path.join(os.getcwd(), "..", "shared"))


def need_binary():
    if not BIN or not os.access(BIN, os.X_OK):
        print("skipped: KENSA_BIN is not an executable kensa binary")
        sys.exit(SKIP)


def shared(rel):
    """Absolute path of a file under ../shared; skips the test when it is absent."""
    p = os.path.join(SHARED, rel)
    if not os.path.exists(p):
        print(f"skipped: {p} is absent (tests that need ../shared skip)")
        sys.exit(SKIP)
    return p


def run(*args, env=None, stdin=None):
    """Runs kensa (with stdin as its standard input when given); returns (exit code,
    stdout, stderr)."""
    e = dict(os.environ)
    e.setdefault("KENSA_CREATED_AT", "2021-08-25T12:20:30Z")
    # package-inventory tests need no vulnerability database; tests of vulnerability
    # detection set KENSA_SCANNERS=vuln (or pass --scanners) themselves
    e.setdefault("KENSA_SCANNERS", "none")
    # "today" for end-of-life checks: the clock of Trivy's integration goldens
    e.setdefault("KENSA_NOW", "2021-08-25")
    if env:
        e.update(env)
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=e, timeout=600,
                       input=stdin)
    return p.returncode, p.stdout, p.stderr


def scan_json(*args, env=None):
    rc, out, err = run(*args, "-f", "json", env=env)
    if rc != 0:
        raise AssertionError(f"kensa {' '.join(args)} exited {rc}: {err}")
    return json.loads(out)


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def tar_bytes(entries, gz=False):
    """A tar stream from (name, bytes | None for a directory, {extra TarInfo fields})."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz" if gz else "w", format=tarfile.PAX_FORMAT) as t:
        for name, data, *extra in entries:
            ti = tarfile.TarInfo(name)
            ti.mtime = 0
            for k, v in (extra[0] if extra else {}).items():
                setattr(ti, k, v)
            if data is None and ti.type == tarfile.REGTYPE:
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                t.addfile(ti)
            elif data is None:
                t.addfile(ti)
            else:
                ti.size = len(data)
                ti.mode = (extra[0] if extra else {}).get("mode", 0o644)
                t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


def oci_archive(path, layers, config_extra=None, tamper=None):
    """Writes an OCI archive with the given layer blobs (bytes, gzip or plain tar) and a
    config whose DiffIDs are computed from the layers. tamper(files) may change the
    member dict (name -> bytes) before it is written."""
    import gzip

    diff_ids, descs = [], []
    for blob in layers:
        raw = gzip.decompress(blob) if blob[:2] == b"\x1f\x8b" else blob
        diff_ids.append(sha256(raw))
        descs.append({
            "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip"
            if blob[:2] == b"\x1f\x8b" else "application/vnd.oci.image.layer.v1.tar",
            "digest": sha256(blob), "size": len(blob)})
    config = {"architecture": "amd64", "os": "linux",
              "rootfs": {"type": "layers", "diff_ids": diff_ids},
              "history": [{"created_by": f"layer {i}"} for i in range(len(layers))]}
    config.update(config_extra or {})
    cfg = json.dumps(config).encode()
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": sha256(cfg), "size": len(cfg)},
        "layers": descs}).encode()
    index = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": sha256(manifest), "size": len(manifest)}]}).encode()
    files = {"oci-layout": b'{"imageLayoutVersion":"1.0.0"}', "index.json": index}
    for blob in [cfg, manifest, *layers]:
        files["blobs/sha256/" + sha256(blob)[7:]] = blob
    if tamper:
        tamper(files)
    with open(path, "wb") as f:
        f.write(tar_bytes([(n, d) for n, d in files.items()]))


def fixture_db(cache):
    """Builds the vulnerability DB of Trivy's fixture DB (as OSV) into cache; raises
    SystemExit when that fails (every test of the file needs it)."""
    rc, _, err = run("db", "import", shared("fixtures/trivy-fixture-db/osv"), "--cache-dir", cache)
    if rc != 0:
        raise SystemExit(f"db import failed: {err}")


def json_diff(a, b, path=""):
    """The differences between two JSON values, one line each ("kensa" is a, "golden" b)."""
    if type(a) is not type(b):
        return [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{path}/{k}: only in {'kensa' if k in a else 'golden'}")
            else:
                out += json_diff(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return sum((json_diff(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b))), [])
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def main(tests):
    """Runs test functions; prints one line per test; exits non-zero on any failure."""
    need_binary()
    failed = 0
    for t in tests:
        try:
            t()
            print(f"ok   {t.__name__}")
        except SystemExit:
            raise
        except Exception as e:  # report every failing test, not only the first
            failed += 1
            print(f"FAIL {t.__name__}: {e}")
    sys.exit(1 if failed else 0)
