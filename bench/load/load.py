#!/usr/bin/env python3
"""Load and soak run of `vanthu serve` (issue 5): mixed requests at 2 then 8 clients, loopback only.

    python3 bench/load/load.py build-load/vanthu                 # 10,000 requests at 2, then at 8 clients
    python3 bench/load/load.py build-load/vanthu --clients 8 --requests 2000 --time-limit 300

Builds nothing: give it the `vanthu` program. Each concurrency level gets a fresh worker on a free
127.0.0.1 port in a temporary folder (SQLite store, spool inside it), removed afterwards unless
--keep. Exit 0 only when every level had no 5xx, every bad record a 4xx, every good request its 2xx
and its PDF, every job done, the worker alive and stopping cleanly, and its resident memory at the
end within --rss-growth of its level after the first 1,000 requests.
"""
import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.request

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from client import client  # noqa: E402
from records import bodies  # noqa: E402
from tally import tally  # noqa: E402
from worker_process import worker_process  # noqa: E402

# Shares of the plan: good renders, job batches, bad records (the rest).
RENDER_SHARE = 0.70
JOB_SHARE = 0.15


def make_plan(count, seed, b):
    """The run's requests in order: (index, what, sample name, body, split) with exact shares."""
    rng = random.Random(seed)
    renders = int(count * RENDER_SHARE)
    jobs = int(count * JOB_SHARE)
    whats = ["render"] * renders + ["job"] * jobs + ["bad"] * (count - renders - jobs)
    rng.shuffle(whats)
    plan = []
    for i, what in enumerate(whats):
        if what == "render":
            name, body = b.render[i % len(b.render)]
            plan.append((i, what, name, body, False))
        elif what == "job":
            name, body = b.jobs[i % len(b.jobs)]
            plan.append((i, what, name, body, i % 4 == 0))
        else:
            name, body = b.bad[i % len(b.bad)]
            plan.append((i, what, name, body, False))
    return plan


class run_state:
    """What the clients of one level share: the plan, the counts, the memory samples."""

    def __init__(self, plan, worker, tag, deadline, sample_every):
        self.plan = plan
        self.sample_every = sample_every
        self.worker = worker
        self.port = worker.port
        self.tag = tag
        self.deadline = deadline
        self.tally = tally()
        self.lock = threading.Lock()
        self.next_step = 0
        self.finished = 0
        self.samples = []  # (requests finished, seconds since start, VmRSS kB, worker CPU s)
        self.started = time.monotonic()
        self.out_of_time = False

    def take_step(self):
        """The next request of the plan, or None when all are taken or time is up."""
        with self.lock:
            if self.next_step >= len(self.plan):
                return None
            if time.monotonic() >= self.deadline:
                self.out_of_time = True
                return None
            self.next_step += 1
            return self.plan[self.next_step - 1]

    def finish_step(self):
        """Counts a finished request; reads the worker's memory every sample_every."""
        with self.lock:
            self.finished += 1
            if self.finished % self.sample_every == 0:
                self.take_sample(self.finished)

    def take_sample(self, label):
        """Appends (label, elapsed, VmRSS, CPU) of the worker now."""
        rss = self.worker.status_kb("VmRSS")
        cpu = self.worker.cpu_seconds() if rss is not None else 0.0
        self.samples.append((label, time.monotonic() - self.started, rss, cpu))
        print("  %s requests finished, %.0f s, VmRSS %.1f MB, worker CPU %.1f s"
              % (label, self.samples[-1][1], (rss or 0) / 1024, cpu), file=sys.stderr, flush=True)


