"""Messages the DynamoDB conformance suite recorded from real DynamoDB
(the copy in /work/ref and newer revisions of the same suite).

Each case is a request the suite sends and the exact error DynamoDB gave
(or, where DynamoDB's text embeds a Java dump, a pattern). These are the
ground truth the validation layer must reproduce word for word.
"""
import copy
import re

import pytest

from dynoxide.errors import DynamoError
from dynoxide.validation import validate_request

T = "conformance_hash_table"
ITEM = {"pk": {"S": "test"}}
THROUGHPUT = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}


def rejection(op, request):
    with pytest.raises(DynamoError) as caught:
        validate_request(op, copy.deepcopy(request))
    return caught.value


EXACT = [
    # PutItem
    ("PutItem", {"Item": ITEM},
     "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"),
    ("PutItem", {"TableName": "", "Item": ITEM},
     "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"),
    ("PutItem", {"TableName": "a" * 256, "Item": ITEM},
     f"1 validation error detected: Value '{'a' * 256}' at 'tableName' failed to satisfy constraint: "
     "Member must have length less than or equal to 255"),
    ("PutItem", {"TableName": "bad table!@#", "Item": ITEM},
     "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: "
     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
    # The current release of the suite: PutItem and UpdateItem report their
    # request-level errors inside the envelope.
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": "test"}, "bad": {"SS": []}}},
     "1 validation error detected: One or more parameter values were invalid: An string set  may not be empty"),
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": "test"}, "bad": {"NS": []}}},
     "1 validation error detected: One or more parameter values were invalid: An number set  may not be empty"),
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": "test"}, "bad": {"BS": []}}},
     "1 validation error detected: One or more parameter values were invalid: Binary sets should not be empty"),
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": "test"}, "bad": {"SS": ["b", "a", "b"]}}},
     '1 validation error detected: One or more parameter values were invalid: '
     'Input collection ["a", "b", "b"] contains duplicates.'),
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": "x"}, "attr1": {"NULL": False}}},
     "1 validation error detected: One or more parameter values were invalid: "
     "Null attribute value types must have the value of true"),
    ("PutItem", {"TableName": T, "Item": ITEM, "Expected": {"pk": {"Exists": False}},
                 "ConditionExpression": "attribute_not_exists(pk)"},
     "1 validation error detected: Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"),
    ("PutItem", {"TableName": T, "Item": ITEM, "ExpressionAttributeValues": {":v": {"S": "unused"}}},
     "1 validation error detected: ExpressionAttributeValues can only be specified when using expressions"),
    ("DeleteItem", {"TableName": T, "Key": ITEM, "ReturnValues": "UPDATED_NEW"},
     "1 validation error detected: ReturnValues can only be ALL_OLD or NONE"),
    ("DeleteItem", {"TableName": T, "Key": ITEM,
                    "Expected": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "x"}]}}},
     "1 validation error detected: One or more parameter values were invalid: "
     "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    # UpdateItem
    ("UpdateItem", {"TableName": T, "Key": ITEM, "UpdateExpression": "SET attr1 = :v",
                    "ExpressionAttributeValues": {":v": {"S": "val"}},
                    "AttributeUpdates": {"attr1": {"Value": {"S": "val"}, "Action": "PUT"}}},
     "1 validation error detected: Can not use both expression and non-expression parameters in the same request: "
     "Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"),
    # Query
    ("Query", {"TableName": T, "KeyConditionExpression": "pk = :v",
               "ExpressionAttributeValues": {":v": {"S": "val"}}, "Select": "INVALID_VALUE"},
     "1 validation error detected: Value 'INVALID_VALUE' at 'select' failed to satisfy constraint: "
     "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"),
    ("Query", {"TableName": T, "KeyConditionExpression": "pk = :v",
               "ExpressionAttributeValues": {":v": {"S": "val"}}, "Limit": 0},
     "1 validation error detected: Value at 'Limit' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1"),
    # Scan
    ("Scan", {"TableName": T, "Segment": 0},
     "The TotalSegments parameter is required but was not present in the request when Segment parameter is present"),
    ("Scan", {"TableName": T, "Segment": 5, "TotalSegments": 5},
     "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
     "Segment: 5 is not less than TotalSegments: 5"),
    ("Scan", {"TableName": T, "TotalSegments": 4},
     "The Segment parameter is required but was not present in the request when parameter TotalSegments is present"),
    ("Scan", {"TableName": T, "Limit": 0},
     "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
     "Member must have value greater than or equal to 1"),
    # Batches
    ("BatchGetItem", {"RequestItems": {}}, "1 validation error detected: Value at 'RequestItems' failed to satisfy "
     "constraint: Member must have length greater than or equal to 1"),
    ("BatchWriteItem", {"RequestItems": {}}, "The requestItems parameter is required for BatchWriteItem"),
    ("BatchGetItem", {"RequestItems": {T: {"Keys": [{"pk": {"S": f"bg-{i}"}} for i in range(101)]}}},
     f"1 validation error detected: Value at 'RequestItems.{T}.member.Keys' failed to satisfy constraint: "
     "Member must have length less than or equal to 100"),
    ("BatchGetItem", {"RequestItems": {T: {"Keys": [{"pk": {"S": "dup"}}, {"pk": {"S": "dup"}}]}}},
     "Provided list of item keys contains duplicates"),
    # Transactions
    ("TransactWriteItems", {"TransactItems": []},
     "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"),
    ("TransactGetItems", {"TransactItems": []},
     "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"),
    # CreateTable
    ("CreateTable", {"AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "ProvisionedThroughput": THROUGHPUT},
     "The parameter 'TableName' is required but was not present in the request"),
    ("CreateTable", {"TableName": "ab", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "ProvisionedThroughput": THROUGHPUT},
     "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
     "Member must have length greater than or equal to 3"),
    ("CreateTable", {"TableName": "ct_dup_key", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "pk", "KeyType": "RANGE"}],
                     "ProvisionedThroughput": THROUGHPUT},
     "Invalid KeySchema: Some index key attribute have no definition"),
    ("CreateTable", {"TableName": "ct_bad_keytype", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "INVALID"}], "ProvisionedThroughput": THROUGHPUT},
     "1 validation error detected: Value 'INVALID' at 'keySchema.1.member.keyType' failed to satisfy constraint: "
     "Member must satisfy enum value set: [HASH, RANGE]"),
    ("CreateTable", {"TableName": "ct_bad_attrtype",
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "INVALID"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "ProvisionedThroughput": THROUGHPUT},
     "1 validation error detected: Value 'INVALID' at 'attributeDefinitions.1.member.attributeType' "
     "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
    ("CreateTable", {"TableName": "ct_lsi_no_range",
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "lsiSk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                     "LocalSecondaryIndexes": [{"IndexName": "lsi1",
                                                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                              {"AttributeName": "lsiSk", "KeyType": "RANGE"}],
                                                "Projection": {"ProjectionType": "ALL"}}],
                     "ProvisionedThroughput": THROUGHPUT},
     "One or more parameter values were invalid: Table KeySchema does not have a range key, "
     "which is required when specifying a LocalSecondaryIndex"),
    ("CreateTable", {"TableName": "ct_dup_idx",
                     "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"}
                                              for n in ("pk", "sk", "gsiPk1", "gsiPk2")],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     "GlobalSecondaryIndexes": [
                         {"IndexName": "sameIndex", "KeySchema": [{"AttributeName": "gsiPk1", "KeyType": "HASH"}],
                          "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": THROUGHPUT},
                         {"IndexName": "sameIndex", "KeySchema": [{"AttributeName": "gsiPk2", "KeyType": "HASH"}],
                          "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": THROUGHPUT}],
                     "ProvisionedThroughput": THROUGHPUT},
     "One or more parameter values were invalid: Duplicate index name: sameIndex"),
    ("CreateTable", {"TableName": "em_ct_ppr_tp", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                     "ProvisionedThroughput": THROUGHPUT},
     "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
     "when BillingMode is PAY_PER_REQUEST"),
    ("CreateTable", {"TableName": "em_ct_include_nonk",
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "gsipk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                     "GlobalSecondaryIndexes": [{"IndexName": "gsi_inc",
                                                 "KeySchema": [{"AttributeName": "gsipk", "KeyType": "HASH"}],
                                                 "Projection": {"ProjectionType": "INCLUDE"}}]},
     "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified"),
    ("CreateTable", {"TableName": "em_ct_stream_false_vt",
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
                     "StreamSpecification": {"StreamEnabled": False, "StreamViewType": "NEW_AND_OLD_IMAGES"}},
     "One or more parameter values were invalid: Table is being created with a stream disabled, "
     "UpdateViewType should not be specified"),
    ("Query", {"TableName": T, "KeyConditionExpression": "pk = :v", "ExpressionAttributeValues": {":v": {"S": "val"}},
               "Select": "SPECIFIC_ATTRIBUTES"},
     "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get "
     "SPECIFIC_ATTRIBUTES"),
    ("Scan", {"TableName": T, "Select": "ALL_ATTRIBUTES", "ProjectionExpression": "pk"},
     "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
    ("Scan", {"TableName": T, "Select": "ALL_PROJECTED_ATTRIBUTES"},
     "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
    ("Scan", {"TableName": T, "Select": "COUNT", "ProjectionExpression": "pk"},
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    ("Scan", {"TableName": T, "Select": "ALL_PROJECTED_ATTRIBUTES", "ProjectionExpression": "pk"},
     "Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES"),
]


@pytest.mark.parametrize("op, request_, message", EXACT,
                         ids=[f"{case[0]}-{i}" for i, case in enumerate(EXACT)])
def test_recorded_dynamodb_message_is_reproduced_exactly(op, request_, message):
    error = rejection(op, request_)
    assert error.name == "ValidationException"
    assert error.message == message


def test_batch_write_over_25_echoes_the_request_map_and_both_bounds():
    requests = [{"PutRequest": {"Item": {"pk": {"S": f"bw-{i}"}}}} for i in range(26)]
    error = rejection("BatchWriteItem", {"RequestItems": {T: requests}})
    assert re.fullmatch(
        rf"1 validation error detected: Value '\{{{T}=\[.+\]\}}' at 'requestItems' failed to satisfy constraint: "
        r"Map value must satisfy constraint: \[Member must have length less than or equal to 25, "
        r"Member must have length greater than or equal to 1\]", error.message, re.S)


@pytest.mark.parametrize("op, action", [("TransactWriteItems", "Put"), ("TransactGetItems", "Get")])
def test_transaction_over_100_actions_echoes_the_list(op, action):
    body = {"TableName": T, "Item": ITEM} if action == "Put" else {"TableName": T, "Key": ITEM}
    error = rejection(op, {"TransactItems": [{action: body} for _ in range(101)]})
    assert re.fullmatch(r"1 validation error detected: Value '\[.+\]' at 'transactItems' failed to satisfy constraint: "
                        r"Member must have length less than or equal to 100", error.message, re.S)


def test_create_table_with_three_key_elements_echoes_them_java_style():
    request = {"TableName": "ct_3keys",
               "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "extra")],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"},
                             {"AttributeName": "extra", "KeyType": "RANGE"}],
               "ProvisionedThroughput": THROUGHPUT}
    element = r"KeySchemaElement\(attributeName=\w+, keyType=(?:HASH|RANGE)\)"
    assert re.fullmatch(rf"1 validation error detected: Value '\[{element}(, {element}){{2}}\]' at 'keySchema' "
                        r"failed to satisfy constraint: Member must have length less than or equal to 2",
                        rejection("CreateTable", request).message)


