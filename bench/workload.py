"""The one benchmark workload: its table, its items and its phases.

Items are about 300 bytes (DynamoDB's own size rule: attribute names plus
values) in partitions of `GROUP` items, so each Query returns `GROUP` items;
the GSI groups items the other way round (item i goes to GSI partition
i % partitions), so a GSI query also returns `GROUP` items but gathers them
from `GROUP` different base partitions.

A phase is a function of a driver (see clients.py) and the item count; it
returns how many operations it made. Each phase checks what came back, so a
target that answers fast but wrongly fails the run instead of winning it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

TABLE = "bench"
INDEX = "by_group"
GROUP = 20          # items per Query answer
BATCH_WRITE = 25    # DynamoDB's BatchWriteItem maximum
BATCH_GET = 100     # DynamoDB's BatchGetItem maximum
SCAN_PASSES = 5     # full scans in the scan phase

CREATE_TABLE = {
    "TableName": TABLE,
    "AttributeDefinitions": [
        {"AttributeName": "pk", "AttributeType": "S"},
        {"AttributeName": "sk", "AttributeType": "S"},
        {"AttributeName": "gpk", "AttributeType": "S"},
        {"AttributeName": "gsk", "AttributeType": "S"},
    ],
    "KeySchema": [
        {"AttributeName": "pk", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"},
    ],
    "GlobalSecondaryIndexes": [{
        "IndexName": INDEX,
        "KeySchema": [
            {"AttributeName": "gpk", "KeyType": "HASH"},
            {"AttributeName": "gsk", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "ALL"},
    }],
    "BillingMode": "PAY_PER_REQUEST",
}


def partitions(n: int) -> int:
    return max(1, n // GROUP)


def key(i: int) -> dict:
    return {"pk": {"S": f"user#{i // GROUP:06d}"}, "sk": {"S": f"order#{i % GROUP:04d}"}}


def item(i: int, n: int, version: int = 0) -> dict:
    """Item i of n (about 300 bytes); `version` changes the payload."""
    return {
        **key(i),
        "gpk": {"S": f"group#{i % partitions(n):06d}"},
        "gsk": {"S": f"{i:08d}"},
        "count": {"N": str(i)},
        "price": {"N": f"{i * 7 % 1000}.5"},  # canonical: DynamoDB drops trailing zeros
        "active": {"BOOL": i % 2 == 0},
        "tags": {"SS": ["red", "green", f"t{i % 13}"]},
        "payload": {"S": (f"v{version}-{i:08d}-" * 40)[:200]},
    }


def item_size(value: dict) -> int:
    """DynamoDB's item size for the S/N/BOOL/SS attributes used here."""
    size = 0
    for name, typed in value.items():
        size += len(name.encode())
        (kind, inner), = typed.items()
        if kind == "S":
            size += len(inner.encode())
        elif kind == "N":
            size += (len(inner.replace(".", "").lstrip("0")) + 1) // 2 + 1
        elif kind == "BOOL":
            size += 1
        elif kind == "SS":
            size += sum(len(s.encode()) for s in inner)
    return size


class WrongAnswer(AssertionError):
    """A target's answer does not match what DynamoDB would return."""


def _canonical(value):
    """Sets come back in any order."""
    if isinstance(value, dict):
        return {k: sorted(v) if k in ("SS", "NS", "BS") else _canonical(v) for k, v in value.items()}
    return value


def _expect(got, want, what: str) -> None:
    if _canonical(got) != _canonical(want):
        raise WrongAnswer(f"{what}: expected {want!r:.300}, got {got!r:.300}")


# --- phases: each takes (driver, n) and returns its operation count ---------

def put(d, n):
    for i in range(n):
        d.put(item(i, n))
    return n


def get(d, n):
    for i in range(n):
        got = d.get(key(i))
        if i % 97 == 0:
            _expect(got, item(i, n), f"GetItem {i}")
    return n


def query(d, n):
    parts = partitions(n)
    for p in range(parts):
        _expect(d.query(f"user#{p:06d}"), min(GROUP, n - p * GROUP), f"Query user#{p:06d} count")
    return parts


def gsi_query(d, n):
    parts = partitions(n)
    total = 0
    for p in range(parts):
        total += d.gsi_query(f"group#{p:06d}")
    _expect(total, n, "GSI Query total count")
    return parts


def scan(d, n):
    for _ in range(SCAN_PASSES):
        _expect(d.scan(), n, "Scan count")
    return SCAN_PASSES


def update(d, n):
    for i in range(n):
        d.update(key(i), f"v1-{i}")
    _expect(d.get(key(n - 1))["payload"], {"S": f"v1-{n - 1}"}, "UpdateItem result")
    return n


def batch_write(d, n):
    batches = 0
    for start in range(0, n, BATCH_WRITE):
        d.batch_write([item(i, n, version=2) for i in range(start, min(n, start + BATCH_WRITE))])
        batches += 1
    return batches


def batch_get(d, n):
    batches = 0
    for start in range(0, n, BATCH_GET):
        keys = [key(i) for i in range(start, min(n, start + BATCH_GET))]
        _expect(d.batch_get(keys), len(keys), f"BatchGetItem at {start} count")
        batches += 1
    return batches


def delete(d, n):
    for i in range(n):
        d.delete(key(i))
    _expect(d.scan(), 0, "Scan count after deletes")
    return n


@dataclass(frozen=True)
class Phase:
    name: str
    run: Callable[[object, int], int]
    unit: str


PHASES = [
    Phase("put", put, "PutItem"),
    Phase("get", get, "GetItem"),
    Phase("query", query, f"Query ({GROUP} items)"),
    Phase("gsi_query", gsi_query, f"GSI Query ({GROUP} items)"),
    Phase("scan", scan, "full Scan (all items, all pages)"),
    Phase("update", update, "UpdateItem"),
    Phase("batch_write", batch_write, f"BatchWriteItem ({BATCH_WRITE} puts)"),
    Phase("batch_get", batch_get, f"BatchGetItem ({BATCH_GET} keys)"),
    Phase("delete", delete, "DeleteItem"),
]
