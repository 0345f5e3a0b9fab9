"""Stage 3: DynamoDB's table-independent rules, in DynamoDB's order."""
import copy

import pytest

from dynoxide.errors import DynamoError
from dynoxide.validation import OPERATIONS, validate_request

EMPTY = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
MANY = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
INVALID = "One or more parameter values were invalid: "
ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/abc"


ENVELOPE = "1 validation error detected: "


def message(op, request):
    """The rule's own words: PutItem, UpdateItem and DeleteItem put every rule's
    error inside DynamoDB's envelope (checked here, then taken off)."""
    with pytest.raises(DynamoError) as caught:
        validate_request(op, copy.deepcopy(request))
    assert caught.value.name == "ValidationException"
    text = caught.value.message
    if OPERATIONS[op].enveloped:
        assert text.startswith(ENVELOPE), text
        return text[len(ENVELOPE):]
    return text


def passes(op, request):
    validate_request(op, copy.deepcopy(request))


# --- expressions versus legacy parameters ------------------------------------------------

def test_mixing_is_reported_with_every_parameter_in_dynamodb_order():
    request = {"TableName": "abc", "Select": "SPECIFIC_ATTRIBUTES", "AttributesToGet": ["a", "a"],
               "QueryFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
               "ConditionalOperator": "OR",
               "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
               "ProjectionExpression": "", "FilterExpression": "", "KeyConditionExpression": "",
               "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}}
    assert message("Query", request) == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet, QueryFilter, ConditionalOperator, KeyConditions} "
        "Expression parameters: {ProjectionExpression, FilterExpression, KeyConditionExpression}")


def test_legacy_key_conditions_may_go_with_a_filter_expression():
    request = {"TableName": "abc", "KeyConditions": {"a": {"ComparisonOperator": "EQ",
                                                           "AttributeValueList": [{"S": "x"}]}},
               "FilterExpression": "b = :b", "ExpressionAttributeValues": {":b": {"S": "y"}}}
    passes("Query", request)


