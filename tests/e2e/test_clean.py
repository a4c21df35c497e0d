"""`kensa clean` on a real cache directory: a vulnerability database built by `kensa db
import` from a real Alpine feed, feed downloads, a scan cache (a SQLite file in WAL mode
held open, with its -wal and -shm files), other programs' files under the same directory,
and symbolic links in the cache pointing outside it. Each flag removes exactly its part
and reports the bytes it freed; everything else survives, links are removed and never
followed; the database is left alone while a `db update` holds its lock; no flag is a
usage error, as Trivy's `clean` has it."""

import fcntl
import os
import shutil
import sqlite3
import tempfile

from kensa_e2e import check, main, run, shared

TMP = tempfile.mkdtemp(prefix="kensa-clean-")
FEED = "feeds/alpine/v3.10/main.json"


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def tree_bytes(path):
    """Bytes of the regular files under path, links not followed (what clean frees)."""
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            p = os.path.join(root, name)
            if not os.path.islink(p) and os.path.isfile(p):
                total += os.lstat(p).st_size
    return total


class Cache:
    """A cache directory with every part, its neighbours and the outside world."""

    def __init__(self, name):
        self.dir = os.path.join(TMP, name, "cache")
        self.outside = os.path.join(TMP, name, "outside")
        rc, _, err = run("db", "import", shared(FEED), "--cache-dir", self.dir)
        check(rc == 0, f"db import: {err}")
        with open(shared(FEED), "rb") as f:
            write(os.path.join(self.dir, "feeds", FEED[len("feeds/"):]), f.read())
        scan = os.path.join(self.dir, "scan")
        os.makedirs(scan)
        # a live scan's cache: WAL mode, the connection open so -wal and -shm exist
        self.db = sqlite3.connect(os.path.join(scan, "layers.db"))
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("CREATE TABLE layers(diffid TEXT, data BLOB)")
        self.db.execute("INSERT INTO layers VALUES ('sha256:00', zeroblob(100000))")
        self.db.commit()
        check(os.path.exists(os.path.join(scan, "layers.db-wal")), "no -wal file")
        # other programs' files under the cache directory
        self.others = [os.path.join(self.dir, p) for p in
                       ("fanal/fanal.db", "java-db/trivy-java.db", "notes.txt")]
        for p in self.others:
            write(p, b"not kensa's\n")
        # the outside world, linked from inside the scan cache and the feeds
        write(os.path.join(self.outside, "keep.txt"), b"precious\n")
        write(self.outside + ".txt", b"precious too\n")
        os.symlink(self.outside, os.path.join(scan, "to-dir"))
        os.symlink(self.outside + ".txt", os.path.join(scan, "to-file"))
        os.symlink(self.outside, os.path.join(self.dir, "feeds", "to-dir"))
        self.scan_bytes = tree_bytes(scan)
        self.db_bytes = tree_bytes(os.path.join(self.dir, "db")) + \
            tree_bytes(os.path.join(self.dir, "feeds"))

    def part(self, name):
        return os.path.join(self.dir, name)

    def close(self):
        self.db.close()

    def check_rest(self):
        """Other programs' files and the outside world are untouched."""
        for p in self.others:
            check(open(p, "rb").read() == b"not kensa's\n", f"{p} was touched")
        check(open(os.path.join(self.outside, "keep.txt")).read() == "precious\n",
              "a link to a directory was followed")
        check(open(self.outside + ".txt").read() == "precious too\n",
              "a link to a file was followed")


def clean(*args, env=None):
    return run("clean", *args, env=env)


def test_usage():
    rc, out, err = clean()
    check(rc == 64 and "--scan-cache, --vuln-db or --all" in err, f"{rc} {err}")
    rc, _, err = clean("--scan-cache", "extra")
    check(rc == 64 and "no arguments" in err, f"{rc} {err}")
    rc, out, _ = clean("--help")
    check(rc == 0 and "--vuln-db" in out and "--cache-dir" in out, out)
    rc, out, _ = run("help")
    check(rc == 0 and "  clean " in out, "clean is not listed by 'kensa help'")


def test_scan_cache():
    c = Cache("scan")
    rc, out, err = clean("--scan-cache", "--cache-dir", c.dir)
    c.close()
    check(rc == 0, f"exit {rc}: {err}")
    check(out == f"removed the scan cache: {c.scan_bytes} bytes ({c.dir}/scan)\n", out)
    check(c.scan_bytes > 100000, f"scan cache of {c.scan_bytes} bytes")
    check(not os.path.lexists(c.part("scan")), "the scan cache is still there")
    check(os.path.exists(c.part("db/kensa.db")), "the database went too")
    check(os.path.exists(c.part("feeds/alpine/v3.10/main.json")), "the feeds went too")
    c.check_rest()
    rc, out, err = run("db", "status", "--cache-dir", c.dir)
    check(rc == 0, f"db status after clean --scan-cache: {err}")


