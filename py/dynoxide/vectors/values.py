"""Numbers as a vector index holds them: 32-bit floats.

DynamoDB stores a vector index's copy of a vector as float32 and compares at
that precision, while the item keeps the numbers as written. A number is
rounded to the nearest float32 from its exact decimal value (through a
double, with the one case where that double rounding could go wrong, an
exact float32 midpoint, settled from the decimal text).
"""
from __future__ import annotations

import struct
import sys
from binascii import a2b_base64, b2a_base64
from array import array
from decimal import Decimal

_F32 = struct.Struct("<f")
_U32 = struct.Struct("<I")
_LITTLE = sys.byteorder == "little"


def to_f32(text: str) -> float | None:
    """The float32 nearest to the DynamoDB number `text`, or None beyond float32's range."""
    x = float(text)
    try:
        y = _F32.unpack(_F32.pack(x))[0]
    except OverflowError:
        return None
    if y == x or y != y:
        return y
    if y in (float("inf"), float("-inf")):
        return None
    other = _neighbour(y, toward_above=x > y)
    if other is not None and (y + other) / 2 == x:
        exact = Decimal(text)
        if exact != Decimal(x):
            # The double sits on a float32 midpoint the decimal does not: round toward the decimal's side.
            return max(y, other) if exact > Decimal(x) else min(y, other)
    return y


_INF = float("inf")
# A double exactly halfway between two float32s has these low 29 mantissa bits.
_LOW29, _MIDPOINT = (1 << 29) - 1, 1 << 28


def to_f32_many(texts: list[str]) -> tuple[float, ...] | int:
    """`to_f32` of every text at once (in C, but for the rare float32 midpoint);
    the position of the first text beyond float32's range instead, if any."""
    doubles = array("d", map(float, texts))
    singles = array("f", doubles)
    if _INF in singles or -_INF in singles:
        return next(i for i, v in enumerate(singles) if v in (_INF, -_INF))
    bits = array("Q")
    bits.frombytes(doubles.tobytes())
    for position, word in enumerate(bits):
        if word & _LOW29 == _MIDPOINT:
            singles[position] = to_f32(texts[position])
    return tuple(singles)


def _neighbour(y: float, *, toward_above: bool) -> float | None:
    bits = _U32.unpack(_F32.pack(y))[0]
    magnitude_up = (y >= 0) == toward_above
    bits = bits + 1 if magnitude_up else bits - 1
    if not 0 <= bits < 1 << 32:
        return None
    value = _F32.unpack(_U32.pack(bits))[0]
    return None if value in (float("inf"), float("-inf")) or value != value else value


def f32_text(v: float) -> str:
    """A float32 as DynamoDB writes the index's copy: the shortest decimal that
    reads back as the same float32, in Java's style ("1.0", "0.1",
    "1.6777216E7", "1.0E-30")."""
    if v == 0:
        return "-0.0" if str(v).startswith("-") else "0.0"
    for digits in range(1, 10):
        text = f"{v:.{digits - 1}e}"
        try:
            if _F32.unpack(_F32.pack(float(text)))[0] == v:
                break
        except OverflowError:  # rounded past float32's largest value
            continue
    mantissa, exponent = text.split("e")
    exponent = int(exponent)
    if -3 <= exponent < 7:
        plain = format(Decimal(text), "f")
        return plain if "." in plain else plain + ".0"
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}E{exponent}"


# Stored as base64 text: the browser's bridge carries text in its fast path
# (a BLOB column sends a statement down a per-column path, measured ~2x
# slower for a search in Pyodide). The bytes are padded to a multiple of 3,
# so the text has no '=' and a search decodes all its rows' texts joined,
# in one C call.
def pack(values) -> str:
    """float32 values as little-endian bytes, 4 a dimension (zero-padded to a
    multiple of 3), in base64."""
    packed = array("f", values)
    if not _LITTLE:
        packed.byteswap()
    raw = packed.tobytes()
    return b2a_base64(raw + b"\0" * (-len(raw) % 3), newline=False).decode("ascii")


def unpack(text: str) -> array:
    raw = a2b_base64(text)
    values = array("f")
    values.frombytes(raw[:len(raw) // 4 * 4])
    if not _LITTLE:
        values.byteswap()
    return values


def unpack_many(texts: list[str], dimensions: int) -> list:
    """The float32 values of many `pack` texts of one length, decoded together."""
    if not _LITTLE:
        return [unpack(text) for text in texts]
    width = 4 * dimensions
    stride = width + (-width % 3)
    raw = memoryview(a2b_base64("".join(texts)))
    return [raw[start:start + width].cast("f") for start in range(0, len(raw), stride)]
