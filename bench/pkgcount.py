"""pkgcount.py KENSA.json TRIVY.json - compares the packages two Trivy-format JSON reports
list (kensa's and Trivy's of the same image). Prints a Markdown table with, per result
Type, how many packages each lists, how many both list (same name, version and file
path), and the secrets each found; then, per type, up to 6 of the packages only one of
them lists, and the fields whose values differ in packages both list (how many packages,
with one example).

pkgcount.py --same A.json B.json - exits 1 with a message unless both reports list the
same packages (type, name, version, file path) and the same number of secrets."""
import collections
import json
import sys

KEY = ("Name", "Version", "FilePath")


def load(path):
    """{type: {key: [package, ...]}}, secrets count."""
    with open(path) as f:
        rep = json.load(f)
    pkgs, secrets = collections.defaultdict(lambda: collections.defaultdict(list)), 0
    for r in rep.get("Results") or []:
        for p in r.get("Packages") or []:
            pkgs[r.get("Type", "?")][tuple(p.get(k, "") for k in KEY)].append(p)
        secrets += len(r.get("Secrets") or [])
    return pkgs, secrets


def counts(pkgs):
    return {t: collections.Counter({k: len(v) for k, v in d.items()}) for t, d in pkgs.items()}


def same(a, b):
    (pa, sa), (pb, sb) = load(a), load(b)
    if counts(pa) != counts(pb) or sa != sb:
        sys.exit(f"{a} and {b} list different packages or secrets")


def field_diffs(kd, td):
    """{field: (packages that differ, example)} over the packages both list."""
    out = {}
    for key in kd.keys() & td.keys():
        a, b = kd[key][0], td[key][0]
        for f in sorted(set(a) | set(b)):
            if a.get(f) != b.get(f):
                n, ex = out.get(f, (0, None))
                out[f] = (n + 1, ex or f"{key[0]}: {json.dumps(a.get(f))} vs {json.dumps(b.get(f))}")
    return out


def main():
    if sys.argv[1] == "--same":
        return same(sys.argv[2], sys.argv[3])
    (k, ksec), (t, tsec) = load(sys.argv[1]), load(sys.argv[2])
    kc, tc = counts(k), counts(t)
    empty = collections.Counter()
    print("| type | kensa | Trivy | in both | only kensa | only Trivy |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    notes = []
    for ty in sorted(set(k) | set(t)):
        a, b = kc.get(ty, empty), tc.get(ty, empty)
        both, ko, to = a & b, a - b, b - a
        print(f"| {ty} | {sum(a.values())} | {sum(b.values())} | {sum(both.values())} "
              f"| {sum(ko.values())} | {sum(to.values())} |")
        for who, only in (("kensa", ko), ("Trivy", to)):
            if only:
                some = ", ".join(f"{n} {v}" for n, v, _ in sorted(only)[:6])
                notes.append(f"- {ty}, only {who}: {some}{' ...' if len(only) > 6 else ''}")
        for f, (n, ex) in sorted(field_diffs(k.get(ty, {}), t.get(ty, {})).items()):
            notes.append(f"- {ty}, {f} differs in {n} packages (kensa vs Trivy), e.g. "
                         f"{ex[:160]}")
    print(f"| secrets | {ksec} | {tsec} | | | |")
    print()
    print("\n".join(notes))


main()
