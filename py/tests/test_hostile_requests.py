"""The hostile-request table (vectors/hostile-requests.json), natively.

The same table runs in the real browser worker (e2e/hostile.spec.js), so the
two hosts give the same bytes the same status, `__type` and message. Here
each row goes through the wire layer (`wire.handle`, what `dynoxide serve`
runs) and through the worker's `browser.Session` (its `execute` and
`dispatch_http`) over the stand-in JS bridge of test_bridge.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from dynoxide import Database
from dynoxide.browser import Session
from dynoxide.protocol import wire
from test_bridge import FakeJsConnection

TABLE = json.loads((Path(__file__).parent / "vectors" / "hostile-requests.json").read_text(encoding="utf-8"))
ROWS = TABLE["requests"]
TOO_LARGE = "com.dynoxide.wasm#RequestTooLarge"


def body_text(body) -> str:
    """A row's body: a string, or the compact form of a long one."""
    if isinstance(body, str):
        return body
    return body["outer"].replace("@@", body["open"] * body["times"] + body["inner"] + body["close"] * body["times"])


def wire_bytes(text: str) -> bytes:
    # What an HTTP client sends for the text; a lone surrogate stays invalid UTF-8.
    return text.encode("utf-8", "surrogatepass")


def answer(status: int, body: bytes | str) -> dict:
    """A response as the table states it: the status, and an error's __type and message."""
    if status == 200:
        return {"status": 200}
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    parsed = parsed if isinstance(parsed, dict) else {}
    return {"status": status, "type": parsed.get("__type"), "message": parsed.get("message")}


def set_up(execute) -> None:
    for step in TABLE["setup"]:
        execute(step["op"], json.loads(json.dumps(step["request"])))


@pytest.fixture(scope="module")
def db():
    database = Database.memory()
    set_up(database.execute)
    yield database
    database.close()


@pytest.fixture(scope="module")
def session():
    s = Session(FakeJsConnection())
    set_up(lambda op, request: s.execute(op, json.dumps(request)))
    yield s
    s.close()


def assert_canaries_unchanged(get_item) -> None:
    for canary in TABLE["canaries"]:
        key = {name: canary["Item"][name] for name in ("id", "pk", "sk") if name in canary["Item"]}
        assert get_item(canary["TableName"], key) == canary["Item"]


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_the_wire_layer_answers_as_the_table_says(db, row):
    response = wire.handle(db, row["target"], wire_bytes(body_text(row["body"])), content_type=row.get("contentType"))
    assert answer(response.status, response.body) == row["expect"]


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_the_workers_dispatch_http_answers_the_same(session, row):
    out = json.loads(session.dispatch_http(row["target"], body_text(row["body"]), row.get("contentType")))
    assert answer(out["status"], out["body"]) == row["expect"]


EXECUTABLE = [row for row in ROWS if row.get("execute", True)]


@pytest.mark.parametrize("row", EXECUTABLE, ids=[row["name"] for row in EXECUTABLE])
def test_the_workers_execute_answers_the_same(session, row):
    op = row["target"].split(".", 1)[1]
    out = session.execute(op, body_text(row["body"]))
    expected = row["expect"]
    if expected["status"] == 200:
        assert not out.startswith("!")
        assert isinstance(json.loads(out), dict)
    else:
        status, body = int(out[1:4]), out[4:]
        got = answer(status, body)
        assert got == expected
        if status == 413:  # no body over HTTP; the worker names it (js/worker/database.js)
            assert body == ""


def test_no_hostile_request_changed_a_canary(db, session):
    assert_canaries_unchanged(lambda table, key: db.execute("GetItem", {"TableName": table, "Key": key})["Item"])
    assert_canaries_unchanged(lambda table, key: json.loads(
        session.execute("GetItem", json.dumps({"TableName": table, "Key": key})))["Item"])


def test_an_engine_failure_is_logged_and_answered_without_its_text(session, monkeypatch, caplog):
    def fail(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(session.db, "execute", fail)
    out = session.execute("ListTables", "{}")
    http = json.loads(session.dispatch_http("DynamoDB_20120810.ListTables", "{}"))
    internal = {"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                "message": "The server encountered an internal error trying to fulfill the request."}
    assert (int(out[1:4]), json.loads(out[4:])) == (500, internal)
    assert (http["status"], json.loads(http["body"])) == (500, internal)
    assert "secret detail" not in out + http["body"]
    # Logged (in the worker, logging's last-resort handler writes it to stderr: the console).
    assert "secret detail" in caplog.text
