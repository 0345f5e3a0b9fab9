"""Tables and items for a test, from a DynamoDB JSON file or a DynamoDB export.

    >>> from dynoxide import Database
    >>> db = Database.memory()
    >>> seed(db, "tests/data/notes.json")                    # doctest: +SKIP
    {'Notes': 3}

A seed file is JSON: one table or a list of them, each a CreateTable
request (or `aws dynamodb describe-table` output, `{"Table": {...}}`) with
an optional `Items` list of items in DynamoDB JSON (as `aws dynamodb scan`
prints them):

    {"TableName": "Notes", "BillingMode": "PAY_PER_REQUEST",
     "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
     "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
     "Items": [{"id": {"S": "1"}, "text": {"S": "hi"}}]}

Its items are written with BatchWriteItem, so every item passes DynamoDB's
checks; a table that already exists is filled, not recreated.

An export is a directory (or a `.tar`) in the layout of DynamoDB's export
to S3 in DYNAMODB_JSON format, ours (`dynoxide export`, `db.export_to`) or
ExportTableToPointInTime's, and is loaded by the exchange package, with all
its checks and all or nothing (see `dynoxide.exchange.api.import_into`). A
table missing from the database is created from the export's own
description (`dynoxide export` writes one); `table` is a CreateTable
request (or describe-table output) for an export that has none, as
DynamoDB's own have none, or the name to load an export's one table under.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..exchange.api import Executor, create_table, import_into, write_items


def seed(db: Executor, source: str | os.PathLike, *, table: str | dict | None = None) -> dict[str, int]:
    """Create the tables of `source` in `db` and write their items; returns
    how many items went into each table."""
    path = Path(source)
    if path.is_dir() or path.suffix == ".tar":
        results = import_into(db, str(path), table=table if isinstance(table, str) else None,
                              schema=table if isinstance(table, dict) else None)
        return {result["TableName"]: result["ImportedItemCount"] for result in results}
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    entries = document if isinstance(document, list) else [document]
    written: dict[str, int] = {}
    for entry in entries:
        entry = dict(entry)
        items = entry.pop("Items", [])
        create_table(db, entry)
        name = entry.get("Table", entry)["TableName"]
        written[name] = written.get(name, 0) + write_items(db, name, items)
    return written


__all__ = ["seed"]
