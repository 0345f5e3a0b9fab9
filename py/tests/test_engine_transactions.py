"""TransactWriteItems and TransactGetItems: all or nothing, reasons in order, idempotency."""
import pytest

from dynoxide import Database, DynamoError
from support import composite_table, error_of, hash_table, n, s


@pytest.fixture
def db():
    with Database.memory() as database:
        database.execute("CreateTable", hash_table())
        database.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("existing"), "v": n(1)}})
        yield database


def get(db, pk):
    return db.execute("GetItem", {"TableName": "Things", "Key": {"pk": s(pk)}}).get("Item")


def test_all_actions_apply_together(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("witness")}})
    db.execute("TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("new")}}},
        {"Update": {"TableName": "Things", "Key": {"pk": s("existing")}, "UpdateExpression": "SET v = v + :one",
                    "ExpressionAttributeValues": {":one": n(1)}}},
        {"ConditionCheck": {"TableName": "Things", "Key": {"pk": s("witness")},
                            "ConditionExpression": "attribute_exists(pk)"}},
    ]})
    assert get(db, "new") == {"pk": s("new")}
    assert get(db, "existing")["v"] == n(2)


def test_a_bad_value_in_an_action_fails_the_whole_request(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": {}}}}]})
    assert (err.name, err.message) == (
        "ValidationException", "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")


def test_a_failed_condition_cancels_everything_with_positional_reasons(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("fresh")}}},
        {"Delete": {"TableName": "Things", "Key": {"pk": s("existing")}, "ConditionExpression": "v = :two",
                    "ExpressionAttributeValues": {":two": n(2)}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
    ]})
    assert err.name == "TransactionCanceledException"
    assert err.message == ("Transaction cancelled, please refer cancellation reasons for specific reasons "
                           "[None, ConditionalCheckFailed]")
    reasons = err.to_body()["CancellationReasons"]
    assert reasons[0] == {"Code": "None"}
    assert reasons[1]["Message"] == "The conditional request failed"
    assert reasons[1]["Item"] == {"pk": s("existing"), "v": n(1)}
    assert get(db, "fresh") is None and get(db, "existing") is not None


def test_two_actions_on_one_item_are_rejected(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("x")}}},
        {"Delete": {"TableName": "Things", "Key": {"pk": s("x")}}},
    ]})
    assert err.message == "Transaction request cannot include multiple operations on one item"


def test_missing_table_fails_the_request(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Nope", "Item": {"pk": s("x")}}}]})
    assert (err.name, err.message) == ("ResourceNotFoundException", "Requested resource not found")


def test_a_key_mismatch_is_a_validation_reason(db):
    err = error_of(db, "TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "Things", "Key": {}}}]})
    assert err.name == "TransactionCanceledException"
    assert [r["Code"] for r in err.to_body()["CancellationReasons"]] == ["ValidationError"]


def test_client_request_token_is_idempotent(db):
    request = {"ClientRequestToken": "tok-1", "TransactItems": [
        {"Update": {"TableName": "Things", "Key": {"pk": s("existing")}, "UpdateExpression": "SET v = v + :one",
                    "ExpressionAttributeValues": {":one": n(1)}}}]}
    db.execute("TransactWriteItems", dict(request))
    db.execute("TransactWriteItems", dict(request))
    assert get(db, "existing")["v"] == n(2)
    changed = {"ClientRequestToken": "tok-1", "TransactItems": [
        {"Delete": {"TableName": "Things", "Key": {"pk": s("existing")}}}]}
    assert error_of(db, "TransactWriteItems", changed).name == "IdempotentParameterMismatchException"


def test_transact_get_returns_items_in_request_order_with_capacity(db):
    out = db.execute("TransactGetItems", {"ReturnConsumedCapacity": "TOTAL", "TransactItems": [
        {"Get": {"TableName": "Things", "Key": {"pk": s("missing")}}},
        {"Get": {"TableName": "Things", "Key": {"pk": s("existing")}, "ProjectionExpression": "v"}}]})
    assert out["Responses"] == [{}, {"Item": {"v": n(1)}}]
    assert out["ConsumedCapacity"] == [{"TableName": "Things", "CapacityUnits": 4.0, "ReadCapacityUnits": 4.0}]


# --- which action errors cancel, which fail the request ----------------------------

INDEXED = composite_table(
    "Indexed",
    AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                          {"AttributeName": "sk", "AttributeType": "S"},
                          {"AttributeName": "gpk", "AttributeType": "S"},
                          {"AttributeName": "lsk", "AttributeType": "S"}],
    GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}],
                             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["proj"]}}],
    LocalSecondaryIndexes=[{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                              {"AttributeName": "lsk", "KeyType": "RANGE"}],
                            "Projection": {"ProjectionType": "ALL"}}])


