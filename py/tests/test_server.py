"""`dynoxide serve` end to end: boto3, the AWS CLI, raw HTTP/1.1, signals.

The raw-HTTP tests run a `DynoxideServer` in a thread (fast); the SDK,
CLI and signal tests drive the real `dynoxide serve` subprocess.
"""
from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import threading
import uuid
import zlib

import pytest

from dynoxide import Database
from dynoxide.server import DynoxideServer

botocore_exceptions = pytest.importorskip("botocore.exceptions")
ClientError = botocore_exceptions.ClientError

TARGET = "DynamoDB_20120810."


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def create_table(client, name: str) -> None:
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}])


# --- an in-process server for the HTTP details ------------------------------------

@pytest.fixture
def local():
    db = Database.memory()
    srv = DynoxideServer(db, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.close_gracefully(timeout=5)
    thread.join(5)


def connect(srv) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(*srv.server_address[:2], timeout=10)


def post(conn, op: str | None, body: bytes | str = b"{}", **headers):
    all_headers = {"Content-Type": "application/x-amz-json-1.0", **headers}
    if op is not None:
        all_headers["X-Amz-Target"] = TARGET + op
    conn.request("POST", "/", body, all_headers)
    response = conn.getresponse()
    return response, response.read()


def raw_exchange(srv, data: bytes) -> bytes:
    with socket.create_connection(srv.server_address[:2], timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_one_keep_alive_connection_serves_many_requests(local):
    conn = connect(local)
    post(conn, "CreateTable", json.dumps({
        "TableName": "ka_table", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}))
    for i in range(50):
        response, _ = post(conn, "PutItem", json.dumps({"TableName": "ka_table", "Item": {"pk": {"S": str(i)}}}))
        assert response.status == 200
    response, body = post(conn, "Scan", '{"TableName":"ka_table","Select":"COUNT"}')
    assert json.loads(body)["Count"] == 50
    assert conn.sock is not None  # never closed by the server


def test_responses_carry_dynamodb_headers(local):
    response, body = post(connect(local), "ListTables")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/x-amz-json-1.0"
    assert response.getheader("x-amz-crc32") == str(zlib.crc32(body))
    assert len(response.getheader("x-amzn-RequestId")) == 52
    assert int(response.getheader("Content-Length")) == len(body)


def test_wire_errors_over_http(local):
    conn = connect(local)
    response, body = post(conn, None)
    assert (response.status, body) == (400, b'{"__type":"com.amazon.coral.service#UnknownOperationException"}')
    response, body = post(conn, "ListTables", b"hi")
    assert (response.status, body) == (400, b'{"__type":"com.amazon.coral.service#SerializationException"}')
    response, body = post(conn, "ListTables", b"{}", **{"Content-Type": "text/plain"})
    assert (response.status, body) == (404, b"<UnknownOperationException/>\n")
    response, body = post(conn, "ListTables")  # the connection survived all of that
    assert response.status == 200


def test_get_is_a_health_check(local):
    conn = connect(local)
    conn.request("GET", "/")
    response = conn.getresponse()
    assert (response.status, response.read()) == (200, b"healthy: dynamodb.us-east-1.amazonaws.com ")


def test_head_answers_headers_only(local):
    conn = connect(local)
    conn.request("HEAD", "/")
    response = conn.getresponse()
    assert response.status == 200 and response.read() == b""
    conn.request("GET", "/")  # still in step after a HEAD
    assert conn.getresponse().read().startswith(b"healthy")


def test_put_and_delete_methods_are_404(local):
    conn = connect(local)
    for method in ("PUT", "DELETE"):
        conn.request(method, "/")
        response = conn.getresponse()
        assert (response.status, response.read()) == (404, b"<UnknownOperationException/>\n")


def test_an_oversized_body_is_refused_before_it_is_sent(local):
    # Only the headers go out: the server must answer 413 without waiting for the body.
    head = (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}ListTables\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {16 * 1024 * 1024 + 1}\r\n\r\n")
    answer = raw_exchange(local, head.encode())
    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"Connection: close" in answer


def test_a_body_at_the_cap_is_read():
    db = Database.memory()
    srv = DynoxideServer(db, "127.0.0.1", 0, max_request_bytes=1000)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        body = b"{" + b" " * 998 + b"}"
        response, _ = post(connect(srv), "ListTables", body)
        assert response.status == 200
        response, _ = post(connect(srv), "ListTables", body + b" ")
        assert response.status == 413
    finally:
        srv.shutdown()
        srv.close_gracefully(timeout=5)


def test_chunked_bodies_are_read(local):
    request = (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}ListTables\r\n"
               "Content-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               "1\r\n{\r\n9;ext=1\r\n\"Limit\":1\r\n1\r\n}\r\n0\r\n\r\n")
    answer = raw_exchange(local, request.encode())
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert answer.endswith(b'{"TableNames":[]}')


def test_expect_100_continue_is_honoured(local):
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.sendall((f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}ListTables\r\n"
                      "Content-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n"
                      "Expect: 100-continue\r\n\r\n").encode())
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b"{}")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200 ")


