"""A vector index's SQLite table, and the statements that keep it in step.

One rowid table per vector index, `<table>__v<n>`: (pk, sk) is the item's
table key (unique), `hash` the encoded search-schema HASH value ('' without
one, indexed for a scoped search), `norm` the vector's Euclidean norm,
`size` the entry's billed size, `filters` the INLINE_FILTER values as JSON,
`vec` the float32 vector packed (as base64 text, see values.pack), and `item`
the projected entry's JSON (all but the vector) last,
so a row whose entry spills to overflow pages keeps everything a search
reads on its own page. A search selects neither `item` nor anything it must
parse per row besides `filters` when it filters.
"""
from __future__ import annotations

import json
from functools import lru_cache

from ..schema import TableSchema, VectorIndexSchema
from ..storage.connection import Statement
from .entries import Entry, entry_of, vectors_of
from .score import norm as vector_norm
from .values import pack

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
# Keys fetched per statement (2 parameters each, inside SQLite's 999).
_MANY_KEYS = 100


def create(index: VectorIndexSchema) -> list[Statement]:
    t = index.sql_table
    return [
        (f'CREATE TABLE "{t}" (pk TEXT NOT NULL, sk TEXT NOT NULL, hash TEXT NOT NULL, norm REAL NOT NULL, '
         "size INTEGER NOT NULL, filters TEXT, vec TEXT NOT NULL, item TEXT NOT NULL)", ()),
        (f'CREATE UNIQUE INDEX "{t}_key" ON "{t}" (pk, sk)', ()),
        (f'CREATE INDEX "{t}_hash" ON "{t}" (hash)', ()),
    ]


def merge(index: VectorIndexSchema, staged: str) -> str:
    """Put an import's staged entries (a table create() made) into the index."""
    return f'INSERT OR REPLACE INTO "{index.sql_table}" SELECT * FROM "{staged}"'


def drop(index: VectorIndexSchema) -> Statement:
    return (f'DROP TABLE IF EXISTS "{index.sql_table}"', ())


@lru_cache(maxsize=None)
def _upsert(table: str) -> str:
    return (f'INSERT INTO "{table}" (pk, sk, hash, norm, size, filters, vec, item) VALUES (?, ?, ?, ?, ?, ?, ?, ?) '
            "ON CONFLICT (pk, sk) DO UPDATE SET hash = excluded.hash, norm = excluded.norm, size = excluded.size, "
            "filters = excluded.filters, vec = excluded.vec, item = excluded.item")


@lru_cache(maxsize=None)
def _delete(table: str) -> str:
    return f'DELETE FROM "{table}" WHERE pk = ? AND sk = ?'


def insert(index: VectorIndexSchema, key: tuple[str, str], entry: Entry) -> Statement:
    norm = vector_norm(entry.vector)
    filters = _dumps(entry.filters) if index.search_schema else None
    return (_upsert(index.sql_table),
            (key[0], key[1], entry.hash, norm, entry.size, filters, pack(entry.vector), _dumps(entry.projected)))


def statements(schema: TableSchema, key: tuple[str, str], old: dict | None, new: dict | None) -> list[Statement]:
    """The rows a write of `new` over `old` (None: absent) changes, index by index."""
    out: list[Statement] = []
    old_vectors = vectors_of(schema, old)
    new_vectors = vectors_of(schema, new, like=(old, old_vectors))
    for index in schema.vector_indexes:
        before = entry_of(schema, index, old, old_vectors)
        after = entry_of(schema, index, new, new_vectors)
        if after is not None:
            if after != before:
                out.append(insert(index, key, after))
        elif before is not None:
            out.append((_delete(index.sql_table), key))
    return out


def counts(conn, index: VectorIndexSchema) -> tuple[int, int]:
    """(entries, bytes) of the index, counted live."""
    count, size = conn.query(f'SELECT count(*), coalesce(sum(size), 0) FROM "{index.sql_table}"')[0]
    return int(count), int(size)


@lru_cache(maxsize=None)
def _candidates(table: str, scoped: bool, filtered: bool) -> str:
    where = " WHERE hash = ?" if scoped else ""
    columns = "pk, sk, vec, norm" + (", filters" if filtered else "")
    return f'SELECT {columns} FROM "{table}"{where}'


def candidates(conn, index: VectorIndexSchema, hash_value: str | None, filtered: bool) -> list[tuple]:
    """Every entry a search considers: (pk, sk, packed vector, norm[, filters JSON])."""
    params = () if hash_value is None else (hash_value,)
    return conn.query(_candidates(index.sql_table, hash_value is not None, filtered), params)


@lru_cache(maxsize=None)
def _read_bytes(table: str, scoped: bool) -> str:
    return f'SELECT coalesce(sum(size), 0) FROM "{table}"' + (" WHERE hash = ?" if scoped else "")


def read_bytes(conn, index: VectorIndexSchema, hash_value: str | None) -> int:
    """The billed size of the entries a search reads (asked only for its capacity:
    reading the column with the vectors made every search a third slower)."""
    params = () if hash_value is None else (hash_value,)
    return int(conn.query(_read_bytes(index.sql_table, hash_value is not None), params)[0][0])


@lru_cache(maxsize=256)
def _entries(table: str, count: int) -> str:
    keys = ", ".join(f"({i}, ?, ?)" for i in range(count))
    return (f'SELECT k.column1, t.vec, t.item FROM (VALUES {keys}) AS k CROSS JOIN "{table}" AS t '
            "ON t.pk = k.column2 AND t.sk = k.column3")


def entries(conn, index: VectorIndexSchema, keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple]:
    """(packed vector, entry JSON without the vector) of some keys (the ones a search returns)."""
    found: dict[tuple[str, str], tuple] = {}
    for start in range(0, len(keys), _MANY_KEYS):
        chunk = keys[start:start + _MANY_KEYS]
        params = [part for key in chunk for part in key]
        for position, blob, text in conn.query(_entries(index.sql_table, len(chunk)), params):
            found[chunk[position]] = (blob, text)
    return found
