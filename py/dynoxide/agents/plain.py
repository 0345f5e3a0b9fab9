"""DynamoDB JSON <-> plain JSON, for agents that read and write plain values.

    >>> to_plain({"id": {"S": "a"}, "n": {"N": "12.5"}, "tags": {"SS": ["x"]}})
    {'id': 'a', 'n': 12.5, 'tags': ['x']}
    >>> from_plain({"id": "a", "n": 3, "ok": True})
    {'id': {'S': 'a'}, 'n': {'N': '3'}, 'ok': {'BOOL': True}}

Plain JSON has no sets and no binary: sets come out as lists (a list goes
back in as L), binary as its base64 text (which goes back in as S). A number
comes out as a JSON number when a float holds it exactly, else as its
decimal string, so no digit is lost.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any


def to_plain(item: dict) -> dict:
    """A DynamoDB JSON item (or key) as plain JSON."""
    return {name: value_to_plain(value) for name, value in item.items()}


def value_to_plain(value: dict) -> Any:
    (kind, content), = value.items()
    if kind in ("S", "B", "BOOL"):
        return content
    if kind == "NULL":
        return None
    if kind == "N":
        return _number(content)
    if kind == "NS":
        return [_number(n) for n in content]
    if kind in ("SS", "BS"):
        return list(content)
    if kind == "L":
        return [value_to_plain(v) for v in content]
    if kind == "M":
        return to_plain(content)
    raise ValueError(f"not a DynamoDB JSON value: {value!r}")


def _number(text: str) -> int | float | str:
    number = Decimal(text)
    if number == number.to_integral_value() and "e" not in text.lower() and "." not in text:
        return int(number)
    as_float = float(number)
    return as_float if Decimal(repr(as_float)) == number else text


def from_plain(item: dict) -> dict:
    """A plain JSON object as a DynamoDB JSON item (or key)."""
    if not isinstance(item, dict):
        raise ValueError(f"expected a JSON object, got {type(item).__name__}")
    return {name: value_from_plain(value) for name, value in item.items()}


def value_from_plain(value: Any) -> dict:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, (int, float, Decimal)):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [value_from_plain(v) for v in value]}
    if isinstance(value, dict):
        return {"M": from_plain(value)}
    raise ValueError(f"no DynamoDB type for {type(value).__name__}")


__all__ = ["to_plain", "from_plain", "value_to_plain", "value_from_plain"]
