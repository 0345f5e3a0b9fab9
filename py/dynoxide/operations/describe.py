"""The TableDescription shape shared by Create/Describe/Update/DeleteTable."""
from __future__ import annotations

from ..schema import IndexSchema, TableSchema
from . import warm
from .vectors import describe as describe_vector_indexes


def _throughput(schema_throughput: dict | None, billing_mode: str) -> dict:
    tp = schema_throughput or {}
    out = {
        "NumberOfDecreasesToday": tp.get("NumberOfDecreasesToday", 0),
        "ReadCapacityUnits": tp.get("ReadCapacityUnits", 0) if billing_mode == "PROVISIONED" else 0,
        "WriteCapacityUnits": tp.get("WriteCapacityUnits", 0) if billing_mode == "PROVISIONED" else 0,
    }
    for stamp in ("LastIncreaseDateTime", "LastDecreaseDateTime"):
        if tp.get(stamp) is not None:
            out[stamp] = tp[stamp]
    return out


def _index_description(engine, schema: TableSchema, index: IndexSchema, counts: tuple[int, int] | None) -> dict:
    out = {
        "IndexName": index.name,
        "KeySchema": index.key_schema(),
        "Projection": index.projection(),
        "IndexArn": f"{engine.table_arn(schema.name)}/index/{index.name}",
    }
    if not index.local:
        out["IndexStatus"] = "ACTIVE"
        out["ProvisionedThroughput"] = _throughput(index.throughput, schema.billing_mode)
        out["WarmThroughput"] = warm.description(index.warm_throughput, "ACTIVE")
    count, size = counts if counts is not None else (0, 0)
    out["IndexSizeBytes"] = size
    out["ItemCount"] = count
    return out


def table_description(engine, schema: TableSchema, *, live_counts: bool = True, status: str = "ACTIVE") -> dict:
    """DynamoDB's TableDescription; counts are live (DynamoDB's lag ~6 h),
    read from the counts every write keeps, so this costs the same at any size."""
    counts = engine.store(schema).counts() if live_counts else {}
    count, size = counts.get(schema.sql_table, (0, 0))
    desc: dict = {
        "AttributeDefinitions": schema.attribute_definitions,
        "TableName": schema.name,
        "KeySchema": schema.key_schema(),
        "TableStatus": status,
        "CreationDateTime": schema.created,
        "ProvisionedThroughput": _throughput(schema.throughput, schema.billing_mode),
        "TableSizeBytes": size,
        "ItemCount": count,
        "TableArn": engine.table_arn(schema.name),
        "TableId": schema.table_id,
    }
    # Only for on-demand tables: one switched to PROVISIONED has none (the
    # browser contract, seed/engine.browser.spec.js, asserts its absence).
    if schema.billing_mode == "PAY_PER_REQUEST":
        desc["BillingModeSummary"] = {"BillingMode": "PAY_PER_REQUEST"}
        if schema.throughput.get("LastUpdateToPayPerRequestDateTime"):
            desc["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = \
                schema.throughput["LastUpdateToPayPerRequestDateTime"]
    lsis = schema.lsis()
    gsis = schema.gsis()
    if lsis:
        desc["LocalSecondaryIndexes"] = [
            _index_description(engine, schema, i, counts.get(i.sql_table)) for i in lsis]
    if gsis:
        desc["GlobalSecondaryIndexes"] = [
            _index_description(engine, schema, i, counts.get(i.sql_table)) for i in gsis]
    if schema.vector_indexes:
        desc["VectorIndexes"] = describe_vector_indexes(engine, schema, live_counts=live_counts)
    if schema.stream:
        # A disabled stream is still the latest one: its ARN and label stay.
        if schema.stream.get("StreamEnabled"):
            desc["StreamSpecification"] = {
                "StreamEnabled": True, "StreamViewType": schema.stream["StreamViewType"]}
        desc["LatestStreamLabel"] = schema.stream["Label"]
        desc["LatestStreamArn"] = engine.stream_arn(schema.name, schema.stream["Label"])
    if schema.sse and schema.sse.get("Enabled"):
        desc["SSEDescription"] = {
            "Status": "ENABLED",
            "SSEType": schema.sse.get("SSEType", "KMS"),
            "KMSMasterKeyArn": f"arn:aws:kms:{engine.region}:{engine.account_id}:key/"
                               f"{schema.sse.get('KMSMasterKeyId') or schema.table_id}",
        }
    if schema.table_class:
        desc["TableClassSummary"] = {"TableClass": schema.table_class}
    desc["DeletionProtectionEnabled"] = schema.deletion_protection
    if schema.on_demand_throughput:
        desc["OnDemandThroughput"] = schema.on_demand_throughput
    desc["WarmThroughput"] = warm.description(schema.warm_throughput, status)
    if schema.restore_summary:
        desc["RestoreSummary"] = {**schema.restore_summary, "RestoreInProgress": False}
    return desc
