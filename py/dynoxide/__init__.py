"""dynoxide: a faithful DynamoDB emulator over SQLite.

    >>> from dynoxide import Database
    >>> db = Database.memory()
    >>> db.execute("ListTables", {})
    {'TableNames': []}
"""
from .database import Database
from .errors import DynamoError

__version__ = "0.1.0"
__all__ = ["Database", "DynamoError", "mock", "__version__"]


def __getattr__(name: str):
    # `dynoxide.mock` loads botocore's hooks, so it is imported on first use
    # only (and the browser, which has no botocore, never imports it).
    if name == "mock":
        from .testing.mock import mock

        return mock
    raise AttributeError(f"module 'dynoxide' has no attribute {name!r}")
