"""dynoxide at scale: what each operation costs as a table grows.

    python bench/scale.py [--sizes 10000,100000,1000000] [--dir DIR] [--json out.json]

One file-backed `Database` (as an application keeps its data), one table
with one GSI, items of about 250 bytes whose partition keys are spread at
random (as UUID keys are), loaded with BatchWriteItem. The table grows to
each size in turn, and at each size the report gives:

  load/s       items per second loaded over the stretch since the last size,
               and over its last tenth (where a slowdown shows); "per CPU s"
               is the same stretch per second of this process's CPU time,
               which other load on the machine does not distort
  GetItem      median and 95th percentile latency, random existing keys
  Query        the same, for a 10-item partition
  GSI Query    the same, for a 10-item GSI partition
  Describe     DescribeTable, median and 95th percentile
  file MiB     the database file, and its WAL (up to ~40 MB between checkpoints)
  RSS MiB      this process's resident memory

DynamoDB's own work for GetItem, Query and DescribeTable does not grow with
the table, so neither should ours. This is a measuring tool, not a test: it
checks the answers, never how fast they came.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "py"))

from dynoxide import Database  # noqa: E402

TABLE = "scale"
INDEX = "by_group"
PARTITION = 10        # items per base-table partition (what a Query reads)
BATCH = 25            # BatchWriteItem's maximum
SAMPLES = {"GetItem": 2000, "Query": 1000, "GSI Query": 300, "DescribeTable": 300}

CREATE_TABLE = {
    "TableName": TABLE, "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "gpk", "gsk")],
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "GlobalSecondaryIndexes": [{
        "IndexName": INDEX,
        "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}, {"AttributeName": "gsk", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "ALL"}}],
}


def partition_key(p: int) -> str:
    return hashlib.blake2b(p.to_bytes(8, "little"), digest_size=8).hexdigest()


def key(i: int) -> dict:
    return {"pk": {"S": partition_key(i // PARTITION)}, "sk": {"S": f"order#{i % PARTITION:04d}"}}


def group_key(g: int) -> str:
    return "group#" + partition_key(g + (1 << 40))


def item(i: int) -> dict:
    """Item i: about 250 bytes by DynamoDB's size rule."""
    return {
        **key(i),
        "gpk": {"S": group_key(i // PARTITION)},
        "gsk": {"S": f"{i:09d}"},
        "count": {"N": str(i)},
        "active": {"BOOL": i % 2 == 0},
        "payload": {"S": (f"{i:09d}-" * 20)[:150]},
    }


def latency(run, samples: int) -> tuple[float, float]:
    """(median, 95th percentile) in milliseconds."""
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def rss_mib() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def file_mib(path: str) -> float:
    return os.path.getsize(path) / 2 ** 20 if os.path.exists(path) else 0.0


def load(db: Database, start: int, stop: int) -> tuple[float, float, float]:
    """Load items start..stop-1; items/s over all of it, over its last tenth, and per CPU second."""
    tail_from = stop - max(BATCH, (stop - start) // 10)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    tail_t0 = None
    for first in range(start, stop, BATCH):
        if tail_t0 is None and first >= tail_from:
            tail_t0, tail_first = time.perf_counter(), first
        batch = [{"PutRequest": {"Item": item(i)}} for i in range(first, min(stop, first + BATCH))]
        answer = db.execute("BatchWriteItem", {"RequestItems": {TABLE: batch}})
        assert answer["UnprocessedItems"] == {}, answer
    end = time.perf_counter()
    return (stop - start) / (end - t0), (stop - tail_first) / (end - tail_t0), \
        (stop - start) / (time.process_time() - cpu0)


def measure(db: Database, size: int, rng: random.Random) -> dict:
    def get():
        i = rng.randrange(size)
        assert db.execute("GetItem", {"TableName": TABLE, "Key": key(i)})["Item"]["count"] == {"N": str(i)}

    def query():
        p = rng.randrange(size // PARTITION)
        found = db.execute("Query", {"TableName": TABLE, "KeyConditionExpression": "pk = :p",
                                     "ExpressionAttributeValues": {":p": {"S": partition_key(p)}}})
        assert found["Count"] == PARTITION, found["Count"]

    def gsi_query():
        g = rng.randrange(size // PARTITION)
        found = db.execute("Query", {"TableName": TABLE, "IndexName": INDEX, "KeyConditionExpression": "gpk = :g",
                                     "ExpressionAttributeValues": {":g": {"S": group_key(g)}}})
        assert found["Count"] == PARTITION, found["Count"]

    def describe():
        table = db.execute("DescribeTable", {"TableName": TABLE})["Table"]
        assert table["ItemCount"] == size, table["ItemCount"]

    return {name: latency(run, SAMPLES[name]) for name, run in
            (("GetItem", get), ("Query", query), ("GSI Query", gsi_query), ("DescribeTable", describe))}


def render(rows: list[dict]) -> str:
    head = (f"{'items':>9} {'load/s':>8} {'last 10%':>8} {'per CPU s':>9}  {'GetItem ms':>13} {'Query ms':>13} "
            f"{'GSI Query ms':>13} {'Describe ms':>13} {'file MiB':>8} {'WAL MiB':>7} {'RSS MiB':>7}")
    lines = [head, "-" * len(head)]
    for r in rows:
        cells = [f"{r['items']:>9,} {r['load_per_s']:>8,.0f} {r['load_last_tenth_per_s']:>8,.0f} "
                 f"{r['load_per_cpu_s']:>9,.0f} "]
        for name in ("GetItem", "Query", "GSI Query", "DescribeTable"):
            median, p95 = r["latency_ms"][name]
            cells.append(f"{median:>6.3f}/{p95:<6.3f}")
        cells.append(f"{r['file_mib']:>8.1f} {r['wal_mib']:>7.1f} {r['rss_mib']:>7.1f}")
        lines.append(" ".join(cells))
    lines.append("(latencies: median/95th percentile, milliseconds)")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="dynoxide at scale (see bench/scale.py's docstring)")
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="comma-separated table sizes, ascending (default 10000,100000,1000000)")
    parser.add_argument("--dir", help="where the database file goes (default: a temporary directory)")
    parser.add_argument("--json", help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    if not sizes or sizes[0] < PARTITION:
        parser.error(f"sizes must be at least {PARTITION}")
    directory = Path(args.dir or tempfile.mkdtemp(prefix="dynoxide-scale-"))
    directory.mkdir(parents=True, exist_ok=True)
    path = str(directory / "scale.sqlite")
    for stale in (path, path + "-wal", path + "-shm"):
        if os.path.exists(stale):
            os.remove(stale)

    rng = random.Random(1)
    rows = []
    with Database.open(path) as db:
        db.execute("CreateTable", CREATE_TABLE)
        loaded = 0
        for size in sizes:
            print(f"scale: loading to {size:,} items ...", file=sys.stderr, flush=True)
            rate, tail_rate, cpu_rate = load(db, loaded, size)
            loaded = size
            rows.append({"items": size, "load_per_s": rate, "load_last_tenth_per_s": tail_rate,
                         "load_per_cpu_s": cpu_rate,
                         "latency_ms": measure(db, size, rng),
                         "file_mib": file_mib(path), "wal_mib": file_mib(path + "-wal"), "rss_mib": rss_mib()})
    print(render(rows))
    print(f"\n(database in {path})")
    if args.json:
        Path(args.json).write_text(json.dumps({"sizes": sizes, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
