"""Stage 2: DynamoDB's declarative constraints, reported together.

Every rule of every field is checked, in spec order (fields first to last,
a field's own rules before its members'), and the violations are reported in
one ValidationException: "2 validation errors detected: Value ... at
'keySchema.1.member.keyType' failed to satisfy constraint: ...; ...",
at most ten of them.

Paths are DynamoDB's: member names with a lower-case first letter, list
elements as `name.<1-based index>.member`, map entries as
`name.<key>.member`. Values are echoed as Java's toString prints the model
(`[a, b]`, `{k=v}`, `KeySchemaElement(attributeName=pk, keyType=HASH)`).
"""
from __future__ import annotations

import json
from functools import lru_cache

from ..errors import validation
from . import messages as m
from .shapes import AttributeValueShape, Field, ListOf, MapOf, Rule, Struct


def check_constraints(request: dict, shape: Struct, *, first_only: bool = False) -> None:
    """Raise the aggregated ValidationException for `request`, if any rule fails
    (`first_only`: only the first violation, as DynamoDB's newer validation
    reports UpdateItem's)."""
    errors: list[str] = []
    for name, spec in shape.constrained_fields:
        value = request.get(name)
        if value is not None or spec.required:  # an absent optional field breaks no rule
            _visit(value, spec, _top(name), errors)
    raise_violations(errors[:1] if first_only else errors)


def violations(value, spec: Field, name: str) -> list[str]:
    """The violations of one top-level member `name`, checked on its own."""
    errors: list[str] = []
    _visit(value, spec, _top(name), errors)
    return errors


def raise_violations(errors: list[str]) -> None:
    if errors:
        raise validation(m.aggregate(errors))


@lru_cache(maxsize=1024)
def _top(name: str) -> tuple:
    # A path is a tuple of (DynamoDB's spelling, the spelling as sent) pairs.
    return ((_lower_first(name), name),)


def _visit(value, spec: Field, path: tuple, errors: list[str]) -> None:
    if not spec.constrained or (value is None and not spec.required):
        return
    for rule in spec.rules:
        if len(errors) >= m.MAX_CONSTRAINT_ERRORS:
            return
        if not rule.applies(value):
            continue
        if rule.kind in ("keys", "values"):
            _visit_entries(value, spec.shape, rule, path, errors)
        elif not rule.holds(value):
            errors.append(_entry(rule, value, spec.shape, path))
    if value is None:
        return
    shape = spec.shape
    if isinstance(shape, Struct) and isinstance(value, dict):
        for name, member in shape.fields.items():
            if member.constrained:
                _visit(value.get(name), member, path + ((_lower_first(name), name),), errors)
    elif isinstance(shape, ListOf) and isinstance(value, list):
        if shape.member.constrained or None in value:
            for i, item in enumerate(value, 1):
                _visit_member(item, shape.member, path + ((str(i), str(i)), ("member", "member")), errors)
    elif isinstance(shape, MapOf) and isinstance(value, dict):
        # Unconstrained members (AttributeValues) can only fail by being null.
        if shape.value.constrained or None in value.values():
            for key, item in value.items():
                _visit_member(item, shape.value, path + ((key, key), ("member", "member")), errors)


def _visit_member(item, spec: Field, path: tuple, errors: list[str]) -> None:
    if item is None:
        if len(errors) < m.MAX_CONSTRAINT_ERRORS:
            where = ".".join(lower for lower, _ in path)
            errors.append(m.constraint_violation("null", where, "Member must not be null"))
        return
    _visit(item, spec, path, errors)


def _visit_entries(value: dict, shape, rule: Rule, path: tuple, errors: list[str]) -> None:
    """A map-wide rule: every key (or value) must pass every inner rule."""
    entries = value.keys() if rule.kind == "keys" else value.values()
    for entry in entries:
        if len(errors) >= m.MAX_CONSTRAINT_ERRORS:
            return
        if not all(inner.holds(entry) for inner in rule.arg if inner.applies(entry)):
            errors.append(_entry(rule, value, shape, path))


def _entry(rule: Rule, value, shape, path: tuple) -> str:
    where = ".".join(raw if rule.raw_path else lower for lower, raw in path)
    if not rule.echo:
        shown = None
    elif value is None:
        shown = "null"
    elif rule.as_json:
        shown = "'" + json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "'"
    else:
        shown = f"'{java_text(value, shape)}'"
    return m.constraint_violation(shown, where, rule.phrase())


@lru_cache(maxsize=4096)
def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


# --- Java's toString of the model ------------------------------------------------

_ECHO_DEPTH = 64  # deeper values are elided rather than recursed into


def java_text(value, shape=None, depth: int = 0) -> str:
    """Render a request value the way DynamoDB echoes it in messages."""
    if depth > _ECHO_DEPTH:
        return "..."
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    if isinstance(value, list):
        inner = shape.member.shape if isinstance(shape, ListOf) else None
        return "[" + ", ".join(java_text(v, inner, depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        if isinstance(shape, (Struct, AttributeValueShape)):
            parts = []
            for name, member in shape.fields.items():
                if value.get(name) is not None:
                    parts.append(f"{_java_member(name)}={java_text(value[name], member.shape, depth + 1)}")
            return f"{shape.name}(" + ", ".join(parts) + ")"
        inner = shape.value.shape if isinstance(shape, MapOf) else None
        return "{" + ", ".join(f"{k}={java_text(v, inner, depth + 1)}" for k, v in value.items()) + "}"
    return str(value)


def _java_member(name: str) -> str:
    return name.lower() if name.isupper() else _lower_first(name)

