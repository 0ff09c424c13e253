#!/usr/bin/env python3
"""Peak memory of `vanthu serve` rendering one big certification batch merged and split (issue 13).

    python3 bench/load/big_output.py build/vanthu                       # 10,000 recipients, SQLite
    python3 bench/load/big_output.py build/vanthu --pg postgresql://postgres@127.0.0.1:55433/postgres

For each store and each form (one PDF, then `?split=1`: a ZIP of one PDF per recipient) a fresh
worker takes the job, renders it and is asked for the result, which is read to the end and
counted; the worker's VmHWM (peak resident set) is read before it is stopped. PostgreSQL runs
in a database of its own, made and dropped by this script (`psql` on PATH). Exit 1 when the
split worker's peak is over twice the merged one's or a job does not end done.
"""
import argparse
import hashlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worker_process import worker_process  # noqa: E402

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def make_record(folder, count):
    """A certification of count recipients from samples/tools."""
    out = os.path.join(folder, "batch-%d.xml" % count)
    tool = os.path.join(SOURCE, "samples", "tools", "make_certifications.py")
    subprocess.run([sys.executable, tool, "--count", str(count), "-o", out], check=True, stdout=subprocess.DEVNULL)
    with open(out, "rb") as f:
        return f.read()


def run_one(program, record, store, split, folder):
    """(seconds to done, result bytes, sha256, peak kB, wall of the download) of one job on a fresh worker."""
    defines = ["vanthu.jobs.poll=50"] + (["vanthu.store=" + store] if store else [])
    worker = worker_process(program, folder, defines)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", worker.port, timeout=600)
        start = time.monotonic()
        # revise: the split job is the same record id as the merged one on a shared PostgreSQL store
        conn.request("POST", "/v1/jobs?split=1&revise=1" if split else "/v1/jobs", body=record)
        reply = conn.getresponse()
        reply.read()
        if reply.status != 202:
            raise RuntimeError("POST /v1/jobs answered %d" % reply.status)
        location = reply.getheader("Location")
        while True:
            conn.request("GET", location)
            job = json.loads(conn.getresponse().read())
            if job["state"] in ("done", "failed"):
                break
            time.sleep(0.1)
        done_s = time.monotonic() - start
        if job["state"] != "done":
            raise RuntimeError("the job failed: %s" % job["errors"])
        fetch = time.monotonic()
        conn.request("GET", location + "/result")
        reply = conn.getresponse()
        digest, size = hashlib.sha256(), 0
        while True:
            chunk = reply.read(1 << 20)
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
        fetch_s = time.monotonic() - fetch
        peak = worker.status_kb("VmHWM")
        if digest.hexdigest() != job.get("sha256"):
            raise RuntimeError("the result read back is not the one the job names")
        return done_s, size, peak, fetch_s
    finally:
        worker.stop()


def fresh_pg(url):
    """A new database beside url's, and its URL."""
    name = "vanthu_bench_big_%d" % os.getpid()
    subprocess.run(["psql", url, "-q", "-c", "DROP DATABASE IF EXISTS %s" % name, "-c", "CREATE DATABASE %s" % name],
                   check=True, stdout=subprocess.DEVNULL)
    parts = urllib.parse.urlsplit(url)
    return name, urllib.parse.urlunsplit(parts._replace(path="/" + name))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("program")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--pg", default="", help="a postgresql:// URL; a database of its own is made beside it")
    args = ap.parse_args()
    program = os.path.abspath(args.program)
    ok = True
    with tempfile.TemporaryDirectory(prefix="vanthu-big-") as folder:
        record = make_record(folder, args.count)
        stores = [("sqlite", "")]
        pg_name = None
        if args.pg:
            pg_name, pg_url = fresh_pg(args.pg)
            stores.append(("postgresql", pg_url))
        print("| store | form | done after | result | peak VmHWM | download |")
        print("|---|---|---|---|---|---|")
        try:
            for store_name, store in stores:
                peaks = {}
                for split in (False, True):
                    sub = os.path.join(folder, "%s-%s" % (store_name, "split" if split else "merged"))
                    os.mkdir(sub)
                    done_s, size, peak, fetch_s = run_one(program, record, store, split, sub)
                    peaks[split] = peak
                    print("| %s | %s | %.1f s | %.1f MB | %.1f MB | %.1f s |" % (
                        store_name, "split (ZIP)" if split else "merged (PDF)", done_s, size / 1e6, peak / 1024, fetch_s))
                    sys.stdout.flush()
                ratio = peaks[True] / peaks[False]
                print("| %s | split / merged peak | | | %.2fx | |" % (store_name, ratio))
                ok = ok and ratio <= 2.0
        finally:
            if pg_name:
                subprocess.run(["psql", args.pg, "-q", "-c", "DROP DATABASE IF EXISTS %s WITH (FORCE)" % pg_name],
                               stdout=subprocess.DEVNULL)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
