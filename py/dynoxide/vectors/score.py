"""The three distance functions, as DynamoDB scores them.

Elements are float32 (the index's precision); the arithmetic runs in
doubles with a correctly rounded sum, and the score is reported as a
float32, saturated at float32's largest value. COSINE is 1 - cos(angle)
(0 identical .. 2 opposite; a zero vector on either side scores exactly 1),
EUCLIDEAN the straight-line distance, DOT_PRODUCT the dot product (the only
one where higher is closer).
"""
from __future__ import annotations

import math
import struct
from operator import mul
from typing import Callable

_F32 = struct.Struct("<f")
_F32_MAX = 3.4028234663852886e38

# Python 3.12+ has a C sumprod with extended precision; 3.11 sums the exact
# products (float32 * float32 fits a double) with fsum, which rounds once.
_sumprod = getattr(math, "sumprod", None) or (lambda a, b: math.fsum(map(mul, a, b)))

# How far the fast estimate below may stray from the exact score, relative to
# |q|^2 + |s|^2 + d^2 (math.dist is accurate to a few ulps; this is ~4500 ulps).
_ESTIMATE_SLACK = 1e-12


def higher_is_closer(distance: str) -> bool:
    return distance == "DOT_PRODUCT"


def as_f32(x: float) -> float:
    """A score as DynamoDB reports it: the nearest float32, saturated."""
    try:
        return _F32.unpack(_F32.pack(x))[0]
    except OverflowError:
        return _F32_MAX if x > 0 else -_F32_MAX


def norm(vector) -> float:
    return math.sqrt(_sumprod(vector, vector))


def estimates(distance: str, query, vectors: list, norms: list[float]) -> tuple[list[float], float]:
    """(a ranking key per stored vector, lower = closer; the widest error of
    any key): fast estimates of the scores, within that error of the exact ones.

    One C call a vector (math.dist): the dot product follows from the distance
    and the norms, |q|^2 + |s|^2 - |q - s|^2 = 2 q.s. A search ranks every
    entry by its estimate, then scores exactly only those the error cannot
    rule out of the TopK (see operations/vectors.py)."""
    dist = math.dist
    distances = [dist(query, v) for v in vectors]
    if distance == "EUCLIDEAN":
        return distances, 0.0
    qq = _sumprod(query, query)
    if distance == "DOT_PRODUCT":
        keys = [-(qq + s * s - d * d) / 2 for d, s in zip(distances, norms)]
        widest = max((qq + s * s + d * d for d, s in zip(distances, norms)), default=0.0)
        return keys, _ESTIMATE_SLACK * widest
    q = math.sqrt(qq)
    if q == 0.0:
        return [1.0] * len(vectors), 0.0
    keys = [1.0 - (qq + s * s - d * d) / (2 * q * s) if s else 1.0 for d, s in zip(distances, norms)]
    widest = max(((qq + s * s + d * d) / (q * s) for d, s in zip(distances, norms) if s), default=0.0)
    return keys, _ESTIMATE_SLACK * widest


def scorer(distance: str, query) -> Callable:
    """fn(stored vector, stored norm) -> the double score before rounding."""
    if distance == "EUCLIDEAN":
        return lambda stored, _norm: math.dist(query, stored)
    if distance == "DOT_PRODUCT":
        return lambda stored, _norm: _sumprod(query, stored)
    query_norm = norm(query)

    def cosine(stored, stored_norm: float) -> float:
        if query_norm == 0.0 or stored_norm == 0.0:
            return 1.0
        c = 1.0 - _sumprod(query, stored) / (query_norm * stored_norm)
        if c < 1e-6 and list(stored) == list(query):
            return 0.0  # a vector is at distance 0 from itself, whatever the rounding
        return min(2.0, max(0.0, c))
    return cosine
