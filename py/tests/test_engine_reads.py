"""Query and Scan: ordering, ranges, pagination, filters, indexes, segments."""
import pytest

from dynoxide import Database
from support import composite_table, error_of, n, s


@pytest.fixture
def db():
    with Database.memory() as database:
        database.execute("CreateTable", composite_table(
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "S"},
                                  {"AttributeName": "num", "AttributeType": "N"}],
            LocalSecondaryIndexes=[{"IndexName": "byNum", "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "num", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"}}]))
        for i, num in enumerate(["-10", "-1.5", "0", "2", "10", "100"]):
            database.execute("PutItem", {"TableName": "Music", "Item": {
                "pk": s("a"), "sk": s(f"item-{i}"), "num": n(num), "genre": s("rock" if i % 2 else "jazz")}})
        database.execute("PutItem", {"TableName": "Music", "Item": {"pk": s("b"), "sk": s("x"), "num": n(5)}})
        yield database


def q(db, expr, values, **extra):
    return db.execute("Query", {"TableName": "Music", "KeyConditionExpression": expr,
                                "ExpressionAttributeValues": values, **extra})


def test_query_orders_by_sort_key_both_ways(db):
    forward = [i["sk"]["S"] for i in q(db, "pk = :p", {":p": s("a")})["Items"]]
    assert forward == [f"item-{i}" for i in range(6)]
    backward = [i["sk"]["S"] for i in q(db, "pk = :p", {":p": s("a")}, ScanIndexForward=False)["Items"]]
    assert backward == forward[::-1]


def test_numeric_index_orders_numerically(db):
    items = q(db, "pk = :p AND num > :low", {":p": s("a"), ":low": n("-2")}, IndexName="byNum")["Items"]
    assert [i["num"]["N"] for i in items] == ["-1.5", "0", "2", "10", "100"]


def test_begins_with_and_between(db):
    assert q(db, "pk = :p AND begins_with(sk, :x)", {":p": s("a"), ":x": s("item-")})["Count"] == 6
    items = q(db, "pk = :p AND sk BETWEEN :lo AND :hi", {":p": s("a"), ":lo": s("item-1"), ":hi": s("item-3")})["Items"]
    assert [i["sk"]["S"] for i in items] == ["item-1", "item-2", "item-3"]


def test_pagination_visits_every_item_once(db):
    seen, start = [], None
    while True:
        extra = {"Limit": 4}
        if start:
            extra["ExclusiveStartKey"] = start
        page = db.execute("Scan", {"TableName": "Music", **extra})
        seen += [(i["pk"]["S"], i["sk"]["S"]) for i in page["Items"]]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert len(seen) == 7 and len(set(seen)) == 7


def test_lsi_pagination_cursor_carries_index_and_table_keys(db):
    page = q(db, "pk = :p", {":p": s("a")}, IndexName="byNum", Limit=2)
    assert set(page["LastEvaluatedKey"]) == {"pk", "sk", "num"}
    rest = q(db, "pk = :p", {":p": s("a")}, IndexName="byNum", ExclusiveStartKey=page["LastEvaluatedKey"])
    assert [i["num"]["N"] for i in rest["Items"]] == ["0", "2", "10", "100"]


def test_filter_counts_after_limit(db):
    out = q(db, "pk = :p", {":p": s("a"), ":g": s("rock")}, FilterExpression="genre = :g", Limit=4)
    assert out["ScannedCount"] == 4 and out["Count"] == 2
    assert "LastEvaluatedKey" in out


def test_lsi_keys_only_fetches_table_item_for_all_attributes(db):
    items = q(db, "pk = :p", {":p": s("a")}, IndexName="byNum", Select="ALL_ATTRIBUTES", Limit=1)["Items"]
    assert items[0]["genre"] == s("jazz")
    projected = q(db, "pk = :p", {":p": s("a")}, IndexName="byNum", Limit=1)["Items"]
    assert "genre" not in projected[0]


def test_count_select_omits_items(db):
    out = db.execute("Scan", {"TableName": "Music", "Select": "COUNT"})
    assert out == {"Count": 7, "ScannedCount": 7}


def test_segments_partition_a_scan_exactly(db):
    for i in range(30):
        db.execute("PutItem", {"TableName": "Music", "Item": {"pk": s(f"p{i}"), "sk": s("s")}})
    full = {(i["pk"]["S"], i["sk"]["S"]) for i in db.execute("Scan", {"TableName": "Music"})["Items"]}
    parts = []
    for segment in range(4):
        parts += [(i["pk"]["S"], i["sk"]["S"]) for i in
                  db.execute("Scan", {"TableName": "Music", "Segment": segment, "TotalSegments": 4})["Items"]]
    assert len(parts) == len(set(parts)) and set(parts) == full


def test_key_condition_type_must_match_schema(db):
    err = error_of(db, "Query", {"TableName": "Music", "KeyConditionExpression": "pk = :p",
                                 "ExpressionAttributeValues": {":p": n(1)}})
    assert err.message == "One or more parameter values were invalid: Condition parameter type does not match schema type"


def test_pages_stop_at_one_megabyte(db):
    big = "x" * 300_000
    for i in range(5):
        db.execute("PutItem", {"TableName": "Music", "Item": {"pk": s("big"), "sk": s(str(i)), "blob": s(big)}})
    page = q(db, "pk = :p", {":p": s("big")})
    assert page["Count"] == 4  # the item crossing 1 MB is the last one returned
    assert page["LastEvaluatedKey"] == {"pk": s("big"), "sk": s("3")}


