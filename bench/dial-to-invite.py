#!/usr/bin/env python3
"""Time from a handset's last digit to the INVITE on the wire.

Starts the exported runtime (target/app.jar) with one SIP account whose provider is a small UDP
responder in this script on 127.0.0.1: it accepts the REGISTER, notes the moment each INVITE
arrives, and answers it 486 Busy Here so the handset is free for the next call. An emulated
handset lifts, then each round sends the whole number ending in '#' ('emu:hs 1 dial NUMBER#');
the clock runs from writing that command to the shell until the INVITE's datagram arrives. Both
ends are read from one monotonic clock. The shell's own parsing (under a millisecond) is counted.

Usage: bench/dial-to-invite.py [CALLS]    (from the repository root, after mvn package; default 40)
"""
import os
import queue
import re
import shutil
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dialtone_shell import ROOT, Shell, scratch_dir  # noqa: E402

# The shell's console stops answering after roughly a thousand commands (see README), and each
# call takes several: keep runs to a few dozen calls.
CALLS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
PROVIDER_PORT = 25210
LINE_PORT = 25212
NUMBER = "0301234567"


class Provider(threading.Thread):
    """Answers REGISTER with 200 and INVITE with 486, queueing the arrival time of each new INVITE."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", PROVIDER_PORT))
        self.invites = queue.Queue()
        self.registered = threading.Event()
        self.seen = set()

    def run(self):
        while True:
            data, peer = self.sock.recvfrom(65535)
            arrived = time.monotonic()
            text = data.decode(errors="replace")
            method = text.split(" ", 1)[0]
            if method == "INVITE":
                call_id = header(text, "Call-ID")
                if call_id not in self.seen:
                    self.seen.add(call_id)
                    self.invites.put(arrived)
                self.reply(text, peer, "486 Busy Here")
            elif method == "REGISTER":
                self.reply(text, peer, "200 OK", "Contact: %s;expires=600\r\n" % header(text, "Contact"))
                self.registered.set()
            elif method in ("OPTIONS", "BYE"):
                self.reply(text, peer, "200 OK")

    def reply(self, request, peer, status, extra=""):
        lines = ["SIP/2.0 " + status]
        for name in ("Via", "From", "Call-ID", "CSeq"):
            for value in headers(request, name):
                lines.append("%s: %s" % (name, value))
        to = header(request, "To")
        lines.append("To: " + (to if ";tag=" in to else to + ";tag=bench"))
        response = "\r\n".join(lines) + "\r\n" + extra + "Content-Length: 0\r\n\r\n"
        self.sock.sendto(response.encode(), peer)


def headers(message, name):
    head = message.split("\r\n\r\n", 1)[0]
    return [m.group(1).strip() for m in re.finditer(r"^%s:(.*)$" % re.escape(name), head, re.M | re.I)]


def header(message, name):
    found = headers(message, name)
    return found[0] if found else ""


def main():
    if not os.path.exists(os.path.join(ROOT, "target", "app.jar")):
        raise SystemExit("build first: mvn -B package -DskipTests")
    provider = Provider()
    provider.start()
    scratch = scratch_dir("dial-to-invite-")
    with open(os.path.join(scratch, "etc", "dialtone.sip.line.account-bench.cfg"), "w") as account:
        account.write("registrar = 127.0.0.1:%d\nuser = 1001\npassword = bench\nlocal.address = 127.0.0.1\n"
                      "local.port = %d\nexpires = 600\nrtp.ports = 25220-25239\n" % (PROVIDER_PORT, LINE_PORT))
    shell = Shell(scratch)
    try:
        if not provider.registered.wait(20):
            raise SystemExit("the line did not register with the responder")
        shell.until("line:list", "REGISTERED")
        shell.until("dect:base", "revision")
        shell.run("dect:subscribe on")
        shell.run("emu:hs 1 subscribe")
        shell.until("dect:base", "handsets 1 subscribed, 1 reachable")
        samples = []
        for call in range(CALLS + 20):
            shell.run("emu:hs 1 offhook")
            shell.until("emu:hs 1", "call dialing")
            start = time.monotonic()
            shell.proc.stdin.write(("emu:hs 1 dial %s#\n" % NUMBER).encode())
            shell.proc.stdin.flush()
            try:
                arrived = provider.invites.get(timeout=10)
            except queue.Empty:
                raise SystemExit("no INVITE within 10 s on call %d:\n%s" % (call, shell.run("emu:hs 1")))
            if call >= 20:  # the first 20 warm the JIT up
                samples.append((arrived - start) * 1000)
            shell.until("emu:hs 1", "call idle")
            shell.run("emu:hs 1 onhook")
        samples.sort()
        p = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
        print("last digit to INVITE on the wire, %d calls (after 20 to warm up):" % len(samples))
        print("  p50 %.2f ms   p99 %.2f ms   max %.2f ms   (aim: p99 under 20 ms)" % (p(0.50), p(0.99), samples[-1]))
    finally:
        shell.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