@pytest.fixture
def idb(db):
    db.execute("CreateTable", INDEXED)
    return db


def ikey(pk, sk="1"):
    return {"pk": s(pk), "sk": s(sk)}


def reasons_of(err):
    assert err.name == "TransactionCanceledException"
    return err.to_body()["CancellationReasons"]


@pytest.mark.parametrize("action", [
    {"Put": {"TableName": "Things", "Item": {"pk": s("")}}},
    {"Update": {"TableName": "Things", "Key": {"pk": s("")}, "UpdateExpression": "SET a = :v",
                "ExpressionAttributeValues": {":v": s("x")}}},
    {"Delete": {"TableName": "Things", "Key": {"pk": s("")}}},
    {"ConditionCheck": {"TableName": "Things", "Key": {"pk": s("")}, "ConditionExpression": "attribute_exists(pk)"}},
])
def test_an_empty_key_value_fails_the_whole_request_and_writes_nothing(db, action):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("earlier")}}}, action]})
    assert (err.name, err.message) == (
        "ValidationException",
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty string value. Key: pk")
    assert get(db, "earlier") is None


def test_an_empty_index_key_value_fails_the_whole_request(idb):
    err = error_of(idb, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Indexed", "Item": {**ikey("a"), "gpk": s("")}}}]})
    assert (err.name, err.message) == (
        "ValidationException",
        "One or more parameter values are not valid. A value specified for a secondary index key is not "
        "supported. The AttributeValue for a key attribute cannot contain an empty string value. "
        "IndexName: byG, IndexKey: gpk")


@pytest.mark.parametrize("value, kind", [(s(""), "string"), ({"B": ""}, "binary")])
def test_an_update_writing_an_empty_index_key_fails_the_request_in_updateitem_words(idb, value, kind):
    if kind == "binary":
        idb.execute("CreateTable", hash_table(
            "Bin", AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                         {"AttributeName": "gpk", "AttributeType": "B"}],
            GlobalSecondaryIndexes=[{"IndexName": "byB", "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}],
                                     "Projection": {"ProjectionType": "KEYS_ONLY"}}]))
    table, key = ("Bin", {"pk": s("a")}) if kind == "binary" else ("Indexed", ikey("a"))
    err = error_of(idb, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("earlier")}}},
        {"Update": {"TableName": table, "Key": key, "UpdateExpression": "SET gpk = :v",
                    "ExpressionAttributeValues": {":v": value}}}]})
    assert (err.name, err.message) == (
        "ValidationException",
        "One or more parameter values are not valid. The update expression attempted to update a secondary "
        f"index key to a value that is not supported. The AttributeValue for a key attribute cannot contain "
        f"an empty {kind} value.")
    assert get(idb, "earlier") is None


def test_an_update_removing_an_index_key_is_allowed(idb):
    idb.execute("PutItem", {"TableName": "Indexed", "Item": {**ikey("a"), "gpk": s("g")}})
    idb.execute("TransactWriteItems", {"TransactItems": [
        {"Update": {"TableName": "Indexed", "Key": ikey("a"), "UpdateExpression": "REMOVE gpk"}}]})
    found = idb.execute("GetItem", {"TableName": "Indexed", "Key": ikey("a")})["Item"]
    assert found == ikey("a")


def test_an_empty_key_in_transact_get_stays_a_reason(db):
    err = error_of(db, "TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "Things", "Key": {"pk": s("")}}},
        {"Get": {"TableName": "Things", "Key": {"pk": n(5)}}}]})
    assert [r["Message"] for r in reasons_of(err)] == [
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain "
        "an empty string value. Key: pk",
        "The provided key element does not match the schema"]


