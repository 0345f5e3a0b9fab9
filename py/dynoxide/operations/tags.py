"""TagResource, UntagResource, ListTagsOfResource: a table's tags, named by its ARN."""
from __future__ import annotations

from .. import errors
from ..limits import MAX_TAGS
from .common import save_schema


def _table_from_arn(engine, arn: str):
    prefix = f"arn:aws:dynamodb:{engine.region}:{engine.account_id}:table/"
    name = arn[len(prefix):] if arn.startswith(prefix) else None
    schema = engine.catalog.get(name) if name and "/" not in name else None
    if schema is None:
        raise errors.resource_not_found(f"Requested resource not found: ResourcArn: {arn} not found")
    return schema


def tag_resource(engine, request: dict) -> dict:
    schema = _table_from_arn(engine, request["ResourceArn"])
    tags = {t["Key"]: t["Value"] for t in schema.tags}
    tags.update({t["Key"]: t["Value"] for t in request["Tags"]})
    if len(tags) > MAX_TAGS:
        raise errors.limit_exceeded("The number of tags exceeds the limit allowed for this resource")
    updated = type(schema).from_json(schema.to_json())
    updated.tags = [{"Key": k, "Value": v} for k, v in tags.items()]
    save_schema(engine, updated)
    return {}


def untag_resource(engine, request: dict) -> dict:
    schema = _table_from_arn(engine, request["ResourceArn"])
    drop = set(request["TagKeys"])
    updated = type(schema).from_json(schema.to_json())
    updated.tags = [t for t in schema.tags if t["Key"] not in drop]
    save_schema(engine, updated)
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
