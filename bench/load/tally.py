"""Owns the counting of a load run: latencies and statuses per request kind, failures, percentiles."""
import collections
import threading

# Request kinds, in the order the report prints them.
KINDS = [
    "render",       # POST /v1/render of a good record: 200 and a PDF
    "bad_render",   # POST /v1/render of a bad record: 4xx
    "job_submit",   # POST /v1/jobs of a good batch: 202
    "bad_job",      # POST /v1/jobs of a bad record: 4xx
    "job_poll",     # GET /v1/jobs/{id} until done: 200
    "job_result",   # GET /v1/jobs/{id}/result: 200 and a PDF or ZIP
]

# Failures listed in full in the report; the rest are only counted.
FAILURES_SHOWN = 20


def percentile(sorted_values, p):
    """The p-th percentile (nearest rank) of sorted values, or 0 for none."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * p // 100))
    return sorted_values[int(rank) - 1]


class tally:
    """Counts shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.statuses = collections.defaultdict(collections.Counter)
        self.throttled = collections.Counter()
        self.failures = []
        self.failure_count = 0
        self.turnarounds = []
        self.reconnects = 0

    def record(self, kind, status, seconds):
        """One answered request (429s go to note_throttled, not here)."""
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1

    def note_throttled(self, kind):
        """One 429 answered to a request that is then sent again."""
        with self.lock:
            self.throttled[kind] += 1

    def note_reconnect(self):
        """One request sent again on a fresh connection after the kept-alive one was closed."""
        with self.lock:
            self.reconnects += 1

    def note_turnaround(self, seconds):
        """Time from a job's 202 to the poll that saw it done."""
        with self.lock:
            self.turnarounds.append(seconds)

    def fail(self, text):
        """One broken expectation: a 5xx, a bad record not refused, a good one not served, a lost job."""
        with self.lock:
            self.failure_count += 1
            if len(self.failures) < FAILURES_SHOWN:
                self.failures.append(text)

    def requests(self):
        """HTTP requests answered (429s included)."""
        with self.lock:
            return sum(len(v) for v in self.latencies.values()) + sum(self.throttled.values())

    def status_classes(self):
        """Counter of '2xx', '4xx', '5xx' ... over every kind, 429s included."""
        out = collections.Counter()
        with self.lock:
            for counts in self.statuses.values():
                for status, n in counts.items():
                    out["%dxx" % (status // 100) if status else "no answer"] += n
            out["4xx"] += sum(self.throttled.values())
        return out

    def latency_rows(self):
        """(kind, count, p50, p90, p99, max) in milliseconds for each kind that was sent."""
        rows = []
        with self.lock:
            for kind in KINDS:
                v = sorted(self.latencies.get(kind, []))
                if v:
                    rows.append((kind, len(v)) + tuple(1000 * percentile(v, p) for p in (50, 90, 99, 100)))
            t = sorted(self.turnarounds)
        if t:
            rows.append(("job_turnaround", len(t)) + tuple(1000 * percentile(t, p) for p in (50, 90, 99, 100)))
        return rows

    def status_rows(self):
        """(kind, 'status:count ...', 429 count) for each kind that was sent."""
        rows = []
        with self.lock:
            for kind in KINDS:
                counts = self.statuses.get(kind)
                if counts or self.throttled[kind]:
                    text = " ".join("%s:%d" % (s or "none", n) for s, n in sorted(counts.items()))
                    rows.append((kind, text, self.throttled[kind]))
        return rows
