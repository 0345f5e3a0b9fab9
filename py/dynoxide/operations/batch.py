"""BatchGetItem and BatchWriteItem.

Every request of a batch is checked before anything is written, and the
writes commit as one transaction: a batch that fails validation writes
nothing (DynamoDB promises only per-item atomicity; we give more).
"""
from __future__ import annotations

import json

from .. import errors, expressions
from ..limits import MAX_BATCH_GET_RESPONSE_BYTES
from ..raw import RawJSON
from ..validation import messages as m
from . import capacity
from .commit import commit
from .common import check_key, parse_projection
from .items import WritePlan, check_put



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
        # Duplicate keys were refused by validation (BatchGetRules), on canonical values.
        plan += [schema, [check_key(schema, key) for key in plan[1]["Keys"]]]
    responses: dict = {}
    unprocessed: dict = {}
    consumed_list = []
    total = 0
    for table_name, spec, projection, schema, encoded in plans:
        consistent = bool(spec.get("ConsistentRead"))
        found_items = responses.setdefault(table_name, [])
        units = 0.0
        stored = engine.store(schema).get_many_text(encoded)  # one statement per 100 keys, not one per key
        for key, encoded_key in zip(spec["Keys"], encoded):
            if total >= MAX_BATCH_GET_RESPONSE_BYTES:
                pending = unprocessed.setdefault(table_name, {k: v for k, v in spec.items() if k != "Keys"})
                pending.setdefault("Keys", []).append(key)
                continue
            found = stored.get(encoded_key)
            size = 0
            if found is not None:
                text, size = found
                total += size
                if projection is not None:
                    found_items.append(expressions.apply_projection(projection, json.loads(text)))
                else:
                    found_items.append(RawJSON(text))
            units += capacity.read_units(size, consistent)
        entry = capacity.consumed(request.get("ReturnConsumedCapacity"), table_name, units)
        if entry is not None:
            consumed_list.append(entry)
    out: dict = {"Responses": responses, "UnprocessedKeys": unprocessed}
    if request.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
        out["ConsumedCapacity"] = consumed_list
    return out


def batch_write_item(engine, request: dict, validated) -> dict:
    plans = []
    for table_name, writes in request["RequestItems"].items():
        schema = engine.schema(table_name)
        # Every write is checked first (in request order, as DynamoDB reports
        # them), then the table's old items are read in one statement.
        checked = []  # (key, the item to put or None, its size)
        seen = set()
        for position, write in enumerate(writes):
            put = write.get("PutRequest")
            if put is not None:
                key, size = check_put(schema, put["Item"], validated.item_size(table_name, position),
                                      schema_words=True)
                checked.append((key, put["Item"], size))
            else:
                key = check_key(schema, write["DeleteRequest"]["Key"])
                checked.append((key, None, 0))
            if key in seen:
                raise errors.validation(m.BATCH_KEYS_DUPLICATE)
            seen.add(key)
        store = engine.store(schema)
        found = store.get_many([key for key, _, _ in checked])
        for key, item, size in checked:
            old, old_size = found.get(key, (None, 0))
            plans.append(WritePlan(schema, store, key, old, old_size, item, size))
    commit(engine, plans)
    out: dict = {"UnprocessedItems": {}}
    mode = request.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        consumed: dict[str, dict] = {}
        for plan in plans:
            capacity.accumulate(consumed, plan.capacity(mode))
        out["ConsumedCapacity"] = list(consumed.values())
    if request.get("ReturnItemCollectionMetrics") == "SIZE":
        metrics: dict[str, list] = {}
        for plan in plans:
            written = plan.new if plan.new is not None else plan.old
            if plan.schema.lsis() and written is not None:
                metrics.setdefault(plan.schema.name, []).append(
                    capacity.item_collection_metrics(plan.schema, plan.store, written))
        if metrics:
            out["ItemCollectionMetrics"] = metrics
    return out
