#!/usr/bin/env python3
"""The control socket of a system-mode VM (issue 5, point 2): `polyvm boot --control` with the
busybox fixture, driven by a QMP client: status, stop (the harts' pcs do not move while paused),
cont, query-cpus and query-stats, system_reset (the kernel boots again), malformed and unknown
requests (the VM runs on), and system_powerdown (SHUTDOWN, exit status 0, the journal file).

    control_test.py --polyvm build/release/polyvm --fixtures ../shared/fixtures
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "control"))
from qmp_client import QmpClient  # noqa: E402

import harness  # noqa: E402

BANNER = b"Linux version 6.1.192"  # the fixture README's first kernel line


class Console:
    """Collects the VM's console output on a thread."""

    def __init__(self, stream):
        self.data = b""
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for chunk in iter(lambda: stream.read1(4096), b""):
            with self.lock:
                self.data += chunk

    def wait_for(self, text, count=1, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.data.count(text) >= count:
                    return True
            time.sleep(0.05)
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polyvm", required=True)
    parser.add_argument("--fixtures", required=True)
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(args.fixtures, "riscv64")):
        print(f"SKIPPED: no fixtures at {args.fixtures}")
        return 77
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        image = harness.Fixtures(args.fixtures, scratch).image()
        socket_path = os.path.join(scratch, "vm.sock")
        journal = os.path.join(scratch, "journal.jsonl")
        vm = subprocess.Popen(
            [args.polyvm, "boot", "-smp", "2", "--control", f"unix:{socket_path}",
             "--journal", journal, "-kernel", image,
             "-initrd", os.path.join(args.fixtures, "riscv64", "initramfs-busybox.cpio.gz"),
             "-append", "console=ttyS0 panic=-1"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        console = Console(vm.stdout)
        try:
            client = QmpClient(socket_path)
            harness.check(client.execute("query-status")["return"]["status"] == "running",
                  "query-status: running", failures)
            harness.check(console.wait_for(b"fixture-sh#"), "the shell prompt appears", failures)
            vm.stdin.write(b"while :; do :; done\n")
            vm.stdin.flush()
            harness.check(client.execute("stop") == {"return": {}} and client.wait_event("STOP"),
                  "stop returns and STOP arrives", failures)
            first = client.execute("query-cpus")["return"]
            time.sleep(0.2)
            second = client.execute("query-cpus")["return"]
            harness.check(len(first) == 2 and first == second,
                  "query-cpus: two harts whose pcs stay put while paused", failures)
            harness.check(client.execute("query-status")["return"]["status"] == "paused",
                  "query-status: paused", failures)
            stats = client.execute("query-stats")["return"]
            harness.check(stats["instructions"] > 0 and stats["tlb"]["misses"] > 0,
                  "query-stats: instructions and TLB misses counted", failures)
            client.send_raw(b"{not json\n")
            harness.check("error" in (client.reply() or {}), "malformed JSON gets an error", failures)
            reply = client.execute("no-such-command")
            harness.check(reply.get("error", {}).get("class") == "CommandNotFound",
                  "an unknown command gets CommandNotFound", failures)
            harness.check(client.execute("cont") == {"return": {}} and client.wait_event("RESUME"),
                  "cont returns and RESUME arrives", failures)
            harness.check(client.execute("system_reset") == {"return": {}},
                  "system_reset returns", failures)
            harness.check(console.wait_for(BANNER, count=2), "after system_reset the kernel boots again",
                  failures)
            harness.check(client.execute("system_powerdown") == {"return": {}},
                  "system_powerdown returns", failures)
            harness.check(client.wait_event("SHUTDOWN") is not None, "SHUTDOWN arrives", failures)
            status = vm.wait(timeout=30)
            harness.check(status == 0, f"polyvm exits 0 (got {status})", failures)
        finally:
            if vm.poll() is None:
                vm.kill()
        with open(journal) as f:
            moves = [(e["from"], e["to"]) for e in map(json.loads, f)]
        harness.check(moves[0] == ("created", "running") and moves[-1][1] == "stopped" and
              ("running", "paused") in moves and ("paused", "running") in moves,
              f"the journal file records the transitions ({moves})", failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
