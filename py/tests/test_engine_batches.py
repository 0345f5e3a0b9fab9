"""BatchGetItem's UnprocessedKeys past 16 MB, and BatchWriteItem's ItemCollectionMetrics."""
from __future__ import annotations

import pytest

from dynoxide import Database
from dynoxide.limits import MAX_BATCH_GET_RESPONSE_BYTES, MAX_ITEM_SIZE
from support import composite_table, hash_table, s


@pytest.fixture
def db():
    with Database.memory() as database:
        yield database


def test_batch_get_past_16_mb_returns_the_rest_as_unprocessed_keys(db):
    db.execute("CreateTable", hash_table())
    filler = "x" * (MAX_ITEM_SIZE - 1024)  # just under 400 KB each
    count = MAX_BATCH_GET_RESPONSE_BYTES // len(filler) + 4
    for i in range(count):
        db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s(f"k{i:03}"), "v": s(filler)}})
    keys = [{"pk": s(f"k{i:03}")} for i in range(count)]

    first = db.execute("BatchGetItem", {"RequestItems": {"Things": {"Keys": keys, "ConsistentRead": True}},
                                        "ReturnConsumedCapacity": "TOTAL"})
    got = first["Responses"]["Things"]
    pending = first["UnprocessedKeys"]["Things"]
    assert got and pending["Keys"]
    # The response stops once it holds 16 MB; the keys not read are handed back
    # with the request's other parameters, and none is both read and pending.
    assert sum(len(item["v"]["S"]) for item in got[:-1]) < MAX_BATCH_GET_RESPONSE_BYTES
    assert pending["ConsistentRead"] is True
    assert len(got) + len(pending["Keys"]) == count
    read = {item["pk"]["S"] for item in got}
    assert read.isdisjoint(key["pk"]["S"] for key in pending["Keys"])
    # Capacity counts what was read only: 100 units per item (strongly consistent, ceil(399 KB / 4 KB)).
    assert first["ConsumedCapacity"] == [{"TableName": "Things", "CapacityUnits": 100.0 * len(got)}]

    second = db.execute("BatchGetItem", {"RequestItems": first["UnprocessedKeys"]})
    assert second["UnprocessedKeys"] == {}
    read |= {item["pk"]["S"] for item in second["Responses"]["Things"]}
    assert read == {key["pk"]["S"] for key in keys}


def test_batch_get_under_the_limit_has_no_unprocessed_keys(db):
    db.execute("CreateTable", hash_table())
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a")}})
    out = db.execute("BatchGetItem", {"RequestItems": {"Things": {"Keys": [{"pk": s("a")}, {"pk": s("b")}]}}})
    assert out == {"Responses": {"Things": [{"pk": s("a")}]}, "UnprocessedKeys": {}}


def indexed_table() -> dict:
    return composite_table(
        "Indexed",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "lsk", "AttributeType": "S"}],
        LocalSecondaryIndexes=[{"IndexName": "bylsk", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsk", "KeyType": "RANGE"}]}])


def test_batch_write_reports_item_collection_metrics_for_tables_with_local_indexes(db):
    db.execute("CreateTable", indexed_table())
    db.execute("CreateTable", hash_table())
    db.execute("PutItem", {"TableName": "Indexed", "Item": {"pk": s("b"), "sk": s("old"), "lsk": s("l")}})
    out = db.execute("BatchWriteItem", {"ReturnItemCollectionMetrics": "SIZE", "RequestItems": {
        "Indexed": [{"PutRequest": {"Item": {"pk": s("a"), "sk": s("1"), "lsk": s("l")}}},
                    {"PutRequest": {"Item": {"pk": s("a"), "sk": s("2")}}},
                    {"DeleteRequest": {"Key": {"pk": s("b"), "sk": s("old")}}}],
        "Things": [{"PutRequest": {"Item": {"pk": s("x")}}}]}})
    assert out["UnprocessedItems"] == {}
    # One entry per write to a table with local indexes, keyed by the item's partition.
    assert set(out["ItemCollectionMetrics"]) == {"Indexed"}
    entries = out["ItemCollectionMetrics"]["Indexed"]
    assert [entry["ItemCollectionKey"] for entry in entries] == [{"pk": s("a")}, {"pk": s("a")}, {"pk": s("b")}]
    for entry in entries:
        assert entry["SizeEstimateRangeGB"] == [0, 1]  # whole gigabytes the collection falls in


def test_batch_write_without_local_indexes_or_without_asking_has_no_metrics(db):
    db.execute("CreateTable", indexed_table())
    db.execute("CreateTable", hash_table())
    put = {"PutRequest": {"Item": {"pk": s("x")}}}
    assert "ItemCollectionMetrics" not in db.execute("BatchWriteItem", {
        "ReturnItemCollectionMetrics": "SIZE", "RequestItems": {"Things": [put]}})
    assert "ItemCollectionMetrics" not in db.execute("BatchWriteItem", {"RequestItems": {"Indexed": [
        {"PutRequest": {"Item": {"pk": s("a"), "sk": s("1")}}}]}})
