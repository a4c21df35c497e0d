"""`kensa fs` follows the "-r FILE" / "--requirement FILE" includes of requirements.txt
files within the scanned tree (a kensa addition; Trivy follows none): nested includes
relative to the including file, the included packages in the includer's target with the
included file as FilePath and its lines as Locations, cycles cut, "-c" constraints not
followed, and includes that would leave the tree (".." past the root, absolute paths,
symbolic links out) refused with one warning each, the rest of the file still reported.
Files without includes come out as Trivy reports them (tests/e2e/test_lang_goldens.py
holds Trivy's pip golden)."""

import atexit
import json
import os
import shutil
import tempfile

from kensa_e2e import check, fixture_db, main, run, scan_json

TMP = tempfile.mkdtemp(prefix="kensa-pip-includes-")
CACHE = os.path.join(TMP, "cache")


def put(rel, text):
    path = os.path.join(TMP, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def pip_targets(rep):
    return {r["Target"]: r for r in rep.get("Results", []) if r.get("Type") == "pip"}


def pkgs(target):
    return {(p["Name"], p["Version"]): (p.get("FilePath"),
                                        [(l["StartLine"], l["EndLine"])
                                         for l in p.get("Locations", [])])
            for p in target.get("Packages", [])}


def test_nested():
    put("nested/requirements.txt", "flask==2.0.0\n"
                                   "-r sub/base.txt\n"
                                   "--requirement=sub/dev.txt\n"
                                   "-c constraints.txt\n")
    put("nested/constraints.txt", "gunicorn==20.0.0\n")
    put("nested/sub/base.txt", "click==8.0.0\n-r ../common/pins.txt\n")
    put("nested/sub/dev.txt", "pytest==7.0.0\n-r ../common/pins.txt  # again\n")
    put("nested/common/pins.txt", "# pins\nitsdangerous==2.0.0\n-r ../requirements.txt\n")
    # a requirements.txt without includes is left as Trivy reports it
    put("nested/plain/requirements.txt", "solo==1.0\n")
    rep = scan_json("fs", "--list-all-pkgs", "-q", os.path.join(TMP, "nested"))
    t = pip_targets(rep)
    check(sorted(t) == ["plain/requirements.txt", "requirements.txt"], f"targets {sorted(t)}")
    want = {("flask", "2.0.0"): (None, [(1, 1)]),
            ("click", "8.0.0"): ("sub/base.txt", [(1, 1)]),
            ("pytest", "7.0.0"): ("sub/dev.txt", [(1, 1)]),
            ("itsdangerous", "2.0.0"): ("common/pins.txt", [(2, 2)])}
    check(pkgs(t["requirements.txt"]) == want, f"packages {pkgs(t['requirements.txt'])}")
    plain = t["plain/requirements.txt"]["Packages"]
    check(pkgs(t["plain/requirements.txt"]) == {("solo", "1.0"): (None, [(1, 1)])} and
          "FilePath" not in plain[0], f"plain: {plain}")
    check(rep.get("Warnings") == [
        "pip: 'common/pins.txt': line 3: include '../requirements.txt' leads back to a file "
        "that includes it; not followed"], f"warnings {rep.get('Warnings')}")


def test_escapes():
    put("outside/secret.txt", "secret==6.6.6\n")
    outside = os.path.join(TMP, "outside/secret.txt")
    put("esc/requirements.txt", "ok==1.0\n"
                                "-r ../../etc/passwd\n"
                                "-r ../outside/secret.txt\n"
                                f"-r {outside}\n"
                                "-r /etc/passwd\n"
                                "-r link.txt\n"
                                "-r linkdir/secret.txt\n"
                                "-r missing.txt\n"
                                "-r inside/base.txt\n"
                                "after==2.0\n")
    put("esc/inside/base.txt", "fine==1.0\n")
    os.symlink(outside, os.path.join(TMP, "esc/link.txt"))
    os.symlink(os.path.dirname(outside), os.path.join(TMP, "esc/linkdir"))
    rep = scan_json("fs", "--list-all-pkgs", "-q", os.path.join(TMP, "esc"))
    got = pkgs(pip_targets(rep)["requirements.txt"])
    check(set(got) == {("ok", "1.0"), ("after", "2.0"), ("fine", "1.0")}, f"packages {got}")
    check(got[("fine", "1.0")] == ("inside/base.txt", [(1, 1)]), f"fine: {got}")
    w = "pip: 'requirements.txt': line "
    want = [w + "2: include '../../etc/passwd' leaves the scanned tree; not followed",
            w + "3: include '../outside/secret.txt' leaves the scanned tree; not followed",
            w + f"4: include '{outside}' is an absolute path; not followed",
            w + "5: include '/etc/passwd' is an absolute path; not followed",
            w + "6: include 'link.txt' cannot be read ('link.txt': 'link.txt' is a symbolic "
                "link); not followed",
            w + "7: include 'linkdir/secret.txt' cannot be read ('linkdir/secret.txt': "
                "'linkdir' is a symbolic link); not followed",
            w + "8: include 'missing.txt' cannot be read ('missing.txt': no such file); not "
                "followed"]
    check(rep.get("Warnings") == want, f"warnings {json.dumps(rep.get('Warnings'), indent=1)}")


def test_rootfs_untouched():
    """Post-build scans (rootfs, images) do not read requirements files at all."""
    rep = scan_json("rootfs", "--list-all-pkgs", "-q", os.path.join(TMP, "nested"))
    check(not pip_targets(rep), "rootfs: pip targets")
    check(not rep.get("Warnings"), f"rootfs: warnings {rep.get('Warnings')}")


def test_vulnerability_through_include():
    """A vulnerable pin in an included file is found (fixture DB: Werkzeug 0.11) and
    reported in the includer's target with the included file as PkgPath; SARIF points at
    the included file's line."""
    fixture_db(CACHE)
    put("vuln/requirements.txt", "click==8.0.0\n-r pins/web.txt\n")
    put("vuln/pins/web.txt", "# web\nFlask==2.0.0\nWerkzeug==0.11\n")
    rc, out, err = run("--cache-dir", CACHE, "fs", "-q", "-f", "json", "--skip-db-update",
                       os.path.join(TMP, "vuln"), env={"KENSA_SCANNERS": "vuln"})
    check(rc == 0, f"exit {rc}: {err}")
    rep = json.loads(out)
    vulns = sorted((r["Target"], v["VulnerabilityID"], v["PkgName"], v.get("PkgPath"))
                   for r in rep.get("Results", []) for v in r.get("Vulnerabilities", []))
    check(vulns == [("requirements.txt", "CVE-2019-14806", "Werkzeug", "pins/web.txt"),
                    ("requirements.txt", "CVE-2020-28724", "Werkzeug", "pins/web.txt")],
          f"vulnerabilities {vulns}")
    rc, out, err = run("--cache-dir", CACHE, "fs", "-q", "-f", "sarif", "--skip-db-update",
                       os.path.join(TMP, "vuln"), env={"KENSA_SCANNERS": "vuln"})
    check(rc == 0, f"sarif: exit {rc}: {err}")
    locs = {(l["physicalLocation"]["artifactLocation"]["uri"],
             l["physicalLocation"]["region"]["startLine"])
            for res in json.loads(out)["runs"][0]["results"] for l in res["locations"]}
    check(locs == {("pins/web.txt", 3)}, f"sarif locations {locs}")


atexit.register(shutil.rmtree, TMP, True)
main([test_nested, test_escapes, test_rootfs_untouched, test_vulnerability_through_include])
