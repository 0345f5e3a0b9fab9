"""Shard iterators: where a reader is in a shard, as an opaque token that expires.

A token reads like DynamoDB's (`<StreamArn>|1|<base64>`); the base64 part
holds the shard, the last log position already read and when the iterator
was issued. An iterator is good for 15 minutes after it is issued, as in
DynamoDB; GetRecords hands back a fresh one each call.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass

ITERATOR_LIFETIME_SECONDS = 15 * 60

_dumps = json.JSONEncoder(separators=(",", ":")).encode


@dataclass(frozen=True)
class Iterator:
    stream_arn: str
    shard_id: str
    after: int        # the log position just before the next record to read
    issued: float

    def expired(self, now: float) -> bool:
        return now - self.issued > ITERATOR_LIFETIME_SECONDS


def encode(iterator: Iterator) -> str:
    payload = _dumps([iterator.shard_id, iterator.after, iterator.issued]).encode()
    return f"{iterator.stream_arn}|1|{base64.b64encode(payload).decode('ascii')}"


def decode(token: str) -> Iterator | None:
    """The iterator a token stands for, or None when it is not one of ours."""
    arn, sep, rest = token.rpartition("|1|")
    if not sep or not arn:
        return None
    try:
        shard_id, after, issued = json.loads(base64.b64decode(rest, validate=True))
    except (ValueError, TypeError):
        return None
    if not isinstance(shard_id, str) or type(after) is not int or not isinstance(issued, (int, float)):
        return None
    return Iterator(arn, shard_id, after, float(issued))
