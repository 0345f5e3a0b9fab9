"""SearchVectors speed: TopK=10 over 10,000 vectors of 128 dimensions (target: <= 100 ms a search).

    python bench/vectors.py [--items 10000] [--dims 128] [--searches 20] [--db file.sqlite]

Loads the vectors with BatchWriteItem (random, seeded), then times searches
under each distance function, and one scoped by a search schema HASH value,
through `Database.execute` (the engine as `dynoxide serve` and the browser
run it). Prints the median and worst search time, and the median CPU time
(what a search costs on an idle machine; wall time includes other processes).
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "py"))

from dynoxide import Database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--searches", type=int, default=20)
    parser.add_argument("--db", help="a SQLite file (default: a temporary one); an existing one is reused")
    args = parser.parse_args()
    rng = random.Random(7)
    path = args.db or os.path.join(tempfile.mkdtemp(), "vectors.sqlite")
    reuse = os.path.exists(path)
    db = Database.open(path)
    indexes = [{"IndexName": name, "VectorAttribute": {"AttributeName": "v"}, "Dimensions": args.dims,
                "DistanceFunction": name.upper(), "Projection": {"ProjectionType": "KEYS_ONLY"}}
               for name in ("cosine", "euclidean", "dot_product")]
    indexes.append({"IndexName": "scoped", "VectorAttribute": {"AttributeName": "v"}, "Dimensions": args.dims,
                    "DistanceFunction": "COSINE", "Projection": {"ProjectionType": "KEYS_ONLY"},
                    "SearchSchema": [{"AttributeName": "tenant", "SearchSchemaElementType": "HASH"}]})
    if not reuse:
        load(db, args, indexes, rng)
    search_all(db, args, rng)
    db.close()


def load(db, args, indexes, rng) -> None:
    db.execute("CreateTable", {
        "TableName": "Bench", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "tenant", "AttributeType": "S"}],
        "VectorIndexes": indexes})

    start = time.perf_counter()
    for first in range(0, args.items, 25):
        db.execute("BatchWriteItem", {"RequestItems": {"Bench": [
            {"PutRequest": {"Item": {"pk": {"S": f"item{n:06d}"}, "tenant": {"S": f"t{n % 10}"},
                                     "v": vector(rng, args.dims)}}}
            for n in range(first, min(first + 25, args.items))]}})
    load = time.perf_counter() - start
    print(f"{args.items} items x {args.dims} dims, 4 vector indexes: loaded in {load:.1f} s "
          f"({args.items / load:.0f} items/s)")


def vector(rng, dims: int) -> dict:
    return {"L": [{"N": f"{rng.uniform(-1, 1):.6f}"} for _ in range(dims)]}


def search_all(db, args, rng) -> None:
    for index, extra in [("cosine", {}), ("euclidean", {}), ("dot_product", {}),
                         ("scoped", {"SearchConditionExpression": "tenant = :t",
                                     "ExpressionAttributeValues": {":t": {"S": "t3"}}})]:
        times, cpu = [], []
        for _ in range(args.searches):
            query = vector(rng, args.dims)["L"]
            t, c = time.perf_counter(), time.process_time()
            found = db.execute("SearchVectors", {"TableName": "Bench", "IndexName": index, "SearchVector": query,
                                                 "TopK": 10, **extra})
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            assert len(found["SearchResults"]) == 10
        label = f"{index} (one tenant of 10)" if extra else index
        print(f"SearchVectors TopK=10 {label:>26}: median {statistics.median(times) * 1000:6.1f} ms "
              f"(CPU {statistics.median(cpu) * 1000:5.1f} ms), worst {max(times) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
