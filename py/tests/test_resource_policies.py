"""Resource-based policies of tables and streams: stored and returned (never
enforced), with DynamoDB's revisions, conditions, document checks, ARN forms
and messages."""
from __future__ import annotations

import json

import pytest

from dynoxide import Database
from dynoxide.errors import DynamoError

ACCOUNT = "000000000000"


def policy(action="dynamodb:GetItem", resource="*", **extra) -> str:
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                 "Action": [action], "Resource": resource, **extra}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, indent=2)


@pytest.fixture
def db():
    clock = iter(range(1_700_000_000, 1_800_000_000))
    database = Database.memory(clock=lambda: float(next(clock)))
    database.execute("CreateTable", {
        "TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}})
    return database


def arn(db, name="Orders") -> str:
    return db.execute("DescribeTable", {"TableName": name})["Table"]["TableArn"]


def error(db, op, request) -> tuple[str, str]:
    with pytest.raises(DynamoError) as caught:
        db.execute(op, request)
    return caught.value.name, caught.value.message


def test_put_then_get_returns_the_document_compact_with_its_revision(db):
    table = arn(db)
    revision = db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy()})["RevisionId"]
    got = db.execute("GetResourcePolicy", {"ResourceArn": table})
    assert got["RevisionId"] == revision and revision.isdigit()
    assert got["Policy"] == json.dumps(json.loads(policy()), separators=(",", ":"))


def test_the_same_document_again_keeps_the_revision_and_a_new_one_moves_it_forward(db):
    table = arn(db)
    first = db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy()})["RevisionId"]
    again = db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy()})["RevisionId"]
    changed = db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy("dynamodb:PutItem")})["RevisionId"]
    assert again == first
    assert int(changed) > int(first)


def test_a_document_without_a_version_reads_back_with_dynamodbs_default(db):
    document = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetItem",
                                          "Resource": "*"}]})
    db.execute("PutResourcePolicy", {"ResourceArn": arn(db), "Policy": document})
    assert json.loads(db.execute("GetResourcePolicy", {"ResourceArn": arn(db)})["Policy"])["Version"] == "2008-10-17"


def test_expected_revision_guards_a_change(db):
    table = arn(db)
    first = db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy()})["RevisionId"]
    second = db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy("dynamodb:PutItem"),
                                              "ExpectedRevisionId": first})["RevisionId"]
    assert error(db, "PutResourcePolicy", {"ResourceArn": table, "Policy": policy("dynamodb:Query"),
                                           "ExpectedRevisionId": first}) == (
        "PolicyNotFoundException", "Resource-based policy not found for the provided ResourceArn: Requested update "
        f"for policy with revision id {first}, but the policy associated to target table Orders has revision id {second}.")
    assert error(db, "PutResourcePolicy", {"ResourceArn": table, "Policy": policy(),
                                           "ExpectedRevisionId": "NO_POLICY"}) == (
        "PolicyNotFoundException", "Resource-based policy not found for the provided ResourceArn: Requested policy "
        f"update expecting none to be present for table Orders, but a policy exists with revision id {second}.")
    assert db.execute("GetResourcePolicy", {"ResourceArn": table})["RevisionId"] == second


def test_no_policy_get_fails_and_delete_is_an_idempotent_success(db):
    table = arn(db)
    assert error(db, "GetResourcePolicy", {"ResourceArn": table}) == (
        "PolicyNotFoundException", f"Resource-based policy not found for the provided ResourceArn: {table}")
    assert db.execute("DeleteResourcePolicy", {"ResourceArn": table}) == {}
    revision = db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy()})["RevisionId"]
    assert db.execute("DeleteResourcePolicy", {"ResourceArn": table}) == {"RevisionId": revision}
    assert error(db, "GetResourcePolicy", {"ResourceArn": table})[0] == "PolicyNotFoundException"


def test_a_stream_has_its_own_policy(db):
    stream = db.execute("DescribeTable", {"TableName": "Orders"})["Table"]["LatestStreamArn"]
    db.execute("PutResourcePolicy", {"ResourceArn": stream, "Policy": policy("dynamodb:GetRecords")})
    assert "GetRecords" in db.execute("GetResourcePolicy", {"ResourceArn": stream})["Policy"]
    assert error(db, "GetResourcePolicy", {"ResourceArn": arn(db)})[0] == "PolicyNotFoundException"
    assert error(db, "GetResourcePolicy", {"ResourceArn": arn(db) + "/stream/2000-01-01T00:00:00.000"}) == (
        "ResourceNotFoundException", "Requested resource not found: Stream: 2000-01-01T00:00:00.000 not found for Table: Orders")


