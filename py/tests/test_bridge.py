"""BridgeConnection and the worker's Session, natively, over a stand-in for the JS bridge.

`FakeJsConnection` speaks js/sqlite-wasm-bridge.js's JSON protocol exactly
(see the header of py/dynoxide/storage/bridge.py) over the stdlib sqlite3:
params arrive with {"$i"}, {"$f"} and {"$b"} tags, rows leave with exact
integer digits, REAL values that always carry a point or exponent, and blobs
as {"$b": base64}. So the encoding, the one-crossing-per-write rule and the
whole engine over the bridge are tested without a browser; e2e/ covers the
real thing.
"""
from __future__ import annotations

import base64
import json
import math
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import dynoxide

from dynoxide.browser import Session, capabilities, describe, preload
from dynoxide.hashing import fnv1a_hash
from dynoxide.storage.bridge import BridgeConnection, StorageError, encode_param
from dynoxide.values.keys import encode_key


class JsError(Exception):
    """What a JS exception looks like from Python: str() is "Error: <message>"."""

    def __str__(self) -> str:
        return f"Error: {self.args[0]}"


def _param(value):
    if isinstance(value, dict):
        if "$i" in value:
            return int(value["$i"])
        if "$f" in value:
            return float(value["$f"])
        if "$b" in value:
            return base64.b64decode(value["$b"])
        raise JsError(f"unsupported parameter: {value!r}")
    return value


def _cell(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        text = repr(value)
        return text if any(c in text for c in ".eE") else text + ".0"
    if isinstance(value, bytes):
        return json.dumps({"$b": base64.b64encode(value).decode("ascii")})
    return json.dumps(value, ensure_ascii=False)


class FakeJsConnection:
    persistenceMode = "memory"

    def __init__(self):
        self.db = sqlite3.connect(":memory:", isolation_level=None)
        self.db.create_function("fnv1a_hash", 1, fnv1a_hash, deterministic=True)
        self.crossings = {"query": 0, "write": 0}
        self.fail_next = None
        self.closed = False

    def _check(self):
        if self.closed:
            raise JsError("database is closed")
        if self.fail_next:
            message, self.fail_next = self.fail_next, None
            raise JsError(message)

    def query(self, sql: str, params_json: str) -> str:
        self.crossings["query"] += 1
        self._check()
        params = [_param(p) for p in json.loads(params_json)] if params_json else []
        try:
            rows = self.db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise JsError(str(exc)) from None
        return "[" + ",".join("[" + ",".join(_cell(v) for v in row) + "]" for row in rows) + "]"

    def write(self, statements_json: str) -> None:
        self.crossings["write"] += 1
        self._check()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for i, (sql, params) in enumerate(json.loads(statements_json)):
                try:
                    self.db.execute(sql, [_param(p) for p in params])
                except sqlite3.Error as exc:
                    raise JsError(f"statement {i} failed: {exc} [{sql}]") from None
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.closed = True
        self.db.close()


# --- values across the boundary ---------------------------------------------------

def test_params_that_json_carries_exactly_cross_untagged():
    assert [encode_param(v) for v in ("s", 1, -(2**53 - 1), 2.5, None, True)] == ["s", 1, -(2**53 - 1), 2.5, None, True]


def test_integers_beyond_2_53_cross_as_digits():
    assert encode_param(2**53) == {"$i": str(2**53)}
    assert encode_param(-(2**63)) == {"$i": str(-(2**63))}


def test_integral_and_non_finite_floats_stay_floats():
    assert encode_param(3.0) == {"$f": 3.0}
    assert encode_param(float("inf")) == {"$f": "Infinity"}
    assert encode_param(float("-inf")) == {"$f": "-Infinity"}


def test_bytes_cross_as_base64():
    assert encode_param(b"\x00\xff") == {"$b": "AP8="}


def test_an_unbindable_value_is_refused():
    with pytest.raises(TypeError):
        encode_param(object())


@pytest.fixture
def js():
    return FakeJsConnection()


@pytest.fixture
def conn(js):
    c = BridgeConnection(js)
    c.write([("CREATE TABLE t (k TEXT PRIMARY KEY, v)", ())])
    return c


@pytest.mark.parametrize("value", [
    0, 1, -1, 2**53 + 1, 2**63 - 1, -(2**63), 2.5, 3.0, -0.5, 1e300, "text", "", "\u00fc\U0001f389\"\\\n",
    b"", b"\x00\x01\xff", None,
])
def test_every_sqlite_value_round_trips_exactly(conn, value):
    conn.write([("INSERT INTO t VALUES (?, ?)", ("k", value))])
    [(got,)] = conn.query("SELECT v FROM t WHERE k = ?", ("k",))
    assert got == value and type(got) is type(value)


def test_rows_come_back_as_tuples(conn):
    conn.write([("INSERT INTO t VALUES (?, ?)", ("a", 1)), ("INSERT INTO t VALUES (?, ?)", ("b", 2))])
    assert conn.query("SELECT k, v FROM t ORDER BY k") == [("a", 1), ("b", 2)]


def test_fnv1a_hash_is_available_to_sql(conn):
    [(h,)] = conn.query("SELECT fnv1a_hash(?)", ("foobar",))
    assert h == 3214735720


# --- crossings and transactions ---------------------------------------------------

def test_a_write_is_one_crossing_whatever_its_statement_count(js, conn):
    before = js.crossings["write"]
    conn.write([("INSERT INTO t VALUES (?, ?)", (f"k{i}", i)) for i in range(20)])
    assert js.crossings["write"] == before + 1


def test_an_empty_write_does_not_cross(js, conn):
    before = dict(js.crossings)
    conn.write([])
    assert js.crossings == before


def test_a_failed_write_changes_nothing_and_raises_storage_error(conn):
    conn.write([("INSERT INTO t VALUES (?, ?)", ("keep", 1))])
    with pytest.raises(StorageError, match="statement 1 failed"):
        conn.write([("INSERT INTO t VALUES (?, ?)", ("new", 2)), ("INSERT INTO t VALUES (?, ?)", ("keep", 3))])
    assert conn.query("SELECT k FROM t") == [("keep",)]


def test_a_js_failure_reads_as_its_message(js, conn):
    js.fail_next = "OPFS went away"
    with pytest.raises(StorageError) as info:
        conn.query("SELECT 1")
    assert str(info.value) == "OPFS went away"


def test_close_releases_the_js_connection_once(js, conn):
    conn.close()
    conn.close()
    assert js.closed


# --- the worker's Session ---------------------------------------------------------

TABLE = {
    "TableName": "Music",
    "KeySchema": [{"AttributeName": "artist", "KeyType": "HASH"}, {"AttributeName": "song", "KeyType": "RANGE"}],
    "AttributeDefinitions": [
        {"AttributeName": "artist", "AttributeType": "S"},
        {"AttributeName": "song", "AttributeType": "S"},
        {"AttributeName": "genre", "AttributeType": "S"},
    ],
    "GlobalSecondaryIndexes": [{
        "IndexName": "byGenre",
        "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"},
    }],
    "BillingMode": "PAY_PER_REQUEST",
}


