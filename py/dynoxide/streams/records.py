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

import json
from random import getrandbits

from ..values.size import item_size

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

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
          now: float, by_ttl: bool = False, old_text: str | None = None, old_size: int | None = None,
          new_text: str | None = None, new_size: int | None = None) -> str | None:
    """The record of one item's change as JSON text (without its SequenceNumber),
    or None for no change. The images' texts and sizes, when the write already
    has them, are used as they are instead of being worked out again."""
    event = event_name(old, new)
    if event is None:
        return None
    source = new if new is not None else old
    keys = {name: source[name] for name in key_names}
    size = item_size(keys)
    parts = [f'{{"eventID":"{_event_id()}","eventName":"{event}","eventVersion":"{EVENT_VERSION}",'
             f'"eventSource":"{EVENT_SOURCE}","awsRegion":{_dumps(region)},'
             f'"dynamodb":{{"ApproximateCreationDateTime":{int(now)},"Keys":{_dumps(keys)}']
    if new is not None and view_type in _NEW:
        parts.append(',"NewImage":' + (new_text if new_text is not None else _dumps(new)))
        size += new_size if new_size is not None else item_size(new)
    if old is not None and view_type in _OLD and event != "INSERT":
        parts.append(',"OldImage":' + (old_text if old_text is not None else _dumps(old)))
        size += old_size if old_size is not None else item_size(old)
    parts.append(f',"SizeBytes":{max(size, 1)},"StreamViewType":"{view_type}"}}')
    if by_ttl:
        parts.append(',"userIdentity":' + _dumps(TTL_IDENTITY))
    parts.append("}")
    return "".join(parts)


def _event_id() -> str:
    """32 hex digits, unique per record (not secret: the Mersenne Twister is ample)."""
    return f"{getrandbits(128):032x}"


def read_back(position: int, text: str) -> dict:
    """A logged record as GetRecords answers it: with its SequenceNumber."""
    record = json.loads(text)
    record["dynamodb"]["SequenceNumber"] = sequence_number(position)
    return record


def sequence_number(position: int) -> str:
    """A log position as DynamoDB's SequenceNumber: 21 or more decimal digits, ordered as numbers."""
    return f"{position:021d}"


def position_of(sequence: str) -> int | None:
    return int(sequence) if sequence.isdigit() else None
