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
from .values import to_f32_many


@dataclass(frozen=True)
class Entry:
    """One item's row in one vector index."""
    hash: str            # the encoded HASH value ('' without one)
    vector: tuple         # float32 values
    filters: dict         # INLINE_FILTER attribute -> value, those the item has
    projected: dict       # the entry's other attributes (the vector's text is made when a search returns it)
    size: int             # its billed size (VectorWriteRequestBytes before the floor)


def read_vector(value: dict | None, dimensions: int):
    """(float32 values, None), or (None, problem): ("list",), ("size", n),
    ("element", i, type) or ("range", i, text)."""
    elements = value.get("L") if isinstance(value, dict) else None
    if elements is None:
        return None, ("list",)
    if len(elements) != dimensions:
        return None, ("size", len(elements))
    texts = [element.get("N") for element in elements]
    if None in texts:
        position = texts.index(None)
        return None, ("element", position, type_tag(elements[position]))
    singles = to_f32_many(texts)
    if isinstance(singles, int):
        return None, ("range", singles, texts[singles])
    return singles, None


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


def vectors_of(schema: TableSchema, item: dict | None, like: tuple | None = None) -> dict:
    """attribute -> float32 values (None when not a vector the index can hold),
    read once per item for all its indexes; `like` is (other item, its vectors),
    whose values are reused where the item holds the same list."""
    out: dict = {}
    if item is None:
        return out
    for index in schema.vector_indexes:
        name = index.attribute
        if name in out:
            continue
        value = item.get(name)
        if like is not None and value is not None and like[0] is not None and like[0].get(name) == value \
                and name in like[1]:
            out[name] = like[1][name]
        else:
            out[name] = None if value is None else read_vector(value, index.dimensions)[0]
    return out


def entry_of(schema: TableSchema, index: VectorIndexSchema, item: dict | None,
             vectors: dict | None = None) -> Entry | None:
    """The item's entry in the index, or None when the item is not in it.
    `vectors`: the item's `vectors_of`, when already read."""
    if item is None:
        return None
    if vectors is not None:
        vector = vectors.get(index.attribute)
    else:
        value = item.get(index.attribute)
        vector = None if value is None else read_vector(value, index.dimensions)[0]
    if vector is None or len(vector) != index.dimensions:
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
    projected = _project(schema, index, item)
    return Entry(hash_text, vector, filters, projected, _billed_size(projected, index))


def _project(schema: TableSchema, index: VectorIndexSchema, item: dict) -> dict:
    """The entry but its vector: ALL is the item; KEYS_ONLY the table keys and
    search schema attributes; INCLUDE those and the named attributes."""
    if index.projection_type == "ALL":
        keep = None
    else:
        keep = set(schema.key_names())
        keep.update(e["AttributeName"] for e in index.search_schema or ())
        if index.projection_type == "INCLUDE":
            keep.update(index.non_key_attributes or ())
    return {name: value for name, value in item.items()
            if name != index.attribute and (keep is None or name in keep)}


def _billed_size(projected: dict, index: VectorIndexSchema) -> int:
    """The entry's item size, with the vector billed as its name plus 4 bytes a dimension."""
    return item_size(projected) + text_size(index.attribute) + VECTOR_BYTES_PER_DIMENSION * index.dimensions


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
