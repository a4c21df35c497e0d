"""Exit codes as a CI pipeline relies on them, over the real alpine:3.9 image and Trivy's
fixture DB (2 CRITICAL, 4 MEDIUM findings, Alpine 3.9 past its end of life): the matrix of
clean / findings / errors x --exit-code x --fail-on x --exit-on-eol, plus --sort-by,
--output-format and `kensa convert` (a JSON round trip is byte-identical)."""

import json
import os
import tempfile

from kensa_e2e import check, fixture_db, main, run, shared

TMP = tempfile.mkdtemp(prefix="kensa-gates-")
CACHE = os.path.join(TMP, "cache")
IMG = "fixtures/images/docker-save/trivy-alpine-3.9.tar.gz"
ENV = {"KENSA_SCANNERS": "vuln"}


def scan(*flags, env=None):
    e = dict(ENV)
    e.update(env or {})
    return run("--cache-dir", CACHE, "image", "-q", "--skip-db-update", "--input",
               shared(IMG), "-f", "json", *flags, env=e)


def test_matrix():
    # (flags, expected exit code)
    cases = [
        ([], 0),                                           # findings, no gate
        (["--exit-code", "3"], 3),                         # any finding gates
        (["--exit-code", "3", "--severity", "HIGH"], 0),   # nothing HIGH left: clean
        (["--exit-code", "3", "--severity", "CRITICAL"], 3),
        (["--fail-on", "CRITICAL"], 1),                    # default findings code
        (["--fail-on", "CRITICAL", "--exit-code", "5"], 5),
        (["--fail-on", "CRITICAL,only-fixed", "--exit-code", "5"], 5),
        (["--fail-on", "HIGH", "--exit-code", "5", "--severity", "MEDIUM"], 0),  # gate sees what is reported
        (["--exit-on-eol", "7"], 7),                       # 3.9 is past its end of life
        (["--exit-on-eol", "7"], 0, {"KENSA_NOW": "2019-01-01"}),  # ... but not in 2019
        (["--exit-code", "3", "--exit-on-eol", "7"], 3),   # findings gate first
        (["--exit-code", "3", "--ignore-unfixed", "--severity", "LOW"], 0),
    ]
    for flags, want, *env in cases:
        rc, _, err = scan(*flags, env=env[0] if env else None)
        check(rc == want, f"{flags} {env}: exit {rc}, want {want} ({err.strip()})")


def test_errors_never_use_the_findings_codes():
    for flags, want in [(["--exit-code", "1", "--input", "/nonexistent.tar"], 66),
                        (["--exit-code", "65"], 64), (["--fail-on", "SEVERE"], 64),
                        (["--exit-on-eol", "70"], 64), (["--sort-by", "cvss"], 64)]:
        rc, _, err = scan(*flags)
        check(rc == want, f"{flags}: exit {rc}, want {want} ({err.strip()})")
    rc, _, err = run("--cache-dir", os.path.join(TMP, "empty"), "image", "--skip-db-update",
                     "--input", shared(IMG), "--exit-code", "1", env=ENV)
    check(rc == 66 and "no vulnerability database" in err, f"absent DB: {rc} {err}")


def test_sort_and_multiple_outputs():
    sarif_free = os.path.join(TMP, "second.json")
    rc, out, err = scan("--sort-by", "severity", "--output-format", f"json={sarif_free}")
    check(rc == 0, err)
    sevs = [v["Severity"] for v in json.loads(out)["Results"][0]["Vulnerabilities"]]
    check(sevs == ["CRITICAL", "CRITICAL", "MEDIUM", "MEDIUM", "MEDIUM", "MEDIUM"], sevs)
    check(json.load(open(sarif_free)) == json.loads(out), "--output-format copy differs")


def junit_cases(*flags):
    """(severity, outcome) of every JUnit test case; outcome is failure/skipped/pass."""
    import xml.etree.ElementTree as ET
    rc, out, err = scan("--format", "junit", *flags)
    check(rc in (0, 1), f"{flags}: {rc} {err}")
    cases = []
    for tc in ET.fromstring(out).iter("testcase"):
        kind = "failure" if tc.find("failure") is not None else (
            "skipped" if tc.find("skipped") is not None else "pass")
        cases.append((tc.get("name").split("]")[0].lstrip("["), kind))
    return sorted(cases)


def test_junit_follows_the_gate():
    check(junit_cases() == [("CRITICAL", "failure")] * 2 + [("MEDIUM", "failure")] * 4,
          junit_cases())
    check(junit_cases("--fail-on", "HIGH") ==
          [("CRITICAL", "failure")] * 2 + [("MEDIUM", "skipped")] * 4, "--fail-on HIGH")
    # the golden's findings all have fixed versions: only-fixed skips nothing more
    check(junit_cases("--fail-on", "LOW,only-fixed") ==
          [("CRITICAL", "failure")] * 2 + [("MEDIUM", "failure")] * 4, "only-fixed")


def test_convert_round_trip():
    first = os.path.join(TMP, "first.json")
    rc, _, err = scan("--list-all-pkgs", "-o", first)
    check(rc == 0, err)
    rc, out, err = run("convert", first, "-f", "json", "--list-all-pkgs")
    check(rc == 0 and out == open(first).read(), f"round trip differs: {err}")
    rc, out, err = run("convert", first, "--severity", "CRITICAL", "--exit-code", "4")
    check(rc == 4 and "Total: 2 (CRITICAL: 2)" in out, f"{rc} {out[:200]}")
    golden = shared("fixtures/goldens/trivy/integration/alpine-39.json.golden")
    rc, out, err = run("convert", golden, "-f", "json")
    check(rc == 0 and len(json.loads(out)["Results"][0]["Vulnerabilities"]) == 6,
          f"Trivy's report: {err}")
    bad = os.path.join(TMP, "bad.json")
    open(bad, "w").write('{"SchemaVersion": 2, "Results": [{"Class": "os-pkgs"')
    rc, _, err = run("convert", bad)
    check(rc == 65 and len(err.strip().splitlines()) == 1, f"{rc} {err}")


fixture_db(CACHE)
main([test_matrix, test_errors_never_use_the_findings_codes, test_sort_and_multiple_outputs,
      test_junit_follows_the_gate, test_convert_round_trip])
