"""Checks that need only the parsed text, in the order DynamoDB makes them.

After a successful parse DynamoDB walks the tree once, in the order the
expression is written, and stops at the first of these problems:

* a literal path name that is a reserved word;
* a list index above 2^31 - 1;
* an unknown function name (names are case-sensitive);
* a function in the wrong kind of expression (if_not_exists and
  list_append only in updates, the others only in conditions);
* a function in the wrong place: in a condition, size only as an operand and
  the boolean functions only as a whole condition; in an update, nothing but
  if_not_exists nested inside another function or inside + / -;
* an update section keyword used twice (found when the second section ends).

Because these depend on nothing but the text, they run once per distinct
expression and their outcome is cached with the parse.
"""
from __future__ import annotations

from .messages import (DUPLICATE_SECTION, FUNCTION_MISPLACED, INVALID_FUNCTION_NAME,
                       INVALID_LIST_INDEX, NOT_A_CONDITION_FUNCTION, NOT_AN_UPDATE_FUNCTION,
                       RESERVED_KEYWORD, problem)
from .nodes import And, Arith, Between, Call, Compare, In, Not, Or, PathSyntax, ValueRef
from .reserved import is_reserved

# Function name -> (number of operands, whether it yields a boolean).
CONDITION_FUNCTIONS = {
    "attribute_exists": (1, True),
    "attribute_not_exists": (1, True),
    "attribute_type": (2, True),
    "begins_with": (2, True),
    "contains": (2, True),
    "size": (1, False),
}
UPDATE_FUNCTIONS = {
    "if_not_exists": (2, False),
    "list_append": (2, False),
}
MAX_LIST_INDEX = 2**31 - 1


def check_condition(tree) -> None:
    _walk(tree, 0, "condition")


def check_projection(paths: list) -> None:
    for path in paths:
        _walk(path, 0, "projection")


def check_update(sections: list) -> None:
    seen = set()
    for keyword, actions in sections:
        for action in actions:
            _walk(action.path, 0, "update")
            if action.value is not None:
                _walk(action.value, 0, "update")
        if keyword in seen:
            raise problem(DUPLICATE_SECTION.format(keyword))
        seen.add(keyword)


def _walk(node, nesting: int, family: str) -> None:
    """Visit `node` in written order. `nesting` counts enclosing operators
    and functions (0 = the node stands as a whole condition or SET value)."""
    if isinstance(node, PathSyntax):
        for kind, text in node.parts:
            if kind == "id" and is_reserved(text):
                raise problem(RESERVED_KEYWORD, "reserved keyword", text)
            if kind == "index" and int(text) > MAX_LIST_INDEX:
                raise problem(INVALID_LIST_INDEX, "index", f"[{text}]")
    elif isinstance(node, ValueRef):
        return
    elif isinstance(node, Call):
        _check_function(node.name, nesting, family)
        for arg in node.args:
            _walk(arg, nesting + 1, family)
    elif isinstance(node, Compare):
        _walk(node.left, nesting + 1, family)
        _walk(node.right, nesting + 1, family)
    elif isinstance(node, Between):
        for operand in (node.subject, node.low, node.high):
            _walk(operand, nesting + 1, family)
    elif isinstance(node, In):
        _walk(node.subject, nesting + 1, family)
        for operand in node.options:
            _walk(operand, nesting + 1, family)
    elif isinstance(node, Arith):
        _walk(node.left, nesting + 1, family)
        _walk(node.right, nesting + 1, family)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            _walk(item, nesting, family)
    elif isinstance(node, Not):
        _walk(node.item, nesting, family)


def _check_function(name: str, nesting: int, family: str) -> None:
    if name not in CONDITION_FUNCTIONS and name not in UPDATE_FUNCTIONS:
        raise problem(INVALID_FUNCTION_NAME, "function", name)
    if family == "update":
        if name not in UPDATE_FUNCTIONS:
            raise problem(NOT_AN_UPDATE_FUNCTION, "function", name)
        if nesting > 0 and name != "if_not_exists":
            raise problem(FUNCTION_MISPLACED, "function", name)
        return
    if name not in CONDITION_FUNCTIONS:
        raise problem(NOT_A_CONDITION_FUNCTION, "function", name)
    is_boolean = CONDITION_FUNCTIONS[name][1]
    if (nesting == 0 and not is_boolean) or (nesting > 0 and name != "size"):
        raise problem(FUNCTION_MISPLACED, "function", name)
