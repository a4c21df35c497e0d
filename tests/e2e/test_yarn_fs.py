"""`kensa fs` on Trivy's yarn analyzer fixture trees: the yarn.lock target carries the
package.json step (root and workspace packages, direct/indirect, DependsOn, development
dependencies kept only with --include-dev-deps) as Trivy's yarn analyzer test expects it
(pkg/fanal/analyzer/language/nodejs/yarn/yarn_test.go)."""

from kensa_e2e import check, main, scan_json, shared

TA = "fixtures/lockfiles/trivy/analyzer/nodejs/yarn/"


def packages(tree, *flags):
    rep = scan_json("fs", shared(TA + tree), "--list-all-pkgs", "-q", *flags)
    res = [r for r in rep.get("Results", []) if r.get("Type") == "yarn"]
    check(len(res) == 1, f"{tree}: {len(res)} yarn targets")
    return {p["ID"]: p for p in res[0].get("Packages", [])}


def fields(p):
    return (p.get("Relationship"), bool(p.get("Dev")), p.get("DependsOn", []))


def test_happy():
    want = {
        "90@1.0.0": ("root", False, ["js-tokens@2.0.0", "prop-types@15.7.2",
                                     "scheduler@0.13.6"]),
        "js-tokens@2.0.0": ("direct", False, []),
        "prop-types@15.7.2": ("direct", True, ["loose-envify@1.4.0", "object-assign@4.1.1",
                                               "react-is@16.13.1"]),
        "scheduler@0.13.6": ("direct", False, ["loose-envify@1.4.0", "object-assign@4.1.1"]),
        "js-tokens@4.0.0": ("indirect", False, []),
        "loose-envify@1.4.0": ("indirect", False, ["js-tokens@4.0.0"]),
        "object-assign@4.1.1": ("indirect", False, []),
        "react-is@16.13.1": ("indirect", True, []),
    }
    got = packages("happy", "--include-dev-deps")
    check({k: fields(v) for k, v in got.items()} == want, f"happy: {got}")
    check(got["90@1.0.0"].get("Licenses") == ["MIT"], "happy: root licence")
    # without --include-dev-deps the development dependencies are dropped
    got = packages("happy")
    check(set(got) == set(want) - {"prop-types@15.7.2", "react-is@16.13.1"},
          f"happy without dev: {sorted(got)}")


def test_monorepo():
    got = packages("monorepo", "--include-dev-deps")
    check(fields(got["yarn-workspace-test@1.0.0"]) ==
          ("root", False, ["c@0.0.0", "package1@0.0.0", "packages/package2/package.json",
                           "prettier@2.8.8", "util1@0.0.0"]), "monorepo: root")
    check(fields(got["packages/package2/package.json"]) ==
          ("workspace", False, ["is-odd@3.0.1"]), "monorepo: nameless workspace")
    check(fields(got["util1@0.0.0"]) ==
          ("workspace", False, ["js-tokens@8.0.1", "prop-types@15.8.1"]), "monorepo: util1")
    check(fields(got["object-assign@4.1.1"]) == ("indirect", True, []),
          "monorepo: object-assign")
    check(fields(got["loose-envify@1.4.0"]) == ("indirect", False, ["js-tokens@4.0.0"]),
          "monorepo: loose-envify")
    check(len(got) == 16, f"monorepo: {len(got)} packages")


def test_alias():
    got = packages("alias", "--include-dev-deps")
    p = got["foo-json@0.8.33"]
    check((p["Name"], p["Version"], fields(p)) ==
          ("@types/jsonstream", "0.8.33", ("direct", True, ["@types/node@20.10.5"])),
          f"alias: {p}")
    check(got["foo-ms@2.1.3"]["Name"] == "ms", "alias: foo-ms renamed")


if __name__ == "__main__":
    main([test_happy, test_monorepo, test_alias])
