"""DynamoDB's current wording and validation order, class by class (issue 9).

Each message is the exact text the suite's current release recorded from
real DynamoDB (eu-west-2 where regions disagree).
"""
import pytest

from dynoxide import Database

from support import error_of, hash_table, n, s

ONE = "1 validation error detected: "
INVALID = "One or more parameter values were invalid: "
NOT_NUMERIC = "The parameter cannot be converted to a numeric value"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"


@pytest.fixture
def db():
    with Database.memory() as database:
        database.execute("CreateTable", hash_table("Things"))
        yield database


def message(db, op, request):
    error = error_of(db, op, request)
    assert error.name == "ValidationException"
    return error.message


# --- 1. request-level checks of PutItem, UpdateItem, DeleteItem: in the envelope --------

@pytest.mark.parametrize("extra, expected", [
    ({"ExpressionAttributeValues": {":v": s("x")}}, "ExpressionAttributeValues can only be specified when using expressions"),
    ({"ExpressionAttributeNames": {"#a": "a"}}, "ExpressionAttributeNames can only be specified when using expressions"),
    ({"ConditionExpression": "attribute_exists(a)", "ExpressionAttributeValues": {}}, "ExpressionAttributeValues must not be empty"),
    ({"ConditionExpression": ""}, "Invalid ConditionExpression: The expression can not be empty;"),
    ({"ReturnValues": "UPDATED_NEW"}, "ReturnValues can only be ALL_OLD or NONE"),
    ({"Expected": {"a": {"Exists": True}}}, INVALID + "Value must be provided when Exists is true for Attribute: a"),
    ({"Expected": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [s("x")]}}},
     INVALID + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
])
def test_delete_item_reports_request_level_errors_in_the_envelope(db, extra, expected):
    assert message(db, "DeleteItem", {"TableName": "Things", "Key": {"pk": s("a")}, **extra}) == ONE + expected


@pytest.mark.parametrize("update, expected", [
    ({"UpdateExpression": "ADD a :v ADD b :v", "ExpressionAttributeValues": {":v": n(1)}},
     'Invalid UpdateExpression: The "ADD" section can only be used once in an update expression;'),
    ({"UpdateExpression": "SET a = :v", "ExpressionAttributeValues": {":v": n(1)},
      "ExpressionAttributeNames": {"#count": "count"}},
     "Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}"),
    ({"UpdateExpression": "SET b = :w", "ConditionExpression": "a = :v", "ExpressionAttributeValues": {":w": s("x")}},
     "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
     "attribute value: :v"),
    ({"UpdateExpression": ""}, "Invalid UpdateExpression: The expression can not be empty;"),
])
def test_update_item_expression_errors_are_in_the_envelope(db, update, expected):
    assert message(db, "UpdateItem", {"TableName": "Things", "Key": {"pk": s("a")}, **update}) == ONE + expected


def test_put_item_empty_set_is_in_the_envelope(db):
    assert message(db, "PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "b": {"SS": []}}}) == (
        ONE + INVALID + "An string set  may not be empty")


def test_checks_against_the_table_stay_bare(db):
    assert message(db, "DeleteItem", {"TableName": "Things", "Key": {"other": s("a")}}) == (
        "The provided key element does not match the schema")
    assert message(db, "UpdateItem", {"TableName": "Things", "Key": {"pk": s("a")}, "UpdateExpression": "SET pk = :v",
                                      "ExpressionAttributeValues": {":v": s("b")}}) == (
        INVALID + "Cannot update attribute pk. This attribute is part of the key")


def test_query_envelopes_select_conflicts_and_scan_does_not(db):
    key = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": s("a")}}
    assert message(db, "Query", {"TableName": "Things", **key, "Select": "COUNT", "ProjectionExpression": "a"}) == (
        ONE + "Cannot specify the ProjectionExpression when choosing to get only the Count")
    assert message(db, "Scan", {"TableName": "Things", "Select": "COUNT", "ProjectionExpression": "a"}) == (
        "Cannot specify the ProjectionExpression when choosing to get only the Count")


# --- 2. bad numbers and duplicate sets in DynamoDB's current words ------------------------

