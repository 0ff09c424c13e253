"""Owns one load client: a kept-alive connection sending its share of the plan, polling its jobs to done."""
import http.client
import json
import time

from records import with_id

# Seconds a request may take before the client gives up on it.
REQUEST_TIMEOUT_S = 120
# First and longest wait between polls of one job.
POLL_FIRST_S = 0.2
POLL_MAX_S = 1.0


def retry_after_seconds(headers):
    """The Retry-After of a 429 in seconds (1 when missing or not a number)."""
    try:
        return max(0.0, float(headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


def snippet(data):
    """The start of a response body, printable."""
    return data[:300].decode("utf-8", "replace").replace("\n", " ")


class pending_job:
    """A job this client submitted and has not yet seen done."""

    def __init__(self, location, name, split, now):
        self.location = location
        self.name = name
        self.split = split
        self.submitted = now
        self.interval = POLL_FIRST_S
        self.next_poll = now + POLL_FIRST_S


class client:
    """One of the concurrent clients of a run."""

    def __init__(self, run, number):
        self.run = run
        self.number = number
        self.conn = None
        self.jobs = []

    def connect(self):
        """A fresh connection to the worker."""
        if self.conn:
            self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.run.port, timeout=REQUEST_TIMEOUT_S)

    def send(self, method, path, body):
        """One request and its whole answer: (status, headers, body)."""
        headers = {"Content-Type": "application/xml"} if body is not None else {}
        self.conn.request(method, path, body=body, headers=headers)
        res = self.conn.getresponse()
        data = res.read()
        if res.will_close:
            self.conn.close()
        return res.status, res.headers, data

    def exchange(self, kind, method, path, body=None, about=""):
        """Sends until answered: honours 429 Retry-After, retries once on a dropped kept-alive connection."""
        fresh = self.conn is None
        if fresh:
            self.connect()
        while True:
            start = time.monotonic()
            try:
                status, headers, data = self.send(method, path, body)
            except (OSError, http.client.HTTPException) as e:
                self.connect()
                if fresh:
                    self.run.tally.record(kind, 0, time.monotonic() - start)
                    self.run.tally.fail("%s %s %s (%s): no answer: %r" % (kind, method, path, about, e))
                    return None
                fresh = True
                self.run.tally.note_reconnect()
                continue
            elapsed = time.monotonic() - start
            if status == 429:
                self.run.tally.note_throttled(kind)
                wait = retry_after_seconds(headers)
                if time.monotonic() + wait > self.run.deadline:
                    self.run.tally.fail("%s %s %s: 429 with Retry-After past the time limit" % (kind, method, path))
                    return None
                time.sleep(wait)
                continue
            self.run.tally.record(kind, status, elapsed)
            if status >= 500:
                self.run.tally.fail("%s %s %s (%s): %d %s" % (kind, method, path, about, status, snippet(data)))
            return status, headers, data

    def send_render(self, index, name, xml):
        """POST /v1/render of a good record: 200 and a PDF."""
        body = with_id(xml, "load-%s-%d" % (self.run.tag, index))
        got = self.exchange("render", "POST", "/v1/render", body, name)
        if got and got[0] < 500 and not (got[0] == 200 and got[2].startswith(b"%PDF-")):
            self.run.tally.fail("render %s: %d %s" % (name, got[0], snippet(got[2])))

    def send_job(self, index, name, xml, split):
        """POST /v1/jobs of a good batch: 202 with a Location, then polled."""
        body = with_id(xml, "load-%s-%d" % (self.run.tag, index))
        path = "/v1/jobs?split=1" if split else "/v1/jobs"
        got = self.exchange("job_submit", "POST", path, body, name)
        if not got or got[0] >= 500:
            return
        location = got[1].get("Location", "")
        if got[0] != 202 or not location:
            self.run.tally.fail("job_submit %s: %d %s" % (name, got[0], snippet(got[2])))
            return
        self.jobs.append(pending_job(location, name, split, time.monotonic()))

    def send_bad(self, index, name, body):
        """A bad record to /v1/render (even index) or /v1/jobs (odd): a 4xx other than 429."""
        kind, path = ("bad_render", "/v1/render") if index % 2 == 0 else ("bad_job", "/v1/jobs")
        got = self.exchange(kind, "POST", path, body, name)
        if got and got[0] < 500 and not 400 <= got[0] < 500:
            self.run.tally.fail("%s '%s': %d, not a 4xx: %s" % (kind, name, got[0], snippet(got[2])))

    def check_job(self, job):
        """One poll of a job; True once it needs no more polls (done and fetched, or failed)."""
        got = self.exchange("job_poll", "GET", job.location, None, job.name)
        if not got:
            return True
        if got[0] != 200:
            if got[0] < 500:
                self.run.tally.fail("job_poll %s: %d %s" % (job.location, got[0], snippet(got[2])))
            return True
        state = json.loads(got[2]).get("state")
        if state == "failed":
            self.run.tally.fail("job %s (%s) failed: %s" % (job.location, job.name, snippet(got[2])))
            return True
        if state != "done":
            return False
        self.run.tally.note_turnaround(time.monotonic() - job.submitted)
        self.fetch_result(job)
        return True

    def fetch_result(self, job):
        """GET the result of a done job: 200 and a PDF, or a ZIP when split."""
        got = self.exchange("job_result", "GET", job.location + "/result", None, job.name)
        magic = b"PK\x03\x04" if job.split else b"%PDF-"
        if got and got[0] < 500 and not (got[0] == 200 and got[2].startswith(magic)):
            self.run.tally.fail("job_result %s: %d %s" % (job.location, got[0], snippet(got[2])))

    def poll_due_jobs(self):
        """Polls the jobs whose next poll time has come."""
        now = time.monotonic()
        still = []
        for job in self.jobs:
            if job.next_poll > now:
                still.append(job)
            elif not self.check_job(job):
                job.interval = min(job.interval * 1.5, POLL_MAX_S)
                job.next_poll = time.monotonic() + job.interval
                still.append(job)
        self.jobs = still

    def drain_jobs(self):
        """Polls the remaining jobs to the end, within the run's time limit."""
        while self.jobs and time.monotonic() < self.run.deadline:
            wait = min(j.next_poll for j in self.jobs) - time.monotonic()
            if wait > 0:
                time.sleep(min(wait, max(0.0, self.run.deadline - time.monotonic())))
            self.poll_due_jobs()
        for job in self.jobs:
            self.run.tally.fail("job %s (%s) not done within the time limit" % (job.location, job.name))

    def work(self):
        """Takes requests of the plan until none is left, then waits for its jobs."""
        try:
            while True:
                step = self.run.take_step()
                if step is None:
                    break
                index, what, name, body, split = step
                if what == "render":
                    self.send_render(index, name, body)
                elif what == "job":
                    self.send_job(index, name, body, split)
                else:
                    self.send_bad(index, name, body)
                self.run.finish_step()
                self.poll_due_jobs()
            self.drain_jobs()
        except Exception as e:  # a bug of the client must show, not hang the run
            self.run.tally.fail("client %d stopped: %r" % (self.number, e))
        finally:
            if self.conn:
                self.conn.close()
