"""Item operations: conditions, return values, indexes kept in step, atomicity."""
import pytest

from dynoxide import Database
from support import composite_table, error_of, hash_table, n, s

INDEXED = composite_table(
    "Fanout",
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                          {"AttributeName": "sk", "AttributeType": "S"},
                          {"AttributeName": "gpk", "AttributeType": "S"},
                          {"AttributeName": "lsk", "AttributeType": "S"}],
    GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "ALL"}}],
    LocalSecondaryIndexes=[{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                              {"AttributeName": "lsk", "KeyType": "RANGE"}],
                            "Projection": {"ProjectionType": "ALL"}}])


@pytest.fixture
def db():
    with Database.memory() as database:
        database.execute("CreateTable", hash_table())
        yield database


def get(db, pk, table="Things"):
    return db.execute("GetItem", {"TableName": table, "Key": {"pk": s(pk)}}).get("Item")


def test_numbers_come_back_canonical(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "x": n("0012.3400"), "big": n("9007199254740993")}})
    item = get(db, "a")
    assert item["x"] == n("12.34")
    assert item["big"] == n("9007199254740993")


def test_put_return_all_old_and_condition_failure(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "v": n(1)}})
    old = db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "v": n(2)}, "ReturnValues": "ALL_OLD"})
    assert old["Attributes"] == {"pk": s("a"), "v": n(1)}
    err = error_of(db, "PutItem", {"TableName": "Things", "Item": {"pk": s("a")},
                                   "ConditionExpression": "attribute_not_exists(pk)",
                                   "ReturnValuesOnConditionCheckFailure": "ALL_OLD"})
    assert err.name == "ConditionalCheckFailedException"
    assert err.message == "The conditional request failed"
    assert err.to_body()["Item"] == {"pk": s("a"), "v": n(2)}
    assert get(db, "a")["v"] == n(2)


def test_put_rejects_missing_and_mistyped_keys(db):
    err = error_of(db, "PutItem", {"TableName": "Things", "Item": {"x": s("a")}})
    assert err.message == "One or more parameter values were invalid: Missing the key pk in the item"
    err = error_of(db, "PutItem", {"TableName": "Things", "Item": {"pk": n(1)}})
    assert err.message == "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"


def test_item_over_400kb_is_rejected_and_not_written(db):
    err = error_of(db, "PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "blob": s("x" * 400 * 1024)}})
    assert err.message == "1 validation error detected: Item size has exceeded the maximum allowed size"
    assert get(db, "a") is None


def test_update_item_upserts_and_returns_updated_values(db):
    out = db.execute("UpdateItem", {"TableName": "Things", "Key": {"pk": s("a")},
                                    "UpdateExpression": "SET c = :one, tags = :t",
                                    "ExpressionAttributeValues": {":one": n(1), ":t": {"SS": ["x"]}},
                                    "ReturnValues": "ALL_NEW"})
    assert out["Attributes"] == {"pk": s("a"), "c": n(1), "tags": {"SS": ["x"]}}
    out = db.execute("UpdateItem", {"TableName": "Things", "Key": {"pk": s("a")},
                                    "UpdateExpression": "SET c = c + :one REMOVE tags",
                                    "ExpressionAttributeValues": {":one": n(1)},
                                    "ReturnValues": "UPDATED_OLD"})
    assert out["Attributes"] == {"c": n(1), "tags": {"SS": ["x"]}}
    assert get(db, "a") == {"pk": s("a"), "c": n(2)}


def test_update_of_a_key_attribute_is_rejected(db):
    err = error_of(db, "UpdateItem", {"TableName": "Things", "Key": {"pk": s("a")},
                                      "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": s("b")}})
    assert err.message == "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"


def test_failed_condition_on_update_leaves_no_ghost_item(db):
    err = error_of(db, "UpdateItem", {"TableName": "Things", "Key": {"pk": s("ghost")},
                                      "UpdateExpression": "SET v = :v", "ConditionExpression": "attribute_exists(pk)",
                                      "ExpressionAttributeValues": {":v": n(1)}})
    assert err.name == "ConditionalCheckFailedException"
    assert get(db, "ghost") is None


def test_key_that_does_not_match_schema(db):
    err = error_of(db, "GetItem", {"TableName": "Things", "Key": {"pk": n(1)}})
    assert err.message == "The provided key element does not match the schema"


def test_key_schema_mismatch_is_reported_before_an_empty_or_oversized_value(db):
    db.execute("CreateTable", composite_table("Pairs"))
    for key in ({"pk": s(""), "sk": n(1)}, {"pk": s("x" * 3000), "sk": n(1)}, {"pk": s(""), "other": s("a")},
                {"pk": s(""), "sk": s("a"), "x": s("b")}):
        err = error_of(db, "GetItem", {"TableName": "Pairs", "Key": key})
        assert err.message == "The provided key element does not match the schema", key
    err = error_of(db, "DeleteItem", {"TableName": "Pairs", "Key": {"pk": s("a"), "sk": s("")}})
    assert err.message.endswith("cannot contain an empty string value. Key: sk")


