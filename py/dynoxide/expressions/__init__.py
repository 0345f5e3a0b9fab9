"""DynamoDB's expression language: parse, check, evaluate, apply.

Every request expression goes through the same three steps, in DynamoDB's
order, each with DynamoDB's exact messages:

1. size and emptiness, then parsing (`tokens`, `parser`: syntax errors,
   redundant parentheses) and the text-only checks (`static`: reserved
   words, list index range, function names and placement, repeated update
   sections). These depend only on the text, so their result is cached.
2. binding to the request's ExpressionAttributeNames/Values (`validate`):
   undefined placeholders, operand counts and types, overlapping paths.
3. running it: `condition` (evaluate), `projection`, `update` (apply),
   `key_condition` (the Query key range).

Legacy parameters (Expected, QueryFilter/ScanFilter, KeyConditions,
AttributesToGet, AttributeUpdates) are converted into the same objects by
`legacy`. Supporting modules: `nodes` (the AST), `context` (placeholders and
their usage), `paths` (path trees, overlap/conflict), `messages` (every
error sentence), `reserved` (the reserved words), `javaorder` (the service's
hash-collection order, visible in some messages).

    >>> cond = parse_condition("#s = :v AND size(tags) > :n", ExpressionContext(
    ...     {"#s": "status"}, {":v": {"S": "on"}, ":n": {"N": "1"}}))
    >>> evaluate_condition(cond, {"status": {"S": "on"}, "tags": {"SS": ["a", "b"]}})
    True

Whatever the input, the functions here raise only `DynamoError`.
"""
from __future__ import annotations

import functools
from collections import OrderedDict

from dynoxide.errors import DynamoError, internal
from dynoxide.limits import MAX_EXPRESSION_LENGTH

from . import static
from .condition import Condition
from .context import ExpressionContext
from .key_condition import KeyCondition, MultiKeyCondition, check_count, extract, match_multi_schema, match_schema
from .legacy import (legacy_condition, legacy_filter, legacy_key_conditions,
                     legacy_projection, legacy_update)
from .messages import EMPTY_EXPRESSION, EXPRESSION_TOO_LONG, ExpressionProblem, detail, invalid
from .parser import parse
from .projection import Projection
from .update import UpdateExpression
from .validate import bind_condition, bind_projection, bind_update

__all__ = [
    "Condition", "ExpressionContext", "KeyCondition", "MultiKeyCondition", "Projection", "UpdateExpression",
    "apply_projection", "apply_update", "bind_key_condition", "evaluate_condition", "legacy_condition",
    "legacy_filter", "legacy_key_conditions", "legacy_projection", "legacy_update", "match_key_condition",
    "parse_condition", "parse_key_condition", "parse_projection", "parse_update",
]

_CACHE_SIZE = 512
_cache: OrderedDict = OrderedDict()
_CHECKS = {"condition": static.check_condition, "update": static.check_update,
           "projection": static.check_projection}


