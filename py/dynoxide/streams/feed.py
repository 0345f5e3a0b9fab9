"""A table's change feed: its stream records after a log position, for a host
that pushes them to subscribers (the browser worker's `subscribe`).

A record's SequenceNumber is its position in one log shared by every stream
(streams/store.py), so one number says how far a subscriber has read across
all the streams a table has had: when a stream is disabled and another
enabled, the new one's records all come after the old one's, and the feed
follows the table's LatestStreamArn with the same cursor. Only the streams
of the table as it is now count (created with it or after), not those of an
earlier table of the same name. Reads only; nothing here writes.
"""
from __future__ import annotations

from ..errors import validation
from ..limits import MAX_GET_RECORDS
from . import messages as m
from .records import position_of, read_back
from .store import Stream, StreamLog

TRIM_HORIZON = "TRIM_HORIZON"
LATEST = "LATEST"


def table_streams(log: StreamLog, table_name: str, table_created: float) -> list[Stream]:
    """The streams of the table created at `table_created`, oldest first."""
    found = [log.get(arn) for arn, _, _ in log.streams(table_name)]
    return sorted((s for s in found if s is not None and s.created >= table_created), key=lambda s: s.created)


def start(log: StreamLog, table_name: str, table_created: float, origin) -> int:
    """The position a feed reads after: `origin` is "TRIM_HORIZON" (every
    record still kept), "LATEST" (only records written from now on) or a
    SequenceNumber already seen (resume after it). Raises DynamoDB's errors:
    an unreadable SequenceNumber, or records after it already trimmed."""
    streams = table_streams(log, table_name, table_created)
    if origin == TRIM_HORIZON:
        # Everything before the table's first stream belongs to other tables.
        return 0
    if origin == LATEST:
        return max([0] + [max(log.span(s.arn)[1] or 0, s.trimmed) for s in streams])
    position = position_of(origin) if isinstance(origin, str) else None
    if position is None:
        raise validation(m.INVALID_SEQUENCE_NUMBER)
    # A stream trimmed past `position` deleted a record the subscriber never saw.
    if any(s.trimmed > position for s in streams):
        raise m.trimmed()
    return position


def read(log: StreamLog, table_name: str, table_created: float, after: int,
         limit: int = MAX_GET_RECORDS) -> list[dict]:
    """Up to `limit` records after `after`, in commit order, GetRecords-shaped."""
    rows: list[tuple[int, str]] = []
    for stream in table_streams(log, table_name, table_created):
        rows += log.read(stream.arn, after, limit)
    rows.sort()
    return [read_back(position, text) for position, text in rows[:limit]]
