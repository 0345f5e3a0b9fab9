"""Warm throughput in DescribeTable, CreateTable and UpdateTable: DynamoDB's
defaults for every table and GSI, raised by request or by provisioning, never lowered."""
from __future__ import annotations

import pytest

from dynoxide import Database
from dynoxide.errors import DynamoError

DEFAULT = {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}


def table(**extra) -> dict:
    return {"TableName": "Warm", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "g", "AttributeType": "S"}],
            "GlobalSecondaryIndexes": [{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}, **extra.pop("gsi", {})}],
            **extra}


def described(db) -> tuple[dict, dict]:
    t = db.execute("DescribeTable", {"TableName": "Warm"})["Table"]
    return t["WarmThroughput"], t["GlobalSecondaryIndexes"][0]["WarmThroughput"]


@pytest.mark.parametrize("billing", [
    {"BillingMode": "PAY_PER_REQUEST"},
    {"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
     "gsi": {"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}},
])
def test_every_table_and_gsi_starts_at_dynamodbs_defaults(billing):
    db = Database.memory()
    created = db.execute("CreateTable", table(**billing))["TableDescription"]
    assert created["WarmThroughput"] == {**DEFAULT, "Status": "CREATING"}
    assert described(db) == (DEFAULT, DEFAULT)


def test_create_may_ask_for_more_and_a_lower_request_keeps_the_defaults():
    db = Database.memory()
    db.execute("CreateTable", table(BillingMode="PAY_PER_REQUEST",
                                    WarmThroughput={"ReadUnitsPerSecond": 30000, "WriteUnitsPerSecond": 100},
                                    gsi={"WarmThroughput": {"WriteUnitsPerSecond": 9000}}))
    assert described(db) == ({"ReadUnitsPerSecond": 30000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"},
                             {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 9000, "Status": "ACTIVE"})


def test_update_raises_it_and_refuses_to_lower_it():
    db = Database.memory()
    db.execute("CreateTable", table(BillingMode="PAY_PER_REQUEST"))
    db.execute("UpdateTable", {"TableName": "Warm", "WarmThroughput": {"ReadUnitsPerSecond": 24000}})
    db.execute("UpdateTable", {"TableName": "Warm", "GlobalSecondaryIndexUpdates": [
        {"Update": {"IndexName": "byG", "WarmThroughput": {"WriteUnitsPerSecond": 8000}}}]})
    assert described(db) == ({"ReadUnitsPerSecond": 24000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"},
                             {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 8000, "Status": "ACTIVE"})
    # Asking again for what it has is fine; asking for less is not.
    db.execute("UpdateTable", {"TableName": "Warm", "WarmThroughput": {"ReadUnitsPerSecond": 24000}})
    with pytest.raises(DynamoError) as caught:
        db.execute("UpdateTable", {"TableName": "Warm", "WarmThroughput": {"ReadUnitsPerSecond": 12000}})
    assert caught.value.name == "ValidationException"
    assert caught.value.message == ("One or more parameter values were invalid: Requested ReadUnitsPerSecond for "
                                    "WarmThroughput for table is lower than current WarmThroughput, decreasing "
                                    "WarmThroughput is not supported")
    with pytest.raises(DynamoError) as caught:
        db.execute("UpdateTable", {"TableName": "Warm", "GlobalSecondaryIndexUpdates": [
            {"Update": {"IndexName": "byG", "WarmThroughput": {"WriteUnitsPerSecond": 4000}}}]})
    assert "WriteUnitsPerSecond for WarmThroughput for index byG is lower" in caught.value.message
    assert described(db)[0]["ReadUnitsPerSecond"] == 24000


def test_provisioning_beyond_it_raises_it_and_it_stays_when_capacity_goes_down():
    db = Database.memory()
    db.execute("CreateTable", table(ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                                    gsi={"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}))
    db.execute("UpdateTable", {"TableName": "Warm",
                               "ProvisionedThroughput": {"ReadCapacityUnits": 15000, "WriteCapacityUnits": 5}})
    assert described(db)[0]["ReadUnitsPerSecond"] == 15000
    db.execute("UpdateTable", {"TableName": "Warm",
                               "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5}})
    assert described(db)[0]["ReadUnitsPerSecond"] == 15000
