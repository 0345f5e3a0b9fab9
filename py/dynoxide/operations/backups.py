"""CreateBackup, DescribeBackup, ListBackups, DeleteBackup, RestoreTableFromBackup.

A backup is a consistent copy of a table's items at the moment CreateBackup
ran, kept in the same database (storage/backups.py explains how it is copied
without holding the database). CreateBackup answers CREATING, as DynamoDB
does; the copy then proceeds a chunk per transaction and the backup becomes
AVAILABLE. Natively the call returns once the copy is done (other requests run
between its chunks); in the browser the worker copies while idle. A backup
outlives its table, and deleting a table with point-in-time recovery on leaves
a SYSTEM backup of its last items, kept for 35 days, as DynamoDB does.
"""
from __future__ import annotations

from random import getrandbits

from .. import errors
from ..limits import MAX_LIST_BACKUPS, SYSTEM_BACKUP_RETENTION_SECONDS
from ..schema import TableSchema
from ..storage.backups import DATA_PREFIX, Backup, copy_all, history_table
from ..storage import sql
from . import backup_messages as bm
from .describe import table_description
from .restore import check_target_free, make_table, restored_schema


def source_table(engine, name_or_arn: str) -> TableSchema:
    """The table a backup operation names by name or by ARN, or TableNotFoundException."""
    schema = engine.catalog.get(_table_name(engine, name_or_arn))
    if schema is None:
        raise errors.DynamoError("TableNotFoundException", bm.TABLE_NOT_FOUND.format(name_or_arn))
    return schema


def _table_name(engine, name_or_arn: str) -> str:
    prefix = engine.table_arn("")
    rest = name_or_arn[len(prefix):] if name_or_arn.startswith(prefix) else None
    return rest if rest and "/" not in rest else name_or_arn


def _backup(engine, arn: str) -> Backup:
    backup = engine.backups.get(arn)
    if backup is None:
        raise errors.DynamoError("BackupNotFoundException", bm.BACKUP_NOT_FOUND.format(arn))
    return backup


def _in_use(arn: str) -> errors.DynamoError:
    return errors.DynamoError("BackupInUseException", bm.BACKUP_BEING_CREATED.format(arn))


def new_backup(engine, schema: TableSchema, name: str, kind: str, now: float) -> Backup:
    """A backup record of `schema` as it is now (counts read in this transaction)."""
    # DynamoDB's backup ids: the creation time in milliseconds (14 digits), a dash, 8 hex digits.
    backup_id = f"{int(now * 1000):014d}-{getrandbits(32):08x}"
    count, size = engine.store(schema).counts().get(schema.sql_table, (0, 0))
    return Backup(
        arn=f"{engine.table_arn(schema.name)}/backup/{backup_id}", name=name, table_name=schema.name,
        type=kind, status="CREATING", created=now,
        expires=now + SYSTEM_BACKUP_RETENTION_SECONDS if kind == "SYSTEM" else None,
        size=size, items=count, schema=schema, data=DATA_PREFIX + backup_id.replace("-", "_"))


def create_backup(engine, request: dict) -> dict:
    schema = source_table(engine, request["TableName"])
    if engine.backups.copying(schema) is not None:
        raise errors.DynamoError("BackupInUseException", bm.TABLE_BEING_BACKED_UP.format(schema.name))
    backup = new_backup(engine, schema, request["BackupName"], "USER", engine.clock())
    engine.backups.create(backup)
    return {"BackupDetails": _details(backup)}


def describe_backup(engine, request: dict) -> dict:
    return {"BackupDescription": _description(engine, _backup(engine, request["BackupArn"]))}


def delete_backup(engine, request: dict) -> dict:
    backup = _backup(engine, request["BackupArn"])
    if backup.status == "CREATING":
        raise _in_use(backup.arn)
    engine.conn.write(engine.backups.delete(backup))
    backup.status = "DELETED"
    return {"BackupDescription": _description(engine, backup)}


def list_backups(engine, request: dict) -> dict:
    """Oldest first; TimeRangeLowerBound is inclusive, TimeRangeUpperBound
    exclusive; BackupType USER unless asked (ALL: every type)."""
    wanted = request.get("BackupType") or "USER"
    table = request.get("TableName")
    table = _table_name(engine, table) if table is not None else None
    low, high = request.get("TimeRangeLowerBound"), request.get("TimeRangeUpperBound")
    backups = [b for b in engine.backups.all()
               if (wanted == "ALL" or b.type == wanted) and (table is None or b.table_name == table)
               and (low is None or b.created >= low) and (high is None or b.created < high)]
    start = request.get("ExclusiveStartBackupArn")
    if start is not None:
        backups = backups[_after(backups, start):]
    limit = request.get("Limit") or MAX_LIST_BACKUPS
    out: dict = {"BackupSummaries": [_summary(engine, b) for b in backups[:limit]]}
    if len(backups) > limit:
        out["LastEvaluatedBackupArn"] = backups[limit - 1].arn
    return out


