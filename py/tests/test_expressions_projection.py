"""ProjectionExpression: which parts of an item come back."""
from dynoxide.expressions import (ExpressionContext, apply_projection, legacy_projection,
                                  parse_projection)

ITEM = {
    "pk": {"S": "proj-nested"},
    "mymap": {"M": {"nested": {"S": "deep"}, "extra": {"N": "42"}}},
    "mylist": {"L": [{"S": "zero"}, {"S": "one"}, {"S": "two"}, {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}]},
    "n": {"N": "5"},
}
NAMES = {"#m": "mymap", "#n": "nested", "#l": "mylist", "#pk": "pk"}


def project(text, item=ITEM):
    names = {k: v for k, v in NAMES.items() if k in text}
    return apply_projection(parse_projection(text, ExpressionContext(names or None)), item)


def test_top_level_attributes():
    assert project("pk, n") == {"pk": ITEM["pk"], "n": ITEM["n"]}


def test_nested_map_path_returns_only_the_nested_value():
    # conformance: tier1/getItem/projection
    assert project("#m.#n") == {"mymap": {"M": {"nested": {"S": "deep"}}}}


def test_list_index_returns_the_element_in_a_one_element_list():
    # conformance: tier1/getItem/projection
    assert project("#l[0]") == {"mylist": {"L": [{"S": "zero"}]}}


def test_nested_path_and_list_index_together():
    # conformance: tier1/getItem/projection (Query)
    assert project("#m.#n, #l[1]") == {"mymap": {"M": {"nested": {"S": "deep"}}},
                                       "mylist": {"L": [{"S": "one"}]}}


def test_list_elements_are_compacted_in_index_order():
    assert project("#l[2], #l[0]") == {"mylist": {"L": [{"S": "zero"}, {"S": "two"}]}}


def test_paths_into_list_elements():
    assert project("#l[3].y") == {"mylist": {"L": [{"M": {"y": {"N": "2"}}}]}}
    assert project("#l[3].y, #l[3].x, #l[1]") == {
        "mylist": {"L": [{"S": "one"}, {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}]}}


def test_missing_paths_are_left_out():
    assert project("absent, #m.nope, #l[9], n") == {"n": ITEM["n"]}
    assert project("#m.#n.deeper") == {}
    assert project("n.x, #m[0], #l.x") == {}
    assert project("n[0]") == {}


def test_empty_or_missing_item():
    proj = parse_projection("a", ExpressionContext())
    assert apply_projection(proj, None) == {}
    assert apply_projection(proj, {}) == {}


def test_projection_does_not_share_nested_structures_incorrectly():
    result = project("#m.#n")
    result["mymap"]["M"]["added"] = {"S": "x"}
    assert "added" not in ITEM["mymap"]["M"]


def test_projection_exposes_paths_and_roots():
    names = {"#m": "mymap", "#n": "nested", "#l": "mylist"}
    proj = parse_projection("#m.#n, #l[1], pk", ExpressionContext(names))
    assert proj.paths == [("mymap", "nested"), ("mylist", 1), ("pk",)]
    assert proj.top_level_names() == {"mymap", "mylist", "pk"}
    assert proj.nested_top_level_names() == {"mymap", "mylist"}


def test_attributes_to_get():
    proj = legacy_projection(["pk", "absent", "n"])
    assert apply_projection(proj, ITEM) == {"pk": ITEM["pk"], "n": ITEM["n"]}
    # Names are taken literally: no paths, no reserved words, no placeholders.
    item = {"a.b": {"S": "x"}, "status": {"S": "y"}, "#c": {"S": "z"}}
    assert apply_projection(legacy_projection(["a.b", "status", "#c"]), item) == item
