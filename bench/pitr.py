"""What point-in-time recovery costs a write: PutItem (new items, then the
same keys overwritten) on a table with PITR on against the same table with it
off, embedded, measured side by side in alternating blocks of writes, by
CPU time (the machine is shared and noisy).

    python bench/pitr.py [--items 10000] [--block 100] [--db memory|file]

Prints ops/s for each and the ratio. With PITR on, each write also appends
the item's old image to the table's change log in the same transaction
(storage/backups.py). A measuring tool, not a test.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "py")]

from dynoxide import Database  # noqa: E402
from side_by_side import databases  # noqa: E402
from workload import CREATE_TABLE, TABLE, item  # noqa: E402


def make(pitr: bool, where: str | None) -> Database:
    db = Database.open(where) if where else Database.memory()
    db.execute("CreateTable", dict(CREATE_TABLE))
    if pitr:
        db.execute("UpdateContinuousBackups", {"TableName": TABLE, "PointInTimeRecoverySpecification": {
            "PointInTimeRecoveryEnabled": True}})
    return db


def timed_block(db: Database, first: int, count: int, n: int, version: int) -> float:
    """CPU seconds of `count` PutItems (this process's CPU time: the other
    work on a shared machine slows the wall clock, not this)."""
    started = time.process_time()
    for i in range(first, first + count):
        db.execute("PutItem", {"TableName": TABLE, "Item": item(i, n, version)})
    return time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--block", type=int, default=100)
    parser.add_argument("--db", choices=["memory", "file"], default="memory")
    args = parser.parse_args()
    with databases({"off": False, "on": True}, args.db, make) as dbs:
        spent = measure(dbs, args.items, args.block)
    print(f"PITR cost, embedded ({args.db}), {args.items} PutItems per pass, blocks of {args.block}, "
          "ops per CPU second")
    for pass_, phase in enumerate(("PutItem (new)", "PutItem (overwrite)")):
        off, on = (args.items / spent[name][pass_] for name in ("off", "on"))
        print(f"  {phase:<20} PITR off {off:>9,.0f}   PITR on {on:>9,.0f}   cost {off / on:.2f}x")
    return 0


def measure(dbs: dict, items: int, block_size: int) -> dict:
    # Blocks of writes alternate between the two databases, each block's
    # order flipped every time, so drift in the machine's speed hits both alike.
    spent = {"off": [0.0, 0.0], "on": [0.0, 0.0]}
    for pass_ in (0, 1):  # 0: new keys; 1: the same keys overwritten
        for block, first in enumerate(range(0, items, block_size)):
            count = min(block_size, items - first)
            order = ("off", "on") if block % 2 == 0 else ("on", "off")
            for name in order:
                spent[name][pass_] += timed_block(dbs[name], first, count, items, pass_)
    return spent


if __name__ == "__main__":
    raise SystemExit(main())
