#!/usr/bin/env python3
"""`polyvm run --control` driven through its socket: stop/cont/quit of a busy riscv64 guest,
threads blocked in read and futex, queries while paused, commands user mode refuses, malformed
input, SHUTDOWN at the guest's own exit, and the --journal file.

usage: user_mode_control.py POLYVM SPIN_PROGRAM"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checks import check, exit_status  # noqa: E402
from qmp_client import QmpClient, start_vm  # noqa: E402


def is_error(reply, error_class="GenericError"):
    return reply is not None and reply.get("error", {}).get("class") == error_class and \
        bool(reply["error"].get("desc"))


def status(client):
    return client.execute("query-status")["return"]["status"]


def stop_and_inspect(client, threads):
    start = time.monotonic()
    check(client.execute("stop") == {"return": {}}, "stop answers {}")
    check(client.wait_event("STOP") is not None, "STOP event")
    print(f"     stop took {(time.monotonic() - start) * 1e3:.2f} ms")
    check(status(client) == "paused", "query-status says paused")
    first = client.execute("query-cpus")["return"]
    time.sleep(0.05)
    second = client.execute("query-cpus")["return"]
    check(len(first) == threads, f"query-cpus lists {threads} threads: {first}")
    check(all(cpu["mode"] == "user" for cpu in first), "every cpu is in user mode")
    check([c["pc"] for c in first] == [c["pc"] for c in second], "pc does not move while paused")
    stats = [client.execute("query-stats")["return"] for _ in range(2)]
    check(stats[0]["instructions"] == stats[1]["instructions"] > 0,
          f"instructions retired stay put while paused: {stats}")
    check(stats[0]["translation"]["instructions-decoded"] > 0, "instructions decoded reported")
    return stats[0]["instructions"]


def refused_in_user_mode(client):
    for command, arguments in [("system_reset", None), ("system_powerdown", None),
                               ("snapshot-save", {"filename": "/tmp/x"}),
                               ("snapshot-load", {"filename": "/tmp/x"})]:
        reply = client.execute(command, arguments)
        check(is_error(reply) and "user mode" in reply["error"]["desc"],
              f"{command} is refused with a clear error: {reply}")


def bad_input(client):
    client.send_raw("{not json\n")
    check(is_error(client.reply()), "malformed JSON gets an error")
    check(is_error(client.execute("no-such-command"), "CommandNotFound"),
          "an unknown command gets CommandNotFound")


def busy_guest_stop_cont_quit(polyvm, program, threads):
    args = ["0", "threads"] if threads else ["0"]
    process, path = start_vm(polyvm, program, args)
    client = QmpClient(path)
    count = 3 if threads else 1
    try:
        check(process.stdout.readline() == b"spinning\n", "the guest runs")
        check(status(client) == "running", "query-status says running")
        bad_input(client)
        check(status(client) == "running", "the VM still runs after bad input")
        before = stop_and_inspect(client, count)
        refused_in_user_mode(client)
        check(status(client) == "paused", "the VM is still paused after refused commands")
        check(client.execute("cont") == {"return": {}}, "cont answers {}")
        check(client.wait_event("RESUME") is not None, "RESUME event")
        check(status(client) == "running", "query-status says running after cont")
        time.sleep(0.1)
        after = stop_and_inspect(client, count)
        check(after > before, f"the guest ran between the two stops ({before} -> {after})")
        journal = client.execute("query-journal")["return"]
        moves = [(e["from"], e["to"]) for e in journal]
        check(moves == [("created", "running"), ("running", "paused"), ("paused", "running"),
                        ("running", "paused")] and all("wall_ns" in e for e in journal),
              f"query-journal lists the transitions so far: {moves}")
        check(client.execute("cont") == {"return": {}}, "second cont")
        check(client.execute("quit") == {"return": {}}, "quit answers {}")
        shutdown = client.wait_event("SHUTDOWN")
        check(shutdown is not None and shutdown["data"]["reason"] == "host-qmp-quit",
              f"SHUTDOWN event for quit: {shutdown}")
        check(process.wait(timeout=10) == 0, "quit ends polyvm with status 0")
    finally:
        client.close()
        if process.poll() is None:
            process.kill()
            process.wait()


def guest_exit_with_journal(polyvm, program):
    tmpdir = tempfile.mkdtemp(prefix="polyvm-ctl-")
    journal = os.path.join(tmpdir, "journal.jsonl")
    # Long enough (about a second) that stop arrives while it counts, even on a busy host.
    process, path = start_vm(polyvm, program, ["300000000"], ["--journal", journal], tmpdir)
    client = QmpClient(path)
    try:
        process.stdout.readline()  # "spinning"
        check(client.execute("stop") == {"return": {}}, "stop a finite guest")
        check(client.execute("cont") == {"return": {}}, "cont a finite guest")
        shutdown = client.wait_event("SHUTDOWN", timeout=60)
        check(shutdown is not None and shutdown["data"] == {"guest": True,
                                                            "reason": "guest-shutdown"},
              f"SHUTDOWN at the guest's exit: {shutdown}")
        out, _ = process.communicate(timeout=60)
        check(process.returncode == 7, f"the guest's exit status: {process.returncode}")
        check(out.endswith(b"counter 300000000\n"), f"the guest finished its count: {out!r}")
        with open(journal) as f:
            entries = [json.loads(line) for line in f]
        moves = [(e["from"], e["to"], e["cause"]) for e in entries]
        check(moves == [("created", "running", "user-request"),
                        ("running", "paused", "user-request"),
                        ("paused", "running", "user-request"),
                        ("running", "stopped", "guest-shutdown")], f"journal file: {moves}")
    finally:
        client.close()
        if process.poll() is None:
            process.kill()
            process.wait()


def main():
    polyvm, program = sys.argv[1], sys.argv[2]
    busy_guest_stop_cont_quit(polyvm, program, threads=False)
    busy_guest_stop_cont_quit(polyvm, program, threads=True)
    guest_exit_with_journal(polyvm, program)
    return exit_status()


if __name__ == "__main__":
    sys.exit(main())