@pytest.mark.parametrize("action, message", [
    ({"Put": {"TableName": "Things", "Item": {"pk": n(5)}}},
     "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N"),
    ({"Put": {"TableName": "Things", "Item": {"pk": {"L": [s("x")]}}}},
     "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: L"),
    ({"Delete": {"TableName": "Things", "Key": {"pk": n(1)}}},
     "The provided key element does not match the schema"),
    ({"ConditionCheck": {"TableName": "Things", "Key": {"pk": {"L": []}},
                         "ConditionExpression": "attribute_not_exists(pk)"}},
     "The provided key element does not match the schema"),
    ({"Update": {"TableName": "Things", "Key": {"pk": s("existing")}, "UpdateExpression": "SET pk = :v",
                 "ExpressionAttributeValues": {":v": s("x")}}},
     "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"),
    ({"Update": {"TableName": "Things", "Key": {"pk": s("existing")}, "UpdateExpression": "SET v = pk + :one",
                 "ExpressionAttributeValues": {":one": n(1)}}},
     "An operand in the update expression has an incorrect data type"),
])
def test_bad_action_content_is_a_validation_reason_with_dynamodb_message(db, action, message):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [action]})
    assert reasons_of(err) == [{"Code": "ValidationError", "Message": message}]


def test_a_wrong_index_key_type_is_a_validation_reason(idb):
    err = error_of(idb, "TransactWriteItems", {"TransactItems": [
        {"Update": {"TableName": "Indexed", "Key": ikey("a"), "UpdateExpression": "SET gpk = :v",
                    "ExpressionAttributeValues": {":v": n(1)}}}]})
    assert reasons_of(err) == [{"Code": "ValidationError", "Message":
                                "One or more parameter values were invalid: Type mismatch for Index Key gpk "
                                "Expected: S Actual: N IndexName: byG"}]


def test_an_update_growing_past_400kb_is_a_reason(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("big"), "a": s("x" * 300_000)}})
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Update": {"TableName": "Things", "Key": {"pk": s("big")}, "UpdateExpression": "SET b = :b",
                    "ExpressionAttributeValues": {":b": s("y" * 200_000)}}}]})
    assert reasons_of(err) == [{"Code": "ValidationError",
                                "Message": "Item size to update has exceeded the maximum allowed size"}]


def test_a_put_over_400kb_fails_the_request(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("big"), "a": s("x" * 410_000)}}}]})
    assert (err.name, err.message) == ("ValidationException", "Item size has exceeded the maximum allowed size")


TOO_LARGE_IN_ALL = ("Collection size of items exceeded, which can also be caused by the aggregate size of the "
                    "items in the transaction exceeding the 4MB limit")


def test_more_than_4mb_in_all_fails_the_request(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s(f"p{i}"), "a": s("x" * 300 * 1024)}}} for i in range(15)]})
    assert (err.name, err.message) == ("ValidationException", TOO_LARGE_IN_ALL)


def test_just_under_4mb_in_all_succeeds(db):
    db.execute("TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s(f"p{i}"), "a": s("x" * 350_000)}}} for i in range(10)]})
    assert get(db, "p9") is not None


def test_the_values_updates_write_count_toward_4mb(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Update": {"TableName": "Things", "Key": {"pk": s(f"u{i}")}, "UpdateExpression": "SET a = :a",
                    "ExpressionAttributeValues": {":a": s("x" * 350_000)}}} for i in range(12)]})
    assert (err.name, err.message) == ("ValidationException", TOO_LARGE_IN_ALL)
    assert get(db, "u0") is None


def test_the_keys_of_deletes_and_checks_count_toward_4mb(db):
    puts = [{"Put": {"TableName": "Things", "Item": {"pk": s(f"p{i}"), "a": s("x" * 409_000)}}} for i in range(10)]
    deletes = [{"Delete": {"TableName": "Things", "Key": {"pk": s(f"{i:04}" + "k" * 2000)}}} for i in range(45)]
    checks = [{"ConditionCheck": {"TableName": "Things", "Key": {"pk": s(f"{i:04}" + "c" * 2000)},
                                  "ConditionExpression": "attribute_not_exists(pk)"}} for i in range(45)]
    db.execute("TransactWriteItems", {"TransactItems": puts})  # 4,090,000 bytes alone is within the limit
    err = error_of(db, "TransactWriteItems", {"TransactItems": puts + deletes + checks})
    assert (err.name, err.message) == ("ValidationException", TOO_LARGE_IN_ALL)


