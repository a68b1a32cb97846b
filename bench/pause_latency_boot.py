#!/usr/bin/env python3
"""Pause latency of a system-mode VM (issue 5's target: median under 1 ms): the busybox fixture
boots under `polyvm boot --control`, its shell is given a busy loop, then `stop` is sent many
times; the time to stop's return and to the STOP event is measured, as bench/pause_latency.py
does for user mode.

usage: bench/pause_latency_boot.py [--polyvm build/release/polyvm] [--fixtures ../shared/fixtures]
                                   [-n 200]"""
import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "control"))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from qmp_client import QmpClient  # noqa: E402
from pause_latency import stop_rounds, summary  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polyvm", default=os.path.join(ROOT, "build", "release", "polyvm"))
    parser.add_argument("--fixtures", default=os.path.join(ROOT, "..", "shared", "fixtures"))
    parser.add_argument("-n", "--rounds", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        image, socket_path = os.path.join(scratch, "Image"), os.path.join(scratch, "vm.sock")
        with gzip.open(os.path.join(args.fixtures, "riscv64", "Image.gz"), "rb") as src:
            with open(image, "wb") as dst:
                shutil.copyfileobj(src, dst)
        vm = subprocess.Popen(
            [args.polyvm, "boot", "--control", f"unix:{socket_path}", "-kernel", image,
             "-initrd", os.path.join(args.fixtures, "riscv64", "initramfs-busybox.cpio.gz"),
             "-append", "console=ttyS0 panic=-1"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = QmpClient(socket_path)
        time.sleep(3)  # the shell prompt is up well before this
        vm.stdin.write(b"while :; do :; done\n")
        vm.stdin.flush()
        time.sleep(0.5)
        to_return, to_event = stop_rounds(client, args.rounds)
        client.execute("quit")
        vm.wait(timeout=10)
    print(f"system mode, busy shell loop, {args.rounds} rounds (ms):")
    print(f"  stop -> return: {summary(to_return)}")
    print(f"  stop -> STOP:   {summary(to_event)}")


if __name__ == "__main__":
    main()
