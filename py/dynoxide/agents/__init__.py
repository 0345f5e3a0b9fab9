"""`dynoxide mcp`: a Model Context Protocol server for agents working on
local DynamoDB data.

- `tools`: what each tool does, over any `execute(op, request)` (a local
  `Database` or a `remote.RemoteDatabase`), with no MCP SDK involved;
- `plain`: DynamoDB JSON to plain JSON and back;
- `server`: the tools served over stdio or streamable HTTP with the
  official `mcp` SDK (the optional extra `dynoxide[mcp]`).

Native only (browser.NATIVE_ONLY).
"""
