"""DynamoDB's Number rules: grammar, limits, canonical form, arithmetic.

Expected texts and messages come from the DynamoDB conformance suite
(tier3/limits/numberPrecision, tier3/error-messages) and from behaviour
other emulators captured against real DynamoDB.
"""
from decimal import Context, Decimal, getcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dynoxide.errors import DynamoError
from dynoxide.values import numbers
from dynoxide.values.numbers import add, canonicalize, subtract, to_decimal

NOT_A_NUMBER = "The parameter cannot be converted to a numeric value"
DIGITS = "Attempting to store more than 38 significant digits in a Number"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"


def error_of(fn, *args) -> DynamoError:
    with pytest.raises(DynamoError) as caught:
        fn(*args)
    return caught.value


@pytest.mark.parametrize("text, stored", [
    ("0012.3400", "12.34"),
    ("00042", "42"),
    ("1.0", "1"),
    ("3.1400", "3.14"),
    ("-0", "0"),
    ("+0", "0"),
    ("+0.0", "0"),
    ("0.000", "0"),
    ("0e125", "0"),
    ("-0E-130", "0"),
    ("0.0e-129", "0"),
    ("1e2", "100"),
    ("1E2", "100"),
    ("1.5E2", "150"),
    ("1.5E+3", "1500"),
    ("+1e2", "100"),
    ("1e+2", "100"),
    ("1.23E10", "12300000000"),
    ("+1e-2", "0.01"),
    ("+5", "5"),
    ("+1.5", "1.5"),
    ("-7", "-7"),
    ("+.5", "0.5"),
    (".5", "0.5"),
    ("-.5", "-0.5"),
    ("5.", "5"),
    ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678"),
    ("0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001"),
    ("123.456e-2", "1.23456"),
    ("0.000123e3", "0.123"),
    ("-100.0100", "-100.01"),
])
def test_canonical_form_matches_what_dynamodb_returns(text, stored):
    assert canonicalize(text) == stored


def test_large_exponents_come_back_as_plain_digits():
    assert canonicalize("1E+100") == "1" + "0" * 100
    assert canonicalize("1E-130") == "0." + "0" * 129 + "1"
    assert canonicalize("-1.2E+5") == "-120000"


def test_extreme_magnitudes_are_accepted():
    assert canonicalize("9.9999999999999999999999999999999999999E+125") == "9" * 38 + "0" * 88
    assert canonicalize("-9.9999999999999999999999999999999999999E+125") == "-" + "9" * 38 + "0" * 88
    assert canonicalize("1E-130").endswith("1")
    assert canonicalize("-1E-130").startswith("-0.")


@pytest.mark.parametrize("text", ["1E+126", "-1E+126", "1e126", "10E+125", "1e2147483647", "1e99999999999",
                                  "0e126", "-0E+500"])
def test_overflow(text):
    assert error_of(canonicalize, text).message == OVERFLOW


@pytest.mark.parametrize("text", ["1E-131", "-1e-131", "0.1E-130", "1e-99999999999", "0e-131", "0.0e-130"])
def test_underflow(text):
    assert error_of(canonicalize, text).message == UNDERFLOW


@pytest.mark.parametrize("text", ["1e9223372036854775808", "1e-9223372036854775808", "0e99999999999999999999"])
def test_an_exponent_past_64_bits_cannot_be_converted(text):
    assert error_of(canonicalize, text).message == f"{NOT_A_NUMBER}: {text}"


@pytest.mark.parametrize("text, message", [
    ("", NOT_A_NUMBER),
    ("1e2147483648", f"{NOT_A_NUMBER}: 1e2147483648"),
    ("1e2147483647", UNDERFLOW),  # precision - scale wraps in 32 bits
    ("1e126", OVERFLOW),
    ("0e500", None),
])
def test_the_older_reader_reads_as_javas_bigdecimal(text, message):
    if message is None:
        assert canonicalize(text, older=True) == "0"
    else:
        assert error_of(lambda t: canonicalize(t, older=True), text).message == message


@pytest.mark.parametrize("text", [
    "123456789012345678901234567890123456789",
    "-1.23456789012345678901234567890123456789",
    "1.00000000000000000000000000000000000001",
])
def test_more_than_38_significant_digits(text):
    error = error_of(canonicalize, text)
    assert error.name == "ValidationException"
    assert error.message == DIGITS


def test_leading_and_trailing_zeros_are_not_significant():
    assert canonicalize("000000000012345678901234567890123456789012345678") == \
        "12345678901234567890123456789012345678"
    assert canonicalize("1" + "0" * 100) == "1" + "0" * 100
    assert canonicalize("0.1000000000000000000000000000000000000000000") == "0.1"


@pytest.mark.parametrize("text", [
    "+e2", "e2", "+1+2", "1+2", "+1.2.3", "1.2.3", "++5", "+-5", "-+5", "+", "-", "1e",
    "1e+", ".", "1.2e3.4", "0x5", "NaN", "nan", "Infinity", "-Infinity", "1_000", " 5", "5 ",
    "1 5", "b", "5\n", "١٢", "1e2.5", "1,5", "--1",
])
def test_malformed_numbers_name_the_value(text):
    error = error_of(canonicalize, text)
    assert error.name == "ValidationException"
    assert error.message == f"{NOT_A_NUMBER}: {text}"


