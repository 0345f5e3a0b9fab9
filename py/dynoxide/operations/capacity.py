"""ConsumedCapacity and ItemCollectionMetrics, with DynamoDB's rounding.

Reads cost one unit per 4 KB (half for eventually consistent reads), writes
one unit per 1 KB of the larger of the old and new item; each index the
write touches costs its own units.
"""
from __future__ import annotations

import math

from ..schema import TableSchema
from ..storage.tables import index_entry
from ..values.compare import equals
from ..values.size import item_size
from ..vectors.entries import billed_item_size, entry_of, vectors_of
from ..limits import VECTOR_BYTES_FLOOR


def read_units(size: int, consistent: bool) -> float:
    units = max(1, math.ceil(size / 4096))
    return float(units) if consistent else units / 2


def write_units(size: int) -> float:
    return float(max(1, math.ceil(size / 1024)))


def consumed(mode: str | None, table_name: str, table_units: float,
             index_units: dict[str, tuple[bool, float]] | None = None, kind: str | None = None) -> dict | None:
    """The ConsumedCapacity entry for ReturnConsumedCapacity `mode`.

    index_units maps index name -> (is_local, units). `kind` is "read" or
    "write" to mirror the units into ReadCapacityUnits/WriteCapacityUnits,
    as DynamoDB does for transactions only; single-item and query responses
    carry CapacityUnits alone.
    """
    if mode not in ("TOTAL", "INDEXES"):
        return None
    index_units = index_units or {}
    total = table_units + sum(u for _, u in index_units.values())
    out: dict = {"TableName": table_name, "CapacityUnits": total}
    if kind:
        out["ReadCapacityUnits" if kind == "read" else "WriteCapacityUnits"] = total
    if mode == "INDEXES":
        out["Table"] = _units(table_units, kind)
        gsis = {n: _units(u, kind) for n, (local, u) in index_units.items() if not local}
        lsis = {n: _units(u, kind) for n, (local, u) in index_units.items() if local}
        if gsis:
            out["GlobalSecondaryIndexes"] = gsis
        if lsis:
            out["LocalSecondaryIndexes"] = lsis
    return out


def accumulate(totals: dict[str, dict], entry: dict) -> None:
    """Add a ConsumedCapacity entry to the per-table totals of a batch
    (including its per-index parts); the first entry of a table is kept as its total."""
    current = totals.get(entry["TableName"])
    if current is None:
        totals[entry["TableName"]] = entry
        return
    current["CapacityUnits"] += entry["CapacityUnits"]
    if "Table" in entry:
        current["Table"]["CapacityUnits"] += entry["Table"]["CapacityUnits"]
    for group in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        for name, units in entry.get(group, {}).items():
            slot = current.setdefault(group, {}).setdefault(name, {"CapacityUnits": 0.0})
            slot["CapacityUnits"] += units["CapacityUnits"]
    for name, figure in entry.get("VectorIndexes", {}).items():
        slot = current.setdefault("VectorIndexes", {}).setdefault(name, {"VectorWriteRequestBytes": 0.0})
        slot["VectorWriteRequestBytes"] += figure["VectorWriteRequestBytes"]


def _units(units: float, kind: str | None) -> dict:
    out = {"CapacityUnits": units}
    if kind:
        out["ReadCapacityUnits" if kind == "read" else "WriteCapacityUnits"] = units
    return out


def write_capacity(mode: str | None, schema: TableSchema, old: dict | None, new: dict | None,
                   old_size: int, new_size: int) -> dict | None:
    """Capacity of one item write: the table, plus each index whose rows change."""
    if mode not in ("TOTAL", "INDEXES"):
        return None
    table_units = write_units(max(billed_item_size(schema, old, old_size), billed_item_size(schema, new, new_size)))
    out = consumed(mode, schema.name, table_units, index_write_units(schema, old, new))
    if mode == "INDEXES" and schema.vector_indexes:
        vector_bytes = vector_write_bytes(schema, old, new)
        if vector_bytes:
            out["VectorIndexes"] = {name: {"VectorWriteRequestBytes": b} for name, b in vector_bytes.items()}
    return out


def vector_bytes(size: int) -> float:
    """A vector capacity figure: bytes, held to DynamoDB's 1 KB floor."""
    return float(max(VECTOR_BYTES_FLOOR, size))


def vector_write_bytes(schema: TableSchema, old: dict | None, new: dict | None) -> dict[str, float]:
    """index name -> VectorWriteRequestBytes, for each vector index whose stored
    entry the write changes (the larger image when it changes in place)."""
    out: dict[str, float] = {}
    old_vectors = vectors_of(schema, old)
    new_vectors = vectors_of(schema, new, like=(old, old_vectors))
    for index in schema.vector_indexes:
        before = entry_of(schema, index, old, old_vectors)
        after = entry_of(schema, index, new, new_vectors)
        if before == after:
            continue
        out[index.name] = vector_bytes(max(e.size for e in (before, after) if e is not None))
    return out


def index_write_units(schema: TableSchema, old: dict | None, new: dict | None) -> dict[str, tuple[bool, float]]:
    """index name -> (is_local, units) for each index whose stored entry a write changes.

    An entry rewritten unchanged costs nothing; one moved to another key is a
    delete plus an insert; one changed in place costs its larger image.
    """
    index_units: dict[str, tuple[bool, float]] = {}
    for index in schema.indexes:
        before = index_entry(schema, index, old) if old is not None else None
        after = index_entry(schema, index, new) if new is not None else None
        if before is None and after is None:
            continue
        if before is not None and after is not None and before[:2] == after[:2]:
            if equals({"M": before[2]}, {"M": after[2]}):
                continue
            units = write_units(max(item_size(before[2]), item_size(after[2])))
        else:
            units = 0.0
            if before is not None:
                units += write_units(item_size(before[2]))
            if after is not None:
                units += write_units(item_size(after[2]))
        index_units[index.name] = (index.local, units)
    return index_units


def item_collection_metrics(schema: TableSchema, store, item: dict | None) -> dict | None:
    """ItemCollectionMetrics: only for tables with local secondary indexes."""
    if item is None or not schema.lsis():
        return None
    # A range of whole gigabytes the collection falls in, not a point estimate:
    # DynamoDB reports a small collection as [0, 1].
    low = store.collection_size(item) // (1024 ** 3)
    return {"ItemCollectionKey": {schema.hash.name: item[schema.hash.name]},
            "SizeEstimateRangeGB": [float(low), float(low + 1)]}
