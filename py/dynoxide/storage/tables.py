"""Reading and writing one DynamoDB table's rows, index fan-out included.

Pure statement building (`put_statements`, `delete_statements`) is kept apart
from the I/O (`TableStore.get`, `.query`, `.scan`) so a write is planned in
full, then handed to `Connection.write` as one transaction: base row and
every index row, all or nothing, with the item counts and sizes those rows
change (see `Counts`).
"""
from __future__ import annotations

import json
from typing import Iterator

from ..schema import IndexSchema, TableSchema
from ..values.keys import encode_key, encode_part, encode_parts, encode_typed, prefix_end
from ..values.size import item_size
from ..vectors import store as vector_store
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
    hashes, ranges = index.hash_keys, index.range_keys
    if len(hashes) > 1 or len(ranges) > 1:
        return _multi_index_entry(schema, index, item)
    hash_attr = hashes[0]
    hv = item.get(hash_attr.name)
    if hv is None or hash_attr.type not in hv:
        return None
    if ranges:
        range_attr = ranges[0]
        rv = item.get(range_attr.name)
        if rv is None or range_attr.type not in rv:
            return None
        isk = encode_key(rv)
    else:
        isk = ""
    return encode_key(hv), isk, project_for_index(schema, index, item)


def _multi_index_entry(schema: TableSchema, index: IndexSchema, item: dict) -> tuple[str, str, dict] | None:
    """`index_entry` for a multi-attribute key: the item needs every key
    attribute with its declared type. A role with one attribute is stored as
    a one-attribute key is; a role with several as `encode_parts`."""
    roles = []
    for attrs in (index.hash_keys, index.range_keys):
        encoded = []
        for attr in attrs:
            value = item.get(attr.name)
            if value is None or attr.type not in value:
                return None
            encoded.append(encode_typed(attr.type, value[attr.type]))
        roles.append(_join_role(encoded))
    return roles[0], roles[1], project_for_index(schema, index, item)


def _join_role(encoded: list[str]) -> str:
    if not encoded:
        return ""
    return encoded[0] if len(encoded) == 1 else encode_parts(encoded)


def key_role_text(values: list[dict]) -> str:
    """The stored TEXT of one key role (HASH or RANGE) from its values in schema order."""
    return _join_role([encode_key(v) for v in values])


def index_key_text(index: IndexSchema, key: dict) -> tuple[str, str]:
    """The (ipk, isk) of a key holding every index key attribute (an ExclusiveStartKey)."""
    return (key_role_text([key[a.name] for a in index.hash_keys]),
            key_role_text([key[a.name] for a in index.range_keys]))


def query_range(range_count: int, prefix: list[dict], op: str | None,
                values: list[dict]) -> tuple[str | None, tuple]:
    """(range_op, params) for `TableStore.query`: equality on the leading
    RANGE attributes (`prefix`), then `op` on the next one, of a key with
    `range_count` RANGE attributes.

    With at most one RANGE attribute the operator is used as is. With
    several, every condition is a span of the stored TEXT, [low, high): equal
    values share an encoded prefix, and values in order have encodings in order.
    """
    if range_count <= 1:
        return op, _single_range_params(op, [encode_key(v) for v in values])
    head = "".join(encode_part(encode_key(v)) for v in prefix)
    if op is None:
        low, high = head, prefix_end(head)
    else:
        parts = [head + encode_part(encode_key(v), last=op != "begins_with") for v in values]
        if op in ("=", "begins_with"):
            low, high = parts[0], prefix_end(parts[0])
        elif op == "<":
            low, high = head, parts[0]
        elif op == "<=":
            low, high = head, prefix_end(parts[0])
        elif op == ">":
            low, high = prefix_end(parts[0]), prefix_end(head)
        elif op == ">=":
            low, high = parts[0], prefix_end(head)
        else:  # BETWEEN
            low, high = parts[0], prefix_end(parts[1])
    if high is None:
        return (">=", (low,)) if low else (None, ())
    return "span", (low, high)


