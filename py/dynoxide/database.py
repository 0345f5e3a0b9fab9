"""The library entry point: `Database.execute(op, request) -> response`."""
from __future__ import annotations

import threading
import time
from typing import Callable

from . import errors
from .storage.connection import Connection


class Database:
    """One DynamoDB endpoint's worth of tables over one SQLite database.

    Thread-safe: `execute` runs one call at a time under the database's own
    lock, so every host (the HTTP server, `inprocess` clients, the browser
    worker, library users on threads) shares the same serialisation, and a
    conditional write's check and write cannot interleave with another call.
    Processes may share a file too (`Database.open` in each): a write takes
    SQLite's write lock before it reads what it checks, so the same holds
    across processes, and reads never wait for that lock.
    """

    def __init__(self, connection: Connection, *, region: str = "us-east-1",
                 account_id: str = "000000000000", clock: Callable[[], float] = time.time,
                 streams: bool = True, copy_backups_in_sweeps: bool = False):
        """`streams=False` refuses any StreamSpecification that enables a stream
        (a host that cannot deliver streams says so instead of pretending).

        A backup's rows are copied a chunk per transaction (storage/backups.py).
        By default CreateBackup returns once its copy is done, taking the lock
        for each chunk only, so other threads' calls run in between;
        `copy_backups_in_sweeps=True` returns at once and leaves the copying
        to `sweep_ttl` (the browser worker, whose one thread sweeps when idle)."""
        from .engine import Engine

        self.region = region
        self._copy_in_sweeps = copy_backups_in_sweeps
        # Reentrant: an operation never calls back in, but a host's callback might.
        self._lock = threading.RLock()
        self._engine = Engine(connection, region=region, account_id=account_id, clock=clock,
                              streams_supported=streams)

    @classmethod
    def memory(cls, **options) -> "Database":
        from .storage.sqlite import SqliteConnection  # not at import: the browser has no stdlib sqlite3

        return cls(SqliteConnection(":memory:"), **options)

    @classmethod
    def open(cls, path: str, **options) -> "Database":
        from .storage.sqlite import SqliteConnection

        return cls(SqliteConnection(path), **options)

    def execute(self, op: str, request: dict | None = None, *, raw: bool = False) -> dict:
        """Run one DynamoDB operation; raise `DynamoError` on any failure.

        The request is normalised in place as DynamoDB reads it (JSON nulls
        dropped, numbers canonicalised). With `raw=True`, items returned
        unchanged from storage may be `dynoxide.raw.RawJSON` text, for a
        transport that splices them into its JSON response.
        """
        with self._lock:
            response = self._engine.execute(op, {} if request is None else request, raw=raw)
        if op == "CreateBackup" and not self._copy_in_sweeps:
            self._finish_backups()
        return response

    def _finish_backups(self) -> None:
        while True:
            with self._lock:
                if not self._engine.backups.copy_step():
                    return

    def backups_pending(self) -> bool:
        """Whether a backup is still being copied (see `copy_backups_in_sweeps`)."""
        with self._lock:
            return self._engine.backups.pending()

    def sweep_ttl(self, now: float | None = None) -> int:
        """Delete expired TTL items (a bounded batch per table), trim stream
        records past their 24 hours and PITR logs past their recovery period,
        and copy a few chunks of any backup in progress; returns how many items expired.

        `dynoxide serve` runs this on a timer (`--ttl-interval`); an embedder
        or a test calls it, with `now` (epoch seconds) to sweep as of a time.
        """
        with self._lock:
            return self._engine.sweep(now)

    def close(self) -> None:
        """Close the database once the call in progress (if any) has finished."""
        with self._lock:
            self._engine.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["Database", "errors"]