def read_metric(port, name):
    """The value of one line of the worker's /metrics, or None."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=30) as r:
            text = r.read().decode()
    except OSError:
        return None
    m = re.search(r"^%s (\S+)$" % re.escape(name), text, re.M)
    return float(m.group(1)) if m else None


def run_level(args, b, clients, folder):
    """One concurrency level against a fresh worker; prints its report and returns True when it passed."""
    worker = worker_process(os.path.abspath(args.program), folder, args.define)
    tag = "c%d-%d" % (clients, int(time.time()))
    run = run_state(make_plan(args.requests, args.seed + clients, b), worker, tag,
                    time.monotonic() + args.time_limit, args.baseline)
    run.take_sample(0)
    threads = [threading.Thread(target=client(run, n).work) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - run.started
    run.take_sample("end")
    hwm = worker.status_kb("VmHWM")
    threads_now = worker.thread_count() if worker.alive() else 0
    server_5xx = read_metric(worker.port, 'vanthu_http_responses_total{code="5xx"}')
    alive = worker.alive()
    code = worker.stop()
    problems = worker.log_problems()
    return report_level(args, run, clients, wall, hwm, threads_now, server_5xx, alive, code, problems)


def report_level(args, run, clients, wall, hwm, threads_now, server_5xx, alive, code, problems):
    """Prints the figures of one level; True when every check passed."""
    t = run.tally
    print("\n== %d clients, %d of %d requests sent, %.1f s wall" % (clients, run.next_step, len(run.plan), wall))
    print("throughput: %.1f planned requests/s, %.1f HTTP requests/s (%d HTTP requests incl. polls)"
          % (run.next_step / wall, t.requests() / wall, t.requests()))
    print("%-15s %7s %9s %9s %9s %9s" % ("latency ms", "count", "p50", "p90", "p99", "max"))
    for kind, n, p50, p90, p99, top in t.latency_rows():
        print("%-15s %7d %9.1f %9.1f %9.1f %9.1f" % (kind, n, p50, p90, p99, top))
    print("statuses (429s retried after Retry-After, counted apart):")
    for kind, text, throttled in t.status_rows():
        print("  %-12s %s%s" % (kind, text, "  429:%d" % throttled if throttled else ""))
    classes = t.status_classes()
    print("  all          " + " ".join("%s:%d" % kv for kv in sorted(classes.items())) +
          "  reconnects:%d" % t.reconnects)
    first = next((s for s in run.samples if s[0] == args.baseline), None)
    end = run.samples[-1]
    print("worker memory (VmRSS MB at requests finished): " + ", ".join(
        "%s: %.1f" % (s[0], (s[2] or 0) / 1024) for s in run.samples) + "; peak VmHWM %.1f MB" % ((hwm or 0) / 1024))
    print("worker CPU: %.1f s (%.1f ms per planned request); threads at the end: %d"
          % (end[3], 1000 * end[3] / max(1, run.next_step), threads_now))
    ok = True
    if first and first[2] and end[2]:
        growth = (end[2] - first[2]) / first[2]
        print("RSS growth from %d requests to the end: %+.1f %% (limit %+.0f %%)"
              % (args.baseline, 100 * growth, 100 * args.rss_growth))
        if growth > args.rss_growth:
            ok = False
            print("FAIL: resident memory grew more than the limit")
    else:
        ok = False
        print("FAIL: no memory reading after %d requests and at the end" % args.baseline)
    print("worker: %s; exit on SIGTERM: %s; its 5xx count: %s; log warnings/errors: %d"
          % ("alive" if alive else "DEAD", code, "none" if server_5xx is None else "%d" % server_5xx, len(problems)))
    for line in problems[:10]:
        print("  log: " + line[:300])
    if run.out_of_time:
        ok = False
        print("FAIL: the time limit (%d s) stopped the run before the plan was sent" % args.time_limit)
    if not alive or code != 0 or server_5xx:
        ok = False
        print("FAIL: the worker died, did not stop cleanly or answered 5xx")
    if t.failure_count:
        ok = False
        print("FAIL: %d broken expectations; the first ones:" % t.failure_count)
        for f in t.failures:
            print("  " + f)
    print("PASS" if ok else "FAILED")
    return ok


def parse_args(argv):
    """The command line."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("program", help="the vanthu program to serve (e.g. build-load/vanthu)")
    ap.add_argument("--clients", default="2,8", help="concurrency levels, comma-separated (2,8)")
    ap.add_argument("--requests", type=int, default=10000, help="planned requests per level (10000)")
    ap.add_argument("--time-limit", type=int, default=1800, help="seconds per level before it stops (1800)")
    ap.add_argument("--rss-growth", type=float, default=0.10, help="largest RSS growth allowed (0.10)")
    ap.add_argument("--baseline", type=int, default=1000,
                    help="requests after which the worker's memory is the baseline; also the sampling step (1000)")
    ap.add_argument("--seed", type=int, default=5, help="seed of the request order (5)")
    ap.add_argument("--source", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."),
                    help="the source tree, for samples/ (this script's)")
    ap.add_argument("-D", "--define", action="append", default=[], metavar="KEY=VALUE",
                    help="a setting passed to vanthu serve, e.g. -D vanthu.workers=4")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders (log, store)")
    return ap.parse_args(argv)


def main(argv):
    """Runs every level; exit 0 when all passed, 1 when one failed."""
    args = parse_args(argv)
    levels = [int(c) for c in args.clients.split(",") if c]
    top = tempfile.mkdtemp(prefix="vanthu-load-")
    ok = True
    try:
        b = bodies(args.source, top)
        print("vanthu load: %s, %d requests per level (%.0f%% render, %.0f%% jobs, rest bad records from %d "
              "variants), levels %s, time limit %d s, folder %s"
              % (args.program, args.requests, 100 * RENDER_SHARE, 100 * JOB_SHARE, len(b.bad), levels,
                 args.time_limit, top))
        for clients in levels:
            folder = os.path.join(top, "c%d" % clients)
            os.makedirs(folder)
            ok = run_level(args, b, clients, folder) and ok
    finally:
        if not args.keep:
            shutil.rmtree(top, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
