"""The PartiQL grammar (DynamoDB's subset), and a recursive-descent parser
whose methods follow its rules one for one.

    statement     := (select | insert | update | delete | exists) [";"] EOF
    select        := "SELECT" projection "FROM" source ["WHERE" condition] [order_by]
    projection    := "*" | path ("," path)*
    source        := name ["." name]                        table, or "table"."index"
    order_by      := "ORDER" "BY" path ["ASC" | "DESC"] ("," path ["ASC" | "DESC"])*
    insert        := "INSERT" "INTO" name "VALUE" value
    update        := "UPDATE" name clause+ ["WHERE" condition] [returning]
    clause        := "SET" assignment ("," assignment)* | "REMOVE" path ("," path)*
    assignment    := path "=" expression
    delete        := "DELETE" "FROM" name ["WHERE" condition] [returning]
    returning     := "RETURNING" ("ALL" | "MODIFIED") ("OLD" | "NEW") "*"
    exists        := ["NOT"] "EXISTS" "(" select ")"

    condition     := conjunction ("OR" conjunction)*
    conjunction   := negation ("AND" negation)*
    negation      := "NOT" negation | predicate
    predicate     := expression [comparator expression
                                 | ["NOT"] "BETWEEN" expression "AND" expression
                                 | ["NOT"] "IN" (list | "(" expression ("," expression)* ")")
                                 | "IS" ["NOT"] ("MISSING" | "NULL")]
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

Keywords are case-insensitive; a keyword used as a name must be quoted.
A bare identifier standing where a value belongs (`WHERE pk = abc`) is a
path, as in PartiQL: comparing with a string takes quotes.

Nesting (parentheses, NOT, calls, collection literals) is bounded by
`MAX_DEPTH` so hostile input cannot exhaust the Python stack.
"""
from __future__ import annotations

from ..values.numbers import canonicalize
from . import ast
from .messages import PartiqlError, syntax_error, unexpected
from .tokens import EOF, Token, tokenize

