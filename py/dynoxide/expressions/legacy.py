"""The pre-expression parameters, converted into the same bound trees.

Expected, QueryFilter/ScanFilter, KeyConditions, AttributesToGet and
AttributeUpdates name top-level attributes directly and carry their values
inline. Validation (dynoxide.validation.checks) has checked them with
DynamoDB's messages before they get here; this module only turns them into
the condition / projection / update objects the expression path produces,
so evaluation has one implementation:

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

from dynoxide.errors import validation

from . import key_condition
from .condition import Condition
from .nodes import Action, And, Between, Call, Compare, In, Not, Or, Path, Value
from .paths import build
from .projection import Projection
from .update import UpdateExpression

_COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}

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
    clauses = [_clause(name, (spec or {}).get("ComparisonOperator"), (spec or {}).get("AttributeValueList") or [])
               for name, spec in conditions.items()]
    return Condition(_combine(clauses, conditional_operator), "Filter", list(conditions), ())


def legacy_key_conditions(conditions: dict, hash_name: str, range_name: str | None,
                          *, hash_type: str | None = None, range_type: str | None = None,
                          multi: tuple | None = None):
    """A KeyCondition from Query's `KeyConditions` (a MultiKeyCondition with `multi`:
    see `parse_key_condition`)."""
    conditions = conditions or {}
    extracted = {name: ((spec or {}).get("ComparisonOperator"), list((spec or {}).get("AttributeValueList") or []))
                 for name, spec in conditions.items()}
    if multi is not None:
        return key_condition.match_multi_schema(extracted, *multi)
    return key_condition.match_schema(extracted, hash_name, range_name, hash_type, range_type)


def legacy_projection(attributes: list) -> Projection:
    """A Projection from `AttributesToGet` (without repeats: validation saw to that)."""
    paths = [(name,) for name in attributes]
    return Projection(build(paths), paths)


def legacy_update(updates: dict) -> UpdateExpression:
    """An UpdateExpression from UpdateItem's `AttributeUpdates` (validated:
    every action has a value of a type it supports, or is a bare DELETE)."""
    actions = []
    for name, spec in (updates or {}).items():
        spec = spec or {}
        value = spec.get("Value")
        action = spec.get("Action") or "PUT"
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
