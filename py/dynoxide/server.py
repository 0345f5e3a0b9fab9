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
blocking read-dispatch-write, and `Database.execute` serialises calls to the
database by itself anyway.

Shutdown (SIGINT/SIGTERM): stop accepting, let requests already read finish
and send their answers, then close the database (SQLite checkpoints its
WAL on close). Every acknowledged write was committed
before its answer was sent, so nothing acknowledged is lost.
"""
from __future__ import annotations

import os
import signal
import socket
import socketserver
import sys
import threading
from pathlib import Path
from typing import Callable, TextIO

from . import limits
from .protocol import console, console_api, http1, wire
from .protocol.access import AccessPolicy

RECV_SIZE = 64 * 1024         # bytes asked of each recv: a typical request arrives whole
DRAIN_TIMEOUT = 30.0          # seconds to wait for in-flight requests at shutdown


class DynoxideServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """A DynamoDB endpoint: one thread per connection, one database (which serialises its calls)."""

    daemon_threads = True       # idle keep-alive connections never block exit
    allow_reuse_address = True  # restart on a port in TIME_WAIT (not a second listener)

    def __init__(self, db, host: str = "127.0.0.1", port: int = 8000, *, region: str = wire.DEFAULT_REGION,
                 max_request_bytes: int = limits.MAX_REQUEST_BYTES, cors: list[str] | None = None,
                 console_dir: Path | None = None, with_console: bool = False):
        """`cors`: the web origins browsers may call from (None: pages on loopback names;
        `["*"]`: any). Bound to a loopback address, requests must also name a loopback Host.
        `with_console`: answer `GET /console/` with the console's files from
        `console_dir` (see protocol/console.py); off, every GET is the health check."""
        self.db = db
        self.with_console = with_console
        self.console_dir = console_dir
        self.access = AccessPolicy.for_bind_address(host, cors)
        self.region = region
        self.max_request_bytes = max_request_bytes
        self._inflight = 0
        self._closing = False
        # A plain lock and an event rather than a Condition: taking a Condition
        # costs a few Python-level calls, twice per request.
        self._counting = threading.Lock()
        self._drained = threading.Event()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.address_family = family
        super().__init__((host, port), _Handler)

    @property
    def endpoint(self) -> str:
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    # --- request accounting for a graceful stop --------------------------------
    def begin_request(self) -> bool:
        with self._counting:
            if self._closing:
                return False
            self._inflight += 1
            return True

    def end_request(self) -> None:
        with self._counting:
            self._inflight -= 1
            if self._inflight == 0 and self._closing:  # only close_gracefully ever waits
                self._drained.set()

    def close_gracefully(self, timeout: float = DRAIN_TIMEOUT) -> None:
        """Stop taking requests, wait for answered ones to be sent, close the database.

        Call after `serve_forever` has returned (or from another thread after `shutdown`).
        """
        with self._counting:
            self._closing = True
            if self._inflight == 0:
                self._drained.set()
        if not self._drained.wait(timeout):
            import logging

            logging.getLogger("dynoxide.server").warning(
                "%d request(s) still running after %.0f s; closing anyway", self._inflight, timeout)
        self.server_close()
        self.db.close()


class _Handler(socketserver.BaseRequestHandler):
    """Reads HTTP/1.x requests off one connection and answers each in one send.

    Bytes are read with plain `recv` into `self.buffer` (a whole small request
    usually arrives in one), so pipelined requests and reads split anywhere
    are the same code path: whatever follows one request stays buffered.
    """

    server: DynoxideServer

    def setup(self) -> None:
        self.connection = self.request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, True)
        self.buffer = b""

    def handle(self) -> None:
        try:
            while self._one_request():
                pass
        except (ConnectionError, TimeoutError):
            pass
        except http1.BadRequest as bad:
            self._send_bare(bad.status)
        except OSError:
            pass

    def _one_request(self) -> bool:
        """Serve one request; False when the connection should close."""
        head = self._read_head()
        if head is None:
            return False
        request = http1.parse_head(head)
        headers = request.headers
        keep_alive = request.keep_alive

        server = self.server
        limit = server.max_request_bytes
        # The console's export and import: refused before a body is read, and
        # an import may be larger than an API request.
        console_call = console_api.route(request.method, request.target) if server.with_console else None
        if console_call is not None:
            refused = wire.refusal(server.access, headers)
            if refused is not None:
                self._send(refused, False)
                return False
            if console_call == "import":
                limit = max(limit, limits.MAX_CONSOLE_UPLOAD_BYTES)
        if "transfer-encoding" in headers:
            if headers["transfer-encoding"].lower() != "chunked":
                raise http1.BadRequest(501)
            self._continue(headers)
            body = self._read_chunked(limit)
            if body is None:
                self._send_bare(413)
                return False
        else:
            length = http1.content_length(headers)
            if length > limit:
                # Refuse without reading: the unread body makes the connection unusable.
                self._send_bare(413)
                return False
            if length:
                self._continue(headers)
                body = self._read_exact(length)
                if body is None:
                    return False
            else:
                body = b""

        if not server.begin_request():
            return False  # shutting down: hang up rather than start work
        try:
            method = request.method
            if console_call is not None:
                self._send(console_api.answer(server.db, console_call, request.target, body), keep_alive,
                           head=method == "HEAD")
                return keep_alive
            if method != "POST" and server.with_console and console.wants_console(method, request.target):
                self._send(self._console(request), keep_alive, head=method == "HEAD")
                return keep_alive
            response = wire.dispatch_http(server.db, "GET" if method == "HEAD" else method, headers, body,
                                          region=server.region, access=server.access)
            self._send(response, keep_alive, head=method == "HEAD")
        finally:
            server.end_request()
        return keep_alive

    def _console(self, request: http1.RequestHead) -> wire.WireResponse:
        # The same Host check as the API (DNS rebinding); a page GET sends no Origin to check.
        if not self.server.access.host_allowed(request.headers.get("host")):
            return wire.dispatch_http(self.server.db, "GET", request.headers, b"", access=self.server.access)
        return console.answer(request.target, self.server.console_dir)

    # --- reading ---------------------------------------------------------------
    def _read_head(self) -> bytes | None:
        """The next request's head; None when the client closed between requests."""
        buffer = self.buffer
        searched = 0
        while True:
            if buffer[:1] in (b"\r", b"\n"):  # stray CRLF between requests is allowed
                buffer = buffer.lstrip(b"\r\n")
                searched = 0
            end = http1.head_end(buffer, searched)
            if end >= 0:
                self.buffer = buffer[end:]
                return buffer[:end]
            http1.check_incomplete(buffer)
            searched = max(0, len(buffer) - 2)  # a blank line may straddle this read and the next
            chunk = self.connection.recv(RECV_SIZE)
            if not chunk:
                if buffer:
                    raise ConnectionError("connection closed inside the headers")
                return None
            buffer += chunk

    def _read_exact(self, size: int) -> bytes | bytearray | None:
        """`size` bytes, or None if the connection closed first."""
        buffer = self.buffer
        if len(buffer) >= size:
            self.buffer = buffer[size:]
            return buffer[:size]
        # A large body: receive straight into its final place rather than joining pieces.
        body = bytearray(size)
        view = memoryview(body)
        have = len(buffer)
        view[:have] = buffer
        self.buffer = b""
        recv_into = self.connection.recv_into
        while have < size:
            got = recv_into(view[have:])
            if not got:
                return None
            have += got
        return body

    def _readline(self) -> bytes:
        """One line with its LF; at the end of the stream, what is left (maybe b"")."""
        buffer = self.buffer
        searched = 0
        while True:
            end = buffer.find(b"\n", searched)
            if end >= 0:
                self.buffer = buffer[end + 1:]
                return buffer[:end + 1]
            if len(buffer) > http1.MAX_LINE:
                raise http1.BadRequest(400)
            searched = len(buffer)
            chunk = self.connection.recv(RECV_SIZE)
            if not chunk:
                self.buffer = b""
                return buffer
            buffer += chunk

    def _read_chunked(self, limit: int) -> bytes | None:
        chunks: list[bytes | bytearray] = []
        total = 0
        while True:
            size_line = self._readline()
            if not size_line:
                raise ConnectionError("connection closed inside a chunked body")
            size = http1.chunk_size(size_line)
            if size == 0:
                while self._readline() not in (b"\r\n", b"\n", b""):
                    pass  # trailers are ignored
                return b"".join(chunks)
            total += size
            if total > limit:
                return None
            chunk = self._read_exact(size)
            if chunk is None:
                raise ConnectionError("connection closed inside a chunk")
            chunks.append(chunk)
            self._readline()  # the CRLF closing the chunk

    def _continue(self, headers: dict[str, str]) -> None:
        if headers.get("expect", "").lower() == "100-continue":
            self.connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")

    # --- writing ---------------------------------------------------------------
    def _send(self, response: wire.WireResponse, keep_alive: bool, *, head: bool = False) -> None:
        head_bytes = http1.response_head(response.status, response.headers, keep_alive)
        self.connection.sendall(head_bytes if head else head_bytes + response.body)

    def _send_bare(self, status: int) -> None:
        """An HTTP-level refusal (no DynamoDB body), after which the connection closes."""
        try:
            self.connection.sendall(http1.bare_response(status, wire.request_id()))
        except OSError:
            pass


