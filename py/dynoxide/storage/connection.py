"""The seam between the engine and a host: SQL text and parameters in, rows out.

Both hosts implement only this. `SqliteConnection` wraps the stdlib `sqlite3`
natively; `BridgeConnection` calls the JS bridge over sqlite-wasm in the
browser Worker. Everything above it (SQL builders, catalog, table stores,
operations) is shared, so a query fixed for one host is fixed for both.

Values crossing the seam are str, int, float, None (and bytes natively). Keys
are TEXT whose byte order is DynamoDB's order (see values/keys.py), and items
travel as DynamoDB-JSON text, so the browser bridge can pass everything as
JSON without any BLOB or 64-bit float handling.
"""
from __future__ import annotations

from typing import ContextManager, Protocol, Sequence

Statement = tuple[str, Sequence]


class Connection(Protocol):
    def query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """Run one read statement and return every row."""

    def write(self, statements: Sequence[Statement]) -> None:
        """Run the statements as one transaction: all of them or none.

        One DynamoDB write (base row and its index rows) is one call, which
        the browser bridge turns into one crossing into JS. Inside
        `transaction()` the statements join that transaction instead, and an
        exception from `write` must reach the `transaction()` block, which
        then rolls everything back.
        """

    def transaction(self) -> ContextManager[None]:
        """A write operation's transaction: its reads and writes as one unit.

        Reads made inside see no other writer's commits until it ends, so a
        conditional write's check and its write cannot interleave with
        another connection's, even in another process. It commits when the
        block ends and rolls back if the block raises. Nested blocks join
        the outer one. Read-only operations do not use it, so they never
        take the database's write lock.
        """

    def close(self) -> None:
        """Release the database (and, in the browser, its OPFS handles)."""
