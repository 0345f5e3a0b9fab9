"""TransactWriteItems and TransactGetItems.

Request-level problems (an expression that does not parse, a malformed
value in an item or key, a missing table, two actions on one item, a put
over 400 KB, more than 4 MB in all) fail the whole request as DynamoDB
reports them; the checks that need no table run action by action, in
request order, before any table is looked up. Each action is then planned against
the state before the transaction; if any action fails (a condition, a key
that does not match the schema), the transaction is cancelled with one
reason per action, in order, and nothing is written. Otherwise every
action's statements commit in one SQLite transaction.

One class of action error is not a cancellation reason: an empty string or
binary where a table or index key goes fails the whole request, as DynamoDB
reports it (TransactGetItems keeps it a reason). An Update that writes such
an index key value is reported in UpdateItem's words, a Put in PutItem's.

The 4 MB aggregate is measured on what the request carries, before any
action runs: a Put's item, an Update's key and the values it may write, a
Delete's or ConditionCheck's key. An Update's resulting item is not known
until it is planned; growing past 400 KB is that action's own reason.

Capacity: the transactional factor (2x) applies to each action's table
units only; index units cost what the same write costs outside a
transaction. A ClientRequestToken replay re-reads what the first call
wrote and is charged as transactional reads of those images.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from .. import errors, expressions
from ..errors import DynamoError
from ..limits import MAX_ITEM_SIZE, MAX_TRANSACTION_BYTES, TRANSACTION_TOKEN_WINDOW_SECONDS
from ..validation import messages as m
from ..values.attributes import has_empty_map_key, validate_item
from ..values.size import item_size, value_size
from . import capacity
from .commit import commit
from .common import check_key, parse_expressions, parse_projection
from .items import plan_condition_check, plan_delete, plan_put, plan_update
from ..storage.tables import encode_table_key

# Transactions read and write each item twice (prepare and commit).
_TRANSACTION_FACTOR = 2.0


@dataclass
class _Completed:
    """What a same-token replay answers with, kept for the token's window."""
    at: float
    fingerprint: str
    sizes: list[tuple[str, int]] = field(default_factory=list)  # (table, image size) per action
    metrics: dict | None = None


def cancelled(reasons: list[dict]) -> DynamoError:
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
    kinds = [kind for kind in ("Put", "Update", "Delete", "ConditionCheck") if entry.get(kind) is not None]
    if len(kinds) != 1:
        raise errors.validation(m.TRANSACTION_ONE_ACTION)
    return kinds[0], entry[kinds[0]]


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
        fingerprint = _fingerprint(request["TransactItems"])
        completed = _replayed(engine, token, fingerprint)
        if completed is not None:
            return _replay_response(request, completed)

    # Action by action in request order, before any table is looked up: its
    # expressions, then its item or key (a bad value fails the whole request).
    actions = []
    for entry in request["TransactItems"]:
        kind, action = _action(entry)
        exprs = parse_expressions(action, update=kind == "Update", condition=True)
        _check_values(kind, action)
        actions.append((kind, action, exprs))
    schemas = [engine.schema(action["TableName"]) for _, action, _ in actions]

    seen = set()
    for (kind, action, _), schema in zip(actions, schemas):
        target = _target(engine, kind, action, schema)
        if target is not None:
            if target in seen:
                raise errors.validation(m.TRANSACTION_SAME_ITEM)
            seen.add(target)
    total = 0
    for kind, action, _ in actions:
        size = _request_size(kind, action)
        if kind == "Put" and size > MAX_ITEM_SIZE:
            raise errors.validation(m.ITEM_TOO_BIG)
        total += size
    if total > MAX_TRANSACTION_BYTES:
        raise errors.validation(m.TRANSACTION_TOO_BIG)

    plans, reasons, failed = [], [], False
    for (kind, action, exprs), schema in zip(actions, schemas):
        try:
            plans.append(_plan(engine, kind, action, exprs, schema))
            reasons.append(_reason(None))
        except DynamoError as error:
            if error.name not in ("ConditionalCheckFailedException", "ValidationException"):
                raise
            if error.whole_request:  # an empty key value: not a cancellation reason
                raise
            failed = True
            reasons.append(_reason(error))
    if failed:
        raise cancelled(reasons)

    commit(engine, plans)
    response = _write_response(request, plans)
    if token is not None:
        sizes = [(plan.schema.name, max(plan.old_size, plan.new_size)) for plan in plans]
        engine.transaction_tokens[token] = _Completed(engine.clock(), fingerprint, sizes,
                                                      response.get("ItemCollectionMetrics"))
    return response


def _check_values(kind: str, action: dict) -> None:
    """An action's item or key, made canonical; a Put's item has no empty
    attribute name (checked at the top before its values, inside them after)."""
    member = _ACTION_VALUES[kind]
    if kind == "Put" and "" in action[member]:
        raise errors.validation(m.EMPTY_ATTRIBUTE_NAME)
    action[member] = validate_item(action[member])
    if kind == "Put" and any(has_empty_map_key(value) for value in action[member].values()):
        raise errors.validation(m.EMPTY_ATTRIBUTE_NAME)


