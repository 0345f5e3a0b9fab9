"""The PartiQL syntax tree: statements, and the expressions inside them.

Values stay unevaluated here (`Literal` holds an AttributeValue, `Param` a
position, `ListOf`/`MapOf`/`SetOf` their members), so one tree serves any
`Parameters`; `plan.py` binds it to a request's parameters.
"""
from __future__ import annotations

from dataclasses import dataclass, field


# --- expressions ------------------------------------------------------------

@dataclass(frozen=True)
class Literal:
    value: dict          # an AttributeValue; MISSING is None


@dataclass(frozen=True)
class Param:
    index: int           # 0-based position among the statement's `?`


@dataclass(frozen=True)
class ListOf:
    items: tuple


@dataclass(frozen=True)
class MapOf:
    entries: tuple       # ((name, expression), ...) in written order


@dataclass(frozen=True)
class SetOf:
    items: tuple


@dataclass(frozen=True)
class Path:
    elements: tuple      # attribute names (str) and list indexes (int); the first is a name
    span: tuple = field(default=None, compare=False)   # (first token, length as written), for messages


@dataclass(frozen=True)
class Call:
    name: str            # lower case
    args: tuple
    token: object = field(default=None, compare=False)   # where it was written, for messages


@dataclass(frozen=True)
class Arith:
    op: str              # "+" or "-"
    left: object
    right: object


@dataclass(frozen=True)
class Compare:
    op: str              # = <> < <= > >=
    left: object
    right: object


@dataclass(frozen=True)
class Between:
    subject: object
    low: object
    high: object
    negated: bool = False


@dataclass(frozen=True)
class In:
    subject: object
    options: tuple
    negated: bool = False


@dataclass(frozen=True)
class Is:
    subject: object
    what: str            # "MISSING", "NULL", or an AttributeValue type tag ("S", "N", "BOOL", ...)
    negated: bool = False


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: object


VALUE_NODES = (Literal, Param, ListOf, MapOf, SetOf)


# --- statements ---------------------------------------------------------------

@dataclass(frozen=True)
class Select:
    table: str
    index: str | None
    projection: tuple | None     # Paths; None for *
    where: object | None
    order_by: tuple = ()         # ((Path, descending), ...)
    # A function call in the projection (COUNT(*)) parses but is refused once
    # the table and index are known, after a multi-attribute index's refusal.
    refused: str | None = None


@dataclass(frozen=True)
class Insert:
    table: str
    value: object                # a MapOf (or a Param holding an M)


@dataclass(frozen=True)
class Assignment:
    kind: str                    # "SET" or "REMOVE"
    path: Path
    value: object = None         # the SET value expression


@dataclass(frozen=True)
class Update:
    table: str
    assignments: tuple
    where: object | None
    returning: str | None = None   # "ALL OLD", "MODIFIED OLD", "ALL NEW", "MODIFIED NEW"
    index: str | None = None       # written, and refused: writes go to tables


@dataclass(frozen=True)
class Delete:
    table: str
    where: object | None
    returning: str | None = None
    index: str | None = None


@dataclass(frozen=True)
class Exists:
    """`EXISTS(SELECT ...)` / `NOT EXISTS(...)`: a transaction's condition check."""
    select: Select
    negated: bool = False


@dataclass(frozen=True)
class Parsed:
    statement: object
    parameter_count: int = 0
