"""What each MCP tool does, independent of the MCP SDK.

Every tool is one DynamoDB call (two for a capped page, see `_page`) on an
executor with `execute(op, request)`: a local `Database` or a
`RemoteDatabase`; but for export and import, which are the exchange
package's (`exchange.api`: a `Database`'s own, or through the API for an
endpoint). Parameters are DynamoDB's request members in snake_case;
keys, items and expression values are DynamoDB JSON, or plain JSON with
`plain=True`. Results carry items both ways: `Items` (DynamoDB JSON) and
`PlainItems` (see `plain`).

Caps: a list result holds at most `max_items` items and `max_bytes` bytes
of JSON. A capped page ends where DynamoDB would end a page of that many
items, and says how to go on: `Continuation` holds the argument to pass
back (`exclusive_start_key`, `exclusive_start_table_name` or `next_token`).

Errors are `DynamoError`s with DynamoDB's type and message (an export's or
import's own are `com.dynoxide.exchange#...`); in read-only mode a write
(import_table included; export_table reads) raises `ReadOnlyError` before it
reaches the database, and a path the file system refuses is a `FileError`.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Literal

from ..errors import DynamoError
from ..exchange.api import export_from, import_into
from .plain import from_plain, to_plain, value_from_plain

DEFAULT_MAX_ITEMS = 100
DEFAULT_MAX_BYTES = 256 * 1024
NAMESPACE = "dynoxide.mcp"


class ToolError(DynamoError):
    """A refusal of the server's own, which no DynamoDB error type names."""

    @property
    def type(self) -> str:
        return f"{NAMESPACE}#{self.name}"


class ReadOnlyError(ToolError):
    def __init__(self, tool: str):
        super().__init__("ReadOnlyMode", f"{tool} writes, and this server was started with --read-only", 403)


class FileError(ToolError):
    """An export or import path the server's file system refuses (missing, taken, not allowed)."""

    def __init__(self, error: OSError):
        where = f": {error.filename}" if error.strerror and error.filename else ""
        super().__init__("FileError", f"{error.strerror or error}{where}", 400)


