"""Every sentence DynamoDB's PartiQL front end answers with, in one place."""
from __future__ import annotations

from .. import errors
from ..errors import DynamoError
from .tokens import EOF, Token

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed"


class PartiqlError(DynamoError):
    """A ValidationException raised while reading a statement."""

    def __init__(self, message: str):
        super().__init__("ValidationException", message)


def syntax_error(detail: str) -> PartiqlError:
    return PartiqlError(f"{NOT_WELL_FORMED}: {detail}")


def unexpected(token: Token) -> PartiqlError:
    if token.kind == EOF:
        return syntax_error("Unexpected end of statement")
    if token.kind == "UNTERMINATED":
        return syntax_error("Invalid or unterminated quoted text")
    if token.kind == "UNKNOWN":
        return syntax_error(f"Unexpected character: {token.raw}")
    what = "keyword" if token.kind == "KEYWORD" else "term"
    return syntax_error(f"Unexpected {what}")


def validation(message: str) -> DynamoError:
    return errors.validation(message)


PARAMETER_COUNT = "Number of parameters in request and statement don't match."
DUPLICATE_ITEM = "Duplicate primary key exists in table"
WHERE_NEEDS_FULL_KEY = "Where clause does not contain a mandatory equality on all key attributes"
READ_NEEDS_FULL_KEY = "Where clause does not contain a mandatory equality on all key attributes"
INSERT_NEEDS_MAP = "Unsupported operation: Inserting a value that is not a map"
DELETE_RETURNING = "Unsupported operation: DELETE only supports RETURNING ALL OLD *"
ORDER_BY_NEEDS_KEY = "Must have WHERE clause in the statement when using ORDER BY clause."
ORDER_BY_KEYS_ONLY = "Variable reference in ORDER BY clause must be the sort key of the table or index"
CONSISTENT_READ_ON_GSI = "Consistent reads are not supported on global secondary indexes"
INVALID_NEXT_TOKEN = "Invalid NextToken"
EXISTS_OUTSIDE_TRANSACTION = "Unsupported operation: EXISTS is only supported in ExecuteTransaction"
RETURNING_IN_BATCH = "Unsupported operation: RETURNING is not supported in BatchExecuteStatement"
RETURNING_IN_TRANSACTION = "Unsupported operation: RETURNING is not supported in ExecuteTransaction"
BATCH_MIXES_READS_AND_WRITES = "Batch must consist of either all read statements or all write statements"
TRANSACTION_MIXES_READS_AND_WRITES = "Transaction must contain either all read statements or all write statements"


def no_such_index(table: str, index: str) -> str:
    return f"The table does not have the specified index: {index}"


# BatchExecuteStatement reports each failed statement by a short code.
_BATCH_CODES = {
    "ConditionalCheckFailedException": "ConditionalCheckFailed",
    "DuplicateItemException": "DuplicateItem",
    "ResourceNotFoundException": "ResourceNotFound",
    "ValidationException": "ValidationError",
    "ProvisionedThroughputExceededException": "ProvisionedThroughputExceeded",
    "TransactionConflictException": "TransactionConflict",
    "ItemCollectionSizeLimitExceededException": "ItemCollectionSizeLimitExceeded",
    "RequestLimitExceeded": "RequestLimitExceeded",
    "InternalServerError": "InternalServerError",
}


def batch_error_code(name: str) -> str:
    return _BATCH_CODES.get(name, name)
