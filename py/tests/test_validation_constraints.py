"""Stage 2: DynamoDB's declarative constraints, reported together in one message."""
import copy

import pytest

from dynoxide.errors import DynamoError
from dynoxide.validation import validate_request

OPERATORS = "[IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"
TABLE_NAMES = ("Map keys must satisfy constraint: [Member must have length less than or equal to 255, "
               "Member must have length greater than or equal to 3, "
               "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]")


def entries(op, request):
    """The individual violations of a rejected request, in reported order."""
    with pytest.raises(DynamoError) as caught:
        validate_request(op, copy.deepcopy(request))
    error = caught.value
    assert error.name == "ValidationException"
    assert error.type == "com.amazon.coral.validate#ValidationException"
    head, _, body = error.message.partition(" detected: ")
    found = body.split("; ")
    count = len(found)
    assert head == f"{count} validation error{'' if count == 1 else 's'}"
    return found


def v(value, path, constraint):
    shown = "null" if value is None else f"'{value}'"
    return f"Value {shown} at '{path}' failed to satisfy constraint: {constraint}"


def test_every_violated_constraint_is_listed_in_field_order():
    request = {"TableName": "abc", "ReturnConsumedCapacity": "hi", "AttributesToGet": [], "IndexName": "abc;",
               "Select": "hi", "Limit": -1, "KeyConditions": {"a": {}, "b": {"ComparisonOperator": ""}},
               "QueryFilter": {"a": {}, "b": {"ComparisonOperator": ""}}}
    # (A bad ConditionalOperator is reported alone on Query: see test_validation_wording.)
    assert entries("Query", request) == [
        v("hi", "select", "Member must satisfy enum value set: "
                          "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"),
        v("abc;", "indexName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        v("hi", "returnConsumedCapacity", "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
        v(None, "queryFilter.a.member.comparisonOperator", "Member must not be null"),
        v("", "queryFilter.b.member.comparisonOperator", f"Member must satisfy enum value set: {OPERATORS}"),
        v("[]", "attributesToGet", "Member must have length greater than or equal to 1"),
        "Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
        v(None, "keyConditions.a.member.comparisonOperator", "Member must not be null"),
        v("", "keyConditions.b.member.comparisonOperator", f"Member must satisfy enum value set: {OPERATORS}"),
    ]


def test_no_more_than_ten_violations_are_reported():
    request = {"TableName": "abc",
               "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"},
                                        {"AttributeName": "b", "AttributeType": "S"}],
               "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}, {"KeyType": "RANGE", "AttributeName": "b"}],
               "LocalSecondaryIndexes": [{} for _ in range(9)],
               "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}
    found = entries("CreateTable", request)
    assert len(found) == 10
    assert found[:4] == [v(None, "localSecondaryIndexes.1.member.indexName", "Member must not be null"),
                         v(None, "localSecondaryIndexes.1.member.keySchema", "Member must not be null"),
                         v(None, "localSecondaryIndexes.1.member.projection", "Member must not be null"),
                         v(None, "localSecondaryIndexes.2.member.indexName", "Member must not be null")]
    assert found[-1] == v(None, "localSecondaryIndexes.4.member.indexName", "Member must not be null")


def test_scan_ranges_and_filters_are_constrained():
    request = {"TableName": "abc", "ReturnConsumedCapacity": "hi", "IndexName": "abc;", "Segment": -1,
               "TotalSegments": -1, "Select": "hi", "Limit": -1, "ConditionalOperator": "AN",
               "ScanFilter": {"a": {}, "b": {"ComparisonOperator": ""}}}
    found = entries("Scan", request)
    assert v("-1", "totalSegments", "Member must have value greater than or equal to 1") in found
    assert v("-1", "segment", "Member must have value greater than or equal to 0") in found
    assert v("-1", "limit", "Member must have value greater than or equal to 1") in found
    assert v(None, "scanFilter.a.member.comparisonOperator", "Member must not be null") in found
    assert len(found) == 9


def test_total_segments_has_an_upper_bound():
    assert entries("Scan", {"TableName": "abc", "Segment": 0, "TotalSegments": 1_000_001}) == [
        v("1000001", "totalSegments", "Member must have value less than or equal to 1000000")]


def test_create_table_missing_members_are_null_violations():
    assert entries("CreateTable", {"TableName": "abc"}) == [
        v(None, "attributeDefinitions", "Member must not be null"),
        v(None, "keySchema", "Member must not be null"),
    ]


