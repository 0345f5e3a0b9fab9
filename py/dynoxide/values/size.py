"""DynamoDB's item size accounting (the 400 KB limit, capacity units).

An item's size is the sum, over its attributes, of the attribute name's
UTF-8 length plus the value's size:

- S: UTF-8 length; B: decoded byte length; BOOL, NULL: 1 byte.
- N: 1 byte plus one per base-100 digit pair of the significant digits,
  pairs aligned on the decimal point (the number is stored in centesimal
  form), plus 1 for a negative sign; zero is 1 byte. So "12" and "1.2"
  differ: 2 bytes versus 3. The size does not depend on how the number was
  written ("1E2" and "100" agree), so it survives canonicalisation.
- SS, NS, BS: the sum of the members' sizes, no overhead.
- L: 3 bytes + per element (1 byte + its size).
- M: 3 bytes + per entry (key's UTF-8 length + 1 byte + value size).

Values are assumed to have passed `attributes.validate_value`.
"""
from __future__ import annotations

import re

from . import numbers


def item_size(item: dict) -> int:
    """Size in bytes of an item (attribute names included).

    >>> item_size({"id": {"S": "abc"}, "n": {"N": "-12.5"}})
    10
    """
    # Written out for the common S and N values: this runs at least once per write.
    size = 0
    for name, value in item.items():
        size += len(name) if name.isascii() else text_size(name)
        for kind, inner in value.items():
            if kind == "S":
                size += len(inner) if inner.isascii() else text_size(inner)
            elif kind == "N":
                size += number_size(inner)
            else:
                size += _SIZERS[kind](inner)
    return size


# What DynamoDB's UpdateItem charges each action of its statement, on top of
# what the statement writes, when it measures the update against 400 KB (the
# conformance suite's measurements, eu-west-2): a fixed cost per update, per
# SET or ADD (one more through a list index), per REMOVE or DELETE.
UPDATE_STATEMENT_COST = 3
UPDATE_WRITE_ACTION_COST = 19
UPDATE_LIST_INDEX_COST = 1
UPDATE_REMOVE_ACTION_COST = 2


def value_size(value: dict) -> int:
    """Size in bytes of one AttributeValue (without its attribute name)."""
    (kind, inner), = value.items()
    return _SIZERS[kind](inner)


def key_value_size(value: dict) -> int:
    """Size of a key attribute's value, for the 2048/1024-byte key limits.

    A key is S, N or B; its size is the value's own size with no name.
    """
    return value_size(value)


def text_size(text: str) -> int:
    """UTF-8 length of a string (names and S values)."""
    if text.isascii():
        return len(text)
    # surrogatepass: a lone surrogate from JSON must not crash the count.
    return len(text.encode("utf-8", "surrogatepass"))


def binary_size(b64: str) -> int:
    """Decoded length of strict, padded base64, without decoding it."""
    if not b64:
        return 0
    return len(b64) // 4 * 3 - (2 if b64.endswith("==") else 1 if b64.endswith("=") else 0)


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def number_size(text: str) -> int:
    """Storage size of an N value (see the module docstring)."""
    if _PLAIN_NUMBER.fullmatch(text):
        return _plain_number_size(text)
    sign, digits, exponent = numbers.decompose(text)
    if sign == 0:
        return 1
    # Base-100 digit index of the first and last significant digit.
    first_pair = exponent // 2
    last_pair = (exponent - len(digits) + 1) // 2
    return 1 + (first_pair - last_pair + 1) + (1 if sign < 0 else 0)


def _plain_number_size(text: str) -> int:
    """number_size for exponent-free text (how every stored number is
    written), from digit positions alone: position 0 is the units digit,
    -1 the tenths, and a base-100 pair holds positions 2k and 2k+1."""
    negative = text[0] == "-"
    whole, _, fraction = text.lstrip("-").partition(".")
    whole = whole.lstrip("0")
    fraction_digits = fraction.rstrip("0")
    if not whole and not fraction_digits:
        return 1
    if whole:
        top = len(whole) - 1
    else:
        top = -(len(fraction_digits) - len(fraction_digits.lstrip("0"))) - 1
    if fraction_digits:
        bottom = -len(fraction_digits)
    else:
        bottom = len(whole) - len(whole.rstrip("0"))
    return 1 + (top // 2 - bottom // 2 + 1) + (1 if negative else 0)


def _list_size(values: list) -> int:
    return 3 + sum(1 + value_size(v) for v in values)


def _map_size(entries: dict) -> int:
    return 3 + sum(text_size(k) + 1 + value_size(v) for k, v in entries.items())


_SIZERS = {
    "S": text_size,
    "N": number_size,
    "B": binary_size,
    "BOOL": lambda _: 1,
    "NULL": lambda _: 1,
    "SS": lambda members: sum(text_size(s) for s in members),
    "NS": lambda members: sum(number_size(n) for n in members),
    "BS": lambda members: sum(binary_size(b) for b in members),
    "L": _list_size,
    "M": _map_size,
}
