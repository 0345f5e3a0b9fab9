"""The errors of export and import, and every message they phrase.

An item that breaks the table's rules fails with the DynamoError PutItem
would raise for it (its type and message), its message prefixed with where
the item was read. What is not DynamoDB's to name gets one of two types of
our own, which the browser client raises too (js/contract.js ExchangeError):

- InvalidExport: not an export this engine reads (another format or
  version, a missing or unreadable manifest or table description);
- CorruptData: an export whose content is damaged (a truncated or broken
  gzip, a line that is not an item, a checksum or count that differs from
  its manifest, a data file that is missing).

Both are 400s: the input is at fault, and nothing was written.
"""
from __future__ import annotations

from ..errors import DynamoError

NAMESPACE = "com.dynoxide.exchange"
INVALID_EXPORT = "InvalidExport"
CORRUPT_DATA = "CorruptData"
INVALID_DATABASE = "InvalidDatabase"


class ExchangeError(DynamoError):
    """An export or import failure that DynamoDB has no error type for."""

    @property
    def type(self) -> str:
        return f"{NAMESPACE}#{self.name}"


def invalid_export(message: str) -> ExchangeError:
    return ExchangeError(INVALID_EXPORT, message)


def corrupt(where: str, message: str) -> ExchangeError:
    return ExchangeError(CORRUPT_DATA, f"{where}: {message}")


def invalid_database(message: str) -> ExchangeError:
    return ExchangeError(INVALID_DATABASE, message)


def located(err: DynamoError, where: str) -> DynamoError:
    """`err` (an item's validation failure) with where the item was read."""
    return DynamoError(err.name, f"{where}: {err.message}", err.status, err.extra)


# Messages, each phrased once.
NOT_AN_ITEM = 'not an item: each line must be one JSON object {"Item": {...}} in DynamoDB JSON'
NOT_JSON = "not JSON: {}"
TRUNCATED = "the gzip data ends early (truncated file)"
BAD_GZIP = "not readable gzip data: {}"
CHECKSUM = "its MD5 ({}) differs from the manifest's md5Checksum ({})"
COUNT = "it holds {} items where the manifest says {}"
MISSING_FILE = "the data file {} listed in manifest-files.json is missing"
UNLISTED_FILE = "a data file that manifest-files.json does not list"
BAD_MANIFEST = "{} is not valid: {}"
WRONG_VERSION = "manifest-summary.json has version {!r}; this engine reads exports of version {!r}"
WRONG_FORMAT = "the export's outputFormat is {!r}; this engine reads {!r} exports"
NO_MANIFEST = "{} holds no DynamoDB export (no manifest-summary.json) and no .json or .json.gz data file"
NO_DESCRIPTION = ("table {} does not exist and the import has no table description to create it from "
                  "(table-description.json in the export, or a schema)")
BAD_DESCRIPTION = "the table description is not usable: {}"
KEY_SCHEMA_DIFFERS = "table {} exists with key schema {}, but the import's description has {}"
TABLE_CHANGED = "table {} was deleted or changed while the import ran; nothing was imported"
UNKNOWN_TABLE = "the export holds no table {} (it holds: {})"
SEVERAL_TABLES = "the source holds {} tables ({}); name one"
UNKNOWN_IMPORT = "no import or export in progress with id {}"
