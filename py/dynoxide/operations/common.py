"""What several operations share: expressions of a request, key checks, item checks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import errors, expressions
from ..errors import invalid_parameter
from ..limits import MAX_HASH_KEY_SIZE, MAX_ITEM_SIZE, MAX_RANGE_KEY_SIZE
from ..schema import IndexSchema, KeyAttr, TableSchema
from ..values.attributes import type_tag
from ..values.keys import encode_typed
from ..validation import messages as m
from ..values.size import item_size, key_value_size
from ..vectors.entries import check_write as check_vector_attributes


@dataclass
class RequestExpressions:
    context: Any = None
    update: Any = None
    condition: Any = None
    filter: Any = None
    projection: Any = None


def parse_expressions(request: dict, *, update=False, condition=False, filter_kind=None,
                      projection=False, defer_unused=False) -> RequestExpressions:
    """Parse a request's expressions (or their legacy forms) in DynamoDB's order.

    `filter_kind` is "QueryFilter" or "ScanFilter" for the legacy filter name.
    With `defer_unused`, the caller checks unused names/values itself after
    parsing the KeyConditionExpression, which needs the table's key schema.
    """
    ctx = expressions.ExpressionContext(request.get("ExpressionAttributeNames"),
                                        request.get("ExpressionAttributeValues"))
    out = RequestExpressions(context=ctx)
    op = request.get("ConditionalOperator")
    if update:
        if request.get("UpdateExpression") is not None:
            out.update = expressions.parse_update(request["UpdateExpression"], ctx)
        elif request.get("AttributeUpdates"):
            out.update = expressions.legacy_update(request["AttributeUpdates"])
    if condition:
        if request.get("ConditionExpression") is not None:
            out.condition = expressions.parse_condition(request["ConditionExpression"], ctx, "ConditionExpression")
        elif request.get("Expected"):
            out.condition = expressions.legacy_condition(request["Expected"], op)
    if filter_kind:
        if request.get("FilterExpression") is not None:
            out.filter = expressions.parse_condition(request["FilterExpression"], ctx, "FilterExpression")
        elif request.get(filter_kind):
            out.filter = expressions.legacy_filter(request[filter_kind], op)
    if projection:
        out.projection = parse_projection(request, ctx)
    if not defer_unused:
        ctx.check_unused()
    return out


def parse_projection(request: dict, ctx) -> Any:
    if request.get("ProjectionExpression") is not None:
        return expressions.parse_projection(request["ProjectionExpression"], ctx)
    if request.get("AttributesToGet"):
        return expressions.legacy_projection(request["AttributesToGet"])
    return None


# --- keys ------------------------------------------------------------------

# How DynamoDB names the type of an empty key value.
_KIND_WORDS = {"S": "string", "B": "binary"}


def check_key(schema: TableSchema, key: dict) -> tuple[str, str]:
    """Validate a request's Key against the table; return its encoded (pk, sk).

    Every attribute's name and type is checked before any value's content,
    as DynamoDB reports a schema mismatch first.
    """
    hash_attr, range_attr = schema.hash, schema.range
    if len(key) != (1 if range_attr is None else 2) or not _matches(hash_attr, key) or (
            range_attr is not None and not _matches(range_attr, key)):
        raise errors.validation(m.KEY_SCHEMA_MISMATCH)
    return _checked_key(schema, key)


def _matches(attr: KeyAttr, key: dict) -> bool:
    """Whether `key` holds `attr` as a single value of its declared type."""
    value = key.get(attr.name)
    return isinstance(value, dict) and len(value) == 1 and attr.type in value


def check_item_key(schema: TableSchema, item: dict, *, schema_words: bool = False) -> tuple[str, str]:
    """PutItem's key checks: present, right type, not empty, not too large; return the encoded (pk, sk).
    `schema_words`: a missing or mistyped key attribute is "does not match the
    schema" (BatchWriteItem), not PutItem's own sentences."""
    attrs = schema.key_attrs()
    for attr in attrs:
        value = item.get(attr.name)
        if value is None:
            raise errors.validation(m.KEY_SCHEMA_MISMATCH) if schema_words else \
                invalid_parameter(m.MISSING_KEY.format(attr.name))
        actual = type_tag(value)
        if actual != attr.type:
            raise errors.validation(m.KEY_SCHEMA_MISMATCH) if schema_words else \
                invalid_parameter(m.KEY_TYPE_MISMATCH.format(attr.name, attr.type, actual))
    return _checked_key(schema, item)


