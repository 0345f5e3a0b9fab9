"""A table's schema as the engine keeps it: keys, indexes and settings.

Stored as JSON in the catalog (storage/catalog.py) and cached in memory; the
DescribeTable shape is built from it in operations/describe.py.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class KeyAttr:
    name: str
    type: str  # "S", "N" or "B"


@dataclass
class IndexSchema:
    """A secondary index. A GSI's key may have up to four HASH and four RANGE
    attributes (multi-attribute keys), kept in schema order; an LSI has one of each."""

    name: str
    local: bool
    hash_keys: list[KeyAttr]
    range_keys: list[KeyAttr]
    projection_type: str  # ALL, KEYS_ONLY or INCLUDE
    non_key_attributes: list[str] | None
    sql_table: str
    throughput: dict | None = None  # GSIs on PROVISIONED tables
    created: float = 0.0
    warm_throughput: dict | None = None  # GSIs (operations/warm.py)

    @property
    def hash(self) -> KeyAttr:
        """The first HASH attribute: the only one unless `multi_attribute`."""
        return self.hash_keys[0]

    @property
    def range(self) -> KeyAttr | None:
        """The first RANGE attribute, if any: the only one unless `multi_attribute`."""
        return self.range_keys[0] if self.range_keys else None

    @property
    def multi_attribute(self) -> bool:
        return len(self.hash_keys) > 1 or len(self.range_keys) > 1

    def key_attrs(self) -> list[KeyAttr]:
        return [*self.hash_keys, *self.range_keys]

    def key_schema(self) -> list[dict]:
        return ([{"AttributeName": k.name, "KeyType": "HASH"} for k in self.hash_keys]
                + [{"AttributeName": k.name, "KeyType": "RANGE"} for k in self.range_keys])

    def projection(self) -> dict:
        return projection_of(self.projection_type, self.non_key_attributes)


def projection_of(projection_type: str, non_key_attributes: list[str] | None) -> dict:
    """An index's Projection as DynamoDB describes it."""
    out = {"ProjectionType": projection_type}
    if non_key_attributes:
        out["NonKeyAttributes"] = list(non_key_attributes)
    return out


@dataclass
class VectorIndexSchema:
    """A vector index (see vectors/): the attribute it reads, its dimensions,
    its distance function and search schema, and the SQL table of its entries."""
    name: str
    attribute: str
    dimensions: int
    distance: str  # COSINE, EUCLIDEAN or DOT_PRODUCT
    projection_type: str
    non_key_attributes: list[str] | None
    search_schema: list[dict] | None  # [{"AttributeName", "SearchSchemaElementType"}], as given
    sql_table: str
    created: float = 0.0
    backfilled: bool = False  # created by UpdateTable (DescribeTable reports Backfilling then)

    def hash_attribute(self) -> str | None:
        for element in self.search_schema or ():
            if element["SearchSchemaElementType"] == "HASH":
                return element["AttributeName"]
        return None

    def projects_vector(self) -> bool:
        return self.projection_type == "ALL" or (self.projection_type == "INCLUDE"
                                                 and self.attribute in (self.non_key_attributes or ()))

    def filter_attributes(self) -> list[str]:
        return [e["AttributeName"] for e in self.search_schema or () if e["SearchSchemaElementType"] != "HASH"]

    def projection(self) -> dict:
        return projection_of(self.projection_type, self.non_key_attributes)


@dataclass
class TableSchema:
    name: str
    sql_table: str
    hash: KeyAttr
    range: KeyAttr | None
    attribute_definitions: list[dict]
    created: float
    table_id: str
    billing_mode: str = "PROVISIONED"
    throughput: dict = field(default_factory=dict)
    indexes: list[IndexSchema] = field(default_factory=list)
    table_class: str | None = None
    deletion_protection: bool = False
    stream: dict | None = None  # {"StreamEnabled": bool, "StreamViewType": str, "Label": str}
    sse: dict | None = None
    tags: list[dict] = field(default_factory=list)
    ttl: dict | None = None  # {"AttributeName": str, "Enabled": bool}
    on_demand_throughput: dict | None = None
    warm_throughput: dict | None = None
    next_index_id: int = 0
    vector_indexes: list[VectorIndexSchema] = field(default_factory=list)
    # Resource-based policies: "table", or a stream's label -> {"Policy", "RevisionId"}.
    policies: dict = field(default_factory=dict)
    # Point-in-time recovery while on: {"Since": epoch seconds, "RecoveryPeriodInDays": n}
    # (operations/recovery.py); None when off.
    pitr: dict | None = None
    # A restored table's origin, as DescribeTable's RestoreSummary (operations/restore.py).
    restore_summary: dict | None = None

    def key_attrs(self) -> list[KeyAttr]:
        return [self.hash] if self.range is None else [self.hash, self.range]

    def key_names(self) -> list[str]:
        return [k.name for k in self.key_attrs()]

    def key_schema(self) -> list[dict]:
        return key_schema_of(self.hash, self.range)

    def index(self, name: str) -> IndexSchema | None:
        for index in self.indexes:
            if index.name == name:
                return index
        return None

    def vector_index(self, name: str) -> VectorIndexSchema | None:
        for index in self.vector_indexes:
            if index.name == name:
                return index
        return None

    def gsis(self) -> list[IndexSchema]:
        return [i for i in self.indexes if not i.local]

    def lsis(self) -> list[IndexSchema]:
        return [i for i in self.indexes if i.local]

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "TableSchema":
        data = dict(data)
        data["hash"] = KeyAttr(**data["hash"])
        data["range"] = KeyAttr(**data["range"]) if data.get("range") else None
        indexes = []
        for raw in data.get("indexes", []):
            raw = dict(raw)
            if "hash" in raw:  # a catalog written before multi-attribute keys
                raw["hash_keys"] = [raw.pop("hash")]
                single_range = raw.pop("range")
                raw["range_keys"] = [single_range] if single_range else []
            raw["hash_keys"] = [KeyAttr(**k) for k in raw["hash_keys"]]
            raw["range_keys"] = [KeyAttr(**k) for k in raw["range_keys"]]
            indexes.append(IndexSchema(**raw))
        data["indexes"] = indexes
        data["vector_indexes"] = [VectorIndexSchema(**raw) for raw in data.get("vector_indexes", [])]
        return cls(**data)


def new_table_id() -> str:
    """A new table's TableId: a random UUID, as DynamoDB gives."""
    import uuid  # here: its import costs the browser worker's cold boot ~13 ms, for CreateTable alone

    return str(uuid.uuid4())


def key_schema_of(hash_key: KeyAttr, range_key: KeyAttr | None) -> list[dict]:
    out = [{"AttributeName": hash_key.name, "KeyType": "HASH"}]
    if range_key is not None:
        out.append({"AttributeName": range_key.name, "KeyType": "RANGE"})
    return out
