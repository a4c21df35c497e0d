"""Package inventories through the whole pipeline (image or rootfs -> layers -> analyzers
-> JSON report) compared field by field with real expected data: Trivy's fanal golden for
the Alpine 3.10 image, Trivy's integration golden metadata for Alpine 3.9, and rpm 4.18's
own listings for real rpm databases placed in a root filesystem."""

import csv
import json
import os
import shutil
import tempfile

from kensa_e2e import check, main, scan_json, shared

TMP = tempfile.mkdtemp(prefix="kensa-e2e-")
GOLD = "fixtures/goldens/trivy"


def os_pkgs(report):
    res = [r for r in report.get("Results", []) if r["Class"] == "os-pkgs"]
    check(len(res) == 1, f"want one os-pkgs result, got {len(res)}")
    return res[0]


def test_alpine_310_matches_fanal_golden():
    img = shared("fixtures/images/docker-save/trivy-alpine-3.10-2019.tar.gz")
    want = json.load(open(shared(f"{GOLD}/fanal-goldens/packages/alpine-310.json.golden")))
    rep = scan_json("image", "--input", img, "--list-all-pkgs")
    got = os_pkgs(rep)["Packages"]
    check(len(got) == len(want), f"{len(got)} packages, golden has {len(want)}")
    fields = ["ID", "Name", "Version", "Arch", "SrcName", "SrcVersion", "Licenses",
              "Maintainer", "AnalyzedBy"]
    for g, w in zip(sorted(got, key=lambda p: p["ID"]), sorted(want, key=lambda p: p["ID"])):
        for f in fields:
            check(g.get(f) == w.get(f), f"{w['ID']}: {f} is {g.get(f)!r}, golden {w.get(f)!r}")
        check(g["Identifier"]["PURL"].startswith(f"pkg:apk/alpine/{w['Name']}@"),
              f"purl {g['Identifier']['PURL']}")
        check(g["Layer"]["DiffID"] == rep["Metadata"]["DiffIDs"][0], "layer attribution")


def test_alpine_39_metadata_matches_integration_golden():
    img = shared("fixtures/images/docker-save/trivy-alpine-3.9.tar.gz")
    want = json.load(open(shared(f"{GOLD}/integration/alpine-39.json.golden")))
    rep = scan_json("image", "--input", img)
    m, wm = rep["Metadata"], want["Metadata"]
    for f in ["Size", "ImageID", "DiffIDs", "ImageConfig"]:
        check(m[f] == wm[f], f"Metadata.{f} differs: {m[f]!r} vs {wm[f]!r}")
    check(m["OS"]["Family"] == wm["OS"]["Family"] and m["OS"]["Name"] == wm["OS"]["Name"],
          f"OS {m['OS']}")
    check(m["Layers"][0]["DiffID"] == wm["Layers"][0]["DiffID"], "layer DiffID")
    check(m["Layers"][0]["Size"] == wm["Layers"][0]["Size"], "layer size")
    r = os_pkgs(rep)
    check(r["Target"] == f"{img} (alpine 3.9.4)", f"target {r['Target']}")
    check(r["Type"] == "alpine", r["Type"])


def apk_installed(path):
    """(name, version) pairs of an apk installed database, read independently here."""
    pairs, name = set(), None
    for line in open(path, encoding="utf-8", errors="replace"):
        if line.startswith("P:"):
            name = line[2:].strip()
        elif line.startswith("V:") and name:
            pairs.add((name, line[2:].strip()))
    return pairs


def test_alpine_images_match_their_apk_databases():
    for v in ["3.9", "3.10", "3.10-2019", "3.11"]:
        img = shared(f"fixtures/images/docker-save/trivy-alpine-{v}.tar.gz")
        want = apk_installed(shared(f"fixtures/pkgdb/apk/trivy-alpine-{v}.installed"))
        got = {(p["Name"], p["Version"])
               for p in os_pkgs(scan_json("image", "--input", img, "--list-all-pkgs"))["Packages"]}
        check(got == want, f"alpine {v}: differs by {sorted(got ^ want)}")


