"""DynamoDB Streams: records from every write path, the four stream operations, and their errors."""
from __future__ import annotations

import pytest

from dynoxide import Database, DynamoError


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def table(view_type="NEW_AND_OLD_IMAGES", name="Events", stream=True):
    spec = {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "N"}]}
    if stream:
        spec["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view_type}
    return spec


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(clock):
    db = Database.memory(clock=clock)
    db.execute("CreateTable", table())
    return db


def arn_of(db, name="Events"):
    return db.execute("DescribeTable", {"TableName": name})["Table"]["LatestStreamArn"]


def shard_of(db, arn):
    return db.execute("DescribeStream", {"StreamArn": arn})["StreamDescription"]["Shards"][0]["ShardId"]


def iterator(db, arn, kind="TRIM_HORIZON", **extra):
    return db.execute("GetShardIterator", {"StreamArn": arn, "ShardId": shard_of(db, arn),
                                           "ShardIteratorType": kind, **extra})["ShardIterator"]


def read_all(db, arn, kind="TRIM_HORIZON", **extra):
    records, token = [], iterator(db, arn, kind, **extra)
    while token:
        page = db.execute("GetRecords", {"ShardIterator": token})
        records += page["Records"]
        if not page["Records"]:
            break
        token = page.get("NextShardIterator")
    return records


def key(pk, sk=1):
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def test_put_update_delete_give_insert_modify_remove_with_their_images(db, clock):
    db.execute("PutItem", {"TableName": "Events", "Item": {**key("a"), "v": {"S": "one"}}})
    clock.now += 5
    db.execute("UpdateItem", {"TableName": "Events", "Key": key("a"), "UpdateExpression": "SET v = :v",
                              "ExpressionAttributeValues": {":v": {"S": "two"}}})
    db.execute("DeleteItem", {"TableName": "Events", "Key": key("a")})
    records = read_all(db, arn_of(db))
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    insert, modify, remove = (r["dynamodb"] for r in records)
    assert insert["Keys"] == key("a") and insert["NewImage"]["v"] == {"S": "one"} and "OldImage" not in insert
    assert modify["OldImage"]["v"] == {"S": "one"} and modify["NewImage"]["v"] == {"S": "two"}
    assert remove["OldImage"]["v"] == {"S": "two"} and "NewImage" not in remove
    assert insert["ApproximateCreationDateTime"] == 1_800_000_000 and modify["ApproximateCreationDateTime"] == 1_800_000_005
    numbers = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert numbers == sorted(numbers, key=int) and len(set(numbers)) == 3 and all(len(n) >= 21 for n in numbers)
    first = records[0]
    assert (first["eventVersion"], first["eventSource"], first["awsRegion"]) == ("1.1", "aws:dynamodb", "us-east-1")
    assert len(first["eventID"]) == 32 and "userIdentity" not in first
    # Keys (pk "a", sk 1: 2 + 1 + 2 + 2) plus the new image (keys plus v "one": 7 + 1 + 3).
    assert insert["SizeBytes"] == 7 + 11 and insert["StreamViewType"] == "NEW_AND_OLD_IMAGES"


@pytest.mark.parametrize("view_type, insert, modify, remove", [
    ("KEYS_ONLY", set(), set(), set()),
    ("NEW_IMAGE", {"NewImage"}, {"NewImage"}, set()),
    ("OLD_IMAGE", set(), {"OldImage"}, {"OldImage"}),
    ("NEW_AND_OLD_IMAGES", {"NewImage"}, {"OldImage", "NewImage"}, {"OldImage"}),
])
def test_each_view_type_carries_its_images(clock, view_type, insert, modify, remove):
    db = Database.memory(clock=clock)
    db.execute("CreateTable", table(view_type))
    db.execute("PutItem", {"TableName": "Events", "Item": {**key("a"), "v": {"N": "1"}}})
    db.execute("PutItem", {"TableName": "Events", "Item": {**key("a"), "v": {"N": "2"}}})
    db.execute("DeleteItem", {"TableName": "Events", "Key": key("a")})
    images = [{k for k in r["dynamodb"] if k.endswith("Image")} for r in read_all(db, arn_of(db))]
    assert images == [insert, modify, remove]


def test_writes_that_change_nothing_or_fail_leave_no_record(db):
    item = {**key("a"), "v": {"S": "same"}}
    db.execute("PutItem", {"TableName": "Events", "Item": item})
    db.execute("PutItem", {"TableName": "Events", "Item": item})  # the same item again
    db.execute("UpdateItem", {"TableName": "Events", "Key": key("a"), "UpdateExpression": "SET v = :v",
                              "ExpressionAttributeValues": {":v": {"S": "same"}}})
    db.execute("UpdateItem", {"TableName": "Events", "Key": key("a"), "UpdateExpression": "REMOVE absent"})
    db.execute("DeleteItem", {"TableName": "Events", "Key": key("nobody")})
    with pytest.raises(DynamoError):
        db.execute("PutItem", {"TableName": "Events", "Item": {**key("a"), "v": {"S": "new"}},
                               "ConditionExpression": "attribute_not_exists(pk)"})
    with pytest.raises(DynamoError):
        db.execute("TransactWriteItems", {"TransactItems": [
            {"Put": {"TableName": "Events", "Item": {**key("b"), "v": {"S": "x"}}}},
            {"ConditionCheck": {"TableName": "Events", "Key": key("a"), "ConditionExpression": "attribute_not_exists(pk)"}},
        ]})
    assert [r["eventName"] for r in read_all(db, arn_of(db))] == ["INSERT"]


def test_batches_transactions_and_partiql_write_one_record_per_item(db):
    db.execute("BatchWriteItem", {"RequestItems": {"Events": [
        {"PutRequest": {"Item": key("a")}}, {"PutRequest": {"Item": key("b")}}]}})
    db.execute("TransactWriteItems", {"TransactItems": [
        {"Delete": {"TableName": "Events", "Key": key("a")}},
        {"Update": {"TableName": "Events", "Key": key("b"), "UpdateExpression": "SET n = :n",
                    "ExpressionAttributeValues": {":n": {"N": "1"}}}}]})
    db.execute("ExecuteStatement", {"Statement": "INSERT INTO Events VALUE {'pk': 'c', 'sk': 1}"})
    records = read_all(db, arn_of(db))
    assert [(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records] == [
        ("INSERT", "a"), ("INSERT", "b"), ("REMOVE", "a"), ("MODIFY", "b"), ("INSERT", "c")]


def test_a_table_without_a_stream_writes_no_records(clock):
    db = Database.memory(clock=clock)
    db.execute("CreateTable", table(stream=False))
    db.execute("PutItem", {"TableName": "Events", "Item": key("a")})
    assert db.execute("ListStreams", {}) == {"Streams": []}
    assert "LatestStreamArn" not in db.execute("DescribeTable", {"TableName": "Events"})["Table"]


def test_iterator_types(db):
    arn = arn_of(db)
    for n in range(1, 4):
        db.execute("PutItem", {"TableName": "Events", "Item": key("a", n)})
    numbers = [r["dynamodb"]["SequenceNumber"] for r in read_all(db, arn)]
    at = read_all(db, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=numbers[1])
    after = read_all(db, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=numbers[1])
    assert [r["dynamodb"]["SequenceNumber"] for r in at] == numbers[1:]
    assert [r["dynamodb"]["SequenceNumber"] for r in after] == numbers[2:]
    latest = iterator(db, arn, "LATEST")
    assert db.execute("GetRecords", {"ShardIterator": latest})["Records"] == []
    db.execute("PutItem", {"TableName": "Events", "Item": key("a", 9)})
    page = db.execute("GetRecords", {"ShardIterator": latest})
    assert [r["dynamodb"]["Keys"]["sk"]["N"] for r in page["Records"]] == ["9"]
    assert page["NextShardIterator"]  # an open shard always hands back an iterator


def test_get_records_limit_pages(db):
    arn = arn_of(db)
    for n in range(5):
        db.execute("PutItem", {"TableName": "Events", "Item": key("a", n)})
    page = db.execute("GetRecords", {"ShardIterator": iterator(db, arn), "Limit": 2})
    assert len(page["Records"]) == 2
    rest = db.execute("GetRecords", {"ShardIterator": page["NextShardIterator"], "Limit": 10})
    assert [r["dynamodb"]["Keys"]["sk"]["N"] for r in rest["Records"]] == ["2", "3", "4"]


def test_an_iterator_expires_after_fifteen_minutes(db, clock):
    token = iterator(db, arn_of(db))
    clock.now += 15 * 60 + 1
    with pytest.raises(DynamoError) as caught:
        db.execute("GetRecords", {"ShardIterator": token})
    assert caught.value.name == "ExpiredIteratorException"


def test_records_past_24_hours_are_trimmed(db, clock):
    arn = arn_of(db)
    db.execute("PutItem", {"TableName": "Events", "Item": key("old")})
    old_number = read_all(db, arn)[0]["dynamodb"]["SequenceNumber"]
    clock.now += 24 * 60 * 60 + 1
    db.execute("PutItem", {"TableName": "Events", "Item": key("new")})
    db.sweep_ttl()
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_all(db, arn)] == ["new"]
    with pytest.raises(DynamoError) as caught:
        iterator(db, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=old_number)
    assert (caught.value.name, caught.value.message) == ("TrimmedDataAccessException",
                                                         "The data you are trying to access has been trimmed")


def test_disabling_and_enabling_makes_a_new_stream(db, clock):
    first = arn_of(db)
    db.execute("PutItem", {"TableName": "Events", "Item": key("a")})
    clock.now += 1
    db.execute("UpdateTable", {"TableName": "Events", "StreamSpecification": {"StreamEnabled": False}})
    described = db.execute("DescribeTable", {"TableName": "Events"})["Table"]
    assert "StreamSpecification" not in described and described["LatestStreamArn"] == first
    db.execute("PutItem", {"TableName": "Events", "Item": key("b")})  # no stream: no record
    old = db.execute("DescribeStream", {"StreamArn": first})["StreamDescription"]
    assert old["StreamStatus"] == "DISABLED"
    assert old["Shards"][0]["SequenceNumberRange"]["EndingSequenceNumber"]
    # A closed shard read to its end hands back no iterator.
    page = db.execute("GetRecords", {"ShardIterator": iterator(db, first)})
    assert len(page["Records"]) == 1 and "NextShardIterator" not in page
    clock.now += 1
    db.execute("UpdateTable", {"TableName": "Events",
                               "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}})
    second = arn_of(db)
    assert second != first
    db.execute("PutItem", {"TableName": "Events", "Item": key("c")})
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in read_all(db, second)] == ["c"]
    listed = db.execute("ListStreams", {"TableName": "Events"})["Streams"]
    assert [s["StreamArn"] for s in listed] == [second, first]


def test_stream_specification_errors(db):
    with pytest.raises(DynamoError) as caught:
        db.execute("UpdateTable", {"TableName": "Events",
                                   "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}})
    assert caught.value.message == "Table already has an enabled stream: TableName: Events"
    db.execute("CreateTable", table(name="Plain", stream=False))
    with pytest.raises(DynamoError) as caught:
        db.execute("UpdateTable", {"TableName": "Plain", "StreamSpecification": {"StreamEnabled": False}})
    assert caught.value.message == "Table has no stream to disable: TableName: Plain"


def test_stream_operation_errors(db):
    arn = arn_of(db)

    def refused(op, request):
        with pytest.raises(DynamoError) as caught:
            db.execute(op, request)
        return caught.value.name, caught.value.message

    assert refused("DescribeStream", {"StreamArn": "arn:aws:dynamodb:us-east-1:000000000000:not-a-stream"}) == (
        "ValidationException", "Invalid StreamArn")
    missing = arn.replace("Events", "Nothing")
    assert refused("DescribeStream", {"StreamArn": missing}) == (
        "ResourceNotFoundException", f"Requested resource not found: Stream: {missing} not found")
    assert refused("GetShardIterator", {"StreamArn": arn, "ShardId": "shardId-00000000000000000000-00000000",
                                        "ShardIteratorType": "LATEST"}) == (
        "ResourceNotFoundException", "Requested resource not found: Shard does not exist")
    assert refused("GetShardIterator", {"StreamArn": arn, "ShardId": shard_of(db, arn),
                                        "ShardIteratorType": "AT_SEQUENCE_NUMBER"})[0] == "ValidationException"
    assert refused("GetRecords", {"ShardIterator": "nonsense"}) == ("ValidationException", "Invalid ShardIterator")
    assert refused("GetRecords", {"ShardIterator": iterator(db, arn), "Limit": 1001})[0] == "ValidationException"
    assert refused("GetRecords", {"ShardIterator": iterator(db, arn), "Limit": 0})[1].startswith(
        "1 validation error detected: Value '0' at 'limit'")


def test_list_streams_pages(clock):
    db = Database.memory(clock=clock)
    for n in range(3):
        clock.now += 1
        db.execute("CreateTable", table(name=f"T{n}xx"))
    page = db.execute("ListStreams", {"Limit": 2})
    assert len(page["Streams"]) == 2 and page["LastEvaluatedStreamArn"] == page["Streams"][1]["StreamArn"]
    rest = db.execute("ListStreams", {"ExclusiveStartStreamArn": page["LastEvaluatedStreamArn"]})
    assert len(rest["Streams"]) == 1 and "LastEvaluatedStreamArn" not in rest


def test_boto3_dynamodbstreams_in_process():
    inprocess = pytest.importorskip("dynoxide.inprocess")
    pytest.importorskip("boto3")
    db = Database.memory()
    ddb = inprocess.client(db)
    streams = inprocess.streams_client(db)
    ddb.create_table(**table())
    ddb.put_item(TableName="Events", Item=key("a"))
    arn = ddb.describe_table(TableName="Events")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    token = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=token)["Records"]
    assert records[0]["eventName"] == "INSERT" and records[0]["dynamodb"]["Keys"] == key("a")
    # Modelled errors arrive as their botocore exception classes.
    with pytest.raises(streams.exceptions.ResourceNotFoundException):
        streams.describe_stream(StreamArn=arn.replace("Events", "Nothing"))


def test_boto3_dynamodbstreams_against_dynoxide_serve(serve_process):
    boto3 = pytest.importorskip("boto3")
    process = serve_process()
    options = {"endpoint_url": f"http://127.0.0.1:{process.port}", "region_name": "us-east-1",
               "aws_access_key_id": "x", "aws_secret_access_key": "x"}
    ddb, streams = boto3.client("dynamodb", **options), boto3.client("dynamodbstreams", **options)
    ddb.create_table(**table("NEW_IMAGE"))
    ddb.put_item(TableName="Events", Item={**key("a"), "v": {"S": "x"}})
    arn = ddb.describe_table(TableName="Events")["Table"]["LatestStreamArn"]
    assert streams.list_streams(TableName="Events")["Streams"][0]["StreamArn"] == arn
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    token = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    record = streams.get_records(ShardIterator=token)["Records"][0]
    assert record["eventName"] == "INSERT" and record["dynamodb"]["NewImage"]["v"] == {"S": "x"}


def test_streams_made_in_the_same_millisecond_get_distinct_arns():
    db = Database.memory(clock=lambda: 1_800_000_000.0)  # a frozen clock
    db.execute("CreateTable", table())
    first = arn_of(db)
    db.execute("UpdateTable", {"TableName": "Events", "StreamSpecification": {"StreamEnabled": False}})
    db.execute("UpdateTable", {"TableName": "Events",
                               "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}})
    second = arn_of(db)
    db.execute("DeleteTable", {"TableName": "Events"})
    db.execute("CreateTable", table())
    third = arn_of(db)
    assert len({first, second, third}) == 3
    assert [s["StreamArn"] for s in db.execute("ListStreams", {"TableName": "Events"})["Streams"]][0] == third
