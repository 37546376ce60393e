#!/usr/bin/env python3
"""Time from plugging an emulated DECT base to its handsets being usable, through the shell.

Starts the exported runtime (target/app.jar) in a scratch directory, subscribes two handsets on a
revision-1 base, then plugs and unplugs bases of both revisions in turn. Each round measures from
sending 'emu:plug dect REV' until 'dect:base' reports both handsets reachable (driver bound, base
answered, subscriptions restored onto it, handsets present), polling the shell every 10 ms.

Usage: bench/dect-plug.py [ROUNDS]        (from the worktree root, after mvn package)
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
TIMEOUT = 10.0


class Shell:
    def __init__(self, cwd):
        self.proc = subprocess.Popen(
            ["java", "-Xmx64m", "-jar", os.path.join(ROOT, "target", "app.jar")], cwd=cwd,
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


def main():
    if not os.path.exists(os.path.join(ROOT, "target", "app.jar")):
        raise SystemExit("build first: mvn -B -o package -DskipTests")
    scratch = tempfile.mkdtemp(prefix="dect-plug-")
    shutil.copytree(os.path.join(ROOT, "etc"), os.path.join(scratch, "etc"))
    shell = Shell(scratch)
    try:
        shell.until("dect:base", "no base plugged")
        shell.run("emu:plug dect 1")
        shell.until("dect:base", "revision 1")
        shell.run("dect:subscribe on")
        shell.run("emu:hs 1 subscribe")
        shell.run("emu:hs 2 subscribe")
        shell.until("dect:base", "handsets 2 subscribed, 2 reachable")
        shell.run("emu:unplug dect")
        shell.until("dect:base", "no base plugged")
        figures = {1: [], 2: []}
        ready = {1: [], 2: []}
        for round in range(ROUNDS):
            revision = 2 if round % 2 == 0 else 1
            start = time.monotonic()
            shell.run("emu:plug dect %d" % revision)
            output = shell.until("dect:base", "handsets 2 subscribed, 2 reachable")
            elapsed = (time.monotonic() - start) * 1000
            figures[revision].append(elapsed)
            for line in output.splitlines():
                if line.startswith("ready    in "):
                    ready[revision].append(int(line.split()[2]))
            shell.run("emu:unplug dect")
            shell.until("dect:base", "no base plugged")
        print("plug to handsets usable (emulated base, 2 handsets, %d rounds, polled every 10 ms):" % ROUNDS)
        for revision in (1, 2):
            values = figures[revision]
            if values:
                print("  revision %d: median %.0f ms, max %.0f ms (%d plugs); driver attach to base answering: median %d ms"
                      % (revision, statistics.median(values), max(values), len(values),
                         statistics.median(ready[revision]) if ready[revision] else -1))
        worst = max(max(v) for v in figures.values() if v)
        print("goal under 2000 ms: %s (worst %.0f ms)" % ("met" if worst < 2000 else "MISSED", worst))
    finally:
        shell.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
