"""Query and Scan: one paging loop over a table or index, with DynamoDB's limits.

A page ends at `Limit` items evaluated or once 1 MB of item data was read
(the item that crosses the line is included); either way LastEvaluatedKey
is the last item read. Filters apply after the limit, so Count <= ScannedCount.
"""
from __future__ import annotations

from .. import errors, expressions
from ..errors import invalid_parameter
from ..limits import MAX_PAGE_SIZE
from ..raw import RawJSON
from ..schema import IndexSchema, TableSchema
from ..storage.tables import encode_table_key, index_key_text, key_role_text, query_range
from ..validation import messages as m
from ..values.keys import encode_key
from ..vectors import messages as vector_messages
from . import capacity
from .common import check_key_values_not_empty, key_of, parse_expressions


# What `_index` answers for a vector index on Query: the key condition is read
# (and its errors reported) before DynamoDB refuses the index.
VECTOR_INDEX = object()


def _index(schema: TableSchema, request: dict, *, scan: bool = False) -> IndexSchema | None:
    name = request.get("IndexName")
    if name is None:
        return None
    index = schema.index(name)
    if index is None:
        if schema.vector_index(name) is not None:
            if scan:
                raise errors.validation(vector_messages.SCAN_REFUSED)
            if request.get("ConsistentRead"):
                raise errors.validation("Consistent reads are not supported on global secondary indexes")
            return VECTOR_INDEX
        raise errors.validation(f"The table does not have the specified index: {name}")
    if not index.local and request.get("ConsistentRead"):
        raise errors.validation("Consistent reads are not supported on global secondary indexes")
    return index


def _check_select(schema: TableSchema, index: IndexSchema | None, request: dict) -> str:
    select = request.get("Select")
    has_projection = request.get("ProjectionExpression") is not None or bool(request.get("AttributesToGet"))
    if select is None:
        if has_projection:
            return "SPECIFIC_ATTRIBUTES"
        return "ALL_PROJECTED_ATTRIBUTES" if index is not None else "ALL_ATTRIBUTES"
    if select == "ALL_PROJECTED_ATTRIBUTES" and index is None:
        raise invalid_parameter("Select type ALL_PROJECTED_ATTRIBUTES is not supported for table")
    if select == "ALL_ATTRIBUTES" and index is not None and not index.local and index.projection_type != "ALL":
        raise invalid_parameter(
            f"Select type ALL_ATTRIBUTES is not supported for global secondary index {index.name} "
            "because its projection type is not ALL")
    return select


def _start_cursor(schema: TableSchema, index: IndexSchema | None, start: dict | None, scan: bool) -> tuple | None:
    """The SQL cursor for ExclusiveStartKey: the ordering columns after the hash (query) or all (scan)."""
    if start is None:
        return None
    expected = {a.name: a.type for a in schema.key_attrs()}
    if index is not None:
        expected.update({a.name: a.type for a in index.key_attrs()})
    if set(start) != set(expected) or any(
            not isinstance(start[n], dict) or list(start[n]) != [t] for n, t in expected.items()):
        raise errors.validation(m.STARTING_KEY_INVALID.format(m.KEY_SCHEMA_MISMATCH))
    pk, sk = encode_table_key(schema, start)
    if index is None:
        return (pk, sk) if scan else (sk,)
    ipk, isk = index_key_text(index, start)
    return (ipk, isk, pk, sk) if scan else (isk, pk, sk)


