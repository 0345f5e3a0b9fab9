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
                             "batch_write_item", "export_table", "import_table"}
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


def notes_database(path: str, items: int = 30) -> None:
    with Database.open(path) as db:
        db.execute("CreateTable", {
            "TableName": "Notes", "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "user", "AttributeType": "S"},
                                     {"AttributeName": "id", "AttributeType": "N"},
                                     {"AttributeName": "tag", "AttributeType": "S"}],
            "GlobalSecondaryIndexes": [{"IndexName": "by-tag", "KeySchema": [{"AttributeName": "tag", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}}]})
        db.execute("UpdateTimeToLive", {"TableName": "Notes", "TimeToLiveSpecification": {
            "Enabled": True, "AttributeName": "expires"}})
        for n in range(items):
            db.execute("PutItem", {"TableName": "Notes", "Item": {
                "user": {"S": "ana"}, "id": {"N": str(n)}, "tag": {"S": "work" if n % 2 else "home"},
                "tags": {"SS": ["a", "b"]}, "blob": {"B": "AAEC"}}})


def all_items(path: str, table: str) -> list[dict]:
    with Database.open(path) as db:
        return sorted(db.execute("Scan", {"TableName": table})["Items"], key=lambda i: int(i["id"]["N"]))


def test_export_table_and_import_table_move_a_table_in_dynamodbs_export_format(tmp_path):
    source, target, out = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite"), tmp_path / "out"
    notes_database(source)

    async def export():
        async with Client(server("--db", source)) as client:
            error, exported, _ = await call(client, "export_table", table_name="Notes", out=str(out))
            assert not error and exported == {"TableName": "Notes", "ItemCount": 30, "Path": str(out / "Notes")}
            error, body, text = await call(client, "export_table", table_name="Notes", out=str(out))
            assert error and body["error"]["type"] == "dynoxide.mcp#FileError" and "exists already" in text
            error, body, _ = await call(client, "export_table", table_name="Missing", out=str(tmp_path / "x"))
            assert error and body["error"]["name"] == "ResourceNotFoundException"

    async def load():
        async with Client(server("--db", target)) as client:
            error, loaded, _ = await call(client, "import_table", source=str(out / "Notes"))
            assert not error and loaded["Tables"] == [
                {"TableName": "Notes", "ImportedItemCount": 30, "ItemCount": 30, "Created": True}]
            _, copy, _ = await call(client, "import_table", source=str(out), table_name="Copy")
            assert copy["Tables"][0]["Created"] and copy["Tables"][0]["ItemCount"] == 30
            _, work, _ = await call(client, "query", table_name="Copy", index_name="by-tag", plain=True,
                                    key_condition_expression="tag = :t", expression_attribute_values={":t": "work"})
            assert work["Count"] == 15
            # Bad input: a clear error of its own type, and nothing written.
            (tmp_path / "empty").mkdir()
            error, body, _ = await call(client, "import_table", source=str(tmp_path / "empty"), table_name="Other")
            assert error and body["error"]["type"] == "com.dynoxide.exchange#InvalidExport"
            error, body, _ = await call(client, "import_table", source=str(tmp_path / "nowhere"))
            assert error and body["error"]["name"] == "FileError"
            _, listed, _ = await call(client, "list_tables")
            assert listed["TableNames"] == ["Copy", "Notes"]

    asyncio.run(export())
    asyncio.run(load())
    assert all_items(target, "Notes") == all_items(source, "Notes")
    with Database.open(target) as db:
        assert db.execute("DescribeTimeToLive", {"TableName": "Notes"})["TimeToLiveDescription"] == {
            "TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}


def test_read_only_refuses_import_table_and_allows_export_table(tmp_path):
    path, out = str(tmp_path / "data.sqlite"), tmp_path / "out.tar"
    notes_database(path, items=3)

    async def scenario():
        async with Client(server("--db", path, "--read-only")) as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            assert not tools["import_table"].annotations.read_only_hint
            error, exported, _ = await call(client, "export_table", table_name="Notes", out=str(out))
            assert not error and exported["ItemCount"] == 3
            error, body, text = await call(client, "import_table", source=str(out), table_name="Copy")
            assert error and body["error"]["type"] == "dynoxide.mcp#ReadOnlyMode" and "--read-only" in text

    asyncio.run(scenario())
    with Database.open(path) as db:
        assert db.execute("ListTables")["TableNames"] == ["Notes"]
    with Database.memory() as db:  # the tar is a whole export
        assert db.import_from(str(out))[0]["ImportedItemCount"] == 3


def test_export_table_and_import_table_work_over_an_endpoint(tmp_path, dynamodb_endpoint):
    path, out = str(tmp_path / "data.sqlite"), tmp_path / "out"
    notes_database(path)
    with Database.open(path) as db:
        db.export_to(str(tmp_path / "seed"))

    async def scenario():
        async with Client(server("--endpoint", dynamodb_endpoint)) as client:
            error, loaded, _ = await call(client, "import_table", source=str(tmp_path / "seed"))
            assert not error and loaded["Tables"] == [
                {"TableName": "Notes", "ImportedItemCount": 30, "ItemCount": 30, "Created": True}]
            error, exported, _ = await call(client, "export_table", table_name="Notes", out=str(out))
            assert not error and exported["ItemCount"] == 30
            # Bad input fails before anything reaches the endpoint.
            error, body, _ = await call(client, "import_table", source=str(tmp_path / "seed"), table_name="Other",
                                        schema={"TableName": "Other", "BillingMode": "PAY_PER_REQUEST",
                                                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                                                "AttributeDefinitions": [{"AttributeName": "id",
                                                                          "AttributeType": "S"}]})
            assert error and body["error"]["name"] == "ValidationException"
            _, listed, _ = await call(client, "list_tables")
            assert listed["TableNames"] == ["Notes"]

    asyncio.run(scenario())
    with Database.memory() as db:  # what came back out of the endpoint is the table that went in
        db.import_from(str(out))
        assert sorted(db.execute("Scan", {"TableName": "Notes"})["Items"], key=lambda i: int(i["id"]["N"])) == \
            all_items(path, "Notes")
        assert db.execute("DescribeTimeToLive", {"TableName": "Notes"})["TimeToLiveDescription"][
            "AttributeName"] == "expires"


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
