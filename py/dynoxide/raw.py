"""Stored JSON text passed through to a response without being parsed.

An item is kept as DynamoDB-JSON text. When a response returns it unchanged
(no projection, no filter), a transport that writes JSON can splice the text
in as it is: `Database.execute(..., raw=True)` returns such items as
`RawJSON`, and the wire layer's encoder splices them.
"""


class RawJSON:
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"RawJSON({self.text!r})"