def test_http_1_0_closes_after_the_answer(local):
    answer = raw_exchange(local, f"POST / HTTP/1.0\r\nX-Amz-Target: {TARGET}ListTables\r\n"
                                 "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}".encode())
    assert answer.startswith(b"HTTP/1.1 200 ") and b"Connection: close" in answer


def test_pipelined_requests_are_answered_in_order(local):
    one = (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}ListTables\r\n"
           "Content-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}")
    last = one.replace("Host: localhost\r\n", "Host: localhost\r\nConnection: close\r\n").replace("{}", '{"Limit":0}')
    answer = raw_exchange(local, (one + one + last).encode())
    assert answer.count(b"HTTP/1.1 200 ") == 2
    assert answer.count(b"HTTP/1.1 400 ") == 1 and answer.endswith(b"}")


@pytest.mark.parametrize("request_bytes, status", [
    (b"garbage\r\n\r\n", 400),
    (b"POST / HTTP/2.0\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nContent-Length: ten\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    (b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
    (b"POST /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"POST / HTTP/1.1\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
])
def test_malformed_http_is_refused_and_the_connection_closed(local, request_bytes, status):
    answer = raw_exchange(local, request_bytes)
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert b"Connection: close" in answer


def _list_tables_request(body: bytes = b"{}", extra: str = "") -> bytes:
    return (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}ListTables\r\n"
            f"Content-Type: application/x-amz-json-1.0\r\n{extra}Content-Length: {len(body)}\r\n\r\n"
            ).encode() + body


def read_answers(sock, count: int) -> list[bytes]:
    """Read `count` complete answers (each with a Content-Length) off a socket."""
    data, answers = b"", []
    while len(answers) < count:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed after {len(answers)} answers"
        data += chunk
        while b"\r\n\r\n" in data:
            head, _, rest = data.partition(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
            if len(rest) < length:
                break
            answers.append(head + b"\r\n\r\n" + rest[:length])
            data = rest[length:]
    return answers


def test_a_request_sent_a_byte_at_a_time_is_read(local):
    request = _list_tables_request(b'{"Limit": 5}')
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(len(request)):
            sock.send(request[i:i + 1])
        answer, = read_answers(sock, 1)
    assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b'{"TableNames":[]}')


@pytest.mark.parametrize("cut", [1, 20, -(len(b"{}") + 4), -(len(b"{}") + 2), -(len(b"{}") + 1), -1])
def test_a_request_split_anywhere_is_read(local, cut):
    request = _list_tables_request()
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(request[:cut])
        threading.Event().wait(0.05)  # let the server see the first part alone
        sock.sendall(request[cut:])
        answer, = read_answers(sock, 1)
    assert answer.startswith(b"HTTP/1.1 200 ")


def test_stray_blank_lines_between_requests_are_skipped(local):
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.sendall(b"\r\n\n" + _list_tables_request() + b"\r\n\r\n" + _list_tables_request())
        answers = read_answers(sock, 2)
    assert all(a.startswith(b"HTTP/1.1 200 ") for a in answers)


def test_pipelined_requests_arriving_in_one_read_keep_their_bodies_apart(local):
    bodies = [b'{"Limit": 1}', b"not json", b"{}", b'{"Limit": 0}']
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.sendall(b"".join(_list_tables_request(body) for body in bodies))
        answers = read_answers(sock, 4)
    assert [a.split(b" ", 2)[1] for a in answers] == [b"200", b"400", b"200", b"400"]
    assert answers[1].endswith(b"SerializationException\"}") and b"ValidationException" in answers[3]


def test_a_large_body_arriving_in_pieces_is_read_whole(local):
    body = json.dumps({"TableName": "nope", "Item": {"pk": {"S": "x" * 300_000}}}).encode()
    request = (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}PutItem\r\n"
               f"Content-Type: application/x-amz-json-1.0\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        for start in range(0, len(request), 50_000):
            sock.sendall(request[start:start + 50_000])
        sock.sendall(_list_tables_request())
        answers = read_answers(sock, 2)
    assert answers[0].startswith(b"HTTP/1.1 400 ") and answers[0].endswith(b'"Requested resource not found"}')
    assert answers[1].startswith(b"HTTP/1.1 200 ")


def test_a_chunked_body_sent_a_byte_at_a_time_is_read(local):
    request = (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}ListTables\r\n"
               "Content-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
               "1\r\n{\r\n9;ext=1\r\n\"Limit\":1\r\n1\r\n}\r\n0\r\nX-Trailer: t\r\n\r\n").encode()
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for i in range(len(request)):
            sock.send(request[i:i + 1])
        sock.sendall(_list_tables_request())  # the connection is still in step
        answers = read_answers(sock, 2)
    assert answers[0].endswith(b'{"TableNames":[]}') and answers[1].startswith(b"HTTP/1.1 200 ")


