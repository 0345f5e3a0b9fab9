"""The wire layer: what DynamoDB's endpoint answers, byte for byte where it matters.

Bodies and CRCs of the bare errors are the ones dynalite recorded from the
real service.
"""
from __future__ import annotations

import json
import re
import zlib

import pytest

from dynoxide import Database, errors, limits
from dynoxide.protocol import wire
from dynoxide.protocol.wire import RawJSON, dispatch_http, handle

LIST_TABLES = "DynamoDB_20120810.ListTables"
SERIALIZATION_BARE = b'{"__type":"com.amazon.coral.service#SerializationException"}'
UNKNOWN_OPERATION_BARE = b'{"__type":"com.amazon.coral.service#UnknownOperationException"}'


class Recorder:
    """A stand-in database that records calls and answers or raises as told."""

    def __init__(self, answer=None, raises: Exception | None = None):
        self.calls: list[tuple[str, dict]] = []
        self.answer = {"TableNames": []} if answer is None else answer
        self.raises = raises

    def execute(self, op, request, *, raw=False, region=None):
        self.calls.append((op, request))
        if self.raises is not None:
            raise self.raises
        return self.answer


@pytest.fixture(scope="module")
def db():
    database = Database.memory()
    yield database
    database.close()


def body_of(response) -> dict:
    return json.loads(response.body)


# --- routing ------------------------------------------------------------------

def test_a_known_target_reaches_the_engine_with_the_parsed_request():
    rec = Recorder()
    response = handle(rec, "DynamoDB_20120810.DescribeTable", b'{"TableName":"abc"}')
    assert response.status == 200
    assert rec.calls == [("DescribeTable", {"TableName": "abc"})]


@pytest.mark.parametrize("target", [
    None, "", "whatever", "DynamoDB_20120810", "DynamoDB_20120810.", "DynamoDB_20120810.ListTable",
    "DynamoDB_20120810.listTables", "DynamoDB_20111205.ListTables", "dynamodb_20120810.ListTables",
    "Foo.ListTables", "DynamoDB_20120810.ListTables.Extra", "DynamoDBStreams_20120810.ListTables",
    "DynamoDB_20120810.ListStreams",
])
def test_missing_foreign_or_unknown_targets_are_a_bare_unknown_operation(target):
    rec = Recorder()
    response = handle(rec, target, b"{}")
    assert (response.status, response.body) == (400, UNKNOWN_OPERATION_BARE)
    assert response.headers["x-amz-crc32"] == "1368724161"
    assert rec.calls == []


def test_stream_operations_route_under_the_streams_prefix():
    rec = Recorder(answer={"Streams": []})
    assert handle(rec, "DynamoDBStreams_20120810.ListStreams", b"{}").status == 200
    assert rec.calls == [("ListStreams", {})]


def test_the_operation_list_is_dynamodbs_own():
    botocore_session = pytest.importorskip("botocore.session").get_session()
    assert wire.DYNAMODB_OPERATIONS <= set(botocore_session.get_service_model("dynamodb").operation_names)
    assert wire.STREAMS_OPERATIONS == set(botocore_session.get_service_model("dynamodbstreams").operation_names)


# --- bodies -------------------------------------------------------------------

@pytest.mark.parametrize("body", [b"hi", b"{", b'{"a":}', b"{'a':1}", b'{"a":NaN}', b'{"a":Infinity}',
                                  b"\xff\xfe{}", b'{"a":"\xff"}', b"[" * 100_000, b"{}{}", b'"\\ud800'])
def test_a_body_that_is_not_json_is_a_bare_serialization_exception(body):
    response = handle(Recorder(), LIST_TABLES, body)
    assert (response.status, response.body) == (400, SERIALIZATION_BARE)
    assert response.headers["x-amz-crc32"] == "3948637019"


def test_malformed_json_is_reported_before_the_target():
    # DynamoDB parses first: a bad body with a bad target is a SerializationException.
    assert handle(Recorder(), None, b"hi").body == SERIALIZATION_BARE


def test_an_empty_body_with_a_valid_target_is_a_serialization_exception():
    rec = Recorder()
    assert handle(rec, LIST_TABLES, b"").body == SERIALIZATION_BARE
    assert handle(rec, LIST_TABLES, None).body == SERIALIZATION_BARE
    assert rec.calls == []


