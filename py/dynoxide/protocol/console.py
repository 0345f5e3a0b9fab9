"""The console's static files, as `dynoxide serve` answers `GET /console/...`.

The console (console/ in the repository, built by esbuild into
console/dist/) is a page that sends DynamoDB JSON 1.0 requests back to the
endpoint that served it, so it needs no CORS. Only GET and HEAD under
`/console` reach this module; every other request, the API's POSTs first,
never looks at the path (see server.py), so the DynamoDB path costs one
string comparison more.

The files are found beside the package in a repository checkout (an
editable install or PYTHONPATH=py). A wheel does not carry them: there
`/console/` answers 404 with a line saying how to get the console, and the
rest of the server is unchanged.

Pure functions over a directory: no directory listings, nothing outside it
(a `..` segment, an encoded slash or a NUL is a 404), and only the content
types below are served.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from .wire import WireResponse, request_id

PREFIX = "/console"
# The checkout's layout: py/dynoxide/protocol/console.py -> <repo>/console/dist
CHECKOUT_DIR = Path(__file__).resolve().parents[3] / "console" / "dist"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}

NOT_BUILT = (b"The dynoxide console is not here: it is built from a repository checkout "
             b"(npm install && npm run build:console) and is not part of the Python wheel.\n")


def default_directory() -> Path | None:
    """The built console next to this package (a checkout), or None (an installed wheel)."""
    return CHECKOUT_DIR if (CHECKOUT_DIR / "index.html").is_file() else None


def wants_console(method: str, target: str) -> bool:
    """Whether a request is for the console's files rather than the API."""
    return (method == "GET" or method == "HEAD") and (
        target == PREFIX or target.startswith(PREFIX + "/") or target.startswith(PREFIX + "?"))


def _plain(status: int, body: bytes, extra: dict[str, str] | None = None) -> WireResponse:
    headers = {"x-amzn-RequestId": request_id(), "Content-Type": "text/plain; charset=utf-8",
               "Content-Length": str(len(body)), **(extra or {})}
    return WireResponse(status, headers, body)


def answer(target: str, directory: Path | None) -> WireResponse:
    """The response to `GET target` (target starts with /console), from `directory`."""
    path = target.split("?", 1)[0].split("#", 1)[0]
    if path == PREFIX:
        # Relative URLs in the page need the trailing slash.
        return _plain(301, b"", {"Location": PREFIX + "/"})
    if directory is None:
        return _plain(404, NOT_BUILT)
    relative = unquote(path[len(PREFIX) + 1:]) or "index.html"
    parts = relative.split("/")
    if any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts):
        return _plain(404, b"not found\n")
    file = directory.joinpath(*parts)
    content_type = CONTENT_TYPES.get(file.suffix.lower())
    if content_type is None or not file.is_file() or not file.resolve().is_relative_to(directory.resolve()):
        return _plain(404, b"not found\n")
    body = file.read_bytes()
    headers = {"x-amzn-RequestId": request_id(), "Content-Type": content_type,
               "Content-Length": str(len(body)), "Cache-Control": "no-cache",
               "X-Content-Type-Options": "nosniff"}
    return WireResponse(200, headers, body)


__all__ = ["CHECKOUT_DIR", "PREFIX", "answer", "default_directory", "wants_console"]
