"""TransactWriteItems and TransactGetItems.

Request-level problems (an expression that does not parse, a missing table,
two actions on one item, a put over 400 KB, more than 4 MB in all) fail the
whole request as DynamoDB reports them. Each action is then planned against
the state before the transaction; if any action fails (a condition, a key
that does not match the schema), the transaction is cancelled with one
reason per action, in order, and nothing is written. Otherwise every
action's statements commit in one SQLite transaction.
"""
from __future__ import annotations

import hashlib
import json
import time

from .. import errors, expressions
from ..errors import DynamoError
from ..limits import MAX_ITEM_SIZE
from ..values.attributes import validate_item
from ..values.size import item_size
from . import capacity
from .common import check_key, parse_expressions, parse_projection
from .items import plan_condition_check, plan_delete, plan_put, plan_update
from ..storage.tables import encode_table_key

_MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
_TOKEN_WINDOW_SECONDS = 600
# Transactions read and write each item twice (prepare and commit).
_TRANSACTION_FACTOR = 2.0


def _cancelled(reasons: list[dict]) -> DynamoError:
    codes = ", ".join(r["Code"] for r in reasons)
    return DynamoError(
        "TransactionCanceledException",
        f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
        extra={"CancellationReasons": reasons})


def _reason(error: DynamoError | None) -> dict:
    if error is None:
        return {"Code": "None"}
    if error.name == "ConditionalCheckFailedException":
        reason = {"Code": "ConditionalCheckFailed", "Message": error.message}
        if "Item" in error.extra:
            reason["Item"] = error.extra["Item"]
        return reason
    if error.name == "ValidationException":
        return {"Code": "ValidationError", "Message": error.message}
    return {"Code": "InternalError", "Message": error.message}


def _action(entry: dict) -> tuple[str, dict]:
    for kind in ("Put", "Update", "Delete", "ConditionCheck"):
        if entry.get(kind) is not None:
            return kind, entry[kind]
    raise errors.validation("TransactItems can only contain one of Check, Put, Update or Delete")


def _target(engine, kind: str, action: dict, schema) -> tuple | None:
    """(table, encoded key) of an action, or None when its key is unusable
    (that action then fails on its own, as a cancellation reason)."""
    try:
        if kind == "Put":
            item = action["Item"]
            if any(k.name not in item for k in schema.key_attrs()):
                return None
            return schema.name, encode_table_key(schema, item)
        return schema.name, check_key(schema, action["Key"])
    except (DynamoError, KeyError, TypeError, ValueError):
        return None


def transact_write_items(engine, request: dict) -> dict:
    token = request.get("ClientRequestToken")
    fingerprint = None
    if token is not None:
        fingerprint = hashlib.sha256(json.dumps(request["TransactItems"], sort_keys=True).encode()).hexdigest()
        replay = _replayed(engine, token, fingerprint)
        if replay is not None:
            return _write_response(request, replay, replayed=True)

    actions = []
    for entry in request["TransactItems"]:
        kind, action = _action(entry)
        exprs = parse_expressions(action, update=kind == "Update", condition=True)
        actions.append((kind, action, exprs))
    schemas = [engine.schema(action["TableName"]) for _, action, _ in actions]

    seen = set()
    for (kind, action, _), schema in zip(actions, schemas):
        target = _target(engine, kind, action, schema)
        if target is not None:
            if target in seen:
                raise errors.validation("Transaction request cannot include multiple operations on one item")
            seen.add(target)
    total = 0
    for kind, action, _ in actions:
        if kind == "Put":
            try:
                size = item_size(action["Item"])
            except (KeyError, TypeError, ValueError):
                continue  # malformed values: the action's own checks report them
            if size > MAX_ITEM_SIZE:
                raise errors.validation("Item size has exceeded the maximum allowed size")
            total += size
    if total > _MAX_TRANSACTION_BYTES:
        raise errors.validation(
            "Collection size of items exceeded, which can also be caused by the aggregate size of the items "
            "in the transaction exceeding the 4MB limit")

    plans, reasons, failed = [], [], False
    for (kind, action, exprs), schema in zip(actions, schemas):
        try:
            # An action's item and key content is checked here, so a bad value
            # cancels the transaction with a reason, as DynamoDB reports it.
            if kind == "Put":
                action["Item"] = validate_item(action["Item"])
            else:
                action["Key"] = validate_item(action["Key"])
            if kind == "Put":
                plan = plan_put(engine, schema, action, exprs.condition)
            elif kind == "Update":
                plan = plan_update(engine, schema, action, exprs.update, exprs.condition)
            elif kind == "Delete":
                plan = plan_delete(engine, schema, action, exprs.condition)
            else:
                plan = plan_condition_check(engine, schema, action, exprs.condition)
        except DynamoError as error:
            if error.name not in ("ConditionalCheckFailedException", "ValidationException"):
                raise
            failed = True
            reasons.append(_reason(error))
            continue
        plans.append(plan)
        reasons.append(_reason(None))
    if failed:
        raise _cancelled(reasons)

    statements = [s for plan in plans for s in plan.statements()]
    if statements:
        engine.conn.write(statements)
    if token is not None:
        _remember(engine, token, fingerprint, plans)
    return _write_response(request, plans)