def _plan(engine, kind: str, action: dict, exprs, schema):
    # What needs the table (the key schema, conditions, the update's result)
    # is checked here, so a failure cancels the transaction with a reason.
    if kind == "Put":
        return plan_put(engine, schema, action, exprs.condition)
    if kind == "Update":
        return plan_update(engine, schema, action, exprs.update, exprs.condition)
    if kind == "Delete":
        return plan_delete(engine, schema, action, exprs.condition)
    return plan_condition_check(engine, schema, action, exprs.condition)


_ACTION_VALUES = {"Put": "Item", "Update": "Key", "Delete": "Key", "ConditionCheck": "Key"}


def _fingerprint(entries: list) -> str:
    """What identifies a transaction for its ClientRequestToken: the actions
    alone (a replay may ask for other ReturnConsumedCapacity or metrics), with
    items and keys in canonical form, since planning canonicalises them in
    place and the same request may be sent again."""
    canonical = []
    for entry in entries:
        entry = dict(entry)
        for kind, member in _ACTION_VALUES.items():
            action = entry.get(kind)
            if isinstance(action, dict) and action.get(member) is not None:
                try:
                    entry[kind] = {**action, member: validate_item(action[member])}
                except DynamoError:
                    pass  # the action's own checks report it
        canonical.append(entry)
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _request_size(kind: str, action: dict) -> int:
    """What an action adds to the transaction's 4 MB aggregate (0 when its
    values are malformed: the action's own checks report those). The values
    are checked before they are sized, so a nesting depth past DynamoDB's
    limit is refused before sizing recurses into it."""
    try:
        if kind == "Put":
            return item_size(validate_item(action["Item"]))
        size = item_size(validate_item(action["Key"]))
        if kind == "Update":
            size += sum(value_size(v) for v in (action.get("ExpressionAttributeValues") or {}).values())
        return size
    except (DynamoError, KeyError, TypeError, ValueError, AttributeError):
        return 0


def _replayed(engine, token: str, fingerprint: str) -> _Completed | None:
    cache = engine.transaction_tokens
    now = engine.clock()
    for stale in [t for t, done in cache.items() if now - done.at >= TRANSACTION_TOKEN_WINDOW_SECONDS]:
        del cache[stale]
    completed = cache.get(token)
    if completed is None:
        return None
    if completed.fingerprint != fingerprint:
        raise DynamoError("IdempotentParameterMismatchException",
                          "An error occurred (IdempotentParameterMismatchException)")
    return completed


def _write_response(request: dict, plans) -> dict:
    response: dict = {}
    mode = request.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        tables: dict[str, float] = {}
        indexes: dict[str, dict[str, tuple[bool, float]]] = {}
        for plan in plans:
            name = plan.schema.name
            units = _TRANSACTION_FACTOR * capacity.write_units(max(plan.old_size, plan.new_size))
            tables[name] = tables.get(name, 0.0) + units
            per_index = indexes.setdefault(name, {})
            if plan.writes:
                for index, (local, index_units) in capacity.index_write_units(plan.schema, plan.old,
                                                                              plan.new).items():
                    per_index[index] = (local, per_index.get(index, (local, 0.0))[1] + index_units)
        response["ConsumedCapacity"] = [capacity.consumed(mode, name, units, indexes[name], kind="write")
                                        for name, units in tables.items()]
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


def _replay_response(request: dict, completed: _Completed) -> dict:
    """A replay writes nothing: it is charged as transactional reads of the
    images the first call was sized on, in the replay's own capacity mode."""
    response: dict = {}
    mode = request.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        tables: dict[str, float] = {}
        for name, size in completed.sizes:
            tables[name] = tables.get(name, 0.0) + _TRANSACTION_FACTOR * capacity.read_units(size, True)
        response["ConsumedCapacity"] = [capacity.consumed(mode, name, units, kind="read")
                                        for name, units in tables.items()]
    if request.get("ReturnItemCollectionMetrics") == "SIZE" and completed.metrics:
        response["ItemCollectionMetrics"] = completed.metrics
    return response


def transact_get_items(engine, request: dict) -> dict:
    gets = []
    for entry in request["TransactItems"]:
        get = entry["Get"]
        ctx = expressions.ExpressionContext(get.get("ExpressionAttributeNames"), None)
        projection = parse_projection(get, ctx)
        ctx.check_unused()
        get["Key"] = validate_item(get["Key"])  # a bad value fails the whole request
        gets.append((get, projection))
    schemas = [engine.schema(get["TableName"]) for get, _ in gets]

    keys, reasons, failed = [], [], False
    for (get, _), schema in zip(gets, schemas):
        try:
            keys.append(check_key(schema, get["Key"]))
            reasons.append(_reason(None))
        except DynamoError as error:
            if error.name != "ValidationException":
                raise
            keys.append(None)
            reasons.append(_reason(error))
            failed = True
    if failed:
        raise cancelled(reasons)
    if len({(s.name, k) for s, k in zip(schemas, keys)}) != len(keys):
        raise errors.validation(m.TRANSACTION_SAME_ITEM)

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
            # A projection that matches nothing leaves no Item at all.
            responses.append({"Item": item} if item else {})
        units = _TRANSACTION_FACTOR * capacity.read_units(size, True)
        per_table[schema.name] = per_table.get(schema.name, 0.0) + units
    response: dict = {"Responses": responses}
    mode = request.get("ReturnConsumedCapacity")
    if mode in ("TOTAL", "INDEXES"):
        response["ConsumedCapacity"] = [capacity.consumed(mode, name, units, kind="read")
                                        for name, units in per_table.items()]
    return response
