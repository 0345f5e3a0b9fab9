"""Vector indexes and SearchVectors: definitions, upkeep on every write path,
exact search with DynamoDB's scores, float32 rounding, capacity and messages."""
from __future__ import annotations

import pytest

from dynoxide import Database
from dynoxide.vectors.values import f32_text, to_f32

from support import error_of, hash_table, n, s


def vec(*values) -> dict:
    return {"L": [n(v) for v in values]}


def vindex(name="vix", attribute="embedding", dimensions=3, distance="COSINE", projection="ALL", **extra) -> dict:
    return {"IndexName": name, "VectorAttribute": {"AttributeName": attribute}, "Dimensions": dimensions,
            "DistanceFunction": distance, "Projection": {"ProjectionType": projection}, **extra}


SCHEMA = [{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"},
          {"AttributeName": "category", "SearchSchemaElementType": "INLINE_FILTER"}]
DEFINITIONS = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "tenant", "AttributeType": "S"},
               {"AttributeName": "category", "AttributeType": "S"}]
QUERY = [n(1), n(0), n(0)]
FIXTURE = {"a": (1, 0, 0), "b": (0, 1, 0), "c": (-1, 0, 0), "d": (0.6, 0.8, 0)}


@pytest.fixture
def db():
    database = Database.memory()
    database.execute("CreateTable", hash_table("Docs", AttributeDefinitions=DEFINITIONS, VectorIndexes=[
        vindex("cosine"), vindex("euclidean", distance="EUCLIDEAN"), vindex("dot", distance="DOT_PRODUCT"),
        vindex("schema", SearchSchema=SCHEMA), vindex("keys", projection="KEYS_ONLY")]))
    for pk, values in FIXTURE.items():
        database.execute("PutItem", {"TableName": "Docs", "Item": {
            "pk": s(pk), "label": s(f"item-{pk}"), "tenant": s("t1"), "category": s(f"c-{pk}"),
            "embedding": vec(*values)}})
    return database


def search(db, index="cosine", vector=QUERY, top_k=10, **extra) -> dict:
    return db.execute("SearchVectors", {"TableName": "Docs", "IndexName": index, "SearchVector": vector,
                                        "TopK": top_k, **extra})


def ranked(response) -> list[tuple[str, float]]:
    return [(r["Item"]["pk"]["S"], r["Score"]) for r in response["SearchResults"]]


# --- scores ------------------------------------------------------------------------

def test_cosine_scores_are_float32_distances_lowest_first(db):
    assert ranked(search(db)) == [("a", 0.0), ("d", 0.3999999761581421), ("b", 1.0), ("c", 2.0)]


def test_euclidean_scores_are_straight_line_distances(db):
    assert ranked(search(db, "euclidean")) == [("a", 0.0), ("d", 0.8944271802902222),
                                               ("b", 1.4142135381698608), ("c", 2.0)]


def test_dot_product_ranks_highest_first_and_may_be_negative(db):
    assert ranked(search(db, "dot")) == [("a", 1.0), ("d", 0.6000000238418579), ("b", 0.0), ("c", -1.0)]


def test_top_k_cuts_and_caps_at_the_item_count(db):
    assert [pk for pk, _ in ranked(search(db, top_k=2))] == ["a", "d"]
    assert len(search(db, top_k=100)["SearchResults"]) == 4


def test_equal_scores_are_ordered_by_table_key(db):
    for pk in ("z", "m", "e"):
        db.execute("PutItem", {"TableName": "Docs", "Item": {"pk": s(pk), "embedding": vec(0, 0, 1)}})
    tied = [pk for pk, score in ranked(search(db, top_k=10)) if score == 1.0]
    assert tied == ["b", "e", "m", "z"]


def test_a_zero_vector_scores_one_under_cosine(db):
    assert {score for _, score in ranked(search(db, vector=[n(0), n(0), n(0)]))} == {1.0}


