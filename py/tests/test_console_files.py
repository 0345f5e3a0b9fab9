"""`GET /console/`: the console's static files beside the API, and `--no-console`.

A server in a thread serves a directory made here (the built console is not
needed: what is tested is how files are found and answered); the CLI tests
start `dynoxide serve` to check the flag and the printed URL.
"""
from __future__ import annotations

import http.client
import json
import threading
import urllib.request

import pytest

from dynoxide import Database
from dynoxide.protocol import console
from dynoxide.server import DynoxideServer


@pytest.fixture
def files(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>console</title>")
    (tmp_path / "console.js").write_text("export const x = 1;")
    (tmp_path / "console.css").write_text("body{}")
    (tmp_path / "notes.md").write_text("not a served type")
    (tmp_path.parent / "secret.txt").write_text("outside")
    return tmp_path


@pytest.fixture
def local(files):
    srv = DynoxideServer(Database.memory(), "127.0.0.1", 0, console_dir=files, with_console=True)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.close_gracefully(timeout=5)
    thread.join(5)


def get(srv, path: str, method: str = "GET", **headers):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=10)
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def test_the_page_and_its_files_are_served_with_their_content_types(local):
    status, headers, body = get(local, "/console/")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert body.startswith(b"<!doctype html>")
    assert get(local, "/console/console.js")[1]["Content-Type"] == "text/javascript; charset=utf-8"
    assert get(local, "/console/console.css?v=2")[1]["Content-Type"] == "text/css; charset=utf-8"
    head_status, head_headers, head_body = get(local, "/console/console.js", "HEAD")
    assert (head_status, head_headers["Content-Length"], head_body) == (200, "19", b"")


def test_console_without_its_slash_redirects_so_relative_urls_resolve(local):
    status, headers, _ = get(local, "/console")
    assert (status, headers["Location"]) == (301, "/console/")


@pytest.mark.parametrize("path", [
    "/console/../secret.txt", "/console/%2e%2e/secret.txt", "/console/..%2fsecret.txt",
    "/console/nope.js", "/console/notes.md", "/console/%00.js", "/console/.//index.html",
])
def test_nothing_outside_the_directory_or_of_another_type_is_served(local, path):
    status, _, body = get(local, path)
    assert status == 404
    assert b"outside" not in body


def test_the_api_and_the_health_check_are_as_before(local):
    assert get(local, "/")[2] == b"healthy: dynamodb.us-east-1.amazonaws.com "
    assert get(local, "/consoles")[2] == b"healthy: dynamodb.us-east-1.amazonaws.com "
    request = urllib.request.Request(
        f"http://127.0.0.1:{local.server_address[1]}/console/", data=b"{}", method="POST",
        headers={"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "DynamoDB_20120810.ListTables"})
    assert json.load(urllib.request.urlopen(request)) == {"TableNames": []}


def test_a_foreign_host_name_is_refused_as_the_api_refuses_it(local):
    status, _, body = get(local, "/console/", Host="evil.example:8000")
    assert status == 403
    assert b"DNS rebinding" in body


def test_a_server_without_the_built_console_says_how_to_get_it(files):
    assert console.answer("/console/", None).status == 404
    assert b"npm run build:console" in console.answer("/console/", None).body
    assert console.answer("/console/index.html", files).status == 200


def test_serve_prints_where_the_console_is_and_no_console_turns_it_off(serve_process):
    on = serve_process()
    on.stop()
    on._reader.join(5)  # the rest of its output
    expected = f"{on.endpoint}/console/" if console.default_directory() else "not built"
    assert on.output[0].startswith("dynoxide console: ") and expected in on.output[0]

    off = serve_process("--no-console")
    with urllib.request.urlopen(f"{off.endpoint}/console/") as response:
        assert response.read() == b"healthy: dynamodb.us-east-1.amazonaws.com "
    off.stop()
    off._reader.join(5)
    assert not any("console" in line for line in off.output)
