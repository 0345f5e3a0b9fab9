"""Stage 1: a value of the wrong JSON type fails alone, as DynamoDB's reader words it."""
import copy

import pytest

from dynoxide.errors import DynamoError
from dynoxide.validation import validate_request

CAST = ("class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
        "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class "
        "are in module java.base of loader 'bootstrap')")
START = "Start of structure or map found where not expected"
MODEL = "com.amazonaws.dynamodb.v20120810"

# What DynamoDB answers for each wrong JSON value, per expected type.
WRONG_VALUES = {
    "String": [(True, "TRUE_VALUE cannot be converted to String"), (False, "FALSE_VALUE cannot be converted to String"),
               (23, "NUMBER_VALUE cannot be converted to String"), (-2147483648, "NUMBER_VALUE cannot be converted to String"),
               (34.56, "DECIMAL_VALUE cannot be converted to String"),
               ([], "Unrecognized collection type class java.lang.String"), ({}, START)],
    "Boolean": [("23", "Unexpected token received from parser"), (23, "NUMBER_VALUE cannot be converted to Boolean"),
                (2147483648, "NUMBER_VALUE cannot be converted to Boolean"),
                (34.56, "DECIMAL_VALUE cannot be converted to Boolean"),
                ([], "Unrecognized collection type class java.lang.Boolean"), ({}, START)],
    "Integer": [("23", "STRING_VALUE cannot be converted to Integer"), (True, "TRUE_VALUE cannot be converted to Integer"),
                (False, "FALSE_VALUE cannot be converted to Integer"),
                ([], "Unrecognized collection type class java.lang.Integer"), ({}, START)],
    "Long": [("23", "STRING_VALUE cannot be converted to Long"), (True, "TRUE_VALUE cannot be converted to Long"),
             (False, "FALSE_VALUE cannot be converted to Long"),
             ([], "Unrecognized collection type class java.lang.Long"), ({}, START)],
    "Blob": [(True, "only base-64-encoded strings are convertible to bytes"),
             (23, "only base-64-encoded strings are convertible to bytes"),
             (34.56, "only base-64-encoded strings are convertible to bytes"),
             ([], "Unrecognized collection type class java.nio.ByteBuffer"), ({}, START),
             ("23456", "Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
             ("=+/=", "Invalid last non-pad Base64 character dectected"),
             ("+/+=", "Invalid last non-pad Base64 character dectected")],
    "List": [("23", "Unexpected field type"), (True, "Unexpected field type"), (23, "Unexpected field type"),
             (34.56, "Unexpected field type"), ({}, START)],
    "ParameterizedList": [("23", CAST), (True, CAST), (23, CAST), (34.56, CAST), ({}, START)],
    "ParameterizedMap": [("23", CAST), (True, CAST), (23, CAST), (34.56, CAST),
                         ([], f"Unrecognized collection type java.util.Map<java.lang.String, {MODEL}.AttributeValue>")],
}


def _map(java_value):
    return [("23", "Unexpected field type"), (True, "Unexpected field type"), (23, "Unexpected field type"),
            (34.56, "Unexpected field type"),
            ([], f"Unrecognized collection type java.util.Map<java.lang.String, {java_value}>")]


def _field_struct(name):
    return [("23", "Unexpected field type"), (True, "Unexpected field type"), (23, "Unexpected field type"),
            ([], f"Unrecognized collection type class {MODEL}.{name}")]


def _value_struct(name):
    return [("23", "Unexpected value type in payload"), (True, "Unexpected value type in payload"),
            (23, "Unexpected value type in payload"), (34.56, "Unexpected value type in payload"),
            ([], f"Unrecognized collection type class {MODEL}.{name}")]


def place(base, path, value):
    """A copy of `base` with `value` at dotted `path` ('0' steps into a list)."""
    request = copy.deepcopy(base)
    pieces = path.split(".")
    node = request
    for piece, following in zip(pieces, pieces[1:]):
        key = 0 if isinstance(node, list) else piece
        if isinstance(node, list):
            if not node:
                node.append([] if following == "0" else {})
        elif key not in node or not isinstance(node[key], (dict, list)):
            node[key] = [] if following == "0" else {}
        node = node[key]
    if isinstance(node, list):
        node[:1] = [value]
    else:
        node[pieces[-1]] = value
    return request


def serialization_message(op, request):
    with pytest.raises(DynamoError) as caught:
        validate_request(op, request)
    assert caught.value.name == "SerializationException"
    assert caught.value.type == "com.amazon.coral.service#SerializationException"
    return caught.value.message


ATTRIBUTE_PATHS = [  # an AttributeValue's members, nested, as DynamoDB reads them
    ("", "S", "String"), ("", "N", "String"), ("", "B", "Blob"), ("", "BOOL", "Boolean"), ("", "NULL", "Boolean"),
    ("", "SS", "List"), ("", "SS.0", "String"), ("", "NS", "List"), ("", "NS.0", "String"),
    ("", "BS", "List"), ("", "BS.0", "Blob"), ("", "L", "List"), ("", "L.0.BS", "List"), ("", "L.0.BS.0", "Blob"),
    ("", "M.a.BS", "List"), ("", "M.a.BS.0", "Blob"),
]

CASES = [
    ("PutItem", {}, "TableName", WRONG_VALUES["String"]),
    ("PutItem", {}, "Item", _map(f"{MODEL}.AttributeValue")),
    ("PutItem", {}, "Item.attr", _value_struct("AttributeValue")),
    ("PutItem", {}, "Item.attr.L.0", _value_struct("AttributeValue")),
    ("PutItem", {}, "Item.attr.M", _map(f"{MODEL}.AttributeValue")),
    ("PutItem", {}, "Item.attr.M.a", _value_struct("AttributeValue")),
    ("PutItem", {}, "Expected", _map(f"{MODEL}.ExpectedAttributeValue")),
    ("PutItem", {}, "Expected.a", _value_struct("ExpectedAttributeValue")),
    ("PutItem", {}, "Expected.a.Exists", WRONG_VALUES["Boolean"]),
    ("PutItem", {}, "Expected.a.Value", _field_struct("AttributeValue")),
    ("PutItem", {}, "ReturnValues", WRONG_VALUES["String"]),
    ("PutItem", {}, "ExpressionAttributeNames", _map("java.lang.String")),
    ("PutItem", {}, "ExpressionAttributeNames.#a", WRONG_VALUES["String"]),
    ("PutItem", {}, "ExpressionAttributeValues.:a", _value_struct("AttributeValue")),
    ("GetItem", {}, "ConsistentRead", WRONG_VALUES["Boolean"]),
    ("GetItem", {}, "AttributesToGet", WRONG_VALUES["List"]),
    ("GetItem", {}, "AttributesToGet.0", WRONG_VALUES["String"]),
    ("Query", {}, "Limit", WRONG_VALUES["Integer"]),
    ("Query", {}, "KeyConditions", _map(f"{MODEL}.Condition")),
    ("Query", {}, "KeyConditions.a", _value_struct("Condition")),
    ("Query", {}, "KeyConditions.a.AttributeValueList", WRONG_VALUES["List"]),
    ("Query", {}, "KeyConditions.a.AttributeValueList.0", _value_struct("AttributeValue")),
    ("Scan", {}, "Segment", WRONG_VALUES["Integer"]),
    ("Scan", {}, "ScanFilter.a.ComparisonOperator", WRONG_VALUES["String"]),
    ("UpdateItem", {}, "AttributeUpdates", _map(f"{MODEL}.AttributeValueUpdate")),
    ("UpdateItem", {}, "AttributeUpdates.a", _value_struct("AttributeValueUpdate")),
    ("UpdateItem", {}, "AttributeUpdates.a.Value", _field_struct("AttributeValue")),
    ("CreateTable", {}, "AttributeDefinitions", WRONG_VALUES["List"]),
    ("CreateTable", {}, "AttributeDefinitions.0", _value_struct("AttributeDefinition")),
    ("CreateTable", {}, "KeySchema.0", _value_struct("KeySchemaElement")),
    ("CreateTable", {}, "ProvisionedThroughput", _field_struct("ProvisionedThroughput")),
    ("CreateTable", {}, "ProvisionedThroughput.ReadCapacityUnits", WRONG_VALUES["Long"]),
    ("CreateTable", {}, "LocalSecondaryIndexes.0", _value_struct("LocalSecondaryIndex")),
    ("CreateTable", {}, "LocalSecondaryIndexes.0.Projection", _field_struct("Projection")),
    ("CreateTable", {}, "GlobalSecondaryIndexes.0.Projection.NonKeyAttributes.0", WRONG_VALUES["String"]),
    ("UpdateTable", {}, "GlobalSecondaryIndexUpdates.0.Update", _field_struct("UpdateGlobalSecondaryIndexAction")),
    ("UpdateTable", {}, "GlobalSecondaryIndexUpdates.0.Create", _field_struct("CreateGlobalSecondaryIndexAction")),
    ("BatchGetItem", {}, "RequestItems", _map(f"{MODEL}.KeysAndAttributes")),
    ("BatchGetItem", {}, "RequestItems.tbl", _value_struct("KeysAndAttributes")),
    ("BatchGetItem", {}, "RequestItems.tbl.Keys.0", WRONG_VALUES["ParameterizedMap"]),
    ("BatchGetItem", {}, "RequestItems.tbl.Keys.0.a", _value_struct("AttributeValue")),
    ("BatchWriteItem", {}, "RequestItems", _map(f"java.util.List<{MODEL}.WriteRequest>")),
    ("BatchWriteItem", {}, "RequestItems.tbl", WRONG_VALUES["ParameterizedList"]),
    ("BatchWriteItem", {}, "RequestItems.tbl.0", _value_struct("WriteRequest")),
    ("BatchWriteItem", {}, "RequestItems.tbl.0.PutRequest", _field_struct("PutRequest")),
    ("BatchWriteItem", {}, "RequestItems.tbl.0.DeleteRequest.Key.a", _value_struct("AttributeValue")),
    ("TagResource", {}, "Tags.0", _value_struct("Tag")),
] + [("PutItem", {}, f"Item.attr.{member}", WRONG_VALUES[kind]) for _, member, kind in ATTRIBUTE_PATHS]


@pytest.mark.parametrize("op, base, path, wrong", CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_wrong_json_type_is_a_serialization_exception_worded_like_dynamodb(op, base, path, wrong):
    for value, message in wrong:
        assert serialization_message(op, place(base, path, value)) == message, (path, value)


def test_type_errors_come_before_every_validation_error():
    # An invalid table name, a missing Item and a bad enum lose to one wrong type.
    request = {"TableName": "x!", "ReturnValues": "NOPE", "ConditionExpression": 5}
    assert serialization_message("PutItem", request) == "NUMBER_VALUE cannot be converted to String"


def test_type_errors_are_found_in_the_order_the_request_lists_its_members():
    request = {"ConsistentRead": "maybe", "TableName": 5}
    assert serialization_message("GetItem", request) == "Unexpected token received from parser"
    request = {"TableName": 5, "ConsistentRead": "maybe"}
    assert serialization_message("GetItem", request) == "NUMBER_VALUE cannot be converted to String"


def test_json_null_members_count_as_absent():
    request = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "ConsistentRead": None, "ProjectionExpression": None}
    validate_request("GetItem", request)
    assert request == {"TableName": "abc", "Key": {"a": {"S": "x"}}}


def test_a_null_required_member_is_reported_as_missing():
    with pytest.raises(DynamoError) as caught:
        validate_request("PutItem", {"TableName": "abc", "Item": None})
    assert caught.value.message == ("1 validation error detected: Value null at 'item' failed to satisfy constraint: "
                                    "Member must not be null")


def test_null_datatype_members_leave_an_empty_attribute_value():
    with pytest.raises(DynamoError) as caught:
        validate_request("PutItem", {"TableName": "abc", "Item": {"a": {"S": None}}})
    assert caught.value.message == (
        "1 validation error detected: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes")


def test_boolean_words_are_read_as_booleans():
    request = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "ConsistentRead": "yes"}
    validate_request("GetItem", request)
    assert request["ConsistentRead"] is True
    request = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "ConsistentRead": "FALSE"}
    validate_request("GetItem", request)
    assert request["ConsistentRead"] is False


