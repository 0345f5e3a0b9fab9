"""Reading and writing one DynamoDB table's rows, index fan-out included.

Pure statement building (`put_statements`, `delete_statements`) is kept apart
from the I/O (`TableStore.get`, `.query`, `.scan`) so a write is planned in
full, then handed to `Connection.write` as one transaction: base row and
every index row, all or nothing.
"""
from __future__ import annotations

import json
from typing import Iterator

from ..schema import IndexSchema, TableSchema
from ..values.keys import encode_key
from ..values.size import item_size
from . import sql
from .connection import Connection, Statement

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
_loads = json.loads

# Rows fetched per round trip by query/scan; pages stop at 1 MB or Limit.
_CHUNK = 512
# Keys looked up per statement by get_many: 2 parameters each, well inside
# SQLite's oldest default of 999 bound parameters.
_MANY_KEYS = 100


def dump_item(item: dict) -> str:
    return _dumps(item)


def encode_table_key(schema: TableSchema, item: dict) -> tuple[str, str]:
    """The (pk, sk) TEXT pair of an item that holds the table's key."""
    pk = encode_key(item[schema.hash.name])
    sk = encode_key(item[schema.range.name]) if schema.range is not None else ""
    return pk, sk


def index_entry(schema: TableSchema, index: IndexSchema, item: dict) -> tuple[str, str, dict] | None:
    """(ipk, isk, projected item) for an item in this index, or None when sparse."""
    hv = item.get(index.hash.name)
    if hv is None or index.hash.type not in hv:
        return None
    if index.range is not None:
        rv = item.get(index.range.name)
        if rv is None or index.range.type not in rv:
            return None
        isk = encode_key(rv)
    else:
        isk = ""
    return encode_key(hv), isk, project_for_index(schema, index, item)


def project_for_index(schema: TableSchema, index: IndexSchema, item: dict) -> dict:
    if index.projection_type == "ALL":
        return item
    keep = {k.name for k in schema.key_attrs()} | {k.name for k in index.key_attrs()}
    if index.projection_type == "INCLUDE" and index.non_key_attributes:
        keep.update(index.non_key_attributes)
    return {name: value for name, value in item.items() if name in keep}


def put_statements(schema: TableSchema, key: tuple[str, str], old: dict | None, new: dict,
                   new_text: str | None = None, new_size: int | None = None) -> list[Statement]:
    text = new_text if new_text is not None else dump_item(new)
    size = new_size if new_size is not None else item_size(new)
    statements: list[Statement] = [(sql.upsert_item(schema.sql_table), (key[0], key[1], text, size))]
    for index in schema.indexes:
        statements.extend(_index_changes(schema, index, key, old, new, text, size))
    return statements


def delete_statements(schema: TableSchema, key: tuple[str, str], old: dict) -> list[Statement]:
    statements: list[Statement] = [(sql.delete_item(schema.sql_table), key)]
    for index in schema.indexes:
        statements.extend(_index_changes(schema, index, key, old, None))
    return statements


def _index_changes(schema, index, key, old, new, new_text=None, new_size=None) -> list[Statement]:
    before = index_entry(schema, index, old) if old is not None else None
    after = index_entry(schema, index, new) if new is not None else None
    out: list[Statement] = []
    if before is not None and (after is None or before[:2] != after[:2]):
        out.append((sql.delete_index_row(index.sql_table), (before[0], before[1], key[0], key[1])))
    if after is not None:
        projected = after[2]
        if projected is new and new_text is not None:  # an ALL projection: the item as stored
            text, size = new_text, new_size
        else:
            text, size = dump_item(projected), item_size(projected)
        out.append((sql.insert_index_row(index.sql_table), (after[0], after[1], key[0], key[1], text, size)))
    return out


class Row:
    """One stored row; the item's JSON is parsed only when asked for."""

    __slots__ = ("keys", "text", "size", "_item")

    def __init__(self, keys: tuple, text: str, size: int):
        self.keys = keys  # the ordering columns: (pk, sk) or (ipk, isk, pk, sk)
        self.text = text
        self.size = size
        self._item = None

    @property
    def item(self) -> dict:
        if self._item is None:
            self._item = _loads(self.text)
        return self._item


class TableStore:
    """Reads of one table (or one of its indexes) through a Connection."""

    def __init__(self, conn: Connection, schema: TableSchema):
        self.conn = conn
        self.schema = schema

    def get(self, key: tuple[str, str]) -> tuple[dict, int] | None:
        found = self.get_text(key)
        return None if found is None else (_loads(found[0]), found[1])

    def get_text(self, key: tuple[str, str]) -> tuple[str, int] | None:
        """The stored JSON text and size of an item, unparsed."""
        rows = self.conn.query(sql.select_item(self.schema.sql_table), key)
        return tuple(rows[0]) if rows else None

    def get_many(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[dict, int]]:
        """The stored items (parsed) and sizes of several keys, by key; missing keys are left out."""
        found: dict[tuple[str, str], tuple[dict, int]] = {}
        for start in range(0, len(keys), _MANY_KEYS):
            chunk = keys[start:start + _MANY_KEYS]
            params = [part for key in chunk for part in key]
            for position, text, size in self.conn.query(sql.select_items(self.schema.sql_table, len(chunk)), params):
                found[chunk[position]] = (_loads(text), size)
        return found

    def query(self, index: IndexSchema | None, hash_value: str, range_op: str | None,
              range_params: tuple, forward: bool, cursor: tuple | None, chunk: int = _CHUNK) -> Iterator[Row]:
        """Rows of one partition in sort order, after `cursor` if given.

        `chunk` sizes the first fetch (a small Limit needs few rows); later
        fetches take the full chunk.
        """
        table = index.sql_table if index is not None else self.schema.sql_table
        while True:
            statement = sql.select_query(table, index is not None, range_op, forward, cursor is not None)
            params = (hash_value, *range_params, *(cursor or ()), chunk)
            rows = self.conn.query(statement, params)
            for *keys, text, size in rows:
                yield Row(tuple(keys), text, size)
            if len(rows) < chunk:
                return
            cursor = tuple(rows[-1][1:-2])  # the sort columns: all keys but the hash
            chunk = _CHUNK

    def scan(self, index: IndexSchema | None, cursor: tuple | None,
             segment: tuple[int, int] | None, chunk: int = _CHUNK) -> Iterator[Row]:
        """Rows in key order; `segment` is (Segment, TotalSegments)."""
        table = index.sql_table if index is not None else self.schema.sql_table
        while True:
            statement = sql.select_scan(table, index is not None, cursor is not None, segment is not None)
            params = (*(cursor or ()), *((segment[1], segment[0]) if segment else ()), chunk)
            rows = self.conn.query(statement, params)
            for *keys, text, size in rows:
                yield Row(tuple(keys), text, size)
            if len(rows) < chunk:
                return
            cursor = tuple(rows[-1][:-2])
            chunk = _CHUNK

    def count_and_size(self, index: IndexSchema | None = None) -> tuple[int, int]:
        table = index.sql_table if index is not None else self.schema.sql_table
        count, size = self.conn.query(sql.count_and_size(table))[0]
        return int(count), int(size)

    def collection_size(self, item: dict) -> int:
        """Bytes of an item collection: the partition's rows and its LSI rows."""
        pk = encode_key(item[self.schema.hash.name])
        total = self.conn.query(sql.partition_size(self.schema.sql_table, "pk"), (pk,))[0][0]
        for index in self.schema.lsis():
            total += self.conn.query(sql.partition_size(index.sql_table, "ipk"), (pk,))[0][0]
        return int(total)