def test_a_chunked_body_over_the_cap_is_refused():
    db = Database.memory()
    srv = DynoxideServer(db, "127.0.0.1", 0, max_request_bytes=10)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        request = (f"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: {TARGET}ListTables\r\n"
                   "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"a\":  1\r\n8\r\n, \"b\": 2}\r\n0\r\n\r\n")
        answer = raw_exchange(srv, request.encode())
        assert answer.startswith(b"HTTP/1.1 413 ") and b"Connection: close" in answer
    finally:
        srv.shutdown()
        srv.close_gracefully(timeout=5)


@pytest.mark.parametrize("request_bytes", [
    b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n{}",                 # body cut short
    b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{}",  # chunk cut short
    b"POST / HTTP/1.1\r\nHost: localhost\r\n",                                   # head cut short
])
def test_a_request_cut_short_by_the_client_closes_quietly(local, request_bytes):
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.sendall(request_bytes)
        sock.shutdown(socket.SHUT_WR)
        assert sock.recv(65536) == b""
    response, _ = post(connect(local), "ListTables")
    assert response.status == 200


@pytest.mark.parametrize("request_bytes, status", [
    (b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}", 400),
    (b"POST / HTTP/1.1\r\nContent-Length: \xb2\r\n\r\n", 400),
    (b" / HTTP/1.1\r\n\r\n", 400),
    (b"\x00\x01\x02 \xff HTTP/1.1\r\n\r\n", 404),   # any method but GET/POST/OPTIONS is a 404 answer
    (b"POST / HTTP/1.1\r\nX-A: " + b"b" * 70_000, 431),  # a header line that never ends
])
def test_odd_requests_get_an_answer_never_a_hang(local, request_bytes, status):
    with socket.create_connection(local.server_address[:2], timeout=10) as sock:
        sock.sendall(request_bytes)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    assert b"".join(chunks).startswith(f"HTTP/1.1 {status} ".encode())


def test_a_client_that_hangs_up_mid_request_does_not_hurt_the_server(local):
    for partial in (b"POST / HTTP/1.1\r\nContent-Le", b"POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n{"):
        with socket.create_connection(local.server_address[:2], timeout=10) as sock:
            sock.sendall(partial)
    response, _ = post(connect(local), "ListTables")
    assert response.status == 200


