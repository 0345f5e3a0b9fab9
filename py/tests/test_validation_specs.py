"""The spec tables themselves: complete, well-formed, and the one place for each fact."""
import pytest

from dynoxide.validation import OPERATIONS, validate_request
from dynoxide.validation.shapes import AttributeValueShape, Field, ListOf, MapOf, Rule, Scalar, Struct

def test_every_implemented_operation_has_a_spec_and_no_spec_is_orphaned():
    from dynoxide.operations import OPERATIONS as IMPLEMENTED

    assert sorted(OPERATIONS) == sorted(IMPLEMENTED)


def _walk(field, seen):
    assert isinstance(field, Field)
    assert all(isinstance(rule, Rule) for rule in field.rules)
    shape = field.shape
    if isinstance(shape, Scalar):
        assert shape.name in ("String", "Boolean", "Integer", "Long", "Blob", "Timestamp")
    elif isinstance(shape, ListOf):
        _walk(shape.member, seen)
    elif isinstance(shape, MapOf):
        _walk(shape.value, seen)
    elif isinstance(shape, Struct):
        if id(shape) not in seen:
            seen.add(id(shape))
            for member in shape.fields.values():
                _walk(member, seen)
    else:
        assert isinstance(shape, AttributeValueShape)


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_each_spec_is_built_from_the_shape_vocabulary(op):
    spec = OPERATIONS[op]
    assert isinstance(spec.shape, Struct)
    for field in spec.shape.fields.values():
        _walk(field, set())
    assert all(callable(check) for check in spec.first + spec.rules)


def test_unknown_operations_are_left_to_the_router():
    validate_request("DescribeGlobalTable", {"GlobalTableName": 5})


def test_rule_phrases_are_dynamodbs():
    from dynoxide.validation.shapes import enum, map_values, max_length, min_length, pattern
    assert enum(("B", "N", "S")).phrase() == "Member must satisfy enum value set: [B, N, S]"
    assert pattern("[a-z]+").phrase() == "Member must satisfy regular expression pattern: [a-z]+"
    assert map_values(max_length(25), min_length(1)).phrase() == (
        "Map value must satisfy constraint: [Member must have length less than or equal to 25, "
        "Member must have length greater than or equal to 1]")
