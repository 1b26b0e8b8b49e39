"""Key-value stores, as torch's c10d has them for rendezvous and for sharing small values
between processes: ``HashStore`` (one process, shared by its threads), ``FileStore`` (processes
sharing a file), ``TCPStore`` (a server in the master process, clients anywhere that reaches
it), ``PrefixStore`` (a namespace over another store). Values are bytes (``str`` is stored as
UTF-8); a read of a missing key waits for it until the store's timeout, then raises
``DistStoreError``.
"""
from __future__ import annotations

import base64
import datetime
import fcntl
import json
import socket
import socketserver
import struct
import sys
import threading
import time


class DistError(RuntimeError):
    """An error of ember.distributed (the base of its other errors)."""


class DistBackendError(DistError):
    """A collective's backend failed."""


class DistNetworkError(DistError):
    """A connection to another process failed or timed out."""


class DistStoreError(DistError):
    """A store operation failed (a wait for a key timed out...)."""


class QueueEmptyError(DistStoreError):
    """A non-blocking pop found the store's queue empty."""


def _bytes(value):
    return value.encode() if isinstance(value, str) else bytes(value)


def _seconds(timeout):
    return timeout.total_seconds() if isinstance(timeout, datetime.timedelta) else timeout


class _Table:
    """The operations of every store on one dict of bytes (the caller holds ``lock``)."""

    def __init__(self):
        self.data, self.queues, self.lock = {}, {}, threading.Condition()

    def run(self, name, args, timeout):
        with self.lock:
            if name in ("get", "wait", "queue_pop"):
                keys = args[0] if name == "wait" else [args[0]]
                block = name != "queue_pop" or args[1]
                ready = (lambda: all(self.queues.get(k) for k in keys)) if name == "queue_pop" \
                    else (lambda: all(k in self.data for k in keys))
                if block and not self.lock.wait_for(ready, timeout):
                    raise DistStoreError(self.timeout_message(name, keys, timeout))
                if name == "queue_pop" and not ready():
                    raise QueueEmptyError("queue is empty")
            result = getattr(self, name)(*args)
            self.lock.notify_all()
            return result

    @staticmethod
    def timeout_message(name, keys, timeout):
        return "Wait timeout"

    def set(self, key, value):
        self.data[key] = value

    def get(self, key):
        return self.data[key]

    def wait(self, keys):
        return None

    def check(self, keys):
        return all(key in self.data for key in keys)

    def add(self, key, amount):
        try:
            total = int(self.data.get(key, b"0")) + int(amount)
        except ValueError:
            raise ValueError("stoll") from None
        self.data[key] = str(total).encode()
        return total

    def compare_set(self, key, expected, desired):
        current = self.data.get(key)
        if current is None:
            if expected:
                return expected
            self.data[key] = desired
            return desired
        if current == expected:
            self.data[key] = desired
            return desired
        return current

    def append(self, key, value):
        self.data[key] = self.data.get(key, b"") + value

    def delete_key(self, key):
        return self.data.pop(key, None) is not None

    def num_keys(self):
        return len(self.data)

    def list_keys(self):
        return [key for key in self.data if not key.startswith("\0")]

    def queue_push(self, key, value):
        self.queues.setdefault(key, []).append(value)

    def queue_pop(self, key, block):
        return self.queues[key].pop(0)

    def queue_len(self, key):
        return len(self.queues.get(key, []))


