"""On-demand backups and the point-in-time recovery log, in the engine's own database.

Backups
-------
A backup is a row of `_dynoxide_backups` (its ARN, name, state, the source
table's schema and counts at the backup's moment) and a data table with the
base table's layout: the source's base rows as they were at that moment.
Index rows are not kept: a restore rebuilds them from the items under the
backup's schema (or the index overrides), so a restore that drops an index
never copies its rows. A backup lives on after its table is deleted.

Copying without holding the database: CreateBackup fixes the backup's moment
T and registers a copy job; the rows are then copied in key order, a chunk
per transaction (`copy_step`), so other requests run between chunks. To stay
a snapshot of T, every write to a table with a copy in progress first keeps,
in its own transaction, what the backup still needs (`before_write`): when the
key lies past the copy's cursor (not copied yet) and the backup has no row for
it yet, the row as it was before this write (the first such write after T) goes
into the backup, or a tombstone if there was no item. The copier inserts with
OR IGNORE, so a row kept that way is never replaced by a later value, and
tombstones are deleted when the copy ends. Keys at or before the cursor were
copied as of T already. This works with one connection and one writer, so it
is the same in the browser (where the worker's idle timer drives the steps)
and natively (where the CreateBackup call drives them, releasing the
database's lock between chunks). One copy per table at a time.

Point-in-time recovery log
--------------------------
While PITR is on, each write appends the item's *old* image (NULL: there was
none) with the commit time to the table's own log `h_<sql table>`, in the
write's own transaction (called from operations/commit.py, beside the stream
records). The table's state at time t is then its current state with every
key changed after t put back to the old image of its first change after t:
restore reads the current rows whose key has no later change, plus those old
images, two INSERT ... SELECTs in one transaction. So no snapshot is ever
taken, enabling PITR costs nothing, and trimming the log to the recovery
period is deleting its oldest rows (a rowid range). The log is not the stream
record log: a stream record is a JSON document per stream whose images depend
on the stream's view type and which lives 24 hours; restore needs the old image
of every write, keyed by the table's encoded key, for up to 35 days. The two
share where they are written (commit.py) and the transaction, not the rows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from ..schema import TableSchema
from . import sql
from .connection import Connection, Statement
from .tables import dump_item

BACKUPS = "_dynoxide_backups"
DATA_PREFIX = "_dynoxide_backup_"
HISTORY_PREFIX = "h_"  # SQL table names of DynamoDB tables start "t_" (Catalog.new_sql_name)
COPY_CHUNK = 2000       # rows per copy transaction
TRIM_BATCH = 1000       # log rows looked at per table per trim
TOMBSTONE_SIZE = -1     # a kept "no item at T" row in a backup being copied

CREATE_BACKUPS = (
    f"CREATE TABLE IF NOT EXISTS {BACKUPS} (arn TEXT PRIMARY KEY, name TEXT NOT NULL, table_name TEXT NOT NULL, "
    "type TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL, expires REAL, size INTEGER NOT NULL, "
    "items INTEGER NOT NULL, schema TEXT NOT NULL, data TEXT NOT NULL, copied_pk TEXT, copied_sk TEXT) WITHOUT ROWID"
)
_COLUMNS = "arn, name, table_name, type, status, created, expires, size, items, schema, data, copied_pk, copied_sk"
SELECT_BACKUP = f"SELECT {_COLUMNS} FROM {BACKUPS} WHERE arn = ?"
SELECT_BACKUPS = f"SELECT {_COLUMNS} FROM {BACKUPS} ORDER BY created, arn"
SELECT_COPYING = f"SELECT {_COLUMNS} FROM {BACKUPS} WHERE status = 'CREATING'"
SELECT_EXPIRED = f"SELECT {_COLUMNS} FROM {BACKUPS} WHERE expires <= ?"
INSERT_BACKUP = f"INSERT INTO {BACKUPS} ({_COLUMNS}) VALUES ({', '.join('?' * 13)})"
DELETE_BACKUP = f"DELETE FROM {BACKUPS} WHERE arn = ?"
SET_CURSOR = f"UPDATE {BACKUPS} SET copied_pk = ?, copied_sk = ? WHERE arn = ?"
SET_AVAILABLE = f"UPDATE {BACKUPS} SET status = 'AVAILABLE', copied_pk = NULL, copied_sk = NULL WHERE arn = ?"
SELECT_TABLE = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"


def _boundary(base: str, has_cursor: bool) -> str:
    """The key `COPY_CHUNK` rows on from the cursor; params: cursor, offset."""
    after = "WHERE (pk, sk) > (?, ?) " if has_cursor else ""
    return f'SELECT pk, sk FROM "{base}" {after}ORDER BY pk, sk LIMIT 1 OFFSET ?'


def _copy_range(data: str, base: str, has_cursor: bool, has_end: bool) -> str:
    """Copy base rows after the cursor up to the end key (inclusive), keeping rows already kept."""
    where = [cond for cond, on in (("(pk, sk) > (?, ?)", has_cursor), ("(pk, sk) <= (?, ?)", has_end)) if on]
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f'INSERT OR IGNORE INTO "{data}" (pk, sk, item, size) SELECT pk, sk, item, size FROM "{base}"{clause}'


def _keep_row(data: str) -> str:
    return f'INSERT OR IGNORE INTO "{data}" (pk, sk, item, size) VALUES (?, ?, ?, ?)'


def _drop_tombstones(data: str) -> str:
    return f'DELETE FROM "{data}" WHERE size < 0'


def history_table(schema: TableSchema) -> str:
    return HISTORY_PREFIX + schema.sql_table


def create_history(table: str) -> str:
    return (f'CREATE TABLE IF NOT EXISTS "{table}" (seq INTEGER PRIMARY KEY, at REAL NOT NULL, '
            "pk TEXT NOT NULL, sk TEXT NOT NULL, item TEXT, size INTEGER)")


def _append_history(table: str) -> str:
    return f'INSERT INTO "{table}" (at, pk, sk, item, size) VALUES (?, ?, ?, ?, ?)'


def restore_unchanged(target: str, base: str, history: str) -> str:
    """Copy the current rows whose key has no change after ?; params: the time."""
    return (f'INSERT INTO "{target}" (pk, sk, item, size) SELECT pk, sk, item, size FROM "{base}" '
            f'WHERE (pk, sk) NOT IN (SELECT pk, sk FROM "{history}" WHERE at > ?)')


def restore_changed(target: str, history: str) -> str:
    """Copy, for each key changed after ?, the item before its first such change (if it had one)."""
    return (f'INSERT INTO "{target}" (pk, sk, item, size) SELECT pk, sk, item, size FROM "{history}" '
            f'WHERE seq IN (SELECT min(seq) FROM "{history}" WHERE at > ? GROUP BY pk, sk) AND item IS NOT NULL')


def snapshot_at(copy: str, base: str, history: str) -> str:
    """A plain copy (as sql.snapshot makes) of the table as it was at ?: the rows
    restore_unchanged and restore_changed would restore; params: the time, twice."""
    return (f'CREATE TABLE "{copy}" AS SELECT item, size FROM ('
            f'SELECT pk, sk, item, size FROM "{base}" '
            f'WHERE (pk, sk) NOT IN (SELECT pk, sk FROM "{history}" WHERE at > ?) '
            f'UNION ALL SELECT pk, sk, item, size FROM "{history}" '
            f'WHERE seq IN (SELECT min(seq) FROM "{history}" WHERE at > ? GROUP BY pk, sk) AND item IS NOT NULL'
            ') ORDER BY pk, sk')


def changes_between(base: str, history: str) -> str:
    """An incremental export's rows: each key written at or after ?1 and before
    ?2, in key order, with its last such write's time, the item before the
    first of them and the item as of ?2 (the old image of the first write from
    ?2 on, else the current row); NULL where there was no item."""
    return (f'WITH changed AS (SELECT pk, sk, min(seq) AS first, max(at) AS last FROM "{history}" '
            'WHERE at >= ?1 AND at < ?2 GROUP BY pk, sk), '
            f'later AS (SELECT pk, sk, min(seq) AS seq FROM "{history}" WHERE at >= ?2 GROUP BY pk, sk) '
            f'SELECT c.pk, c.sk, c.last, (SELECT item FROM "{history}" WHERE seq = c.first), '
            f'CASE WHEN l.seq IS NOT NULL THEN (SELECT item FROM "{history}" WHERE seq = l.seq) '
            f'ELSE (SELECT item FROM "{base}" AS b WHERE b.pk = c.pk AND b.sk = c.sk) END '
            'FROM changed AS c LEFT JOIN later AS l ON l.pk = c.pk AND l.sk = c.sk ORDER BY c.pk, c.sk')


def copy_all(target: str, source: str) -> str:
    return f'INSERT INTO "{target}" (pk, sk, item, size) SELECT pk, sk, item, size FROM "{source}"'


def _oldest_history(table: str) -> str:
    return f'SELECT seq, at FROM "{table}" ORDER BY seq LIMIT ?'


def _trim_history(table: str) -> str:
    return f'DELETE FROM "{table}" WHERE seq <= ?'


@dataclass
class Backup:
    arn: str
    name: str
    table_name: str
    type: str              # USER or SYSTEM
    status: str            # CREATING or AVAILABLE (a deleted backup has no row)
    created: float
    expires: float | None  # SYSTEM backups only
    size: int              # BackupSizeBytes: the table's bytes at the backup's moment
    items: int
    schema: TableSchema    # the source table as it was at the backup's moment
    data: str              # the SQL table of its rows
    cursor: tuple[str, str] | None = field(default=None)  # the last key copied (CREATING only)

    def row(self) -> tuple:
        return (self.arn, self.name, self.table_name, self.type, self.status, self.created, self.expires,
                self.size, self.items, json.dumps(self.schema.to_json(), separators=(",", ":")), self.data,
                *(self.cursor or (None, None)))


def _from_row(row) -> Backup:
    arn, name, table, kind, status, created, expires, size, items, schema, data, cpk, csk = row
    return Backup(arn, name, table, kind, status, float(created), None if expires is None else float(expires),
                  int(size), int(items), TableSchema.from_json(json.loads(schema)), data,
                  None if cpk is None else (cpk, csk))


class BackupStore:
    """The backups catalog, the copies in progress, and the PITR logs' upkeep."""

    def __init__(self, conn: Connection):
        self._conn = conn
        # Created on first use: a database without backups never gets the table.
        self._ready = bool(conn.query(SELECT_TABLE, (BACKUPS,)))
        # Copies in progress by source SQL table: resumed after a restart.
        self._copying: dict[str, Backup] = {}
        if self._ready:
            for row in conn.query(SELECT_COPYING):
                backup = _from_row(row)
                self._copying[backup.schema.sql_table] = backup

    def _setup(self) -> list[Statement]:
        if self._ready:
            return []
        self._ready = True
        return [(CREATE_BACKUPS, ())]

    # --- the catalog ---------------------------------------------------------------
    def get(self, arn: str) -> Backup | None:
        if not self._ready:
            return None
        rows = self._conn.query(SELECT_BACKUP, (arn,))
        return _from_row(rows[0]) if rows else None

    def all(self) -> list[Backup]:
        """Every backup, oldest first."""
        return [_from_row(row) for row in self._conn.query(SELECT_BACKUPS)] if self._ready else []

    def expired(self, now: float) -> list[Backup]:
        """SYSTEM backups past their expiry."""
        return [_from_row(row) for row in self._conn.query(SELECT_EXPIRED, (now,))] if self._ready else []

    def copying(self, schema: TableSchema) -> Backup | None:
        return self._copying.get(schema.sql_table)

    def create(self, backup: Backup) -> None:
        """Register `backup` and its empty data table (in the caller's
        transaction); its rows follow by `copy_step` or `finish_copy`."""
        self._conn.write(self._setup() + [(sql.create_base(backup.data), ()), (INSERT_BACKUP, backup.row())])
        self._copying[backup.schema.sql_table] = backup

    def add_available(self, backup: Backup, rename_from: str) -> list[Statement]:
        """Statements that make the SQL table `rename_from` the data of `backup`,
        a finished backup (a SYSTEM backup taking over a deleted table's rows)."""
        return self._setup() + [(f'ALTER TABLE "{rename_from}" RENAME TO "{backup.data}"', ()),
                                (INSERT_BACKUP, backup.row())]

    def delete(self, backup: Backup) -> list[Statement]:
        return [(DELETE_BACKUP, (backup.arn,)), (sql.drop(backup.data), ())]

    # --- copying -------------------------------------------------------------------
    def pending(self) -> bool:
        return bool(self._copying)

    def copy_step(self) -> bool:
        """Copy the next chunk of one backup in progress, as one transaction;
        False when no copy is left to do."""
        if not self._copying:
            return False
        backup = next(iter(self._copying.values()))
        with self._conn.transaction():
            self._copy(backup, COPY_CHUNK)
        return bool(self._copying)

    def finish_copy(self, schema: TableSchema) -> None:
        """Copy the rest of `schema`'s backup in progress now, in the caller's
        transaction (before the table is deleted)."""
        backup = self._copying.get(schema.sql_table)
        if backup is not None:
            self._copy(backup, None)

    def _copy(self, backup: Backup, chunk: int | None) -> None:
        base, cursor = backup.schema.sql_table, backup.cursor
        end = None
        if chunk is not None:
            rows = self._conn.query(_boundary(base, cursor is not None), (*(cursor or ()), chunk - 1))
            end = tuple(rows[0]) if rows else None
        params = (*(cursor or ()), *(end or ()))
        statements: list[Statement] = [(_copy_range(backup.data, base, cursor is not None, end is not None), params)]
        if end is not None:
            statements.append((SET_CURSOR, (*end, backup.arn)))
            self._conn.write(statements)
            backup.cursor = end
            return
        statements += [(_drop_tombstones(backup.data), ()), (SET_AVAILABLE, (backup.arn,))]
        self._conn.write(statements)
        del self._copying[backup.schema.sql_table]

    # --- what each write keeps (operations/commit.py) ---------------------------------
    def before_write(self, plans, clock: Callable[[], float]) -> list[Statement]:
        """The rows a copy in progress still needs, and the PITR log entries, of
        these planned writes; joined to the writes' own statements."""
        out: list[Statement] = []
        now = None
        for plan in plans:
            schema = plan.schema
            if not plan.writes or (plan.old is None and plan.new is None):
                continue
            backup = self._copying.get(schema.sql_table) if self._copying else None
            if backup is None and not schema.pitr:
                continue
            if plan.old is None:
                old_text, old_size = None, None
            else:
                old_text = plan.old_text if plan.old_text is not None else dump_item(plan.old)
                old_size = plan.old_size
            if backup is not None and (backup.cursor is None or plan.key > backup.cursor):
                kept = (old_text, old_size) if old_text is not None else ("", TOMBSTONE_SIZE)
                out.append((_keep_row(backup.data), (*plan.key, *kept)))
            if schema.pitr:
                now = clock() if now is None else now
                out.append((_append_history(history_table(schema)), (now, *plan.key, old_text, old_size)))
        return out

    # --- the PITR log --------------------------------------------------------------
    def trim(self, schema: TableSchema, horizon: float) -> list[Statement]:
        """Statements dropping a bounded batch of the log's entries older than `horizon`."""
        table = history_table(schema)
        last = None
        for seq, at in self._conn.query(_oldest_history(table), (TRIM_BATCH,)):
            if at >= horizon:
                break
            last = seq
        return [] if last is None else [(_trim_history(table), (last,))]
