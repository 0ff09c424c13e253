"""Owns the `vanthu serve` under test: start on a free loopback port in a temp folder, read its memory and CPU, stop."""
import json
import os
import re
import signal
import subprocess
import time

LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+)")


def clean_environment():
    """This process's environment without VANTHU_* keys, so only the command line configures the worker."""
    return {k: v for k, v in os.environ.items() if not k.startswith("VANTHU_")}


class worker_process:
    """One `vanthu serve` with an SQLite store and a spool folder inside folder."""

    def __init__(self, program, folder, defines):
        self.folder = folder
        self.log_path = os.path.join(folder, "serve.log")
        args = [program, "serve", "-Dvanthu.auth=off", "-Dvanthu.http.host=127.0.0.1", "-Dvanthu.http.port=0",
                "-Dvanthu.store=sqlite:" + os.path.join(folder, "vanthu.db"),
                "-Dvanthu.spool=" + os.path.join(folder, "spool")]
        args += ["-D" + d for d in defines]
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, cwd=folder, env=clean_environment(), stdin=subprocess.DEVNULL,
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        self.port = self.wait_for_port(30.0)

    def wait_for_port(self, limit_s):
        """The port from the worker's 'listening on' log line; raises if it exits or stays silent."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("vanthu serve exited with %d before listening; log:\n%s"
                                   % (self.proc.returncode, self.read_log()))
            m = LISTENING.search(self.read_log())
            if m:
                return int(m.group(1))
            time.sleep(0.05)
        raise RuntimeError("vanthu serve did not log 'listening on' within %.0f s" % limit_s)

    def read_log(self):
        """The worker's log so far."""
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def alive(self):
        """True while the worker process runs."""
        return self.proc.poll() is None

    def status_kb(self, key):
        """A kB figure of /proc/<pid>/status (VmRSS, VmHWM), or None once the process is gone."""
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def cpu_seconds(self):
        """User + system CPU seconds the worker has used so far."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def thread_count(self):
        """Threads of the worker process now."""
        return len(os.listdir("/proc/%d/task" % self.proc.pid))

    def stop(self, limit_s=60.0):
        """SIGTERM, then the exit code (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(limit_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.log_file.close()
                return None
        self.log_file.close()
        return self.proc.returncode

    def log_problems(self):
        """The log lines at level warning or error, and lines that are not JSON (crash output)."""
        out = []
        for line in self.read_log().splitlines():
            try:
                level = json.loads(line).get("level", "")
            except ValueError:
                out.append(line)
                continue
            if level in ("warning", "error"):
                out.append(line)
        return out