@pytest.mark.parametrize("value, expected", [
    (n("abc"), f"{NOT_NUMERIC}: abc"),
    (n(""), f"{NOT_NUMERIC}: "),
    ({"SS": ["b", "a", "b"]}, INVALID + 'Input collection ["a", "b", "b"] contains duplicates.'),
    ({"BS": ["/w==", "AA==", "AA=="]}, INVALID + 'Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.'),
    ({"NS": ["2", "1", "2"]}, INVALID + "Input collection contains duplicates."),
])
def test_current_reader_words_values_without_a_wrapper(db, value, expected):
    assert message(db, "PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "v": value}}) == ONE + expected
    condition = {"TableName": "Things", "Key": {"pk": s("a")}, "ConditionExpression": "v = :v",
                 "ExpressionAttributeValues": {":v": value}}
    assert message(db, "DeleteItem", condition) == ONE + expected
    assert message(db, "Query", {"TableName": "Things", "KeyConditionExpression": "pk = :p", "FilterExpression": "v = :v",
                                 "ExpressionAttributeValues": {":p": s("a"), ":v": value}}) == expected


@pytest.mark.parametrize("value, expected", [
    (n(""), NOT_NUMERIC),
    (n("1e2147483647"), UNDERFLOW),
    ({"SS": ["b", "a", "b"]}, INVALID + "Input collection [b, a, b] contains duplicates."),
    ({"NS": ["2", "1", "2"]}, "Input collection contains duplicates"),
])
def test_batch_write_and_scan_keep_the_older_words(db, value, expected):
    put = {"PutRequest": {"Item": {"pk": s("a"), "v": value}}}
    assert message(db, "BatchWriteItem", {"RequestItems": {"Things": [put]}}) == expected
    assert message(db, "Scan", {"TableName": "Things", "FilterExpression": "v = :v",
                                "ExpressionAttributeValues": {":v": value}}) == (
        f"ExpressionAttributeValues contains invalid value: {expected} for key :v")


# --- 3. number edge cases -------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("0e126", OVERFLOW),
    ("0e-131", UNDERFLOW),
    ("1e2147483648", OVERFLOW),
    ("1e-99999999999", UNDERFLOW),
    ("1e9223372036854775808", f"{NOT_NUMERIC}: 1e9223372036854775808"),
])
def test_number_edges(db, text, expected):
    assert message(db, "PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "v": n(text)}}) == ONE + expected


def test_zero_with_an_exponent_inside_the_range_is_stored_as_zero(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("z"), "v": n("0e125")}})
    assert db.execute("GetItem", {"TableName": "Things", "Key": {"pk": s("z")}})["Item"]["v"] == n(0)


# --- 9. data ----------------------------------------------------------------------------------

def test_a_small_item_collection_is_the_range_0_to_1_gb():
    with Database.memory() as db:
        db.execute("CreateTable", {
            "TableName": "Indexed", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "l")],
            "LocalSecondaryIndexes": [{"IndexName": "byL", "Projection": {"ProjectionType": "ALL"},
                                       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                     {"AttributeName": "l", "KeyType": "RANGE"}]}]})
        out = db.execute("PutItem", {"TableName": "Indexed", "Item": {"pk": s("a"), "sk": s("1"), "l": s("x")},
                                     "ReturnItemCollectionMetrics": "SIZE"})
        assert out["ItemCollectionMetrics"] == {"ItemCollectionKey": {"pk": s("a")}, "SizeEstimateRangeGB": [0, 1]}


def test_sets_come_back_sorted_as_dynamodb_sorts_them(db):
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("a"), "t": {"SS": ["b", "a"]},
                                                           "b": {"BS": ["/w==", "AA=="]}, "n": {"NS": ["10", "9"]}}})
    db.execute("UpdateItem", {"TableName": "Things", "Key": {"pk": s("a")}, "UpdateExpression": "ADD t :e",
                              "ExpressionAttributeValues": {":e": {"SS": [""]}}})
    item = db.execute("GetItem", {"TableName": "Things", "Key": {"pk": s("a")}})["Item"]
    assert (item["t"], item["b"], item["n"]) == ({"SS": ["", "a", "b"]}, {"BS": ["AA==", "/w=="]}, {"NS": ["9", "10"]})


# --- 8. CreateTable ---------------------------------------------------------------------------