def test_create_table_reports_billing_throughput_and_key_schema_together():
    request = {"TableName": "abc", "AttributeDefinitions": [], "KeySchema": [], "BillingMode": "A",
               "ProvisionedThroughput": {"ReadCapacityUnits": -1, "WriteCapacityUnits": -1}}
    assert entries("CreateTable", request) == [
        v("A", "billingMode", "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"),
        v("-1", "provisionedThroughput.writeCapacityUnits", "Member must have value greater than or equal to 1"),
        v("-1", "provisionedThroughput.readCapacityUnits", "Member must have value greater than or equal to 1"),
        v("[]", "keySchema", "Member must have length greater than or equal to 1"),
    ]


def test_key_schema_elements_are_checked_one_by_one():
    request = {"TableName": "abc", "AttributeDefinitions": [],
               "KeySchema": [{"KeyType": "HASH"}, {"AttributeName": "a"}, {"KeyType": "Woop", "AttributeName": "a"}],
               "ProvisionedThroughput": {"ReadCapacityUnits": 1000000000001, "WriteCapacityUnits": 1000000000001}}
    found = entries("CreateTable", request)
    assert found[0].startswith("Value '[KeySchemaElement(keyType=HASH), KeySchemaElement(attributeName=a), ")
    assert found[0].endswith("' at 'keySchema' failed to satisfy constraint: "
                             "Member must have length less than or equal to 2")
    assert found[1:] == [
        v(None, "keySchema.1.member.attributeName", "Member must not be null"),
        v(None, "keySchema.2.member.keyType", "Member must not be null"),
        v("Woop", "keySchema.3.member.keyType", "Member must satisfy enum value set: [HASH, RANGE]"),
    ]


