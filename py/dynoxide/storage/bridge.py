"""The browser storage backend: the Connection protocol over js/sqlite-wasm-bridge.js.

In the Pyodide worker, `js_connection` is the JS `Connection` object of the
bridge (sqlite-wasm on the OPFS SAHPool VFS). Every call is one crossing into
JS, and a `write` is one crossing for the whole transaction, index fan-out
included. Values cross as JSON text, because one `json.dumps`/`json.loads`
pair is cheaper than converting each value through Pyodide's proxies:

- params: str, int, float, None and bool as JSON; ints beyond 2^53 as
  {"$i": "digits"} (JS numbers are doubles), integral floats as {"$f": x} so
  they bind as REAL, bytes as {"$b": base64}.
- rows: integers arrive as exact digits, REAL values with a '.' or exponent,
  blobs as {"$b": base64}; long texts (stored items) out of line: {"$t": 0}
  in the rows, their texts after the rows' JSON, each after a NUL, unescaped
  (unescaping every item's quotes was the costliest step of a read here).

Transactions: `transaction()` adds no crossing. Natively a write operation
takes SQLite's write lock before reading the old item, because another
process may write the same file between that read and the write. Here no
other writer exists: the worker opens the database with
locking_mode=EXCLUSIVE on SAHPool handles no other tab or worker can hold,
and `Database.execute` runs one call at a time. So the reads stay plain
queries and the write (an operation makes one `write` call) stays one
`BEGIN IMMEDIATE..COMMIT` crossing: the browser's hot path keeps one
crossing per DynamoDB write.

This module imports nothing from Pyodide, so it is tested natively against a
fake `js_connection` (py/tests/test_bridge.py).
"""
from __future__ import annotations

import base64
import json
from contextlib import nullcontext
from typing import Any, ContextManager, Sequence

from .connection import Statement

_SAFE = (1 << 53) - 1
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


class StorageError(Exception):
    """A statement failed inside the bridge (SQLite or OPFS)."""


def _blob_hook(obj: dict) -> Any:
    b = obj.get("$b")
    return base64.b64decode(b) if b is not None else obj


_loads_rows = json.JSONDecoder(object_hook=_blob_hook).decode


def _rows(answer: str) -> list:
    """The rows of a bridge answer, out-of-line texts put back in their places."""
    head, framed, tail = answer.partition("\x00")
    if not framed:
        return _loads_rows(head)
    texts = iter(tail.split("\x00"))

    def hook(obj: dict) -> Any:
        return next(texts) if "$t" in obj else _blob_hook(obj)

    return json.JSONDecoder(object_hook=hook).decode(head)


def encode_param(value: Any) -> Any:
    """One parameter as a JSON-safe value the bridge binds exactly."""
    t = type(value)
    if t is str or value is None or t is bool:
        return value
    if t is int:
        return value if -_SAFE <= value <= _SAFE else {"$i": str(value)}
    if t is float:
        if value != value or value in (float("inf"), float("-inf")):
            return {"$f": repr(value).replace("inf", "Infinity").replace("nan", "NaN")}
        return {"$f": value} if value.is_integer() else value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, int):  # an int subclass (e.g. IntEnum)
        return encode_param(int(value))
    if isinstance(value, str):
        return str(value)
    raise TypeError(f"cannot bind a {t.__name__} over the bridge")


def encode_params(params: Sequence) -> list:
    return [encode_param(p) for p in params]


class BridgeConnection:
    """`Connection` over the JS bridge; `js_connection` has query/write/close."""

    def __init__(self, js_connection: Any):
        self._js = js_connection
        self.persistence_mode = str(getattr(js_connection, "persistenceMode", "memory"))

    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        try:
            text = self._js.query(sql, _dumps(encode_params(params)) if params else "")
        except Exception as exc:  # a JsException in Pyodide
            raise StorageError(_message(exc)) from None
        return [tuple(row) for row in _rows(text)]

    def write(self, statements: Sequence[Statement]) -> None:
        if not statements:
            return
        payload = _dumps([[sql, encode_params(params)] for sql, params in statements])
        try:
            self._js.write(payload)
        except Exception as exc:
            raise StorageError(_message(exc)) from None

    def transaction(self) -> ContextManager[None]:
        """Nothing to do: this database has one writer (see the module header)."""
        return nullcontext()

    def close(self) -> None:
        js, self._js = self._js, None
        if js is not None:
            js.close()


def _message(exc: Exception) -> str:
    # A JsException's str() is "Error: <message>"; keep just the message.
    text = str(exc)
    return text[7:] if text.startswith("Error: ") else text
