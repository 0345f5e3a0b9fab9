"""fnv1a_hash: the parallel-scan partitioner, identical on both hosts."""
import json
from pathlib import Path

import pytest

from dynoxide.hashing import fnv1a_hash
from dynoxide.storage.sqlite import SqliteConnection

VECTORS = json.loads((Path(__file__).parent / "vectors" / "fnv1a.json").read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: repr(v["input"])[:20])
def test_python_function_matches_shared_vectors(vector):
    assert fnv1a_hash(vector["input"]) == vector["fnv1a"]


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: repr(v["input"])[:20])
def test_sql_scalar_matches_shared_vectors(vector):
    conn = SqliteConnection(":memory:")
    assert conn.query("SELECT fnv1a_hash(?)", (vector["input"],)) == [(vector["fnv1a"],)]


def test_null_hashes_to_null_and_blobs_hash_their_bytes():
    conn = SqliteConnection(":memory:")
    assert conn.query("SELECT fnv1a_hash(NULL)") == [(None,)]
    assert conn.query("SELECT fnv1a_hash(?)", (b"foobar",)) == [(fnv1a_hash("foobar"),)]
