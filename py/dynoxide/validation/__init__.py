"""Request validation: DynamoDB's checks, in DynamoDB's order, with its messages.

Before it, `table_arns` replaces each table ARN the request names by the
table's name (or refuses the ARN as DynamoDB does), so what follows, and
every operation, sees names. One generic mechanism then reads per-operation
data (`specs.OPERATIONS`):

1. JSON types (`serialization`): a wrong type fails alone with a
   SerializationException. JSON nulls are dropped, lenient booleans and
   fractional integers normalised, in place.
2. The resource the request names (the table name, a batch's tables, a
   tag operation's ARN), reported alone before anything else.
3. Declarative constraints (`constraints`): not-null, lengths, ranges,
   patterns, enums; every violation of the request reported together
   ("N validation errors detected: ...", at most ten).
4. Table-independent rules (`checks`, `table_rules`), first failure wins:
   expression versus legacy parameters, AttributeValue content (delegated
   to `dynoxide.values`), item size, Select, segments, batch sizes,
   CreateTable's schema rules...

What needs a table (key schema, indexes) or an expression parse comes
later, in the operation and expression layers.
"""
from __future__ import annotations

# The entry point is loaded on first use, not with the package: the values
# layer reads DynamoDB's wording from `validation.messages`, and importing that
# leaf must not pull in the checks, which import the values layer.
_EXPORTS = {"validate_request": "request", "Checked": "request", "OPERATIONS": "specs", "Operation": "specs"}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = sorted(_EXPORTS)