def _only_dynamo_errors(function):
    """Turn any unexpected Python error into DynamoDB's internal error."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except DynamoError:
            raise
        except Exception as error:  # a bug or hostile input we did not foresee
            raise internal() from error
    return wrapper


def _syntax(text, family: str, kind: str):
    """The checked syntax tree of `text` (cached), or the DynamoError to raise."""
    if not isinstance(text, str):  # the request validator only passes strings
        raise internal()
    if text == "":
        raise invalid(kind, detail(EMPTY_EXPRESSION))
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_EXPRESSION_LENGTH:
        # DynamoDB names the size of every expression but an update expression.
        sized = () if family == "update" else ("expression size", size)
        raise invalid(kind, detail(EXPRESSION_TOO_LONG, *sized))
    key = (family, text)
    entry = _cache.get(key)
    if entry is None:
        try:
            tree = parse(text, family)
            _CHECKS[family](tree)
            entry = (True, tree)
        except ExpressionProblem as problem:
            entry = (False, problem.message)
        _cache[key] = entry
        while len(_cache) > _CACHE_SIZE:
            try:
                _cache.popitem(last=False)
            except KeyError:  # emptied meanwhile by another caller
                break
    else:
        try:
            _cache.move_to_end(key)
        except KeyError:
            pass
    ok, result = entry
    if not ok:
        raise invalid(kind, result)
    return result


@_only_dynamo_errors
def parse_condition(text: str, ctx: ExpressionContext, kind: str = "ConditionExpression") -> Condition:
    """Parse and bind a ConditionExpression (or, with kind="FilterExpression", a filter)."""
    tree = _syntax(text, "condition", kind)
    try:
        root, binder = bind_condition(tree, ctx)
    except ExpressionProblem as problem:
        raise invalid(kind, problem.message) from None
    return Condition(root, kind, binder.heads, binder.nested_heads)


@_only_dynamo_errors
def evaluate_condition(cond: Condition, item: dict | None) -> bool:
    """Whether `item` (DynamoDB JSON, None for no item) satisfies `cond`."""
    return cond.evaluate(item)


@_only_dynamo_errors
def parse_projection(text: str, ctx: ExpressionContext) -> Projection:
    """Parse and bind a ProjectionExpression."""
    kind = "ProjectionExpression"
    paths = _syntax(text, "projection", kind)
    try:
        tree, resolved, _ = bind_projection(paths, ctx)
    except ExpressionProblem as problem:
        raise invalid(kind, problem.message) from None
    return Projection(tree, resolved)


@_only_dynamo_errors
def apply_projection(proj: Projection, item: dict | None) -> dict:
    """The parts of `item` selected by `proj` (a new dict)."""
    return proj.apply(item)


@_only_dynamo_errors
def parse_update(text: str, ctx: ExpressionContext) -> UpdateExpression:
    """Parse and bind an UpdateExpression."""
    kind = "UpdateExpression"
    sections = _syntax(text, "update", kind)
    try:
        tree, actions, binder = bind_update(sections, ctx)
    except ExpressionProblem as problem:
        raise invalid(kind, problem.message) from None
    return UpdateExpression(tree, actions, nested=binder.nested_heads)


@_only_dynamo_errors
def apply_update(update: UpdateExpression, item: dict | None) -> tuple[dict, Projection]:
    """Apply `update` to `item` (not modified): (new item, projection of the
    paths the update touched, for ReturnValues UPDATED_OLD / UPDATED_NEW)."""
    return update.apply(item), update.touched()


@_only_dynamo_errors
def parse_key_condition(text: str, ctx: ExpressionContext, hash_name: str, range_name: str | None,
                        *, hash_type: str | None = None, range_type: str | None = None,
                        check_unused: bool = True, multi: tuple | None = None) -> KeyCondition:
    """Parse a KeyConditionExpression and match it to the queried key schema.

    DynamoDB checks unused placeholders after reading all of a Query's
    expressions (the key condition is read last) but before taking the key
    condition apart, so by default this calls `ctx.check_unused()` in between.
    With the key attribute types, the "Condition parameter type does not
    match schema type" check also happens here, in its place. `multi`, the
    (HASH, RANGE) `KeyAttr` lists of a multi-attribute key, makes the result
    a MultiKeyCondition.
    """
    root = bind_key_condition(text, ctx)
    return match_key_condition(root, ctx, hash_name, range_name, hash_type=hash_type, range_type=range_type,
                               check_unused=check_unused, multi=multi)


def bind_key_condition(text: str, ctx: ExpressionContext):
    """A KeyConditionExpression's syntax, placeholders and operand types: what
    DynamoDB checks, clause by clause in written order, before it looks up the
    table. Returns the bound tree for `match_key_condition`."""
    kind = "KeyConditionExpression"
    tree = _syntax(text, "condition", kind)
    try:
        root, _ = bind_condition(tree, ctx)
    except ExpressionProblem as problem:
        raise invalid(kind, problem.message) from None
    return root


def match_key_condition(root, ctx: ExpressionContext, hash_name: str, range_name: str | None,
                        *, hash_type: str | None = None, range_type: str | None = None,
                        check_unused: bool = True, multi: tuple | None = None) -> KeyCondition:
    """A bound key condition taken apart and matched to the queried key schema
    (`multi`: as for parse_key_condition)."""
    if check_unused:
        ctx.check_unused()
    conditions = extract(root)
    if multi is not None:
        return match_multi_schema(conditions, *multi)
    check_count(conditions, range_name)
    return match_schema(conditions, hash_name, range_name, hash_type, range_type)


legacy_condition = _only_dynamo_errors(legacy_condition)
legacy_filter = _only_dynamo_errors(legacy_filter)
legacy_key_conditions = _only_dynamo_errors(legacy_key_conditions)
legacy_projection = _only_dynamo_errors(legacy_projection)
legacy_update = _only_dynamo_errors(legacy_update)
