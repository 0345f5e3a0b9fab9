"""What the wire reads of a request's SigV4 signature: the region it is signed for.

Signatures are never verified; the credential scope only says where the
request is going (`Credential=AKID/20261205/eu-west-1/dynamodb/aws4_request`),
which is the region whose tables it reaches. The access key is never read:
keys never split data. A request without a readable scope goes to the
database's own region.
"""
from __future__ import annotations

import re

# A region as it may become part of a file name (storage of that region's
# tables): AWS's ids, and the "local"-style names DynamoDB Local users sign with.
REGION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_REGION_LENGTH = 50
_SCOPE = re.compile(r"Credential=[^/,\s]*/[^/,\s]*/([^/,\s]*)/")


def is_region_name(name) -> bool:
    """Whether `name` may name a region here (and so a file beside a database's)."""
    return type(name) is str and len(name) <= MAX_REGION_LENGTH and REGION.fullmatch(name) is not None


def signed_region(authorization: str | None) -> str | None:
    """The region of an `Authorization: AWS4-HMAC-SHA256 Credential=...` header,
    or None when it names none that could be one."""
    if not authorization:
        return None
    found = _SCOPE.search(authorization)
    if found is None:
        return None
    region = found.group(1)
    return region if is_region_name(region) else None