@pytest.mark.parametrize("op", ["GetItem", "DeleteItem"])
def test_key_size_limits_count_utf8_bytes(db, op):
    db.execute("CreateTable", composite_table("Pairs"))
    ok = {"pk": s("\u00e9" * 1024), "sk": s("\u00e9" * 512)}  # exactly 2048 and 1024 bytes
    db.execute(op, {"TableName": "Pairs", "Key": ok})
    err = error_of(db, op, {"TableName": "Pairs", "Key": {"pk": s("\u00e9" * 1024 + "a"), "sk": s("a")}})
    assert err.message.endswith("Size of hashkey has exceeded the maximum size limit of2048 bytes")
    err = error_of(db, op, {"TableName": "Pairs", "Key": {"pk": s("a"), "sk": s("\u20ac" * 341 + "ab")}})
    assert err.message.endswith("Aggregated size of all range keys has exceeded the size limit of 1024 bytes")


def test_delete_returns_old_item(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "v": n(1)}})
    out = db.execute("DeleteItem", {"TableName": "Things", "Key": {"pk": s("a")}, "ReturnValues": "ALL_OLD"})
    assert out["Attributes"] == {"pk": s("a"), "v": n(1)}
    assert get(db, "a") is None
    assert db.execute("DeleteItem", {"TableName": "Things", "Key": {"pk": s("a")}}) == {}


def test_overwrite_and_delete_keep_gsi_and_lsi_in_step(db):
    db.execute("CreateTable", INDEXED)

    def put(gpk, lsk):
        db.execute("PutItem", {"TableName": "Fanout",
                               "Item": {"pk": s("p1"), "sk": s("s1"), "gpk": s(gpk), "lsk": s(lsk)}})

    def gsi_count(gpk):
        return db.execute("Query", {"TableName": "Fanout", "IndexName": "byG", "KeyConditionExpression": "gpk = :g",
                                    "ExpressionAttributeValues": {":g": s(gpk)}})["Count"]

    def lsi_keys():
        items = db.execute("Query", {"TableName": "Fanout", "IndexName": "byL", "KeyConditionExpression": "pk = :p",
                                     "ExpressionAttributeValues": {":p": s("p1")}})["Items"]
        return [i["lsk"]["S"] for i in items]

    put("g1", "l1")
    assert gsi_count("g1") == 1 and lsi_keys() == ["l1"]
    put("g2", "l2")
    assert gsi_count("g1") == 0 and gsi_count("g2") == 1 and lsi_keys() == ["l2"]
    db.execute("DeleteItem", {"TableName": "Fanout", "Key": {"pk": s("p1"), "sk": s("s1")}})
    assert gsi_count("g2") == 0 and lsi_keys() == []


def test_index_key_type_mismatch_is_rejected_before_writing(db):
    db.execute("CreateTable", INDEXED)
    err = error_of(db, "PutItem", {"TableName": "Fanout", "Item": {"pk": s("p"), "sk": s("s"), "gpk": n(1)}})
    assert err.message == ("One or more parameter values were invalid: Type mismatch for Index Key gpk "
                           "Expected: S Actual: N IndexName: byG")
    assert db.execute("Scan", {"TableName": "Fanout"})["Count"] == 0


def test_consumed_capacity_rounds_per_kilobyte(db):
    out = db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "v": s("x" * 1500)},
                                 "ReturnConsumedCapacity": "TOTAL"})
    assert out["ConsumedCapacity"] == {"TableName": "Things", "CapacityUnits": 2.0}
    out = db.execute("GetItem", {"TableName": "Things", "Key": {"pk": s("a")}, "ReturnConsumedCapacity": "TOTAL"})
    assert out["ConsumedCapacity"] == {"TableName": "Things", "CapacityUnits": 0.5}


def test_batch_write_rejects_duplicates_without_writing(db):
    err = error_of(db, "BatchWriteItem", {"RequestItems": {"Things": [
        {"PutRequest": {"Item": {"pk": s("a")}}}, {"PutRequest": {"Item": {"pk": s("b")}}},
        {"DeleteRequest": {"Key": {"pk": s("a")}}}]}})
    assert err.message == "Provided list of item keys contains duplicates"
    assert get(db, "b") is None


def test_batch_get_returns_found_items_per_table(db):
    for key in "abc":
        db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s(key), "v": s(key * 2)}})
    out = db.execute("BatchGetItem", {"RequestItems": {"Things": {
        "Keys": [{"pk": s("a")}, {"pk": s("c")}, {"pk": s("zz")}], "ProjectionExpression": "v"}}})
    assert sorted(i["v"]["S"] for i in out["Responses"]["Things"]) == ["aa", "cc"]
    assert out["UnprocessedKeys"] == {}


