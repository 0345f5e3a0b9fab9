"""`dynoxide serve`: DynamoDB's HTTP endpoint over one `Database`.

Why the standard library and a small hand-written HTTP/1.1 reader
-----------------------------------------------------------------
Chosen by measurement (CPython 3.11, 2-core Linux VM shared with other
work, so numbers are noisy; best of three runs shown, median close).
Each server answered through the same `protocol.wire.dispatch_http` with a
stub database, so only the transport differs. Client: one keep-alive
`http.client.HTTPConnection`, 20,000 sequential 200-byte PutItem-shaped
POSTs. "server CPU" is the server process's user+system time per request.

    server                                     req/s   server CPU   start->1st answer   idle RSS
    socketserver threads + own HTTP reader     6,187    61-78 us        43-45 ms        16.4 MiB
    asyncio.Protocol + own HTTP reader         5,081    81-115 us       77-82 ms        23.2 MiB
      (same, on uvloop)                        6,009    68-71 us           -              -
    http.server.ThreadingHTTPServer (1.1)      3,924   142-170 us       63-76 ms        22.7 MiB
    uvicorn 0.54 + httptools + uvloop, ASGI    3,840   131-150 us      129-271 ms       33.0 MiB
    uvicorn, httptools, asyncio loop           3,414   168-175 us           -              -
    hypercorn 0.18, ASGI                       2,026   334-394 us      142-185 ms       28.4 MiB
    granian 2.8, RSGI, 1 worker                2,720      (a)          99-130 ms        30.6 MiB (b)

(a) its Rust threads live in a worker process; (b) the parent alone.
Start-up is `python` to the first answered GET with the stub database, so
without the engine's imports.

(`http.server` first measured at 23 req/s: it writes headers and body in two
sends, and Nagle's algorithm meets the client's delayed ACK. TCP_NODELAY
fixes that; we also send each response in a single `sendall`.)

The budget is ~3,000 PutItems/s end to end on one connection, about 330 us
per request for client, transport and engine together; the lean client
alone takes ~100 us. Only the two hand-read transports leave the engine
most of the rest, and only the standard-library ones meet the 0.16 s start
and 54 MiB idle targets. So `dynoxide serve` needs no dependency at all.

With the real engine (same client, 5-attribute PutItems into a composite-key
table, in memory): 2,450-3,470 PutItems/s depending on the machine's other
load; the engine's own PutItem is 70-110 us of that, this module plus
`wire` about 40-60 us. `dynoxide serve` to first answer: 125-150 ms (of
which the interpreter ~70 ms and the engine's imports ~60 ms); idle RSS
21 MiB.

`http.server`'s cost is its `email.parser` header parsing; the reader below
parses just what DynamoDB clients send (HTTP/1.1 with Content-Length or
chunked bodies, `Expect: 100-continue`, keep-alive) and answers anything
malformed with 400 and a closed connection.

Threads, not asyncio: a thread per connection keeps each request a plain
blocking read-dispatch-write, and requests to the database are serialised
by one lock around `Database.execute` anyway.

Shutdown (SIGINT/SIGTERM): stop accepting, let requests already read finish
and send their answers, then close the database under the lock (SQLite
checkpoints its WAL on close). Every acknowledged write was committed
before its answer was sent, so nothing acknowledged is lost.
"""
from __future__ import annotations

import os
import signal
import socket
import socketserver
import sys
import threading
from http import HTTPStatus
from typing import Callable, TextIO

from . import limits
from .protocol import wire

MAX_LINE = 64 * 1024          # request line or one header line
MAX_HEADERS = 100
DRAIN_TIMEOUT = 30.0          # seconds to wait for in-flight requests at shutdown

_REASONS = {s.value: s.phrase for s in HTTPStatus}


class _BadRequest(Exception):
    """The bytes on the connection are not an HTTP/1.x request we can read."""

    def __init__(self, status: int = 400):
        super().__init__(status)
        self.status = status


class Serialised:
    """Wraps a database so that one `execute` runs at a time."""

    def __init__(self, db, lock: threading.Lock):
        self._db = db
        self._lock = lock

    def execute(self, op: str, request: dict, *, raw: bool = False) -> dict:
        with self._lock:
            return self._db.execute(op, request, raw=raw)


class DynoxideServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """A DynamoDB endpoint: one thread per connection, one database behind a lock."""

    daemon_threads = True       # idle keep-alive connections never block exit
    allow_reuse_address = True  # restart on a port in TIME_WAIT (not a second listener)

    def __init__(self, db, host: str = "127.0.0.1", port: int = 8000, *, region: str = wire.DEFAULT_REGION,
                 max_request_bytes: int = limits.MAX_REQUEST_BYTES):
        self.db = db
        self.region = region
        self.max_request_bytes = max_request_bytes
        self.db_lock = threading.Lock()
        self.executor = Serialised(db, self.db_lock)
        self._inflight = 0
        self._closing = False
        self._idle = threading.Condition()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.address_family = family
        super().__init__((host, port), _Handler)

    @property
    def endpoint(self) -> str:
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    # --- request accounting for a graceful stop --------------------------------
    def begin_request(self) -> bool:
        with self._idle:
            if self._closing:
                return False
            self._inflight += 1
            return True

    def end_request(self) -> None:
        with self._idle:
            self._inflight -= 1
            if self._inflight == 0:
                self._idle.notify_all()

    def close_gracefully(self, timeout: float = DRAIN_TIMEOUT) -> None:
        """Stop taking requests, wait for answered ones to be sent, close the database.

        Call after `serve_forever` has returned (or from another thread after `shutdown`).
        """
        with self._idle:
            self._closing = True
            if not self._idle.wait_for(lambda: self._inflight == 0, timeout):
                import logging

                logging.getLogger("dynoxide.server").warning(
                    "%d request(s) still running after %.0f s; closing anyway", self._inflight, timeout)
        self.server_close()
        with self.db_lock:
            self.db.close()


