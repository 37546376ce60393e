#!/usr/bin/env python3
"""Start-up time, resident memory and jar size of Dialtone next to a bare runtime.

Both are exported the same way by the build (target/app.jar and target/bare.jar: the same Felix,
SCR, Gogo and Configuration Admin; the bare one has nothing else). Each is started several times
with the JVM options of bin/jvm.options (-Xmx64m and the router's collector and compiler).
"Ready" is the moment the shell answers a command of the last part to come up: stats:loop for
Dialtone (the call core is running), scr:list for the bare runtime. Memory is the process's
resident set one second after it is ready. The CPU time each group of threads has used at the
moment it is ready shows the least time any schedule of that work could take: bundle starts are
one chain on one thread, and all of it shares the machine's cores.

The two runtimes take turns, run by run. Each is measured twice: as it is, and with an
application class-data-sharing archive (AppCDS) of its own, written by one training start of
that same runtime with -XX:ArchiveClassesAtExit (the JDK's classes, the framework's and the
bundles' alike; what bin/start does for Dialtone). Both runtimes get the same treatment, so the
ratio stays a fair one.

Run from the repository root after `mvn package`:  python3 bench/startup.py [runs]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNTIMES = [
    ("dialtone", os.path.join(ROOT, "target", "app.jar"), "stats:loop", "inbox depth"),
    ("bare", os.path.join(ROOT, "target", "bare.jar"), "scr:list", "component"),
]
NOT_YET = "CommandNotFoundException"
# The JVM options bin/start uses, for both runtimes alike; JAVA_OPTS="-Xmx64m" measures with the
# JVM's defaults instead.
with open(os.path.join(ROOT, "bin", "jvm.options")) as options:
    ROUTER_OPTIONS = " ".join(line.strip() for line in options if line.strip() and not line.startswith("#"))
JAVA_OPTS = os.environ.get("JAVA_OPTS", ROUTER_OPTIONS).split()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


# Threads by what they do: the one chain that starts bundles one after the other (the launcher's
# main thread, then the framework's start-level thread), the JIT compilers, and all the others.
THREAD_GROUPS = (("bundle starts", ("java", "FelixStartLevel")), ("compilers", ("C1 CompilerThre", "C2 CompilerThre")))


def cpu_seconds(pid):
    """CPU time (user + system) each thread group of the process has used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {group: 0.0 for group, _ in THREAD_GROUPS}
    used["other threads"] = 0.0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue  # the thread ended meanwhile
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        group = next((g for g, names in THREAD_GROUPS if name in names), "other threads")
        used[group] += (int(fields[11]) + int(fields[12])) / tick
    return used


def start_once(jar, command, ready_text, workdir, extra=()):
    lines = []
    seen = threading.Condition()

    def read(stream):
        for raw in iter(stream.readline, b""):
            with seen:
                lines.append(raw.decode(errors="replace"))
                seen.notify_all()

    started = time.monotonic()
    proc = subprocess.Popen(["java"] + JAVA_OPTS + list(extra) + ["-jar", jar], cwd=workdir, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    threading.Thread(target=read, args=(proc.stdout,), daemon=True).start()
    ready = None
    deadline = started + 60
    try:
        while ready is None and time.monotonic() < deadline:
            mark = len(lines)
            proc.stdin.write((command + "\n").encode())
            proc.stdin.flush()
            with seen:
                # Wait for the answer to this attempt: the ready text, or "not found yet".
                while time.monotonic() < deadline:
                    answer = "".join(lines[mark:])
                    if ready_text in answer.lower() or ready_text in answer:
                        ready = time.monotonic() - started
                        break
                    if NOT_YET in answer:
                        break
                    seen.wait(0.005)
            if ready is None:
                time.sleep(0.005)
        if ready is None:
            raise RuntimeError(f"{jar} was not ready within 60 s:\n" + "".join(lines[-20:]))
        cpu = cpu_seconds(proc.pid)
        time.sleep(1.0)
        rss = rss_kib(proc.pid)
    finally:
        proc.stdin.close()  # end of input stops the shell and the framework
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return ready, rss, cpu


def measure(runs, workdir, extra_for):
    """Median ready time, RSS and jar size per runtime; extra_for(name, jar, ...) gives added JVM options.

    The runtimes take turns, run by run, so a machine shared with other work slows both alike.
    """
    extras = {}
    samples = {}
    for name, jar, command, ready_text in RUNTIMES:
        if not os.path.exists(jar):
            sys.exit(f"{jar} is missing: run 'mvn -B package -DskipTests' first")
        extras[name] = extra_for(name, jar, command, ready_text)
        start_once(jar, command, ready_text, workdir, extras[name])  # warm the file cache
        samples[name] = []
    for _ in range(runs):
        for name, jar, command, ready_text in RUNTIMES:
            samples[name].append(start_once(jar, command, ready_text, workdir, extras[name]))
    results = {}
    for name, jar, command, ready_text in RUNTIMES:
        results[name] = (statistics.median(s[0] for s in samples[name]),
                         statistics.median(s[1] for s in samples[name]) / 1024.0,
                         os.path.getsize(jar) / (1024.0 * 1024.0),
                         {group: statistics.median(s[2][group] for s in samples[name]) for group in samples[name][0][2]})
    return results


def report(title, results):
    d, b = results["dialtone"], results["bare"]
    print(title)
    print(f"{'':22}{'dialtone':>10}{'bare':>10}   dialtone vs bare")
    print(f"{'ready prompt (s)':22}{d[0]:10.2f}{b[0]:10.2f}   {d[0] / b[0]:.2f}x   (goal: within 1.5x)")
    print(f"{'resident memory (MiB)':22}{d[1]:10.1f}{b[1]:10.1f}   +{d[1] - b[1]:.1f} MiB (goal: within 30 MiB)")
    print(f"{'executable jar (MiB)':22}{d[2]:10.2f}{b[2]:10.2f}   +{d[2] - b[2]:.2f} MiB")
    print("CPU used when ready (s):")
    for group in d[3]:
        print(f"{'  ' + group:22}{d[3][group]:10.2f}{b[3][group]:10.2f}")
    total_d, total_b = sum(d[3].values()), sum(b[3].values())
    print(f"{'  all threads':22}{total_d:10.2f}{total_b:10.2f}   on {os.cpu_count()} cores at least "
          f"{max(d[3]['bundle starts'], total_d / os.cpu_count()):.2f} s for dialtone, "
          f"{max(d[3]['bundle starts'], total_d / os.cpu_count()) / b[0]:.2f}x the bare runtime's ready time")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as workdir:
        os.symlink(os.path.join(ROOT, "etc"), os.path.join(workdir, "etc"))
        plain = measure(runs, workdir, lambda name, jar, command, ready_text: [])

        def trained(name, jar, command, ready_text):
            archive = os.path.join(workdir, name + ".jsa")
            start_once(jar, command, ready_text, workdir, ["-XX:ArchiveClassesAtExit=" + archive])
            if not os.path.exists(archive):
                sys.exit(f"the training start of {name} wrote no archive")
            return ["-XX:SharedArchiveFile=" + archive]

        shared = measure(runs, workdir, trained)
    report(f"start-up with {' '.join(JAVA_OPTS)}, median of {runs} runs", plain)
    print()
    report("the same with an AppCDS archive for each runtime (-XX:SharedArchiveFile)", shared)


if __name__ == "__main__":
    main()