def test_vuln_db():
    c = Cache("db")
    rc, out, err = clean("--vuln-db", "--cache-dir", c.dir)
    c.close()
    check(rc == 0, f"exit {rc}: {err}")
    check(out == f"removed the vulnerability database: {c.db_bytes} bytes "
                 f"({c.dir}/db, {c.dir}/feeds)\n", out)
    check(c.db_bytes > 800000, f"database of {c.db_bytes} bytes")
    check(not os.path.lexists(c.part("db")) and not os.path.lexists(c.part("feeds")),
          "the database or the feeds are still there")
    check(os.path.exists(c.part("scan/layers.db")), "the scan cache went too")
    c.check_rest()
    rc, _, err = run("db", "status", "--cache-dir", c.dir)
    check(rc != 0, "db status found a database after clean --vuln-db")


def test_all():
    for flag in ("--all", "-a"):
        c = Cache("all" + flag)
        rc, out, err = clean(flag, "--cache-dir", c.dir)
        c.close()
        check(rc == 0, f"{flag}: exit {rc}: {err}")
        check(f"scan cache: {c.scan_bytes} bytes" in out and
              f"vulnerability database: {c.db_bytes} bytes" in out, out)
        for p in ("scan", "db", "feeds"):
            check(not os.path.lexists(c.part(p)), f"{flag}: {p} is still there")
        check(os.path.isdir(c.dir), f"{flag}: the cache directory itself went")
        c.check_rest()


def test_cache_dir_from_environment():
    c = Cache("env")
    rc, out, err = clean("--scan-cache", "-q", env={"KENSA_CACHE_DIR": c.dir})
    c.close()
    check(rc == 0 and out == "", f"exit {rc}: {out} {err}")
    check(not os.path.lexists(c.part("scan")), "KENSA_CACHE_DIR ignored")
    # the default cache directory is $XDG_CACHE_HOME/kensa
    xdg = os.path.join(TMP, "xdg")
    write(os.path.join(xdg, "kensa", "scan", "layers.db"), b"x" * 1234)
    rc, out, err = clean("--scan-cache", env={"XDG_CACHE_HOME": xdg})
    check(rc == 0 and "1234 bytes" in out, f"exit {rc}: {out} {err}")
    check(not os.path.lexists(os.path.join(xdg, "kensa", "scan")), "XDG_CACHE_HOME ignored")


def test_nothing_there():
    empty = os.path.join(TMP, "empty")
    rc, out, err = clean("--all", "--cache-dir", empty)
    check(rc == 0, f"exit {rc}: {err}")
    check("scan cache: 0 bytes" in out and "database: 0 bytes" in out, out)
    check(not os.path.exists(empty), "clean created the cache directory")
    rc, _, err = clean("--all", "--cache-dir", "")
    check(rc == 64, f"an empty --cache-dir: exit {rc}: {err}")


def test_linked_parts():
    """A part that is itself a link to a directory elsewhere: the link goes, not what it
    points to."""
    c = Cache("links")
    elsewhere = os.path.join(TMP, "links", "elsewhere-db")
    shutil.move(c.part("db"), elsewhere)
    os.symlink(elsewhere, c.part("db"))
    rc, out, err = clean("--vuln-db", "--cache-dir", c.dir + "/")
    c.close()
    check(rc == 0, f"exit {rc}: {err}")
    check(not os.path.lexists(c.part("db")), "the link to the database is still there")
    check(os.path.getsize(os.path.join(elsewhere, "kensa.db")) > 800000,
          "the linked database was removed")
    c.check_rest()


def test_update_running():
    c = Cache("locked")
    with open(c.part("db/.update.lock"), "r+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rc, out, err = clean("--vuln-db", "--cache-dir", c.dir)
        check(rc == 74 and "'db update' is running" in err, f"exit {rc}: {err}")
        check(os.path.exists(c.part("db/kensa.db")), "the database went during an update")
        rc, out, err = clean("--all", "--cache-dir", c.dir)
        check(rc == 74, f"--all during an update: exit {rc}: {err}")
        check(f"{c.scan_bytes} bytes were removed before that" in err, err)
        check(not os.path.lexists(c.part("scan")), "--all left the scan cache")
        check(os.path.exists(c.part("db/kensa.db")), "the database went during an update")
    rc, out, err = clean("--vuln-db", "--cache-dir", c.dir)
    c.close()
    check(rc == 0 and not os.path.lexists(c.part("db")), f"after the update: {rc} {err}")
    c.check_rest()


if __name__ == "__main__":
    try:
        main([test_usage, test_scan_cache, test_vuln_db, test_all,
              test_cache_dir_from_environment, test_nothing_there, test_linked_parts,
              test_update_running])
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
