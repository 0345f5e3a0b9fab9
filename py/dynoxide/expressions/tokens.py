"""The expression tokenizer, and how DynamoDB quotes a syntax error.

Lexical rules (the same for every expression kind):

    WS        [ \\t\\r\\n]+                 skipped, but kept for error quotes
    ID        [A-Za-z][A-Za-z0-9_]*       a name, a function name or a keyword
    NAME      "#" [A-Za-z0-9_]+           an ExpressionAttributeNames placeholder
    VALUE     ":" [A-Za-z0-9_]+           an ExpressionAttributeValues placeholder
    INDEX     "0" | [1-9][0-9]*           a list index (only valid inside [ ])
    symbols   <> <= >= = < > + - ( ) [ ] , .
    UNKNOWN   any other single character

The longest match wins, so `INDEX` is a name and `IN` a keyword. The keywords
AND OR NOT BETWEEN IN SET REMOVE ADD DELETE are recognised in any case and
can never be names. An identifier may not start with "_" or a digit: "_a" is
the unknown character "_" followed by the name "a". Characters the language
does not know become UNKNOWN tokens rather than tokenizer errors, so every
bad input is reported by the parser in one uniform way.

A syntax error names the token where reading stopped and quotes the text
"near" it: from the token before it to the token after it, whitespace in
between included (the end of input counts as an empty token):

    'INVALID SYNTAX HERE' -> token: "INVALID", near: "INVALID SYNTAX"
    'SET a = '            -> token: "<EOF>",   near: "= "
"""
from __future__ import annotations

import re

KEYWORDS = frozenset({"AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"})
COMPARATORS = frozenset({"=", "<>", "<", "<=", ">", ">="})
EOF = "EOF"

_SCANNER = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<id>[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<name>\#[A-Za-z0-9_]+)"
    r"|(?P<value>:[A-Za-z0-9_]+)"
    r"|(?P<index>0|[1-9][0-9]*)"
    r"|(?P<symbol><>|<=|>=|[=<>+\-(),.\[\]])"
    r"|(?P<unknown>.)",
    re.S,
)
_KINDS = {"id": "ID", "name": "NAME", "value": "VALUE", "index": "INDEX", "unknown": "UNKNOWN"}


class Token:
    """One token: `kind` (ID, NAME, VALUE, INDEX, a keyword, a symbol, UNKNOWN
    or EOF), the exact source `text`, and its [start, end) offsets."""

    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind: str, text: str, start: int, end: int):
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.text!r})"


def tokenize(source: str) -> list[Token]:
    """The tokens of `source`, whitespace dropped, always ending with EOF.

    >>> [t.kind for t in tokenize("a.b[0] <> :v")]
    ['ID', '.', 'ID', '[', 'INDEX', ']', '<>', 'VALUE', 'EOF']
    """
    tokens: list[Token] = []
    append = tokens.append
    for match in _SCANNER.finditer(source):
        group = match.lastgroup
        if group == "ws":
            continue
        text = match.group()
        if group == "symbol":
            kind = text
        elif group == "id":
            upper = text.upper()
            kind = upper if upper in KEYWORDS else "ID"
        else:
            kind = _KINDS[group]
        append(Token(kind, text, match.start(), match.end()))
    append(Token(EOF, "<EOF>", len(source), len(source)))
    return tokens


def near(source: str, tokens: list[Token], index: int) -> str:
    """The text DynamoDB quotes around the offending token `tokens[index]`.

    >>> src = "INVALID SYNTAX HERE"
    >>> near(src, tokenize(src), 0)
    'INVALID SYNTAX'
    """
    start = tokens[index - 1].start if index > 0 else 0
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.kind == EOF:
        end = len(source)
    else:
        end = following.end
    return source[start:end]