def test_attribute_definition_members_must_not_be_null():
    request = {"TableName": "abc", "AttributeDefinitions": [{}],
               "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}],
               "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}
    assert entries("CreateTable", request) == [
        v(None, "attributeDefinitions.1.member.attributeName", "Member must not be null"),
        v(None, "attributeDefinitions.1.member.attributeType", "Member must not be null"),
    ]


def test_index_names_and_projections_are_constrained():
    long_name = "a" * 256
    request = {"TableName": "abc", "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
               "KeySchema": [{"KeyType": "HASH", "AttributeName": "a"}],
               "LocalSecondaryIndexes": [
                   {"IndexName": "h;", "KeySchema": [], "Projection": {}},
                   {"IndexName": long_name, "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
                    "Projection": {"NonKeyAttributes": [], "ProjectionType": "abc"}}],
               "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}
    assert entries("CreateTable", request) == [
        v("h;", "localSecondaryIndexes.1.member.indexName",
          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        v("h;", "localSecondaryIndexes.1.member.indexName", "Member must have length greater than or equal to 3"),
        v("[]", "localSecondaryIndexes.1.member.keySchema", "Member must have length greater than or equal to 1"),
        v(long_name, "localSecondaryIndexes.2.member.indexName", "Member must have length less than or equal to 255"),
        v("abc", "localSecondaryIndexes.2.member.projection.projectionType",
          "Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]"),
        v("[]", "localSecondaryIndexes.2.member.projection.nonKeyAttributes",
          "Member must have length greater than or equal to 1"),
    ]


def test_global_index_updates_are_constrained_per_action():
    request = {"TableName": "abc", "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": "a", "ProvisionedThroughput": {}}},
        {"Update": {"IndexName": "abc;", "ProvisionedThroughput": {"ReadCapacityUnits": 1000000000001,
                                                                   "WriteCapacityUnits": 0}}}]}
    assert entries("UpdateTable", request) == [
        v("a", "globalSecondaryIndexUpdates.1.member.update.indexName",
          "Member must have length greater than or equal to 3"),
        v(None, "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.writeCapacityUnits",
          "Member must not be null"),
        v(None, "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.readCapacityUnits",
          "Member must not be null"),
        v("abc;", "globalSecondaryIndexUpdates.2.member.update.indexName",
          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        v("0", "globalSecondaryIndexUpdates.2.member.update.provisionedThroughput.writeCapacityUnits",
          "Member must have value greater than or equal to 1"),
    ]


def test_batch_table_names_are_map_key_constraints():
    # BatchGetItem echoes its RequestItems as JSON, and lists them before the enum.
    found = entries("BatchGetItem", {"RequestItems": {"aa;": {}}, "ReturnConsumedCapacity": "hi"})
    assert found == [
        v('{"aa;":{}}', "requestItems", TABLE_NAMES),
        v(None, "requestItems.aa;.member.keys", "Member must not be null"),
        v("hi", "returnConsumedCapacity", "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
    ]


def test_batch_write_requests_need_their_item_and_key():
    request = {"RequestItems": {"aa;": [{"PutRequest": {}, "DeleteRequest": {}}]},
               "ReturnConsumedCapacity": "hi", "ReturnItemCollectionMetrics": "hi"}
    # BatchWriteItem reports its enums alone, ahead of the rest.
    assert entries("BatchWriteItem", request) == [
        v("hi", "returnConsumedCapacity", "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
        v("hi", "returnItemCollectionMetrics", "Member must satisfy enum value set: [SIZE, NONE]"),
    ]
    del request["ReturnConsumedCapacity"], request["ReturnItemCollectionMetrics"]
    found = entries("BatchWriteItem", request)
    assert found[0].endswith(f"at 'requestItems' failed to satisfy constraint: {TABLE_NAMES}")
    assert found[1:] == [
        v(None, "requestItems.aa;.member.1.member.deleteRequest.key", "Member must not be null"),
        v(None, "requestItems.aa;.member.1.member.putRequest.item", "Member must not be null"),
    ]


def test_an_empty_write_list_violates_the_map_value_bounds():
    assert entries("BatchWriteItem", {"RequestItems": {"abc": []}}) == [
        v("{abc=[]}", "requestItems", "Map value must satisfy constraint: [Member must have length less than or "
                                      "equal to 25, Member must have length greater than or equal to 1]")]


def test_list_tables_bounds():
    assert entries("ListTables", {"Limit": 101, "ExclusiveStartTableName": "a;"}) == [
        v("101", "limit", "Member must have value less than or equal to 100"),
        v("a;", "exclusiveStartTableName", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        v("a;", "exclusiveStartTableName", "Member must have length greater than or equal to 3"),
    ]


def test_item_operations_check_their_enums():
    request = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "ReturnValues": "hi",
               "ReturnItemCollectionMetrics": "hi", "ReturnValuesOnConditionCheckFailure": "hi",
               "AttributeUpdates": {"x": {"Action": "ZAP"}}}
    # UpdateItem reports its first violation alone (the suite's current release, eu-west-2) ...
    assert entries("UpdateItem", request) == [
        v("hi", "returnItemCollectionMetrics", "Member must satisfy enum value set: [SIZE, NONE]")]
    # ... unless its Key is missing: then every violation, the key's last.
    del request["Key"]
    assert entries("UpdateItem", request) == [
        v("hi", "returnItemCollectionMetrics", "Member must satisfy enum value set: [SIZE, NONE]"),
        v("hi", "returnValues", "Member must satisfy enum value set: "
                                "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"),
        v("ZAP", "attributeUpdates.x.member.action", "Member must satisfy enum value set: [ADD, PUT, DELETE]"),
        v("hi", "returnValuesOnConditionCheckFailure", "Member must satisfy enum value set: [ALL_OLD, NONE]"),
        v(None, "key", "Member must not be null"),
    ]


def test_transaction_actions_name_their_tables():
    request = {"TransactItems": [{"Put": {"Item": {"a": {"S": "x"}}, "TableName": "x!"}},
                                 {"Update": {"TableName": "abc", "Key": {"a": {"S": "x"}}}}]}
    assert entries("TransactWriteItems", request) == [
        v("x!", "transactItems.1.member.put.tableName",
          "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
        v(None, "transactItems.2.member.update.updateExpression", "Member must not be null"),
    ]
    # A token too long comes first and alone, named without its value (eu-west-2).
    assert entries("TransactWriteItems", {**request, "ClientRequestToken": "t" * 37}) == [
        "Value at 'ClientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36"]


def test_time_to_live_specification_is_required_and_named():
    assert entries("UpdateTimeToLive", {"TableName": "abc"}) == [
        v(None, "timeToLiveSpecification", "Member must not be null")]
    assert entries("UpdateTimeToLive", {"TableName": "abc", "TimeToLiveSpecification": {"AttributeName": ""}}) == [
        v(None, "timeToLiveSpecification.enabled", "Member must not be null"),
        v("", "timeToLiveSpecification.attributeName", "Member must have length greater than or equal to 1"),
    ]


def test_tags_are_bounded():
    request = {"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/abc",
               "Tags": [{"Key": "", "Value": "v" * 257}]}
    assert entries("TagResource", request) == [
        v("", "tags.1.member.key", "Member must have length greater than or equal to 1"),
        v("v" * 257, "tags.1.member.value", "Member must have length less than or equal to 256"),
    ]


def test_a_valid_request_passes_with_only_its_numbers_canonicalised():
    request = {"TableName": "abc", "Item": {"a": {"S": "x"}, "n": {"N": "1.50"}}, "ReturnValues": "ALL_OLD"}
    before = copy.deepcopy(request)
    validate_request("PutItem", request)
    before["Item"]["n"] = {"N": "1.5"}
    assert request == before
