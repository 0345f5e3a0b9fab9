"""Stored JSON text passed through to a response without being parsed.

An item is kept as DynamoDB-JSON text. When a response returns it unchanged
(no projection, no filter), the operation puts it in the response as
`RawJSON` text, in one of the places `parsed` knows. A transport that writes
JSON splices the text in as it is (`Database.execute(..., raw=True)`, the
wire layer's encoder); any other caller gets `parsed(response)`.
"""
import json


class RawJSON:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"RawJSON({self.text!r})"


def parsed(response: dict) -> dict:
    """`response` with its RawJSON items parsed into dicts, in place.

    Operations put RawJSON only where an item goes: `Item` (GetItem), `Items`
    (Query, Scan) and the lists of BatchGetItem's `Responses`."""
    item = response.get("Item")
    if type(item) is RawJSON:
        response["Item"] = json.loads(item.text)
    items = response.get("Items")
    if items and type(items[0]) is RawJSON:
        response["Items"] = [json.loads(i.text) if type(i) is RawJSON else i for i in items]
    tables = response.get("Responses")
    if type(tables) is dict:
        for name, found in tables.items():
            if found and any(type(i) is RawJSON for i in found):
                tables[name] = [json.loads(i.text) if type(i) is RawJSON else i for i in found]
    return response
