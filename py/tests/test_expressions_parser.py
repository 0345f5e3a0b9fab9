"""Parsing and the text-only checks, with DynamoDB's exact messages.

Expected messages come from the DynamoDB conformance suite and from tests
recorded against DynamoDB (dynalite's), noted per test where they apply.
"""
import pytest

from dynoxide.errors import DynamoError
from dynoxide.expressions import (ExpressionContext, parse_condition, parse_projection,
                                  parse_update)
from dynoxide.expressions.nodes import And, Between, Call, Compare, In, Not, Or, PathSyntax
from dynoxide.expressions.parser import parse


def error(fn, text, names=None, values=None, **kwargs):
    with pytest.raises(DynamoError) as info:
        fn(text, ExpressionContext(names, values), **kwargs)
    assert info.value.name == "ValidationException"
    return info.value.message


def filter_error(text, names=None, values=None):
    return error(parse_condition, text, names, values, kind="FilterExpression")


# --- exact syntax error messages ------------------------------------------------

def test_update_syntax_error_quotes_token_and_neighbours():
    # conformance: tier3/error-messages/updateItem
    assert error(parse_update, "INVALID SYNTAX HERE", values={":v": {"S": "val"}}) == \
        'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"'


def test_projection_unknown_character():
    # conformance: tier1/getItem/projection
    assert error(parse_projection, "!!!") == \
        'Invalid ProjectionExpression: Syntax error; token: "!", near: "!!"'


@pytest.mark.parametrize("text, token, near", [
    ("a,", "<EOF>", ","),
    ("a b", "b", "a b"),
    ("a..b", ".", "..b"),
])
def test_projection_syntax_errors(text, token, near):
    assert error(parse_projection, text) == \
        f'Invalid ProjectionExpression: Syntax error; token: "{token}", near: "{near}"'


@pytest.mark.parametrize("text, token, near", [
    ("SET a = ", "<EOF>", "= "),
    ("ADD numx", "<EOF>", "numx"),
    ("SET a = b +", "<EOF>", "+"),
    ("set a", "<EOF>", "a"),
    ("remove a = b", "=", "a = b"),
    ("set a = b + c + d", "+", "c + d"),
    ("set a = (b.c).d + e", ".", ").d"),
    ("SET if_not_exist(a, b) = a", "(", "if_not_exist(a"),
])
def test_update_syntax_errors(text, token, near):
    assert error(parse_update, text) == \
        f'Invalid UpdateExpression: Syntax error; token: "{token}", near: "{near}"'


@pytest.mark.parametrize("text, token, near", [
    ("things are not gonna be ok", "are", "things are not"),
    ("a > 4", "4", "> 4"),
    ("a > between", "between", "> between"),
    ("a in b", "b", "in b"),
    ("a in (b,c,)", ")", ",)"),
    ("(a) AND b = c", "AND", ") AND b"),
    ("NOT a", "<EOF>", "a"),
    ("attribute_exists(a) b", "b", ") b"),
    ("ü > a", "ü", "ü >"),
])
def test_condition_syntax_errors(text, token, near):
    assert filter_error(text) == \
        f'Invalid FilterExpression: Syntax error; token: "{token}", near: "{near}"'


# dynalite's list of FilterExpression syntax errors (recorded against DynamoDB).
@pytest.mark.parametrize("text", [
    "things are not gonna be ok", "a > 4", "attribute_exists(Pictures-RearView)",
    'attribute_exists("Pictures.RearView")', "attribute_exists(Pictures..RearView)",
    "attribute_exists(Pi#ctures.RearView)", "attribute_exists(asdf[a])", "a in b, c",
    "a > between", "a in b", "a in (b,c,)", "(a)between(b.(c.d))and(c)",
    "(a)between(b.c.d)and((c)", "#$.b > a", "a > :things.stuff", "b[:a] > a", "b[#_] > a",
    "ü > a", "(a)between(b.c[4.5].#d)and(:a)", "size(a).b > a", "(size(a)).b > a",
    "size(a)[0] > a", "(size(a))[0] > a",
])
def test_filter_syntax_errors_from_dynamodb(text):
    assert filter_error(text).startswith("Invalid FilterExpression: Syntax error; token: ")


