"""Binding expressions to a request: placeholders, operands, types, order of checks.

Cases marked "dynalite" were recorded against DynamoDB by dynalite's suite.
"""
import pytest

from dynoxide.errors import DynamoError
from dynoxide.expressions import (ExpressionContext, parse_condition, parse_projection,
                                  parse_update)

ALL_VALUES = {
    ":s": {"S": "a"}, ":n": {"N": "1"}, ":b": {"B": "YQ=="}, ":bool": {"BOOL": True},
    ":null": {"NULL": True}, ":ss": {"SS": ["a"]}, ":ns": {"NS": ["1"]}, ":bs": {"BS": ["YQ=="]},
    ":m": {"M": {}}, ":l": {"L": []},
}


def error(fn, text, names=None, values=None, **kwargs):
    with pytest.raises(DynamoError) as info:
        fn(text, ExpressionContext(names, values), **kwargs)
    assert info.value.name == "ValidationException"
    return info.value.message


def filter_error(text, names=None, values=None):
    return error(parse_condition, text, names, values, kind="FilterExpression")


# --- placeholders ---------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("attribute_exists(#Pictures.RearView, :a) and a=a", "#Pictures"),
    ("begins_with(Pictures.#RearView)", "#RearView"),
    ("(#P between :lo and :hi) and (#PC in (:cat1, :cat2))", "#P"),
    ("#4g > a", "#4g"),
    ("#_ > a", "#_"),
    ("(a)between(b.c[45].#d)and(:a)", "#d"),
])
def test_undefined_names(text, name):
    # dynalite: an undefined name beats the function's operand count
    assert filter_error(text) == ("Invalid FilterExpression: An expression attribute name used in the "
                                  f"document path is not defined; attribute name: {name}")


@pytest.mark.parametrize("text, value", [
    ("begins_with(:hello, #a, #b)", ":hello"),
    (":a < :b", ":a"),
    (":_ > a", ":_"),
])
def test_undefined_values(text, value):
    # dynalite: the first placeholder written wins, name or value
    assert filter_error(text) == ("Invalid FilterExpression: An expression attribute value used in "
                                  f"expression is not defined; attribute value: {value}")


def test_undefined_name_message_names_the_expression_kind():
    # conformance: tier3/error-messages/scan
    assert filter_error("#missing = :v", values={":v": {"S": "x"}}) == (
        "Invalid FilterExpression: An expression attribute name used in the document path is "
        "not defined; attribute name: #missing")
    assert error(parse_condition, "#x = :v", values={":v": {"S": "x"}}).startswith(
        "Invalid ConditionExpression: An expression attribute name")
    assert error(parse_projection, "a,b,a,#a") == ("Invalid ProjectionExpression: An expression attribute "
                                                  "name used in the document path is not defined; attribute name: #a")


def test_undefined_value_in_update():
    # conformance: tier3/error-messages/updateItem
    assert error(parse_update, "SET attr1 = :v") == (
        "Invalid UpdateExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :v")


# --- unused placeholders ------------------------------------------------------------------

def test_unused_names_and_values():
    # conformance: tier3/error-messages/updateItem
    ctx = ExpressionContext({"#unused": "someattr"}, {":v": {"S": "val"}})
    parse_update("SET attr1 = :v", ctx)
    with pytest.raises(DynamoError) as info:
        ctx.check_unused()
    assert info.value.message == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"

    ctx = ExpressionContext(None, {":v": {"S": "val"}, ":unused": {"S": "extra"}})
    parse_update("SET attr1 = :v", ctx)
    with pytest.raises(DynamoError) as info:
        ctx.check_unused()
    assert info.value.message == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"


def test_usage_is_shared_by_the_expressions_of_a_request():
    ctx = ExpressionContext({"#a": "a", "#b": "b"}, {":a": {"S": "a"}, ":b": {"S": "a"}})
    parse_update("remove a set b = list_append(b, if_not_exists(a, :a))", ctx)
    parse_condition("a = :b", ctx)
    with pytest.raises(DynamoError) as info:
        ctx.check_unused()
    # Names are reported before values, keys in Java HashSet order.
    assert info.value.message == "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}"

    ctx = ExpressionContext(None, {":a": {"S": "a"}, ":b": {"S": "a"}, ":c": {"S": "a"}})
    parse_update("remove a", ctx)
    parse_condition("a = :b", ctx)
    with pytest.raises(DynamoError) as info:
        ctx.check_unused()
    assert info.value.message == "Value provided in ExpressionAttributeValues unused in expressions: keys: {:a, :c}"


