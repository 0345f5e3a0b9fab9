"""Order-preserving TEXT encodings of key values for SQLite.

Key columns use SQLite's BINARY collation (memcmp over UTF-8), so each key
value is stored as text whose byte order is DynamoDB's order for its type.
A key attribute has one fixed type per table, so no type tag is needed.

- S: the string itself. UTF-8 byte order is DynamoDB's string order.
- B: lowercase hex of the bytes. Two hex digits per byte, and '0'-'9' sort
  before 'a'-'f', so hex order is unsigned byte order, prefixes included.
- N: a sign band, then the exponent, then the digits:
    zero      "1"
    positive  "2" + EEE + digits          (EEE = exponent + 130, 3 digits)
    negative  "0" + EEE' + (9-d digits) + "~"   (EEE' = 255 - EEE)
  Digits are the significant digits without trailing zeros, so equal
  numbers ("1", "1.0", "1E0") encode identically. For positives a longer
  digit string with the same prefix is the larger number, which plain text
  order already gives. Negatives invert everything; the "~" terminator
  (above every digit) makes a shorter complemented prefix sort after its
  extensions, as -0.12 > -0.123 requires.
"""
from __future__ import annotations

from dynoxide.errors import validation
from dynoxide.validation.messages import KEY_SCHEMA_MISMATCH

from . import numbers
from .attributes import decode_binary, type_tag

KEY_TYPES = ("S", "N", "B")

_EXPONENT_OFFSET = -numbers.MIN_EXPONENT  # 130: exponents map to 0..255
_EXPONENT_SPAN = numbers.MAX_EXPONENT + _EXPONENT_OFFSET  # 255
_COMPLEMENT = str.maketrans("0123456789", "9876543210")


def key_type(value) -> str | None:
    """"S", "N" or "B" when `value` is a single scalar key-typed value, else None."""
    kind = type_tag(value)
    return kind if kind in KEY_TYPES else None


def encode_key(value: dict) -> str:
    """TEXT for a key AttributeValue that sorts in SQLite as DynamoDB sorts.

    >>> encode_key({"S": "abc"}), encode_key({"B": "AP8="}), encode_key({"N": "-1.5"})
    ('abc', '00ff', '012584~')
    """
    kind = key_type(value)
    if kind is None:
        raise validation(KEY_SCHEMA_MISMATCH)
    return encode_typed(kind, value[kind])


def encode_typed(kind: str, raw: str) -> str:
    """`encode_key` for a value whose key type is already known to be `kind`."""
    if kind == "S":
        return raw
    if kind == "N":
        return encode_number(raw)
    return decode_binary(raw).hex()


def encode_number(text: str) -> str:
    """Order-preserving text for an N string (validated on the way)."""
    sign, digits, exponent = numbers.decompose(text)
    if sign == 0:
        return "1"
    biased = exponent + _EXPONENT_OFFSET
    if sign > 0:
        return f"2{biased:03d}{digits}"
    return f"0{_EXPONENT_SPAN - biased:03d}{digits.translate(_COMPLEMENT)}~"
