"""Every SQL statement the engine runs, built in one place for both hosts.

Layout: a catalog table of schemas; per DynamoDB table one `WITHOUT ROWID`
table keyed by the encoded (hash, range) key; per secondary index one table
keyed by (index hash, index range, table hash, table range). Keys are TEXT
whose memcmp order is DynamoDB's order (values/keys.py), so ranges, sort
direction and pagination are plain SQL. A hash-only key stores '' as range;
a GSI's multi-attribute key stores each role's values joined into one such
TEXT (values/keys.encode_parts), so the index table keeps its four columns.
"""
from __future__ import annotations

from functools import lru_cache

from ..limits import MAX_GSIS, MAX_LSIS

CATALOG = "_dynoxide_catalog"

CREATE_CATALOG = (
    f"CREATE TABLE IF NOT EXISTS {CATALOG} (name TEXT PRIMARY KEY, schema TEXT NOT NULL) WITHOUT ROWID"
)
SELECT_CATALOG = f"SELECT schema FROM {CATALOG}"
INSERT_CATALOG = f"INSERT INTO {CATALOG} (name, schema) VALUES (?, ?)"
UPDATE_CATALOG = f"UPDATE {CATALOG} SET schema = ? WHERE name = ?"
DELETE_CATALOG = f"DELETE FROM {CATALOG} WHERE name = ?"


# Item counts and bytes, one row per DynamoDB table: slot 0 is the table,
# slot n the n-th of its indexes (schema order). A write changes them with one
# UPDATE of one row in its own transaction (measured: a row per SQL table
# cost a row update per index as well), so DescribeTable reads one row
# instead of counting.
COUNTS = "_dynoxide_counts"
COUNT_SLOTS = 1 + MAX_LSIS + MAX_GSIS
CREATE_COUNTS = (
    f"CREATE TABLE IF NOT EXISTS {COUNTS} (name TEXT PRIMARY KEY, "
    + ", ".join(f"items{n} INTEGER NOT NULL DEFAULT 0, bytes{n} INTEGER NOT NULL DEFAULT 0"
                for n in range(COUNT_SLOTS))
    + ") WITHOUT ROWID"
)
SELECT_COUNTED = f"SELECT name FROM {COUNTS}"
SELECT_EXISTING = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?)"
DELETE_COUNTS = f"DELETE FROM {COUNTS} WHERE name = ?"


@lru_cache(maxsize=64)
def select_counts(slots: int) -> str:
    """(items, bytes) of slots 0..slots-1, as one row; params: the table."""
    columns = ", ".join(f"items{n}, bytes{n}" for n in range(slots))
    return f"SELECT {columns} FROM {COUNTS} WHERE name = ?"


@lru_cache(maxsize=None)
def add_counts(slots: int) -> str:
    """Add to slots 0..slots-1 of a table's counts; params: (items, bytes) per slot, then the table."""
    changes = ", ".join(f"items{n} = items{n} + ?, bytes{n} = bytes{n} + ?" for n in range(slots))
    return f"UPDATE {COUNTS} SET {changes} WHERE name = ?"


def recount(table: str, sql_tables: list[str]) -> str:
    """Set a table's counts from what its SQL tables (base, then indexes) hold:
    on creation, and once for a file made before counts were kept."""
    columns = ", ".join(f"items{n}, bytes{n}" for n in range(len(sql_tables)))
    values = ", ".join(f"c{n}.items, c{n}.bytes" for n in range(len(sql_tables)))
    sources = ", ".join(f'(SELECT count(*) AS items, coalesce(sum(size), 0) AS bytes FROM "{t}") AS c{n}'
                        for n, t in enumerate(sql_tables))
    return f"INSERT OR REPLACE INTO {COUNTS} (name, {columns}) SELECT {_literal(table)}, {values} FROM {sources}"