def _single_range_params(op: str | None, encoded: list[str]) -> tuple:
    """Params of a one-attribute sort key condition (see sql._RANGE_SQL)."""
    if op is None:
        return ()
    if op == "begins_with":
        prefix = encoded[0]
        return (prefix, prefix + "\U0010ffff", prefix, prefix)
    return tuple(encoded)


def project_for_index(schema: TableSchema, index: IndexSchema, item: dict) -> dict:
    if index.projection_type == "ALL":
        return item
    keep = {k.name for k in schema.key_attrs()} | {k.name for k in index.key_attrs()}
    if index.projection_type == "INCLUDE" and index.non_key_attributes:
        keep.update(index.non_key_attributes)
    return {name: value for name, value in item.items() if name in keep}


def create_statements(schema: TableSchema) -> list[Statement]:
    """A new table's SQL tables, the base table and every index, and its counts."""
    statements = [(sql.create_base(schema.sql_table), ())]
    statements += [(sql.create_index(index.sql_table), ()) for index in schema.indexes]
    for index in schema.vector_indexes:
        statements += vector_store.create(index)
    return statements + [(recount(schema), ())]


def drop_statements(schema: TableSchema) -> list[Statement]:
    """Drop a table's SQL tables and its counts."""
    statements = [(sql.drop(schema.sql_table), ())]
    statements += [(sql.drop(index.sql_table), ()) for index in schema.indexes]
    statements += [vector_store.drop(index) for index in schema.vector_indexes]
    return statements + [(sql.DELETE_COUNTS, (schema.sql_table,))]


def recount(schema: TableSchema) -> str:
    return sql.recount(schema.sql_table, [schema.sql_table] + [index.sql_table for index in schema.indexes])


def count_moves(old: TableSchema, new: TableSchema) -> list[Statement]:
    """After indexes were deleted or created (and backfilled): move each kept
    index's counts to its new slot and count the new ones."""
    before = [index.sql_table for index in old.indexes]
    after = [index.sql_table for index in new.indexes]
    if before == after:
        return []
    sources = [before.index(t) + 1 if t in before else t for t in after]
    return [(sql.move_counts(new.sql_table, sources), ())]


class Counts:
    """What one transaction's writes add to item counts and bytes.

    A write passes one to `put_statements`/`delete_statements` to gather
    several writes' changes (a batch, a transaction), then ends its
    statements with `statements()`: one UPDATE per DynamoDB table touched,
    covering the table and its indexes. Without one, each write's
    statements carry their own.
    """

    __slots__ = ("changes",)

    def __init__(self):
        # table -> [items of slot 0, bytes of slot 0, items of slot 1, ...]
        self.changes: dict[str, list[int]] = {}

    def of(self, schema: TableSchema) -> list[int]:
        deltas = self.changes.get(schema.sql_table)
        if deltas is None:
            deltas = self.changes[schema.sql_table] = [0] * (2 + 2 * len(schema.indexes))
        return deltas

    def statements(self) -> list[Statement]:
        out = []
        for table, deltas in self.changes.items():
            statement = _add_counts(table, deltas)
            if statement is not None:
                out.append(statement)
        return out


def _add_counts(table: str, deltas: list[int]) -> Statement | None:
    # Every slot of the table, changed or not: one cached statement per index
    # count, and the row is rewritten either way.
    if not any(deltas):
        return None
    return sql.add_counts(len(deltas) >> 1), [*deltas, table]


def put_statements(schema: TableSchema, key: tuple[str, str], old: dict | None, new: dict,
                   new_text: str | None = None, new_size: int | None = None, *,
                   old_size: int | None = None, counts: Counts | None = None) -> list[Statement]:
    """Write `new` over `old` (None: a new item): base row, index rows, counts.

    `old_size` is the stored size of `old` (worked out when not given)."""
    text = new_text if new_text is not None else dump_item(new)
    size = new_size if new_size is not None else item_size(new)
    if old is None:
        old_size = 0
    elif old_size is None:
        old_size = item_size(old)
    deltas = counts.of(schema) if counts is not None else [0] * (2 + 2 * len(schema.indexes))
    if old is None:
        deltas[0] += 1
    deltas[1] += size - old_size
    statements: list[Statement] = [(sql.upsert_item(schema.sql_table), (key[0], key[1], text, size))]
    for slot, index in enumerate(schema.indexes, 1):
        _index_changes(statements, deltas, slot, schema, index, key, old, old_size, new, text, size)
    if schema.vector_indexes:
        statements += vector_store.statements(schema, key, old, new)
    if counts is None:
        count = _add_counts(schema.sql_table, deltas)
        if count is not None:
            statements.append(count)
    return statements


