"""UpdateTimeToLive and DescribeTimeToLive, and the sweep that expires items.

An item expires when its TTL attribute is a Number of epoch seconds that has
passed, and is not more than five years in the past (DynamoDB ignores those,
as it ignores any other type). Expired items stay readable until a sweep
deletes them, as in DynamoDB: the host runs `sweep` on a timer
(`dynoxide serve --ttl-interval`, the browser worker's timer) or the
embedder calls `Database.sweep_ttl`. A sweep deletes a bounded batch per
table, each batch one transaction with its index rows, counts and, for a
table with a stream, REMOVE records carrying DynamoDB's service identity.
"""
from __future__ import annotations

import json

from ..errors import validation
from ..storage import sql
from .commit import commit
from .common import save_schema
from .items import WritePlan

FIVE_YEARS_SECONDS = 5 * 365 * 24 * 60 * 60
SWEEP_BATCH = 100  # items per table per sweep: a sweep never holds the database for long

ALREADY_ENABLED = "TimeToLive is already enabled"
ALREADY_DISABLED = "TimeToLive is already disabled"


def _other_attribute(current: str) -> str:
    return f"TimeToLive is active on a different AttributeName: current AttributeName is {current}"


def update_time_to_live(engine, request: dict) -> dict:
    schema = engine.schema(request["TableName"], control_plane=True)
    spec = request["TimeToLiveSpecification"]
    current = schema.ttl or {}
    enabled, attribute = bool(spec["Enabled"]), spec["AttributeName"]
    if current.get("Enabled") and current.get("AttributeName") != attribute:
        raise validation(_other_attribute(current["AttributeName"]))
    if enabled and current.get("Enabled"):
        raise validation(ALREADY_ENABLED)
    if not enabled and not current.get("Enabled"):
        raise validation(ALREADY_DISABLED)
    updated = type(schema).from_json(schema.to_json())
    updated.ttl = {"AttributeName": attribute, "Enabled": enabled}
    if enabled and sql.ttl_usable(attribute):
        ddl = [(sql.create_ttl_index(schema.sql_table, attribute), ())]
    else:
        ddl = [(sql.drop_ttl_index(schema.sql_table), ())]
    save_schema(engine, updated, ddl)
    return {"TimeToLiveSpecification": {"AttributeName": attribute, "Enabled": enabled}}


def describe_time_to_live(engine, request: dict) -> dict:
    schema = engine.schema(request["TableName"], control_plane=True)
    if not schema.ttl or not schema.ttl.get("Enabled"):
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    return {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED",
                                      "AttributeName": schema.ttl["AttributeName"]}}


def sweep(engine, now: float, batch: int = SWEEP_BATCH) -> int:
    """Delete up to `batch` expired items of each table with TTL on; return how many went."""
    deleted = 0
    for schema in engine.catalog.all():
        ttl = schema.ttl
        if not ttl or not ttl.get("Enabled") or not sql.ttl_usable(ttl["AttributeName"]):
            continue
        query = sql.select_expired(schema.sql_table, ttl["AttributeName"])
        window = (now - FIVE_YEARS_SECONDS, now, batch)
        # Look first without the write lock: most sweeps find nothing to delete.
        if not engine.conn.query(query, window):
            continue
        with engine.conn.transaction():  # read again and delete as one: a concurrent update wins or loses whole
            rows = engine.conn.query(query, window)
            if not rows:
                continue
            store = engine.store(schema)
            plans = [WritePlan(schema, store, (pk, sk), json.loads(text), int(size), None)
                     for pk, sk, text, size in rows]
            commit(engine, plans, by_ttl=True)
        deleted += len(plans)
    return deleted
