"""The pytest plugin, loaded by pytest through the `pytest11` entry point
once dynoxide is installed (`-p no:dynoxide` turns it off).

Fixtures:
- `dynoxide_db`: a fresh in-memory `Database` per test.
- `dynamodb`, `dynamodb_resource`, `dynamodb_streams`: a boto3 client, a
  service resource and a DynamoDB Streams client on `dynoxide_db`, in process.
- `dynoxide_mock`: `dynoxide.mock(db=dynoxide_db)` for the test, so every
  boto3/aiobotocore DynamoDB client the code under test makes reaches
  `dynoxide_db`; yields the database.
- `dynamodb_endpoint`: the URL of a `dynoxide serve` on a free port, one per
  session, emptied before each test that uses it. It runs with
  `--shared-regions`, so clients of every region share the tables it empties.
- `dynoxide_seed`: a function `seed(source, table=None)` that seeds the
  test's `dynoxide_db` from a DynamoDB JSON file or an export (see
  `testing.seed` for the formats).

Marker: `@pytest.mark.dynoxide_seed("notes.json", "exports/Orders", ..., table=None)` seeds
`dynoxide_db` (or, for a test using `dynamodb_endpoint`, the server) before
the test; a relative path is relative to the test's file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from ..database import Database
from ..errors import DynamoError
from ..exchange.files import all_table_names
from .seed import seed as _seed
from .server import ServerProcess

MARKER = "dynoxide_seed"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", f"{MARKER}(*sources, table=None): seed the test's dynoxide database (or dynamodb_endpoint) "
                   "from DynamoDB JSON files or DynamoDB export directories")


def _seed_from_markers(request: pytest.FixtureRequest, target: Any) -> None:
    for marker in reversed(list(request.node.iter_markers(MARKER))):  # outermost (module, class) first
        for source in marker.args:
            _seed(target, _resolve(request, source), table=marker.kwargs.get("table"))


def _resolve(request: pytest.FixtureRequest, source: str) -> Path:
    path = Path(source)
    return path if path.is_absolute() else Path(request.path).parent / path


@pytest.fixture
def dynoxide_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh in-memory Database, seeded by the test's dynoxide_seed markers."""
    db = Database.memory()
    _seed_from_markers(request, db)
    yield db
    db.close()


@pytest.fixture
def dynamodb(dynoxide_db: Database) -> Any:
    """A boto3 DynamoDB client answered in process by `dynoxide_db`."""
    from .. import inprocess

    return inprocess.client(dynoxide_db)


@pytest.fixture
def dynamodb_resource(dynoxide_db: Database) -> Any:
    """A boto3 DynamoDB service resource on `dynoxide_db`."""
    from .. import inprocess

    return inprocess.resource(dynoxide_db)


@pytest.fixture
def dynamodb_streams(dynoxide_db: Database) -> Any:
    """A boto3 DynamoDB Streams client on `dynoxide_db`."""
    from .. import inprocess

    return inprocess.streams_client(dynoxide_db)


@pytest.fixture
def dynoxide_mock(dynoxide_db: Database) -> Iterator[Database]:
    """Every DynamoDB client made by the code under test answered by `dynoxide_db`."""
    from .mock import mock

    with mock(db=dynoxide_db):
        yield dynoxide_db


@pytest.fixture
def dynoxide_seed(request: pytest.FixtureRequest, dynoxide_db: Database) -> Callable[..., dict]:
    """`seed(source, table=None)`: seed `dynoxide_db` from a file or export directory."""

    def seed(source: str, *, table: str | dict | None = None) -> dict[str, int]:
        return _seed(dynoxide_db, _resolve(request, source), table=table)
    return seed


@pytest.fixture(scope="session")
def _dynoxide_server() -> Iterator[ServerProcess]:
    server = ServerProcess("--shared-regions")
    yield server
    server.stop()


@pytest.fixture
def dynamodb_endpoint(request: pytest.FixtureRequest, _dynoxide_server: ServerProcess) -> str:
    """The URL of the session's `dynoxide serve`, with no tables (then the
    test's dynoxide_seed markers applied). Clients need some credentials and
    a region, as against any endpoint; none are checked."""
    from ..remote import RemoteDatabase

    remote = RemoteDatabase(_dynoxide_server.endpoint)
    try:
        _delete_all_tables(remote)
        _seed_from_markers(request, remote)
    finally:
        remote.close()
    return _dynoxide_server.endpoint


def _delete_all_tables(db: Any) -> None:
    for name in all_table_names(db):
        try:
            db.execute("DeleteTable", {"TableName": name})
        except DynamoError as error:
            if error.name != "ValidationException":
                raise
            # Deletion protection: a test's table is ours to remove all the same.
            db.execute("UpdateTable", {"TableName": name, "DeletionProtectionEnabled": False})
            db.execute("DeleteTable", {"TableName": name})
