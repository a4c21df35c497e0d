"""Trivy's own integration goldens reproduced: Trivy's fixture vulnerability DB (as OSV,
../shared/fixtures/trivy-fixture-db) is imported with `kensa db import`, the Alpine 3.9
image is scanned with the flags Trivy's test used, and the JSON report is compared with
Trivy's golden field for field.

Fields left out of the comparison, and why:
- ReportID, CreatedAt, ArtifactID, Trivy.Version, Fingerprint: per-run or per-tool values;
- ArtifactName and the artifact path inside Target: where the test keeps the image;
- PkgIdentifier.UID: Trivy's own hash of its Go structs (Trivy's test overrides it too);
- RepoTags/Reference and Layer Digests: Trivy's golden was produced from the image pulled
  from ghcr.io (compressed layers, its registry name); the staged tarball is `docker save`
  output (uncompressed layers, tag alpine:3.9), where Trivy too reports no layer digest;
- Layer.CreatedBy: kensa adds the history command (Trivy leaves it empty here);
- Warnings: kensa's added list of what it could not report (checked separately)."""

import atexit
import json
import os
import shutil
import tempfile

from kensa_e2e import check, fixture_db, json_diff, main, run, shared

TMP = tempfile.mkdtemp(prefix="kensa-goldens-")
CACHE = os.path.join(TMP, "cache")
IMG = "fixtures/images/docker-save/trivy-alpine-3.9.tar.gz"
GOLD = "fixtures/goldens/trivy/integration/"
VOLATILE_TOP = {"ReportID", "CreatedAt", "ArtifactID", "ArtifactName", "Trivy", "Warnings"}


def normalise(rep, img_name):
    rep = {k: v for k, v in rep.items() if k not in VOLATILE_TOP}
    md = rep.get("Metadata", {})
    for k in ("RepoTags", "Reference"):
        md.pop(k, None)
    for l in md.get("Layers", []):
        l.pop("Digest", None)
        l.pop("CreatedBy", None)
    for r in rep.get("Results", []):
        r["Target"] = r["Target"].replace(img_name, "IMAGE")
        for v in r.get("Vulnerabilities", []):
            v.pop("Fingerprint", None)
            v.get("PkgIdentifier", {}).pop("UID", None)
            v.get("Layer", {}).pop("Digest", None)
            v.get("Layer", {}).pop("CreatedBy", None)
    return rep


def compare(golden, *flags, cwd=None):
    img = shared(IMG)
    args = ["--cache-dir", CACHE, "image", "-q", "--format", "json", "--skip-db-update",
            "--input", img, *flags]
    old = os.getcwd()
    if cwd:
        os.chdir(cwd)
    try:
        rc, out, err = run(*args, env={"KENSA_SCANNERS": "vuln"})
    finally:
        os.chdir(old)
    check(rc == 0, f"{golden}: exit {rc}: {err}")
    raw = json.loads(out)
    got = normalise(raw, img)
    want = json.load(open(shared(GOLD + golden)))
    want = normalise(want, want["ArtifactName"])
    d = json_diff(got, want)
    check(not d, f"{golden}: {len(d)} differences, e.g. " + "; ".join(d[:5]))
    return raw


def test_alpine_39():
    compare("alpine-39.json.golden")


def test_alpine_39_high_critical():
    compare("alpine-39-high-critical.json.golden", "--ignore-unfixed", "--severity",
            "HIGH,CRITICAL")


def test_alpine_39_trivyignore():
    d = tempfile.mkdtemp(dir=TMP)
    open(os.path.join(d, ".trivyignore"), "w").write("CVE-2019-1549\nCVE-2019-14697")
    compare("alpine-39-ignore-cveids.json.golden", cwd=d)


def test_alpine_39_trivyignore_yaml_expiry():
    d = tempfile.mkdtemp(dir=TMP)
    # an expired rule ignores nothing; a path/purl-scoped rule only what it names
    open(os.path.join(d, ".trivyignore.yaml"), "w").write(
        "vulnerabilities:\n"
        "  - id: CVE-2019-1549\n"
        "  - id: CVE-2019-14697\n"
        "    statement: accepted\n"
        "  - id: CVE-2019-1551\n"
        "    expired_at: 2020-01-01\n")
    compare("alpine-39-ignore-cveids.json.golden", cwd=d)


def test_alpine_39_skip_dirs_and_files():
    for flags in (["--skip-dirs", "/etc"],
                  ["--skip-files", "/etc/alpine-release", "--skip-files", "/etc/os-release"]):
        raw = compare("alpine-39-skip.json.golden", *flags)
        # Trivy drops the 14 apk packages silently when the OS is unknown; kensa says so
        check(any("14 OS packages" in w for w in raw.get("Warnings", [])), raw.get("Warnings"))


def test_env_vars_as_trivy_test():
    img = shared(IMG)
    rc, out, err = run("image", env={"KENSA_SCANNERS": "vuln", "KENSA_FORMAT": "json",
                                     "KENSA_CACHE_DIR": CACHE, "KENSA_QUIET": "true",
                                     "KENSA_SKIP_DB_UPDATE": "true", "KENSA_INPUT": img,
                                     "KENSA_IGNORE_UNFIXED": "true",
                                     "KENSA_SEVERITY": "HIGH,CRITICAL"})
    check(rc == 0, err)
    want = json.load(open(shared(GOLD + "alpine-39-high-critical.json.golden")))
    d = json_diff(normalise(json.loads(out), img), normalise(want, want["ArtifactName"]))
    check(not d, "; ".join(d[:5]))


atexit.register(shutil.rmtree, TMP, True)
fixture_db(CACHE)
main([test_alpine_39, test_alpine_39_high_critical, test_alpine_39_trivyignore,
      test_alpine_39_trivyignore_yaml_expiry, test_alpine_39_skip_dirs_and_files,
      test_env_vars_as_trivy_test])