class Tools:
    """The tools, bound to one executor. `WRITES` names those refused when read-only."""

    WRITES = frozenset({"create_table", "delete_table", "put_item", "update_item", "delete_item",
                        "batch_write_item", "import_table"})

    def __init__(self, db: Any, *, read_only: bool = False, max_items: int = DEFAULT_MAX_ITEMS,
                 max_bytes: int = DEFAULT_MAX_BYTES):
        if max_items < 1 or max_bytes < 1:
            raise ValueError("max_items and max_bytes must be at least 1")
        self.db = db
        self.read_only = read_only
        self.max_items = max_items
        self.max_bytes = max_bytes

    def names(self) -> list[str]:
        return ["list_tables", "describe_table", "create_table", "delete_table", "get_item", "put_item",
                "update_item", "delete_item", "query", "scan", "execute_statement", "batch_write_item",
                "export_table", "import_table"]

    def _execute(self, tool: str, op: str, request: dict) -> dict[str, Any]:
        self._refuse_if_read_only(tool)
        return self.db.execute(op, {k: v for k, v in request.items() if v is not None})

    def _refuse_if_read_only(self, tool: str) -> None:
        if self.read_only and tool in self.WRITES:
            raise ReadOnlyError(tool)

    # --- tables ---------------------------------------------------------------

    def list_tables(self, exclusive_start_table_name: str | None = None, limit: int | None = None) -> dict[str, Any]:
        """List table names, a page at a time (Continuation gives the next page's start)."""
        answer = self._execute("list_tables", "ListTables", {
            "ExclusiveStartTableName": exclusive_start_table_name, "Limit": self._limit(limit, cap=100)})
        result = {"TableNames": answer["TableNames"]}
        if "LastEvaluatedTableName" in answer:
            result["Continuation"] = {"exclusive_start_table_name": answer["LastEvaluatedTableName"]}
        return result

    def describe_table(self, table_name: str) -> dict[str, Any]:
        """A table's description: key schema, indexes, item count, stream, billing."""
        return self._execute("describe_table", "DescribeTable", {"TableName": table_name})["Table"]

    def create_table(self, table_name: str, key_schema: list[dict], attribute_definitions: list[dict],
                     billing_mode: Literal["PAY_PER_REQUEST", "PROVISIONED"] = "PAY_PER_REQUEST",
                     global_secondary_indexes: list[dict] | None = None,
                     local_secondary_indexes: list[dict] | None = None,
                     provisioned_throughput: dict | None = None,
                     stream_specification: dict | None = None) -> dict[str, Any]:
        """Create a table. key_schema: [{"AttributeName": "pk", "KeyType": "HASH"}, ...];
        attribute_definitions: [{"AttributeName": "pk", "AttributeType": "S"}, ...];
        indexes and the rest as in DynamoDB's CreateTable."""
        return self._execute("create_table", "CreateTable", {
            "TableName": table_name, "KeySchema": key_schema, "AttributeDefinitions": attribute_definitions,
            "BillingMode": billing_mode, "GlobalSecondaryIndexes": global_secondary_indexes,
            "LocalSecondaryIndexes": local_secondary_indexes, "ProvisionedThroughput": provisioned_throughput,
            "StreamSpecification": stream_specification})["TableDescription"]

    def delete_table(self, table_name: str) -> dict[str, Any]:
        """Delete a table and all its items."""
        return self._execute("delete_table", "DeleteTable", {"TableName": table_name})["TableDescription"]

    # --- items ----------------------------------------------------------------

    def get_item(self, table_name: str, key: dict, plain: bool = False, consistent_read: bool | None = None,
                 projection_expression: str | None = None,
                 expression_attribute_names: dict[str, str] | None = None) -> dict[str, Any]:
        """Read one item by its full primary key. Found is false when there is none."""
        answer = self._execute("get_item", "GetItem", {
            "TableName": table_name, "Key": _item(key, plain), "ConsistentRead": consistent_read,
            "ProjectionExpression": projection_expression, "ExpressionAttributeNames": expression_attribute_names})
        item = answer.get("Item")
        return {"Found": item is not None, "Item": item, "PlainItem": None if item is None else to_plain(item)}

    def put_item(self, table_name: str, item: dict, plain: bool = False, condition_expression: str | None = None,
                 expression_attribute_names: dict[str, str] | None = None,
                 expression_attribute_values: dict | None = None,
                 return_values: Literal["NONE", "ALL_OLD"] = "NONE") -> dict[str, Any]:
        """Write a whole item, replacing any with the same key (unless condition_expression fails)."""
        return self._write_one("put_item", "PutItem", {"TableName": table_name, "Item": _item(item, plain)},
                               plain, condition_expression, expression_attribute_names,
                               expression_attribute_values, return_values)

    def update_item(self, table_name: str, key: dict, update_expression: str, plain: bool = False,
                    condition_expression: str | None = None,
                    expression_attribute_names: dict[str, str] | None = None,
                    expression_attribute_values: dict | None = None,
                    return_values: Literal["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"] = "ALL_NEW"
                    ) -> dict[str, Any]:
        """Change attributes of one item with an update expression (SET, REMOVE, ADD, DELETE)."""
        return self._write_one("update_item", "UpdateItem", {
            "TableName": table_name, "Key": _item(key, plain), "UpdateExpression": update_expression},
            plain, condition_expression, expression_attribute_names, expression_attribute_values, return_values)

    def delete_item(self, table_name: str, key: dict, plain: bool = False, condition_expression: str | None = None,
                    expression_attribute_names: dict[str, str] | None = None,
                    expression_attribute_values: dict | None = None,
                    return_values: Literal["NONE", "ALL_OLD"] = "ALL_OLD") -> dict[str, Any]:
        """Delete one item by its key; Attributes holds what was deleted."""
        return self._write_one("delete_item", "DeleteItem", {"TableName": table_name, "Key": _item(key, plain)},
                               plain, condition_expression, expression_attribute_names,
                               expression_attribute_values, return_values)

    def _write_one(self, tool: str, op: str, request: dict, plain: bool, condition_expression: str | None,
                   expression_attribute_names: dict[str, str] | None, expression_attribute_values: dict | None,
                   return_values: str) -> dict[str, Any]:
        """A one-item write: its own members, plus the condition and
        ReturnValues members PutItem, UpdateItem and DeleteItem share."""
        answer = self._execute(tool, op, {
            **request, "ConditionExpression": condition_expression,
            "ExpressionAttributeNames": expression_attribute_names,
            "ExpressionAttributeValues": _item(expression_attribute_values, plain), "ReturnValues": return_values})
        return _attributes(answer)

    def batch_write_item(self, request_items: dict[str, list[dict]], plain: bool = False) -> dict[str, Any]:
        """Put and delete up to 25 items across tables:
        {"Table": [{"PutRequest": {"Item": {...}}}, {"DeleteRequest": {"Key": {...}}}]}."""
        if plain:
            request_items = {table: [_plain_write(write) for write in writes]
                             for table, writes in request_items.items()}
        answer = self._execute("batch_write_item", "BatchWriteItem", {"RequestItems": request_items})
        return {"UnprocessedItems": answer.get("UnprocessedItems", {})}

    # --- reads of many items ----------------------------------------------------

    def query(self, table_name: str, key_condition_expression: str, plain: bool = False,
              index_name: str | None = None, filter_expression: str | None = None,
              projection_expression: str | None = None,
              expression_attribute_names: dict[str, str] | None = None,
              expression_attribute_values: dict | None = None, scan_index_forward: bool | None = None,
              consistent_read: bool | None = None, limit: int | None = None,
              exclusive_start_key: dict | None = None) -> dict[str, Any]:
        """Items of one partition (of the table or an index), in sort key order, capped; see Continuation."""
        request = {"TableName": table_name, "IndexName": index_name, "KeyConditionExpression": key_condition_expression,
                   "FilterExpression": filter_expression, "ProjectionExpression": projection_expression,
                   "ExpressionAttributeNames": expression_attribute_names,
                   "ExpressionAttributeValues": _item(expression_attribute_values, plain),
                   "ScanIndexForward": scan_index_forward, "ConsistentRead": consistent_read,
                   "ExclusiveStartKey": _item(exclusive_start_key, plain)}
        return self._page("query", "Query", request, limit, "LastEvaluatedKey", "ExclusiveStartKey",
                          "exclusive_start_key")

    def scan(self, table_name: str, plain: bool = False, index_name: str | None = None,
             filter_expression: str | None = None, projection_expression: str | None = None,
             expression_attribute_names: dict[str, str] | None = None,
             expression_attribute_values: dict | None = None, consistent_read: bool | None = None,
             limit: int | None = None, exclusive_start_key: dict | None = None,
             segment: int | None = None, total_segments: int | None = None) -> dict[str, Any]:
        """Every item of a table or index (filtered), capped; see Continuation."""
        request = {"TableName": table_name, "IndexName": index_name, "FilterExpression": filter_expression,
                   "ProjectionExpression": projection_expression,
                   "ExpressionAttributeNames": expression_attribute_names,
                   "ExpressionAttributeValues": _item(expression_attribute_values, plain),
                   "ConsistentRead": consistent_read, "ExclusiveStartKey": _item(exclusive_start_key, plain),
                   "Segment": segment, "TotalSegments": total_segments}
        return self._page("scan", "Scan", request, limit, "LastEvaluatedKey", "ExclusiveStartKey",
                          "exclusive_start_key")

    def execute_statement(self, statement: str, parameters: list | None = None, plain: bool = False,
                          consistent_read: bool | None = None, limit: int | None = None,
                          next_token: str | None = None) -> dict[str, Any]:
        """Run one PartiQL statement (SELECT, INSERT, UPDATE, DELETE) with ? parameters; SELECT is capped."""
        if self.read_only and not _is_select(statement):
            raise ReadOnlyError("execute_statement (anything but SELECT)")
        if plain and parameters is not None:
            parameters = [value_from_plain(p) for p in parameters]
        request = {"Statement": statement, "Parameters": parameters, "ConsistentRead": consistent_read,
                   "NextToken": next_token}
        if not _is_select(statement):  # a write returns no items (Limit is a SELECT's)
            return _listing(self._execute("execute_statement", "ExecuteStatement", request))
        return self._page("execute_statement", "ExecuteStatement", request, limit, "NextToken", "NextToken",
                          "next_token")

    # --- export and import, in DynamoDB's export format (dynoxide.exchange) -------

    def export_table(self, table_name: str, out: str) -> dict[str, Any]:
        """Write a table as DynamoDB's export to S3 (DYNAMODB_JSON) writes it:
        out/<table_name>/ with manifest-summary.json, manifest-files.json,
        data/*.json.gz and the table's description, or one tar when out ends
        in .tar. out is a path on the server's machine (relative to its working
        directory); an export already there is never overwritten."""
        (result,) = _on_files(lambda: export_from(self.db, out, [table_name]))
        return result

    def import_table(self, source: str, table_name: str | None = None,
                     schema: dict | str | None = None) -> dict[str, Any]:
        """Load tables from an export (a directory or tar, ours or DynamoDB's
        ExportTableToPointInTime's) or a .json/.json.gz file of DynamoDB JSON
        lines, a path on the server's machine. A missing table is created from
        the export's description, or from schema (DescribeTable output,
        TableCreationParameters or a CreateTable request, or a JSON file's
        path); table_name picks one table of several, or names the one loaded.
        Items replace those of the same key. All or nothing on the server's
        own database; over --endpoint, see the README."""
        self._refuse_if_read_only("import_table")
        return {"Tables": _on_files(lambda: import_into(self.db, source, table=table_name, schema=schema))}

    # --- capping ----------------------------------------------------------------

    def _limit(self, limit: int | None, cap: int | None = None) -> int:
        limits = [self.max_items, limit or self.max_items] + ([cap] if cap else [])
        return max(1, min(limits))

    def _page(self, tool: str, op: str, request: dict, limit: int | None, last_key: str,
              start_key: str, argument: str) -> dict[str, Any]:
        """One page of at most max_items items and max_bytes bytes. When the
        bytes overflow, the call is made again with Limit set to the items that
        fit, so DynamoDB itself says where the shorter page ends."""
        request = {**request, "Limit": self._limit(limit)}
        answer = self._execute(tool, op, request)
        result = _listing(answer)
        if _size(result) > self.max_bytes:
            fitting = _fitting(answer.get("Items", []), self.max_bytes)
            if fitting == 0:
                raise DynamoError("ResultTooLarge", f"one item is larger than --max-bytes ({self.max_bytes}); "
                                  "use projection_expression to read fewer attributes", 413)
            answer = self._execute(tool, op, {**request, "Limit": fitting})
            result = _listing(answer)
        if answer.get(last_key) is not None:
            result["Continuation"] = {argument: answer[last_key]}
            result["Truncated"] = True
        return result


