"""KeyConditionExpression and legacy KeyConditions.

Messages marked "dynalite" were recorded against DynamoDB by dynalite's
Query tests (hash table: key "a"; range table: keys "a", "b").
"""
import pytest

from dynoxide.errors import DynamoError
from dynoxide.expressions import ExpressionContext, legacy_key_conditions, parse_key_condition


def key(text, hash_name="pk", range_name="sk", names=None, values=None, **kwargs):
    return parse_key_condition(text, ExpressionContext(names, values), hash_name, range_name, **kwargs)


def key_error(text, hash_name="a", range_name=None, names=None, values=None, **kwargs):
    with pytest.raises(DynamoError) as info:
        key(text, hash_name, range_name, names, values, **kwargs)
    assert info.value.name == "ValidationException"
    return info.value.message


V = {":pk": {"S": "p"}, ":lo": {"S": "a"}, ":hi": {"S": "m"}, ":n": {"N": "1"}}


def test_hash_only():
    cond = key("pk = :pk", values={":pk": V[":pk"]})
    assert (cond.hash_value, cond.range_op, cond.range_values) == ({"S": "p"}, None, [])


@pytest.mark.parametrize("text, op, values", [
    ("pk = :pk AND sk = :lo", "=", ["a"]),
    ("pk = :pk AND sk < :lo", "<", ["a"]),
    ("pk = :pk AND sk <= :lo", "<=", ["a"]),
    ("pk = :pk AND sk > :lo", ">", ["a"]),
    ("pk = :pk AND sk >= :lo", ">=", ["a"]),
    ("pk = :pk AND sk BETWEEN :lo AND :hi", "BETWEEN", ["a", "m"]),
    ("pk = :pk AND begins_with(sk, :lo)", "begins_with", ["a"]),
    ("sk > :lo AND pk = :pk", ">", ["a"]),
    (":lo < sk AND :pk = pk", ">", ["a"]),    # a value on the left flips the operator
    (":lo >= sk AND pk = :pk", "<=", ["a"]),
    (":lo = sk AND pk = :pk", "=", ["a"]),
])
def test_range_conditions(text, op, values):
    used = {k: v for k, v in V.items() if k in text}
    cond = key(text, values=used)
    assert cond.hash_value == {"S": "p"}
    assert cond.range_op == op
    assert [v["S"] for v in cond.range_values] == values


def test_placeholders_and_parentheses():
    # conformance: tier1/query/keyConditionParens
    for text in ("(#pk = :pk) AND (#sk > :lo)", "(#pk = :pk AND #sk > :lo)", "((#pk = :pk) AND #sk > :lo)"):
        cond = key(text, names={"#pk": "pk", "#sk": "sk"}, values={":pk": V[":pk"], ":lo": V[":lo"]})
        assert cond.range_op == ">"


def test_empty_key_condition():
    # conformance: tier1/query/validation
    assert key_error("") == "Invalid KeyConditionExpression: The expression can not be empty;"


@pytest.mark.parametrize("text", ["things are not gonna be ok", "a > 4", "(size(a))[0] > a"])
def test_syntax_errors(text):
    # dynalite
    assert key_error(text).startswith("Invalid KeyConditionExpression: Syntax error; ")


