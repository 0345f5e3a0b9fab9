"""A table's definition in an export, and back to a CreateTable request.

We write `table-description.json` as DynamoDB's own answers put together
(DescribeTable's `Table`, DescribeTimeToLive's `TimeToLiveDescription`,
ListTagsOfResource's `Tags`), and `table-creation-parameters.json` as
ImportTable's `TableCreationParameters`, which `aws dynamodb import-table`
takes as is. An import reads either, or a CreateTable request (the shape of
a `--schema` file written by hand), and turns it into a CreateTable request.
"""
from __future__ import annotations

from ..operations.describe import table_description
from ..schema import TableSchema
from . import errors as e

# ImportTable's TableCreationParameters members (LSIs and streams are not among them).
_CREATION_MEMBERS = ("TableName", "AttributeDefinitions", "KeySchema", "BillingMode", "ProvisionedThroughput",
                     "OnDemandThroughput", "SSESpecification", "GlobalSecondaryIndexes")


def describe(engine, schema: TableSchema) -> dict:
    table = table_description(engine, schema)
    ttl = schema.ttl or {}
    doc: dict = {"Table": table, "TimeToLiveDescription": (
        {"TimeToLiveStatus": "ENABLED", "AttributeName": ttl["AttributeName"]} if ttl.get("Enabled")
        else {"TimeToLiveStatus": "DISABLED"})}
    if schema.tags:
        doc["Tags"] = list(schema.tags)
    return doc


def creation_parameters(doc: dict) -> dict:
    """ImportTable's TableCreationParameters for a described table."""
    request, _ = create_request(doc)
    return {k: request[k] for k in _CREATION_MEMBERS if k in request}


def _throughput(tp: dict | None) -> dict:
    tp = tp or {}
    return {"ReadCapacityUnits": tp.get("ReadCapacityUnits", 0), "WriteCapacityUnits": tp.get("WriteCapacityUnits", 0)}


def _from_table(table: dict) -> dict:
    """DescribeTable's Table as the CreateTable request that makes it again."""
    billing = (table.get("BillingModeSummary") or {}).get("BillingMode") or "PROVISIONED"
    request: dict = {k: table[k] for k in ("TableName", "AttributeDefinitions", "KeySchema") if k in table}
    request["BillingMode"] = billing
    if billing == "PROVISIONED":
        request["ProvisionedThroughput"] = _throughput(table.get("ProvisionedThroughput"))
    if table.get("OnDemandThroughput"):
        request["OnDemandThroughput"] = table["OnDemandThroughput"]
    for member, local in (("LocalSecondaryIndexes", True), ("GlobalSecondaryIndexes", False)):
        indexes = []
        for index in table.get(member) or []:
            spec = {k: index[k] for k in ("IndexName", "KeySchema", "Projection") if k in index}
            if not local and billing == "PROVISIONED":
                spec["ProvisionedThroughput"] = _throughput(index.get("ProvisionedThroughput"))
            if not local and index.get("OnDemandThroughput"):
                spec["OnDemandThroughput"] = index["OnDemandThroughput"]
            indexes.append(spec)
        if indexes:
            request[member] = indexes
    vector_members = ("IndexName", "VectorAttribute", "Dimensions", "DistanceFunction", "Projection", "SearchSchema")
    vector_indexes = [{k: index[k] for k in vector_members if k in index} for index in table.get("VectorIndexes") or []]
    if vector_indexes:
        request["VectorIndexes"] = vector_indexes
    stream = table.get("StreamSpecification")
    if stream and stream.get("StreamEnabled"):
        request["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream.get("StreamViewType")}
    sse = table.get("SSEDescription")
    if sse and sse.get("Status") in ("ENABLED", "ENABLING"):
        request["SSESpecification"] = {"Enabled": True, "SSEType": sse.get("SSEType", "KMS")}
    table_class = (table.get("TableClassSummary") or {}).get("TableClass")
    if table_class:
        request["TableClass"] = table_class
    if table.get("DeletionProtectionEnabled"):
        request["DeletionProtectionEnabled"] = True
    return request


def create_request(doc, table_name: str | None = None) -> tuple[dict, str | None]:
    """The CreateTable request a description stands for (named `table_name`
    when given), and its TTL attribute when TTL is on (CreateTable has no
    member for it).

    `doc`: our table-description.json, DescribeTable's answer (`{"Table": ...}`
    or the bare Table), ImportTable's TableCreationParameters or a CreateTable
    request. The request is checked later, as CreateTable checks one.
    """
    if not isinstance(doc, dict):
        raise e.invalid_export(e.BAD_DESCRIPTION.format("not a JSON object"))
    ttl = (doc.get("TimeToLiveDescription") or {}) if "Table" in doc else {}
    tags = doc.get("Tags") if "Table" in doc else None
    table = doc.get("Table", doc)
    if not isinstance(table, dict) or "KeySchema" not in table:
        raise e.invalid_export(e.BAD_DESCRIPTION.format("it has no KeySchema"))
    if "TableStatus" in table or "TableArn" in table or "BillingModeSummary" in table:
        request = _from_table(table)
    else:
        request = dict(table)
    if tags:
        request["Tags"] = tags
    if table_name is not None:
        request["TableName"] = table_name
    ttl_on = ttl.get("TimeToLiveStatus") in ("ENABLED", "ENABLING") and isinstance(ttl.get("AttributeName"), str)
    return request, ttl["AttributeName"] if ttl_on else None
