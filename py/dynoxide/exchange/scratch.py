"""Scratch tables: where an import stages its rows and an export its snapshot.

They live in the same database as the tables (so exposing an import is a
rename or an INSERT ... SELECT inside one transaction), under names the
catalog never hands out (storage/sql.py SCRATCH). A process that died
mid-import leaves its scratch tables behind; the next export or import
drops those more than a day old (a younger one may be another process's,
still running).
"""
from __future__ import annotations

import secrets

from ..storage import sql

STALE_AFTER_S = 24 * 60 * 60


def new_name(kind: str, now: float) -> str:
    return f"{sql.SCRATCH}{kind}_{int(now)}_{secrets.token_hex(4)}"


def _created(name: str) -> int | None:
    try:
        return int(name[len(sql.SCRATCH):].split("_")[1])
    except (IndexError, ValueError):
        return None


def drop_stale(engine, now: float) -> None:
    rows = engine.conn.query(sql.SELECT_SCRATCH, (len(sql.SCRATCH), sql.SCRATCH))
    stale = [name for (name,) in rows if (_created(name) or 0) < now - STALE_AFTER_S]
    if stale:
        engine.conn.write([(sql.drop_if_exists(name), ()) for name in stale])


def drop(engine, names: list[str]) -> None:
    """Drop scratch tables; a failure here (the database closed) leaves them to drop_stale."""
    try:
        engine.conn.write([(sql.drop_if_exists(name), ()) for name in names])
    except Exception:  # noqa: BLE001 - cleanup after another failure must not hide it
        pass