# --- validation ordering (the suite's tier3/validation-ordering) -------------------

@pytest.mark.parametrize("op, request_", [
    ("CreateTable", {"TableName": "", "KeySchema": [], "AttributeDefinitions": []}),
    ("CreateTable", {"TableName": "x!", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": []}),
    ("PutItem", {"TableName": "", "Item": {}}),
    ("PutItem", {"TableName": "", "ReturnValues": "INVALID", "Item": {}}),
    ("PutItem", {"TableName": "x!", "Item": {}}),
    ("DeleteItem", {"TableName": "", "Key": {}}),
    ("DeleteItem", {"TableName": "x!", "Key": {}}),
    ("UpdateItem", {"TableName": "", "Key": {}}),
    ("UpdateItem", {"TableName": "x!", "Key": {}}),
    ("Query", {"TableName": "abc!", "KeyConditionExpression": "#pk = :pk", "ExpressionAttributeNames": {"#pk": "pk"},
               "ExpressionAttributeValues": {":pk": {"S": "test"}}, "Select": "INVALID"}),
])
def test_a_bad_table_name_is_reported_alone_before_other_constraints(op, request_):
    message = rejection(op, request_).message
    assert message.startswith("1 validation error detected: ") or message.startswith("2 validation errors detected: ")
    entries = message.split(": ", 1)[1].split("; ")
    assert all("at 'tableName'" in entry for entry in entries)


@pytest.mark.parametrize("op, extra, paths", [
    ("DeleteItem", {"Key": ITEM, "ReturnValues": "INVALID", "ReturnConsumedCapacity": "INVALID"},
     ("returnValues", "returnConsumedCapacity")),
    ("PutItem", {"Item": ITEM, "ReturnConsumedCapacity": "INVALID", "ReturnItemCollectionMetrics": "INVALID",
                 "ReturnValues": "INVALID"},
     ("returnConsumedCapacity", "returnItemCollectionMetrics", "returnValues")),
    ("Query", {"KeyConditionExpression": "#pk = :pk", "ExpressionAttributeNames": {"#pk": "pk"},
               "ExpressionAttributeValues": {":pk": {"S": "t"}}, "ReturnConsumedCapacity": "INVALID",
               "Select": "INVALID"},
     ("returnConsumedCapacity",)),
])
def test_constraint_violations_of_several_members_are_reported_together(op, extra, paths):
    message = rejection(op, {"TableName": "_conformance_valid_table_name", **extra}).message
    for path in paths:
        assert f"at '{path}'" in message


def test_update_item_reports_its_first_violation_alone():
    # The newer validation of the suite's current release (eu-west-2); older regions aggregate.
    message = rejection("UpdateItem", {"TableName": "_conformance_valid_table_name", "Key": ITEM,
                                       "ReturnValues": "INVALID", "ReturnConsumedCapacity": "INVALID"}).message
    assert message.startswith("1 validation error detected: ") and "enum value set" in message


def test_create_table_reports_bad_billing_mode_and_key_type_together():
    request = {"TableName": "_conformance_valid_table_name",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "INVALID"}], "BillingMode": "INVALID_MODE"}
    message = rejection("CreateTable", request).message
    assert message.startswith("2 validation errors detected: ")
    assert "at 'billingMode'" in message and "at 'keySchema.1.member.keyType'" in message


