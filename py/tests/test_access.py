"""Who may call `dynoxide serve`: the CORS allow-list and the loopback Host check."""
from __future__ import annotations

import http.client
import json
import threading

import pytest

from dynoxide import Database
from dynoxide.protocol.access import AccessPolicy, host_of, is_loopback_name
from dynoxide.server import DynoxideServer


@pytest.mark.parametrize("name, loopback", [
    ("localhost", True), ("LOCALHOST", True), ("app.localhost", True), ("127.0.0.1", True), ("127.8.9.10", True),
    ("::1", True), ("localhost.", True),
    ("example.com", False), ("10.0.0.1", False), ("0.0.0.0", False), ("localhost.evil.com", False), ("", False),
])
def test_loopback_names(name, loopback):
    assert is_loopback_name(name) is loopback


@pytest.mark.parametrize("header, host", [
    ("localhost:8000", "localhost"), ("[::1]:8000", "::1"), ("[::1]", "::1"), ("127.0.0.1", "127.0.0.1"),
    ("evil.com:80", "evil.com"),
])
def test_host_of_a_host_header(header, host):
    assert host_of(header) == host


@pytest.mark.parametrize("origin, allowed", [
    ("http://localhost:3000", True), ("https://localhost", True), ("http://127.0.0.1:5173", True),
    ("http://[::1]:8080", True),
    ("https://evil.example", False), ("null", False), ("file://", False), ("http://localhost.evil.example", False),
    ("ftp://localhost", False),
])
def test_the_default_origins_are_pages_on_loopback_names(origin, allowed):
    assert AccessPolicy().origin_allowed(origin) is allowed


def test_a_cors_list_replaces_the_default():
    policy = AccessPolicy(["https://app.example.com", "http://localhost:3000/"])
    assert policy.origin_allowed("https://app.example.com")
    assert policy.origin_allowed("http://localhost:3000")
    assert not policy.origin_allowed("http://localhost:4000")  # the default list is gone
    assert policy.allow_origin_header("https://app.example.com") == "https://app.example.com"


def test_star_allows_every_origin():
    policy = AccessPolicy(["*"])
    assert policy.origin_allowed("https://anything.example")
    assert policy.allow_origin_header("https://anything.example") == "*"


def test_the_host_check_applies_only_to_loopback_binds():
    assert AccessPolicy.for_bind_address("127.0.0.1").loopback_hosts_only
    assert AccessPolicy.for_bind_address("::1").loopback_hosts_only
    assert not AccessPolicy.for_bind_address("0.0.0.0").loopback_hosts_only
    policy = AccessPolicy.for_bind_address("localhost")
    assert policy.host_allowed("localhost:8000") and policy.host_allowed("127.0.0.1:8000")
    assert policy.host_allowed(None)  # HTTP/1.0 without Host: not a browser
    assert not policy.host_allowed("attacker.example:8000")


# --- over HTTP ------------------------------------------------------------------

def start(cors=None):
    db = Database.memory()
    srv = DynoxideServer(db, "127.0.0.1", 0, cors=cors)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return srv, thread


@pytest.fixture
def server():
    srv, thread = start()
    yield srv
    srv.shutdown()
    srv.close_gracefully(timeout=5)
    thread.join(5)


def call(srv, method="POST", op="ListTables", headers=None, body=b"{}"):
    conn = http.client.HTTPConnection(*srv.server_address[:2], timeout=10)
    all_headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"DynamoDB_20120810.{op}"}
    all_headers.update(headers or {})
    # http.client adds its own Host unless told to skip it
    conn.putrequest(method, "/", skip_host="Host" in all_headers)
    for name, value in all_headers.items():
        conn.putheader(name, value)
    conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    response = conn.getresponse()
    return response, response.read()


def create_table_body(name):
    return json.dumps({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                       "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}).encode()


def test_sdk_requests_without_an_origin_are_served(server):
    response, body = call(server)
    assert response.status == 200 and json.loads(body) == {"TableNames": []}
    assert response.getheader("Access-Control-Allow-Origin") is None


def test_a_page_on_a_local_dev_server_gets_cors(server):
    origin = "http://localhost:5173"
    response, _ = call(server, "OPTIONS", headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "x-amz-target,content-type"})
    assert response.status == 200
    assert response.getheader("Access-Control-Allow-Origin") == origin
    assert response.getheader("Vary") == "Origin"
    response, body = call(server, headers={"Origin": origin})
    assert response.status == 200 and response.getheader("Access-Control-Allow-Origin") == origin


def test_a_page_on_another_origin_is_refused_before_the_database(server):
    response, body = call(server, op="CreateTable", headers={"Origin": "https://evil.example"},
                          body=create_table_body("Stolen"))
    assert response.status == 403
    assert response.getheader("Access-Control-Allow-Origin") is None
    assert "evil.example" in json.loads(body)["message"] and "--cors" in json.loads(body)["message"]
    assert server.db.execute("ListTables", {})["TableNames"] == []  # nothing was written
    preflight, _ = call(server, "OPTIONS", headers={"Origin": "https://evil.example"})
    assert preflight.status == 403


def test_a_rebound_host_name_is_refused(server):
    port = server.server_address[1]
    response, body = call(server, op="CreateTable", headers={"Host": f"attacker.example:{port}"},
                          body=create_table_body("Rebound"))
    assert response.status == 403
    assert "attacker.example" in json.loads(body)["message"]
    assert server.db.execute("ListTables", {})["TableNames"] == []
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost"):
        assert call(server, headers={"Host": host})[0].status == 200


def test_cors_star_opens_every_origin():
    srv, thread = start(cors=["*"])
    try:
        response, _ = call(srv, headers={"Origin": "https://anything.example"})
        assert response.status == 200 and response.getheader("Access-Control-Allow-Origin") == "*"
    finally:
        srv.shutdown()
        srv.close_gracefully(timeout=5)
        thread.join(5)


def test_the_cli_takes_a_cors_list(serve_process):
    process = serve_process("--cors", "https://app.example.com,http://localhost:3000")
    conn = http.client.HTTPConnection("127.0.0.1", process.port, timeout=10)
    for origin, status in (("https://app.example.com", 200), ("http://localhost:3000", 200),
                           ("http://localhost:4000", 403)):
        conn.request("POST", "/", b"{}", {"Content-Type": "application/x-amz-json-1.0", "Origin": origin,
                                          "X-Amz-Target": "DynamoDB_20120810.ListTables"})
        response = conn.getresponse()
        response.read()
        assert response.status == status, origin
