"""TTL expiry: what a sweep deletes, what it leaves, and what it writes to a stream."""
from __future__ import annotations

import pytest

from dynoxide import Database

NOW = 1_800_000_000
FIVE_YEARS = 5 * 365 * 24 * 60 * 60


@pytest.fixture
def db():
    db = Database.memory(clock=lambda: float(NOW))
    db.execute("CreateTable", {
        "TableName": "Sessions", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"},
                                 {"AttributeName": "user", "AttributeType": "S"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by_user", "KeySchema": [{"AttributeName": "user", "KeyType": "HASH"}],
                                    "Projection": {"ProjectionType": "ALL"}}],
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"}})
    db.execute("UpdateTimeToLive", {"TableName": "Sessions",
                                    "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
    return db


def put(db, id_, expires):
    item = {"id": {"S": id_}, "user": {"S": "u"}}
    if expires is not None:
        item["expires"] = expires
    db.execute("PutItem", {"TableName": "Sessions", "Item": item})


def ids(db):
    return sorted(i["id"]["S"] for i in db.execute("Scan", {"TableName": "Sessions"})["Items"])


def test_a_sweep_deletes_only_items_whose_number_of_seconds_has_passed(db):
    put(db, "past", {"N": str(NOW - 10)})
    put(db, "now", {"N": str(NOW)})
    put(db, "future", {"N": str(NOW + 10)})
    put(db, "ancient", {"N": str(NOW - FIVE_YEARS - 10)})   # over five years old: DynamoDB ignores it
    put(db, "string", {"S": str(NOW - 10)})                  # not a Number: never expires
    put(db, "millis", {"N": str((NOW - 10) * 1000)})          # milliseconds read as far future
    put(db, "fraction", {"N": f"{NOW - 10}.5"})
    put(db, "none", None)
    assert ids(db) == ["ancient", "fraction", "future", "millis", "none", "now", "past", "string"]  # until swept
    assert db.sweep_ttl() == 3
    assert ids(db) == ["ancient", "future", "millis", "none", "string"]


def test_expiry_removes_index_rows_and_counts_and_writes_a_service_remove_record(db):
    put(db, "past", {"N": str(NOW - 10)})
    put(db, "kept", {"N": str(NOW + 100)})
    db.sweep_ttl()
    by_user = db.execute("Query", {"TableName": "Sessions", "IndexName": "by_user",
                                   "KeyConditionExpression": "#u = :u", "ExpressionAttributeNames": {"#u": "user"},
                                   "ExpressionAttributeValues": {":u": {"S": "u"}}})["Items"]
    assert [i["id"]["S"] for i in by_user] == ["kept"]
    assert db.execute("DescribeTable", {"TableName": "Sessions"})["Table"]["ItemCount"] == 1
    arn = db.execute("DescribeTable", {"TableName": "Sessions"})["Table"]["LatestStreamArn"]
    shard = db.execute("DescribeStream", {"StreamArn": arn})["StreamDescription"]["Shards"][0]["ShardId"]
    token = db.execute("GetShardIterator", {"StreamArn": arn, "ShardId": shard,
                                            "ShardIteratorType": "TRIM_HORIZON"})["ShardIterator"]
    records = db.execute("GetRecords", {"ShardIterator": token})["Records"]
    removal = records[-1]
    assert removal["eventName"] == "REMOVE" and removal["dynamodb"]["Keys"] == {"id": {"S": "past"}}
    assert removal["dynamodb"]["OldImage"]["expires"] == {"N": str(NOW - 10)}
    assert removal["userIdentity"] == {"type": "Service", "principalId": "dynamodb.amazonaws.com"}
    assert all("userIdentity" not in r for r in records[:-1])


def test_a_sweep_is_bounded_and_later_sweeps_finish_the_work(db):
    for n in range(250):
        put(db, f"s{n:03d}", {"N": str(NOW - 1 - n)})
    assert db.sweep_ttl() == 100
    assert db.sweep_ttl() == 100
    assert db.sweep_ttl() == 50
    assert db.sweep_ttl() == 0 and ids(db) == []


def test_a_sweep_as_of_a_later_time(db):
    put(db, "soon", {"N": str(NOW + 60)})
    assert db.sweep_ttl(now=NOW) == 0
    assert db.sweep_ttl(now=NOW + 60) == 1


def test_nothing_expires_when_ttl_is_off(db):
    db.execute("UpdateTimeToLive", {"TableName": "Sessions",
                                    "TimeToLiveSpecification": {"Enabled": False, "AttributeName": "expires"}})
    put(db, "past", {"N": str(NOW - 10)})
    assert db.sweep_ttl() == 0 and ids(db) == ["past"]


def test_ttl_on_another_attribute_is_refused_while_enabled(db):
    with pytest.raises(Exception) as caught:
        db.execute("UpdateTimeToLive", {"TableName": "Sessions",
                                        "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "other"}})
    assert caught.value.message == ("TimeToLive is active on a different AttributeName: current AttributeName "
                                    "is expires")


def test_a_file_database_keeps_expiring_after_reopening(tmp_path):
    path = str(tmp_path / "ttl.sqlite")
    db = Database.open(path, clock=lambda: float(NOW))
    db.execute("CreateTable", {"TableName": "Sessions", "BillingMode": "PAY_PER_REQUEST",
                               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]})
    db.execute("UpdateTimeToLive", {"TableName": "Sessions",
                                    "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
    db.execute("PutItem", {"TableName": "Sessions", "Item": {"id": {"S": "a"}, "expires": {"N": str(NOW - 1)}}})
    db.close()
    again = Database.open(path, clock=lambda: float(NOW))
    assert again.sweep_ttl() == 1
    again.close()


def _served_sessions(serve_process, interval: str):
    """A `dynoxide serve --ttl-interval interval` with a Sessions table, TTL on
    `expires`, and one item that expired five seconds ago; its boto3 client."""
    boto3 = pytest.importorskip("boto3")
    import time

    process = serve_process("--ttl-interval", interval)
    client = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{process.port}", region_name="us-east-1",
                          aws_access_key_id="x", aws_secret_access_key="x")
    client.create_table(TableName="Sessions", BillingMode="PAY_PER_REQUEST",
                        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    client.update_time_to_live(TableName="Sessions",
                               TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    client.put_item(TableName="Sessions", Item={"id": {"S": "old"}, "expires": {"N": str(int(time.time()) - 5)}})
    return client


def test_serve_sweeps_on_a_timer(serve_process):
    import time

    client = _served_sessions(serve_process, "0.2")
    client.put_item(TableName="Sessions", Item={"id": {"S": "new"}, "expires": {"N": str(int(time.time()) + 3600)}})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # a condition polled, not a timed assertion
        if "Item" not in client.get_item(TableName="Sessions", Key={"id": {"S": "old"}}):
            break
        time.sleep(0.1)
    assert "Item" not in client.get_item(TableName="Sessions", Key={"id": {"S": "old"}})
    assert "Item" in client.get_item(TableName="Sessions", Key={"id": {"S": "new"}})


def test_serve_with_ttl_interval_zero_never_sweeps(serve_process):
    import time

    client = _served_sessions(serve_process, "0")
    time.sleep(0.5)
    assert "Item" in client.get_item(TableName="Sessions", Key={"id": {"S": "old"}})  # expired, still readable
