#!/usr/bin/env python3
"""test_vercmp.py - `kensa vercmp` end to end, on the real version facts in ../shared.

Runs the real binary (KENSA_BIN):
  - every row of fixtures/versions/version-vectors.tsv through `kensa vercmp --batch`
    (rows whose strings contain a tab or newline, which a batch line cannot carry, through
    the one-pair form instead); agreement must be 100% per ecosystem except the five Maven
    rows where current Maven differs from old Maven (see lib/version/maven.c); the bare
    `rpmvercmp` rows and the `rpm-nevra` rows are not ecosystems of the CLI;
  - every row of fixtures/versions/semver-range-vectors.tsv through
    `kensa vercmp --satisfies npm`, with --loose / --include-prerelease from the options;
  - the error contract: invalid versions exit 65 with a one-line message, usage errors 64,
    and a batch reports bad lines as `error: ...` lines and carries on.
Exits 77 (skipped) when the binary or ../shared is missing.
"""
import json
import os
import subprocess
import sys

BIN = os.environ.get("KENSA_BIN", "")
SHARED = os.environ.get("KENSA_SHARED") or os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
VEC = os.path.join(SHARED, "fixtures", "versions")

MAVEN_DOCUMENTED = {
    ("2-1", "2.0.a"), ("2-1", "2.0.0.a"), ("2.0.a", "2.0.0.a"), ("1-foo", "1.foo"), ("1-1-foo", "1-1.foo"),
}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def field(s):
    return json.loads(s) if s.startswith('"') else s


def kensa(*args, stdin=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True)


