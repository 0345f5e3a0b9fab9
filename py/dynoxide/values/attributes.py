"""AttributeValue rules: one value or a whole item, checked and canonicalised.

DynamoDB checks a value in two passes, and so do we:

1. `parse_value` (what DynamoDB does while reading the request): the value
   names exactly one known datatype, numbers are well formed and in range,
   NULL is true, binaries are base64. It returns a canonical copy (numbers
   in DynamoDB's stored form; unknown members dropped).
2. `check_value` (the semantic pass that follows): nesting depth, non-empty
   sets, no duplicate set members.

A request's parse errors come before any semantic error, wherever they sit
(an invalid number in one attribute beats an empty set in another), so the
request validator can run pass 1 over every value of a request before pass 2.
`validate_value` and `validate_item` run both passes for the common case.

The JSON shapes (`{"S": 5}`) are the request validator's job; here a wrong
shape still fails with a SerializationException, never a Python error.
"""
from __future__ import annotations

import base64
import binascii

from dynoxide.errors import DynamoError, invalid_parameter, serialization, validation
from dynoxide.limits import MAX_JSON_DEPTH, MAX_NESTING_DEPTH
from dynoxide.validation import messages as m

from . import numbers

TYPES = ("S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M")
SET_TYPES = ("SS", "NS", "BS")
_NUMBER_TYPES = ("N", "NS")
_SCALAR_TYPES = frozenset(("S", "N", "B", "BOOL", "NULL"))
_KNOWN = frozenset(TYPES)
# Each value level is two JSON levels ({"M": {"a": ...}}), so the wire
# parser's own depth limit means a request never reaches this guard.
_PARSE_DEPTH_GUARD = MAX_JSON_DEPTH // 2



def validate_value(value, *, older: bool = False, nesting: bool = True) -> dict:
    """Check one AttributeValue (both passes) and return its canonical copy,
    sets in DynamoDB's order. `older`: DynamoDB's older reader and wording
    (see `validation.messages`); `nesting` False leaves the 32-level limit to
    whoever writes the value (a transaction's update).

    >>> validate_value({"NS": ["12", "1.0"]})
    {'NS': ['1', '12']}
    """
    clean = parse_value(value, older=older)
    for kind in clean:  # exactly one
        if kind in _SCALAR_TYPES:
            return clean  # pass 2 has nothing to say about a scalar
    check_value(clean, older=older, nesting=nesting)
    return clean


def validate_item(item: dict) -> dict:
    """Check every attribute of an item (both passes); return the canonical item."""
    clean = parse_item(item)
    check_item(clean)
    return clean


def parse_item(item: dict) -> dict:
    """Pass 1 over an item's attributes, in request order."""
    if not isinstance(item, dict):
        raise _shape_error(item, "Map")
    return {name: parse_value(value) for name, value in item.items()}


def check_item(item: dict) -> None:
    """Pass 2 over an item already through `parse_item`."""
    for value in item.values():
        check_value(value)


# ---------------------------------------------------------------------------
# Pass 1: datatype, numbers, NULL, base64


def parse_value(value, depth: int = 0, older: bool = False) -> dict:
    """Pass 1 for one value; returns its canonical copy."""
    if type(value) is dict and len(value) == 1 and depth <= _PARSE_DEPTH_GUARD:
        # The usual value names one datatype: straight to its parser.
        for kind, raw in value.items():
            if raw is not None:
                if kind in _NUMBER_TYPES:
                    return {kind: _parse_numbers(kind, raw, older)}
                parser = _PARSERS.get(kind)
                if parser is not None:
                    return {kind: parser(raw, depth, older)}
    if not isinstance(value, dict):
        raise _shape_error(value, "AttributeValue")
    if depth > _PARSE_DEPTH_GUARD:
        # Far past DynamoDB's limit; stop before Python's recursion limit does.
        raise validation(m.NESTING_TOO_DEEP)
    # A JSON null member counts as absent, as in DynamoDB's deserializer.
    present = [t for t in value if t in _KNOWN and value[t] is not None]
    if not present:
        raise validation(m.EMPTY_VALUE)
    # Numbers are converted while reading, so a bad number is reported even
    # when the value also names several datatypes ({"S": "a", "N": "x"}).
    numbers_seen = {t: _parse_numbers(t, value[t], older) for t in present if t in ("N", "NS")}
    if len(present) > 1:
        raise validation(m.MANY_TYPES)
    kind = present[0]
    if kind in numbers_seen:
        return {kind: numbers_seen[kind]}
    return {kind: _PARSERS[kind](value[kind], depth, older)}


def _parse_numbers(kind: str, raw, older: bool):
    if kind == "N":
        return numbers.canonicalize(_string(raw), older=older)
    return [numbers.canonicalize(_string(n), older=older) for n in _list(raw)]


def _parse_string(raw, depth, older):
    return _string(raw)


def _parse_binary(raw, depth, older):
    return check_base64(raw)


def _parse_bool(raw, depth, older):
    return _boolean(raw)


def _parse_null(raw, depth, older):
    if _boolean(raw) is not True:
        raise invalid_parameter(m.NULL_NOT_TRUE)
    return True


def _parse_string_set(raw, depth, older):
    return [_string(s) for s in _list(raw)]


def _parse_binary_set(raw, depth, older):
    return [check_base64(b) for b in _list(raw)]


def _parse_list(raw, depth, older):
    return [parse_value(v, depth + 1, older) for v in _list(raw)]


def _parse_map(raw, depth, older):
    if not isinstance(raw, dict):
        raise _shape_error(raw, "Map")
    return {name: parse_value(v, depth + 1, older) for name, v in raw.items()}


