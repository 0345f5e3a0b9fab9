"""Small control-plane operations: tags, time to live, endpoints and limits."""
from __future__ import annotations

from .. import errors
from ..errors import invalid_parameter


def _table_from_arn(engine, arn: str):
    prefix = f"arn:aws:dynamodb:{engine.region}:{engine.account_id}:table/"
    name = arn[len(prefix):] if arn.startswith(prefix) else None
    schema = engine.catalog.get(name) if name and "/" not in name else None
    if schema is None:
        raise errors.resource_not_found(f"Requested resource not found: ResourcArn: {arn} not found")
    return schema


def _save(engine, schema) -> None:
    engine.conn.write([engine.catalog.update_statement(schema)])
    engine.catalog.commit_put(schema)


def tag_resource(engine, request: dict) -> dict:
    schema = _table_from_arn(engine, request["ResourceArn"])
    tags = {t["Key"]: t["Value"] for t in schema.tags}
    tags.update({t["Key"]: t["Value"] for t in request["Tags"]})
    if len(tags) > 50:
        raise errors.limit_exceeded("The number of tags exceeds the limit allowed for this resource")
    updated = type(schema).from_json(schema.to_json())
    updated.tags = [{"Key": k, "Value": v} for k, v in tags.items()]
    _save(engine, updated)
    return {}


def untag_resource(engine, request: dict) -> dict:
    schema = _table_from_arn(engine, request["ResourceArn"])
    drop = set(request["TagKeys"])
    updated = type(schema).from_json(schema.to_json())
    updated.tags = [t for t in schema.tags if t["Key"] not in drop]
    _save(engine, updated)
    return {}


def list_tags_of_resource(engine, request: dict) -> dict:
    arn = request["ResourceArn"]
    try:
        schema = _table_from_arn(engine, arn)
    except errors.DynamoError:
        # DynamoDB answers an unknown resource here as an authorisation failure.
        raise errors.DynamoError(
            "AccessDeniedException",
            f"User: arn:aws:iam::{engine.account_id}:root is not authorized to perform: "
            f"dynamodb:ListTagsOfResource on resource: {arn}") from None
    return {"Tags": list(schema.tags)}


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
    _save(engine, updated)
    return {"TimeToLiveSpecification": {"AttributeName": spec["AttributeName"], "Enabled": enabled}}


def describe_time_to_live(engine, request: dict) -> dict:
    schema = engine.schema(request["TableName"], control_plane=True)
    if not schema.ttl or not schema.ttl.get("Enabled"):
        return {"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}}
    return {"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED",
                                      "AttributeName": schema.ttl["AttributeName"]}}


def describe_endpoints(engine, request: dict) -> dict:
    return {"Endpoints": [{"Address": f"dynamodb.{engine.region}.amazonaws.com", "CachePeriodInMinutes": 1440}]}


def describe_limits(engine, request: dict) -> dict:
    return {"AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
            "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000}
