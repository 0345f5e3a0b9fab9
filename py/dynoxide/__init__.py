"""dynoxide: a faithful DynamoDB emulator over SQLite.

    >>> from dynoxide import Database
    >>> db = Database.memory()
    >>> db.execute("ListTables", {})
    {'TableNames': []}
"""
from .database import Database
from .errors import DynamoError

__version__ = "0.1.0"
__all__ = ["Database", "DynamoError", "__version__"]
