#!/usr/bin/env python3
"""Differential runner: a riscv64 guest program must behave the same under polyvm as under the oracle.

Runs PROG ARGS under the oracle (qemu-riscv64) and under the emulator (polyvm run), each with
`-L SYSROOT`, the same fixed environment, the same stdin, in a fresh temporary working directory,
and compares stdout, stderr and the exit status (a death by signal must be the same signal).
Exit status 0 on a match; 1 with a unified diff on a mismatch; 2 on a usage or setup error.

Where the oracle cannot run a program (qemu-user cannot execve a foreign binary without binfmt_misc),
--expect-stdout/--expect-status give a hand-written expectation and only the emulator runs.

The commands can be overridden through the environment, e.g. to check the tests themselves:
    POLYVM_TEST_EMULATOR=qemu-riscv64 tests/tools/diff_run.py -- build/tests/guest/hello.static
"""

import argparse
import difflib
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile

DEFAULT_ORACLE = "qemu-riscv64"
DEFAULT_EMULATOR = "polyvm run"
DEFAULT_SYSROOT = "/usr/riscv64-linux-gnu"

# The guest sees exactly this environment (plus --env additions) under both emulators.
BASE_ENV = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/nonexistent",
    "LANG": "C",
    "LC_ALL": "C",
    "TZ": "UTC",
    "POLYVM_GUEST_TEST": "1",
}

# Lines an emulator prints about itself, not on behalf of the guest (qemu's report of a fatal
# signal); removed from stderr before comparing.
EMULATOR_NOISE_PREFIXES = (b"qemu: uncaught target signal", b"qemu: unhandled CPU exception")


class Outcome:
    """What one run produced."""

    def __init__(self, stdout, stderr, status, timed_out):
        self.stdout = stdout
        self.stderr = stderr
        self.status = status  # >= 0: exit code; < 0: killed by signal -status
        self.timed_out = timed_out

    def describe_status(self):
        if self.timed_out:
            return "timed out"
        if self.status < 0:
            try:
                name = signal.Signals(-self.status).name
            except ValueError:
                name = "?"
            return f"killed by signal {-self.status} ({name})"
        return f"exit status {self.status}"


def strip_noise(stderr):
    lines = stderr.splitlines(keepends=True)
    return b"".join(l for l in lines if not l.startswith(EMULATOR_NOISE_PREFIXES))


def run_one(command, args, stdin_bytes, timeout):
    workdir = tempfile.mkdtemp(prefix="polyvm-diff-")
    env = dict(BASE_ENV)
    env.update(args.env)
    full = command + ["-L", args.sysroot] + [args.program] + args.args
    try:
        proc = subprocess.Popen(full, cwd=workdir, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            out, err = proc.communicate(stdin_bytes, timeout=timeout)
            return Outcome(out, strip_noise(err), proc.returncode, False)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            return Outcome(out, strip_noise(err), proc.returncode, True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def text_diff(name, expected, actual, expected_label, actual_label):
    a = expected.decode("utf-8", "replace").splitlines(keepends=True)
    b = actual.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(a, b, f"{name} ({expected_label})", f"{name} ({actual_label})")
    return "".join(l if l.endswith("\n") else l + "\n\\ No newline at end of file\n" for l in lines)


def compare(expected, actual, expected_label, check_stderr):
    """Returns a report of the differences; empty when the runs match."""
    report = []
    if expected.timed_out or actual.timed_out or expected.status != actual.status:
        report.append(f"status: {expected_label}: {expected.describe_status()}, "
                      f"polyvm: {actual.describe_status()}\n")
    report.append(text_diff("stdout", expected.stdout, actual.stdout, expected_label, "polyvm"))
    if check_stderr:
        report.append(text_diff("stderr", expected.stderr, actual.stderr, expected_label, "polyvm"))
    return "".join(report)


def parse_env(item):
    key, sep, value = item.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--env wants KEY=VALUE, got {item!r}")
    return key, value


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--oracle", default=os.environ.get("POLYVM_TEST_ORACLE", DEFAULT_ORACLE),
                   help="oracle command, -L SYSROOT PROG ARGS are appended (env POLYVM_TEST_ORACLE)")
    p.add_argument("--emulator", default=None,
                   help="emulator command, -L SYSROOT PROG ARGS are appended "
                        "(env POLYVM_TEST_EMULATOR overrides it; default 'polyvm run')")
    p.add_argument("--emulator-args", default="",
                   help="options added after the emulator command (kept when the environment "
                        "overrides the command), e.g. '--isa rv64gc'")
    p.add_argument("--sysroot", default=DEFAULT_SYSROOT)
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    p.add_argument("--stdin", help="file fed to the program's stdin (default: empty stdin)")
    p.add_argument("--env", type=parse_env, action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--no-stderr", action="store_true", help="do not compare stderr")
    p.add_argument("--expect-stdout", help="file with the expected stdout; the oracle is not run")
    p.add_argument("--expect-status", type=int, default=0,
                   help="expected exit status with --expect-stdout (negative: killed by signal)")
    p.add_argument("program")
    p.add_argument("args", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    args.env = dict(args.env)
    args.program = os.path.abspath(args.program)  # the runs start in a temporary directory
    emulator = os.environ.get("POLYVM_TEST_EMULATOR") or args.emulator or DEFAULT_EMULATOR
    args.emulator = shlex.split(emulator) + shlex.split(args.emulator_args)
    args.oracle = shlex.split(args.oracle)
    if args.args and args.args[0] == "--":
        args.args = args.args[1:]
    return args


def main(argv):
    args = parse_args(argv)
    for command in (args.oracle, args.emulator):
        if not shutil.which(command[0]):
            print(f"diff_run: command not found: {command[0]}", file=sys.stderr)
            return 2
    if not os.path.isfile(args.program):
        print(f"diff_run: no such program: {args.program}", file=sys.stderr)
        return 2
    stdin_bytes = b""
    if args.stdin:
        with open(args.stdin, "rb") as f:
            stdin_bytes = f.read()

    if args.expect_stdout:
        with open(args.expect_stdout, "rb") as f:
            expected = Outcome(f.read(), b"", args.expect_status, False)
        expected_label = "expected"
        check_stderr = False
    else:
        expected = run_one(args.oracle, args, stdin_bytes, args.timeout)
        expected_label = "oracle"
        check_stderr = not args.no_stderr
        if expected.timed_out:
            print(f"diff_run: the oracle timed out after {args.timeout} s", file=sys.stderr)
            return 2
    actual = run_one(args.emulator, args, stdin_bytes, args.timeout)

    report = compare(expected, actual, expected_label, check_stderr)
    command = " ".join(shlex.quote(a) for a in [args.program] + args.args)
    if len(command) > 300:
        command = f"{command[:300]}... ({len(args.args)} arguments)"
    if report:
        print(f"MISMATCH: {command}\n{report}", end="")
        return 1
    print(f"match: {command} ({actual.describe_status()}, {len(actual.stdout)} bytes of stdout)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
