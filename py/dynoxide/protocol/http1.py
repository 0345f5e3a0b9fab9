"""HTTP/1.x framing as `dynoxide serve` reads and writes it: pure byte work, no sockets.

The server's connection loop (in `server.py`) reads a request head into a
buffer with as few `recv` calls as it can, and hands the bytes here. Parsing
a whole head with bytes/str methods in one go costs a fraction of reading it
line by line through a buffered file (per-line calls were most of the
server's own time per GetItem).

What is read is what DynamoDB clients send: HTTP/1.0 or 1.1, headers
ending in CRLF (a bare LF is tolerated), a Content-Length or chunked body.
Anything else is a `BadRequest` carrying the status to refuse it with.
"""
from __future__ import annotations

from http import HTTPStatus

MAX_LINE = 64 * 1024          # request line or one header line
MAX_HEADERS = 100
# A head can hold the request line and MAX_HEADERS lines of up to MAX_LINE each.
MAX_HEAD = MAX_LINE * (MAX_HEADERS + 1)

REASONS = {s.value: s.phrase for s in HTTPStatus}


class BadRequest(Exception):
    """The bytes on the connection are not an HTTP/1.x request we can read."""

    def __init__(self, status: int = 400):
        super().__init__(status)
        self.status = status


class RequestHead:
    """A parsed request line and headers (names lower-cased, repeats joined by ", ").

    `target` is the request-target as sent (`/`, `/console/app.js?x`); the API
    ignores it, as DynamoDB does, and only the console's files look at it.
    """

    __slots__ = ("method", "target", "http10", "headers")

    def __init__(self, method: str, http10: bool, headers: dict[str, str], target: str = "/"):
        self.method = method
        self.target = target
        self.http10 = http10
        self.headers = headers

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        return ("keep-alive" in connection) if self.http10 else ("close" not in connection)


def head_end(buffer: bytes | bytearray, start: int = 0) -> int:
    """Where the body starts (just past the blank line), or -1 if the head is incomplete.

    `start` lets a caller that appends to `buffer` skip what it already searched.
    """
    crlf = buffer.find(b"\n\r\n", start)
    lf = buffer.find(b"\n\n", start, crlf + 1 if crlf >= 0 else len(buffer))
    if lf >= 0:
        return lf + 2
    return crlf + 3 if crlf >= 0 else -1


def check_incomplete(buffer: bytes | bytearray) -> None:
    """Refuse a head that has grown past what we read before it is even complete."""
    if len(buffer) >= MAX_LINE and buffer.find(b"\n", 0, MAX_LINE) < 0:
        raise BadRequest(414)
    if len(buffer) > MAX_HEAD or len(buffer) - buffer.rfind(b"\n") > MAX_LINE:
        raise BadRequest(431)


def parse_head(head: bytes | bytearray) -> RequestHead:
    """Parse a complete head: the request line, headers and the blank line that ends them.

    >>> h = parse_head(b"POST / HTTP/1.1\\r\\nHost: x\\r\\nX-Amz-Target: T\\r\\n\\r\\n")
    >>> h.method, h.http10, h.headers
    ('POST', False, {'host': 'x', 'x-amz-target': 'T'})
    """
    # Decoding the block once is much cheaper than line by line.
    lines = head.decode("latin-1").split("\n")
    request_line = lines[0]
    if len(request_line) >= MAX_LINE:
        raise BadRequest(414)
    parts = request_line.split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest(400)
    # The head ends in a blank line, so the split leaves "" (after "\r" or not) and "" at the end.
    header_lines = lines[1:-2]
    if len(header_lines) > MAX_HEADERS:
        raise BadRequest(431)
    headers: dict[str, str] = {}
    for line in header_lines:
        if len(line) >= MAX_LINE:
            raise BadRequest(431)
        name, sep, value = line.partition(":")
        if not sep or not name or name[0] in " \t" or name[-1] in " \t":
            raise BadRequest(400)
        key = name.lower()
        value = value.strip()
        if key in headers:
            headers[key] = f"{headers[key]}, {value}"
        else:
            headers[key] = value
    return RequestHead(parts[0].upper(), parts[2] == "HTTP/1.0", headers, parts[1])


def content_length(headers: dict[str, str]) -> int:
    """The body's length from Content-Length (0 when absent); chunked bodies are read apart."""
    text = headers.get("content-length")
    if text is None:
        return 0
    text = text.strip()
    if not text.isdigit() or not text.isascii():
        raise BadRequest(400)
    return int(text)


def chunk_size(line: bytes) -> int:
    """The size on a chunked body's size line (extensions ignored)."""
    try:
        size = int(line.split(b";", 1)[0].strip(), 16)
    except ValueError:
        raise BadRequest(400) from None
    if size < 0:
        raise BadRequest(400)
    return size


def response_head(status: int, headers: dict[str, str], keep_alive: bool) -> bytes:
    """The status line and headers of an answer, ready to be followed by its body."""
    fields = "".join([f"{name}: {value}\r\n" for name, value in headers.items()])
    close = "" if keep_alive else "Connection: close\r\n"
    return f"HTTP/1.1 {status} {REASONS.get(status, '')}\r\n{fields}{close}\r\n".encode("latin-1")


def bare_response(status: int, request_id: str) -> bytes:
    """An HTTP-level refusal with no DynamoDB body; the connection closes after it."""
    return response_head(status, {"x-amzn-RequestId": request_id, "Content-Length": "0"}, False)


__all__ = [
    "BadRequest", "MAX_HEADERS", "MAX_LINE", "RequestHead", "bare_response", "check_incomplete",
    "chunk_size", "content_length", "head_end", "parse_head", "response_head",
]
