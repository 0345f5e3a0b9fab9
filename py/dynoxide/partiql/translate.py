"""PartiQL expressions as DynamoDB expressions.

A statement's WHERE clause, SET/REMOVE clauses and values become the
ConditionExpression / FilterExpression / UpdateExpression text that the item
API takes, with every name and value behind a placeholder. The statement then
runs through the same operations (PutItem, UpdateItem, Query, the
transactions...) as any other request, so conditions, index upkeep, item
size, 400 KB and ConsumedCapacity cannot drift between PartiQL and the item
API.

Pure: no I/O, no engine. `Placeholders.bind` turns value nodes into
AttributeValues with the request's Parameters.
"""
from __future__ import annotations

from .. import errors
from . import ast

# PartiQL names for the set-typed collection of each scalar type.
_SET_OF = {"S": "SS", "N": "NS", "B": "BS"}
# Functions usable as a WHERE predicate, and their names in DynamoDB's expression language.
CONDITION_FUNCTIONS = {"begins_with": "begins_with", "contains": "contains", "attribute_type": "attribute_type",
                       "exists": "attribute_exists"}
# Functions usable as a SET value (set_add / set_delete become ADD / DELETE actions).
UPDATE_FUNCTIONS = {"list_append", "if_not_exists"}


class Placeholders:
    """Builds expression text with `#pN` names and `:pN` values for one request."""

    def __init__(self, parameters: list[dict] | None):
        self.parameters = parameters or []
        self.names: dict[str, str] = {}
        self.values: dict[str, dict] = {}
        self._by_name: dict[str, str] = {}

    # --- values ------------------------------------------------------------------
    def bind(self, node) -> dict | None:
        """The AttributeValue a value node stands for (None for MISSING)."""
        if isinstance(node, ast.Literal):
            return node.value
        if isinstance(node, ast.Param):
            return self.parameters[node.index]
        if isinstance(node, ast.ListOf):
            return {"L": [self._member(item) for item in node.items]}
        if isinstance(node, ast.MapOf):
            members = {}
            for name, expression in node.entries:
                value = self.bind_value(expression)
                if value is not None:  # a MISSING member is left out
                    members[name] = value
            return {"M": members}
        if isinstance(node, ast.SetOf):
            return self._set(node)
        raise errors.validation("Unsupported operand: a value was expected")

    def bind_value(self, node) -> dict | None:
        if not isinstance(node, ast.VALUE_NODES):
            raise errors.validation("Unsupported operand: only literal values and parameters may appear here")
        return self.bind(node)

    def _member(self, node) -> dict:
        value = self.bind_value(node)
        if value is None:
            raise errors.validation("MISSING is not allowed inside a collection")
        return value

    def _set(self, node: ast.SetOf) -> dict:
        members = [self._member(item) for item in node.items]
        kinds = {next(iter(member)) for member in members}
        if len(kinds) != 1 or next(iter(kinds)) not in _SET_OF:
            raise errors.validation("A set may only hold values of one type: strings, numbers or binaries")
        kind = next(iter(kinds))
        return {_SET_OF[kind]: [member[kind] for member in members]}

    def value(self, node) -> str:
        bound = self.bind_value(node)
        if bound is None:
            raise errors.validation("MISSING is not a value that can be compared or written")
        placeholder = f":p{len(self.values)}"
        self.values[placeholder] = bound
        return placeholder

    # --- names and paths ----------------------------------------------------------
    def name(self, name: str) -> str:
        placeholder = self._by_name.get(name)
        if placeholder is None:
            placeholder = self._by_name[name] = f"#p{len(self._by_name)}"
            self.names[placeholder] = name
        return placeholder

    def path(self, path: ast.Path) -> str:
        text = self.name(path.elements[0])
        for element in path.elements[1:]:
            text += f"[{element}]" if isinstance(element, int) else "." + self.name(element)
        return text

    # --- conditions -----------------------------------------------------------------
    def operand(self, node) -> str:
        if isinstance(node, ast.Path):
            return self.path(node)
        if isinstance(node, ast.Call) and node.name == "size":
            if len(node.args) != 1 or not isinstance(node.args[0], ast.Path):
                raise errors.validation("Incorrect number of arguments for function: size")
            return f"size({self.path(node.args[0])})"
        if isinstance(node, ast.VALUE_NODES):
            return self.value(node)
        raise errors.validation("Unsupported operand in a condition")

    def condition(self, node) -> str:
        if isinstance(node, ast.And):
            return " AND ".join(f"({self.condition(item)})" for item in node.items)
        if isinstance(node, ast.Or):
            return " OR ".join(f"({self.condition(item)})" for item in node.items)
        if isinstance(node, ast.Not):
            return f"NOT ({self.condition(node.item)})"
        if isinstance(node, ast.Compare):
            return f"{self.operand(node.left)} {node.op} {self.operand(node.right)}"
        if isinstance(node, ast.Between):
            text = f"{self.operand(node.subject)} BETWEEN {self.operand(node.low)} AND {self.operand(node.high)}"
            return f"NOT ({text})" if node.negated else text
        if isinstance(node, ast.In):
            options = ", ".join(self.operand(option) for option in node.options)
            text = f"{self.operand(node.subject)} IN ({options})"
            return f"NOT ({text})" if node.negated else text
        if isinstance(node, ast.Is):
            if not isinstance(node.subject, ast.Path):
                raise errors.validation(f"IS {node.what} needs an attribute path")
            path = self.path(node.subject)
            if node.what == "MISSING":
                return f"attribute_exists({path})" if node.negated else f"attribute_not_exists({path})"
            test = f"attribute_type({path}, {self.value(ast.Literal({'S': 'NULL'}))})"
            return f"NOT ({test})" if node.negated else test
        if isinstance(node, ast.Call):
            return self.call_condition(node)
        raise errors.validation("Unsupported expression in a WHERE clause: a condition was expected")

    def call_condition(self, node: ast.Call) -> str:
        function = CONDITION_FUNCTIONS.get(node.name)
        if function is None:
            raise errors.validation(f"Unsupported function in a condition: {node.name}")
        expected = 1 if node.name == "exists" else 2
        if len(node.args) != expected:
            raise errors.validation(f"Incorrect number of arguments for function: {node.name}")
        if not isinstance(node.args[0], ast.Path):
            raise errors.validation(f"The first argument of {node.name} must be an attribute path")
        args = [self.path(node.args[0])] + [self.operand(arg) for arg in node.args[1:]]
        return f"{function}({', '.join(args)})"

    # --- updates ----------------------------------------------------------------------
    def update(self, assignments) -> str:
        sections: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
        for assignment in assignments:
            target = self.path(assignment.path)
            if assignment.kind == "REMOVE":
                sections["REMOVE"].append(target)
                continue
            value = assignment.value
            if isinstance(value, ast.Call) and value.name in ("set_add", "set_delete"):
                section, operand = self._set_change(assignment.path, value)
                sections[section].append(f"{target} {operand}")
            else:
                sections["SET"].append(f"{target} = {self.set_value(value)}")
        return " ".join(f"{kind} {', '.join(actions)}" for kind, actions in sections.items() if actions)

    def _set_change(self, target: ast.Path, call: ast.Call) -> tuple[str, str]:
        if len(call.args) != 2:
            raise errors.validation(f"Incorrect number of arguments for function: {call.name}")
        if call.args[0] != target:
            raise errors.validation(f"The first argument of {call.name} must be the attribute being set")
        return ("ADD" if call.name == "set_add" else "DELETE"), self.value(call.args[1])

    def set_value(self, node) -> str:
        if isinstance(node, ast.Arith):
            return f"{self.set_operand(node.left)} {node.op} {self.set_operand(node.right)}"
        return self.set_operand(node)

    def set_operand(self, node) -> str:
        if isinstance(node, ast.Call):
            if node.name not in UPDATE_FUNCTIONS:
                raise errors.validation(f"Unsupported function in an update: {node.name}")
            if len(node.args) != 2:
                raise errors.validation(f"Incorrect number of arguments for function: {node.name}")
            return f"{node.name}({', '.join(self.set_operand(arg) for arg in node.args)})"
        if isinstance(node, ast.Path):
            return self.path(node)
        if isinstance(node, ast.VALUE_NODES):
            return self.value(node)
        raise errors.validation("Unsupported operand in a SET clause")

    def request_members(self) -> dict:
        """ExpressionAttributeNames/Values for the expressions written so far."""
        members: dict = {}
        if self.names:
            members["ExpressionAttributeNames"] = self.names
        if self.values:
            members["ExpressionAttributeValues"] = self.values
        return members


def conjuncts(where) -> list:
    """The top-level AND terms of a WHERE clause."""
    if where is None:
        return []
    return list(where.items) if isinstance(where, ast.And) else [where]


def key_equality(term, name: str):
    """The value node of `name = value` (either way round) when `term` is one, else None."""
    if not isinstance(term, ast.Compare) or term.op != "=":
        return None
    for side, other in ((term.left, term.right), (term.right, term.left)):
        if side == ast.Path((name,)) and isinstance(other, ast.VALUE_NODES):
            return other
    return None


def join_conditions(terms: list) -> object | None:
    if not terms:
        return None
    return terms[0] if len(terms) == 1 else ast.And(tuple(terms))