def test_concurrent_connections_are_serialised_safely(local):
    conn = connect(local)
    post(conn, "CreateTable", json.dumps({
        "TableName": "concurrent", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}))
    failures = []

    def writer(worker: int):
        c = connect(local)
        for i in range(40):
            response, body = post(c, "UpdateItem", json.dumps({
                "TableName": "concurrent", "Key": {"pk": {"S": "counter"}},
                "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}))
            if response.status != 200:
                failures.append(body)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    _, body = post(conn, "GetItem", '{"TableName":"concurrent","Key":{"pk":{"S":"counter"}},"ConsistentRead":true}')
    assert json.loads(body)["Item"]["n"] == {"N": "240"}


# --- boto3 against `dynoxide serve` ---------------------------------------------------

def test_boto3_create_put_get_query(boto3_client):
    name = unique("boto")
    create_table(boto3_client, name)
    assert name in boto3_client.list_tables()["TableNames"]
    big = "1234567890123456789012345678901234567.8"
    for sk in range(3):
        boto3_client.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": str(sk)}, "v": {"N": big},
                                                     "b": {"B": b"\x00\xff"}, "ss": {"SS": ["x", "y"]}})
    item = boto3_client.get_item(TableName=name, Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]
    assert item == {"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"N": big}, "b": {"B": b"\x00\xff"},
                    "ss": {"SS": ["x", "y"]}}
    page = boto3_client.query(TableName=name, KeyConditionExpression="pk = :p AND sk > :s",
                              ExpressionAttributeValues={":p": {"S": "a"}, ":s": {"N": "0"}}, ScanIndexForward=False)
    assert [i["sk"]["N"] for i in page["Items"]] == ["2", "1"]
    assert page["Count"] == 2


def test_boto3_errors_map_to_client_error_codes(boto3_client):
    name = unique("errs")
    create_table(boto3_client, name)
    with pytest.raises(ClientError) as missing:
        boto3_client.get_item(TableName=unique("absent"), Key={"pk": {"S": "a"}, "sk": {"N": "1"}})
    assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

    with pytest.raises(ClientError) as invalid:
        boto3_client.get_item(TableName=name, Key={"pk": {"S": "a"}})
    assert invalid.value.response["Error"]["Code"] == "ValidationException"

    boto3_client.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": "1"}})
    with pytest.raises(ClientError) as conditional:
        boto3_client.put_item(TableName=name, Item={"pk": {"S": "a"}, "sk": {"N": "1"}},
                              ConditionExpression="attribute_not_exists(pk)")
    assert conditional.value.response["Error"]["Code"] == "ConditionalCheckFailedException"

    with pytest.raises(ClientError) as in_use:
        create_table(boto3_client, name)
    assert in_use.value.response["Error"]["Code"] == "ResourceInUseException"


def test_boto3_paginator_and_batch(boto3_client):
    name = unique("batch")
    create_table(boto3_client, name)
    requests = [{"PutRequest": {"Item": {"pk": {"S": "p"}, "sk": {"N": str(i)}}}} for i in range(25)]
    assert boto3_client.batch_write_item(RequestItems={name: requests})["UnprocessedItems"] == {}
    pages = boto3_client.get_paginator("query").paginate(
        TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
        PaginationConfig={"PageSize": 10})
    assert sum(page["Count"] for page in pages) == 25


def test_the_aws_cli_lists_tables(server, boto3_client, aws_env):
    name = unique("cli")
    create_table(boto3_client, name)
    result = subprocess.run(
        [sys.executable, "-m", "awscli", "dynamodb", "list-tables", "--endpoint-url", server, "--output", "json"],
        capture_output=True, text=True, env=aws_env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert name in json.loads(result.stdout)["TableNames"]


# --- the process: output, signals, durability -----------------------------------------

def test_serve_prints_where_it_listens(serve_process):
    process = serve_process()
    assert process.endpoint.startswith("http://127.0.0.1:")
    assert process.port > 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_write_acknowledged_before_a_signal_is_on_disk_after_restart(serve_process, tmp_path, sig):
    boto3 = pytest.importorskip("boto3")
    path = str(tmp_path / "data.db")

    def client(endpoint):
        return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id="dummy", aws_secret_access_key="dummy")

    first = serve_process("--db", path)
    c = client(first.endpoint)
    create_table(c, "durable")
    c.put_item(TableName="durable", Item={"pk": {"S": "acked"}, "sk": {"N": "1"}, "v": {"S": "kept"}})
    assert first.stop(sig) == 0
    assert "dynoxide stopped" in "".join(first.output)

    second = serve_process("--db", path)
    item = client(second.endpoint).get_item(TableName="durable", Key={"pk": {"S": "acked"}, "sk": {"N": "1"}})
    assert item["Item"]["v"] == {"S": "kept"}


def test_in_flight_requests_finish_before_shutdown(local):
    conn = connect(local)
    post(conn, "CreateTable", json.dumps({
        "TableName": "drain", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}))
    entered, release = threading.Event(), threading.Event()
    real = local.db.execute

    def slow(op, request, **options):
        if op == "PutItem":
            entered.set()
            release.wait(5)
        return real(op, request, **options)

    local.db.execute = slow
    answers = []
    thread = threading.Thread(target=lambda: answers.append(
        post(connect(local), "PutItem", '{"TableName":"drain","Item":{"pk":{"S":"x"}}}')))
    thread.start()
    assert entered.wait(5)
    closer = threading.Thread(target=local.close_gracefully)
    local.shutdown()
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # waiting for the in-flight PutItem
    release.set()
    thread.join(5)
    closer.join(5)
    assert answers and answers[0][0].status == 200


def test_a_busy_port_is_a_clear_error(serve_process):
    first = serve_process()
    result = subprocess.run([sys.executable, "-m", "dynoxide", "serve", "--port", str(first.port)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{first.port}" in result.stderr
    assert "Traceback" not in result.stderr