# dynalite's UpdateExpression syntax errors (recorded against DynamoDB).
@pytest.mark.parametrize("text", [
    "whatever", "set a", "add a", "delete a", "set a=set", "remove a = b", "add a = b",
    "delete a = b", "delete a b", "delete a if_not_exist(b)", "add abort b",
    "add a if_not_exist(b)", "remove a b", "set a b", "set :a = b", "add :a b", "delete :a b",
    "remove :a", "set a = b / c", "set a = b * c", 'set a[1] = "eight"', "set a[1] = 1",
    "SET a = if_not_exist(a, 100)", "SET if_not_exist(a, b) = a", "set (a = (b + c))",
    "set a = (b.c).d + e", "set a = (b.c)[0] + e", "set a = b + c + d",
])
def test_update_syntax_errors_from_dynamodb(text):
    assert error(parse_update, text).startswith("Invalid UpdateExpression: Syntax error; token: ")


@pytest.mark.parametrize("text", [
    "whatever(stuff)", ":a", "abort,", "a,,b", "a..b", "a[b]", "(a.b).c", "(a)", "(a),(b)",
    "(a,b)", "a-b",
])
def test_projection_syntax_errors_from_dynamodb(text):
    assert error(parse_projection, text).startswith("Invalid ProjectionExpression: Syntax error; token: ")


def test_keywords_cannot_be_names():
    assert filter_error("set = :v", values={":v": {"S": "x"}}) == \
        'Invalid FilterExpression: Syntax error; token: "set", near: "set ="'
    assert error(parse_projection, "a, and") == \
        'Invalid ProjectionExpression: Syntax error; token: "and", near: ", and"'


def test_whitespace_only_expression_is_a_syntax_error():
    assert error(parse_projection, "   ") == \
        'Invalid ProjectionExpression: Syntax error; token: "<EOF>", near: "   "'


# --- empty and oversized -----------------------------------------------------------

@pytest.mark.parametrize("fn, kind", [
    (parse_update, "UpdateExpression"), (parse_projection, "ProjectionExpression")])
def test_empty_expression(fn, kind):
    assert error(fn, "") == f"Invalid {kind}: The expression can not be empty;"


def test_empty_condition_names_its_parameter():
    assert error(parse_condition, "") == "Invalid ConditionExpression: The expression can not be empty;"
    assert filter_error("") == "Invalid FilterExpression: The expression can not be empty;"


def test_expression_size_limit_in_utf8_bytes():
    text = "a = :v AND " * 400 + "a = :v"  # 4406 bytes
    assert filter_error(text) == \
        f"Invalid FilterExpression: Expression size has exceeded the maximum allowed size; expression size: {len(text)}"
    wide = "é" * 2049  # 2049 characters, 4098 bytes
    assert error(parse_projection, wide).endswith("expression size: 4098")


def test_expression_of_exactly_4096_bytes_is_read():
    text = "a" * 4096
    assert parse_projection(text, ExpressionContext()).paths == [(text,)]


# --- redundant parentheses --------------------------------------------------------

@pytest.mark.parametrize("text", [
    "a=a and a > ((views))",
    "(a)between(((b.c)).d)and(c)",
    "a > whatever((:things), ((a)))",
    "a=a AND ((a=a AND a=a)) AND a=a",
    "a=a OR ((a=a OR a=a)) OR a=a",
    "a=a AND ((a=a AND (a=a AND a=a)))",
    "a=a OR ((a=a OR (a=a OR a=a)))",
    "((attribute_exists(a)))",
])
def test_redundant_parentheses(text):
    # dynalite, recorded against DynamoDB; raised as soon as the outer ")" is read.
    assert filter_error(text) == "Invalid FilterExpression: The expression has redundant parentheses;"


