"""The pytest plugin: fixtures, the seeding marker and factory, and the served endpoint."""
import base64
import gzip
import hashlib
import json
import tomllib
from pathlib import Path

import boto3
import pytest
from boto3.dynamodb.conditions import Key

from dynoxide import Database
from dynoxide.testing.seed import seed

ROOT = Path(__file__).resolve().parents[2]


def test_the_plugin_is_a_pytest11_entry_point_and_is_loaded(pytestconfig):
    entry_points = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["pytest11"]
    assert entry_points == {"dynoxide": "dynoxide.testing.pytest_plugin"}
    assert any(getattr(plugin, "__name__", "") == "dynoxide.testing.pytest_plugin"
               for plugin in pytestconfig.pluginmanager.get_plugins())


def test_dynoxide_db_is_a_fresh_in_memory_database(dynoxide_db):
    assert isinstance(dynoxide_db, Database)
    assert dynoxide_db.execute("ListTables")["TableNames"] == []


def test_the_client_and_resource_fixtures_share_the_tests_database(dynoxide_db, dynamodb, dynamodb_resource):
    dynamodb.create_table(TableName="Notes", BillingMode="PAY_PER_REQUEST",
                          KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
    dynamodb_resource.Table("Notes").put_item(Item={"id": "1", "n": 2})
    assert dynoxide_db.execute("Scan", {"TableName": "Notes"})["Count"] == 1
    with pytest.raises(dynamodb.exceptions.ResourceNotFoundException):
        dynamodb.describe_table(TableName="Missing")


def test_dynoxide_mock_reaches_clients_the_code_under_test_makes(dynoxide_mock):
    def code_under_test():
        return boto3.client("dynamodb", region_name="us-east-1").list_tables()["TableNames"]

    dynoxide_mock.execute("CreateTable", {
        "TableName": "Notes", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]})
    assert code_under_test() == ["Notes"]


@pytest.mark.dynoxide_seed("data/notes.json")
def test_the_marker_seeds_tables_items_and_indexes_from_a_dynamodb_json_file(dynamodb_resource):
    notes = dynamodb_resource.Table("Notes")
    assert [i["text"] for i in notes.query(KeyConditionExpression=Key("user").eq("ana"))["Items"]] == ["plan", "milk"]
    work = notes.query(IndexName="by-tag", KeyConditionExpression=Key("tag").eq("work"))["Items"]
    assert sorted(i["text"] for i in work) == ["plan", "ship"]
    # The second table came from describe-table output.
    assert dynamodb_resource.Table("Users").get_item(Key={"user": "ana"})["Item"]["name"] == "Ana"


