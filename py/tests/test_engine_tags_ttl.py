"""Tags (TagResource, UntagResource, ListTagsOfResource) and time to live
(UpdateTimeToLive, DescribeTimeToLive): what a client sees, errors included."""
from __future__ import annotations

import pytest

from dynoxide import Database
from support import error_of, hash_table

ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Things"


@pytest.fixture
def db():
    database = Database.memory()
    database.execute("CreateTable", hash_table(Tags=[{"Key": "team", "Value": "core"}]))
    yield database
    database.close()


def tags(db, arn=ARN) -> list:
    return db.execute("ListTagsOfResource", {"ResourceArn": arn})["Tags"]


# --- tags ----------------------------------------------------------------------

def test_tags_given_at_creation_are_listed(db):
    assert tags(db) == [{"Key": "team", "Value": "core"}]


def test_tag_resource_adds_and_overwrites_by_key(db):
    assert db.execute("TagResource", {"ResourceArn": ARN, "Tags": [
        {"Key": "team", "Value": "storage"}, {"Key": "env", "Value": ""}]}) == {}
    assert tags(db) == [{"Key": "team", "Value": "storage"}, {"Key": "env", "Value": ""}]


def test_untag_resource_removes_the_keys_named_and_ignores_unknown_ones(db):
    db.execute("TagResource", {"ResourceArn": ARN, "Tags": [{"Key": "env", "Value": "dev"}]})
    assert db.execute("UntagResource", {"ResourceArn": ARN, "TagKeys": ["team", "absent"]}) == {}
    assert tags(db) == [{"Key": "env", "Value": "dev"}]


def test_tags_survive_in_describe_and_across_other_changes(db):
    db.execute("UpdateTimeToLive", {"TableName": "Things",
                                    "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
    assert tags(db) == [{"Key": "team", "Value": "core"}]


def test_more_than_fifty_tags_is_a_limit_error(db):
    many = [{"Key": f"k{i}", "Value": "v"} for i in range(49)]
    db.execute("TagResource", {"ResourceArn": ARN, "Tags": many})  # 50 with "team"
    error = error_of(db, "TagResource", {"ResourceArn": ARN, "Tags": [{"Key": "one-more", "Value": "v"}]})
    assert (error.name, error.message) == ("LimitExceededException",
                                           "The number of tags exceeds the limit allowed for this resource")
    assert len(tags(db)) == 50


@pytest.mark.parametrize("op, extra", [("TagResource", {"Tags": [{"Key": "k", "Value": "v"}]}),
                                       ("UntagResource", {"TagKeys": ["k"]})])
def test_an_unknown_table_arn_is_not_found(db, op, extra):
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Missing"
    error = error_of(db, op, {"ResourceArn": arn, **extra})
    assert (error.name, error.message) == ("ResourceNotFoundException",
                                           f"Requested resource not found: ResourcArn: {arn} not found")


def test_listing_an_unknown_table_arn_is_access_denied(db):
    arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Missing"
    error = error_of(db, "ListTagsOfResource", {"ResourceArn": arn})
    assert (error.name, error.message) == (
        "AccessDeniedException",
        f"User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:ListTagsOfResource "
        f"on resource: {arn}")


@pytest.mark.parametrize("op, request_, message", [
    ("TagResource", {"Tags": [{"Key": "k", "Value": "v"}]}, "Invalid TableArn"),
    ("TagResource", {"ResourceArn": "not-an-arn", "Tags": [{"Key": "k", "Value": "v"}]},
     "Invalid TableArn: Invalid ResourceArn provided as input not-an-arn"),
    ("TagResource", {"ResourceArn": ARN, "Tags": []}, "Atleast one Tag needs to be provided as Input."),
    ("UntagResource", {"ResourceArn": ARN, "TagKeys": []}, "Atleast one Tag Key needs to be provided as Input."),
    ("ListTagsOfResource", {"ResourceArn": "arn:aws:s3:::bucket"},
     "Invalid TableArn: Invalid ResourceArn provided as input arn:aws:s3:::bucket"),
    ("TagResource", {"ResourceArn": ARN, "Tags": [{"Key": "", "Value": "v"}]},
     "1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: "
     "Member must have length greater than or equal to 1"),
])
def test_tag_requests_are_validated_with_dynamodbs_messages(db, op, request_, message):
    error = error_of(db, op, request_)
    assert (error.name, error.message) == ("ValidationException", message)


# --- time to live ------------------------------------------------------------------

def ttl(db) -> dict:
    return db.execute("DescribeTimeToLive", {"TableName": "Things"})["TimeToLiveDescription"]


def update_ttl(db, enabled, name="expires") -> dict:
    return db.execute("UpdateTimeToLive", {"TableName": "Things",
                                           "TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": name}})


def test_ttl_starts_disabled(db):
    assert ttl(db) == {"TimeToLiveStatus": "DISABLED"}


def test_enabling_then_disabling_ttl(db):
    assert update_ttl(db, True) == {"TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": True}}
    assert ttl(db) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    assert update_ttl(db, False) == {"TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": False}}
    assert ttl(db) == {"TimeToLiveStatus": "DISABLED"}


@pytest.mark.parametrize("first, again, message", [
    # Clients match these exact words (no "One or more parameter values" prefix).
    (True, True, "TimeToLive is already enabled"),
    (None, False, "TimeToLive is already disabled"),
])
def test_asking_for_the_current_ttl_state_is_refused(db, first, again, message):
    if first is not None:
        update_ttl(db, first)
    error = error_of(db, "UpdateTimeToLive", {"TableName": "Things", "TimeToLiveSpecification": {
        "Enabled": again, "AttributeName": "expires"}})
    assert (error.name, error.message) == ("ValidationException", message)


@pytest.mark.parametrize("op", ["DescribeTimeToLive", "UpdateTimeToLive"])
def test_ttl_of_an_unknown_table_names_it(db, op):
    request = {"TableName": "Missing"}
    if op == "UpdateTimeToLive":
        request["TimeToLiveSpecification"] = {"Enabled": True, "AttributeName": "x"}
    error = error_of(db, op, request)
    assert (error.name, error.message) == ("ResourceNotFoundException",
                                           "Requested resource not found: Table: Missing not found")


@pytest.mark.parametrize("spec, message", [
    (None, "1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: "
           "Member must not be null"),
    ({"Enabled": True}, "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName' "
                        "failed to satisfy constraint: Member must not be null"),
    ({"Enabled": True, "AttributeName": ""}, "1 validation error detected: Value '' at "
     "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater "
     "than or equal to 1"),
])
def test_update_ttl_is_validated_with_dynamodbs_messages(db, spec, message):
    request = {"TableName": "Things"}
    if spec is not None:
        request["TimeToLiveSpecification"] = spec
    error = error_of(db, "UpdateTimeToLive", request)
    assert (error.name, error.message) == ("ValidationException", message)


def test_endpoint_and_limits_describe_the_region_and_default_quotas(db):
    assert db.execute("DescribeEndpoints", {}) == {
        "Endpoints": [{"Address": "dynamodb.us-east-1.amazonaws.com", "CachePeriodInMinutes": 1440}]}
    assert db.execute("DescribeLimits", {}) == {
        "AccountMaxReadCapacityUnits": 80000, "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000, "TableMaxWriteCapacityUnits": 40000}