def test_projection_uses_names_only():
    ctx = ExpressionContext({"#a": "a"}, None)
    parse_projection("#a", ctx)
    ctx.check_unused()


def test_unused_keys_follow_java_hash_order():
    ctx = ExpressionContext({"#zeta": "z", "#alpha": "a", "#b": "b"}, None)
    with pytest.raises(DynamoError) as info:
        ctx.check_unused()
    from dynoxide.expressions.javaorder import hash_set_order
    expected = ", ".join(hash_set_order(["#zeta", "#alpha", "#b"], 3))
    assert info.value.message.endswith("{" + expected + "}")


# --- operand counts and types -------------------------------------------------------------

@pytest.mark.parametrize("text, function, count", [
    ("attribute_exists(things, a) and a=a", "attribute_exists", 2),
    ("attribute_not_exists(things, b)", "attribute_not_exists", 2),
    ("attribute_type(things)", "attribute_type", 1),
    ("begins_with(things)", "begins_with", 1),
    ("begins_with(things, size(a), b)", "begins_with", 3),
    ("contains(things)", "contains", 1),
    ("size(things, a) > b", "size", 2),
])
def test_wrong_operand_counts(text, function, count):
    # dynalite
    assert filter_error(text) == ("Invalid FilterExpression: Incorrect number of operands for operator or "
                                  f"function; operator or function: {function}, number of operands: {count}")


@pytest.mark.parametrize("text, function, value", [
    ("attribute_type(a, size(a)) and a=a and a=:a", "attribute_type", {"N": "1"}),
    ("attribute_type(a, :a)", "attribute_type", {"N": "1"}),
    ("attribute_type(a, :a)", "attribute_type", {"B": "YQ=="}),
    ("attribute_type(a, :a)", "attribute_type", {"BOOL": True}),
    ("attribute_type(a, :a)", "attribute_type", {"NULL": True}),
    ("attribute_type(a, :a)", "attribute_type", {"L": []}),
    ("attribute_type(a, :a)", "attribute_type", {"M": {}}),
    ("attribute_type(a, :a)", "attribute_type", {"SS": ["1"]}),
    ("attribute_type(a, :a)", "attribute_type", {"NS": ["1"]}),
    ("attribute_type(a, :a)", "attribute_type", {"BS": ["YQ=="]}),
    ("begins_with(a, size(a)) and a=:a", "begins_with", {"N": "1"}),
    ("begins_with(a, :a)", "begins_with", {"N": "1"}),
    ("begins_with(a, :a)", "begins_with", {"BOOL": True}),
    ("begins_with(a, :a)", "begins_with", {"NULL": True}),
    ("begins_with(a, :a)", "begins_with", {"L": []}),
    ("begins_with(a, :a)", "begins_with", {"M": {}}),
    ("begins_with(a, :a)", "begins_with", {"SS": ["1"]}),
    ("begins_with(a, :a)", "begins_with", {"NS": ["1"]}),
    ("begins_with(a, :a)", "begins_with", {"BS": ["YQ=="]}),
    ("begins_with(:a, a)", "begins_with", {"N": "1"}),
    ("begins_with(:a, a)", "begins_with", {"M": {}}),
    ("size(size(a)) > :a", "size", {"N": "1"}),
    ("attribute_not_exists(size(:a))", "size", {"N": "1"}),
    ("size(:a) > a", "size", {"BOOL": True}),
    ("size(:a) > a", "size", {"NULL": True}),
])
def test_wrong_operand_types(text, function, value):
    # dynalite
    kind = next(iter(value))
    assert filter_error(text, values={":a": value}) == (
        "Invalid FilterExpression: Incorrect operand type for operator or function; "
        f"operator or function: {function}, operand type: {kind}")


@pytest.mark.parametrize("op", ["<", "<=", ">", ">="])
@pytest.mark.parametrize("placeholder", [":bool", ":null", ":ss", ":ns", ":bs", ":m", ":l"])
def test_ordering_comparators_need_scalar_operands(op, placeholder):
    text = f"a {op} {placeholder}"
    message = filter_error(text, values={placeholder: ALL_VALUES[placeholder]})
    kind = next(iter(ALL_VALUES[placeholder]))
    assert message == ("Invalid FilterExpression: Incorrect operand type for operator or function; "
                       f"operator or function: {op}, operand type: {kind}")


