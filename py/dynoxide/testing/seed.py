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

An export directory is DynamoDB's export to S3 in DYNAMODB_JSON format, as
ExportTableToPointInTime writes it (and `dynoxide export`): a
`manifest-summary.json`, a `manifest-files.json` of JSON lines naming each
`data/*.json.gz`, and in those one `{"Item": {...}}` per line. An export
carries no key schema, so its items go into `table`: a CreateTable request
(created first) or the name of a table that exists; by default the table
named in the manifest's tableArn, which must exist.

Items are written with BatchWriteItem, so every item passes DynamoDB's
checks; a table that already exists is filled, not recreated.
"""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

from .. import limits
from ..errors import DynamoError


class Executor(Protocol):
    def execute(self, op: str, request: dict | None = None) -> dict: ...


def seed(db: Executor, source: str | os.PathLike, *, table: str | dict | None = None) -> dict[str, int]:
    """Create the tables of `source` in `db` and write their items; returns
    how many items went into each table."""
    path = Path(source)
    if path.is_dir():
        return _seed_export(db, path, table)
    with open(path, encoding="utf-8") as file:
        document = json.load(file)
    entries = document if isinstance(document, list) else [document]
    written: dict[str, int] = {}
    for entry in entries:
        entry = dict(entry)
        items = entry.pop("Items", [])
        request = table_request(entry)
        _ensure_table(db, request)
        written[request["TableName"]] = written.get(request["TableName"], 0) + write_items(
            db, request["TableName"], items)
    return written


def table_request(definition: dict) -> dict:
    """A CreateTable request from a CreateTable request or from DescribeTable's
    answer (`{"Table": {...}}` or the table description itself)."""
    description = definition.get("Table", definition)
    if "TableStatus" not in description and "TableArn" not in description:
        return dict(description)  # already a CreateTable request
    request: dict[str, Any] = {key: description[key] for key in
                               ("TableName", "KeySchema", "AttributeDefinitions", "TableClass")
                               if key in description}
    request["TableName"] = description["TableName"]
    billing = description.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED")
    throughput = description.get("ProvisionedThroughput", {})
    if billing == "PAY_PER_REQUEST" or not throughput.get("ReadCapacityUnits"):
        request["BillingMode"] = "PAY_PER_REQUEST"
    else:
        request["ProvisionedThroughput"] = _capacity(throughput)
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if description.get(kind):
            request[kind] = [_index_request(index, kind, request.get("BillingMode")) for index in description[kind]]
    stream = description.get("StreamSpecification")
    if stream and stream.get("StreamEnabled"):
        request["StreamSpecification"] = stream
    return request


def _index_request(index: dict, kind: str, billing: str | None) -> dict:
    request = {key: index[key] for key in ("IndexName", "KeySchema", "Projection") if key in index}
    if kind == "GlobalSecondaryIndexes" and billing != "PAY_PER_REQUEST" and index.get("ProvisionedThroughput"):
        request["ProvisionedThroughput"] = _capacity(index["ProvisionedThroughput"])
    return request


def _capacity(throughput: dict) -> dict:
    return {"ReadCapacityUnits": throughput["ReadCapacityUnits"], "WriteCapacityUnits": throughput["WriteCapacityUnits"]}


def _ensure_table(db: Executor, request: dict) -> None:
    try:
        db.execute("CreateTable", request)
    except DynamoError as error:
        if error.name != "ResourceInUseException":
            raise


def write_items(db: Executor, table_name: str, items: Iterable[dict]) -> int:
    """Write items (DynamoDB JSON) with BatchWriteItem, 25 at a time; returns how many."""
    count = 0
    batch: list[dict] = []
    for item in items:
        batch.append({"PutRequest": {"Item": item}})
        if len(batch) == limits.MAX_BATCH_WRITE:
            count += _write_batch(db, table_name, batch)
            batch = []
    if batch:
        count += _write_batch(db, table_name, batch)
    return count


def _write_batch(db: Executor, table_name: str, batch: list[dict]) -> int:
    pending = {table_name: batch}
    while pending:
        pending = db.execute("BatchWriteItem", {"RequestItems": pending}).get("UnprocessedItems") or {}
    return len(batch)


# --- DynamoDB's export layout ----------------------------------------------

def _seed_export(db: Executor, directory: Path, table: str | dict | None) -> dict[str, int]:
    summary_path = _find_manifest(directory)
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    if summary.get("outputFormat", "DYNAMODB_JSON") != "DYNAMODB_JSON":
        raise ValueError(f"{summary_path}: outputFormat {summary['outputFormat']!r}; only DYNAMODB_JSON is read")
    if isinstance(table, dict):
        request = table_request(table)
        _ensure_table(db, request)
        name = request["TableName"]
    elif table is not None:
        name = table
    elif summary.get("tableArn"):
        name = summary["tableArn"].rsplit("/", 1)[-1]
    else:
        raise ValueError(f"{summary_path} names no table: pass table= (a name or a CreateTable request)")
    return {name: write_items(db, name, export_items(summary_path.parent))}


def _find_manifest(directory: Path) -> Path:
    """manifest-summary.json in `directory`, or in the one export below it
    (S3 keeps an export under AWSDynamoDB/<export id>/)."""
    direct = directory / "manifest-summary.json"
    if direct.is_file():
        return direct
    found = sorted(directory.glob("**/manifest-summary.json"))
    if len(found) != 1:
        raise ValueError(f"{directory}: expected one manifest-summary.json of a DynamoDB export, found {len(found)}")
    return found[0]


def export_items(export_dir: str | os.PathLike) -> Iterator[dict]:
    """Every item of an export, in DynamoDB JSON, file by file as
    manifest-files.json lists them."""
    export_dir = Path(export_dir)
    with open(export_dir / "manifest-files.json", encoding="utf-8") as manifest:
        for line in manifest:
            if not line.strip():
                continue
            key = json.loads(line)["dataFileS3Key"]
            # The key is the S3 object's; locally the file sits in data/ next to the manifest.
            data_file = export_dir / "data" / key.rsplit("/", 1)[-1]
            with gzip.open(data_file, "rt", encoding="utf-8") as data:
                for item_line in data:
                    if item_line.strip():
                        record = json.loads(item_line)
                        if not isinstance(record, dict) or not isinstance(record.get("Item"), dict):
                            raise ValueError(f"{data_file}: a line that is not {{\"Item\": {{...}}}}")
                        yield record["Item"]


__all__ = ["seed", "table_request", "write_items", "export_items"]
