"""The catalog: every table's schema, persisted in SQLite and cached in memory.

The in-memory copy is authoritative once loaded; every change is written
through in the same transaction as the DDL it accompanies. Processes that
share a file each keep the copy they loaded: item writes are safe between
them (storage/sqlite.py), but a table created, changed or deleted by one is
seen by another only once it opens the file again.
"""
from __future__ import annotations

import json
import re

from ..schema import TableSchema
from . import sql
from .connection import Connection, Statement
from .tables import recount


class Catalog:
    def __init__(self, conn: Connection):
        self._conn = conn
        self._tables: dict[str, TableSchema] = {}
        existing = {name for (name,) in conn.query(sql.SELECT_EXISTING, (sql.CATALOG, sql.COUNTS))}
        if sql.CATALOG in existing:
            for (raw,) in conn.query(sql.SELECT_CATALOG):
                schema = TableSchema.from_json(json.loads(raw))
                self._tables[schema.name] = schema
        # Nothing is written when nothing is missing: opening a database
        # never waits for another process's write.
        statements: list[Statement] = []
        if sql.CATALOG not in existing:
            statements.append((sql.CREATE_CATALOG, ()))
        statements += self._start_counting(sql.COUNTS in existing)
        if statements:
            conn.write(statements)

    def _start_counting(self, counts_exist: bool) -> list[Statement]:
        """A file made before item counts were kept gets them, worked out once
        from its rows (the only time they are counted row by row)."""
        counted = {name for (name,) in self._conn.query(sql.SELECT_COUNTED)} if counts_exist else set()
        statements: list[Statement] = [] if counts_exist else [(sql.CREATE_COUNTS, ())]
        for schema in self._tables.values():
            if schema.sql_table not in counted:
                statements.append((recount(schema), ()))
        return statements

    def get(self, name: str) -> TableSchema | None:
        return self._tables.get(name)

    def names(self) -> list[str]:
        return sorted(self._tables)

    def all(self) -> list[TableSchema]:
        return [self._tables[n] for n in self.names()]

    def new_sql_name(self, table_name: str) -> str:
        """A fresh SQL table name: readable, unique, and safe to quote."""
        used = {t.sql_table for t in self._tables.values()}
        used.update(i.sql_table for t in self._tables.values() for i in t.indexes)
        stem = "t_" + re.sub(r"[^A-Za-z0-9_]", "_", table_name)
        name, n = stem, 1
        while name in used:
            n += 1
            name = f"{stem}_{n}"
        return name

    # Each returns the statements to run; `commit_*` updates the cache after
    # the caller's transaction succeeded.
    def insert_statement(self, schema: TableSchema) -> Statement:
        return (sql.INSERT_CATALOG, (schema.name, _dump(schema)))

    def update_statement(self, schema: TableSchema) -> Statement:
        return (sql.UPDATE_CATALOG, (_dump(schema), schema.name))

    def delete_statement(self, name: str) -> Statement:
        return (sql.DELETE_CATALOG, (name,))

    def commit_put(self, schema: TableSchema) -> None:
        self._tables[schema.name] = schema

    def commit_delete(self, name: str) -> None:
        self._tables.pop(name, None)


def _dump(schema: TableSchema) -> str:
    return json.dumps(schema.to_json(), separators=(",", ":"))