def test_operand_type_errors_come_first():
    # dynalite
    assert key_error("attribute_type(a, b)").startswith(
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: attribute_type, operand type:")
    assert key_error("attribute_type(a, :a)", values={":a": {"N": "1"}}) == (
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; "
        "operator or function: attribute_type, operand type: N")


@pytest.mark.parametrize("text, operator", [
    ("attribute_type(a, :a)", "attribute_type"),
    ("a > b and size(b) > c or a > c", "OR"),
    ("a in (b, size(c), d)", "IN"),
    ("attribute_exists(a)", "attribute_exists"),
    ("attribute_not_exists(a)", "attribute_not_exists"),
    ("contains(a.d, b)", "contains"),
    ("not a > b", "NOT"),
    ("a <> b", "<>"),
])
def test_invalid_operators(text, operator):
    # dynalite
    assert key_error(text, values={":a": {"S": "S"}} if ":a" in text else None) == \
        f"Invalid operator used in KeyConditionExpression: {operator}"


@pytest.mark.parametrize("text, operator", [
    (":a between size(b) and size(a) and b > :b", "BETWEEN"),
    ("begins_with(:a, b) and a > :b", "begins_with"),
])
def test_key_attribute_must_come_first(text, operator):
    # dynalite
    assert key_error(text, values={":a": {"S": "1"}, ":b": {"S": "1"}}) == (
        f"Invalid condition in KeyConditionExpression: {operator} operator must have the key "
        "attribute as its first operand")


@pytest.mark.parametrize("text", ["size(b) > a AND a.b > b AND b > c", "a > size(b.d)",
                                  "a between size(b) and size(a)"])
def test_nested_operations(text):
    # dynalite
    assert key_error(text) == "KeyConditionExpressions cannot contain nested operations"


@pytest.mark.parametrize("text", ["b > a.b", "b between c[1] and d", "a between b and size(a)",
                                  "begins_with(a, b)"])
def test_multiple_attribute_names(text):
    # dynalite
    assert key_error(text) == "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"


@pytest.mark.parametrize("text", ["b.d > a AND c.d > e.f", "a.d > c", "b[0] > a"])
def test_nested_attributes(text):
    # dynalite
    assert key_error(text) == "KeyConditionExpressions cannot have conditions on nested attributes"


@pytest.mark.parametrize("text", [":b > :a AND a < :b", ":a > b AND :a < :b"])
def test_no_key_attribute(text):
    # dynalite
    assert key_error(text, values={":a": {"N": "1"}, ":b": {"N": "1"}}) == \
        "Invalid condition in KeyConditionExpression: No key attribute specified"


@pytest.mark.parametrize("text", ["b > :a AND b < :a and c = :a and d = :a",
                                  "(a > :a and b > :a) and (b > :a and c > :a)"])
def test_one_condition_per_key(text):
    # dynalite's cases; the wording of the suite's current release (eu-west-2)
    assert key_error(text, values={":a": {"N": "1"}}) == (
        "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key")


@pytest.mark.parametrize("text", [":a = a and b = :a and :a = c",
                                  "(a > :a and b > :a) and (c > :a and d > :a) and (e > :a and f > :a)"])
def test_no_more_conditions_than_key_attributes(text):
    # dynalite's cases; the wording of the suite's current release (eu-west-2)
    count = 3 if text.startswith(":a") else 6
    assert key_error(text, "a", "b", values={":a": {"S": "a"}}) == (
        f"The number of query conditions ({count}) exceeds the number of key attributes defined in the schema (2)")
    assert key_error("a = :a and b = :a", values={":a": {"S": "a"}}) == (
        "The number of query conditions (2) exceeds the number of key attributes defined in the schema (1)")


def test_between_bounds():
    # dynalite
    assert key_error("a between :b and :a", values={":a": {"S": "a"}, ":b": {"N": "1"}}) == (
        "Invalid KeyConditionExpression: The BETWEEN operator requires same data type for lower and upper "
        "bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}")
    assert key_error("a between :b and :a", values={":a": {"S": "a"}, ":b": {"S": "b"}}) == (
        "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
        "equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: "
        "AttributeValue: {S:a}")


def test_missing_key_schema_elements():
    # conformance: tier3/error-messages/query; dynalite
    assert key_error("sk = :v", "pk", "sk", values={":v": {"S": "x"}}) == \
        "Query condition missed key schema element: pk"
    assert key_error("z = :a", "a", None, values={":a": {"N": "1"}}) == "Query condition missed key schema element: a"
    assert key_error("a = :a and c = :b", "a", "b", values={":a": {"S": "b"}, ":b": {"N": "1"}}) == \
        "Query condition missed key schema element: b"
    assert key_error("c = :a and b = :b", "c", "d", values={":a": {"S": "b"}, ":b": {"N": "1"}}) == \
        "Query condition missed key schema element: d"


@pytest.mark.parametrize("text", [
    "a > :a", "a < :a", ":a <= a", ":a >= a", "begins_with(a, :a)", "a between :a and :a",
])
def test_unsupported_key_conditions_on_a_hash_table(text):
    # dynalite
    assert key_error(text, "a", None, values={":a": {"S": "1"}}) == "Query key condition not supported"


def test_condition_type_must_match_the_schema():
    # dynalite
    assert key_error(":a > a", "a", None, values={":a": {"N": "1"}}, hash_type="S") == \
        "One or more parameter values were invalid: Condition parameter type does not match schema type"
    assert key_error("a = :s AND b > :n", "a", "b", values={":s": {"S": "x"}, ":n": {"N": "1"}},
                     hash_type="S", range_type="S") == \
        "One or more parameter values were invalid: Condition parameter type does not match schema type"
    key("a = :s AND b > :n", "a", "b", values={":s": {"S": "x"}, ":n": {"N": "1"}}, hash_type="S", range_type="N")


def test_unused_placeholders_are_reported_before_the_schema_is_consulted():
    with pytest.raises(DynamoError) as info:
        key("z = :a", "a", None, values={":a": {"N": "1"}, ":b": {"N": "2"}})
    assert info.value.message == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}"
    cond = key("a = :a", "a", None, values={":a": {"N": "1"}, ":b": {"N": "2"}}, check_unused=False)
    assert cond.hash_value == {"N": "1"}