class Store:
    """A key-value store shared by processes (or threads); subclass it to write one, as in
    torch, overriding the operations it supports.

    Example:
        >>> store = ember.distributed.HashStore()
        >>> store.set("epoch", "3")
        >>> store.get("epoch"), store.add("steps", 5), store.add("steps", 1)
        (b'3', 5, 6)
    """

    def __init__(self):
        self._timeout = datetime.timedelta(minutes=5)

    @property
    def timeout(self):
        """How long a read waits for a missing key."""
        return self._timeout

    def set_timeout(self, timeout):
        """Set how long a read waits for a missing key (a ``datetime.timedelta``)."""
        self._timeout = timeout

    def _call(self, name, *args, timeout=None):
        raise RuntimeError(f'Tried to call pure virtual function "::c10d::Store::{name}"')

    def set(self, key, value):
        """Store ``value`` (str or bytes) under ``key``."""
        self._call("set", key, _bytes(value))

    def get(self, key):
        """The bytes under ``key``, waiting for it up to the timeout."""
        return self._call("get", key)

    def add(self, key, amount):
        """Add ``amount`` to the integer under ``key`` (0 when missing); the new total."""
        return self._call("add", key, int(amount))

    def compare_set(self, key, expected_value, desired_value):
        """Set ``key`` to ``desired_value`` if it holds ``expected_value`` (or is missing and
        ``expected_value`` is empty); the value it then holds (``expected_value`` when missing
        and not empty)."""
        return self._call("compare_set", key, _bytes(expected_value), _bytes(desired_value))

    def wait(self, keys, timeout=None):
        """Wait until every key of ``keys`` exists (``DistStoreError`` after the timeout)."""
        self._call("wait", list(keys), timeout=timeout)

    def check(self, keys):
        """Whether every key of ``keys`` exists, without waiting."""
        return self._call("check", list(keys))

    def delete_key(self, key):
        """Remove ``key``; whether it existed."""
        return self._call("delete_key", key)

    def num_keys(self):
        """The number of keys (with the store's own bookkeeping keys, as torch counts)."""
        return self._call("num_keys")

    def list_keys(self):
        """The keys set through the store."""
        return self._call("list_keys")

    def append(self, key, value):
        """Append ``value`` to the bytes under ``key`` (creating it)."""
        self._call("append", key, _bytes(value))

    def multi_get(self, keys):
        """The values of ``keys``, in order."""
        return [self.get(key) for key in keys]

    def multi_set(self, keys, values):
        """Set each key of ``keys`` to the matching value."""
        for key, value in zip(keys, values):
            self.set(key, value)

    def queue_push(self, key, value):
        """Put ``value`` at the back of the queue ``key``."""
        self._call("queue_push", key, _bytes(value))

    def queue_pop(self, key, block=True):
        """Take the front of the queue ``key`` (waiting for one, or ``QueueEmptyError``)."""
        return self._call("queue_pop", key, bool(block))

    def queue_len(self, key):
        """The length of the queue ``key``."""
        return self._call("queue_len", key)

    def has_extended_api(self):
        """Whether append, multi_get and multi_set are supported: True."""
        return True


class HashStore(Store):
    """A store in this process's memory, shared by its threads.

    Example:
        >>> store = ember.distributed.HashStore()
        >>> store.compare_set("leader", "", "rank0"), store.compare_set("leader", "", "rank1")
        (b'rank0', b'rank0')
    """

    def __init__(self):
        super().__init__()
        self._table = _Table()

    def _call(self, name, *args, timeout=None):
        return self._table.run(name, args, _seconds(timeout or self.timeout))


class PrefixStore(Store):
    """The keys of ``store`` that start with ``prefix + "/"``, seen without it.

    Args:
        prefix (str): the namespace.
        store (Store): the store underneath.

    Example:
        >>> base = ember.distributed.HashStore()
        >>> ember.distributed.PrefixStore("job1", base).set("k", "v")
        >>> base.get("job1/k")
        b'v'
    """

    def __init__(self, prefix, store):
        super().__init__()
        self.underlying_store, self._prefix = store, f"{prefix}/"
        self._timeout = store.timeout

    def _call(self, name, *args, timeout=None):
        if name == "num_keys":
            return self.underlying_store.num_keys()
        if name == "list_keys":
            return [key[len(self._prefix):] for key in self.underlying_store.list_keys()
                    if key.startswith(self._prefix)]
        if args and isinstance(args[0], list):
            args = ([self._prefix + key for key in args[0]], *args[1:])
        elif args:
            args = (self._prefix + args[0], *args[1:])
        return self.underlying_store._call(name, *args, timeout=timeout or self.timeout)


def _encode(value):
    if isinstance(value, bytes):
        return {"b": base64.b64encode(value).decode()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value):
    if isinstance(value, dict):
        return base64.b64decode(value["b"])
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


