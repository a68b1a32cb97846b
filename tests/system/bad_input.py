#!/usr/bin/env python3
"""Bad input to `polyvm boot` (issue 4, point 4): missing, empty, truncated or compressed
firmware, kernel and initrd; a kernel that does not fit in RAM; absurd -m and -smp; disk images
that cannot be used as asked or are in use by another polyvm. Each case must end quickly with a
non-zero exit status (not a signal), exactly one stderr line "polyvm: ..." that names the
problem, nothing on the console, and every disk image involved exactly as it was (sha256), or
still absent if it was absent.

    bad_input.py --polyvm build/release/polyvm CASE      # one case (what ctest runs)
    bad_input.py --polyvm build/release/polyvm --all
    bad_input.py --list
"""

import os
import re
import select
import struct
import subprocess
import sys
import time

import harness

TIMEOUT = 10.0  # errors are found before the machine runs; a hang means one was not


def write(c, name, data, mode=0o644):
    path = os.path.join(c.fx.scratch, name)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)
    return path


def head(path, size):
    with open(path, "rb") as f:
        return f.read(size)


def riscv_image(image_size):
    """A 64-byte Image header (boot-image-header.rst) with no EFI/PE header, then 4 KiB."""
    header = struct.pack("<IIQQQIIQ8s4sI", 0x0000006F, 0, 0x200000, image_size, 0, 2, 0, 0,
                         b"RISCV\0\0\0", b"RSC\x05", 0)
    return header + bytes(4096)