def test_index_key_names():
    cond = key("gpk = :pk AND gsk BETWEEN :lo AND :hi", "gpk", "gsk",
               values={":pk": V[":pk"], ":lo": V[":lo"], ":hi": V[":hi"]})
    assert (cond.hash_name, cond.range_name, cond.range_op) == ("gpk", "gsk", "BETWEEN")


# --- legacy KeyConditions ------------------------------------------------------------------

def eq(value):
    return {"ComparisonOperator": "EQ", "AttributeValueList": [value]}


def test_legacy_key_conditions():
    # conformance: tier3/legacy-api/queryFilter
    cond = legacy_key_conditions({"pk": eq({"S": "p"}),
                                  "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "al"}]}},
                                 "pk", "sk")
    assert (cond.hash_value, cond.range_op, cond.range_values) == ({"S": "p"}, "begins_with", [{"S": "al"}])
    cond = legacy_key_conditions({"pk": eq({"S": "p"}),
                                  "sk": {"ComparisonOperator": "BETWEEN",
                                         "AttributeValueList": [{"S": "a"}, {"S": "c"}]}}, "pk", "sk")
    assert cond.range_op == "BETWEEN" and len(cond.range_values) == 2
    cond = legacy_key_conditions({"pk": eq({"S": "p"}), "sk": {"ComparisonOperator": "GT",
                                                               "AttributeValueList": [{"S": "b"}]}}, "pk", "sk")
    assert cond.range_op == ">"


@pytest.mark.parametrize("operator, values", [
    ("EQ", []), ("NE", []), ("LE", []), ("LT", []), ("GE", []), ("GT", []), ("CONTAINS", []),
    ("NOT_CONTAINS", []), ("BEGINS_WITH", []), ("IN", []), ("BETWEEN", []),
    ("NULL", [{"S": "a"}]), ("NOT_NULL", [{"S": "a"}]), ("EQ", [{"S": "a"}, {"S": "a"}]),
    ("BETWEEN", [{"S": "a"}, {"S": "a"}, {"S": "a"}]),
])
def test_legacy_key_conditions_argument_counts(operator, values):
    # dynalite; the counts are checked by the validation layer, so through the engine
    from dynoxide import Database

    with Database.memory() as db:
        db.execute("CreateTable", {"TableName": "Things", "BillingMode": "PAY_PER_REQUEST",
                                   "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}],
                                   "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}]})
        with pytest.raises(DynamoError) as info:
            db.execute("Query", {"TableName": "Things", "KeyConditions": {
                "a": {"ComparisonOperator": operator, "AttributeValueList": values}}})
    assert info.value.message == ("One or more parameter values were invalid: Invalid number of "
                                  f"argument(s) for the {operator} ComparisonOperator")


def test_legacy_key_conditions_schema_rules():
    # dynalite
    for spec in ({"ComparisonOperator": "NULL"}, {"ComparisonOperator": "NOT_NULL"},
                 {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "1"}]},
                 {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "a"}]},
                 {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "a"}]}):
        with pytest.raises(DynamoError) as info:
            legacy_key_conditions({"a": spec}, "a", None)
        assert info.value.message == "Attempted conditional constraint is not an indexable operation"
    for conditions in ({"a": eq({"S": "a"}), "b": eq({"S": "a"})},
                       {"a": {"ComparisonOperator": "LE", "AttributeValueList": [{"S": "a"}]}}):
        with pytest.raises(DynamoError) as info:
            legacy_key_conditions(conditions, "a", None)
        assert info.value.message == "Query key condition not supported"
    with pytest.raises(DynamoError) as info:
        legacy_key_conditions({"a": eq({"S": "b"}), "c": {"ComparisonOperator": "NULL"}}, "a", "b")
    assert info.value.message == "Query condition missed key schema element: b"
    for conditions in ({}, {"a": {"ComparisonOperator": "NULL"}, "b": {"ComparisonOperator": "NULL"},
                            "c": {"ComparisonOperator": "NULL"}}):
        with pytest.raises(DynamoError) as info:
            legacy_key_conditions(conditions, "a", "b")
        assert info.value.message == "Conditions can be of length 1 or 2 only"
