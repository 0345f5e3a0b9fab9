"""Stage 1: JSON types, as DynamoDB's request reader checks them.

DynamoDB deserializes the request into its Java model before validating
anything, so a value of the wrong JSON type fails first, alone, with a
SerializationException worded by the reader. The reader streams the
document, so fields are visited in the order the client sent them.

The reader also normalises, and so do we, in place:
- a JSON null counts as absent: null members of a structure are removed
  (an AttributeValue that is null inside a map or list becomes `{}`, which
  stage 3 reports as empty);
- Booleans accept the strings "true"/"false"/"yes"/"no"/"1"/"0" (any case);
- Integer and Long fields accept decimals and drop the fraction; a number
  outside the Java type's range (a huge integer, `1e20` for an Integer,
  `1e999`) is a SerializationException, so no float or infinity ever
  reaches the engine.
Members the spec does not know are dropped, as the reader drops them: an
operation reads only what its model has (a `Delete` action's `Expected` is
ignored, not evaluated).

AttributeValues nested deeper than DynamoDB allows are not read further:
the item is invalid whatever they hold, and the values layer reports it.
"""
from __future__ import annotations

import math

from ..errors import serialization
from ..limits import MAX_NESTING_DEPTH
from ..values.attributes import BOOLEAN_WORDS, check_base64
from . import messages as m
from .shapes import AttributeValueShape, ListOf, MapOf, Scalar, Struct

FIELD, ELEMENT = "field", "element"  # where a value sits: a struct member, or in a list/map



def check_struct(obj: dict, shape, depth: int = 0) -> None:
    """Check and normalise the members of `obj` (a dict) against `shape`.

    `depth` counts the AttributeValues around `obj`."""
    fields = shape.fields
    for name in list(obj):
        spec = fields.get(name)
        value = obj[name]
        if spec is None or value is None:
            # Not a member of the model (or null): DynamoDB's reader never
            # hands it on, so no later layer may read it either.
            del obj[name]
            continue
        obj[name] = _check(value, spec.shape, FIELD, depth)


def _check(value, shape, position: str, depth: int):
    if isinstance(shape, Scalar):
        return _SCALARS[shape.name](value)
    if isinstance(shape, ListOf):
        return _check_list(value, shape, position, depth)
    if isinstance(shape, MapOf):
        return _check_map(value, shape, position, depth)
    return _check_struct_value(value, shape, position, depth)


_KINDS = {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}


def _kind(value) -> str:
    """The JSON type of a parsed value (exact types: JSON parsers make no subclasses)."""
    kind = _KINDS.get(type(value))
    if kind is None:  # a subclass from an in-process caller
        kind = next((k for t, k in _KINDS.items() if isinstance(value, t)), "null")
    return kind


def _number_token(value) -> str:
    return "DECIMAL_VALUE" if isinstance(value, float) else "NUMBER_VALUE"


def _bool_token(value: bool) -> str:
    return "TRUE_VALUE" if value else "FALSE_VALUE"


def _string(value):
    if type(value) is str or _kind(value) == "str":
        return _unicode(value)
    kind = _kind(value)
    if kind == "bool":
        raise serialization(m.cannot_convert(_bool_token(value), "String"))
    if kind in ("int", "float"):
        raise serialization(m.cannot_convert(_number_token(value), "String"))
    raise _collection_error(kind, "java.lang.String")