def _two_index_table(lsi_name: str, gsi_name: str, gsi_key_type: str = "HASH") -> dict:
    return {
        "TableName": "Indexed", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": lsi_name, "Projection": {"ProjectionType": "ALL"},
                                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                 {"AttributeName": "lr", "KeyType": "RANGE"}]}],
        "GlobalSecondaryIndexes": [{"IndexName": gsi_name, "Projection": {"ProjectionType": "ALL"},
                                    "KeySchema": [{"AttributeName": "gh", "KeyType": gsi_key_type}]}],
    }


def test_a_gsi_name_error_is_listed_before_an_lsi_one(db):
    too_short = ("Value '{}' at '{}.1.member.indexName' failed to satisfy constraint: "
                 "Member must have length greater than or equal to 3")
    assert message(db, "CreateTable", _two_index_table("aa", "zz")) == (
        "2 validation errors detected: " + too_short.format("zz", "globalSecondaryIndexes") + "; "
        + too_short.format("aa", "localSecondaryIndexes"))


def test_a_gsi_key_type_outside_the_enum_is_a_constraint_error(db):
    assert message(db, "CreateTable", _two_index_table("lsi", "gsi", "PARTITION")) == (
        ONE + "Value 'PARTITION' at 'globalSecondaryIndexes.1.member.keySchema.1.member.keyType' failed to "
        "satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]")


# --- 6. Query ----------------------------------------------------------------------------------

@pytest.fixture
def music():
    with Database.memory() as database:
        database.execute("CreateTable", {
            "TableName": "Music", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "N"}]})
        yield database


def query(db, table, text, values):
    return error_of(db, "Query", {"TableName": table, "KeyConditionExpression": text,
                                  "ExpressionAttributeValues": values})


def test_two_sort_key_conditions_carry_the_expression_prefix(music):
    assert query(music, "Music", "pk = :p AND sk > :a AND sk < :b", {":p": s("q"), ":a": n(1), ":b": n(5)}).message == (
        "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key")


def test_more_conditions_than_key_attributes_are_counted(music):
    assert query(music, "Music", "pk = :p AND sk > :a AND extra = :b", {":p": s("q"), ":a": n(1), ":b": n(5)}).message == (
        "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)")


def test_operands_are_checked_before_the_table_is_looked_up(music):
    operand = ("Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
               "operator or function: begins_with, operand type: N")
    assert query(music, "Nowhere", "pk = :p AND begins_with(sk, :n)", {":p": s("q"), ":n": n(1)}).message == operand
    assert query(music, "Nowhere", "pk = :p AND begins_with(sk, :s)", {":p": s("q"), ":s": s("a")}).name == (
        "ResourceNotFoundException")


def test_an_unknown_conditional_operator_is_reported_alone(music):
    error = error_of(music, "Query", {
        "TableName": "Nowhere", "Select": "BOGUS", "ConditionalOperator": "XOR",
        "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [s("a")]}},
        "QueryFilter": {"b": {"ComparisonOperator": "NULL"}, "c": {"ComparisonOperator": "NULL"}}})
    assert error.message == "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]"


# --- 5. batches ------------------------------------------------------------------------------

@pytest.mark.parametrize("item", [{"pk": n(5)}, {"pk": {"L": [s("x")]}}, {"other": s("x")}])
def test_a_batch_put_with_the_wrong_key_does_not_match_the_schema(db, item):
    assert message(db, "BatchWriteItem", {"RequestItems": {"Things": [{"PutRequest": {"Item": item}}]}}) == (
        "The provided key element does not match the schema")


def test_batch_get_echoes_a_malformed_table_name_as_json_before_the_enum(db):
    assert message(db, "BatchGetItem", {"RequestItems": {"bad!name": {"Keys": [{"pk": s("a")}]}},
                                        "ReturnConsumedCapacity": "BOGUS"}) == (
        "2 validation errors detected: Value '{\"bad!name\":{\"Keys\":[{\"pk\":{\"S\":\"a\"}}]}}' at 'requestItems' "
        "failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or "
        "equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression "
        "pattern: [a-zA-Z0-9_.-]+]; Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")


