"""Tables per region: a request reaches the tables of the region it is signed
for (its SigV4 credential scope), as in DynamoDB; `--shared-regions` keeps
one namespace; access keys never split data."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlparse

import pytest

from dynoxide import Database, DynamoError, inprocess
from dynoxide.database import region_path
from dynoxide.limits import MAX_REGIONS
from dynoxide.protocol.signing import signed_region
from support import hash_table

boto3 = pytest.importorskip("boto3")
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


def client(endpoint: str, region: str, key: str = "dummy"):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name=region, aws_access_key_id=key,
                        aws_secret_access_key="dummy", config=Config(retries={"max_attempts": 1}))


def make_table(dynamodb, name: str, stream: bool = False) -> dict:
    extra = {"StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}} if stream else {}
    return dynamodb.create_table(**hash_table(name, **extra))["TableDescription"]


# --- the credential scope ---------------------------------------------------------------

@pytest.mark.parametrize("authorization, region", [
    ("AWS4-HMAC-SHA256 Credential=AKID/20261205/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, "
     "Signature=abc", "eu-west-1"),
    ("AWS4-HMAC-SHA256 Credential=AKID/20261205/local/dynamodb/aws4_request, Signature=abc", "local"),
    ("AWS4-HMAC-SHA256 Credential=AKID/20261205/../dynamodb/aws4_request", None),
    ("AWS4-HMAC-SHA256 Credential=AKID/20261205/EU_WEST/dynamodb/aws4_request", None),
    ("Bearer token", None),
    ("", None),
    (None, None),
])
def test_the_region_is_read_from_the_credential_scope(authorization, region):
    assert signed_region(authorization) == region


def test_another_regions_file_sits_beside_the_database():
    assert region_path("/data/tables.db", "eu-west-1") == "/data/tables.eu-west-1.db"
    assert region_path("tables", "ap-south-2") == "tables.ap-south-2"


# --- against dynoxide serve ---------------------------------------------------------------

def test_each_region_lists_only_its_own_tables(serve_process):
    endpoint = serve_process().endpoint
    east, west = client(endpoint, "us-east-1"), client(endpoint, "eu-west-1")
    make_table(east, "Orders")
    make_table(west, "Invoices")
    assert east.list_tables()["TableNames"] == ["Orders"]
    assert west.list_tables()["TableNames"] == ["Invoices"]
    with pytest.raises(ClientError) as caught:
        west.describe_table(TableName="Orders")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_the_same_name_in_two_regions_is_two_tables(serve_process):
    endpoint = serve_process().endpoint
    east, west = client(endpoint, "us-east-1"), client(endpoint, "eu-west-1")
    for dynamodb, where in ((east, "east"), (west, "west")):
        make_table(dynamodb, "Orders")
        dynamodb.put_item(TableName="Orders", Item={"pk": {"S": "1"}, "where": {"S": where}})
    assert east.get_item(TableName="Orders", Key={"pk": {"S": "1"}})["Item"]["where"] == {"S": "east"}
    assert west.get_item(TableName="Orders", Key={"pk": {"S": "1"}})["Item"]["where"] == {"S": "west"}


def test_arns_and_endpoints_carry_the_requests_region(serve_process):
    endpoint = serve_process().endpoint
    west = client(endpoint, "eu-west-1")
    table = make_table(west, "Events", stream=True)
    assert table["TableArn"] == "arn:aws:dynamodb:eu-west-1:000000000000:table/Events"
    assert table["LatestStreamArn"].startswith(table["TableArn"] + "/stream/")
    backup = west.create_backup(TableName="Events", BackupName="nightly")["BackupDetails"]
    assert backup["BackupArn"].startswith(table["TableArn"] + "/backup/")
    assert west.describe_endpoints()["Endpoints"][0]["Address"] == "dynamodb.eu-west-1.amazonaws.com"
    west.put_item(TableName="Events", Item={"pk": {"S": "e1"}})
    streams = boto3.client("dynamodbstreams", endpoint_url=endpoint, region_name="eu-west-1",
                           aws_access_key_id="dummy", aws_secret_access_key="dummy")
    shard = streams.describe_stream(StreamArn=table["LatestStreamArn"])["StreamDescription"]["Shards"][0]
    iterator = streams.get_shard_iterator(StreamArn=table["LatestStreamArn"], ShardId=shard["ShardId"],
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    assert streams.get_records(ShardIterator=iterator)["Records"][0]["awsRegion"] == "eu-west-1"
    # The default region is unchanged: us-east-1's ARNs are as they always were.
    east = make_table(client(endpoint, "us-east-1"), "Events")
    assert east["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/Events"


def test_a_table_arn_must_name_the_requests_region(serve_process):
    endpoint = serve_process().endpoint
    east, west = client(endpoint, "us-east-1"), client(endpoint, "eu-west-1")
    arn = make_table(east, "Orders")["TableArn"]
    assert east.describe_table(TableName=arn)["Table"]["TableName"] == "Orders"
    with pytest.raises(ClientError) as caught:
        west.get_item(TableName=arn, Key={"pk": {"S": "1"}})
    assert caught.value.response["Error"] == {
        "Code": "ValidationException", "Message": f"1 validation error detected: Invalid AWS region in '{arn}'"}


def test_every_operation_kind_takes_an_arn_over_the_wire(serve_process):
    endpoint = serve_process().endpoint
    west = client(endpoint, "eu-west-1")
    arn = make_table(west, "Orders")["TableArn"]
    west.put_item(TableName=arn, Item={"pk": {"S": "1"}})
    west.batch_write_item(RequestItems={arn: [{"PutRequest": {"Item": {"pk": {"S": "2"}}}}]})
    west.transact_write_items(TransactItems=[{"Update": {"TableName": arn, "Key": {"pk": {"S": "3"}},
                                                          "UpdateExpression": "SET v = :v",
                                                          "ExpressionAttributeValues": {":v": {"N": "3"}}}}])
    got = west.batch_get_item(RequestItems={arn: {"Keys": [{"pk": {"S": "1"}}, {"pk": {"S": "2"}}]}})
    assert list(got["Responses"]) == [arn] and len(got["Responses"][arn]) == 2
    assert west.query(TableName=arn, KeyConditionExpression="pk = :p",
                      ExpressionAttributeValues={":p": {"S": "3"}})["Count"] == 1
    assert west.scan(TableName=arn)["Count"] == 3
    assert west.transact_get_items(TransactItems=[{"Get": {"TableName": arn, "Key": {"pk": {"S": "3"}}}}]
                                   )["Responses"][0]["Item"]["v"] == {"N": "3"}
    west.delete_table(TableName=arn)
    assert west.list_tables()["TableNames"] == []


def test_access_keys_never_split_data(serve_process):
    endpoint = serve_process().endpoint
    make_table(client(endpoint, "eu-west-1", key="ALICE"), "Shared")
    assert client(endpoint, "eu-west-1", key="BOB").list_tables()["TableNames"] == ["Shared"]


def test_an_unsigned_request_reaches_the_default_region(serve_process):
    endpoint = serve_process().endpoint
    make_table(client(endpoint, "us-east-1"), "Orders")
    make_table(client(endpoint, "eu-west-1"), "Invoices")
    url = urlparse(endpoint)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("POST", "/", b"{}", {"Content-Type": "application/x-amz-json-1.0",
                                       "X-Amz-Target": "DynamoDB_20120810.ListTables"})
    assert json.loads(conn.getresponse().read()) == {"TableNames": ["Orders"]}
    conn.close()


def test_shared_regions_keeps_one_namespace(serve_process):
    endpoint = serve_process("--shared-regions").endpoint
    east, west = client(endpoint, "us-east-1"), client(endpoint, "eu-west-1")
    table = make_table(west, "Orders")
    assert east.list_tables()["TableNames"] == ["Orders"]
    # One namespace, one region: the database's, whatever a request is signed for.
    assert table["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/Orders"


def test_each_region_persists_in_its_own_file(serve_process, tmp_path):
    path = tmp_path / "tables.db"
    process = serve_process("--db", str(path))
    make_table(client(process.endpoint, "us-east-1"), "Orders")
    make_table(client(process.endpoint, "eu-west-1"), "Invoices")
    process.stop()
    assert sorted(p.name for p in tmp_path.glob("*.db")) == ["tables.db", "tables.eu-west-1.db"]
    again = serve_process("--db", str(path)).endpoint
    assert client(again, "us-east-1").list_tables()["TableNames"] == ["Orders"]
    assert client(again, "eu-west-1").list_tables()["TableNames"] == ["Invoices"]


def test_a_database_made_before_regions_is_the_default_regions(tmp_path):
    path = str(tmp_path / "old.db")
    with Database.open(path, shared_regions=True) as old:  # one namespace, as every database was
        old.execute("CreateTable", hash_table("Legacy"))
    with Database.open(path) as db:
        assert db.execute("ListTables", {}, region="us-east-1")["TableNames"] == ["Legacy"]
        assert db.execute("ListTables", {}, region="eu-west-1")["TableNames"] == []
        assert db.execute("ListTables", {})["TableNames"] == ["Legacy"]


def test_one_regions_tables_open_alone_from_where_serve_keeps_them(tmp_path):
    path = str(tmp_path / "tables.db")
    with Database.open(path) as db:
        db.execute("CreateTable", hash_table("Orders"), region="us-east-1")
        db.execute("CreateTable", hash_table("Invoices"), region="eu-west-1")
        db.execute("PutItem", {"TableName": "Invoices", "Item": {"pk": {"S": "i-1"}}}, region="eu-west-1")
    with Database.open_one_region(path, "eu-west-1") as west:
        assert west.execute("ListTables", {})["TableNames"] == ["Invoices"]
        # Every request reaches them, whatever it is signed for; ARNs name their own region.
        assert west.execute("ListTables", {}, region="ap-south-1")["TableNames"] == ["Invoices"]
        assert west.execute("DescribeTable", {"TableName": "Invoices"})["Table"]["TableArn"].startswith(
            "arn:aws:dynamodb:eu-west-1:")
    with Database.open_one_region(path, "us-east-1") as east:
        assert east.execute("ListTables", {})["TableNames"] == ["Orders"]
    with pytest.raises(ValueError):
        Database.open_one_region(path, "../elsewhere")


def test_export_and_import_take_a_region(tmp_path):
    from dynoxide.cli import main

    path = str(tmp_path / "tables.db")
    with Database.open(path) as db:
        db.execute("CreateTable", hash_table("Invoices"), region="eu-west-1")
        db.execute("PutItem", {"TableName": "Invoices", "Item": {"pk": {"S": "i-1"}}}, region="eu-west-1")
    out = str(tmp_path / "out")
    assert main(["export", "--db", path, "--region", "eu-west-1", "--out", out]) == 0
    assert main(["export", "--db", path, "--out", str(tmp_path / "east")]) == 0  # us-east-1 has none
    assert not (tmp_path / "east" / "Invoices").exists()
    assert main(["import", "--db", path, "--region", "ap-southeast-2", "--from", out]) == 0
    with Database.open(path) as db:
        got = db.execute("Scan", {"TableName": "Invoices"}, region="ap-southeast-2")
        assert got["Items"] == [{"pk": {"S": "i-1"}}]
        assert db.execute("ListTables", {}, region="us-east-1")["TableNames"] == []
    assert main(["export", "--db", path, "--region", "no/such", "--out", out]) == 1


# --- in process ---------------------------------------------------------------------------

def test_inprocess_clients_reach_their_own_regions_tables():
    db = Database.memory()
    east, west = inprocess.client(db), inprocess.client(db, region_name="ap-southeast-2")
    make_table(east, "Orders")
    assert west.list_tables()["TableNames"] == []
    assert make_table(west, "Orders")["TableArn"] == "arn:aws:dynamodb:ap-southeast-2:000000000000:table/Orders"
    assert db.regions == ["ap-southeast-2", "us-east-1"]


def test_the_mock_keeps_each_clients_region_apart(monkeypatch):
    import dynoxide

    for name, value in (("AWS_ACCESS_KEY_ID", "dummy"), ("AWS_SECRET_ACCESS_KEY", "dummy"),
                        ("AWS_DEFAULT_REGION", "us-east-1"), ("AWS_CONFIG_FILE", "/dev/null"),
                        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"), ("AWS_EC2_METADATA_DISABLED", "true")):
        monkeypatch.setenv(name, value)
    with dynoxide.mock() as db:
        make_table(boto3.client("dynamodb"), "Notes")
        west = boto3.client("dynamodb", region_name="eu-west-1")
        assert west.list_tables()["TableNames"] == []
        assert make_table(west, "Notes")["TableArn"] == "arn:aws:dynamodb:eu-west-1:000000000000:table/Notes"
        assert db.execute("ListTables", {})["TableNames"] == ["Notes"]  # the scope's own region: us-east-1


def test_a_database_opens_storage_for_a_bounded_number_of_regions():
    db = Database.memory()
    for n in range(MAX_REGIONS - 1):
        db.execute("ListTables", {}, region=f"test-{n}")
    with pytest.raises(DynamoError) as caught:
        db.execute("ListTables", {}, region="one-too-many")
    assert caught.value.name == "ValidationException"
    assert db.execute("ListTables", {}, region="test-0") == {"TableNames": []}  # known regions still answer


def test_a_region_name_that_could_leave_the_databases_directory_is_refused(tmp_path):
    with Database.open(str(tmp_path / "tables.db")) as db:
        with pytest.raises(DynamoError) as caught:
            db.execute("ListTables", {}, region="../elsewhere")
        assert caught.value.name == "ValidationException"
    assert sorted(p.name for p in tmp_path.parent.glob("*elsewhere*")) == []


def test_sweeps_reach_every_regions_tables():
    db = Database.memory(clock=lambda: 1_000_000.0)
    for region in ("us-east-1", "eu-west-1"):
        db.execute("CreateTable", hash_table("Sessions"), region=region)
        db.execute("UpdateTimeToLive", {"TableName": "Sessions", "TimeToLiveSpecification":
                                        {"Enabled": True, "AttributeName": "expires"}}, region=region)
        db.execute("PutItem", {"TableName": "Sessions", "Item": {"pk": {"S": "s"}, "expires": {"N": "10"}}},
                   region=region)
    assert db.sweep_ttl(now=2_000_000.0) == 2
