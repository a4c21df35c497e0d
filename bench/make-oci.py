"""make-oci.py OUT.tar ROOT1 [ROOT2 ...] - packs root filesystems into a multi-layer OCI
archive (gzip layers): layer 1 is ROOT1, every next layer holds the files of ROOTn that
are new or changed relative to ROOTn-1 and whiteouts for the removed ones.

make-oci.py --add-layer OUT.tar BASE.tar MAP.tsv - writes the image of the OCI archive
BASE.tar with one more gzip layer on top, whose content MAP.tsv lists, one entry a line:
"path in the image<TAB>source path" (a source directory adds its whole tree, read in
place). The directories leading to each path are added too. BASE's layer blobs are
copied as they are, so their digests and DiffIDs stay the same."""
import gzip
import hashlib
import io
import json
import os
import sys
import tarfile

MT_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def files(root):
    out = {}
    for d, dirs, fs in os.walk(root):
        for n in dirs + fs:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[os.path.relpath(p, root)] = (st.st_mode, st.st_size, int(st.st_mtime))
    return out


def gzip_layer(fill):
    """A layer built by fill(tarfile): (DiffID, descriptor, compressed bytes)."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        fill(t)
    data = raw.getvalue()
    gz = gzip.compress(data, 6, mtime=0)
    return sha(data), {"mediaType": MT_LAYER, "digest": sha(gz), "size": len(gz)}, gz


def root_layer(root, names, whiteouts):
    def fill(t):
        for n in sorted(names):
            t.add(os.path.join(root, n), arcname=n, recursive=False)
        for w in sorted(whiteouts):
            d, b = os.path.split(w)
            t.addfile(tarfile.TarInfo(os.path.join(d, ".wh." + b)))
    return gzip_layer(fill)


def mapped_layer(mapfile):
    """The layer of a --add-layer map (see the module comment)."""
    with open(mapfile) as f:
        entries = [line.rstrip("\n").split("\t") for line in f if line.strip()]

    def fill(t):
        made = set()
        for dst, src in entries:
            dst = dst.strip("/")
            parts = dst.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                d = "/".join(parts[:i])
                if d not in made:
                    ti = tarfile.TarInfo(d)
                    ti.type, ti.mode = tarfile.DIRTYPE, 0o755
                    t.addfile(ti)
                    made.add(d)
            t.add(src, arcname=dst, recursive=True)
    return gzip_layer(fill)


def write_archive(out, cfg, descs, blob):
    """Writes the OCI archive of config cfg (a dict) and layer descriptors descs;
    blob(digest) returns (size, file object) of each layer blob."""
    cfgb = json.dumps(cfg).encode()
    man = json.dumps({"schemaVersion": 2, "mediaType": MT_MANIFEST,
                      "config": {"mediaType": MT_CONFIG, "digest": sha(cfgb),
                                 "size": len(cfgb)}, "layers": descs}).encode()
    idx = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": MT_MANIFEST, "digest": sha(man), "size": len(man)}]}).encode()
    small = [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", idx),
             ("blobs/sha256/" + sha(cfgb)[7:], cfgb), ("blobs/sha256/" + sha(man)[7:], man)]
    with tarfile.open(out, "w") as t:
        for name, data in small:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        for d in descs:
            ti = tarfile.TarInfo("blobs/sha256/" + d["digest"][7:])
            ti.size, fobj = blob(d["digest"])
            t.addfile(ti, fobj)


def from_roots(out, roots):
    blobs, diffs, descs, prev = {}, [], [], {}
    for root in roots:
        cur = files(root)
        names = [n for n, v in cur.items() if prev.get(n) != v]
        gone = [n for n in prev if n not in cur and os.path.dirname(n) in cur]
        diff, desc, gz = root_layer(root, names, gone)
        diffs.append(diff)
        descs.append(desc)
        blobs[desc["digest"]] = gz
        prev = cur
    cfg = {"architecture": "amd64", "os": "linux",
           "rootfs": {"type": "layers", "diff_ids": diffs},
           "history": [{"created_by": f"mmdebstrap {r}"} for r in roots]}
    write_archive(out, cfg, descs, lambda d: (len(blobs[d]), io.BytesIO(blobs[d])))


def add_layer(out, base, mapfile):
    diff, desc, gz = mapped_layer(mapfile)
    with tarfile.open(base) as b:
        idx = json.load(b.extractfile("index.json"))
        man = json.load(b.extractfile("blobs/sha256/" + idx["manifests"][0]["digest"][7:]))
        cfg = json.load(b.extractfile("blobs/sha256/" + man["config"]["digest"][7:]))
        cfg["rootfs"]["diff_ids"].append(diff)
        cfg.setdefault("history", []).append(
            {"created_by": f"make-oci.py --add-layer {os.path.basename(mapfile)}"})

        def blob(d):
            if d == desc["digest"]:
                return len(gz), io.BytesIO(gz)
            m = b.getmember("blobs/sha256/" + d[7:])
            return m.size, b.extractfile(m)
        write_archive(out, cfg, man["layers"] + [desc], blob)


def main():
    if sys.argv[1] == "--add-layer":
        add_layer(*sys.argv[2:5])
    else:
        from_roots(sys.argv[1], sys.argv[2:])


main()
