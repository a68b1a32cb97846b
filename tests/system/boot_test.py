#!/usr/bin/env python3
"""Boots of the shared fixtures under `polyvm boot -M virt` (issue 4, point 4): Linux with the C
init and the busybox initramfs, a shell driven through the console, virtio-blk read, write and
read-only, virtio-console output, and U-Boot's prompt. The expected lines are the fixtures
README's (its QEMU 7.2 runs and the fixture init's fixed results are the outside oracle), checked
in order, with the exit status; the disk and console tests also check the host files byte for
byte. The cases were checked against qemu-system-riscv64 too (same lines, same bytes).

    boot_test.py --polyvm build/release/polyvm CASE     # one case (what ctest runs)
    boot_test.py --polyvm build/release/polyvm --all -v # every case, consoles of failures
    boot_test.py --list

Timeouts are about 20 times a boot on an idle machine (~1 s): the CI machine has 2 shared cores.
"""

import os
import sys

import harness

LINUX_TIMEOUT = 20.0

OPENSBI = [r"OpenSBI v1\.1", r"Platform Name\s+: riscv-virtio,qemu"]
LINUX = [r"Linux version 6\.1\.192 \(fixtures@debian\)", r"Run /init as init process"]
INIT_RESULTS = [
    r"fixture-init: userspace reached",
    r"fixture-init: uname: Linux 6\.1\.192 #1 Thu Jan  1 00:00:00 UTC 2025 riscv64",
    r"fixture-init: result primes_below_2000000=148933 sum=142913828922",
    r"fixture-init: result crc32_1MiB=0x665310df",
    r"fixture-init: result hash64=0x4d3b7254e75c4484",
    r"fixture-init: result basel_sum=1\.644933066848770 pi_approx=3\.141591698660509",
    r"fixture-init: powering off",
    r"reboot: Power down",
]
BUSYBOX_RESULTS = [
    r"fixture-busybox: userspace reached",
    r"fixture-busybox: uname: Linux 6\.1\.192 riscv64",
    r"fixture-busybox: BusyBox v1\.35\.0 \(Debian 1:1\.35\.0-4\+deb12u1 \(riscv64 cross build\)\)",
    r"fixture-busybox: cpus=1",
    r"fixture-busybox: result seq_sum=50005000",
    r"fixture-busybox: result md5=e071f707df7bbeee2a6a1eb48011ddd0",
    r"fixture-busybox: result sha256="
    r"e80b71cd14d3cbd65f4173abcbfcf01a545dbca32a72d575108b553a648cc96f",
]
VDA = [
    r"virtio_blk virtio0: \[vda\] 2048 512-byte logical blocks \(1\.05 MB/1\.00 MiB\)",
    r"fixture-init: vda: first 4KiB crc32=0x6ce3c48c",
    r"fixture-init: vda: mounted ext2, /mnt/fixture.txt follows",
    r"fixture-disk: hello from ext2 on virtio-blk",
    r"fixture-disk: line 2 of 2",
]
PROMPT = r"fixture-sh# "


def linux(c, initrd, append=harness.APPEND, extra=()):
    return (["-kernel", c.fx.image(), "-initrd", c.fx.riscv64(initrd), "-append", append] +
            list(extra))


def case_linux_init(c):
    return c.boot(linux(c, "initramfs-init.cpio.gz"),
                  OPENSBI + [r"Platform HART Count\s+: 1", r"Domain0 Next Address\s+: "
                             r"0x0000000080200000"] + LINUX[:1] +
                  [r"10000000\.serial: ttyS0 at MMIO 0x10000000"] + LINUX[1:] + INIT_RESULTS,
                  timeout=LINUX_TIMEOUT)


def case_linux_init_smp2(c):
    # The fixture kernel is built without SMP: OpenSBI sees two harts, Linux runs on one.
    return c.boot(linux(c, "initramfs-init.cpio.gz", extra=["-smp", "2"]),
                  OPENSBI + [r"Platform HART Count\s+: 2"] + LINUX + INIT_RESULTS,
                  timeout=LINUX_TIMEOUT)


def case_linux_init_hvc0(c):
    return c.boot(linux(c, "initramfs-init.cpio.gz", "console=hvc0 earlycon=sbi panic=-1"),
                  LINUX[:1] + [r"printk: console \[hvc0\] enabled"] + LINUX[1:] + INIT_RESULTS,
                  timeout=LINUX_TIMEOUT)


def case_busybox_autoexit(c):
    return c.boot(linux(c, "initramfs-busybox.cpio.gz", harness.APPEND + " fixture.autoexit"),
                  LINUX + BUSYBOX_RESULTS + [r"fixture-busybox: powering off",
                                             r"reboot: Power down"],
                  timeout=LINUX_TIMEOUT)


def case_busybox_shell(c):
    # typed-ok-42 only appears if the shell evaluated what the UART received
    return c.boot(linux(c, "initramfs-busybox.cpio.gz"),
                  LINUX + BUSYBOX_RESULTS + [PROMPT, r"typed-ok-42", r"reboot: Power down"],
                  sends=[(PROMPT, "echo typed-ok-$((6*7))\r"), (r"typed-ok-42", "poweroff -f\r")],
                  timeout=LINUX_TIMEOUT)


