"""`validate_request`: the one entry to the validation layer (see the package docstring).

    >>> validate_request("Scan", {"TableName": "t", "Limit": 0})
    Traceback (most recent call last):
    ...
    dynoxide.errors.DynamoError: 1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1
"""
from __future__ import annotations

from contextlib import nullcontext

from ..errors import DynamoError
from . import messages as m
from .checks import ITEM_SIZES
from .constraints import check_constraints
from .serialization import check_struct
from .specs import OPERATIONS, Operation


class Checked:
    """What validation worked out that an operation reuses: the size of each
    item to write, by where it sits in the request: `("Item",)` for PutItem,
    `(table, position)` for a BatchWriteItem put."""

    __slots__ = ("item_sizes",)

    def __init__(self, item_sizes: dict | None = None):
        self.item_sizes = item_sizes or {}

    def item_size(self, *where) -> int | None:
        return self.item_sizes.get(where)


def validate_request(op: str, request: dict) -> Checked:
    """Validate `request` for operation `op`; raise `DynamoError` on the first failure.

    Normalises `request` in place as DynamoDB's reader does (see above),
    and replaces every AttributeValue it checks by its canonical form
    (numbers as DynamoDB returns them), so operations use them as they are.
    Operations without a spec pass unchecked.

    Returns what the checks worked out that the operation may reuse (`Checked`).
    """
    scratch: dict = {}  # what one check works out for a later one (canonical items, sizes)
    spec = OPERATIONS.get(op)
    if spec is None:
        return _NOTHING
    if spec.reader is not None:
        spec.reader(request)
    check_struct(request, spec.shape)
    for check in spec.first:
        check(request, scratch)
    check_constraints(request, spec.shape, first_only=spec.first_violation_only)
    with request_level(op):
        for check in spec.rules:
            check(request, scratch)
    return Checked(scratch.get(ITEM_SIZES))


class _Enveloped:
    """Puts a ValidationException raised inside into DynamoDB's envelope.
    A class, not a generator context manager: it is entered on every write."""
    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, trace) -> bool:
        if isinstance(error, DynamoError) and error.name == "ValidationException":
            raise DynamoError(error.name, m.enveloped(error.message), error.status, error.extra,
                              whole_request=error.whole_request) from None
        return False


_ENVELOPED = _Enveloped()
_BARE = nullcontext()


def request_level(op: str):
    """Checks of `op`'s request made before its table is looked up (its rules,
    its expressions): a ValidationException raised inside comes out in the
    envelope when the operation has one (`Operation.enveloped`)."""
    spec = OPERATIONS.get(op)
    return _ENVELOPED if spec is not None and spec.enveloped else _BARE


_NOTHING = Checked()
