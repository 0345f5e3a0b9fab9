"""The storage seam: one write call is one transaction, all or nothing."""
import sqlite3

import pytest

from dynoxide import Database
from dynoxide.storage.sqlite import SqliteConnection
from support import n, s


def test_write_rolls_back_every_statement_when_one_fails():
    conn = SqliteConnection(":memory:")
    conn.write([("CREATE TABLE t (k TEXT PRIMARY KEY)", ())])
    with pytest.raises(sqlite3.IntegrityError):
        conn.write([("INSERT INTO t VALUES ('a')", ()), ("INSERT INTO t VALUES ('a')", ())])
    assert conn.query("SELECT count(*) FROM t") == [(0,)]


class FailingOnIndex:
    """A connection whose writes fail when they reach an index row, as a full disk might."""

    def __init__(self, inner):
        self.inner = inner
        self.armed = False

    def query(self, sql, params=()):
        return self.inner.query(sql, params)

    def write(self, statements):
        if self.armed:
            statements = list(statements) + [("INSERT INTO no_such_table VALUES (1)", ())]
        self.inner.write(statements)

    def transaction(self):
        return self.inner.transaction()

    def close(self):
        self.inner.close()


def test_a_failed_write_leaves_neither_base_row_nor_index_rows():
    conn = FailingOnIndex(SqliteConnection(":memory:"))
    db = Database(conn)
    db.execute("CreateTable", {
        "TableName": "Atomic", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "g", "AttributeType": "N"}],
        "GlobalSecondaryIndexes": [{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                    "Projection": {"ProjectionType": "ALL"}}]})
    conn.armed = True
    with pytest.raises(sqlite3.OperationalError):
        db.execute("PutItem", {"TableName": "Atomic", "Item": {"pk": s("a"), "g": n(1)}})
    conn.armed = False
    assert db.execute("Scan", {"TableName": "Atomic"})["Count"] == 0
    assert db.execute("Scan", {"TableName": "Atomic", "IndexName": "byG"})["Count"] == 0


@pytest.mark.parametrize("key_type, values", [
    ("S", ["a", "", "é\u20ac", "nul\x00inside", "b" * 300]),
    ("N", ["-1.5", "0", "1E+3", "12345678901234567890123456789012345678"]),
    ("B", ["AP8=", "AAAA", "/w=="]),
])
def test_get_many_finds_each_stored_key_and_leaves_out_missing_ones(key_type, values):
    from dynoxide.storage.tables import encode_table_key

    db = Database.memory()
    db.execute("CreateTable", {
        "TableName": "Many", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": key_type},
                                 {"AttributeName": "sk", "AttributeType": "N"}]})
    items = [{"pk": {key_type: v}, "sk": n(i), "i": n(i)} for i, v in enumerate(values) if v != ""]
    for item in items:
        db.execute("PutItem", {"TableName": "Many", "Item": item})
    engine = db._engine
    schema = engine.schema("Many")
    assert engine.store(schema).get_many([]) == {}
    # More keys than one statement takes, stored ones interleaved with missing ones.
    wanted = [encode_table_key(schema, item) for item in items] * 80
    wanted += [(k[0], "1999") for k in wanted[:len(items)]]
    found = engine.store(schema).get_many(wanted)
    assert len(wanted) > 200
    assert set(found) == {encode_table_key(schema, item) for item in items}
    for item in items:
        got, size = found[encode_table_key(schema, item)]
        assert got == engine.store(schema).get(encode_table_key(schema, item))[0]
        assert size > 0


def test_a_transaction_commits_its_writes_together_and_rolls_all_back_on_error():
    conn = SqliteConnection(":memory:")
    conn.write([("CREATE TABLE t (k TEXT PRIMARY KEY)", ())])
    with conn.transaction():
        conn.write([("INSERT INTO t VALUES ('a')", ())])
        with conn.transaction():  # a nested block joins the outer one
            conn.write([("INSERT INTO t VALUES ('b')", ())])
        assert conn.query("SELECT count(*) FROM t") == [(2,)]
    assert conn.query("SELECT k FROM t ORDER BY k") == [("a",), ("b",)]
    with pytest.raises(ValueError):
        with conn.transaction():
            conn.write([("INSERT INTO t VALUES ('c')", ())])
            raise ValueError("a failed condition, after a write")
    assert conn.query("SELECT k FROM t ORDER BY k") == [("a",), ("b",)]
    conn.write([("INSERT INTO t VALUES ('d')", ())])  # and the connection is usable again
    assert conn.query("SELECT count(*) FROM t") == [(3,)]