def test_a_policy_goes_with_its_table_and_a_new_table_of_the_name_has_none(db):
    table = arn(db)
    db.execute("PutResourcePolicy", {"ResourceArn": table, "Policy": policy()})
    db.execute("DeleteTable", {"TableName": "Orders"})
    for op in ("GetResourcePolicy", "DeleteResourcePolicy"):
        assert error(db, op, {"ResourceArn": table}) == (
            "ResourceNotFoundException", "Requested resource not found: Table: Orders not found")
    db.execute("CreateTable", {"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
                               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]})
    assert error(db, "GetResourcePolicy", {"ResourceArn": table})[0] == "PolicyNotFoundException"


def test_create_table_attaches_its_resource_policy(db):
    db.execute("CreateTable", {"TableName": "Audited", "BillingMode": "PAY_PER_REQUEST",
                               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                               "ResourcePolicy": policy()})
    assert "GetItem" in db.execute("GetResourcePolicy", {"ResourceArn": arn(db, "Audited")})["Policy"]


INVALID = "One or more parameter values were invalid: "


@pytest.mark.parametrize("document, message", [
    ("{not json", "Invalid policy document: This policy contains invalid Json"),
    ("", "Invalid policy document: This policy contains invalid Json"),
    (json.dumps({"Version": "2012-10-17", "Statement": []}), "Invalid policy document: Could not parse the policy: Statement is empty!"),
    (json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetItem"}]}),
     "Invalid policy document: Missing required field Resource"),
    (policy("dynamodb:GetRecords"), 'Invalid policy document: The following action names are invalid: "dynamodb:GetRecords"'),
    (policy() + " " * 20480, "Maximum policy size of 20480 bytes exceeded"),
])
def test_a_bad_document_is_refused_and_nothing_is_stored(db, document, message):
    assert error(db, "PutResourcePolicy", {"ResourceArn": arn(db), "Policy": document}) == (
        "ValidationException", INVALID + message)
    assert error(db, "GetResourcePolicy", {"ResourceArn": arn(db)})[0] == "PolicyNotFoundException"


def test_arn_forms_get_dynamodbs_answers(db):
    table = arn(db)
    cases = {
        "Orders": ("ValidationException", INVALID + "ARNs must start with 'arn:': Orders"),
        table.replace(ACCOUNT, "111111111111"): (
            "ValidationException", "This action is only supported by accounts that match the resource owner\u2019s account."),
        table.replace("us-east-1", "eu-west-1"): ("ValidationException", INVALID + "Invalid resource Arn: "
                                                  + table.replace("us-east-1", "eu-west-1")),
        table + "/index/byX": ("ValidationException", INVALID + "Invalid resource arn provided, only table or stream is "
                                                               "accepted. Provided resource arn: " + table + "/index/byX"),
        table + "/backup/0170": ("ValidationException", INVALID + "Provided Arn is not a DynamoDB resource arn: "
                                                                 + table + "/backup/0170"),
        table.replace("Orders", "ORDERS"): ("ResourceNotFoundException", "Requested resource not found: Table: ORDERS not found"),
    }
    for resource, expected in cases.items():
        assert error(db, "GetResourcePolicy", {"ResourceArn": resource}) == expected, resource


def test_policies_work_through_boto3(boto3_client):
    boto3_client.create_table(TableName="PolicyBoto", BillingMode="PAY_PER_REQUEST",
                              KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                              AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    table = boto3_client.describe_table(TableName="PolicyBoto")["Table"]["TableArn"]
    revision = boto3_client.put_resource_policy(ResourceArn=table, Policy=policy())["RevisionId"]
    assert boto3_client.get_resource_policy(ResourceArn=table)["RevisionId"] == revision
    with pytest.raises(boto3_client.exceptions.PolicyNotFoundException):
        boto3_client.delete_resource_policy(ResourceArn=table, ExpectedRevisionId="1")
    boto3_client.delete_resource_policy(ResourceArn=table, ExpectedRevisionId=revision)
