"""The browser worker's entry point: one Database over the JS storage bridge.

js/dynoxide-worker.js imports this module in Pyodide, opens a JS bridge
Connection (js/sqlite-wasm-bridge.js) and hands it to `open_session`. Requests
and responses cross as JSON strings, the cheapest way through Pyodide's FFI.
`Session.execute` never raises: a success is the response JSON (it starts
with '{'), a failure is '!' followed by the `{"__type", "message"}` envelope,
so an error costs no exception crossing into JS.

Nothing here imports the stdlib `sqlite3`: in the browser SQLite is
sqlite-wasm, reached through the bridge.
"""
from __future__ import annotations

import json
import sys
import traceback

from . import __version__
from .database import Database
from .errors import DynamoError
from .protocol.wire import encode, parse_body
from .storage.bridge import BridgeConnection

WASM = "com.dynoxide.wasm"
_INTERNAL = "com.amazonaws.dynamodb.v20120810#InternalServerError"

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _envelope(type_: str, message: str) -> str:
    return "!" + _dumps({"__type": type_, "message": message})


def capabilities() -> list[str]:
    """The DynamoDB operations this engine implements."""
    from .operations import OPERATIONS

    return sorted(OPERATIONS)


class Session:
    """One open database in the worker."""

    def __init__(self, js_connection):
        self.connection = BridgeConnection(js_connection)
        # Streams cannot be delivered from the worker yet: refuse them loudly.
        self.db = Database(self.connection, streams=False)

    def execute(self, op: str, request_json: str) -> str:
        try:
            request = parse_body(request_json) if request_json else {}
        except Exception:  # not JSON, or nested deeper than DynamoDB reads
            return _envelope("com.amazon.coral.service#SerializationException", "The request is not valid JSON")
        try:
            # raw=True: stored items come back as their JSON text and are
            # spliced into the answer, never parsed and re-encoded.
            return encode(self.db.execute(op, request, raw=True)).decode("utf-8")
        except DynamoError as err:
            return "!" + _dumps(err.to_body())
        except Exception as exc:  # an engine bug or a storage failure: typed, never a hang
            traceback.print_exc(file=sys.stderr)
            return _envelope(_INTERNAL, f"{type(exc).__name__}: {exc}")

    def dispatch_http(self, target, body: str, content_type=None) -> str:
        """One whole DynamoDB JSON 1.0 request through the wire layer.

        `content_type` is the request's Content-Type header ("" when absent,
        None when the caller has no headers). Returns `{"status", "headers",
        "body"}` as JSON; a protocol error is a status and body, not a failure.
        """
        from .protocol.wire import handle

        # JS null arrives as Pyodide's JsNull, not None: anything not a string is absent.
        target = target if isinstance(target, str) else None
        content_type = content_type if isinstance(content_type, str) else None
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body or b"")
        try:
            response = handle(self.db, target, raw, content_type=content_type)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            payload = {"__type": _INTERNAL, "message": f"{type(exc).__name__}: {exc}"}
            return _dumps({
                "status": 500,
                "headers": {"Content-Type": "application/x-amz-json-1.0"},
                "body": _dumps(payload),
            })
        out_body = response.body
        if isinstance(out_body, (bytes, bytearray)):
            out_body = bytes(out_body).decode("utf-8")
        return _dumps({"status": int(response.status), "headers": dict(response.headers), "body": out_body})

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
    return _dumps({"engineVersion": __version__, "capabilities": capabilities()})
