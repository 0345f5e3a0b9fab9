"""Condition and filter evaluation over DynamoDB-JSON items.

The rules, as DynamoDB applies them:

* A path that does not resolve (missing attribute, a map key on a list, an
  index past the end) is *missing*. Every comparison with a missing operand
  is false except `<>`, which is true; `IN` and `BETWEEN` are false.
* `=` / `<>` compare deeply: numbers by value, sets ignoring order, lists in
  order, maps by key. Operands of different types are simply unequal.
* `<`, `<=`, `>`, `>=` and BETWEEN order only S (by UTF-8 bytes), N
  (numerically) and B (by bytes) against the same type; anything else is
  false, not an error.
* `size()` is the length of a string in UTF-16 code units, of a binary in
  bytes, and the element count of a set, list or map; it is missing for
  numbers, booleans and nulls (so a comparison with it is false).
* `contains(a, b)`: substring for S/B (same type), membership for sets
  (SS with S, NS with N, BS with B) and lists (deep equality).
* `begins_with(a, b)`: a prefix test between two strings or two binaries.
* `attribute_type(a, :t)`: the type tag of a equals the string :t.

A condition on an item that does not exist is evaluated against an empty item.
"""
from __future__ import annotations

from dynoxide.errors import internal
from dynoxide.values.compare import compare as compare_values, equals
from dynoxide.values import numbers
from dynoxide.values.attributes import decode_binary, type_tag

from .nodes import And, Between, Call, Compare, In, Not, Or, Path, Value
from .validate import ORDERED


class Condition:
    """A bound ConditionExpression/FilterExpression (or a converted Expected,
    QueryFilter or ScanFilter), ready to evaluate against items.

    `top_level_names()` are the attributes at the roots of its paths;
    `nested_top_level_names()` those reached with "." or "[ ]" (DynamoDB
    refuses that on key attributes).
    """

    __slots__ = ("root", "kind", "_heads", "_nested")

    def __init__(self, root, kind: str = "ConditionExpression", heads=(), nested=()):
        self.root = root
        self.kind = kind
        self._heads = frozenset(heads)
        self._nested = frozenset(nested)

    def evaluate(self, item: dict | None) -> bool:
        return evaluate(self.root, item if item is not None else {})

    def top_level_names(self) -> set[str]:
        return set(self._heads)

    def nested_top_level_names(self) -> set[str]:
        return set(self._nested)


def resolve(item: dict, elements: tuple):
    """The AttributeValue at a path in an item, or None when missing."""
    current = item.get(elements[0])
    for element in elements[1:]:
        if current is None:
            return None
        if isinstance(element, str):
            children = current.get("M")
            current = children.get(element) if isinstance(children, dict) else None
        elif isinstance(element, int):
            children = current.get("L")
            current = children[element] if isinstance(children, list) and element < len(children) else None
        else:
            # A `:value` inside a document path: DynamoDB fails with an internal error.
            raise internal()
    return current


def operand(node, item: dict):
    """The value of an operand node (None when missing)."""
    if isinstance(node, Path):
        return resolve(item, node.elements)
    if isinstance(node, Value):
        return node.value
    if isinstance(node, Call) and node.name == "size":
        return size_of(operand(node.args[0], item))
    raise TypeError(f"not an operand: {type(node).__name__}")


def evaluate(node, item: dict) -> bool:
    """Evaluate a bound condition node against an item (a dict of attributes)."""
    if isinstance(node, And):
        return all(evaluate(child, item) for child in node.items)
    if isinstance(node, Or):
        return any(evaluate(child, item) for child in node.items)
    if isinstance(node, Not):
        return not evaluate(node.item, item)
    if isinstance(node, Compare):
        return compare(node.op, operand(node.left, item), operand(node.right, item))
    if isinstance(node, Between):
        subject, low, high = (operand(n, item) for n in (node.subject, node.low, node.high))
        if any(v is not None and type_tag(v) not in ORDERED for v in (subject, low, high)):
            return False
        return compare(">=", subject, low) and compare("<=", subject, high)
    if isinstance(node, In):
        subject = operand(node.subject, item)
        return subject is not None and any(
            equals(subject, value) for value in (operand(o, item) for o in node.options)
            if value is not None)
    if isinstance(node, Call):
        return call(node, item)
    raise TypeError(f"not a condition: {type(node).__name__}")


def compare(op: str, left, right) -> bool:
    if op == "=":
        return left is not None and right is not None and equals(left, right)
    if op == "<>":
        return not (left is not None and right is not None and equals(left, right))
    if left is None or right is None:
        return False
    order = compare_values(left, right)
    if order is None:
        return False
    if op == "<":
        return order < 0
    if op == "<=":
        return order <= 0
    if op == ">":
        return order > 0
    return order >= 0


def call(node: Call, item: dict) -> bool:
    name = node.name
    if name == "attribute_exists":
        return operand(node.args[0], item) is not None
    if name == "attribute_not_exists":
        return operand(node.args[0], item) is None
    first, second = (operand(arg, item) for arg in node.args)
    if name == "attribute_type":
        return first is not None and type_tag(first) == second.get("S")
    if name == "begins_with":
        return begins_with(first, second)
    if name == "contains":
        return contains(first, second)
    raise TypeError(f"not a condition function: {name}")


def begins_with(value, prefix) -> bool:
    kind = type_tag(value)
    if value is None or prefix is None or kind not in ("S", "B") or kind != type_tag(prefix):
        return False
    if kind == "S":
        return value["S"].startswith(prefix["S"])
    return decode_binary(value["B"]).startswith(decode_binary(prefix["B"]))


def contains(container, member) -> bool:
    if container is None or member is None:
        return False
    kind, member_kind = type_tag(container), type_tag(member)
    if kind == "S":
        return member_kind == "S" and member["S"] in container["S"]
    if kind == "B":
        return member_kind == "B" and decode_binary(member["B"]) in decode_binary(container["B"])
    if kind == "L":
        return any(equals(element, member) for element in container["L"])
    if kind == "SS":
        return member_kind == "S" and member["S"] in container["SS"]
    if kind == "NS":
        if member_kind != "N":
            return False
        wanted = numbers.canonicalize(member["N"])
        return any(numbers.canonicalize(n) == wanted for n in container["NS"])
    if kind == "BS":
        if member_kind != "B":
            return False
        wanted = decode_binary(member["B"])
        return any(decode_binary(b) == wanted for b in container["BS"])
    return False


def size_of(value):
    """The size() of a value as an N AttributeValue, or None where undefined."""
    kind = type_tag(value)
    if kind == "S":
        count = len(value["S"].encode("utf-16-le")) // 2
    elif kind == "B":
        count = len(decode_binary(value["B"]))
    elif kind in ("SS", "NS", "BS", "L", "M"):
        count = len(value[kind])
    else:
        return None
    return {"N": str(count)}