def test_an_entry_must_hold_exactly_one_action(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("a")}}, "Delete": {"TableName": "Things", "Key": {"pk": s("b")}}}]})
    assert (err.name, err.message) == ("ValidationException",
                                       "TransactItems can only contain one of Check, Put, Update or Delete")
    err = error_of(db, "TransactWriteItems", {"TransactItems": [{}]})
    assert (err.name, err.message) == ("ValidationException", (
        "1 validation error detected: Value '' at 'transactItems' failed to satisfy constraint: "
        "TransactWriteRequest should contain Delete or Put or Update or ConditionCheck"))
    assert get(db, "a") is None


def test_two_failures_are_both_reported_in_place(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"ConditionCheck": {"TableName": "Things", "Key": {"pk": s("missing")},
                            "ConditionExpression": "attribute_exists(pk)"}},
        {"Put": {"TableName": "Things", "Item": {"pk": s("fresh")}}},
        {"Put": {"TableName": "Things", "Item": {"pk": s("existing")}, "ConditionExpression": "attribute_not_exists(pk)",
                 "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
    ]})
    assert err.message.endswith("[ConditionalCheckFailed, None, ConditionalCheckFailed]")
    reasons = reasons_of(err)
    assert "Item" not in reasons[0]  # nothing stored there to return
    assert reasons[2]["Item"] == {"pk": s("existing"), "v": n(1)}
    assert get(db, "fresh") is None


def test_an_update_condition_on_a_missing_item_leaves_no_ghost(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Update": {"TableName": "Things", "Key": {"pk": s("ghost")}, "UpdateExpression": "SET v = :v",
                    "ConditionExpression": "attribute_exists(pk)", "ExpressionAttributeValues": {":v": n(1)}}}]})
    assert reasons_of(err)[0]["Code"] == "ConditionalCheckFailed"
    assert get(db, "ghost") is None


def test_a_cancelled_transaction_leaves_index_rows_alone(idb):
    idb.execute("PutItem", {"TableName": "Indexed", "Item": {**ikey("a"), "gpk": s("g1")}})
    error_of(idb, "TransactWriteItems", {"TransactItems": [
        {"Update": {"TableName": "Indexed", "Key": ikey("a"), "UpdateExpression": "SET gpk = :g",
                    "ExpressionAttributeValues": {":g": s("g2")}}},
        {"ConditionCheck": {"TableName": "Things", "Key": {"pk": s("missing")},
                            "ConditionExpression": "attribute_exists(pk)"}}]})
    found = idb.execute("Query", {"TableName": "Indexed", "IndexName": "byG", "KeyConditionExpression": "gpk = :g",
                                  "ExpressionAttributeValues": {":g": s("g1")}})
    assert found["Count"] == 1


# --- capacity -----------------------------------------------------------------------

def write_capacity(db, actions, mode="INDEXES", **extra):
    return db.execute("TransactWriteItems", {"TransactItems": actions, "ReturnConsumedCapacity": mode,
                                             **extra})["ConsumedCapacity"]


def test_the_transactional_factor_applies_to_the_table_and_not_its_indexes(idb):
    [cc] = write_capacity(idb, [{"Put": {"TableName": "Indexed",
                                         "Item": {**ikey("a"), "gpk": s("g"), "lsk": s("l")}}}])
    assert cc == {"TableName": "Indexed", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0,
                  "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
                  "GlobalSecondaryIndexes": {"byG": {"CapacityUnits": 1.0, "WriteCapacityUnits": 1.0}},
                  "LocalSecondaryIndexes": {"byL": {"CapacityUnits": 1.0, "WriteCapacityUnits": 1.0}}}


def test_total_mode_folds_index_units_into_the_total(idb):
    [cc] = write_capacity(idb, [{"Put": {"TableName": "Indexed", "Item": {**ikey("a"), "gpk": s("g")}}}], "TOTAL")
    assert cc == {"TableName": "Indexed", "CapacityUnits": 3.0, "WriteCapacityUnits": 3.0}


def test_an_identical_overwrite_charges_no_index(idb):
    item = {**ikey("a"), "gpk": s("g"), "proj": {"SS": ["x", "y"]}}
    idb.execute("PutItem", {"TableName": "Indexed", "Item": item})
    [cc] = write_capacity(idb, [{"Put": {"TableName": "Indexed",
                                         "Item": {**item, "proj": {"SS": ["y", "x"]}}}}])
    assert cc["CapacityUnits"] == 2.0 and "GlobalSecondaryIndexes" not in cc


