"""ExportTableToPointInTime's files and ImportTable's reading, in S3 buckets that are directories.

    write_export(buckets, export, bucket, s3_prefix)   -> Outcome
    read_import(buckets, imp, bucket, key_prefix, ...) -> Outcome

An export writes what DynamoDB writes under `<prefix>/AWSDynamoDB/<ExportId>/`:
`_started` first, then `data/<name>.json.gz`, then each manifest with its
checksum, the summary last (so a reader that sees the summary sees a whole
export). Our table-description files are not among them: `dynoxide export`
writes those, the S3 API writes DynamoDB's layout only.

An import reads every object under the key prefix, as DynamoDB does, in key
order: DYNAMODB_JSON lines (`{"Item": ...}`) or CSV rows, gzip or not.

What fails after the request was accepted (no bucket, an unreadable file)
is not an error of the call: it is the transfer's FAILED state, with a
FailureCode and FailureMessage (`Outcome`), as DynamoDB reports it.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import shutil
import zlib
from dataclasses import dataclass

from ..errors import DynamoError
from ..operations import transfer_messages as tm
from . import errors as e
from . import layout
from .buckets import S3Root, safe_key
from .files import lines, write_data


@dataclass
class Outcome:
    """Whether a transfer completed; FailureCode and FailureMessage when not;
    the bytes of the objects an import read (ProcessedSizeBytes)."""
    failure: tuple[str, str] | None = None
    processed_bytes: int = 0

    @property
    def status(self) -> str:
        return "FAILED" if self.failure else "COMPLETED"


def _failed(pair: tuple[str, str], *args) -> Outcome:
    code, message = pair
    return Outcome((code, message.format(*args)))


# --- export --------------------------------------------------------------------------

def write_export(buckets: S3Root, export, bucket: str, s3_prefix: str | None,
                 sse_algorithm: str | None = None, sse_key: str | None = None) -> Outcome:
    """Write `export` (a TableExport) into the bucket; closes it."""
    try:
        if buckets.bucket(bucket) is None:
            return _failed(tm.NO_SUCH_BUCKET)
        base = layout.prefix(export.export, s3_prefix)
        if not safe_key(base):
            return _failed(tm.KEY_NOT_ALLOWED, base)
        directory = buckets.path(bucket, base)
        try:
            os.makedirs(os.path.join(directory, layout.DATA_DIR))
            open(os.path.join(directory, layout.STARTED), "wb").close()
            md5 = write_data(export, os.path.join(directory, export.data_path))
            files = export.finish(md5, bucket=bucket, s3_prefix=s3_prefix, sse_algorithm=sse_algorithm,
                                  sse_key=sse_key)
            for name, checksum in ((layout.FILES, layout.FILES_CHECKSUM), (layout.SUMMARY, layout.SUMMARY_CHECKSUM)):
                data = files[name].encode("utf-8")
                _write(os.path.join(directory, name), data)
                _write(os.path.join(directory, checksum), hashlib.md5(data).hexdigest().encode("ascii"))
        except OSError as err:
            shutil.rmtree(directory, ignore_errors=True)
            return _failed(tm.WRITE_FAILED, err.strerror or err)
        return Outcome()
    finally:
        export.close()


def manifest_key(export_id: str, s3_prefix: str | None) -> str:
    """ExportManifest: the key of the export's manifest-summary.json."""
    return f"{layout.prefix(export_id, s3_prefix)}/{layout.SUMMARY}"


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


# --- import --------------------------------------------------------------------------

@dataclass(frozen=True)
class CsvFormat:
    """InputFormatOptions.Csv: the delimiter, and the header when the files have none."""
    delimiter: str = ","
    header: tuple[str, ...] | None = None


def read_import(buckets: S3Root, imp, bucket: str, key_prefix: str, *, gzipped: bool,
                csv_format: CsvFormat | None = None) -> Outcome:
    """Feed every object under the prefix to `imp` (a tolerant TableImport).
    An Outcome that failed leaves `imp` to be aborted by the caller."""
    if buckets.bucket(bucket) is None:
        return _failed(tm.NO_SUCH_BUCKET)
    keys = [key for key in buckets.keys(bucket, key_prefix) if safe_key(key)]
    if not keys:
        return _failed(tm.NO_OBJECTS, bucket, key_prefix)
    processed = 0
    try:
        for key in keys:
            imp.begin_file(key)
            path = buckets.path(bucket, key)
            processed += os.path.getsize(path)
            with open(path, "rb") as raw:
                if csv_format is None:
                    for line in lines(key, raw, hashlib.md5(), gzipped=gzipped):
                        imp.add_line(line)
                else:
                    _read_csv(imp, key, raw, gzipped, csv_format)
            imp.end_file()
    except DynamoError as err:  # a file that cannot be read at all: CorruptData from lines()
        return Outcome((tm.READ_FAILED[0], err.message), processed)
    except OSError as err:
        return Outcome((tm.READ_FAILED[0], str(err.strerror or err)), processed)
    return Outcome(processed_bytes=processed)


def _read_csv(imp, key: str, raw, gzipped: bool, fmt: CsvFormat) -> None:
    """CSV rows as items: a key attribute takes its AttributeDefinitions type,
    every other column is a string; an empty cell is no attribute."""
    stream = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    types = imp.key_types()
    try:
        reader = csv.reader(text, delimiter=fmt.delimiter)
        header = list(fmt.header) if fmt.header else None
        for number, row in enumerate(reader, 1):
            if header is None:
                header = row
                continue
            if not any(row):
                continue
            where = f"{key} line {number}"
            imp.add_item(_csv_item(header, row, types), where)
    except (EOFError, OSError, zlib.error, UnicodeDecodeError, csv.Error) as err:
        raise e.corrupt(key, str(err)) from None


def _csv_item(header: list[str], row: list[str], types: dict[str, str]) -> dict:
    item: dict = {}
    for name, value in zip(header, row):
        if value == "":
            continue
        item[name] = {types.get(name, "S"): value}  # a B key is base64 text, checked as PutItem checks it
    return item
