#!/usr/bin/env python3
"""Bad input to `polyvm run`: each case must end with exactly one line on stderr starting with
"polyvm: ", nothing on stdout, and a non-zero exit status (not a signal, not a hang).

    bad_input.py --polyvm build/release/polyvm CASE     # one case (what ctest runs)
    bad_input.py --polyvm build/release/polyvm --all    # every case
    bad_input.py --list

The inputs are generated here: a minimal valid riscv64 ELF (the `valid` case checks that it runs
and exits 7, so the broken variants differ from a working program only by the damage) and its
damaged variants.
"""

import argparse
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile

SYSROOT = "/usr/riscv64-linux-gnu"
EM_RISCV = 243
PT_LOAD, PT_INTERP = 1, 3
BASE = 0x10000
EHDR_SIZE, PHDR_SIZE = 64, 56
# addi a0, zero, 7; addi a7, zero, 93 (exit); ecall
CODE = struct.pack("<3I", 0x00700513, 0x05D00893, 0x00000073)


def elf(phdrs_extra=None, interp=None, **fields):
    """A static riscv64 executable that exits with status 7; fields override header values."""
    interp_bytes = interp.encode() + b"\0" if interp else b""
    phnum = 2 if interp else 1
    code_off = EHDR_SIZE + phnum * PHDR_SIZE
    interp_off = code_off + len(CODE)
    size = interp_off + len(interp_bytes)
    h = dict(ei_class=2, ei_data=1, e_type=2, e_machine=EM_RISCV, e_entry=BASE + code_off,
             e_phoff=EHDR_SIZE, e_phnum=phnum, e_phentsize=PHDR_SIZE,
             p_vaddr=BASE, p_offset=0, p_filesz=size, p_memsz=size)
    h.update(fields)
    ident = b"\x7fELF" + bytes([h["ei_class"], h["ei_data"], 1, 0]) + bytes(8)
    header = ident + struct.pack("<HHIQQQIHHHHHH", h["e_type"], h["e_machine"], 1, h["e_entry"],
                                 h["e_phoff"], 0, 0x5, EHDR_SIZE, h["e_phentsize"], h["e_phnum"],
                                 64, 0, 0)
    load = struct.pack("<IIQQQQQQ", PT_LOAD, 5, h["p_offset"], h["p_vaddr"], h["p_vaddr"],
                       h["p_filesz"], h["p_memsz"], 0x1000)
    phdrs = load
    if interp:
        phdrs = struct.pack("<IIQQQQQQ", PT_INTERP, 4, interp_off, BASE + interp_off,
                            BASE + interp_off, len(interp_bytes), len(interp_bytes), 1) + load
    return header + phdrs + CODE + interp_bytes


def write(path, data, mode=0o755):
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)
    return path


# Each case: (description, function(workdir) -> (argv after `polyvm run`, preexec user switch)).
def case_valid(d):
    return [write(f"{d}/valid", elf())], None


def case_not_elf(d):
    return [write(f"{d}/text.txt", b"this is a text file, not a program\n")], None


def case_shell_script(d):
    return [write(f"{d}/script.sh", b"#!/bin/sh\necho hello\n")], None


def case_empty(d):
    return [write(f"{d}/empty", b"")], None


def case_truncated(d):
    return [write(f"{d}/truncated", elf()[:100])], None


def case_wrong_machine(d):
    return [shutil.which("true") or "/bin/true"], None


def case_elf32(d):
    return [write(f"{d}/elf32", elf(ei_class=1))], None


def case_big_endian(d):
    return [write(f"{d}/big_endian", elf(ei_data=2))], None


def case_relocatable(d):
    return [write(f"{d}/object.o", elf(e_type=1))], None


def case_phnum_huge(d):
    return [write(f"{d}/phnum_huge", elf(e_phnum=0xFFFF))], None


def case_phentsize_wrong(d):
    return [write(f"{d}/phentsize", elf(e_phentsize=12))], None


def case_phoff_beyond_file(d):
    return [write(f"{d}/phoff", elf(e_phoff=1 << 40))], None


