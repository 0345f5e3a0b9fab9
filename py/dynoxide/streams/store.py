"""The stream catalog and the record log, over the engine's Connection.

Each stream has one shard (DynamoDB rolls shards over every few hours; a
reader that follows NextShardIterator cannot tell one long shard from a
chain). A record's SequenceNumber is its rowid in the log, so records are
ordered by commit and a write and its record commit together. Records are
kept for DynamoDB's 24 hours; trimming deletes a bounded batch of the oldest
by index and remembers how far it went, so a reader behind it is told the
data was trimmed.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..storage import sql
from ..storage.connection import Connection, Statement

RETENTION_SECONDS = 24 * 60 * 60
TRIM_BATCH = 1000

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@dataclass(frozen=True)
class Stream:
    arn: str
    table_name: str
    label: str
    view_type: str
    key_schema: list
    created: float
    shard_id: str
    disabled: float | None
    trimmed: int       # the last log position trimmed away (0: none)

    @property
    def status(self) -> str:
        return "ENABLED" if self.disabled is None else "DISABLED"


def shard_id(arn: str, created: float) -> str:
    """A ShardId in DynamoDB's form: shardId-<20 digits>-<8 hex>."""
    return f"shardId-{int(created * 1000):020d}-{hashlib.sha1(arn.encode()).hexdigest()[:8]}"


class StreamLog:
    def __init__(self, conn: Connection):
        self._conn = conn
        # Created on first use: a database without streams never gets the tables.
        self._ready = bool(conn.query(sql.SELECT_STREAM_TABLES, (sql.STREAMS,)))

    def _setup(self) -> list[Statement]:
        if self._ready:
            return []
        self._ready = True
        return [(sql.CREATE_STREAMS, ()), (sql.CREATE_STREAM_RECORDS, ()), (sql.CREATE_STREAM_RECORDS_INDEX, ())]

    # --- changes, written in the caller's transaction ----------------------------
    def open(self, arn: str, table_name: str, label: str, view_type: str, key_schema: list,
             now: float) -> list[Statement]:
        return self._setup() + [(sql.INSERT_STREAM, (arn, table_name, label, view_type, _dumps(key_schema), now,
                                                     shard_id(arn, now)))]

    def close(self, arn: str, now: float) -> list[Statement]:
        return [(sql.DISABLE_STREAM, (now, arn))] if self._ready else []

    def append(self, arn: str, now: float, record: str) -> Statement:
        """The statement that logs one record (JSON text, see records.build)."""
        return sql.INSERT_STREAM_RECORD, (arn, now, record)

    def trim(self, now: float) -> list[Statement]:
        """Statements that drop a bounded batch of records past retention, per stream."""
        if not self._ready:
            return []
        statements: list[Statement] = []
        horizon = now - RETENTION_SECONDS
        for (arn,) in self._conn.query(sql.SELECT_LIVE_STREAMS):
            expired = self._conn.query(sql.SELECT_EXPIRED_RECORDS, (arn, horizon, TRIM_BATCH))
            if expired:
                last = expired[-1][0]
                statements += [(sql.DELETE_RECORDS_THROUGH, (arn, last)), (sql.SET_TRIMMED, (last, arn))]
        return statements

    # --- reads ------------------------------------------------------------------------
    def get(self, arn: str) -> Stream | None:
        if not self._ready:
            return None
        rows = self._conn.query(sql.SELECT_STREAM, (arn,))
        if not rows:
            return None
        arn, table, label, view, keys, created, shard, disabled, trimmed = rows[0]
        return Stream(arn, table, label, view, json.loads(keys), float(created), shard,
                      None if disabled is None else float(disabled), int(trimmed))

    def streams(self, table_name: str | None = None) -> list[tuple[str, str, str]]:
        """(arn, table, label) of every stream, newest first."""
        if not self._ready:
            return []
        if table_name is None:
            return [tuple(row) for row in self._conn.query(sql.SELECT_STREAMS)]
        return [tuple(row) for row in self._conn.query(sql.SELECT_TABLE_STREAMS, (table_name,))]

    def span(self, arn: str) -> tuple[int | None, int | None]:
        """The first and last log positions a stream holds (None, None when it holds none)."""
        low, high = self._conn.query(sql.SELECT_STREAM_RANGE, (arn,))[0]
        return (None if low is None else int(low)), (None if high is None else int(high))

    def read(self, arn: str, after: int, limit: int) -> list[tuple[int, str]]:
        return [(int(seq), text) for seq, text in self._conn.query(sql.SELECT_STREAM_RECORDS, (arn, after, limit))]