def serve(db, host: str = "127.0.0.1", port: int = 8000, *, cors: list[str] | None = None,
          ttl_interval: float = 1.0, with_console: bool = True, out: TextIO | None = None,
          install_signal_handlers: bool = True, on_ready: Callable[[DynoxideServer], None] | None = None) -> None:
    """Serve `db` until SIGINT/SIGTERM, then stop gracefully and close it.

    Prints `dynoxide listening on http://HOST:PORT` (the bound port, so
    `port=0` picks a free one) and flushes, so a parent process can wait
    for that line; then where the console is, unless `with_console` is off.
    """
    out = sys.stdout if out is None else out
    console_dir = console.default_directory() if with_console else None
    server = DynoxideServer(db, host, port, cors=cors, console_dir=console_dir, with_console=with_console)

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
    if with_console:
        where = f"{server.endpoint}/console/" if console_dir else "not built (npm run build:console in a checkout)"
        print(f"dynoxide console: {where}", file=out, flush=True)
    stop_sweeping = start_ttl_sweeper(db, ttl_interval)
    if on_ready is not None:
        on_ready(server)
    try:
        server.serve_forever(poll_interval=0.1)
    finally:
        stop_sweeping()
        server.close_gracefully()
    print("dynoxide stopped", file=out, flush=True)


def start_ttl_sweeper(db, interval: float) -> Callable[[], None]:
    """Sweep expired TTL items (and old stream records) every `interval` seconds
    on a daemon thread; returns the function that stops it. 0 turns it off.

    Each sweep is a bounded batch per table under the database's lock, so it
    waits between requests and never holds them up for long.
    """
    if interval <= 0:
        return lambda: None
    stopped = threading.Event()

    def run() -> None:
        while not stopped.wait(interval):
            try:
                db.sweep_ttl()
            except Exception:  # noqa: BLE001 - a failed sweep is logged; the next one tries again
                import logging

                logging.getLogger("dynoxide.ttl").exception("TTL sweep failed")

    thread = threading.Thread(target=run, name="dynoxide-ttl", daemon=True)
    thread.start()

    def stop() -> None:
        stopped.set()
        thread.join(5)

    return stop


__all__ = ["DynoxideServer", "serve", "start_ttl_sweeper"]
