"""The records of exports and imports, in the engine's own database.

One row per ExportTableToPointInTime or ImportTable: its ARN, whether it is
an export or an import, the table's ARN (what ListExports and ListImports
filter by), when it started, its ClientToken with the request it came with
(what an idempotent retry is compared against), and its description as
DescribeExport / DescribeImport answer it, as JSON. Like the backups catalog
(backups.py) the table is created on first use, lives beside the data, and
outlives the table it names.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .connection import Connection, Statement

TRANSFERS = "_dynoxide_transfers"
EXPORT = "export"
IMPORT = "import"

CREATE_TRANSFERS = (
    f"CREATE TABLE IF NOT EXISTS {TRANSFERS} (arn TEXT PRIMARY KEY, kind TEXT NOT NULL, table_arn TEXT NOT NULL, "
    "started REAL NOT NULL, client_token TEXT, request TEXT, description TEXT NOT NULL)"
)
_COLUMNS = "arn, kind, table_arn, started, client_token, request, description"
SELECT_ONE = f"SELECT {_COLUMNS} FROM {TRANSFERS} WHERE arn = ? AND kind = ?"
# In the order they were made (rowid breaks a tie of start times).
SELECT_KIND = f"SELECT {_COLUMNS} FROM {TRANSFERS} WHERE kind = ? ORDER BY started, rowid"
SELECT_TOKEN = (f"SELECT {_COLUMNS} FROM {TRANSFERS} WHERE kind = ? AND client_token = ? "
                "ORDER BY started DESC, rowid DESC LIMIT 1")
INSERT = f"INSERT INTO {TRANSFERS} ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
SELECT_TABLE = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@dataclass
class Transfer:
    arn: str
    kind: str                 # EXPORT or IMPORT
    table_arn: str
    started: float
    client_token: str | None
    request: dict | None      # the request as sent, without its ClientToken
    description: dict         # ExportDescription or ImportTableDescription

    def row(self) -> tuple:
        return (self.arn, self.kind, self.table_arn, self.started, self.client_token,
                None if self.request is None else _dumps(self.request), _dumps(self.description))


def _from_row(row) -> Transfer:
    arn, kind, table_arn, started, token, request, description = row
    return Transfer(arn, kind, table_arn, float(started), token, None if request is None else json.loads(request),
                    json.loads(description))


class TransferStore:
    def __init__(self, conn: Connection):
        self._conn = conn
        self._known = False

    @property
    def _ready(self) -> bool:
        """Whether the table exists; asked again until it does (another process
        sharing the file may have made the first export)."""
        if not self._known:
            self._known = bool(self._conn.query(SELECT_TABLE, (TRANSFERS,)))
        return self._known

    def get(self, kind: str, arn: str) -> Transfer | None:
        if not self._ready:
            return None
        rows = self._conn.query(SELECT_ONE, (arn, kind))
        return _from_row(rows[0]) if rows else None

    def all(self, kind: str) -> list[Transfer]:
        """Every export (or import), oldest first."""
        return [_from_row(row) for row in self._conn.query(SELECT_KIND, (kind,))] if self._ready else []

    def by_token(self, kind: str, token: str) -> Transfer | None:
        if not self._ready:
            return None
        rows = self._conn.query(SELECT_TOKEN, (kind, token))
        return _from_row(rows[0]) if rows else None

    def save(self, transfer: Transfer) -> list[Statement]:
        """Statements that record `transfer`, once it is over (the call that
        made it ran it to COMPLETED or FAILED)."""
        setup = [] if self._ready else [(CREATE_TRANSFERS, ())]
        self._known = True
        return setup + [(INSERT, transfer.row())]
