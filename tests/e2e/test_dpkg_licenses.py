"""Licences of dpkg packages from usr/share/doc/<package>/copyright through the whole
pipeline (image or rootfs -> layers -> analyzers -> merged view -> JSON report), as Trivy's
applier attaches them: by the package name of the copyright file's directory, from the
copyright files visible in the merged image (an upper layer's file replaces a lower one's,
a whiteout removes it), never through a symbolic link to another package's directory, and
never as a package of its own. The inputs are real: Trivy's Ubuntu status file and its
copyright test files (whose licences Trivy's debian-buster package golden gives for
adduser and apt), and real copyright files of Debian packages from syft's fixtures."""

import json
import os
import tarfile
import tempfile

from kensa_e2e import check, main, oci_archive, scan_json, shared, tar_bytes

TMP = tempfile.mkdtemp(prefix="kensa-e2e-")
TXTAR = "fixtures/pkgdb/dpkg/trivy-analyzer-txtar/"
SYFT = "fixtures/syft-fixtures/debian/"


def read(rel):
    return open(shared(rel), "rb").read()


def txtar_section(rel, name):
    out, cur = {}, None
    for line in read(rel).decode().splitlines(keepends=True):
        if line.startswith("-- ") and line.rstrip().endswith(" --"):
            cur = line[3:].rstrip()[:-3]
            out[cur] = ""
        elif cur is not None:
            out[cur] += line
    return out[name].encode()


def os_pkgs(report):
    res = [r for r in report.get("Results", []) if r["Class"] == "os-pkgs"]
    check(len(res) == 1, f"want one os-pkgs result, got {len(res)}")
    return res[0]["Packages"]


def golden_licenses():
    g = json.load(open(shared("fixtures/goldens/trivy/fanal-goldens/packages/"
                              "debian-buster.json.golden")))
    return {p["Name"]: p.get("Licenses") for p in g}


def dirs(path):
    parts = path.split("/")[:-1]
    return [("/".join(parts[:i + 1]), None) for i in range(len(parts))]


def layer(files, extra=()):
    seen, entries = set(), []
    for path, data in files:
        for d in dirs(path):
            if d[0] not in seen:
                seen.add(d[0])
                entries.append(d)
        entries.append((path, data))
    return tar_bytes(entries + list(extra), gz=True)


def test_image_layers():
    """Three layers over Trivy's Ubuntu status file: copyright files in the lower and upper
    layers, one without licences, one for a package that is not installed, libgcc1's doc
    directory a symbolic link to gcc-8-base's (as Ubuntu ships it), one replaced and one
    deleted by the top layer."""
    status = txtar_section(TXTAR + "valid.txtar", "var/lib/dpkg/status")
    doc = "usr/share/doc/"
    l1 = layer([("etc/lsb-release", b"DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=18.04\n"),
                ("var/lib/dpkg/status", status),
                (doc + "adduser/copyright", read(TXTAR + "common-license-copyright")),
                (doc + "zlib1g/copyright",
                 read(TXTAR + "license-pattern-and-classifier-copyright")),
                (doc + "libaudit-common/copyright", read(SYFT + "copyright/libaudit-common")),
                (doc + "bash/copyright", read(SYFT + "copyright/libc6"))])
    link = tarfile.SYMTYPE
    l2 = layer([(doc + "apt/copyright", read(TXTAR + "all-patterns-copyright")),
                (doc + "tar/copyright", read(TXTAR + "no-license-copyright")),
                (doc + "not-installed/copyright", read(SYFT + "copyright/trilicense")),
                (doc + "gcc-8-base/copyright", read(SYFT + "copyright/liblzma5")),
                (doc + "libpam-runtime/copyright",
                 read(SYFT + "image-dpkg/usr/share/doc/libpam-runtime/copyright"))],
               extra=[(doc + "libgcc1", None, {"type": link, "linkname": "gcc-8-base"})])
    l3 = layer([(doc + "bash/copyright", read(SYFT + "copyright/trilicense")),
                (doc + "libpam-runtime/.wh.copyright", b"")])
    img = os.path.join(TMP, "dpkg-licenses.tar")
    oci_archive(img, [l1, l2, l3])
    pkgs = os_pkgs(scan_json("image", "--input", img, "--list-all-pkgs"))
    by = {p["Name"]: p for p in pkgs}
    check(len(pkgs) == 90 and "not-installed" not in by,
          f"{len(pkgs)} packages: copyright files are not packages")
    gold = golden_licenses()
    for name in ("adduser", "apt"):
        check(by[name].get("Licenses") == gold[name],
              f"{name}: {by[name].get('Licenses')} != golden {gold[name]}")
    want = {
        "zlib1g": ["GPL-1.0-or-later", "Artistic-2.0", "BSD-4-clause-POWERDOG", "Zlib"],
        "libaudit-common": ["GPL-2.0-only", "LGPL-2.1-only", "GPL-1.0-only"],
        "bash": ["MPL-1.1", "GPL-2.0-only", "LGPL-2.1-only"],  # the top layer's file
        "gcc-8-base": ["PD", "probably-PD", "GPL-2.0-or-later", "LGPL-2.1-or-later",
                       "permissive-fsf", "Autoconf", "GPL-2.0-only", "none",
                       "permissive-nowarranty", "config-h", "LGPL-2.0-only",
                       "LGPL-2.1-only", "noderivs", "PD-debian", "GPL-3.0-only"],
    }
    for name, lics in want.items():
        check(by[name].get("Licenses") == lics, f"{name}: {by[name].get('Licenses')}")
    # no licence found, linked directory, deleted file, and packages without a file
    for name in ("tar", "libgcc1", "libpam-runtime", "libaudit1", "libc6", "dpkg"):
        check("Licenses" not in by[name], f"{name} has {by[name].get('Licenses')}")
    with_lics = sorted(n for n, p in by.items() if "Licenses" in p)
    check(with_lics == sorted(["adduser", "apt", *want]), f"licensed: {with_lics}")


