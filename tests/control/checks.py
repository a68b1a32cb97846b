"""Test-script checks shared by tests/control and tests/gdb: each prints ok/FAIL, and the script's
exit status says whether any failed."""

failures = []


def check(condition, what, detail=""):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        if detail:
            print("     " + detail.replace("\n", "\n     "))
        failures.append(what)


def exit_status():
    """1 when a check failed (after saying how many), else 0."""
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0