def move_counts(table: str, sources: list[int | str | None]) -> str:
    """Rebuild a table's index slots after its indexes changed: slot n + 1 takes
    old slot sources[n] (an int), or counts SQL table sources[n] (a str, a new
    index once backfilled); the slots after them are cleared. SQLite reads
    every right-hand side from the row as it was, so slots may trade places."""
    changes = []
    for n in range(1, COUNT_SLOTS):
        source = sources[n - 1] if n - 1 < len(sources) else None
        if source is None:
            items, size = "0", "0"
        elif isinstance(source, int):
            items, size = f"items{source}", f"bytes{source}"
        else:
            items = f'(SELECT count(*) FROM "{source}")'
            size = f'(SELECT coalesce(sum(size), 0) FROM "{source}")'
        changes.append(f"items{n} = {items}, bytes{n} = {size}")
    return f"UPDATE {COUNTS} SET {', '.join(changes)} WHERE name = {_literal(table)}"


def _literal(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def create_base(table: str) -> str:
    return (
        f'CREATE TABLE "{table}" (pk TEXT NOT NULL, sk TEXT NOT NULL, item TEXT NOT NULL, '
        "size INTEGER NOT NULL, PRIMARY KEY (pk, sk)) WITHOUT ROWID"
    )


def create_index(index: str) -> str:
    return (
        f'CREATE TABLE "{index}" (ipk TEXT NOT NULL, isk TEXT NOT NULL, pk TEXT NOT NULL, '
        "sk TEXT NOT NULL, item TEXT NOT NULL, size INTEGER NOT NULL, "
        "PRIMARY KEY (ipk, isk, pk, sk)) WITHOUT ROWID"
    )


def drop(table: str) -> str:
    return f'DROP TABLE IF EXISTS "{table}"'


@lru_cache(maxsize=None)
def select_item(table: str) -> str:
    return f'SELECT item, size FROM "{table}" WHERE pk = ? AND sk = ?'


@lru_cache(maxsize=1024)
def select_items(table: str, count: int) -> str:
    """Rows for `count` keys in one statement; params: pk1, sk1, pk2, sk2, ...

    Columns: the key's position in the list (from 0), item, size; missing
    keys have no row. A CROSS JOIN from the VALUES list keeps the keys the
    outer loop, so each is one primary-key search (a row-value IN over
    VALUES would scan the table).
    """
    keys = ", ".join([f"({i}, ?, ?)" for i in range(count)])
    return (f'SELECT k.column1, t.item, t.size FROM (VALUES {keys}) AS k CROSS JOIN "{table}" AS t '
            "ON t.pk = k.column2 AND t.sk = k.column3")


@lru_cache(maxsize=None)
def upsert_item(table: str) -> str:
    return (f'INSERT INTO "{table}" (pk, sk, item, size) VALUES (?, ?, ?, ?) '
            "ON CONFLICT (pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size")


@lru_cache(maxsize=None)
def delete_item(table: str) -> str:
    return f'DELETE FROM "{table}" WHERE pk = ? AND sk = ?'


@lru_cache(maxsize=None)
def insert_index_row(index: str) -> str:
    return (f'INSERT INTO "{index}" (ipk, isk, pk, sk, item, size) VALUES (?, ?, ?, ?, ?, ?) '
            "ON CONFLICT (ipk, isk, pk, sk) DO UPDATE SET item = excluded.item, size = excluded.size")


@lru_cache(maxsize=None)
def delete_index_row(index: str) -> str:
    return f'DELETE FROM "{index}" WHERE ipk = ? AND isk = ? AND pk = ? AND sk = ?'


def select_all(table: str) -> str:
    return f'SELECT item FROM "{table}"'


# Range operators of a key condition, on the sort-key column.
_RANGE_SQL = {
    "=": "{s} = ?",
    "<": "{s} < ?",
    "<=": "{s} <= ?",
    ">": "{s} > ?",
    ">=": "{s} >= ?",
    "BETWEEN": "{s} BETWEEN ? AND ?",
    # begins_with: a range scan from the prefix up to prefix + U+10FFFF,
    # re-checked exactly (substr) for keys holding that code point.
    "begins_with": "{s} >= ? AND {s} <= ? AND substr({s}, 1, length(?)) = ?",
    # [low, high): every condition on a multi-attribute sort key (tables.index_query_range).
    "span": "{s} >= ? AND {s} < ?",
}


def _columns(is_index: bool) -> tuple[str, str, tuple[str, ...]]:
    """(hash column, range column, full ordering columns)."""
    if is_index:
        return "ipk", "isk", ("ipk", "isk", "pk", "sk")
    return "pk", "sk", ("pk", "sk")


@lru_cache(maxsize=4096)
def select_query(table: str, is_index: bool, range_op: str | None, forward: bool, has_cursor: bool) -> str:
    """Rows of one partition in sort order; params: hash, range values, cursor, limit.

    Columns: the key columns (2 for a table, 4 for an index), item, size.
    """
    p, s, order = _columns(is_index)
    where = [f"{p} = ?"]
    if range_op is not None:
        where.append(_RANGE_SQL[range_op].format(s=s))
    sort_cols = order[1:]  # within a partition: (range[, table keys])
    if has_cursor:
        cmp = ">" if forward else "<"
        where.append(f"({', '.join(sort_cols)}) {cmp} ({', '.join('?' * len(sort_cols))})")
    direction = "ASC" if forward else "DESC"
    order_by = ", ".join(f"{c} {direction}" for c in sort_cols)
    return f'SELECT {", ".join(order)}, item, size FROM "{table}" WHERE {" AND ".join(where)} ORDER BY {order_by} LIMIT ?'


@lru_cache(maxsize=1024)
def select_scan(table: str, is_index: bool, has_cursor: bool, segmented: bool) -> str:
    """Rows in key order; params: cursor values, (total segments, segment), limit.

    Segments partition rows by `fnv1a_hash(pk) % TotalSegments` on the table's
    hash key, the same on both hosts (the scalar is registered by each backend).
    """
    _, _, order = _columns(is_index)
    where = []
    if has_cursor:
        where.append(f"({', '.join(order)}) > ({', '.join('?' * len(order))})")
    if segmented:
        where.append("fnv1a_hash(pk) % ? = ?")
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    return f'SELECT {", ".join(order)}, item, size FROM "{table}"{clause} ORDER BY {", ".join(order)} LIMIT ?'


def partition_size(table: str, hash_column: str) -> str:
    return f'SELECT coalesce(sum(size), 0) FROM "{table}" WHERE {hash_column} = ?'


# --- DynamoDB Streams -----------------------------------------------------------
# Every stream a table has had (a re-enabled stream is a new one), and one log
# of change records for all of them: a record's rowid is its SequenceNumber, so
# records are ordered by commit across the database and a shard is a range of
# rowids. Records are written in their write's own transaction.
STREAMS = "_dynoxide_streams"
STREAM_RECORDS = "_dynoxide_stream_records"
CREATE_STREAMS = (
    f"CREATE TABLE IF NOT EXISTS {STREAMS} (arn TEXT PRIMARY KEY, table_name TEXT NOT NULL, label TEXT NOT NULL, "
    "view_type TEXT NOT NULL, key_schema TEXT NOT NULL, created REAL NOT NULL, shard_id TEXT NOT NULL, "
    "disabled REAL, trimmed INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
)
CREATE_STREAM_RECORDS = (
    f"CREATE TABLE IF NOT EXISTS {STREAM_RECORDS} (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "stream TEXT NOT NULL, created REAL NOT NULL, record TEXT NOT NULL)"
)
CREATE_STREAM_RECORDS_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {STREAM_RECORDS}_by_stream ON {STREAM_RECORDS} (stream, seq)"
)
SELECT_STREAM_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?"
INSERT_STREAM = (
    f"INSERT INTO {STREAMS} (arn, table_name, label, view_type, key_schema, created, shard_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
DISABLE_STREAM = f"UPDATE {STREAMS} SET disabled = ? WHERE arn = ? AND disabled IS NULL"
SELECT_STREAM = (
    f"SELECT arn, table_name, label, view_type, key_schema, created, shard_id, disabled, trimmed "
    f"FROM {STREAMS} WHERE arn = ?"
)
SELECT_STREAMS = (
    f"SELECT arn, table_name, label FROM {STREAMS} ORDER BY created DESC, label DESC, arn"
)
SELECT_TABLE_STREAMS = (
    f"SELECT arn, table_name, label FROM {STREAMS} WHERE table_name = ? ORDER BY created DESC, label DESC, arn"
)
INSERT_STREAM_RECORD = f"INSERT INTO {STREAM_RECORDS} (stream, created, record) VALUES (?, ?, ?)"
SELECT_STREAM_RANGE = f"SELECT MIN(seq), MAX(seq) FROM {STREAM_RECORDS} WHERE stream = ?"
SELECT_STREAM_RECORDS = (
    f"SELECT seq, record FROM {STREAM_RECORDS} WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?"
)
# Trimming is bounded: the oldest records of one stream, a batch at a time, by index.
SELECT_EXPIRED_RECORDS = (
    f"SELECT seq FROM {STREAM_RECORDS} WHERE stream = ? AND created < ? ORDER BY seq LIMIT ?"
)
DELETE_RECORDS_THROUGH = f"DELETE FROM {STREAM_RECORDS} WHERE stream = ? AND seq <= ?"
SET_TRIMMED = f"UPDATE {STREAMS} SET trimmed = ? WHERE arn = ?"
SELECT_LIVE_STREAMS = f"SELECT arn FROM {STREAMS}"


# --- TTL ------------------------------------------------------------------------
# While TTL is on, an expression index on the TTL attribute's number makes a
# sweep read only the expired rows, at any table size. The query repeats the
# indexed expression exactly, or SQLite would not use the index.
def _ttl_expression(attribute: str) -> str:
    path = '$."' + attribute + '".N'
    return f"CAST(json_extract(item, {_literal(path)}) AS REAL)"


def ttl_usable(attribute: str) -> bool:
    """Whether a TTL attribute name can be written in a JSON path (a double quote cannot)."""
    return '"' not in attribute


def create_ttl_index(table: str, attribute: str) -> str:
    return f'CREATE INDEX IF NOT EXISTS "{table}_ttl" ON "{table}" ({_ttl_expression(attribute)})'


def drop_ttl_index(table: str) -> str:
    return f'DROP INDEX IF EXISTS "{table}_ttl"'


def select_expired(table: str, attribute: str) -> str:
    """Rows whose TTL number lies in [?, ?] (the five-year floor, now); at most ? of them."""
    expression = _ttl_expression(attribute)
    return (f'SELECT pk, sk, item, size FROM "{table}" WHERE {expression} BETWEEN ? AND ? '
            f"ORDER BY {expression} LIMIT ?")


# --- Export and import (exchange/) -------------------------------------------------
# An import loads into scratch tables of the target's layout, out of the
# catalog's sight, and exposes them in one transaction at the end; an export
# reads a copy taken in one statement, so it is one point in time. Scratch
# tables are named SCRATCH + kind + creation time + token.
SCRATCH = "_dynoxide_exchange_"
SELECT_SCRATCH = "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?"


def rename(table: str, new_name: str) -> str:
    return f'ALTER TABLE "{table}" RENAME TO "{new_name}"'


def drop_if_exists(table: str) -> str:
    return f'DROP TABLE IF EXISTS "{table}"'


def merge_items(table: str, staged: str) -> str:
    """Put every staged row into the table, replacing rows of the same key."""
    return f'INSERT OR REPLACE INTO "{table}" (pk, sk, item, size) SELECT pk, sk, item, size FROM "{staged}"'


def unindex_staged(index: str, staged: str) -> str:
    """Remove an index's rows for the items a merge is about to replace."""
    return (f'DELETE FROM "{index}" WHERE EXISTS (SELECT 1 FROM "{staged}" AS s '
            f'WHERE s.pk = "{index}".pk AND s.sk = "{index}".sk)')


def merge_index_rows(index: str, staged_index: str) -> str:
    return (f'INSERT OR REPLACE INTO "{index}" (ipk, isk, pk, sk, item, size) '
            f'SELECT ipk, isk, pk, sk, item, size FROM "{staged_index}"')


def snapshot(table: str, copy: str) -> str:
    """A plain copy of a table's items, in key order (its rowids follow it)."""
    return f'CREATE TABLE "{copy}" AS SELECT item, size FROM "{table}" ORDER BY pk, sk'


def select_snapshot(copy: str) -> str:
    """A snapshot's rows after a rowid; params: rowid, limit."""
    return f'SELECT rowid, item, size FROM "{copy}" WHERE rowid > ? ORDER BY rowid LIMIT ?'
