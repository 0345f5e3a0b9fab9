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
