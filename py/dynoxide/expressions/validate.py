"""Binding a parsed expression to one request: placeholders, operands, types.

This is DynamoDB's second round of checks, the one that needs the request's
ExpressionAttributeNames and ExpressionAttributeValues. It walks the syntax
tree children first, left to right, and for each node:

* path: at most 32 elements ("The document path has too many nesting
  levels"), then each `#name` resolved ("An expression attribute name used
  in the document path is not defined");
* value: resolved ("An expression attribute value used in expression is not
  defined");
* operator or function, once its operands are bound: the number of operands,
  each operand's type where it is known before reading the item (a value's
  own type, a function's result type), that the first operand differs from
  the others when both are paths (`a = a`), then the operator's own rules
  (attribute_type's type name, BETWEEN's bounds, IN's 100 operands), and
  finally the count of operators (at most 300 per request expression).

The result is the bound tree (`nodes.Path`, `nodes.Value`) the evaluators
run. Updates and projections are bound action by action in reverse written
order: first every target path (names, then the path tree with its
overlap/conflict checks), then the update values.
"""
from __future__ import annotations

from dynoxide.limits import MAX_IN_OPERANDS, MAX_NESTING_DEPTH
from dynoxide.values.compare import compare as compare_values
from dynoxide.values.attributes import decode_binary, type_tag

from .context import ExpressionContext
from .messages import (BETWEEN_BOUNDS_ORDER, BETWEEN_BOUNDS_TYPES, INVALID_TYPE_NAME,
                       NAME_UNDEFINED, OPERAND_COUNT, OPERAND_TYPE, OPERANDS_NOT_DISTINCT,
                       PATH_REQUIRED, PATH_TOO_DEEP, TOO_MANY_IN_OPERANDS, TOO_MANY_OPERATORS,
                       VALUE_UNDEFINED, problem)
from .nodes import (Action, And, Arith, Between, Call, Compare, In, Not, Or, Path, PathSyntax, Value,
                    ValueRef, format_path)
from .parser import MAX_OPERATORS
from .paths import PathTree


ALL_TYPES = frozenset({"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"})
ORDERED = frozenset({"S", "N", "B"})
STRING_BINARY = frozenset({"S", "B"})
ITERABLE = frozenset({"S", "B", "SS", "NS", "BS", "L", "M"})
LIST = frozenset({"L"})
NUMBER = frozenset({"N"})
BOOLEAN = frozenset({"BOOL"})

# How the service spells "any type" (its internal types included) and the
# type names attribute_type accepts. Both come from unordered sets; this is
# the order the service has been seen to print them in.
ANY_TYPE_SYMBOLS = "{SS,M,DECIMAL,DOUBLESET,HDS,N,B,DICT,INTSET,BOOL,HD,BS,INT,DECIMALSET,NULL,FLOAT,FS,S,L,NS,DOUBLE}"
VALID_TYPE_NAMES = "{N,BS,L,B,NULL,M,S,SS,NS,BOOL}"

# Function -> (operands, operand types, first-operand-distinct rule applies, result types).
FUNCTIONS = {
    "attribute_exists": (1, ALL_TYPES, True, BOOLEAN),
    "attribute_not_exists": (1, ALL_TYPES, True, BOOLEAN),
    "attribute_type": (2, ALL_TYPES, True, BOOLEAN),
    "begins_with": (2, STRING_BINARY, True, BOOLEAN),
    "contains": (2, ALL_TYPES, True, BOOLEAN),
    "size": (1, ITERABLE, True, NUMBER),
    "if_not_exists": (2, ALL_TYPES, True, ALL_TYPES),
    "list_append": (2, LIST, False, LIST),
}
# Type names as the ADD/DELETE operand check prints them.
LONG_TYPE_NAMES = {"S": "STRING", "N": "NUMBER", "B": "BINARY", "BOOL": "BOOLEAN", "NULL": "NULL",
                   "L": "LIST", "M": "MAP", "SS": "STRING_SET", "NS": "NUMBER_SET", "BS": "BINARY_SET"}
ADD_OPERAND_TYPES = frozenset({"N", "SS", "NS", "BS"})
DELETE_OPERAND_TYPES = frozenset({"SS", "NS", "BS"})


class ValueInPath:
    """A `:value` written as a path element (`a.:v`). The grammar admits it;
    DynamoDB fails any request that gets as far as reading the item."""

    __slots__ = ("placeholder",)

    def __init__(self, placeholder: str):
        self.placeholder = placeholder

    def __eq__(self, other) -> bool:
        return isinstance(other, ValueInPath) and other.placeholder == self.placeholder

    def __hash__(self) -> int:
        return hash(self.placeholder)

    def __str__(self) -> str:
        return self.placeholder


