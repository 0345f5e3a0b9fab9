"""How the workload reaches each target.

A *transport* is `call(op, request) -> response` in DynamoDB JSON: the
embedded `Database`, a lean HTTP client, or boto3. `DynamoDriver` turns the
workload's verbs (put, get, query, ...) into DynamoDB requests over any
transport. `SqliteDriver` does the same verbs straight in stdlib sqlite3, as
the floor: the least work any engine storing DynamoDB-JSON rows could do.
"""
from __future__ import annotations

import http.client
import json
import sqlite3
import time

from workload import CREATE_TABLE, INDEX, TABLE


class RequestFailed(RuntimeError):
    pass


# --- transports ---------------------------------------------------------------

class Embedded:
    """The in-process engine: no socket, no HTTP, no JSON text."""

    def __init__(self):
        from dynoxide import Database

        self.db = Database.memory()

    def call(self, op, request):
        return self.db.execute(op, request)

    def close(self):
        self.db.close()


class LeanHttp:
    """One keep-alive connection, hand-built requests, sequential calls.

    It sends a well-formed but unsigned SigV4 Authorization header: local
    emulators check only that one is there (dynalite refuses requests
    without it).
    """

    HEADERS = {
        "Content-Type": "application/x-amz-json-1.0",
        "Authorization": "AWS4-HMAC-SHA256 Credential=bench/20240101/us-east-1/dynamodb/aws4_request, "
                         "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0",
        "X-Amz-Date": "20240101T000000Z",
    }

    def __init__(self, port, host="127.0.0.1"):
        self.conn = http.client.HTTPConnection(host, port, timeout=60)

    def call(self, op, request):
        body = json.dumps(request)
        self.conn.request("POST", "/", body, {**self.HEADERS, "X-Amz-Target": f"DynamoDB_20120810.{op}"})
        response = self.conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RequestFailed(f"{op}: HTTP {response.status} {data[:300]!r}")
        return json.loads(data)

    def close(self):
        self.conn.close()


class Boto3:
    """boto3's low-level client, as most Python code would talk to it."""

    def __init__(self, port, host="127.0.0.1"):
        import boto3
        from botocore.config import Config

        self.client = boto3.client(
            "dynamodb", endpoint_url=f"http://{host}:{port}", region_name="us-east-1",
            aws_access_key_id="bench", aws_secret_access_key="bench",
            config=Config(retries={"total_max_attempts": 1}))
        self._methods = {}

    def call(self, op, request):
        method = self._methods.get(op)
        if method is None:
            snake = "".join("_" + c.lower() if c.isupper() else c for c in op).lstrip("_")
            method = self._methods[op] = getattr(self.client, snake)
        return method(**request)

    def close(self):
        self.client.close()


# --- drivers: the workload's verbs ---------------------------------------------

class DynamoDriver:
    def __init__(self, transport):
        self.t = transport

    def setup(self):
        self.t.call("CreateTable", CREATE_TABLE)
        for _ in range(600):  # dynalite creates tables asynchronously
            table = self.t.call("DescribeTable", {"TableName": TABLE})["Table"]
            if table["TableStatus"] == "ACTIVE" and all(
                    i.get("IndexStatus", "ACTIVE") == "ACTIVE" for i in table.get("GlobalSecondaryIndexes", [])):
                return
            time.sleep(0.05)
        raise RequestFailed("table never became ACTIVE")

    def teardown(self):
        self.t.call("DeleteTable", {"TableName": TABLE})

    def put(self, item):
        self.t.call("PutItem", {"TableName": TABLE, "Item": item})

    def get(self, key):
        return self.t.call("GetItem", {"TableName": TABLE, "Key": key}).get("Item")

    def query(self, pk):
        return len(self._all("Query", {
            "TableName": TABLE, "KeyConditionExpression": "pk = :p",
            "ExpressionAttributeValues": {":p": {"S": pk}}}))

    def gsi_query(self, gpk):
        return len(self._all("Query", {
            "TableName": TABLE, "IndexName": INDEX, "KeyConditionExpression": "gpk = :g",
            "ExpressionAttributeValues": {":g": {"S": gpk}}}))

    def scan(self):
        return len(self._all("Scan", {"TableName": TABLE}))

    def update(self, key, payload):
        self.t.call("UpdateItem", {
            "TableName": TABLE, "Key": key,
            "UpdateExpression": "SET payload = :p, #c = #c + :one",
            "ExpressionAttributeNames": {"#c": "count"},
            "ExpressionAttributeValues": {":p": {"S": payload}, ":one": {"N": "1"}}})

    def batch_write(self, items):
        pending = {TABLE: [{"PutRequest": {"Item": i}} for i in items]}
        while pending:
            pending = self.t.call("BatchWriteItem", {"RequestItems": pending}).get("UnprocessedItems")

    def batch_get(self, keys):
        found, pending = 0, {TABLE: {"Keys": keys}}
        while pending:
            response = self.t.call("BatchGetItem", {"RequestItems": pending})
            found += len(response["Responses"].get(TABLE, []))
            pending = response.get("UnprocessedKeys")
        return found

    def delete(self, key):
        self.t.call("DeleteItem", {"TableName": TABLE, "Key": key})

    def _all(self, op, request):
        items = []
        while True:
            response = self.t.call(op, request)
            items += response["Items"]
            if "LastEvaluatedKey" not in response:
                return items
            request = {**request, "ExclusiveStartKey": response["LastEvaluatedKey"]}

    def close(self):
        self.t.close()


