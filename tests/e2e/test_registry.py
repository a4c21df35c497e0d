"""`kensa image NAME` against a real registry (Debian's docker-registry on 127.0.0.1, started
by tests/e2e/registry_kit.py) holding the fixture images pushed with skopeo:

- a scan by name gives the report of `kensa image --input` of the same image (the registry's
  manifest, config and blobs exported byte for byte as an OCI layout), with the fixture
  vulnerability DB, for OCI and Docker v2s2 manifests, zstd layers, an image pushed from an
  OCI layout, a 14-layer image (--parallel 1 and 4 alike) and each platform of a
  multi-platform index (--platform; an absent platform is an error listing those there
  are); the v2s2 image also gives the report of the `docker save` archive it came from;
- basic auth (htpasswd) and bearer-token auth (a token server checking credentials and
  scope): right credentials work (--username/--password, --password-stdin,
  --registry-token), none or wrong ones exit 77 with one line; TLS with a throwaway CA:
  --cacert works, without it the certificate is refused (69), --insecure works;
- faults, through a proxy: a missing tag or repository (66), a blob or config whose bytes do
  not match their digest (65, "digest"; nothing of it is cached), headers then silence
  (69 within --timeout), 429 with Retry-After then success (retried after the delay);
- the layer cache: a second scan with the same --cache-dir makes no blob GET (the registry's
  access log) and reports the same; two concurrent scans sharing a cache both succeed with
  identical reports; --cache-backend memory downloads again.

Fields left out of the report comparisons, because they name the source and so differ
legitimately: ArtifactName, Metadata.RepoTags and Metadata.RepoDigests (each checked on its
own against what Trivy writes for an image by name), and the artifact name inside
Results[].Target ("NAME (alpine 3.9.4)"). Against the docker-save archive, layer Digest
fields too (the archive has uncompressed layers; Trivy reports no Digest for them)."""

import copy
import json
import os
import re
import sys
import threading
import time

import registry_kit as rk
from kensa_e2e import check, fixture_db, json_diff, main, need_binary, run, shared

USERS = {"alice": "wonder-land-42"}
DB = None  # cache dir holding only the fixture vulnerability DB
KIT = PLAIN = BASIC = TLS = TOKEN = TOKSRV = PROXY = None
LAYOUT = {}  # name in the registry -> exported OCI layout
BASELINE = {}  # name in the registry -> report of its layout

# name in the registry -> (skopeo source, push options)
A39 = "fixtures/images/docker-save/trivy-alpine-3.9.tar.gz"
A311 = "fixtures/images/docker-save/trivy-alpine-3.11.tar.gz"
IMAGES = {
    "alpine:3.9": (A39, {"fmt": "oci"}),
    "alpine:3.11": (A311, {"fmt": "oci"}),
    "v2s2/alpine:3.9": (A39, {"fmt": "v2s2"}),
    "zstd/alpine:3.9": (A39, {"fmt": "oci", "compress": "zstd"}),
    "dive:latest": ("fixtures/images/dive/test-docker-image.tar", {"fmt": "v2s2"}),
    "trivy-test:oci": ("fixtures/images/oci-layout/trivy-test.oci", {}),
    "multi:latest": ("fixtures/images/stereoscope/multiplatform_oci_dir:latest",
                     {"all_images": True}),
}


def setup():
    global DB, KIT, PLAIN, BASIC, TLS, TOKEN, TOKSRV, PROXY
    KIT = rk.Kit()
    store = KIT.path("storage")
    PLAIN = rk.Registry(KIT, "plain", store)
    for name, (src, opts) in IMAGES.items():
        if src.startswith("fixtures/images/docker-save/") or src.endswith(".tar"):
            ref = "docker-archive:" + KIT.plain_tar(src)
        else:
            path, _, tag = src.partition(":")
            ref = "oci:" + shared(path) + (":" + tag if tag else "")
        KIT.push(ref, PLAIN, name, **opts)
    for name in IMAGES:
        if name != "multi:latest":
            repo, _, tag = name.partition(":")
            LAYOUT[name] = KIT.path("layout", name.replace("/", "_").replace(":", "_"))
            KIT.export_layout(PLAIN, repo, tag, LAYOUT[name])
    for plat in ("linux/amd64", "linux/arm64"):
        LAYOUT["multi:" + plat] = KIT.path("layout", "multi_" + plat.replace("/", "_"))
        KIT.export_layout(PLAIN, "multi", "latest", LAYOUT["multi:" + plat], plat)
    # the other registries serve the same storage
    BASIC = rk.Registry(KIT, "basic", store, htpasswd=KIT.htpasswd(USERS))
    TLS = rk.Registry(KIT, "tls", store, tls=KIT.tls_files())
    TOKSRV = rk.TokenServer(KIT, USERS)
    TOKEN = rk.Registry(KIT, "token", store, token=TOKSRV)
    PROXY = rk.FaultProxy(KIT, PLAIN.host)
    DB = KIT.path("db")
    fixture_db(DB)


