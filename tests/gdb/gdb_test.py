#!/usr/bin/env python3
"""gdb-multiarch against `polyvm run -g 0` (the port polyvm picks is read from its stderr):
break on a function, backtrace, print, next/step, watchpoint, continue to the exit status; and
Ctrl-C over a tight loop through a raw remote-protocol client (gdb's batch mode cannot wait for
an interrupt's stop).

usage: gdb_test.py POLYVM GDB TARGET_PROGRAM TARGET_SOURCE SPIN_PROGRAM
(SPIN_PROGRAM is tests/control/spin.c: a tight loop plus threads blocked in read and futex)"""
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "control"))
from checks import check, exit_status  # noqa: E402


def line_of(source, marker):
    with open(source) as f:
        for number, text in enumerate(f, 1):
            if f"/* LINE: {marker} */" in text:
                return number
    raise KeyError(marker)


class Polyvm:
    """`polyvm run -g 0 PROG ARGS`, stopped, waiting for gdb on the port it reports."""

    def __init__(self, polyvm, program, args=()):
        self.process = subprocess.Popen([polyvm, "run", "-g", "0", program, *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.process.stderr.readline().decode()
        match = re.search(r"waiting for gdb on port (\d+)", line)
        if not match:
            self.process.kill()
            raise RuntimeError(f"no port from polyvm: {line!r}")
        self.port = int(match.group(1))

    def finish(self, timeout=30):
        try:
            out, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, _ = self.process.communicate()
        return self.process.returncode, out.decode()


def run_gdb(gdb, program, port, commands):
    args = [gdb, "-nx", "-batch", "-ex", "set architecture riscv:rv64",
            "-ex", f"target remote :{port}"]
    for command in commands:
        args += ["-ex", command]
    result = subprocess.run(args + [program], capture_output=True, text=True, timeout=120)
    return result.stdout + result.stderr


def break_bt_print_step(polyvm, gdb, program, source):
    vm = Polyvm(polyvm, program)
    out = run_gdb(gdb, program, vm.port, ["break add_scaled", "continue", "bt", "print base",
                                          "print factor", "next", "print scaled", "step",
                                          "info threads", "continue"])
    status, stdout = vm.finish()
    check(re.search(r"Breakpoint 1, add_scaled \(base=5, factor=6\)", out) is not None,
          "the breakpoint on add_scaled is hit with its arguments", out)
    check(re.search(rf"#1 .* main \(.*\) at .*target\.c:{line_of(source, 'call')}", out)
          is not None, "the backtrace shows main as the caller, at the calling line", out)
    check("$1 = 5" in out and "$2 = 6" in out, "print shows the arguments the source fixes", out)
    check(f"\n{line_of(source, 'result')}\t" in out and "$3 = 30" in out,
          "next moves to the next line, where scaled is 30", out)
    check(f"\n{line_of(source, 'return')}\t" in out, "step moves on to the return line", out)
    check(re.search(r"\* 1 +Thread [0-9a-f]+", out) is not None, "info threads lists the thread",
          out)
    check("exited with code 07" in out, "continue runs to the exit with status 7", out)
    check(status == 7 and stdout == "total 37 watched 43\n",
          f"polyvm exits 7 with the program's output ({status}, {stdout!r})")


def watchpoint(polyvm, gdb, program, source):
    vm = Polyvm(polyvm, program)
    out = run_gdb(gdb, program, vm.port, ["break touch_watched", "continue", "watch watched",
                                          "continue", "continue", "delete", "continue"])
    status, _ = vm.finish()
    check(re.search(r"Hardware watchpoint 2: watched\s+Old value = 0\s+New value = 41", out)
          is not None, "the watchpoint reports 0 -> 41", out)
    check(re.search(rf"Old value = 41\s+New value = 42\s+.*\n{line_of(source, 'after_second_write')}\t",
                    out) is not None,
          "the second write stops at the line after it, as on hardware watchpoints", out)
    check("exited with code 07" in out and status == 7, "the program still exits with 7", out)


def detach(polyvm, gdb, program):
    vm = Polyvm(polyvm, program)
    out = run_gdb(gdb, program, vm.port, ["break add_scaled", "continue", "detach"])
    status, stdout = vm.finish()
    check("Detaching from program" in out or "detached" in out.lower(), "gdb detaches", out)
    check(status == 7 and stdout == "total 37 watched 43\n",
          f"after detach the guest runs to its end without the breakpoint ({status})")


def fault(polyvm, gdb, program, source):
    vm = Polyvm(polyvm, program, ["crash"])
    out = run_gdb(gdb, program, vm.port, ["continue", "bt", "continue"])
    status, _ = vm.finish()
    check("Program received signal SIGSEGV" in out, "a guest fault stops with SIGSEGV first", out)
    check(re.search(rf"#0 .*main \(.*\) at .*target\.c:{line_of(source, 'crash')}", out)
          is not None, "the backtrace shows the faulting line", out)
    check("Program terminated with signal SIGSEGV" in out and status == -11,
          f"continuing delivers it: the guest dies by SIGSEGV (status {status})", out)


class RawClient:
    """Just enough of the remote protocol to send Ctrl-C (0x03) while the target runs."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""

    def send(self, data):
        body = data.encode()
        self.sock.sendall(b"$" + body + b"#" + b"%02x" % (sum(body) & 0xff))

    @staticmethod
    def expand_runs(data):
        """E.1 run-length encoding: "c*n" is c and then n - 29 more copies."""
        out, i = [], 0
        while i < len(data):
            if data[i] == "*" and out and i + 1 < len(data):
                out.append(out[-1] * (ord(data[i + 1]) - 29))
                i += 2
            else:
                out.append(data[i])
                i += 1
        return "".join(out)

    def receive(self):
        while True:
            match = re.search(rb"\$([^#]*)#[0-9a-f]{2}", self.buffer)
            if match:
                self.buffer = self.buffer[match.end():]
                return self.expand_runs(match.group(1).decode())
            chunk = self.sock.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk  # acks before a packet are skipped by the search


def ctrl_c(polyvm, program):
    vm = Polyvm(polyvm, program, ["spin"])
    client = RawClient(vm.port)
    client.send("QStartNoAckMode")
    check(client.receive() == "OK", "no-ack mode")
    client.send("vCont;c")
    time.sleep(0.3)
    start = time.monotonic()
    client.sock.sendall(b"\x03")
    stop = client.receive()
    check(stop is not None and stop.startswith("T02thread:"),
          f"Ctrl-C stops the tight loop with SIGINT ({stop}, "
          f"{(time.monotonic() - start) * 1e3:.1f} ms)")
    client.send("g")
    registers = client.receive()
    check(registers is not None and len(registers) == 2 * (65 * 8 + 3 * 4),
          "all registers readable after Ctrl-C", str(registers))
    client.send("k")
    status, _ = vm.finish()
    check(status == -9, f"k kills the guest with SIGKILL (status {status})")


def threads(polyvm, spin):
    vm = Polyvm(polyvm, spin, ["0", "threads"])
    client = RawClient(vm.port)
    client.send("QStartNoAckMode")
    client.receive()
    client.send("qfThreadInfo")
    check(re.fullmatch(r"m[0-9a-f]+", client.receive() or "") is not None,
          "one thread before the program starts its own")
    client.send("vCont;c")
    time.sleep(0.5)
    client.sock.sendall(b"\x03")
    stop = client.receive()
    check(stop is not None and stop.startswith("T02thread:"), f"Ctrl-C stops every thread ({stop})")
    client.send("qfThreadInfo")
    ids = (client.receive() or "m")[1:].split(",")
    check(len(ids) == 3, f"each guest thread is a gdb thread: {ids}")
    for thread in ids:
        client.send(f"T{thread}")
        alive = client.receive()
        client.send(f"Hg{thread}")
        client.receive()
        client.send("p20")  # pc, 8 bytes little-endian
        pc = client.receive() or ""
        check(alive == "OK" and len(pc) == 16 and pc != "0" * 16,
              f"thread {thread} is alive and has a pc ({pc})")
    client.send("D")
    check(client.receive() == "OK", "detach")
    time.sleep(0.2)
    check(vm.process.poll() is None, "the guest runs on after detach")
    vm.process.kill()
    vm.finish()


def main():
    polyvm, gdb, program, source, spin = sys.argv[1:6]
    break_bt_print_step(polyvm, gdb, program, source)
    watchpoint(polyvm, gdb, program, source)
    detach(polyvm, gdb, program)
    fault(polyvm, gdb, program, source)
    ctrl_c(polyvm, program)
    threads(polyvm, spin)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