def test_moving_an_index_key_charges_the_index_twice_undoubled(idb):
    idb.execute("PutItem", {"TableName": "Indexed", "Item": {**ikey("a"), "gpk": s("g1"), "proj": s("x" * 1500)}})
    [cc] = write_capacity(idb, [{"Update": {"TableName": "Indexed", "Key": ikey("a"), "UpdateExpression": "SET gpk = :g",
                                            "ExpressionAttributeValues": {":g": s("g2")}}}])
    assert (cc["Table"]["CapacityUnits"], cc["GlobalSecondaryIndexes"]["byG"]["CapacityUnits"]) == (4.0, 4.0)
    assert cc["CapacityUnits"] == 8.0


def test_deletes_and_checks_are_sized_on_the_stored_image(idb):
    idb.execute("PutItem", {"TableName": "Indexed", "Item": {**ikey("d"), "gpk": s("g"), "proj": s("x" * 3000)}})
    idb.execute("PutItem", {"TableName": "Indexed", "Item": {**ikey("c"), "gpk": s("g"), "proj": s("x" * 3000)}})
    [cc] = write_capacity(idb, [
        {"Delete": {"TableName": "Indexed", "Key": ikey("d")}},
        {"ConditionCheck": {"TableName": "Indexed", "Key": ikey("c"), "ConditionExpression": "attribute_exists(pk)"}},
        {"Delete": {"TableName": "Indexed", "Key": ikey("nothing-here")}}])
    # table 6 + 6 + 2 (the minimum); the index only for the delete (3); a check touches no index
    assert cc["Table"]["CapacityUnits"] == 14.0
    assert cc["GlobalSecondaryIndexes"] == {"byG": {"CapacityUnits": 3.0, "WriteCapacityUnits": 3.0}}


def test_each_table_gets_its_own_entry(idb):
    ccs = write_capacity(idb, [{"Put": {"TableName": "Indexed", "Item": ikey("a")}},
                               {"Put": {"TableName": "Things", "Item": {"pk": s("b")}}}], "TOTAL")
    assert ccs == [{"TableName": "Indexed", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
                   {"TableName": "Things", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}]


def test_no_capacity_unless_asked(db):
    assert db.execute("TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("a")}}}]}) == {}


def test_item_collection_metrics_for_tables_with_local_indexes(idb):
    out = idb.execute("TransactWriteItems", {"ReturnItemCollectionMetrics": "SIZE", "TransactItems": [
        {"Put": {"TableName": "Indexed", "Item": {**ikey("a"), "lsk": s("l")}}},
        {"Put": {"TableName": "Things", "Item": {"pk": s("b")}}}]})
    [metrics] = out["ItemCollectionMetrics"]["Indexed"]
    assert metrics["ItemCollectionKey"] == {"pk": s("a")}
    assert set(out["ItemCollectionMetrics"]) == {"Indexed"}


# --- ClientRequestToken ---------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clocked():
    clock = Clock()
    with Database.memory(clock=clock) as database:
        database.execute("CreateTable", hash_table())
        yield database, clock


def bump(token, pk="counter", **extra):
    return {"ClientRequestToken": token, **extra, "TransactItems": [
        {"Update": {"TableName": "Things", "Key": {"pk": s(pk)}, "UpdateExpression": "ADD v :one",
                    "ExpressionAttributeValues": {":one": n(1)}}}]}


def test_a_replay_is_charged_as_reads_at_read_granularity(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("counter"), "pad": s("x" * 1500)}})
    first = db.execute("TransactWriteItems", bump("t", ReturnConsumedCapacity="TOTAL"))
    again = db.execute("TransactWriteItems", bump("t", ReturnConsumedCapacity="INDEXES"))
    assert first["ConsumedCapacity"] == [{"TableName": "Things", "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}]
    assert again["ConsumedCapacity"] == [{"TableName": "Things", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0,
                                          "Table": {"CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}}]
    assert db.execute("TransactWriteItems", bump("t")) == {}
    assert get(db, "counter")["v"] == n(1)


def test_a_token_expires_after_ten_minutes(clocked):
    db, clock = clocked
    db.execute("TransactWriteItems", bump("t"))
    clock.now += 599
    db.execute("TransactWriteItems", bump("t"))
    assert get(db, "counter")["v"] == n(1)
    clock.now += 1
    db.execute("TransactWriteItems", bump("t", pk="other"))  # a new request under the expired token
    assert get(db, "other")["v"] == n(1)


def test_a_cancelled_transaction_does_not_claim_its_token(db):
    request = {"ClientRequestToken": "t", "TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("once")}, "ConditionExpression": "attribute_exists(pk)"}}]}
    assert error_of(db, "TransactWriteItems", request).name == "TransactionCanceledException"
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("once"), "v": n(1)}})
    db.execute("TransactWriteItems", request)
    assert get(db, "once") == {"pk": s("once")}


def test_resending_the_same_request_replays_though_planning_canonicalised_it(db):
    request = {"ClientRequestToken": "t", "TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": s("n"), "v": n("1.50")}}},
        {"Update": {"TableName": "Things", "Key": {"pk": s("existing")}, "UpdateExpression": "ADD v :one",
                    "ExpressionAttributeValues": {":one": n(1)}}}]}
    db.execute("TransactWriteItems", request)
    db.execute("TransactWriteItems", request)  # the very same dict: a client's retry
    assert get(db, "existing")["v"] == n(2)


