"""ExportTableToPointInTime, DescribeExport, ListExports.

An export is the table as it was at ExportTime (now, when not given), read
from the PITR log as RestoreTableToPointInTime reads it (recovery.py), so
DynamoDB's rule holds: PITR must be on and ExportTime inside its window. The
files go into the S3 directory the host was given (exchange/s3.py), in
DynamoDB's layout. The export runs inside the call, under the database's
lock; the call answers IN_PROGRESS, as DynamoDB does, and the record it
leaves (storage/transfers.py) is already COMPLETED or FAILED, which
DescribeExport and ListExports show.

ExportType INCREMENTAL_EXPORT writes what changed between ExportFromTime
and ExportToTime, from the same log (exchange/incremental.py). Refused, as
not supported here: ExportFormat ION and FilterSpecification (each a
ValidationException that says so; see the README's limits).
"""
from __future__ import annotations

from .. import errors
from ..errors import DynamoError
from ..exchange import layout
from ..exchange.exporter import TableExport
from ..exchange.incremental import IncrementalExport
from ..exchange.s3 import manifest_key, write_export
from ..limits import MAX_INCREMENTAL_EXPORT_SECONDS, MAX_LIST_EXPORTS, MIN_INCREMENTAL_EXPORT_SECONDS
from ..storage.transfers import EXPORT, Transfer
from . import backup_messages as bm
from . import transfer_messages as tm
from .backups import source_table
from .recovery import inside_window
from .transfers import page, replay, without_token


def export_table_to_point_in_time(engine, request: dict) -> dict:
    _check_supported(request)
    token = request.get("ClientToken")
    earlier = replay(engine.transfers.by_token(EXPORT, token) if token else None, request,
                     "ExportConflictException", tm.EXPORT_CONFLICT)
    if earlier is not None:
        return {"ExportDescription": earlier.description}
    schema = source_table(engine, request["TableArn"])
    if not schema.pitr:
        raise DynamoError("PointInTimeRecoveryUnavailableException", bm.PITR_UNAVAILABLE.format(schema.name))
    export = _begin(engine, schema, request, engine.clock())
    bucket, prefix = request["S3Bucket"], request.get("S3Prefix")
    started = _description(engine, request, export, "IN_PROGRESS")
    outcome = write_export(engine.buckets, export, bucket, prefix, request.get("S3SseAlgorithm"),
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
    record = engine.transfers.get(EXPORT, request["ExportArn"])
    if record is None:
        raise DynamoError("ExportNotFoundException", tm.EXPORT_NOT_FOUND.format(request["ExportArn"]))
    return {"ExportDescription": record.description}


def list_exports(engine, request: dict) -> dict:
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
    spec = request.get("IncrementalExportSpecification")
    if _incremental(request):
        if spec is None:
            raise errors.validation(tm.INCREMENTAL_NEEDS_SPEC)
        if request.get("ExportTime") is not None:
            raise errors.validation(tm.EXPORT_TIME_NOT_INCREMENTAL)
        if spec.get("ExportFromTime") is None:
            raise errors.validation(tm.INCREMENTAL_NEEDS_FROM)
    elif spec is not None:
        raise errors.validation(tm.SPEC_ONLY_FOR_INCREMENTAL)
    if request.get("FilterSpecification") is not None:
        raise errors.validation(tm.FILTER_NOT_SUPPORTED)


def _incremental(request: dict) -> bool:
    return request.get("ExportType") == "INCREMENTAL_EXPORT"


def _begin(engine, schema, request: dict, now: float):
    """The export to write: the table at ExportTime (a TableExport), or what
    changed in the incremental period (an IncrementalExport)."""
    if not _incremental(request):
        return TableExport(engine, schema.name, at=_export_time(schema, request.get("ExportTime"), now))
    spec = request["IncrementalExportSpecification"]
    since = spec["ExportFromTime"]
    until = spec.get("ExportToTime")
    until = now if until is None else until
    if not MIN_INCREMENTAL_EXPORT_SECONDS <= until - since <= MAX_INCREMENTAL_EXPORT_SECONDS:
        raise errors.validation(tm.INCREMENTAL_PERIOD.format(MIN_INCREMENTAL_EXPORT_SECONDS // 60,
                                                             MAX_INCREMENTAL_EXPORT_SECONDS // 3600))
    if not (inside_window(schema, since, now) and inside_window(schema, until, now)):
        raise DynamoError("InvalidExportTimeException", tm.INVALID_EXPORT_TIME)
    return IncrementalExport(engine, schema.name, since, until, spec.get("ExportViewType") or "NEW_AND_OLD_IMAGES")


def _export_time(schema, asked: float | None, now: float) -> float | None:
    """The moment to export: None for now (the table as it is), else a time
    inside the PITR window (InvalidExportTimeException outside it)."""
    if asked is None:
        return None
    if not inside_window(schema, asked, now):
        raise DynamoError("InvalidExportTimeException", tm.INVALID_EXPORT_TIME)
    return min(asked, now)


def _description(engine, request: dict, export: TableExport | IncrementalExport, status: str) -> dict:
    out = {
        "ExportArn": layout.export_arn(export.table_arn, export.export),
        "ExportStatus": status,
        "StartTime": export.started,
        "TableArn": export.table_arn,
        "TableId": export.table_id,
    }
    if export.export_time is not None:
        out["ExportTime"] = export.export_time
    out["S3Bucket"] = request["S3Bucket"]
    for member in ("ClientToken", "S3BucketOwner", "S3Prefix", "S3SseAlgorithm", "S3SseKmsKeyId"):
        if request.get(member) is not None:
            out[member] = request[member]
    out["ExportFormat"] = request.get("ExportFormat") or layout.OUTPUT_FORMAT
    out["ExportType"] = request.get("ExportType") or "FULL_EXPORT"
    if isinstance(export, IncrementalExport):
        out["IncrementalExportSpecification"] = {"ExportFromTime": export.since, "ExportToTime": export.until,
                                                 "ExportViewType": export.view}
    return out


def _summary(description: dict) -> dict:
    return {k: description[k] for k in ("ExportArn", "ExportStatus", "ExportType")}