def test_equality_and_in_accept_every_type():
    for placeholder, value in ALL_VALUES.items():
        parse_condition(f"a = {placeholder} OR a IN (b, {placeholder})",
                        ExpressionContext(None, {placeholder: value}))


def test_between_needs_scalar_operands():
    assert filter_error("a BETWEEN :l AND :n", values={":l": {"L": []}, ":n": {"N": "1"}}) == (
        "Invalid FilterExpression: Incorrect operand type for operator or function; "
        "operator or function: BETWEEN, operand type: L")


def test_attribute_type_with_a_path_lists_every_type():
    message = filter_error("attribute_type(a, b)")
    assert message.startswith("Invalid FilterExpression: Incorrect operand type for operator or function; "
                              "operator or function: attribute_type, operand type: {")
    assert set(message.rsplit("{", 1)[1].rstrip("}").split(",")) >= {"S", "N", "B", "SS", "NS", "BS",
                                                                     "M", "L", "NULL", "BOOL"}


def test_attribute_type_name_must_be_valid():
    message = filter_error("attribute_type(a, :a)", values={":a": {"S": "1"}})
    prefix = "Invalid FilterExpression: Invalid attribute type name found; type: 1, valid types: {"
    assert message.startswith(prefix)
    assert sorted(message[len(prefix):-1].split(",")) == sorted(
        ["B", "NULL", "SS", "BOOL", "L", "BS", "N", "NS", "S", "M"])
    for type_name in ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"):
        parse_condition("attribute_type(a, :t)", ExpressionContext(None, {":t": {"S": type_name}}))


@pytest.mark.parametrize("text, function", [
    ("attribute_exists(:a) and a=a", "attribute_exists"),
    ("attribute_not_exists(size(:a))", "attribute_not_exists"),
])
def test_functions_needing_a_path(text, function):
    # dynalite
    assert filter_error(text, values={":a": {"S": "1"}}) == (
        f"Invalid FilterExpression: Operator or function requires a document path; operator or function: {function}")


@pytest.mark.parametrize("text, operator, first", [
    ("a = a AND #a = b AND :views > a", "=", "[a]"),
    ("#a <> a", "<>", "[a]"),
    ("a > #a", ">", "[a]"),
    ("((a=a) OR (a=a))", "=", "[a]"),
    ("((a=a) AND (a=a))", "=", "[a]"),
    ("contains(ab.bc[1].a, ab.bc[1].#a)", "contains", "[ab, bc, [1], a]"),
    ("attribute_type(ab.bc[1].#a, ab.bc[1].a)", "attribute_type", "[ab, bc, [1], a]"),
    ("begins_with(ab.bc[1].a, ab.bc[1].#a)", "begins_with", "[ab, bc, [1], a]"),
    ("a BETWEEN b AND #a", "BETWEEN", "[a]"),
    ("a IN (b, #a)", "IN", "[a]"),
])
def test_first_operand_must_be_distinct(text, operator, first):
    # dynalite (the last two: the rule covers every operator that takes paths)
    assert filter_error(text, names={"#a": "a"}) == (
        "Invalid FilterExpression: The first operand must be distinct from the remaining operands for "
        f"this operator or function; operator: {operator}, first operand: {first}")


def test_equal_values_are_not_paths():
    parse_condition(":a = :a", ExpressionContext(None, {":a": {"S": "x"}}))


def test_between_bounds():
    # dynalite
    assert error(parse_condition, "a between :b and :a", values={":a": {"S": "a"}, ":b": {"N": "1"}}) == (
        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper "
        "bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:a}")
    assert error(parse_condition, "a between :b and :a", values={":a": {"S": "a"}, ":b": {"S": "b"}}) == (
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
        "equal to lower bound; lower bound operand: AttributeValue: {S:b}, upper bound operand: "
        "AttributeValue: {S:a}")
    assert filter_error("a between :b and :a", values={":a": {"N": "1"}, ":b": {"N": "10"}}).endswith(
        "lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:1}")
    parse_condition("a between :a and :a", ExpressionContext(None, {":a": {"N": "1"}}))


def test_in_takes_at_most_100_operands():
    values = {f":v{i}": {"N": str(i)} for i in range(101)}
    parse_condition("a IN (" + ", ".join(list(values)[:100]) + ")", ExpressionContext(None, values))
    assert filter_error("a IN (" + ", ".join(values) + ")", values=values) == (
        "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101")


