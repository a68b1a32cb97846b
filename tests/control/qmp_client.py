"""A small QMP client for the control-socket tests and bench/pause_latency: replies and events
read line by line from `polyvm run --control unix:PATH`."""
import json
import os
import select
import socket
import subprocess
import tempfile
import time


class QmpClient:
    def __init__(self, path, timeout=10.0):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
        self.buffer = b""
        self.events = []
        self.greeting = self.read()
        assert "QMP" in self.greeting, self.greeting
        assert self.execute("qmp_capabilities") == {"return": {}}

    def read(self, timeout=10.0):
        """The next message (reply or event), or None at end of stream or timeout."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.sock], [], [], left)[0]:
                return None
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def send_raw(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def reply(self, timeout=10.0):
        """The next reply; events read on the way are kept in self.events."""
        while True:
            message = self.read(timeout)
            if message is None or "event" not in message:
                return message
            self.events.append(message)

    def execute(self, command, arguments=None):
        request = {"execute": command}
        if arguments is not None:
            request["arguments"] = arguments
        self.send_raw(json.dumps(request) + "\n")
        return self.reply()

    def wait_event(self, name, timeout=10.0):
        """The first event called `name`, taken from those already read or read now."""
        for i, event in enumerate(self.events):
            if event["event"] == name:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self.read(deadline - time.monotonic())
            if message is None:
                return None
            if message.get("event") == name:
                return message
            if "event" in message:
                self.events.append(message)
        return None

    def close(self):
        self.sock.close()


def start_vm(polyvm, program, args=(), extra=(), tmpdir=None):
    """Starts `polyvm run --control unix:SOCK ... program args`; returns (process, socket path)."""
    tmpdir = tmpdir or tempfile.mkdtemp(prefix="polyvm-ctl-")
    path = os.path.join(tmpdir, "vm.sock")
    command = [polyvm, "run", "--control", "unix:" + path, *extra, program, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return process, path
