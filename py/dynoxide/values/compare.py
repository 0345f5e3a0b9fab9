"""DynamoDB's comparison semantics for condition and filter expressions.

Ordering (<, <=, >, >=, BETWEEN) exists only between two values of the same
scalar type S, N or B: strings by UTF-8 bytes (the same as code-point
order), numbers numerically, binaries by unsigned bytes. Any other pairing
is not an error, the comparison is simply false, which `compare` reports as
None. Equality is deep: numbers compare by value, sets ignore order.
"""
from __future__ import annotations

from . import numbers
from .attributes import decode_binary


def compare(a: dict, b: dict) -> int | None:
    """-1, 0 or 1 for two same-typed S/N/B values; None when they do not order.

    >>> compare({"N": "10"}, {"N": "9"}), compare({"S": "1"}, {"N": "1"})
    (1, None)
    """
    kind = _scalar_kind(a)
    if kind is None or kind != _scalar_kind(b):
        return None
    if kind == "N":
        left, right = numbers.to_decimal(a["N"]), numbers.to_decimal(b["N"])
    elif kind == "B":
        left, right = decode_binary(a["B"]), decode_binary(b["B"])
    else:
        left, right = a["S"], b["S"]
    return (left > right) - (left < right)


def equals(a: dict, b: dict) -> bool:
    """Deep DynamoDB equality of two AttributeValues.

    >>> equals({"NS": ["1", "2.0"]}, {"NS": ["2", "1.00"]})
    True
    """
    if not (isinstance(a, dict) and isinstance(b, dict) and len(a) == 1 and len(b) == 1):
        return False
    (kind, left), = a.items()
    (other, right), = b.items()
    if kind != other:
        return False
    if kind == "N":
        return numbers.canonicalize(left) == numbers.canonicalize(right)
    if kind == "B":
        return decode_binary(left) == decode_binary(right)
    if kind == "SS":
        return set(left) == set(right)
    if kind == "NS":
        return {numbers.canonicalize(n) for n in left} == {numbers.canonicalize(n) for n in right}
    if kind == "BS":
        return {decode_binary(x) for x in left} == {decode_binary(x) for x in right}
    if kind == "L":
        return len(left) == len(right) and all(equals(x, y) for x, y in zip(left, right))
    if kind == "M":
        return left.keys() == right.keys() and all(equals(v, right[k]) for k, v in left.items())
    return left == right  # S, BOOL, NULL


def _scalar_kind(value) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        (kind,) = value
        if kind in ("S", "N", "B"):
            return kind
    return None
