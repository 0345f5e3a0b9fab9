"""Key encodings: SQLite's BINARY order over the encoded text is DynamoDB's order."""
import base64
import sqlite3
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dynoxide.errors import DynamoError
from dynoxide.values.keys import encode_key, encode_number, encode_part, encode_parts, key_type, prefix_end


def utf8_order(text: str) -> bytes:
    return text.encode("utf-8")


# Decimals DynamoDB accepts: up to 38 significant digits, exponent in range.
dynamo_decimals = st.builds(
    lambda sign, digits, exponent: Decimal(f"{sign}{digits}E{exponent}"),
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=10**38 - 1),
    st.integers(min_value=-130, max_value=88),
).filter(lambda d: d == 0 or -130 <= d.adjusted() <= 125)


def test_numbers_sort_numerically():
    ordered = ["-9.9999999999999999999999999999999999999E+125", "-1E+10", "-1000", "-100",
               "-10", "-1.5", "-1", "-0.5", "-0.123", "-0.12", "-0.001", "-1E-130", "0",
               "1E-130", "0.001", "0.12", "0.123", "0.5", "1", "1.5", "2", "9", "10", "100",
               "1000", "1E+10", "99999999999999999999999999999999999999",
               "9.9999999999999999999999999999999999999E+125"]
    encoded = [utf8_order(encode_number(n)) for n in ordered]
    assert encoded == sorted(encoded)
    assert len(set(encoded)) == len(encoded)


@pytest.mark.parametrize("spellings", [
    ["1", "1.0", "1E0", "01", "+1", "0.1E1", "10E-1"],
    ["0", "-0", "0.0", "+0", "0E10"],
    ["-12.5", "-1.25E1", "-012.500"],
    ["1E+100", "1" + "0" * 100],
])
def test_equal_numbers_encode_identically(spellings):
    assert len({encode_number(n) for n in spellings}) == 1


@settings(max_examples=500)
@given(dynamo_decimals, dynamo_decimals)
def test_number_encoding_order_matches_decimal_order(a, b):
    left, right = utf8_order(encode_number(str(a))), utf8_order(encode_number(str(b)))
    assert (left < right) == (a < b)
    assert (left == right) == (a == b)


@given(st.lists(dynamo_decimals, min_size=2, max_size=30))
def test_sqlite_sorts_encoded_numbers_like_dynamodb(values):
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
        db.executemany("INSERT OR REPLACE INTO t VALUES (?, ?)",
                       [(encode_key({"N": str(v)}), str(v)) for v in values])
        stored = [Decimal(v) for (v,) in db.execute("SELECT v FROM t ORDER BY k")]
    assert stored == sorted(set(values))


@given(st.lists(st.text(st.characters(exclude_categories=["Cs"])), min_size=2, max_size=30))
def test_sqlite_sorts_strings_by_utf8_bytes(values):
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE t (k TEXT PRIMARY KEY) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO t VALUES (?)", [(encode_key({"S": v}),) for v in values])
        stored = [k for (k,) in db.execute("SELECT k FROM t ORDER BY k")]
    assert stored == sorted(set(values), key=utf8_order)


@given(st.lists(st.binary(max_size=12), min_size=2, max_size=30))
def test_binary_keys_sort_by_unsigned_bytes(values):
    encoded = {encode_key({"B": base64.b64encode(v).decode()}): v for v in values}
    assert [encoded[k] for k in sorted(encoded, key=utf8_order)] == sorted(set(values))


def test_string_key_is_the_string_itself():
    assert encode_key({"S": "héllo"}) == "héllo"


def test_binary_key_is_lowercase_hex():
    assert encode_key({"B": base64.b64encode(b"\xff\x00\xab").decode()}) == "ff00ab"
    assert encode_key({"B": ""}) == ""


def test_invalid_number_key_is_a_validation_error():
    with pytest.raises(DynamoError) as caught:
        encode_key({"N": "abc"})
    assert caught.value.name == "ValidationException"


@pytest.mark.parametrize("value", [{"BOOL": True}, {"SS": ["a"]}, {"S": "a", "N": "1"}, {}, "S"])
def test_non_key_values_are_rejected(value):
    with pytest.raises(DynamoError):
        encode_key(value)


def test_key_type():
    assert key_type({"S": "a"}) == "S"
    assert key_type({"N": "1"}) == "N"
    assert key_type({"B": ""}) == "B"
    assert key_type({"NS": ["1"]}) is None
    assert key_type({"S": "a", "N": "1"}) is None
    assert key_type(None) is None


# --- multi-attribute keys -----------------------------------------------------------

_low_text = st.text(st.sampled_from(["\x00", "\x01", "\x02", "a", "b", "\u00e9", "\U0010ffff"]), max_size=4)


@given(st.lists(st.tuples(_low_text, _low_text, _low_text), min_size=2, max_size=20))
def test_sqlite_sorts_joined_parts_as_their_tuples(rows):
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE t (k TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [(encode_parts(list(row)),) for row in rows])
        stored = [k for (k,) in db.execute("SELECT k FROM t ORDER BY k")]
    assert "\x00" not in "".join(stored)  # nothing a NUL-terminated binding would cut
    expected = sorted(rows, key=lambda row: tuple(utf8_order(part) for part in row))
    assert stored == [encode_parts(list(row)) for row in expected]


@given(st.lists(_low_text, min_size=1, max_size=3), _low_text, st.lists(_low_text, min_size=1, max_size=3))
def test_a_prefix_span_holds_exactly_the_values_that_begin_with_it(head, prefix, row):
    low = encode_parts(head) + encode_part(prefix, last=False)
    high = prefix_end(low)
    key = encode_parts(head + row)
    begins = row[0].startswith(prefix)
    assert (low <= key and (high is None or key < high)) == begins


def test_prefix_end_steps_over_the_surrogates_and_the_last_code_point():
    assert prefix_end("a\ud7ff") == "a\ue000"
    assert prefix_end("a\U0010ffff\U0010ffff") == "b"
    assert prefix_end("\U0010ffff") is None
