"""DynamoDB's item size accounting.

Number sizes in the first table were measured byte-exact against real
DynamoDB (by bisecting the 400 KB limit) by the Rust dynoxide project; the
centesimal model below reproduces all of them.
"""
import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dynoxide.limits import MAX_ITEM_SIZE
from dynoxide.values.numbers import canonicalize, is_valid
from dynoxide.values.size import item_size, key_value_size, number_size, value_size


@pytest.mark.parametrize("text, size", [
    ("1", 2), ("12", 2), ("123", 3), ("1234", 3), ("12345", 4), ("123456", 4),
    ("1234567", 5), ("12345678", 5), ("123456789", 6), ("1234567891", 6),
    ("12345678912", 7), ("123456789123", 7), ("1234567890123456789", 11),
    ("12345678901234567890123456789012345678", 20),
    ("0042", 2), ("100", 2), ("1010", 3), ("0.0000001", 2), ("0", 1),
    ("1E125", 2), ("1E-100", 2),
    ("1.5", 3), ("1.2", 3), ("1.200", 3), ("1.234", 4), ("3.14159", 5),
    ("100.5", 4), ("0.15", 2), ("15", 2),
    ("-42", 3), ("-12345", 5), ("-1E125", 3), ("-0.15", 3), ("-0", 1),
])
def test_number_sizes_measured_on_dynamodb(text, size):
    assert number_size(text) == size


@pytest.mark.parametrize("text, size", [
    ("12000", 3),  # 1|20|00: digit pairs align on the decimal point
    ("0.015", 3),  # .01|50
    ("1200", 2),   # 12|00
    ("0.0015", 2),  # .00|15
])
def test_number_digit_pairs_align_on_the_decimal_point(text, size):
    assert number_size(text) == size


@given(st.builds(
    lambda sign, digits, exponent: f"{sign}{digits}E{exponent}",
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=10**38 - 1),
    st.integers(min_value=-130, max_value=88),
).filter(lambda text: is_valid(text)))
def test_number_size_does_not_change_with_canonicalisation(text):
    assert number_size(text) == number_size(canonicalize(text))
    assert 1 <= number_size(text) <= 22


@pytest.mark.parametrize("value, size", [
    ({"S": "hello"}, 5),
    ({"S": ""}, 0),
    ({"S": "é"}, 2),
    ({"S": "😀"}, 4),
    ({"B": base64.b64encode(b"\x00\x01\x02").decode()}, 3),
    ({"B": "AA=="}, 1),
    ({"B": "AAA="}, 2),
    ({"B": ""}, 0),
    ({"BOOL": False}, 1),
    ({"NULL": True}, 1),
    ({"N": "42"}, 2),
    ({"SS": ["ab", "cde"]}, 5),
    ({"NS": ["1", "-42"]}, 5),
    ({"BS": ["AA==", "AAA="]}, 3),
    ({"L": []}, 3),
    ({"M": {}}, 3),
    ({"L": [{"S": "ab"}, {"NULL": True}]}, 3 + (1 + 2) + (1 + 1)),
    ({"M": {"ab": {"S": "xyz"}}}, 3 + 2 + 1 + 3),
    ({"M": {"a": {"L": [{"BOOL": True}]}}}, 3 + 1 + 1 + (3 + 1 + 1)),
])
def test_value_sizes(value, size):
    assert value_size(value) == size


def test_item_size_counts_attribute_names_in_utf8():
    assert item_size({"id": {"S": "abc"}, "n": {"N": "-12.5"}}) == 2 + 3 + 1 + 4
    assert item_size({"ñ": {"S": ""}}) == 2
    assert item_size({}) == 0


def test_binary_size_matches_decoded_length():
    for length in range(0, 20):
        encoded = base64.b64encode(bytes(range(length))).decode()
        assert value_size({"B": encoded}) == length


def test_conformance_item_size_cases():
    assert item_size({"pk": {"S": "lim-is-under"}, "data": {"S": "x" * 390_000}}) <= MAX_ITEM_SIZE
    assert item_size({"pk": {"S": "lim-is-over"}, "bigval": {"S": "x" * 410_000}}) > MAX_ITEM_SIZE
    names = {f"attr{'a' * 200}{i:03d}": {"S": "x" * 3_900} for i in range(100)}
    assert item_size({"pk": {"S": "k"}, **names}) > MAX_ITEM_SIZE
    members = ["x" * 4_200 + str(i) for i in range(100)]
    assert item_size({"pk": {"S": "k"}, "bigset": {"SS": members}}) > MAX_ITEM_SIZE
    binary = base64.b64encode(bytes(350_000)).decode()
    assert item_size({"pk": {"S": "k"}, "bindata": {"B": binary}}) <= MAX_ITEM_SIZE


def test_key_value_size():
    assert key_value_size({"S": "a" * 2048}) == 2048
    assert key_value_size({"S": "é" * 1024}) == 2048
    assert key_value_size({"B": base64.b64encode(bytes(1024)).decode()}) == 1024
    assert key_value_size({"N": "12345"}) == 4
