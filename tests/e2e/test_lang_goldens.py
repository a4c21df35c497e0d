"""Trivy's repository goldens for lock files reproduced: `kensa repo` on
../shared/fixtures/lockfiles/trivy-integration-repo/{npm,pip,poetry,gomod,cargo,composer,pom}
with Trivy's fixture vulnerability DB gives Trivy's JSON field for field: packages (IDs,
PURLs, relationships, DependsOn, locations, licences) and vulnerabilities.

Each tree is reached as Trivy's integration test reached it (testdata/fixtures/repo/<name>,
through a symbolic link), because Trivy hashes that path into pom package IDs and writes it
as ArtifactName. Left out of the comparison: ReportID, CreatedAt, ArtifactID and
Trivy.Version (per run or per tool), Identifier.UID (a hash of Trivy's Go structs),
Fingerprint, and kensa's Warnings list (checked to be empty)."""

import atexit
import json
import os
import shutil
import tempfile

from kensa_e2e import check, fixture_db, json_diff, main, run, shared

TMP = tempfile.mkdtemp(prefix="kensa-lang-goldens-")
CACHE = os.path.join(TMP, "cache")
GOLD = "fixtures/goldens/trivy/integration/"
REPO = "fixtures/lockfiles/trivy-integration-repo/"
VOLATILE_TOP = {"ReportID", "CreatedAt", "ArtifactID", "Trivy", "Warnings"}


def normalise(rep):
    rep = {k: v for k, v in rep.items() if k not in VOLATILE_TOP}
    for r in rep.get("Results", []):
        for p in r.get("Packages", []):
            p.get("Identifier", {}).pop("UID", None)
        for v in r.get("Vulnerabilities", []):
            v.pop("Fingerprint", None)
            v.get("PkgIdentifier", {}).pop("UID", None)
    return rep


def compare(name, golden):
    want = json.load(open(shared(GOLD + golden)))
    os.makedirs(os.path.join(TMP, "testdata/fixtures/repo"), exist_ok=True)
    link = os.path.join(TMP, "testdata/fixtures/repo", name)
    if not os.path.islink(link):
        os.symlink(shared(REPO + name), link)
    # Trivy's test lists every package where its golden has Packages
    flags = ["--list-all-pkgs"] if any(r.get("Packages") for r in want["Results"]) else []
    old = os.getcwd()
    os.chdir(TMP)
    try:
        rc, out, err = run("--cache-dir", CACHE, "repo", "-q", "-f", "json", "--skip-db-update",
                           *flags, "testdata/fixtures/repo/" + name,
                           env={"KENSA_SCANNERS": "vuln"})
    finally:
        os.chdir(old)
    check(rc == 0, f"{name}: exit {rc}: {err}")
    got = json.loads(out)
    check(not got.get("Warnings"), f"{name}: warnings {got.get('Warnings')}")
    d = json_diff(normalise(got), normalise(want))
    check(not d, f"{golden}: {len(d)} differences, e.g. " + "; ".join(d[:5]))


def test_npm():
    compare("npm", "npm.json.golden")


def test_pip():
    compare("pip", "pip.json.golden")


def test_poetry():
    compare("poetry", "poetry.json.golden")


def test_gomod():
    compare("gomod", "gomod.json.golden")


def test_cargo():
    compare("cargo", "cargo.lock.json.golden")


def test_composer():
    compare("composer", "composer.lock.json.golden")


def test_pom():
    compare("pom", "pom.json.golden")


def findings(name, want):
    """Swift, Conan and CocoaPods: Trivy's goldens for these are not in ../shared, so the
    findings of `kensa fs` with the fixture DB are asserted as Trivy reports them
    (GenericComparer for Swift and Conan, the RubyGems comparer for CocoaPods)."""
    rc, out, err = run("--cache-dir", CACHE, "fs", "-q", "-f", "json", "--skip-db-update",
                       shared(REPO + name), env={"KENSA_SCANNERS": "vuln"})
    check(rc == 0, f"{name}: exit {rc}: {err}")
    got = json.loads(out)
    check(not got.get("Warnings"), f"{name}: warnings {got.get('Warnings')}")
    vulns = [(v["VulnerabilityID"], v["PkgName"], v["InstalledVersion"], v["FixedVersion"])
             for r in got.get("Results", []) for v in r.get("Vulnerabilities", [])]
    check(vulns == want, f"{name}: {vulns}")


def test_swift():
    findings("swift", [("CVE-2022-3215", "github.com/apple/swift-nio", "2.41.0",
                        "2.29.1, 2.39.1, 2.42.0")])


def test_conan():
    findings("conan", [("CVE-2020-14155", "pcre", "8.43", "8.45")])


def test_cocoapods():
    findings("cocoapods", [("CVE-2022-3215", "_NIODataStructures", "2.41.0",
                            "2.29.1, 2.39.1, 2.42.0")])


atexit.register(shutil.rmtree, TMP, True)
fixture_db(CACHE)
main([test_npm, test_pip, test_poetry, test_gomod, test_cargo, test_composer, test_pom,
      test_swift, test_conan, test_cocoapods])
