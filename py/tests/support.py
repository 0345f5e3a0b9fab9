"""Helpers shared by the engine tests: a fresh database and common tables."""
from __future__ import annotations

import pytest

from dynoxide import Database, DynamoError


def s(value: str) -> dict:
    return {"S": value}


def n(value) -> dict:
    return {"N": str(value)}


def composite_table(name: str = "Music", **extra) -> dict:
    request = {
        "TableName": name,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "S"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    request.update(extra)
    return request


def hash_table(name: str = "Things", key_type: str = "S", **extra) -> dict:
    request = {
        "TableName": name,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": key_type}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    request.update(extra)
    return request


def error_of(db: Database, op: str, request: dict) -> DynamoError:
    with pytest.raises(DynamoError) as caught:
        db.execute(op, request)
    return caught.value