@pytest.mark.parametrize("text", [
    "(attribute_exists(pk)) AND (#s = :v)",
    "(attribute_exists(pk) AND #s = :v)",
    "(attribute_exists(pk) AND (#s = :v))",
    "((a = :v) AND (#s = :v))",
    "(a) = :v", "(a)between(:v)and(:v)", "NOT (NOT (#s = :v))",
    "(size(a)) > :v",
])
def test_single_parentheses_are_fine(text):
    # conformance: */conditionExpressionParens, filterExpressionParens
    ctx = ExpressionContext({"#s": "status"}, {":v": {"S": "x"}})
    parse_condition(text, ctx)


def test_redundant_parentheses_in_updates():
    assert error(parse_update, "SET a = ((b + c))") == \
        "Invalid UpdateExpression: The expression has redundant parentheses;"
    assert error(parse_update, "SET a = ((b)) + c") == \
        "Invalid UpdateExpression: The expression has redundant parentheses;"
    parse_update("SET a = (b + c), d = (e) - (f)", ExpressionContext())


# --- tree shape ------------------------------------------------------------------------

def test_precedence_not_and_or():
    tree = parse("NOT a = b AND c = d OR e = f", "condition")
    assert isinstance(tree, Or) and len(tree.items) == 2
    conj = tree.items[0]
    assert isinstance(conj, And) and isinstance(conj.items[0], Not)
    assert isinstance(conj.items[0].item, Compare)


def test_and_chains_are_flat():
    tree = parse(" AND ".join(["a = b"] * 50), "condition")
    assert isinstance(tree, And) and len(tree.items) == 50


def test_between_and_in_shapes():
    tree = parse("a BETWEEN b AND c AND d IN (e, f)", "condition")
    assert isinstance(tree, And)
    assert isinstance(tree.items[0], Between)
    assert isinstance(tree.items[1], In) and len(tree.items[1].options) == 2


def test_paths_keep_their_written_parts():
    tree = parse("#a.b[10].:c = d", "condition")
    assert isinstance(tree.left, PathSyntax)
    assert tree.left.parts == [("name", "#a"), ("id", "b"), ("index", "10"), ("value", ":c")]


def test_function_as_condition_and_as_operand():
    tree = parse("begins_with(a, :p) AND size(a) > :n", "condition")
    assert isinstance(tree.items[0], Call) and tree.items[0].name == "begins_with"
    assert isinstance(tree.items[1].left, Call)


def test_update_sections_in_any_order():
    sections = parse("REMOVE a, b ADD c :v SET d = :w DELETE e :x", "update")
    assert [k for k, _ in sections] == ["REMOVE", "ADD", "SET", "DELETE"]
    assert [len(actions) for _, actions in sections] == [2, 1, 1, 1]


# --- text-only checks --------------------------------------------------------------------

@pytest.mark.parametrize("text, function", [
    ("a=a and whatever((:things)) > a", "whatever"),
    ("attRIbute_exIsts((views), #a)", "attRIbute_exIsts"),
])
def test_invalid_function_names(text, function):
    # dynalite, recorded against DynamoDB: function names are case-sensitive
    assert filter_error(text) == f"Invalid FilterExpression: Invalid function name; function: {function}"


@pytest.mark.parametrize("text, function", [
    ("a=a and attribute_exists((views), (#a)) > b", "attribute_exists"),
    ("attribute_not_exists(things) > b", "attribute_not_exists"),
    ("attribute_type(things, :a) > b", "attribute_type"),
    ("begins_with(things, a) > b", "begins_with"),
    ("contains(:things, c) > b", "contains"),
    ("size(contains(a, b)) > a", "contains"),
    ("size(things)", "size"),
    ("a between b and attribute_exists(things)", "attribute_exists"),
    ("a in (b, attribute_exists(things))", "attribute_exists"),
])
def test_functions_used_the_wrong_way(text, function):
    # dynalite, recorded against DynamoDB
    assert filter_error(text) == ("Invalid FilterExpression: The function is not allowed to be used "
                                  f"this way in an expression; function: {function}")


