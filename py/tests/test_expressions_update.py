"""Applying UpdateExpressions: DynamoDB's SET/REMOVE/ADD/DELETE semantics."""
import copy

import pytest

from dynoxide.errors import DynamoError
from dynoxide.expressions import (ExpressionContext, apply_projection, apply_update,
                                  legacy_update, parse_update)


def update(text, item, names=None, values=None):
    new, _ = apply_update(parse_update(text, ExpressionContext(names, values)), item)
    return new


def update_error(text, item, names=None, values=None):
    parsed = parse_update(text, ExpressionContext(names, values))
    with pytest.raises(DynamoError) as info:
        apply_update(parsed, item)
    assert info.value.name == "ValidationException"
    return info.value.message


INVALID_PATH = "The document path provided in the update expression is invalid for update"
WRONG_TYPE = "An operand in the update expression has an incorrect data type"
MISSING = "The provided expression refers to an attribute that does not exist in the item"


# --- SET ------------------------------------------------------------------------------

def test_set_adds_and_overwrites_top_level_attributes():
    item = {"pk": {"S": "k"}, "a": {"S": "old"}}
    assert update("SET a = :v, b = :w", item, values={":v": {"S": "new"}, ":w": {"N": "1"}}) == {
        "pk": {"S": "k"}, "a": {"S": "new"}, "b": {"N": "1"}}
    assert item == {"pk": {"S": "k"}, "a": {"S": "old"}}  # input untouched


def test_set_on_existing_nested_map_path():
    # conformance: tier1/updateItem/paths
    item = {"mymap": {"M": {"nested": {"S": "old"}}}}
    assert update("SET #m.#n = :v", item, {"#m": "mymap", "#n": "nested"}, {":v": {"S": "updated"}}) == {
        "mymap": {"M": {"nested": {"S": "updated"}}}}
    item = {"a": {"M": {"b": {"M": {"c": {"S": "old"}}}}}}
    assert update("SET a.b.c = :v, a.b.d = :v", item, values={":v": {"S": "new"}}) == {
        "a": {"M": {"b": {"M": {"c": {"S": "new"}, "d": {"S": "new"}}}}}}


def test_set_through_a_missing_intermediate_fails():
    # conformance: tier1/updateItem/paths
    item = {"pk": {"S": "k"}, "topLevel": {"S": "val"}}
    assert update_error("SET #a.#b.#c = :v", item, {"#a": "missing", "#b": "nested", "#c": "deep"},
                        {":v": {"S": "test"}}) == INVALID_PATH


def test_set_on_list_index_beyond_the_end_appends():
    # conformance: tier1/updateItem/paths
    item = {"mylist": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}}
    assert update("SET #l[5] = :v", item, {"#l": "mylist"}, {":v": {"S": "inserted"}}) == {
        "mylist": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "inserted"}]}}
    assert update("SET l[9] = :x, l[7] = :y", {"l": {"L": [{"N": "0"}]}},
                  values={":x": {"S": "x"}, ":y": {"S": "y"}}) == {"l": {"L": [{"N": "0"}, {"S": "y"}, {"S": "x"}]}}


def test_set_on_index_zero_of_an_empty_list():
    # conformance: tier1/updateItem/paths
    assert update("SET #l[0] = :v", {"mylist": {"L": []}}, {"#l": "mylist"}, {":v": {"S": "first"}}) == {
        "mylist": {"L": [{"S": "first"}]}}


def test_set_replaces_a_list_element():
    assert update("SET l[1] = :v", {"l": {"L": [{"N": "0"}, {"N": "1"}]}}, values={":v": {"S": "x"}}) == {
        "l": {"L": [{"N": "0"}, {"S": "x"}]}}


def test_set_values_are_read_from_the_old_item():
    item = {"a": {"S": "A"}, "b": {"S": "B"}}
    assert update("SET a = b, b = a", item) == {"a": {"S": "B"}, "b": {"S": "A"}}


