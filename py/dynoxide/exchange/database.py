"""Checking a whole SQLite file before it replaces a database (the browser's importDatabase).

A file passes when SQLite finds it sound and it is a database this engine
wrote: it has the catalog, every schema in it reads, and every SQL table a
schema names is there. Anything else is InvalidDatabase, and the database
in use is left alone.
"""
from __future__ import annotations

import json

from ..schema import TableSchema
from ..storage import sql
from ..storage.connection import Connection
from . import errors as e


def check(conn: Connection) -> list[str]:
    """The names of the tables in a candidate database; InvalidDatabase when it is not one of ours."""
    try:
        verdict = conn.query("PRAGMA quick_check")
        if [tuple(row) for row in verdict] != [("ok",)]:
            raise e.invalid_database(f"SQLite finds the file damaged: {verdict[0][0] if verdict else 'no answer'}")
        tables = {name for (name,) in conn.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if sql.CATALOG not in tables:
            raise e.invalid_database("the file is an SQLite database, but not one dynoxide wrote (it has no catalog)")
        names = []
        for (raw,) in conn.query(sql.SELECT_CATALOG):
            schema = TableSchema.from_json(json.loads(raw))
            missing = [t for t in [schema.sql_table] + [i.sql_table for i in schema.indexes] if t not in tables]
            if missing:
                raise e.invalid_database(f"table {schema.name} is in the catalog, but its data ({missing[0]}) is not")
            names.append(schema.name)
        return sorted(names)
    except e.ExchangeError:
        raise
    except Exception as err:  # noqa: BLE001 - not a database, or not ours: one clear error
        raise e.invalid_database(f"the file is not a database dynoxide can open: {err}") from None
