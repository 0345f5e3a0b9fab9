"""The pre-expression parameters, converted into the same bound trees.

Expected, QueryFilter/ScanFilter, KeyConditions, AttributesToGet and
AttributeUpdates name top-level attributes directly and carry their values
inline. Each is validated with DynamoDB's messages for these parameters,
then turned into the condition / projection / update objects the
expression path produces, so evaluation has one implementation:

    EQ NE LT LE GT GE   ->  a = :v, a <> :v, ...
    BETWEEN, IN         ->  a BETWEEN :lo AND :hi, a IN (...)
    NULL / NOT_NULL     ->  attribute_not_exists(a) / attribute_exists(a)
    CONTAINS            ->  contains(a, :v)
    NOT_CONTAINS        ->  attribute_exists(a) AND NOT contains(a, :v)
    BEGINS_WITH         ->  begins_with(a, :v)
    Exists: false       ->  attribute_not_exists(a)
    Value (Exists true) ->  a = :v
    ConditionalOperator ->  AND (default) or OR over the attributes

    AttributeUpdates PUT -> SET, DELETE -> REMOVE or DELETE (with a value),
    ADD -> ADD (which, in this legacy form only, also appends lists).
"""
from __future__ import annotations

from dynoxide.errors import invalid_parameter, validation
from dynoxide.values.compare import compare as compare_values

from . import key_condition
from .condition import Condition
from .nodes import Action, And, Between, Call, Compare, In, Not, Or, Path, Value
from .paths import build
from .projection import Projection
from .update import UpdateExpression
from .validate import type_of

# ComparisonOperator -> how many AttributeValueList entries it takes
# (an int, or (minimum, None) for "at least").
_ARGUMENTS = {
    "EQ": 1, "NE": 1, "LE": 1, "LT": 1, "GE": 1, "GT": 1,
    "CONTAINS": 1, "NOT_CONTAINS": 1, "BEGINS_WITH": 1,
    "NULL": 0, "NOT_NULL": 0, "BETWEEN": 2, "IN": (1, None),
}
# ComparisonOperator -> AttributeValue types it accepts in filters and key conditions.
_FILTER_TYPES = {
    "EQ": ("S", "N", "B", "SS", "NS", "BS"),
    "NE": ("S", "N", "B", "SS", "NS", "BS"),
    "LE": ("S", "N", "B"), "LT": ("S", "N", "B"), "GE": ("S", "N", "B"), "GT": ("S", "N", "B"),
    "CONTAINS": ("S", "N", "B"), "NOT_CONTAINS": ("S", "N", "B"),
    "BEGINS_WITH": ("S", "B"), "IN": ("S", "N", "B"), "BETWEEN": ("S", "N", "B"),
}
_COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}
BETWEEN_ORDER = "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"


def _count_ok(operator: str, count: int) -> bool:
    expected = _ARGUMENTS.get(operator)
    if isinstance(expected, tuple):
        return count >= expected[0]
    return expected == count


def _check_list(operator: str, values: list) -> None:
    """Argument count, one type throughout, BETWEEN's order (shared checks)."""
    if not _count_ok(operator, len(values)):
        raise invalid_parameter(f"Invalid number of argument(s) for the {operator} ComparisonOperator")
    if values:
        first = type_of(values[0])
        if any(type_of(v) != first for v in values):
            raise invalid_parameter("AttributeValues inside AttributeValueList must be of same type")


def _check_between(operator: str, values: list) -> None:
    if operator == "BETWEEN" and len(values) == 2:
        order = compare_values(values[0], values[1])
        if order is not None and order > 0:
            raise validation(BETWEEN_ORDER)


def _check_filter(conditions: dict) -> None:
    """QueryFilter / ScanFilter / KeyConditions, attribute by attribute."""
    for spec in conditions.values():
        spec = spec or {}
        operator = spec.get("ComparisonOperator")
        values = spec.get("AttributeValueList") or []
        _check_list(operator, values)
        allowed = _FILTER_TYPES.get(operator)
        if allowed is not None:
            for value in values:
                if type_of(value) not in allowed:
                    raise invalid_parameter(f"ComparisonOperator {operator} is not valid for "
                                            f"{type_of(value)} AttributeValue type")
        _check_between(operator, values)


def _check_expected(expected: dict) -> None:
    for name, spec in expected.items():
        spec = spec or {}
        has = {key for key, value in spec.items() if value is not None}
        if "AttributeValueList" in has and "Value" in has:
            raise invalid_parameter(f"Value and AttributeValueList cannot be used together for Attribute: {name}")
        if "ComparisonOperator" in has:
            operator = spec["ComparisonOperator"]
            if "Exists" in has:
                raise invalid_parameter(f"Exists and ComparisonOperator cannot be used together for Attribute: {name}")
            if operator not in ("NULL", "NOT_NULL") and not has & {"AttributeValueList", "Value"}:
                raise invalid_parameter(f"Value or AttributeValueList must be used with ComparisonOperator: "
                                        f"{operator} for Attribute: {name}")
            values = spec.get("AttributeValueList")
            if values is None:
                values = [spec["Value"]] if "Value" in has else []
            if not _count_ok(operator, len(values)):
                raise invalid_parameter(f"Invalid number of argument(s) for the {operator} ComparisonOperator")
            if spec.get("AttributeValueList"):
                _check_list(operator, values)
                _check_between(operator, values)
        elif "AttributeValueList" in has:
            raise invalid_parameter(f"AttributeValueList can only be used with a ComparisonOperator "
                                    f"for Attribute: {name}")
        else:
            exists = spec.get("Exists")
            if (exists is None or exists) and "Value" not in has:
                shown = "null" if exists is None else "true"
                raise invalid_parameter(f"Value must be provided when Exists is {shown} for Attribute: {name}")
            if exists is not None and not exists and "Value" in has:
                raise invalid_parameter(f"Value cannot be used when Exists is false for Attribute: {name}")