def query(engine, request: dict) -> dict:
    exprs = parse_expressions(request, filter_kind="QueryFilter", projection=True, defer_unused=True)
    key_text = request.get("KeyConditionExpression")
    key_tree = expressions.bind_key_condition(key_text, exprs.context) if key_text is not None else None
    schema = engine.schema(request["TableName"])
    index = _index(schema, request)
    if index is VECTOR_INDEX:
        _refuse_vector_query(request, exprs)
    hash_attr, range_attr = (index.hash, index.range) if index is not None else (schema.hash, schema.range)
    range_name = range_attr.name if range_attr is not None else None
    range_type = range_attr.type if range_attr is not None else None
    multi = (index.hash_keys, index.range_keys) if index is not None and index.multi_attribute else None
    if key_tree is not None:
        # Checks unused names/values itself, at the point DynamoDB does.
        condition = expressions.match_key_condition(key_tree, exprs.context, hash_attr.name, range_name,
                                                    hash_type=hash_attr.type, range_type=range_type, multi=multi)
    elif request.get("KeyConditions"):
        exprs.context.check_unused()
        condition = expressions.legacy_key_conditions(request["KeyConditions"], hash_attr.name, range_name,
                                                      multi=multi)
        if multi is None:
            _check_key_types(condition, hash_attr.type, range_type)
    else:
        raise errors.validation(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
    select = _check_select(schema, index, request)
    if multi is None:
        check_key_values_not_empty([(hash_attr.name, condition.hash_value)])
        hash_text = encode_key(condition.hash_value)
        range_op, range_params = query_range(1, [], condition.range_op, condition.range_values)
    else:
        check_key_values_not_empty(zip((a.name for a in index.hash_keys), condition.hash_values))
        hash_text = key_role_text(condition.hash_values)
        range_op, range_params = query_range(len(index.range_keys), condition.range_prefix,
                                             condition.range_op, condition.range_values)
    cursor = _start_cursor(schema, index, request.get("ExclusiveStartKey"), scan=False)
    store = engine.store(schema)
    rows = store.query(index, hash_text, range_op, range_params,
                       request.get("ScanIndexForward", True) is not False, cursor,
                       chunk=_chunk(request))
    return _page(engine, schema, index, request, rows, exprs, select)


def _refuse_vector_query(request: dict, exprs) -> None:
    if request.get("KeyConditionExpression") is not None:
        expressions.parse_condition(request["KeyConditionExpression"], exprs.context, "KeyConditionExpression")
    elif not request.get("KeyConditions"):
        raise errors.validation(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
    raise errors.validation(vector_messages.QUERY_REFUSED)


def _check_key_types(condition, hash_type: str, range_type: str | None) -> None:
    values = [(condition.hash_value, hash_type)] + [(v, range_type) for v in condition.range_values]
    for value, expected in values:
        if not isinstance(value, dict) or list(value) != [expected]:
            raise invalid_parameter(m.CONDITION_TYPE_MISMATCH)


def scan(engine, request: dict) -> dict:
    exprs = parse_expressions(request, filter_kind="ScanFilter", projection=True)
    schema = engine.schema(request["TableName"])
    index = _index(schema, request, scan=True)
    select = _check_select(schema, index, request)
    cursor = _start_cursor(schema, index, request.get("ExclusiveStartKey"), scan=True)
    segment = None
    if request.get("TotalSegments") is not None:
        segment = (request["Segment"], request["TotalSegments"])
    rows = engine.store(schema).scan(index, cursor, segment, chunk=_chunk(request))
    return _page(engine, schema, index, request, rows, exprs, select)


def _chunk(request: dict) -> int:
    limit = request.get("Limit")
    return min(limit, 512) if isinstance(limit, int) and limit > 0 else 512


def _page(engine, schema: TableSchema, index: IndexSchema | None, request: dict, rows, exprs, select: str) -> dict:
    limit = request.get("Limit")
    consistent = bool(request.get("ConsistentRead"))
    fetch_base = index is not None and index.local and index.projection_type != "ALL" and (
        select == "ALL_ATTRIBUTES" or exprs.projection is not None)
    store = engine.store(schema) if fetch_base else None
    # Items that go out exactly as stored are passed through as text.
    passthrough = exprs.filter is None and exprs.projection is None and not fetch_base
    items, scanned, size, last, table_size = [], 0, 0, None, 0
    for row in rows:
        scanned += 1
        size += row.size
        last = row
        if passthrough:
            items.append(RawJSON(row.text))
        else:
            item = row.item
            if fetch_base:
                found = store.get(encode_table_key(schema, item))
                if found is not None:
                    item, base_size = found
                    table_size += base_size
            if exprs.filter is None or expressions.evaluate_condition(exprs.filter, item):
                if exprs.projection is not None:
                    item = expressions.apply_projection(exprs.projection, item)
                items.append(item)
        if (limit is not None and scanned >= limit) or size >= MAX_PAGE_SIZE:
            break
    else:
        last = None
    response: dict = {"Count": len(items), "ScannedCount": scanned}
    if select != "COUNT":
        response = {"Items": items, **response}
    if last is not None:
        response["LastEvaluatedKey"] = key_of(schema, last.item, index)
    mode = request.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        units = capacity.read_units(size, consistent)
        if index is None:
            consumed = capacity.consumed(mode, schema.name, units)
        else:
            table_units = capacity.read_units(table_size, consistent) if table_size else 0.0
            consumed = capacity.consumed(mode, schema.name, table_units, {index.name: (index.local, units)})
        response["ConsumedCapacity"] = consumed
    return response