def kensa(target, *flags, cache=None, stdin=None):
    """Runs `kensa image` on target (a name, or --input PATH): the JSON report with every
    package and the fixture DB's findings; the layer cache only when cache is given; a
    name only from the registry (a Docker daemon on the machine is not asked).
    Returns (exit code, stdout, stderr, seconds)."""
    args = ["image", "-q", "-f", "json", "--list-all-pkgs", "--scanners", "vuln",
            "--skip-db-update", *(["--image-src", "remote"] if target else [])]
    args += ["--cache-dir", cache] if cache else ["--cache-dir", DB, "--cache-backend", "memory"]
    t0 = time.monotonic()
    rc, out, err = run(*args, *flags, *([target] if target else []), stdin=stdin)
    return rc, out, err, time.monotonic() - t0


def scan(target, *flags, **kw):
    rc, out, err, _ = kensa(target, *flags, **kw)
    check(rc == 0, f"kensa image {target} {' '.join(flags)}: exit {rc}: {err.strip()}")
    return json.loads(out)


def refused(target, *flags, code, words=(), **kw):
    """A scan that must fail with exit code `code` and one line on stderr naming each of
    words (case-insensitive); returns (message, seconds)."""
    rc, out, err, secs = kensa(target, *flags, **kw)
    msg = err.strip()
    check(rc == code, f"{target} {' '.join(flags)}: exit {rc}, not {code}: {msg}")
    check(len(msg.splitlines()) == 1, f"{target}: not one line: {msg!r}")
    for w in words:
        check(w.lower() in msg.lower(), f"{target}: message does not say {w!r}: {msg}")
    return msg, secs


def from_input(name):
    """The report of `kensa image --input` of the exported layout (made once)."""
    if name not in BASELINE:
        BASELINE[name] = scan(None, "--input", LAYOUT[name])
    return BASELINE[name]


def normalise(rep, layer_digests=True):
    rep = copy.deepcopy(rep)
    name = rep.pop("ArtifactName", "")
    md = rep.get("Metadata", {})
    md.pop("RepoTags", None)
    md.pop("RepoDigests", None)
    for r in rep.get("Results", []):
        r["Target"] = r["Target"].replace(name, "IMAGE")
    if not layer_digests:
        for l in md.get("Layers", []):
            l.pop("Digest", None)
        for r in rep.get("Results", []):
            for x in r.get("Packages", []) + r.get("Vulnerabilities", []):
                x.get("Layer", {}).pop("Digest", None)
    return rep


def same(got, want, what, layer_digests=True):
    d = json_diff(normalise(got, layer_digests), normalise(want, layer_digests))
    check(not d, f"{what}: {len(d)} differences, e.g. " + "; ".join(d[:6]))


def manifest_digest(name, reg=None):
    repo, _, tag = name.partition(":")
    return KIT.manifest(reg or PLAIN, repo, tag)[1]


def layer_digests(name):
    repo, _, tag = name.partition(":")
    man = json.loads(KIT.manifest(PLAIN, repo, tag)[2])
    return man["config"]["digest"], [l["digest"] for l in man["layers"]]


def vuln_ids(rep):
    return sorted({v["VulnerabilityID"] for r in rep.get("Results", [])
                   for v in r.get("Vulnerabilities", [])})


