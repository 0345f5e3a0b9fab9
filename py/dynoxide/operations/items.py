"""PutItem, GetItem, UpdateItem, DeleteItem.

Each write reads the old item (conditions, return values, index upkeep and
capacity all need it), decides, then commits base and index rows as one
transaction.
"""
from __future__ import annotations

import json

from .. import errors, expressions
from ..errors import invalid_parameter
from ..storage.tables import delete_statements, dump_item, index_entry, put_statements, encode_table_key
from ..limits import MAX_ITEM_SIZE
from ..raw import RawJSON
from ..values.size import item_size
from . import capacity
from .common import (check_index_keys, check_item_key, check_item_size, check_key, parse_expressions)


def _condition_failed(request: dict, old: dict | None) -> errors.DynamoError:
    if request.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and old is not None:
        return errors.conditional_check_failed(old)
    return errors.conditional_check_failed()


def _finish(response: dict, request: dict, schema, store, old, new, old_size, new_size, written) -> dict:
    consumed = capacity.write_capacity(request.get("ReturnConsumedCapacity"), schema, old, new,
                                       old_size, new_size, index_entry)
    if consumed is not None:
        response["ConsumedCapacity"] = consumed
    if request.get("ReturnItemCollectionMetrics") == "SIZE":
        metrics = capacity.item_collection_metrics(schema, store, written)
        if metrics is not None:
            response["ItemCollectionMetrics"] = metrics
    return response


def put_item(engine, request: dict) -> dict:
    exprs = parse_expressions(request, condition=True)
    schema = engine.schema(request["TableName"])
    item = request["Item"]  # canonical: the validation layer normalised it
    check_item_key(schema, item)
    check_index_keys(schema, item)
    size = check_item_size(item)
    key = encode_table_key(schema, item)
    store = engine.store(schema)
    found = store.get(key)
    old, old_size = found if found is not None else (None, 0)
    if exprs.condition is not None and not expressions.evaluate_condition(exprs.condition, old):
        raise _condition_failed(request, old)
    engine.conn.write(put_statements(schema, key, old, item, dump_item(item), size))
    response: dict = {}
    if request.get("ReturnValues") == "ALL_OLD" and old is not None:
        response["Attributes"] = old
    return _finish(response, request, schema, store, old, item, old_size, size, item)


def get_item(engine, request: dict) -> dict:
    exprs = parse_expressions(request, projection=True)
    schema = engine.schema(request["TableName"])
    key = check_key(schema, request["Key"])
    found = engine.store(schema).get_text(key)
    response: dict = {}
    size = 0
    if found is not None:
        text, size = found
        if exprs.projection is not None:
            response["Item"] = expressions.apply_projection(exprs.projection, json.loads(text))
        else:
            response["Item"] = RawJSON(text) if engine.raw else json.loads(text)
    mode = request.get("ReturnConsumedCapacity")
    units = capacity.read_units(size, bool(request.get("ConsistentRead")))
    consumed = capacity.consumed(mode, schema.name, units)
    if consumed is not None:
        response["ConsumedCapacity"] = consumed
    return response


def delete_item(engine, request: dict) -> dict:
    exprs = parse_expressions(request, condition=True)
    schema = engine.schema(request["TableName"])
    key = check_key(schema, request["Key"])
    store = engine.store(schema)
    found = store.get(key)
    old, old_size = found if found is not None else (None, 0)
    if exprs.condition is not None and not expressions.evaluate_condition(exprs.condition, old):
        raise _condition_failed(request, old)
    if old is not None:
        engine.conn.write(delete_statements(schema, key, old))
    response: dict = {}
    if request.get("ReturnValues") == "ALL_OLD" and old is not None:
        response["Attributes"] = old
    return _finish(response, request, schema, store, old, None, old_size, 0, old or request["Key"])


def update_item(engine, request: dict) -> dict:
    exprs = parse_expressions(request, update=True, condition=True)
    schema = engine.schema(request["TableName"])
    key_values = request["Key"]
    key = check_key(schema, key_values)
    if exprs.update is not None:
        touched_roots = exprs.update.top_level_names()
        for name in schema.key_names():
            if name in touched_roots:
                raise invalid_parameter(f"Cannot update attribute {name}. This attribute is part of the key")
    store = engine.store(schema)
    found = store.get(key)
    old, old_size = found if found is not None else (None, 0)
    if exprs.condition is not None and not expressions.evaluate_condition(exprs.condition, old):
        raise _condition_failed(request, old)
    base = old if old is not None else dict(key_values)
    touched = None
    if exprs.update is not None:
        new, touched = expressions.apply_update(exprs.update, base)
    else:
        new = dict(base)
    check_index_keys(schema, new)
    new_size = item_size(new)
    if new_size > MAX_ITEM_SIZE:
        raise errors.validation("Item size to update has exceeded the maximum allowed size")
    engine.conn.write(put_statements(schema, key, old, new, dump_item(new), new_size))
    response: dict = {}
    attributes = _return_values(request.get("ReturnValues"), old, new, touched)
    if attributes:
        response["Attributes"] = attributes
    return _finish(response, request, schema, store, old, new, old_size, new_size, new)


def _return_values(mode: str | None, old: dict | None, new: dict, touched) -> dict | None:
    if mode == "ALL_OLD":
        return old
    if mode == "ALL_NEW":
        return new
    if mode == "UPDATED_OLD":
        return expressions.apply_projection(touched, old) if old is not None and touched is not None else None
    if mode == "UPDATED_NEW":
        return expressions.apply_projection(touched, new) if touched is not None else None
    return None
