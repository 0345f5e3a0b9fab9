"""UpdateTimeToLive and DescribeTimeToLive: a table's TTL setting.

The setting is kept and reported; items are not expired (no background
deleter runs), as with DynamoDB Local.
"""
from __future__ import annotations

from ..errors import invalid_parameter
from .common import save_schema


def update_time_to_live(engine, request: dict) -> dict:
    schema = engine.schema(request["TableName"], control_plane=True)
    spec = request["TimeToLiveSpecification"]
    current = schema.ttl or {}
    enabled = bool(spec["Enabled"])
    if enabled and current.get("Enabled"):
        raise invalid_parameter("TimeToLive is already enabled")
    if not enabled and not current.get("Enabled"):
        raise invalid_parameter("TimeToLive is already disabled")
    updated = type(schema).from_json(schema.to_json())
    updated.ttl = {"AttributeName": spec["AttributeName"], "Enabled": enabled}
    save_schema(engine, updated)
    return {"TimeToLiveSpecification": {"AttributeName": spec["AttributeName"], "Enabled": enabled}}


def describe_time_to_live(engine, request: dict) -> dict:
    schema = engine.schema(request["TableName"], control_plane=True)
    if not schema.ttl or not schema.ttl.get("Enabled"):
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    return {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED",
                                      "AttributeName": schema.ttl["AttributeName"]}}