def test_an_empty_body_without_a_target_is_an_unknown_operation():
    assert handle(Recorder(), None, b"").body == UNKNOWN_OPERATION_BARE


def test_json_null_reads_as_an_empty_request():
    rec = Recorder()
    assert handle(rec, LIST_TABLES, b"null").status == 200
    assert rec.calls == [("ListTables", {})]


@pytest.mark.parametrize("body, message", [
    (b"[]", "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ListTablesInput"),
    (b'[{"Limit":1}]', "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ListTablesInput"),
    (b"1", "Unexpected field type"),
    (b'"ListTables"', "Unexpected field type"),
    (b"true", "Unexpected field type"),
])
def test_a_body_that_is_not_an_object_is_a_serialization_exception(body, message):
    rec = Recorder()
    response = handle(rec, LIST_TABLES, body)
    assert response.status == 400
    assert body_of(response) == {"__type": "com.amazon.coral.service#SerializationException", "message": message}
    assert rec.calls == []


def test_str_and_bytes_bodies_are_the_same_request():
    rec = Recorder()
    handle(rec, "DynamoDB_20120810.GetItem", '{"TableName":"t\u00e9"}')
    handle(rec, "DynamoDB_20120810.GetItem", '{"TableName":"t\u00e9"}'.encode())
    assert rec.calls[0] == rec.calls[1] == ("GetItem", {"TableName": "t\u00e9"})


def test_nesting_up_to_the_limit_parses_and_beyond_it_is_refused():
    depth = limits.MAX_JSON_DEPTH
    ok = "{" + '"a":' * 0 + '"x":' + "[" * (depth - 1) + "]" * (depth - 1) + "}"
    rec = Recorder()
    assert handle(rec, LIST_TABLES, ok).status == 200
    too_deep = '{"x":' + "[" * depth + "]" * depth + "}"
    assert handle(rec, LIST_TABLES, too_deep).body == SERIALIZATION_BARE
    assert len(rec.calls) == 1


def test_hundred_thousand_deep_json_is_an_error_not_a_crash():
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000):
        response = handle(Recorder(), LIST_TABLES, body)
        assert (response.status, response.body) == (400, SERIALIZATION_BARE)


@pytest.mark.parametrize("text", ['[[{', '}}]]', '\\', '\\"[', 'a\\"{\\\\', '\\n[', '\\u005c"]'])
def test_brackets_and_escapes_inside_strings_are_not_depth(text):
    # The depth is read from the body's bytes: a string's brackets, escaped
    # quotes and backslashes must not count, whatever sits around them.
    depth = limits.MAX_JSON_DEPTH
    inner = json.dumps(text)
    ok = '{"x":' + "[" * (depth - 2) + f"[{inner}, {inner}]" + "]" * (depth - 2) + "}"
    assert handle(Recorder(), LIST_TABLES, ok).status == 200
    assert handle(Recorder(), LIST_TABLES, ok.encode()).status == 200
    too_deep = '{"x":' + "[" * (depth - 1) + f"[{inner}]" + "]" * (depth - 1) + "}"
    assert handle(Recorder(), LIST_TABLES, too_deep).body == SERIALIZATION_BARE


def test_many_brackets_side_by_side_are_not_depth():
    wide = '{"x":[' + ",".join(["[]"] * 5000) + "]}"
    assert handle(Recorder(), LIST_TABLES, wide).status == 200


def test_a_body_over_the_size_cap_is_refused_without_parsing():
    rec = Recorder()
    response = handle(rec, LIST_TABLES, b" " * (limits.MAX_REQUEST_BYTES + 1))
    assert response.status == 413
    assert rec.calls == []


def test_big_integers_and_long_strings_pass_through_verbatim():
    rec = Recorder()
    big = "9" * 300
    handle(rec, LIST_TABLES, '{"Limit":' + big + ',"ExclusiveStartTableName":"' + "a" * 100_000 + '"}')
    assert rec.calls[0][1]["Limit"] == int(big)


# --- content types ------------------------------------------------------------

@pytest.mark.parametrize("content_type", ["", "whatever", "application/x-amz-json-1.1", "application/jsonasdf",
                                          "text/plain"])
