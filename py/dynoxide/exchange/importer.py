"""Loading a table's items, in batches, all or nothing.

    imp = TableImport(engine, description=..., files=...)   # checks the definition
    imp.begin_file(name); imp.add_line(line) ...; imp.end_file(md5)
    commit([imp])                                           # or imp.abort()

Why scratch tables: an import is written in many transactions (a batch of
items each), and a failed import must leave the tables as they were. So the
batches go into scratch tables with the target's layout (scratch.py), which
no operation can see, and one transaction at the end exposes them: a new
table's scratch tables are renamed into place with its catalog row; for a
table that exists, its rows and index rows are merged in with
INSERT ... SELECT. Until then a failure, or a crash, has changed nothing.
In the browser, requests interleave with the batches; a table created or
changed meanwhile is noticed when exposing, which then fails cleanly.

Each line is checked as PutItem checks its item (the same DynamoDB
messages), and a key seen twice keeps its last item, as two puts would. An
import writes no stream records: it is not a write of the table's items,
as DynamoDB's ImportTable is not.
"""
from __future__ import annotations

import base64
import dataclasses
import json
from contextlib import nullcontext
from typing import ContextManager

from .. import errors
from ..errors import DynamoError
from ..operations.items import check_put
from ..operations.tables import new_table, record_new_table
from ..schema import TableSchema
from ..storage import sql
from ..storage.tables import Counts, TableStore, put_statements, recount
from ..validation.request import validate_request
from ..vectors import store as vector_store
from . import errors as e
from . import scratch
from .description import create_request
from .lines import read_item

# Items per batch, each batch one transaction (see bench/exchange.py).
BATCH_ITEMS = 2000