class _Handler(socketserver.StreamRequestHandler):
    """Reads HTTP/1.x requests off one connection and answers each in one send."""

    disable_nagle_algorithm = True
    server: DynoxideServer

    def handle(self) -> None:
        try:
            while self._one_request():
                pass
        except (ConnectionError, TimeoutError):
            pass
        except _BadRequest as bad:
            self._send_bare(bad.status)
        except OSError:
            pass

    def _one_request(self) -> bool:
        """Serve one request; False when the connection should close."""
        rfile = self.rfile
        line = rfile.readline(MAX_LINE + 1)
        while line in (b"\r\n", b"\n"):  # stray CRLF between requests is allowed
            line = rfile.readline(MAX_LINE + 1)
        if not line:
            return False
        if len(line) > MAX_LINE:
            raise _BadRequest(414)
        parts = line.split()
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            raise _BadRequest(400)
        method = parts[0].decode("ascii", "replace").upper()
        http10 = parts[2] == b"HTTP/1.0"
        headers = self._read_headers()

        connection = headers.get("connection", "").lower()
        keep_alive = ("keep-alive" in connection) if http10 else ("close" not in connection)

        server = self.server
        limit = server.max_request_bytes
        if "transfer-encoding" in headers:
            if headers["transfer-encoding"].lower() != "chunked":
                raise _BadRequest(501)
            self._continue(headers)
            body = self._read_chunked(limit)
            if body is None:
                self._send_bare(413)
                return False
        else:
            length_text = headers.get("content-length", "0").strip()
            if not length_text.isdigit():
                raise _BadRequest(400)
            length = int(length_text)
            if length > limit:
                # Refuse without reading: the unread body makes the connection unusable.
                self._send_bare(413)
                return False
            if length:
                self._continue(headers)
                body = rfile.read(length)
                if len(body) < length:
                    return False
            else:
                body = b""

        if not server.begin_request():
            return False  # shutting down: hang up rather than start work
        try:
            response = wire.dispatch_http(server.executor, "GET" if method == "HEAD" else method, headers, body,
                                          region=server.region)
            self._send(response, keep_alive, head=method == "HEAD")
        finally:
            server.end_request()
        return keep_alive

    def _read_headers(self) -> dict[str, str]:
        lines: list[bytes] = []
        readline = self.rfile.readline
        for _ in range(MAX_HEADERS + 1):
            line = readline(MAX_LINE + 1)
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                raise ConnectionError("connection closed inside the headers")
            if len(line) > MAX_LINE:
                raise _BadRequest(431)
            lines.append(line)
        else:
            raise _BadRequest(431)
        # Decoding the block once is twice as fast as line by line.
        headers: dict[str, str] = {}
        for line in b"".join(lines).decode("latin-1").split("\n")[:-1]:
            name, sep, value = line.partition(":")
            if not sep or not name or name[0] in " \t" or name[-1] in " \t":
                raise _BadRequest(400)
            key = name.lower()
            if key in headers:
                headers[key] = f"{headers[key]}, {value.strip()}"
            else:
                headers[key] = value.strip()
        return headers

    def _continue(self, headers: dict[str, str]) -> None:
        if headers.get("expect", "").lower() == "100-continue":
            self.connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _read_chunked(self, limit: int) -> bytes | None:
        rfile = self.rfile
        chunks: list[bytes] = []
        total = 0
        while True:
            size_line = rfile.readline(MAX_LINE + 1)
            if not size_line:
                raise ConnectionError("connection closed inside a chunked body")
            try:
                size = int(size_line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BadRequest(400) from None
            if size < 0:
                raise _BadRequest(400)
            if size == 0:
                while rfile.readline(MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
                    pass  # trailers are ignored
                return b"".join(chunks)
            total += size
            if total > limit:
                return None
            chunk = rfile.read(size)
            if len(chunk) < size:
                raise ConnectionError("connection closed inside a chunk")
            chunks.append(chunk)
            rfile.readline(MAX_LINE + 1)  # the CRLF closing the chunk

    def _send(self, response: wire.WireResponse, keep_alive: bool, *, head: bool = False) -> None:
        lines = [f"HTTP/1.1 {response.status} {_REASONS.get(response.status, '')}"]
        lines.extend(f"{name}: {value}" for name, value in response.headers.items())
        if not keep_alive:
            lines.append("Connection: close")
        lines.append("\r\n")
        head_bytes = "\r\n".join(lines).encode("latin-1")
        self.connection.sendall(head_bytes if head else head_bytes + response.body)

    def _send_bare(self, status: int) -> None:
        """An HTTP-level refusal (no DynamoDB body), after which the connection closes."""
        try:
            self.connection.sendall(
                f"HTTP/1.1 {status} {_REASONS.get(status, '')}\r\n"
                f"x-amzn-RequestId: {wire.request_id()}\r\n"
                "Content-Length: 0\r\nConnection: close\r\n\r\n".encode("latin-1"))
        except OSError:
            pass


def serve(db, host: str = "127.0.0.1", port: int = 8000, *, out: TextIO | None = None,
          install_signal_handlers: bool = True, on_ready: Callable[[DynoxideServer], None] | None = None) -> None:
    """Serve `db` until SIGINT/SIGTERM, then stop gracefully and close it.

    Prints `dynoxide listening on http://HOST:PORT` (the bound port, so
    `port=0` picks a free one) and flushes, so a parent process can wait
    for that line.
    """
    out = sys.stdout if out is None else out
    server = DynoxideServer(db, host, port)

    signals = []

    def stop(signum, frame):
        signals.append(signum)
        if len(signals) > 1:
            # A second signal: stop waiting for in-flight work. Committed writes are
            # already in SQLite's WAL, so even this exit loses nothing acknowledged.
            print("dynoxide: second signal, exiting now", file=sys.stderr, flush=True)
            os._exit(128 + signum)
        # shutdown() waits for serve_forever, which runs in this thread: ask from another.
        threading.Thread(target=server.shutdown, daemon=True).start()

    if install_signal_handlers:
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
    print(f"dynoxide listening on {server.endpoint}", file=out, flush=True)
    if on_ready is not None:
        on_ready(server)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        server.close_gracefully()
    print("dynoxide stopped", file=out, flush=True)


__all__ = ["DynoxideServer", "Serialised", "serve"]