def test_empty_string_keeps_the_colon_and_space():
    assert error_of(canonicalize, "").message == f"{NOT_A_NUMBER}: "


def test_digit_limit_is_checked_before_range():
    assert error_of(canonicalize, "1" * 39 + "e200").message == DIGITS


def test_to_decimal_is_exact():
    assert to_decimal("12345678901234567890123456789012345678") == \
        Decimal("12345678901234567890123456789012345678")
    assert to_decimal("1E-130") == Decimal("1E-130")
    assert to_decimal("1.50") == Decimal("1.5")


@pytest.mark.parametrize("a, b, total", [
    ("1", "2", "3"),
    ("0.1", "0.2", "0.3"),
    ("-5", "5", "0"),
    ("1.5", "-0.5", "1"),
    ("99999999999999999999999999999999999999", "1", "100000000000000000000000000000000000000"),
    ("1E+125", "1E+125", "2" + "0" * 125),
    ("1E-130", "1E-130", "0." + "0" * 129 + "2"),
])
def test_add(a, b, total):
    assert add(a, b) == total


@pytest.mark.parametrize("a, b, difference", [
    ("3", "5", "-2"),
    ("0.3", "0.1", "0.2"),
    ("-1", "-1", "0"),
    ("1E+2", "0.5", "99.5"),
])
def test_subtract(a, b, difference):
    assert subtract(a, b) == difference


def test_arithmetic_result_over_38_digits_is_rejected():
    assert error_of(add, "1E+37", "0.1").message == DIGITS


def test_arithmetic_overflow_is_rejected():
    assert error_of(add, "9E+125", "9E+125").message == OVERFLOW
    assert error_of(subtract, "-9E+125", "9E+125").message == OVERFLOW


def test_arithmetic_validates_operands():
    assert error_of(add, "abc", "1").message == f"{NOT_A_NUMBER}: abc"


def test_arithmetic_ignores_the_global_decimal_context():
    context = getcontext()
    saved = context.prec
    context.prec = 3
    try:
        assert add("1.00001", "1") == "2.00001"
    finally:
        context.prec = saved


def test_is_valid():
    assert numbers.is_valid("1e5")
    assert not numbers.is_valid("1e500")
    assert not numbers.is_valid(" 1")


def test_non_string_input_is_a_dynamo_error():
    assert error_of(canonicalize, 5).name == "ValidationException"
    assert error_of(canonicalize, None).message == f"{NOT_A_NUMBER}: "


# Decimals DynamoDB accepts: up to 38 significant digits, exponent in range.
finite_numbers = st.builds(
    lambda sign, digits, exponent: Decimal(f"{sign}{digits}E{exponent}"),
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=10**38 - 1),
    st.integers(min_value=-130, max_value=88),
).filter(lambda d: d == 0 or -130 <= d.adjusted() <= 125)


@given(finite_numbers)
def test_canonical_text_has_the_same_value(value):
    text = canonicalize(str(value))
    assert Decimal(text) == value
    assert "e" not in text.lower()
    assert canonicalize(text) == text  # idempotent
    if text != "0":
        assert not text.lstrip("-").startswith("00")
        assert not ("." in text and text.endswith("0"))


@given(finite_numbers, finite_numbers)
def test_add_and_subtract_match_exact_decimal_arithmetic(a, b):
    wide = Context(prec=1000)
    for operation, exact in ((add, wide.add(a, b)), (subtract, wide.subtract(a, b))):
        try:
            result = operation(str(a), str(b))
        except DynamoError as error:
            # Only a result DynamoDB could not store may fail.
            assert error.message in (DIGITS, OVERFLOW, UNDERFLOW)
            assert not numbers.is_valid(format(exact, "f"))
            continue
        assert Decimal(result) == exact


# canonicalize returns text already in canonical form as it is (its fast path);
# everything else goes through decompose/compose. Both must agree everywhere.

def _slow_canonical(text):
    try:
        return numbers.compose(numbers.decompose(text))
    except DynamoError as error:
        return error.message


def _canonical_or_message(text):
    try:
        return canonicalize(text)
    except DynamoError as error:
        return error.message


@given(st.text(alphabet="0123456789.-+eE", max_size=12))
def test_canonicalize_agrees_with_decompose_and_compose_on_any_spelling(text):
    assert _canonical_or_message(text) == _slow_canonical(text)


@given(st.integers(-10**45, 10**45), st.integers(0, 10**6), st.integers(0, 40))
def test_canonicalize_agrees_on_plain_numbers_near_the_digit_limit(whole, fraction, zeros):
    for text in (str(whole), f"{whole}.{fraction}", f"{whole}.{'0' * zeros}{fraction}", f"0.{'0' * zeros}{fraction}"):
        assert _canonical_or_message(text) == _slow_canonical(text)


@pytest.mark.parametrize("text", ["0", "1", "-1", "10", "0.5", "-0.05", "12.34", "9" * 38, "0." + "0" * 36 + "1"])
def test_canonical_text_is_returned_unchanged(text):
    assert canonicalize(text) == text


@pytest.mark.parametrize("text, stored", [("-0", "0"), ("1.0", "1"), ("01", "1"), ("-0.0", "0"), (".5", "0.5")])
def test_near_canonical_spellings_are_still_normalised(text, stored):
    assert canonicalize(text) == stored