def test_rootfs():
    """syft's Debian bookworm root filesystem (a status file and libpam-runtime's
    copyright) with the etc/debian_version that identifies Debian, in a directory."""
    root = tempfile.mkdtemp(dir=TMP)
    for rel, data in [("etc/debian_version", b"12.0\n"),
                      ("var/lib/dpkg/status", read(SYFT + "image-dpkg/var/lib/dpkg/status")),
                      ("usr/share/doc/libpam-runtime/copyright",
                       read(SYFT + "image-dpkg/usr/share/doc/libpam-runtime/copyright"))]:
        os.makedirs(os.path.join(root, os.path.dirname(rel)), exist_ok=True)
        open(os.path.join(root, rel), "wb").write(data)
    pkgs = os_pkgs(scan_json("rootfs", root, "--list-all-pkgs"))
    by = {p["Name"]: p for p in pkgs}
    check(by["libpam-runtime"].get("Licenses") ==
          ["GPL-2.0-only", "LGPL-2.1-only", "GPL-1.0-only"],
          f"libpam-runtime: {by['libpam-runtime'].get('Licenses')}")
    check(all("Licenses" not in p for n, p in by.items() if n != "libpam-runtime"),
          "only libpam-runtime has a copyright file")


def test_corrupt_copyright_is_a_warning():
    """A copyright file with a NUL byte is a warning naming it; the scan goes on and the
    package is reported without licences."""
    status = read(SYFT + "image-dpkg/var/lib/dpkg/status")
    bad = read(SYFT + "copyright/libaudit-common").replace(b"GPL-2", b"GPL\x002", 1)
    l1 = layer([("etc/debian_version", b"12.0\n"),
                ("var/lib/dpkg/status", status),
                ("usr/share/doc/libpam-runtime/copyright", bad)])
    img = os.path.join(TMP, "dpkg-licenses-bad.tar")
    oci_archive(img, [l1])
    from kensa_e2e import run
    rc, out, err = run("image", "--input", img, "--list-all-pkgs", "-f", "json")
    check(rc == 0, f"exit {rc}: {err}")
    check("usr/share/doc/libpam-runtime/copyright" in err, f"no warning naming it: {err}")
    by = {p["Name"]: p for p in os_pkgs(json.loads(out))}
    check("Licenses" not in by["libpam-runtime"], "licences from a corrupt file")


if __name__ == "__main__":
    main([test_image_layers, test_rootfs, test_corrupt_copyright_is_a_warning])