@pytest.fixture
def session(js):
    s = Session(js)
    assert s.execute("CreateTable", json.dumps(TABLE)).startswith("{")
    return s


def run(session, op, request=None):
    out = session.execute(op, json.dumps(request if request is not None else {}))
    if out.startswith("!"):
        raise AssertionError(out)
    return json.loads(out)


def error(out: str) -> tuple[int, dict]:
    """Session.execute's failure: "!", the HTTP status, the error body."""
    assert out.startswith("!"), out
    return int(out[1:4]), json.loads(out[4:])


def test_execute_answers_json(session):
    assert run(session, "ListTables") == {"TableNames": ["Music"]}


def test_an_empty_body_is_refused_as_over_http(session):
    assert error(session.execute("ListTables", "")) == (
        400, {"__type": "com.amazon.coral.service#SerializationException"})


def test_errors_come_back_as_a_bang_and_the_dynamodb_envelope(session):
    status, body = error(session.execute("GetItem", json.dumps({"TableName": "Nope", "Key": {"artist": {"S": "a"}}})))
    assert status == 400
    assert body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    assert body["message"]


def test_a_malformed_request_is_a_serialization_exception(session):
    assert error(session.execute("ListTables", "{not json")) == (
        400, {"__type": "com.amazon.coral.service#SerializationException"})


