"""`kensa db update` against a real HTTP server on 127.0.0.1 serving a mirror laid out like
../shared/feeds (tests/e2e/feedserver.py): every feed imports and known facts are in the
database; a second update is conditional (304s); faults are reported and skipped (500,
429 then success, a stalled transfer, a web page instead of the feed, a malformed and a
truncated file, a missing feed); a failed update keeps the previous database intact; and
readers keep working while an update runs.

KENSA_TEST_LIGHT (set by the ASan test preset) limits the full import to a few feeds."""

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import time

import feedserver
from kensa_e2e import BIN, SHARED, check, main, run, shared

TMP = tempfile.mkdtemp(prefix="kensa-dbup-")
MIRROR = os.path.join(TMP, "mirror")
CACHE = os.path.join(TMP, "cache")
LIGHT = bool(os.environ.get("KENSA_TEST_LIGHT"))
FAST = "alpine,kev"  # feeds for the fault scenarios: small and quick


def build_mirror():
    """The mirror: ../shared/feeds files in place (symlinks), git-repository feeds as the
    tarballs an http mirror serves, and an EPSS sample in FIRST's format."""
    os.makedirs(MIRROR)
    for d in ("alpine", "osv", "nvd", "kev", "debian", "redhat"):
        os.symlink(shared("feeds/" + d), os.path.join(MIRROR, d))
    os.makedirs(os.path.join(MIRROR, "ubuntu"))
    os.symlink(shared("feeds/ubuntu/oval"), os.path.join(MIRROR, "ubuntu/oval"))
    for name, src in (("rubysec", "rubysec"), ("friendsofphp", "friendsofphp"),
                      ("nodejs-security-wg", "nodejs-security-wg"), ("wolfi", "wolfi"),
                      ("ubuntu/uct", "ubuntu/uct")):
        if LIGHT and name not in ("rubysec", "ubuntu/uct"):
            continue
        with tarfile.open(os.path.join(MIRROR, name + ".tar.gz"), "w:gz", compresslevel=1) as t:
            t.add(shared("feeds/" + src), arcname=os.path.basename(name) + "-main")
    os.makedirs(os.path.join(MIRROR, "epss"))
    sample = ("#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\n"
              "cve,epss,percentile\nCVE-2021-44228,0.94358,0.99953\n"
              "CVE-2019-1549,0.00470,0.63412\n")
    with gzip.open(os.path.join(MIRROR, "epss/epss_scores-current.csv.gz"), "wt") as f:
        f.write(sample)


def update(*flags, cache=CACHE):
    t0 = time.time()
    rc, out, err = run("db", "update", "--feeds-mirror", URL, "--cache-dir", cache, *flags)
    return rc, err, time.time() - t0


def status(cache=CACHE):
    rc, out, err = run("db", "status", "-f", "json", "--cache-dir", cache)
    check(rc == 0, f"db status: {err}")
    return {f["Name"]: f for f in json.loads(out)["Feeds"]}


def search(q, cache=CACHE):
    rc, out, err = run("db", "search", q, "-f", "json", "--cache-dir", cache)
    check(rc == 0, f"db search {q}: {err}")
    return json.loads(out)


def test_full_update_and_facts():
    flags = ["--feeds", "osv,alpine,debian_oval,ubuntu_uct,rubysec,kev,epss"] if LIGHT else []
    rc, err, secs = update(*flags)
    check(rc == 0, f"exit {rc}: {err}")
    st = status()
    check(st["alpine/v3.16/main.json"]["Status"] == "ok", st.get("alpine/v3.16/main.json"))
    check(st["osv/Maven/all.zip"]["Records"] > 0, st.get("osv/Maven/all.zip"))
    # Log4Shell: the real GHSA ranges, NVD's 10.0 and KEV
    v = search("CVE-2021-44228")
    rng = [a["Ranges"] for a in v["Advisories"] if a["Package"] == "org.apache.logging.log4j:log4j-core"]
    check(rng and [["introduced", "2.13.0"], ["fixed", "2.15.0"]] in [r["e"] for r in rng[0]["r"]],
          f"log4j-core ranges: {rng}")
    check(v["Severities"]["nvd"]["V3Score"] == 10.0 and v.get("KEV") is True, v["Severities"])
    check(v.get("EPSS") == 0.94358, f"EPSS {v.get('EPSS')}")
    # CVE-2022-0778: openssl fixed 1.1.1n-r0 on Alpine v3.12-v3.16
    adv = {(a["Ecosystem"], a["Package"]): a for a in search("CVE-2022-0778")["Advisories"]}
    for b in ("3.12", "3.13", "3.14", "3.15", "3.16"):
        check(adv[(f"alpine:{b}", "openssl")]["FixedVersion"] == "1.1.1n-r0", b)
    # Debian bookworm OVAL "earlier than 0": affected, no fix
    a = [a for a in search("CVE-2016-5416")["Advisories"]
         if a["Ecosystem"] == "debian:12" and a["Package"] == "389-ds-base"]
    check(a and a[0]["Status"] == "affected" and "FixedVersion" not in a[0], a)
    # AlmaLinux advisories are found under the CVE taken from `related`
    check(any(a["Ecosystem"] == "alma:8" for a in search("CVE-2025-30749")["Advisories"]),
          "AlmaLinux CVE")


