"""The values layer: DynamoDB's AttributeValue rules, pure functions only.

- `numbers`: the N grammar, 38-digit and range limits, canonical text, exact arithmetic.
- `attributes`: validating and canonicalising one value or a whole item.
- `size`: DynamoDB's byte accounting for items and key values.
- `keys`: order-preserving TEXT encodings of S/N/B key values for SQLite.
- `compare`: ordering and deep equality as condition expressions see them.
"""
from .attributes import validate_item, validate_value
from .compare import compare, equals
from .keys import encode_key, key_type
from .numbers import canonicalize
from .size import item_size, key_value_size, value_size

__all__ = [
    "canonicalize",
    "compare",
    "encode_key",
    "equals",
    "item_size",
    "key_type",
    "key_value_size",
    "validate_item",
    "validate_value",
    "value_size",
]
