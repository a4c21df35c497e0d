"""Every report format kensa writes, checked by the real tools that consume or validate it:
Trivy's fixture DB (../shared/fixtures/trivy-fixture-db, as OSV) is imported, the Alpine
3.9 image is scanned with -f FORMAT -o FILE, and each report is validated exactly as
../shared/fixtures/schemas/README.md says:

- sarif: the OASIS SARIF 2.1.0 schema (draft-04, via ajv-draft-04) and sarif-sdk's copy
  (ajv-cli, draft 2020-12);
- cyclonedx: bom-1.6.schema.json with its spdx/jsf/cryptography references (ajv-cli);
- spdx-json: spdx-schema-2.3.json (ajv-cli); gitlab: container-scanning 15.0.7 (ajv-cli);
- junit: xmllint against the strict Ant schema (JUnit.xsd) and Jenkins' junit-10.xsd;
- html: opened in headless Chromium (--dump-dom): the scripts ran, the findings table
  shows every finding with its severity, the URL fragment filter hides what it should;
  the file loads nothing from outside (no src attributes, stylesheets, CSS URLs, links
  other than <a href> to http(s) pages);
- markdown: the summary and one table row per finding.

Each format must name the same (vulnerability, package) pairs as the JSON report. The
same checks run on a target without findings (--severity LOW) and on a result without
targets (the OS release files skipped), and `kensa convert` of the saved JSON report must
give the same bytes as the scan. ajv comes from npm into build/tools
(scripts/install-deps --test); the test installs nothing and skips (77) without the tools."""

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from kensa_e2e import SKIP, check, fixture_db, main, need_binary, run, shared

SRC = os.environ.get("KENSA_SRC", os.getcwd())
TOOLS = os.path.join(SRC, "build", "tools", "node_modules")
AJV = os.path.join(TOOLS, ".bin", "ajv")
CHROMIUM = "/usr/bin/chromium"
TMP = tempfile.mkdtemp(prefix="kensa-schemas-")
CACHE = os.path.join(TMP, "cache")
IMG = "fixtures/images/docker-save/trivy-alpine-3.9.tar.gz"
SCHEMAS = "fixtures/schemas/"
FORMATS = ["sarif", "cyclonedx", "spdx-json", "junit", "gitlab", "markdown", "html"]
EXT = {"sarif": "sarif.json", "cyclonedx": "cdx.json", "spdx-json": "spdx.json",
       "junit": "xml", "gitlab": "gitlab.json", "markdown": "md", "html": "html"}

# The draft-04 SARIF check from the schemas README (ajv-cli cannot do draft-04).
SARIF_DRAFT04 = r'''
const fs=require("fs"),Ajv=require("ajv-draft-04"),addFormats=require("ajv-formats");
const ajv=new Ajv({strict:false,allErrors:true});addFormats(ajv);
const v=ajv.compile(JSON.parse(fs.readFileSync(process.argv[1],"utf8")));let bad=0;
for(const f of process.argv.slice(2)){const ok=v(JSON.parse(fs.readFileSync(f,"utf8")));
console.log(f,ok?"valid":"invalid");if(!ok){bad=1;console.log(ajv.errorsText(v.errors,{separator:"\n"}))}}
process.exit(bad)'''


def need_tools():
    missing = [p for p in (AJV, os.path.join(TOOLS, "ajv-draft-04"),
                           os.path.join(TOOLS, "ajv-formats")) if not os.path.exists(p)]
    missing += [t for t in ("node", "xmllint") if shutil.which(t) is None]
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(CHROMIUM)
    if missing:
        print("skipped: validators absent (run scripts/install-deps --test): " +
              ", ".join(missing))
        sys.exit(SKIP)


def tool(*args, env=None):
    e = dict(os.environ, NODE_PATH=TOOLS)
    e.update(env or {})
    p = subprocess.run(list(args), capture_output=True, text=True, env=e, timeout=300)
    return p.returncode, p.stdout + p.stderr