class Binder:
    """Binds the syntax trees of one request expression against its context."""

    def __init__(self, ctx: ExpressionContext):
        self.ctx = ctx
        self.operators = 0
        self.heads: set[str] = set()
        self.nested_heads: set[str] = set()

    # --- leaves -----------------------------------------------------------

    def path(self, syntax: PathSyntax) -> Path:
        parts = syntax.parts
        if len(parts) > MAX_NESTING_DEPTH:
            raise problem(PATH_TOO_DEEP, "nesting levels", len(parts))
        elements = []
        for kind, text in parts:
            if kind == "id":
                elements.append(text)
            elif kind == "index":
                elements.append(int(text))
            elif kind == "name":
                name = self.ctx.name(text)
                if name is None:
                    raise problem(NAME_UNDEFINED, "attribute name", text)
                elements.append(name)
            else:
                if self.ctx.peek_value(text) is None:
                    raise problem(NAME_UNDEFINED, "attribute name", text)
                elements.append(ValueInPath(text))
        self.heads.add(elements[0])
        if len(elements) > 1:
            self.nested_heads.add(elements[0])
        return Path(tuple(elements))

    def value(self, syntax: ValueRef) -> Value:
        value = self.ctx.value(syntax.name)
        if value is None:
            raise problem(VALUE_UNDEFINED, "attribute value", syntax.name)
        return Value(value)

    def count(self, operators: int = 1) -> None:
        for _ in range(operators):
            self.operators += 1
            if self.operators > MAX_OPERATORS:
                raise problem(TOO_MANY_OPERATORS, "operator count", self.operators)

    # --- operators --------------------------------------------------------

    def expr(self, node):
        """Bind `node` and everything under it (children first)."""
        if isinstance(node, PathSyntax):
            return self.path(node)
        if isinstance(node, ValueRef):
            return self.value(node)
        if isinstance(node, Call):
            bound = Call(node.name, [self.expr(arg) for arg in node.args])
            self.check_call(bound)
        elif isinstance(node, Compare):
            bound = Compare(node.op, self.expr(node.left), self.expr(node.right))
            types = ALL_TYPES if node.op in ("=", "<>") else ORDERED
            self.check_operands(node.op, [bound.left, bound.right], types, distinct=True)
        elif isinstance(node, Between):
            bound = Between(self.expr(node.subject), self.expr(node.low), self.expr(node.high))
            self.check_operands("BETWEEN", [bound.subject, bound.low, bound.high], ORDERED, distinct=True)
            self.check_between(bound.low, bound.high)
        elif isinstance(node, In):
            subject = self.expr(node.subject)
            bound = In(subject, [self.expr(option) for option in node.options])
            self.check_operands("IN", [subject, *bound.options], ALL_TYPES, distinct=True)
            if len(bound.options) > MAX_IN_OPERANDS:
                raise problem(TOO_MANY_IN_OPERANDS, "number of operands", len(bound.options))
        elif isinstance(node, Arith):
            bound = Arith(node.op, self.expr(node.left), self.expr(node.right))
            self.check_operands(node.op, [bound.left, bound.right], NUMBER, distinct=False)
        elif isinstance(node, (And, Or)):
            bound = type(node)([self.expr(item) for item in node.items])
            self.count(len(bound.items) - 2)
        elif isinstance(node, Not):
            bound = Not(self.expr(node.item))
        else:  # pragma: no cover - the parser builds nothing else
            raise TypeError(type(node).__name__)
        self.count()
        return bound

    def check_call(self, call: Call) -> None:
        arity, operand_types, distinct, _ = FUNCTIONS[call.name]
        if len(call.args) != arity:
            raise problem(OPERAND_COUNT, "operator or function", call.name,
                          "number of operands", len(call.args))
        self.check_operands(call.name, call.args, operand_types, distinct)
        first = call.args[0]
        if call.name in ("attribute_exists", "attribute_not_exists", "if_not_exists"):
            if not isinstance(first, Path):
                raise problem(PATH_REQUIRED, "operator or function", call.name)
        elif call.name == "attribute_type":
            second = call.args[1]
            if not isinstance(second, Value) or type_tag(second.value) != "S":
                raise problem(OPERAND_TYPE, "operator or function", call.name,
                              "operand type", type_symbols(second))
            type_name = second.value["S"]
            if type_name not in ALL_TYPES:
                raise problem(INVALID_TYPE_NAME, "type", type_name, "valid types", VALID_TYPE_NAMES)

    def check_operands(self, name: str, operands: list, types: frozenset, distinct: bool) -> None:
        for operand in operands:
            if not _supports(operand, types):
                raise problem(OPERAND_TYPE, "operator or function", name,
                              "operand type", type_symbols(operand))
        first = operands[0]
        if distinct and len(operands) > 1 and isinstance(first, Path):
            for later in operands[1:]:
                if isinstance(later, Path) and later.elements == first.elements:
                    raise problem(OPERANDS_NOT_DISTINCT, "operator", name,
                                  "first operand", format_path(first.elements))

    def check_between(self, low, high) -> None:
        if not (isinstance(low, Value) and isinstance(high, Value)):
            return
        low_type, high_type = type_tag(low.value), type_tag(high.value)
        if low_type != high_type:
            raise problem(BETWEEN_BOUNDS_TYPES, "lower bound operand", _bound_text(low.value),
                          "upper bound operand", _bound_text(high.value))
        order = compare_values(low.value, high.value)
        if order is not None and order > 0:
            raise problem(BETWEEN_BOUNDS_ORDER, "lower bound operand", _bound_text(low.value),
                          "upper bound operand", _bound_text(high.value))


