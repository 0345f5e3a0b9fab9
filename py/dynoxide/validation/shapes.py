"""The vocabulary request specs are written in: shapes, fields and rules.

A request is a `Struct` of `Field`s; a field has a shape (what JSON type it
must be, read by stage 1) and rules (DynamoDB's constraints, read by
stage 2). One spec drives both stages, so a field's type, bounds, enum and
pattern are written once, next to each other, as DynamoDB's API model has
them.

    Struct("PutItemInput", {
        "TableName": Field(STRING),
        "Item": Field(MapOf(ATTRIBUTE_VALUE_FIELD), not_null()),
        "ReturnValues": Field(STRING, enum(RETURN_VALUES)),
    })

A rule's order inside a field is the order DynamoDB lists its violations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field as _field

from . import messages as m


# --- shapes -----------------------------------------------------------------

@dataclass(frozen=True)
class Scalar:
    """String, Boolean, Integer, Long, Blob or Timestamp; `name` is the Java type name."""
    name: str


STRING = Scalar("String")
BOOLEAN = Scalar("Boolean")
INTEGER = Scalar("Integer")
LONG = Scalar("Long")
BLOB = Scalar("Blob")
TIMESTAMP = Scalar("Timestamp")  # epoch seconds, as the JSON protocol sends a date


@dataclass(frozen=True)
class ListOf:
    member: "Field"


@dataclass(frozen=True)
class MapOf:
    """A JSON object with free keys; `java_value` names the values' Java type
    in DynamoDB's 'Unrecognized collection type java.util.Map<...>' message."""
    value: "Field"
    java_value: str = f"{m.JAVA_MODEL}.AttributeValue"


@dataclass(frozen=True)
class Struct:
    """A JSON object with known members, checked in spec order; members not
    in the spec are dropped, as DynamoDB's reader drops them."""
    name: str
    fields: dict = _field(hash=False, compare=False)

    def __post_init__(self):
        # (name, field) of the members that carry a rule, in spec order: all
        # that stage 2 visits at the top of a request.
        object.__setattr__(self, "constrained_fields", tuple(
            (name, spec) for name, spec in self.fields.items() if spec.constrained))

    @property
    def java_class(self) -> str:
        return f"{m.JAVA_MODEL}.{self.name}"


class AttributeValueShape:
    """An AttributeValue. Recursive (L and M hold AttributeValues), so its
    members are filled in once the shape exists (see below)."""
    name = "AttributeValue"
    java_class = f"{m.JAVA_MODEL}.AttributeValue"
    fields: dict = {}


ATTRIBUTE_VALUE = AttributeValueShape()


