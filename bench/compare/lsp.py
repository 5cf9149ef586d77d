"""A small LSP client over stdio for the comparison, and the peak memory of a process tree.

Messages are timestamped when their last byte arrives, before they are decoded, so the time
Python takes to parse a large diagnostics list is not counted against the server.
"""

import json
import os
import queue
import subprocess
import threading
import time


class ServerGone(Exception):
    """The server closed its output or did not answer in time."""


def descendants(root):
    """The pid of `root` and of every process under it (read from /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                # The command name may hold spaces: the fields after it start past the last ')'.
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def memory_kib(pid):
    """(VmHWM, VmRSS) of one process in KiB, or None once it has gone."""
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmHWM:", "VmRSS:")):
                    fields[line[:5]] = int(line.split()[1])
    except OSError:
        return None
    if "VmHWM" not in fields:
        return None
    return fields["VmHWM"], fields.get("VmRSS", 0)


class TreeMemory:
    """Samples the peak RSS of every process in a tree until stopped.

    The figure is the sum of each process's own peak (VmHWM): for a server that is one process
    it is exactly its peak RSS; for a proxy and a daemon it is an upper bound of their joint peak.
    A tree whose resident memory passes `limit_mib` is killed (the machine is shared), and
    `over_limit` says so.
    """

    def __init__(self, root, limit_mib=None, interval=0.05):
        self.root = root
        self.peaks = {}
        self.limit_kib = limit_mib and limit_mib * 1024
        self.over_limit = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def sample(self):
        resident = 0
        pids = descendants(self.root)
        for pid in pids:
            kib = memory_kib(pid)
            if kib is not None:
                self.peaks[pid] = max(kib[0], self.peaks.get(pid, 0))
                resident += kib[1]
        if self.limit_kib and resident > self.limit_kib and not self.over_limit:
            self.over_limit = True
            for pid in pids:
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass

    def _run(self, interval):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(interval)

    def stop(self):
        self.sample()
        self._stop.set()
        self._thread.join()

    def total_mib(self):
        return sum(self.peaks.values()) / 1024

    def processes(self):
        return len(self.peaks)


class Client:
    """Starts `command`, speaks JSON-RPC over its stdio, and answers its requests to us."""

    def __init__(self, command, cwd, stderr_path, env=None):
        self.stderr = open(stderr_path, "wb")
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
        )
        self.messages = queue.Queue()
        self._write_lock = threading.Lock()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            body = out.read(length)
            arrived = time.perf_counter()
            if len(body) < length:
                self.messages.put((arrived, None))
                return
            message = json.loads(body)
            if "method" in message and "id" in message:
                self._answer(message)
            self.messages.put((arrived, message))

    def _answer(self, request):
        # A server that asks us something waits for the answer: give the plainest one.
        method = request["method"]
        if method == "workspace/configuration":
            result = [None for _ in request.get("params", {}).get("items", [])]
        elif method == "workspace/workspaceFolders":
            result = []
        else:
            result = None
        self._send({"jsonrpc": "2.0", "id": request["id"], "result": result})

    def _send(self, message):
        data = json.dumps(message).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(data) + data
        with self._write_lock:
            sent = time.perf_counter()
            self.process.stdin.write(data)
            self.process.stdin.flush()
        return sent

    def notify(self, method, params):
        """Sends a notification; returns the time just before its first byte went out."""
        return self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        """Sends a request; returns its id and the time just before it went out."""
        self._next_id += 1
        sent = self._send({"jsonrpc": "2.0", "id": self._next_id, "method": method,
                           "params": params})
        return self._next_id, sent

    def wait(self, predicate, timeout):
        """The first message that satisfies `predicate`, with the time its last byte arrived."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise ServerGone(f"no answer within {timeout:g} s")
            try:
                arrived, message = self.messages.get(timeout=left)
            except queue.Empty:
                raise ServerGone(f"no answer within {timeout:g} s") from None
            if message is None:
                raise ServerGone(f"the server exited (status {self.process.poll()})")
            if predicate(message):
                return arrived, message

    def answer(self, request_id, timeout):
        return self.wait(lambda m: m.get("id") == request_id and "method" not in m, timeout)

    def stop(self):
        """shutdown and exit, then make sure the whole tree has gone."""
        tree = descendants(self.process.pid)
        try:
            if self.process.poll() is None:
                request_id, _ = self.request("shutdown", None)
                self.answer(request_id, 10)
                self.notify("exit", None)
                self.process.wait(timeout=10)
        except (ServerGone, OSError, subprocess.TimeoutExpired):
            pass
        for pid in tree:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        self.process.wait()
        self.stderr.close()
