"""SearchVectors as DynamoDB's search front end reads it.

That front end deserialises the body strictly before it validates anything:
an explicit null for a required member is a SerializationException quoting
its reader ("invalid type: null, expected a string at line 1 column 28"), a
missing required member a ValidationException ("missing field `TableName`
at line 1 column 40"), and a bad ReturnConsumedCapacity is reported without
the usual "1 validation error detected: " envelope. The column is where the
reader stood in the body; it is worked out here from the request written as
compact JSON, which is how the SDKs send it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .. import errors
from ..validation import messages as m
from . import messages as vm

# Required members in the model's order, and what the reader expects of each.
_REQUIRED = (("TableName", "a string"), ("IndexName", "a string"), ("SearchVector", "a sequence"),
             ("TopK", "i32"))
_EXPECTED = dict(_REQUIRED)
_compact = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


@dataclass(frozen=True)
class SearchVectorsReader:
    def __call__(self, request: dict) -> None:
        column = 1  # after "{"
        for n, (name, value) in enumerate(request.items()):
            column += (1 if n else 0) + len(_compact(name)) + 1
            if value is None and name in _EXPECTED:
                raise errors.serialization(vm.NULL_MEMBER.format(_EXPECTED[name], column + 4))
            if name == "TopK" and isinstance(value, float) and not value.is_integer():
                raise errors.serialization(
                    f"invalid type: floating point `{value!r}`, expected i32 at line 1 column "
                    f"{column + len(repr(value))}")
            column += len(_compact(value))
        for name, _ in _REQUIRED:
            if name not in request:
                raise errors.validation(vm.MISSING_FIELD.format(name, len(_compact(request))))
        mode = request.get("ReturnConsumedCapacity")
        if isinstance(mode, str) and mode not in m.RETURN_CONSUMED_CAPACITY:
            raise errors.validation(f"Value '{mode}' at 'returnConsumedCapacity' failed to satisfy constraint: "
                                    f"Member must satisfy enum value set: [{', '.join(m.RETURN_CONSUMED_CAPACITY)}]")
