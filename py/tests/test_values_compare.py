"""Comparison semantics as DynamoDB's condition expressions see them."""
import base64

import pytest

from dynoxide.values.compare import compare, equals


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.parametrize("a, b, result", [
    ({"N": "10"}, {"N": "9"}, 1),
    ({"N": "5"}, {"N": "10"}, -1),  # numeric, not lexical
    ({"N": "1.0"}, {"N": "1"}, 0),
    ({"N": "-1.5"}, {"N": "-1"}, -1),
    ({"N": "1E-130"}, {"N": "0"}, 1),
    ({"S": "a"}, {"S": "b"}, -1),
    ({"S": "B"}, {"S": "a"}, -1),  # uppercase sorts first
    ({"S": "abc"}, {"S": "ab"}, 1),
    ({"S": "\uffff"}, {"S": "😀"}, -1),  # code point / UTF-8 order, not UTF-16
    ({"S": ""}, {"S": ""}, 0),
    ({"B": b64(b"\x01")}, {"B": b64(b"\xff")}, -1),  # unsigned bytes
    ({"B": b64(b"\x00\x01")}, {"B": b64(b"\x00")}, 1),
])
def test_compare_same_scalar_types(a, b, result):
    assert compare(a, b) == result
    assert compare(b, a) == -result


@pytest.mark.parametrize("a, b", [
    ({"S": "1"}, {"N": "1"}),
    ({"N": "1"}, {"B": b64(b"1")}),
    ({"BOOL": True}, {"BOOL": False}),
    ({"NULL": True}, {"NULL": True}),
    ({"SS": ["a"]}, {"SS": ["b"]}),
    ({"L": []}, {"L": []}),
    ({"M": {}}, {"M": {}}),
    ({}, {"S": "a"}),
])
def test_compare_other_pairings_is_none(a, b):
    assert compare(a, b) is None


@pytest.mark.parametrize("a, b", [
    ({"S": "x"}, {"S": "x"}),
    ({"N": "100"}, {"N": "1E2"}),
    ({"N": "-0"}, {"N": "0"}),
    ({"B": "AAE="}, {"B": b64(b"\x00\x01")}),
    ({"BOOL": True}, {"BOOL": True}),
    ({"NULL": True}, {"NULL": True}),
    ({"SS": ["a", "b"]}, {"SS": ["b", "a"]}),
    ({"NS": ["1", "2.50"]}, {"NS": ["2.5", "1.0"]}),
    ({"BS": ["AA==", "AQ=="]}, {"BS": ["AQ==", "AA=="]}),
    ({"L": [{"N": "1"}, {"S": "a"}]}, {"L": [{"N": "1.0"}, {"S": "a"}]}),
    ({"M": {"a": {"N": "1"}, "b": {"L": []}}}, {"M": {"b": {"L": []}, "a": {"N": "01"}}}),
    ({"L": []}, {"L": []}),
    ({"M": {}}, {"M": {}}),
])
def test_equal_values(a, b):
    assert equals(a, b)
    assert equals(b, a)


@pytest.mark.parametrize("a, b", [
    ({"S": "x"}, {"S": "X"}),
    ({"S": "1"}, {"N": "1"}),
    ({"N": "1"}, {"N": "1.0000001"}),
    ({"BOOL": True}, {"BOOL": False}),
    ({"BOOL": True}, {"N": "1"}),
    ({"SS": ["a"]}, {"SS": ["a", "b"]}),
    ({"SS": ["1"]}, {"NS": ["1"]}),
    ({"NS": ["1", "2"]}, {"NS": ["1", "3"]}),
    ({"L": [{"S": "a"}, {"S": "b"}]}, {"L": [{"S": "b"}, {"S": "a"}]}),  # lists are ordered
    ({"L": [{"S": "a"}]}, {"L": [{"S": "a"}, {"S": "a"}]}),
    ({"M": {"a": {"S": "x"}}}, {"M": {"a": {"S": "x"}, "b": {"S": "y"}}}),
    ({"M": {"a": {"S": "x"}}}, {"M": {"b": {"S": "x"}}}),
    ({"B": "AA=="}, {"B": "AQ=="}),
    ({}, {}),
])
def test_unequal_values(a, b):
    assert not equals(a, b)
    assert not equals(b, a)