_PARSERS = {
    "S": _parse_string,
    "B": _parse_binary,
    "BOOL": _parse_bool,
    "NULL": _parse_null,
    "SS": _parse_string_set,
    "BS": _parse_binary_set,
    "L": _parse_list,
    "M": _parse_map,
}


def check_base64(text) -> str:
    """Accept only canonical, padded base64 (DynamoDB's Blob rule); return it."""
    if not isinstance(text, str):
        raise _shape_error(text, "Blob")
    if len(text) % 4:
        raise serialization(m.BASE64_LENGTH.format(length=len(text)))
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise serialization(m.BASE64_LAST_CHAR) from None
    # Re-encoding catches non-zero padding bits ("YR==" is not "YQ==").
    if base64.b64encode(raw).decode("ascii") != text:
        raise serialization(m.BASE64_LAST_CHAR)
    return text


def decode_binary(text: str) -> bytes:
    """The bytes of a B value already accepted by `check_base64`."""
    return base64.b64decode(text)


# ---------------------------------------------------------------------------
# Pass 2: nesting, empty sets, duplicates


def check_value(value: dict, depth: int = 0, older: bool = False, nesting: bool = True) -> None:
    """Pass 2 for one value already through `parse_value`; it leaves each
    set's members in DynamoDB's order (`set_order`).

    The top-level value is depth 0; DynamoDB allows 32 levels, so a value
    at depth 32 (a 33rd level) is one too many.
    """
    if nesting and depth >= MAX_NESTING_DEPTH:
        raise validation(m.NESTING_TOO_DEEP)
    kind = type_tag(value)
    if kind is None:  # not from parse_value; refuse rather than crash
        raise validation(m.EMPTY_VALUE)
    inner = value[kind]
    if kind in SET_TYPES:
        _check_set(kind, inner, older)
    elif kind == "L":
        for v in inner:
            check_value(v, depth + 1, older, nesting)
    elif kind == "M":
        for v in inner.values():
            check_value(v, depth + 1, older, nesting)


def _check_set(kind: str, members: list, older: bool) -> None:
    if not members:
        raise invalid_parameter(m.EMPTY_SET[kind])
    # Members are canonical after pass 1: equal numbers have equal text and
    # equal bytes have equal (strict) base64, so plain text comparison works.
    if len(set(members)) == len(members):
        members.sort(key=set_order(kind))
        return
    if older:
        raise m.older_set_duplicates(kind, members)
    raise m.set_duplicates(kind, _as_reported(members, set_order(kind)))


def _as_reported(members: list, order) -> list:
    """The members as DynamoDB's current reader lists them: the ones read before
    the first repeat in order, then the repeat, then the rest as sent."""
    seen: set = set()
    for position, member in enumerate(members):
        if member in seen:
            return sorted(members[:position], key=order) + members[position:]
        seen.add(member)
    return members


def has_empty_map_key(value: dict) -> bool:
    """Whether a (canonical) value holds a map with an empty key at any depth."""
    stack = [value]
    while stack:
        kind, inner = next(iter(stack.pop().items()))
        if kind == "M":
            if "" in inner:
                return True
            stack.extend(inner.values())
        elif kind == "L":
            stack.extend(inner)
    return False


def set_order(kind: str):
    """The sort key of DynamoDB's order of a set's (canonical) members: string
    and binary sets bytewise, number sets by value."""
    if kind == "NS":
        return numbers.to_decimal
    if kind == "BS":
        return decode_binary
    return _utf8


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------
# Helpers


def type_tag(value) -> str | None:
    """The type tag of an AttributeValue ("S", "NS", "M", ...): the name of
    its one member, or None when it has not exactly one known member."""
    if isinstance(value, dict) and len(value) == 1:
        (kind,) = value
        if kind in _KNOWN:
            return kind
    return None


def _string(raw) -> str:
    if not isinstance(raw, str):
        raise _shape_error(raw, "String")
    return raw


# DynamoDB's JSON reader also takes these strings (in any case) for a Boolean.
BOOLEAN_WORDS = {"TRUE": True, "1": True, "YES": True, "FALSE": False, "0": False, "NO": False}


def _boolean(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.upper() in BOOLEAN_WORDS:
        return BOOLEAN_WORDS[raw.upper()]
    raise _shape_error(raw, "Boolean")


def _list(raw) -> list:
    if not isinstance(raw, list):
        raise _shape_error(raw, "List")
    return raw


def _shape_error(raw, expected: str) -> DynamoError:
    """A SerializationException phrased as DynamoDB's JSON reader phrases it."""
    if isinstance(raw, dict):
        return serialization(m.START_OF_STRUCTURE)
    if expected == "AttributeValue":
        if isinstance(raw, list):
            return serialization(m.unrecognized_class(f"{m.JAVA_MODEL}.AttributeValue"))
        return serialization(m.UNEXPECTED_VALUE_TYPE)
    if expected in ("List", "Map"):
        if isinstance(raw, list):  # a list where a map was expected
            return serialization(m.unrecognized_map(f"{m.JAVA_MODEL}.AttributeValue"))
        return serialization(m.UNEXPECTED_FIELD_TYPE)
    if isinstance(raw, list):
        java = "java.nio.ByteBuffer" if expected == "Blob" else f"java.lang.{expected}"
        return serialization(m.unrecognized_class(java))
    if expected == "Blob":
        return serialization(m.NOT_BASE64)
    if isinstance(raw, bool):
        return serialization(m.cannot_convert("TRUE_VALUE" if raw else "FALSE_VALUE", expected))
    if isinstance(raw, int):
        return serialization(m.cannot_convert("NUMBER_VALUE", expected))
    if isinstance(raw, float):
        return serialization(m.cannot_convert("DECIMAL_VALUE", expected))
    if raw is None:
        return serialization(m.cannot_convert("null", expected))
    return serialization(m.UNEXPECTED_TOKEN)
