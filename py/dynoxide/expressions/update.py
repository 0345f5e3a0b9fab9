"""Applying an UpdateExpression (or legacy AttributeUpdates) to an item.

DynamoDB applies all actions at once to the item as it was: every SET value
is computed from the *old* item (so `SET a = b, b = a` swaps), and the new
item is rebuilt along the path tree of all action targets:

* Every intermediate step of a target path must already exist with the
  right shape (a map for ".name", a list for "[i]"); otherwise "The document
  path provided in the update expression is invalid for update". This holds
  for REMOVE, ADD and DELETE too; only the last step may be absent.
* Lists are rebuilt in index order and compacted: SET past the end appends
  (in index order when several do), REMOVE of an element shifts the rest,
  REMOVE past the end does nothing.
* SET of a value that does not resolve (a missing path, if_not_exists whose
  default is missing) fails with "The provided expression refers to an
  attribute that does not exist in the item"; `+`, `-` and list_append on
  the wrong types fail with "An operand in the update expression has an
  incorrect data type".
* ADD on a missing attribute stores the operand; on a number it adds, on a
  set it unions (same set type only). DELETE on a missing attribute does
  nothing; it removes elements from a set of the same type and removes the
  attribute when the set becomes empty.

Tree levels are visited in the service's (Java HashMap) order, which only
decides which error is reported when several actions would fail.

Legacy AttributeUpdates use the same machinery with `legacy=True`: their
type mismatches read "Type mismatch for attribute to update" and ADD may
also append to a list.
"""
from __future__ import annotations

from dynoxide.errors import validation
from dynoxide.limits import MAX_NESTING_DEPTH
from dynoxide.values import numbers
from dynoxide.values.size import (UPDATE_LIST_INDEX_COST, UPDATE_REMOVE_ACTION_COST, UPDATE_STATEMENT_COST,
                                  UPDATE_WRITE_ACTION_COST, item_size)
from dynoxide.values.attributes import decode_binary, set_order, type_tag

from .condition import resolve
from .messages import (ATTRIBUTE_MISSING, LEGACY_TYPE_MISMATCH, NESTING_TOO_DEEP,
                       OPERAND_WRONG_TYPE, PATH_INVALID_FOR_UPDATE)
from .nodes import Arith, Call, Path, Value
from .paths import PathTree
from .projection import Projection


class UpdateExpression:
    """A bound update: its path tree and actions (`nodes.Action`, written order)."""

    __slots__ = ("tree", "actions", "legacy", "_nested")

    def __init__(self, tree: PathTree, actions: list, legacy: bool = False, nested=()):
        self.tree = tree
        self.actions = actions
        self.legacy = legacy
        self._nested = frozenset(nested)

    def top_level_names(self) -> set[str]:
        """The attributes at the roots of the update's target paths."""
        return {action.path.elements[0] for action in self.actions}

    def nested_top_level_names(self) -> set[str]:
        """Roots of paths that go deeper (in targets and in SET values)."""
        return set(self._nested)

    def statement_size(self, new: dict) -> int:
        """What DynamoDB's UpdateItem measures against 400 KB besides the item
        it stores: the top-level attributes the statement writes, as they end
        up in `new`, plus each action's fixed cost (see `values.size`). The key
        and the attributes left alone are not in it."""
        cost = UPDATE_STATEMENT_COST
        written = set()
        for action in self.actions:
            if action.kind in ("REMOVE", "DELETE"):
                cost += UPDATE_REMOVE_ACTION_COST
            else:
                cost += UPDATE_WRITE_ACTION_COST
                if any(isinstance(step, int) for step in action.path.elements):
                    cost += UPDATE_LIST_INDEX_COST
            if action.kind != "REMOVE":
                written.add(action.path.elements[0])
        return cost + item_size({name: new[name] for name in written if name in new})

    def touched(self) -> Projection:
        """The paths the update writes, as a projection (for UPDATED_OLD/NEW)."""
        return Projection(self.tree, [action.path.elements for action in self.actions])

    def apply(self, item: dict | None) -> dict:
        """The new item; `item` is not modified."""
        old = item if item is not None else {}
        return _Applier(old, self.legacy).rebuild_map(self.tree, old, [])