def _unicode(text: str) -> str:
    """A string that UTF-8 can carry. A lone surrogate (a JSON escape such as
    "\\ud800" with no partner) has no UTF-8 form: it is refused as the wire
    refuses a body that is not UTF-8, so it never reaches storage."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise serialization(None) from None
    return text


def _boolean(value):
    kind = _kind(value)
    if kind == "bool":
        return value
    if kind == "str":
        word = BOOLEAN_WORDS.get(value.upper())
        if word is None:
            raise serialization(m.UNEXPECTED_TOKEN)
        return word
    if kind in ("int", "float"):
        raise serialization(m.cannot_convert(_number_token(value), "Boolean"))
    raise _collection_error(kind, "java.lang.Boolean")


def _integral(java: str):
    low, high = _JAVA_RANGES[java]

    def check(value):
        kind = _kind(value)
        if kind == "int":
            if not low <= value <= high:
                raise serialization(m.cannot_convert("NUMBER_VALUE", java))
            return value
        if kind == "float":
            # The reader keeps a number's digits and truncates them to the
            # field's type; what does not fit the type (1e999) is refused.
            whole = math.floor(value) if math.isfinite(value) else None
            if whole is None or not low <= whole <= high:
                raise serialization(m.cannot_convert("DECIMAL_VALUE", java))
            return whole
        if kind == "str":
            raise serialization(m.cannot_convert("STRING_VALUE", java))
        if kind == "bool":
            raise serialization(m.cannot_convert(_bool_token(value), java))
        raise _collection_error(kind, f"java.lang.{java}")
    return check


def _blob(value):
    kind = _kind(value)
    if kind == "str":
        return check_base64(value)
    if kind in ("bool", "int", "float"):
        raise serialization(m.NOT_BASE64)
    raise _collection_error(kind, "java.nio.ByteBuffer")


def _timestamp(value):
    """A date is epoch seconds, a JSON number (with any fraction); the reader
    refuses a string (unverified wording) and any other JSON type."""
    kind = _kind(value)
    if kind in ("int", "float"):
        if not math.isfinite(value):
            raise serialization(m.cannot_convert("DECIMAL_VALUE", "java.util.Date"))
        return value
    if kind == "str":
        raise serialization(m.cannot_convert("STRING_VALUE", "java.util.Date"))
    if kind == "bool":
        raise serialization(m.cannot_convert(_bool_token(value), "java.util.Date"))
    raise _collection_error(kind, "java.util.Date")


def _collection_error(kind: str, java_class: str):
    if kind == "list":
        return serialization(m.unrecognized_class(java_class))
    return serialization(m.START_OF_STRUCTURE)


# The Java types DynamoDB's model reads Integer and Long fields into.
_JAVA_RANGES = {"Integer": (-2**31, 2**31 - 1), "Long": (-2**63, 2**63 - 1)}

_SCALARS = {
    "String": _string,
    "Boolean": _boolean,
    "Integer": _integral("Integer"),
    "Long": _integral("Long"),
    "Blob": _blob,
    "Timestamp": _timestamp,
}


def _check_list(value, shape: ListOf, position: str, depth: int):
    kind = _kind(value)
    if kind == "dict":
        raise serialization(m.START_OF_STRUCTURE)
    if kind != "list":
        raise serialization(m.UNEXPECTED_FIELD_TYPE if position == FIELD else m.PARAMETERIZED_CAST)
    element = shape.member.shape
    for i, item in enumerate(value):
        if item is None:
            if isinstance(element, AttributeValueShape):
                value[i] = {}
            continue
        value[i] = _check(item, element, ELEMENT, depth)
    return value


def _check_map(value, shape: MapOf, position: str, depth: int):
    kind = _kind(value)
    if kind == "list":
        raise serialization(m.unrecognized_map(shape.java_value))
    if kind != "dict":
        raise serialization(m.UNEXPECTED_FIELD_TYPE if position == FIELD else m.PARAMETERIZED_CAST)
    element = shape.value.shape
    attribute_values = isinstance(element, AttributeValueShape)
    for key in list(value):
        _unicode(key)
        item = value[key]
        if attribute_values and _is_plain_attribute_value(item):
            continue
        if item is None:
            if isinstance(element, AttributeValueShape):
                value[key] = {}
            continue
        value[key] = _check(item, element, ELEMENT, depth)
    return value


# AttributeValue members that need nothing from stage 1 when their JSON type is right.
_PLAIN_MEMBERS = {"S": str, "N": str, "BOOL": bool, "NULL": bool}
_PLAIN_SETS = ("SS", "NS")


def _is_plain_attribute_value(value) -> bool:
    """An AttributeValue of scalars (or string sets) of the right JSON types:
    stage 1 would leave it exactly as it is, so items skip the generic walk."""
    if type(value) is not dict:
        return False
    for name, member in value.items():
        kind = type(member)
        if kind is _PLAIN_MEMBERS.get(name) and (kind is not str or member.isascii()):
            continue
        if name in _PLAIN_SETS and kind is list and all(type(s) is str and s.isascii() for s in member):
            continue
        return False  # the generic walk checks it (a non-ASCII string may hold a lone surrogate)
    return True


def _check_struct_value(value, shape: Struct | AttributeValueShape, position: str, depth: int):
    kind = _kind(value)
    if kind == "list":
        raise serialization(m.unrecognized_class(shape.java_class))
    if kind != "dict":
        raise serialization(m.UNEXPECTED_FIELD_TYPE if position == FIELD else m.UNEXPECTED_VALUE_TYPE)
    if isinstance(shape, AttributeValueShape):
        depth += 1
        if depth > MAX_NESTING_DEPTH + 1:
            return value
    check_struct(value, shape, depth)
    return value
