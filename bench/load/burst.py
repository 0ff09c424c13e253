#!/usr/bin/env python3
"""A burst of concurrent renders against `vanthu serve` (issue 13): every one answered?

    python3 bench/load/burst.py build/vanthu                       # 200 at once, the 507-recipient sample
    python3 bench/load/burst.py build/vanthu --requests 100 --addresses 1

`--requests` clients send POST /v1/render of samples/certification-2022-11-15-fire-safe-groups.xml
at the same moment, spread over `--addresses` loopback source addresses (127.0.0.1, .2, ...),
to a worker with its default threads and queue. Prints how many got each status and the wall
time; exit 1 when any got no HTTP answer or a 5xx other than 503, or a 503/429 without Retry-After.
"""
import argparse
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


def one(port, source, request, start, out):
    start.wait()
    began = time.monotonic()
    answer = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=120, source_address=(source, 0)) as s:
            s.sendall(request)
            while True:
                chunk = s.recv(1 << 16)
                if not chunk:
                    break
                answer += chunk
    except OSError as e:
        out.append(("no answer (%s)" % e.__class__.__name__, False, time.monotonic() - began))
        return
    status = int(answer[9:12]) if answer.startswith(b"HTTP/1.1 ") else 0
    head = answer.split(b"\r\n\r\n", 1)[0]
    out.append((status or "no answer", b"\r\nRetry-After: " in head, time.monotonic() - began))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("program")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--addresses", type=int, default=4)
    args = parser.parse_args()
    with open(os.path.join(SOURCE, "samples", "certification-2022-11-15-fire-safe-groups.xml"), "rb") as f:
        record = f.read()
    request = (b"POST /v1/render HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\nContent-Length: "
               + str(len(record)).encode() + b"\r\n\r\n" + record)
    with tempfile.TemporaryDirectory(prefix="vanthu-burst-") as folder:
        worker = worker_process(os.path.abspath(args.program), folder, [])
        try:
            out, start = [], threading.Event()
            clients = [threading.Thread(target=one, args=(worker.port, "127.0.0.%d" % (1 + i % args.addresses),
                                                           request, start, out)) for i in range(args.requests)]
            for c in clients:
                c.start()
            began = time.monotonic()
            start.set()
            for c in clients:
                c.join()
            wall = time.monotonic() - began
        finally:
            worker.stop()
    counts = Counter(s for s, _, _ in out)
    print("%d concurrent POST /v1/render (507 recipients) from %d addresses, default threads and queue: %.1f s"
          % (args.requests, args.addresses, wall))
    for status, n in sorted(counts.items(), key=str):
        times = sorted(t for s, _, t in out if s == status)
        print("  %s: %d (p50 %.0f ms, max %.0f ms)" % (status, n, times[len(times) // 2] * 1000, times[-1] * 1000))
    bad = [s for s in counts if not isinstance(s, int) or (s >= 500 and s != 503)]
    unnamed = sum(1 for s, retry, _ in out if s in (429, 503) and not retry)
    if bad:
        print("FAIL: answers", bad)
    if unnamed:
        print("FAIL: %d refusals without Retry-After" % unnamed)
    return 1 if bad or unnamed else 0


if __name__ == "__main__":
    sys.exit(main())
