#!/usr/bin/env python3
"""Hostile clients against `vanthu serve` (issue 13): does a normal client still get answers?

    python3 bench/load/slowloris.py build/vanthu                    # 500 connections, 60 s
    python3 bench/load/slowloris.py build/vanthu --connections 150 --seconds 15

From 127.0.0.2 the attack keeps `--connections` connections open for `--seconds`, a third of
each kind, each reconnecting as soon as the worker closes it (a second after a 429 or 503):
  head       a request head a line at a time, a line every 10 s (slowloris);
  body       a whole head declaring 1 MB, then the body a byte every 10 s;
  keepalive  GET /v1/jobs, then the same again every 3 s on the same connection.
From 127.0.0.1 a normal client measures GET /livez and POST /v1/render of samples/meeting-minimal.xml
(a new connection each), first for `--quiet` seconds with no attack, then during it. Prints
p50/p99/max of both, ratios attacked/quiet, the client's statuses and what the attackers got.
Exit 1 when, during the attack, /livez p99 is 100 ms or more, /v1/render p99 500 ms or more,
or the client gets a 5xx or no answer.
"""
import argparse
import asyncio
import os
import socket
import sys
import tempfile
import threading
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worker_process import worker_process  # noqa: E402

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ATTACKER = "127.0.0.2"


def status_of(answer):
    """The status of a raw HTTP/1.1 answer, 0 when there is none."""
    if answer.startswith(b"HTTP/1.1 ") and len(answer) >= 12:
        return int(answer[9:12])
    return 0


def one_request(port, request, timeout):
    """(status, seconds) of one request on a new connection from 127.0.0.1; status 0: no answer."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(request)
            answer = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
    except OSError:
        return 0, time.monotonic() - start
    return status_of(answer), time.monotonic() - start


def measure(port, record, seconds, out):
    """Alternates /livez and /v1/render for seconds; appends (kind, status, seconds) to out."""
    livez = b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    render = (b"POST /v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\nContent-Length: "
              + str(len(record)).encode() + b"\r\n\r\n" + record)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        out.append(("livez",) + one_request(port, livez, 10))
        out.append(("render",) + one_request(port, render, 10))
        time.sleep(0.05)


async def attacker(kind, port, until, got):
    """One hostile connection of a kind, reopened whenever the worker ends it, until the time."""
    while time.monotonic() < until:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(ATTACKER, 0))
        except OSError:
            got["connect failed"] += 1
            await asyncio.sleep(1)
            continue
        try:
            if kind == "head":
                writer.write(b"POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                step, line = 10, b"X-Slow: 1\r\n"
            elif kind == "body":
                writer.write(b"POST /v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n")
                step, line = 10, b" "
            else:
                step, line = 3, b"GET /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                writer.write(line)
            await writer.drain()
            while time.monotonic() < until:
                try:
                    answer = await asyncio.wait_for(reader.read(65536), timeout=step)
                except asyncio.TimeoutError:
                    writer.write(line)
                    await writer.drain()
                    continue
                if not answer:
                    got["closed without an answer"] += 1
                    break
                status = status_of(answer)
                got[status or "bytes without a status"] += 1
                if status in (429, 503):
                    await asyncio.sleep(1)  # turned away: back in a second, as an attack tool would
                if kind != "keepalive":
                    break
                await asyncio.sleep(step)
                writer.write(line)
                await writer.drain()
        except (ConnectionError, OSError):
            got["reset"] += 1
        finally:
            writer.close()


async def attack(port, connections, seconds, got):
    until = time.monotonic() + seconds
    kinds = ["head", "body", "keepalive"]
    await asyncio.gather(*(attacker(kinds[i % 3], port, until, got[kinds[i % 3]]) for i in range(connections)))


def figures(samples, kind):
    times = sorted(t for k, _, t in samples if k == kind)
    if not times:
        return 0.0, 0.0, 0.0
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000  # noqa: E731
    return pick(0.5), pick(0.99), times[-1] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("program")
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--quiet", type=float, default=10, help="seconds measured before the attack")
    args = parser.parse_args()
    with open(os.path.join(SOURCE, "samples", "meeting-minimal.xml"), "rb") as f:
        record = f.read()
    with tempfile.TemporaryDirectory(prefix="vanthu-slowloris-") as folder:
        worker = worker_process(os.path.abspath(args.program), folder, [])
        try:
            quiet = []
            measure(worker.port, record, args.quiet, quiet)
            got = {k: Counter() for k in ("head", "body", "keepalive")}
            attacked = []
            thread = threading.Thread(target=lambda: asyncio.run(attack(worker.port, args.connections, args.seconds, got)))
            thread.start()
            time.sleep(min(5.0, args.seconds / 4))  # the attack in place before measuring
            measure(worker.port, record, args.seconds - min(5.0, args.seconds / 4) - 2, attacked)
            thread.join()
            peak = worker.status_kb("VmHWM")
            alive = worker.alive()
        finally:
            worker.stop()
    print("%d connections from %s for %.0f s (a third each: slow heads, slow bodies, keep-alive GETs every 3 s)"
          % (args.connections, ATTACKER, args.seconds))
    print("%-8s %8s %8s %8s %8s %8s %8s %7s" % ("", "quiet p50", "p99", "max", "attack p50", "p99", "max", "p99 x"))
    failures = []
    for kind, limit in (("livez", 100), ("render", 500)):
        q, a = figures(quiet, kind), figures(attacked, kind)
        print("%-8s %8.1f %8.1f %8.1f %10.1f %8.1f %8.1f %7.2f"
              % (kind, q[0], q[1], q[2], a[0], a[1], a[2], a[1] / q[1] if q[1] else 0))
        if a[1] >= limit:
            failures.append("%s p99 %.1f ms during the attack (limit %d ms)" % (kind, a[1], limit))
    statuses = Counter((k, s) for k, s, _ in attacked)
    print("client during the attack:", ", ".join("%s %s: %d" % (k, s or "no answer", n) for (k, s), n in sorted(statuses.items())))
    for kind, counts in got.items():
        print("attackers (%s):" % kind, ", ".join("%s: %d" % (s, n) for s, n in sorted(counts.items(), key=str)) or "no answer at all")
    print("worker peak RSS: %.1f MB, alive after: %s" % ((peak or 0) / 1024, alive))
    bad = [(k, s) for (k, s) in statuses if s == 0 or s >= 500]
    if bad:
        failures.append("the client got %s" % ", ".join("%s %s" % (k, s or "no answer") for k, s in bad))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
