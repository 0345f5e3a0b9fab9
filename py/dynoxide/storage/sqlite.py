"""The native storage backend: the stdlib `sqlite3` module.

A write operation's transaction starts with BEGIN IMMEDIATE, before its
first read: SQLite's write lock is then held from the read of the old item
to the commit, so two processes on one file cannot both pass a condition on
the same item (the other one waits, up to `BUSY_TIMEOUT_S`). In WAL mode,
readers never wait for it.
"""
from __future__ import annotations

import sqlite3
from contextlib import nullcontext
from typing import ContextManager, Sequence

from ..hashing import fnv1a_hash
from .connection import Statement

# How long a write waits for another process's write transaction to end.
BUSY_TIMEOUT_S = 30.0

# For a file, chosen by measurement: a bulk load of a table with a GSI and
# random partition keys dirties a leaf page per item in the table and in the
# index, and every WAL checkpoint copies those pages into the file and syncs
# it. A checkpoint every 10,000 pages (default 1,000) writes 44% fewer
# blocks per item loaded (69 KB -> 39 KB) with a tenth of the syncs, at no
# CPU cost (300,000 -> 320,000 items: 6,900-7,700 items per CPU second,
# default 6,900-7,300); the WAL grows to ~40 MB between checkpoints. A 64 MiB page
# cache was tried as well: GetItem read 0.47 pages from the OS instead of
# 2.5, but loading took 40% more CPU, so the default cache stays.
FILE_PRAGMAS = ("PRAGMA wal_autocheckpoint=10000",)


class SqliteConnection:
    def __init__(self, path: str = ":memory:"):
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so one
        # DynamoDB write is exactly one SQLite transaction.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_S)
        self._db.create_function("fnv1a_hash", 1, fnv1a_hash, deterministic=True)
        self._in_transaction = False
        self._outermost = _Transaction(self)
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a process crash; only an OS crash or
            # power loss can drop the last commits.
            self._db.execute("PRAGMA synchronous=NORMAL")
            for pragma in FILE_PRAGMAS:
                self._db.execute(pragma)

    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def write(self, statements: Sequence[Statement]) -> None:
        if self._in_transaction:
            for sql, params in statements:
                self._db.execute(sql, params)
            return
        with self.transaction():
            for sql, params in statements:
                self._db.execute(sql, params)

    def transaction(self) -> ContextManager[None]:
        """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any exception); inside one
        already, nothing: the outermost transaction decides."""
        return _NESTED if self._in_transaction else self._outermost

    def close(self) -> None:
        self._db.close()


_NESTED = nullcontext()


class _Transaction:
    """The outermost transaction of a connection. A class, not a generator
    context manager: every write enters one. Calls into a connection are
    serialised (Database.execute), so one instance serves every entry."""
    __slots__ = ("_conn",)

    def __init__(self, conn: SqliteConnection):
        self._conn = conn

    def __enter__(self) -> None:
        conn = self._conn
        conn._db.execute("BEGIN IMMEDIATE")
        conn._in_transaction = True

    def __exit__(self, kind, error, trace) -> bool:
        conn = self._conn
        db = conn._db
        try:
            if kind is None:
                db.execute("COMMIT")
            elif db.in_transaction:
                db.execute("ROLLBACK")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            conn._in_transaction = False
        return False