def test_by_name_matches_input():
    for name in ("alpine:3.9", "alpine:3.11", "v2s2/alpine:3.9", "zstd/alpine:3.9",
                 "trivy-test:oci", "dive:latest"):
        ref = f"{PLAIN.host}/{name}"
        got = scan(ref)
        same(got, from_input(name), ref)
        repo = ref.rpartition(":")[0]
        check(got["ArtifactName"] == ref, got["ArtifactName"])
        md = got["Metadata"]
        check(md.get("RepoTags") == [ref], f"{ref}: RepoTags {md.get('RepoTags')}")
        check(md.get("RepoDigests") == [f"{repo}@{manifest_digest(name)}"],
              f"{ref}: RepoDigests {md.get('RepoDigests')}")
        check(md["ImageID"] == layer_digests(name)[0], f"{ref}: ImageID {md['ImageID']}")
    # what the images are: the findings of the fixture DB, zstd layers really zstd
    got = scan(f"{PLAIN.host}/alpine:3.9")
    check(vuln_ids(got) == ["CVE-2019-14697", "CVE-2019-1549", "CVE-2019-1551"], vuln_ids(got))
    check(sum(len(r.get("Packages", [])) for r in got["Results"]) == 14, "14 apk packages")
    zman = KIT.inspect(PLAIN, "zstd/alpine:3.9")
    check(all(l["mediaType"].endswith("+zstd") for l in zman["layers"]), zman["layers"])
    check(len(layer_digests("dive:latest")[1]) == 14, "dive has 14 layers")


def test_v2s2_matches_docker_save():
    ref = f"{PLAIN.host}/v2s2/alpine:3.9"
    want = scan(None, "--input", shared(A39))
    got = scan(ref)
    same(got, want, f"{ref} vs the docker-save archive", layer_digests=False)
    check(got["Metadata"]["ImageID"] == want["Metadata"]["ImageID"], "ImageID")


def test_parallel_is_sequential():
    ref = f"{PLAIN.host}/dive:latest"
    one = scan(ref, "--parallel", "1")
    four = scan(ref, "--parallel", "4")
    d = json_diff(four, one)
    check(not d, "--parallel 4 vs 1: " + "; ".join(d[:6]))
    check(len(one["Metadata"]["Layers"]) == 14, f"{len(one['Metadata']['Layers'])} layers")


def test_platforms():
    ref = f"{PLAIN.host}/multi:latest"
    for plat, arch in (("linux/amd64", "amd64"), ("linux/arm64", "arm64")):
        got = scan(ref, "--platform", plat)
        same(got, from_input("multi:" + plat), f"{ref} --platform {plat}")
        check(got["Metadata"]["ImageConfig"]["architecture"] == arch,
              f"{plat}: {got['Metadata']['ImageConfig']['architecture']}")
        # the RepoDigest is the index's digest, as Trivy reports it for a pulled index
        repo = ref.rpartition(":")[0]
        check(got["Metadata"].get("RepoDigests") == [f"{repo}@{manifest_digest('multi:latest')}"],
              f"{plat}: RepoDigests {got['Metadata'].get('RepoDigests')}")
    # the default is this host's platform (the tests run on linux/amd64 or linux/arm64)
    host = {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine)
    if host:
        got = scan(ref)
        check(got["Metadata"]["ImageConfig"]["architecture"] == host, "default platform")
    refused(ref, "--platform", "linux/s390x", code=66,
            words=("linux/s390x", "linux/amd64", "linux/arm64"))
    # --platform all: one report per platform, the file named after it
    out = KIT.path("all", "report.json")
    os.makedirs(os.path.dirname(out))
    rc, _, err, _ = kensa(ref, "--platform", "all", "-o", out)
    check(rc == 0, f"--platform all: exit {rc}: {err}")
    check(sorted(os.listdir(os.path.dirname(out))) ==
          ["report-linux-amd64.json", "report-linux-arm64.json"], os.listdir(os.path.dirname(out)))
    for plat in ("linux/amd64", "linux/arm64"):
        with open(out[:-5] + "-" + plat.replace("/", "-") + ".json") as f:
            same(json.load(f), from_input("multi:" + plat), f"--platform all: {plat}")


def test_basic_auth():
    ref = f"{BASIC.host}/alpine:3.9"
    want = scan(f"{PLAIN.host}/alpine:3.9")
    same(scan(ref, "--username", "alice", "--password", USERS["alice"]), want, "basic auth")
    same(scan(ref, "--username", "alice", "--password-stdin", stdin=USERS["alice"] + "\n"),
         want, "basic auth, password on stdin")
    refused(ref, code=77, words=(BASIC.host,))
    refused(ref, "--username", "alice", "--password", "wrong", code=77, words=(BASIC.host,))
    refused(ref, "--username", "mallory", "--password", USERS["alice"], code=77)


