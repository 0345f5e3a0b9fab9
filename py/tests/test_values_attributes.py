"""AttributeValue validation: DynamoDB's messages for each malformed value.

Messages are pinned to the DynamoDB conformance suite
(tier3/error-messages/putItem, tier3/limits/emptyValues) where it has them,
and otherwise to the message tables other emulators captured from DynamoDB.
"""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dynoxide.errors import DynamoError
from dynoxide.values.attributes import (
    check_base64,
    check_item,
    check_value,
    parse_item,
    parse_value,
    validate_item,
    validate_value,
    type_tag,
)

INVALID = "One or more parameter values were invalid: "
EMPTY = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
MANY = ("Supplied AttributeValue has more than one datatypes set, "
        "must contain exactly one of the supported datatypes")
NESTING = ("Nesting Levels have exceeded supported limits: "
           "Attributes in the item have nested levels beyond supported limit")


def error_of(fn, *args) -> DynamoError:
    with pytest.raises(DynamoError) as caught:
        fn(*args)
    return caught.value


def nested_maps(levels: int) -> dict:
    """`levels` nested M values, the innermost holding a string."""
    value = {"S": "leaf"}
    for _ in range(levels - 1):
        value = {"M": {"a": value}}
    return value


# --- valid values ----------------------------------------------------------

@pytest.mark.parametrize("value", [
    {"S": "hello"},
    {"S": ""},
    {"N": "42"},
    {"B": "AAEC"},
    {"B": ""},
    {"BOOL": True},
    {"BOOL": False},
    {"NULL": True},
    {"SS": ["a", "b"]},
    {"NS": ["1", "2"]},
    {"BS": ["AA==", "AQ=="]},
    {"L": []},
    {"M": {}},
    {"L": [{"S": ""}, {"S": "hello"}]},
    {"L": [{"S": "str"}, {"N": "1"}, {"BOOL": True}, {"NULL": True}, {"M": {"x": {"S": "y"}}}]},
    {"M": {"a": {"M": {"b": {"M": {"c": {"S": "deep"}}}}}}},
    {"SS": ["A", "a"]},  # case matters
])
def test_valid_values_round_trip(value):
    assert validate_value(value) == value


@pytest.mark.parametrize("value, ordered", [
    ({"SS": ["b", "", "a", "B"]}, ["", "B", "a", "b"]),  # bytewise
    ({"SS": ["é", "z"]}, ["z", "é"]),  # by UTF-8 bytes
    ({"NS": ["10", "9", "-1", "0.5"]}, ["-1", "0.5", "9", "10"]),  # by value
    ({"BS": ["/w==", "AA==", "AQ=="]}, ["AA==", "AQ==", "/w=="]),  # by the bytes, not the base64
])
def test_sets_come_back_in_dynamodbs_order(value, ordered):
    (kind,) = value
    assert validate_value(value) == {kind: ordered}
    assert validate_value({"M": {"x": value}}) == {"M": {"x": {kind: ordered}}}


def test_numbers_are_canonicalised_at_any_depth():
    assert validate_value({"N": "1.50"}) == {"N": "1.5"}
    assert validate_value({"NS": ["1E2", "-0", "0.10"]}) == {"NS": ["0", "0.1", "100"]}
    assert validate_value({"L": [{"M": {"n": {"N": "007"}}}]}) == {"L": [{"M": {"n": {"N": "7"}}}]}


def test_extreme_number_set_is_accepted():
    members = ["9.9999999999999999999999999999999999999E+125",
               "-9.9999999999999999999999999999999999999E+125", "1E-130", "0"]
    assert len(validate_value({"NS": members})["NS"]) == 4


def test_unknown_members_and_null_members_are_ignored():
    assert validate_value({"S": "a", "Z": 1}) == {"S": "a"}
    assert validate_value({"S": "a", "N": None}) == {"S": "a"}


def test_validate_item_returns_canonical_item():
    item = {"pk": {"S": "k"}, "n": {"N": "+1.0"}, "tags": {"NS": ["2", "1"]}}
    assert validate_item(item) == {"pk": {"S": "k"}, "n": {"N": "1"}, "tags": {"NS": ["1", "2"]}}


def test_validation_does_not_mutate_its_input():
    item = {"n": {"N": "01"}, "l": {"L": [{"N": "1.0"}]}}
    validate_item(item)
    assert item == {"n": {"N": "01"}, "l": {"L": [{"N": "1.0"}]}}


