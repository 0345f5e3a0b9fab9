"""DynamoDB's Number type: grammar, limits, canonical text and arithmetic.

A DynamoDB number is a decimal of at most 38 significant digits whose
magnitude lies in [1E-130, 9.99..E+125] (or is zero). DynamoDB stores and
returns it in plain positional notation with no exponent, no leading or
trailing zeros and no sign on zero: "00042" -> "42", "1.5E+3" -> "1500",
"1E-3" -> "0.001", "-0" -> "0". Numbers never become floats here: parsing
works on the digit string, and arithmetic uses Decimal under a local Context
wide enough to be exact (the global decimal context is never touched, so the
host application's settings cannot change our results).
"""
from __future__ import annotations

import re
from decimal import Context, Decimal, Inexact, InvalidOperation
from typing import NamedTuple

from dynoxide.errors import DynamoError, validation
from dynoxide.limits import MAX_NUMBER_DIGITS

# The grammar DynamoDB accepts: optional sign, digits with at most one point
# (".5" and "5." both count), optional exponent. No whitespace, no "NaN",
# no hex, no underscores. [0-9] rather than \d: \d would admit other scripts.
_GRAMMAR = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")

# Largest and smallest decimal exponent of the leading significant digit
# (9.99..E+125 and 1E-130).
MAX_EXPONENT = 125
MIN_EXPONENT = -130

NOT_A_NUMBER = "The parameter cannot be converted to a numeric value"
TOO_MANY_DIGITS = "Attempting to store more than 38 significant digits in a Number"
OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range"
UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range"

# Operands are within range and 38 digits, so an exact sum needs at most
# MAX_EXPONENT - MIN_EXPONENT + 2 digits; 300 leaves room and Inexact is
# trapped so any rounding would be a loud bug rather than a silent one.
_EXACT = Context(prec=300, Emax=999_999, Emin=-999_999, traps=[InvalidOperation, Inexact])


class Parts(NamedTuple):
    """A validated number: sign (-1, 0, 1), significant digits, exponent.

    The value is `sign * 0.d1d2d3... * 10 ** (exponent + 1)`, i.e. `exponent`
    is the power of ten of the first significant digit. Zero is
    `Parts(0, "", 0)`. Digits carry no leading or trailing zeros, so two
    equal numbers always have equal parts.
    """

    sign: int
    digits: str
    exponent: int


ZERO = Parts(0, "", 0)


def decompose(text: str, *, older: bool = False) -> Parts:
    """Validate an N string and split it into canonical parts.

    Raises DynamoDB's ValidationException for malformed input, more than
    38 significant digits, overflow and underflow (checked in that order).

    DynamoDB reads numbers in two ways (see `validation.messages`).
    The current reader takes the exponent in full: past a 64-bit integer it
    cannot be converted, otherwise the magnitude limits apply to it, zero's
    included. The `older` reader (Java's BigDecimal) cannot convert an exponent
    past a 32-bit integer, works out the magnitude in 32-bit arithmetic (which
    wraps to an underflow), and words an empty string without the colon.
    """
    if text == "" or text is None:
        raise validation(NOT_A_NUMBER if older else f"{NOT_A_NUMBER}: ")
    if not isinstance(text, str):
        raise validation(f"{NOT_A_NUMBER}: {text}")
    match = _GRAMMAR.fullmatch(text)
    if match is None:
        raise validation(f"{NOT_A_NUMBER}: {text}")
    sign_text, whole, fraction, exp_text = match.groups()
    fraction = fraction or ""
    if not whole and not fraction:
        raise validation(f"{NOT_A_NUMBER}: {text}")  # ".", "+", "e5", "+.e1"
    written = _exponent_value(exp_text, text, _INT32_MAX if older else _INT64_MAX)
    all_digits = whole + fraction
    significant = all_digits.lstrip("0")
    if not significant:
        if exp_text and not older:
            # Zero written with an exponent is range-checked by it (as 0E+n).
            _check_range(written - len(fraction))
        return ZERO
    leading_zeros = len(all_digits) - len(significant)
    significant = significant.rstrip("0")
    if len(significant) > MAX_NUMBER_DIGITS:
        raise validation(TOO_MANY_DIGITS)
    if older and written + len(whole.lstrip("0")) > _INT32_MAX:
        raise validation(UNDERFLOW)  # precision - scale wraps around in 32 bits
    _check_range(len(whole) - leading_zeros - 1 + written)
    return Parts(-1 if sign_text == "-" else 1, significant, len(whole) - leading_zeros - 1 + written)


