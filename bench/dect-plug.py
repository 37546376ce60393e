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
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dialtone_shell import ROOT, Shell, scratch_dir  # noqa: E402

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 10


def main():
    if not os.path.exists(os.path.join(ROOT, "target", "app.jar")):
        raise SystemExit("build first: mvn -B -o package -DskipTests")
    # No base plugged at start: each round plugs its own.
    scratch = scratch_dir("dect-plug-", without=["dialtone.emu.cfg"])
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
