"""What a stream record holds: DynamoDB's Record shape, per view type.

    view                INSERT           MODIFY                 REMOVE
    KEYS_ONLY           Keys             Keys                   Keys
    NEW_IMAGE           Keys, NewImage   Keys, NewImage         Keys
    OLD_IMAGE           Keys             Keys, OldImage         Keys, OldImage
    NEW_AND_OLD_IMAGES  Keys, NewImage   Keys, Old and New      Keys, OldImage

SizeBytes is the DynamoDB item size of the Keys plus each image the record
carries. A write that changes nothing (a PutItem of the same item, an
UpdateItem that leaves it as it was, a DeleteItem of a missing key) has no
record, as DynamoDB documents. The SequenceNumber is the log's, added when
the record is read back.
"""
from __future__ import annotations

import uuid

from ..values.size import item_size

EVENT_VERSION = "1.1"
EVENT_SOURCE = "aws:dynamodb"
# Who deletes an expired item, as a TTL deletion's record names it.
TTL_IDENTITY = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}

_NEW = frozenset({"NEW_IMAGE", "NEW_AND_OLD_IMAGES"})
_OLD = frozenset({"OLD_IMAGE", "NEW_AND_OLD_IMAGES"})


def event_name(old: dict | None, new: dict | None) -> str | None:
    """INSERT, MODIFY or REMOVE; None when the write changes nothing."""
    if new is None:
        return "REMOVE" if old is not None else None
    if old is None:
        return "INSERT"
    return None if old == new else "MODIFY"


def build(view_type: str, key_names: list[str], old: dict | None, new: dict | None, *, region: str,
          now: float, by_ttl: bool = False) -> dict | None:
    """The record of one item's change (without its SequenceNumber), or None for no change."""
    event = event_name(old, new)
    if event is None:
        return None
    source = new if new is not None else old
    keys = {name: source[name] for name in key_names}
    change: dict = {"ApproximateCreationDateTime": int(now), "Keys": keys}
    size = item_size(keys)
    if new is not None and view_type in _NEW:
        change["NewImage"] = new
        size += item_size(new)
    if old is not None and view_type in _OLD and event != "INSERT":
        change["OldImage"] = old
        size += item_size(old)
    change["SizeBytes"] = max(size, 1)
    change["StreamViewType"] = view_type
    record = {"eventID": uuid.uuid4().hex, "eventName": event, "eventVersion": EVENT_VERSION,
              "eventSource": EVENT_SOURCE, "awsRegion": region, "dynamodb": change}
    if by_ttl:
        record["userIdentity"] = dict(TTL_IDENTITY)
    return record


def sequence_number(position: int) -> str:
    """A log position as DynamoDB's SequenceNumber: 21 or more decimal digits, ordered as numbers."""
    return f"{position:021d}"


def position_of(sequence: str) -> int | None:
    return int(sequence) if sequence.isdigit() else None
