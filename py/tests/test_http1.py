"""HTTP/1.x framing (`protocol.http1`): heads found and parsed from bytes alone."""
from __future__ import annotations

import pytest

from dynoxide.protocol import http1
from dynoxide.protocol.http1 import BadRequest


def status_of(call, *args) -> int:
    with pytest.raises(BadRequest) as caught:
        call(*args)
    return caught.value.status


@pytest.mark.parametrize("buffer, end", [
    (b"POST / HTTP/1.1\r\nHost: x\r\n\r\n{}", 28),
    (b"POST / HTTP/1.1\nHost: x\n\n{}", 25),
    (b"POST / HTTP/1.1\nHost: x\n\r\n", 26),      # a bare LF line, then a CRLF blank line
    (b"POST / HTTP/1.1\r\n\r\n", 19),
    (b"POST / HTTP/1.1\r\nHost: x\r\n", -1),
    (b"POST / HTTP/1.1\r\nHost: x\r\n\r", -1),
    (b"", -1),
])
def test_the_head_ends_at_the_first_blank_line(buffer, end):
    assert http1.head_end(buffer) == end


def test_a_search_can_resume_where_the_last_one_stopped():
    buffer = b"POST / HTTP/1.1\r\nHost: x\r\n\r\n"
    assert http1.head_end(buffer, len(buffer) - 5) == len(buffer)


def test_a_head_is_parsed_into_method_version_and_lower_case_headers():
    head = http1.parse_head(b"post / HTTP/1.0\r\nContent-Type:  application/json \r\nX-Amz-Target: T\r\n\r\n")
    assert head.method == "POST" and head.http10
    assert head.headers == {"content-type": "application/json", "x-amz-target": "T"}


def test_repeated_headers_are_joined():
    head = http1.parse_head(b"GET / HTTP/1.1\r\nAccept: a\r\naccept: b\r\n\r\n")
    assert head.headers == {"accept": "a, b"}


def test_bare_lf_line_endings_are_read():
    head = http1.parse_head(b"GET / HTTP/1.1\nHost: x\n\n")
    assert head.headers == {"host": "x"}


@pytest.mark.parametrize("version, connection, keep_alive", [
    ("HTTP/1.1", None, True),
    ("HTTP/1.1", "close", False),
    ("HTTP/1.1", "Keep-Alive", True),
    ("HTTP/1.0", None, False),
    ("HTTP/1.0", "keep-alive", True),
])
def test_keep_alive_follows_the_version_and_connection_header(version, connection, keep_alive):
    extra = f"Connection: {connection}\r\n" if connection else ""
    head = http1.parse_head(f"GET / {version}\r\n{extra}\r\n".encode())
    assert head.keep_alive is keep_alive


@pytest.mark.parametrize("head, status", [
    (b"garbage\r\n\r\n", 400),
    (b"POST / HTTP/2.0\r\n\r\n", 400),
    (b"POST /  \r\n\r\n", 400),
    (b"POST / HTTP/1.1 extra\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nno colon here\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\n: empty name\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nName : space before colon\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\n folded: line\r\n\r\n", 400),
    (b"POST /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"POST / HTTP/1.1\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", 431),
    (b"POST / HTTP/1.1\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", 431),
])
def test_malformed_heads_are_refused_with_a_status(head, status):
    assert status_of(http1.parse_head, head) == status


def test_a_hundred_headers_are_fine():
    head = http1.parse_head(b"POST / HTTP/1.1\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(100)) + b"\r\n")
    assert len(head.headers) == 100


@pytest.mark.parametrize("buffer, status", [
    (b"POST /" + b"a" * 70_000, 414),                         # a request line that never ends
    (b"POST / HTTP/1.1\r\nX-Long: " + b"a" * 70_000, 431),     # a header line that never ends
])
def test_an_unfinished_head_is_refused_once_it_is_too_long(buffer, status):
    assert status_of(http1.check_incomplete, buffer) == status


def test_a_short_unfinished_head_is_waited_for():
    http1.check_incomplete(b"POST / HTTP/1.1\r\nHost: x\r\n")


@pytest.mark.parametrize("value, length", [(None, 0), ("0", 0), ("17", 17), (" 42 ", 42)])
def test_content_length_is_read(value, length):
    headers = {} if value is None else {"content-length": value}
    assert http1.content_length(headers) == length


@pytest.mark.parametrize("value", ["ten", "-1", "+5", "1.0", "", "1 2", "\u00b2", "\u0661"])
def test_a_content_length_that_is_not_plain_digits_is_a_bad_request(value):
    assert status_of(http1.content_length, {"content-length": value}) == 400


@pytest.mark.parametrize("line, size", [(b"0\r\n", 0), (b"1a\r\n", 26), (b"A;ext=1\r\n", 10), (b"ff\n", 255)])
def test_chunk_sizes_are_hex_with_extensions_ignored(line, size):
    assert http1.chunk_size(line) == size


@pytest.mark.parametrize("line", [b"zz\r\n", b"\r\n", b"-1\r\n"])
def test_a_bad_chunk_size_is_a_bad_request(line):
    assert status_of(http1.chunk_size, line) == 400


def test_a_response_head_lists_headers_in_order_then_a_blank_line():
    head = http1.response_head(200, {"x-amzn-RequestId": "R", "Content-Length": "2"}, True)
    assert head == b"HTTP/1.1 200 OK\r\nx-amzn-RequestId: R\r\nContent-Length: 2\r\n\r\n"


def test_a_closing_response_says_so():
    head = http1.response_head(413, {"Content-Length": "0"}, False)
    assert head == b"HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def test_a_bare_refusal_carries_a_request_id_and_closes():
    assert http1.bare_response(400, "ID") == (
        b"HTTP/1.1 400 Bad Request\r\nx-amzn-RequestId: ID\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
