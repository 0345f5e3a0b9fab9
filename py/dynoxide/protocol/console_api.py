"""The console's export and import buttons, as `dynoxide serve` answers them.

    GET  /console/api/export?table=NAME   the table as a tar of DynamoDB's export
                                          layout: the file the browser's
                                          `exportTable` makes (exchange/files.py)
    POST /console/api/import              such a tar (any export `dynoxide import`
                                          reads as a tar) as the body; answers
                                          {"Tables": [{TableName, ImportedItemCount,
                                          ItemCount, Created}]}

These are not DynamoDB operations, so they live beside the console's files
rather than in the API: the page calls them from its own origin. They get
the API's protections (access.py) before a body is read: a Host that is not
a loopback name on a loopback bind, or an Origin not allowed, is a 403. No
CORS headers are added: another origin has no use for them.

Failures are DynamoDB-shaped JSON (`__type`, `message`), as the API's, so
the console shows them the same way. Both go through a temporary file: the
exchange code reads and writes paths, and a table may be larger than one
request (the upload limit is limits.MAX_CONSOLE_UPLOAD_BYTES).
"""
from __future__ import annotations

import os
import tempfile
from urllib.parse import parse_qs, quote, urlsplit

from .. import errors
from ..errors import DynamoError
from .wire import PLAIN_JSON, WireResponse, encode, error_response, request_id

EXPORT_PATH = "/console/api/export"
IMPORT_PATH = "/console/api/import"
TAR_TYPE = "application/x-tar"

NO_TABLE = "The export needs the table's name: /console/api/export?table=NAME"
EMPTY_IMPORT = "The import needs a file: the body is empty"
NOT_FOUND = "The console's API has GET /console/api/export?table=NAME and POST /console/api/import"


def route(method: str, target: str) -> str | None:
    """"export", "import", "unknown" (under /console/api but neither), or None (not ours).

    Asked of every request, so the API's (target "/") costs one startswith."""
    if not target.startswith("/console/api"):
        return None
    path = target.split("?", 1)[0]
    if path == EXPORT_PATH and method in ("GET", "HEAD"):
        return "export"
    if path == IMPORT_PATH and method == "POST":
        return "import"
    return "unknown" if path == "/console/api" or path.startswith("/console/api/") else None


def answer(db, kind: str, target: str, body: bytes | bytearray) -> WireResponse:
    """The response to a request `route` placed, once `wire.refusal` let it through."""
    try:
        if kind == "export":
            return export_response(db, _query(target).get("table", ""))
        if kind == "import":
            return import_response(db, body)
        return _failure(DynamoError("UnknownOperationException", NOT_FOUND, 404))
    except DynamoError as err:
        return _failure(err)


def export_response(db, table: str) -> WireResponse:
    """One table as a tar, offered for download as `<table>.tar`."""
    if not table:
        return _failure(errors.validation(NO_TABLE))
    with tempfile.TemporaryDirectory(prefix="dynoxide-console-") as scratch:
        path = os.path.join(scratch, "export.tar")
        db.export_to(path, [table])
        with open(path, "rb") as f:
            data = f.read()
    headers = {"x-amzn-RequestId": request_id(), "Content-Type": TAR_TYPE, "Content-Length": str(len(data)),
               "Content-Disposition": f"attachment; filename*=UTF-8''{quote(table, safe='')}.tar",
               "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    return WireResponse(200, headers, data)


def import_response(db, body: bytes | bytearray) -> WireResponse:
    """Load every table of an export tar; all or nothing (exchange/files.py)."""
    if not body:
        return _failure(errors.validation(EMPTY_IMPORT))
    with tempfile.TemporaryDirectory(prefix="dynoxide-console-") as scratch:
        path = os.path.join(scratch, "import.tar")
        with open(path, "wb") as f:
            f.write(body)
        tables = db.import_from(path)
    data = encode({"Tables": tables})
    return WireResponse(200, {"x-amzn-RequestId": request_id(), "Content-Type": PLAIN_JSON,
                              "Content-Length": str(len(data))}, data)


def _failure(err: DynamoError) -> WireResponse:
    return error_response(err, PLAIN_JSON)


def _query(target: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(target).query, keep_blank_values=True).items()}


__all__ = ["EXPORT_PATH", "IMPORT_PATH", "answer", "export_response", "import_response", "route"]