def _replayed(engine, token: str, fingerprint: str):
    cache = engine.transaction_tokens
    now = time.monotonic()
    for stale in [t for t, (at, _, _) in cache.items() if now - at > _TOKEN_WINDOW_SECONDS]:
        del cache[stale]
    entry = cache.get(token)
    if entry is None:
        return None
    if entry[1] != fingerprint:
        raise DynamoError("IdempotentParameterMismatchException",
                          "An error occurred (IdempotentParameterMismatchException)")
    return entry[2]


def _remember(engine, token: str, fingerprint: str, plans) -> None:
    engine.transaction_tokens[token] = (time.monotonic(), fingerprint, plans)


def _write_response(request: dict, plans, replayed: bool = False) -> dict:
    response: dict = {}
    mode = request.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        per_table: dict[str, float] = {}
        for plan in plans:
            # A replay reads what it would have written: DynamoDB charges it as reads.
            units = capacity.write_units(max(plan.old_size, plan.new_size))
            per_table[plan.schema.name] = per_table.get(plan.schema.name, 0.0) + _TRANSACTION_FACTOR * units
        kind = "read" if replayed else "write"
        response["ConsumedCapacity"] = [capacity.consumed(mode, name, units, kind=kind)
                                        for name, units in per_table.items()]
    if request.get("ReturnItemCollectionMetrics") == "SIZE":
        metrics: dict[str, list] = {}
        for plan in plans:
            if plan.writes and plan.schema.lsis():
                written = plan.new if plan.new is not None else plan.old
                if written is not None:
                    entry = capacity.item_collection_metrics(plan.schema, plan.store, written)
                    metrics.setdefault(plan.schema.name, []).append(entry)
        if metrics:
            response["ItemCollectionMetrics"] = metrics
    return response


def transact_get_items(engine, request: dict) -> dict:
    gets = []
    for entry in request["TransactItems"]:
        get = entry["Get"]
        ctx = expressions.ExpressionContext(get.get("ExpressionAttributeNames"), None)
        projection = parse_projection(get, ctx)
        ctx.check_unused()
        gets.append((get, projection))
    schemas = [engine.schema(get["TableName"]) for get, _ in gets]

    keys, reasons, failed = [], [], False
    for (get, _), schema in zip(gets, schemas):
        try:
            keys.append(check_key(schema, validate_item(get["Key"])))
            reasons.append(_reason(None))
        except DynamoError as error:
            if error.name != "ValidationException":
                raise
            keys.append(None)
            reasons.append(_reason(error))
            failed = True
    if failed:
        raise _cancelled(reasons)
    if len({(s.name, k) for s, k in zip(schemas, keys)}) != len(keys):
        raise errors.validation("Transaction request cannot include multiple operations on one item")

    responses, per_table = [], {}
    for (get, projection), schema, key in zip(gets, schemas, keys):
        found = engine.store(schema).get(key)
        size = 0
        if found is None:
            responses.append({})
        else:
            item, size = found
            if projection is not None:
                item = expressions.apply_projection(projection, item)
            responses.append({"Item": item})
        units = _TRANSACTION_FACTOR * capacity.read_units(size, True)
        per_table[schema.name] = per_table.get(schema.name, 0.0) + units
    response: dict = {"Responses": responses}
    mode = request.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        response["ConsumedCapacity"] = [capacity.consumed(mode, name, units, kind="read")
                                        for name, units in per_table.items()]
    return response