_INT32_MAX = 2**31 - 1
_INT64_MAX = 2**63 - 1


def _check_range(exponent: int) -> None:
    if exponent > MAX_EXPONENT:
        raise validation(OVERFLOW)
    if exponent < MIN_EXPONENT:
        raise validation(UNDERFLOW)


def _exponent_value(exp_text: str | None, text: str, limit: int) -> int:
    """The written exponent; one past `limit` (the reader's integer) cannot be converted."""
    if not exp_text:
        return 0
    digits = exp_text.lstrip("+-").lstrip("0")
    # Twenty digits are past any limit: no int() of a thousand-digit string.
    if len(digits) > 19 or int(digits or "0") > limit:
        raise validation(f"{NOT_A_NUMBER}: {text}")
    value = int(digits or "0")
    return -value if exp_text[0] == "-" else value


def compose(parts: Parts) -> str:
    """Plain positional text for validated parts (the canonical form)."""
    sign, digits, exponent = parts
    if sign == 0:
        return "0"
    if exponent < 0:
        body = "0." + "0" * (-exponent - 1) + digits
    else:
        whole = exponent + 1
        if len(digits) <= whole:
            body = digits + "0" * (whole - len(digits))
        else:
            body = digits[:whole] + "." + digits[whole:]
    return "-" + body if sign < 0 else body


# Text already in canonical form: no exponent, no leading or trailing zeros, no
# "-0". Up to 38 characters it also has at most 38 digits and is within range.
_CANONICAL = re.compile(r"-?[1-9][0-9]*(?:\.[0-9]*[1-9])?|-?0\.[0-9]*[1-9]|0")
_CANONICAL_FAST_LENGTH = MAX_NUMBER_DIGITS


def canonicalize(text: str, *, older: bool = False) -> str:
    """Validate a DynamoDB N string and return it as DynamoDB stores it
    (`older`: read as the older reader does, see `decompose`).

    >>> canonicalize("0012.3400"), canonicalize("1.5E+3"), canonicalize("-0")
    ('12.34', '1500', '0')
    """
    # Most numbers arrive as DynamoDB would store them (clients send back what it
    # returned): those are their own canonical form.
    if type(text) is str and len(text) <= _CANONICAL_FAST_LENGTH and _CANONICAL.fullmatch(text):
        return text
    return compose(decompose(text, older=older))


def to_decimal(text: str) -> Decimal:
    """The exact Decimal value of a (validated) N string."""
    # Decimal(str) is exact and context-free; the canonical text has no exponent.
    return Decimal(canonicalize(text))


def from_decimal(value: Decimal) -> str:
    """Canonical N text for a Decimal, with DynamoDB's digit and range checks."""
    if not value.is_finite():
        raise validation(f"{NOT_A_NUMBER}: {value}")
    return canonicalize(format(value, "f"))


def add(a: str, b: str) -> str:
    """a + b exactly, as canonical N text (UpdateExpression `+` and ADD)."""
    return from_decimal(_exact(_EXACT.add, a, b))


def subtract(a: str, b: str) -> str:
    """a - b exactly, as canonical N text (UpdateExpression `-`)."""
    return from_decimal(_exact(_EXACT.subtract, a, b))


def _exact(operation, a: str, b: str) -> Decimal:
    try:
        return operation(to_decimal(a), to_decimal(b))
    except (Inexact, InvalidOperation):  # cannot happen for in-range operands
        raise validation(TOO_MANY_DIGITS) from None


def is_valid(text: str) -> bool:
    """True when `text` is an N string DynamoDB would accept."""
    try:
        decompose(text)
    except DynamoError:
        return False
    return True
