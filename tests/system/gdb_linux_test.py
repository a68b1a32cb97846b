#!/usr/bin/env python3
"""gdb-multiarch against the Linux fixture under `polyvm boot -gdb tcp::PORT -S` (issue 5, point
4): break on a function, backtrace, print variables, step, a write watchpoint, continue to the
guest's poweroff. The fixture has no vmlinux, so gdb gets an ELF of symbols from System.map
(assembled with the riscv64 binutils); the expected values come from outside polyvm: System.map,
the kernel's INITIAL_JIFFIES with its CONFIG_HZ, the banner in the fixture README and the
instruction length the Image's bytes encode.

    gdb_linux_test.py --polyvm build/release/polyvm --fixtures ../shared/fixtures
"""

import argparse
import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

import harness

KERNEL_TEXT = 0xFFFFFFFF80000000  # the Image's first byte is mapped here (System.map's _start)
FUNCTIONS = ["kernel_init", "ret_from_exception"]
OBJECTS = ["linux_banner", "jiffies"]
HZ = 250  # the fixture's kernel.config: CONFIG_HZ_250
INITIAL_JIFFIES = (-300 * HZ) & 0xFFFFFFFF  # include/linux/jiffies.h, on a 64-bit kernel


def system_map(fixtures):
    symbols = {}
    with gzip.open(os.path.join(fixtures, "riscv64", "System.map.gz"), "rt") as f:
        for line in f:
            address, _kind, name = line.split()
            symbols[name] = int(address, 16)
    return symbols


def symbol_elf(symbols, scratch):
    """An ELF whose only content is the symbols gdb needs, at their System.map addresses."""
    names = sorted(FUNCTIONS + OBJECTS, key=lambda n: symbols[n])
    lines = ['.section .text,"ax"']
    for name in names:
        kind = "@function" if name in FUNCTIONS else "@object"
        lines += [f".org {symbols[name] - KERNEL_TEXT:#x}", f".globl {name}",
                  f".type {name}, {kind}", f"{name}:"]
    source = os.path.join(scratch, "symbols.S")
    with open(source, "w") as f:
        f.write("\n".join(lines) + "\n")
    obj, elf = os.path.join(scratch, "symbols.o"), os.path.join(scratch, "symbols.elf")
    subprocess.run(["riscv64-linux-gnu-as", source, "-o", obj], check=True)
    subprocess.run(["riscv64-linux-gnu-ld", f"-Ttext={KERNEL_TEXT:#x}", "-e", "0", obj, "-o", elf],
                   check=True)
    return elf


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polyvm", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()
    for tool in ("gdb-multiarch", "riscv64-linux-gnu-as", "riscv64-linux-gnu-ld"):
        if not shutil.which(tool):
            print(f"SKIPPED: {tool} is not installed (scripts/setup installs it)")
            return 77
    if not os.path.isdir(os.path.join(args.fixtures, "riscv64")):
        print(f"SKIPPED: no fixtures at {args.fixtures}")
        return 77
    symbols = system_map(args.fixtures)
    with tempfile.TemporaryDirectory() as scratch:
        image = harness.Fixtures(args.fixtures, scratch).image()
        with open(image, "rb") as f:
            f.seek(symbols["kernel_init"] - KERNEL_TEXT)
            first = f.read(2)[0]
        step_length = 4 if first & 3 == 3 else 2  # Unpriv 1.5: the length encoding
        elf = symbol_elf(symbols, scratch)
        port = free_port()
        vm = subprocess.Popen(
            [args.polyvm, "boot", "-gdb", f"tcp::{port}", "-S", "-kernel", image,
             "-initrd", os.path.join(args.fixtures, "riscv64", "initramfs-init.cpio.gz"),
             "-append", "console=ttyS0 panic=-1", "-serial", "null"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        commands = ["set architecture riscv:rv64", f"file {elf}", f"target remote :{port}",
                    "break kernel_init", "continue", "bt 2",
                    "print/x *(unsigned long *)&jiffies", "x/s &linux_banner", "stepi",
                    "print/x $pc", "delete", "watch *(unsigned long *)&jiffies", "continue",
                    "print/x *(unsigned long *)&jiffies", "delete", "continue"]
        gdb = subprocess.run(["gdb-multiarch", "-nx", "-batch"] +
                             [a for c in commands for a in ("-ex", c)],
                             capture_output=True, text=True, timeout=120)
        try:
            status = vm.wait(timeout=60)
        except subprocess.TimeoutExpired:
            vm.kill()
            status = "timeout"
    out = gdb.stdout + gdb.stderr
    print(out)
    failures = []
    harness.check(re.search(r"Breakpoint 1, 0x0*%x in kernel_init" % symbols["kernel_init"], out) is not None,
          "break kernel_init stops there", failures)
    # Kernel threads start with ra = ret_from_exception (arch/riscv/kernel/entry.S).
    harness.check(re.search(r"#1 +0x0*%x in " % symbols["ret_from_exception"], out) is not None,
          "bt: kernel_init returns to ret_from_exception (System.map)", failures)
    values = [int(v, 16) for v in re.findall(r"\$\d+ = (0x[0-9a-f]+)", out)]
    harness.check(len(values) == 3, "three printed values", failures)
    if len(values) == 3:
        jiffies, pc, later = values
        harness.check(INITIAL_JIFFIES <= jiffies < INITIAL_JIFFIES + 60 * HZ,
              f"jiffies at kernel_init ({jiffies:#x}) is a minute or less past INITIAL_JIFFIES",
              failures)
        harness.check(pc == symbols["kernel_init"] + step_length,
              f"stepi moves pc by the instruction's length ({step_length})", failures)
        harness.check(later == jiffies + 1 or later > jiffies, "the watchpoint saw jiffies change", failures)
    harness.check("Linux version 6.1.192" in out, "x/s linux_banner reads the banner", failures)
    harness.check("Hardware watchpoint 2" in out and "New value" in out, "the watchpoint fired", failures)
    harness.check("exited normally" in out, "continue runs to the guest's poweroff (W00)", failures)
    harness.check(status == 0, f"polyvm exit status 0 (got {status})", failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
