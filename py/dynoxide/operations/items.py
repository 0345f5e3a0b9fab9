"""PutItem, GetItem, UpdateItem, DeleteItem, and the write plans they share
with TransactWriteItems.

A write is planned first (`plan_put`, `plan_update`, `plan_delete`): read
the old item (conditions, return values, index upkeep and capacity all need
it), check, and work out the new item. Then the plan's statements, base and
index rows together, commit as one transaction.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .. import errors, expressions
from ..errors import invalid_parameter
from ..limits import MAX_ITEM_SIZE
from ..raw import RawJSON
from ..schema import TableSchema
from ..storage.tables import (Counts, TableStore, delete_statements, dump_item, encode_table_key,
                              put_statements)
from ..validation import messages as m
from ..validation.request import request_level
from ..values.size import item_size
from . import capacity
from .commit import commit
from .common import check_index_keys, check_item_key, check_item_size, check_key, parse_expressions


@dataclass
class WritePlan:
    schema: TableSchema
    store: TableStore
    key: tuple[str, str]
    old: dict | None
    old_size: int
    new: dict | None  # None: the item is deleted (or, for a condition check, untouched)
    new_size: int = 0
    touched: object = None  # the paths an update changed (UPDATED_OLD / UPDATED_NEW)
    writes: bool = True
    old_text: str | None = None  # `old` as stored, when read as text (a stream record reuses it)
    _new_text: str | None = field(default=None, repr=False)

    @property
    def new_text(self) -> str | None:
        """`new` as stored: encoded once, for the row and any stream record."""
        if self._new_text is None and self.new is not None:
            self._new_text = dump_item(self.new)
        return self._new_text

    def statements(self, counts: Counts | None = None) -> list:
        """The plan's writes; `counts` gathers several plans' count changes (see storage.tables.Counts)."""
        if not self.writes:
            return []
        if self.new is not None:
            return put_statements(self.schema, self.key, self.old, self.new, self.new_text, self.new_size,
                                  old_size=self.old_size, counts=counts)
        if self.old is None:
            return []
        return delete_statements(self.schema, self.key, self.old, old_size=self.old_size, counts=counts)

    def capacity(self, mode: str | None) -> dict | None:
        new = self.new if self.writes else None
        return capacity.write_capacity(mode, self.schema, self.old, new, self.old_size, self.new_size)


def _read_old(engine, schema: TableSchema, key: tuple[str, str]):
    store = engine.store(schema)
    found = store.get_text(key)
    if found is None:
        return store, None, 0, None
    text, size = found
    return store, json.loads(text), size, text


def _check_condition(condition, request: dict, old: dict | None) -> None:
    if condition is not None and not expressions.evaluate_condition(condition, old):
        if request.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and old is not None:
            raise errors.conditional_check_failed(old)
        raise errors.conditional_check_failed()


def check_put(schema: TableSchema, item: dict, size: int | None = None,
              *, schema_words: bool = False) -> tuple[tuple[str, str], int]:
    """A PutItem's checks of its item against the table: (encoded key, item size).
    `size`: the item's size when validation already measured it; `schema_words`:
    see `check_item_key`."""
    key = check_item_key(schema, item, schema_words=schema_words)
    check_index_keys(schema, item)
    if size is None:
        size = check_item_size(item)
    return key, size


def plan_put(engine, schema: TableSchema, request: dict, condition, size: int | None = None) -> WritePlan:
    item = request["Item"]  # canonical: the validation layer normalised it
    key, size = check_put(schema, item, size)
    store, old, old_size, old_text = _read_old(engine, schema, key)
    _check_condition(condition, request, old)
    return WritePlan(schema, store, key, old, old_size, item, size, old_text=old_text)


def plan_delete(engine, schema: TableSchema, request: dict, condition) -> WritePlan:
    key = check_key(schema, request["Key"])
    store, old, old_size, old_text = _read_old(engine, schema, key)
    _check_condition(condition, request, old)
    return WritePlan(schema, store, key, old, old_size, None, old_text=old_text)


def plan_condition_check(engine, schema: TableSchema, request: dict, condition) -> WritePlan:
    key = check_key(schema, request["Key"])
    store, old, old_size, old_text = _read_old(engine, schema, key)
    _check_condition(condition, request, old)
    return WritePlan(schema, store, key, old, old_size, None, writes=False, old_text=old_text)


def plan_update(engine, schema: TableSchema, request: dict, update, condition,
                *, statement_sized: bool = False) -> WritePlan:
    """`statement_sized`: the 400 KB limit also applies to what the update
    statement writes (`UpdateExpression.statement_size`), as DynamoDB's newest
    UpdateItem measures it; a transaction's Update and PartiQL's UPDATE measure
    only the finished item."""
    key_values = request["Key"]
    key = check_key(schema, key_values)
    if update is not None:
        touched_roots = update.top_level_names()
        for name in schema.key_names():
            if name in touched_roots:
                raise invalid_parameter(m.KEY_IN_UPDATE.format(name))
    store, old, old_size, old_text = _read_old(engine, schema, key)
    _check_condition(condition, request, old)
    base = old if old is not None else dict(key_values)
    touched = None
    if update is not None:
        new, touched = expressions.apply_update(update, base)
    else:
        new = dict(base)
    check_index_keys(schema, new, by_update=True)
    new_size = item_size(new)
    if new_size > MAX_ITEM_SIZE or (
            statement_sized and update is not None and update.statement_size(new) > MAX_ITEM_SIZE):
        raise errors.validation(m.UPDATED_ITEM_TOO_BIG)
    return WritePlan(schema, store, key, old, old_size, new, new_size, touched, old_text=old_text)


def _finish(response: dict, request: dict, plan: WritePlan) -> dict:
    mode = request.get("ReturnConsumedCapacity")
    if mode is not None:
        consumed = plan.capacity(mode)
        if consumed is not None:
            response["ConsumedCapacity"] = consumed
    if request.get("ReturnItemCollectionMetrics") == "SIZE":
        written = plan.new if plan.new is not None else (plan.old or request.get("Key"))
        metrics = capacity.item_collection_metrics(plan.schema, plan.store, written)
        if metrics is not None:
            response["ItemCollectionMetrics"] = metrics
    return response


# The members a request's expressions are read from: without any of them there
# is nothing to parse and no placeholder to report unused, so the (common)
# plain request skips parse_expressions.
_CONDITION_MEMBERS = ("ConditionExpression", "Expected", "ExpressionAttributeNames", "ExpressionAttributeValues")
_PROJECTION_MEMBERS = ("ProjectionExpression", "AttributesToGet", "ExpressionAttributeNames",
                       "ExpressionAttributeValues")


def _names_expressions(request: dict, members: tuple[str, ...]) -> bool:
    return not request.keys().isdisjoint(members)


def _condition_of(request: dict):
    if _names_expressions(request, _CONDITION_MEMBERS):
        return parse_expressions(request, condition=True).condition
    return None


def put_item(engine, request: dict, checked) -> dict:
    with request_level("PutItem"):
        condition = _condition_of(request)
    schema = engine.schema(request["TableName"])
    plan = plan_put(engine, schema, request, condition, checked.item_size("Item"))
    commit(engine, [plan])
    response: dict = {}
    if request.get("ReturnValues") == "ALL_OLD" and plan.old is not None:
        response["Attributes"] = plan.old
    return _finish(response, request, plan)


def delete_item(engine, request: dict) -> dict:
    with request_level("DeleteItem"):
        condition = _condition_of(request)
    schema = engine.schema(request["TableName"])
    plan = plan_delete(engine, schema, request, condition)
    commit(engine, [plan])
    response: dict = {}
    if request.get("ReturnValues") == "ALL_OLD" and plan.old is not None:
        response["Attributes"] = plan.old
    return _finish(response, request, plan)


def update_item(engine, request: dict, *, statement_sized: bool = True) -> dict:
    """`statement_sized` False: measure only the finished item against 400 KB
    (a PartiQL UPDATE, which DynamoDB does not size by its statement)."""
    with request_level("UpdateItem"):
        exprs = parse_expressions(request, update=True, condition=True)
    schema = engine.schema(request["TableName"])
    plan = plan_update(engine, schema, request, exprs.update, exprs.condition, statement_sized=statement_sized)
    commit(engine, [plan])
    response: dict = {}
    attributes = _return_values(request.get("ReturnValues"), plan.old, plan.new, plan.touched)
    if attributes:
        response["Attributes"] = attributes
    return _finish(response, request, plan)


def get_item(engine, request: dict) -> dict:
    projection = None
    if _names_expressions(request, _PROJECTION_MEMBERS):
        projection = parse_expressions(request, projection=True).projection
    schema = engine.schema(request["TableName"])
    key = check_key(schema, request["Key"])
    found = engine.store(schema).get_text(key)
    response: dict = {}
    size = 0
    if found is not None:
        text, size = found
        if projection is not None:
            response["Item"] = expressions.apply_projection(projection, json.loads(text))
        else:
            response["Item"] = RawJSON(text)
    mode = request.get("ReturnConsumedCapacity")
    if mode is not None:
        units = capacity.read_units(size, bool(request.get("ConsistentRead")))
        consumed = capacity.consumed(mode, schema.name, units)
        if consumed is not None:
            response["ConsumedCapacity"] = consumed
    return response


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