def test_mixing_beats_invalid_attribute_values():
    request = {"TableName": "abc", "Item": {"a": {}}, "Expected": {"a": {}},
               "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}, "ConditionExpression": ""}
    assert message("PutItem", request).startswith("Can not use both expression and non-expression parameters")


@pytest.mark.parametrize("op, base, expected", [
    ("PutItem", {"Item": {}}, "ExpressionAttributeValues can only be specified when using expressions"),
    ("DeleteItem", {"Key": {}}, "ExpressionAttributeValues can only be specified when using expressions"),
    ("UpdateItem", {"Key": {}}, "ExpressionAttributeValues can only be specified when using expressions"),
    ("Query", {}, "ExpressionAttributeValues can only be specified when using expressions"),
    # Scan is still on the older validation, which names the expressions.
    ("Scan", {}, "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"),
])
def test_substitution_values_need_an_expression_that_can_use_them(op, base, expected):
    request = {"TableName": "abc", **base, "ExpressionAttributeValues": {":a": {"S": "a"}}}
    assert message(op, request) == expected
    if op in ("Scan", "Query"):  # a projection alone does not use values
        assert message(op, {**request, "ProjectionExpression": "a"}) == expected


@pytest.mark.parametrize("op, base", [("PutItem", {"Item": {}}), ("GetItem", {"Key": {}}), ("Scan", {}),
                                      ("DeleteItem", {"Key": {}}), ("UpdateItem", {"Key": {}})])
def test_substitution_names_need_an_expression(op, base):
    request = {"TableName": "abc", **base, "ExpressionAttributeNames": {"#a": "a"}}
    assert message(op, request) == "ExpressionAttributeNames can only be specified when using expressions"


@pytest.mark.parametrize("maps, expected", [
    ({"ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}}, "ExpressionAttributeNames must not be empty"),
    ({"ExpressionAttributeNames": {"a": "a"}}, 'ExpressionAttributeNames contains invalid key: Syntax error; key: "a"'),
    ({"ExpressionAttributeNames": {"#a-b": "a"}},
     'ExpressionAttributeNames contains invalid key: Syntax error; key: "#a-b"'),
    ({"ExpressionAttributeValues": {}}, "ExpressionAttributeValues must not be empty"),
    ({"ExpressionAttributeValues": {"b": {"S": "a"}}},
     'ExpressionAttributeValues contains invalid key: Syntax error; key: "b"'),
    # A bad value is reported in its own words (the older validation's wrapper: see below).
    ({"ExpressionAttributeValues": {":b": {}}}, EMPTY),
    ({"ExpressionAttributeValues": {":b": {"S": "a", "N": "1"}}}, MANY),
    ({"ExpressionAttributeValues": {":b": {"SS": []}}}, f"{INVALID}An string set  may not be empty"),
    ({"ExpressionAttributeValues": {":b": {"N": "b"}}}, "The parameter cannot be converted to a numeric value: b"),
])
def test_substitution_maps_are_checked_before_any_expression_is_parsed(maps, expected):
    request = {"TableName": "abc", "Key": {}, "ConditionExpression": "", **maps}
    assert message("DeleteItem", request) == expected


def test_scan_wraps_a_bad_substitution_value_naming_its_key():
    request = {"TableName": "abc", "FilterExpression": "a = :b", "ExpressionAttributeValues": {":b": {"N": ""}}}
    assert message("Scan", request) == (
        "ExpressionAttributeValues contains invalid value: The parameter cannot be converted to a numeric value "
        "for key :b")


def test_well_formed_substitutions_pass_for_the_expression_layer_to_use():
    passes("UpdateItem", {"TableName": "abc", "Key": {"a": {"S": "x"}}, "UpdateExpression": "SET #b = :b",
                          "ExpressionAttributeNames": {"#b": "b"}, "ExpressionAttributeValues": {":b": {"N": "1"}}})


# --- items, keys, return values ---------------------------------------------------------

@pytest.mark.parametrize("value", [{}, {"a": ""}, {"M": {"a": {}}}, {"L": [{}]}, {"L": [{"a": {}}]}])
def test_an_attribute_value_naming_no_datatype_is_empty(value):
    assert message("PutItem", {"TableName": "abc", "Item": {"a": value}, "Expected": {"a": {}}}) == EMPTY


@pytest.mark.parametrize("value, expected", [
    ({"NULL": "no"}, INVALID + "Null attribute value types must have the value of true"),
    ({"SS": []}, INVALID + "An string set  may not be empty"),
    ({"NS": []}, INVALID + "An number set  may not be empty"),
    ({"BS": []}, INVALID + "Binary sets should not be empty"),
    ({"SS": ["a", "a"]}, INVALID + 'Input collection ["a", "a"] contains duplicates.'),
    ({"BS": ["Yg==", "Yg=="]}, INVALID + 'Input collection ["Yg==","Yg=="]of type BS contains duplicates.'),
    ({"S": "a", "N": ""}, "The parameter cannot be converted to a numeric value: "),
    ({"S": "a", "N": "b"}, "The parameter cannot be converted to a numeric value: b"),
    ({"NS": ["1", "1"]}, INVALID + "Input collection contains duplicates."),
    ({"N": "123456789012345678901234567890123456789"}, "Attempting to store more than 38 significant digits in a Number"),
    ({"N": "1e126"}, "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ({"N": "-1e-131"}, "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ({"S": "a", "N": "1"}, MANY),
])
def test_item_values_are_checked_before_the_substitution_maps(value, expected):
    request = {"TableName": "abc", "Item": {"a": value}, "ExpressionAttributeNames": {},
               "ExpressionAttributeValues": {}, "ConditionExpression": ""}
    assert message("PutItem", request) == expected


@pytest.mark.parametrize("op, field", [("GetItem", "Key"), ("DeleteItem", "Key"), ("UpdateItem", "Key")])
def test_key_values_are_checked(op, field):
    assert message(op, {"TableName": "abc", field: {"a": {"S": "a", "BOOL": True}}}) == MANY


@pytest.mark.parametrize("op, base", [("PutItem", {"Item": {}}), ("DeleteItem", {"Key": {}})])
@pytest.mark.parametrize("chosen", ["UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"])
def test_put_and_delete_return_only_the_old_item(op, base, chosen):
    assert message(op, {"TableName": "abc", **base, "ReturnValues": chosen}) == "ReturnValues can only be ALL_OLD or NONE"


def test_update_item_may_return_anything():
    passes("UpdateItem", {"TableName": "abc", "Key": {"a": {"S": "x"}}, "ReturnValues": "UPDATED_NEW"})


def test_an_item_over_400_kb_is_refused_before_the_table_is_read():
    big = {"a": {"S": "k"}, "b": {"S": "x" * (400 * 1024 - 2)}}  # names count: 1 + 1 + 1 + (400K - 2) + 1 byte over
    assert message("PutItem", {"TableName": "abc", "Item": big}) == "Item size has exceeded the maximum allowed size"
    fits = {"a": {"S": "k"}, "b": {"S": "x" * (400 * 1024 - 3)}}
    passes("PutItem", {"TableName": "abc", "Item": fits})


def test_duplicate_attribute_names_to_get_are_refused():
    request = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "AttributesToGet": ["a", "b", "a"]}
    assert message("GetItem", request) == INVALID + "Duplicate value in attribute name: a"


# --- legacy conditions ------------------------------------------------------------------

@pytest.mark.parametrize("condition, expected", [
    ({}, "Value must be provided when Exists is null for Attribute: a"),
    ({"Exists": True}, "Value must be provided when Exists is true for Attribute: a"),
    ({"Exists": False, "Value": {"S": "a"}}, "Value cannot be used when Exists is false for Attribute: a"),
    ({"ComparisonOperator": "LT"}, "Value or AttributeValueList must be used with ComparisonOperator: LT for Attribute: a"),
    ({"Exists": True, "ComparisonOperator": "LT"}, "Exists and ComparisonOperator cannot be used together for Attribute: a"),
    ({"AttributeValueList": [{"S": "a"}], "Value": {"S": "a"}, "ComparisonOperator": "LT"},
     "Value and AttributeValueList cannot be used together for Attribute: a"),
    ({"AttributeValueList": [{"S": "a"}]}, "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"),
    ({"Exists": True, "AttributeValueList": [{"S": "a"}]},
     "AttributeValueList can only be used with a ComparisonOperator for Attribute: a"),
    ({"AttributeValueList": [], "ComparisonOperator": "EQ"}, "Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({"AttributeValueList": [{"S": "a"}], "ComparisonOperator": "NULL"},
     "Invalid number of argument(s) for the NULL ComparisonOperator"),
    ({"AttributeValueList": [], "ComparisonOperator": "IN"}, "Invalid number of argument(s) for the IN ComparisonOperator"),
    ({"AttributeValueList": [{"N": "1"}, {"N": "10"}, {"N": "12"}], "ComparisonOperator": "BETWEEN"},
     "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ({"Value": {"S": "a"}, "ComparisonOperator": "NULL"}, "Invalid number of argument(s) for the NULL ComparisonOperator"),
    ({"Value": {"S": "a"}, "ComparisonOperator": "BETWEEN"},
     "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ({"AttributeValueList": [{"N": "1"}, {"S": "a"}], "ComparisonOperator": "BETWEEN"},
     "AttributeValues inside AttributeValueList must be of same type"),
])
def test_expected_conditions_are_well_formed(condition, expected):
    request = {"TableName": "abc", "Item": {}, "Expected": {"a": condition}}
    assert message("PutItem", request) == INVALID + expected


def test_expected_between_bounds_must_be_ordered():
    request = {"TableName": "abc", "Key": {}, "Expected": {"a": {
        "AttributeValueList": [{"S": "b"}, {"S": "a"}], "ComparisonOperator": "BETWEEN"}}}
    assert message("DeleteItem", request) == ("The BETWEEN condition was provided a range where the lower bound "
                                              "is greater than the upper bound")


def test_expected_conditions_that_make_sense_pass():
    passes("PutItem", {"TableName": "abc", "Item": {}, "Expected": {
        "a": {"Exists": False}, "b": {"Value": {"S": "x"}}, "c": {"ComparisonOperator": "NOT_NULL"},
        "d": {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "x"}, {"S": "y"}]}}})


@pytest.mark.parametrize("condition, expected", [
    ({"ComparisonOperator": "EQ", "AttributeValueList": [{}]}, EMPTY),
    ({"ComparisonOperator": "EQ"}, INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator"),
    ({"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"N": "1"}]},
     INVALID + "ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ({"ComparisonOperator": "GT", "AttributeValueList": [{"SS": ["a"]}]},
     INVALID + "ComparisonOperator GT is not valid for SS AttributeValue type"),
    ({"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": True}]},
     INVALID + "ComparisonOperator EQ is not valid for BOOL AttributeValue type"),
    ({"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"S": "a"}]},
     INVALID + "AttributeValues inside AttributeValueList must be of same type"),
    ({"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "10"}, {"N": "9"}]},
     "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"),
])
def test_filter_conditions_are_well_formed(condition, expected):
    assert message("Scan", {"TableName": "abc", "ScanFilter": {"a": condition}}) == expected


# --- AttributeUpdates --------------------------------------------------------------------

@pytest.mark.parametrize("update, expected", [
    ({"Action": "PUT"}, "Only DELETE action is allowed when no attribute value is specified"),
    ({}, "Only DELETE action is allowed when no attribute value is specified"),
    ({"Action": "DELETE", "Value": {"S": "a"}}, "DELETE action with value is not supported for the type S"),
    ({"Action": "ADD", "Value": {"B": "YQ=="}}, "ADD action is not supported for the type B"),
])
def test_attribute_updates_fit_their_action(update, expected):
    request = {"TableName": "abc", "Key": {"a": {"S": "x"}}, "AttributeUpdates": {"b": update}}
    assert message("UpdateItem", request) == INVALID + expected


def test_attribute_updates_that_make_sense_pass():
    passes("UpdateItem", {"TableName": "abc", "Key": {"a": {"S": "x"}}, "AttributeUpdates": {
        "b": {"Action": "DELETE"}, "c": {"Action": "ADD", "Value": {"N": "1"}},
        "d": {"Action": "DELETE", "Value": {"SS": ["x"]}}, "e": {"Value": {"S": "x"}}}})


# --- Query and Scan -------------------------------------------------------------------

def test_query_needs_a_key_condition():
    assert message("Query", {"TableName": "abc"}) == ("Either the KeyConditions or KeyConditionExpression parameter "
                                                      "must be specified in the request.")


def test_legacy_key_conditions_hold_at_most_as_many_conditions_as_a_key_has_attributes():
    # Up to eight before the table is read (a multi-attribute GSI key); a table's own
    # key allows two, checked against it (test_engine_reads).
    conditions = {name: {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]} for name in "abcdefghi"}
    assert message("Query", {"TableName": "abc", "KeyConditions": conditions}) == "Conditions can be of length 1 or 2 only"
    assert message("Query", {"TableName": "abc", "KeyConditions": {}}) == "Conditions can be of length 1 or 2 only"


def test_starting_key_errors_mostly_carry_a_prefix():
    assert message("Scan", {"TableName": "abc", "ExclusiveStartKey": {"a": {}}}) == (
        f"The provided starting key is invalid: {EMPTY}")
    assert message("Scan", {"TableName": "abc", "ExclusiveStartKey": {"a": {"N": "x"}}}) == (
        "The parameter cannot be converted to a numeric value: x")


@pytest.mark.parametrize("op, extra, expected", [
    ("Query", {"Select": "SPECIFIC_ATTRIBUTES"},
     "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get "
     "SPECIFIC_ATTRIBUTES"),
    ("Scan", {"Select": "SPECIFIC_ATTRIBUTES"},
     "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
    ("Scan", {"Select": "COUNT", "ProjectionExpression": "a"},
     "Cannot specify the ProjectionExpression when choosing to get only the Count"),
    ("Query", {"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "a"},
     "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
    ("Scan", {"Select": "COUNT", "AttributesToGet": ["a"]},
     "Cannot specify the AttributesToGet when choosing to get only the Count"),
    ("Query", {"Select": "ALL_PROJECTED_ATTRIBUTES"},
     "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
])
def test_select_agrees_with_projection_and_index(op, extra, expected):
    request = {"TableName": "abc", **extra}
    if op == "Query":
        request["KeyConditions"] = {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}}
    assert message(op, request) == expected


def test_select_that_fits_passes():
    passes("Scan", {"TableName": "abc", "Select": "ALL_PROJECTED_ATTRIBUTES", "IndexName": "idx"})
    passes("Scan", {"TableName": "abc", "Select": "SPECIFIC_ATTRIBUTES", "AttributesToGet": ["a"]})
    passes("Scan", {"TableName": "abc", "Select": "COUNT"})


def test_parallel_scan_segments_that_fit_pass():
    passes("Scan", {"TableName": "abc", "Segment": 0, "TotalSegments": 1})
    passes("Scan", {"TableName": "abc", "Segment": 3, "TotalSegments": 4})


# --- batches ------------------------------------------------------------------------

def test_batch_get_keys_are_valid_and_distinct_by_value():
    keys = [{"a": {"N": "1"}}, {"a": {"N": "1.0"}}]
    assert message("BatchGetItem", {"RequestItems": {"abc": {"Keys": keys}}}) == (
        "Provided list of item keys contains duplicates")
    assert message("BatchGetItem", {"RequestItems": {"abc": {"Keys": [{"a": {}}]}}}) == EMPTY


def test_batch_get_counts_keys_over_all_tables():
    request = {"RequestItems": {name: {"Keys": [{"a": {"S": str(i)}} for i in range(50)]}
                                for name in ("abc", "abd", "abe")}}
    assert message("BatchGetItem", request) == "Too many items requested for the BatchGetItem call"


def test_batch_get_applies_per_table_expression_rules():
    request = {"RequestItems": {"abc": {"Keys": [{"a": {"S": "x"}}], "AttributesToGet": ["a"],
                                        "ProjectionExpression": "a"}}}
    assert message("BatchGetItem", request) == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}")
    request = {"RequestItems": {"abc": {"Keys": [{"a": {"S": "x"}}], "ProjectionExpression": "a",
                                        "ExpressionAttributeNames": {}}}}
    assert message("BatchGetItem", request) == "ExpressionAttributeNames must not be empty"


@pytest.mark.parametrize("write", [{}, {"PutRequest": {"Item": {}}, "DeleteRequest": {"Key": {}}}])
def test_a_write_request_is_exactly_one_of_put_or_delete(write):
    assert message("BatchWriteItem", {"RequestItems": {"abc": [write]}}) == MANY


def test_batch_write_counts_requests_over_all_tables():
    request = {"RequestItems": {name: [{"PutRequest": {"Item": {"a": {"S": str(i)}}}} for i in range(13)]
                                for name in ("abc", "abd")}}
    assert message("BatchWriteItem", request) == "Too many items requested for the BatchWriteItem call"


def test_batch_write_content_is_checked():
    big = {"a": {"S": "x" * (400 * 1024)}}
    assert message("BatchWriteItem", {"RequestItems": {"abc": [{"PutRequest": {"Item": big}}]}}) == (
        "Item size has exceeded the maximum allowed size")
    assert message("BatchWriteItem", {"RequestItems": {"abc": [{"DeleteRequest": {"Key": {"a": {"NS": []}}}}]}}) == (
        INVALID + "An number set  may not be empty")


# --- transactions and tags ------------------------------------------------------------

def test_transaction_actions_keep_expression_rules():
    request = {"TransactItems": [{"Put": {"TableName": "abc", "Item": {"a": {"S": "x"}},
                                          "ExpressionAttributeValues": {":a": {"S": "x"}}}}]}
    assert message("TransactWriteItems", request) == (
        "ExpressionAttributeValues can only be specified when using expressions")


def test_tag_operations_need_a_table_arn():
    assert message("TagResource", {"Tags": [{"Key": "k", "Value": "v"}]}) == "Invalid TableArn"
    assert message("ListTagsOfResource", {"ResourceArn": "not-a-valid-arn"}) == (
        "Invalid TableArn: Invalid ResourceArn provided as input not-a-valid-arn")
    assert message("TagResource", {"ResourceArn": ARN, "Tags": []}) == "Atleast one Tag needs to be provided as Input."
    assert message("UntagResource", {"ResourceArn": ARN, "TagKeys": []}) == (
        "Atleast one Tag Key needs to be provided as Input.")
    passes("UntagResource", {"ResourceArn": ARN, "TagKeys": ["k"]})


def test_operations_without_input_pass():
    passes("DescribeEndpoints", {})
    passes("DescribeLimits", {})
    passes("ListTables", {})


@pytest.mark.parametrize("depth", [33, 300, 3000])
def test_absurdly_deep_values_fail_as_too_deep_not_as_a_crash(depth):
    def nested():
        value = {"S": "x"}
        for _ in range(depth):
            value = {"L": [value]}
        return value

    with pytest.raises(DynamoError) as caught:
        validate_request("PutItem", {"TableName": "abc", "Item": {"a": nested()}})
    assert caught.value.message.startswith(ENVELOPE + "Nesting Levels have exceeded supported limits")
    writes = [{"PutRequest": {"Item": {"a": nested()}}} for _ in range(26)]
    with pytest.raises(DynamoError) as caught:
        validate_request("BatchWriteItem", {"RequestItems": {"abc": writes}})
    assert caught.value.message.endswith("Member must have length greater than or equal to 1]")


def test_values_are_checked_one_after_another_in_request_order():
    values = [{"N": "1"}, {"SS": []}, {}]
    request = {"TableName": "abc", "ScanFilter": {"a": {"ComparisonOperator": "IN", "AttributeValueList": values}}}
    assert message("Scan", request) == INVALID + "An string set  may not be empty"
    item = {"a": {"SS": []}, "b": {}}
    assert message("PutItem", {"TableName": "abc", "Item": item}) == INVALID + "An string set  may not be empty"


def test_query_rules_run_in_dynamodbs_order():
    bad_filter = {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}, {"NS": []}]}}
    base = {"TableName": "abc", "ExclusiveStartKey": {"a": {}}, "AttributesToGet": ["a", "a"],
            "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}}}
    # The filter's values, then the attribute names, then the starting key, then the key conditions.
    assert message("Query", {**base, "QueryFilter": bad_filter}) == INVALID + "An number set  may not be empty"
    assert message("Query", {**base, "QueryFilter": {}}) == INVALID + "Duplicate value in attribute name: a"
    del base["AttributesToGet"]
    assert message("Query", base) == f"The provided starting key is invalid: {EMPTY}"
    del base["ExclusiveStartKey"]
    assert message("Query", base) == EMPTY


def test_the_starting_key_is_checked_before_the_substitution_maps():
    request = {"TableName": "abc", "KeyConditionExpression": "", "ExpressionAttributeNames": {},
               "ExpressionAttributeValues": {}, "ExclusiveStartKey": {"a": {"L": [{}]}}}
    assert message("Query", request) == f"The provided starting key is invalid: {EMPTY}"


# --- the table name, checked first (and remembered once it passed) ---------------------------

@pytest.mark.parametrize("op", ["GetItem", "PutItem", "DescribeTable"])
def test_a_table_name_that_passed_once_keeps_passing_and_a_bad_one_keeps_failing(op):
    bad = {"TableName": "a b", "Key": {"a": {"S": "x"}}, "Item": {"a": {"S": "x"}}}
    good = {**bad, "TableName": "good_name"}
    first = message(op, bad)
    passes(op, good)
    passes(op, good)
    assert message(op, bad) == first
    assert "tableName" in first


def test_a_missing_table_name_is_still_reported_after_valid_ones():
    passes("GetItem", {"TableName": "abc", "Key": {"a": {"S": "x"}}})
    assert "Member must not be null" in message("GetItem", {"Key": {"a": {"S": "x"}}})


# --- stage 1's shortcut for plain AttributeValues agrees with the generic walk --------------

@pytest.mark.parametrize("value, expected", [
    ({"S": "x"}, None),
    ({"N": "1.50"}, None),
    ({"SS": ["a", "b"]}, None),
    ({"BOOL": True}, None),
    ({"S": 5}, "NUMBER_VALUE cannot be converted to String"),
    ({"SS": ["a", 5]}, "NUMBER_VALUE cannot be converted to String"),
    ({"BOOL": "yes"}, None),           # normalised to True, not refused
    ({"S": "x", "N": None}, None),     # the null member is dropped
])
def test_item_values_are_type_checked_the_same_with_or_without_the_shortcut(value, expected):
    request = {"TableName": "abc", "Item": {"a": value}}
    if expected is None:
        validate_request("PutItem", request)
        assert request["Item"]["a"] in ({"S": "x"}, {"N": "1.5"}, {"SS": ["a", "b"]}, {"BOOL": True})
    else:
        with pytest.raises(DynamoError) as caught:
            validate_request("PutItem", request)
        assert caught.value.name == "SerializationException" and caught.value.message == expected


# --- sizes validation works out once, for the operation to reuse --------------------------

def test_validation_hands_on_the_size_of_each_item_it_checked():
    from dynoxide.values.size import item_size

    put = {"TableName": "abc", "Item": {"pk": {"S": "x"}, "n": {"N": "012.50"}}}
    checked = validate_request("PutItem", put)
    assert checked.item_size("Item") == item_size(put["Item"])

    batch = {"RequestItems": {"abc": [{"DeleteRequest": {"Key": {"pk": {"S": "d"}}}}]
                              + [{"PutRequest": {"Item": {"pk": {"S": "x" * i}}}} for i in range(1, 4)]}}
    checked = validate_request("BatchWriteItem", batch)
    assert [checked.item_size("abc", position) for position in range(4)] == [None, 3, 4, 5]


def test_operations_without_a_size_to_reuse_get_none():
    assert validate_request("GetItem", {"TableName": "abc", "Key": {"pk": {"S": "x"}}}).item_size("Item") is None