class FileStore(Store):
    """A store in a file that processes on one machine (or a shared file system) open by
    name; each operation locks the file. Each store opened on the file counts itself in a
    bookkeeping key, which ``num_keys`` includes as torch's does.

    Args:
        file_name (str): the file's path.
        world_size (int): how many stores will use it (-1: not known).

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "store")
        >>> store = ember.distributed.FileStore(path, 1)
        >>> store.set("k", "v")
        >>> ember.distributed.FileStore(path, 1).get("k")
        b'v'
    """

    _CLEANUP = "\0cleanup"

    def __init__(self, file_name, world_size=-1):
        super().__init__()
        self.path, self.world_size = file_name, world_size
        self._call("add", self._CLEANUP, 1)

    def _call(self, name, *args, timeout=None):
        if name.startswith("queue_"):
            raise NotImplementedError("queue support is not implemented.")
        deadline = time.monotonic() + _seconds(timeout or self.timeout)
        while True:
            with open(self.path, "a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                handle.seek(0)
                text = handle.read()
                table = _Table()
                table.data = {key: _decode(value)
                              for key, value in (json.loads(text) if text else {}).items()}
                try:
                    result = table.run(name, args, 0)
                except DistStoreError:
                    if time.monotonic() > deadline:
                        waited = int(_seconds(timeout or self.timeout) * 1000)
                        raise RuntimeError(f"Timeout waiting for key: {args[0]} after {waited} ms"
                                           if name == "get" else "Wait timeout") from None
                    result = table  # not there yet: try again after a pause
                else:
                    handle.seek(0)
                    handle.truncate()
                    handle.write(json.dumps({key: _encode(value)
                                             for key, value in table.data.items()}))
            if result is not table:
                return result
            time.sleep(0.01)


class _Handler(socketserver.StreamRequestHandler):
    """One client connection of a TCPStore server: length-prefixed JSON requests."""

    def handle(self):
        table = self.server.table
        while True:
            header = self.rfile.read(4)
            if len(header) < 4:
                return
            name, args, timeout = json.loads(self.rfile.read(struct.unpack("!I", header)[0]))
            try:
                reply = {"ok": _encode(table.run(name, _decode(args), timeout))}
            except (DistStoreError, ValueError, KeyError) as exc:
                reply = {"error": type(exc).__name__, "message": str(exc)}
            body = json.dumps(reply).encode()
            self.wfile.write(struct.pack("!I", len(body)) + body)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = allow_reuse_address = True


class _TcpTable(_Table):
    @staticmethod
    def timeout_message(name, keys, timeout):
        return f"wait timeout after {round(timeout * 1000)}ms, keys: " + \
            ", ".join(f"/{key}" for key in keys)


class TCPStore(Store):
    """A store served over TCP by the master process (``is_master=True``, which starts the
    server on ``port``; 0 picks a free one, then ``store.port``); the other processes
    connect to ``host_name:port``.

    Args:
        host_name (str): the master's address.
        port (int): its port.
        world_size (int, optional): the number of processes (kept, as torch's).
        is_master (bool): start the server here.
        timeout (timedelta): how long reads and the connection wait (default 5 minutes).
        wait_for_workers, multi_tenant, master_listen_fd, use_libuv: accepted for torch
            compatibility.

    Example:
        >>> import datetime
        >>> server = ember.distributed.TCPStore("127.0.0.1", 0, 1, True)
        >>> client = ember.distributed.TCPStore("127.0.0.1", server.port, is_master=False)
        >>> client.set("ready", "1")
        >>> server.get("ready")
        b'1'
    """

    _INIT = "\0init"

    def __init__(self, host_name, port, world_size=None, is_master=False,
                 timeout=datetime.timedelta(seconds=300), wait_for_workers=True,
                 multi_tenant=False, master_listen_fd=None, use_libuv=True):
        super().__init__()
        self.host, self.world_size, self._timeout = host_name, world_size, timeout
        self.libuvBackend = bool(use_libuv)
        self._server = None
        if is_master:
            self._server = _Server((host_name, port), _Handler)
            self._server.table = _TcpTable()
            port = self._server.server_address[1]
            threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self.port = port
        self._connections = threading.local()  # one per thread: a waiting get blocks only it
        self._connection()
        if is_master:
            self._call("set", self._INIT, b"1")

    def _connection(self):
        connection = getattr(self._connections, "socket", None)
        if connection is not None:
            return connection
        deadline = time.monotonic() + _seconds(self._timeout)
        while True:
            try:
                connection = socket.create_connection((self.host, self.port), timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise DistNetworkError(
                        f"The client socket has timed out after "
                        f"{int(_seconds(self._timeout) * 1000)}ms while trying to connect to "
                        f"({self.host}, {self.port}).") from None
                time.sleep(0.05)
        connection.settimeout(None)
        self._connections.socket = connection
        return connection

    def _call(self, name, *args, timeout=None):
        body = json.dumps([name, _encode(list(args)), _seconds(timeout or self.timeout)])
        connection = self._connection()
        connection.sendall(struct.pack("!I", len(body)) + body.encode())
        size = struct.unpack("!I", self._read(connection, 4))[0]
        answer = json.loads(self._read(connection, size))
        if "error" in answer:
            error = {"DistStoreError": DistStoreError, "QueueEmptyError": QueueEmptyError,
                     "ValueError": ValueError}.get(answer["error"], DistStoreError)
            raise error(answer["message"])
        return _decode(answer["ok"])

    @staticmethod
    def _read(connection, size):
        return read_exactly(connection, size, DistNetworkError,
                            "the TCPStore server closed the connection")

    def __del__(self):
        # At interpreter exit the server's daemon thread is already frozen, and shutdown()
        # would wait for it forever; the process's end closes the socket then.
        if getattr(self, "_server", None) is not None and not sys.is_finalizing():
            self._server.shutdown()
            self._server.server_close()


def read_exactly(connection, size, error, message):
    """``size`` bytes from the socket ``connection``; ``error(message)`` is raised if the other
    end closes it first."""
    chunks = b""
    while len(chunks) < size:
        chunk = connection.recv(size - len(chunks))
        if not chunk:
            raise error(message)
        chunks += chunk
    return chunks
