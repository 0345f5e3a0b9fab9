"""The catalog: every table's schema, persisted in SQLite and cached in memory.

The engine owns its database file, so the in-memory copy is authoritative
once loaded; every change is written through in the same transaction as the
DDL it accompanies.
"""
from __future__ import annotations

import json
import re

from ..schema import TableSchema
from . import sql
from .connection import Connection, Statement


class Catalog:
    def __init__(self, conn: Connection):
        self._conn = conn
        conn.write([(sql.CREATE_CATALOG, ())])
        self._tables: dict[str, TableSchema] = {}
        for (raw,) in conn.query(sql.SELECT_CATALOG):
            schema = TableSchema.from_json(json.loads(raw))
            self._tables[schema.name] = schema

    def get(self, name: str) -> TableSchema | None:
        return self._tables.get(name)

    def names(self) -> list[str]:
        return sorted(self._tables)

    def all(self) -> list[TableSchema]:
        return [self._tables[n] for n in self.names()]

    def new_sql_name(self, table_name: str) -> str:
        """A fresh SQL table name: readable, unique, and safe to quote."""
        used = {t.sql_table for t in self._tables.values()}
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