def test_raw_mode_passes_stored_items_through_as_text(db):
    import json

    from dynoxide.raw import RawJSON

    raw = db.execute("Query", {"TableName": "Music", "KeyConditionExpression": "pk = :p",
                               "ExpressionAttributeValues": {":p": s("a")}, "Limit": 2}, raw=True)
    plain = q(db, "pk = :p", {":p": s("a")}, Limit=2)
    assert all(isinstance(i, RawJSON) for i in raw["Items"])
    assert [json.loads(i.text) for i in raw["Items"]] == plain["Items"]
    assert raw["LastEvaluatedKey"] == plain["LastEvaluatedKey"]
    filtered = db.execute("Scan", {"TableName": "Music", "FilterExpression": "genre = :g",
                                   "ExpressionAttributeValues": {":g": s("rock")}}, raw=True)
    assert all(isinstance(i, dict) for i in filtered["Items"])


# --- legacy KeyConditions ----------------------------------------------------------

def legacy(db, conditions, **extra):
    return db.execute("Query", {"TableName": "Music", "KeyConditions": conditions, **extra})


def cond(op, *values):
    return {"ComparisonOperator": op, "AttributeValueList": list(values)}


def test_legacy_key_conditions_select_like_the_expression_they_stand_for(db):
    pairs = [({"pk": cond("EQ", s("a"))}, "pk = :p", {":p": s("a")}),
             ({"pk": cond("EQ", s("a")), "sk": cond("BETWEEN", s("item-1"), s("item-3"))},
              "pk = :p AND sk BETWEEN :x AND :y", {":p": s("a"), ":x": s("item-1"), ":y": s("item-3")}),
             ({"pk": cond("EQ", s("a")), "sk": cond("BEGINS_WITH", s("item-4"))},
              "pk = :p AND begins_with(sk, :x)", {":p": s("a"), ":x": s("item-4")}),
             ({"pk": cond("EQ", s("a")), "sk": cond("GT", s("item-3"))}, "pk = :p AND sk > :x",
              {":p": s("a"), ":x": s("item-3")})]
    for conditions, expression, values in pairs:
        assert legacy(db, conditions)["Items"] == q(db, expression, values)["Items"]
    assert [i["num"]["N"] for i in legacy(db, {"pk": cond("EQ", s("a")), "num": cond("LE", n(0))},
                                          IndexName="byNum", ScanIndexForward=False)["Items"]] == ["0", "-1.5", "-10"]


def test_legacy_key_conditions_with_a_query_filter(db):
    out = legacy(db, {"pk": cond("EQ", s("a"))}, QueryFilter={"genre": cond("EQ", s("rock"))})
    assert (out["Count"], out["ScannedCount"]) == (3, 6)
    assert {i["genre"]["S"] for i in out["Items"]} == {"rock"}


@pytest.mark.parametrize("conditions, message", [
    ({"sk": cond("EQ", s("x"))}, "Query condition missed key schema element: pk"),
    ({"pk": cond("BEGINS_WITH", s("a"))}, "Query key condition not supported"),
    ({"pk": cond("EQ", s("a")), "sk": cond("NE", s("x"))},
     "Attempted conditional constraint is not an indexable operation"),
    ({"pk": cond("EQ", n(1))}, "One or more parameter values were invalid: Condition parameter type does not "
                                "match schema type"),
    ({"pk": cond("EQ", s("a")), "sk": cond("EQ", s("x")), "genre": cond("EQ", s("x"))},
     "Conditions can be of length 1 or 2 only"),
])
def test_legacy_key_conditions_that_cannot_select_are_refused(db, conditions, message):
    error = error_of(db, "Query", {"TableName": "Music", "KeyConditions": conditions})
    assert (error.name, error.message) == ("ValidationException", message)


# --- ConsumedCapacity of reads ----------------------------------------------------------

def test_query_and_scan_report_consumed_capacity_in_each_mode(db):
    # Seven small items: well under 4 KB, so one unit, halved for an eventually consistent read.
    query = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("a")}}
    for op, extra in (("Query", query), ("Scan", {})):
        request = {"TableName": "Music", **extra}
        assert "ConsumedCapacity" not in db.execute(op, request)
        assert "ConsumedCapacity" not in db.execute(op, {**request, "ReturnConsumedCapacity": "NONE"})
        assert db.execute(op, {**request, "ReturnConsumedCapacity": "TOTAL"})["ConsumedCapacity"] == {
            "TableName": "Music", "CapacityUnits": 0.5}
        assert db.execute(op, {**request, "ReturnConsumedCapacity": "INDEXES", "ConsistentRead": True})[
            "ConsumedCapacity"] == {"TableName": "Music", "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}}


def test_a_query_of_an_index_charges_the_index(db):
    out = q(db, "pk = :p", {":p": s("a")}, IndexName="byNum", ReturnConsumedCapacity="INDEXES")
    assert out["ConsumedCapacity"] == {"TableName": "Music", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
                                       "LocalSecondaryIndexes": {"byNum": {"CapacityUnits": 0.5}}}


def test_read_units_grow_with_the_data_read_in_4kb_steps():
    with Database.memory() as db:
        db.execute("CreateTable", composite_table())
        for i in range(3):
            db.execute("PutItem", {"TableName": "Music", "Item": {"pk": s("a"), "sk": s(str(i)), "v": s("x" * 3000)}})
        out = db.execute("Query", {"TableName": "Music", "KeyConditionExpression": "pk = :p", "ConsistentRead": True,
                                   "ExpressionAttributeValues": {":p": s("a")}, "ReturnConsumedCapacity": "TOTAL"})
        assert out["ConsumedCapacity"] == {"TableName": "Music", "CapacityUnits": 3.0}  # ~9 KB: 3 units