def test_fractional_integers_lose_their_fraction():
    request = {"TableName": "abc", "Limit": 2.7}
    validate_request("Scan", request)
    assert request["Limit"] == 2 and isinstance(request["Limit"], int)


def test_unknown_members_are_dropped_as_the_reader_drops_them():
    request = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "Surprise": [1, {"x": None}]}
    validate_request("GetItem", request)
    assert request == {"TableName": "abc", "Key": {"a": {"S": "x"}}}
    action = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "Expected": 1}
    validate_request("TransactWriteItems", {"TransactItems": [{"Delete": action}]})
    assert "Expected" not in action


@pytest.mark.parametrize("field, value, token", [
    ("Limit", 2 ** 31, "NUMBER_VALUE"), ("Limit", 1e10, "DECIMAL_VALUE"), ("Limit", float("inf"), "DECIMAL_VALUE"),
    ("Limit", -2 ** 31 - 1, "NUMBER_VALUE"), ("TotalSegments", 1e999, "DECIMAL_VALUE"),
    ("Segment", float("-inf"), "DECIMAL_VALUE"), ("Limit", float("nan"), "DECIMAL_VALUE"),
])
def test_numbers_outside_an_integer_fields_java_type_are_serialization_errors(field, value, token):
    with pytest.raises(DynamoError) as info:
        validate_request("Scan", {"TableName": "abc", field: value})
    assert (info.value.name, info.value.message) == ("SerializationException", f"{token} cannot be converted to Integer")


