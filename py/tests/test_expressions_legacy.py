"""Legacy Expected / QueryFilter / ScanFilter: validation messages and semantics.

The messages come from the validation layer, so they are checked through the
engine; the semantics through the converted conditions. Messages marked
"dynalite" were recorded against DynamoDB by dynalite's suite.
"""
import pytest

from dynoxide import Database
from dynoxide.errors import DynamoError
from dynoxide.expressions import evaluate_condition, legacy_condition, legacy_filter
from support import hash_table

ITEM = {"pk": {"S": "k"}, "status": {"S": "active"}, "n": {"N": "10"}, "name": {"S": "hello-world"},
        "tags": {"SS": ["a", "b"]}, "nums": {"NS": ["1", "2"]}, "l": {"L": [{"S": "x"}]}}


def _error(op, request):
    with Database.memory() as db:
        db.execute("CreateTable", hash_table())
        with pytest.raises(DynamoError) as info:
            db.execute(op, dict(request, TableName=hash_table()["TableName"]))
    assert info.value.name == "ValidationException"
    return info.value.message


def expected_error(expected):
    message = _error("PutItem", {"Item": {"pk": {"S": "k"}}, "Expected": expected})
    assert message.startswith("1 validation error detected: ")  # PutItem's envelope
    return message.removeprefix("1 validation error detected: ")


def filter_error(conditions):
    return _error("Scan", {"ScanFilter": conditions})


def holds(expected, item=ITEM, op=None):
    return evaluate_condition(legacy_condition(expected, op), item)


def passes(conditions, item=ITEM, op=None):
    return evaluate_condition(legacy_filter(conditions, op), item)


def cmp(operator, *values):
    return {"ComparisonOperator": operator, "AttributeValueList": list(values)}


# --- Expected validation -------------------------------------------------------------------

@pytest.mark.parametrize("spec, message", [
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
])
def test_expected_validation(spec, message):
    # dynalite
    assert expected_error({"a": spec}) == "One or more parameter values were invalid: " + message


def test_expected_between_order_and_types():
    # dynalite
    assert expected_error({"a": cmp("BETWEEN", {"S": "b"}, {"S": "a"})}) == \
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
    assert expected_error({"a": cmp("IN", {"S": "b"}, {"N": "1"})}) == \
        "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type"


# --- Expected semantics -------------------------------------------------------------------

def test_expected_exists_and_value():
    # conformance: tier3/legacy-api/expected
    assert holds({"pk": {"Exists": False}}, None)
    assert not holds({"pk": {"Exists": False}})
    assert holds({"status": {"Exists": True, "Value": {"S": "active"}}})
    assert holds({"status": {"Value": {"S": "active"}}})
    assert not holds({"status": {"Value": {"S": "inactive"}}})
    assert not holds({"absent": {"Value": {"S": "x"}}})


def test_expected_comparison_operators():
    # conformance: tier3/legacy-api/expected
    assert holds({"status": cmp("EQ", {"S": "active"})})
    assert holds({"status": {"ComparisonOperator": "EQ", "Value": {"S": "active"}}})
    assert not holds({"status": cmp("EQ", {"S": "other"})})
    assert holds({"name": cmp("BEGINS_WITH", {"S": "hello"})})
    assert holds({"n": cmp("GT", {"N": "9"})}) and not holds({"n": cmp("LT", {"N": "9"})})
    assert holds({"n": cmp("BETWEEN", {"N": "1"}, {"N": "10"})})
    assert holds({"n": cmp("IN", {"N": "3"}, {"N": "10"})})
    assert holds({"absent": cmp("NULL")}) and holds({"n": cmp("NOT_NULL")})
    assert holds({"absent": cmp("NE", {"S": "x"})})
    assert holds({"tags": cmp("CONTAINS", {"S": "a"})}) and holds({"name": cmp("CONTAINS", {"S": "lo-wo"})})
    assert holds({"tags": cmp("NOT_CONTAINS", {"S": "z"})})
    assert not holds({"absent": cmp("NOT_CONTAINS", {"S": "z"})})  # a missing attribute contains nothing, not even absence
    assert holds({"nums": cmp("CONTAINS", {"N": "2.0"})})
    assert holds({"l": cmp("CONTAINS", {"S": "x"})})


