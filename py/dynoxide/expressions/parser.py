"""The expression grammar, and a recursive-descent parser that follows it.

This is DynamoDB's expression language as the service parses it. Each rule
below is one method of `Parser` with the same name; tokens are described in
`tokens.py` (ID, NAME "#n", VALUE ":v", INDEX, keywords, symbols).

    projection_expression := path ("," path)* EOF

    condition_expression  := condition EOF
    condition             := conjunction ("OR" conjunction)*
    conjunction           := negation ("AND" negation)*
    negation              := "NOT" negation | primary
    primary               := "(" condition ")"
                           | operand comparator operand
                           | operand "BETWEEN" operand "AND" operand
                           | operand "IN" "(" operand ("," operand)* ")"
                           | function
    comparator            := "=" | "<>" | "<" | "<=" | ">" | ">="

    update_expression     := section+ EOF
    section               := "SET" set_action ("," set_action)*
                           | "REMOVE" path ("," path)*
                           | "ADD" path VALUE ("," path VALUE)*
                           | "DELETE" path VALUE ("," path VALUE)*
    set_action            := path "=" set_value
    set_value             := operand | arithmetic
    arithmetic            := operand ("+" | "-") operand | "(" arithmetic ")"

    operand               := path | VALUE | function | "(" operand ")"
    function              := ID "(" operand ("," operand)* ")"
    path                  := (ID | NAME) ("." (ID | NAME | VALUE) | "[" INDEX "]")*

Precedence is NOT over AND over OR. Keywords are case-insensitive; function
names are not. What may be *called* where (size only as an operand,
if_not_exists only in updates, ...) is not the grammar's business: those
rules live in `static.py` so their errors come in DynamoDB's order.

Two places need more than one token of lookahead, and the parser settles
them without backtracking:

* A condition starting with "(" is either a grouped condition "(a = b)" or
  a parenthesised first operand "(a) = b". `primary` parses the inside as a
  condition that may also be a lone operand, and decides once it sees what
  follows the ")".
* A SET value starting with "(" is either "(operand)" or "(arithmetic)";
  `set_term` likewise decides after the operand inside.

Parentheses directly around something that is already parenthesised,
"((a = b))" or "((a)) = b", are an error ("redundant parentheses"), raised
the moment the outer ")" is read, as DynamoDB does, even if the text after
it holds a syntax error. A syntax error names the token where reading
stopped (see `tokens.near` for the quoted context).

Nesting ("(", NOT and function calls) is limited to `MAX_DEPTH` levels so
hostile input cannot exhaust the Python stack (parsing, binding and
evaluating stay within a few hundred frames). Deeper nesting is refused as
"too many operators": DynamoDB would accept it up to its 300-operator limit,
but no real expression nests a hundred levels.
"""
from __future__ import annotations

from dynoxide.limits import MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_OPERATORS

from . import nodes
from .messages import (REDUNDANT_PARENTHESES, SYNTAX_ERROR, TOO_MANY_OPERATORS,
                       ExpressionProblem, problem)
from .nodes import (And, Arith, Between, Call, Compare, In, Not, Or, PathSyntax,
                    ValueRef)
from .tokens import COMPARATORS, EOF, near, tokenize

MAX_DEPTH = MAX_EXPRESSION_DEPTH
MAX_OPERATORS = MAX_EXPRESSION_OPERATORS
SECTION_KEYWORDS = ("SET", "REMOVE", "ADD", "DELETE")
_OPERANDS = (PathSyntax, ValueRef, Call)


class _Bare:
    """A lone operand found where a condition was being read, inside "( )".

    Only legal when the ")" follows directly; the caller then decides
    whether "(operand)" starts a comparison or is a grouped function call.
    """

    __slots__ = ("node",)

    def __init__(self, node):
        self.node = node