# --- datatype count ----------------------------------------------------------

@pytest.mark.parametrize("value", [
    {},
    {"a": ""},
    {"S": None},
    {"M": {"a": {}}},
    {"L": [{}]},
    {"L": [{"a": {}}]},
])
def test_empty_attribute_value(value):
    error = error_of(validate_value, value)
    assert (error.name, error.message) == ("ValidationException", EMPTY)


def test_more_than_one_datatype():
    assert error_of(validate_value, {"S": "a", "N": "1"}).message == MANY
    assert error_of(validate_value, {"M": {"x": {"BOOL": True, "NULL": True}}}).message == MANY


def test_bad_number_is_reported_before_several_datatypes():
    assert error_of(validate_value, {"S": "", "N": ""}).message == \
        "The parameter cannot be converted to a numeric value: "
    assert error_of(validate_value, {"S": "a", "N": "b"}).message == \
        "The parameter cannot be converted to a numeric value: b"


# --- numbers ---------------------------------------------------------------

@pytest.mark.parametrize("value, message", [
    ({"N": ""}, "The parameter cannot be converted to a numeric value: "),
    ({"N": "b"}, "The parameter cannot be converted to a numeric value: b"),
    ({"NS": ["1", ""]}, "The parameter cannot be converted to a numeric value: "),
    ({"NS": ["1", "b"]}, "The parameter cannot be converted to a numeric value: b"),
    ({"N": "123456789012345678901234567890123456789"},
     "Attempting to store more than 38 significant digits in a Number"),
    ({"N": "1e126"}, "Number overflow. Attempting to store a number with magnitude larger than supported range"),
    ({"N": "-1e-131"}, "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
    ({"L": [{"N": "x"}]}, "The parameter cannot be converted to a numeric value: x"),
])
def test_invalid_numbers(value, message):
    error = error_of(validate_value, value)
    assert (error.name, error.message) == ("ValidationException", message)


# --- NULL --------------------------------------------------------------------

def test_null_must_be_true():
    error = error_of(validate_value, {"NULL": False})
    assert error.message == INVALID + "Null attribute value types must have the value of true"
    assert error_of(validate_value, {"M": {"a": {"NULL": False}}}).message == \
        INVALID + "Null attribute value types must have the value of true"


@pytest.mark.parametrize("raw", ["no", "false", "0", "FALSE"])
def test_null_given_as_a_false_word_is_not_true(raw):
    # DynamoDB's JSON reader turns these strings into false first.
    assert error_of(validate_value, {"NULL": raw}).message == \
        INVALID + "Null attribute value types must have the value of true"


def test_boolean_words_are_read_as_booleans():
    assert validate_value({"BOOL": "yes"}) == {"BOOL": True}
    assert validate_value({"BOOL": "False"}) == {"BOOL": False}
    assert validate_value({"NULL": "true"}) == {"NULL": True}


# --- sets --------------------------------------------------------------------

@pytest.mark.parametrize("value, detail", [
    ({"SS": []}, "An string set  may not be empty"),
    ({"NS": []}, "An number set  may not be empty"),
    ({"BS": []}, "Binary sets should not be empty"),
    ({"M": {"inner": {"SS": []}}}, "An string set  may not be empty"),
    ({"L": [{"SS": []}]}, "An string set  may not be empty"),
])
def test_empty_sets(value, detail):
    error = error_of(validate_value, value)
    assert (error.name, error.message) == ("ValidationException", INVALID + detail)


def test_duplicate_strings_are_quoted_in_order_up_to_the_repeat():
    # The members read before the first repeat in byte order, then the repeat, then the rest as sent.
    assert error_of(validate_value, {"SS": ["a", "a"]}).message == \
        INVALID + 'Input collection ["a", "a"] contains duplicates.'
    assert error_of(validate_value, {"SS": ["x", "a", "b", "a", "c"]}).message == \
        INVALID + 'Input collection ["a", "b", "x", "a", "c"] contains duplicates.'


def test_duplicate_binaries_message_keeps_dynamodbs_missing_spaces():
    assert error_of(validate_value, {"BS": ["/w==", "AA==", "AA=="]}).message == \
        INVALID + 'Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.'


@pytest.mark.parametrize("members", [["1", "1"], ["1", "1.0"], ["100", "1E2"], ["0", "-0"], ["0.5", ".50"]])
def test_number_set_duplicates_compare_numerically(members):
    error = error_of(validate_value, {"NS": members})
    assert (error.name, error.message) == ("ValidationException", INVALID + "Input collection contains duplicates.")


@pytest.mark.parametrize("value, message", [
    ({"SS": ["b", "a", "b"]}, INVALID + "Input collection [b, a, b] contains duplicates."),
    ({"BS": ["/w==", "AA==", "AA=="]}, INVALID + "Input collection [/w==, AA==, AA==]of type BS contains duplicates."),
    ({"NS": ["2", "1", "2"]}, "Input collection contains duplicates"),
    ({"N": ""}, "The parameter cannot be converted to a numeric value"),
    ({"N": "1e2147483647"}, "Number underflow. Attempting to store a number with magnitude smaller than supported range"),
])
def test_the_older_reader_words_its_refusals_its_own_way(value, message):
    assert error_of(lambda v: validate_value(v, older=True), value).message == message


def test_invalid_number_in_set_beats_duplicates():
    assert error_of(validate_value, {"NS": ["1", "1", "x"]}).message == \
        "The parameter cannot be converted to a numeric value: x"


# --- nesting -------------------------------------------------------------------

def test_thirty_two_levels_are_allowed():
    assert validate_value(nested_maps(32)) == nested_maps(32)
    assert validate_item({"a": nested_maps(32)})


def test_thirty_three_levels_are_rejected():
    error = error_of(validate_value, nested_maps(33))
    assert (error.name, error.message) == ("ValidationException", NESTING)


def test_lists_count_as_levels_too():
    value = {"S": "leaf"}
    for _ in range(32):
        value = {"L": [value]}
    assert error_of(validate_value, value).message == NESTING


def test_absurd_nesting_fails_cleanly_in_the_first_pass():
    error = error_of(parse_value, nested_maps(2000))
    assert error.message == NESTING


# --- two passes --------------------------------------------------------------

def test_parse_errors_anywhere_come_before_semantic_errors():
    item = {"a": {"SS": []}, "b": {"N": "x"}}
    assert error_of(validate_item, item).message == \
        "The parameter cannot be converted to a numeric value: x"


def test_passes_can_run_separately():
    clean = parse_item({"a": {"SS": []}})
    assert clean == {"a": {"SS": []}}
    assert error_of(check_item, clean).message == INVALID + "An string set  may not be empty"
    check_value(parse_value({"SS": ["a"]}))


# --- binary ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "AA==", "AAA=", "AAAA", "+/+/", "Yg=="])
def test_canonical_base64_is_accepted(text):
    assert check_base64(text) == text


def test_base64_length_must_be_a_multiple_of_four():
    error = error_of(validate_value, {"B": "23456"})
    assert (error.name, error.message) == (
        "SerializationException", "Base64 encoded length is expected a multiple of 4 bytes but found: 5")
    assert error.type == "com.amazon.coral.service#SerializationException"


@pytest.mark.parametrize("text", ["=+/=", "+/+=", "YR==", "ab!d", "é===", "A==="])
def test_malformed_base64(text):
    error = error_of(validate_value, {"BS": [text]})
    assert (error.name, error.message) == (
        "SerializationException", "Invalid last non-pad Base64 character dectected")


# --- JSON shapes ---------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "x", 5, None, [], {"S": 5}, {"S": True}, {"N": 1.5}, {"B": 3}, {"B": []}, {"BOOL": "maybe"},
    {"NULL": "maybe"}, {"BOOL": 1.5},
    {"BOOL": 1}, {"NULL": {}}, {"SS": "a"}, {"SS": [1]}, {"NS": [{}]}, {"L": {}}, {"M": []},
    {"M": "x"}, {"L": ["x"]}, {"BS": [None]},
])
def test_wrong_json_shapes_raise_only_dynamo_errors(value):
    assert error_of(validate_value, value).name == "SerializationException"


def test_non_dict_item_is_a_dynamo_error():
    assert error_of(validate_item, ["x"]).name == "SerializationException"


def test_value_type():
    assert type_tag({"NS": ["1"]}) == "NS"
    assert type_tag({"X": 1}) is None
    assert type_tag({"S": "a", "N": "1"}) is None
    assert type_tag("S") is None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M", "x"]), children, max_size=3),
    max_leaves=20,
)


@settings(max_examples=400)
@given(json_values)
def test_arbitrary_json_raises_only_dynamo_errors(value):
    try:
        clean = validate_value(value)
    except DynamoError:
        return
    assert validate_value(clean) == clean  # canonical output is a fixed point
