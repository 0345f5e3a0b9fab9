"""Behaviour AWS documents that a run of moto's DynamoDB tests showed we got
wrong: index key size limits on every write path, Query's refusal of an empty
key value, and legacy EQ/NE filters over lists and maps. (Moto's tests also
expect a BillingModeSummary on a table switched to PROVISIONED; the browser
contract asserts its absence, and the contract is fixed.)"""
from __future__ import annotations

import pytest

from dynoxide import Database
from dynoxide.errors import DynamoError

TABLE = {
    "TableName": "limits",
    "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "g", "s")],
    "GlobalSecondaryIndexes": [{"IndexName": "by_g", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [
        {"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "s", "KeyType": "RANGE"}]}],
}


@pytest.fixture
def db():
    database = Database.memory()
    database.execute("CreateTable", TABLE)
    return database


def error(db, op, request) -> tuple[str, str]:
    with pytest.raises(DynamoError) as caught:
        db.execute(op, request)
    body = caught.value.to_body()
    return body["__type"].split("#")[1], body["message"]


def count(db) -> int:
    return db.execute("Scan", {"TableName": "limits", "Select": "COUNT"})["Count"]


INVALID = "One or more parameter values were invalid: "


@pytest.mark.parametrize("attribute, size, limit", [("s", 1025, 1024), ("g", 2049, 2048)])
def test_an_index_key_value_over_the_key_size_limit_is_refused_on_every_write_path(db, attribute, size, limit):
    item = {"pk": {"S": "a"}, "g": {"S": "x"}, "s": {"S": "y"}, attribute: {"S": "z" * size}}
    expected = ("ValidationException", INVALID + f"Size limit exceeded for Index Key {attribute} "
                f"Actual Size: {size} bytes Max Size: {limit} bytes IndexName: by_g")
    assert error(db, "PutItem", {"TableName": "limits", "Item": item}) == expected
    assert error(db, "UpdateItem", {"TableName": "limits", "Key": {"pk": {"S": "a"}},
                                    "UpdateExpression": "SET #a = :v, #o = :o",
                                    "ExpressionAttributeNames": {"#a": attribute, "#o": "s" if attribute == "g" else "g"},
                                    "ExpressionAttributeValues": {":v": item[attribute], ":o": {"S": "o"}}}) == expected
    assert error(db, "BatchWriteItem", {"RequestItems": {"limits": [{"PutRequest": {"Item": item}}]}}) == expected
    with pytest.raises(DynamoError) as caught:
        db.execute("TransactWriteItems", {"TransactItems": [{"Put": {"TableName": "limits", "Item": item}}]})
    assert caught.value.to_body()["__type"].endswith(("ValidationException", "TransactionCanceledException"))
    assert count(db) == 0


def test_an_index_key_value_at_the_limit_is_accepted(db):
    db.execute("PutItem", {"TableName": "limits", "Item": {"pk": {"S": "a"}, "g": {"S": "x" * 2048}, "s": {"S": "y" * 1024}}})
    assert count(db) == 1


def test_a_key_value_of_an_item_not_in_the_index_is_not_sized(db):
    # Without its partition key the item is not indexed, so its long sort key is no index key value.
    db.execute("PutItem", {"TableName": "limits", "Item": {"pk": {"S": "a"}, "s": {"S": "y" * 1500}}})
    assert count(db) == 1


def test_query_refuses_an_empty_key_value_as_getitem_does(db):
    query = error(db, "Query", {"TableName": "limits", "KeyConditionExpression": "pk = :v",
                                "ExpressionAttributeValues": {":v": {"S": ""}}})
    get = error(db, "GetItem", {"TableName": "limits", "Key": {"pk": {"S": ""}}})
    assert query == get == ("ValidationException", "One or more parameter values are not valid. The AttributeValue "
                                                   "for a key attribute cannot contain an empty string value. Key: pk")


@pytest.mark.parametrize("operator, value, matches", [
    ("EQ", {"M": {"a": {"S": "b"}}}, ["map"]),
    ("EQ", {"L": [{"N": "1"}]}, ["list"]),
    ("NE", {"M": {"a": {"S": "b"}}}, ["list"]),
    ("NE", {"L": [{"N": "1"}]}, ["map"]),
])
def test_legacy_eq_and_ne_filters_take_lists_and_maps(db, operator, value, matches):
    db.execute("PutItem", {"TableName": "limits", "Item": {"pk": {"S": "map"}, "v": {"M": {"a": {"S": "b"}}}}})
    db.execute("PutItem", {"TableName": "limits", "Item": {"pk": {"S": "list"}, "v": {"L": [{"N": "1"}]}}})
    filters = {"v": {"ComparisonOperator": operator, "AttributeValueList": [value]}}
    scanned = db.execute("Scan", {"TableName": "limits", "ScanFilter": filters})
    assert sorted(item["pk"]["S"] for item in scanned["Items"]) == matches
    queried = db.execute("Query", {"TableName": "limits", "KeyConditions": {
        "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "map"}]}}, "QueryFilter": filters})
    assert [item["pk"]["S"] for item in queried["Items"]] == [m for m in matches if m == "map"]
