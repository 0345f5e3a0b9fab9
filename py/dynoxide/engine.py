"""The engine: routes an operation through validation to its implementation.

    request -> validation (shape, DynamoDB's order and messages)
            -> operation (expressions, table checks, storage)
            -> response dict
"""
from __future__ import annotations

from typing import Callable

from . import errors
from .errors import DynamoError
from .operations import OPERATIONS, S3_OPERATIONS, USES_CHECKED
from .operations.recovery import sweep as trim_recovery
from .operations.ttl import sweep as expire
from .schema import TableSchema
from .exchange.buckets import NOT_CONFIGURED
from .storage.backups import BackupStore
from .storage.transfers import TransferStore
from .storage.catalog import Catalog
from .storage.connection import Connection
from .storage.tables import TableStore
from .streams.store import StreamLog
from .raw import parsed
from .validation import table_arns
from .validation.request import validate_request

# Operations that only read: they run outside any write transaction, so they
# never take the database's write lock. Any other operation (one not listed
# here too) runs in one.
READ_ONLY_OPERATIONS = frozenset({
    "GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems",
    "DescribeTable", "ListTables", "ListTagsOfResource", "DescribeTimeToLive",
    "DescribeEndpoints", "DescribeLimits", "SearchVectors",
    "ListStreams", "DescribeStream", "GetShardIterator", "GetRecords",
    "DescribeBackup", "ListBackups", "DescribeContinuousBackups",
    "DescribeExport", "ListExports", "DescribeImport", "ListImports",
})

# Backup copy chunks (storage/backups.py) a sweep takes on: the browser
# worker's idle timer copies backups so.
SWEEP_COPY_STEPS = 8


class Engine:
    def __init__(self, conn: Connection, *, region: str, account_id: str, clock: Callable[[], float],
                 streams_supported: bool = True, buckets=NOT_CONFIGURED):
        """`buckets`: where the export and import APIs find S3 (exchange/buckets.py)."""
        self.conn = conn
        self.region = region
        self.account_id = account_id
        self.clock = clock
        self.streams_supported = streams_supported
        self.catalog = Catalog(conn)
        self.streams = StreamLog(conn)
        self.backups = BackupStore(conn)
        self.transfers = TransferStore(conn)
        self.buckets = buckets
        # TransactWriteItems idempotency: token -> what a replay answers with
        # (see operations/transactions.py), in memory for DynamoDB's 10-minute window.
        self.transaction_tokens: dict = {}

    def execute(self, op: str, request: dict, raw: bool = False, **options) -> dict:
        """Run one operation. `options`: what an internal caller (PartiQL) asks
        of the operation beyond its request (see `items.update_item`)."""
        handler = OPERATIONS.get(op)
        if handler is None:
            raise DynamoError("UnknownOperationException", f"An unknown operation was requested: {op}")
        if not isinstance(request, dict):
            raise errors.serialization("Start of structure or map found where not expected")
        # Table ARNs become names here, once: operations only see names.
        sent = table_arns.resolve(op, request, region=self.region, account_id=self.account_id)
        checked = validate_request(op, request)
        if op in S3_OPERATIONS:
            # A host without S3 refuses here, before the operation's native-only modules load.
            self.buckets.require(op)
        args = (self, request, checked) if op in USES_CHECKED else (self, request)
        if op in READ_ONLY_OPERATIONS:
            response = handler(*args, **options)
        else:
            # A write reads what it checks inside its own transaction (see
            # storage/connection.py), so no other process can write between.
            with self.conn.transaction():
                response = handler(*args, **options)
        if sent:
            response = table_arns.echo(op, response, sent)
        # Stored items travel as text (RawJSON) to a caller that splices them.
        return response if raw else parsed(response)

    # --- helpers the operations share -------------------------------------
    def schema(self, table_name: str, *, control_plane: bool = False) -> TableSchema:
        """The table's schema, or DynamoDB's not-found error.

        The control plane names the table in its message; data-plane
        operations answer a bare "Requested resource not found".
        """
        schema = self.catalog.get(table_name)
        if schema is None:
            raise errors.table_not_found(table_name) if control_plane else errors.resource_not_found()
        return schema

    def store(self, schema: TableSchema) -> TableStore:
        return TableStore(self.conn, schema)

    def table_arn(self, table_name: str) -> str:
        return f"arn:aws:dynamodb:{self.region}:{self.account_id}:table/{table_name}"

    def stream_arn(self, table_name: str, label: str) -> str:
        return f"{self.table_arn(table_name)}/stream/{label}"

    def sweep(self, now: float | None = None) -> int:
        """Housekeeping a host runs on a timer: expire TTL items (a batch per
        table), trim stream records past retention and PITR logs past their
        recovery period, and copy a few chunks of backups in progress; returns
        the items expired."""
        now = self.clock() if now is None else now
        expired = expire(self, now)
        trim = self.streams.trim(now)
        if trim:
            with self.conn.transaction():
                self.conn.write(trim)
        trim_recovery(self, now)
        for _ in range(SWEEP_COPY_STEPS):
            if not self.backups.copy_step():
                break
        return expired

    def close(self) -> None:
        self.conn.close()