def test_set_copies_nested_values():
    item = {"src": {"M": {"x": {"N": "1"}}}, "l": {"L": [{"S": "e"}]}}
    assert update("SET dst = src.x, e = l[0], m = src", item)["dst"] == {"N": "1"}


def test_arithmetic():
    # conformance: tier1/updateItem/paths
    item = {"mymap": {"M": {"counter": {"N": "10"}}}}
    assert update("SET #m.#c = #m.#c + :inc", item, {"#m": "mymap", "#c": "counter"}, {":inc": {"N": "5"}}) == {
        "mymap": {"M": {"counter": {"N": "15"}}}}
    assert update("SET n = n - :d", {"n": {"N": "1.5"}}, values={":d": {"N": "0.25"}}) == {"n": {"N": "1.25"}}
    assert update("SET n = :a + :b", {}, values={":a": {"N": "0.1"}, ":b": {"N": "0.2"}}) == {"n": {"N": "0.3"}}
    big = "9" * 38
    assert update("SET n = n + :one", {"n": {"N": big}}, values={":one": {"N": "1"}}) == {
        "n": {"N": "1" + "0" * 38}}


def test_arithmetic_errors():
    values = {":one": {"N": "1"}}
    assert update_error("SET n = absent + :one", {}, values=values) == MISSING
    assert update_error("SET n = s + :one", {"s": {"S": "x"}}, values=values) == WRONG_TYPE
    with pytest.raises(DynamoError) as info:
        update("SET n = n + :big", {"n": {"N": "9.9E+125"}}, values={":big": {"N": "9.9E+125"}})
    assert "Number overflow" in info.value.message


def test_if_not_exists():
    values = {":d": {"N": "0"}, ":one": {"N": "1"}}
    assert update("SET n = if_not_exists(n, :d) + :one", {}, values=values) == {"n": {"N": "1"}}
    assert update("SET n = if_not_exists(n, :d) + :one", {"n": {"N": "5"}}, values=values) == {"n": {"N": "6"}}
    assert update("SET a = if_not_exists(b, c)", {"c": {"S": "C"}}) == {"c": {"S": "C"}, "a": {"S": "C"}}
    # The default must exist even when it is not needed.
    assert update_error("SET a = if_not_exists(b, c)", {"b": {"S": "B"}}) == MISSING


def test_list_append():
    values = {":tail": {"L": [{"S": "z"}]}, ":empty": {"L": []}}
    item = {"l": {"L": [{"S": "a"}]}}
    assert update("SET l = list_append(l, :tail)", item, values=values) == {"l": {"L": [{"S": "a"}, {"S": "z"}]}}
    assert update("SET l = list_append(:tail, l)", item, values=values) == {"l": {"L": [{"S": "z"}, {"S": "a"}]}}
    assert update("SET l = list_append(if_not_exists(m, :empty), :tail)", item, values=values)["l"] == {
        "L": [{"S": "z"}]}
    assert update_error("SET e = list_append(b, c)", item) == MISSING           # dynalite
    assert update_error("SET l = list_append(s, :tail)", {"s": {"S": "x"}}, values=values) == WRONG_TYPE


def test_set_from_a_missing_attribute_fails():
    # dynalite
    assert update_error("set c = b", {"a": {"S": "k"}}) == MISSING


# --- REMOVE ---------------------------------------------------------------------------

def test_remove_attributes_and_nested_keys():
    # conformance: tier1/updateItem/paths
    item = {"mymap": {"M": {"nested": {"S": "gone"}, "keep": {"S": "stay"}}}, "x": {"N": "1"}}
    assert update("REMOVE #m.#n, x, absent", item, {"#m": "mymap", "#n": "nested"}) == {
        "mymap": {"M": {"keep": {"S": "stay"}}}}


