"""`dynoxide mcp`, driven by the MCP SDK's own client over stdio."""
import asyncio
import json
import os
import sys

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from dynoxide import Database

TABLE = {
    "table_name": "Notes",
    "key_schema": [{"AttributeName": "user", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
    "attribute_definitions": [{"AttributeName": "user", "AttributeType": "S"},
                              {"AttributeName": "id", "AttributeType": "N"},
                              {"AttributeName": "tag", "AttributeType": "S"}],
    "global_secondary_indexes": [{"IndexName": "by-tag", "KeySchema": [{"AttributeName": "tag", "KeyType": "HASH"}],
                                  "Projection": {"ProjectionType": "ALL"}}],
}


def server(*args: str) -> StdioServerParameters:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return StdioServerParameters(command=sys.executable, args=["-m", "dynoxide", "mcp", *args], env=env)


async def call(client, tool, **arguments):
    result = await client.call_tool(tool, arguments)
    return result.is_error, result.structured_content, result.content[0].text if result.content else ""


def test_tools_cover_tables_items_reads_partiql_and_batches(tmp_path):
    path = str(tmp_path / "data.sqlite")

    async def scenario():
        async with Client(server("--db", path, "--max-items", "4")) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            assert names == {"list_tables", "describe_table", "create_table", "delete_table", "get_item",
                             "put_item", "update_item", "delete_item", "query", "scan", "execute_statement",
                             "batch_write_item"}
            error, created, _ = await call(client, "create_table", **TABLE)
            assert not error and created["TableName"] == "Notes"
            # A plain-JSON put, a DynamoDB-JSON put, both read back both ways.
            await call(client, "put_item", table_name="Notes", plain=True,
                       item={"user": "ana", "id": 1, "tag": "work", "text": "plan", "price": 12.5})
            await call(client, "put_item", table_name="Notes",
                       item={"user": {"S": "ana"}, "id": {"N": "2"}, "tag": {"S": "home"}, "tags": {"SS": ["a", "b"]}})
            _, got, _ = await call(client, "get_item", table_name="Notes", key={"user": "ana", "id": 1}, plain=True)
            assert got["Found"] and got["Item"]["price"] == {"N": "12.5"} and got["PlainItem"]["price"] == 12.5
            _, updated, _ = await call(client, "update_item", table_name="Notes", key={"user": "ana", "id": 1},
                                       plain=True, update_expression="SET #t = :t",
                                       expression_attribute_names={"#t": "text"},
                                       expression_attribute_values={":t": "edited"})
            assert updated["PlainAttributes"]["text"] == "edited"
            writes = [{"PutRequest": {"Item": {"user": "bo", "id": n, "tag": "work"}}} for n in range(10)]
            _, batch, _ = await call(client, "batch_write_item", request_items={"Notes": writes}, plain=True)
            assert batch["UnprocessedItems"] == {}
            # Capped at --max-items 4, with a continuation that walks the rest.
            seen, start = [], None
            while True:
                _, page, _ = await call(client, "query", table_name="Notes", key_condition_expression="#u = :u",
                                        expression_attribute_names={"#u": "user"},
                                        expression_attribute_values={":u": {"S": "bo"}},
                                        **({"exclusive_start_key": start} if start else {}))
                assert page["Count"] <= 4
                seen += [item["id"] for item in page["PlainItems"]]
                if "Continuation" not in page:
                    break
                assert page["Truncated"]
                start = page["Continuation"]["exclusive_start_key"]
            assert seen == list(range(10))
            _, work, _ = await call(client, "query", table_name="Notes", index_name="by-tag", plain=True,
                                    key_condition_expression="tag = :t", expression_attribute_values={":t": "work"},
                                    limit=20)
            assert work["Count"] == 4 and work["Truncated"]
            _, scanned, _ = await call(client, "scan", table_name="Notes", filter_expression="attribute_exists(tags)")
            assert [i["tags"] for i in scanned["PlainItems"]] == [["a", "b"]]
            _, selected, _ = await call(client, "execute_statement", plain=True,
                                        statement='SELECT * FROM "Notes" WHERE "user" = ? AND id = ?',
                                        parameters=["ana", 2])
            assert selected["PlainItems"][0]["tag"] == "home"
            _, deleted, _ = await call(client, "delete_item", table_name="Notes", key={"user": "ana", "id": 2},
                                       plain=True)
            assert deleted["PlainAttributes"]["tag"] == "home"
            # Errors carry DynamoDB's type and message.
            error, body, text = await call(client, "get_item", table_name="Missing", key={"id": {"S": "1"}})
            assert error and body["error"] == {
                "type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                "name": "ResourceNotFoundException", "message": "Requested resource not found"}
            assert text == "ResourceNotFoundException: Requested resource not found"
            error, body, _ = await call(client, "put_item", table_name="Notes", plain=True,
                                        item={"user": "ana", "id": 1}, condition_expression="attribute_not_exists(id)")
            assert error and body["error"]["name"] == "ConditionalCheckFailedException"
            error, body, _ = await call(client, "create_table", **{**TABLE, "table_name": "x"})
            assert error and body["error"]["type"] == "com.amazon.coral.validate#ValidationException"
            _, listed, _ = await call(client, "list_tables")
            assert listed["TableNames"] == ["Notes"]
            _, described, _ = await call(client, "describe_table", table_name="Notes")
            assert described["ItemCount"] == 11
            await call(client, "delete_table", table_name="Notes")

    asyncio.run(scenario())
    assert Database.open(path).execute("ListTables")["TableNames"] == []  # it wrote the file it was given


def test_read_only_refuses_every_write_and_max_bytes_caps_pages(tmp_path):
    path = str(tmp_path / "data.sqlite")
    with Database.open(path) as db:
        db.execute("CreateTable", {"TableName": "Notes", "BillingMode": "PAY_PER_REQUEST",
                                   "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                                   "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]})
        for n in range(20):
            db.execute("PutItem", {"TableName": "Notes", "Item": {"id": {"S": f"{n:02}"}, "body": {"S": "x" * 300}}})

    async def scenario():
        async with Client(server("--db", path, "--read-only", "--max-bytes", "2000")) as client:
            for tool, arguments in [
                    ("put_item", {"table_name": "Notes", "item": {"id": {"S": "new"}}}),
                    ("delete_table", {"table_name": "Notes"}),
                    ("execute_statement", {"statement": "DELETE FROM \"Notes\" WHERE id = '01'"})]:
                error, body, text = await call(client, tool, **arguments)
                assert error and body["error"]["name"] == "ReadOnlyMode" and "--read-only" in text
            ids, start = [], None
            while True:
                _, page, _ = await call(client, "scan", table_name="Notes",
                                        **({"exclusive_start_key": start} if start else {}))
                assert len(json.dumps(page)) <= 2000 and page["Count"] >= 1
                ids += [i["id"] for i in page["PlainItems"]]
                if "Continuation" not in page:
                    break
                start = page["Continuation"]["exclusive_start_key"]
            assert sorted(ids) == [f"{n:02}" for n in range(20)]
            _, selected, _ = await call(client, "execute_statement", statement='SELECT * FROM "Notes"')
            assert selected["Truncated"] and len(json.dumps(selected)) <= 2000
            _, more, _ = await call(client, "execute_statement", statement='SELECT * FROM "Notes"',
                                    next_token=selected["Continuation"]["next_token"])
            assert more["Count"] >= 1 and not {i["id"] for i in more["PlainItems"]} & {
                i["id"] for i in selected["PlainItems"]}

    asyncio.run(scenario())


def test_endpoint_mode_reaches_a_running_dynoxide_serve(dynamodb_endpoint):
    async def scenario():
        async with Client(server("--endpoint", dynamodb_endpoint)) as client:
            error, _, _ = await call(client, "create_table", **TABLE)
            assert not error
            _, listed, _ = await call(client, "list_tables")
            error, body, _ = await call(client, "describe_table", table_name="Missing")
            return listed["TableNames"], body["error"]["name"]

    assert asyncio.run(scenario()) == (["Notes"], "ResourceNotFoundException")


def test_http_serves_streamable_http_on_loopback(tmp_path):
    import socket
    import subprocess
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    params = server("--http", "--port", str(port))
    process = subprocess.Popen([params.command, *params.args], env=params.env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:  # until it listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "dynoxide mcp --http did not start"
                time.sleep(0.1)

        async def scenario():
            async with Client(f"http://127.0.0.1:{port}/mcp") as client:
                return (await client.call_tool("list_tables", {})).structured_content

        assert asyncio.run(scenario()) == {"TableNames": []}
    finally:
        process.terminate()
        process.wait(10)