def test_batch_write_reports_its_enums_alone(db):
    assert message(db, "BatchWriteItem", {"RequestItems": {"bad!name": [{"PutRequest": {"Item": {"pk": s("a")}}}]},
                                          "ReturnConsumedCapacity": "BOGUS"}) == (
        ONE + "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]")


def test_empty_batch_get_requests_use_the_constraint_messages(db):
    assert message(db, "BatchGetItem", {"RequestItems": {}}) == (
        ONE + "Value at 'RequestItems' failed to satisfy constraint: Member must have length greater than or equal to 1")
    assert message(db, "BatchGetItem", {"RequestItems": {"Things": {"Keys": []}}}) == (
        ONE + "Value at 'RequestItems.Things.member.Keys' failed to satisfy constraint: "
        "Member must have length greater than or equal to 1")


def test_batch_get_cannot_mix_projection_kinds_across_tables(db):
    db.execute("CreateTable", hash_table("Others"))
    assert message(db, "BatchGetItem", {"RequestItems": {
        "Things": {"Keys": [{"pk": s("a")}], "ProjectionExpression": "pk"},
        "Others": {"Keys": [{"pk": s("a")}], "AttributesToGet": ["pk"]}}}) == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")


# --- 4. transactions ---------------------------------------------------------------------------

NEST = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"


def _deep(levels: int) -> dict:
    value = s("leaf")
    for _ in range(levels):
        value = {"M": {"n": value}}
    return value


def test_bad_values_in_transaction_items_and_keys_fail_the_whole_request(db):
    put = {"Put": {"TableName": "Things", "Item": {"pk": s("a"), "v": n("abc")}}}
    assert message(db, "TransactWriteItems", {"TransactItems": [put]}) == f"{NOT_NUMERIC}: abc"
    delete = {"Delete": {"TableName": "Things", "Key": {"pk": {"SS": ["b", "a", "b"]}}}}
    assert message(db, "TransactWriteItems", {"TransactItems": [delete]}) == (
        INVALID + 'Input collection ["a", "b", "b"] contains duplicates.')
    get = {"Get": {"TableName": "Things", "Key": {"pk": n("")}}}
    assert message(db, "TransactGetItems", {"TransactItems": [get]}) == f"{NOT_NUMERIC}: "
    deep = {"Put": {"TableName": "Things", "Item": {"pk": s("a"), "d": _deep(32)}}}
    assert message(db, "TransactWriteItems", {"TransactItems": [deep]}) == NEST


def test_a_too_deep_update_value_cancels_and_a_condition_check_value_is_not_depth_checked(db):
    update = {"Update": {"TableName": "Things", "Key": {"pk": s("a")}, "UpdateExpression": "SET d = :d",
                         "ExpressionAttributeValues": {":d": _deep(32)}}}
    err = error_of(db, "TransactWriteItems", {"TransactItems": [update]})
    assert err.name == "TransactionCanceledException"
    assert err.extra["CancellationReasons"][0]["Code"] == "ValidationError"
    check = {"ConditionCheck": {"TableName": "Things", "Key": {"pk": s("a")}, "ConditionExpression": "d = :d",
                                "ExpressionAttributeValues": {":d": _deep(32)}}}
    err = error_of(db, "TransactWriteItems", {"TransactItems": [check]})
    assert err.extra["CancellationReasons"] == [{"Code": "ConditionalCheckFailed",
                                                 "Message": "The conditional request failed"}]


