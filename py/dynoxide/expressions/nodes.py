"""The expression AST.

The parser builds a *syntax* tree: paths keep their parts as written
(`PathSyntax`, placeholders unresolved) and values are `ValueRef`s. That tree
depends only on the expression text, so it is cached. Binding a syntax tree
to one request's ExpressionAttributeNames/Values (`validate.py`) produces the
*bound* tree the evaluators run: `Path` holds resolved names and list
indexes, `Value` holds the AttributeValue itself. Operator nodes are shared
by both trees; only their operands differ.

AND and OR chains are n-ary (`items`), so a long chain is a flat list rather
than a deep tree: evaluation then never recurses once per clause.
"""
from __future__ import annotations


class Node:
    __slots__ = ("parens",)

    def __init__(self):
        # Set by the parser when the node was written inside "( )", so a
        # second pair around it can be reported as redundant.
        self.parens = False


# --- operands ---------------------------------------------------------------

class PathSyntax(Node):
    """A document path as written: parts are ("id", text), ("name", "#n"),
    ("index", digits) or ("value", ":v") (the grammar admits a value
    placeholder after a dot; DynamoDB then fails the request)."""

    __slots__ = ("parts",)

    def __init__(self, parts: list[tuple[str, str]]):
        super().__init__()
        self.parts = parts


class ValueRef(Node):
    """A `:placeholder` operand."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        super().__init__()
        self.name = name


class Path(Node):
    """A resolved document path: attribute names (str) and list indexes (int)."""

    __slots__ = ("elements",)

    def __init__(self, elements: tuple):
        super().__init__()
        self.elements = elements

    def __repr__(self) -> str:
        return f"Path({format_path(self.elements)})"


class Value(Node):
    """A resolved operand value (an AttributeValue dict)."""

    __slots__ = ("value",)

    def __init__(self, value: dict):
        super().__init__()
        self.value = value

    def __repr__(self) -> str:
        return f"Value({self.value!r})"


class Call(Node):
    """A function call, as an operand (size, if_not_exists, list_append) or
    as a condition (attribute_exists, begins_with, ...). `name` is as written;
    function names are case-sensitive."""

    __slots__ = ("name", "args")

    def __init__(self, name: str, args: list):
        super().__init__()
        self.name = name
        self.args = args


class Arith(Node):
    """`left + right` or `left - right` in a SET action."""

    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left, right):
        super().__init__()
        self.op = op
        self.left = left
        self.right = right


# --- conditions -------------------------------------------------------------

class Compare(Node):
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left, right):
        super().__init__()
        self.op = op
        self.left = left
        self.right = right


class Between(Node):
    __slots__ = ("subject", "low", "high")

    def __init__(self, subject, low, high):
        super().__init__()
        self.subject = subject
        self.low = low
        self.high = high


class In(Node):
    __slots__ = ("subject", "options")

    def __init__(self, subject, options: list):
        super().__init__()
        self.subject = subject
        self.options = options


class And(Node):
    __slots__ = ("items",)

    def __init__(self, items: list):
        super().__init__()
        self.items = items


class Or(Node):
    __slots__ = ("items",)

    def __init__(self, items: list):
        super().__init__()
        self.items = items


class Not(Node):
    __slots__ = ("item",)

    def __init__(self, item):
        super().__init__()
        self.item = item


# --- update actions -----------------------------------------------------------

class Action:
    """One update action: `kind` is SET, REMOVE, ADD or DELETE; `value` is
    the SET value expression or the ADD/DELETE operand (None for REMOVE)."""

    __slots__ = ("kind", "path", "value")

    def __init__(self, kind: str, path, value=None):
        self.kind = kind
        self.path = path
        self.value = value


def format_path(elements) -> str:
    """A resolved path as DynamoDB prints it in messages: "[a, b, [0]]"."""
    return "[" + ", ".join(f"[{e}]" if isinstance(e, int) else e for e in elements) + "]"
