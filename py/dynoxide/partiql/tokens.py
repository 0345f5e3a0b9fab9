"""The PartiQL tokenizer (DynamoDB's dialect).

Lexical rules:

    WS        whitespace, `--` comments to the end of the line and `/* */` comments: skipped
    STRING    '...'            a string literal; '' inside is one quote
    QUOTED    "..."            a quoted identifier; "" inside is one quote
    ID        [A-Za-z_$][A-Za-z0-9_$]*   an identifier or a keyword (any case)
    NUMBER    digits [. digits] [e [+-] digits] | . digits
    PARAM     ?
    symbols   << >> <= >= <> != = < > ( ) [ ] { } , . : * + - / || ;
    UNKNOWN   any other single character (reported by the parser)

A keyword is an ID whose upper-case spelling is in `KEYWORDS`; a quoted
identifier is never a keyword, which is how a table or attribute named like
one is written ("select").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = frozenset("""
    SELECT FROM WHERE AND OR NOT BETWEEN IN IS MISSING NULL TRUE FALSE INSERT INTO VALUE VALUES
    UPDATE SET REMOVE DELETE RETURNING ALL MODIFIED OLD NEW ORDER BY ASC DESC EXISTS AS AT LIKE
    INNER OUTER JOIN LEFT RIGHT CROSS FULL ON GROUP HAVING LIMIT OFFSET UNION INTERSECT EXCEPT DISTINCT
    CASE WHEN THEN ELSE END CAST PIVOT UNPIVOT
""".split())
# Keywords that are operators: where a term belongs, DynamoDB calls them "Unexpected operator".
OPERATOR_KEYWORDS = frozenset({"AND", "OR", "IS", "LIKE", "IN", "BETWEEN"})

EOF = "EOF"

_SCANNER = re.compile(r"""
    (?P<ws>(?:\s+|--[^\n]*|/\*.*?\*/)+)
  | (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<id>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<unterminated>['"]|/\*)
  | (?P<symbol><<|>>|<=|>=|<>|!=|\|\||[=<>()\[\]{},.:*+\-/?;])
  | (?P<unknown>.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str      # "STRING", "QUOTED", "NUMBER", "ID", "KEYWORD", "SYMBOL", "UNTERMINATED", "UNKNOWN", EOF
    text: str      # the value: unquoted for STRING/QUOTED, upper case for KEYWORD, as written otherwise
    line: int      # 1-based position of the token's first character
    column: int
    raw: str = ""  # the token as written

    def is_symbol(self, *symbols: str) -> bool:
        return self.kind == "SYMBOL" and self.text in symbols

    def is_keyword(self, *words: str) -> bool:
        return self.kind == "KEYWORD" and self.text in words


def tokenize(text: str) -> list[Token]:
    """Every token of `text`, ending with an EOF token."""
    tokens: list[Token] = []
    line, line_start = 1, 0
    for match in _SCANNER.finditer(text):
        kind = match.lastgroup
        raw = match.group()
        start = match.start()
        column = start - line_start + 1
        if kind == "string":
            tokens.append(Token("STRING", raw[1:-1].replace("''", "'"), line, column, raw))
        elif kind == "quoted":
            tokens.append(Token("QUOTED", raw[1:-1].replace('""', '"'), line, column, raw))
        elif kind == "id":
            upper = raw.upper()
            tokens.append(Token("KEYWORD", upper, line, column, raw) if upper in KEYWORDS
                          else Token("ID", raw, line, column, raw))
        elif kind != "ws":
            tokens.append(Token(kind.upper(), raw, line, column, raw))
        newlines = raw.count("\n")
        if newlines:
            line += newlines
            line_start = start + raw.rindex("\n") + 1
    tokens.append(Token(EOF, "", line, len(text) - line_start + 1, ""))
    return tokens
