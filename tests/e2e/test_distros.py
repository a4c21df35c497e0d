"""Matching per distribution with real feeds, on images built here around real package
databases: Debian (source packages, debian epoch/revision order, OVAL and tracker
advisories), Ubuntu (the CVE Tracker, by release), with KEV enrichment and --sort-by kev.
Baron Samedit (CVE-2021-3156, sudo; in CISA's KEV) is the running example."""

import json
import os
import tempfile

from kensa_e2e import check, main, oci_archive, run, shared, tar_bytes

TMP = tempfile.mkdtemp(prefix="kensa-distros-")
CACHE = os.path.join(TMP, "cache")


def dpkg_image(name, release_files, stanzas):
    status = "\n".join(stanzas).encode()
    files = [("etc", None)] + [(p, d.encode()) for p, d in release_files] + \
        [("var", None), ("var/lib", None), ("var/lib/dpkg", None),
         ("var/lib/dpkg/status", status)]
    path = os.path.join(TMP, name)
    oci_archive(path, [tar_bytes(files, gz=True)])
    return path


def stanza(pkg, version, source=None, arch="amd64"):
    s = f"Package: {pkg}\nStatus: install ok installed\nArchitecture: {arch}\nVersion: {version}\n"
    return s + (f"Source: {source}\n" if source else "")


def scan(path, *flags):
    rc, out, err = run("--cache-dir", CACHE, "image", "-q", "--skip-db-update", "--input", path,
                       "-f", "json", *flags, env={"KENSA_SCANNERS": "vuln"})
    check(rc == 0, f"{path}: {err}")
    rep = json.loads(out)
    return rep, rep["Results"][0].get("Vulnerabilities", [])


def find(vulns, vid, pkg):
    hits = [v for v in vulns if v["VulnerabilityID"] == vid and v["PkgName"] == pkg]
    check(len(hits) == 1, f"{vid} in {pkg}: {len(hits)} findings")
    return hits[0]


def test_debian_buster():
    img = dpkg_image("debian.tar", [("etc/debian_version", "10.1\n")],
                     [stanza("sudo", "1.8.27-1+deb10u1"),
                      stanza("libssl1.1", "1.1.1c-1", source="openssl"),
                      stanza("sudo-ldap", "1.8.27-1+deb10u3", source="sudo")])
    rep, vulns = scan(img, "--sort-by", "kev")
    check(rep["Metadata"]["OS"]["Family"] == "debian", rep["Metadata"]["OS"])
    v = find(vulns, "CVE-2021-3156", "sudo")
    check(v["FixedVersion"] == "1.8.27-1+deb10u3" and v["Status"] == "fixed", v)
    check(v["KEV"]["DateAdded"] == "2022-04-06", v.get("KEV"))
    check(vulns[0].get("KEV"), "--sort-by kev puts KEV findings first")
    # the fixed version itself is not vulnerable; openssl CVEs reach libssl1.1 by source
    check(not [x for x in vulns if x["PkgName"] == "sudo-ldap" and
               x["VulnerabilityID"] == "CVE-2021-3156"], "sudo-ldap at the fixed version")
    check(any(x["PkgName"] == "libssl1.1" and x["VulnerabilityID"] == "CVE-2019-1551"
              for x in vulns), "openssl advisories must reach libssl1.1 (Source: openssl)")


def test_ubuntu_focal():
    img = dpkg_image("ubuntu.tar", [("etc/lsb-release",
                                     "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\n"
                                     "DISTRIB_CODENAME=focal\n")],
                     [stanza("sudo", "1.8.31-1ubuntu1")])
    rep, vulns = scan(img)
    check(rep["Metadata"]["OS"] == {"Family": "ubuntu", "Name": "20.04"}, rep["Metadata"]["OS"])
    v = find(vulns, "CVE-2021-3156", "sudo")
    check(v["FixedVersion"] == "1.8.31-1ubuntu1.2" and v["DataSource"]["ID"] == "ubuntu", v)
    # a version after the fix is clean
    img2 = dpkg_image("ubuntu2.tar", [("etc/lsb-release",
                                       "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\n")],
                      [stanza("sudo", "1.8.31-1ubuntu1.2")])
    _, vulns2 = scan(img2)
    check(not [x for x in vulns2 if x["VulnerabilityID"] == "CVE-2021-3156"], "fixed sudo")


rc, _, err = run("db", "import", shared("feeds/debian"), shared("feeds/ubuntu/uct"),
                 shared("feeds/kev"), "--cache-dir", CACHE)
check(rc == 0, f"db import: {err}")
main([test_debian_buster, test_ubuntu_focal])