def test_the_factory_seeds_inside_the_test(dynoxide_seed, dynamodb):
    assert dynoxide_seed("data/notes.json") == {"Notes": 3, "Users": 1}
    assert dynamodb.describe_table(TableName="Users")["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 5


def write_export(directory: Path, items: list[dict], table_arn: str) -> Path:
    """A DynamoDB export to S3 in DYNAMODB_JSON format, as S3 lays it out
    (with no table description, as DynamoDB's own have none)."""
    export = directory / "AWSDynamoDB" / "01700000000000-abcdef12"
    (export / "data").mkdir(parents=True)
    files = []
    for n, chunk in enumerate((items[:2], items[2:])):
        name = f"part{n}.json.gz"
        data = gzip.compress("".join(json.dumps({"Item": item}) + "\n" for item in chunk).encode())
        (export / "data" / name).write_bytes(data)
        files.append({"itemCount": len(chunk), "md5Checksum": base64.b64encode(hashlib.md5(data).digest()).decode(),
                      "etag": "y", "dataFileS3Key": f"AWSDynamoDB/01700000000000-abcdef12/data/{name}"})
    (export / "manifest-files.json").write_text("".join(json.dumps(f) + "\n" for f in files))
    (export / "manifest-summary.json").write_text(json.dumps({
        "version": "2020-06-30", "exportArn": table_arn + "/export/01700000000000-abcdef12",
        "tableArn": table_arn, "itemCount": len(items), "outputFormat": "DYNAMODB_JSON",
        "manifestFilesS3Key": "AWSDynamoDB/01700000000000-abcdef12/manifest-files.json"}))
    # What `aws s3 cp --recursive` brings down besides: the marker and checksum files.
    for extra in ("_started", "manifest-summary.checksum", "manifest-files.checksum"):
        (export / extra).write_text("")
    return directory


EXPORTED = [{"id": {"S": str(n)}, "tags": {"SS": ["a", "b"]}, "n": {"N": str(n)}} for n in range(3)]
PLAIN_TABLE = {"TableName": "Plain", "BillingMode": "PAY_PER_REQUEST",
               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}


def test_an_export_directory_seeds_the_table_given_or_the_one_its_manifest_names(tmp_path, dynoxide_seed, dynamodb):
    export = write_export(tmp_path, EXPORTED, "arn:aws:dynamodb:us-east-1:123456789012:table/Plain")
    assert dynoxide_seed(str(export), table=PLAIN_TABLE) == {"Plain": 3}
    assert dynamodb.get_item(TableName="Plain", Key={"id": {"S": "2"}})["Item"]["tags"] == {"SS": ["a", "b"]}
    dynamodb.delete_item(TableName="Plain", Key={"id": {"S": "2"}})
    assert dynoxide_seed(str(export)) == {"Plain": 3}  # the table exists: filled again
    assert dynamodb.scan(TableName="Plain")["Count"] == 3


def test_an_export_of_a_table_that_does_not_exist_needs_its_definition(tmp_path, dynoxide_seed, dynoxide_db):
    from dynoxide import DynamoError

    export = write_export(tmp_path, EXPORTED, "arn:aws:dynamodb:us-east-1:123456789012:table/Plain")
    with pytest.raises(DynamoError) as caught:
        dynoxide_seed(str(export))
    assert caught.value.type == "com.dynoxide.exchange#InvalidExport" and "Plain" in caught.value.message
    assert dynoxide_db.execute("ListTables")["TableNames"] == []


@pytest.mark.dynoxide_seed("data/notes-export")
def test_the_marker_seeds_from_a_dynoxide_export_creating_tables_from_their_description(dynamodb, dynamodb_resource):
    assert dynamodb.list_tables()["TableNames"] == ["Notes", "Users"]
    notes = dynamodb_resource.Table("Notes")
    work = notes.query(IndexName="by-tag", KeyConditionExpression=Key("tag").eq("work"))["Items"]
    assert sorted(i["text"] for i in work) == ["plan", "ship"]
    assert dynamodb.describe_time_to_live(TableName="Notes")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    arn = dynamodb.describe_table(TableName="Notes")["Table"]["TableArn"]
    assert dynamodb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "a"}]
    assert dynamodb.describe_table(TableName="Users")["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 5


def test_the_factory_seeds_one_table_of_an_export_under_another_name(dynoxide_seed, dynamodb):
    assert dynoxide_seed("data/notes-export/Users", table="People") == {"People": 1}
    assert dynamodb.get_item(TableName="People", Key={"user": {"S": "ana"}})["Item"]["name"] == {"S": "Ana"}


def test_a_bad_export_line_fails_clearly_and_writes_nothing(tmp_path):
    from dynoxide import DynamoError

    export = write_export(tmp_path, EXPORTED, "arn:aws:dynamodb:us-east-1:1:table/Plain")
    data = next(export.glob("**/part0.json.gz"))
    with gzip.open(data, "wt") as broken:
        broken.write('{"id": {"S": "1"}}\n')
    db = Database.memory()
    db.execute("CreateTable", PLAIN_TABLE)
    with pytest.raises(DynamoError) as caught:
        seed(db, export)
    assert caught.value.type == "com.dynoxide.exchange#CorruptData" and "part0.json.gz" in caught.value.message
    assert db.execute("Scan", {"TableName": "Plain"})["Count"] == 0


def test_a_bad_item_in_a_seed_file_is_dynamodbs_error(tmp_path):
    from dynoxide import DynamoError

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**PLAIN_TABLE, "Items": [{"id": {"N": "1"}}]}))
    with pytest.raises(DynamoError) as caught:
        seed(Database.memory(), bad)
    assert caught.value.name == "ValidationException"


@pytest.mark.dynoxide_seed("data/notes-export")
def test_the_marker_seeds_dynamodb_endpoint_from_an_export(dynamodb_endpoint):
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, region_name="us-east-1",
                          aws_access_key_id="x", aws_secret_access_key="x")
    assert client.list_tables()["TableNames"] == ["Notes", "Users"]
    work = client.query(TableName="Notes", IndexName="by-tag", KeyConditionExpression="tag = :t",
                        ExpressionAttributeValues={":t": {"S": "work"}})["Items"]
    assert sorted(i["text"]["S"] for i in work) == ["plan", "ship"]
    assert client.describe_time_to_live(TableName="Notes")["TimeToLiveDescription"]["AttributeName"] == "expires"


def test_an_export_into_an_endpoint_table_with_other_keys_is_refused_before_any_write(tmp_path, dynamodb_endpoint):
    from dynoxide import DynamoError
    from dynoxide.remote import RemoteDatabase

    remote = RemoteDatabase(dynamodb_endpoint)
    remote.execute("CreateTable", {**PLAIN_TABLE, "KeySchema": [{"AttributeName": "n", "KeyType": "HASH"}],
                                   "AttributeDefinitions": [{"AttributeName": "n", "AttributeType": "N"}]})
    export = write_export(tmp_path, EXPORTED, "arn:aws:dynamodb:us-east-1:1:table/Plain")
    with pytest.raises(DynamoError) as caught:
        seed(remote, export, table=PLAIN_TABLE)
    assert caught.value.name == "ValidationException" and "key schema" in caught.value.message
    assert remote.execute("Scan", {"TableName": "Plain"})["Count"] == 0
    remote.close()


@pytest.mark.dynoxide_seed("data/notes.json")
def test_dynamodb_endpoint_is_a_seeded_served_endpoint(dynamodb_endpoint):
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, region_name="us-east-1",
                          aws_access_key_id="x", aws_secret_access_key="x")
    assert client.list_tables()["TableNames"] == ["Notes", "Users"]
    client.update_table(TableName="Notes", DeletionProtectionEnabled=True)
    client.create_table(**PLAIN_TABLE)


def test_dynamodb_endpoint_is_emptied_before_each_test(dynamodb_endpoint):
    client = boto3.client("dynamodb", endpoint_url=dynamodb_endpoint, region_name="us-east-1",
                          aws_access_key_id="x", aws_secret_access_key="x")
    assert client.list_tables()["TableNames"] == []
