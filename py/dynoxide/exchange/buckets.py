"""S3 buckets as directories: where ExportTableToPointInTime writes and ImportTable reads.

`dynoxide serve --s3-root DIR` gives the engine an `S3Root(DIR)`:
`s3://bucket/prefix` is `DIR/bucket/prefix`, a bucket is a directory that
must exist (as an S3 bucket must), and a key is a path below it. A host with
no such directory gets a `NoBuckets`, which refuses the six operations with
the host's own error: natively a ValidationException saying how to turn
them on, in the browser a typed "not available in this host" error (the
browser's way out is EngineClient's exportTable/importTable).

Keys are checked before they become paths: a key with an empty, "." or ".."
segment, or a backslash, would name a file outside its bucket (or one S3
could not hold), so it is refused rather than resolved.
"""
from __future__ import annotations

import os

from .. import errors
from ..errors import DynamoError
from ..operations import transfer_messages as tm

# The browser host's own error type (js/contract.js WasmError.NotAvailableInHost).
NOT_AVAILABLE_IN_HOST = "com.dynoxide.wasm#NotAvailableInHost"


class HostError(DynamoError):
    """An operation this host cannot perform, typed by the host (not DynamoDB)."""

    def __init__(self, type_: str, message: str):
        super().__init__(type_.rsplit("#", 1)[-1], message)
        self._type = type_

    @property
    def type(self) -> str:
        return self._type


class NoBuckets:
    """A host without an S3 directory: every use is refused with `error(op)`."""

    def __init__(self, error):
        self._error = error

    def require(self, op: str) -> "S3Root":
        raise self._error(op)


def _not_configured(op: str) -> DynamoError:
    return errors.validation(tm.S3_ROOT_NOT_SET.format(op))


def _not_in_browser(op: str) -> DynamoError:
    return HostError(NOT_AVAILABLE_IN_HOST, tm.NOT_IN_BROWSER.format(op))


NOT_CONFIGURED = NoBuckets(_not_configured)
NOT_IN_BROWSER = NoBuckets(_not_in_browser)


class S3Root:
    """Buckets as the directories under `root`."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)

    def require(self, op: str) -> "S3Root":
        return self

    def bucket(self, name: str) -> str | None:
        """The bucket's directory, or None when there is no such bucket."""
        path = os.path.join(self.root, name)
        return path if _safe_segment(name) and os.path.isdir(path) else None

    def path(self, bucket: str, key: str) -> str:
        """The file of `key` in `bucket` (an existing bucket)."""
        return os.path.join(self.root, bucket, *key.split("/"))

    def keys(self, bucket: str, prefix: str) -> list[str]:
        """Every object key in `bucket` starting with `prefix`, sorted, as S3 lists them
        (a prefix is a string prefix, not a directory: "data/a" matches "data/ab.json")."""
        base = self.root + os.sep + bucket
        # Walk only below the prefix's last whole directory.
        head = prefix.rsplit("/", 1)[0] if "/" in prefix else ""
        start = os.path.join(base, *head.split("/")) if head else base
        found = []
        for directory, subdirs, names in os.walk(start):
            subdirs.sort()
            for name in names:
                key = os.path.relpath(os.path.join(directory, name), base).replace(os.sep, "/")
                if key.startswith(prefix):
                    found.append(key)
        return sorted(found)


def _safe_segment(segment: str) -> bool:
    return segment not in ("", ".", "..") and "/" not in segment and "\\" not in segment


def safe_key(key: str) -> bool:
    """Whether `key` names a file inside its bucket (see the module's docstring)."""
    return all(_safe_segment(part) for part in key.split("/"))


def as_buckets(s3_root):
    """What Database hands the engine: an S3Root for a directory, NOT_CONFIGURED
    for none, or a host's own NoBuckets as given."""
    if s3_root is None:
        return NOT_CONFIGURED
    if isinstance(s3_root, (S3Root, NoBuckets)):
        return s3_root
    return S3Root(os.fspath(s3_root))