def case_filesz_beyond_file(d):
    return [write(f"{d}/filesz", elf(p_filesz=1 << 20, p_memsz=1 << 20))], None


def case_memsz_below_filesz(d):
    return [write(f"{d}/memsz", elf(p_memsz=16))], None


def case_vaddr_beyond_47_bits(d):
    return [write(f"{d}/vaddr", elf(p_vaddr=1 << 50, e_entry=(1 << 50) + 120))], None


def case_vaddr_wraps(d):
    return [write(f"{d}/wraps", elf(p_vaddr=0xFFFFFFFFFFFFF000, e_entry=0xFFFFFFFFFFFFF078))], None


def case_directory(d):
    os.mkdir(f"{d}/a_directory")
    return [f"{d}/a_directory"], None


def case_missing_file(d):
    return [f"{d}/does-not-exist"], None


def case_dangling_symlink(d):
    os.symlink(f"{d}/nowhere", f"{d}/dangling")
    return [f"{d}/dangling"], None


def case_unreadable(d):
    # Root reads any file, so a root runner drops to `nobody` for this case (setpriv, util-linux).
    path = write(f"{d}/unreadable", elf(), mode=0o000)
    os.chmod(d, 0o755)
    if os.geteuid() != 0:
        return [path], None
    return [path], ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def case_missing_interpreter(d):
    prog = write(f"{d}/dynamic", elf(interp="/lib/ld-linux-riscv64-lp64d.so.1"))
    return ["-L", "/nonexistent", prog], None


def case_interpreter_not_elf(d):
    write(f"{d}/fake-ld.so", b"not an interpreter\n")
    return [write(f"{d}/dynamic", elf(interp=f"{d}/fake-ld.so"))], None


def case_no_program(d):
    return [], None


CASES = {name[5:]: fn for name, fn in sorted(globals().items()) if name.startswith("case_")}


def run_case(polyvm, name, timeout):
    """Returns a list of problems (empty: the case passed)."""
    workdir = tempfile.mkdtemp(prefix="polyvm-bad-input-")
    try:
        args, wrapper = CASES[name](workdir)
        command = (wrapper or []) + [polyvm, "run"] + args
        try:
            proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout, cwd=workdir)
        except subprocess.TimeoutExpired:
            return [f"timed out after {timeout} s"]
    finally:
        for root, dirs, _ in os.walk(workdir):
            for entry in dirs:
                os.chmod(os.path.join(root, entry), stat.S_IRWXU)
        shutil.rmtree(workdir, ignore_errors=True)

    stderr = proc.stderr.decode("utf-8", "replace")
    if name == "valid":
        return [] if proc.returncode == 7 else [f"the valid program exited {proc.returncode}, "
                                                 f"not 7; stderr: {stderr!r}"]
    problems = []
    if proc.returncode < 0:
        problems.append(f"killed by signal {-proc.returncode}")
    elif proc.returncode == 0:
        problems.append("exit status 0")
    lines = stderr.splitlines()
    if len(lines) != 1 or not lines[0].startswith("polyvm: "):
        problems.append(f"stderr is not one line starting with 'polyvm: ': {stderr!r}")
    if proc.stdout:
        problems.append(f"stdout not empty: {proc.stdout[:200]!r}")
    return problems


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--polyvm", default=os.environ.get("POLYVM", "polyvm"), help="the polyvm binary")
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("--all", action="store_true")
    p.add_argument("--list", action="store_true")
    p.add_argument("cases", nargs="*")
    args = p.parse_args(argv)
    if args.list:
        print("\n".join(CASES))
        return 0
    names = list(CASES) if args.all else args.cases
    unknown = [n for n in names if n not in CASES]
    if unknown or not names:
        print(f"bad_input.py: unknown or no cases: {unknown}; see --list", file=sys.stderr)
        return 2
    polyvm = os.path.abspath(args.polyvm) if os.sep in args.polyvm else args.polyvm
    failed = 0
    for name in names:
        problems = run_case(polyvm, name, args.timeout)
        print(f"{'ok' if not problems else 'FAIL'}: {name}" + "".join(f"\n  {x}" for x in problems))
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
