"""The browser worker's entry point: one Database over the JS storage bridge.

js/dynoxide-worker.js imports this module in Pyodide, opens a JS bridge
Connection (js/sqlite-wasm-bridge.js) and hands it to `open_session`. Requests
and responses cross as JSON strings, the cheapest way through Pyodide's FFI.

Both of the worker's request ops enter the engine through the wire layer
(protocol/wire.py `handle`), as `dynoxide serve` does, so the same bytes get
the same status, `__type` and message in both hosts: `execute(op, json)` is a
POST with the target `DynamoDB_20120810.<op>` (`DynamoDBStreams_20120810.<op>`
for the stream operations). Neither ever raises: an internal error is logged
to stderr (the worker's console) and answered with DynamoDB's fixed
InternalServerError, never with the exception's text.

Nothing here imports the stdlib `sqlite3`: in the browser SQLite is
sqlite-wasm, reached through the bridge.
"""
from __future__ import annotations

import json
import sys
import traceback

from . import __version__, errors, limits
from .database import Database
from .protocol.wire import STREAMS_OPERATIONS, STREAMS_TARGET_PREFIX, TARGET_PREFIX, encode, handle
from .storage.bridge import BridgeConnection

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_AMZ_JSON = "application/x-amz-json-1.0"


def _internal_error() -> str:
    """DynamoDB's InternalServerError body, the same whatever went wrong."""
    return encode(errors.internal().to_body()).decode("utf-8")


def capabilities() -> list[str]:
    """The DynamoDB operations this engine implements."""
    from .operations import OPERATIONS

    return sorted(OPERATIONS)


def target_for(op: str) -> str:
    """The X-Amz-Target naming `op`, as an SDK would send it."""
    return (STREAMS_TARGET_PREFIX if op in STREAMS_OPERATIONS else TARGET_PREFIX) + op


class Session:
    """One open database in the worker."""

    def __init__(self, js_connection):
        self.connection = BridgeConnection(js_connection)
        # Streams cannot be delivered from the worker yet: refuse them loudly.
        self.db = Database(self.connection, streams=False)

    def execute(self, op: str, request_json: str, too_deep: bool = False) -> str:
        """One DynamoDB operation: the response JSON on success; on failure
        "!", the HTTP status (3 digits) and the error body, which is empty
        only for 413 (a body over 16 MB), as over HTTP. A failure costs no
        exception crossing into JS.

        `too_deep`: the worker found the body nested deeper than
        `limits.MAX_JSON_DEPTH` (see js/worker/json-depth.js).
        """
        try:
            # A str reads as its UTF-8 bytes would; only non-ASCII text needs
            # the copy (its size in bytes, a lone surrogate as invalid UTF-8).
            body_in = request_json if request_json.isascii() else request_json.encode("utf-8", "surrogatepass")
            response = handle(self.db, target_for(op), body_in, too_deep=too_deep)
            body = response.body.decode("utf-8")
        except Exception:  # handle answers every engine failure itself; this is a last resort
            traceback.print_exc(file=sys.stderr)
            return "!500" + _internal_error()
        return body if response.status == 200 else f"!{response.status}{body}"

    def dispatch_http(self, target, body: str, content_type=None, too_deep: bool = False) -> str:
        """One whole DynamoDB JSON 1.0 request through the wire layer.

        `content_type` is the request's Content-Type header ("" when absent,
        None when the caller has no headers). Returns `{"status", "headers",
        "body"}` as JSON; a protocol error is a status and body, not a failure.
        """
        # JS null arrives as Pyodide's JsNull, not None: anything not a string is absent.
        target = target if isinstance(target, str) else None
        content_type = content_type if isinstance(content_type, str) else None
        try:
            # As the bytes an HTTP client would send; a lone surrogate stays
            # invalid UTF-8, as it would arrive over a socket.
            raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body or b"")
            response = handle(self.db, target, raw, content_type=content_type, too_deep=too_deep)
            out_body = bytes(response.body).decode("utf-8")
            return _dumps({"status": int(response.status), "headers": dict(response.headers), "body": out_body})
        except Exception:  # handle answers every engine failure itself; this is a last resort
            traceback.print_exc(file=sys.stderr)
            return _dumps({"status": 500, "headers": {"Content-Type": _AMZ_JSON}, "body": _internal_error()})

    def close(self) -> None:
        self.db.close()


# Modules the worker never imports: the native host's (the build leaves the
# stdlib modules only they use out of dist/ too).
NATIVE_ONLY = ("dynoxide.cli", "dynoxide.server", "dynoxide.__main__", "dynoxide.storage.sqlite",
               "dynoxide.inprocess")


def preload() -> list[str]:
    """Import every engine module now, and return the names of those imported.

    The worker calls this before taking a memory snapshot of the interpreter,
    so a warm boot starts with the whole engine already imported; a module
    that fails to import (an optional dependency) is skipped.
    """
    import importlib
    import pkgutil

    import dynoxide

    done = []
    for info in pkgutil.walk_packages(dynoxide.__path__, "dynoxide."):
        if info.name.startswith(NATIVE_ONLY):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # an optional dependency missing here: not ours to load
            continue
        done.append(info.name)
    return done


def after_restore() -> None:
    """Per-boot state a memory snapshot must not share between boots."""
    import random

    random.seed()


def open_session(js_connection) -> Session:
    """Open the engine over a bridge Connection; the caller closes it on failure."""
    return Session(js_connection)


def describe() -> str:
    """The engine facts the worker reports, as JSON."""
    return _dumps({
        "engineVersion": __version__,
        "capabilities": capabilities(),
        # What the worker needs before a request reaches Python, or when Python fails.
        "host": {"maxJsonDepth": limits.MAX_JSON_DEPTH, "internalError": _internal_error()},
    })
