"""What DynamoDB Streams answers with, in one place."""
from __future__ import annotations

from ..errors import DynamoError, resource_not_found

INVALID_STREAM_ARN = "Invalid StreamArn"
INVALID_ITERATOR = "Invalid ShardIterator"
SHARD_NOT_FOUND = "Requested resource not found: Shard does not exist"
ITERATOR_EXPIRED = "The provided iterator exceeds the maximum age allowed."
TRIMMED = "The data you are trying to access has been trimmed"
SEQUENCE_NUMBER_REQUIRED = ("One or more parameter values were invalid: A SequenceNumber is required for the "
                            "AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER shard iterator types")
SEQUENCE_NUMBER_NOT_ALLOWED = ("One or more parameter values were invalid: A SequenceNumber may only be given with "
                               "the AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER shard iterator types")
INVALID_SEQUENCE_NUMBER = "Invalid SequenceNumber for the shard"
GET_RECORDS_LIMIT = "One or more parameter values were invalid: Limit should be less than or equal to 1000"


def stream_not_found(arn: str) -> DynamoError:
    return resource_not_found(f"Requested resource not found: Stream: {arn} not found")


def shard_not_found() -> DynamoError:
    return resource_not_found(SHARD_NOT_FOUND)


def expired_iterator() -> DynamoError:
    return DynamoError("ExpiredIteratorException", ITERATOR_EXPIRED)


def trimmed() -> DynamoError:
    return DynamoError("TrimmedDataAccessException", TRIMMED)
