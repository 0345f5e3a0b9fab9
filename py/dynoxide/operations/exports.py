"""ExportTableToPointInTime, DescribeExport, ListExports.

An export is the table as it was at ExportTime (now, when not given), read
from the PITR log as RestoreTableToPointInTime reads it (recovery.py), so
DynamoDB's rule holds: PITR must be on and ExportTime inside its window. The
files go into the S3 directory the host was given (exchange/s3.py), in
DynamoDB's layout. The export runs inside the call, under the database's
lock; the call answers IN_PROGRESS, as DynamoDB does, and the record it
leaves (storage/transfers.py) is already COMPLETED or FAILED, which
DescribeExport and ListExports show.

Refused, as not supported here: ExportFormat ION, ExportType
INCREMENTAL_EXPORT, and FilterSpecification (each a ValidationException
that says so; see the README's limits).
"""
from __future__ import annotations

from .. import errors
from ..errors import DynamoError
from ..exchange import layout
from ..exchange.exporter import TableExport
from ..exchange.s3 import manifest_key, write_export
from ..limits import MAX_LIST_EXPORTS
from ..storage.transfers import EXPORT, Transfer
from . import backup_messages as bm
from . import transfer_messages as tm
from .backups import source_table
from .recovery import window
from .transfers import page, replay, without_token

# A time sent back as DescribeContinuousBackups gave it is inside the window (recovery.py).
_PRECISION = 0.001


def export_table_to_point_in_time(engine, request: dict) -> dict:
    buckets = engine.buckets.require("ExportTableToPointInTime")
    _check_supported(request)
    token = request.get("ClientToken")
    earlier = replay(engine.transfers.by_token(EXPORT, token) if token else None, request,
                     "ExportConflictException", tm.EXPORT_CONFLICT)
    if earlier is not None:
        return {"ExportDescription": earlier.description}
    schema = source_table(engine, request["TableArn"])
    if not schema.pitr:
        raise DynamoError("PointInTimeRecoveryUnavailableException", bm.PITR_UNAVAILABLE.format(schema.name))
    now = engine.clock()
    at = _export_time(schema, request.get("ExportTime"), now)
    export = TableExport(engine, schema.name, at=at)
    bucket, prefix = request["S3Bucket"], request.get("S3Prefix")
    started = _description(engine, request, export, "IN_PROGRESS")
    outcome = write_export(buckets, export, bucket, prefix, request.get("S3SseAlgorithm"),
                           request.get("S3SseKmsKeyId"))
    final = {**started, "ExportStatus": outcome.status, "EndTime": engine.clock()}
    if outcome.failure:
        final["FailureCode"], final["FailureMessage"] = outcome.failure
    else:
        final.update({"ExportManifest": manifest_key(export.export, prefix), "BilledSizeBytes": export.bytes,
                      "ItemCount": export.items})
    record = Transfer(arn=started["ExportArn"], kind=EXPORT, table_arn=started["TableArn"], started=export.started,
                      client_token=token, request=without_token(request), description=final)
    engine.conn.write(engine.transfers.save(record))
    return {"ExportDescription": started}


def describe_export(engine, request: dict) -> dict:
    engine.buckets.require("DescribeExport")
    record = engine.transfers.get(EXPORT, request["ExportArn"])
    if record is None:
        raise DynamoError("ExportNotFoundException", tm.EXPORT_NOT_FOUND.format(request["ExportArn"]))
    return {"ExportDescription": record.description}


def list_exports(engine, request: dict) -> dict:
    engine.buckets.require("ListExports")
    table_arn = request.get("TableArn")
    records = [r for r in engine.transfers.all(EXPORT) if table_arn is None or r.table_arn == table_arn]
    shown, token = page(records, request.get("NextToken"), request.get("MaxResults") or MAX_LIST_EXPORTS)
    out: dict = {"ExportSummaries": [_summary(r.description) for r in shown]}
    if token:
        out["NextToken"] = token
    return out


def _check_supported(request: dict) -> None:
    if request.get("ExportFormat") == "ION":
        raise errors.validation(tm.FORMAT_NOT_SUPPORTED.format("ION"))
    if request.get("ExportType") == "INCREMENTAL_EXPORT":
        if request.get("IncrementalExportSpecification") is None:
            raise errors.validation(tm.INCREMENTAL_NEEDS_SPEC)
        raise errors.validation(tm.INCREMENTAL_NOT_SUPPORTED)
    if request.get("FilterSpecification") is not None:
        raise errors.validation(tm.FILTER_NOT_SUPPORTED)


def _export_time(schema, asked: float | None, now: float) -> float | None:
    """The moment to export: None for now (the table as it is), else a time
    inside the PITR window (InvalidExportTimeException outside it)."""
    if asked is None:
        return None
    earliest, latest = window(schema, now)
    if asked < earliest - _PRECISION or asked > latest + _PRECISION:
        raise DynamoError("InvalidExportTimeException", tm.INVALID_EXPORT_TIME)
    return min(asked, now)


def _description(engine, request: dict, export: TableExport, status: str) -> dict:
    out = {
        "ExportArn": layout.export_arn(export.table_arn, export.export),
        "ExportStatus": status,
        "StartTime": export.started,
        "TableArn": export.table_arn,
        "TableId": export.table_id,
        "ExportTime": export.export_time,
        "S3Bucket": request["S3Bucket"],
    }
    for member in ("ClientToken", "S3BucketOwner", "S3Prefix", "S3SseAlgorithm", "S3SseKmsKeyId"):
        if request.get(member) is not None:
            out[member] = request[member]
    out["ExportFormat"] = request.get("ExportFormat") or layout.OUTPUT_FORMAT
    out["ExportType"] = request.get("ExportType") or "FULL_EXPORT"
    return out


def _summary(description: dict) -> dict:
    return {k: description[k] for k in ("ExportArn", "ExportStatus", "ExportType")}
