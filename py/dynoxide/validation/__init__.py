"""Request validation: DynamoDB's checks, in DynamoDB's order, with its messages.

    >>> validate_request("Scan", {"TableName": "t", "Limit": 0})
    Traceback (most recent call last):
    ...
    dynoxide.errors.DynamoError: 1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1

One generic mechanism reads per-operation data (`specs.OPERATIONS`):

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

from ..errors import DynamoError
from .checks import ITEM_SIZES
from .constraints import check_constraints
from .serialization import check_struct
from .specs import OPERATIONS, Operation


def validate_request(op: str, request: dict) -> dict:
    """Validate `request` for operation `op`; raise `DynamoError` on the first failure.

    Normalises `request` in place as DynamoDB's reader does (see above),
    and replaces every AttributeValue it checks by its canonical form
    (numbers as DynamoDB returns them), so operations use them as they are.
    Operations without a spec pass unchecked.

    Returns what the checks worked out that the operation may reuse: under
    `ITEM_SIZES`, the size of each item to write (see `checks.check_item_size`).
    """
    scratch: dict = {}  # what one check works out for a later one (canonical items, sizes)
    spec = OPERATIONS.get(op)
    if spec is None:
        return scratch
    check_struct(request, spec.shape)
    for check in spec.first:
        check(request, scratch)
    check_constraints(request, spec.shape)
    for check in spec.rules:
        check(request, scratch)
    return scratch


__all__ = ["validate_request", "ITEM_SIZES", "OPERATIONS", "Operation", "DynamoError"]