@pytest.mark.parametrize("value, token", [(2 ** 63, "NUMBER_VALUE"), (1e20, "DECIMAL_VALUE"),
                                          (float("inf"), "DECIMAL_VALUE")])
def test_numbers_outside_a_long_fields_java_type_are_serialization_errors(value, token):
    request = {"TableName": "abc", "ProvisionedThroughput": {"ReadCapacityUnits": value, "WriteCapacityUnits": 1}}
    with pytest.raises(DynamoError) as info:
        validate_request("UpdateTable", request)
    assert (info.value.name, info.value.message) == ("SerializationException", f"{token} cannot be converted to Long")


def test_long_fields_take_any_number_that_fits_after_dropping_the_fraction():
    units = {"ReadCapacityUnits": 2 ** 63 - 1, "WriteCapacityUnits": 1.5}
    update = {"Update": {"IndexName": "index", "ProvisionedThroughput": units}}
    validate_request("UpdateTable", {"TableName": "abc", "GlobalSecondaryIndexUpdates": [update]})
    assert units == {"ReadCapacityUnits": 2 ** 63 - 1, "WriteCapacityUnits": 1}
    assert type(units["WriteCapacityUnits"]) is int


def test_canonical_base64_is_accepted_everywhere_a_blob_goes():
    validate_request("PutItem", {"TableName": "abc", "Item": {"b": {"B": "YQ=="}, "bs": {"BS": ["YQ==", "Yg=="]}}})


