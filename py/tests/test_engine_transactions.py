"""TransactWriteItems and TransactGetItems: all or nothing, reasons in order, idempotency."""
import pytest

from dynoxide import Database
from support import error_of, hash_table, n, s


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


def test_a_bad_value_in_an_action_is_a_validation_reason(db):
    err = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Things", "Item": {"pk": {}}}}]})
    assert err.name == "TransactionCanceledException"
    assert [r["Code"] for r in err.to_body()["CancellationReasons"]] == ["ValidationError"]


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