class TableImport:
    """One table's import in progress."""

    def __init__(self, engine, *, description: dict | None = None, table_name: str | None = None,
                 files: dict[str, dict] | None = None, lock: ContextManager | None = None,
                 tolerant: bool = False):
        """`description`: the table's definition (see description.create_request),
        needed when the table does not exist; `table_name` overrides its name.
        `files`: manifest-files.json's entries by file name, to check each data
        file against; None for plain JSON lines. `tolerant`: ImportTable's way,
        where an item that cannot be imported is counted (`errors`) and skipped,
        as DynamoDB logs it and goes on, instead of failing the import."""
        self.engine = engine
        self._lock = lock or nullcontext()
        self._tolerant = tolerant
        self.processed = 0
        self.errors = 0
        self._files = files
        self._seen: set[str] = set()
        self._file: str | None = None
        self._line = 0
        self._file_items = 0
        self._pending: dict[tuple[str, str], tuple[dict, int]] = {}
        self.items = 0
        self._staged: list[str] = []
        request, self._ttl = create_request(description, table_name) if description is not None else (None, None)
        name = table_name or (request or {}).get("TableName")
        with self._lock:
            scratch.drop_stale(engine, engine.clock())
            live = engine.catalog.get(name) if isinstance(name, str) else None
            if live is not None:
                if request is not None:
                    _check_same_keys(live, request)
                self._request, target = None, live
            else:
                if request is None:
                    raise e.invalid_export(e.NO_DESCRIPTION.format(name))
                if self._ttl is not None and not 1 <= len(self._ttl) <= 255:
                    raise e.invalid_export(e.BAD_DESCRIPTION.format("its TTL attribute name is not 1 to 255 characters"))
                validate_request("CreateTable", request)
                self._request = request
                target = new_table(engine, request)
            self.name = target.name
            self.creates = self._request is not None
            self._target = target
            stage_name = scratch.new_name("import", engine.clock())
            self._stage = dataclasses.replace(target, sql_table=stage_name, indexes=[
                dataclasses.replace(index, sql_table=f"{stage_name}__i{n}") for n, index in enumerate(target.indexes)
            ], vector_indexes=[dataclasses.replace(index, sql_table=f"{stage_name}__v{n}")
                               for n, index in enumerate(target.vector_indexes)])
            self._staged = [stage_name] + [index.sql_table for index in self._stage.indexes] + \
                [index.sql_table for index in self._stage.vector_indexes]
            engine.conn.write([(sql.create_base(stage_name), ())] +
                              [(sql.create_index(index.sql_table), ()) for index in self._stage.indexes] +
                              [s for index in self._stage.vector_indexes for s in vector_store.create(index)])

    def key_types(self) -> dict[str, str]:
        """The type of each key attribute of the table and its indexes, by name."""
        return {attr.name: attr.type for attr in self._target.key_attrs() +
                [a for index in self._target.indexes for a in index.key_attrs()]}

    # --- reading ------------------------------------------------------------
    def begin_file(self, name: str) -> None:
        if self._files is not None and name not in self._files:
            raise e.corrupt(name, e.UNLISTED_FILE)
        self._file, self._line, self._file_items = name, 0, 0

    def add_text(self, text: str) -> None:
        """Whole lines: a chunk that ends at a line's end (or the data's)."""
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()  # after the last newline: not a line
        for line in lines:
            self.add_line(line)

    def add_line(self, line: str) -> None:
        self._line += 1
        if not line or line.isspace():
            return
        where = f"{self._file or 'data'} line {self._line}"
        self.processed += 1
        try:
            item = read_item(line, where)
        except DynamoError:
            if not self._tolerant:
                raise
            self.errors += 1
            return
        self._add(item, where)

    def add_item(self, item: dict, where: str) -> None:
        """One item read by the caller (a CSV row), `where` naming it in errors."""
        self.processed += 1
        self._add(item, where)

    def _add(self, item: dict, where: str) -> None:
        try:
            checked = validate_request("PutItem", {"TableName": self.name, "Item": item})
            key, size = check_put(self._target, item, checked.item_size("Item"))
        except DynamoError as err:
            if self._tolerant:
                self.errors += 1
                return
            raise e.located(err, where) from None
        self._pending[key] = (item, size)  # a key seen twice keeps its last item
        self._file_items += 1
        self.items += 1
        if len(self._pending) >= BATCH_ITEMS:
            self._flush()

    def end_file(self, md5: bytes | None = None) -> None:
        """The current file is read; `md5`: the digest of its bytes, when known."""
        name = self._file
        self._seen.add(name)
        entry = (self._files or {}).get(name)
        if entry is not None:
            if entry["itemCount"] != self._file_items:
                raise e.corrupt(name, e.COUNT.format(self._file_items, entry["itemCount"]))
            expected = entry.get("md5Checksum")
            if md5 is not None and isinstance(expected, str):
                actual = base64.b64encode(md5).decode("ascii")
                if actual != expected:
                    raise e.corrupt(name, e.CHECKSUM.format(actual, expected))
        self._file = None

    # --- writing -------------------------------------------------------------
    def _flush(self) -> None:
        batch, self._pending = self._pending, {}
        if not batch:
            return
        stage = self._stage
        with self._lock:
            # A key staged by an earlier batch: its index rows must go (put_statements does it).
            earlier = TableStore(self.engine.conn, stage).get_many_text(list(batch)) \
                if stage.indexes or stage.vector_indexes else {}
            counts = Counts()  # scratch tables keep no counts: they are counted once exposed
            statements: list = []
            for key, (item, size) in batch.items():
                found = earlier.get(key)
                old = json.loads(found[0]) if found is not None else None
                statements += put_statements(stage, key, old, item, None, size,
                                             old_size=found[1] if found is not None else None, counts=counts)
            self.engine.conn.write(statements)

    def _ready(self) -> None:
        self._flush()
        if self._file is not None:
            self.end_file()
        missing = sorted(set(self._files or ()) - self._seen)
        if missing:
            raise e.corrupt(missing[0], e.MISSING_FILE.format(missing[0]))

    def _exposing(self) -> tuple[list, TableSchema]:
        """The statements that make the staged rows the table's (inside the caller's transaction)."""
        engine, stage = self.engine, self._stage
        live = engine.catalog.get(self.name)
        if self.creates:
            if live is not None:
                raise errors.resource_in_use(f"Table already exists: {self.name}")
            schema = new_table(engine, self._request)
            statements = record_new_table(engine, schema)
            statements.append((sql.rename(stage.sql_table, schema.sql_table), ()))
            statements += [(sql.rename(staged.sql_table, index.sql_table), ())
                           for staged, index in zip(stage.indexes + stage.vector_indexes,
                                                    schema.indexes + schema.vector_indexes)]
            statements.append((recount(schema), ()))
            if self._ttl is not None:
                schema.ttl = {"AttributeName": self._ttl, "Enabled": True}
                statements.append(engine.catalog.update_statement(schema))
                if sql.ttl_usable(self._ttl):
                    statements.append((sql.create_ttl_index(schema.sql_table, self._ttl), ()))
            return statements, schema
        target = self._target
        if live is None or live.sql_table != target.sql_table or live.key_attrs() != target.key_attrs() or \
                [i.sql_table for i in live.indexes + live.vector_indexes] != \
                [i.sql_table for i in target.indexes + target.vector_indexes]:
            raise errors.resource_in_use(e.TABLE_CHANGED.format(self.name))
        statements = []
        for index, staged in zip(live.indexes, stage.indexes):
            statements.append((sql.unindex_staged(index.sql_table, stage.sql_table), ()))
            statements.append((sql.merge_index_rows(index.sql_table, staged.sql_table), ()))
        for index, staged in zip(live.vector_indexes, stage.vector_indexes):
            statements.append((sql.unindex_staged(index.sql_table, stage.sql_table), ()))
            statements.append((vector_store.merge(index, staged.sql_table), ()))
        statements.append((sql.merge_items(live.sql_table, stage.sql_table), ()))
        statements.append((recount(live), ()))
        statements += [(sql.drop_if_exists(name), ()) for name in self._staged]
        return statements, live

    def abort(self) -> None:
        """Drop what was staged; the tables stay as they were."""
        staged, self._staged = self._staged, []
        if staged:
            with self._lock:
                scratch.drop(self.engine, staged)

    def commit(self) -> dict:
        return commit([self], self._lock)[0]

    def __enter__(self) -> "TableImport":
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is not None:
            self.abort()