@pytest.mark.parametrize("op, request_", [
    ("PutItem", {"TableName": "abc", "Item": {"k": {"S": "\ud800"}}}),
    ("PutItem", {"TableName": "abc", "Item": {"k": {"S": "a"}, "\udc00": {"N": "1"}}}),
    ("PutItem", {"TableName": "abc", "Item": {"k": {"SS": ["a", "\ud83d"]}}}),
    ("PutItem", {"TableName": "abc", "Item": {"k": {"M": {"x": {"L": [{"S": "é\ud800"}]}}}}}),
    ("GetItem", {"TableName": "abc", "Key": {"k": {"S": "a"}}, "ExpressionAttributeNames": {"#n": "\ud800"},
                 "ProjectionExpression": "#n"}),
    ("TagResource", {"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/abc",
                     "Tags": [{"Key": "k", "Value": "\ud800"}]}),
])
def test_a_lone_surrogate_is_refused_as_text_utf8_cannot_carry(op, request_):
    with pytest.raises(DynamoError) as info:
        validate_request(op, request_)
    assert info.value.name == "SerializationException"
    assert info.value.to_body() == {"__type": "com.amazon.coral.service#SerializationException"}


def test_paired_surrogates_and_other_unicode_pass():
    item = {"k": {"S": "\U0001F600"}, "é": {"SS": ["ü", "\u00e9"]}}  # JSON's "\\ud83d\\ude00" reads as U+1F600
    validate_request("PutItem", {"TableName": "abc", "Item": item})
