"""The files of DynamoDB's export to S3, in DYNAMODB_JSON format, as we write and read them.

One table's export is a directory (or, from the browser, a tar of one):

    manifest-summary.json            the export: version, ARNs, times, item count, format
    manifest-files.json              JSON lines, one per data file: itemCount, md5Checksum, etag, dataFileS3Key
    data/<name>.json.gz              gzip JSON lines, one {"Item": {...}} per item
    table-description.json           ours: {"Table": DescribeTable's, "TimeToLiveDescription", "Tags"}
    table-creation-parameters.json   ours: ImportTable's TableCreationParameters, as is

The manifests and data files are what ExportTableToPointInTime writes, so
DynamoDB's ImportTable loads `data/` from S3 as it loads a real export. An
export to S3 has no table definition; the last two files carry it (DynamoDB
reads neither). Keys in the manifests have DynamoDB's form,
`AWSDynamoDB/<ExportId>/...`; a reader finds a data file by its name under
`data/` beside the manifest, wherever the export was copied.
"""
from __future__ import annotations

import base64
import json
import secrets
from datetime import datetime, timezone

from . import errors as e

VERSION = "2020-06-30"
OUTPUT_FORMAT = "DYNAMODB_JSON"
SUMMARY = "manifest-summary.json"
FILES = "manifest-files.json"
DATA_DIR = "data"
DESCRIPTION = "table-description.json"
CREATION_PARAMETERS = "table-creation-parameters.json"
# What ExportTableToPointInTime writes beside the manifests: an empty file
# saying the export began, and each manifest's checksum (its MD5, hex).
STARTED = "_started"
SUMMARY_CHECKSUM = "manifest-summary.checksum"
FILES_CHECKSUM = "manifest-files.checksum"
DATA_SUFFIXES = (".json.gz", ".json")
# In an archive, data comes last: a reader of a stream knows the export and
# the table before the items arrive.
ARCHIVE_ORDER = (SUMMARY, FILES, DESCRIPTION, CREATION_PARAMETERS, DATA_DIR)

_BASE32 = "abcdefghijklmnopqrstuvwxyz234567"
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def export_id(now: float) -> str:
    """An ExportId of DynamoDB's shape: milliseconds, then a random token."""
    return f"{int(now * 1000):014d}-{secrets.token_hex(4)}"


def data_file_name() -> str:
    """A data file's name, random as DynamoDB's are."""
    return "".join(secrets.choice(_BASE32) for _ in range(26)) + ".json.gz"


def prefix(export: str, s3_prefix: str | None = None) -> str:
    """The key prefix of an export's files; under the request's S3Prefix when it has one."""
    return f"{s3_prefix.rstrip('/')}/AWSDynamoDB/{export}" if s3_prefix else f"AWSDynamoDB/{export}"


def export_arn(table_arn: str, export: str) -> str:
    return f"{table_arn}/export/{export}"


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def summary(*, export: str, table_arn: str, table_id: str, started: float, ended: float,
            item_count: int, billed_bytes: int, export_time: float | None = None, bucket: str | None = None,
            s3_prefix: str | None = None, sse_algorithm: str | None = None, sse_key: str | None = None,
            incremental: dict | None = None) -> str:
    """`incremental`: an incremental export's period and view ({since, until, view})."""
    doc = {
        "version": VERSION,
        "exportArn": export_arn(table_arn, export),
        "startTime": _timestamp(started),
        "endTime": _timestamp(ended),
        "tableArn": table_arn,
        "tableId": table_id,
        "exportTime": _timestamp(started if export_time is None else export_time),
        "s3Bucket": bucket,
        "s3Prefix": s3_prefix or None,
        "s3SseAlgorithm": sse_algorithm,
        "s3SseKmsKeyId": sse_key,
        "manifestFilesS3Key": f"{prefix(export, s3_prefix)}/{FILES}",
        "billedSizeBytes": billed_bytes,
        "itemCount": item_count,
        "outputFormat": OUTPUT_FORMAT,
        "exportType": "FULL_EXPORT",
    }
    if incremental is not None:
        del doc["exportTime"]
        doc.update({"exportFromTime": _timestamp(incremental["since"]),
                    "exportToTime": _timestamp(incremental["until"]),
                    "exportType": "INCREMENTAL_EXPORT", "outputView": incremental["view"]})
    return json.dumps(doc, indent=2) + "\n"


def files_line(*, export: str, name: str, item_count: int, md5: bytes, s3_prefix: str | None = None) -> str:
    """One data file's line of manifest-files.json; `md5` is the digest of its bytes."""
    return _dumps({
        "itemCount": item_count,
        "md5Checksum": base64.b64encode(md5).decode("ascii"),
        "etag": md5.hex(),  # what S3 reports for an object uploaded in one part
        "dataFileS3Key": f"{prefix(export, s3_prefix)}/{DATA_DIR}/{name}",
    }) + "\n"


def read_summary(text: str | bytes) -> dict:
    """The summary manifest, after checking it is an export this engine reads."""
    try:
        summary = json.loads(text)
    except ValueError as err:
        raise e.invalid_export(e.BAD_MANIFEST.format(SUMMARY, err)) from None
    if not isinstance(summary, dict):
        raise e.invalid_export(e.BAD_MANIFEST.format(SUMMARY, "not a JSON object"))
    if summary.get("version") != VERSION:
        raise e.invalid_export(e.WRONG_VERSION.format(summary.get("version"), VERSION))
    if summary.get("outputFormat") != OUTPUT_FORMAT:
        raise e.invalid_export(e.WRONG_FORMAT.format(summary.get("outputFormat"), OUTPUT_FORMAT))
    return summary


def read_files(text: str | bytes) -> dict[str, dict]:
    """manifest-files.json's entries by data file name (the key's last part)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    out: dict[str, dict] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            key = entry["dataFileS3Key"]
            count = entry["itemCount"]
            if not isinstance(key, str) or type(count) is not int:
                raise ValueError("dataFileS3Key must be a string and itemCount an integer")
        except (ValueError, KeyError, TypeError) as err:
            raise e.invalid_export(e.BAD_MANIFEST.format(FILES, f"line {number}: {err}")) from None
        out[file_name(key)] = entry
    return out


def file_name(key: str) -> str:
    return key.rsplit("/", 1)[-1]


def table_name_of(summary: dict) -> str | None:
    """The exported table's name, from its ARN."""
    arn = summary.get("tableArn")
    return arn.rsplit("/", 1)[-1] if isinstance(arn, str) and "/" in arn else None
