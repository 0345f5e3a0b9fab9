"""The `dynoxide` command (also `python -m dynoxide`).

    dynoxide serve [--host 127.0.0.1] [--port 8000] [--db PATH] [--cors ORIGIN[,ORIGIN...]]
                   [--ttl-interval SECONDS] [--no-console] [--s3-root DIR] [--shared-regions]
    dynoxide mcp [--db PATH | --endpoint URL] [--region R] [--read-only] [--http --port N]
                 [--max-items N] [--max-bytes N]
    dynoxide export --db PATH [--region R] [--table T ...] --out DIR|FILE.tar
    dynoxide import --db PATH [--region R] --from DIR|FILE.tar|FILE.json[.gz] [--table T] [--schema FILE]

The server is the standard library's (see `dynoxide.server` for the
measurements behind that), so `serve` needs no extra package; `mcp` needs
the `mcp` SDK (`pip install 'dynoxide[mcp]'`).
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .protocol.wire import DEFAULT_REGION


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
    serve.add_argument("--s3-root", metavar="DIR",
                       help="a directory standing for S3 in ExportTableToPointInTime and ImportTable: "
                            "s3://bucket/prefix is DIR/bucket/prefix, each bucket a directory in DIR "
                            "(default: none, and those operations are refused)")
    serve.add_argument("--shared-regions", action="store_true",
                       help="one namespace of tables for every region (default: as in DynamoDB, a request reaches "
                            "the tables of the region it is signed for; --db PATH holds us-east-1's and "
                            "PATH's name with the region before its extension holds another's)")
    serve.add_argument("--log-level", choices=["debug", "info", "warning", "error"],
                       help="log level (default: warnings and errors to stderr)")
    _add_mcp(commands)
    export = commands.add_parser(
        "export", help="write tables in the layout of DynamoDB's export to S3",
        description="Write tables as DynamoDB's ExportTableToPointInTime does (DYNAMODB_JSON): "
                    "OUT/<TableName>/ holds manifest-summary.json, manifest-files.json, data/*.json.gz and the "
                    "table's definition (table-description.json, table-creation-parameters.json).")
    export.add_argument("--db", metavar="PATH", required=True, help="the SQLite database file to export from")
    export.add_argument("--table", metavar="T", action="append",
                        help="a table to export (repeat for several; default: every table)")
    _add_region(export)
    export.add_argument("--out", metavar="DIR", required=True,
                        help="the directory to write into (a name ending in .tar writes one tar instead)")
    load = commands.add_parser(
        "import", help="load tables from DynamoDB's export format or DynamoDB JSON lines",
        description="Load an export (ours, or ExportTableToPointInTime's in DYNAMODB_JSON) from a directory or "
                    "tar, or a plain .json/.json.gz file of {\"Item\": ...} lines. Missing tables are created from "
                    "their definition; all or nothing: on any error no table changes.")
    load.add_argument("--db", metavar="PATH", required=True, help="the SQLite database file to import into")
    _add_region(load)
    load.add_argument("--from", dest="source", metavar="SOURCE", required=True,
                      help="an export directory, a .tar of one, or a .json/.json.gz file of DynamoDB JSON lines")
    load.add_argument("--table", metavar="T",
                      help="the table to load when the source holds several, or the name to load its one table under")
    load.add_argument("--schema", metavar="FILE",
                      help="the table's definition when the source has none: DescribeTable output, ImportTable's "
                           "TableCreationParameters or a CreateTable request, as JSON")
    return parser


def _add_region(command, help: str | None = None) -> None:
    command.add_argument("--region", default=DEFAULT_REGION, metavar="REGION",
                         help=help or "whose tables: the region's file beside --db PATH, as `serve` lays them out "
                                      f"(default {DEFAULT_REGION}, whose are in PATH itself)")


def _open_db(path: str | None, region: str):
    """The database a command works on: `path`'s tables of `region`, or a memory one."""
    from .database import Database
    from .protocol.signing import is_region_name

    if path:
        return Database.open_one_region(path, region)  # which checks the name: it would name a file
    if not is_region_name(region):
        raise ValueError(f"--region {region!r} is not a region name")
    return Database.memory(region=region)


def _add_mcp(commands) -> None:
    from .agents.tools import DEFAULT_MAX_BYTES, DEFAULT_MAX_ITEMS

    mcp = commands.add_parser(
        "mcp", help="serve the Model Context Protocol (tools for agents) on a database",
        description="Serve MCP tools (tables, items, query/scan, PartiQL, batch write) over stdio, "
                    "or over streamable HTTP on 127.0.0.1 with --http.")
    source = mcp.add_mutually_exclusive_group()
    source.add_argument("--db", metavar="PATH", help="SQLite database file (default: in memory, lost on exit)")
    source.add_argument("--endpoint", metavar="URL", help="a running DynamoDB endpoint (dynoxide serve, DynamoDB Local)")
    _add_region(mcp, "the region whose tables the tools reach: with --db, its file beside PATH as `serve` lays "
                     f"them out; with --endpoint, the region requests are signed for (default {DEFAULT_REGION})")
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
    if args.command in ("export", "import"):
        return _exchange(args)
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
    if args.s3_root is not None and not os.path.isdir(args.s3_root):
        print(f"dynoxide: error: --s3-root {args.s3_root} is not a directory", file=sys.stderr)
        return 2
    try:
        options = {"s3_root": args.s3_root, "shared_regions": args.shared_regions}
        db = Database.open(args.db, **options) if args.db else Database.memory(**options)
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
            db = RemoteDatabase(args.endpoint, region=args.region)
        except ValueError as exc:
            print(f"dynoxide: error: {exc}", file=sys.stderr)
            return 2
    else:
        try:
            db = _open_db(args.db, args.region)
        except Exception as exc:  # noqa: BLE001 - a clear line, not a traceback
            print(f"dynoxide: error: cannot open database {args.db or ':memory:'}: {exc}", file=sys.stderr)
            return 1
    from .agents import server

    server.run(db, read_only=args.read_only, http_port=args.port if args.http else None,
               max_items=args.max_items, max_bytes=args.max_bytes)
    return 0


def _exchange(args: argparse.Namespace) -> int:
    """`export` and `import`: one line per table on success, one clear line on failure."""
    from .errors import DynamoError

    try:
        db = _open_db(args.db, args.region)
    except Exception as exc:  # noqa: BLE001 - a clear line, not a traceback
        print(f"dynoxide: error: cannot open database {args.db}: {exc}", file=sys.stderr)
        return 1
    try:
        if args.command == "export":
            for result in db.export_to(args.out, args.table):
                print(f"exported {result['TableName']}: {result['ItemCount']} items to {result['Path']}")
        else:
            for result in db.import_from(args.source, table=args.table, schema=args.schema):
                verb = "created" if result["Created"] else "loaded into"
                print(f"imported {result['ImportedItemCount']} items: {verb} {result['TableName']} "
                      f"({result['ItemCount']} items)")
    except DynamoError as err:
        print(f"dynoxide: error: {err.type.rsplit('#', 1)[-1]}: {err.message}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"dynoxide: error: {err.strerror or err}{f': {err.filename}' if err.filename else ''}",
              file=sys.stderr)
        return 1
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