def case_virtio_blk_read(c):
    disk = c.fx.disk()
    before = harness.sha256(disk)
    problems, console = c.boot(
        linux(c, "initramfs-init.cpio.gz", extra=["-drive", f"file={disk},format=raw,if=virtio"]),
        LINUX[:1] + VDA[:1] + LINUX[1:] + INIT_RESULTS[:-2] + VDA[1:] + INIT_RESULTS[-2:],
        timeout=LINUX_TIMEOUT)
    if harness.sha256(disk) != before:
        problems.append("the disk changed, but the guest only mounted it read-only")
    return problems, console


# Two writes through the busybox shell: a short one into sector 1 (ext2 leaves the first 1 KiB
# unused) and 48,894 bytes spanning many sectors at 256 KiB; fsync makes the guest send FLUSH.
SHORT, SHORT_AT = b"polyvm-wrote-this\n", 512
LONG, LONG_AT = "".join(f"{i}\n" for i in range(1, 10001)).encode(), 256 * 1024
WRITE_COMMANDS = ("echo polyvm-wrote-this | dd of=/dev/vda bs=512 seek=1 conv=fsync; "
                  "seq 1 10000 | dd of=/dev/vda bs=4096 seek=64 conv=fsync; echo dd-status-$?\r")


def write_session(c, drive, status):
    return c.boot(linux(c, "initramfs-busybox.cpio.gz", extra=["-drive", drive]),
                  LINUX + [PROMPT, status, r"reboot: Power down"],
                  sends=[(PROMPT, WRITE_COMMANDS), (r"dd-status-\d", "poweroff -f\r")],
                  timeout=LINUX_TIMEOUT)


def case_virtio_blk_write(c):
    disk = c.fx.disk()
    with open(disk, "rb") as f:
        expected = bytearray(f.read())
    expected[SHORT_AT:SHORT_AT + len(SHORT)] = SHORT
    expected[LONG_AT:LONG_AT + len(LONG)] = LONG
    problems, console = write_session(c, f"file={disk},format=raw,if=virtio", r"dd-status-0")
    with open(disk, "rb") as f:
        actual = f.read()
    if actual != expected:
        if len(actual) != len(expected):
            problems.append(f"the disk is {len(actual)} bytes, was {len(expected)}")
        else:
            diff = [i for i in range(len(actual)) if actual[i] != expected[i]]
            problems.append(f"{len(diff)} bytes differ from what the guest wrote, the first at "
                            f"{diff[0]}: {actual[diff[0]:diff[0] + 24]!r}")
    return problems, console


def case_virtio_blk_readonly(c):
    disk = c.fx.disk()
    before = harness.sha256(disk)
    # Linux sees a read-only disk (VIRTIO_BLK_F_RO): dd fails
    problems, console = write_session(c, f"file={disk},format=raw,if=virtio,readonly=on",
                                      r"dd-status-1")
    if harness.sha256(disk) != before:
        problems.append("the read-only disk changed on the host")
    return problems, console


def case_virtio_console(c):
    # the C init writes one line to every /dev/hvc1..7 (hvc0 is the SBI console); the tty turns
    # its \n into \r\n, as qemu-system-riscv64's chardev file shows
    out = f"{c.fx.scratch}/hvc1.txt"
    problems, console = c.boot(
        linux(c, "initramfs-init.cpio.gz", extra=["-device", f"virtconsole,file={out}"]),
        LINUX + INIT_RESULTS[:-2] + [r"fixture-init: /dev/hvc1: wrote 48 bytes"] +
        INIT_RESULTS[-2:], timeout=LINUX_TIMEOUT)
    expected = b"fixture-init: hello on virtio-console /dev/hvc1\r\n"
    received = open(out, "rb").read() if os.path.exists(out) else None
    if received != expected:
        problems.append(f"{out} holds {received!r}, expected {expected!r}")
    return problems, console


def case_uboot_commands(c):
    # U-Boot as the kernel after the default firmware (Debian's fw_jump), with -m 256 so that
    # bdinfo's size comes from -m and not from a default.
    return c.boot(["-m", "256", "-kernel", c.fx.riscv64("firmware/u-boot.bin")],
                  OPENSBI + [r"U-Boot 2023\.01\+dfsg-2\+deb12u3", r"DRAM:  256 MiB",
                             r"Hit any key to stop autoboot", r"=> version",
                             r"\nU-Boot 2023\.01", r"GNU ld", r"=> bdinfo",
                             r"-> start\s+= 0x0000000080000000", r"-> size\s+= 0x0000000010000000",
                             r"=> poweroff"],
                  sends=[(r"Hit any key to stop autoboot", "\r"), (r"\n=> $", "version\r"),
                         (r"GNU ld[^\n]*\n=> ", "bdinfo\r"),
                         (r"bdinfo\r?\n[\s\S]*\n=> ", "poweroff\r")],
                  timeout=LINUX_TIMEOUT)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    sys.exit(harness.main(__doc__.splitlines()[0], CASES, sys.argv[1:]))
