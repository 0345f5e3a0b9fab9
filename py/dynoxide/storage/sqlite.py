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

# For a file, chosen by measurement (bench/scale.py's table: a GSI, random
# partition keys, ~250-byte items, 230,000 of them, about 200 MB):
# - cache_size 64 MiB (default 2 MiB): the B-trees' inner pages stay cached,
#   so a GetItem reads 0.47 pages from the OS instead of 2.5. Pages are
#   allocated as they are read: a small database does not pay for it.
# - wal_autocheckpoint 10,000 pages (default 1,000): random keys dirty a leaf
#   page per item in the table and in each index, and every checkpoint copies
#   the WAL's pages into the file and syncs it. Ten times fewer checkpoints
#   halve the bytes a bulk load writes (66 KB -> 32 KB per item) and its
#   syncs; the WAL grows to about 40 MB before it is copied back.
FILE_PRAGMAS = ("PRAGMA cache_size=-65536", "PRAGMA wal_autocheckpoint=10000")


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
