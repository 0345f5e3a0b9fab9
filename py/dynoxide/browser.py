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
from .engine import READ_ONLY_OPERATIONS
from .errors import DynamoError
from .exchange.buckets import NOT_IN_BROWSER
from .protocol.signing import is_region_name
from .validation.messages import NOT_A_REGION
from .protocol.wire import (AMZ_JSON, DEFAULT_REGION, STREAMS_OPERATIONS, STREAMS_TARGET_PREFIX, TARGET_PREFIX,
                            encode, handle, operation_for)
from .storage.bridge import BridgeConnection
from .streams import feed

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _internal_error() -> str:
    """DynamoDB's InternalServerError body, the same whatever went wrong."""
    return _error_body(errors.internal())


def capabilities(streams: bool = False) -> list[str]:
    """The DynamoDB operations this engine implements in the browser; the
    stream operations only for a database opened with streams allowed; never
    the export and import APIs, which need an S3 directory (each answers
    NotAvailableInHost here; exportTable and importTable are the browser's way)."""
    from .operations import OPERATIONS, S3_OPERATIONS

    return sorted(op for op in OPERATIONS
                  if (streams or op not in STREAMS_OPERATIONS) and op not in S3_OPERATIONS)


def _error_body(err: DynamoError) -> str:
    return encode(err.to_body()).decode("utf-8")


class _Subscription:
    __slots__ = ("table", "after", "new")

    def __init__(self, table: str, after: int):
        self.table = table
        self.after = after  # the last log position delivered
        self.new = True     # not read since subscribing: read it at the next poll


def target_for(op: str) -> str:
    """The X-Amz-Target naming `op`, as an SDK would send it."""
    return (STREAMS_TARGET_PREFIX if op in STREAMS_OPERATIONS else TARGET_PREFIX) + op


class Session:
    """One open database in the worker."""

    def __init__(self, js_connection, streams: bool = False, region: str | None = None):
        self.connection = BridgeConnection(js_connection)
        # Without the page's opt-in a StreamSpecification is refused, as the
        # seed contract requires; with it, `subscribe` delivers the records.
        self.streams = bool(streams)
        # The worker's one thread must not copy a whole backup inside
        # CreateBackup: its idle timer copies it, a few chunks per sweep.
        # One region per worker database (us-east-1 unless `open` named one):
        # every request reaches it, whatever region an SDK signed it for.
        self.db = Database(self.connection, region=region or DEFAULT_REGION, streams=self.streams,
                           copy_backups_in_sweeps=True, s3_root=NOT_IN_BROWSER)
        self._subscriptions: dict[str, _Subscription] = {}
        self._transfers = None
        self._wrote = False  # a request or sweep since the last poll may have written records

    def execute(self, op: str, request_json: str, too_deep: bool = False) -> str:
        """One DynamoDB operation: the response JSON on success; on failure
        "!", the HTTP status (3 digits) and the error body, which is empty
        only for 413 (a body over 16 MB), as over HTTP. A failure costs no
        exception crossing into JS.

        `too_deep`: the worker found the body nested deeper than
        `limits.MAX_JSON_DEPTH` (see js/worker/json-depth.js).
        """
        self._note(op)
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
        self._note(operation_for(target))
        try:
            # As the bytes an HTTP client would send; a lone surrogate stays
            # invalid UTF-8, as it would arrive over a socket.
            raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body or b"")
            response = handle(self.db, target, raw, content_type=content_type, too_deep=too_deep)
            out_body = bytes(response.body).decode("utf-8")
            return _dumps({"status": int(response.status), "headers": dict(response.headers), "body": out_body})
        except Exception:  # handle answers every engine failure itself; this is a last resort
            traceback.print_exc(file=sys.stderr)
            return _dumps({"status": 500, "headers": {"Content-Type": AMZ_JSON}, "body": _internal_error()})

    def _note(self, op) -> None:
        if self._subscriptions and op not in READ_ONLY_OPERATIONS:
            self._wrote = True

    # --- the change feed (js/worker/streams.js) -----------------------------------
    def _engine(self):
        # The worker is single-threaded and calls these between requests, so
        # reading the engine's stream log directly needs no lock of its own.
        return self.db._engine

    def subscribe(self, subscription: str, table: str, origin_json: str) -> str:
        """Start a feed of `table`'s records from `origin` ("TRIM_HORIZON",
        "LATEST" or {"after": SequenceNumber}); "" on success, else "!" and
        DynamoDB's error body. Its records come with the next `poll`."""
        try:
            if not self.streams:
                raise errors.validation("Streams are not supported by this database: open it with streams allowed")
            origin = json.loads(origin_json)
            if isinstance(origin, dict):
                origin = origin.get("after")
            engine = self._engine()
            schema = engine.schema(table, control_plane=True)
            if not schema.stream:
                raise errors.validation(f"Table has no stream: TableName: {table}")
            after = feed.start(engine.streams, table, schema.created, origin)
        except DynamoError as err:
            return "!" + _error_body(err)
        self._subscriptions[str(subscription)] = _Subscription(table, after)
        return ""

    def unsubscribe(self, subscription: str) -> None:
        self._subscriptions.pop(str(subscription), None)

    def poll(self) -> str:
        """Records committed since the last poll, per subscription, oldest
        first: JSON `[[subscription, [record, ...]], ...]`, or "" when there
        are none (the common case costs no query)."""
        wrote, self._wrote = self._wrote, False
        engine = self._engine()
        out = []
        for name, sub in self._subscriptions.items():
            if not (wrote or sub.new):
                continue
            sub.new = False
            schema = engine.catalog.get(sub.table)
            if schema is None:
                continue  # the table is gone; a new one of that name picks up after the cursor
            while True:
                records = feed.read(engine.streams, sub.table, schema.created, sub.after)
                if not records:
                    break
                sub.after = int(records[-1]["dynamodb"]["SequenceNumber"])
                out.append([name, records])
        return _dumps(out) if out else ""

    def sweep(self) -> int:
        """One TTL sweep (expired items and stream trimming) as of now."""
        expired = self.db.sweep_ttl()
        if expired and self._subscriptions:
            self._wrote = True
        return expired

    def backups_pending(self) -> bool:
        """Whether a backup is still being copied: the worker sweeps again soon."""
        return self.db.backups_pending()

    @property
    def transfers(self):
        """Exports and imports in progress (js/worker/exchange.js drives them).
        Made on first use: dynoxide.exchange is not imported on the boot's path."""
        if self._transfers is None:
            from .exchange.session import Transfers

            self._transfers = Transfers(self.db)
        return self._transfers

    def close(self) -> None:
        if self._transfers is not None:
            self._transfers.close()
        self.db.close()