def test_a_mismatched_token_names_the_error(db):
    db.execute("TransactWriteItems", bump("t"))
    err = error_of(db, "TransactWriteItems", bump("t", pk="other"))
    assert (err.name, err.message) == ("IdempotentParameterMismatchException",
                                       "An error occurred (IdempotentParameterMismatchException)")
    assert get(db, "other") is None


# --- TransactGetItems -------------------------------------------------------------------

def test_a_projection_matching_nothing_omits_the_item(db):
    out = db.execute("TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "Things", "Key": {"pk": s("existing")}, "ProjectionExpression": "#x",
                 "ExpressionAttributeNames": {"#x": "nope"}}}]})
    assert out == {"Responses": [{}]}


def test_transact_get_charges_two_units_per_get_per_table(idb):
    db = idb
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("big"), "pad": s("x" * 5000)}})
    out = db.execute("TransactGetItems", {"ReturnConsumedCapacity": "INDEXES", "TransactItems": [
        {"Get": {"TableName": "Things", "Key": {"pk": s("big")}}},
        {"Get": {"TableName": "Indexed", "Key": ikey("none")}},
        {"Get": {"TableName": "Things", "Key": {"pk": s("existing")}}}]})
    assert out["ConsumedCapacity"] == [
        {"TableName": "Things", "CapacityUnits": 6.0, "ReadCapacityUnits": 6.0,
         "Table": {"CapacityUnits": 6.0, "ReadCapacityUnits": 6.0}},
        {"TableName": "Indexed", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0,
         "Table": {"CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}}]


def test_transact_get_rejects_two_gets_of_one_item(db):
    err = error_of(db, "TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "Things", "Key": {"pk": s("existing")}}},
        {"Get": {"TableName": "Things", "Key": {"pk": s("existing")}, "ProjectionExpression": "v"}}]})
    assert (err.name, err.message) == ("ValidationException",
                                       "Transaction request cannot include multiple operations on one item")


def test_transact_get_on_a_missing_table_fails_the_request(db):
    err = error_of(db, "TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": "Things", "Key": {"pk": s("existing")}}},
        {"Get": {"TableName": "Nope", "Key": {"pk": s("x")}}}]})
    assert (err.name, err.message) == ("ResourceNotFoundException", "Requested resource not found")


def test_a_key_nested_far_past_the_limit_is_a_reason_not_a_crash():
    db = Database.memory()
    db.execute("CreateTable", {"TableName": "deep", "BillingMode": "PAY_PER_REQUEST",
                               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    value = {"S": "bottom"}
    for _ in range(50_000):  # deeper than Python's recursion limit: checked before it is sized
        value = {"M": {"a": value}}
    with pytest.raises(DynamoError) as info:
        db.execute("TransactWriteItems", {"TransactItems": [{"Delete": {"TableName": "deep", "Key": {"pk": value}}}]})
    assert info.value.name in ("TransactionCanceledException", "ValidationException")
