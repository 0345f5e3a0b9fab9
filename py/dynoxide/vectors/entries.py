"""What an item contributes to a vector index, and the checks a write makes.

An item is in an index when its vector attribute is a List of exactly
`dimensions` Numbers, each within float32's range, and, for an index whose
search schema has a HASH element, when it holds that attribute as a
non-empty value of its declared type. A live write is refused when such an
attribute is present but malformed (`check_write`); an item that lacks it is
accepted and simply not indexed. Backfill (UpdateTable) skips the items a
live write would refuse.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import errors
from ..limits import VECTOR_BYTES_PER_DIMENSION
from ..schema import TableSchema, VectorIndexSchema
from ..validation import messages as m
from ..values.attributes import type_tag
from ..values.keys import encode_key
from ..values.size import item_size, text_size, value_size
from . import messages as vm
from .values import f32_text, to_f32


@dataclass(frozen=True)
class Entry:
    """One item's row in one vector index."""
    hash: str            # the encoded HASH value ('' without one)
    vector: tuple         # float32 values
    filters: dict         # INLINE_FILTER attribute -> value, those the item has
    projected: dict       # the entry as the index holds it (the vector as float32 text)
    size: int             # its billed size (VectorWriteRequestBytes before the floor)


def read_vector(value: dict | None, dimensions: int):
    """(float32 values, None), or (None, problem): ("list",), ("size", n),
    ("element", i, type) or ("range", i, text)."""
    elements = value.get("L") if isinstance(value, dict) else None
    if elements is None:
        return None, ("list",)
    if len(elements) != dimensions:
        return None, ("size", len(elements))
    out = []
    for position, element in enumerate(elements):
        text = element.get("N")
        if text is None:
            return None, ("element", position, type_tag(element))
        f = to_f32(text)
        if f is None:
            return None, ("range", position, text)
        out.append(f)
    return tuple(out), None


def _declared(schema: TableSchema) -> dict[str, str]:
    return {d["AttributeName"]: d["AttributeType"] for d in schema.attribute_definitions}


def check_write(schema: TableSchema, item: dict, *, by_update: bool = False) -> None:
    """Refuse a written item whose vector or search-schema attribute is present
    but not one the index can hold; indexes in name order."""
    declared = None
    for index in sorted(schema.vector_indexes, key=lambda i: i.name):
        value = item.get(index.attribute)
        if value is not None:
            _, problem = read_vector(value, index.dimensions)
            if problem is not None:
                raise errors.validation(_problem_message(problem, index))
        for element in index.search_schema or ():
            name = element["AttributeName"]
            value = item.get(name)
            if value is None:
                continue
            declared = declared or _declared(schema)
            actual = type_tag(value)
            expected = declared.get(name)
            if expected is not None and actual != expected:
                raise errors.validation(vm.SCHEMA_TYPE_MISMATCH.format(name, expected, actual, index.name))
            if element["SearchSchemaElementType"] == "HASH" and actual in ("S", "B") and value[actual] == "":
                kind = "string" if actual == "S" else "binary"
                if by_update:
                    raise errors.validation(m.EMPTY_INDEX_KEY_BY_UPDATE.format(kind), whole_request=True)
                raise errors.validation(m.EMPTY_INDEX_KEY_VALUE.format(kind, index.name, name), whole_request=True)


def _problem_message(problem: tuple, index: VectorIndexSchema) -> str:
    name = index.attribute
    kind = problem[0]
    if kind == "list":
        return vm.NOT_A_LIST.format(name, index.name)
    if kind == "size":
        return vm.WRONG_SIZE.format(name, index.dimensions, problem[1], index.name)
    if kind == "element":
        return vm.ELEMENT_NOT_NUMBER.format(name, problem[1], problem[2], index.name)
    return vm.ELEMENT_OUT_OF_RANGE.format(name, problem[1], problem[2], index.name)


def entry_of(schema: TableSchema, index: VectorIndexSchema, item: dict | None) -> Entry | None:
    """The item's entry in the index, or None when the item is not in it."""
    if item is None:
        return None
    value = item.get(index.attribute)
    if value is None:
        return None
    vector, problem = read_vector(value, index.dimensions)
    if problem is not None:
        return None
    declared = _declared(schema) if index.search_schema else {}
    hash_text = ""
    hash_name = index.hash_attribute()
    if hash_name is not None:
        hv = item.get(hash_name)
        if hv is None or type_tag(hv) != declared.get(hash_name) or hv[type_tag(hv)] == "":
            return None
        hash_text = encode_key(hv)
    filters = {}
    for name in index.filter_attributes():
        fv = item.get(name)
        if fv is None:
            continue
        if declared.get(name) is not None and type_tag(fv) != declared[name]:
            return None
        filters[name] = fv
    f32_value = {"L": [{"N": f32_text(f)} for f in vector]}
    projected = _project(schema, index, item, f32_value)
    size = _billed_size(projected, index)
    return Entry(hash_text, vector, filters, projected, size)


def _project(schema: TableSchema, index: VectorIndexSchema, item: dict, f32_value: dict) -> dict:
    """The entry: ALL is the item with the float32 vector; KEYS_ONLY the table
    keys and search schema attributes; INCLUDE those and the named attributes."""
    if index.projection_type == "ALL":
        projected = dict(item)
        projected[index.attribute] = f32_value
        return projected
    keep = set(schema.key_names())
    keep.update(e["AttributeName"] for e in index.search_schema or ())
    if index.projection_type == "INCLUDE":
        keep.update(index.non_key_attributes or ())
    projected = {name: value for name, value in item.items() if name in keep}
    if index.attribute in projected:
        projected[index.attribute] = f32_value
    return projected


def _billed_size(projected: dict, index: VectorIndexSchema) -> int:
    """The entry's item size, with the vector billed as its name plus 4 bytes a dimension."""
    rest = {name: value for name, value in projected.items() if name != index.attribute}
    return item_size(rest) + text_size(index.attribute) + VECTOR_BYTES_PER_DIMENSION * index.dimensions


def billed_item_size(schema: TableSchema, item: dict | None, size: int) -> int:
    """An item's size for write units: an attribute a vector index holds is
    billed as its name plus 4 bytes a dimension, not as its numbers."""
    if item is None or not schema.vector_indexes:
        return size
    counted = set()
    for index in schema.vector_indexes:
        if index.attribute in counted:
            continue
        value = item.get(index.attribute)
        if value is not None and read_vector(value, index.dimensions)[1] is None:
            counted.add(index.attribute)
            size += VECTOR_BYTES_PER_DIMENSION * index.dimensions - value_size(value)
    return size
