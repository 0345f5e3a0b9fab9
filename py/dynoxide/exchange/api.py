"""Export and import for any executor: a `Database`, or an endpoint that only
answers DynamoDB calls (`remote.RemoteDatabase`: the MCP server's
`--endpoint`, the pytest plugin's `dynamodb_endpoint`).

    import_into(db, "backup/")                 # Database: files.import_from as is
    export_from(remote, "out/", ["Notes"])     # an endpoint: through the API

A `Database` gets files.py's own streaming export and staged import. An
endpoint has neither a snapshot nor a staging area, so the data passes
through a scratch in-memory `Database`:
- import: the source is loaded into the scratch database first, with every
  check files.py makes (format, manifests, MD5s, each item as PutItem checks
  it, the key schema of a table the endpoint already has), and only then
  written to the endpoint: CreateTable (and UpdateTimeToLive) for a missing
  table, then BatchWriteItem. Bad input so fails before anything reaches
  the endpoint; but no transaction spans BatchWriteItem calls, so a failure
  of the endpoint itself part-way leaves the items written so far.
- export: DescribeTable and Scan into the scratch database, then files.py
  writes it. A Scan is not one point in time: a write the endpoint takes
  meanwhile may or may not be in the export.
Both hold the table in memory while they run.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator, Protocol

from .. import limits
from ..errors import DynamoError
from .description import create_request
from .files import all_table_names, table_names


class Executor(Protocol):
    def execute(self, op: str, request: dict | None = None) -> dict: ...


def import_into(db: Any, source: str, *, table: str | None = None, schema: dict | str | None = None) -> list[dict]:
    """`Database.import_from` on `db`, or its equivalent through the API when
    `db` is an endpoint (see the module's header for what differs)."""
    from ..database import Database

    if isinstance(db, Database):
        return db.import_from(source, table=table, schema=schema)
    with Database.memory() as scratch:
        if isinstance(schema, dict):
            names = [table or create_request(schema)[0].get("TableName")]
        else:
            names = [table] if table else table_names(source)
        for name in names:  # a table the endpoint has: the import checks its keys and fills it
            existing = describe(db, name) if isinstance(name, str) else None
            if existing is not None:
                create_table(scratch, existing)
        results = scratch.import_from(source, table=table, schema=schema)
        for result in results:
            name = result["TableName"]
            result["Created"] = create_table(db, describe(scratch, name))
            write_items(db, name, scan_items(scratch, name))
            result["ItemCount"] = db.execute("DescribeTable", {"TableName": name})["Table"].get("ItemCount", 0)
        return results


def export_from(db: Any, out: str, tables: list[str] | None = None) -> list[dict]:
    """`Database.export_to` on `db`, or its equivalent through the API when
    `db` is an endpoint (see the module's header for what differs)."""
    from ..database import Database

    if isinstance(db, Database):
        return db.export_to(out, tables)
    names = list(tables) if tables else all_table_names(db)
    with Database.memory() as scratch:
        for name in names:
            definition = describe(db, name)
            if definition is None:
                db.execute("DescribeTable", {"TableName": name})  # DynamoDB's own error for it
            create_table(scratch, definition)
            write_items(scratch, name, scan_items(db, name))
        return scratch.export_to(out, names)


def describe(db: Executor, name: str) -> dict | None:
    """A table's definition as an export holds it (table-description.json's
    shape: DescribeTable's Table with its TTL and tags); None when there is
    no such table."""
    try:
        table = db.execute("DescribeTable", {"TableName": name})["Table"]
    except DynamoError as error:
        if error.name == "ResourceNotFoundException":
            return None
        raise
    ttl = db.execute("DescribeTimeToLive", {"TableName": name}).get("TimeToLiveDescription") or {}
    definition = {"Table": table, "TimeToLiveDescription": ttl}
    tags = db.execute("ListTagsOfResource", {"ResourceArn": table["TableArn"]}).get("Tags")
    if tags:
        definition["Tags"] = tags
    return definition


def create_table(db: Executor, definition: dict) -> bool:
    """Create the table a definition describes (see description.create_request),
    with its TTL; False when a table of that name exists already."""
    request, ttl = create_request(definition)
    try:
        db.execute("CreateTable", request)
    except DynamoError as error:
        if error.name == "ResourceInUseException":
            return False
        raise
    if ttl is not None:
        db.execute("UpdateTimeToLive", {"TableName": request["TableName"],
                                        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": ttl}})
    return True


def scan_items(db: Executor, name: str) -> Iterator[dict]:
    """Every item of a table, page by page (strongly consistent)."""
    request: dict = {"TableName": name, "ConsistentRead": True}
    while True:
        page = db.execute("Scan", request)
        yield from page.get("Items", [])
        if not page.get("LastEvaluatedKey"):
            return
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def write_items(db: Executor, table_name: str, items: Iterable[dict]) -> int:
    """Write items (DynamoDB JSON) with BatchWriteItem, 25 at a time, until
    none is left unprocessed; returns how many."""
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


__all__ = ["import_into", "export_from", "describe", "create_table", "scan_items", "write_items"]