# --- rules --------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """One DynamoDB constraint on a field's value.

    `echo` False and `raw_path` True reproduce the few checks DynamoDB
    phrases outside its usual mould ("Value at 'Limit' ..." on Query).
    `unless_empty` skips the rule for an empty string (DynamoDB reports an
    empty table name by its length alone). `as_json` echoes the value as
    compact JSON instead of Java's toString (BatchGetItem's RequestItems).
    """
    kind: str
    arg: object = None
    echo: bool = True
    raw_path: bool = False
    unless_empty: bool = False
    as_json: bool = False

    def applies(self, value) -> bool:
        if value is None:
            return self.kind == "not_null"
        if self.kind == "not_null":
            return True
        if self.unless_empty and value == "":
            return False
        if self.kind in ("min_len", "max_len"):
            return isinstance(value, (str, list, dict))
        if self.kind in ("min", "max"):
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.kind in ("pattern", "enum"):
            return isinstance(value, str)
        return isinstance(value, dict)  # keys / values

    def holds(self, value) -> bool:
        kind, arg = self.kind, self.arg
        if kind == "not_null":
            return value is not None
        if kind == "min":
            return value >= arg
        if kind == "max":
            return value <= arg
        if kind == "min_len":
            return len(value) >= arg
        if kind == "max_len":
            return len(value) <= arg
        if kind == "pattern":
            return _compiled(arg).fullmatch(value) is not None
        if kind == "enum":
            return value in arg
        raise AssertionError(kind)

    def phrase(self) -> str:
        return {
            "not_null": lambda: m.MUST_NOT_BE_NULL,
            "min": lambda: m.MIN_VALUE.format(self.arg),
            "max": lambda: m.MAX_VALUE.format(self.arg),
            "min_len": lambda: m.MIN_LENGTH.format(self.arg),
            "max_len": lambda: m.MAX_LENGTH.format(self.arg),
            "pattern": lambda: m.PATTERN.format(self.arg),
            "enum": lambda: m.ENUM.format(", ".join(self.arg)),
            "keys": lambda: m.MAP_KEYS.format(", ".join(r.phrase() for r in self.arg)),
            "values": lambda: m.MAP_VALUES.format(", ".join(r.phrase() for r in self.arg)),
        }[self.kind]()


_PATTERNS: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    if pattern not in _PATTERNS:
        _PATTERNS[pattern] = re.compile(pattern)
    return _PATTERNS[pattern]


def not_null() -> Rule:
    return Rule("not_null")


def at_least(n: int, **style) -> Rule:
    return Rule("min", n, **style)


def at_most(n: int, **style) -> Rule:
    return Rule("max", n, **style)


def min_length(n: int, **style) -> Rule:
    return Rule("min_len", n, **style)


def max_length(n: int, **style) -> Rule:
    return Rule("max_len", n, **style)


def pattern(regex: str, **style) -> Rule:
    return Rule("pattern", regex, **style)


def enum(values: tuple[str, ...]) -> Rule:
    return Rule("enum", tuple(values))


def map_keys(*rules: Rule, **style) -> Rule:
    """Every key of a map must satisfy `rules` (reported once per bad key)."""
    return Rule("keys", rules, **style)


def map_values(*rules: Rule) -> Rule:
    """Every value of a map must satisfy `rules` (reported once per bad value)."""
    return Rule("values", rules)


def length(low: int | None = None, high: int | None = None) -> tuple[Rule, ...]:
    rules = []
    if low is not None:
        rules.append(min_length(low))
    if high is not None:
        rules.append(max_length(high))
    return tuple(rules)


# --- fields -----------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    shape: object
    rules: tuple = ()
    # Whether this field or anything inside it carries a rule: stage 2 skips
    # the rest (items, whose AttributeValues have no declarative rules).
    constrained: bool = False
    # Whether it has a not-null rule: the only rule an absent value can break.
    required: bool = False

    def __init__(self, shape, *rules):
        flat: list[Rule] = []
        for rule in rules:
            flat.extend(rule if isinstance(rule, tuple) else (rule,))
        object.__setattr__(self, "shape", shape)
        object.__setattr__(self, "rules", tuple(flat))
        object.__setattr__(self, "constrained", bool(flat) or _constrained(shape))
        object.__setattr__(self, "required", any(rule.kind == "not_null" for rule in flat))


def _constrained(shape) -> bool:
    if isinstance(shape, Struct):
        return any(member.constrained for member in shape.fields.values())
    # A null member of a list or map is a violation of its own ("Member must
    # not be null"), except among AttributeValues, where stage 1 made it {}.
    if isinstance(shape, ListOf):
        return shape.member.constrained or not isinstance(shape.member.shape, AttributeValueShape)
    if isinstance(shape, MapOf):
        return shape.value.constrained or not isinstance(shape.value.shape, AttributeValueShape)
    return False  # scalars carry their rules on the field; AttributeValues have none


# The common field kinds, named so specs read like the API reference.
def name_field(*extra: Rule, required: bool = True) -> Field:
    """A table or index name: pattern, then length 3..255."""
    rules = (not_null(),) if required else ()
    return Field(STRING, *rules, pattern(m.NAME_PATTERN), min_length(3), max_length(255), *extra)


def table_name_in_item_field() -> Field:
    """A TableName inside a transaction item: DynamoDB's data-plane rules."""
    return Field(STRING, not_null(), *TABLE_NAME_RULES)


# Data-plane table names (PutItem, Query, DescribeTable, ...): an empty name
# is reported by its length alone; the pattern applies to the rest.
TABLE_NAME_RULES = (min_length(1), pattern(m.NAME_PATTERN, unless_empty=True), max_length(255))
# CreateTable's stricter rules.
CREATE_TABLE_NAME_RULES = (pattern(m.NAME_PATTERN), min_length(3), max_length(255))

ATTRIBUTE_VALUE_FIELD = Field(ATTRIBUTE_VALUE)
ATTRIBUTE_MAP = MapOf(ATTRIBUTE_VALUE_FIELD)
ATTRIBUTE_VALUE.fields = {
    "S": Field(STRING), "N": Field(STRING), "B": Field(BLOB),
    "SS": Field(ListOf(Field(STRING))), "NS": Field(ListOf(Field(STRING))), "BS": Field(ListOf(Field(BLOB))),
    "M": Field(ATTRIBUTE_MAP), "L": Field(ListOf(ATTRIBUTE_VALUE_FIELD)),
    "NULL": Field(BOOLEAN), "BOOL": Field(BOOLEAN),
}
