"""Order-preserving TEXT encodings of key values for SQLite.

Key columns use SQLite's BINARY collation (memcmp over UTF-8), so each key
value is stored as text whose byte order is DynamoDB's order for its type.
A key attribute has one fixed type per table, so no type tag is needed.

- S: the string itself. UTF-8 byte order is DynamoDB's string order.
- B: lowercase hex of the bytes. Two hex digits per byte, and '0'-'9' sort
  before 'a'-'f', so hex order is unsigned byte order, prefixes included.
- N: a sign band, then the exponent, then the digits:
    zero      "1"
    positive  "2" + EEE + digits          (EEE = exponent + 130, 3 digits)
    negative  "0" + EEE' + (9-d digits) + "~"   (EEE' = 255 - EEE)
  Digits are the significant digits without trailing zeros, so equal
  numbers ("1", "1.0", "1E0") encode identically. For positives a longer
  digit string with the same prefix is the larger number, which plain text
  order already gives. Negatives invert everything; the "~" terminator
  (above every digit) makes a shorter complemented prefix sort after its
  extensions, as -0.12 > -0.123 requires.
"""
from __future__ import annotations

from dynoxide.errors import validation
from dynoxide.validation.messages import KEY_SCHEMA_MISMATCH

from . import numbers
from .attributes import decode_binary, type_tag

KEY_TYPES = ("S", "N", "B")

_EXPONENT_OFFSET = -numbers.MIN_EXPONENT  # 130: exponents map to 0..255
_EXPONENT_SPAN = numbers.MAX_EXPONENT + _EXPONENT_OFFSET  # 255
_COMPLEMENT = str.maketrans("0123456789", "9876543210")


def key_type(value) -> str | None:
    """"S", "N" or "B" when `value` is a single scalar key-typed value, else None."""
    kind = type_tag(value)
    return kind if kind in KEY_TYPES else None


def encode_key(value: dict) -> str:
    """TEXT for a key AttributeValue that sorts in SQLite as DynamoDB sorts.

    >>> encode_key({"S": "abc"}), encode_key({"B": "AP8="}), encode_key({"N": "-1.5"})
    ('abc', '00ff', '012584~')
    """
    kind = key_type(value)
    if kind is None:
        raise validation(KEY_SCHEMA_MISMATCH)
    return encode_typed(kind, value[kind])


def encode_typed(kind: str, raw: str) -> str:
    """`encode_key` for a value whose key type is already known to be `kind`."""
    if kind == "S":
        return raw
    if kind == "N":
        return encode_number(raw)
    return decode_binary(raw).hex()


def encode_number(text: str) -> str:
    """Order-preserving text for an N string (validated on the way)."""
    sign, digits, exponent = numbers.decompose(text)
    if sign == 0:
        return "1"
    biased = exponent + _EXPONENT_OFFSET
    if sign > 0:
        return f"2{biased:03d}{digits}"
    return f"0{_EXPONENT_SPAN - biased:03d}{digits.translate(_COMPLEMENT)}~"


# --- multi-attribute keys ----------------------------------------------------------
# A GSI key of several HASH or several RANGE attributes is stored as one TEXT
# per role: each attribute's encoding, escaped, then a terminator. The
# terminator sorts below every escaped character, so a value that is a prefix
# of another sorts first, and the TEXT orders as the tuple of values does,
# attribute by attribute. Only S encodings can hold U+0000 or U+0001; they are
# escaped to two characters above the terminator. No NUL is stored, so both
# hosts' SQLite bindings carry the text whole.
_PART_END = "\x01\x01"
_ESCAPES = str.maketrans({"\x00": "\x01\x02", "\x01": "\x01\x03"})
# Each escape's second character and the terminator's rise by one to bound
# "everything that starts with this": see `prefix_end`.
_MAX_CHAR = 0x10FFFF


def encode_parts(encoded: list[str]) -> str:
    """One TEXT for several `encode_key` results, ordered as their tuple.

    >>> encode_parts(["a", "b"]) < encode_parts(["a", "bc"]) < encode_parts(["ab", ""])
    True
    """
    return "".join(part.translate(_ESCAPES) + _PART_END for part in encoded)


def encode_part(encoded: str, *, last: bool = True) -> str:
    """One attribute's share of `encode_parts`: with its terminator, or (for
    begins_with) without, so that it is a prefix of every longer value."""
    escaped = encoded.translate(_ESCAPES)
    return escaped + _PART_END if last else escaped


def prefix_end(prefix: str) -> str | None:
    """The least TEXT above every TEXT that starts with `prefix` (None: no bound).

    >>> prefix_end("ab"), prefix_end("a\\U0010ffff"), prefix_end("")
    ('ac', 'b', None)
    """
    text = prefix
    while text:
        code = ord(text[-1])
        if code < _MAX_CHAR:
            code += 1
            if 0xD800 <= code <= 0xDFFF:  # no surrogates in UTF-8 text
                code = 0xE000
            return text[:-1] + chr(code)
        text = text[:-1]
    return None