def delete_statements(schema: TableSchema, key: tuple[str, str], old: dict, *,
                      old_size: int | None = None, counts: Counts | None = None) -> list[Statement]:
    """Delete the stored item `old`: base row, index rows, counts."""
    if old_size is None:
        old_size = item_size(old)
    deltas = counts.of(schema) if counts is not None else [0] * (2 + 2 * len(schema.indexes))
    deltas[0] -= 1
    deltas[1] -= old_size
    statements: list[Statement] = [(sql.delete_item(schema.sql_table), key)]
    for slot, index in enumerate(schema.indexes, 1):
        _index_changes(statements, deltas, slot, schema, index, key, old, old_size, None)
    if schema.vector_indexes:
        statements += vector_store.statements(schema, key, old, None)
    if counts is None:
        count = _add_counts(schema.sql_table, deltas)
        if count is not None:
            statements.append(count)
    return statements


def _index_changes(out: list[Statement], deltas: list[int], slot: int, schema, index, key, old, old_size,
                   new, new_text=None, new_size=None) -> None:
    """Append one index's row changes to `out` and their counts to `deltas`."""
    before = index_entry(schema, index, old) if old is not None else None
    after = index_entry(schema, index, new) if new is not None else None
    if before is not None:
        deltas[2 * slot] -= 1
        # The size its row was stored with: an ALL projection's is the item's.
        deltas[2 * slot + 1] -= old_size if before[2] is old else item_size(before[2])
        if after is None or before[:2] != after[:2]:
            out.append((sql.delete_index_row(index.sql_table), (before[0], before[1], key[0], key[1])))
    if after is not None:
        projected = after[2]
        if projected is new and new_text is not None:  # an ALL projection: the item as stored
            text, size = new_text, new_size
        else:
            text, size = dump_item(projected), item_size(projected)
        deltas[2 * slot] += 1
        deltas[2 * slot + 1] += size
        out.append((sql.insert_index_row(index.sql_table), (after[0], after[1], key[0], key[1], text, size)))


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
        return {key: (_loads(text), size) for key, (text, size) in self.get_many_text(keys).items()}

    def get_many_text(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, int]]:
        """The stored JSON texts (unparsed) and sizes of several keys, by key; missing keys are left out."""
        found: dict[tuple[str, str], tuple[str, int]] = {}
        for start in range(0, len(keys), _MANY_KEYS):
            chunk = keys[start:start + _MANY_KEYS]
            params = [part for key in chunk for part in key]
            for position, text, size in self.conn.query(sql.select_items(self.schema.sql_table, len(chunk)), params):
                found[chunk[position]] = (text, size)
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

    def counts(self) -> dict[str, tuple[int, int]]:
        """(item count, bytes) of the table and each index, by SQL table name:
        kept current by every write (see sql.COUNTS), so this is one lookup."""
        names = [self.schema.sql_table] + [index.sql_table for index in self.schema.indexes]
        rows = self.conn.query(sql.select_counts(len(names)), (self.schema.sql_table,))
        if not rows:
            return {}
        row = rows[0]
        return {name: (int(row[2 * n]), int(row[2 * n + 1])) for n, name in enumerate(names)}

    def collection_size(self, item: dict) -> int:
        """Bytes of an item collection: the partition's rows and its LSI rows."""
        pk = encode_key(item[self.schema.hash.name])
        total = self.conn.query(sql.partition_size(self.schema.sql_table, "pk"), (pk,))[0][0]
        for index in self.schema.lsis():
            total += self.conn.query(sql.partition_size(index.sql_table, "ipk"), (pk,))[0][0]
        return int(total)