def test_at_most_300_operators():
    text = " AND ".join(["a = :v"] * 150)  # 150 comparisons + 149 ANDs
    parse_condition(text, ExpressionContext(None, {":v": {"S": "x"}}))
    assert filter_error(text + " AND a = :v AND a = :v", values={":v": {"S": "x"}}) == (
        "Invalid FilterExpression: The expression contains too many operators; operator count: 301")


def test_document_path_depth():
    deep = "a" + ".a" * 32
    assert error(parse_projection, deep) == (
        "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33")
    parse_projection("a" + ".a" * 31, ExpressionContext())


# --- update-specific ------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, operator, kind", [
    ("set b = list_append(:a, a), c = if_not_exists(a) add a.b :a", {"S": "a"}, "ADD", "STRING"),
    ("delete a.b :a", {"S": "a"}, "DELETE", "STRING"),
    ("add a.b :a", {"NULL": True}, "ADD", "NULL"),
    ("delete a.b :a", {"NULL": True}, "DELETE", "NULL"),
    ("add a.b :a", {"BOOL": False}, "ADD", "BOOLEAN"),
    ("delete a.b :a", {"BOOL": False}, "DELETE", "BOOLEAN"),
    ("add a.b :a", {"B": "YQ=="}, "ADD", "BINARY"),
    ("delete a.b :a", {"B": "YQ=="}, "DELETE", "BINARY"),
    ("add a.b :a", {"M": {"a": {"L": [{"N": "1"}]}}}, "ADD", "MAP"),
    ("delete a.b :a", {"M": {}}, "DELETE", "MAP"),
    ("add a.b :a", {"L": [{"N": "1"}]}, "ADD", "LIST"),
    ("delete a.b :a", {"L": []}, "DELETE", "LIST"),
    ("delete a.b :a", {"N": "1"}, "DELETE", "NUMBER"),
])
def test_add_and_delete_operand_types(text, value, operator, kind):
    # dynalite (whose recording predates the typeSet detail the service now adds);
    # the last action written is checked first.
    assert error(parse_update, text, values={":a": value, ":b": {"S": "a"}}) == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; "
        f"operator: {operator}, operand type: {kind}, typeSet: ALLOWED_FOR_{operator}_OPERAND")


@pytest.mark.parametrize("text, function, kind", [
    ("set a = list_append(:a, a)", "list_append", "S"),
    ("set a = list_append(a, :b)", "list_append", "N"),
    ("set a = list_append(:c, a)", "list_append", "B"),
    ("set a = list_append(:d, a)", "list_append", "BOOL"),
    ("set a = list_append(:e, a)", "list_append", "NULL"),
    ("set a = list_append(:f, a)", "list_append", "SS"),
    ("set a = list_append(:i, a)", "list_append", "M"),
    ("set a = a + :a", "+", "S"),
    ("set a = :a + :c", "+", "S"),
    ("set a = :c + a", "+", "B"),
    ("set a = a + :g", "+", "NS"),
    ("set a = a + :j", "+", "L"),
    ("set a = a - :d", "-", "BOOL"),
    ("set a = a - :h", "-", "BS"),
    ("set a = a - :i", "-", "M"),
])
def test_update_function_operand_types(text, function, kind):
    # dynalite
    values = {":a": {"S": "a"}, ":b": {"N": "1"}, ":c": {"B": "YQ=="}, ":d": {"BOOL": False},
              ":e": {"NULL": True}, ":f": {"SS": ["a"]}, ":g": {"NS": ["1"]}, ":h": {"BS": ["YQ=="]},
              ":i": {"M": {}}, ":j": {"L": []}}
    assert error(parse_update, text, values=values) == (
        "Invalid UpdateExpression: Incorrect operand type for operator or function; "
        f"operator or function: {function}, operand type: {kind}")


def test_update_function_operand_counts_and_paths():
    # dynalite
    for text in ("set a = if_not_exists(c)", "set a = list_append(c)"):
        assert error(parse_update, text).startswith(
            "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: ")
    for text in ("set a = if_not_exists(:a, c)", "set a = if_not_exists(if_not_exists(a, b), c)"):
        assert error(parse_update, text, values={":a": {"S": "a"}}) == (
            "Invalid UpdateExpression: Operator or function requires a document path; "
            "operator or function: if_not_exists")