def _clause(name: str, operator: str, values: list):
    """The condition node for one attribute's ComparisonOperator."""
    path = Path((name,))
    operands = [Value(v) for v in values]
    if operator in _COMPARATORS:
        return Compare(_COMPARATORS[operator], path, operands[0])
    if operator == "NULL":
        return Call("attribute_not_exists", [path])
    if operator == "NOT_NULL":
        return Call("attribute_exists", [path])
    if operator == "CONTAINS":
        return Call("contains", [path, operands[0]])
    if operator == "NOT_CONTAINS":
        return And([Call("attribute_exists", [path]), Not(Call("contains", [path, operands[0]]))])
    if operator == "BEGINS_WITH":
        return Call("begins_with", [path, operands[0]])
    if operator == "BETWEEN":
        return Between(path, operands[0], operands[1])
    if operator == "IN":
        return In(path, operands)
    raise validation(f"Unsupported ComparisonOperator: {operator}")


def _combine(clauses: list, conditional_operator: str | None):
    if len(clauses) == 1:
        return clauses[0]
    return Or(clauses) if conditional_operator == "OR" else And(clauses)


def legacy_condition(expected: dict, conditional_operator: str | None = None) -> Condition:
    """A Condition from PutItem/UpdateItem/DeleteItem `Expected`."""
    expected = expected or {}
    _check_expected(expected)
    clauses = []
    for name, spec in expected.items():
        spec = spec or {}
        operator = spec.get("ComparisonOperator")
        if operator is not None:
            values = spec.get("AttributeValueList")
            if values is None:
                values = [spec["Value"]] if spec.get("Value") is not None else []
            clauses.append(_clause(name, operator, values))
        elif spec.get("Exists") is False:
            clauses.append(_clause(name, "NULL", []))
        else:
            clauses.append(_clause(name, "EQ", [spec["Value"]]))
    names = list(expected)
    return Condition(_combine(clauses, conditional_operator), "Expected", names, ())


def legacy_filter(conditions: dict, conditional_operator: str | None = None) -> Condition:
    """A Condition from Query's `QueryFilter` or Scan's `ScanFilter`."""
    conditions = conditions or {}
    _check_filter(conditions)
    clauses = [_clause(name, (spec or {}).get("ComparisonOperator"), (spec or {}).get("AttributeValueList") or [])
               for name, spec in conditions.items()]
    return Condition(_combine(clauses, conditional_operator), "Filter", list(conditions), ())


def legacy_key_conditions(conditions: dict, hash_name: str, range_name: str | None,
                          *, hash_type: str | None = None, range_type: str | None = None):
    """A KeyCondition from Query's `KeyConditions`."""
    conditions = conditions or {}
    _check_filter(conditions)
    extracted = {name: ((spec or {}).get("ComparisonOperator"), list((spec or {}).get("AttributeValueList") or []))
                 for name, spec in conditions.items()}
    return key_condition.match_schema(extracted, hash_name, range_name, hash_type, range_type)


def legacy_projection(attributes: list) -> Projection:
    """A Projection from `AttributesToGet`."""
    seen = set()
    for name in attributes:
        if name in seen:
            raise invalid_parameter(f"Duplicate value in attribute name: {name}")
        seen.add(name)
    paths = [(name,) for name in attributes]
    return Projection(build(paths), paths)


_ADD_TYPES = ("N", "L", "SS", "NS", "BS")
_DELETE_TYPES = ("SS", "NS", "BS")


def legacy_update(updates: dict) -> UpdateExpression:
    """An UpdateExpression from UpdateItem's `AttributeUpdates`."""
    actions = []
    for name, spec in (updates or {}).items():
        spec = spec or {}
        value = spec.get("Value")
        action = spec.get("Action") or "PUT"
        kind = type_of(value) if value is not None else None
        if value is None and action != "DELETE":
            raise invalid_parameter("Only DELETE action is allowed when no attribute value is specified")
        if value is not None and action == "DELETE" and kind not in _DELETE_TYPES:
            raise invalid_parameter(f"DELETE action with value is not supported for the type {kind}")
        if value is not None and action == "ADD" and kind not in _ADD_TYPES:
            raise invalid_parameter(f"ADD action is not supported for the type {kind}")
        path = Path((name,))
        if action == "PUT":
            actions.append(Action("SET", path, Value(value)))
        elif action == "ADD":
            actions.append(Action("ADD", path, Value(value)))
        elif value is None:
            actions.append(Action("REMOVE", path))
        else:
            actions.append(Action("DELETE", path, Value(value)))
    tree = build([a.path.elements for a in actions], actions)
    return UpdateExpression(tree, actions, legacy=True)
