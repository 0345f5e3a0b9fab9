"""The request rules of vector indexes that need no table (CreateTable, UpdateTable).

CreateTable refuses vector indexes on a provisioned table before it looks at
throughput (`VectorIndexBilling`, listed first); the rest
(`VectorIndexRules`) follow the table's own schema rules.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import invalid_parameter, limit_exceeded
from ..limits import MAX_VECTOR_DIMENSIONS, MAX_VECTOR_INDEXES
from ..validation import messages as m
from ..validation.table_rules import ON_DEMAND, _projection
from . import messages as vm


def check_dimensions_agree(indexes: list[dict]) -> None:
    """Indexes on one attribute must agree on its dimensions."""
    seen: dict[str, int] = {}
    for index in indexes:
        attribute = index["VectorAttribute"]["AttributeName"]
        if seen.setdefault(attribute, index["Dimensions"]) != index["Dimensions"]:
            raise invalid_parameter(vm.CONFLICTING_DIMENSIONS.format(attribute))


def check_index(index: dict, defined: set[str] | None) -> None:
    """One index's own rules: dimensions, search schema (its attributes among
    `defined`, unless None: the operation checks them), projection."""
    if index["Dimensions"] > MAX_VECTOR_DIMENSIONS:
        raise invalid_parameter(vm.DIMENSIONS_RANGE.format(MAX_VECTOR_DIMENSIONS))
    elements = index.get("SearchSchema") or ()
    if defined is not None and any(e["AttributeName"] not in defined for e in elements):
        raise invalid_parameter(vm.SEARCH_SCHEMA_UNDEFINED)
    if sum(1 for e in elements if e["SearchSchemaElementType"] == "HASH") > 1:
        raise invalid_parameter(vm.TWO_HASH_ELEMENTS)
    _projection(index["Projection"])


@dataclass(frozen=True)
class VectorIndexBilling:
    def __call__(self, request: dict, scratch: dict) -> None:
        if request.get("VectorIndexes") and request.get("BillingMode", "PROVISIONED") != ON_DEMAND:
            raise invalid_parameter(vm.ONLY_PAY_PER_REQUEST)


@dataclass(frozen=True)
class VectorIndexRules:
    def __call__(self, request: dict, scratch: dict) -> None:
        indexes = request.get("VectorIndexes")
        if indexes is None:
            return
        if len(indexes) > MAX_VECTOR_INDEXES:
            raise invalid_parameter(vm.TOO_MANY.format(MAX_VECTOR_INDEXES))
        defined = {d["AttributeName"] for d in request["AttributeDefinitions"]}
        names = {i["IndexName"] for key in ("LocalSecondaryIndexes", "GlobalSecondaryIndexes")
                 for i in request.get(key) or ()}
        for index in indexes:
            check_index(index, defined)
            if index["IndexName"] in names:
                raise invalid_parameter(m.DUPLICATE_INDEX.format(index["IndexName"]))
            names.add(index["IndexName"])
        check_dimensions_agree(indexes)


@dataclass(frozen=True)
class VectorIndexUpdateRules:
    """One online index action per call; each Create's own rules."""

    def __call__(self, request: dict, scratch: dict) -> None:
        updates = request.get("VectorIndexUpdates")
        if not updates:
            return
        if len(updates) > 1 or request.get("GlobalSecondaryIndexUpdates"):
            raise limit_exceeded(
                "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")
        create = updates[0].get("Create")
        if create is not None:
            check_index(create, None)  # the table's definitions are the operation's to check