def test_update_functions_in_conditions_and_back():
    assert filter_error("if_not_exists(a, :v) = b") == \
        "Invalid FilterExpression: The function is not allowed in a condition expression; function: if_not_exists"
    assert error(parse_update, "SET a = size(b)") == \
        "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"
    assert error(parse_update, "SET a = list_append(list_append(a, b), c)") == \
        ("Invalid UpdateExpression: The function is not allowed to be used this way in an "
         "expression; function: list_append")
    assert error(parse_update, "SET a = b + list_append(c, d)") == \
        ("Invalid UpdateExpression: The function is not allowed to be used this way in an "
         "expression; function: list_append")
    parse_update("SET a = if_not_exists(a, b) + c, d = list_append(if_not_exists(d, e), f)",
                 ExpressionContext())


@pytest.mark.parametrize("text, word", [
    ("attribute_exists(views, #a)", "views"),
    (":a < abOrT", "abOrT"),
])
def test_reserved_keywords_in_conditions(text, word):
    # dynalite: reserved words beat undefined placeholders and operand counts
    assert filter_error(text) == f"Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: {word}"


@pytest.mark.parametrize("text, word", [
    (" set #c = :c set abOrt = true ", "abOrt"),
    (" remove Absolute ", "Absolute"),
])
def test_reserved_keywords_in_updates(text, word):
    # dynalite: the reserved word in the second SET section is found before the section repeats
    assert error(parse_update, text) == \
        f"Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: {word}"


@pytest.mark.parametrize("text", ["a.abORt", "#a,ABSoLUTE", "pk, status"])
def test_reserved_keywords_in_projections(text):
    assert error(parse_projection, text).startswith(
        "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: ")


def test_placeholders_and_function_names_are_not_reserved_word_checked():
    ctx = ExpressionContext({"#status": "status"}, {":size": {"N": "1"}})
    parse_condition("size(#status) > :size", ctx)


@pytest.mark.parametrize("text, keyword", [
    ("set a = #c set c = :d", "SET"),
    ("remove #d set a = b remove e", "REMOVE"),
    ("add #d :e set a = b add e :f", "ADD"),
    ("delete #d :e set a = b delete #e :f", "DELETE"),
])
def test_sections_used_twice(text, keyword):
    # dynalite, recorded against DynamoDB
    assert error(parse_update, text) == \
        f'Invalid UpdateExpression: The "{keyword}" section can only be used once in an update expression;'


def test_list_index_range():
    assert filter_error("a[2147483648] = b") == \
        "Invalid FilterExpression: List index is not within the allowable range; index: [2147483648]"
    assert error(parse_projection, "a[ 99999999999 ]") == \
        "Invalid ProjectionExpression: List index is not within the allowable range; index: [99999999999]"
    parse_projection("a[2147483647]", ExpressionContext())


def test_redundant_parentheses_come_before_unknown_functions():
    assert filter_error("whatever(((a))) = b") == \
        "Invalid FilterExpression: The expression has redundant parentheses;"


def test_parse_results_are_cached_per_text():
    from dynoxide.expressions import _cache
    parse_projection("cached_a, cached_b", ExpressionContext())
    assert ("projection", "cached_a, cached_b") in _cache
    # A cached error is raised again, with the right expression kind.
    for kind in ("ConditionExpression", "FilterExpression"):
        with pytest.raises(DynamoError) as info:
            parse_condition("cached =", ExpressionContext(), kind)
        assert info.value.message.startswith(f"Invalid {kind}: Syntax error")
