"""The console's export and import routes on `dynoxide serve` (protocol/console_api.py).

A server in a thread over an in-memory database: a table goes out as the
tar the browser's exportTable makes and comes back into another server.
"""
from __future__ import annotations

import http.client
import io
import json
import tarfile
import threading

import pytest

from dynoxide import Database
from dynoxide.server import DynoxideServer


def start(db, **options):
    srv = DynoxideServer(db, "127.0.0.1", 0, with_console=True, **options)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return srv, thread


@pytest.fixture
def servers():
    running = []

    def make(db=None, **options):
        srv, thread = start(db or Database.memory(), **options)
        running.append((srv, thread))
        return srv

    yield make
    for srv, thread in running:
        srv.shutdown()
        srv.close_gracefully(timeout=5)
        thread.join(5)


def call(srv, method: str, path: str, body: bytes | None = None, **headers):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=10)
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def with_notes(db: Database) -> Database:
    db.execute("CreateTable", {
        "TableName": "Notes", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]})
    for i in range(3):
        db.execute("PutItem", {"TableName": "Notes", "Item": {"id": {"S": f"n{i}"}, "n": {"N": str(i)}}})
    return db


def test_a_table_exported_by_one_server_imports_into_another(servers):
    source = servers(with_notes(Database.memory()))
    status, headers, tar = call(source, "GET", "/console/api/export?table=Notes")
    assert status == 200
    assert headers["Content-Type"] == "application/x-tar"
    assert headers["Content-Disposition"] == "attachment; filename*=UTF-8''Notes.tar"
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        names = archive.getnames()
    assert "Notes/manifest-summary.json" in names and "Notes/table-description.json" in names

    target_db = Database.memory()
    target = servers(target_db)
    status, _, body = call(target, "POST", "/console/api/import", tar, **{"Content-Type": "application/x-tar"})
    assert status == 200
    assert json.loads(body) == {"Tables": [
        {"TableName": "Notes", "ImportedItemCount": 3, "ItemCount": 3, "Created": True}]}
    assert target_db.execute("Scan", {"TableName": "Notes"})["Count"] == 3


def test_exporting_a_missing_table_or_no_table_is_a_dynamodb_error(servers):
    srv = servers()
    status, _, body = call(srv, "GET", "/console/api/export?table=Nope")
    assert status == 400
    assert json.loads(body)["__type"].endswith("#ResourceNotFoundException")
    status, _, body = call(srv, "GET", "/console/api/export")
    assert (status, json.loads(body)["__type"].split("#")[1]) == (400, "ValidationException")
    assert "table" in json.loads(body)["message"]


@pytest.mark.parametrize("body", [b"", b"not a tar at all", b"\x1f\x8b\x08\x00broken gzip"])
def test_an_import_of_something_else_is_a_clean_error_and_changes_nothing(servers, body):
    db = Database.memory()
    srv = servers(db)
    status, headers, answer = call(srv, "POST", "/console/api/import", body)
    assert status == 400
    assert headers["Content-Type"] == "application/json"
    assert json.loads(answer)["message"]
    assert db.execute("ListTables", {})["TableNames"] == []


def test_a_foreign_host_or_origin_is_refused_before_anything_runs(servers):
    srv = servers(with_notes(Database.memory()))
    status, _, body = call(srv, "GET", "/console/api/export?table=Notes", Host="evil.example")
    assert status == 403 and b"DNS rebinding" in body
    status, _, body = call(srv, "POST", "/console/api/import", b"x" * 100, Origin="https://evil.example")
    assert status == 403 and b"may not call" in body
    status, _, _ = call(srv, "GET", "/console/api/export?table=Notes", Origin="http://localhost:3000")
    assert status == 200


def test_an_import_may_be_larger_than_an_api_request(servers):
    source_db = with_notes(Database.memory())
    status, _, tar = call(servers(source_db), "GET", "/console/api/export?table=Notes")
    small = servers(Database.memory(), max_request_bytes=len(tar) - 1)
    assert call(small, "POST", "/", b"x" * len(tar))[0] == 413
    assert call(small, "POST", "/console/api/import", tar)[0] == 200


def test_other_console_api_paths_are_404_and_the_routes_are_off_without_the_console(servers):
    srv = servers()
    status, _, body = call(srv, "GET", "/console/api/nothing")
    assert status == 404 and b"/console/api/export" in body
    plain = DynoxideServer(Database.memory(), "127.0.0.1", 0)  # with_console off: every GET is the health check
    thread = threading.Thread(target=plain.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        assert call(plain, "GET", "/console/api/export?table=Notes")[2].startswith(b"healthy")
    finally:
        plain.shutdown()
        plain.close_gracefully(timeout=5)
        thread.join(5)
