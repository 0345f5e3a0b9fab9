"""ImportTable, DescribeImport, ListImports.

ImportTable creates a new table from TableCreationParameters and loads every
object under S3BucketSource's prefix into it (exchange/s3.py reads them;
exchange/importer.py stages the items and exposes the table in one
transaction). As in DynamoDB, the table must not exist (ResourceInUseException),
its parameters are checked as CreateTable checks them, and an item that
cannot be imported is counted in ErrorCount and skipped while the rest go in;
a source that cannot be read at all (no bucket, no object, a broken gzip)
fails the import, and then no table is left behind. The import runs inside
the call; the call answers IN_PROGRESS, as DynamoDB does, and DescribeImport
shows the final record.

Formats: DYNAMODB_JSON and CSV, each gzip or not. ION and ZSTD are refused
with a ValidationException that says so (see the README's limits).
"""
from __future__ import annotations

from .. import errors
from ..errors import DynamoError
from ..exchange import layout
from ..exchange.importer import TableImport
from ..exchange.s3 import CsvFormat, read_import
from ..limits import MAX_LIST_IMPORTS
from ..storage.transfers import IMPORT, Transfer
from . import backup_messages as bm
from . import transfer_messages as tm
from .transfers import page, replay, without_token

_DESCRIBED = ("ClientToken", "S3BucketSource", "InputFormat", "InputFormatOptions", "InputCompressionType",
              "TableCreationParameters")
_SUMMARY = ("ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "InputFormat", "StartTime", "EndTime")


def import_table(engine, request: dict) -> dict:
    csv_format = _input_format(request)
    compression = request.get("InputCompressionType") or "NONE"
    if compression not in ("GZIP", "NONE"):
        raise errors.validation(tm.COMPRESSION_NOT_SUPPORTED.format(compression))
    token = request.get("ClientToken")
    earlier = replay(engine.transfers.by_token(IMPORT, token) if token else None, request,
                     "ImportConflictException", tm.IMPORT_CONFLICT)
    if earlier is not None:
        return {"ImportTableDescription": earlier.description}
    parameters = request["TableCreationParameters"]
    name = parameters["TableName"]
    if engine.catalog.get(name) is not None:
        raise errors.resource_in_use(bm.TABLE_ALREADY_EXISTS.format(name))
    now = engine.clock()
    table_arn = engine.table_arn(name)
    # An import's id has an export's shape: milliseconds, a dash, 8 hex digits.
    started = {"ImportArn": f"{table_arn}/import/{layout.export_id(now)}", "ImportStatus": "IN_PROGRESS",
               "TableArn": table_arn, **{k: request[k] for k in _DESCRIBED if request.get(k) is not None},
               "InputCompressionType": compression, "StartTime": now}
    source = request["S3BucketSource"]
    imp = TableImport(engine, description=dict(parameters), tolerant=True)
    outcome = read_import(engine.buckets, imp, source["S3Bucket"], source.get("S3KeyPrefix") or "",
                          gzipped=compression == "GZIP", csv_format=csv_format)
    final = {**started, "ImportStatus": outcome.status}
    if outcome.failure:
        imp.abort()
        final["FailureCode"], final["FailureMessage"] = outcome.failure
    else:
        imp.commit()
        final["TableId"] = engine.catalog.get(name).table_id
    final.update({"EndTime": engine.clock(), "ProcessedSizeBytes": outcome.processed_bytes,
                  "ProcessedItemCount": imp.processed, "ImportedItemCount": 0 if outcome.failure else imp.items,
                  "ErrorCount": imp.errors})
    record = Transfer(arn=started["ImportArn"], kind=IMPORT, table_arn=table_arn, started=now, client_token=token,
                      request=without_token(request), description=final)
    engine.conn.write(engine.transfers.save(record))
    return {"ImportTableDescription": started}


def describe_import(engine, request: dict) -> dict:
    record = engine.transfers.get(IMPORT, request["ImportArn"])
    if record is None:
        raise DynamoError("ImportNotFoundException", tm.IMPORT_NOT_FOUND.format(request["ImportArn"]))
    return {"ImportTableDescription": record.description}


def list_imports(engine, request: dict) -> dict:
    table_arn = request.get("TableArn")
    records = [r for r in engine.transfers.all(IMPORT) if table_arn is None or r.table_arn == table_arn]
    shown, token = page(records, request.get("NextToken"), request.get("PageSize") or MAX_LIST_IMPORTS)
    out: dict = {"ImportSummaryList": [{k: r.description[k] for k in _SUMMARY if k in r.description}
                                       for r in shown]}
    if token:
        out["NextToken"] = token
    return out


def _input_format(request: dict) -> CsvFormat | None:
    """The CSV options of a CSV import; None for DYNAMODB_JSON."""
    fmt = request["InputFormat"]
    csv_options = (request.get("InputFormatOptions") or {}).get("Csv")
    if fmt == "ION":
        raise errors.validation(tm.INPUT_FORMAT_NOT_SUPPORTED.format(fmt))
    if fmt != "CSV":
        if csv_options is not None:
            raise errors.validation(tm.CSV_OPTIONS_ONLY_FOR_CSV)
        return None
    csv_options = csv_options or {}
    header = csv_options.get("HeaderList")
    return CsvFormat(delimiter=csv_options.get("Delimiter") or ",", header=tuple(header) if header else None)
