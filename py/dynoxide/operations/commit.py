"""Where planned writes become one SQLite transaction.

Every item write (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
TransactWriteItems, PartiQL's writes through them, and TTL expiry) ends
here: base rows, index rows, item counts and, for a table with an enabled
stream, its change records, all in one `Connection.write`. So a crash never
leaves a write without its record or a record without its write, and a table
without a stream pays one attribute check per write for the feature.
"""
from __future__ import annotations

from ..storage.tables import Counts
from ..streams import records


def commit(engine, plans, *, by_ttl: bool = False) -> None:
    counts = Counts()
    statements = [statement for plan in plans for statement in plan.statements(counts)] + counts.statements()
    statements += stream_records(engine, plans, by_ttl=by_ttl)
    statements += engine.backups.before_write(plans, engine.clock)  # backup copies, PITR log
    if statements:
        engine.conn.write(statements)


def stream_records(engine, plans, *, by_ttl: bool = False) -> list:
    out = []
    now = None
    for plan in plans:
        stream = plan.schema.stream
        if not plan.writes or not stream or not stream.get("StreamEnabled"):
            continue
        now = engine.clock() if now is None else now
        record = records.build(stream["StreamViewType"], plan.schema.key_names(), plan.old, plan.new,
                               region=engine.region, now=now, by_ttl=by_ttl, old_text=plan.old_text,
                               old_size=plan.old_size, new_text=plan.new_text, new_size=plan.new_size)
        if record is not None:
            out.append(engine.streams.append(engine.stream_arn(plan.schema.name, stream["Label"]), now, record))
    return out
