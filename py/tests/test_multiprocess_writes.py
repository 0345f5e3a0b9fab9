"""Two processes on one database file: a conditional write wins once.

Each process opens the file with its own `Database.open`, so nothing in
Python serialises them; only SQLite's write lock, taken before the old item
is read (storage/sqlite.py), keeps both from passing `attribute_not_exists`.
"""
from __future__ import annotations

import multiprocessing
import sqlite3

import pytest

from dynoxide import Database, DynamoError

KEYS = 150
CONTENDERS = 2


def _race(path: str, me: int, start, results) -> None:
    """Try to claim every key; report the keys this process won."""
    won = []
    with Database.open(path) as db:
        start.wait()
        for k in range(KEYS):
            try:
                db.execute("PutItem", {
                    "TableName": "Claims", "Item": {"pk": {"S": f"k{k}"}, "owner": {"N": str(me)}},
                    "ConditionExpression": "attribute_not_exists(pk)"})
            except DynamoError as e:
                assert e.name == "ConditionalCheckFailedException", e
            else:
                won.append(k)
    results.put((me, won))


def test_two_processes_never_both_win_a_conditional_put(tmp_path):
    path = str(tmp_path / "race.sqlite")
    with Database.open(path) as db:
        db.execute("CreateTable", {
            "TableName": "Claims", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})

    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(CONTENDERS)
    results = ctx.Queue()
    processes = [ctx.Process(target=_race, args=(path, me, start, results)) for me in range(CONTENDERS)]
    for p in processes:
        p.start()
    outcome = dict(results.get(timeout=120) for _ in processes)
    for p in processes:
        p.join(timeout=30)
        assert p.exitcode == 0

    winners: dict[int, list[int]] = {}
    for me, won in outcome.items():
        for k in won:
            winners.setdefault(k, []).append(me)
    assert sorted(winners) == list(range(KEYS))  # every key was won...
    assert all(len(who) == 1 for who in winners.values()), \
        {k: who for k, who in winners.items() if len(who) > 1}  # ...exactly once
    with Database.open(path) as db:
        items = db.execute("Scan", {"TableName": "Claims"})["Items"]
    assert {item["pk"]["S"]: int(item["owner"]["N"]) for item in items} == \
        {f"k{k}": who[0] for k, who in winners.items()}  # and the stored owner is the winner


def test_reads_answer_while_another_process_holds_the_write_lock(tmp_path, monkeypatch):
    from dynoxide.storage import sqlite as sqlite_backend

    path = str(tmp_path / "locked.sqlite")
    db = Database.open(path)
    db.execute("CreateTable", {
        "TableName": "Claims", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    db.execute("PutItem", {"TableName": "Claims", "Item": {"pk": {"S": "a"}}})
    db.close()
    monkeypatch.setattr(sqlite_backend, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what another process's write holds
    try:
        with Database.open(path) as db:
            key = {"pk": {"S": "a"}}
            assert db.execute("GetItem", {"TableName": "Claims", "Key": key})["Item"] == key
            assert db.execute("Query", {"TableName": "Claims", "KeyConditionExpression": "pk = :a",
                                        "ExpressionAttributeValues": {":a": {"S": "a"}}})["Count"] == 1
            assert db.execute("Scan", {"TableName": "Claims"})["Count"] == 1
            assert db.execute("BatchGetItem", {"RequestItems": {"Claims": {"Keys": [key]}}})["Responses"]
            assert db.execute("TransactGetItems", {"TransactItems": [{"Get": {"TableName": "Claims", "Key": key}}]})
            assert db.execute("DescribeTable", {"TableName": "Claims"})["Table"]["ItemCount"] == 1
            # A write needs the lock before it reads, so it is the one that waits.
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                db.execute("PutItem", {"TableName": "Claims", "Item": {"pk": {"S": "b"}},
                                       "ConditionExpression": "attribute_not_exists(pk)"})
            holder.execute("ROLLBACK")
            db.execute("PutItem", {"TableName": "Claims", "Item": {"pk": {"S": "b"}},
                                   "ConditionExpression": "attribute_not_exists(pk)"})
            assert db.execute("DescribeTable", {"TableName": "Claims"})["Table"]["ItemCount"] == 2
    finally:
        holder.close()
