"""`Database.execute` over HTTP: a DynamoDB endpoint (`dynoxide serve`,
DynamoDB Local) answering the same calls a local `Database` answers.

    >>> remote = RemoteDatabase("http://127.0.0.1:8000")     # doctest: +SKIP
    >>> remote.execute("ListTables", {})                     # doctest: +SKIP
    {'TableNames': []}

For the MCP server's `--endpoint` and the pytest plugin's endpoint fixture,
which need no SDK: one keep-alive connection per thread, the JSON 1.0 wire
format, and the endpoint's errors raised as `DynamoError` with its type and
message. Requests carry a placeholder SigV4-shaped Authorization header
(emulators want one, none checks it); real AWS would refuse it, which is
the point: this is for local endpoints only. Native only (browser.NATIVE_ONLY).
"""
from __future__ import annotations

import http.client
import json
import threading
import urllib.parse

from .errors import DynamoError
from .protocol.wire import AMZ_JSON, STREAMS_OPERATIONS, STREAMS_TARGET_PREFIX, TARGET_PREFIX

_AUTHORIZATION = ("AWS4-HMAC-SHA256 Credential=dynoxide/20200101/{region}/dynamodb/aws4_request, "
                  "SignedHeaders=host, Signature=0")


class RemoteDatabase:
    """The `execute` of a `Database`, answered by the endpoint at `url`."""

    def __init__(self, url: str, *, region: str = "us-east-1", timeout: float = 30.0):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not an http(s) endpoint URL: {url!r}")
        self.url = url
        self.region = region
        self._parsed = parsed
        self._timeout = timeout
        self._local = threading.local()

    def execute(self, op: str, request: dict | None = None, **_ignored) -> dict:
        prefix = STREAMS_TARGET_PREFIX if op in STREAMS_OPERATIONS else TARGET_PREFIX
        body = json.dumps({} if request is None else request).encode()
        headers = {"Content-Type": AMZ_JSON, "X-Amz-Target": prefix + op,
                   "Authorization": _AUTHORIZATION.format(region=self.region)}
        status, data = self._post(body, headers)
        answer = json.loads(data) if data else {}
        if status >= 300:
            name = str(answer.get("__type", "InternalServerError")).rsplit("#", 1)[-1]
            raise DynamoError(name, answer.get("message", answer.get("Message")), status,
                              {k: v for k, v in answer.items() if k not in ("__type", "message", "Message")})
        return answer

    def _post(self, body: bytes, headers: dict) -> tuple[int, bytes]:
        for attempt in (1, 2):
            reused = getattr(self._local, "connection", None) is not None
            connection = self._connection()
            try:
                connection.request("POST", self._parsed.path or "/", body, headers)
                response = connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server had closed while idle: the
                # request never reached it, so sending it once more is safe.
                connection.close()
                self._local.connection = None
                if attempt == 2 or not reused:
                    raise
        raise AssertionError("unreachable")

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            kind = http.client.HTTPSConnection if self._parsed.scheme == "https" else http.client.HTTPConnection
            connection = kind(self._parsed.hostname, self._parsed.port, timeout=self._timeout)
            self._local.connection = connection
        return connection

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None


__all__ = ["RemoteDatabase"]