def _after(backups: list[Backup], arn: str) -> int:
    """Where a page starting after `arn` begins: after that backup, or, for one
    deleted since, after every backup created before it (its ARN holds its time)."""
    for n, backup in enumerate(backups):
        if backup.arn == arn:
            return n + 1
    millis = arn.rsplit("/backup/", 1)[-1].split("-", 1)[0]
    if not millis.isdigit():
        return 0
    created = int(millis) / 1000
    return sum(1 for backup in backups if (int(backup.created * 1000), backup.arn) <= (int(created * 1000), arn))


def restore_table_from_backup(engine, request: dict) -> dict:
    backup = _backup(engine, request["BackupArn"])
    check_target_free(engine, request["TargetTableName"])
    if backup.status == "CREATING":
        raise _in_use(backup.arn)
    summary = {"SourceBackupArn": backup.arn, "SourceTableArn": engine.table_arn(backup.table_name),
               "RestoreDateTime": backup.created}
    schema = restored_schema(engine, backup.schema, request, engine.clock(), summary)
    return make_table(engine, schema, [(copy_all(schema.sql_table, backup.data), ())])


def table_deleted(engine, schema: TableSchema, now: float) -> list:
    """What deleting `schema`'s table does to its backups, in DeleteTable's
    transaction: a copy in progress is finished first; with PITR on, the table's
    rows become a SYSTEM backup (a rename, not a copy) and its log goes."""
    engine.backups.finish_copy(schema)
    if not schema.pitr:
        return []
    backup = new_backup(engine, schema, f"{schema.name}$DeletedTableBackup", "SYSTEM", now)
    backup.status = "AVAILABLE"
    statements = [(sql.drop_ttl_index(schema.sql_table), ())]
    statements += engine.backups.add_available(backup, schema.sql_table)
    return statements + [(sql.drop(history_table(schema)), ())]


# --- response shapes ---------------------------------------------------------------

def _details(backup: Backup) -> dict:
    out = {"BackupArn": backup.arn, "BackupName": backup.name, "BackupSizeBytes": backup.size,
           "BackupStatus": backup.status, "BackupType": backup.type, "BackupCreationDateTime": backup.created}
    if backup.expires is not None:
        out["BackupExpiryDateTime"] = backup.expires
    return out


def _summary(engine, backup: Backup) -> dict:
    schema = backup.schema
    out = {"TableName": schema.name, "TableId": schema.table_id, "TableArn": engine.table_arn(schema.name),
           "BackupArn": backup.arn, "BackupName": backup.name, "BackupCreationDateTime": backup.created}
    if backup.expires is not None:
        out["BackupExpiryDateTime"] = backup.expires
    out.update({"BackupStatus": backup.status, "BackupType": backup.type, "BackupSizeBytes": backup.size})
    return out


def _description(engine, backup: Backup) -> dict:
    """DescribeBackup's shape: the backup, and its source table as it was."""
    schema = backup.schema
    table = table_description(engine, schema, live_counts=False)
    throughput = table["ProvisionedThroughput"]
    source = {
        "TableName": schema.name, "TableId": schema.table_id, "TableArn": table["TableArn"],
        "TableSizeBytes": backup.size, "KeySchema": schema.key_schema(), "TableCreationDateTime": schema.created,
        "ProvisionedThroughput": {"ReadCapacityUnits": throughput["ReadCapacityUnits"],
                                  "WriteCapacityUnits": throughput["WriteCapacityUnits"]},
        "ItemCount": backup.items, "BillingMode": schema.billing_mode,
    }
    if schema.on_demand_throughput:
        source["OnDemandThroughput"] = schema.on_demand_throughput
    features: dict = {}
    if schema.lsis():
        features["LocalSecondaryIndexes"] = [
            {"IndexName": i.name, "KeySchema": i.key_schema(), "Projection": i.projection()} for i in schema.lsis()]
    if schema.gsis():
        features["GlobalSecondaryIndexes"] = [_gsi_info(i, schema.billing_mode) for i in schema.gsis()]
    if schema.stream and schema.stream.get("StreamEnabled"):
        features["StreamDescription"] = {"StreamEnabled": True, "StreamViewType": schema.stream["StreamViewType"]}
    ttl = schema.ttl or {}
    features["TimeToLiveDescription"] = (
        {"TimeToLiveStatus": "ENABLED", "AttributeName": ttl["AttributeName"]} if ttl.get("Enabled")
        else {"TimeToLiveStatus": "DISABLED"})
    if "SSEDescription" in table:
        features["SSEDescription"] = table["SSEDescription"]
    return {"BackupDetails": _details(backup), "SourceTableDetails": source, "SourceTableFeatureDetails": features}


def _gsi_info(index, billing_mode: str) -> dict:
    out = {"IndexName": index.name, "KeySchema": index.key_schema(), "Projection": index.projection()}
    if billing_mode == "PROVISIONED" and index.throughput:
        out["ProvisionedThroughput"] = {"ReadCapacityUnits": index.throughput.get("ReadCapacityUnits", 0),
                                        "WriteCapacityUnits": index.throughput.get("WriteCapacityUnits", 0)}
    return out