def _checked_key(schema: TableSchema, values: dict) -> tuple[str, str]:
    """The encoded (pk, sk) of key values already known to have the schema's types."""
    pk = _checked_key_value(schema.hash, values[schema.hash.name], True)
    sk = _checked_key_value(schema.range, values[schema.range.name], False) if schema.range is not None else ""
    return pk, sk


def _checked_key_value(attr: KeyAttr, value: dict, is_hash: bool) -> str:
    """Check a key value of the right type (not empty, not too large); return its encoding."""
    kind = attr.type
    raw = value[kind]
    if raw == "" and kind in ("S", "B"):
        raise errors.validation(m.EMPTY_KEY_VALUE.format(_KIND_WORDS[kind], attr.name), whole_request=True)
    limit = MAX_HASH_KEY_SIZE if is_hash else MAX_RANGE_KEY_SIZE
    # A UTF-8 character is at most 4 bytes, so a short string needs no sizing.
    if not (kind == "S" and 4 * len(raw) <= limit) and key_value_size(value) > limit:
        if is_hash:
            raise invalid_parameter(m.HASH_KEY_TOO_BIG.format(MAX_HASH_KEY_SIZE))
        raise invalid_parameter(m.RANGE_KEY_TOO_BIG.format(MAX_RANGE_KEY_SIZE))
    return encode_typed(kind, raw)


def check_key_values_not_empty(pairs) -> None:
    """A Query's key values, as (attribute name, value) pairs, refused when an
    empty string or binary, as GetItem refuses them in a key."""
    for name, value in pairs:
        kind = type_tag(value) if isinstance(value, dict) else None
        if kind in _KIND_WORDS and value[kind] == "":
            raise errors.validation(m.EMPTY_KEY_VALUE.format(_KIND_WORDS[kind], name), whole_request=True)


def check_index_keys(schema: TableSchema, item: dict, *, by_update: bool = False) -> None:
    """An item's values for index key attributes must have the declared type and not be empty.

    `by_update`: the item is an UpdateItem's result, and DynamoDB words an
    empty index key value written by an update differently from a put's.
    """
    for index in schema.indexes:
        for attr in index.key_attrs():
            value = item.get(attr.name)
            if value is None:
                continue
            actual = type_tag(value)
            if actual != attr.type:
                raise invalid_parameter(m.INDEX_KEY_TYPE_MISMATCH.format(attr.name, attr.type, actual, index.name))
            if actual in ("S", "B") and value[actual] == "":
                kind = _KIND_WORDS[actual]
                if by_update:
                    raise errors.validation(m.EMPTY_INDEX_KEY_BY_UPDATE.format(kind), whole_request=True)
                raise errors.validation(m.EMPTY_INDEX_KEY_VALUE.format(kind, index.name, attr.name),
                                        whole_request=True)
        _check_index_key_sizes(index, item)
    if schema.vector_indexes:
        check_vector_attributes(schema, item, by_update=by_update)


def _check_index_key_sizes(index: IndexSchema, item: dict) -> None:
    """An index's key values obey the table's key size limits (an LSI's
    partition key is the table's own, checked with the table's key). Only an
    item the index holds (one with every key attribute) has index key values."""
    if any(attr.name not in item for attr in index.key_attrs()):
        return
    roles = [] if index.local else [(attr, MAX_HASH_KEY_SIZE) for attr in index.hash_keys]
    roles += [(attr, MAX_RANGE_KEY_SIZE) for attr in index.range_keys]
    for attr, limit in roles:
        value = item.get(attr.name)
        if value is None or (attr.type == "S" and 4 * len(value.get("S", "")) <= limit):
            continue  # a UTF-8 character is at most 4 bytes: a short string needs no sizing
        size = key_value_size(value)
        if size > limit:
            raise invalid_parameter(m.INDEX_KEY_TOO_BIG.format(attr.name, size, limit, index.name))


def check_item_size(item: dict) -> int:
    size = item_size(item)
    if size > MAX_ITEM_SIZE:
        raise errors.validation(m.ITEM_TOO_BIG)
    return size


def save_schema(engine, schema: TableSchema, ddl: list | None = None) -> None:
    """Write a table's changed settings (tags, TTL) to the catalog, with any DDL they need."""
    engine.conn.write([*(ddl or ()), engine.catalog.update_statement(schema)])
    engine.catalog.commit_put(schema)


def key_of(schema: TableSchema, item: dict, index: IndexSchema | None = None) -> dict:
    """The key attributes of an item (an index's keys first, then the table's)."""
    names = [a.name for a in schema.key_attrs()]
    if index is not None:
        names = [a.name for a in index.key_attrs()] + [n for n in names if n not in
                                                        {a.name for a in index.key_attrs()}]
    return {n: item[n] for n in names if n in item}
