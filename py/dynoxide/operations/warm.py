"""Warm throughput: the read and write units per second a table or a global
index can serve at once, reported in DescribeTable for every table and GSI.

Every new table and GSI starts at DynamoDB's defaults (limits.WARM_THROUGHPUT_DEFAULT,
in either billing mode). A request may raise it, never lower it; provisioning
more capacity than it covers raises it too. So the stored value is a ratchet:
the highest of the defaults, what was asked for and what was provisioned.
"""
from __future__ import annotations

from ..errors import invalid_parameter
from ..limits import WARM_THROUGHPUT_DEFAULT
from ..validation import messages as m

_MEMBERS = (("ReadUnitsPerSecond", "ReadCapacityUnits"), ("WriteUnitsPerSecond", "WriteCapacityUnits"))


def ratchet(current: dict | None, requested: dict | None, throughput: dict | None) -> dict:
    """The warm throughput after a create or an update: never below any of its sources."""
    out = {}
    for member, capacity in _MEMBERS:
        out[member] = max(WARM_THROUGHPUT_DEFAULT[member], (current or {}).get(member, 0),
                          (requested or {}).get(member) or 0, (throughput or {}).get(capacity, 0))
    return out


def check_not_lower(current: dict | None, requested: dict | None, owner: str) -> None:
    """An UpdateTable may not ask for less than what a table or index has now.
    `owner` is "table" or "index <name>"."""
    have = ratchet(current, None, None)
    for member, _ in _MEMBERS:
        asked = (requested or {}).get(member)
        if asked is not None and asked < have[member]:
            raise invalid_parameter(m.WARM_THROUGHPUT_DECREASE.format(member, owner))


def description(current: dict | None, status: str) -> dict:
    return {**ratchet(current, None, None), "Status": status}
