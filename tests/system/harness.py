"""Shared parts of the system tests (boot_test.py, bad_input.py): where the fixtures are, scratch
copies of them, and one boot checked against expected console lines.

The console driver is the fixtures' own scripts/boot_timer.py (the one that recorded the QEMU
baselines), loaded by path: it timestamps output, types input when a regex appears and stops at a
timeout. This file adds what a test needs on top: the lines must appear in order, the exit status
must match and nothing may look like a crash or a sanitizer report.
"""

import argparse
import gzip
import hashlib
import importlib.util
import os
import re
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_FIXTURES = os.path.join(os.path.dirname(ROOT), "shared", "fixtures")
SKIP = 77  # ctest SKIP_RETURN_CODE: the fixtures are not on this machine
APPEND = "console=ttyS0 earlycon=sbi panic=-1"
# Signs of a host-side crash, whatever the guest printed (ASan, UBSan, glibc, our asserts).
CRASH = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:|Assertion .* failed|"
                   r"terminate called|Segmentation fault|core dumped")


class Fixtures:
    """Paths into ../shared/fixtures, plus uncompressed copies made in a scratch directory."""

    def __init__(self, root, scratch):
        self.root = root
        self.scratch = scratch

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def riscv64(self, name):
        return self.path("riscv64", name)

    def gunzip(self, relative, name):
        """A fresh writable uncompressed copy of fixtures/RELATIVE (a .gz) named NAME."""
        out = os.path.join(self.scratch, name)
        with gzip.open(self.path(relative), "rb") as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
        return out

    def image(self):
        """The Linux kernel Image (the fixture is gzip'd; polyvm, like QEMU 7.2, wants it raw)."""
        out = os.path.join(self.scratch, "Image")
        return out if os.path.exists(out) else self.gunzip("riscv64/Image.gz", "Image")

    def disk(self, name="disk.img"):
        return self.gunzip("common/disk-ext2.img.gz", name)


def check(ok, what, failures):
    """One named check of a scripted test: printed as ok/FAIL, failures collected."""
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def load_boot_timer(fixtures_root):
    path = os.path.join(fixtures_root, "scripts", "boot_timer.py")
    spec = importlib.util.spec_from_file_location("boot_timer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def boot(timer, command, expect, sends=(), timeout=30.0, exit_code=0):
    """Runs COMMAND with its console on a pipe; returns (problems, console text).

    expect: regexes (str) that must match the console in this order.
    sends: (regex, text) pairs: type TEXT once, when REGEX first appears.
    """
    markers = [(f"m{i}", re.compile(rx.encode())) for i, rx in enumerate(expect)]
    typed = [(re.compile(rx.encode()), text.encode()) for rx, text in sends]
    result, console = timer.one_run(command, markers, typed, None, timeout, False)
    problems = []
    if result["stopped_by"] == "timeout":
        problems.append(f"timed out after {timeout} s")
    elif result["exit_code"] != exit_code:
        problems.append(f"exit status {result['exit_code']}, expected {exit_code}")
    position = 0
    for rx in expect:
        found = re.compile(rx).search(console, position)
        if not found:
            where = "at all" if not re.search(rx, console) else "after the previous line"
            problems.append(f"missing {where}: {rx!r}")
        else:
            position = found.end()
    if CRASH.search(console):
        problems.append(f"crash report: {CRASH.search(console).group(0)!r}")
    return problems, console


def main(description, cases, argv):
    """The command line both test scripts share: --list, --all or case names."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--polyvm", default=os.environ.get("POLYVM",
                                                      os.path.join(ROOT, "build", "release",
                                                                   "polyvm")))
    p.add_argument("--fixtures", default=os.environ.get("POLYVM_FIXTURES", DEFAULT_FIXTURES))
    p.add_argument("--timeout-scale", type=float, default=1.0,
                   help="multiply every timeout (slow builds such as asan)")
    p.add_argument("-v", "--verbose", action="store_true", help="print the console of failures")
    p.add_argument("--all", action="store_true")
    p.add_argument("--list", action="store_true")
    p.add_argument("cases", nargs="*")
    args = p.parse_args(argv)
    if args.list:
        print("\n".join(cases))
        return 0
    names = list(cases) if args.all else args.cases
    unknown = [n for n in names if n not in cases]
    if unknown or not names:
        print(f"unknown or no cases: {unknown}; see --list", file=sys.stderr)
        return 2
    if not os.path.exists(os.path.join(args.fixtures, "riscv64", "Image.gz")):
        print(f"skipped: no fixtures at {args.fixtures} (--fixtures DIR)", file=sys.stderr)
        return SKIP
    polyvm = os.path.abspath(args.polyvm)
    timer = load_boot_timer(args.fixtures)
    failed = 0
    for name in names:
        scratch = tempfile.mkdtemp(prefix=f"polyvm-system-{name}-")
        try:
            context = Context(polyvm, Fixtures(args.fixtures, scratch), timer, args.timeout_scale)
            problems, console = cases[name](context)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        print(f"{'ok' if not problems else 'FAIL'}: {name}" + "".join(f"\n  {x}" for x in problems))
        if problems and args.verbose and console:
            print("---- console ----\n" + console[-6000:] + "\n-----------------")
        failed += bool(problems)
    return 1 if failed else 0


class Context:
    """What a case gets: the polyvm binary, the fixtures, and boot() with scaled timeouts."""

    def __init__(self, polyvm, fixtures, timer, timeout_scale):
        self.polyvm = polyvm
        self.fx = fixtures
        self.timer = timer
        self.scale = timeout_scale

    def boot(self, args, expect, sends=(), timeout=30.0, exit_code=0):
        return boot(self.timer, [self.polyvm, "boot"] + args, expect, sends, timeout * self.scale,
                    exit_code)