def test_create_table_reports_a_bad_key_type_before_missing_throughput():
    request = {"TableName": "_conformance_valid_table_name",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "INVALID"}], "BillingMode": "PROVISIONED"}
    assert "at 'keySchema.1.member.keyType'" in rejection("CreateTable", request).message


@pytest.mark.parametrize("op, request_", [
    ("CreateTable", {"TableName": "ct_nokey", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [], "BillingMode": "PAY_PER_REQUEST"}),
    ("CreateTable", {"TableName": "ct_unused_attr",
                     "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "extra", "AttributeType": "N"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}),
    ("CreateTable", {"TableName": "a" * 256, "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}),
    ("CreateTable", {"TableName": "invalid;name", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"}),
    ("CreateTable", {"TableName": "ct_lsi_wronghash",
                     "AttributeDefinitions": [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "other", "lsiSk")],
                     "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     "LocalSecondaryIndexes": [{"IndexName": "lsi1", "KeySchema": [
                         {"AttributeName": "other", "KeyType": "HASH"}, {"AttributeName": "lsiSk", "KeyType": "RANGE"}],
                         "Projection": {"ProjectionType": "ALL"}}],
                     "BillingMode": "PAY_PER_REQUEST"}),
    ("Query", {"TableName": T}),
    ("Query", {"TableName": T, "KeyConditionExpression": "#pk = :pk", "ExpressionAttributeNames": {"#pk": "pk"},
               "ExpressionAttributeValues": {":pk": {"S": "x"}}, "Select": "SPECIFIC_ATTRIBUTES"}),
    ("PutItem", {"TableName": T, "Item": ITEM, "ReturnValues": "INVALID"}),
    ("BatchWriteItem", {"RequestItems": {T: [{"PutRequest": {"Item": {"pk": {"S": f"w26-{i}"}}}} for i in range(26)]}}),
    ("UpdateTable", {"TableName": T, "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 5}}),
    ("UpdateTable", {"TableName": T, "BillingMode": "PAY_PER_REQUEST", "ProvisionedThroughput": THROUGHPUT}),
    ("UpdateTimeToLive", {"TableName": T, "TimeToLiveSpecification": {"Enabled": True, "AttributeName": ""}}),
    ("TagResource", {"ResourceArn": "not-a-valid-arn", "Tags": [{"Key": "env", "Value": "test"}]}),
])
def test_requests_dynamodb_rejects_before_touching_a_table(op, request_):
    assert rejection(op, request_).name == "ValidationException"


@pytest.mark.parametrize("op, request_", [
    ("PutItem", {"TableName": "_conformance_nonexistent_table", "Item": ITEM}),
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": ""}}}),
    ("PutItem", {"TableName": T, "Item": {"notTheKey": {"S": "test"}}}),
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": "p"}, "attr": {"S": ""}, "b": {"B": ""}}}),
    ("PutItem", {"TableName": T, "Item": {"pk": {"S": "p"}, "n": {"N": "9.9999999999999999999999999999999999999E+125"}}}),
    ("GetItem", {"TableName": T, "Key": ITEM, "ProjectionExpression": "!!! INVALID !!!"}),
    ("UpdateItem", {"TableName": T, "Key": ITEM, "UpdateExpression": "SET pk = :v",
                    "ExpressionAttributeValues": {":v": {"S": "new"}}}),
    ("UpdateItem", {"TableName": T, "Key": ITEM, "UpdateExpression": ""}),
    ("Query", {"TableName": T, "KeyConditionExpression": "", "ExpressionAttributeValues": {":v": {"S": "v"}}}),
    ("Query", {"TableName": T, "KeyConditionExpression": "#pk = :pk", "ExpressionAttributeNames": {"#pk": "pk", "#sk": "sk"},
               "ExpressionAttributeValues": {":pk": {"S": "x"}}, "ProjectionExpression": "#pk, #sk",
               "Select": "SPECIFIC_ATTRIBUTES", "ConsistentRead": True}),
    ("BatchWriteItem", {"RequestItems": {T: [{"PutRequest": {"Item": {"pk": {"S": f"w25-{i}"}}}} for i in range(25)]}}),
    ("BatchWriteItem", {"RequestItems": {T: [{"PutRequest": {"Item": ITEM}}, {"DeleteRequest": {"Key": ITEM}}]}}),
    ("TransactWriteItems", {"TransactItems": [{"Put": {"TableName": T, "Item": ITEM}},
                                              {"Put": {"TableName": T, "Item": ITEM}}]}),
    ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": T, "Key": {}}}]}),
])
def test_requests_whose_errors_need_the_table_or_a_parser_pass_this_layer(op, request_):
    validate_request(op, copy.deepcopy(request_))
