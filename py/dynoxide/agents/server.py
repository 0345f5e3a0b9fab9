"""The MCP server: `tools.Tools` served with the official `mcp` SDK.

    dynoxide mcp [--db PATH | --endpoint URL] [--read-only] [--http --port N]
                 [--max-items N] [--max-bytes N]

stdio by default (an agent starts it as a subprocess); `--http` serves the
streamable HTTP transport on 127.0.0.1 only, at /mcp. The SDK is the
optional extra `dynoxide[mcp]` and is imported here only, so the engine and
`dynoxide serve` need no dependency.

A tool's DynamoDB error comes back as an MCP tool error (isError) whose text
is "<short type>: <message>" and whose structured content is
`{"error": {"type": <DynamoDB's __type>, "name": ..., "message": ...}}`.
"""
from __future__ import annotations

import functools
from typing import Any

from ..errors import DynamoError
from .tools import Tools

SERVER_NAME = "dynoxide"
INSTRUCTIONS = (
    "A local DynamoDB (dynoxide). Items, keys and expression values are DynamoDB JSON "
    '({"id": {"S": "a"}, "n": {"N": "1"}}) unless a tool is called with plain=true, which takes plain JSON '
    '({"id": "a", "n": 1}). Results give items both ways (Items and PlainItems). A capped result has '
    "Truncated and a Continuation: pass its argument back to get the next page.")


def build_server(tools: Tools) -> Any:
    """An MCPServer with every tool of `tools` (write tools refuse in read-only mode)."""
    from mcp.server.mcpserver import MCPServer
    from mcp.types import ToolAnnotations

    from .. import __version__

    server = MCPServer(SERVER_NAME, version=__version__, instructions=INSTRUCTIONS, log_level="WARNING")
    for name in tools.names():
        # export_table changes no data but writes files: not read-only in MCP's sense.
        writes = name in Tools.WRITES or name in ("execute_statement", "export_table")
        annotations = ToolAnnotations(read_only_hint=not writes,
                                      destructive_hint=name in ("delete_table", "delete_item", "put_item",
                                                                "batch_write_item", "execute_statement",
                                                                "import_table"))
        server.add_tool(_reporting_errors(getattr(tools, name)), name=name, annotations=annotations,
                        structured_output=True)
    return server


def _reporting_errors(method):
    """The tool, with a DynamoError turned into an MCP tool error carrying its type and message."""
    from mcp.types import CallToolResult, TextContent

    @functools.wraps(method)
    def tool(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except DynamoError as error:
            return CallToolResult(
                is_error=True,
                content=[TextContent(type="text", text=f"{error.name}: {error.message}" if error.message else error.name)],
                structured_content={"error": {"type": error.type, "name": error.name, "message": error.message}})
        except ValueError as error:  # a plain-JSON value with no DynamoDB type, a bad argument
            return CallToolResult(
                is_error=True, content=[TextContent(type="text", text=f"ValidationException: {error}")],
                structured_content={"error": {"type": "com.amazon.coral.validate#ValidationException",
                                              "name": "ValidationException", "message": str(error)}})
    return tool


def run(db: Any, *, read_only: bool = False, http_port: int | None = None, max_items: int, max_bytes: int) -> None:
    """Serve until the client goes away (stdio) or SIGINT (HTTP)."""
    server = build_server(Tools(db, read_only=read_only, max_items=max_items, max_bytes=max_bytes))
    if http_port is None:
        server.run("stdio")
    else:
        server.run("streamable-http", host="127.0.0.1", port=http_port)
