"""Language packages in images and trees, end to end:

- Log4Shell: the real log4j-core 2.14.0 jar inside an image built here is reported with
  CVE-2021-44228 CRITICAL from the real GHSA record (../shared/feeds/osv/Maven); 2.16.0 is
  not reported for it;
- installed packages of every kind in one image (Python, Node.js, Ruby, PHP, .NET, Conda,
  Java, Go and Rust binaries) become Trivy's targets, binaries only with an execute bit;
- a Python package that a Debian package installed is the OS package's, not reported twice
  (unless --detection-priority comprehensive);
- corrupt and truncated files of every lock-file format give one warning naming the file
  each, and the scan goes on and reports the intact files."""

import atexit
import json
import os
import shutil
import tempfile

from kensa_e2e import check, main, oci_archive, run, shared, tar_bytes

TMP = tempfile.mkdtemp(prefix="kensa-lang-images-")
CACHE = os.path.join(TMP, "cache")
LOCK = "fixtures/lockfiles/"
REPO = LOCK + "trivy-integration-repo/"
DEBIAN = b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'


def dirs_of(path):
    parts = path.split("/")[:-1]
    return ["/".join(parts[:i + 1]) for i in range(len(parts))]


def layer(files):
    """A gzip layer from {path: bytes or (bytes, mode)}, with every parent directory."""
    entries, seen = [], set()
    for path, data in files.items():
        for d in dirs_of(path):
            if d not in seen:
                seen.add(d)
                entries.append((d, None))
        data, mode = data if isinstance(data, tuple) else (data, 0o644)
        entries.append((path, data, {"mode": mode}))
    return tar_bytes(entries, gz=True)


def image(name, files):
    path = os.path.join(TMP, name)
    oci_archive(path, [layer(files)])
    return path


def read(rel):
    with open(shared(rel), "rb") as f:
        return f.read()


def scan(target, *flags, cmd="image"):
    args = ["--input", target] if cmd == "image" else [target]
    rc, out, err = run("--cache-dir", CACHE, cmd, "-q", "--skip-db-update", "-f", "json",
                       *flags, *args)
    check(rc == 0, f"{target}: exit {rc}: {err}")
    return json.loads(out)


def result(rep, target):
    hits = [r for r in rep.get("Results", []) if r["Target"] == target]
    check(len(hits) == 1, f"target {target}: {[r['Target'] for r in rep.get('Results', [])]}")
    return hits[0]


def test_log4shell():
    for ver, vulnerable in (("2.14.0", True), ("2.16.0", False)):
        jar = read(f"{LOCK}java/log4jscanner/log4j-core-{ver}.jar")
        img = image(f"log4j-{ver}.tar", {"etc/os-release": DEBIAN,
                                          f"app/lib/log4j-core-{ver}.jar": jar})
        rep = scan(img, "--scanners", "vuln")
        java = result(rep, "Java")
        check(java["Type"] == "jar", java["Type"])
        hits = [v for v in java.get("Vulnerabilities", [])
                if v["VulnerabilityID"] == "CVE-2021-44228"]
        if not vulnerable:
            check(not hits, f"{ver}: CVE-2021-44228 reported")
            continue
        check(len(hits) == 1, f"{ver}: {len(hits)} CVE-2021-44228 findings")
        v = hits[0]
        check(v["PkgName"] == "org.apache.logging.log4j:log4j-core" and
              v["InstalledVersion"] == ver and v["Severity"] == "CRITICAL" and
              v["PkgPath"] == f"app/lib/log4j-core-{ver}.jar" and
              "2.15.0" in v["FixedVersion"] and v["Status"] == "fixed", v)


def test_installed_packages_in_one_image():
    go = read(LOCK + "trivy/parser/golang/binary/test.elf")
    files = {
        "etc/os-release": DEBIAN,
        "usr/lib/python3/site-packages/Pygments-2.6.1.dist-info/METADATA":
            read("fixtures/syft-fixtures/python/site-packages/partial.dist-info/METADATA"),
        "app/node_modules/ms/package.json":
            b'{"name": "ms", "version": "2.0.0", "license": "MIT"}',
        "usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec":
            open(os.path.join(os.environ.get("KENSA_SRC", "."),
                              "tests/fuzz/corpus/gemspec/rake-13.0.6.gemspec"), "rb").read(),
        "srv/vendor/composer/installed.json": read(REPO + "composer-vendor/installed.json"),
        "srv/dotnet/datacollector.deps.json": read(REPO + "dotnet/datacollector.deps.json"),
        "opt/conda/envs/app/conda-meta/pip-22.2.2-py38h06a4308_0.json":
            read(REPO + "conda/miniconda3/envs/testenv/conda-meta/pip-22.2.2-py38h06a4308_0.json"),
        "app/log4j-core-2.14.0.jar": read(LOCK + "java/log4jscanner/log4j-core-2.14.0.jar"),
        "usr/local/bin/goapp": (go, 0o755),
        "usr/local/share/goapp-copy": go,   # no execute bit: not a program to Trivy
        "usr/local/bin/rustapp": (read(LOCK + "trivy/parser/rust/binary/test.elf"), 0o755),
    }
    rep = scan(image("installed.tar", files), "--list-all-pkgs")
    check(not rep.get("Warnings"), rep.get("Warnings"))
    got = {r["Target"]: r["Type"] for r in rep["Results"]}
    # Trivy aggregates installed Python, Conda, Ruby, Node.js and Java packages per language
    want = {"Python": "python-pkg", "Node.js": "node-pkg", "Ruby": "gemspec",
            "srv/vendor/composer/installed.json": "composer-vendor",
            "srv/dotnet/datacollector.deps.json": "dotnet-core",
            "Conda": "conda-pkg", "Java": "jar", "usr/local/bin/goapp": "gobinary",
            "usr/local/bin/rustapp": "rustbinary"}
    for t, ty in want.items():
        check(got.get(t) == ty, f"target {t}: {got.get(t)}, want {ty} (all: {got})")
    pyg = result(rep, "Python")["Packages"][0]
    check(pyg["Name"] == "Pygments" and pyg["Version"] == "2.6.1" and
          pyg["FilePath"].endswith("Pygments-2.6.1.dist-info/METADATA"), pyg)
    names = [p["Name"] for p in result(rep, "usr/local/bin/goapp")["Packages"]]
    check("stdlib" in names, names)


