"""The native storage backend: the stdlib `sqlite3` module."""
from __future__ import annotations

import sqlite3
from typing import Sequence

from ..hashing import fnv1a_hash
from .connection import Statement


class SqliteConnection:
    def __init__(self, path: str = ":memory:"):
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so one
        # DynamoDB write is exactly one SQLite transaction.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.create_function("fnv1a_hash", 1, fnv1a_hash, deterministic=True)
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode survives a process crash; only an OS crash or
            # power loss can drop the last commits.
            self._db.execute("PRAGMA synchronous=NORMAL")

    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return self._db.execute(sql, params).fetchall()

    def write(self, statements: Sequence[Statement]) -> None:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in statements:
                db.execute(sql, params)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
