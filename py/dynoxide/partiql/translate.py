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
from ..values.attributes import validate_value
from . import ast
from . import messages as m

# PartiQL names for the set-typed collection of each scalar type.
_SET_OF = {"S": "SS", "N": "NS", "B": "BS"}
# Functions usable as a WHERE predicate, with how many arguments each takes
# (they keep their names in DynamoDB's expression language).
CONDITION_FUNCTIONS = {"begins_with": 2, "contains": 2, "attribute_type": 2, "attribute_exists": 1,
                       "attribute_not_exists": 1}
# Functions usable as a SET value (set_add / set_delete become ADD / DELETE actions).
UPDATE_FUNCTIONS = {"list_append", "if_not_exists"}
SET_FUNCTIONS = ("set_add", "set_delete")
# Operators that order their operands: only strings, numbers and binaries may be ordered.
ORDERED_TYPES = frozenset({"S", "N", "B"})


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
        raise errors.validation(m.UNEXPECTED_PATH_COMPONENT)

    def bind_value(self, node) -> dict | None:
        if isinstance(node, ast.Call):
            raise errors.validation(m.unsupported_value(node.name, node.token))
        if not isinstance(node, ast.VALUE_NODES):
            raise errors.validation(m.UNEXPECTED_PATH_COMPONENT)
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
        # The values layer words duplicates (and checks numbers), as PartiQL reads: the older reader.
        return validate_value({_SET_OF[kind]: [member[kind] for member in members]}, older=True)

    def value(self, node) -> str:
        bound = self.bind_value(node)
        if bound is None:
            raise errors.validation(m.MISSING_NEEDS_IS)
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
            if len(node.args) != 1:
                raise errors.validation(m.operand_count("size", len(node.args)))
            if not isinstance(node.args[0], ast.Path):
                raise errors.validation(m.needs_document_path("size"))
            return f"size({self.path(node.args[0])})"
        if isinstance(node, ast.Call):
            raise errors.validation(m.unrecognized_function(node.name, node.token))
        if isinstance(node, ast.VALUE_NODES):
            return self.value(node)
        raise errors.validation(m.UNEXPECTED_PATH_COMPONENT)

    def condition(self, node) -> str:
        if isinstance(node, ast.And):
            return " AND ".join(f"({self.condition(item)})" for item in node.items)
        if isinstance(node, ast.Or):
            return " OR ".join(f"({self.condition(item)})" for item in node.items)
        if isinstance(node, ast.Not):
            return f"NOT ({self.condition(node.item)})"
        if isinstance(node, ast.Compare):
            tested = _boolean_test(node)
            if tested is not None:
                call, holds = tested
                text = self.call_condition(call)
                return text if holds else f"NOT ({text})"
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
                raise errors.validation(m.IS_NEEDS_PATH)
            path = self.path(node.subject)
            if node.what == "MISSING":
                return f"attribute_exists({path})" if node.negated else f"attribute_not_exists({path})"
            test = f"attribute_type({path}, {self.value(ast.Literal({'S': node.what}))})"
            return f"NOT ({test})" if node.negated else test
        if isinstance(node, ast.Call):
            return self.call_condition(node)
        raise errors.validation(m.WHERE_NOT_BOOLEAN)

    def call_condition(self, node: ast.Call) -> str:
        arity = CONDITION_FUNCTIONS.get(node.name)
        if arity is None:
            raise errors.validation(m.unrecognized_function(node.name, node.token))
        if len(node.args) != arity:
            raise errors.validation(m.operand_count(node.name, len(node.args)))
        if not isinstance(node.args[0], ast.Path):
            raise errors.validation(m.needs_document_path(node.name))
        args = [self.path(node.args[0])] + [self.operand(arg) for arg in node.args[1:]]
        return f"{node.name}({', '.join(args)})"

    # --- updates ----------------------------------------------------------------------
    def update(self, assignments) -> str:
        sections: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
        for assignment in assignments:
            target = self.path(assignment.path)
            if assignment.kind == "REMOVE":
                sections["REMOVE"].append(target)
                continue
            value = assignment.value
            if isinstance(value, ast.Call) and value.name in SET_FUNCTIONS:
                section, operand = self._set_change(assignment.path, value)
                sections[section].append(f"{target} {operand}")
            else:
                sections["SET"].append(f"{target} = {self.set_value(value)}")
        return " ".join(f"{kind} {', '.join(actions)}" for kind, actions in sections.items() if actions)

    def _set_change(self, target: ast.Path, call: ast.Call) -> tuple[str, str]:
        if len(call.args) != 2:
            raise errors.validation(m.set_function_arity(call.name, call.token))
        first, second = call.args
        if first != target:
            raise errors.validation(m.set_function_first_argument(call.name, call.token))
        bound = self.bind_value(second) if isinstance(second, ast.VALUE_NODES) else None
        if bound is None or next(iter(bound)) not in ("SS", "NS", "BS"):
            # DynamoDB points at the first argument here.
            token, length = first.span if first.span is not None else (call.token, len(call.token.raw))
            raise errors.validation(m.set_function_second_argument(call.name, token, length))
        return ("ADD" if call.name == "set_add" else "DELETE"), self.value(second)

    def set_value(self, node) -> str:
        if isinstance(node, ast.Arith):
            return f"{self.set_operand(node.left)} {node.op} {self.set_operand(node.right)}"
        return self.set_operand(node)

    def set_operand(self, node) -> str:
        if isinstance(node, ast.Call):
            if node.name in SET_FUNCTIONS:  # only as the whole value of its own target
                raise errors.validation(m.set_function_first_argument(node.name, node.token))
            if node.name not in UPDATE_FUNCTIONS:
                raise errors.validation(m.unrecognized_function(node.name, node.token))
            if len(node.args) != 2:
                raise errors.validation(m.operand_count(node.name, len(node.args)))
            return f"{node.name}({', '.join(self.set_operand(arg) for arg in node.args)})"
        if isinstance(node, ast.Path):
            return self.path(node)
        if isinstance(node, ast.VALUE_NODES):
            return self.value(node)
        raise errors.validation(m.UNEXPECTED_PATH_COMPONENT)

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


def _boolean_test(node: ast.Compare):
    """`begins_with(a, 'x') = true` and the like: (the call, whether it must hold), else None."""
    if node.op not in ("=", "<>"):
        return None
    for call, other in ((node.left, node.right), (node.right, node.left)):
        if isinstance(call, ast.Call) and call.name in CONDITION_FUNCTIONS and isinstance(other, ast.Literal) \
                and other.value is not None and "BOOL" in other.value:
            return call, other.value["BOOL"] == (node.op == "=")
    return None


def check_operand_types(where, words: Placeholders) -> None:
    """Ordering operators take only strings, numbers and binaries: a literal or
    parameter of another type is refused before anything is read."""
    stack = [where] if where is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.And, ast.Or)):
            stack.extend(node.items)
        elif isinstance(node, ast.Not):
            stack.append(node.item)
        elif isinstance(node, ast.Compare) and node.op not in ("=", "<>"):
            _check_ordered(node.op, (node.left, node.right), words)
        elif isinstance(node, ast.Between):
            _check_ordered("BETWEEN", (node.subject, node.low, node.high), words)


def _check_ordered(operator: str, operands, words: Placeholders) -> None:
    for operand in operands:
        if isinstance(operand, ast.VALUE_NODES):
            value = words.bind_value(operand)
            if value is not None:
                tag = next(iter(value))
                if tag not in ORDERED_TYPES:
                    raise errors.validation(m.operand_type(operator, tag))
