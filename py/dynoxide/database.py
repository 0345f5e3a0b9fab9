"""The library entry point: `Database.execute(op, request) -> response`."""
from __future__ import annotations

import threading
import time
from typing import Callable

from . import errors
from .storage.connection import Connection
from .limits import MAX_REGIONS
from .protocol.signing import is_region_name
from .protocol.wire import DEFAULT_REGION
from .validation.messages import NOT_A_REGION, TOO_MANY_REGIONS


def region_path(path: str, region: str) -> str:
    """Where `Database.open(path)` keeps another region's tables: beside `path`,
    the region before its extension (`data.db` -> `data.eu-west-1.db`)."""
    import os.path

    stem, ext = os.path.splitext(path)
    return f"{stem}.{region}{ext}"


class Database:
    """One DynamoDB endpoint's worth of tables: each region's in a SQLite
    database of its own (or every region's in one, see `__init__`).

    Thread-safe: `execute` runs one call at a time under the database's own
    lock, so every host (the HTTP server, `inprocess` clients, the browser
    worker, library users on threads) shares the same serialisation, and a
    conditional write's check and write cannot interleave with another call.
    Processes may share a file too (`Database.open` in each): a write takes
    SQLite's write lock before it reads what it checks, so the same holds
    across processes, and reads never wait for that lock.
    """

    def __init__(self, connection: Connection, *, region: str = DEFAULT_REGION,
                 account_id: str = "000000000000", clock: Callable[[], float] = time.time,
                 streams: bool = True, copy_backups_in_sweeps: bool = False, s3_root=None,
                 open_region: Callable[[str], Connection] | None = None):
        """`streams=False` refuses any StreamSpecification that enables a stream
        (a host that cannot deliver streams says so instead of pretending).

        `s3_root`: the directory that stands for S3 in ExportTableToPointInTime
        and ImportTable (`s3://bucket/prefix` is `s3_root/bucket/prefix`);
        without one those operations answer a ValidationException saying how
        to give one (a host may pass its own refusal, see exchange/buckets.py).

        A backup's rows are copied a chunk per transaction (storage/backups.py).
        By default CreateBackup returns once its copy is done, taking the lock
        for each chunk only, so other threads' calls run in between;
        `copy_backups_in_sweeps=True` returns at once and leaves the copying
        to `sweep_ttl` (the browser worker, whose one thread sweeps when idle).

        Tables live in a region, as in DynamoDB: `connection` holds `region`'s,
        and `open_region(name)` opens the storage of another region's tables
        when a request signed for it first arrives (see `execute`). Without
        `open_region` the database has one namespace, `region`'s, that every
        request reaches whatever region it is signed for."""
        from .engine import Engine
        from .exchange.buckets import as_buckets

        self.region = region
        self._copy_in_sweeps = copy_backups_in_sweeps
        self._open_region = open_region
        # Reentrant: an operation never calls back in, but a host's callback might.
        self._lock = threading.RLock()
        buckets = as_buckets(s3_root)  # one S3 stand-in for every region, as S3 is
        self._new_engine = lambda conn, name: Engine(conn, region=name, account_id=account_id, clock=clock,
                                                     streams_supported=streams, buckets=buckets)
        self._engine = self._new_engine(connection, region)
        # Each region's engine (its catalog, streams, backups) over its own storage.
        self._engines = {region: self._engine}

    @classmethod
    def memory(cls, *, shared_regions: bool = False, **options) -> "Database":
        """A database in memory; each region's tables in a memory database of
        their own (`shared_regions=True`: one namespace for every region)."""
        from .storage.sqlite import SqliteConnection  # not at import: the browser has no stdlib sqlite3

        return cls(SqliteConnection(":memory:"),
                   open_region=None if shared_regions else (lambda _region: SqliteConnection(":memory:")), **options)

    @classmethod
    def open(cls, path: str, *, shared_regions: bool = False, **options) -> "Database":
        """The database in the SQLite file `path`, which holds the tables of
        the database's region (us-east-1 unless `region` says otherwise);
        another region's live beside it, in `region_path(path, region)`
        (`shared_regions=True`: `path` holds every region's). ":memory:" keeps
        each region's in memory; a `file:` URI has nothing to put beside, so
        it is one namespace."""
        from .storage.sqlite import SqliteConnection

        def open_region(name: str) -> Connection:
            return SqliteConnection(":memory:" if path == ":memory:" else region_path(path, name))

        one_namespace = shared_regions or path.startswith("file:")
        return cls(SqliteConnection(path), open_region=None if one_namespace else open_region, **options)

    @classmethod
    def open_one_region(cls, path: str, region: str, **options) -> "Database":
        """One region's tables of the database at `path`, as `open` lays them
        out (us-east-1's in `path`, another's in `region_path(path, region)`),
        and nothing else: every request reaches them, whatever region it is
        signed for. What `dynoxide export`, `import` and `mcp --db` work on
        with `--region`.

            >>> Database.open_one_region("data.db", "eu-west-1")   # doctest: +SKIP
        """
        if not is_region_name(region):  # it would name a file
            raise ValueError(f"not a region name: {region!r}")
        where = path if region == DEFAULT_REGION or path == ":memory:" else region_path(path, region)
        return cls.open(where, region=region, shared_regions=True, **options)

    @property
    def regions(self) -> list[str]:
        """The regions whose tables this process has opened so far."""
        with self._lock:
            return sorted(self._engines)

    def execute(self, op: str, request: dict | None = None, *, raw: bool = False, region: str | None = None) -> dict:
        """Run one DynamoDB operation; raise `DynamoError` on any failure.

        The request is normalised in place as DynamoDB reads it (JSON nulls
        dropped, numbers canonicalised). With `raw=True`, items returned
        unchanged from storage may be `dynoxide.raw.RawJSON` text, for a
        transport that splices them into its JSON response. `region`: the
        region whose tables the call reaches (the wire passes the one the
        request is signed for); None is the database's own.
        """
        with self._lock:
            engine = self._engine_for(region)
            response = engine.execute(op, {} if request is None else request, raw=raw)
        if op == "CreateBackup" and not self._copy_in_sweeps:
            self._finish_backups(engine)
        return response

    def _engine_for(self, region: str | None):
        """The engine of `region`'s tables, opening their storage on first use."""
        if region is None or self._open_region is None:
            return self._engine
        engine = self._engines.get(region)
        if engine is None:
            if not is_region_name(region):  # it would name a file
                raise errors.validation(NOT_A_REGION.format(region))
            if len(self._engines) >= MAX_REGIONS:
                raise errors.validation(TOO_MANY_REGIONS.format(MAX_REGIONS, region))
            engine = self._engines[region] = self._new_engine(self._open_region(region), region)
        return engine

    def _finish_backups(self, engine) -> None:
        while True:
            with self._lock:
                if not engine.backups.copy_step():
                    return

    def backups_pending(self) -> bool:
        """Whether a backup is still being copied (see `copy_backups_in_sweeps`)."""
        with self._lock:
            return any(engine.backups.pending() for engine in self._engines.values())

    def sweep_ttl(self, now: float | None = None) -> int:
        """Delete expired TTL items (a bounded batch per table), trim stream
        records past their 24 hours and PITR logs past their recovery period,
        and copy a few chunks of any backup in progress; returns how many items expired.

        `dynoxide serve` runs this on a timer (`--ttl-interval`); an embedder
        or a test calls it, with `now` (epoch seconds) to sweep as of a time.
        """
        with self._lock:
            return sum(engine.sweep(now) for engine in self._engines.values())

    # --- export and import in DynamoDB's formats (see dynoxide.exchange) -------------
    def export_to(self, out: str, tables: list[str] | None = None) -> list[dict]:
        """Write tables (all by default) in the layout of DynamoDB's export to
        S3, DYNAMODB_JSON: `out/<TableName>/`, or one tar when `out` ends in
        `.tar`. Each is one point in time. Returns {TableName, ItemCount, Path}
        per table.

            >>> db.export_to("backup/")                      # doctest: +SKIP
            [{'TableName': 'Notes', 'ItemCount': 2, 'Path': 'backup/Notes'}]
        """
        from .exchange.files import export_to

        return export_to(self, out, tables)

    def import_from(self, source: str, *, table: str | None = None, schema: dict | str | None = None) -> list[dict]:
        """Load an export (a directory or tar of one or several tables, ours or
        ExportTableToPointInTime's), or a plain .json/.json.gz file of
        DynamoDB JSON lines with `schema` (a table description, or its JSON
        file). A missing table is created from its description; items put
        into an existing one replace those of the same key. All or nothing.
        Returns {TableName, ImportedItemCount, ItemCount, Created} per table.
        """
        from .exchange.files import import_from

        return import_from(self, source, table=table, schema=schema)

    def begin_export(self, table_name: str):
        """A streaming export of one table (`dynoxide.exchange.TableExport`):
        what `export_to` and the browser's `exportTable` read."""
        from .exchange.exporter import TableExport

        return TableExport(self._engine, table_name, lock=self._lock)

    def begin_import(self, *, description: dict | None = None, table_name: str | None = None,
                     files: dict | None = None):
        """A streaming import of one table (`dynoxide.exchange.TableImport`):
        feed it lines, then `commit()` it (or several with `commit_imports`)."""
        from .exchange.importer import TableImport

        return TableImport(self._engine, description=description, table_name=table_name, files=files,
                           lock=self._lock)

    def commit_imports(self, imports: list) -> list[dict]:
        """Expose several staged imports together, in one transaction."""
        from .exchange.importer import commit

        return commit(imports, self._lock)

    def close(self) -> None:
        """Close the database once the call in progress (if any) has finished."""
        with self._lock:
            for engine in self._engines.values():
                engine.close()

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


__all__ = ["Database", "errors"]