MAX_DEPTH = 64
COMPARATORS = {"=": "=", "<>": "<>", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.pos = 0
        self.params = 0
        self.depth = 0

    # --- token helpers -------------------------------------------------------
    @property
    def token(self) -> Token:
        return self.tokens[self.pos]

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

    def nested(self):
        parser = self

        class _Level:
            def __enter__(self):
                parser.depth += 1
                if parser.depth > MAX_DEPTH:
                    raise syntax_error("Statement is nested too deeply")

            def __exit__(self, *exc):
                parser.depth -= 1

        return _Level()

    # --- statements --------------------------------------------------------------
    def statement(self):
        token = self.token
        if token.is_keyword("SELECT"):
            result = self.select()
        elif token.is_keyword("INSERT"):
            result = self.insert()
        elif token.is_keyword("UPDATE"):
            result = self.update()
        elif token.is_keyword("DELETE"):
            result = self.delete()
        elif token.is_keyword("EXISTS", "NOT"):
            result = self.exists()
        else:
            raise unexpected(token)
        self.accept_symbol(";")
        if self.token.kind != EOF:
            raise unexpected(self.token)
        return result

    def select(self) -> ast.Select:
        self.expect_keyword("SELECT")
        projection = self.projection()
        self.expect_keyword("FROM")
        table, index = self.source()
        where = self.condition() if self.accept_keyword("WHERE") else None
        order_by = self.order_by() if self.token.is_keyword("ORDER") else ()
        return ast.Select(table, index, projection, where, order_by)

    def projection(self):
        if self.accept_symbol("*"):
            return None
        paths = [self.path()]
        while self.accept_symbol(","):
            paths.append(self.path())
        return tuple(paths)

    def source(self) -> tuple[str, str | None]:
        table = self.name()
        index = self.name() if self.accept_symbol(".") else None
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
        table = self.name()
        self.expect_keyword("VALUE")
        return ast.Insert(table, self.value())

    def update(self) -> ast.Update:
        self.expect_keyword("UPDATE")
        table = self.name()
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
        where = self.condition() if self.accept_keyword("WHERE") else None
        return ast.Update(table, tuple(assignments), where, self.returning())

    def assignment(self) -> ast.Assignment:
        path = self.path()
        self.expect_symbol("=")
        return ast.Assignment("SET", path, self.expression())

    def delete(self) -> ast.Delete:
        self.expect_keyword("DELETE")
        self.expect_keyword("FROM")
        table = self.name()
        where = self.condition() if self.accept_keyword("WHERE") else None
        return ast.Delete(table, where, self.returning())

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
        self.expect_symbol("*")
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
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else ast.Or(tuple(items))

    def conjunction(self):
        items = [self.negation()]
        while self.accept_keyword("AND"):
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
            return ast.Compare(COMPARATORS[token.text], subject, self.expression())
        negated = False
        if token.is_keyword("NOT") and self.tokens[self.pos + 1].is_keyword("BETWEEN", "IN"):
            self.advance()
            negated = True
            token = self.token
        if token.is_keyword("BETWEEN"):
            self.advance()
            low = self.expression()
            self.expect_keyword("AND")
            return ast.Between(subject, low, self.expression(), negated)
        if token.is_keyword("IN"):
            self.advance()
            return ast.In(subject, self.in_options(), negated)
        if token.is_keyword("IS"):
            self.advance()
            negated = bool(self.accept_keyword("NOT"))
            what = self.token
            if not what.is_keyword("MISSING", "NULL"):
                raise unexpected(what)
            self.advance()
            return ast.Is(subject, what.text, negated)
        return subject

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
        if token.kind == "ID" and self.tokens[self.pos + 1].is_symbol("("):
            return self.call()
        if token.kind in ("ID", "QUOTED"):
            return self.path()
        return self.value()

    def call(self) -> ast.Call:
        name = self.advance().text.lower()
        self.expect_symbol("(")
        args = []
        with self.nested():
            if not self.token.is_symbol(")"):
                args.append(self.expression())
                while self.accept_symbol(","):
                    args.append(self.expression())
        self.expect_symbol(")")
        return ast.Call(name, tuple(args))

    def path(self) -> ast.Path:
        elements: list = [self.name()]
        while True:
            if self.token.is_symbol(".") and self.tokens[self.pos + 1].kind in ("ID", "QUOTED", "KEYWORD"):
                self.advance()
                elements.append(self.name(allow_keyword=True))
            elif self.token.is_symbol("["):
                self.advance()
                index = self.token
                if index.kind != "NUMBER" or not index.text.isdigit():
                    raise unexpected(index)
                self.advance()
                self.expect_symbol("]")
                elements.append(int(index.text))
            else:
                return ast.Path(tuple(elements))

    def name(self, *, allow_keyword: bool = False) -> str:
        token = self.token
        if token.kind in ("ID", "QUOTED") or (allow_keyword and token.kind == "KEYWORD"):
            self.advance()
            return token.raw if token.kind == "KEYWORD" else token.text
        raise unexpected(token)

    def value(self):
        token = self.token
        kind = token.kind
        if kind == "STRING":
            self.advance()
            return ast.Literal({"S": token.text})
        if kind == "NUMBER" or (token.is_symbol("-") and self.tokens[self.pos + 1].kind == "NUMBER"):
            sign = "-" if self.advance().text == "-" else ""
            text = sign + (self.advance().text if sign else token.text)
            return ast.Literal({"N": canonicalize(text)})  # DynamoDB's number errors, as for any N
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
            return ast.SetOf(self.members("<<", ">>"))
        if token.is_symbol("{"):
            return self.map_value()
        raise unexpected(token)

    def members(self, opening: str, closing: str) -> tuple:
        self.expect_symbol(opening)
        items = []
        with self.nested():
            if not self.token.is_symbol(closing):
                items.append(self.expression())
                while self.accept_symbol(","):
                    items.append(self.expression())
        self.expect_symbol(closing)
        return tuple(items)

    def map_value(self) -> ast.MapOf:
        self.expect_symbol("{")
        entries = []
        with self.nested():
            if not self.token.is_symbol("}"):
                entries.append(self.map_entry())
                while self.accept_symbol(","):
                    entries.append(self.map_entry())
        self.expect_symbol("}")
        return ast.MapOf(tuple(entries))

    def map_entry(self) -> tuple:
        key = self.token
        if key.kind != "STRING":
            raise unexpected(key)
        self.advance()
        self.expect_symbol(":")
        return key.text, self.expression()


def parse(text: str) -> ast.Parsed:
    """The statement's syntax tree and how many `?` it holds; raises PartiqlError."""
    parser = Parser(text)
    statement = parser.statement()
    return ast.Parsed(statement, parser.params)


__all__ = ["MAX_DEPTH", "Parser", "PartiqlError", "parse"]
