#!/usr/bin/env python3
"""Snapshots of the virt machine across processes (issue 5, point 3): Linux is saved mid-boot
through the control socket, its process killed, and a new `polyvm boot --loadvm FILE` finishes
the boot; the console of the two halves must equal an uninterrupted boot's. Bad snapshots are
refused, by --loadvm and by snapshot-load, and a refused snapshot-load leaves the machine running
its own boot unharmed.

    snapshot_test.py --polyvm build/release/polyvm CASE
    snapshot_test.py --polyvm build/release/polyvm --all -v
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time

import harness

TIMEOUT = 20.0
INITRD = "initramfs-init.cpio.gz"
# Mid-boot: the kernel is half way through its initcalls, user space has not started.
SAVE_AT = b"clocksource: Switched to clocksource"
DONE = r"reboot: Power down"
EXPECT = [r"Linux version 6\.1\.192", r"Run /init as init process",
          r"fixture-init: result primes_below_2000000=148933 sum=142913828922",
          r"fixture-init: powering off", DONE]
# What differs between uninterrupted boots too: timestamps, the timed line, and where Linux's
# asynchronous initramfs unpacking prints its two lines (a loaded host reorders them).
UNSTABLE = re.compile(r"(\[T\] Unpacking initramfs\.\.\.|\[T\] Freeing initrd memory|"
                      r"fixture-init: compute took)[^\n]*\n")


def comparable(console):
    console = re.sub(r"\[ *[0-9]+\.[0-9]+\] ", "[T] ", console.replace("\r", ""))
    return UNSTABLE.sub("", console)


def linux(c, extra=()):
    return ["-kernel", c.fx.image(), "-initrd", c.fx.riscv64(INITRD), "-append",
            harness.APPEND] + list(extra)


class Running:
    """A `polyvm boot` with a control socket whose console is collected as it comes."""

    def __init__(self, c, extra=()):
        self.c = c
        self.socket = os.path.join(c.fx.scratch, "control.sock")
        self.proc = subprocess.Popen([c.polyvm, "boot"] + linux(c, extra) +
                                     ["--control", f"unix:{self.socket}"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.output = bytearray()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        while True:
            chunk = self.proc.stdout.read1(65536)
            if not chunk:
                return
            with self.lock:
                self.output += chunk

    def console(self):
        with self.lock:
            return bytes(self.output)

    def wait_for(self, marker, timeout):
        deadline = time.monotonic() + timeout * self.c.scale
        while marker not in self.console():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                return False
            time.sleep(0.001)
        return True

    def ctl(self, command, arguments=None):
        args = [self.c.polyvm, "ctl", self.socket, command]
        if arguments is not None:
            args.append(arguments)
        done = subprocess.run(args, capture_output=True, text=True, timeout=30 * self.c.scale)
        return done.returncode, done.stdout + done.stderr

    def settled_console(self):
        """The console once no byte arrived for a while (the harts are stopped)."""
        last = None
        while last != self.console():
            last = self.console()
            time.sleep(0.2)
        return last.decode(errors="replace")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.reader.join()


def save_mid_boot(c, snapshot):
    """Boots to SAVE_AT, stops, saves, kills: (problems, console up to the save)."""
    vm = Running(c)
    try:
        if not vm.wait_for(SAVE_AT, TIMEOUT):
            return [f"{SAVE_AT.decode()!r} never appeared"], vm.console().decode(errors="replace")
        code, out = vm.ctl("stop")
        if code != 0:
            return [f"stop failed: {out.strip()}"], vm.console().decode(errors="replace")
        before = vm.settled_console()
        code, out = vm.ctl("snapshot-save", f'{{"filename": "{snapshot}"}}')
        if code != 0:
            return [f"snapshot-save failed: {out.strip()}"], before
        if re.search(DONE, before):
            return ["saved too late: the boot had already finished"], before
        return [], before
    finally:
        vm.kill()


def case_snapshot_resume_linux(c):
    problems, whole = c.boot(linux(c), EXPECT, timeout=TIMEOUT)
    if problems:
        return ["uninterrupted boot: " + p for p in problems], whole
    snapshot = os.path.join(c.fx.scratch, "mid.snap")
    problems, before = save_mid_boot(c, snapshot)
    if problems:
        return problems, before
    problems, after = c.boot(linux(c, ["--loadvm", snapshot]), [DONE], timeout=TIMEOUT)
    resumed = before + after
    if problems:
        return ["restored boot: " + p for p in problems], resumed
    if comparable(resumed) != comparable(whole):
        a, b = comparable(resumed).splitlines(), comparable(whole).splitlines()
        first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        return [f"the resumed console departs from the uninterrupted one at line {first + 1}: "
                f"{a[first] if first < len(a) else '(end)'!r} vs "
                f"{b[first] if first < len(b) else '(end)'!r}"], resumed
    return [], resumed


def bad_snapshots(c, good):
    """(name, path, expected error) for damaged copies of GOOD and one of another machine."""
    data = open(good, "rb").read()
    out = []

    def write(name, content, message):
        path = os.path.join(c.fx.scratch, name)
        with open(path, "wb") as f:
            f.write(content)
        out.append((name, path, message))

    write("truncated.snap", data[:len(data) // 2], r"truncated")
    middle = len(data) // 2
    write("corrupt.snap", data[:middle] + bytes([data[middle] ^ 0x40]) + data[middle + 1:],
          r"checksum")
    write("version.snap", data[:8] + bytes([data[8] + 1]) + data[9:], r"format version")
    write("foreign.snap", b"not a snapshot at all\n" * 4, r"not a polyvm snapshot")
    return out


def case_snapshot_refused(c):
    good = os.path.join(c.fx.scratch, "good.snap")
    problems, console = save_mid_boot(c, good)
    if problems:
        return problems, console
    other = os.path.join(c.fx.scratch, "other.snap")
    vm = Running(c, ["-m", "64"])
    try:
        if not vm.wait_for(b"Linux version", TIMEOUT) or vm.ctl("stop")[0] != 0 or \
                vm.ctl("snapshot-save", f'{{"filename": "{other}"}}')[0] != 0:
            return ["could not save a snapshot of a 64 MiB machine"], vm.console().decode()
    finally:
        vm.kill()
    cases = bad_snapshots(c, good) + [("other.snap", other, r"different machine: ram")]
    problems = []
    for name, path, message in cases:
        done = subprocess.run([c.polyvm, "boot"] + linux(c, ["--loadvm", path]),
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=30 * c.scale)
        if done.returncode == 0 or not re.search(message, done.stderr):
            problems.append(f"--loadvm {name}: exit {done.returncode}, stderr "
                            f"{done.stderr.strip()!r}, expected an error matching {message!r}")
        if "Linux version" in done.stdout:
            problems.append(f"--loadvm {name}: the guest ran")
    return problems, ""


def case_snapshot_load_refused_keeps_running(c):
    good = os.path.join(c.fx.scratch, "good.snap")
    problems, console = save_mid_boot(c, good)
    if problems:
        return problems, console
    vm = Running(c)
    try:
        if not vm.wait_for(b"Linux version", TIMEOUT) or vm.ctl("stop")[0] != 0:
            return ["could not stop the machine after the Linux banner"], vm.console().decode()
        for name, path, message in bad_snapshots(c, good):
            code, out = vm.ctl("snapshot-load", f'{{"filename": "{path}"}}')
            if code != 1 or not re.search(message, out):
                problems.append(f"snapshot-load {name}: exit {code}, {out.strip()!r}, expected "
                                f"an error matching {message!r}")
        if vm.ctl("cont")[0] != 0:
            problems.append("cont failed")
        vm.proc.wait(timeout=TIMEOUT * c.scale)
        vm.reader.join()
        console = vm.console().decode(errors="replace")
    finally:
        vm.kill()
    for rx in EXPECT:
        if not re.search(rx, console):
            problems.append(f"after the refused loads the boot did not finish: missing {rx!r}")
    if vm.proc.returncode != 0:
        problems.append(f"exit status {vm.proc.returncode}")
    return problems, console


CASES = {
    "snapshot_resume_linux": case_snapshot_resume_linux,
    "snapshot_refused": case_snapshot_refused,
    "snapshot_load_refused_keeps_running": case_snapshot_load_refused_keeps_running,
}

if __name__ == "__main__":
    sys.exit(harness.main(__doc__.splitlines()[0], CASES, sys.argv[1:]))