def test_the_vector_is_left_out_unless_projected(db):
    best = search(db, top_k=1)["SearchResults"][0]["Item"]
    assert sorted(best) == ["category", "label", "pk", "tenant"]
    projected = search(db, top_k=2, ProjectionExpression="pk, embedding")["SearchResults"]
    assert projected[1]["Item"] == {"pk": s("d"), "embedding": {"L": [n("0.6"), n("0.8"), n("0.0")]}}


def test_keys_only_index_returns_the_keys(db):
    assert search(db, "keys", top_k=1)["SearchResults"][0]["Item"] == {"pk": s("a")}


# --- float32 ---------------------------------------------------------------------

def test_numbers_round_to_the_nearest_float32():
    assert to_f32("16777217") == 16777216.0
    assert to_f32("1.000000059604644775390625") == 1.0  # a float32 midpoint: ties to even
    assert to_f32("3.5e38") is None
    assert [f32_text(to_f32(t)) for t in ("1", "0.1", "-0.6", "16777217", "1e-30")] == \
        ["1.0", "0.1", "-0.6", "1.6777216E7", "1.0E-30"]


def test_index_holds_float32_while_the_table_keeps_what_was_written(db):
    written = [n("0.1"), n("16777217"), n("1.000000059604644775390625")]
    db.execute("PutItem", {"TableName": "Docs", "Item": {"pk": s("f32"), "embedding": {"L": written}}})
    assert db.execute("GetItem", {"TableName": "Docs", "Key": {"pk": s("f32")}})["Item"]["embedding"]["L"] == written
    hit = [r for r in search(db, vector=written, ProjectionExpression="pk, embedding")["SearchResults"]
           if r["Item"]["pk"] == s("f32")][0]
    assert hit["Item"]["embedding"]["L"] == [n("0.1"), n("1.6777216E7"), n("1.0")]
    assert hit["Score"] == 0.0


# --- upkeep on every write path --------------------------------------------------

def pks(db, index="cosine", **extra) -> set[str]:
    return {pk for pk, _ in ranked(search(db, index, top_k=100, **extra))}


def test_update_remove_and_delete_leave_the_index(db):
    db.execute("UpdateItem", {"TableName": "Docs", "Key": {"pk": s("b")}, "UpdateExpression": "REMOVE embedding"})
    db.execute("DeleteItem", {"TableName": "Docs", "Key": {"pk": s("c")}})
    assert pks(db) == {"a", "d"}


def test_update_moves_a_vector(db):
    db.execute("UpdateItem", {"TableName": "Docs", "Key": {"pk": s("c")}, "UpdateExpression": "SET embedding = :v",
                              "ExpressionAttributeValues": {":v": vec(1, 0, 0.001)}})
    assert [pk for pk, _ in ranked(search(db, top_k=2))] == ["a", "c"]


def test_batch_transact_and_partiql_writes_keep_the_index(db):
    db.execute("BatchWriteItem", {"RequestItems": {"Docs": [
        {"PutRequest": {"Item": {"pk": s("batch"), "embedding": vec(1, 1, 0)}}},
        {"DeleteRequest": {"Key": {"pk": s("a")}}}]}})
    db.execute("TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Docs", "Item": {"pk": s("tx"), "embedding": vec(0, 1, 1)}}},
        {"Delete": {"TableName": "Docs", "Key": {"pk": s("b")}}}]})
    db.execute("ExecuteStatement", {"Statement": "INSERT INTO \"Docs\" VALUE {'pk': 'pq', 'embedding': [1, 2, 3]}"})
    db.execute("ExecuteStatement", {"Statement": "DELETE FROM \"Docs\" WHERE pk = 'c'"})
    assert pks(db) == {"d", "batch", "tx", "pq"}


def test_a_failed_transaction_leaves_the_index_as_it_was(db):
    error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Docs", "Item": {"pk": s("new"), "embedding": vec(1, 1, 1)}}},
        {"Delete": {"TableName": "Docs", "Key": {"pk": s("a")}, "ConditionExpression": "attribute_not_exists(pk)"}}]})
    assert pks(db) == {"a", "b", "c", "d"}


