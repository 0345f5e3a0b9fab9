"""DescribeTable's ItemCount and sizes, kept by every write, equal a full recount.

The recount is the black-box one: Scan the table (or index) and size what
comes back, so the figures are checked against what the API itself shows.
"""
from __future__ import annotations

import random
import sqlite3

import pytest

from dynoxide import Database, DynamoError
from dynoxide.values.size import item_size
from support import n, s

TABLE = "Counted"


def _create(db: Database) -> None:
    db.execute("CreateTable", {
        "TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "g", "l")],
        "LocalSecondaryIndexes": [{"IndexName": "byL", "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "GlobalSecondaryIndexes": [
            {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "ALL"}},
            {"IndexName": "byGInclude", "KeySchema": [
                {"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["v"]}}]})


def _scan_all(db: Database, index: str | None = None) -> list[dict]:
    request = {"TableName": TABLE, **({"IndexName": index} if index else {})}
    items = []
    while True:
        page = db.execute("Scan", request)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def assert_counts_match_recount(db: Database, table: str = TABLE) -> None:
    described = db.execute("DescribeTable", {"TableName": table})["Table"]
    items = _scan_all(db)
    assert (described["ItemCount"], described["TableSizeBytes"]) == (len(items), sum(map(item_size, items)))
    for index in described.get("GlobalSecondaryIndexes", []) + described.get("LocalSecondaryIndexes", []):
        rows = _scan_all(db, index["IndexName"])
        assert (index["IndexName"], index["ItemCount"], index["IndexSizeBytes"]) == \
            (index["IndexName"], len(rows), sum(map(item_size, rows)))


def _random_item(rng: random.Random) -> dict:
    item = {"pk": s(f"p{rng.randrange(6)}"), "sk": s(f"s{rng.randrange(8)}"), "v": s("x" * rng.randrange(40))}
    if rng.random() < 0.7:  # sparse indexes: some items have no index key
        item["g"] = s(f"g{rng.randrange(3)}")
    if rng.random() < 0.5:
        item["l"] = s(f"l{rng.randrange(4)}")
    if rng.random() < 0.5:
        item["other"] = n(rng.randrange(10 ** 6))
    return item


def _key(rng: random.Random) -> dict:
    return {"pk": s(f"p{rng.randrange(6)}"), "sk": s(f"s{rng.randrange(8)}")}


def _random_write(db: Database, rng: random.Random) -> None:
    kind = rng.choice(["put", "put", "update", "delete", "batch", "transact", "failed", "failed_transact"])
    if kind == "put":
        db.execute("PutItem", {"TableName": TABLE, "Item": _random_item(rng)})
    elif kind == "update":
        expression = rng.choice(["SET v = :v, g = :g", "REMOVE g, l", "SET l = :l", "SET v = :v"])
        db.execute("UpdateItem", {"TableName": TABLE, "Key": _key(rng), "UpdateExpression": expression,
                                  **_values(rng, expression)})
    elif kind == "delete":
        db.execute("DeleteItem", {"TableName": TABLE, "Key": _key(rng)})
    elif kind == "batch":
        writes, keys = [], set()
        for _ in range(rng.randrange(1, 12)):
            if rng.random() < 0.7:
                item = _random_item(rng)
                key, write = (item["pk"]["S"], item["sk"]["S"]), {"PutRequest": {"Item": item}}
            else:
                k = _key(rng)
                key, write = (k["pk"]["S"], k["sk"]["S"]), {"DeleteRequest": {"Key": k}}
            if key not in keys:
                keys.add(key)
                writes.append(write)
        db.execute("BatchWriteItem", {"RequestItems": {TABLE: writes}})
    elif kind == "transact":
        first, second = _random_item(rng), _key(rng)
        if (first["pk"], first["sk"]) == (second["pk"], second["sk"]):
            return
        db.execute("TransactWriteItems", {"TransactItems": [
            {"Put": {"TableName": TABLE, "Item": first}},
            {"Update": {"TableName": TABLE, "Key": second, "UpdateExpression": "SET v = :v, g = :g",
                        **_values(rng, "SET v = :v, g = :g")}}]})
    elif kind == "failed":
        with pytest.raises(DynamoError):
            db.execute("PutItem", {"TableName": TABLE, "Item": _random_item(rng),
                                   "ConditionExpression": "attribute_exists(nothing_has_this)"})
    else:
        first, second = _random_item(rng), _key(rng)
        if (first["pk"], first["sk"]) == (second["pk"], second["sk"]):
            return
        with pytest.raises(DynamoError):  # the second action's condition cancels the first's put
            db.execute("TransactWriteItems", {"TransactItems": [
                {"Put": {"TableName": TABLE, "Item": first}},
                {"Delete": {"TableName": TABLE, "Key": second,
                            "ConditionExpression": "attribute_exists(nothing_has_this)"}}]})


def _values(rng: random.Random, expression: str) -> dict:
    values = {":v": s("y" * rng.randrange(60)), ":g": s(f"g{rng.randrange(3)}"), ":l": s(f"l{rng.randrange(4)}")}
    used = {name: value for name, value in values.items() if name in expression}
    return {"ExpressionAttributeValues": used} if used else {}


@pytest.mark.parametrize("seed", range(4))
def test_counts_equal_a_recount_after_any_mix_of_writes(seed):
    rng = random.Random(seed)
    db = Database.memory()
    _create(db)
    for step in range(300):
        _random_write(db, rng)
        if step % 60 == 0:
            assert_counts_match_recount(db)
    assert_counts_match_recount(db)


def test_an_index_created_later_counts_its_backfill_and_later_writes():
    db = Database.memory()
    _create(db)
    rng = random.Random(7)
    for _ in range(80):
        db.execute("PutItem", {"TableName": TABLE, "Item": _random_item(rng)})
    db.execute("UpdateTable", {
        "TableName": TABLE, "AttributeDefinitions": [{"AttributeName": "l", "AttributeType": "S"}],
        "GlobalSecondaryIndexUpdates": [
            {"Delete": {"IndexName": "byG"}},
            {"Create": {"IndexName": "byLGlobal", "KeySchema": [{"AttributeName": "l", "KeyType": "HASH"}],
                        "Projection": {"ProjectionType": "KEYS_ONLY"}}}]})
    described = db.execute("DescribeTable", {"TableName": TABLE})["Table"]
    assert {i["IndexName"] for i in described["GlobalSecondaryIndexes"]} == {"byGInclude", "byLGlobal"}
    assert next(i for i in described["GlobalSecondaryIndexes"] if i["IndexName"] == "byLGlobal")["ItemCount"] > 0
    assert_counts_match_recount(db)
    for _ in range(80):
        _random_write(db, rng)
    assert_counts_match_recount(db)


def test_a_table_deleted_and_created_again_starts_from_zero():
    db = Database.memory()
    _create(db)
    db.execute("PutItem", {"TableName": TABLE, "Item": {"pk": s("a"), "sk": s("b"), "g": s("g")}})
    db.execute("DeleteTable", {"TableName": TABLE})
    _create(db)
    described = db.execute("DescribeTable", {"TableName": TABLE})["Table"]
    assert (described["ItemCount"], described["TableSizeBytes"]) == (0, 0)
    assert [(i["ItemCount"], i["IndexSizeBytes"]) for i in described["GlobalSecondaryIndexes"]] == [(0, 0), (0, 0)]


def test_a_database_file_from_before_counts_gets_them_on_open(tmp_path):
    path = str(tmp_path / "old.sqlite")
    with Database.open(path) as db:
        _create(db)
        rng = random.Random(3)
        for _ in range(120):
            _random_write(db, rng)
    # What older code left: no counts table and no triggers.
    raw = sqlite3.connect(path)
    for (trigger,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        raw.execute(f'DROP TRIGGER "{trigger}"')
    raw.execute("DROP TABLE _dynoxide_counts")
    raw.commit()
    raw.close()
    with Database.open(path) as db:
        assert_counts_match_recount(db)
        rng = random.Random(4)
        for _ in range(60):
            _random_write(db, rng)
        assert_counts_match_recount(db)