class SqliteDriver:
    """The floor: the same verbs as plain SQL on the same kind of rows.

    Rows hold the item as DynamoDB-JSON text, encoded on write and decoded
    on read, as an engine must; one transaction per write, base and index
    row together; no validation, no expressions, no key encoding.
    """

    def __init__(self):
        self.db = sqlite3.connect(":memory:", isolation_level=None)

    def setup(self):
        self.db.executescript(
            "CREATE TABLE base (pk TEXT, sk TEXT, item TEXT, PRIMARY KEY (pk, sk)) WITHOUT ROWID;"
            "CREATE TABLE idx (gpk TEXT, gsk TEXT, pk TEXT, sk TEXT, item TEXT,"
            " PRIMARY KEY (gpk, gsk, pk, sk)) WITHOUT ROWID;")

    def teardown(self):
        self.db.executescript("DROP TABLE base; DROP TABLE idx;")

    def _write(self, item):
        text = json.dumps(item)
        pk, sk = item["pk"]["S"], item["sk"]["S"]
        self.db.execute("INSERT OR REPLACE INTO base VALUES (?, ?, ?)", (pk, sk, text))
        self.db.execute("INSERT OR REPLACE INTO idx VALUES (?, ?, ?, ?, ?)",
                        (item["gpk"]["S"], item["gsk"]["S"], pk, sk, text))

    def put(self, item):
        with self.db:
            self.db.execute("BEGIN")
            self._write(item)

    def get(self, key):
        row = self.db.execute("SELECT item FROM base WHERE pk = ? AND sk = ?",
                              (key["pk"]["S"], key["sk"]["S"])).fetchone()
        return json.loads(row[0]) if row else None

    def query(self, pk):
        rows = self.db.execute("SELECT item FROM base WHERE pk = ? ORDER BY sk", (pk,)).fetchall()
        return len([json.loads(r[0]) for r in rows])

    def gsi_query(self, gpk):
        rows = self.db.execute("SELECT item FROM idx WHERE gpk = ? ORDER BY gsk", (gpk,)).fetchall()
        return len([json.loads(r[0]) for r in rows])

    def scan(self):
        return len([json.loads(r[0]) for r in self.db.execute("SELECT item FROM base")])

    def update(self, key, payload):
        with self.db:
            self.db.execute("BEGIN")
            item = self.get(key)
            item["payload"] = {"S": payload}
            item["count"] = {"N": str(int(item["count"]["N"]) + 1)}
            self._write(item)

    def batch_write(self, items):
        with self.db:
            self.db.execute("BEGIN")
            for item in items:
                self._write(item)

    def batch_get(self, keys):
        return sum(self.get(k) is not None for k in keys)

    def delete(self, key):
        with self.db:
            self.db.execute("BEGIN")
            old = self.get(key)
            self.db.execute("DELETE FROM base WHERE pk = ? AND sk = ?", (key["pk"]["S"], key["sk"]["S"]))
            if old:
                self.db.execute("DELETE FROM idx WHERE gpk = ? AND gsk = ? AND pk = ? AND sk = ?",
                                (old["gpk"]["S"], old["gsk"]["S"], key["pk"]["S"], key["sk"]["S"]))

    def close(self):
        self.db.close()
