"""The command line as a user and a CI pipeline meet it: Trivy-style flags, KENSA_<FLAG>
environment variables (the command line wins), -o, the table report, help and version,
skip filters, and usage errors with their exit code."""

import json
import os
import tempfile

from kensa_e2e import check, main, run, shared

TMP = tempfile.mkdtemp(prefix="kensa-e2e-")
IMG = "fixtures/images/docker-save/trivy-alpine-3.9.tar.gz"


def test_env_mirrors_flags():
    img = shared(IMG)
    rc, out, err = run("image", "--input", img, env={"KENSA_FORMAT": "json",
                                                     "KENSA_LIST_ALL_PKGS": "true"})
    check(rc == 0, err)
    rep = json.loads(out)
    check(len(rep["Results"][0]["Packages"]) == 14, "KENSA_LIST_ALL_PKGS ignored")
    rc, out, err = run("image", "--input", img, "-f", "table", env={"KENSA_FORMAT": "json"})
    check(rc == 0 and out.lstrip().startswith(img), "the command line must win over the env")
    rc, out, err = run("image", env={"KENSA_INPUT": img, "KENSA_FORMAT": "json"})
    check(rc == 0 and json.loads(out)["ArtifactName"] == img, "KENSA_INPUT")
    rc, _, err = run("image", "--input", img, env={"KENSA_LIST_ALL_PKGS": "maybe"})
    check(rc == 64 and "KENSA_LIST_ALL_PKGS" in err, f"bad env value: {rc} {err}")


def test_output_file_and_table():
    img = shared(IMG)
    out_path = os.path.join(TMP, "report.json")
    rc, out, err = run("image", "--input", img, "-f", "json", "-o", out_path)
    check(rc == 0 and out == "", f"{rc} {err}")
    check(json.load(open(out_path))["SchemaVersion"] == 2, "report file")
    rc, out, err = run("image", "--input", img, "--list-all-pkgs")
    check(rc == 0, err)
    check(f"{img} (alpine 3.9.4)" in out and "Packages: 14" in out, out[:300])
    check("│ musl " in out and "1.1.20-r4" in out, "package rows")


def test_usage_errors():
    for args, words in [(["image", "--bogus"], "unknown option"),
                        (["image", "--input"], "needs a value"),
                        (["image", "--input", "x", "--exit-code", "65"], "collides"),
                        (["image", "--input", "x", "-f", "yaml"],
                         "unknown format 'yaml' (known: table, json, sarif, cyclonedx, spdx-json,"),
                        (["image", "a", "b"], "give one image name"),
                        (["image", "a:1", "--image-src", "ftp"],
                         "unknown image source 'ftp'"),
                        (["image", "a:1", "--password", "x"], "needs --username"),
                        (["image", "a:1", "--username", "u", "--password", "x",
                          "--password-stdin"], "exclude each other"),
                        (["image", "--input", "x", "--platform", "all"],
                         "needs an image by name"),
                        (["image", "a:1", "--cache-backend", "redis"], "fs or memory"),
                        (["image", "a:1", "--parallel", "65"], "--parallel"),
                        (["rootfs"], "exactly one directory"),
                        (["nosuchcommand"], "unknown command")]:
        rc, out, err = run(*args)
        check(rc == 64, f"{args}: exit {rc}")
        lines = err.strip().splitlines()
        check(len(lines) == 1 and words in lines[0], f"{args}: {lines}")


def test_image_by_name_without_a_source():
    """No daemon at the socket named and no other source asked: exit 66, one line saying
    what each source answered."""
    rc, out, err = run("image", "nginx:1.25", "--image-src", "docker,containerd",
                       "--docker-host", "unix:///nonexistent/docker.sock", "-q")
    lines = err.strip().splitlines()
    check(rc == 66 and len(lines) == 1, f"exit {rc}: {lines}")
    check("no image source has it" in lines[0] and "docker:" in lines[0] and
          "containerd:" in lines[0], lines[0])


def test_help_and_version():
    rc, out, _ = run("help")
    check(rc == 0 and all(c in out for c in ["image", "rootfs", "fs", "vercmp", "version"]), out)
    rc, out, _ = run("image", "--help")
    check(rc == 0 and "--list-all-pkgs" in out and "KENSA_" in out, out)
    rc, out, _ = run("version")
    check(rc == 0 and out.startswith("Version: "), out)


def test_rootfs_and_skip_dirs():
    root = tempfile.mkdtemp(dir=TMP)
    os.makedirs(os.path.join(root, "etc"))
    os.makedirs(os.path.join(root, "lib/apk/db"))
    open(os.path.join(root, "etc/alpine-release"), "w").write("3.9.4\n")
    apk = open(shared("fixtures/pkgdb/apk/trivy-alpine-3.9.installed"), "rb").read()
    open(os.path.join(root, "lib/apk/db/installed"), "wb").write(apk)
    os.symlink("/etc/shadow", os.path.join(root, "etc/os-release"))  # never followed
    rc, out, err = run("rootfs", root, "-f", "json", "--list-all-pkgs")
    check(rc == 0, err)
    rep = json.loads(out)
    check(rep["Metadata"]["OS"] == {"Family": "alpine", "Name": "3.9.4", "EOSL": True},
          rep["Metadata"])
    check(len(rep["Results"][0]["Packages"]) == 14, "apk packages")
    rc, out, err = run("rootfs", root, "-f", "json", "--list-all-pkgs", "--skip-dirs", "lib/apk")
    check(rc == 0 and "Packages" not in out, "--skip-dirs lib/apk still found packages")
    rc, out, err = run("rootfs", root, "-f", "json", "--list-all-pkgs", "--skip-files", "**/installed")
    check(rc == 0 and "Packages" not in out, "--skip-files did not apply")
    rc, out, err = run("fs", root, "-f", "json", "--list-all-pkgs")
    check(rc == 0 and "os-pkgs" not in out, "fs must not report OS packages")


main([test_env_mirrors_flags, test_output_file_and_table, test_usage_errors,
      test_image_by_name_without_a_source,
      test_help_and_version, test_rootfs_and_skip_dirs])