# Modules the worker never imports: the native host's, and the export and
# import APIs' (the engine refuses those here before they load; see
# Engine.execute). The build leaves the stdlib modules only they use out of dist/ too.
NATIVE_ONLY = ("dynoxide.cli", "dynoxide.server", "dynoxide.__main__", "dynoxide.storage.sqlite",
               "dynoxide.inprocess", "dynoxide.testing", "dynoxide.agents",
               "dynoxide.remote", "dynoxide.exchange.files", "dynoxide.exchange.api",
               "dynoxide.exchange.s3", "dynoxide.operations.exports", "dynoxide.operations.imports")


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


def open_session(js_connection, streams: bool = False, region: str | None = None) -> Session:
    """Open the engine over a bridge Connection; the caller closes it on failure.
    `streams`: the page opted in to streams (EngineClient's `streams: true`);
    `region`: the database's region (EngineClient's `region`; us-east-1 if None)."""
    if region is not None and not is_region_name(region):
        raise errors.validation(NOT_A_REGION.format(region))
    return Session(js_connection, streams=bool(streams), region=region)


def check_database(js_connection) -> str:
    """Whether a candidate file (open in memory behind `js_connection`) is a
    database this engine wrote: "" when it is, else "!" and the error body
    (importDatabase replaces nothing then)."""
    from .exchange.database import check

    try:
        check(BridgeConnection(js_connection))
    except DynamoError as err:
        return "!" + _error_body(err)
    return ""


def describe() -> str:
    """The engine facts the worker reports, as JSON."""
    return _dumps({
        "engineVersion": __version__,
        "capabilities": capabilities(),
        "streamsCapabilities": capabilities(streams=True),
        # A shared database's followers may send these again to a new leader.
        "readOnlyOperations": sorted(READ_ONLY_OPERATIONS),
        # What the worker needs before a request reaches Python, or when Python fails.
        "host": {"maxJsonDepth": limits.MAX_JSON_DEPTH, "internalError": _internal_error()},
    })
