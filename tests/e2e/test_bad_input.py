"""Hostile and broken inputs through the real binary: each gives one clear error line on
stderr and a distinct exit code (65 data, 66 not found, 64 usage), never a crash; a
corrupt package database is a warning in an otherwise successful scan."""

import gzip
import os
import tempfile

from kensa_e2e import check, main, oci_archive, run, shared, tar_bytes

DATA, NOINPUT, USAGE = 65, 66, 64
TMP = tempfile.mkdtemp(prefix="kensa-e2e-")

OS_RELEASE = b'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.4\n'


def one_line_error(rc, err, code, *words):
    check(rc == code, f"exit {rc}, want {code} (stderr: {err!r})")
    lines = [l for l in err.splitlines() if l.strip()]
    check(len(lines) == 1, f"want one error line, got {lines!r}")
    check(lines[0].startswith("kensa: "), f"error line {lines[0]!r}")
    for w in words:
        check(w in lines[0], f"{w!r} not in {lines[0]!r}")


def base_layer():
    return tar_bytes([("etc", None), ("etc/os-release", OS_RELEASE)], gz=True)


def image(name, layers, **kw):
    p = os.path.join(TMP, name)
    oci_archive(p, layers, **kw)
    return p


def test_valid_image_scans():
    rc, out, err = run("image", "--input", image("ok.tar", [base_layer()]), "-f", "json")
    check(rc == 0, f"exit {rc}: {err}")


def test_truncated_gzip():
    src = shared("fixtures/images/docker-save/trivy-alpine-3.9.tar.gz")
    data = open(src, "rb").read()
    p = os.path.join(TMP, "trunc.tar.gz")
    open(p, "wb").write(data[: len(data) // 2])
    rc, _, err = run("image", "--input", p)
    one_line_error(rc, err, DATA, "trunc.tar.gz")


def test_corrupt_tar():
    src = shared("fixtures/images/dive/test-oci-gzip-image.tar")
    data = bytearray(open(src, "rb").read())
    data[600:1200] = bytes(600)  # wipes the second member's header
    p = os.path.join(TMP, "corrupt.tar")
    open(p, "wb").write(bytes(data))
    rc, _, err = run("image", "--input", p)
    one_line_error(rc, err, DATA)


def test_missing_blob():
    def drop_layer(files):
        for n in [n for n in files if n.startswith("blobs/")]:
            if files[n][:2] == b"\x1f\x8b":
                del files[n]
    rc, _, err = run("image", "--input", image("missing.tar", [base_layer()], tamper=drop_layer))
    one_line_error(rc, err, NOINPUT, "missing")


def test_digest_mismatch():
    layer = base_layer()
    other = tar_bytes([("etc", None), ("etc/os-release", OS_RELEASE + b"X=1\n")], gz=True)

    def swap(files):
        files["blobs/sha256/" + __import__("hashlib").sha256(layer).hexdigest()] = other
    rc, _, err = run("image", "--input", image("digest.tar", [layer], tamper=swap))
    one_line_error(rc, err, DATA, "does not match its digest")


def test_diffid_mismatch():
    rc, _, err = run("image", "--input", image("diffid.tar", [base_layer()], config_extra={
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + "0" * 64]}}))
    one_line_error(rc, err, DATA, "DiffID")


def test_path_traversal():
    for name, entries in [
        ("dotdot", [("../../etc/passwd", b"root:x:0:0\n")]),
        ("symlink", [("lnk", None, {"type": b"2", "linkname": "/etc"}),
                     ("lnk/passwd", b"root:x:0:0\n")]),
        ("hardlink", [("a", b"x"), ("b", None, {"type": b"1", "linkname": "../../../etc/shadow"})]),
    ]:
        layer = tar_bytes(entries, gz=True)
        rc, _, err = run("image", "--input", image(f"{name}.tar", [base_layer(), layer]))
        one_line_error(rc, err, DATA, "layer")


def test_max_image_size():
    big = tar_bytes([("etc", None), ("etc/os-release", OS_RELEASE),
                     ("blob", os.urandom(1 << 20))], gz=True)
    p = image("big.tar", [big])
    rc, _, err = run("image", "--input", p, "--max-image-size", "512KiB")
    one_line_error(rc, err, DATA, "--max-image-size")
    rc, _, err = run("image", "--input", p, "--max-image-size", "4MiB")
    check(rc == 0, f"exit {rc}: {err}")


def test_not_an_image():
    rc, _, err = run("image", "--input", shared("fixtures/images/ggcr/tarball/content.tar"))
    one_line_error(rc, err, DATA, "not a container image")
    rc, _, err = run("image", "--input", os.path.join(TMP, "nonexistent.tar"))
    one_line_error(rc, err, NOINPUT)
    rc, _, err = run("image", "--input", shared("fixtures/images/ggcr/tarball/test_bundle.tar"))
    one_line_error(rc, err, USAGE, "test_image_1", "test_image_2")


def test_corrupt_rpmdb_is_a_warning():
    # a real rpmdb.sqlite cut short: the scan succeeds and says what it could not read
    db = open(shared("fixtures/pkgdb/rpm/go-rpmdb/cbl-mariner-2.0/rpmdb.sqlite"), "rb").read()
    layer = tar_bytes([("etc", None),
                       ("etc/os-release", b'ID=mariner\nVERSION_ID="2.0"\n'),
                       ("var", None), ("var/lib", None), ("var/lib/rpm", None),
                       ("var/lib/rpm/rpmdb.sqlite", db[: len(db) // 3])], gz=True)
    rc, out, err = run("image", "--input", image("rpmdb.tar", [layer]), "-f", "json")
    check(rc == 0, f"exit {rc}: {err}")
    check("rpmdb.sqlite" in err and "warning" in err, f"no warning on stderr: {err!r}")
    check('"Warnings"' in out, "the report does not carry the warning")


def test_broken_dpkg_stanza_is_a_warning():
    status = (b"Package: ok\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n"
              b" continuation before any field\nPackage: broken\n\n"
              b"Package: also-ok\nStatus: install ok installed\nVersion: 2.0\nArchitecture: all\n")
    layer = tar_bytes([("etc", None), ("etc/debian_version", b"12.1\n"),
                       ("var", None), ("var/lib", None), ("var/lib/dpkg", None),
                       ("var/lib/dpkg/status", status)], gz=True)
    rc, out, err = run("image", "--input", image("dpkg.tar", [layer]), "-f", "json",
                       "--list-all-pkgs")
    check(rc == 0, f"exit {rc}: {err}")
    check("dpkg" in err and "warning" in err, f"no warning on stderr: {err!r}")
    check('"Name": "ok"' in out and '"Name": "also-ok"' in out, "good stanzas were lost")


main([test_valid_image_scans, test_truncated_gzip, test_corrupt_tar, test_missing_blob,
      test_digest_mismatch, test_diffid_mismatch, test_path_traversal, test_max_image_size,
      test_not_an_image, test_corrupt_rpmdb_is_a_warning, test_broken_dpkg_stanza_is_a_warning])
