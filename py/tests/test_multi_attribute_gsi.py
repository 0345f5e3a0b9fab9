"""GSIs with multi-attribute keys: up to four HASH and four RANGE attributes.

Key schemas, indexing (an item needs every key attribute), sort order (the
RANGE attributes in schema order, each by its type's order), Query's prefix
rules and their messages, paging, Scan, projections, capacity, and PartiQL's
refusal. The messages are DynamoDB's, as recorded against the service.
"""
from __future__ import annotations

import base64
import random
from decimal import Decimal

import pytest

from dynoxide import Database, DynamoError

INVALID = "One or more parameter values were invalid: "
REFUSED = ("PartiQL statements cannot be executed on tables with multi-attribute HASH keys "
           "or multi-attribute RANGE keys.")


def s(value: str) -> dict:
    return {"S": value}


def key_schema(hashes, ranges) -> list[dict]:
    return ([{"AttributeName": name, "KeyType": "HASH"} for name in hashes]
            + [{"AttributeName": name, "KeyType": "RANGE"} for name in ranges])


def definitions(types: dict) -> list[dict]:
    return [{"AttributeName": name, "AttributeType": kind} for name, kind in types.items()]


def gsi(name, hashes, ranges, projection=None) -> dict:
    return {"IndexName": name, "KeySchema": key_schema(hashes, ranges),
            "Projection": projection or {"ProjectionType": "ALL"}}