@pytest.mark.parametrize("kind, empty", [("string", s("")), ("binary", {"B": ""})])
def test_an_empty_index_key_value_is_worded_by_the_operation_that_wrote_it(kind, empty):
    table = dict(INDEXED, AttributeDefinitions=[
        a if a["AttributeName"] != "gpk" else {"AttributeName": "gpk", "AttributeType": "S" if kind == "string" else "B"}
        for a in INDEXED["AttributeDefinitions"]])
    with Database.memory() as db:
        db.execute("CreateTable", table)
        key = {"pk": s("a"), "sk": s("1")}
        put = error_of(db, "PutItem", {"TableName": "Fanout", "Item": dict(key, gpk=empty)})
        assert (put.name, put.message) == ("ValidationException",
                       "One or more parameter values are not valid. A value specified for a secondary index key "
                       f"is not supported. The AttributeValue for a key attribute cannot contain an empty {kind} "
                       "value. IndexName: byG, IndexKey: gpk")
        update = error_of(db, "UpdateItem", {"TableName": "Fanout", "Key": key, "UpdateExpression": "SET gpk = :e",
                                             "ExpressionAttributeValues": {":e": empty}})
        assert (update.name, update.message) == ("ValidationException",
                          "One or more parameter values are not valid. The update expression attempted to update a "
                          "secondary index key to a value that is not supported. The AttributeValue for a key "
                          f"attribute cannot contain an empty {kind} value.")
        assert "Item" not in db.execute("GetItem", {"TableName": "Fanout", "Key": key})


def _fanout_state(db):
    """Every table and index row of the Fanout table, in key order."""
    return [db.execute("Scan", {"TableName": "Fanout", **({"IndexName": i} if i else {})})["Items"]
            for i in (None, "byG", "byL")]


def test_batch_write_leaves_the_table_and_indexes_as_the_same_single_writes_do():
    def key(pk, sk):
        return {"pk": s(pk), "sk": s(sk)}

    before = [dict(key("a", "1"), gpk=s("g1"), lsk=s("l1")), dict(key("a", "2"), gpk=s("g2")),
              dict(key("b", "1"), lsk=s("l3"), v=n(1)), dict(key("b", "2"), gpk=s("g4"), lsk=s("l4"))]
    writes = [
        {"PutRequest": {"Item": dict(key("a", "1"), gpk=s("moved"), lsk=s("l1"))}},   # GSI key moves
        {"DeleteRequest": {"Key": key("a", "2")}},                                     # in the GSI only
        {"PutRequest": {"Item": dict(key("b", "1"), v=n(2))}},                         # leaves the LSI
        {"DeleteRequest": {"Key": key("zz", "9")}},                                    # nothing there
        {"PutRequest": {"Item": dict(key("c", "1"), gpk=s("g5"), lsk=s("l5"))}},       # a new item
        {"DeleteRequest": {"Key": key("b", "2")}},                                     # in both indexes
    ]
    with Database.memory() as batched, Database.memory() as single:
        for db in (batched, single):
            db.execute("CreateTable", INDEXED)
            for item in before:
                db.execute("PutItem", {"TableName": "Fanout", "Item": item})
        out = batched.execute("BatchWriteItem", {"RequestItems": {"Fanout": writes},
                                                 "ReturnConsumedCapacity": "INDEXES"})
        units = {"CapacityUnits": 0.0}
        for write in writes:
            op, request = (("PutItem", write["PutRequest"]) if "PutRequest" in write
                           else ("DeleteItem", write["DeleteRequest"]))
            consumed = single.execute(op, {"TableName": "Fanout", **request,
                                           "ReturnConsumedCapacity": "INDEXES"})["ConsumedCapacity"]
            units["CapacityUnits"] += consumed["CapacityUnits"]
            for group in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
                for name, part in consumed.get(group, {}).items():
                    units[name] = units.get(name, 0.0) + part["CapacityUnits"]
        assert _fanout_state(batched) == _fanout_state(single)
        assert [len(rows) for rows in _fanout_state(batched)] == [3, 2, 2]
        (entry,) = out["ConsumedCapacity"]
        assert entry["CapacityUnits"] == units["CapacityUnits"]
        assert entry["GlobalSecondaryIndexes"]["byG"]["CapacityUnits"] == units["byG"]
        assert entry["LocalSecondaryIndexes"]["byL"]["CapacityUnits"] == units["byL"]


def test_batch_write_checks_every_write_before_reading_or_writing(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "v": n(1)}})
    err = error_of(db, "BatchWriteItem", {"RequestItems": {"Things": [
        {"DeleteRequest": {"Key": {"pk": s("a")}}}, {"PutRequest": {"Item": {"pk": s("b")}}},
        {"PutRequest": {"Item": {"pk": n(1)}}}]}})
    assert err.message == "The provided key element does not match the schema"
    assert get(db, "a") == {"pk": s("a"), "v": n(1)}
    assert get(db, "b") is None