def test_token_auth():
    ref = f"{TOKEN.host}/alpine:3.9"
    want = scan(f"{PLAIN.host}/alpine:3.9")
    n = len(TOKSRV.requests)
    same(scan(ref, "--username", "alice", "--password", USERS["alice"]), want, "token auth")
    reqs = TOKSRV.requests[n:]
    check(reqs and all(r["status"] == 200 and r["account"] == "alice" for r in reqs),
          f"token requests {reqs}")
    # pull on that repository, nothing more (a ping may ask for no scope)
    scopes = {sc for r in reqs for sc in r["scopes"]}
    check(scopes == {"repository:alpine:pull"} and
          all(r["service"] == rk.SERVICE for r in reqs), f"scope asked {reqs}")
    refused(ref, code=77, words=(TOKEN.host,))
    refused(ref, "--username", "alice", "--password", "wrong", code=77)
    # a token obtained beforehand, sent as is
    tok = TOKSRV.token("alice", rk.SERVICE,
                       [{"type": "repository", "name": "alpine", "actions": ["pull"]}])
    n = len(TOKSRV.requests)
    same(scan(ref, "--registry-token", tok), want, "--registry-token")
    check(len(TOKSRV.requests) == n, "--registry-token went to the token server")
    # a token for another repository is refused by the registry
    other = TOKSRV.token("alice", rk.SERVICE,
                         [{"type": "repository", "name": "multi", "actions": ["pull"]}])
    refused(ref, "--registry-token", other, code=77)


def test_tls():
    ref = f"{TLS.host}/alpine:3.9"
    want = scan(f"{PLAIN.host}/alpine:3.9")
    same(scan(ref, "--cacert", KIT.tls_files()["ca"]), want, "--cacert")
    refused(ref, code=69, words=("certificate",))
    # a CA that did not sign the server's certificate is no better
    refused(ref, "--cacert", TOKSRV.cert, code=69, words=("certificate",))
    same(scan(ref, "--insecure"), want, "--insecure")


def test_missing_tag_and_repository():
    refused(f"{PLAIN.host}/alpine:no-such-tag", code=66, words=("no-such-tag",))
    refused(f"{PLAIN.host}/no/such-repo:1.0", code=66, words=("no/such-repo",))
    refused(f"{PLAIN.host}/alpine@sha256:" + "0" * 64, code=66, words=("sha256:" + "0" * 64,))


def test_wrong_digest_refused():
    name = "alpine:3.9"
    ref = f"{PROXY.host}/{name}"
    config, (layer,) = layer_digests(name)
    cache = KIT.path("cache-digest")
    fixture_db(cache)
    # a gzip header byte (MTIME): the layer decompresses to the same tar, only the blob's
    # digest tells; then a byte in the middle (the damage breaks decompression, the blob
    # is hashed again and the digest named); then the config, which the layer cache keeps
    # once verified: only a scan without the cache asks the registry for it again
    for what, rule, flags in (
            ("layer gzip header", {"path": "/blobs/" + layer, "flip": 4}, ()),
            ("layer body", {"path": "/blobs/" + layer, "flip": 1 << 20}, ()),
            ("config", {"path": "/blobs/" + config, "flip": 10},
             ("--cache-backend", "memory"))):
        PROXY.set_rules([rule])
        m = PROXY.mark()
        msg, _ = refused(ref, *flags, code=65, words=("digest",), cache=cache)
        check(any(d in (layer, config) for d in PROXY.blob_gets(m)), f"{what}: no GET")
        print(f"     wrong digest ({what}): {msg}")
    # nothing of the refused blob was cached: a clean scan downloads and reports it
    PROXY.set_rules([])
    m = PROXY.mark()
    same(scan(ref, cache=cache), from_input(name), "after the refusals")
    check(layer in PROXY.blob_gets(m), "the refused layer was taken from the cache")


def test_stall_times_out():
    name = "alpine:3.9"
    _, (layer,) = layer_digests(name)
    PROXY.set_rules([{"path": "/blobs/" + layer, "stall": 20}])
    try:
        msg, secs = refused(f"{PROXY.host}/{name}", "--timeout", "3s", code=69)
    finally:
        PROXY.set_rules([])
    check(secs < 3 + 2.5, f"a 3 s timeout took {secs:.1f} s")
    check(any(w in msg.lower() for w in ("time", "stall", "deadline")), msg)
    print(f"     stall: {secs:.1f} s: {msg}")


