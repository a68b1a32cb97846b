#!/usr/bin/env python3
"""Differential runner for bare-metal riscv64 programs: polyvm's spike board must behave like QEMU's.

Runs ELF under the oracle (`qemu-system-riscv64 -M spike -bios none -nographic -kernel ELF`) and
under the emulator (`polyvm boot -M spike -kernel ELF`), each with a timeout, and compares stdout
(the program's HTIF console) and the exit status (the HTIF exit code). Exit status 0 on a match;
1 with a unified diff on a mismatch; 2 on a usage or setup error (or when the oracle times out).

The commands can be overridden through the environment, e.g. to check the tests themselves:
    POLYVM_TEST_EMULATOR="qemu-system-riscv64 -M spike -bios none -nographic -kernel" \\
        tests/tools/system_diff_run.py build/release/tests/isa/riscv64/priv/traps
"""

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from diff_run import Outcome, text_diff  # noqa: E402  (the user-mode runner, same directory)

DEFAULT_ORACLE = "qemu-system-riscv64 -M spike -bios none -nographic -kernel"
DEFAULT_EMULATOR = "polyvm boot -M spike -kernel"


def run_one(command, program, timeout):
    """Runs command + [program] with no stdin; the ELF path is the command's last argument."""
    proc = subprocess.Popen(command + [program], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return Outcome(out, err, proc.returncode, False)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return Outcome(out, err, proc.returncode, True)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per run")
    p.add_argument("--oracle", help="oracle command, the ELF is appended "
                   f"(else env POLYVM_TEST_ORACLE, else '{DEFAULT_ORACLE}')")
    p.add_argument("--emulator", help="emulator command, the ELF is appended (env "
                   f"POLYVM_TEST_EMULATOR overrides it; default '{DEFAULT_EMULATOR}')")
    p.add_argument("program", help="the bare-metal ELF")
    args = p.parse_args(argv)
    # As in diff_run.py: --oracle beats the environment, the environment beats --emulator.
    oracle = args.oracle or os.environ.get("POLYVM_TEST_ORACLE") or DEFAULT_ORACLE
    emulator = os.environ.get("POLYVM_TEST_EMULATOR") or args.emulator or DEFAULT_EMULATOR
    args.oracle, args.emulator = shlex.split(oracle), shlex.split(emulator)
    args.program = os.path.abspath(args.program)
    return args


def main(argv):
    args = parse_args(argv)
    missing = [c[0] for c in (args.oracle, args.emulator) if not shutil.which(c[0])]
    if missing or not os.path.isfile(args.program):
        what = f"command not found: {missing[0]}" if missing else f"no such file: {args.program}"
        print(f"system_diff_run: {what}", file=sys.stderr)
        return 2

    expected = run_one(args.oracle, args.program, args.timeout)
    if expected.timed_out:
        print(f"system_diff_run: the oracle timed out after {args.timeout} s", file=sys.stderr)
        return 2
    actual = run_one(args.emulator, args.program, args.timeout)

    report = []
    if actual.timed_out or expected.status != actual.status:
        report.append(f"status: oracle: {expected.describe_status()}, "
                      f"polyvm: {actual.describe_status()}\n")
    report.append(text_diff("stdout", expected.stdout, actual.stdout, "oracle", "polyvm"))
    report = "".join(report)
    if report:
        print(f"MISMATCH: {args.program}\n{report}", end="")
        stderr = actual.stderr.decode("utf-8", "replace").strip()
        if stderr:
            print(f"polyvm stderr (last lines):\n{os.linesep.join(stderr.splitlines()[-20:])}")
        return 1
    print(f"match: {args.program} ({actual.describe_status()}, "
          f"{len(actual.stdout)} bytes of stdout)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
