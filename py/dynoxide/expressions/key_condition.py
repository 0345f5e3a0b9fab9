"""KeyConditionExpression (and legacy KeyConditions): which key range a Query reads.

A key condition is first checked as an ordinary condition (syntax,
placeholders, operand types). It is then read as a set of per-attribute
conditions, joined only by AND, each comparing one top-level attribute with
values:

    pk = :v    sk < :v    :v <= sk    sk BETWEEN :a AND :b    begins_with(sk, :p)

A value on the left flips the comparison (":v <= sk" is "sk >= :v"). Last,
the conditions are matched against the key schema of the table or index
being queried. Each step has its own messages, quoted from DynamoDB:

    Invalid operator used in KeyConditionExpression: OR
    Invalid condition in KeyConditionExpression: No key attribute specified
    KeyConditionExpressions cannot have conditions on nested attributes
    Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key
    The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)
    Conditions can be of length 1 or 2 only (legacy KeyConditions)
    Query condition missed key schema element: pk
    Query key condition not supported
"""
from __future__ import annotations

from dynoxide.errors import invalid_parameter, validation
from dynoxide.limits import MAX_RANGE_KEY_SIZE
from dynoxide.validation import messages as m
from dynoxide.values.attributes import type_tag
from dynoxide.values.size import key_value_size

from .nodes import And, Between, Call, Compare, In, Not, Or, Path, Value

# Comparison operator names, legacy style, for each expression form.
_OPERATORS = {"=": "EQ", "<": "LT", "<=": "LE", ">": "GT", ">=": "GE"}
_FLIPPED = {"LT": "GT", "GT": "LT", "LE": "GE", "GE": "LE"}
# Legacy name -> the range_op vocabulary of KeyCondition.
RANGE_OPS = {"EQ": "=", "LT": "<", "LE": "<=", "GT": ">", "GE": ">=",
             "BETWEEN": "BETWEEN", "BEGINS_WITH": "begins_with"}
NOT_INDEXABLE = frozenset({"NULL", "NOT_NULL", "NE", "CONTAINS", "NOT_CONTAINS", "IN"})


class KeyCondition:
    """The key part of a Query.

    `hash_value` is the partition key value; `range_op` is None (whole
    partition) or one of "=", "<", "<=", ">", ">=", "BETWEEN", "begins_with",
    with its operands in `range_values`.
    """

    __slots__ = ("hash_name", "hash_value", "range_name", "range_op", "range_values")

    def __init__(self, hash_name: str, hash_value: dict, range_name: str | None = None,
                 range_op: str | None = None, range_values: list | None = None):
        self.hash_name = hash_name
        self.hash_value = hash_value
        self.range_name = range_name
        self.range_op = range_op
        self.range_values = range_values or []

    def __repr__(self) -> str:
        return (f"KeyCondition({self.hash_name}={self.hash_value!r}, "
                f"{self.range_name} {self.range_op} {self.range_values!r})")


def _operator_name(node) -> str:
    if isinstance(node, Or):
        return "OR"
    if isinstance(node, Not):
        return "NOT"
    if isinstance(node, In):
        return "IN"
    if isinstance(node, Compare):
        return node.op
    if isinstance(node, Call):
        return node.name
    return "BETWEEN"


def extract(root) -> dict:
    """Per-attribute conditions of a bound key condition: name -> (OP, [values])."""
    conditions: dict = {}
    pending = [root]
    while pending:
        node = pending.pop(0)
        if isinstance(node, And):
            pending[0:0] = node.items
            continue
        _extract_one(node, conditions)
    return conditions


def _extract_one(node, conditions: dict) -> None:
    if isinstance(node, Compare) and node.op in _OPERATORS:
        op, operands = _OPERATORS[node.op], [node.left, node.right]
    elif isinstance(node, Between):
        op, operands = "BETWEEN", [node.subject, node.low, node.high]
    elif isinstance(node, Call) and node.name == "begins_with":
        op, operands = "BEGINS_WITH", node.args
    else:
        raise validation(f"Invalid operator used in KeyConditionExpression: {_operator_name(node)}")
    name = None
    values = []
    for operand in operands:
        if isinstance(operand, Path):
            if name is not None:
                raise validation("Invalid condition in KeyConditionExpression: "
                                 "Multiple attribute names used in one condition")
            if len(operand.elements) > 1:
                raise validation("KeyConditionExpressions cannot have conditions on nested attributes")
            name = operand.elements[0]
        elif isinstance(operand, Value):
            if name is None:
                if op in ("BETWEEN", "BEGINS_WITH"):
                    raise validation(f"Invalid condition in KeyConditionExpression: "
                                     f"{_operator_name(node)} operator must have the key attribute "
                                     f"as its first operand")
                op = _FLIPPED.get(op, op)
            values.append(operand.value)
        else:
            raise validation("KeyConditionExpressions cannot contain nested operations")
    if name is None:
        raise validation("Invalid condition in KeyConditionExpression: No key attribute specified")
    if name in conditions:
        raise validation(m.ONE_CONDITION_PER_KEY)
    conditions[name] = (op, values)