def test_update_undefined_placeholders():
    # dynalite: target paths are resolved before any value
    assert error(parse_update, "SET #c = if_not_exists(:c)", names={"#a": "a"}) == (
        "Invalid UpdateExpression: An expression attribute name used in the document path is not "
        "defined; attribute name: #c")
    assert error(parse_update, "SET #a = if_not_exists(:c)", names={"#a": "a"}) == (
        "Invalid UpdateExpression: An expression attribute value used in expression is not "
        "defined; attribute value: :c")


def test_update_actions_are_checked_last_first():
    message = error(parse_update, "SET a = :bad1, b = :bad2")
    assert message.endswith("attribute value: :bad2")
    message = error(parse_update, "SET #x = :v, #y = :v", values={":v": {"S": "a"}})
    assert message.endswith("attribute name: #y")


@pytest.mark.parametrize("text, one, two", [
    ("set d[1] = a, d.b = a, c[1].a = a, #c = if_not_exists(a)", "[c, [1], a]", "[c]"),
    ("set #c[3].#d = a, #c[3] = a", "[c, [3], [3]]", "[c, [3]]"),
    ("SET #v = :a, #v = :b", "[val]", "[val]"),
    ("SET a = :a REMOVE a", "[a]", "[a]"),
])
def test_update_overlapping_paths(text, one, two):
    # dynalite (first two); conformance tier1/updateItem/paths (third)
    names = {"#c": "c", "#d": "[3]", "#v": "val"}
    used = {k: v for k, v in names.items() if k in text}
    assert error(parse_update, text, names=used, values={":a": {"S": "a"}, ":b": {"S": "b"}}) == (
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite "
        f"one of these paths; path one: {one}, path two: {two}")


@pytest.mark.parametrize("text, one, two", [
    ("set #c[3].#d = a, #c.#d[3] = if_not_exists(a)", "[c, [3], [3]]", "[c, [3], [3]]"),
    ("remove a.#c set a[1] = #d", "[a, c]", "[a, [1]]"),
])
def test_update_conflicting_paths(text, one, two):
    # dynalite
    assert error(parse_update, text, names={"#c": "c", "#d": "[3]"}) == (
        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite "
        f"one of these paths; path one: {one}, path two: {two}")


@pytest.mark.parametrize("text, one, two", [
    ("b[1], b.a, #a.b, a", "[a, b]", "[a]"),
    ("a, #a[1]", "[a]", "[a, [1]]"),
    ("a,b,a", "[a]", "[b]"),
])
def test_projection_overlapping_paths(text, one, two):
    # dynalite; the third shows the Java HashMap order of the second path
    assert error(parse_projection, text, names={"#a": "a"}) == (
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or "
        f"rewrite one of these paths; path one: {one}, path two: {two}")


@pytest.mark.parametrize("text, one, two", [
    ("a.b, #a[1], #b", "[a, b]", "[a, [1]]"),
    ("a.b[1], #a[1], #b", "[a, b, [1]]", "[a, [1]]"),
    ("a[3].b, #a.#b.b", "[a, [3], b]", "[a, [3], b]"),
])
def test_projection_conflicting_paths(text, one, two):
    # dynalite
    assert error(parse_projection, text, names={"#a": "a", "#b": "[3]"}) == (
        "Invalid ProjectionExpression: Two document paths conflict with each other; must remove or "
        f"rewrite one of these paths; path one: {one}, path two: {two}")


def test_top_level_names():
    ctx = ExpressionContext({"#k": "pk"}, {":v": {"N": "1"}})
    update = parse_update("SET #k.x = :v, extra = :v REMOVE gone ADD n :v", ctx)
    assert update.top_level_names() == {"pk", "extra", "gone", "n"}
    assert update.nested_top_level_names() == {"pk"}
    cond = parse_condition("a.b = :v AND size(c[0]) > :v AND d = :v", ctx)
    assert cond.top_level_names() == {"a", "c", "d"}
    assert cond.nested_top_level_names() == {"a", "c"}


def test_value_placeholder_inside_a_path():
    with pytest.raises(DynamoError) as info:
        parse_condition("a.:v = b", ExpressionContext(None, None))
    assert info.value.message.endswith("attribute name: :v")
    cond = parse_condition("a.:v = :v", ExpressionContext(None, {":v": {"S": "x"}}))
    with pytest.raises(DynamoError) as info:
        cond.evaluate({"a": {"M": {}}})
    assert info.value.status == 500