def test_remove_list_elements_shifts_the_rest():
    # conformance: tier1/updateItem/paths
    letters = {"mylist": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}, {"S": "d"}]}}
    assert update("REMOVE #l[1]", letters, {"#l": "mylist"}) == {
        "mylist": {"L": [{"S": "a"}, {"S": "c"}, {"S": "d"}]}}
    assert update("REMOVE #l[1]", {"mylist": {"L": [{"S": "x"}, {"S": "y"}]}}, {"#l": "mylist"}) == {
        "mylist": {"L": [{"S": "x"}]}}
    # Several indexes all refer to the original list.
    assert update("REMOVE #l[0], #l[2]", letters, {"#l": "mylist"}) == {"mylist": {"L": [{"S": "b"}, {"S": "d"}]}}
    assert update("REMOVE #l[9]", letters, {"#l": "mylist"}) == letters


def test_remove_and_set_in_one_list():
    item = {"l": {"L": [{"S": "a"}, {"S": "b"}, {"S": "c"}]}}
    assert update("REMOVE l[0] SET l[1] = :v, l[8] = :w", item, values={":v": {"S": "B"}, ":w": {"S": "Z"}}) == {
        "l": {"L": [{"S": "B"}, {"S": "c"}, {"S": "Z"}]}}


# --- ADD and DELETE --------------------------------------------------------------------------

def test_add_numbers():
    values = {":n": {"N": "5"}}
    assert update("ADD c :n", {"c": {"N": "10"}}, values=values) == {"c": {"N": "15"}}
    assert update("ADD c :n", {}, values=values) == {"c": {"N": "5"}}
    assert update("ADD m.c :n", {"m": {"M": {}}}, values=values) == {"m": {"M": {"c": {"N": "5"}}}}


def test_add_to_sets():
    assert update("ADD s :v", {"s": {"SS": ["a", "b"]}}, values={":v": {"SS": ["b", "c"]}}) == {
        "s": {"SS": ["a", "b", "c"]}}
    assert update("ADD s :v", {}, values={":v": {"NS": ["1"]}}) == {"s": {"NS": ["1"]}}
    assert update("ADD s :v", {"s": {"NS": ["1", "2"]}}, values={":v": {"NS": ["2.0", "3"]}}) == {
        "s": {"NS": ["1", "2", "3"]}}
    assert update("ADD s :v", {"s": {"BS": ["AQ=="]}}, values={":v": {"BS": ["AQ==", "Ag=="]}}) == {
        "s": {"BS": ["AQ==", "Ag=="]}}


def test_delete_from_sets():
    assert update("DELETE s :v", {"s": {"SS": ["a", "b", "c"]}}, values={":v": {"SS": ["b", "x"]}}) == {
        "s": {"SS": ["a", "c"]}}
    assert update("DELETE s :v", {"s": {"NS": ["1", "2"]}}, values={":v": {"NS": ["1.0"]}}) == {"s": {"NS": ["2"]}}
    # An emptied set disappears; a missing one stays missing.
    assert update("DELETE s :v", {"s": {"SS": ["a"]}, "k": {"S": "k"}}, values={":v": {"SS": ["a"]}}) == {
        "k": {"S": "k"}}
    assert update("DELETE s :v", {}, values={":v": {"SS": ["a"]}}) == {}


@pytest.mark.parametrize("text, value", [
    ("delete d :a", {"SS": ["1"]}),
    ("delete b :a", {"NS": ["1"]}),
    ("delete b.a :a", {"NS": ["1"]}),
    ("delete b.a :a", {"BS": ["YQ=="]}),
    ("delete c :a", {"NS": ["1"]}),
    ("add b :a", {"NS": ["1"]}),
    ("add d :a", {"N": "1"}),
    ("set e = a + :a", {"N": "1"}),
    ("set e = b - :a", {"N": "1"}),
    ("set e = list_append(d, if_not_exists(f, :a))", {"L": []}),
])
def test_type_mismatches_when_applied(text, value):
    # dynalite, recorded against DynamoDB
    item = {"a": {"S": "key"}, "b": {"M": {"a": {"SS": ["1"]}}}, "c": {"N": "1"}, "d": {"NS": ["1"]}}
    assert update_error(text, item, values={":a": value}) == WRONG_TYPE