def test_a_body_with_a_foreign_content_type_is_a_404(content_type):
    response = handle(Recorder(), LIST_TABLES, b"{}", content_type=content_type)
    assert (response.status, response.body) == (404, b"<UnknownOperationException/>\n")
    assert response.headers["x-amz-crc32"] == "3552371480"
    assert "Content-Type" not in response.headers


@pytest.mark.parametrize("content_type, answered_as", [
    ("application/x-amz-json-1.0", "application/x-amz-json-1.0"),
    ("application/x-amz-json-1.0;blahblah", "application/x-amz-json-1.0"),
    ("application/json", "application/json"),
    ("application/json;", "application/json"),
    ("  application/json  ;   asfd", "application/json"),
    ("application/json;charset=utf-8", "application/json"),
])
def test_json_content_types_are_accepted_and_echoed(content_type, answered_as):
    assert handle(Recorder(), LIST_TABLES, b"{}", content_type=content_type).headers["Content-Type"] == answered_as
    assert handle(Recorder(), LIST_TABLES, b"hi", content_type=content_type).headers["Content-Type"] == answered_as


def test_no_content_type_and_no_body_is_still_a_dynamodb_request():
    assert handle(Recorder(), None, b"", content_type="").body == UNKNOWN_OPERATION_BARE


def test_callers_without_headers_get_amz_json():
    assert handle(Recorder(), LIST_TABLES, b"{}").headers["Content-Type"] == wire.AMZ_JSON


# --- answers and envelopes ----------------------------------------------------

def test_success_is_compact_json_with_dynamodb_headers():
    response = handle(Recorder(answer={"TableNames": ["a", "b"]}), LIST_TABLES, b"{}")
    assert response.body == b'{"TableNames":["a","b"]}'
    assert response.headers["Content-Type"] == "application/x-amz-json-1.0"
    assert response.headers["Content-Length"] == str(len(response.body))
    assert response.headers["x-amz-crc32"] == str(zlib.crc32(response.body))
    assert re.fullmatch(r"[0-9A-Z]{52}", response.headers["x-amzn-RequestId"])


def test_request_ids_differ():
    assert len({wire.request_id() for _ in range(1000)}) == 1000


def test_non_ascii_is_sent_as_utf8():
    response = handle(Recorder(answer={"TableNames": ["caf\u00e9", "\U0001f600"]}), LIST_TABLES, b"{}")
    assert response.body == '{"TableNames":["caf\u00e9","\U0001f600"]}'.encode()
    assert response.text == '{"TableNames":["caf\u00e9","\U0001f600"]}'


def test_a_lone_surrogate_in_an_answer_is_escaped_not_a_crash():
    response = handle(Recorder(answer={"S": "a\ud800b"}), LIST_TABLES, b"{}")
    assert response.status == 200
    assert response.body == b'{"S":"a\\ud800b"}'