def rows(name):
    with open(os.path.join(VEC, name), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield [field(x) for x in line.split("\t")]


def test_vectors():
    batch, single, skipped = [], [], {}
    for r in rows("version-vectors.tsv"):
        eco, a, op, b = r[:4]
        if eco in ("rpmvercmp", "rpm-nevra"):
            skipped[eco] = skipped.get(eco, 0) + 1
            continue
        if any(c in a + b for c in "\t\n"):
            single.append((eco, a, op, b))
        else:
            batch.append((eco, a, op, b))
    out = kensa("vercmp", "--batch", stdin="".join("%s\t%s\t%s\n" % (e, a, b) for e, a, _, b in batch))
    if out.returncode != 0:
        fail("batch exited %d: %s" % (out.returncode, out.stderr))
        return
    got = out.stdout.split("\n")
    results = list(zip(batch, got))
    for eco, a, op, b in single:
        p = kensa("vercmp", eco, "--", a, b)
        results.append(((eco, a, op, b), p.stdout.strip() if p.returncode == 0 else "error: " + p.stderr.strip()))
    stats = {}
    for (eco, a, op, b), res in results:
        s = stats.setdefault(eco, [0, 0, 0])
        s[0] += 1
        if res == op:
            s[1] += 1
        elif eco == "maven" and (a, b) in MAVEN_DOCUMENTED:
            s[2] += 1
        else:
            fail("%s %r %s %r: kensa says %r" % (eco, a, op, b, res))
    for eco, (n, agree, documented) in sorted(stats.items()):
        print("%-8s %5d rows, %5d agree, %d documented Maven differences" % (eco, n, agree, documented))
    for eco, n in sorted(skipped.items()):
        print("%-8s %5d rows not applicable to the CLI" % (eco, n))
    if stats.get("maven", [0, 0, 0])[2] != 5:
        fail("expected the 5 documented Maven rows to differ")
    total = sum(s[0] for s in stats.values()) + sum(skipped.values())
    if total != 15283:
        fail("version-vectors.tsv has %d rows, expected 15283" % total)


def truthy_loose(opt):
    if opt == "":
        return False, False
    j = json.loads(opt)
    if j is True:
        return True, False
    if isinstance(j, dict):
        return bool(j.get("loose")), bool(j.get("includePrerelease"))
    return False, False


def test_ranges():
    n = agree = 0
    for r in rows("semver-range-vectors.tsv"):
        _, rng, ver, want, opt = r[:5]
        loose, pre = truthy_loose(opt)
        args = ["vercmp", "--satisfies"] + (["--loose"] if loose else []) + (["--include-prerelease"] if pre else [])
        p = kensa(*args, "npm", "--", ver, rng)
        if p.returncode == 0:
            got = p.stdout.strip() == "yes"
        elif p.returncode == 65:
            got = False  # node-semver: an invalid version or range satisfies nothing
        else:
            fail("range %r version %r: exit %d %s" % (rng, ver, p.returncode, p.stderr))
            continue
        n += 1
        if got == (want == "true"):
            agree += 1
        else:
            fail("range %r version %r opts %r: want %s" % (rng, ver, opt, want))
    print("semver-range-vectors.tsv: %d of %d agree" % (agree, n))
    if n != 370:
        fail("expected 370 range facts, ran %d" % n)


def test_errors():
    p = kensa("vercmp", "deb", "1:", "1.0")
    if p.returncode != 65 or p.stdout != "" or p.stderr != "kensa: vercmp: deb: '1:': nothing after the epoch colon\n":
        fail("invalid version: exit %d, stderr %r" % (p.returncode, p.stderr))
    p = kensa("vercmp", "--satisfies", "maven", "1.0", "[2.0,1.0]")
    if p.returncode != 65 or "the lower bound is above the upper bound" not in p.stderr:
        fail("invalid range: exit %d, stderr %r" % (p.returncode, p.stderr))
    for args in (["vercmp"], ["vercmp", "deb", "1"], ["vercmp", "cobol", "1", "2"], ["vercmp", "--bogus"],
                 ["vercmp", "--batch", "deb"]):
        p = kensa(*args)
        if p.returncode != 64 or not p.stderr.startswith("kensa: "):
            fail("%s: exit %d, stderr %r" % (args, p.returncode, p.stderr))
    p = kensa("vercmp", "--batch", stdin="deb\t1\t2\nnope\nrpm\t\t1\npypi\t1.0\t1.0.0\n")
    want = "<\nerror: line 2: expected ecosystem<TAB>version<TAB>version\nerror: line 3: rpm: '': version is empty\n=\n"
    if p.returncode != 0 or p.stdout != want:
        fail("batch errors: exit %d, stdout %r" % (p.returncode, p.stdout))
    p = kensa("vercmp", "--satisfies", "pypi", "1.0rc1", ">=0.9")
    q = kensa("vercmp", "--satisfies", "--include-prerelease", "pypi", "1.0rc1", ">=0.9")
    if (p.stdout, q.stdout) != ("no\n", "yes\n"):
        fail("--include-prerelease: %r %r" % (p.stdout, q.stdout))
    p = kensa("vercmp", "--help")
    if p.returncode != 0 or "Usage: kensa vercmp" not in p.stdout:
        fail("--help: exit %d" % p.returncode)
    # the go-version scheme Trivy uses for Swift and Conan, and CocoaPods on the RubyGems one
    p = kensa("vercmp", "--batch", stdin="generic\t1.7rc2\t1.7\nswift\tv1.2\t1.2.0.0\nconan\t8.43\t8.44\n"
              "cocoapods\t1.0.a\t1.0\ngeneric\t1.2.beta\t1\n")
    want = "<\n=\n<\n<\nerror: line 5: generic: '1.2.beta': malformed version\n"
    if p.returncode != 0 or p.stdout != want:
        fail("generic batch: exit %d, stdout %r" % (p.returncode, p.stdout))
    p = kensa("vercmp", "--satisfies", "generic", "2.41.0", "< 2.29.1 || >= 2.41.0, < 2.42.0")
    if p.returncode != 0 or p.stdout != "yes\n":
        fail("generic --satisfies: exit %d, stdout %r" % (p.returncode, p.stdout))
    p = kensa("vercmp", "--list")
    if p.returncode != 0 or p.stdout.split() != ["deb", "rpm", "apk", "npm", "pypi", "maven", "go", "gem",
                                                 "composer", "nuget", "hex", "pub", "cargo", "semver",
                                                 "generic"]:
        fail("--list: %r" % p.stdout)


def main():
    if not BIN or not os.access(BIN, os.X_OK):
        print("skipped: KENSA_BIN (%r) is not an executable" % BIN)
        return 77
    if not os.path.isdir(VEC):
        print("skipped: %s is absent" % VEC)
        return 77
    test_vectors()
    test_ranges()
    test_errors()
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
