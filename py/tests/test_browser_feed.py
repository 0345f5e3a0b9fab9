"""The browser worker's change feed (dynoxide.browser Session.subscribe/poll,
streams/feed.py) and its TTL sweep, over the fake JS connection: what
js/worker/streams.js posts to a page's `subscribe` callbacks. e2e/streams.spec.js
runs the same through the real worker."""
from __future__ import annotations

import json

import pytest

from dynoxide.browser import Session, capabilities, describe

from test_bridge import FakeJsConnection

TABLE = {
    "TableName": "Feed",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingMode": "PAY_PER_REQUEST",
    "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
}


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def session(clock):
    s = Session(FakeJsConnection(), streams=True)
    s.db._engine.clock = clock  # the sweep and the records' times follow the test's clock
    run(s, "CreateTable", TABLE)
    yield s
    s.close()


def run(s: Session, op: str, request: dict) -> dict:
    out = s.execute(op, json.dumps(request))
    assert not out.startswith("!"), out
    return json.loads(out)


def put(s: Session, id_: str, **attrs) -> None:
    run(s, "PutItem", {"TableName": "Feed", "Item": {"id": {"S": id_}, **attrs}})


def polled(s: Session) -> dict:
    out = s.poll()
    return {name: [(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"]) for r in records]
            for name, records in (json.loads(out) if out else [])}


def test_a_subscription_gets_each_write_once_in_commit_order(session):
    assert session.subscribe("a", "Feed", '"LATEST"') == ""
    assert session.poll() == ""
    put(session, "1")
    put(session, "1", n={"N": "2"})
    put(session, "1", n={"N": "2"})  # changes nothing: no record
    run(session, "DeleteItem", {"TableName": "Feed", "Key": {"id": {"S": "1"}}})
    assert polled(session) == {"a": [("INSERT", "1"), ("MODIFY", "1"), ("REMOVE", "1")]}
    assert session.poll() == ""
    run(session, "GetItem", {"TableName": "Feed", "Key": {"id": {"S": "1"}}})
    assert session.poll() == ""


def test_trim_horizon_and_after_start_where_asked(session):
    put(session, "1")
    put(session, "2")
    session.subscribe("all", "Feed", '"TRIM_HORIZON"')
    records = json.loads(session.poll())[0][1]
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in records] == ["1", "2"]
    first = records[0]["dynamodb"]["SequenceNumber"]
    session.subscribe("resumed", "Feed", json.dumps({"after": first}))
    put(session, "3")
    assert polled(session) == {"resumed": [("INSERT", "2"), ("INSERT", "3")], "all": [("INSERT", "3")]}


def test_the_feed_follows_a_re_enabled_stream_but_not_an_earlier_table(session, clock):
    session.subscribe("a", "Feed", '"LATEST"')
    run(session, "UpdateTable", {"TableName": "Feed", "StreamSpecification": {"StreamEnabled": False}})
    put(session, "unstreamed")
    clock.now += 1  # a stream's label is its creation time
    run(session, "UpdateTable", {"TableName": "Feed",
                                 "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}})
    put(session, "after")
    assert polled(session) == {"a": [("INSERT", "after")]}
    run(session, "DeleteTable", {"TableName": "Feed"})
    clock.now += 1
    run(session, "CreateTable", TABLE)
    session.subscribe("b", "Feed", '"TRIM_HORIZON"')  # the deleted table's records are not this table's
    put(session, "again")
    assert polled(session) == {"a": [("INSERT", "again")], "b": [("INSERT", "again")]}


def test_subscribe_refusals_in_dynamodbs_words(session):
    def error(out):
        assert out.startswith("!")
        body = json.loads(out[1:])
        return body["__type"].split("#")[1], body["message"]

    assert error(session.subscribe("x", "Nope", '"LATEST"')) == (
        "ResourceNotFoundException", "Requested resource not found: Table: Nope not found")
    run(session, "CreateTable", {**TABLE, "TableName": "Plain", "StreamSpecification": None})
    assert error(session.subscribe("x", "Plain", '"LATEST"')) == (
        "ValidationException", "Table has no stream: TableName: Plain")
    assert error(session.subscribe("x", "Feed", json.dumps({"after": "x1"}))) == (
        "ValidationException", "Invalid SequenceNumber for the shard")
    off = Session(FakeJsConnection())
    assert error(off.subscribe("x", "Feed", '"LATEST"'))[0] == "ValidationException"


def test_a_resume_after_trimmed_records_is_refused(session, clock):
    put(session, "old")
    put(session, "newer")
    session.subscribe("all", "Feed", '"TRIM_HORIZON"')
    old, newer = (r["dynamodb"]["SequenceNumber"] for r in json.loads(session.poll())[0][1])
    clock.now += 25 * 60 * 60  # past the 24 hours records are kept
    session.sweep()
    out = session.subscribe("x", "Feed", json.dumps({"after": f"{int(old) - 1:021d}"}))
    assert json.loads(out[1:])["__type"].endswith("#TrimmedDataAccessException")
    assert session.subscribe("y", "Feed", json.dumps({"after": newer})) == ""


def test_a_ttl_sweep_delivers_its_remove_with_the_service_identity(session, clock):
    run(session, "UpdateTimeToLive", {"TableName": "Feed",
                                      "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "exp"}})
    session.subscribe("a", "Feed", '"LATEST"')
    put(session, "gone", exp={"N": str(int(clock.now) - 10)})
    put(session, "kept", exp={"N": str(int(clock.now) + 3600)})
    session.poll()
    assert session.sweep() == 1
    (name, records), = json.loads(session.poll())
    assert [(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"], r["userIdentity"]) for r in records] == [
        ("REMOVE", "gone", {"type": "Service", "principalId": "dynamodb.amazonaws.com"})]
    assert session.sweep() == 0 and session.poll() == ""


def test_capabilities_list_the_stream_operations_only_with_streams():
    streams = {"ListStreams", "DescribeStream", "GetShardIterator", "GetRecords"}
    assert not streams & set(capabilities())
    assert streams <= set(capabilities(streams=True))
    facts = json.loads(describe())
    assert facts["streamsCapabilities"] == capabilities(streams=True)
