"""blobs.py IMAGE.tar - prints "<compression>\t<member>" for every layer blob of an
image archive (docker save or OCI), so bench scripts can decompress exactly the layers."""
import json
import sys
import tarfile

with tarfile.open(sys.argv[1]) as t:
    names = t.getnames()
    layers = []
    if "manifest.json" in names:
        for ent in json.load(t.extractfile("manifest.json")):
            layers += ent["Layers"]
    else:
        idx = json.load(t.extractfile("index.json"))
        for d in idx["manifests"]:
            man = json.load(t.extractfile("blobs/sha256/" + d["digest"][7:]))
            layers += ["blobs/sha256/" + l["digest"][7:] for l in man["layers"]]
    for m in layers:
        head = t.extractfile(m).read(4)
        kind = "gzip" if head[:2] == b"\x1f\x8b" else "zstd" if head == b"\x28\xb5\x2f\xfd" else "tar"
        print(f"{kind}\t{m}")
