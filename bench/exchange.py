"""Export and import throughput, natively: items/s for `Database.import_from`
and `Database.export_to` on a file-backed database.

    python bench/exchange.py [--items 100000] [--json out.json]

The items are written as a plain gzip JSON-lines file with a table
description (a GSI on a low-cardinality attribute, ~200-byte items), loaded
into a new table, exported, and the export loaded again under another name
(the export's manifests and checksums checked). Prints one line per phase.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "py"))

from dynoxide import Database  # noqa: E402

DESCRIPTION = {
    "TableName": "Bench", "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                             {"AttributeName": "g", "AttributeType": "S"}],
    "GlobalSecondaryIndexes": [{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                "Projection": {"ProjectionType": "ALL"}}],
}


def line(i: int) -> str:
    return json.dumps({"Item": {"pk": {"S": f"user#{i % 1000}"}, "sk": {"N": str(i)}, "g": {"S": f"g{i % 17}"},
                                "name": {"S": f"item number {i}"}, "n": {"N": str(i * 7 % 1013)},
                                "tags": {"SS": ["a", "b", f"t{i % 5}"]},
                                "body": {"S": "lorem ipsum dolor sit amet " * 3}}}, separators=(",", ":")) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args()
    n = args.items
    results = {}
    with tempfile.TemporaryDirectory() as work:
        source = os.path.join(work, "items.json.gz")
        with gzip.open(source, "wt", encoding="utf-8") as f:
            for i in range(n):
                f.write(line(i))
        with Database.open(os.path.join(work, "bench.sqlite")) as db:
            for phase, run in (
                ("import (JSON lines)", lambda: db.import_from(source, schema=DESCRIPTION)),
                ("export", lambda: db.export_to(os.path.join(work, "out"), ["Bench"])),
                ("import (export)", lambda: db.import_from(os.path.join(work, "out"), table="Again")),
            ):
                cpu, wall = time.process_time(), time.perf_counter()
                run()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                results[phase] = {"items": n, "seconds": round(wall, 3), "items_per_s": round(n / wall),
                                  "items_per_cpu_s": round(n / cpu)}
                print(f"{phase:22} {n:>8} items  {wall:7.2f} s  {n / wall:>9,.0f} items/s  "
                      f"({n / cpu:,.0f} per CPU second)")
            assert db.execute("DescribeTable", {"TableName": "Again"})["Table"]["ItemCount"] == n
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"native": results}, f, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