def _on_files(transfer: Callable[[], Any]) -> Any:
    """`transfer()`, with a file system's refusal as a FileError (a lost
    endpoint stays the connection error it is)."""
    try:
        return transfer()
    except ConnectionError:
        raise
    except OSError as error:
        raise FileError(error) from None


def _listing(answer: dict) -> dict[str, Any]:
    items = answer.get("Items", [])
    result = {"Items": items, "PlainItems": [to_plain(i) for i in items], "Count": len(items)}
    if "ScannedCount" in answer:
        result["ScannedCount"] = answer["ScannedCount"]
    return result


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")).encode())


def _fitting(items: list[dict], max_bytes: int) -> int:
    """How many leading items fit in max_bytes, counted both ways as a result holds them."""
    used = 100  # the envelope's other members
    for count, item in enumerate(items):
        used += _size(item) + _size(to_plain(item)) + 2
        if used > max_bytes:
            return count
    return len(items)


def _item(value: dict | None, plain: bool) -> dict | None:
    if value is None or not plain:
        return value
    return from_plain(value)


def _plain_write(write: dict) -> dict[str, Any]:
    if "PutRequest" in write:
        return {"PutRequest": {"Item": from_plain(write["PutRequest"]["Item"])}}
    if "DeleteRequest" in write:
        return {"DeleteRequest": {"Key": from_plain(write["DeleteRequest"]["Key"])}}
    return write  # DynamoDB's own validation names what is wrong with it


def _attributes(answer: dict) -> dict[str, Any]:
    attributes = answer.get("Attributes")
    return {"Attributes": attributes, "PlainAttributes": None if attributes is None else to_plain(attributes)}


def _is_select(statement: str) -> bool:
    return statement.lstrip().upper().startswith("SELECT")


