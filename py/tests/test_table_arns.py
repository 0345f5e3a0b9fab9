"""A table's ARN where a TableName goes: every operation DynamoDB lets take one,
the places DynamoDB echoes it, and its refusals of ARNs it cannot serve."""
from __future__ import annotations

import pytest

from dynoxide import Database
from support import composite_table, error_of, s

ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Music"
KEY = {"pk": s("a"), "sk": s("1")}


@pytest.fixture
def db():
    database = Database.memory()
    database.execute("CreateTable", composite_table("Music"))
    database.execute("PutItem", {"TableName": "Music", "Item": {**KEY, "v": s("one")}})
    yield database
    database.close()


# --- every operation kind takes one -----------------------------------------------------

def test_item_operations_take_a_table_arn(db):
    db.execute("PutItem", {"TableName": ARN, "Item": {"pk": s("b"), "sk": s("2")}})
    assert db.execute("GetItem", {"TableName": ARN, "Key": KEY})["Item"]["v"] == s("one")
    db.execute("UpdateItem", {"TableName": ARN, "Key": KEY, "UpdateExpression": "SET v = :v",
                              "ExpressionAttributeValues": {":v": s("two")}})
    assert db.execute("GetItem", {"TableName": "Music", "Key": KEY})["Item"]["v"] == s("two")
    db.execute("DeleteItem", {"TableName": ARN, "Key": {"pk": s("b"), "sk": s("2")}})
    assert db.execute("Scan", {"TableName": "Music"})["Count"] == 1


def test_query_and_scan_take_a_table_arn(db):
    query = db.execute("Query", {"TableName": ARN, "KeyConditionExpression": "pk = :p",
                                 "ExpressionAttributeValues": {":p": s("a")}})
    assert query["Items"] == [{**KEY, "v": s("one")}]
    assert db.execute("Scan", {"TableName": ARN})["Count"] == 1


def test_consumed_capacity_names_the_table_as_the_caller_did(db):
    by_arn = db.execute("GetItem", {"TableName": ARN, "Key": KEY, "ReturnConsumedCapacity": "TOTAL"})
    by_name = db.execute("GetItem", {"TableName": "Music", "Key": KEY, "ReturnConsumedCapacity": "TOTAL"})
    assert by_arn["ConsumedCapacity"]["TableName"] == ARN
    assert by_name["ConsumedCapacity"]["TableName"] == "Music"


def test_batch_get_answers_under_the_key_the_caller_sent(db):
    answer = db.execute("BatchGetItem", {"RequestItems": {ARN: {"Keys": [KEY]}}, "ReturnConsumedCapacity": "TOTAL"})
    assert answer["Responses"] == {ARN: [{**KEY, "v": s("one")}]}
    assert answer["UnprocessedKeys"] == {}
    assert [c["TableName"] for c in answer["ConsumedCapacity"]] == [ARN]


def test_batch_write_takes_a_table_arn_as_a_key(db):
    answer = db.execute("BatchWriteItem", {
        "RequestItems": {ARN: [{"PutRequest": {"Item": {"pk": s("c"), "sk": s("3")}}},
                               {"DeleteRequest": {"Key": KEY}}]},
        "ReturnConsumedCapacity": "TOTAL"})
    assert answer["UnprocessedItems"] == {}
    assert [c["TableName"] for c in answer["ConsumedCapacity"]] == [ARN]
    assert db.execute("Scan", {"TableName": "Music"})["Items"] == [{"pk": s("c"), "sk": s("3")}]


def test_a_batch_may_name_one_table_by_arn_and_another_by_name(db):
    db.execute("CreateTable", composite_table("Other"))
    answer = db.execute("BatchGetItem", {"RequestItems": {ARN: {"Keys": [KEY]}, "Other": {"Keys": [KEY]}}})
    assert answer["Responses"] == {ARN: [{**KEY, "v": s("one")}], "Other": []}


