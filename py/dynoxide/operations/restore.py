"""What RestoreTableFromBackup and RestoreTableToPointInTime share: the new
table's schema (the source's, with the request's overrides) and making it.

A restore is one transaction: the catalog entry, the SQL tables, the base
rows (filled by the caller's INSERT ... SELECT from a backup or from the
table and its PITR log), every index rebuilt from those rows, and the counts.
The restored table has what DynamoDB restores: keys, the indexes kept, billing
and throughput, encryption, table class. Not what it leaves to be set up again:
tags, stream, TTL, point-in-time recovery, deletion protection.
"""
from __future__ import annotations

from itertools import islice

from .. import errors
from ..errors import invalid_parameter
from ..schema import IndexSchema, TableSchema, new_table_id
from ..storage import sql
from ..storage.tables import create_statements, dump_item, index_entry, recount
from ..values.size import item_size
from ..validation import messages as m
from . import backup_messages as bm
from .describe import table_description

_INDEX_BATCH = 500  # base rows read per round trip while rebuilding indexes


def check_target_free(engine, name: str) -> None:
    if engine.catalog.get(name) is not None:
        raise errors.DynamoError("TableAlreadyExistsException", bm.TABLE_ALREADY_EXISTS.format(name))


def restored_schema(engine, source: TableSchema, request: dict, now: float, summary: dict) -> TableSchema:
    """The schema of the table `request["TargetTableName"]` restored from `source`."""
    name = request["TargetTableName"]
    billing = request.get("BillingModeOverride") or source.billing_mode
    throughput = _table_throughput(source, billing, request.get("ProvisionedThroughputOverride"))
    sql_table = engine.catalog.new_sql_name(name)
    lsis = _kept(source.lsis(), request.get("LocalSecondaryIndexOverride"))
    gsis = _kept(source.gsis(), request.get("GlobalSecondaryIndexOverride"))
    indexes = [_copy_index(index, override, sql_table, n, billing, now)
               for n, (index, override) in enumerate(lsis + gsis)]
    used = {a.name for a in source.key_attrs()} | {a.name for i in indexes for a in i.key_attrs()}
    sse = request.get("SSESpecificationOverride")
    return TableSchema(
        name=name, sql_table=sql_table, hash=source.hash, range=source.range,
        attribute_definitions=[d for d in source.attribute_definitions if d["AttributeName"] in used],
        created=now, table_id=new_table_id(), billing_mode=billing, throughput=throughput,
        indexes=indexes, table_class=source.table_class,
        sse=(dict(sse) if sse.get("Enabled") else None) if sse is not None else source.sse,
        on_demand_throughput=request.get("OnDemandThroughputOverride") or source.on_demand_throughput,
        next_index_id=len(indexes), restore_summary=summary,
    )


def _table_throughput(source: TableSchema, billing: str, override: dict | None) -> dict:
    if billing != "PROVISIONED":
        return {}
    chosen = override or (source.throughput if source.billing_mode == "PROVISIONED" else None)
    if not chosen:
        raise invalid_parameter(m.PROVISIONED_WITHOUT_THROUGHPUT)
    return {"ReadCapacityUnits": chosen.get("ReadCapacityUnits", 0),
            "WriteCapacityUnits": chosen.get("WriteCapacityUnits", 0)}


def _kept(indexes: list[IndexSchema], overrides: list[dict] | None) -> list[tuple[IndexSchema, dict | None]]:
    """The source's indexes the restored table keeps: all of them without an
    override list; else those it names, each as the source has it."""
    if overrides is None:
        return [(index, None) for index in indexes]
    by_name = {index.name: index for index in indexes}
    kept, seen = [], set()
    for override in overrides:
        name = override["IndexName"]
        index = by_name.get(name)
        if index is None:
            raise errors.validation(bm.INDEX_NOT_IN_SOURCE.format(name))
        if name in seen:
            raise errors.validation(bm.INDEX_OVERRIDE_TWICE.format(name))
        seen.add(name)
        projection = override.get("Projection") or {}
        if override.get("KeySchema") != index.key_schema() or \
                projection.get("ProjectionType", "ALL") != index.projection_type or \
                sorted(projection.get("NonKeyAttributes") or []) != sorted(index.non_key_attributes or []):
            raise errors.validation(bm.INDEX_OVERRIDE_MISMATCH.format(name))
        kept.append((index, override))
    return kept


def _copy_index(index: IndexSchema, override: dict | None, sql_table: str, n: int, billing: str,
                now: float) -> IndexSchema:
    throughput = None
    if not index.local and billing == "PROVISIONED":
        chosen = (override or {}).get("ProvisionedThroughput") or index.throughput
        if not chosen:
            raise invalid_parameter(f"ProvisionedThroughput should not be null for index: {index.name}")
        throughput = {"ReadCapacityUnits": chosen.get("ReadCapacityUnits", 0),
                      "WriteCapacityUnits": chosen.get("WriteCapacityUnits", 0)}
    return IndexSchema(name=index.name, local=index.local, hash_keys=list(index.hash_keys),
                       range_keys=list(index.range_keys), projection_type=index.projection_type,
                       non_key_attributes=index.non_key_attributes, sql_table=f"{sql_table}__i{n}",
                       throughput=throughput, created=now)


def make_table(engine, schema: TableSchema, fill: list) -> dict:
    """Create `schema`'s table, run the `fill` statements (its base rows), build
    its indexes and counts, all in the caller's transaction; its description
    as the restore answers it (CREATING, the restore in progress)."""
    engine.conn.write([engine.catalog.insert_statement(schema)] + create_statements(schema) + fill)
    if schema.indexes:
        _rebuild_indexes(engine, schema)
    engine.conn.write([(recount(schema), ())])
    engine.catalog.commit_put(schema)
    desc = table_description(engine, schema, status="CREATING")
    desc["RestoreSummary"] = {**schema.restore_summary, "RestoreInProgress": True}
    return {"TableDescription": desc}


def _rebuild_indexes(engine, schema: TableSchema) -> None:
    """Every index row of the restored base rows, a batch of rows at a time."""
    cursor = None
    while True:
        rows = list(islice(engine.store(schema).scan(None, cursor, None, chunk=_INDEX_BATCH), _INDEX_BATCH))
        if not rows:
            return
        statements = []
        for row in rows:
            item = row.item
            pk, sk = row.keys
            for index in schema.indexes:
                entry = index_entry(schema, index, item)
                if entry is None:
                    continue
                ipk, isk, projected = entry
                text, size = (row.text, row.size) if projected is item else (dump_item(projected), item_size(projected))
                statements.append((sql.insert_index_row(index.sql_table), (ipk, isk, pk, sk, text, size)))
        if statements:
            engine.conn.write(statements)
        if len(rows) < _INDEX_BATCH:
            return
        cursor = rows[-1].keys