def scan(fmt, out, *flags):
    rc, _, err = run("--cache-dir", CACHE, "image", "--skip-db-update", "--scanners", "vuln",
                     "-f", fmt, "-o", out, "--input", shared(IMG), *flags)
    check(rc == 0, f"-f {fmt} {' '.join(flags)}: exit {rc}: {err}")
    return open(out, encoding="utf-8").read()


def ajv(schema, doc, spec, refs=()):
    args = [AJV, "validate", f"--spec={spec}", "--strict=false", "-c", "ajv-formats"]
    for r in refs:
        args += ["-r", shared(SCHEMAS + r)]
    rc, out = tool(*args, "-s", shared(SCHEMAS + schema), "-d", doc, "--errors=text")
    check(rc == 0, f"{os.path.basename(doc)} invalid against {schema}: {out[-2000:]}")


def validate(fmt, path):
    if fmt == "sarif":
        rc, out = tool("node", "-e", SARIF_DRAFT04, shared(SCHEMAS + "sarif/sarif-schema-2.1.0.json"),
                       path)
        check(rc == 0, f"SARIF invalid against the OASIS schema: {out[-2000:]}")
        ajv("sarif/sarif-sdk-sarif-2.1.0.json", path, "draft2020")
    elif fmt == "cyclonedx":
        ajv("cyclonedx/bom-1.6.schema.json", path, "draft7",
            ["cyclonedx/spdx.schema.json", "cyclonedx/jsf-0.82.schema.json",
             "cyclonedx/cryptography-defs.schema.json"])
    elif fmt == "spdx-json":
        ajv("spdx/spdx-schema-2.3.json", path, "draft7")
    elif fmt == "gitlab":
        ajv("gitlab/container-scanning-report-format-15.0.7.json", path, "draft7")
    elif fmt == "junit":
        for xsd in ("JUnit.xsd", "jenkins-junit-10.xsd"):
            rc, out = tool("xmllint", "--noout", "--schema", shared(SCHEMAS + "junit/" + xsd),
                           path)
            check(rc == 0, f"JUnit invalid against {xsd}: {out[-2000:]}")


def pairs_json(report, fmt=None):
    """The (vulnerability ID, package) pairs of the JSON report; for junit the package is
    its test-case class name, "<name>-<installed version>"."""
    return sorted((v["VulnerabilityID"], f"{v['PkgName']}-{v['InstalledVersion']}"
                   if fmt == "junit" else v["PkgName"])
                  for r in report.get("Results", []) for v in r.get("Vulnerabilities", []))


def pairs(fmt, text):
    """The (vulnerability ID, package) pairs a report names."""
    if fmt == "sarif":
        run_ = json.loads(text)["runs"][0]
        return sorted((r["ruleId"], re.search(r"Package: (\S+)", r["message"]["text"]).group(1))
                      for r in run_["results"])
    if fmt == "cyclonedx":
        bom = json.loads(text)
        names = {c["bom-ref"]: c["name"] for c in bom.get("components", [])}
        return sorted((v["id"], names[a["ref"]]) for v in bom.get("vulnerabilities", [])
                      for a in v["affects"])
    if fmt == "gitlab":
        return sorted((v["identifiers"][0]["value"], v["location"]["dependency"]["package"]["name"])
                      for v in json.loads(text)["vulnerabilities"])
    if fmt == "junit":
        return sorted((m.group(2), m.group(1)) for m in
                      re.finditer(r'<testcase classname="([^"]+)" name="\[[A-Z]+\] ([^"]+)"', text))
    if fmt == "markdown":
        return sorted((m.group(2), m.group(1).replace("\\", "")) for m in
                      re.finditer(r"^\| (\S+) \| \[?([A-Z]+-[0-9-]+)", text, re.M)
                      if m.group(1) != "Target")
    if fmt == "html":
        return sorted((m.group(2), m.group(1)) for m in
                      re.finditer(r'<tr data-sev="\d" data-kev="[01]"[^>]*>\s*<td>([^<]*)</td>\s*'
                                  r'<td data-v="([^"]+)"', text))
    return None


