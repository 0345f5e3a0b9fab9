"""Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups,
RestoreTableToPointInTime, and the sweep that trims the change log.

How a restore finds the past: while PITR is on, every write appends the old
image of the item it changes to the table's change log, in the write's own
transaction (storage/backups.py). The table at time t is its current rows,
with each key changed after t put back to the old image of its first change
after t (or left out, if that change created it). So the restore undoes
rather than replays: no snapshot is taken when PITR is turned on, and the log
is trimmed by deleting what is older than the recovery period. Enabling PITR
sets the window's start; disabling drops the log, as DynamoDB resets the
window when PITR is turned off and on again.

The window: EarliestRestorableDateTime is the later of when PITR was turned
on and now minus the recovery period; LatestRestorableDateTime is now (in
DynamoDB it trails by about five minutes; a local emulator has no lag to
hide). A restore to t holds every write committed at or before t. As DynamoDB
documents, the restored table takes the source's current settings (indexes,
billing, throughput, encryption) with the request's overrides.
"""
from __future__ import annotations

from .. import errors
from ..limits import MAX_RECOVERY_PERIOD_DAYS
from ..schema import TableSchema
from ..storage import sql
from ..storage.backups import create_history, history_table, restore_changed, restore_unchanged
from . import backup_messages as bm
from .backups import source_table
from .common import save_schema
from .restore import check_target_free, make_table, restored_schema

DAY_SECONDS = 24 * 60 * 60
# Times compare at DynamoDB's precision, the millisecond: a time read from
# DescribeContinuousBackups and sent back is inside the window.
_PRECISION = 0.001


def window(schema: TableSchema, now: float) -> tuple[float, float]:
    """(EarliestRestorableDateTime, LatestRestorableDateTime) of a table with PITR on."""
    pitr = schema.pitr
    return max(pitr["Since"], now - pitr["RecoveryPeriodInDays"] * DAY_SECONDS), now


def inside_window(schema: TableSchema, when: float, now: float) -> bool:
    """Whether `when` is a moment the table can be restored (or exported) to."""
    earliest, latest = window(schema, now)
    return earliest - _PRECISION <= when <= latest + _PRECISION


def _description(schema: TableSchema, now: float) -> dict:
    if not schema.pitr:
        pitr = {"PointInTimeRecoveryStatus": "DISABLED"}
    else:
        earliest, latest = window(schema, now)
        pitr = {"PointInTimeRecoveryStatus": "ENABLED",
                "RecoveryPeriodInDays": schema.pitr["RecoveryPeriodInDays"],
                "EarliestRestorableDateTime": earliest, "LatestRestorableDateTime": latest}
    # On-demand backups are always available: ContinuousBackupsStatus is ENABLED.
    return {"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED",
                                             "PointInTimeRecoveryDescription": pitr}}


def describe_continuous_backups(engine, request: dict) -> dict:
    return _description(source_table(engine, request["TableName"]), engine.clock())


def update_continuous_backups(engine, request: dict) -> dict:
    schema = source_table(engine, request["TableName"])
    spec = request["PointInTimeRecoverySpecification"]
    now = engine.clock()
    updated = TableSchema.from_json(schema.to_json())
    ddl = []
    if spec["PointInTimeRecoveryEnabled"]:
        days = spec.get("RecoveryPeriodInDays")
        if schema.pitr:
            updated.pitr = {**schema.pitr, "RecoveryPeriodInDays": days or schema.pitr["RecoveryPeriodInDays"]}
        else:
            updated.pitr = {"Since": now, "RecoveryPeriodInDays": days or MAX_RECOVERY_PERIOD_DAYS}
            ddl.append((create_history(history_table(schema)), ()))
    else:
        updated.pitr = None
        if schema.pitr:
            ddl.append((sql.drop(history_table(schema)), ()))
    save_schema(engine, updated, ddl)
    return _description(updated, now)


def restore_table_to_point_in_time(engine, request: dict) -> dict:
    name, arn = request.get("SourceTableName"), request.get("SourceTableArn")
    if name is None and arn is None:
        raise errors.validation(bm.SOURCE_TABLE_REQUIRED)
    if name is not None and arn is not None:
        raise errors.validation(bm.SOURCE_TABLE_TWICE)
    source = source_table(engine, name if name is not None else arn)
    if not source.pitr:
        raise errors.DynamoError("PointInTimeRecoveryUnavailableException", bm.PITR_UNAVAILABLE.format(source.name))
    check_target_free(engine, request["TargetTableName"])
    now = engine.clock()
    when = _restore_time(source, request, now)
    summary = {"SourceTableArn": engine.table_arn(source.name), "RestoreDateTime": when}
    schema = restored_schema(engine, source, request, now, summary)
    history = history_table(source)
    fill = [(restore_unchanged(schema.sql_table, source.sql_table, history), (when,)),
            (restore_changed(schema.sql_table, history), (when,))]
    return make_table(engine, schema, fill)


def _restore_time(source: TableSchema, request: dict, now: float) -> float:
    latest_asked = bool(request.get("UseLatestRestorableTime"))
    when = request.get("RestoreDateTime")
    if latest_asked and when is not None:
        raise errors.validation(bm.RESTORE_TIME_TWICE)
    if latest_asked:
        return window(source, now)[1]
    if when is None:
        raise errors.validation(bm.RESTORE_TIME_REQUIRED)
    if not inside_window(source, when, now):
        raise errors.DynamoError("InvalidRestoreTimeException", bm.INVALID_RESTORE_TIME)
    return when


def sweep(engine, now: float) -> None:
    """Trim each PITR log to its recovery period (a bounded batch per table),
    and delete SYSTEM backups past their expiry; each change its own transaction."""
    for schema in engine.catalog.all():
        if not schema.pitr:
            continue
        trim = engine.backups.trim(schema, now - schema.pitr["RecoveryPeriodInDays"] * DAY_SECONDS)
        if trim:
            with engine.conn.transaction():
                engine.conn.write(trim)
    for backup in engine.backups.expired(now):
        with engine.conn.transaction():
            engine.conn.write(engine.backups.delete(backup))