def test_an_indexed_put_is_one_write_crossing(js, session):
    before = js.crossings["write"]
    run(session, "PutItem", {"TableName": "Music",
                             "Item": {"artist": {"S": "a"}, "song": {"S": "s"}, "genre": {"S": "rock"}}})
    assert js.crossings["write"] == before + 1
    got = run(session, "Query", {"TableName": "Music", "IndexName": "byGenre", "KeyConditionExpression": "genre = :g",
                                 "ExpressionAttributeValues": {":g": {"S": "rock"}}})
    assert got["Count"] == 1


def test_numbers_beyond_2_53_round_trip_verbatim(session):
    big = "9007199254740993"
    run(session, "PutItem", {"TableName": "Music", "Item": {"artist": {"S": "a"}, "song": {"S": "s"}, "n": {"N": big}}})
    got = run(session, "GetItem", {"TableName": "Music", "Key": {"artist": {"S": "a"}, "song": {"S": "s"}}})
    assert got["Item"]["n"] == {"N": big}


def test_segments_of_a_parallel_scan_partition_the_table(session):
    for i in range(30):
        run(session, "PutItem", {"TableName": "Music", "Item": {"artist": {"S": f"a{i}"}, "song": {"S": "s"}}})
    seen = []
    for segment in range(4):
        page = run(session, "Scan", {"TableName": "Music", "Segment": segment, "TotalSegments": 4})
        seen += [item["artist"]["S"] for item in page["Items"]]
        for item in page["Items"]:
            assert fnv1a_hash(encode_key(item["artist"])) % 4 == segment
    assert sorted(seen) == sorted(f"a{i}" for i in range(30))


def test_streams_are_refused_in_the_browser(session):
    out = session.execute("UpdateTable", json.dumps({
        "TableName": "Music", "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}}))
    assert "stream" in error(out)[1]["message"].lower()


def test_dispatch_http_goes_through_the_wire_layer(session):
    out = json.loads(session.dispatch_http("DynamoDB_20120810.ListTables", "{}"))
    assert out["status"] == 200
    assert json.loads(out["body"]) == {"TableNames": ["Music"]}
    assert out["headers"]["x-amz-crc32"]
    bad = json.loads(session.dispatch_http("DynamoDB_20120810.Nope", "{}"))
    assert bad["status"] == 400


def test_describe_and_capabilities_name_the_operations():
    facts = json.loads(describe())
    assert facts["capabilities"] == capabilities()
    assert {"CreateTable", "PutItem", "GetItem", "Query", "Scan"} <= set(facts["capabilities"])


def test_preload_imports_the_engine_but_not_the_native_backends():
    names = preload()
    assert "dynoxide.browser" in names and "dynoxide.protocol.wire" in names
    assert not any(n.startswith(("dynoxide.cli", "dynoxide.server")) for n in names)


def test_the_browser_path_never_imports_the_stdlib_sqlite3():
    code = textwrap.dedent("""
        import sys
        sys.modules["sqlite3"] = None
        sys.modules["_sqlite3"] = None
        import dynoxide.browser
    """)
    package_root = Path(dynoxide.__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=package_root)


def test_long_texts_out_of_line_come_back_in_their_places():
    # The JS bridge sends long texts after the rows' JSON, each after a NUL,
    # unescaped, with {"$t": 0} where each goes (js/sqlite-wasm-bridge.js query).
    item = json.dumps({"pk": {"S": 'a "quoted" key'}, "payload": {"S": "x" * 100}})

    class Framed:
        persistenceMode = "memory"

        def query(self, sql, params_json):
            rows = [["a", {"$t": 0}, 7], ["b", "short", {"$b": "AAE="}], ["c", {"$t": 0}, None]]
            return json.dumps(rows) + "\x00" + item + "\x00" + item.upper()

    assert BridgeConnection(Framed()).query("SELECT 1") == [
        ("a", item, 7), ("b", "short", b"\x00\x01"), ("c", item.upper(), None)]


def test_a_cold_boot_imports_neither_the_servers_stdlib_nor_the_exchange():
    # A cold boot in the worker (no snapshot yet) pays for every module
    # dynoxide.browser imports: these cost it ~80 ms in Pyodide, and only the
    # native server (access checks), CreateTable (uuid) or an export/import use them.
    code = textwrap.dedent("""
        import sys
        import dynoxide.browser
        heavy = ("ipaddress", "urllib.parse", "uuid", "dynoxide.exchange.session")
        print(" ".join(name for name in heavy if name in sys.modules))
    """)
    package_root = Path(dynoxide.__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=package_root, text=True)
    assert out.stdout.strip() == ""