def commit(imports: list[TableImport], lock: ContextManager | None = None) -> list[dict]:
    """Expose several tables' imports in one transaction: all of them or none
    (on failure each is aborted)."""
    try:
        for imp in imports:
            imp._ready()
        if not imports:
            return []
        engine = imports[0].engine
        with lock or nullcontext():
            with engine.conn.transaction():
                exposed = [imp._exposing() for imp in imports]
                engine.conn.write([statement for statements, _ in exposed for statement in statements])
            for imp, (_, schema) in zip(imports, exposed):
                if imp.creates:
                    engine.catalog.commit_put(schema)
                imp._staged = []
            counts = [engine.store(schema).counts().get(schema.sql_table, (0, 0))[0] for _, schema in exposed]
    except BaseException:
        for imp in imports:
            imp.abort()
        raise
    return [{"TableName": imp.name, "ImportedItemCount": imp.items, "ItemCount": count, "Created": imp.creates}
            for imp, count in zip(imports, counts)]


def _check_same_keys(live: TableSchema, request: dict) -> None:
    types = {d.get("AttributeName"): d.get("AttributeType") for d in request.get("AttributeDefinitions") or []
             if isinstance(d, dict)}
    wanted = [(k.get("AttributeName"), k.get("KeyType"), types.get(k.get("AttributeName")))
              for k in request.get("KeySchema") or [] if isinstance(k, dict)]
    have = [(k["AttributeName"], k["KeyType"], attr.type) for k, attr in zip(live.key_schema(), live.key_attrs())]
    if wanted != have:
        def show(keys):
            return ", ".join(f"{n} {t} ({a})" for n, t, a in keys)
        raise errors.validation(e.KEY_SCHEMA_DIFFERS.format(live.name, show(have), show(wanted)))
