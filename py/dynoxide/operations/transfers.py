"""What the export and import APIs share: their records' paging and client tokens.

NextToken: ListImports' token must be 112 or more hex digits in groups of 16
(botocore's model), so both lists use that form: the last ARN of the page,
as UTF-8 in hex, padded with zeros. A page after a record deleted since still
starts at the right place, because records are never deleted.
"""
from __future__ import annotations

from .. import errors
from ..errors import DynamoError
from ..storage.transfers import Transfer
from . import transfer_messages as tm

_TOKEN_MIN_DIGITS = 112
_TOKEN_GROUP = 16


def next_token(arn: str) -> str:
    digits = arn.encode("utf-8").hex()
    width = max(_TOKEN_MIN_DIGITS, -(-len(digits) // _TOKEN_GROUP) * _TOKEN_GROUP)
    return digits.ljust(width, "0")


def _arn_of(token: str) -> str:
    try:
        return bytes.fromhex(token).rstrip(b"\0").decode("utf-8")
    except ValueError:
        raise errors.validation(tm.INVALID_NEXT_TOKEN.format(token)) from None


def page(records: list[Transfer], token: str | None, size: int) -> tuple[list[Transfer], str | None]:
    """One page of `records` (oldest first) after `token`, and the next page's token."""
    if token is not None:
        after = _arn_of(token)
        arns = [r.arn for r in records]
        if after not in arns:
            raise errors.validation(tm.INVALID_NEXT_TOKEN.format(token))
        records = records[arns.index(after) + 1:]
    shown = records[:size]
    return shown, next_token(shown[-1].arn) if len(records) > size else None


def replay(found: Transfer | None, request: dict, conflict: str, message: str) -> Transfer | None:
    """The earlier transfer a retry with the same ClientToken stands for, or
    None for a new one; the same token with another request is `conflict`."""
    if found is None:
        return None
    if found.request != without_token(request):
        raise DynamoError(conflict, message.format(request.get("ClientToken")))
    return found


def without_token(request: dict) -> dict:
    return {k: v for k, v in request.items() if k != "ClientToken"}