def table(name: str, types: dict, *indexes, **extra) -> dict:
    return {"TableName": name, "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": definitions(types),
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": list(indexes), **extra}


def error(db: Database, op: str, request: dict) -> str:
    with pytest.raises(DynamoError) as caught:
        db.execute(op, request)
    assert caught.value.name == "ValidationException"
    return caught.value.message


# The suite's shape: one HASH attribute and four RANGE attributes.
ITEMS = [
    {"pk": "p1", "a": "T", "b": "live", "c": "b", "d": "r1"},
    {"pk": "p2", "a": "T", "b": "live", "c": "a", "d": "r2"},
    {"pk": "p3", "a": "T", "b": "live", "c": "a", "d": "r1"},
    {"pk": "p4", "a": "T", "b": "draft", "c": "c", "d": "r1"},
    {"pk": "p5", "a": "F", "b": "live", "c": "a", "d": "r0"},
    {"pk": "p6", "a": "T", "b": "live", "d": "r1"},  # no c: not in the index
]
VALUES = {":h": s("o1"), ":a": s("T"), ":b": s("live"), ":c": s("a"), ":d": s("r"), ":x": s("r1"), ":y": s("r1")}


@pytest.fixture
def db():
    db = Database.memory()
    db.execute("CreateTable", table("Tasks", dict.fromkeys(["pk", "h", "a", "b", "c", "d"], "S"),
                                    gsi("gsi", ["h"], ["a", "b", "c", "d"])))
    for item in ITEMS:
        db.execute("PutItem", {"TableName": "Tasks", "Item": {"h": s("o1"), **{k: s(v) for k, v in item.items()}}})
    return db


def query(db, condition: str, **extra) -> dict:
    used = {k: v for k, v in VALUES.items() if k in condition}
    return db.execute("Query", {"TableName": "Tasks", "IndexName": "gsi", "KeyConditionExpression": condition,
                                "ExpressionAttributeValues": used, **extra})


def pks(result: dict) -> list[str]:
    return [item["pk"]["S"] for item in result["Items"]]


# --- key schemas --------------------------------------------------------------------

def test_describe_table_shows_the_key_schema_as_sent():
    db = Database.memory()
    types = dict.fromkeys(["pk", "h1", "h2", "h3", "h4", "r1", "r2", "r3", "r4"], "S")
    db.execute("CreateTable", table("Wide", types, gsi("gsi", ["h1", "h2", "h3", "h4"], ["r1", "r2", "r3", "r4"])))
    described = db.execute("DescribeTable", {"TableName": "Wide"})["Table"]["GlobalSecondaryIndexes"][0]
    assert described["KeySchema"] == key_schema(["h1", "h2", "h3", "h4"], ["r1", "r2", "r3", "r4"])
    assert described["IndexStatus"] == "ACTIVE"


@pytest.mark.parametrize("schema, message", [
    (key_schema(["a", "b", "c", "d", "e"], []),
     INVALID + "The KeySchema exceeds the maximum allowed number of HASH key attributes"),
    (key_schema(["a"], ["b", "c", "d", "e", "f"]),
     INVALID + "The KeySchema exceeds the maximum allowed number of RANGE key attributes"),
    (key_schema(["a"], ["b"]) + key_schema(["c"], []),
     INVALID + "All HASH key attributes must precede RANGE key attributes in the KeySchema"),
    (key_schema(["a", "b"], ["a"]), "The KeySchema contains multiple key attributes with the same name"),
    (key_schema(["a"], ["a"]), "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    (key_schema([], ["a", "b"]), "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
    (key_schema(["a", "z"], []),
     INVALID + "Some index key attributes are not defined in AttributeDefinitions. Keys: [a, z], "
               "AttributeDefinitions: [pk, a, b, c, d, e, f]"),
])
def test_create_table_refuses_a_misshapen_multi_attribute_key(schema, message):
    types = dict.fromkeys(["pk", "a", "b", "c", "d", "e", "f"], "S")
    request = table("Bad", types, {"IndexName": "gsi", "KeySchema": schema, "Projection": {"ProjectionType": "ALL"}})
    assert error(Database.memory(), "CreateTable", request) == message


def test_table_and_local_index_keys_keep_their_two_element_limit():
    db = Database.memory()
    types = dict.fromkeys(["pk", "sk", "x"], "S")
    request = {"TableName": "Keys", "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": definitions(types),
               "KeySchema": key_schema(["pk"], ["sk", "x"])}
    assert error(db, "CreateTable", request).endswith("Member must have length less than or equal to 2")
    request["KeySchema"] = key_schema(["pk"], ["sk"])
    request["LocalSecondaryIndexes"] = [{"IndexName": "lsi", "KeySchema": key_schema(["pk"], ["sk", "x"]),
                                         "Projection": {"ProjectionType": "ALL"}}]
    assert error(db, "CreateTable", request).endswith("Member must have length less than or equal to 2")


def test_every_definition_must_be_used_by_some_key():
    types = dict.fromkeys(["pk", "a", "b", "spare"], "S")
    assert error(Database.memory(), "CreateTable", table("Spare", types, gsi("gsi", ["a"], ["b"]))) == (
        INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: [pk, a, b, spare], "
                  "keys used: [a, b, pk]")


# --- indexing and order ---------------------------------------------------------------

def test_only_items_with_every_key_attribute_are_indexed_in_range_attribute_order(db):
    assert pks(query(db, "h = :h")) == ["p5", "p4", "p3", "p2", "p1"]
    assert pks(query(db, "h = :h", ScanIndexForward=False)) == ["p1", "p2", "p3", "p4", "p5"]
    counts = db.execute("DescribeTable", {"TableName": "Tasks"})["Table"]["GlobalSecondaryIndexes"][0]
    assert counts["ItemCount"] == 5


def test_an_item_leaves_the_index_when_it_loses_a_key_attribute_and_returns_with_it(db):
    db.execute("UpdateItem", {"TableName": "Tasks", "Key": {"pk": s("p3")}, "UpdateExpression": "REMOVE d"})
    assert pks(query(db, "h = :h")) == ["p5", "p4", "p2", "p1"]
    db.execute("UpdateItem", {"TableName": "Tasks", "Key": {"pk": s("p6")}, "UpdateExpression": "SET c = :c",
                              "ExpressionAttributeValues": {":c": s("a")}})
    assert pks(query(db, "h = :h")) == ["p5", "p4", "p6", "p2", "p1"]
    db.execute("DeleteItem", {"TableName": "Tasks", "Key": {"pk": s("p2")}})
    assert pks(query(db, "h = :h")) == ["p5", "p4", "p6", "p1"]


def test_a_wrongly_typed_key_attribute_is_refused_as_for_a_one_attribute_key():
    db = Database.memory()
    db.execute("CreateTable", table("Typed", {"pk": "S", "h": "S", "n": "N", "t": "S"}, gsi("gsi", ["h"], ["n", "t"])))
    message = error(db, "PutItem", {"TableName": "Typed", "Item": {"pk": s("1"), "h": s("x"), "n": s("1")}})
    assert message == (INVALID + "Type mismatch for Index Key n Expected: N Actual: S IndexName: gsi")


# --- Query -------------------------------------------------------------------------------

@pytest.mark.parametrize("condition, expected", [
    ("h = :h AND a = :a", ["p4", "p3", "p2", "p1"]),
    ("h = :h AND a = :a AND b = :b", ["p3", "p2", "p1"]),
    ("h = :h AND a = :a AND b = :b AND c = :c", ["p3", "p2"]),
    ("h = :h AND a = :a AND b = :b AND c > :c", ["p1"]),
    ("h = :h AND a = :a AND b = :b AND c >= :c", ["p3", "p2", "p1"]),
    ("h = :h AND a = :a AND b = :b AND c <= :c", ["p3", "p2"]),
    ("h = :h AND a = :a AND b = :b AND c = :c AND begins_with(d, :d)", ["p3", "p2"]),
    ("h = :h AND a = :a AND b = :b AND c = :c AND d BETWEEN :x AND :y", ["p3"]),
    ("h = :h AND a = :a AND b < :b", ["p4"]),
    ("h = :h AND :b > b AND a = :a", ["p4"]),
    ("b = :b AND h = :h AND a = :a", ["p3", "p2", "p1"]),
])
def test_query_takes_equalities_on_a_range_prefix_and_one_condition_after_it(db, condition, expected):
    assert pks(query(db, condition)) == expected


@pytest.mark.parametrize("condition, message", [
    ("h = :h AND a = :a AND c = :c",
     "RANGE key attributes b must have equality conditions specified in the query because a condition is "
     "present on key attribute c"),
    ("h = :h AND a = :a AND b > :b AND c = :c",
     "RANGE key attributes b must have equality conditions specified in the query because a condition is "
     "present on key attribute c"),
    ("h = :h AND b = :b",
     "RANGE key attributes a must have equality conditions specified in the query because a condition is "
     "present on key attribute b"),
    ("a = :a", "Query condition missed key schema element: h"),
    ("h > :h", "Query key condition not supported"),
    ("h = :h AND a = :a AND b = :b AND c = :c AND d = :d AND pk = :x",
     "The number of query conditions (6) exceeds the number of key attributes defined in the schema (5)"),
    ("h = :h AND a = :a AND pk = :x", "Query condition missed key schema element: b"),
])
def test_query_conditions_that_do_not_fit_the_key_get_dynamodbs_words(db, condition, message):
    assert error(db, "Query", {"TableName": "Tasks", "IndexName": "gsi", "KeyConditionExpression": condition,
                               "ExpressionAttributeValues": {k: v for k, v in VALUES.items() if k in condition}}
                 ) == message


def test_a_value_of_the_wrong_type_is_refused(db):
    assert error(db, "Query", {"TableName": "Tasks", "IndexName": "gsi", "KeyConditionExpression": "h = :h AND a = :n",
                               "ExpressionAttributeValues": {":h": s("o1"), ":n": {"N": "1"}}}
                 ) == INVALID + "Condition parameter type does not match schema type"


def test_legacy_key_conditions_follow_the_same_rules(db):
    def conditions(**named):
        return {name: {"ComparisonOperator": op, "AttributeValueList": [s(v) for v in values]}
                for name, (op, *values) in named.items()}
    result = db.execute("Query", {"TableName": "Tasks", "IndexName": "gsi", "KeyConditions": conditions(
        h=("EQ", "o1"), a=("EQ", "T"), b=("EQ", "live"), c=("GT", "a"))})
    assert pks(result) == ["p1"]
    assert error(db, "Query", {"TableName": "Tasks", "IndexName": "gsi", "KeyConditions": conditions(
        h=("EQ", "o1"), b=("EQ", "live"))}).startswith("RANGE key attributes a must have equality")


def test_pages_carry_every_key_attribute_and_resume_where_they_stopped(db):
    first = query(db, "h = :h AND a = :a", Limit=2)
    assert pks(first) == ["p4", "p3"]
    assert sorted(first["LastEvaluatedKey"]) == ["a", "b", "c", "d", "h", "pk"]
    rest = query(db, "h = :h AND a = :a", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert pks(rest) == ["p2", "p1"] and "LastEvaluatedKey" not in rest
    back = query(db, "h = :h AND a = :a", ScanIndexForward=False, Limit=1,
                 ExclusiveStartKey=first["LastEvaluatedKey"])
    assert pks(back) == ["p4"]


def test_a_starting_key_must_hold_every_index_key_attribute(db):
    start = {"pk": s("p3"), "h": s("o1"), "a": s("T"), "b": s("live"), "c": s("a")}
    assert error(db, "Query", {"TableName": "Tasks", "IndexName": "gsi", "KeyConditionExpression": "h = :h",
                               "ExpressionAttributeValues": {":h": s("o1")}, "ExclusiveStartKey": start}
                 ) == "The provided starting key is invalid: The provided key element does not match the schema"


def test_several_hash_attributes_name_one_partition():
    db = Database.memory()
    db.execute("CreateTable", table("Matches", {"pk": "S", "tour": "S", "area": "S", "round": "N"},
                                    gsi("gsi", ["tour", "area"], ["round"])))
    for pk, tour, region, rnd in (("1", "w", "eu", 2), ("2", "w", "eu", 1), ("3", "w", "us", 1), ("4", "s", "eu", 1)):
        db.execute("PutItem", {"TableName": "Matches", "Item": {"pk": s(pk), "tour": s(tour), "area": s(region),
                                                                 "round": {"N": str(rnd)}}})
    values = {":t": s("w"), ":r": s("eu"), ":n": {"N": "1"}}
    result = db.execute("Query", {"TableName": "Matches", "IndexName": "gsi", "ExpressionAttributeValues": values,
                                  "KeyConditionExpression": "area = :r AND tour = :t AND #n > :n",
                                  "ExpressionAttributeNames": {"#n": "round"}})
    assert pks(result) == ["1"]
    assert error(db, "Query", {"TableName": "Matches", "IndexName": "gsi", "KeyConditionExpression": "tour = :t",
                               "ExpressionAttributeValues": {":t": s("w")}}
                 ) == "Query condition missed key schema element: area"


# The reference order: each attribute by its type's order, attribute by attribute.
def _sort_value(value: dict):
    kind, raw = next(iter(value.items()))
    if kind == "N":
        return Decimal(raw)
    if kind == "B":
        return base64.b64decode(raw)
    return raw.encode("utf-8")


def test_range_order_and_every_operator_match_a_reference_over_random_items():
    rng = random.Random(9)
    types = {"r1": "S", "r2": "N", "r3": "B"}
    db = Database.memory()
    db.execute("CreateTable", table("Random", {"pk": "S", "h": "S", **types}, gsi("gsi", ["h"], list(types))))
    strings = ["a", "ab", "a\x00", "a\x01b", "b", "\x01", "é", "\U0001f600", "a\x00\x01"]
    numbers = ["-10", "-1.5", "-1", "0", "0.001", "1", "1.5", "10", "1E+5"]
    blobs = [b"", b"\x00", b"\x00\x01", b"\x01", b"\xff", b"a"]

    def random_value(kind):
        if kind == "S":
            return s(rng.choice(strings))
        if kind == "N":
            return {"N": rng.choice(numbers)}
        return {"B": base64.b64encode(rng.choice(blobs[1:])).decode()}

    items = []
    for i in range(120):
        item = {"pk": s(f"{i:03d}"), "h": s("x"), **{name: random_value(kind) for name, kind in types.items()}}
        items.append(item)
        db.execute("PutItem", {"TableName": "Random", "Item": item})
    names = list(types)

    def order(item):
        return tuple(_sort_value(item[name]) for name in names) + (item["pk"]["S"],)

    expected_all = sorted(items, key=order)
    got = db.execute("Query", {"TableName": "Random", "IndexName": "gsi", "KeyConditionExpression": "h = :h",
                               "ExpressionAttributeValues": {":h": s("x")}})["Items"]
    assert [i["pk"] for i in got] == [i["pk"] for i in expected_all]

    checks = {"=": lambda v, a: v == a[0], "<": lambda v, a: v < a[0], "<=": lambda v, a: v <= a[0],
              ">": lambda v, a: v > a[0], ">=": lambda v, a: v >= a[0],
              "BETWEEN": lambda v, a: a[0] <= v <= a[1], "begins_with": lambda v, a: v.startswith(a[0])}
    for trial in range(150):
        anchor = rng.choice(items)
        depth = rng.randrange(len(names))  # equalities on names[:depth], an operator on names[depth]
        op = rng.choice(list(checks))
        if op == "begins_with" and types[names[depth]] == "N":
            op = ">="
        target = names[depth]
        operands = [random_value(types[target]), random_value(types[target])]
        if op == "begins_with" and types[target] == "S":
            operands[0] = s(anchor[target]["S"][:rng.randrange(1, len(anchor[target]["S"]) + 1)])
        if op == "BETWEEN":
            operands.sort(key=_sort_value)
        clauses = ["h = :h"] + [f"{name} = :e{j}" for j, name in enumerate(names[:depth])]
        values = {":h": s("x"), **{f":e{j}": anchor[name] for j, name in enumerate(names[:depth])}}
        if op == "BETWEEN":
            clauses.append(f"{target} BETWEEN :v0 AND :v1")
        elif op == "begins_with":
            clauses.append(f"begins_with({target}, :v0)")
        else:
            clauses.append(f"{target} {op} :v0")
        values.update({f":v{j}": operand for j, operand in enumerate(operands) if f":v{j}" in clauses[-1]})
        rng.shuffle(clauses)
        forward = rng.random() < 0.5
        limit = rng.choice([None, 3, 7])
        request = {"TableName": "Random", "IndexName": "gsi", "KeyConditionExpression": " AND ".join(clauses),
                   "ExpressionAttributeValues": values, "ScanIndexForward": forward}
        found = []
        while True:
            page = db.execute("Query", {**request, **({"Limit": limit} if limit else {})})
            found += page["Items"]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        wanted = [item for item in expected_all
                  if all(item[name] == anchor[name] or _sort_value(item[name]) == _sort_value(anchor[name])
                         for name in names[:depth])
                  and checks[op](_sort_value(item[target]), [_sort_value(v) for v in operands])]
        if not forward:
            wanted.reverse()
        assert [i["pk"] for i in found] == [i["pk"] for i in wanted], (trial, request)


# --- everywhere else -------------------------------------------------------------------------

def test_update_table_creates_and_backfills_a_multi_attribute_index(db):
    types = [{"AttributeName": name, "AttributeType": "S"} for name in ("b", "a", "pk")]
    db.execute("UpdateTable", {"TableName": "Tasks", "AttributeDefinitions": types,
                               "GlobalSecondaryIndexUpdates": [{"Create": gsi("by_state", ["b", "a"], ["pk"])}]})
    result = db.execute("Query", {"TableName": "Tasks", "IndexName": "by_state",
                                  "KeyConditionExpression": "a = :a AND b = :b AND pk >= :p",
                                  "ExpressionAttributeValues": {":a": s("T"), ":b": s("live"), ":p": s("p2")}})
    assert pks(result) == ["p2", "p3", "p6"]
    described = db.execute("DescribeTable", {"TableName": "Tasks"})["Table"]
    created = next(i for i in described["GlobalSecondaryIndexes"] if i["IndexName"] == "by_state")
    assert created["KeySchema"] == key_schema(["b", "a"], ["pk"]) and created["ItemCount"] == 6
    db.execute("PutItem", {"TableName": "Tasks", "Item": {"pk": s("p7"), "a": s("T"), "b": s("live")}})
    assert "p7" in pks(db.execute("Query", {"TableName": "Tasks", "IndexName": "by_state",
                                            "KeyConditionExpression": "a = :a AND b = :b",
                                            "ExpressionAttributeValues": {":a": s("T"), ":b": s("live")}}))


@pytest.mark.parametrize("create, message", [
    (gsi("bad", ["a", "b", "c", "d", "pk"], []),
     INVALID + "The KeySchema exceeds the maximum allowed number of HASH key attributes"),
    ({"IndexName": "bad", "KeySchema": key_schema(["a"], ["b"]) + key_schema(["c"], []),
      "Projection": {"ProjectionType": "ALL"}},
     INVALID + "All HASH key attributes must precede RANGE key attributes in the KeySchema"),
])
def test_update_table_refuses_a_misshapen_multi_attribute_key(db, create, message):
    types = [{"AttributeName": name, "AttributeType": "S"} for name in ("a", "b", "c", "d", "pk")]
    assert error(db, "UpdateTable", {"TableName": "Tasks", "AttributeDefinitions": types,
                                     "GlobalSecondaryIndexUpdates": [{"Create": create}]}) == message


def test_update_table_needs_the_new_keys_defined(db):
    assert error(db, "UpdateTable", {"TableName": "Tasks",
                                     "GlobalSecondaryIndexUpdates": [{"Create": gsi("new", ["a", "b"], [])}]}
                 ) == INVALID + "AttributeDefinitions is not specified for index: new"


def test_a_parallel_scan_of_the_index_splits_its_items(db):
    segments = [db.execute("Scan", {"TableName": "Tasks", "IndexName": "gsi", "Segment": n, "TotalSegments": 3})
                for n in range(3)]
    assert sorted(pk for part in segments for pk in pks(part)) == ["p1", "p2", "p3", "p4", "p5"]
    first = db.execute("Scan", {"TableName": "Tasks", "IndexName": "gsi", "Limit": 2})
    assert sorted(first["LastEvaluatedKey"]) == ["a", "b", "c", "d", "h", "pk"]
    rest = db.execute("Scan", {"TableName": "Tasks", "IndexName": "gsi", "ExclusiveStartKey": first["LastEvaluatedKey"]})
    assert sorted(pks(first) + pks(rest)) == ["p1", "p2", "p3", "p4", "p5"]


def test_a_keys_only_projection_keeps_every_key_attribute():
    db = Database.memory()
    db.execute("CreateTable", table("Slim", {"pk": "S", "h": "S", "r1": "S", "r2": "N"},
                                    gsi("gsi", ["h"], ["r1", "r2"], {"ProjectionType": "KEYS_ONLY"})))
    db.execute("PutItem", {"TableName": "Slim", "Item": {"pk": s("1"), "h": s("x"), "r1": s("a"), "r2": {"N": "2"},
                                                          "other": s("dropped")}})
    items = db.execute("Query", {"TableName": "Slim", "IndexName": "gsi", "KeyConditionExpression": "h = :h",
                                 "ExpressionAttributeValues": {":h": s("x")}})["Items"]
    assert items == [{"pk": s("1"), "h": s("x"), "r1": s("a"), "r2": {"N": "2"}}]


def test_capacity_and_item_collection_metrics_are_reported_as_for_a_one_attribute_key():
    db = Database.memory()
    request = table("Measured", {"pk": "S", "sk": "S", "h": "S", "r1": "S", "r2": "S", "l": "S"},
                    gsi("gsi", ["h"], ["r1", "r2"]))
    request["KeySchema"] = key_schema(["pk"], ["sk"])
    request["LocalSecondaryIndexes"] = [{"IndexName": "lsi", "KeySchema": key_schema(["pk"], ["l"]),
                                         "Projection": {"ProjectionType": "ALL"}}]
    db.execute("CreateTable", request)
    put = db.execute("PutItem", {"TableName": "Measured", "ReturnConsumedCapacity": "INDEXES",
                                 "ReturnItemCollectionMetrics": "SIZE",
                                 "Item": {"pk": s("a"), "sk": s("1"), "h": s("x"), "r1": s("m"), "r2": s("n"),
                                          "l": s("q")}})
    assert put["ConsumedCapacity"]["GlobalSecondaryIndexes"] == {"gsi": {"CapacityUnits": 1.0}}
    assert put["ItemCollectionMetrics"]["ItemCollectionKey"] == {"pk": s("a")}
    read = db.execute("Query", {"TableName": "Measured", "IndexName": "gsi", "ReturnConsumedCapacity": "INDEXES",
                                "KeyConditionExpression": "h = :h AND r1 = :m",
                                "ExpressionAttributeValues": {":h": s("x"), ":m": s("m")}})
    assert read["Count"] == 1
    assert read["ConsumedCapacity"]["GlobalSecondaryIndexes"] == {"gsi": {"CapacityUnits": 0.5}}


def test_the_schema_survives_a_reopen(tmp_path):
    path = str(tmp_path / "keys.sqlite")
    db = Database.open(path)
    db.execute("CreateTable", table("Kept", {"pk": "S", "h1": "S", "h2": "S", "r": "S"}, gsi("gsi", ["h1", "h2"], ["r"])))
    db.execute("PutItem", {"TableName": "Kept", "Item": {"pk": s("1"), "h1": s("a"), "h2": s("b"), "r": s("c")}})
    db.close()
    again = Database.open(path)
    result = again.execute("Query", {"TableName": "Kept", "IndexName": "gsi", "KeyConditionExpression": "h1 = :a AND h2 = :b",
                                     "ExpressionAttributeValues": {":a": s("a"), ":b": s("b")}})
    assert pks(result) == ["1"]
    again.close()


# --- PartiQL ------------------------------------------------------------------------------------

@pytest.fixture
def pq():
    db = Database.memory()
    for name, hashes, ranges in (("HhRr", ["h1", "h2"], ["r1", "r2"]), ("HhR", ["h1", "h2"], ["r1"]),
                                 ("Control", ["h1"], ["r1"])):
        db.execute("CreateTable", table(name, dict.fromkeys(["pk", *hashes, *ranges], "S"), gsi("gsi", hashes, ranges)))
        db.execute("PutItem", {"TableName": name, "Item": {"pk": s("i1"), "h1": s("a"), "h2": s("x"), "r1": s("m"),
                                                           "r2": s("n")}})
    return db


@pytest.mark.parametrize("statement", [
    """SELECT * FROM "HhRr"."gsi" WHERE h1 = 'a'""",
    """SELECT pk FROM "HhRr"."gsi" WHERE h1 = 'a' AND h2 = 'x' ORDER BY r1 DESC""",
    """SELECT * FROM "HhR"."gsi" WHERE h1 = 5""",
    """SELECT * FROM "HhR"."gsi" WHERE pk = 'i1'""",
    """SELECT * FROM "HhR"."gsi\"""",
    """SELECT COUNT(*) FROM "HhR"."gsi\"""",
])
def test_partiql_refuses_to_read_a_multi_attribute_index(pq, statement):
    assert error(pq, "ExecuteStatement", {"Statement": statement}) == REFUSED


def test_partiql_reports_statement_and_number_errors_ahead_of_the_refusal(pq):
    assert error(pq, "ExecuteStatement", {"Statement": 'SELECT * FROM "HhR"."gsi" WHERE'}) == (
        "Statement wasn't well formed, can't be processed: Unexpected term")
    assert error(pq, "ExecuteStatement", {"Statement": 'SELECT * FROM "HhR"."gsi" WHERE h1 = ?',
                                          "Parameters": [{"N": "1e99999999999"}]}) == (
        "The parameter cannot be converted to a numeric value: 1e99999999999")


def test_partiql_still_reads_and_writes_the_table_itself(pq):
    assert len(pq.execute("ExecuteStatement", {"Statement": """SELECT * FROM "HhRr" WHERE pk = 'i1'"""})["Items"]) == 1
    pq.execute("ExecuteStatement", {"Statement": """UPDATE "HhRr" SET a = 1 WHERE pk = 'i1'"""})
    pq.execute("ExecuteStatement", {"Statement": """INSERT INTO "HhRr" VALUE {'pk': 'n1'}"""})
    assert pq.execute("GetItem", {"TableName": "HhRr", "Key": {"pk": s("n1")}})["Item"] == {"pk": s("n1")}


def test_in_a_batch_only_the_statement_reading_the_index_fails_ahead_of_the_key_rule(pq):
    responses = pq.execute("BatchExecuteStatement", {"Statements": [
        {"Statement": """SELECT * FROM "Control"."gsi" WHERE h1 = 'a' AND r1 = 'm'"""},
        {"Statement": """SELECT * FROM "HhR"."gsi" WHERE h1 = 'a' AND h2 = 'x' AND r1 = 'm'"""},
        {"Statement": """SELECT * FROM "HhR" WHERE pk = 'i1'"""},
    ]})["Responses"]
    assert responses[0]["Error"] == {"Code": "ValidationError", "Message": (
        "Select statements within BatchExecuteStatement must specify the primary key in the where clause.")}
    assert responses[1]["Error"] == {"Code": "ValidationError", "Message": REFUSED}
    assert responses[2]["Item"]["pk"] == s("i1")


# --- boto3 against dynoxide serve ----------------------------------------------------------

def test_boto3_creates_queries_and_pages_a_multi_attribute_index(boto3_client):
    from botocore.exceptions import ClientError
    ddb = boto3_client
    name = "MultiKeyBoto3"
    ddb.create_table(**table(name, {"pk": "S", "tour": "S", "area": "S", "round": "N", "match": "S"},
                             gsi("gsi", ["tour", "area"], ["round", "match"])))
    try:
        for pk, rnd, match in (("1", 2, "b"), ("2", 1, "z"), ("3", 2, "a"), ("4", 3, "a")):
            ddb.put_item(TableName=name, Item={"pk": s(pk), "tour": s("w"), "area": s("eu"), "round": {"N": str(rnd)},
                                               "match": s(match)})
        paginator = ddb.get_paginator("query")
        pages = list(paginator.paginate(TableName=name, IndexName="gsi", PaginationConfig={"PageSize": 1},
                                        KeyConditionExpression="tour = :t AND area = :a AND #r >= :r",
                                        ExpressionAttributeNames={"#r": "round"},
                                        ExpressionAttributeValues={":t": s("w"), ":a": s("eu"), ":r": {"N": "2"}}))
        assert [item["pk"]["S"] for page in pages for item in page["Items"]] == ["3", "1", "4"]
        assert set(pages[0]["LastEvaluatedKey"]) == {"pk", "tour", "area", "round", "match"}
        with pytest.raises(ClientError) as caught:
            ddb.query(TableName=name, IndexName="gsi", KeyConditionExpression="tour = :t AND area = :a AND #m = :m",
                      ExpressionAttributeNames={"#m": "match"},
                      ExpressionAttributeValues={":t": s("w"), ":a": s("eu"), ":m": s("a")})
        assert caught.value.response["Error"]["Code"] == "ValidationException"
        assert caught.value.response["Error"]["Message"] == (
            "RANGE key attributes round must have equality conditions specified in the query because a condition "
            "is present on key attribute match")
        described = ddb.describe_table(TableName=name)["Table"]["GlobalSecondaryIndexes"][0]
        assert described["KeySchema"] == key_schema(["tour", "area"], ["round", "match"])
    finally:
        ddb.delete_table(TableName=name)