def test_transactions_take_table_arns(db):
    db.execute("TransactWriteItems", {"TransactItems": [
        {"ConditionCheck": {"TableName": ARN, "Key": KEY, "ConditionExpression": "attribute_exists(pk)"}},
        {"Put": {"TableName": ARN, "Item": {"pk": s("d"), "sk": s("4")}}},
        {"Update": {"TableName": ARN, "Key": {"pk": s("e"), "sk": s("5")}, "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": s("five")}}},
    ]})
    db.execute("TransactWriteItems", {"TransactItems": [{"Delete": {"TableName": ARN, "Key": {"pk": s("d"),
                                                                                             "sk": s("4")}}}]})
    got = db.execute("TransactGetItems", {"TransactItems": [
        {"Get": {"TableName": ARN, "Key": KEY}}, {"Get": {"TableName": ARN, "Key": {"pk": s("e"), "sk": s("5")}}},
        {"Get": {"TableName": ARN, "Key": {"pk": s("d"), "sk": s("4")}}}], "ReturnConsumedCapacity": "TOTAL"})
    assert [r.get("Item", {}).get("v") for r in got["Responses"]] == [s("one"), s("five"), None]
    assert [c["TableName"] for c in got["ConsumedCapacity"]] == [ARN]


def test_control_plane_operations_take_a_table_arn(db):
    described = db.execute("DescribeTable", {"TableName": ARN})["Table"]
    assert (described["TableName"], described["TableArn"]) == ("Music", ARN)
    db.execute("UpdateTable", {"TableName": ARN, "DeletionProtectionEnabled": True})
    assert db.execute("DescribeTable", {"TableName": "Music"})["Table"]["DeletionProtectionEnabled"] is True
    db.execute("UpdateTimeToLive", {"TableName": ARN, "TimeToLiveSpecification": {"Enabled": True,
                                                                                 "AttributeName": "ttl"}})
    assert db.execute("DescribeTimeToLive", {"TableName": ARN})["TimeToLiveDescription"]["AttributeName"] == "ttl"
    db.execute("UpdateContinuousBackups", {"TableName": ARN, "PointInTimeRecoverySpecification":
                                           {"PointInTimeRecoveryEnabled": True}})
    pitr = db.execute("DescribeContinuousBackups", {"TableName": ARN})["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    backup = db.execute("CreateBackup", {"TableName": ARN, "BackupName": "first"})["BackupDetails"]
    assert backup["BackupArn"].startswith(ARN + "/backup/")
    assert [b["BackupArn"] for b in db.execute("ListBackups", {"TableName": ARN})["BackupSummaries"]] == \
        [backup["BackupArn"]]
    db.execute("UpdateTable", {"TableName": ARN, "DeletionProtectionEnabled": False})
    assert db.execute("DeleteTable", {"TableName": ARN})["TableDescription"]["TableName"] == "Music"
    assert db.execute("ListTables", {})["TableNames"] == []


def test_create_table_by_arn_creates_the_named_table():
    with Database.memory() as db:
        created = db.execute("CreateTable", composite_table("arn:aws:dynamodb:us-east-1:000000000000:table/Made"))
        assert (created["TableDescription"]["TableName"], db.execute("ListTables", {})["TableNames"]) == \
            ("Made", ["Made"])


def test_an_arn_of_a_missing_table_is_not_found(db):
    missing = "arn:aws:dynamodb:us-east-1:000000000000:table/Nothing"
    assert error_of(db, "GetItem", {"TableName": missing, "Key": KEY}).name == "ResourceNotFoundException"
    assert error_of(db, "DescribeTable", {"TableName": missing}).message == \
        "Requested resource not found: Table: Nothing not found"


# --- what DynamoDB refuses ----------------------------------------------------------------

_FORMAT = ("Valid ARN format is 'arn:<awsPartition>:<vendor>:<region>:<subscriber>:resourceType/resourceName', "
           "where Resource name must have length less than or equal to 255, Resource name must have length "
           "greater than or equal to 3, Resource name must satisfy regular expression pattern: [a-zA-Z0-9_.-]+")


@pytest.mark.parametrize("arn, constraint", [
    ("arn:aws:dynamodb:us-east-1:000000000000:table/Music/index/byV", _FORMAT),
    ("arn:aws:dynamodb:us-east-1:000000000000:table/Music/stream/2026-01-01T00:00:00.000", _FORMAT),
    ("arn:aws:dynamodb:us-east-1:000000000000:backup/Music", "Invalid resource type"),
    ("arn:aws:dynamodb:us-east-1:000000000000:table/ab",
     "Table name of ARN must have length greater than or equal to 3"),
    ("arn:aws:dynamodb:us-east-1:000000000000:table/b@d", _FORMAT),
    ("arn:aws:dynamodb", _FORMAT),
    ("arn:aws:s3:us-east-1:000000000000:table/Music", _FORMAT),
])
def test_a_malformed_arn_violates_table_name(db, arn, constraint):
    error = error_of(db, "GetItem", {"TableName": arn, "Key": KEY})
    assert (error.name, error.message) == (
        "ValidationException",
        f"1 validation error detected: Value '{arn}' at 'tableName' failed to satisfy constraint: {constraint}")


def test_an_arn_of_another_region_is_refused(db):
    arn = "arn:aws:dynamodb:eu-west-1:000000000000:table/Music"
    for op, request in [("GetItem", {"TableName": arn, "Key": KEY}), ("DescribeTable", {"TableName": arn}),
                        ("BatchGetItem", {"RequestItems": {arn: {"Keys": [KEY]}}}),
                        ("TransactGetItems", {"TransactItems": [{"Get": {"TableName": arn, "Key": KEY}}]})]:
        error = error_of(db, op, request)
        assert (error.name, error.message) == ("ValidationException",
                                               f"1 validation error detected: Invalid AWS region in '{arn}'")


def test_an_arn_of_another_partition_is_refused(db):
    arn = "arn:aws-cn:dynamodb:us-east-1:000000000000:table/Music"
    assert error_of(db, "Scan", {"TableName": arn}).message == \
        f"1 validation error detected: Invalid AWS partition in '{arn}'"


def test_an_arn_of_another_account_is_not_authorised(db):
    arn = "arn:aws:dynamodb:us-east-1:111122223333:table/Music"
    error = error_of(db, "PutItem", {"TableName": arn, "Item": KEY})
    assert (error.name, error.message) == (
        "AccessDeniedException",
        f"User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:PutItem on resource: {arn} "
        "because no resource-based policy allows the dynamodb:PutItem action")
    assert db.execute("Scan", {"TableName": "Music"})["Count"] == 1  # nothing written


def test_a_transaction_refuses_every_item_when_one_names_another_region(db):
    error = error_of(db, "TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": ARN, "Item": {"pk": s("x"), "sk": s("9")}}},
        {"Put": {"TableName": "arn:aws:dynamodb:us-west-2:000000000000:table/Music", "Item": KEY}}]})
    assert error.name == "ValidationException"
    assert db.execute("Scan", {"TableName": "Music"})["Count"] == 1


def test_a_batch_naming_one_table_by_name_and_by_arn_is_refused(db):
    error = error_of(db, "BatchGetItem", {"RequestItems": {"Music": {"Keys": [KEY]}, ARN: {"Keys": [KEY]}}})
    assert error.name == "ValidationException"
    assert "Music" in error.message


def test_a_name_that_is_not_an_arn_is_validated_as_before(db):
    error = error_of(db, "GetItem", {"TableName": "arn-like:name", "Key": KEY})
    assert "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+" in error.message


def test_the_arn_of_a_database_in_another_region_is_its_own():
    with Database.memory(region="eu-west-1") as db:
        db.execute("CreateTable", composite_table("Music"))
        arn = db.execute("DescribeTable", {"TableName": "Music"})["Table"]["TableArn"]
        assert arn == "arn:aws:dynamodb:eu-west-1:000000000000:table/Music"
        assert db.execute("DescribeTable", {"TableName": arn})["Table"]["TableName"] == "Music"
        assert error_of(db, "DescribeTable", {"TableName": ARN}).message == \
            f"1 validation error detected: Invalid AWS region in '{ARN}'"