def dump_dom(path, fragment=""):
    profile = tempfile.mkdtemp(dir=TMP)
    p = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--dump-dom",
                        "file://" + os.path.abspath(path) + fragment],
                       capture_output=True, text=True, timeout=120)
    check(p.returncode == 0 and "<html" in p.stdout,
          f"chromium exit {p.returncode}: {p.stderr[-1500:]}")
    return p.stdout


def check_html_static(text):
    """Nothing in the file makes a browser fetch anything."""
    check(re.search(r"\ssrc\s*=", text, re.I) is None, "an element has a src attribute")
    check(re.search(r"<\s*link\b", text, re.I) is None, "a <link> element")
    check(re.search(r"url\s*\(|@import", text, re.I) is None, "a CSS url() or @import")
    check(re.search(r"<\s*(iframe|object|embed|img|video|audio|base|form)\b", text, re.I) is None,
          "an element that loads or submits")
    for m in re.finditer(r"<(\w+)[^>]*\shref\s*=\s*\"([^\"]*)\"", text, re.I):
        check(m.group(1).lower() == "a", f"href on <{m.group(1)}>")
        check(re.match(r"https?://", m.group(2)) is not None, f"non-http link {m.group(2)!r}")
    check("default-src 'none'" in text, "no Content-Security-Policy")


def render_all(tag, *flags):
    """Scans once per format; returns {format: (path, text)} and the JSON report."""
    jpath = os.path.join(TMP, f"{tag}.json")
    report = json.loads(scan("json", jpath, *flags))
    out = {}
    for fmt in FORMATS:
        path = os.path.join(TMP, f"{tag}.{EXT[fmt]}")
        out[fmt] = (path, scan(fmt, path, *flags))
    return out, report


def test_findings():
    out, report = render_all("findings")
    want = pairs_json(report)
    check(len(want) == 6, want)
    for fmt in FORMATS:
        path, text = out[fmt]
        validate(fmt, path)
        if fmt == "spdx-json":
            continue  # an inventory: checked below
        got, want = pairs(fmt, text), pairs_json(report, fmt)
        check(got == want, f"{fmt} names {got}, the JSON report {want}")
    # what GitHub ranks and deduplicates by
    sarif = json.loads(out["sarif"][1])["runs"][0]
    rules = {r["id"]: r for r in sarif["tool"]["driver"]["rules"]}
    check(rules["CVE-2019-14697"]["properties"]["security-severity"] == "9.8",
          rules["CVE-2019-14697"]["properties"])
    check("security" in rules["CVE-2019-1549"]["properties"]["tags"], "no security tag")
    fps = [r["partialFingerprints"]["kensa/v1"] for r in sarif["results"]]
    check(len(set(fps)) == 6 and all(re.fullmatch(r"[0-9a-f]{64}", f) for f in fps), fps)
    # reproducible: the same scan gives the same bytes, fingerprints and serial number
    for fmt in ("sarif", "cyclonedx", "spdx-json", "gitlab", "junit", "html"):
        again = scan(fmt, os.path.join(TMP, "again." + EXT[fmt]))
        check(again == out[fmt][1], f"{fmt} differs between two runs")
    # the SBOMs list all 14 packages (plus the OS, and the image for SPDX) with their purls
    bom = json.loads(out["cyclonedx"][1])
    check(len(bom["components"]) == 1 + 14, f"{len(bom['components'])} components")
    spdx = json.loads(out["spdx-json"][1])
    purls = sorted(r["referenceLocator"] for p in spdx["packages"]
                   for r in p.get("externalRefs", []))
    check(len(spdx["packages"]) == 2 + 14 and
          purls == sorted(c["purl"] for c in bom["components"] if "purl" in c), purls)
    gl = json.loads(out["gitlab"][1])
    check(len({v["id"] for v in gl["vulnerabilities"]}) == 6, "GitLab ids not unique")


