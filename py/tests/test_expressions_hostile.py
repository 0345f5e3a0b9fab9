"""Hostile input: size limits, deep nesting, random garbage. Only DynamoError may escape."""
import inspect
import random
import sys

import pytest

from dynoxide.errors import DynamoError
from dynoxide.expressions import (ExpressionContext, apply_projection, apply_update,
                                  evaluate_condition, parse_condition, parse_key_condition,
                                  parse_projection, parse_update)
from dynoxide.expressions.parser import MAX_DEPTH

VALUES = {":v": {"S": "x"}, ":n": {"N": "1"}, ":l": {"L": [{"S": "y"}]}, ":s": {"SS": ["a"]}}
ITEM = {"a": {"S": "x"}, "b": {"M": {"c": {"L": [{"N": "1"}, {"S": "x"}]}}}, "n": {"N": "5"},
        "s": {"SS": ["a", "b"]}}


def filter_message(text, values=None):
    with pytest.raises(DynamoError) as info:
        parse_condition(text, ExpressionContext(None, values), "FilterExpression")
    return info.value.message


def test_ten_thousand_characters():
    for fn in (parse_condition, parse_update, parse_projection):
        with pytest.raises(DynamoError) as info:
            fn("a" * 10_000, ExpressionContext())
        # DynamoDB names the size of every expression but an update expression.
        assert info.value.message.endswith("Expression size has exceeded the maximum allowed size;" if fn is parse_update
                                           else "Expression size has exceeded the maximum allowed size; "
                                                "expression size: 10000")


def test_one_hundred_redundant_parentheses():
    text = "(" * 100 + "a = :v" + ")" * 100
    assert filter_message(text, VALUES) == "Invalid FilterExpression: The expression has redundant parentheses;"


def test_one_hundred_levels_of_real_nesting_work():
    text = "(a = :v AND " * 100 + "a = :v" + ")" * 100
    cond = parse_condition(text, ExpressionContext(None, {":v": VALUES[":v"]}))
    assert evaluate_condition(cond, ITEM)
    text = "(NOT " * 50 + "a = :v" + ")" * 50
    assert evaluate_condition(parse_condition(text, ExpressionContext(None, {":v": VALUES[":v"]})), ITEM)


def test_nesting_beyond_the_limit_is_refused():
    for text in ("NOT " * 1000 + "a = :v",
                 "(a = :v AND " * (MAX_DEPTH + 1) + "a = :v" + ")" * (MAX_DEPTH + 1),
                 "size(" * 500 + "a" + ")" * 500 + " = :v",
                 "(" * 2000):
        assert filter_message(text, {":v": VALUES[":v"]}).startswith("Invalid FilterExpression: ")
    with pytest.raises(DynamoError):
        parse_update("SET a = " + "(" * 2000 + "b", ExpressionContext())


def test_deepest_accepted_nesting_fits_in_a_modest_stack():
    # Whatever called us, parsing, binding and evaluating the deepest
    # expression accepted must fit in 600 more frames.
    text = "(a = :v AND " * (MAX_DEPTH - 1) + "a = :v" + ")" * (MAX_DEPTH - 1)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 600)
    try:
        cond = parse_condition(text + " ", ExpressionContext(None, {":v": VALUES[":v"]}))
        assert evaluate_condition(cond, ITEM)
    finally:
        sys.setrecursionlimit(limit)


def test_long_flat_expressions():
    text = "a IN (" + ", ".join([":v"] * 100) + ")"
    assert evaluate_condition(parse_condition(text, ExpressionContext(None, {":v": VALUES[":v"]})), ITEM)
    path = "a" + "[0]" * 31
    parse_projection(path, ExpressionContext())
    long_name = "x" * 4000
    assert parse_projection(long_name, ExpressionContext()).paths == [(long_name,)]


def test_control_characters_and_unicode():
    for text in ("a = :v\x00", "a\u2028= :v", "\U0001F600 = :v", "a = :v\ud800", "#\u00e9 = :v"):
        with pytest.raises(DynamoError) as info:
            parse_condition(text, ExpressionContext(None, {":v": VALUES[":v"]}))
        assert info.value.name == "ValidationException"


VOCABULARY = [
    "a", "b", "n", "s", "x", "#a", "#b", ":v", ":n", ":l", ":s", ":zz", "#zz", "(", ")", "[", "]",
    "0", "1", "7", "2147483648", ".", ",", "=", "<>", "<", "<=", ">", ">=", "+", "-", "AND", "OR",
    "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE", "size", "contains", "begins_with",
    "attribute_exists", "attribute_not_exists", "attribute_type", "if_not_exists", "list_append",
    "status", "!", "\"", " ", "  ", "_", "ü",
]


def garbage(rng):
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(0, 25)))


def plausible(rng):
    parts = []
    for _ in range(rng.randint(1, 4)):
        left = rng.choice(["a", "#a", "b.c[0]", "size(s)", "n"])
        op = rng.choice(["=", "<>", "<", ">=", "BETWEEN :n AND", "IN (:v,"])
        right = rng.choice([":v", ":n", "b", ":l", "n"])
        clause = f"{left} {op} {right}" + (")" if op.startswith("IN") else "")
        parts.append(rng.choice(["", "NOT ", "("]) + clause + (")" if parts and parts[-1:] == ["("] else ""))
    return rng.choice([" AND ", " OR "]).join(parts)


@pytest.mark.parametrize("seed", range(4))
def test_random_input_only_ever_raises_dynamo_errors(seed):
    rng = random.Random(seed)
    names = {"#a": "a", "#b": "b"}
    for _ in range(1500):
        text = garbage(rng) if rng.random() < 0.6 else plausible(rng)
        ctx = ExpressionContext(names, VALUES)
        for attempt in (
            lambda: evaluate_condition(parse_condition(text, ctx), ITEM),
            lambda: apply_update(parse_update(text, ctx), ITEM),
            lambda: apply_update(parse_update("SET " + text, ctx), ITEM),
            lambda: apply_projection(parse_projection(text, ctx), ITEM),
            lambda: parse_key_condition(text, ctx, "a", "n", check_unused=False),
        ):
            try:
                attempt()
            except DynamoError as error:
                assert error.name in ("ValidationException", "InternalServerError"), (text, error)
                assert error.status != 500 or ".:" in text.replace(" ", ""), (text, error)
