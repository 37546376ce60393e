"""The exported runtime driven through its Gogo shell, for the benchmark scripts.

A Shell starts target/app.jar in a scratch directory (with a copy of etc/), waits for the first
prompt and runs commands one at a time, returning what each printed.
"""
import os
import shutil
import subprocess
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 10.0


def scratch_dir(prefix, without=()):
    """A fresh working directory with a copy of etc/, less the named files."""
    scratch = tempfile.mkdtemp(prefix=prefix)
    shutil.copytree(os.path.join(ROOT, "etc"), os.path.join(scratch, "etc"))
    for name in without:
        path = os.path.join(scratch, "etc", name)
        if os.path.exists(path):
            os.remove(path)
    return scratch


class Shell:
    def __init__(self, cwd):
        self.proc = subprocess.Popen(
            ["java", "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar",
             os.path.join(ROOT, "target", "app.jar")], cwd=cwd,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0)
        self.out = b""
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.marks = 0
        # Input typed before the first prompt may be lost: wait for it.
        deadline = time.monotonic() + 30
        with self.lock:
            while b"g! " not in self.out:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise SystemExit("the runtime did not start:\n" + self.out.decode(errors="replace"))
                self.lock.wait(left)

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(65536) if hasattr(self.proc.stdout, "read1") else os.read(
                self.proc.stdout.fileno(), 65536)
            if not chunk:
                return
            with self.lock:
                self.out += chunk
                self.lock.notify_all()

    def run(self, command):
        """Runs one command and returns what it printed."""
        self.marks += 1
        mark = ("@@%d@@" % self.marks).encode()
        start = len(self.out)
        self.proc.stdin.write(command.encode() + b"\necho " + mark + b"\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + TIMEOUT
        with self.lock:
            while self.out.find(mark + b"\n", start) < 0 and self.out.find(mark + b"\r", start) < 0:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("no answer to '%s' within %.0f s" % (command, TIMEOUT))
                self.lock.wait(left)
            end = self.out.find(mark, start)
            return self.out[start:end].decode(errors="replace")

    def until(self, command, text):
        deadline = time.monotonic() + TIMEOUT
        while True:
            output = self.run(command)
            if text in output:
                return output
            if time.monotonic() > deadline:
                raise SystemExit("'%s' never showed '%s'; last:\n%s" % (command, text, output))
            time.sleep(0.01)

    def close(self):
        try:
            self.proc.stdin.write(b"exit 0\n")
            self.proc.stdin.flush()
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
