"""DynamoDB's expression error messages, each phrased once.

The service builds most expression errors the same way: a fixed sentence,
then ";" and zero or more "key: value" details separated by ",". So
"The expression can not be empty" with no details becomes
"The expression can not be empty;" and a syntax error becomes
'Syntax error; token: "x", near: "a x"'. `detail` does that formatting;
`invalid` adds the "Invalid ConditionExpression: " prefix naming the
expression parameter. Runtime (update application) errors and the key
condition errors are plain sentences.
"""
from __future__ import annotations

from dynoxide.errors import DynamoError, validation

SYNTAX_ERROR = "Syntax error"
REDUNDANT_PARENTHESES = "The expression has redundant parentheses"
RESERVED_KEYWORD = "Attribute name is a reserved keyword"
INVALID_LIST_INDEX = "List index is not within the allowable range"
INVALID_FUNCTION_NAME = "Invalid function name"
NOT_A_CONDITION_FUNCTION = "The function is not allowed in a condition expression"
NOT_AN_UPDATE_FUNCTION = "The function is not allowed in an update expression"
FUNCTION_MISPLACED = "The function is not allowed to be used this way in an expression"
INVALID_TYPE_NAME = "Invalid attribute type name found"
DUPLICATE_SECTION = 'The "{}" section can only be used once in an update expression'
PATH_TOO_DEEP = "The document path has too many nesting levels"
PATHS_CONFLICT = "Two document paths conflict with each other; must remove or rewrite one of these paths"
PATHS_OVERLAP = "Two document paths overlap with each other; must remove or rewrite one of these paths"
NAME_UNDEFINED = "An expression attribute name used in the document path is not defined"
VALUE_UNDEFINED = "An expression attribute value used in expression is not defined"
OPERAND_COUNT = "Incorrect number of operands for operator or function"
OPERAND_TYPE = "Incorrect operand type for operator or function"
PATH_REQUIRED = "Operator or function requires a document path"
OPERANDS_NOT_DISTINCT = "The first operand must be distinct from the remaining operands for this operator or function"
TOO_MANY_OPERATORS = "The expression contains too many operators"
EMPTY_EXPRESSION = "The expression can not be empty"
EXPRESSION_TOO_LONG = "Expression size has exceeded the maximum allowed size"
BETWEEN_BOUNDS_ORDER = "The BETWEEN operator requires upper bound to be greater than or equal to lower bound"
BETWEEN_BOUNDS_TYPES = "The BETWEEN operator requires same data type for lower and upper bounds"
TOO_MANY_IN_OPERANDS = "The IN operator is provided with too many operands"

# Errors while applying an update expression to an item.
PATH_INVALID_FOR_UPDATE = "The document path provided in the update expression is invalid for update"
OPERAND_WRONG_TYPE = "An operand in the update expression has an incorrect data type"
ATTRIBUTE_MISSING = "The provided expression refers to an attribute that does not exist in the item"
NESTING_TOO_DEEP = "Nesting Levels have exceeded supported limits"

# Legacy AttributeUpdates runtime mismatch.
LEGACY_TYPE_MISMATCH = "Type mismatch for attribute to update"


def detail(sentence: str, *pairs) -> str:
    """DynamoDB's "sentence; key: value, key: value" layout.

    >>> detail("Invalid function name", "function", "foo")
    'Invalid function name; function: foo'
    >>> detail("The expression can not be empty")
    'The expression can not be empty;'
    """
    parts = [f" {pairs[i]}: {pairs[i + 1]}" for i in range(0, len(pairs), 2)]
    return sentence + ";" + ",".join(parts)


class ExpressionProblem(Exception):
    """A problem found while reading one expression, before its kind is known.

    Parsing is shared (and cached) across ConditionExpression,
    FilterExpression and KeyConditionExpression, so the parser raises this
    and `invalid` names the expression parameter when it reaches the client.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def problem(sentence: str, *pairs) -> ExpressionProblem:
    return ExpressionProblem(detail(sentence, *pairs))


def invalid(kind: str, message: str) -> DynamoError:
    """The ValidationException for a problem in the `kind` expression parameter."""
    return validation(f"Invalid {kind}: {message}")
