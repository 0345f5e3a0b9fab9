"""Condition and filter evaluation semantics."""
import pytest

from dynoxide.expressions import ExpressionContext, evaluate_condition, parse_condition

ITEM = {
    "pk": {"S": "key"},
    "s": {"S": "hello world"},
    "n": {"N": "10"},
    "dnum": {"N": "10.5"},
    "b": {"B": "AQID"},                # bytes 01 02 03
    "t": {"BOOL": True},
    "nul": {"NULL": True},
    "ss": {"SS": ["a", "b"]},
    "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": ["AQ==", "Ag=="]},
    "l": {"L": [{"S": "x"}, {"N": "1"}, {"M": {"k": {"S": "v"}}}]},
    "m": {"M": {"deepkey": {"S": "deep"}, "list": {"L": [{"N": "7"}]}, "nested": {"M": {"c": {"N": "3"}}}}},
    "emoji": {"S": "a\U0001F600"},
}

VALUES = {
    ":s": {"S": "hello world"}, ":hello": {"S": "hello"}, ":world": {"S": "world"},
    ":n10": {"N": "10"}, ":n10_0": {"N": "10.0"}, ":n9": {"N": "9"}, ":n11": {"N": "11"},
    ":n1": {"N": "1"}, ":n2": {"N": "2"}, ":n3": {"N": "3"}, ":n7": {"N": "7"}, ":n25": {"N": "2.5"},
    ":b": {"B": "AQID"}, ":b1": {"B": "AQ=="}, ":b12": {"B": "AQI="}, ":b2": {"B": "Ag=="}, ":b3": {"B": "Aw=="}, ":b4": {"B": "BA=="},
    ":true": {"BOOL": True}, ":false": {"BOOL": False}, ":null": {"NULL": True},
    ":ss": {"SS": ["b", "a"]}, ":ns": {"NS": ["2.50", "1"]}, ":a": {"S": "a"}, ":x": {"S": "x"},
    ":deep": {"S": "deep"}, ":list": {"L": [{"S": "x"}, {"N": "1"}, {"M": {"k": {"S": "v"}}}]},
    ":map": {"M": {"k": {"S": "v"}}}, ":tS": {"S": "S"}, ":tN": {"N": "1"},
    ":typeS": {"S": "S"}, ":typeN": {"S": "N"}, ":typeSS": {"S": "SS"}, ":typeM": {"S": "M"},
    ":typeL": {"S": "L"}, ":typeNULL": {"S": "NULL"}, ":typeBOOL": {"S": "BOOL"}, ":typeB": {"S": "B"},
    ":typeNS": {"S": "NS"}, ":typeBS": {"S": "BS"}, ":empty": {"S": ""},
}


def check(text, item=ITEM, names=None):
    used = {k: v for k, v in VALUES.items() if k in text}
    ctx = ExpressionContext(names, used or None)
    return evaluate_condition(parse_condition(text, ctx), item)


@pytest.mark.parametrize("text, expected", [
    ("s = :s", True), ("s <> :s", False), ("s = :hello", False),
    ("n = :n10", True), ("n = :n10_0", True), ("n <> :n10_0", False),
    ("n > :n9", True), ("n >= :n10", True), ("n < :n11", True), ("n <= :n9", False),
    ("dnum > :n10", True), ("b = :b", True), ("b > :b12", True), ("b < :b2", True),
    ("t = :true", True), ("t = :false", False), ("nul = :null", True),
    ("ss = :ss", True), ("ns = :ns", True), ("l = :list", True), ("l[2] = :map", True),
    ("m.deepkey = :deep", True), ("m.nested.c = :n3", True), ("m.#l[0] = :n7", True),
])
def test_comparisons(text, expected):
    assert check(text, names={"#l": "list"} if "#l" in text else None) is expected


def test_strings_order_by_utf8_bytes():
    item = {"a": {"S": "z"}, "b": {"S": "\u00e9"}, "c": {"S": "\uffff"}, "d": {"S": "\U00010000"}}
    ctx = ExpressionContext(None, None)
    assert evaluate_condition(parse_condition("b > a", ctx), item)
    assert evaluate_condition(parse_condition("d > c", ctx), item)


