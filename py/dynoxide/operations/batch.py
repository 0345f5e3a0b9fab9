"""BatchGetItem and BatchWriteItem.

Every request of a batch is checked before anything is written, and the
writes commit as one transaction: a batch that fails validation writes
nothing (DynamoDB promises only per-item atomicity; we give more).
"""
from __future__ import annotations

import json

from .. import errors, expressions
from ..storage.tables import delete_statements, dump_item, encode_table_key, index_entry, put_statements
from ..raw import RawJSON
from . import capacity
from .common import check_index_keys, check_item_key, check_item_size, check_key, parse_projection

# A BatchGetItem response carries at most 16 MB; the rest is UnprocessedKeys.
_MAX_BATCH_GET_BYTES = 16 * 1024 * 1024


def _duplicates() -> errors.DynamoError:
    return errors.validation("Provided list of item keys contains duplicates")


def batch_get_item(engine, request: dict) -> dict:
    plans = []  # (table name, its request, projection, schema, encoded keys)
    for table_name, spec in request["RequestItems"].items():
        ctx = expressions.ExpressionContext(spec.get("ExpressionAttributeNames"),
                                            spec.get("ExpressionAttributeValues"))
        projection = parse_projection(spec, ctx)
        ctx.check_unused()
        plans.append([table_name, spec, projection])
    for plan in plans:
        schema = engine.schema(plan[0])
        encoded = [check_key(schema, key) for key in plan[1]["Keys"]]
        if len(set(encoded)) != len(encoded):
            raise _duplicates()
        plan += [schema, encoded]
    responses: dict = {}
    unprocessed: dict = {}
    consumed_list = []
    total = 0
    for table_name, spec, projection, schema, encoded in plans:
        store = engine.store(schema)
        consistent = bool(spec.get("ConsistentRead"))
        found_items = responses.setdefault(table_name, [])
        units = 0.0
        for key, encoded_key in zip(spec["Keys"], encoded):
            if total >= _MAX_BATCH_GET_BYTES:
                pending = unprocessed.setdefault(table_name, {k: v for k, v in spec.items() if k != "Keys"})
                pending.setdefault("Keys", []).append(key)
                continue
            found = store.get_text(encoded_key)
            size = 0
            if found is not None:
                text, size = found
                total += size
                if projection is not None:
                    found_items.append(expressions.apply_projection(projection, json.loads(text)))
                else:
                    found_items.append(RawJSON(text) if engine.raw else json.loads(text))
            units += capacity.read_units(size, consistent)
        entry = capacity.consumed(request.get("ReturnConsumedCapacity"), table_name, units)
        if entry is not None:
            consumed_list.append(entry)
    out: dict = {"Responses": responses, "UnprocessedKeys": unprocessed}
    if request.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
        out["ConsumedCapacity"] = consumed_list
    return out


def batch_write_item(engine, request: dict) -> dict:
    planned = []  # (schema, store, key, new item or None for a delete, new size)
    for table_name, writes in request["RequestItems"].items():
        schema = engine.schema(table_name)
        store = engine.store(schema)
        seen = set()
        for write in writes:
            if write.get("PutRequest") is not None:
                item = write["PutRequest"]["Item"]  # canonical after validation
                check_item_key(schema, item)
                check_index_keys(schema, item)
                size = check_item_size(item)
                key = encode_table_key(schema, item)
                new = item
            else:
                key = check_key(schema, write["DeleteRequest"]["Key"])
                new, size = None, 0
            if key in seen:
                raise _duplicates()
            seen.add(key)
            planned.append((schema, store, key, new, size))
    statements = []
    consumed: dict[str, dict] = {}
    metrics: dict[str, list] = {}
    mode = request.get("ReturnConsumedCapacity")
    for schema, store, key, new, size in planned:
        found = store.get(key)
        old, old_size = found if found is not None else (None, 0)
        if new is not None:
            statements += put_statements(schema, key, old, new, dump_item(new), size)
        elif old is not None:
            statements += delete_statements(schema, key, old)
        entry = capacity.write_capacity(mode, schema, old, new, old_size, size, index_entry)
        if entry is not None:
            _accumulate(consumed, entry)
        if request.get("ReturnItemCollectionMetrics") == "SIZE" and schema.lsis():
            metrics.setdefault(schema.name, []).append((store, new or old))
    if statements:
        engine.conn.write(statements)
    out: dict = {"UnprocessedItems": {}}
    if mode in ("TOTAL", "INDEXES"):
        out["ConsumedCapacity"] = list(consumed.values())
    if metrics:
        out["ItemCollectionMetrics"] = {
            name: [m for store, item in entries
                   if (m := capacity.item_collection_metrics(store.schema, store, item)) is not None]
            for name, entries in metrics.items()}
    return out


def _accumulate(totals: dict[str, dict], entry: dict) -> None:
    """Sum ConsumedCapacity entries per table (including the per-index parts)."""
    current = totals.get(entry["TableName"])
    if current is None:
        totals[entry["TableName"]] = entry
        return
    current["CapacityUnits"] += entry["CapacityUnits"]
    if "Table" in entry:
        current["Table"]["CapacityUnits"] += entry["Table"]["CapacityUnits"]
    for group in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for name, units in entry.get(group, {}).items():
            slot = current.setdefault(group, {}).setdefault(name, {"CapacityUnits": 0.0})
            slot["CapacityUnits"] += units["CapacityUnits"]