def test_html_in_chromium():
    path = os.path.join(TMP, "chromium.html")
    text = scan("html", path)
    check_html_static(text)
    dom = dump_dom(path)
    check('data-ready="1"' in dom, "the report's script did not run")
    rows = re.findall(r'<tr data-sev="(\d)" data-kev="[01]"([^>]*)>\s*<td>([^<]*)</td>\s*'
                      r'<td data-v="([^"]+)"', dom)
    check(sorted((r[3], r[2]) for r in rows) == [
        ("CVE-2019-14697", "musl"), ("CVE-2019-14697", "musl-utils"),
        ("CVE-2019-1549", "libcrypto1.1"), ("CVE-2019-1549", "libssl1.1"),
        ("CVE-2019-1551", "libcrypto1.1"), ("CVE-2019-1551", "libssl1.1")], rows)
    check(all("hidden" not in r[1] for r in rows), "rows hidden without a filter")
    check(dom.count(">CRITICAL</span>") == 2 and dom.count(">MEDIUM</span>") == 4,
          "severity badges")
    check("Showing 6 of 6 findings" in dom, "no filter summary")
    # the filter and sort from the URL fragment, applied by the script in the browser
    dom = dump_dom(path, "#min=CRITICAL&sort=package&desc=1")
    rows = re.findall(r'<tr data-sev="(\d)" data-kev="[01]"([^>]*)>\s*<td>([^<]*)</td>', dom)
    check([r[2] for r in rows] == ["musl-utils", "musl", "libssl1.1", "libssl1.1",
                                   "libcrypto1.1", "libcrypto1.1"], rows)
    check([("hidden" in r[1]) for r in rows] == [False, False, True, True, True, True], rows)
    check("Showing 2 of 6 findings" in dom, "filter summary")


def test_no_findings_and_no_targets():
    for tag, flags, targets in (("clean", ["--severity", "LOW"], 1),
                                ("none", ["--skip-files", "/etc/alpine-release",
                                          "--skip-files", "/etc/os-release"], 0)):
        out, report = render_all(tag, *flags)
        check(len(report.get("Results", [])) == targets and pairs_json(report) == [],
              f"{tag}: {report.get('Results')}")
        for fmt in FORMATS:
            path, text = out[fmt]
            validate(fmt, path)
            check(pairs(fmt, text) in (None, []), f"{tag}: {fmt} names findings")
        check_html_static(out["html"][1])
        dom = dump_dom(out["html"][0])
        check(("No vulnerabilities found." if targets else "No packages were found") in dom,
              f"{tag}: html says nothing")
        gl = json.loads(out["gitlab"][1])
        if not targets:
            check(any("OS packages" in m["value"] for m in gl["scan"].get("messages", [])),
                  "the warning is not a GitLab scan message")


def test_convert_same_bytes():
    """`kensa convert` of the saved JSON report writes what the scan itself wrote."""
    src = os.path.join(TMP, "convert-src.json")
    scan("json", src, "--list-all-pkgs")
    for fmt in FORMATS:
        path = os.path.join(TMP, "converted." + EXT[fmt])
        rc, _, err = run("convert", src, "-f", fmt, "-o", path)
        check(rc == 0, f"convert -f {fmt}: {err}")
        direct = scan(fmt, os.path.join(TMP, "direct." + EXT[fmt]))
        check(open(path, encoding="utf-8").read() == direct,
              f"convert -f {fmt} differs from the scan's own report")


need_binary()
need_tools()
atexit.register(shutil.rmtree, TMP, True)
fixture_db(CACHE)
main([test_findings, test_html_in_chromium, test_no_findings_and_no_targets,
      test_convert_same_bytes])