def test_429_retried():
    name = "alpine:3.9"
    want = from_input(name)
    _, (layer,) = layer_digests(name)
    for what, path in (("manifest", "/manifests/3.9$"), ("layer", "/blobs/" + layer)):
        PROXY.set_rules([{"path": path, "times": 1, "status": 429, "retry_after": 2}])
        m = PROXY.mark()
        rc, out, err, secs = kensa(f"{PROXY.host}/{name}")
        PROXY.set_rules([])
        check(rc == 0, f"429 on the {what}: exit {rc}: {err}")
        same(json.loads(out), want, f"429 on the {what}")
        hits = [st for _, p, st in PROXY.requests[m:] if re.search(path, p)]
        check(hits[:1] == [429] and 200 in hits[1:], f"{what}: statuses {hits}")
        check(secs >= 2, f"{what}: Retry-After 2 not honoured ({secs:.1f} s)")


def test_cache_second_scan_downloads_nothing():
    cache = KIT.path("cache-warm")
    fixture_db(cache)
    problems = []
    for name in ("alpine:3.9", "dive:latest"):
        ref = f"{PLAIN.host}/{name}"
        config, layers = layer_digests(name)
        m = PLAIN.mark()
        rc, out1, err, cold = kensa(ref, cache=cache)
        check(rc == 0, err)
        check(set(PLAIN.blob_gets(m)) >= set(layers), f"cold scan GETs {PLAIN.blob_gets(m)}")
        m = PLAIN.mark()
        rc, out2, err, warm = kensa(ref, cache=cache)
        check(rc == 0, err)
        gets = PLAIN.blob_gets(m)
        print(f"     {ref}: cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms "
              "(timing is measured in bench/, not asserted here)")
        check(out1 == out2, f"{name}: warm report differs: " + "; ".join(
            json_diff(json.loads(out2), json.loads(out1))[:6]))
        same(json.loads(out2), from_input(name), f"{name}: warm scan vs --input")
        check(not set(gets) & set(layers), f"{name}: warm scan GETs layers {gets}")
        if gets:
            problems.append(f"{name}: warm scan GETs " + ", ".join(
                ("config " if d == config else "layer ") + d for d in gets))
    check(not problems, "; ".join(problems))


def test_concurrent_scans_share_a_cache():
    cache = KIT.path("cache-shared")
    fixture_db(cache)
    refs = [f"{PLAIN.host}/dive:latest", f"{PLAIN.host}/alpine:3.9"]
    for rnd in ("cold", "warm"):
        for ref in refs:
            res = [None, None]

            def one(i):
                res[i] = kensa(ref, cache=cache)

            ts = [threading.Thread(target=one, args=(i,)) for i in range(2)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            for rc, out, err, _ in res:
                check(rc == 0, f"{rnd} {ref}: exit {rc}: {err.strip()}")
            check(res[0][1] == res[1][1], f"{rnd} {ref}: the two reports differ")
            name = ref.split("/", 1)[1]
            same(json.loads(res[0][1]), from_input(name), f"{rnd} {ref} vs --input")


def test_memory_backend_downloads_again():
    name = "alpine:3.9"
    ref = f"{PLAIN.host}/{name}"
    _, layers = layer_digests(name)
    cache = KIT.path("cache-mem")
    fixture_db(cache)
    want = scan(ref, cache=cache)  # warms the fs cache of that directory
    for _ in range(2):
        m = PLAIN.mark()
        got = scan(ref, "--cache-backend", "memory", cache=cache)
        check(set(PLAIN.blob_gets(m)) >= set(layers), f"memory backend GETs {PLAIN.blob_gets(m)}")
        check(got == want, "memory-backend report differs")


if __name__ == "__main__":
    rk.need_tools()
    need_binary()
    t0 = time.monotonic()
    setup()
    print(f"     registries up, {len(IMAGES)} images pushed in {time.monotonic() - t0:.1f} s")
    sys.stdout.flush()
    main([test_by_name_matches_input, test_v2s2_matches_docker_save, test_parallel_is_sequential,
          test_platforms, test_basic_auth, test_token_auth, test_tls,
          test_missing_tag_and_repository, test_wrong_digest_refused, test_stall_times_out,
          test_429_retried, test_cache_second_scan_downloads_nothing,
          test_concurrent_scans_share_a_cache, test_memory_backend_downloads_again])