def check(c, args, message, disks=(), wrapper=None):
    """Runs `polyvm boot ARGS`; MESSAGE is a regex the one error line must match."""
    before = {d: harness.sha256(d) if os.path.exists(d) else None for d in disks}
    command = (wrapper or []) + [c.polyvm, "boot"] + args
    try:
        proc = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=TIMEOUT * c.scale, cwd=c.fx.scratch)
    except subprocess.TimeoutExpired as e:
        return [f"timed out after {TIMEOUT * c.scale} s"], (e.stdout or b"").decode("utf-8",
                                                                                   "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    problems = []
    if proc.returncode < 0:
        problems.append(f"killed by signal {-proc.returncode}")
    elif proc.returncode == 0:
        problems.append("exit status 0")
    lines = stderr.splitlines()
    if len(lines) != 1 or not lines[0].startswith("polyvm: "):
        problems.append(f"stderr is not one line starting with 'polyvm: ': {stderr!r}")
    elif not re.search(message, lines[0], re.IGNORECASE):
        problems.append(f"the message does not match {message!r}: {lines[0]!r}")
    if proc.stdout:
        problems.append(f"console output: {proc.stdout[:300]!r}")
    if harness.CRASH.search(stderr):
        problems.append("crash report on stderr")
    for disk, digest in before.items():
        after = harness.sha256(disk) if os.path.exists(disk) else None
        if after != digest:
            problems.append(f"{disk} was {'created' if digest is None else 'changed'}")
    return problems, stderr


def linux(c, kernel=None, initrd=None):
    return ["-kernel", kernel or c.fx.image(),
            "-initrd", initrd or c.fx.riscv64("initramfs-init.cpio.gz"), "-append", harness.APPEND]


# --- kernel -------------------------------------------------------------------------------
def case_missing_kernel(c):
    return check(c, linux(c, kernel=f"{c.fx.scratch}/no-such-Image"),
                 r"no-such-Image.*(No such|not)")


def case_empty_kernel(c):
    return check(c, linux(c, kernel=write(c, "empty-Image", b"")), r"empty")


def case_truncated_kernel(c):
    # the first MiB of the 2.6 MB Image: its EFI header tells the real length
    return check(c, linux(c, kernel=write(c, "Image-1MiB", head(c.fx.image(), 1 << 20))),
                 r"truncated")


def case_kernel_header_only(c):
    # the 64-byte Image header and nothing after it
    return check(c, linux(c, kernel=write(c, "Image-64", head(c.fx.image(), 64))),
                 r"truncated|short|header")


def case_gzip_kernel(c):
    return check(c, linux(c, kernel=c.fx.path("riscv64", "Image.gz")), r"gunzip")


def case_kernel_image_size_huge(c):
    # a valid header whose image_size (text + bss) is 1 GiB, with 128 MiB of RAM
    return check(c, linux(c, kernel=write(c, "Image-1GiB", riscv_image(1 << 30))),
                 r"does not fit|-m")


def case_kernel_larger_than_ram(c):
    big = write(c, "big-kernel", b"")
    os.truncate(big, 40 << 20)  # 40 MiB of zeros (sparse), RAM 16 MiB
    return check(c, ["-m", "16"] + linux(c, kernel=big), r"does not fit|-m")


# --- firmware -----------------------------------------------------------------------------
def fw_jump(c):
    return c.fx.riscv64("firmware/fw_jump.bin")


def case_missing_firmware(c):
    return check(c, ["-bios", f"{c.fx.scratch}/no-such-fw.bin"] + linux(c), r"no-such-fw\.bin")


def case_empty_firmware(c):
    return check(c, ["-bios", write(c, "empty-fw.bin", b"")] + linux(c), r"empty")


def case_truncated_firmware(c):
    # the first half of fw_jump.bin: a raw binary has no length field, so polyvm has to notice
    # another way (or run it and report the guest's failure) but must not hang
    half = head(fw_jump(c), os.path.getsize(fw_jump(c)) // 2)
    return check(c, ["-bios", write(c, "half-fw_jump.bin", half)] + linux(c),
                 r"firmware|truncated")


def case_truncated_firmware_elf(c):
    # Debian's OpenSBI as an ELF (scripts/setup installs the opensbi package): its program
    # headers say how long it must be, so a cut-off copy is refused
    elf = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf"
    if not os.path.exists(elf):
        return [f"{elf} is missing: scripts/setup installs the opensbi package"], ""
    half = head(elf, os.path.getsize(elf) // 2)
    return check(c, ["-bios", write(c, "half-fw_jump.elf", half)] + linux(c), r"truncated")


# --- initrd -------------------------------------------------------------------------------
def case_missing_initrd(c):
    return check(c, linux(c, initrd=f"{c.fx.scratch}/no-such-initrd.cpio.gz"),
                 r"no-such-initrd")


def case_empty_initrd(c):
    return check(c, linux(c, initrd=write(c, "empty.cpio.gz", b"")), r"empty")


# --- -m and -smp --------------------------------------------------------------------------
def case_memory_zero(c):
    return check(c, ["-m", "0"] + linux(c), r"-m 0")


def case_memory_1t(c):
    return check(c, ["-m", "1T"] + linux(c), r"-m 1T")


def case_memory_abc(c):
    return check(c, ["-m", "abc"] + linux(c), r"-m abc")


def case_smp_zero(c):
    return check(c, ["-smp", "0"] + linux(c), r"-smp 0")


def case_smp_huge(c):
    return check(c, ["-smp", "100000"] + linux(c), r"-smp 100000")


# --- disks: each must be byte for byte what it was ------------------------------------------
def drive(path, extra=""):
    return ["-drive", f"file={path},format=raw,if=virtio{extra}"]


def case_disk_read_only_file(c):
    # mode 444 without readonly=on; root may write anything, so a root runner drops to nobody
    disk = c.fx.disk()
    os.chmod(disk, 0o444)
    os.chmod(c.fx.scratch, 0o755)
    wrapper = None
    if os.geteuid() == 0:
        wrapper = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return check(c, drive(disk) + linux(c), r"readonly=on", disks=[disk], wrapper=wrapper)


def case_disk_qcow2_format(c):
    disk = c.fx.disk()
    return check(c, ["-drive", f"file={disk},format=qcow2,if=virtio"] + linux(c), r"raw",
                 disks=[disk])


def case_disk_missing(c):
    disk = f"{c.fx.scratch}/no-such-disk.img"
    return check(c, drive(disk) + linux(c), r"no-such-disk\.img", disks=[disk])


def case_disk_empty(c):
    disk = write(c, "empty.img", b"")
    return check(c, drive(disk) + linux(c), r"empty|sector", disks=[disk])


def case_disk_with_missing_kernel(c):
    # the disk is opened read-write before the kernel turns out to be missing
    disk = c.fx.disk()
    return check(c, drive(disk) + linux(c, kernel=f"{c.fx.scratch}/no-such-Image"),
                 r"no-such-Image", disks=[disk])


def case_disk_with_kernel_too_big(c):
    disk = c.fx.disk()
    kernel = write(c, "Image-1GiB", riscv_image(1 << 30))
    return check(c, drive(disk) + linux(c, kernel=kernel), r"does not fit|-m", disks=[disk])


def case_disk_in_use(c):
    # another polyvm has the image open read-write (it sits at its shell prompt); the second one
    # must refuse it, even read-only, and the first must still run and power off
    disk = c.fx.disk()
    first = subprocess.Popen([c.polyvm, "boot"] + drive(disk) +
                             linux(c, initrd=c.fx.riscv64("initramfs-busybox.cpio.gz")),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    try:
        console = read_until(first, b"fixture-sh# ", 30 * c.scale)
        if b"fixture-sh# " not in console:
            return ["the first polyvm did not reach its shell prompt"], console.decode("latin-1")
        problems, stderr = check(c, drive(disk) + linux(c), r"another process", disks=[disk])
        more, _ = check(c, drive(disk, ",readonly=on") + linux(c), r"another process",
                        disks=[disk])
        problems += [f"readonly=on: {p}" for p in more]
        first.stdin.write(b"poweroff -f\r")
        first.stdin.flush()
        if first.wait(30 * c.scale) != 0:
            problems.append(f"the first polyvm exited {first.returncode}")
        return problems, stderr
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


def read_until(proc, marker, timeout):
    """What PROC prints until MARKER appears, it closes its output, or TIMEOUT passes."""
    deadline, out = time.monotonic() + timeout, b""
    while marker not in out and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.1)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
    return out


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    sys.exit(harness.main(__doc__.splitlines()[0], CASES, sys.argv[1:]))