def test_numbers_compare_numerically_at_full_precision():
    item = {"a": {"N": "12345678901234567890123456789012345678"},
            "b": {"N": "12345678901234567890123456789012345679"},
            "c": {"N": "-1E-130"}, "d": {"N": "0"}}
    ctx = ExpressionContext(None, None)
    assert evaluate_condition(parse_condition("a < b", ctx), item)
    assert evaluate_condition(parse_condition("c < d", ctx), item)


@pytest.mark.parametrize("text", ["s < :n10", "n > :s", "b >= :s", "n <= :b"])
def test_ordering_across_types_is_false(text):
    assert check(text) is False


@pytest.mark.parametrize("attr", ["t", "nul", "ss", "ns", "bs", "l", "m"])
def test_ordering_non_scalar_attributes_is_false(attr):
    # Values of these types are refused as operands when written; attributes just compare false.
    item = dict(ITEM, twin=ITEM[attr])
    ctx = ExpressionContext()
    for op in ("<", "<=", ">", ">="):
        assert evaluate_condition(parse_condition(f"{attr} {op} twin", ctx), item) is False
    assert evaluate_condition(parse_condition(f"{attr} = twin", ctx), item) is True


def test_different_types_are_unequal():
    assert check("n = :s") is False
    assert check("n <> :s") is True
    assert check("ns = :ss") is False


def test_absent_attributes():
    # conformance: tier1/putItem/conditions
    assert check("absent = :s") is False
    assert check("absent <> :s") is True
    assert check("absent < :n10 OR absent <> :s") is True
    assert check("absent BETWEEN :n1 AND :n11") is False
    assert check("absent IN (:s, :n1)") is False
    assert check("m.nope.deeper = :s") is False
    assert check("s.x = :s") is False          # map step on a string
    assert check("l[9] = :s") is False         # past the end
    assert check("m[0] = :s") is False         # index on a map
    assert check("l.x = :s") is False          # name on a list


def test_condition_on_no_item_sees_an_empty_item():
    ctx = ExpressionContext(None, {":v": {"S": "x"}})
    assert evaluate_condition(parse_condition("attribute_not_exists(pk)", ctx), None)
    assert not evaluate_condition(parse_condition("attribute_exists(pk)", ctx), None)
    assert evaluate_condition(parse_condition("a <> :v", ctx), None)


def test_between_and_in():
    assert check("n BETWEEN :n9 AND :n11") is True
    assert check("n BETWEEN :n10 AND :n10") is True
    assert check("n BETWEEN :n1 AND :n9") is False
    assert check("s BETWEEN :a AND :x") is True
    assert check("b BETWEEN :b1 AND :b3") is True
    assert check("n BETWEEN :a AND :x") is False   # type mismatch: false, not an error
    assert check("n IN (:s, :n10_0)") is True
    assert check("n IN (:s, :n9)") is False
    assert check("l[1] IN (:n1)") is True


def test_logic():
    assert check("n = :n10 AND s = :s") is True
    assert check("n = :n9 OR s = :s") is True
    assert check("NOT n = :n9") is True
    assert check("NOT (n = :n9 OR s = :s)") is False
    assert check("NOT NOT n = :n10") is True
    assert check("n = :n9 AND s = :s OR n = :n10") is True     # AND binds tighter
    assert check("n = :n9 AND (s = :s OR n = :n10)") is False


def test_attribute_exists_and_not_exists():
    assert check("attribute_exists(s) AND attribute_exists(m.nested.c) AND attribute_exists(l[2].k)")
    assert check("attribute_not_exists(zz) AND attribute_not_exists(m.zz) AND attribute_not_exists(l[3])")
    assert not check("attribute_exists(l[3])")


