"""ExpressionAttributeNames/Values of one request, and which of them were used.

One context is shared by all the expressions of a request (an UpdateItem's
update and condition, a Query's filter, projection and key condition),
because DynamoDB requires every supplied placeholder to be used by at least
one of them. The validation layer has already checked the maps' shapes and
values; here they are only looked up.
"""
from __future__ import annotations

from dynoxide.errors import validation

from .javaorder import hash_set_order


class ExpressionContext:
    """Placeholder lookups for one request, with usage tracking.

    >>> ctx = ExpressionContext({"#a": "a", "#b": "b"}, None)
    >>> ctx.name("#a")
    'a'
    >>> ctx.check_unused()
    Traceback (most recent call last):
    ...
    dynoxide.errors.DynamoError: Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}
    """

    def __init__(self, names: dict | None = None, values: dict | None = None):
        self.names = names if names is not None else {}
        self.values = values if values is not None else {}
        self.used_names: set[str] = set()
        self.used_values: set[str] = set()

    def name(self, placeholder: str) -> str | None:
        """The attribute name for `#placeholder` (None when undefined)."""
        self.used_names.add(placeholder)
        return self.names.get(placeholder)

    def value(self, placeholder: str) -> dict | None:
        """The AttributeValue for `:placeholder` (None when undefined)."""
        self.used_values.add(placeholder)
        return self.values.get(placeholder)

    def peek_value(self, placeholder: str) -> dict | None:
        """Look a value up without counting it as used."""
        return self.values.get(placeholder)

    def check_unused(self) -> None:
        """Raise DynamoDB's error for supplied placeholders no expression used.

        Names are checked before values. The keys are listed in the order
        DynamoDB's Java HashSet yields them.
        """
        for label, supplied, used in (("ExpressionAttributeNames", self.names, self.used_names),
                                      ("ExpressionAttributeValues", self.values, self.used_values)):
            unused = [key for key in supplied if key not in used]
            if unused:
                keys = ", ".join(hash_set_order(unused, len(supplied)))
                raise validation(f"Value provided in {label} unused in expressions: keys: {{{keys}}}")
