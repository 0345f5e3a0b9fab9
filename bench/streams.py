"""What a stream costs a write: PutItem and UpdateItem on a table with a
NEW_AND_OLD_IMAGES stream against the same table without one, embedded,
measured side by side in alternating rounds (the machine is shared and noisy).

    python bench/streams.py [--items 2000] [--rounds 5] [--db memory|file]

Prints ops/s for each and the ratio (target: a stream costs at most 1.3x).
A measuring tool, not a test.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "py")]

from dynoxide import Database  # noqa: E402
from side_by_side import databases  # noqa: E402
from workload import CREATE_TABLE, TABLE, item, key  # noqa: E402

TARGET = 1.3


def make(stream: bool, where: str | None) -> Database:
    db = Database.open(where) if where else Database.memory()
    spec = dict(CREATE_TABLE)
    if stream:
        spec["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}
    db.execute("CreateTable", spec)
    return db


def rate(db: Database, n: int, version: int) -> tuple[float, float]:
    started = time.perf_counter()
    for i in range(n):
        db.execute("PutItem", {"TableName": TABLE, "Item": item(i, n, version)})
    puts = n / (time.perf_counter() - started)
    started = time.perf_counter()
    for i in range(n):
        db.execute("UpdateItem", {"TableName": TABLE, "Key": key(i), "UpdateExpression": "SET v = :v",
                                  "ExpressionAttributeValues": {":v": {"N": str(version)}}})
    updates = n / (time.perf_counter() - started)
    return puts, updates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", choices=["memory", "file"], default="memory")
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {"plain": [], "stream": []}
    with databases({"plain": False, "stream": True}, args.db, make) as dbs:
        for round_ in range(args.rounds):
            order = ("plain", "stream") if round_ % 2 == 0 else ("stream", "plain")
            for name in order:
                results[name].append(rate(dbs[name], args.items, round_ + 1))
    print(f"stream cost, embedded ({args.db}), {args.items} items, median of {args.rounds} rounds (ops/s)")
    for phase, column in (("PutItem", 0), ("UpdateItem", 1)):
        plain = statistics.median(r[column] for r in results["plain"])
        stream = statistics.median(r[column] for r in results["stream"])
        ratio = plain / stream
        verdict = "PASS" if ratio <= TARGET else "MISS"
        print(f"  {phase:<10} no stream {plain:>9,.0f}   NEW_AND_OLD_IMAGES {stream:>9,.0f}   "
              f"cost {ratio:.2f}x   [{verdict} <= {TARGET}x]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
