"""The one exception the engine raises, and DynamoDB's error vocabulary.

Every failure a client can see is a `DynamoError` carrying DynamoDB's
`__type` (namespace included) and message, plus the HTTP status the wire
layer answers with. Messages that several layers phrase live here once.
"""
from __future__ import annotations

DYNAMODB = "com.amazonaws.dynamodb.v20120810"
CORAL_VALIDATE = "com.amazon.coral.validate"
CORAL_SERVICE = "com.amazon.coral.service"

# Short error name -> namespace DynamoDB reports it under.
_NAMESPACE = {
    "ValidationException": CORAL_VALIDATE,
    "SerializationException": CORAL_SERVICE,
    "UnknownOperationException": CORAL_SERVICE,
    "InternalFailure": CORAL_SERVICE,
}


class DynamoError(Exception):
    """A DynamoDB error: `name` is the short type, `type` the full `__type`."""

    def __init__(self, name: str, message: str | None, status: int = 400, extra: dict | None = None,
                 *, whole_request: bool = False):
        """`message` None: DynamoDB sends this error bare, with no message member.

        `whole_request`: inside a transaction this error fails the whole
        request instead of becoming one action's cancellation reason (an
        empty string or binary where a key goes)."""
        super().__init__(message)
        self.name = name
        self.message = message
        self.status = status
        # Extra top-level fields of the error body (e.g. CancellationReasons, Item).
        self.extra = extra or {}
        self.whole_request = whole_request

    @property
    def type(self) -> str:
        return f"{_NAMESPACE.get(self.name, DYNAMODB)}#{self.name}"

    def to_body(self) -> dict:
        body = {"__type": self.type}
        if self.message is not None:
            body["message"] = self.message
        body.update(self.extra)
        return body

    def __repr__(self) -> str:
        return f"DynamoError({self.name!r}, {self.message!r})"


def validation(message: str, *, whole_request: bool = False) -> DynamoError:
    return DynamoError("ValidationException", message, whole_request=whole_request)


def serialization(message: str | None) -> DynamoError:
    return DynamoError("SerializationException", message)


def resource_not_found(message: str = "Requested resource not found") -> DynamoError:
    return DynamoError("ResourceNotFoundException", message)


def table_not_found(table_name: str) -> DynamoError:
    return resource_not_found(f"Requested resource not found: Table: {table_name} not found")


def resource_in_use(message: str) -> DynamoError:
    return DynamoError("ResourceInUseException", message)


def conditional_check_failed(item: dict | None = None) -> DynamoError:
    extra = {"Item": item} if item is not None else None
    return DynamoError("ConditionalCheckFailedException", "The conditional request failed", extra=extra)


def invalid_parameter(detail: str) -> DynamoError:
    """DynamoDB's 'One or more parameter values were invalid: ...' family."""
    return validation(f"One or more parameter values were invalid: {detail}")


def limit_exceeded(message: str) -> DynamoError:
    return DynamoError("LimitExceededException", message)


def internal(message: str = "The server encountered an internal error trying to fulfill the request.") -> DynamoError:
    return DynamoError("InternalServerError", message, status=500)