def test_second_update_is_conditional():
    before = len(feedserver.requests(MIRROR))
    rc, err, _ = update("--feeds", FAST)
    check(rc == 0, err)
    reqs = feedserver.requests(MIRROR)[before:]
    codes = [r[2] for r in reqs]
    check(codes and all(c in ("304", "404") for c in codes), f"statuses {codes[:10]}")
    check(status()["kev/known_exploited_vulnerabilities.json"]["Status"] == "not-modified", "")


def test_faults_are_reported_and_skipped():
    kev = "kev/known_exploited_vulnerabilities.json"
    for fault, flags in [({"status": 500}, []), ({"stall": 30}, ["--timeout", "1s"]),
                         ({"content_type": "text/html", "body": "<html>portal</html>"}, [])]:
        feedserver.set_faults(MIRROR, {kev: fault})
        rc, err, secs = update("--feeds", FAST, *flags)
        check(rc == 0, f"{fault}: exit {rc}: {err}")
        check(kev in err and "copy downloaded before" in err, f"{fault}: {err}")
        check(status()[kev]["Status"] == "stale", f"{fault}: {status()[kev]}")
        check(secs < 25, f"{fault}: took {secs:.0f}s")
    # 429 with Retry-After, then success: retried, fresh
    feedserver.set_faults(MIRROR, {kev: {"status": 429, "times": 1, "retry_after": 0}})
    rc, err, _ = update("--feeds", FAST)
    check(rc == 0 and status()[kev]["Status"] in ("ok", "not-modified"), f"429: {err}")
    # a malformed file is reported; the other files import
    feedserver.set_faults(MIRROR, {"alpine/v3.9/main.json": {"body": '{"packages": [ {'}})
    rc, err, _ = update("--feeds", FAST)
    check(rc == 0 and "alpine/v3.9/main.json" in err, f"malformed: {rc} {err}")
    check(search("CVE-2022-0778")["Advisories"], "the rest of alpine must still import")
    # a truncated zip is reported, the rest imports
    zip_path = "osv/Go/all.zip"
    data = open(shared("feeds/" + zip_path), "rb").read()
    feedserver.set_faults(MIRROR, {zip_path: {"body": data[: len(data) // 2].decode("latin-1")}})
    rc, err, _ = update("--feeds", "osv")
    check(rc == 0 and ("Go/all.zip" in err), f"truncated zip: {rc} {err[-300:]}")
    feedserver.set_faults(MIRROR, {})


def test_failed_update_keeps_old_db():
    fresh = os.path.join(TMP, "fresh")
    os.makedirs(os.path.join(fresh, "db"))
    shutil.copy(os.path.join(CACHE, "db/kensa.db"), os.path.join(fresh, "db/kensa.db"))
    digest = hashlib.sha256(open(os.path.join(fresh, "db/kensa.db"), "rb").read()).hexdigest()
    feedserver.set_faults(MIRROR, {"alpine/v3.9/main.json": {"status": 500}})
    rc, err, _ = update("--feeds", FAST, cache=fresh)  # no earlier download of that file
    feedserver.set_faults(MIRROR, {})
    check(rc == 69 and "previous database" in err, f"exit {rc}: {err}")
    after = hashlib.sha256(open(os.path.join(fresh, "db/kensa.db"), "rb").read()).hexdigest()
    check(after == digest, "the previous database was modified")
    leftovers = [n for n in os.listdir(os.path.join(fresh, "db")) if ".tmp." in n]
    check(not leftovers, f"temporary files left: {leftovers}")


def test_missing_feed_is_not_an_error():
    rc, err, _ = update("--feeds", "epss", cache=os.path.join(TMP, "nofeed"))
    check(rc == 0, err)
    os.rename(os.path.join(MIRROR, "epss"), os.path.join(MIRROR, "epss.gone"))
    rc, err, _ = update("--feeds", "kev,epss", cache=os.path.join(TMP, "nofeed2"))
    os.rename(os.path.join(MIRROR, "epss.gone"), os.path.join(MIRROR, "epss"))
    check(rc == 0, err)
    check(status(os.path.join(TMP, "nofeed2"))["epss/epss_scores-current.csv.gz"]["Status"]
          == "missing", "a 404 feed is 'missing'")


def test_readers_during_update():
    p = subprocess.Popen([BIN, "db", "update", "--feeds-mirror", URL, "--cache-dir", CACHE,
                          "--feeds", FAST, "-q"])
    reads = 0
    while p.poll() is None:
        rc, _, err = run("db", "status", "--cache-dir", CACHE)
        check(rc == 0, f"status during an update: {err}")
        reads += 1
    check(p.returncode == 0 and reads > 0, f"update exit {p.returncode}, {reads} reads")


build_mirror()
SERVER, URL = feedserver.start(MIRROR)
main([test_full_update_and_facts, test_second_update_is_conditional,
      test_faults_are_reported_and_skipped, test_failed_update_keeps_old_db,
      test_missing_feed_is_not_an_error, test_readers_during_update])
