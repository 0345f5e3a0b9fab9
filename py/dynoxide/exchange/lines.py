"""One item per line: DynamoDB JSON lines, `{"Item": {...}}`."""
from __future__ import annotations

import json

from . import errors as e

_loads = json.loads


def item_line(text: str) -> str:
    """The line of a stored item (its DynamoDB JSON text, as storage keeps it)."""
    return '{"Item":' + text + "}\n"


def read_item(line: str, where: str) -> dict:
    """The item on a line, or CorruptData naming `where` when the line is not one."""
    try:
        doc = _loads(line)
    except ValueError as err:
        raise e.corrupt(where, e.NOT_JSON.format(err)) from None
    except RecursionError:
        raise e.corrupt(where, e.NOT_JSON.format("nested too deep")) from None
    if type(doc) is not dict or len(doc) != 1 or type(doc.get("Item")) is not dict:
        raise e.corrupt(where, e.NOT_AN_ITEM)
    return doc["Item"]