@pytest.mark.parametrize("text", [
    "set b.a = :a, #1 = :a", "set b[1] = :a, #1 = :a", "set y.a = :a, #1 = :a",
    "set y[1] = :a, #1 = :a", "set c[1] = :a, #1 = :a", "set d.#1 = :a",
    "remove b.a set #1 = :a", "remove b[1] set #1 = :a", "remove y.a set #1 = :a",
    "remove y[1] set #1 = :a", "remove c[1] set #1 = :a", "remove d.#1 set #1 = :a",
    "delete b.a :a set #1 = :a", "delete b[1] :a set #1 = :a", "delete y.a :a set #1 = :a",
    "delete y[1] :a set #1 = :a", "delete c[1] :a set #1 = :a", "delete d.#1 :a",
    "add b.a :a set #1 = :a", "add b[1] :a set #1 = :a", "add y.a :a set #1 = :a",
    "add y[1] :a set #1 = :a", "add c[1] :a set #1 = :a", "add d.#1 :a",
])
def test_invalid_document_paths(text):
    # dynalite, recorded against DynamoDB: b is a string, y is missing, c a map, d a list
    item = {"a": {"S": "k"}, "b": {"S": "k"}, "c": {"M": {"1": {"S": "a"}}}, "d": {"L": [{"S": "a"}, {"S": "b"}]}}
    assert update_error(text, item, {"#1": "1"}, {":a": {"SS": ["a"]}}) == INVALID_PATH


@pytest.mark.parametrize("text", ["set b.a = a", "set b[1] = a"])
def test_nested_paths_in_a_new_item(text):
    # dynalite: an UpdateItem that creates the item starts from its key alone
    assert update_error(text, {"a": {"S": "k"}}) == INVALID_PATH


# --- results -----------------------------------------------------------------------------------

def test_updated_old_and_new_projections():
    item = {"pk": {"S": "k"}, "a": {"N": "1"}, "m": {"M": {"x": {"S": "X"}, "y": {"S": "Y"}}}, "gone": {"S": "g"}}
    parsed = parse_update("SET a = a + :one, m.x = :v, added = :v REMOVE gone",
                          ExpressionContext(None, {":one": {"N": "1"}, ":v": {"S": "new"}}))
    new, touched = apply_update(parsed, item)
    assert new == {"pk": {"S": "k"}, "a": {"N": "2"}, "m": {"M": {"x": {"S": "new"}, "y": {"S": "Y"}}},
                   "added": {"S": "new"}}
    assert apply_projection(touched, item) == {"a": {"N": "1"}, "m": {"M": {"x": {"S": "X"}}}, "gone": {"S": "g"}}
    assert apply_projection(touched, new) == {"a": {"N": "2"}, "m": {"M": {"x": {"S": "new"}}}, "added": {"S": "new"}}


def test_apply_never_mutates_its_input():
    item = {"l": {"L": [{"S": "a"}, {"S": "b"}]}, "m": {"M": {"c": {"N": "1"}}}, "s": {"SS": ["x"]}}
    before = copy.deepcopy(item)
    update("REMOVE l[0] SET m.d = :v ADD s :s DELETE s2 :s", item, values={":v": {"N": "2"}, ":s": {"SS": ["y"]}})
    assert item == before


def test_apply_to_no_item():
    assert update("SET a = :v", None, values={":v": {"S": "x"}}) == {"a": {"S": "x"}}


def test_updates_may_not_nest_too_deep():
    deep = {"S": "leaf"}
    for _ in range(31):
        deep = {"M": {"k": deep}}
    assert update("SET a = :v", {}, values={":v": deep})["a"] == deep
    too_deep = {"L": [deep]}
    assert update_error("SET a = :v", {}, values={":v": too_deep}) == "Nesting Levels have exceeded supported limits"