@pytest.mark.parametrize("attr, type_name", [
    ("s", "S"), ("n", "N"), ("b", "B"), ("t", "BOOL"), ("nul", "NULL"), ("ss", "SS"),
    ("ns", "NS"), ("bs", "BS"), ("l", "L"), ("m", "M"),
])
def test_attribute_type(attr, type_name):
    assert check(f"attribute_type({attr}, :type{type_name})") is True
    other = "N" if type_name != "N" else "S"
    assert check(f"attribute_type({attr}, :type{other})") is False
    assert check(f"attribute_type(absent, :type{type_name})") is False


def test_begins_with():
    assert check("begins_with(s, :hello)") is True
    assert check("begins_with(s, :world)") is False
    assert check("begins_with(s, :empty)") is True
    assert check("begins_with(b, :b12)") is True
    assert check("begins_with(b, :b2)") is False
    assert check("begins_with(n, :hello)") is False     # a number never begins with anything
    assert check("begins_with(absent, :hello)") is False
    assert check("begins_with(s, b)") is False          # S vs B


def test_contains():
    assert check("contains(s, :world)") is True
    assert check("contains(s, :x)") is False
    assert check("contains(b, :b4)") is False
    assert check("contains(b, :b2)") is True
    assert check("contains(b, :b12)") is True
    assert check("contains(ss, :a)") is True
    assert check("contains(ss, :x)") is False
    assert check("contains(ns, :n25)") is True
    assert check("contains(ns, :n1)") is True
    assert check("contains(ns, :n2)") is False
    assert check("contains(bs, :b2)") is True
    assert check("contains(l, :x)") is True
    assert check("contains(l, :n1)") is True
    assert check("contains(l, :map)") is True
    assert check("contains(l, :a)") is False
    assert check("contains(ss, :n1)") is False          # SS with an N member
    assert check("contains(n, :n1)") is False
    assert check("contains(absent, :a)") is False
    assert check("NOT contains(s, :x)") is True


@pytest.mark.parametrize("attr, size", [
    ("s", 11), ("b", 3), ("ss", 2), ("ns", 2), ("bs", 2), ("l", 3), ("m", 3),
    ("emoji", 3),  # UTF-16 code units: the emoji is a surrogate pair
])
def test_size(attr, size):
    values = {":v": {"N": str(size)}}
    assert evaluate_condition(parse_condition(f"size({attr}) = :v", ExpressionContext(None, values)), ITEM)


def test_size_of_numbers_booleans_nulls_and_absent_is_absent():
    values = {":v": {"N": "0"}}
    for attr in ("n", "t", "nul", "absent"):
        cond = parse_condition(f"size({attr}) >= :v", ExpressionContext(None, values))
        assert evaluate_condition(cond, ITEM) is False
        cond = parse_condition(f"size({attr}) <> :v", ExpressionContext(None, values))
        assert evaluate_condition(cond, ITEM) is True


def test_size_of_a_value_operand():
    values = {":s": {"S": "abc"}, ":v": {"N": "3"}}
    assert evaluate_condition(parse_condition("size(:s) = :v", ExpressionContext(None, values)), {})


def test_reserved_word_through_a_placeholder():
    # conformance: tier3/limits/reservedWords
    ctx = ExpressionContext({"#status": "status"}, {":v": {"S": "active"}})
    assert evaluate_condition(parse_condition("#status = :v", ctx), {"status": {"S": "active"}})


def test_same_names_via_placeholders_and_literals_agree():
    ctx = ExpressionContext({"#m": "m", "#i": "deepkey"}, {":v": {"S": "deep"}})
    assert evaluate_condition(parse_condition("#m.#i = :v AND m.deepkey = :v", ctx), ITEM)


def test_placeholder_names_are_taken_literally():
    item = {"a.b": {"S": "dotted"}, "a": {"M": {"b": {"S": "nested"}}}}
    ctx = ExpressionContext({"#ab": "a.b"}, {":v": {"S": "dotted"}})
    assert evaluate_condition(parse_condition("#ab = :v", ctx), item)


def test_long_chains_do_not_recurse():
    values = {":v": {"S": "x"}}
    text = " OR ".join(["a = :v"] * 149) + " OR b = :v"
    cond = parse_condition(text, ExpressionContext(None, values))
    assert evaluate_condition(cond, {"b": {"S": "x"}})