def test_os_owned_python_package():
    meta = "usr/lib/python3/dist-packages/Pygments-2.6.1.dist-info/METADATA"
    status = (b"Package: python3-pygments\nStatus: install ok installed\nArchitecture: all\n"
              b"Version: 2.6.1+dfsg-1\nSource: pygments\n")
    img = image("owned.tar", {
        "etc/os-release": DEBIAN, "etc/debian_version": b"12.0\n", "var/lib/dpkg/status": status,
        "var/lib/dpkg/info/python3-pygments.list": ("/.\n/" + meta + "\n").encode(),
        meta: read("fixtures/syft-fixtures/python/site-packages/partial.dist-info/METADATA")})
    rep = scan(img, "--list-all-pkgs")
    check([r["Target"] for r in rep["Results"]] == [rep["ArtifactName"] + " (debian 12.0)"],
          [r["Target"] for r in rep["Results"]])
    rep = scan(img, "--list-all-pkgs", "--detection-priority", "comprehensive")
    check("Python" in [r["Target"] for r in rep["Results"]], "comprehensive: no Python target")


# (path in the tree, fixture it is cut from, how it is broken)
CORRUPT = [
    ("npm/package-lock.json", REPO + "npm/package-lock.json", "half"),
    ("yarn/yarn.lock", REPO + "yarn/yarn.lock", "long-line"),
    ("pnpm/pnpm-lock.yaml", REPO + "pnpm/pnpm-lock.yaml", "half"),
    ("bun/bun.lock", REPO + "bun/bun.lock", "half"),
    ("pip/requirements.txt", REPO + "pip/requirements.txt", "long-line"),
    ("pipenv/Pipfile.lock", REPO + "pipenv/Pipfile.lock", "half"),
    ("poetry/poetry.lock", REPO + "poetry/poetry.lock", "half"),
    ("uv/uv.lock", REPO + "uv/uv.lock", "half"),
    ("pdm/pdm.lock", "fixtures/syft-fixtures/python/pdm-lock-extras/pdm.lock", "half"),
    ("gomod/go.mod", REPO + "gomod/go.mod", "half"),
    ("cargo/Cargo.lock", REPO + "cargo/Cargo.lock", "half"),
    ("composer/composer.lock", REPO + "composer/composer.lock", "half"),
    ("ruby/Gemfile.lock", "fixtures/syft-fixtures/ruby/Gemfile.lock", "long-line"),
    ("nuget/packages.lock.json", REPO + "nuget/packages.lock.json", "half"),
    ("nuget-config/packages.config", LOCK + "trivy/parser/nuget/config/packages.config", "half"),
    ("dotnet/app.deps.json", REPO + "dotnet/datacollector.deps.json", "half"),
    ("props/Directory.Packages.props", REPO + "packagesprops/Directory.Packages.props", "half"),
    ("pom/pom.xml", REPO + "pom/pom.xml", "half"),
    ("sbt/build.sbt.lock", REPO + "sbt/build.sbt.lock", "half"),
    ("mix/mix.lock", REPO + "mixlock/mix.lock", "half"),
    ("pub/pubspec.lock", REPO + "pubspec/pubspec.lock", "half"),
    ("swift/Package.resolved", REPO + "swift/Package.resolved", "half"),
    ("pods/Podfile.lock", REPO + "cocoapods/Podfile.lock", "half"),
    ("conan/conan.lock", REPO + "conan/conan.lock", "half"),
]


def broken(data, how):
    if how == "half":
        return data[: len(data) // 2]
    return data + b"a" * 70000 + b"\n"   # longer than the 64 KiB lines Go's scanner takes


def test_corrupt_lock_files_are_warnings():
    root = os.path.join(TMP, "corrupt")
    for path, src, how in CORRUPT:
        os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(root, path), "wb") as f:
            f.write(broken(read(src), how))
    # an intact lock file beside them still reports its packages
    os.makedirs(os.path.join(root, "good"))
    shutil.copy(shared(REPO + "npm/package-lock.json"), os.path.join(root, "good"))
    rep = scan(root, "--list-all-pkgs", "--scanners", "none", cmd="fs")
    warns = rep.get("Warnings", [])
    for path, _, _ in CORRUPT:
        hits = [w for w in warns if f"'{path}'" in w]
        check(len(hits) == 1, f"{path}: {len(hits)} warnings naming it ({warns})")
    check(len(warns) == len(CORRUPT), f"{len(warns)} warnings for {len(CORRUPT)} files")
    check([r["Target"] for r in rep["Results"]] == ["good/package-lock.json"],
          [r["Target"] for r in rep["Results"]])


atexit.register(shutil.rmtree, TMP, True)
rc, _, err = run("db", "import", shared("feeds/osv/Maven/all.zip"), "--cache-dir", CACHE)
if rc != 0:
    raise SystemExit(f"db import failed: {err}")
main([test_log4shell, test_installed_packages_in_one_image, test_os_owned_python_package,
      test_corrupt_lock_files_are_warnings])
