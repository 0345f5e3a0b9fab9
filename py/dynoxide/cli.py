"""The `dynoxide` command (also `python -m dynoxide`).

    dynoxide serve [--host 127.0.0.1] [--port 8000] [--db PATH] [--cors ORIGIN[,ORIGIN...]]
                   [--ttl-interval SECONDS] [--no-console]
    dynoxide mcp [--db PATH | --endpoint URL] [--read-only] [--http --port N]
                 [--max-items N] [--max-bytes N]

The server is the standard library's (see `dynoxide.server` for the
measurements behind that), so `serve` needs no extra package; `mcp` needs
the `mcp` SDK (`pip install 'dynoxide[mcp]'`).
"""
from __future__ import annotations

import argparse
import sys

from . import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dynoxide", description="A faithful DynamoDB emulator over SQLite.")
    parser.add_argument("--version", action="version", version=f"dynoxide {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve = commands.add_parser(
        "serve", help="serve the DynamoDB HTTP API",
        description="Serve the DynamoDB JSON API over HTTP until SIGINT or SIGTERM.")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)")
    serve.add_argument("-p", "--port", type=int, default=8000, help="port to listen on (default 8000; 0 picks a free one)")
    serve.add_argument("--db", metavar="PATH",
                       help="SQLite database file to keep tables in (default: in memory, lost on exit)")
    serve.add_argument("--cors", metavar="ORIGIN[,ORIGIN...]",
                       help="web origins that browsers may call from (default: pages on localhost, 127.0.0.1 "
                            "and [::1], any port); '*' allows every origin")
    serve.add_argument("--ttl-interval", type=float, default=1.0, metavar="SECONDS",
                       help="seconds between sweeps that delete expired TTL items (default 1; 0 turns TTL expiry off)")
    serve.add_argument("--no-console", dest="console", action="store_false",
                       help="do not serve the web console at /console/ (every GET is then the health check)")
    serve.add_argument("--log-level", choices=["debug", "info", "warning", "error"],
                       help="log level (default: warnings and errors to stderr)")
    _add_mcp(commands)
    return parser


def _add_mcp(commands) -> None:
    from .agents.tools import DEFAULT_MAX_BYTES, DEFAULT_MAX_ITEMS

    mcp = commands.add_parser(
        "mcp", help="serve the Model Context Protocol (tools for agents) on a database",
        description="Serve MCP tools (tables, items, query/scan, PartiQL, batch write) over stdio, "
                    "or over streamable HTTP on 127.0.0.1 with --http.")
    source = mcp.add_mutually_exclusive_group()
    source.add_argument("--db", metavar="PATH", help="SQLite database file (default: in memory, lost on exit)")
    source.add_argument("--endpoint", metavar="URL", help="a running DynamoDB endpoint (dynoxide serve, DynamoDB Local)")
    mcp.add_argument("--read-only", action="store_true", help="refuse every write")
    mcp.add_argument("--http", action="store_true", help="streamable HTTP on 127.0.0.1 instead of stdio")
    mcp.add_argument("-p", "--port", type=int, default=8765, help="port for --http (default 8765)")
    mcp.add_argument("--max-items", type=int, default=DEFAULT_MAX_ITEMS, metavar="N",
                     help=f"most items in one result (default {DEFAULT_MAX_ITEMS})")
    mcp.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                     help=f"most bytes of JSON in one result (default {DEFAULT_MAX_BYTES})")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "mcp":
        return _mcp(args)
    parser.print_help(sys.stderr)
    return 2


def _serve(args: argparse.Namespace) -> int:
    if args.log_level:  # otherwise logging stays unimported; its last-resort handler prints warnings
        import logging

        logging.basicConfig(level=args.log_level.upper(), format="dynoxide: %(levelname)s %(name)s: %(message)s")
    from .database import Database
    from .server import serve

    if not 0 <= args.port <= 65535:
        print(f"dynoxide: error: port {args.port} is out of range 0-65535", file=sys.stderr)
        return 2
    try:
        db = Database.open(args.db) if args.db else Database.memory()
    except Exception as exc:  # noqa: BLE001 - a clear line, not a traceback
        print(f"dynoxide: error: cannot open database {args.db or ':memory:'}: {exc}", file=sys.stderr)
        return 1
    try:
        cors = None if args.cors is None else args.cors.split(",")
        serve(db, args.host, args.port, cors=cors, ttl_interval=args.ttl_interval,
              with_console=args.console)
    except OSError as exc:
        db.close()
        print(f"dynoxide: error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _mcp(args: argparse.Namespace) -> int:
    try:
        import mcp  # noqa: F401 - only to say clearly what is missing
    except ImportError:
        print("dynoxide: error: `dynoxide mcp` needs the MCP SDK: pip install 'dynoxide[mcp]'", file=sys.stderr)
        return 1
    if args.max_items < 1 or args.max_bytes < 1:
        print("dynoxide: error: --max-items and --max-bytes must be at least 1", file=sys.stderr)
        return 2
    if args.endpoint:
        from .remote import RemoteDatabase

        try:
            db = RemoteDatabase(args.endpoint)
        except ValueError as exc:
            print(f"dynoxide: error: {exc}", file=sys.stderr)
            return 2
    else:
        from .database import Database

        try:
            db = Database.open(args.db) if args.db else Database.memory()
        except Exception as exc:  # noqa: BLE001 - a clear line, not a traceback
            print(f"dynoxide: error: cannot open database {args.db or ':memory:'}: {exc}", file=sys.stderr)
            return 1
    from .agents import server

    server.run(db, read_only=args.read_only, http_port=args.port if args.http else None,
               max_items=args.max_items, max_bytes=args.max_bytes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