# --- legacy AttributeUpdates ------------------------------------------------------------------

def test_attribute_updates_put_add_delete():
    # conformance: tier3/legacy-api/attributeUpdates
    item = {"pk": {"S": "k"}, "counter": {"N": "10"}, "tags": {"SS": ["a", "b", "c"]}, "extra": {"S": "x"},
            "l": {"L": [{"N": "1"}]}}
    parsed = legacy_update({
        "data": {"Action": "PUT", "Value": {"S": "new-value"}},
        "counter": {"Action": "ADD", "Value": {"N": "5"}},
        "tags": {"Action": "DELETE", "Value": {"SS": ["b"]}},
        "extra": {"Action": "DELETE"},
        "l": {"Action": "ADD", "Value": {"L": [{"N": "2"}]}},
        "fresh": {"Value": {"N": "42"}},
    })
    new, touched = apply_update(parsed, item)
    assert new == {"pk": {"S": "k"}, "counter": {"N": "15"}, "tags": {"SS": ["a", "c"]},
                   "l": {"L": [{"N": "1"}, {"N": "2"}]}, "data": {"S": "new-value"}, "fresh": {"N": "42"}}
    assert parsed.top_level_names() == {"data", "counter", "tags", "extra", "l", "fresh"}
    assert apply_projection(touched, item) == {"counter": {"N": "10"}, "tags": {"SS": ["a", "b", "c"]},
                                               "extra": {"S": "x"}, "l": {"L": [{"N": "1"}]}}


def test_attribute_updates_validation():
    # dynalite, recorded against DynamoDB; checked by the validation layer, so through the engine
    from dynoxide import Database

    def update_error(updates):
        with Database.memory() as db:
            db.execute("CreateTable", {"TableName": "Things", "BillingMode": "PAY_PER_REQUEST",
                                       "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                       "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
            with pytest.raises(DynamoError) as info:
                db.execute("UpdateItem", {"TableName": "Things", "Key": {"pk": {"S": "k"}},
                                          "AttributeUpdates": updates})
        return info.value.message.removeprefix("1 validation error detected: ")  # UpdateItem envelopes it

    assert update_error({"a": {"x": "whatever"}}) == (
        "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified")
    for value in ({"S": "1"}, {"N": "1"}, {"B": "Yg=="}, {"NULL": True}, {"BOOL": True}, {"M": {}}, {"L": []}):
        assert update_error({"a": {"Action": "DELETE", "Value": value}}) == (
            "One or more parameter values were invalid: DELETE action with value "
            f"is not supported for the type {next(iter(value))}")
    for value in ({"S": "1"}, {"B": "Yg=="}, {"NULL": True}, {"BOOL": True}, {"M": {}}):
        assert update_error({"a": {"Action": "ADD", "Value": value}}) == (
            "One or more parameter values were invalid: ADD action is not "
            f"supported for the type {next(iter(value))}")


@pytest.mark.parametrize("updates", [
    {"b": {"Action": "DELETE", "Value": {"NS": ["1"]}}},
    {"b": {"Action": "DELETE", "Value": {"BS": ["YQ=="]}}},
    {"c": {"Action": "DELETE", "Value": {"NS": ["1"]}}},
    {"b": {"Action": "ADD", "Value": {"NS": ["1"]}}},
    {"d": {"Action": "ADD", "Value": {"N": "1"}}},
])
def test_attribute_updates_type_mismatch(updates):
    # dynalite, recorded against DynamoDB
    item = {"b": {"SS": ["1"]}, "c": {"N": "1"}, "d": {"NS": ["1"]}}
    with pytest.raises(DynamoError) as info:
        apply_update(legacy_update(updates), item)
    assert info.value.message == "Type mismatch for attribute to update"
