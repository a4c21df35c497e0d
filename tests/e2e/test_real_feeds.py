"""The main job with real public data: a database built from the real feeds in
../shared/feeds (Alpine secdb, the Ubuntu CVE Tracker — whose files carry NVD's CVSS —
and CISA KEV) and the real Alpine images Trivy's tests use. The known openssl CVEs must be
reported with the fixed versions the Alpine secdb gives and NVD's severities."""

import json
import os
import tempfile

from kensa_e2e import check, main, run, shared

TMP = tempfile.mkdtemp(prefix="kensa-real-")
CACHE = os.path.join(TMP, "cache")


def scan(image):
    rc, out, err = run("--cache-dir", CACHE, "image", "-q", "--skip-db-update", "--input",
                       shared("fixtures/images/docker-save/" + image), "-f", "json",
                       env={"KENSA_SCANNERS": "vuln"})
    check(rc == 0, f"{image}: {err}")
    vulns = json.loads(out)["Results"][0].get("Vulnerabilities", [])
    return {(v["VulnerabilityID"], v["PkgName"]): v for v in vulns}


def test_openssl_cves_on_alpine_39_and_310():
    for image, installed in [("trivy-alpine-3.9.tar.gz", "1.1.1b-r1"),
                             ("trivy-alpine-3.10-2019.tar.gz", "1.1.1c-r0")]:
        got = scan(image)
        for cve, fixed in [("CVE-2019-1549", "1.1.1d-r0"), ("CVE-2019-1551", "1.1.1d-r2")]:
            for pkg in ("libcrypto1.1", "libssl1.1"):
                v = got.get((cve, pkg))
                check(v is not None, f"{image}: {cve} in {pkg} not reported")
                check(v["InstalledVersion"] == installed and v["FixedVersion"] == fixed,
                      f"{image} {cve} {pkg}: {v['InstalledVersion']} -> {v['FixedVersion']}")
                check(v["Severity"] == "MEDIUM" and v["SeveritySource"] == "nvd",
                      f"{image} {cve}: {v['Severity']} from {v.get('SeveritySource')}")
                check(v["CVSS"]["nvd"]["V3Score"] in (5.3, 5.9), v["CVSS"])
                check(v["DataSource"]["ID"] == "alpine", v["DataSource"])


def test_patched_image_is_clean_of_them():
    got = scan("trivy-alpine-3.10.tar.gz")  # openssl 1.1.1d-r2 already carries both fixes
    check(not any(k[0] in ("CVE-2019-1549", "CVE-2019-1551") for k in got), sorted(got)[:5])


def test_db_search_facts():
    rc, out, err = run("db", "search", "CVE-2022-0778", "-f", "json", "--cache-dir", CACHE)
    check(rc == 0, err)
    adv = {(a["Ecosystem"], a["Package"]): a for a in json.loads(out)["Advisories"]}
    for branch in ("3.12", "3.13", "3.14", "3.15", "3.16"):
        a = adv.get((f"alpine:{branch}", "openssl"))
        check(a is not None and a["FixedVersion"] == "1.1.1n-r0", f"alpine {branch}: {a}")


rc, _, err = run("db", "import", shared("feeds/alpine"), shared("feeds/ubuntu/uct"),
                 shared("feeds/kev"), "--cache-dir", CACHE)
check(rc == 0, f"db import: {err}")
main([test_openssl_cves_on_alpine_39_and_310, test_patched_image_is_clean_of_them,
      test_db_search_facts])