def test_actions_are_checked_in_request_order_before_any_table(db):
    bad_condition = {"ConditionCheck": {"TableName": "Things", "Key": {"pk": s("c")},
                                        "ConditionExpression": "attribute_not_exists("}}
    deep_put = {"Put": {"TableName": "Things", "Item": {"pk": s("a"), "d": _deep(32)}}}
    missing = {"Put": {"TableName": "Nowhere", "Item": {"pk": s("a")}}}
    syntax = 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("'
    assert message(db, "TransactWriteItems", {"TransactItems": [bad_condition, deep_put]}) == syntax
    assert message(db, "TransactWriteItems", {"TransactItems": [deep_put, bad_condition]}) == NEST
    assert message(db, "TransactWriteItems", {"TransactItems": [missing, bad_condition]}) == syntax


def test_an_update_expression_too_long_names_no_size(db):
    update = {"Update": {"TableName": "Things", "Key": {"pk": s("a")},
                         "UpdateExpression": "SET " + ", ".join(f"a{i} = :v" for i in range(500)),
                         "ExpressionAttributeValues": {":v": s("x")}}}
    assert message(db, "TransactWriteItems", {"TransactItems": [update]}) == (
        "Invalid UpdateExpression: Expression size has exceeded the maximum allowed size;")


def test_an_action_with_no_operation_and_a_long_token(db):
    assert message(db, "TransactWriteItems", {"TransactItems": [{}]}) == (
        ONE + "Value '' at 'transactItems' failed to satisfy constraint: "
        "TransactWriteRequest should contain Delete or Put or Update or ConditionCheck")
    put = {"Put": {"TableName": "Things", "Item": {"pk": s("a")}}}
    assert message(db, "TransactWriteItems", {"TransactItems": [put], "ClientRequestToken": "x" * 37,
                                              "ReturnConsumedCapacity": "BOGUS"}) == (
        ONE + "Value at 'ClientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36")


def test_a_transaction_put_item_with_an_empty_attribute_name(db):
    named = {"Put": {"TableName": "Nowhere", "Item": {"pk": s("a"), "": s("x"), "d": _deep(40)}}}
    assert message(db, "TransactWriteItems", {"TransactItems": [named]}) == "Empty attribute name"
    nested = {"Put": {"TableName": "Nowhere", "Item": {"pk": s("a"), "m": {"M": {"": s("x")}}, "d": _deep(40)}}}
    assert message(db, "TransactWriteItems", {"TransactItems": [nested]}) == NEST  # values first, then nested names
    del nested["Put"]["Item"]["d"]
    assert message(db, "TransactWriteItems", {"TransactItems": [nested]}) == "Empty attribute name"


# --- 7. UpdateItem ------------------------------------------------------------------------------

def test_a_missing_key_is_reported_with_the_other_constraint_errors(db):
    update = {"UpdateExpression": "SET a = :a", "ExpressionAttributeValues": {":a": s("x")}}
    assert message(db, "UpdateItem", {"TableName": "", **update, "ReturnConsumedCapacity": "INVALID",
                                      "ReturnValues": "INVALID"}) == (
        "4 validation errors detected: "
        "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "
        "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; "
        "Value 'INVALID' at 'returnValues' failed to satisfy constraint: "
        "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
        "Value null at 'key' failed to satisfy constraint: Member must not be null")
    # With its Key, an UpdateItem reports its first violation alone.
    assert message(db, "UpdateItem", {"TableName": "Nowhere", "Key": {"pk": s("a")}, "ReturnValues": "INVALID",
                                      "ReturnConsumedCapacity": "INVALID"}).startswith(ONE)


def test_update_item_measures_what_its_statement_writes(db):
    too_big = "Item size to update has exceeded the maximum allowed size"  # measured against the table: bare
    limit = 400 * 1024
    # Key "pk"="K" (3 bytes) is not written; "b" plus its value, plus 3 + 19 for one SET, is.
    fits = {"TableName": "Things", "Key": {"pk": s("K")}, "UpdateExpression": "SET b = :pad",
            "ExpressionAttributeValues": {":pad": s("x" * (limit - 23))}}
    db.execute("UpdateItem", fits)
    over = {**fits, "Key": {"pk": s("L")}, "ExpressionAttributeValues": {":pad": s("x" * (limit - 22))}}
    assert message(db, "UpdateItem", over) == too_big
    # A transaction's Update and a PartiQL UPDATE measure only the finished item.
    db.execute("TransactWriteItems", {"TransactItems": [{"Update": {k: v for k, v in over.items()}}]})
    db.execute("PutItem", {"TableName": "Things", "Item": {"pk": s("M")}})  # an UPDATE needs the item
    db.execute("ExecuteStatement", {"Statement": 'UPDATE "Things" SET b = ? WHERE pk = ?',
                                    "Parameters": [s("x" * (limit - 22)), s("M")]})
    assert len(db.execute("GetItem", {"TableName": "Things", "Key": {"pk": s("M")}})["Item"]["b"]["S"]) == limit - 22
