"""make-oci.py OUT.tar ROOT1 [ROOT2 ...] - packs root filesystems into a multi-layer OCI
archive (gzip layers): layer 1 is ROOT1, every next layer holds the files of ROOTn that
are new or changed relative to ROOTn-1 and whiteouts for the removed ones."""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile


def files(root):
    out = {}
    for d, dirs, fs in os.walk(root):
        for n in dirs + fs:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[os.path.relpath(p, root)] = (st.st_mode, st.st_size, int(st.st_mtime))
    return out


def layer(root, names, whiteouts):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for n in sorted(names):
            t.add(os.path.join(root, n), arcname=n, recursive=False)
        for w in sorted(whiteouts):
            d, b = os.path.split(w)
            ti = tarfile.TarInfo(os.path.join(d, ".wh." + b))
            t.addfile(ti)
    data = raw.getvalue()
    return data, gzip.compress(data, 6, mtime=0)


def main():
    out, roots = sys.argv[1], sys.argv[2:]
    blobs, diffs, descs, prev = {}, [], [], {}
    for root in roots:
        cur = files(root)
        names = [n for n, v in cur.items() if prev.get(n) != v]
        gone = [n for n in prev if n not in cur and os.path.dirname(n) in cur]
        raw, gz = layer(root, names, gone)
        diffs.append("sha256:" + hashlib.sha256(raw).hexdigest())
        d = "sha256:" + hashlib.sha256(gz).hexdigest()
        blobs[d] = gz
        descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                      "digest": d, "size": len(gz)})
        prev = cur
    cfg = json.dumps({"architecture": "amd64", "os": "linux",
                      "rootfs": {"type": "layers", "diff_ids": diffs},
                      "history": [{"created_by": f"mmdebstrap {r}"} for r in roots]}).encode()
    man = json.dumps({"schemaVersion": 2,
                      "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                 "digest": "sha256:" + hashlib.sha256(cfg).hexdigest(),
                                 "size": len(cfg)}, "layers": descs}).encode()
    for b in (cfg, man):
        blobs["sha256:" + hashlib.sha256(b).hexdigest()] = b
    idx = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:" + hashlib.sha256(man).hexdigest(), "size": len(man)}]}).encode()
    with tarfile.open(out, "w") as t:
        for name, data in [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
                           ("index.json", idx)] + \
                [("blobs/sha256/" + d[7:], b) for d, b in blobs.items()]:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))


main()
