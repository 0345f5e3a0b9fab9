"""Stage 3 for CreateTable and UpdateTable: the schema rules that need no table.

CreateTable's order, as DynamoDB applies it: billing mode and throughput;
the table's key schema against its attribute definitions; each local index,
then each global index (keys defined, key schema shape, projection, unique
names, count); every definition must be used by some key schema; last, a
disabled stream names no view type.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import invalid_parameter, validation
from ..expressions.javaorder import hash_set_order
from ..limits import MAX_GSIS, MAX_KEY_ATTRIBUTES_PER_ROLE, MAX_LSIS, MAX_PROVISIONED_UNITS
from . import messages as m

ON_DEMAND = "PAY_PER_REQUEST"


def _names(key_schema: list[dict]) -> list[str]:
    return [element.get("AttributeName") for element in key_schema]


def _throughput_bounds(throughput: dict | None) -> None:
    if not throughput:
        return
    for member in ("ReadCapacityUnits", "WriteCapacityUnits"):
        units = throughput.get(member)
        if units is not None and units > MAX_PROVISIONED_UNITS:
            raise validation(m.THROUGHPUT_OUT_OF_BOUNDS.format(units, member))


def _key_schema_shape(key_schema: list[dict]) -> None:
    """First element HASH, second (if any) RANGE, and two different names."""
    names = _names(key_schema)
    if len(names) == 2 and names[0] == names[1]:
        raise validation(m.KEY_NAMES_SAME)
    if key_schema[0].get("KeyType") != "HASH":
        raise validation(m.FIRST_KEY_NOT_HASH)
    if len(key_schema) > 1 and key_schema[1].get("KeyType") != "RANGE":
        raise validation(m.SECOND_KEY_NOT_RANGE)


def _global_key_schema_shape(key_schema: list[dict]) -> None:
    """A GSI's key: one to four HASH attributes, then up to four RANGE
    attributes (multi-attribute keys), every name once."""
    names = _names(key_schema)
    if len(names) == 2 and names[0] == names[1]:
        raise validation(m.KEY_NAMES_SAME)
    if len(set(names)) != len(names):
        raise validation(m.KEY_NAMES_REPEATED)
    kinds = [element.get("KeyType") for element in key_schema]
    if kinds[0] != "HASH":
        raise validation(m.FIRST_KEY_NOT_HASH)
    if any(kind not in ("HASH", "RANGE") for kind in kinds):
        raise validation(m.SECOND_KEY_NOT_RANGE)
    first_range = kinds.index("RANGE") if "RANGE" in kinds else len(kinds)
    if "HASH" in kinds[first_range:]:
        raise invalid_parameter(m.HASH_KEYS_FIRST)
    for kind in ("HASH", "RANGE"):
        if kinds.count(kind) > MAX_KEY_ATTRIBUTES_PER_ROLE:
            raise invalid_parameter(m.TOO_MANY_KEY_ATTRIBUTES.format(kind))


def _keys_defined(key_schema: list[dict], defined: list[str]) -> None:
    keys = _names(key_schema)
    if any(key not in defined for key in keys):
        raise invalid_parameter(m.KEYS_NOT_DEFINED.format(", ".join(keys), ", ".join(defined)))


def _projection(projection: dict) -> None:
    kind = projection.get("ProjectionType")
    if kind is None:
        raise invalid_parameter(m.PROJECTION_TYPE_NULL)
    if "NonKeyAttributes" in projection and kind != "INCLUDE":
        raise invalid_parameter(m.PROJECTION_WITH_NON_KEY.format(kind))
    if kind == "INCLUDE" and "NonKeyAttributes" not in projection:
        raise invalid_parameter(m.INCLUDE_WITHOUT_NON_KEY)


@dataclass(frozen=True)
class CreateTableRules:
    def __call__(self, request: dict, scratch: dict) -> None:
        billing = request.get("BillingMode", "PROVISIONED")
        throughput = request.get("ProvisionedThroughput")
        if billing == ON_DEMAND:
            if throughput is not None:
                raise invalid_parameter(m.PAY_PER_REQUEST_WITH_THROUGHPUT)
        else:
            if not throughput or not throughput.get("ReadCapacityUnits") or not throughput.get("WriteCapacityUnits"):
                raise invalid_parameter(m.PROVISIONED_WITHOUT_THROUGHPUT)
            _throughput_bounds(throughput)

        defined = _names(request["AttributeDefinitions"])
        key_schema = request["KeySchema"]
        keys = _names(key_schema)
        if len(keys) > len(defined):
            raise validation(m.KEY_ATTRIBUTE_UNDEFINED)
        if any(key not in defined for key in keys):
            raise invalid_parameter(m.KEYS_NOT_DEFINED.format(", ".join(keys), ", ".join(defined)))
        _key_schema_shape(key_schema)

        seen_names: set[str] = set()
        used = set(keys)
        local = request.get("LocalSecondaryIndexes")
        if local is not None:
            self._local_indexes(local, key_schema, defined, seen_names)
            used.update(name for index in local for name in _names(index["KeySchema"]))
        global_ = request.get("GlobalSecondaryIndexes")
        if global_ is not None:
            self._global_indexes(global_, defined, billing, seen_names)
            used.update(name for index in global_ for name in _names(index["KeySchema"]))
        # A vector index's search schema uses the definitions it names.
        used.update(e.get("AttributeName") for index in request.get("VectorIndexes") or ()
                    for e in index.get("SearchSchema") or () if e.get("AttributeName") in defined)
        if len(defined) != len(used):
            if local is None and global_ is None:
                raise invalid_parameter(m.DEFINITION_COUNT)
            raise invalid_parameter(m.DEFINITIONS_UNUSED.format(
                ", ".join(defined), ", ".join(hash_set_order(list(used), len(used)))))
        stream = request.get("StreamSpecification")
        if stream and stream.get("StreamEnabled") is False and "StreamViewType" in stream:
            raise invalid_parameter(m.STREAM_DISABLED_WITH_VIEW)

    @staticmethod
    def _local_indexes(indexes: list[dict], table_keys: list[dict], defined: list[str], seen: set[str]) -> None:
        if not indexes:
            raise invalid_parameter(m.INDEX_LIST_EMPTY.format("LocalSecondaryIndexes"))
        if len(table_keys) != 2:
            raise invalid_parameter(m.LSI_NEEDS_TABLE_RANGE)
        table_hash = table_keys[0]["AttributeName"]
        for index in indexes:
            name, key_schema = index["IndexName"], index["KeySchema"]
            _keys_defined(key_schema, defined)
            _key_schema_shape(key_schema)
            if len(key_schema) != 2:
                raise invalid_parameter(m.LSI_NEEDS_RANGE.format(name))
            index_hash = key_schema[0]["AttributeName"]
            if index_hash != table_hash:
                raise invalid_parameter(m.LSI_HASH_MISMATCH.format(name, index_hash, table_hash))
            _projection(index["Projection"])
            if name in seen:
                raise invalid_parameter(m.DUPLICATE_INDEX.format(name))
            seen.add(name)
        if len(indexes) > MAX_LSIS:
            raise invalid_parameter(m.TOO_MANY_LSIS.format(MAX_LSIS))

    @staticmethod
    def _global_indexes(indexes: list[dict], defined: list[str], billing: str, seen: set[str]) -> None:
        if not indexes:
            raise invalid_parameter(m.INDEX_LIST_EMPTY.format("GlobalSecondaryIndexes"))
        for index in indexes:
            name, key_schema = index["IndexName"], index["KeySchema"]
            _keys_defined(key_schema, defined)
            _global_key_schema_shape(key_schema)
            _projection(index["Projection"])
            if billing == ON_DEMAND and "ProvisionedThroughput" in index:
                raise invalid_parameter(m.GSI_THROUGHPUT_ON_DEMAND.format(name))
            if name in seen:
                raise invalid_parameter(m.DUPLICATE_INDEX.format(name))
            seen.add(name)
        if len(indexes) > MAX_GSIS:
            raise invalid_parameter(m.TOO_MANY_GSIS.format(MAX_GSIS))


# Any of these makes an UpdateTable request do something.
_UPDATE_TABLE_CHANGES = (
    "ProvisionedThroughput", "BillingMode", "StreamSpecification", "SSESpecification",
    "ReplicaUpdates", "TableClass", "DeletionProtectionEnabled", "OnDemandThroughput",
    "WarmThroughput", "MultiRegionConsistency", "GlobalTableWitnessUpdates", "VectorIndexUpdates",
)


@dataclass(frozen=True)
class UpdateTableRules:
    """Something to change; throughput consistent with the billing mode the
    request names; one action per index update, one update per index.
    (Rules that depend on the table's current settings are the operation's.)"""

    def __call__(self, request: dict, scratch: dict) -> None:
        updates = request.get("GlobalSecondaryIndexUpdates")
        if not updates and not any(name in request for name in _UPDATE_TABLE_CHANGES):
            raise validation(m.UPDATE_TABLE_NOTHING)
        if request.get("BillingMode") == ON_DEMAND and "ProvisionedThroughput" in request:
            raise invalid_parameter(m.PAY_PER_REQUEST_WITH_THROUGHPUT)
        _throughput_bounds(request.get("ProvisionedThroughput"))
        seen: set[str] = set()
        for update in updates or ():
            actions = [update[kind] for kind in ("Update", "Create", "Delete") if kind in update]
            if not actions:
                raise invalid_parameter(m.GSI_UPDATE_EMPTY)
            name = actions[0].get("IndexName")
            if name in seen:
                raise invalid_parameter(m.GSI_UPDATE_REPEATED.format(name))
            seen.add(name)
            create = update.get("Create") or {}
            if create.get("KeySchema"):
                _global_key_schema_shape(create["KeySchema"])
