"""The iteration order of Java hash collections, where DynamoDB's messages show it.

Two of DynamoDB's messages list items in the order a Java HashSet/HashMap
happens to iterate them: the keys of an "unused in expressions" error, and
the second path of an overlap/conflict error (the first child found in a
path tree node). That order is deterministic: buckets by the spread hash,
and insertion order within a bucket. Reproducing it makes our messages
byte-identical instead of merely equivalent.
"""
from __future__ import annotations

_MASK = 0xFFFFFFFF
# Apache commons HashCodeBuilder(8191, 127) over one field: 8191 * 127 + hash.
_PATH_ELEMENT_SEED = 8191 * 127


def string_hash(text: str) -> int:
    """Java's String.hashCode (over UTF-16 code units), as an unsigned int."""
    h = 0
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h = (31 * h + (data[i] | (data[i + 1] << 8))) & _MASK
    return h


def path_element_hash(element) -> int:
    """The hash DynamoDB's path tree uses for a map key (str) or list index (int)."""
    value = element if isinstance(element, int) else string_hash(element)
    return (_PATH_ELEMENT_SEED + value) & _MASK


def _bucket(h: int, capacity: int) -> int:
    return (h ^ (h >> 16)) & (capacity - 1)


def _capacity_for_copy(count: int) -> int:
    """Table size of `new HashSet<>(collection)` for a collection of `count`."""
    wanted = max(int(count / 0.75) + 1, 16)
    capacity = 1
    while capacity < wanted:
        capacity <<= 1
    return capacity


def _capacity_after_inserts(count: int) -> int:
    """Table size of a default HashMap after `count` insertions."""
    capacity = 16
    while count > capacity * 0.75:
        capacity <<= 1
    return capacity


def hash_set_order(keys: list[str], total: int) -> list[str]:
    """`keys` in the order a HashSet copied from `total` keys iterates them."""
    capacity = _capacity_for_copy(total)
    ranked = sorted(enumerate(keys), key=lambda p: (_bucket(string_hash(p[1]), capacity), p[0]))
    return [key for _, key in ranked]


def hash_map_order(elements: list) -> list:
    """Path-tree keys (inserted in this order) in HashMap iteration order."""
    capacity = _capacity_after_inserts(len(elements))
    ranked = sorted(enumerate(elements), key=lambda p: (_bucket(path_element_hash(p[1]), capacity), p[0]))
    return [element for _, element in ranked]
