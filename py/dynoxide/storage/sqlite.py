"""The native storage backend: the stdlib `sqlite3` module.

A write operation's transaction starts with BEGIN IMMEDIATE, before its
first read: SQLite's write lock is then held from the read of the old item
to the commit, so two processes on one file cannot both pass a condition on
the same item (the other one waits, up to `BUSY_TIMEOUT_S`). In WAL mode,
readers never wait for it.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator, Sequence

from ..hashing import fnv1a_hash
from .connection import Statement

# How long a write waits for another process's write transaction to end.
BUSY_TIMEOUT_S = 30.0


class SqliteConnection:
    def __init__(self, path: str = ":memory:"):
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so one
        # DynamoDB write is exactly one SQLite transaction.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_S)
        self._db.create_function("fnv1a_hash", 1, fnv1a_hash, deterministic=True)
        self._in_transaction = False
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a process crash; only an OS crash or
            # power loss can drop the last commits.
            self._db.execute("PRAGMA synchronous=NORMAL")

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

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._in_transaction:
            yield
            return
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        self._in_transaction = True
        try:
            yield
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            self._in_transaction = False

    def close(self) -> None:
        self._db.close()