class Parser:
    def __init__(self, source: str):
        self.source = source
        self.tokens = tokenize(source)
        self.pos = 0
        self.depth = 0

    # --- token plumbing ---------------------------------------------------

    def peek(self, offset: int = 0):
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else self.tokens[-1]

    def at(self, *kinds: str) -> bool:
        return self.tokens[self.pos].kind in kinds

    def advance(self):
        token = self.tokens[self.pos]
        if token.kind != EOF:
            self.pos += 1
        return token

    def expect(self, kind: str):
        if self.tokens[self.pos].kind != kind:
            self.fail()
        return self.advance()

    def expect_end(self) -> None:
        if not self.at(EOF):
            self.fail()

    def fail(self):
        token = self.tokens[self.pos]
        raise problem(SYNTAX_ERROR, "token", f'"{token.text}"',
                      "near", f'"{near(self.source, self.tokens, self.pos)}"')

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise problem(TOO_MANY_OPERATORS, "operator count", MAX_OPERATORS + 1)

    def leave(self) -> None:
        self.depth -= 1

    @staticmethod
    def wrap(node):
        """Record that `node` was written in parentheses."""
        if node.parens:
            raise problem(REDUNDANT_PARENTHESES)
        node.parens = True
        return node

    # --- projections ------------------------------------------------------

    def projection_expression(self) -> list:
        paths = [self.path()]
        while self.at(","):
            self.advance()
            paths.append(self.path())
        self.expect_end()
        return paths

    # --- conditions -------------------------------------------------------

    def condition_expression(self):
        node = self.condition()
        self.expect_end()
        return node

    def condition(self, bare_ok: bool = False):
        first = self.conjunction(bare_ok)
        if isinstance(first, _Bare):
            return first
        items = [first]
        while self.at("OR"):
            self.advance()
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else Or(items)

    def conjunction(self, bare_ok: bool = False):
        first = self.negation(bare_ok)
        if isinstance(first, _Bare):
            return first
        items = [first]
        while self.at("AND"):
            self.advance()
            items.append(self.negation())
        return items[0] if len(items) == 1 else And(items)

    def negation(self, bare_ok: bool = False):
        # NOT NOT ... is read in a loop; each NOT still counts as a level.
        count = 0
        while self.at("NOT"):
            self.advance()
            self.enter()
            count += 1
        node = self.primary(bare_ok and count == 0)
        for _ in range(count):
            node = Not(node)
            self.leave()
        return node

    def primary(self, bare_ok: bool = False):
        if self.at("("):
            self.advance()
            self.enter()
            inner = self.condition(bare_ok=True)
            self.expect(")")
            self.leave()
            if not isinstance(inner, _Bare):
                return self.wrap(inner)
            operand = self.wrap(inner.node)
            return self.after_operand(operand, bare_ok)
        return self.after_operand(self.operand(), bare_ok)

    def after_operand(self, operand, bare_ok: bool):
        """What may follow a condition's first operand."""
        if self.peek().kind in COMPARATORS or self.at("BETWEEN", "IN"):
            return self.comparison(operand)
        if bare_ok and self.at(")"):
            return _Bare(operand)
        if isinstance(operand, Call):
            return operand          # a function used as a condition
        self.fail()

    def comparison(self, left):
        token = self.advance()
        if token.kind == "BETWEEN":
            low = self.operand()
            self.expect("AND")
            return Between(left, low, self.operand())
        if token.kind == "IN":
            self.expect("(")
            options = [self.operand()]
            while self.at(","):
                self.advance()
                options.append(self.operand())
            self.expect(")")
            return In(left, options)
        return Compare(token.kind, left, self.operand())

    # --- updates ----------------------------------------------------------

    def update_expression(self) -> list:
        """A list of sections, each (keyword, [Action, ...])."""
        sections = []
        while self.at(*SECTION_KEYWORDS):
            sections.append(self.section())
        if not sections:
            self.fail()
        self.expect_end()
        return sections

    def section(self):
        keyword = self.advance().kind
        read = {"SET": self.set_action, "REMOVE": self.remove_action,
                "ADD": self.value_action, "DELETE": self.value_action}[keyword]
        actions = [read(keyword)]
        while self.at(","):
            self.advance()
            actions.append(read(keyword))
        return keyword, actions

    def set_action(self, keyword: str):
        path = self.path()
        self.expect("=")
        return nodes.Action(keyword, path, self.set_value())

    def remove_action(self, keyword: str):
        return nodes.Action(keyword, self.path())

    def value_action(self, keyword: str):
        path = self.path()
        return nodes.Action(keyword, path, ValueRef(self.expect("VALUE").text))

    def set_value(self):
        first = self.set_term()
        if isinstance(first, Arith):
            return first
        if self.at("+", "-"):
            return Arith(self.advance().kind, first, self.operand())
        return first

    def set_term(self):
        """An operand, or "(" arithmetic ")" (possibly nested)."""
        if not self.at("("):
            return self.operand()
        self.advance()
        self.enter()
        inner = self.set_term()
        if not isinstance(inner, Arith) and self.at("+", "-"):
            inner = Arith(self.advance().kind, inner, self.operand())
        self.expect(")")
        self.leave()
        return self.wrap(inner)

    # --- operands ---------------------------------------------------------

    def operand(self):
        token = self.peek()
        if token.kind == "VALUE":
            self.advance()
            return ValueRef(token.text)
        if token.kind == "ID" and self.peek(1).kind == "(":
            return self.function()
        if token.kind in ("ID", "NAME"):
            return self.path()
        if token.kind == "(":
            self.advance()
            self.enter()
            inner = self.operand()
            self.expect(")")
            self.leave()
            return self.wrap(inner)
        self.fail()

    def function(self):
        name = self.advance().text
        self.expect("(")
        self.enter()
        args = [self.operand()]
        while self.at(","):
            self.advance()
            args.append(self.operand())
        self.expect(")")
        self.leave()
        return Call(name, args)

    def path(self) -> PathSyntax:
        token = self.peek()
        if token.kind == "ID":
            parts = [("id", token.text)]
        elif token.kind == "NAME":
            parts = [("name", token.text)]
        else:
            self.fail()
        self.advance()
        while True:
            if self.at("."):
                self.advance()
                token = self.peek()
                kind = {"ID": "id", "NAME": "name", "VALUE": "value"}.get(token.kind)
                if kind is None:
                    self.fail()
                parts.append((kind, self.advance().text))
            elif self.at("["):
                self.advance()
                parts.append(("index", self.expect("INDEX").text))
                self.expect("]")
            else:
                return PathSyntax(parts)


def parse(source: str, family: str):
    """Parse `source` as a "condition", "update" or "projection" expression.

    Raises ExpressionProblem (syntax error, redundant parentheses).
    """
    parser = Parser(source)
    if family == "condition":
        return parser.condition_expression()
    if family == "update":
        return parser.update_expression()
    if family == "projection":
        return parser.projection_expression()
    raise ValueError(family)


__all__ = ["ExpressionProblem", "MAX_DEPTH", "MAX_OPERATORS", "Parser", "parse"]