def _supports(operand, types: frozenset) -> bool:
    if isinstance(operand, Value):
        return type_tag(operand.value) in types
    if isinstance(operand, Call):
        return not FUNCTIONS[operand.name][3].isdisjoint(types)
    if isinstance(operand, Arith):
        return "N" in types
    return True  # a path may hold anything


def type_symbols(operand) -> str:
    """How DynamoDB names an operand's possible types in a type error."""
    if isinstance(operand, Value):
        return type_tag(operand.value)
    if isinstance(operand, Call):
        result = FUNCTIONS[operand.name][3]
        if result is ALL_TYPES:
            return ANY_TYPE_SYMBOLS
        return next(iter(result))
    if isinstance(operand, Arith):
        return "N"
    return ANY_TYPE_SYMBOLS


def _bound_text(value: dict) -> str:
    kind = type_tag(value)
    if kind == "B":
        # The service prints its byte buffer object, not the bytes.
        size = len(decode_binary(value["B"]))
        return f"AttributeValue: {{B:java.nio.HeapByteBuffer[pos=0 lim={size} cap={size}]}}"
    return f"AttributeValue: {{{kind}:{value[kind]}}}"


# --- whole expressions -----------------------------------------------------

def bind_condition(tree, ctx: ExpressionContext) -> tuple:
    """Bind a condition syntax tree: (bound root, binder holding the path heads)."""
    binder = Binder(ctx)
    return binder.expr(tree), binder


def bind_projection(paths: list, ctx: ExpressionContext) -> tuple[PathTree, list, Binder]:
    """Bind projection paths: (path tree, resolved paths in written order, binder)."""
    binder = Binder(ctx)
    tree = PathTree()
    resolved: list = [None] * len(paths)
    for i in range(len(paths) - 1, -1, -1):
        resolved[i] = binder.path(paths[i]).elements
        tree.insert(resolved[i])
    return tree, resolved, binder


def bind_update(sections: list, ctx: ExpressionContext) -> tuple[PathTree, list, Binder]:
    """Bind update sections: (path tree with actions, bound actions in written order, binder)."""
    actions = [action for _, section in sections for action in section]
    binder = Binder(ctx)
    tree = PathTree()
    targets: list = [None] * len(actions)
    for i in range(len(actions) - 1, -1, -1):
        targets[i] = binder.path(actions[i].path)
        bound = Action(actions[i].kind, targets[i])
        actions[i] = (actions[i], bound)
        tree.insert(targets[i].elements, bound)
    result = []
    for i in range(len(actions) - 1, -1, -1):
        syntax, bound = actions[i]
        if syntax.kind == "SET":
            bound.value = binder.expr(syntax.value)
        elif syntax.kind in ("ADD", "DELETE"):
            bound.value = binder.value(syntax.value)
            allowed = ADD_OPERAND_TYPES if syntax.kind == "ADD" else DELETE_OPERAND_TYPES
            kind = type_tag(bound.value.value)
            if kind not in allowed:
                raise problem(OPERAND_TYPE, "operator", syntax.kind,
                              "operand type", LONG_TYPE_NAMES.get(kind, kind),
                              "typeSet", f"ALLOWED_FOR_{syntax.kind}_OPERAND")
        result.append(bound)
    result.reverse()
    return tree, result, binder