@pytest.mark.parametrize("error, status, body", [
    (errors.validation("bad"), 400, {"__type": "com.amazon.coral.validate#ValidationException", "message": "bad"}),
    (errors.table_not_found("abc"), 400,
     {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
      "message": "Requested resource not found: Table: abc not found"}),
    (errors.conditional_check_failed({"pk": {"S": "a"}}), 400,
     {"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
      "message": "The conditional request failed", "Item": {"pk": {"S": "a"}}}),
    (errors.internal(), 500, {"__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                              "message": errors.internal().message}),
])
def test_engine_errors_become_envelopes_with_their_status(error, status, body):
    response = handle(Recorder(raises=error), LIST_TABLES, b"{}")
    assert response.status == status
    assert body_of(response) == body
    assert response.headers["x-amz-crc32"] == str(zlib.crc32(response.body))


def test_an_unexpected_exception_is_a_logged_internal_server_error(caplog):
    response = handle(Recorder(raises=KeyError("secret detail")), LIST_TABLES, b"{}")
    assert response.status == 500
    assert body_of(response)["__type"] == "com.amazonaws.dynamodb.v20120810#InternalServerError"
    assert b"secret" not in response.body and b"Traceback" not in response.body
    assert "secret detail" in caplog.text


def test_an_unencodable_answer_is_an_internal_server_error(caplog):
    response = handle(Recorder(answer={"x": object()}), LIST_TABLES, b"{}")
    assert response.status == 500


def test_raw_json_is_spliced_verbatim():
    raw = '{"pk":{"S":"caf\u00e9"},"n":{"N":"1e-130"}}'
    answer = {"Items": [RawJSON(raw), RawJSON("{}")], "Count": 2, "Tricky": "\x00raw-0\x00"}
    response = handle(Recorder(answer=answer), LIST_TABLES, b"{}")
    assert response.body == ('{"Items":[' + raw + ',{}],"Count":2,"Tricky":"\\u0000raw-0\\u0000"}').encode()
    assert response.headers["x-amz-crc32"] == str(zlib.crc32(response.body))


def test_raw_json_next_to_a_lone_surrogate():
    answer = {"Item": RawJSON('{"a":{"S":"x"}}'), "S": "\udfff"}
    assert handle(Recorder(answer=answer), LIST_TABLES, b"{}").body == b'{"Item":{"a":{"S":"x"}},"S":"\\udfff"}'


def test_numbers_from_the_real_engine_are_strings_never_floats(db):
    db.execute("CreateTable", {
        "TableName": "wire_numbers", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    big = "12345678901234567890123456789012345678"
    put = {"TableName": "wire_numbers", "Item": {"pk": {"S": "a"}, "n": {"N": big}, "f": {"N": "0.1"}}}
    assert handle(db, "DynamoDB_20120810.PutItem", json.dumps(put)).status == 200
    response = handle(db, "DynamoDB_20120810.GetItem", '{"TableName":"wire_numbers","Key":{"pk":{"S":"a"}}}')
    assert response.status == 200
    assert f'"n":{{"N":"{big}"}}'.encode() in response.body
    assert json.loads(response.body, parse_float=lambda s: pytest.fail(f"float {s} in an item"))["Item"]["f"] == {"N": "0.1"}


def test_the_real_engine_answers_list_tables(db):
    assert handle(db, LIST_TABLES, b"{}").status == 200
    assert "TableNames" in body_of(handle(db, LIST_TABLES, b"{}"))


def test_a_validation_error_from_the_real_engine(db):
    response = handle(db, LIST_TABLES, b'{"Limit":0}')
    assert response.status == 400
    assert body_of(response)["__type"] == "com.amazon.coral.validate#ValidationException"
    assert "limit" in body_of(response)["message"]


# --- the whole HTTP exchange ----------------------------------------------------

def test_get_is_the_health_check():
    response = dispatch_http(Recorder(), "GET", {}, b"")
    assert (response.status, response.body) == (200, b"healthy: dynamodb.us-east-1.amazonaws.com ")
    assert response.headers["x-amz-crc32"] == str(zlib.crc32(response.body))


def test_the_health_check_names_the_region():
    assert dispatch_http(Recorder(), "GET", {}, b"", region="eu-west-2").body == b"healthy: dynamodb.eu-west-2.amazonaws.com "


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_a_404(method):
    response = dispatch_http(Recorder(), method, {}, b"")
    assert (response.status, response.body) == (404, b"<UnknownOperationException/>\n")


def test_options_with_an_origin_is_a_cors_preflight():
    response = dispatch_http(Recorder(), "OPTIONS", {
        "origin": "whatever", "access-control-request-headers": "a, b, c", "access-control-request-method": "d"}, b"")
    assert (response.status, response.body) == (200, b"")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Headers"] == "a, b, c"
    assert response.headers["Access-Control-Allow-Methods"] == "d"
    assert response.headers["Access-Control-Max-Age"] == "172800"
    assert response.headers["Content-Length"] == "0"


def test_a_post_with_an_origin_gets_cors():
    response = dispatch_http(Recorder(), "POST", {"origin": "x"}, b"")
    assert response.body == UNKNOWN_OPERATION_BARE
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_post_routes_by_the_target_header_and_content_type():
    rec = Recorder()
    response = dispatch_http(rec, "POST", {"x-amz-target": LIST_TABLES, "content-type": "application/json"}, b"{}")
    assert response.status == 200 and response.headers["Content-Type"] == "application/json"
    assert dispatch_http(rec, "POST", {"x-amz-target": LIST_TABLES}, b"{}").status == 404  # body, no content type
