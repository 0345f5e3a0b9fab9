"""Embedded databases that one bench compares within one run (bench/pitr.py,
bench/streams.py): one per variant, in memory or each in a scratch file,
closed and removed afterwards."""
from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


@contextmanager
def databases(variants: dict[str, bool], kind: str, make: Callable) -> Iterator[dict]:
    """`make(flag, path)` for each variant name -> flag; `path` is None for
    kind "memory", a fresh file for kind "file"."""
    with tempfile.TemporaryDirectory() as scratch:
        dbs = {name: make(flag, str(Path(scratch) / f"{name}.sqlite") if kind == "file" else None)
               for name, flag in variants.items()}
        try:
            yield dbs
        finally:
            for db in dbs.values():
                db.close()