def check_count(conditions: dict, range_name: str | None) -> None:
    """A KeyConditionExpression names no more attributes than the key has."""
    key_count = 1 if range_name is None else 2
    if len(conditions) > key_count:
        raise validation(m.KEY_CONDITIONS_EXCEED_SCHEMA.format(len(conditions), key_count))


def match_schema(conditions: dict, hash_name: str, range_name: str | None,
                 hash_type: str | None = None, range_type: str | None = None) -> KeyCondition:
    """Check per-attribute conditions against a key schema (DynamoDB's order)."""
    count = len(conditions)
    if count == 0 or count > 2:
        raise validation("Conditions can be of length 1 or 2 only")
    if count > (1 if range_name is None else 2):
        raise validation("Query key condition not supported")
    result = KeyCondition(hash_name, None, range_name)
    for name, expected, is_hash in ((hash_name, hash_type, True), (range_name, range_type, False)):
        if name is None:
            continue
        if name not in conditions:
            if is_hash or count > 1:
                raise validation(f"Query condition missed key schema element: {name}")
            continue
        op, values = conditions[name]
        if op in NOT_INDEXABLE:
            raise validation("Attempted conditional constraint is not an indexable operation")
        if not is_hash and any(key_value_size(v) > MAX_RANGE_KEY_SIZE for v in values
                               if type_tag(v) in ("S", "N", "B")):
            raise invalid_parameter(m.RANGE_KEY_TOO_BIG.format(MAX_RANGE_KEY_SIZE))
        if expected is not None and any(type_tag(v) != expected for v in values):
            raise invalid_parameter(m.CONDITION_TYPE_MISMATCH)
        if is_hash:
            if op != "EQ":
                raise validation("Query key condition not supported")
            result.hash_value = values[0]
        else:
            result.range_op = RANGE_OPS[op]
            result.range_values = list(values)
    return result


class MultiKeyCondition:
    """The key part of a Query on a GSI with a multi-attribute key: a value
    for every HASH attribute (`hash_values`, schema order), equalities on the
    leading RANGE attributes (`range_prefix`), and optionally one condition
    (`range_op`, `range_values`) on the RANGE attribute after them."""

    __slots__ = ("hash_values", "range_prefix", "range_op", "range_values")

    def __init__(self, hash_values: list, range_prefix: list, range_op: str | None, range_values: list):
        self.hash_values = hash_values
        self.range_prefix = range_prefix
        self.range_op = range_op
        self.range_values = range_values


def match_multi_schema(conditions: dict, hash_attrs: list, range_attrs: list) -> MultiKeyCondition:
    """Check per-attribute conditions against a multi-attribute key schema
    (`KeyAttr`s in schema order): equality on every HASH attribute, and on a
    gap-free run of leading RANGE attributes of which only the last named
    may carry another comparison; the clauses may come in any order."""
    count, defined = len(conditions), len(hash_attrs) + len(range_attrs)
    if count == 0:
        raise validation("Conditions can be of length 1 or 2 only")
    if count > defined:
        raise validation(m.QUERY_CONDITIONS_EXCEED_KEY.format(count, defined))
    named_ranges = [a for a in range_attrs if a.name in conditions]
    for attr in hash_attrs:
        if attr.name not in conditions:
            raise validation(f"Query condition missed key schema element: {attr.name}")
    if any(name not in {a.name for a in hash_attrs + range_attrs} for name in conditions):
        missed = next((a for a in range_attrs if a.name not in conditions), range_attrs[0] if range_attrs else None)
        if missed is None:
            raise validation("Query key condition not supported")
        raise validation(f"Query condition missed key schema element: {missed.name}")
    range_size = 0  # the range key a condition's values would make, all attributes together
    for attr in hash_attrs + named_ranges:
        op, values = conditions[attr.name]
        if op in NOT_INDEXABLE:
            raise validation("Attempted conditional constraint is not an indexable operation")
        if attr in range_attrs:
            range_size += max((key_value_size(v) for v in values if type_tag(v) in ("S", "N", "B")), default=0)
            if range_size > MAX_RANGE_KEY_SIZE:
                raise invalid_parameter(m.RANGE_KEY_TOO_BIG.format(MAX_RANGE_KEY_SIZE))
        if any(type_tag(v) != attr.type for v in values):
            raise invalid_parameter(m.CONDITION_TYPE_MISMATCH)
        if attr in hash_attrs and op != "EQ":
            raise validation("Query key condition not supported")
    if named_ranges:
        last = named_ranges[-1]
        upto = range_attrs.index(last)
        lacking = [a.name for a in range_attrs[:upto] if conditions.get(a.name, ("",))[0] != "EQ"]
        if lacking:
            raise validation(m.RANGE_KEYS_NEED_EQUALITY.format(", ".join(lacking), last.name))
    hash_values = [conditions[a.name][1][0] for a in hash_attrs]
    prefix = [conditions[a.name][1][0] for a in named_ranges[:-1]]
    op, values = None, []
    if named_ranges:
        last_op, last_values = conditions[named_ranges[-1].name]
        op, values = RANGE_OPS[last_op], list(last_values)
    return MultiKeyCondition(hash_values, prefix, op, values)