class _Applier:
    def __init__(self, old: dict, legacy: bool):
        self.old = old
        self.legacy = legacy

    def rebuild_map(self, tree: PathTree, entries: dict, at: list) -> dict:
        results = {}
        for key in tree.ordered():
            if not isinstance(key, str):
                raise validation(PATH_INVALID_FOR_UPDATE)
            results[key] = self.rebuild_child(tree, key, entries.get(key), at)
        out = {}
        for key, value in entries.items():
            if key in results:
                if results[key] is not None:
                    out[key] = results[key]
            else:
                out[key] = value
        for key, value in results.items():
            if key not in entries and value is not None:
                out[key] = value
        return out

    def rebuild_list(self, tree: PathTree, elements: list, at: list) -> list:
        results = {}
        for key in tree.ordered():
            if not isinstance(key, int):
                raise validation(PATH_INVALID_FOR_UPDATE)
            current = elements[key] if key < len(elements) else None
            results[key] = self.rebuild_child(tree, key, current, at)
        merged = {i: v for i, v in enumerate(elements) if i not in results}
        merged.update((i, v) for i, v in results.items() if v is not None)
        return [merged[i] for i in sorted(merged)]

    def rebuild_child(self, tree: PathTree, key, current, at: list):
        subtree = tree.children[key]
        if subtree is None:
            result = self.action_result(tree.actions[key], current)
            if result is not None:
                _check_depth(result, len(at) + 1)
            return result
        if current is None:
            raise validation(PATH_INVALID_FOR_UPDATE)
        at.append(key)
        try:
            if "M" in current:
                return {"M": self.rebuild_map(subtree, current["M"], at)}
            if "L" in current:
                return {"L": self.rebuild_list(subtree, current["L"], at)}
            raise validation(PATH_INVALID_FOR_UPDATE)
        finally:
            at.pop()

    # --- actions ----------------------------------------------------------

    def action_result(self, action, current):
        kind = action.kind
        if kind == "SET":
            value = self.value(action.value)
            if value is None:
                raise validation(ATTRIBUTE_MISSING)
            return value
        if kind == "REMOVE":
            return None
        operand = action.value.value
        if kind == "ADD":
            return self.add(current, operand)
        return self.delete(current, operand)

    def mismatch(self):
        return validation(LEGACY_TYPE_MISMATCH if self.legacy else OPERAND_WRONG_TYPE)

    def add(self, current, operand: dict) -> dict:
        if current is None:
            return operand
        kind = type_tag(operand)
        if type_tag(current) != kind:
            raise self.mismatch()
        if kind == "N":
            return {"N": numbers.add(current["N"], operand["N"])}
        if kind == "L":  # legacy AttributeUpdates only
            return {"L": current["L"] + operand["L"]}
        return {kind: _union(kind, current[kind], operand[kind])}

    def delete(self, current, operand: dict):
        if current is None:
            return None
        kind = type_tag(operand)
        if type_tag(current) != kind:
            raise self.mismatch()
        remaining = _difference(kind, current[kind], operand[kind])
        return {kind: remaining} if remaining else None

    # --- SET values -------------------------------------------------------

    def value(self, node):
        if isinstance(node, Path):
            return resolve(self.old, node.elements)
        if isinstance(node, Value):
            return node.value
        if isinstance(node, Arith):
            left, right = self.value(node.left), self.value(node.right)
            self.require((left, right), "N")
            apply = numbers.add if node.op == "+" else numbers.subtract
            return {"N": apply(left["N"], right["N"])}
        if isinstance(node, Call):
            first, second = (self.value(arg) for arg in node.args)
            if node.name == "if_not_exists":
                if second is None:
                    raise validation(ATTRIBUTE_MISSING)
                return first if first is not None else second
            self.require((first, second), "L")  # list_append
            return {"L": first["L"] + second["L"]}
        raise TypeError(type(node).__name__)

    def require(self, operands, kind: str) -> None:
        """Operands checked in order: missing first, then the type."""
        for operand in operands:
            if operand is None:
                raise validation(ATTRIBUTE_MISSING)
            if type_tag(operand) != kind:
                raise validation(OPERAND_WRONG_TYPE)


def _set_key(kind: str):
    if kind == "NS":
        return numbers.canonicalize
    if kind == "BS":
        return decode_binary
    return lambda element: element


def _union(kind: str, current: list, extra: list) -> list:
    """The members of both, in DynamoDB's order of a set (`set_order`)."""
    key = _set_key(kind)
    seen = {key(element) for element in current}
    out = list(current)
    for element in extra:
        k = key(element)
        if k not in seen:
            seen.add(k)
            out.append(element)
    out.sort(key=set_order(kind))
    return out


def _difference(kind: str, current: list, removed: list) -> list:
    key = _set_key(kind)
    drop = {key(element) for element in removed}
    return [element for element in current if key(element) not in drop]


def _check_depth(value: dict, level: int) -> None:
    """Refuse a written value whose maps/lists would sit 32 levels deep or more
    (the item itself is level 0, a top-level attribute level 1)."""
    stack = [(value, level)]
    while stack:
        node, depth = stack.pop()
        kind = type_tag(node)
        if kind not in ("M", "L"):
            continue
        if depth >= MAX_NESTING_DEPTH:
            raise validation(NESTING_TOO_DEEP)
        children = node[kind].values() if kind == "M" else node[kind]
        stack.extend((child, depth + 1) for child in children)