def test_conditional_operator():
    # conformance: tier3/legacy-api/expected
    both = {"status": {"Value": {"S": "active"}}, "n": {"Value": {"N": "11"}}}
    assert not holds(both)
    assert not holds(both, op="AND")
    assert holds(both, op="OR")
    assert holds({})


# --- filters --------------------------------------------------------------------------------

@pytest.mark.parametrize("spec", [
    {"ComparisonOperator": "EQ"}, {"ComparisonOperator": "EQ", "AttributeValueList": []},
    {"ComparisonOperator": "NE"}, {"ComparisonOperator": "LE"}, {"ComparisonOperator": "LT"},
    {"ComparisonOperator": "GE"}, {"ComparisonOperator": "GT"}, {"ComparisonOperator": "CONTAINS"},
    {"ComparisonOperator": "NOT_CONTAINS"}, {"ComparisonOperator": "BEGINS_WITH"}, {"ComparisonOperator": "IN"},
    {"ComparisonOperator": "BETWEEN"}, cmp("NULL", {"S": "a"}), cmp("NOT_NULL", {"S": "a"}),
    cmp("EQ", {"S": "a"}, {"S": "a"}), cmp("CONTAINS", {"S": "a"}, {"S": "a"}),
    cmp("BETWEEN", {"S": "a"}, {"S": "a"}, {"S": "a"}),
])
def test_filter_argument_counts(spec):
    # dynalite
    assert filter_error({"a": spec}) == ("One or more parameter values were invalid: Invalid number of "
                                         f"argument(s) for the {spec['ComparisonOperator']} ComparisonOperator")


@pytest.mark.parametrize("operator", ["LT", "LE", "GT", "GE", "IN"])
@pytest.mark.parametrize("value", [{"BOOL": True}, {"NULL": True}, {"SS": ["a"]}, {"NS": ["1"]},
                                   {"BS": ["abcd"]}, {"M": {}}, {"L": []}])
def test_filter_operand_types(operator, value):
    # dynalite
    assert filter_error({"a": cmp(operator, value)}) == (
        f"One or more parameter values were invalid: ComparisonOperator {operator} is not valid for "
        f"{next(iter(value))} AttributeValue type")


@pytest.mark.parametrize("operator, value", [
    ("CONTAINS", {"SS": ["a"]}), ("NOT_CONTAINS", {"L": []}), ("BEGINS_WITH", {"N": "1"}),
    ("BEGINS_WITH", {"SS": ["a"]}),
])
def test_filter_operand_types_for_functions(operator, value):
    # dynalite
    assert filter_error({"a": cmp(operator, value)}) == (
        f"One or more parameter values were invalid: ComparisonOperator {operator} is not valid for "
        f"{next(iter(value))} AttributeValue type")


def test_filter_between_types_and_order():
    # dynalite
    assert filter_error({"a": cmp("BETWEEN", {"BOOL": True}, {"BOOL": True})}) == (
        "One or more parameter values were invalid: ComparisonOperator BETWEEN is not valid for BOOL AttributeValue type")
    assert filter_error({"a": cmp("BETWEEN", {"N": "5"}, {"N": "1"})}) == \
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"


def test_filter_semantics():
    # conformance: tier3/legacy-api/queryFilter, scanFilter
    assert passes({"status": cmp("EQ", {"S": "active"})})
    assert passes({"name": cmp("CONTAINS", {"S": "world"})})
    assert passes({"tags": cmp("EQ", {"SS": ["b", "a"]})})
    assert not passes({"status": cmp("EQ", {"S": "active"}), "n": cmp("LT", {"N": "5"})})
    assert passes({"status": cmp("EQ", {"S": "active"}), "n": cmp("LT", {"N": "5"})}, op="OR")
    assert passes({"absent": cmp("NULL"), "n": cmp("NOT_NULL")})
    assert not passes({"n": cmp("EQ", {"S": "10"})})      # different types never match
