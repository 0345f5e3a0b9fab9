"""The PartiQL grammar (DynamoDB's subset), and a recursive-descent parser
whose methods follow its rules one for one.

    statement     := (select | insert | update | from_update | delete | exists) [";"] EOF
    select        := "SELECT" projection "FROM" source ["WHERE" condition] [order_by]
    projection    := "*" | path ("," path)*
    source        := name ["." name]                        table, or "table"."index"
    order_by      := "ORDER" "BY" path ["ASC" | "DESC"] ("," path ["ASC" | "DESC"])*
    insert        := "INSERT" "INTO" name "VALUE" value
    update        := "UPDATE" source clause+ ["WHERE" condition] [returning]
    from_update   := "FROM" source ["WHERE" condition] clause+ [returning]
    clause        := "SET" assignment ("," assignment)* | "REMOVE" path ("," path)*
    assignment    := path "=" expression
    delete        := "DELETE" "FROM" source ["WHERE" condition] [returning]
    returning     := "RETURNING" ("ALL" | "MODIFIED") ("OLD" | "NEW") "*"
    exists        := ["NOT"] "EXISTS" "(" select ")"

    condition     := conjunction ("OR" conjunction)*
    conjunction   := negation ("AND" negation)*
    negation      := "NOT" negation | predicate
    predicate     := expression [comparator expression
                                 | ["NOT"] "BETWEEN" expression "AND" expression
                                 | ["NOT"] "IN" (list | "(" expression ("," expression)* ")")
                                 | "IS" ["NOT"] ("MISSING" | "NULL" | type_name)]
    comparator    := "=" | "<>" | "!=" | "<" | "<=" | ">" | ">="
    expression    := term (("+" | "-") term)*
    term          := value | path | call | "(" condition ")"
    call          := ID "(" [expression ("," expression)*] ")"
    path          := name ("." name | "[" NUMBER "]")*
    name          := ID | QUOTED
    value         := STRING | NUMBER | "?" | "TRUE" | "FALSE" | "NULL" | "MISSING"
                   | "-" NUMBER | list | map | set
    list          := "[" [expression ("," expression)*] "]"
    map           := "{" [STRING ":" expression ("," STRING ":" expression)*] "}"
    set           := "<<" [expression ("," expression)*] ">>"

Keywords (tokens.KEYWORDS) are case-insensitive and reserved: a keyword used
as a name must be quoted. A bare identifier where a value belongs
(`WHERE pk = abc`) is a path, as in PartiQL: a string takes single quotes.

Errors carry DynamoDB's details (see messages.py): a missing term, a stray
keyword or operator, an infix operator with nothing after it, tokens left
after a whole statement, a character the lexer cannot read. A number literal
out of DynamoDB's range names where it sits ("under root.a[1]").

Nesting (parentheses, NOT, calls, collection literals) is bounded by
`MAX_DEPTH` so hostile input cannot exhaust the Python stack.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

from ..errors import DynamoError
from ..values.numbers import canonicalize
from . import ast
from . import messages as m
from .messages import PartiqlError, leftover, syntax_error, unexpected
from .tokens import EOF, Token, tokenize

MAX_DEPTH = 64
COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
_INFIX = frozenset(COMPARATORS) | {"+", "-"}
# Type names `x IS <type>` accepts, as the AttributeValue type each tests for.
TYPE_NAMES = {
    "BOOL": "BOOL", "BOOLEAN": "BOOL", "STRING": "S", "VARCHAR": "S", "CHAR": "S", "BLOB": "B",
    "INT": "N", "INT4": "N", "INT8": "N", "INTEGER": "N", "SMALLINT": "N", "BIGINT": "N", "DECIMAL": "N",
    "NUMERIC": "N", "FLOAT": "N", "REAL": "N", "STRUCT": "M", "TUPLE": "M", "LIST": "L",
}
TWO_WORD_TYPES = {("DOUBLE", "PRECISION"): "N", ("CHARACTER", "VARYING"): "S"}
_INT32 = 2**31 - 1
_NUMBER = re.compile(r"(?:\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


class Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.pos = 0
        self.params = 0
        self.depth = 0
        self.value_path: list[str] = []  # where a literal sits inside INSERT/SET values, for number messages
        self.refused: str | None = None  # see ast.Select.refused

    # --- token helpers -------------------------------------------------------
    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token.kind != EOF:
            self.pos += 1
        return token

    def accept_keyword(self, *words: str) -> Token | None:
        return self.advance() if self.token.is_keyword(*words) else None

    def accept_symbol(self, *symbols: str) -> Token | None:
        return self.advance() if self.token.is_symbol(*symbols) else None

    def expect_keyword(self, word: str) -> Token:
        if not self.token.is_keyword(word):
            raise unexpected(self.token)
        return self.advance()

    def expect_symbol(self, symbol: str) -> Token:
        if not self.token.is_symbol(symbol):
            raise unexpected(self.token)
        return self.advance()

    def after_infix(self) -> None:
        """An infix operator was just read: its right-hand side must follow."""
        if self.token.kind == EOF or self.token.is_symbol(";"):
            raise syntax_error(m.MISSING_RIGHT_HAND_SIDE)

    @contextmanager
    def nested(self):
        """One more level of nesting, refused past MAX_DEPTH."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise syntax_error(m.UNEXPECTED_TERM)
            yield
        finally:
            self.depth -= 1

    # --- statements --------------------------------------------------------------
    def statement(self):
        token = self.token
        if token.is_keyword("SELECT"):
            result = self.select()
        elif token.is_keyword("INSERT"):
            result = self.insert()
        elif token.is_keyword("UPDATE"):
            result = self.update()
        elif token.is_keyword("FROM"):
            result = self.from_update()
        elif token.is_keyword("DELETE"):
            result = self.delete()
        elif token.is_keyword("EXISTS") or (token.is_keyword("NOT") and self.peek().is_keyword("EXISTS")):
            result = self.exists()
        elif token.kind in ("ID", "QUOTED"):
            self.bare_expression()
        else:
            raise unexpected(token)
        self.accept_symbol(";")
        if self.token.kind != EOF:
            raise leftover(self.token)
        return result

    def bare_expression(self):
        """An expression where a statement belongs: a type test is an operation
        DynamoDB names and refuses; anything else is not a statement."""
        if isinstance(self.predicate(), ast.Is) and self.token.kind == EOF:
            raise PartiqlError(m.UNSUPPORTED_IS_TYPE)
        raise syntax_error(m.UNEXPECTED_TERM)

    def select(self) -> ast.Select:
        self.expect_keyword("SELECT")
        self.refused = None
        projection = self.projection()
        self.expect_keyword("FROM")
        table, index = self.source()
        where = self.where()
        order_by = self.order_by() if self.token.is_keyword("ORDER") else ()
        return ast.Select(table, index, projection, where, order_by, self.refused)

    def where(self):
        return self.condition() if self.accept_keyword("WHERE") else None

    def projection(self):
        if self.accept_symbol("*"):
            if self.token.is_symbol(","):
                raise PartiqlError(m.STAR_AND_OTHERS)
            return None
        paths = [self.projected_path()]
        while self.accept_symbol(","):
            paths.append(self.projected_path())
        return tuple(paths)

    def projected_path(self) -> ast.Path:
        token = self.token
        if token.kind in ("ID", "KEYWORD") and self.peek().is_symbol("("):
            self.refused = self.refused or m.UNEXPECTED_PATH_COMPONENT + m.at(token)
            self.skip_call()
            return ast.Path((token.raw,))
        if self.token.is_symbol("*"):
            raise PartiqlError(m.STAR_AND_OTHERS)
        return self.path()

    def skip_call(self) -> None:
        """Read past `name(...)`, its parentheses balanced."""
        self.advance()
        depth = 0
        while self.token.kind != EOF:
            if self.token.is_symbol("("):
                depth += 1
            elif self.token.is_symbol(")"):
                depth -= 1
            self.advance()
            if depth == 0:
                return
        raise unexpected(self.token)

    def source(self) -> tuple[str, str | None]:
        table = self.name()
        index = self.name() if self.accept_symbol(".") else None
        if self.token.kind in ("ID", "QUOTED") or self.token.is_keyword("AS"):
            raise PartiqlError(m.ALIASING)
        return table, index

    def order_by(self) -> tuple:
        self.expect_keyword("ORDER")
        self.expect_keyword("BY")
        keys = []
        while True:
            path = self.path()
            direction = self.accept_keyword("ASC", "DESC")
            keys.append((path, direction is not None and direction.text == "DESC"))
            if not self.accept_symbol(","):
                return tuple(keys)

    def insert(self) -> ast.Insert:
        self.expect_keyword("INSERT")
        self.expect_keyword("INTO")
        table_token = self.token
        table = self.name()
        if self.token.kind in ("ID", "QUOTED"):  # an alias: here DynamoDB reads the statement as ended
            raise leftover(self.token)
        if self.token.is_symbol("."):
            raise PartiqlError(m.SINGLE_TABLE_IN_WRITES + m.at(table_token))
        if self.token.is_keyword("VALUES"):
            raise PartiqlError(m.INSERT_MANY)
        self.expect_keyword("VALUE")
        if not self.token.is_symbol("{") and not self.token.is_symbol("?"):
            if self.token.kind in ("STRING", "NUMBER") or self.token.is_symbol("[", "<<") \
                    or self.token.is_keyword("TRUE", "FALSE", "NULL"):
                raise PartiqlError(m.INSERT_NEEDS_MAP)
        # Each attribute's value is a "root" of its own in DynamoDB's number messages.
        value = self.map_value(item=True) if self.token.is_symbol("{") else self.value()
        if self.token.is_keyword("RETURNING"):
            raise PartiqlError(m.INSERT_RETURNING)
        return ast.Insert(table, value)

    def update(self) -> ast.Update:
        self.expect_keyword("UPDATE")
        table, index = self.source()
        assignments = self.clauses()
        where = self.where()
        return ast.Update(table, assignments, where, self.returning(), index)

    def from_update(self) -> ast.Update:
        """`FROM t WHERE ... SET ...`: an UPDATE written the other way round."""
        self.expect_keyword("FROM")
        table, index = self.source()
        where = self.where()
        assignments = self.clauses()
        return ast.Update(table, assignments, where, self.returning(), index)

    def clauses(self) -> tuple:
        assignments = []
        while self.token.is_keyword("SET", "REMOVE"):
            if self.advance().text == "SET":
                assignments.append(self.assignment())
                while self.accept_symbol(","):
                    assignments.append(self.assignment())
            else:
                assignments.append(ast.Assignment("REMOVE", self.path()))
                while self.accept_symbol(","):
                    assignments.append(ast.Assignment("REMOVE", self.path()))
        if not assignments:
            raise unexpected(self.token)
        return tuple(assignments)

    def assignment(self) -> ast.Assignment:
        path = self.path()
        self.expect_symbol("=")
        self.after_infix()
        return ast.Assignment("SET", path, self.expression())

    def delete(self) -> ast.Delete:
        self.expect_keyword("DELETE")
        self.expect_keyword("FROM")
        if self.token.kind not in ("ID", "QUOTED"):
            raise syntax_error(m.EXPECTED_IDENTIFIER)
        table, index = self.source()
        where = self.where()
        return ast.Delete(table, where, self.returning(), index)

    def returning(self) -> str | None:
        if not self.accept_keyword("RETURNING"):
            return None
        which = self.token
        if not which.is_keyword("ALL", "MODIFIED"):
            raise unexpected(which)
        self.advance()
        age = self.token
        if not age.is_keyword("OLD", "NEW"):
            raise unexpected(age)
        self.advance()
        if not self.token.is_symbol("*"):
            raise PartiqlError(m.RETURNING_STAR)
        self.advance()
        return f"{which.text} {age.text}"

    def exists(self) -> ast.Exists:
        negated = bool(self.accept_keyword("NOT"))
        self.expect_keyword("EXISTS")
        self.expect_symbol("(")
        select = self.select()
        self.expect_symbol(")")
        return ast.Exists(select, negated)

    # --- conditions ----------------------------------------------------------------
    def condition(self):
        items = [self.conjunction()]
        while self.accept_keyword("OR"):
            self.after_infix()
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else ast.Or(tuple(items))

    def conjunction(self):
        items = [self.negation()]
        while self.accept_keyword("AND"):
            self.after_infix()
            items.append(self.negation())
        return items[0] if len(items) == 1 else ast.And(tuple(items))

    def negation(self):
        if self.accept_keyword("NOT"):
            with self.nested():
                return ast.Not(self.negation())
        return self.predicate()

    def predicate(self):
        subject = self.expression()
        token = self.token
        if token.kind == "SYMBOL" and token.text in COMPARATORS:
            self.advance()
            self.after_infix()
            return ast.Compare(COMPARATORS[token.text], subject, self.expression())
        negated = False
        if token.is_keyword("NOT") and self.peek().is_keyword("BETWEEN", "IN"):
            self.advance()
            negated = True
            token = self.token
        if token.is_keyword("BETWEEN"):
            self.advance()
            self.after_infix()
            low = self.expression()
            self.expect_keyword("AND")
            self.after_infix()
            return ast.Between(subject, low, self.expression(), negated)
        if token.is_keyword("IN"):
            self.advance()
            self.after_infix()
            return ast.In(subject, self.in_options(), negated)
        if token.is_keyword("IS"):
            self.advance()
            negated = bool(self.accept_keyword("NOT"))
            return ast.Is(subject, self.type_name(), negated)
        return subject

    def type_name(self) -> str:
        token = self.token
        if token.is_keyword("MISSING", "NULL"):
            self.advance()
            return token.text
        if token.kind == "ID":
            word = token.text.upper()
            pair = (word, self.peek().text.upper() if self.peek().kind == "ID" else "")
            if pair in TWO_WORD_TYPES:
                self.advance()
                self.advance()
                return TWO_WORD_TYPES[pair]
            if word in TYPE_NAMES:
                self.advance()
                return TYPE_NAMES[word]
        raise syntax_error(m.EXPECTED_TYPE_NAME)

    def in_options(self) -> tuple:
        closing = {"[": "]", "(": ")"}.get(self.token.text) if self.token.kind == "SYMBOL" else None
        if closing is None:
            raise unexpected(self.token)
        self.advance()
        with self.nested():
            options = [self.expression()]
            while self.accept_symbol(","):
                options.append(self.expression())
        self.expect_symbol(closing)
        return tuple(options)

    # --- expressions -----------------------------------------------------------------
    def expression(self):
        left = self.term()
        while self.token.is_symbol("+", "-"):
            op = self.advance().text
            self.after_infix()
            left = ast.Arith(op, left, self.term())
        return left

    def term(self):
        token = self.token
        if token.is_symbol("("):
            self.advance()
            with self.nested():
                inner = self.condition()
            self.expect_symbol(")")
            return inner
        if (token.kind == "ID" or token.is_keyword("EXISTS")) and self.peek().is_symbol("("):
            return self.call()  # EXISTS(...) reads as a call here, which DynamoDB does not recognise
        if token.kind in ("ID", "QUOTED"):
            return self.path()
        return self.value()

    def call(self) -> ast.Call:
        token = self.advance()
        self.expect_symbol("(")
        args = []
        with self.nested():
            if not self.token.is_symbol(")"):
                args.append(self.expression())
                while self.accept_symbol(","):
                    args.append(self.expression())
        self.expect_symbol(")")
        return ast.Call(token.text.lower(), tuple(args), token)

    def path(self) -> ast.Path:
        first = self.token
        elements: list = [self.name()]
        while True:
            if self.token.is_symbol("."):
                self.advance()
                if self.token.kind == "KEYWORD":
                    raise syntax_error(m.INVALID_DOT)
                elements.append(self.name())
            elif self.token.is_symbol("["):
                self.advance()
                index = self.token
                if index.kind != "NUMBER" or not index.text.isdigit():
                    raise unexpected(index)
                self.advance()
                self.expect_symbol("]")
                elements.append(int(index.text))
            else:
                last = self.tokens[self.pos - 1]
                length = last.column + len(last.raw) - first.column if last.line == first.line else len(first.raw)
                return ast.Path(tuple(elements), (first, length))

    def name(self) -> str:
        token = self.token
        if token.kind in ("ID", "QUOTED"):
            self.advance()
            if token.kind == "QUOTED" and token.text == "":
                raise PartiqlError(m.EMPTY_PATH_COMPONENT)
            return token.text
        raise unexpected(token)

    def value(self):
        token = self.token
        kind = token.kind
        if kind == "STRING":
            self.advance()
            return ast.Literal({"S": token.text})
        if kind == "NUMBER" or (token.is_symbol("-") and self.peek().kind == "NUMBER"):
            sign = "-" if self.advance().text == "-" else ""
            return ast.Literal({"N": self.number(sign + (self.advance().text if sign else token.text))})
        if token.is_symbol("?"):
            self.advance()
            self.params += 1
            return ast.Param(self.params - 1)
        if token.is_keyword("TRUE", "FALSE"):
            self.advance()
            return ast.Literal({"BOOL": token.text == "TRUE"})
        if token.is_keyword("NULL"):
            self.advance()
            return ast.Literal({"NULL": True})
        if token.is_keyword("MISSING"):
            self.advance()
            return ast.Literal(None)
        if token.is_symbol("["):
            return ast.ListOf(self.members("[", "]"))
        if token.is_symbol("<<"):
            members = self.members("<<", ">>")
            if not members:
                raise PartiqlError(m.EMPTY_BAG)
            return ast.SetOf(members)
        if token.is_symbol("{"):
            return self.map_value()
        raise unexpected(token)

    def number(self, text: str) -> str:
        """A number literal as DynamoDB stores it; out of range names where it sits."""
        match = _NUMBER.fullmatch(text.lstrip("-"))
        fraction, exponent = (match.group(1) or "", match.group(2)) if match else ("", None)
        if exponent is not None and not (-_INT32 <= int(exponent) - len(fraction) and int(exponent) <= _INT32):
            raise syntax_error(m.UNREADABLE)
        try:
            return canonicalize(text)
        except DynamoError as err:
            raise PartiqlError(f"{err.message} under root{''.join(self.value_path)}") from None

    def members(self, opening: str, closing: str) -> tuple:
        self.expect_symbol(opening)
        items = []
        with self.nested():
            if not self.token.is_symbol(closing):
                items.append(self.member(0))
                while self.accept_symbol(","):
                    items.append(self.member(len(items)))
        self.expect_symbol(closing)
        return tuple(items)

    def member(self, position: int):
        self.value_path.append(f"[{position}]")
        try:
            return self.expression()
        finally:
            self.value_path.pop()

    def map_value(self, *, item: bool = False) -> ast.MapOf:
        self.expect_symbol("{")
        entries = []
        with self.nested():
            if not self.token.is_symbol("}"):
                entries.append(self.map_entry(item))
                while self.accept_symbol(","):
                    entries.append(self.map_entry(item))
        self.expect_symbol("}")
        return ast.MapOf(tuple(entries))

    def map_entry(self, item: bool = False) -> tuple:
        key = self.token
        if key.kind != "STRING":
            raise unexpected(key)
        self.advance()
        self.expect_symbol(":")
        self.value_path.append("" if item else f".{key.text}")
        try:
            return key.text, self.expression()
        finally:
            self.value_path.pop()


def parse(text: str) -> ast.Parsed:
    """The statement's syntax tree and how many `?` it holds; raises PartiqlError."""
    parser = Parser(text)
    statement = parser.statement()
    return ast.Parsed(statement, parser.params)


__all__ = ["MAX_DEPTH", "Parser", "PartiqlError", "parse"]
