"""32-bit FNV-1a, the parallel-scan partitioner shared with the browser bridge.

Registered as the SQL scalar `fnv1a_hash(text)` by every storage backend, so
`fnv1a_hash(pk) % TotalSegments` assigns an item to the same segment on both
hosts. Test vectors shared with the JS side: py/tests/vectors/fnv1a.json.
"""

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv1a_32(data: bytes) -> int:
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFF
    return h


def fnv1a_hash(value) -> int | None:
    """SQL scalar: text is hashed as UTF-8, blobs as their bytes, NULL stays NULL."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.encode("utf-8", "surrogatepass")
    elif not isinstance(value, (bytes, bytearray, memoryview)):
        value = str(value).encode("utf-8")
    return fnv1a_32(bytes(value))