def test_layers_whiteouts_and_attribution():
    """A three-layer image built here from the real Alpine 3.9 apk database: layer 2
    rewrites the database (one package removed, one added), layer 3 deletes it with a
    whiteout (or hides its directory with an opaque marker)."""
    from kensa_e2e import oci_archive, tar_bytes
    db = open(shared("fixtures/pkgdb/apk/trivy-alpine-3.9.installed"), "rb").read()
    stanzas = [s for s in db.split(b"\n\n") if s.strip()]
    dropped = stanzas[-1]
    extra = b"P:kensa-test\nV:1.0-r0\nA:x86_64\no:kensa-test\nL:MIT\n"
    db2 = b"\n\n".join(stanzas[:-1] + [extra]) + b"\n"
    base = [("etc", None), ("etc/alpine-release", b"3.9.4\n"), ("lib", None),
            ("lib/apk", None), ("lib/apk/db", None)]
    l1 = tar_bytes(base + [("lib/apk/db/installed", db)], gz=True)
    l2 = tar_bytes([("lib", None), ("lib/apk", None), ("lib/apk/db", None),
                    ("lib/apk/db/installed", db2)], gz=True)
    gone = tar_bytes([("lib", None), ("lib/apk", None), ("lib/apk/db", None),
                      ("lib/apk/db/.wh.installed", b"")], gz=True)
    opq = tar_bytes([("lib", None), ("lib/apk", None), ("lib/apk/.wh..wh..opq", b"")], gz=True)

    img = os.path.join(TMP, "layers.tar")
    oci_archive(img, [l1, l2])
    rep = scan_json("image", "--input", img, "--list-all-pkgs")
    diff = rep["Metadata"]["DiffIDs"]
    pkgs = {p["Name"]: p for p in os_pkgs(rep)["Packages"]}
    check(len(pkgs) == 14, f"{len(pkgs)} packages")
    check(pkgs["kensa-test"]["Layer"]["DiffID"] == diff[1], "the added package is in layer 2")
    check(pkgs["musl"]["Layer"]["DiffID"] == diff[0], "unchanged packages stay in layer 1")
    check(pkgs["musl"]["Layer"]["CreatedBy"] == "layer 0", "CreatedBy from the history")
    name = dropped.split(b"P:")[1].split(b"\n")[0].decode()
    check(name not in pkgs, f"{name} was removed in layer 2")
    for third in (gone, opq):
        oci_archive(img, [l1, l2, third])
        r = os_pkgs(scan_json("image", "--input", img, "--list-all-pkgs"))
        check("Packages" not in r, "a deleted database still yields packages")


def rootfs_with(files):
    root = tempfile.mkdtemp(dir=TMP)
    for rel, src in files.items():
        dst = os.path.join(root, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if isinstance(src, bytes):
            open(dst, "wb").write(src)
        else:
            shutil.copy(src, dst)
    return root


def rpm_expected(tsv):
    """rpm -qa's rows keyed like kensa's packages (rpm prints a missing arch as "(none)",
    Trivy and kensa as "None")."""
    with open(tsv) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        if r["arch"] == "(none)":
            r["arch"] = "None"
    return {r["name"] + "." + r["arch"] + "-" + r["version"]: r for r in rows}


def test_rpm_rootfs_matches_rpm_qa():
    cases = [("go-rpmdb/amazonlinux2023-plain/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite",
              "etc/system-release", b"Amazon Linux release 2023 (Amazon Linux)\n"),
             ("go-rpmdb/cbl-mariner-2.0/rpmdb.sqlite", "var/lib/rpm/rpmdb.sqlite",
              "etc/os-release", b'NAME="Common Base Linux Mariner"\nID=mariner\nVERSION_ID="2.0"\n'),
             ("go-rpmdb/libuuid/Packages", "var/lib/rpm/Packages",
              "etc/centos-release", b"CentOS Linux release 8.4.2105\n")]
    for db, where, relfile, release in cases:
        base = shared("fixtures/pkgdb/rpm/" + os.path.dirname(db))
        root = rootfs_with({where: os.path.join(base, os.path.basename(db)),
                            relfile: release})
        want = rpm_expected(os.path.join(base, "expected-by-rpm-4.18-qa.tsv"))
        rep = scan_json("rootfs", root, "--list-all-pkgs")
        got = os_pkgs(rep)["Packages"]
        check(len(got) == len(want), f"{db}: {len(got)} packages, rpm lists {len(want)}")
        for p in got:
            w = want.get(p["Name"] + "." + p.get("Arch", "") + "-" + p["Version"])
            check(w is not None, f"{db}: {p['ID']} not in rpm's list")
            check(p.get("Release", "") == w["release"], f"{p['ID']} release")
            check(str(p.get("Epoch", 0)) == (w["epoch"] or "0"), f"{p['ID']} epoch")
            check(p["ID"] == f"{p['Name']}@{p['Version']}-{p['Release']}.{p['Arch']}",
                  f"rpm ID {p['ID']}")
            check("Layer" not in p, "rootfs packages have no layer")
            check(p["AnalyzedBy"] == "rpm", p["AnalyzedBy"])


main([test_alpine_310_matches_fanal_golden, test_alpine_images_match_their_apk_databases, test_alpine_39_metadata_matches_integration_golden,
      test_layers_whiteouts_and_attribution, test_rpm_rootfs_matches_rpm_qa])
