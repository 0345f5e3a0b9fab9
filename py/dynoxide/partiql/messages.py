"""Every sentence DynamoDB's PartiQL front end answers with, in one place."""
from __future__ import annotations

from ..errors import DynamoError
from .tokens import OPERATOR_KEYWORDS, Token

NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed"


class PartiqlError(DynamoError):
    """A ValidationException raised while reading a statement."""

    def __init__(self, message: str):
        super().__init__("ValidationException", message)


def syntax_error(detail: str) -> PartiqlError:
    return PartiqlError(f"{NOT_WELL_FORMED}: {detail}")


# The details DynamoDB's parser reports (after NOT_WELL_FORMED).
UNEXPECTED_TERM = "Unexpected term"
UNEXPECTED_KEYWORD = "Unexpected keyword"
UNEXPECTED_OPERATOR = "Unexpected operator"
LEFTOVER = "Unexpected token after expression"
MISSING_RIGHT_HAND_SIDE = "Missing right-hand side expression of infix operator"
EXPECTED_TYPE_NAME = "Expected type name"
EXPECTED_IDENTIFIER = "Expected identifier for simple path"
INVALID_DOT = "Invalid path dot component"
UNREADABLE = ""  # a character or literal the lexer cannot read: DynamoDB gives no detail
ALIASING = "Aliasing is not supported"


def unexpected(token: Token) -> PartiqlError:
    """A term (an operand, a name, a value) was due and `token` came instead."""
    if token.kind in ("UNKNOWN", "UNTERMINATED"):
        return syntax_error(UNREADABLE)
    if token.kind == "KEYWORD":
        return syntax_error(UNEXPECTED_OPERATOR if token.text in OPERATOR_KEYWORDS else UNEXPECTED_KEYWORD)
    return syntax_error(UNEXPECTED_TERM)


def leftover(token: Token) -> PartiqlError:
    """A complete statement followed by `token`."""
    if token.kind in ("UNKNOWN", "UNTERMINATED"):
        return syntax_error(UNREADABLE)
    return syntax_error(LEFTOVER)


def at(token: Token, length: int | None = None) -> str:
    """DynamoDB's position suffix: ` at line:column:length`."""
    return f" at {token.line}:{token.column}:{len(token.raw) if length is None else length}"


PARAMETER_COUNT = "Number of parameters in request and statement don't match."
DUPLICATE_ITEM = "Duplicate primary key exists in table"
STAR_AND_OTHERS = "Other attributes should not be present in the projection when '*' is used."
UNEXPECTED_PATH_COMPONENT = "Unexpected path component"
EMPTY_PATH_COMPONENT = "Path component cannot be an empty string"
EMPTY_BAG = "Empty bags are not supported"
SINGLE_TABLE_IN_WRITES = "FROM clause may only contain a single table name in data manipulation statements"
INSERT_MANY = ('Unsupported operation: Inserting multiple items in a single statement is not supported, '
               'use "INSERT INTO tableName VALUE item" instead')
INSERT_NEEDS_MAP = ("Unsupported format in item expression. Please use struct format {...} to express item values "
                    "for insert statement.")
INSERT_RETURNING = "RETURNING is not supported in INSERT"
RETURNING_STAR = "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause"
WHERE_NEEDS_FULL_KEY = "Where clause does not contain a mandatory equality on all key attributes"
NOT_ON_AN_INDEX = "This operation is not supported on an index"
ORDER_BY_NEEDS_WHERE = "Must have WHERE clause in the statement when using ORDER BY clause."
ORDER_BY_NEEDS_HASH = "Must have at least one non-optional hash key condition in WHERE clause when using ORDER BY clause."
CONSISTENT_READ_ON_GSI = "Strongly consistent read is not supported on Global Secondary Indexes"
NO_SUCH_INDEX = "The table does not have the specified index"
# Said of a read of a GSI with a multi-attribute key; the table's other reads run.
MULTI_ATTRIBUTE_KEY = ("PartiQL statements cannot be executed on tables with multi-attribute HASH keys "
                       "or multi-attribute RANGE keys.")
INVALID_NEXT_TOKEN = "Invalid NextToken"
NEXT_TOKEN_MISMATCH = "NextToken does not match request"
EXISTS_OUTSIDE_TRANSACTION = "EXISTS can only be used in ExecuteTransaction write requests."
EXISTS_NEEDS_CONDITION = "EXISTS() must contain a single item read with additional condition"
BATCH_SELECT_NEEDS_KEY = "Select statements within BatchExecuteStatement must specify the primary key in the where clause."
TRANSACTION_SELECT_NEEDS_KEY = ("Select statements within ExecuteTransaction must specify the primary key in the "
                                "where clause.")
TRANSACTION_INDEX_READ = "Reads on indices are not supported within transactions."
RETURNING_IN_BATCH = "RETURNING clause is not supported in BatchExecuteStatement."
RETURNING_IN_TRANSACTION = "RETURNING clause is not supported in ExecuteTransaction."
BATCH_MIXES_READS_AND_WRITES = "Read and write requests together in the same batch is not supported."
BATCH_DUPLICATE_KEYS = "Provided list of item keys contains duplicates"
TRANSACTION_MIXES_READS_AND_WRITES = ("ExecuteTransaction API does not support both read and write operations in the "
                                      "same request.")
OVERLAPPING_RANGE_CONDITIONS = "Overlapping conditions with range keys are not supported in where clause"
UNSUPPORTED_IS_TYPE = "Unsupported operation: IsType"
MISSING_NEEDS_IS = "MISSING must be compared using IS operator"
IS_NEEDS_PATH = "The left hand side argument to IS must be a Variable Reference, Literal, or Path"
WHERE_NOT_BOOLEAN = "WHERE clause must contain an expression that resolves to a boolean"


def gsi_does_not_project(index: str, names: list[str]) -> str:
    return f"Global secondary index {index} does not project [{', '.join(names)}]"


def order_by_not_key(path) -> str:
    return f"Variable reference {'.'.join(str(e) for e in path.elements)} in ORDER BY clause must be part of the primary key"


def in_transaction_statement(position: int, message: str) -> str:
    return f"Validation failed in TransactStatements[{position}]: {message}"


def delete_returning(written: str) -> str:
    return (f"Invalid returning clause: RETURNING {written} *. Only RETURNING ALL OLD * is allowed in DELETE "
            "statements.")


def unrecognized_function(name: str, token) -> str:
    return f"Unrecognized function: {name}{at(token)}"


def operand_type(operator: str, type_tag: str) -> str:
    return f"Incorrect operand type for operator or function; operator or function: {operator}, operand type: {type_tag}"


def needs_document_path(function: str) -> str:
    return f"Operator or function requires a document path; operator or function: {function}"


def operand_count(function: str, count: int) -> str:
    return (f"Incorrect number of operands for operator or function; operator or function: {function}, "
            f"number of operands: {count}")


def set_function_first_argument(function: str, token) -> str:
    return f"The first argument to {function.upper()} must equal the assignment value{at(token)}"


def set_function_second_argument(function: str, first_argument_token, length: int) -> str:
    return f"The second argument to {function.upper()} must be a value with type SET{at(first_argument_token, length)}"


def set_function_arity(function: str, token) -> str:
    return f"{function.upper()} must have exactly two arguments{at(token)}"


def unsupported_value(function: str, token) -> str:
    return f"Unsupported data type: {function} under key root{at(token)}"


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