def test_ttl_expiry_removes_the_entry(db):
    db.execute("UpdateTimeToLive", {"TableName": "Docs",
                                    "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
    db.execute("UpdateItem", {"TableName": "Docs", "Key": {"pk": s("a")}, "UpdateExpression": "SET expires = :t",
                              "ExpressionAttributeValues": {":t": n(1000)}})
    db.sweep_ttl(now=2000)
    assert pks(db) == {"b", "c", "d"}


def test_an_item_without_the_vector_or_hash_attribute_is_not_indexed(db):
    db.execute("PutItem", {"TableName": "Docs", "Item": {"pk": s("novec"), "tenant": s("t1")}})
    db.execute("PutItem", {"TableName": "Docs", "Item": {"pk": s("notenant"), "embedding": vec(0, 0, 1)}})
    assert "novec" not in pks(db) and "notenant" in pks(db)
    scoped = pks(db, "schema", SearchConditionExpression="tenant = :t",
                 ExpressionAttributeValues={":t": s("t1")})
    assert scoped == {"a", "b", "c", "d"}


# --- search schema -----------------------------------------------------------------

def test_hash_scopes_and_inline_filters_narrow(db):
    db.execute("PutItem", {"TableName": "Docs", "Item": {"pk": s("other"), "tenant": s("t2"), "category": s("c-a"),
                                                         "embedding": vec(1, 0, 0)}})
    assert pks(db, "schema", SearchConditionExpression="tenant = :t",
               ExpressionAttributeValues={":t": s("t2")}) == {"other"}
    assert pks(db, "schema", SearchConditionExpression="category = :c AND tenant = :t",
               ExpressionAttributeValues={":t": s("t1"), ":c": s("c-d")}) == {"d"}


@pytest.mark.parametrize("extra, message", [
    ({}, "SearchConditionExpression must be provided when SearchSchema has a HASH key"),
    ({"SearchConditionExpression": "tenant < :t", "ExpressionAttributeValues": {":t": s("x")}},
     "Invalid SearchConditionExpression: Invalid comparator used in SearchConditionExpression"),
    ({"SearchConditionExpression": "tenant = :t AND category < :c",
      "ExpressionAttributeValues": {":t": s("x"), ":c": s("y")}},
     "Invalid SearchConditionExpression: Invalid comparator used in SearchConditionExpression"),
    ({"SearchConditionExpression": "tenant = :t AND tenant = :t", "ExpressionAttributeValues": {":t": s("x")}},
     "Invalid SearchConditionExpression: SearchConditionExpression must only contain one condition per attribute"),
    ({"SearchConditionExpression": "tenant = :t", "ExpressionAttributeValues": {":t": n(1)}},
     "Type of 'tenant' attribute in SearchConditionExpression (N) does not match type in search schema (S)"),
    ({"SearchConditionExpression": "label = :t", "ExpressionAttributeValues": {":t": s("x")}},
     "SearchConditionExpression must not contain any attributes that is not in SearchSchema. Invalid attribute: label"),
])
def test_search_condition_errors(db, extra, message):
    assert error_of(db, "SearchVectors", {"TableName": "Docs", "IndexName": "schema", "SearchVector": QUERY,
                                          "TopK": 1, **extra}).message == message


# --- request errors ----------------------------------------------------------------

@pytest.mark.parametrize("request_, kind, message", [
    ({"TopK": 101}, "ValidationException",
     "Provided TopK value '101' is out of valid range. The value must be between 1 and 100 inclusive"),
    ({"TopK": 0}, "ValidationException", "1 validation error detected: Value '0' at 'topK' failed to satisfy "
                                         "constraint: Member must have value greater than or equal to 1"),
    ({"SearchVector": [n(1), n(0)]}, "ValidationException",
     "Input search vector dimension 2 does not match vector index dimension 3"),
    ({"SearchVector": [{"L": QUERY}]}, "ValidationException",
     "Search vector contains invalid values. All values in the search vector must be a 32-bit floating-point "
     "number attribute"),
    ({"SearchVector": [n(1), s("x"), n(0)]}, "ValidationException",
     "Search vector contains invalid values. All values in the search vector must be a 32-bit floating-point "
     "number attribute"),
    ({"SearchVector": [n("1e39"), n(0), n(0)]}, "ValidationException",
     "Search vector contains invalid values. All values in the search vector must be a 32-bit floating-point "
     "number attribute"),
    ({"IndexName": "nosuch"}, "ValidationException", "The table does not have the specified index: nosuch"),
    ({"TableName": "Nope"}, "ResourceNotFoundException", "Requested resource not found"),
    ({"IndexName": None}, "SerializationException", "invalid type: null, expected a string at line 1 column 36"),
    ({"TopK": None}, "SerializationException", "invalid type: null, expected i32 at line 1 column 99"),
    ({"ReturnConsumedCapacity": "BOGUS"}, "ValidationException",
     "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: "
     "[INDEXES, TOTAL, NONE]"),
])
def test_search_request_errors(db, request_, kind, message):
    request = {"TableName": "Docs", "IndexName": "cosine", "SearchVector": QUERY, "TopK": 1, **request_}
    error = error_of(db, "SearchVectors", request)
    assert (error.type.split("#")[-1], error.message) == (kind, message)


def test_a_missing_member_is_named_with_the_body_length(db):
    error = error_of(db, "SearchVectors", {"IndexName": "cosine", "SearchVector": QUERY, "TopK": 1})
    assert error.message == "missing field `TableName` at line 1 column 78"


def test_query_scan_and_partiql_cannot_read_a_vector_index(db):
    key = {"KeyConditionExpression": "pk = :v", "ExpressionAttributeValues": {":v": s("a")}}
    assert error_of(db, "Query", {"TableName": "Docs", "IndexName": "cosine", **key}).message == \
        "Query operation not supported on this index type."
    assert error_of(db, "Query", {"TableName": "Docs", "IndexName": "cosine", "ConsistentRead": True,
                                  **key}).message == "Consistent reads are not supported on global secondary indexes"
    assert error_of(db, "Scan", {"TableName": "Docs", "IndexName": "cosine", "ConsistentRead": True}).message == \
        "Scan operation not supported on this index type"
    assert error_of(db, "ExecuteStatement", {"Statement": 'SELECT * FROM "Docs"."cosine"'}).message == \
        "Scan operation not supported on this index type"


# --- write errors ------------------------------------------------------------------

@pytest.mark.parametrize("item, message", [
    ({"embedding": vec(1, 0)}, "One or more parameter values were invalid. Invalid size for parameter embedding, "
                               "Expected: 3, Actual: 2 IndexName: cosine"),
    ({"embedding": s("x")}, "One or more parameter values were invalid. Invalid type for parameter embedding, "
                            "Expected: 32-bit floating point number list IndexName: cosine"),
    ({"embedding": {"L": [n(1), s("x"), n(0)]}}, "One or more parameter values were invalid. Invalid type for "
     "parameter embedding[1], Expected: 32-bit floating point number, Actual: S. IndexName: cosine"),
    ({"embedding": {"L": [n("1e39"), n(0), n(0)]}}, "One or more parameter values were invalid. Invalid value for "
     "parameter embedding[0], Value: 1000000000000000000000000000000000000000 is outside valid range [-3.4028235E38, 3.4028235E38]. IndexName: cosine"),
    ({"tenant": s(""), "embedding": vec(1, 0, 0)}, "One or more parameter values are not valid. A value specified "
     "for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty "
     "string value. IndexName: schema, IndexKey: tenant"),
    ({"tenant": n(1)}, "One or more parameter values were invalid. Attribute 'tenant' type mismatch. "
                       "Expected: S, Actual: N. IndexName: schema"),
])
def test_a_malformed_vector_or_search_attribute_is_refused(db, item, message):
    error = error_of(db, "PutItem", {"TableName": "Docs", "Item": {"pk": s("bad"), **item}})
    assert error.message == message
    assert "bad" not in pks(db)


# --- capacity ----------------------------------------------------------------------

def put_capacity(db, item, mode="INDEXES") -> dict:
    return db.execute("PutItem", {"TableName": "Docs", "Item": item, "ReturnConsumedCapacity": mode})[
        "ConsumedCapacity"]


def test_vector_write_bytes_only_for_indexes_whose_entry_changes(db):
    item = {"pk": s("cap"), "embedding": vec(0, 0, 1), "note": s("x" * 1500)}
    first = put_capacity(db, item)
    assert first["VectorIndexes"]["keys"] == {"VectorWriteRequestBytes": 1024.0}
    # ALL: the entry is the item with its vector billed as name + 4 bytes a dimension.
    assert first["VectorIndexes"]["cosine"]["VectorWriteRequestBytes"] == 2 + 3 + 4 + 1500 + 9 + 12
    assert "VectorIndexes" not in put_capacity(db, item)
    changed = put_capacity(db, {**item, "note": s("y" * 1500)})
    assert set(changed["VectorIndexes"]) == {"cosine", "euclidean", "dot"}
    assert "VectorIndexes" not in put_capacity(db, {**item, "pk": s("cap2")}, mode="TOTAL")


def test_the_table_bills_an_indexed_vector_at_four_bytes_a_dimension(db):
    wide = "12345678901234567890123456789012345678"
    # 20 bytes a number stored, 4 billed: 1024 billed bytes is one unit.
    pad = 1024 - (2 + 2 + 9 + 12 + 3)
    item = {"pk": s("w1"), "embedding": {"L": [n(wide)] * 3}, "pad": s("x" * pad)}
    assert put_capacity(db, item, "TOTAL")["CapacityUnits"] == 1.0
    assert put_capacity(db, {**item, "pk": s("w2"), "pad": s("x" * (pad + 1))}, "TOTAL")["CapacityUnits"] == 2.0


def test_search_reports_vector_search_bytes_alone(db):
    for mode in ("TOTAL", "INDEXES"):
        assert search(db, ReturnConsumedCapacity=mode)["ConsumedCapacity"] == {"VectorSearchRequestBytes": 1024.0}
    assert "ConsumedCapacity" not in search(db, ReturnConsumedCapacity="NONE")


# --- the control plane -------------------------------------------------------------

def test_describe_table_lists_the_indexes(db):
    described = db.execute("DescribeTable", {"TableName": "Docs"})["Table"]["VectorIndexes"]
    schema = [d for d in described if d["IndexName"] == "schema"][0]
    assert schema["SearchSchema"] == SCHEMA
    assert schema["IndexStatus"] == "ACTIVE" and schema["ItemCount"] == 4
    assert schema["IndexArn"].endswith(":table/Docs/index/schema")
    assert "Backfilling" not in schema


def test_update_table_creates_with_backfill_and_deletes():
    db = Database.memory()
    db.execute("CreateTable", hash_table("Late"))
    db.execute("PutItem", {"TableName": "Late", "Item": {"pk": s("a"), "embedding": vec(1, 0, 0)}})
    db.execute("PutItem", {"TableName": "Late", "Item": {"pk": s("bad"), "embedding": vec(1, 0)}})  # skipped
    db.execute("UpdateTable", {"TableName": "Late", "VectorIndexUpdates": [{"Create": vindex()}]})
    found = db.execute("SearchVectors", {"TableName": "Late", "IndexName": "vix", "SearchVector": QUERY, "TopK": 5})
    assert [r["Item"]["pk"] for r in found["SearchResults"]] == [s("a")]
    error = error_of(db, "PutItem", {"TableName": "Late", "Item": {"pk": s("bad2"), "embedding": vec(1, 0)}})
    assert "Invalid size for parameter embedding" in error.message
    db.execute("UpdateTable", {"TableName": "Late", "VectorIndexUpdates": [{"Delete": {"IndexName": "vix"}}]})
    assert "VectorIndexes" not in db.execute("DescribeTable", {"TableName": "Late"})["Table"]
    assert error_of(db, "SearchVectors", {"TableName": "Late", "IndexName": "vix", "SearchVector": QUERY,
                                          "TopK": 1}).message == "The table does not have the specified index: vix"


def test_one_online_index_action_per_update():
    db = Database.memory()
    db.execute("CreateTable", hash_table("Late"))
    error = error_of(db, "UpdateTable", {"TableName": "Late", "VectorIndexUpdates": [
        {"Create": vindex("vix1")}, {"Create": vindex("vix2")}]})
    assert error.type.endswith("LimitExceededException")


@pytest.mark.parametrize("change, message", [
    ({"BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}},
     "One or more parameter values were invalid: Vector indexes are only supported for PAY_PER_REQUEST tables"),
    ({"BillingMode": None},
     "One or more parameter values were invalid: Vector indexes are only supported for PAY_PER_REQUEST tables"),
    ({"VectorIndexes": [vindex(dimensions=4097)]},
     "One or more parameter values were invalid: Number of dimensions must be between 1 and 4096 inclusive."),
    ({"VectorIndexes": [vindex(f"vix{i}") for i in range(6)]},
     "One or more parameter values were invalid: VectorIndex count exceeds the per-table limit of 5"),
    ({"VectorIndexes": [vindex(), vindex("vix2", dimensions=4)]},
     "One or more parameter values were invalid: Conflicting attribute definition for 'embedding'. All "
     "VectorIndexes on the same vector attribute must use the same dimensions."),
    ({"VectorIndexes": [vindex(SearchSchema=[{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}])]},
     "One or more parameter values were invalid: One element in SearchSchema is not defined in attribute "
     "definitions"),
    ({"VectorIndexes": [vindex("dup"), vindex("dup")]},
     "One or more parameter values were invalid: Duplicate index name: dup"),
    ({"VectorIndexes": [vindex(distance="MANHATTAN")]},
     "1 validation error detected: Value 'MANHATTAN' at 'vectorIndexes.1.member.distanceFunction' failed to "
     "satisfy constraint: Member must satisfy enum value set: [DOT_PRODUCT, COSINE, EUCLIDEAN]"),
    ({"VectorIndexes": [vindex(dimensions=0)]},
     "1 validation error detected: Value '0' at 'vectorIndexes.1.member.dimensions' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1"),
])
def test_create_table_vector_index_errors(change, message):
    request = hash_table("Bad", VectorIndexes=[vindex()])
    request.update(change)
    request = {k: v for k, v in request.items() if v is not None}
    assert error_of(Database.memory(), "CreateTable", request).message == message


@pytest.mark.parametrize("distance", ["COSINE", "EUCLIDEAN", "DOT_PRODUCT"])
def test_search_is_exact_brute_force_ties_included(distance):
    import random
    from dynoxide.vectors.score import as_f32, higher_is_closer, scorer
    from dynoxide.vectors.values import to_f32
    rng = random.Random(distance)
    db = Database.memory()
    db.execute("CreateTable", hash_table("Random", VectorIndexes=[vindex(dimensions=6, distance=distance)]))
    stored = {}
    for k in range(300):
        # Small integers and repeated vectors make many exact and near ties.
        values = [str(rng.choice([0, 1, 2, -1, 0.1, 1e-7])) for _ in range(6)]
        stored[f"k{k:03d}"] = [to_f32(v) for v in values]
        db.execute("PutItem", {"TableName": "Random", "Item": {"pk": s(f"k{k:03d}"), "embedding": vec(*values)}})
    for _ in range(5):
        query = [str(rng.choice([0, 1, -1, 0.5, 3])) for _ in range(6)]
        found = db.execute("SearchVectors", {"TableName": "Random", "IndexName": "vix", "SearchVector": [n(v) for v in query],
                                             "TopK": 25})
        exact = scorer(distance, [to_f32(v) for v in query])
        sign = -1 if higher_is_closer(distance) else 1
        expected = sorted((sign * as_f32(exact(v, math_norm(v))), pk) for pk, v in stored.items())[:25]
        assert [(r["Item"]["pk"]["S"], r["Score"]) for r in found["SearchResults"]] == \
            [(pk, sign * score) for score, pk in expected]


def math_norm(vector) -> float:
    from dynoxide.vectors.score import norm
    return norm(vector)
