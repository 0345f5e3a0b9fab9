"""dynoxide.mock(): every boto3 / aiobotocore DynamoDB client in a scope answered in process."""
import asyncio
import os
import subprocess
import sys
import textwrap
import threading
import unittest

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError

import dynoxide
from dynoxide import Database

TABLE = {
    "TableName": "Notes",
    "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
}
# Port 9 (discard) refuses connections: a client pointed there proves where an answer came from.
REFUSING = "http://127.0.0.1:9"
NO_RETRY = Config(retries={"max_attempts": 1})


@pytest.fixture(autouse=True)
def aws_credentials(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


def tables():
    return boto3.client("dynamodb").list_tables()["TableNames"]


def test_a_client_made_in_the_scope_reads_and_writes_the_scopes_database():
    with dynoxide.mock() as db:
        client = boto3.client("dynamodb")
        client.create_table(**TABLE)
        client.put_item(TableName="Notes", Item={"id": {"S": "1"}, "text": {"S": "hi"}})
        assert db.execute("GetItem", {"TableName": "Notes", "Key": {"id": {"S": "1"}}})["Item"]["text"] == {"S": "hi"}
        table = boto3.resource("dynamodb").Table("Notes")
        assert table.get_item(Key={"id": "1"})["Item"] == {"id": "1", "text": "hi"}


def test_a_client_made_before_the_scope_is_answered_only_inside_it():
    client = boto3.client("dynamodb", endpoint_url=REFUSING, config=NO_RETRY)
    with dynoxide.mock():
        client.create_table(**TABLE)
        assert client.list_tables()["TableNames"] == ["Notes"]
    with pytest.raises(EndpointConnectionError):
        client.list_tables()


def test_a_client_with_no_credentials_at_all_works_in_the_scope(monkeypatch):
    client = boto3.Session().client("dynamodb")  # a new session, nothing configured: no credentials
    assert client._request_signer._credentials is None
    with dynoxide.mock():
        assert client.list_tables()["TableNames"] == []


def test_placeholder_credentials_are_set_only_when_none_are_configured_and_removed_after(monkeypatch):
    with dynoxide.mock():
        assert os.environ["AWS_ACCESS_KEY_ID"] == "dynoxide"
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"  # configured by the fixture: kept
    assert "AWS_ACCESS_KEY_ID" not in os.environ
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "mine")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with dynoxide.mock() as db:
        assert os.environ["AWS_ACCESS_KEY_ID"] == "mine"
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"  # none configured: the placeholder
        assert db.region == "us-east-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_the_database_takes_the_configured_region(monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    with dynoxide.mock():
        client = boto3.client("dynamodb")
        arn = client.create_table(**TABLE)["TableDescription"]["TableArn"]
    assert arn == "arn:aws:dynamodb:eu-west-1:000000000000:table/Notes"


def test_errors_are_botocores_modelled_exceptions():
    with dynoxide.mock():
        client = boto3.client("dynamodb")
        with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
            client.get_item(TableName="Missing", Key={"id": {"S": "1"}})
        assert caught.value.response["Error"]["Message"] == "Requested resource not found"
        client.create_table(**TABLE)
        client.put_item(TableName="Notes", Item={"id": {"S": "1"}})
        with pytest.raises(client.exceptions.ConditionalCheckFailedException):
            client.put_item(TableName="Notes", Item={"id": {"S": "1"}}, ConditionExpression="attribute_not_exists(id)")
        with pytest.raises(ClientError) as caught:
            client.create_table(**{**TABLE, "TableName": "x"})
        assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_each_scope_starts_empty_and_a_nested_scope_shares_its_enclosing_database():
    with dynoxide.mock():
        boto3.client("dynamodb").create_table(**TABLE)
        with dynoxide.mock():
            assert tables() == ["Notes"]
        own = Database.memory()
        with dynoxide.mock(db=own) as inner:
            assert inner is own and tables() == []
        assert tables() == ["Notes"]
    with dynoxide.mock():
        assert tables() == []


def test_mock_db_shares_one_database_across_scopes():
    shared = Database.memory()
    with dynoxide.mock(db=shared):
        boto3.client("dynamodb").create_table(**TABLE)
    with dynoxide.mock(db=shared):
        assert tables() == ["Notes"]


def test_start_and_stop_work_like_mock_aws():
    mocker = dynoxide.mock()
    db = mocker.start()
    try:
        boto3.client("dynamodb").create_table(**TABLE)
        assert mocker.db is db and db.execute("ListTables")["TableNames"] == ["Notes"]
    finally:
        mocker.stop()
    assert dynoxide.testing.mock.active_database() is None


@dynoxide.mock
def test_the_bare_decorator_gives_the_test_a_fresh_database():
    assert tables() == []
    boto3.client("dynamodb").create_table(**TABLE)


@dynoxide.mock()
def test_the_called_decorator_does_too():
    assert tables() == []
    boto3.client("dynamodb").create_table(**TABLE)


@pytest.mark.async_clients
def test_a_decorated_coroutine_reaches_aiobotocore_and_aioboto3_clients():
    aioboto3 = pytest.importorskip("aioboto3", reason="in .venv-async: make test runs it there")
    from aiobotocore.session import get_session

    @dynoxide.mock
    async def scenario():
        async with get_session().create_client("dynamodb") as client:
            await client.create_table(**TABLE)
            await client.put_item(TableName="Notes", Item={"id": {"S": "1"}, "n": {"N": "1"}})
            with pytest.raises(client.exceptions.ConditionalCheckFailedException):
                await client.put_item(TableName="Notes", Item={"id": {"S": "1"}},
                                      ConditionExpression="attribute_not_exists(id)")
        async with aioboto3.Session().resource("dynamodb") as resource:
            table = await resource.Table("Notes")
            await table.update_item(Key={"id": "1"}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": 1})
            return (await table.get_item(Key={"id": "1"}))["Item"], tables()

    item, names = asyncio.run(scenario())
    assert item == {"id": "1", "n": 2} and names == ["Notes"]


def test_other_services_are_left_alone():
    with dynoxide.mock():
        s3 = boto3.client("s3", endpoint_url=REFUSING, config=NO_RETRY)
        with pytest.raises(EndpointConnectionError):
            s3.list_buckets()


def test_with_motos_mock_aws_ours_answers_dynamodb_and_moto_the_rest():
    from moto import mock_aws
    from moto.dynamodb.models import dynamodb_backends

    with mock_aws(), dynoxide.mock() as db:
        client = boto3.client("dynamodb")
        client.create_table(**TABLE)
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket="notes-bucket")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["notes-bucket"]
        assert db.execute("ListTables")["TableNames"] == ["Notes"]
        assert list(dynamodb_backends["123456789012"]["us-east-1"].tables) == []  # moto never ran it


def test_dynamodb_streams_clients_are_answered_too():
    with dynoxide.mock():
        client = boto3.client("dynamodb")
        arn = client.create_table(**TABLE, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})[
            "TableDescription"]["LatestStreamArn"]
        client.put_item(TableName="Notes", Item={"id": {"S": "1"}})
        streams = boto3.client("dynamodbstreams")
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
        records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
        assert [r["eventName"] for r in records] == ["INSERT"]


def test_threads_share_the_scope_and_conditional_writes_stay_atomic():
    with dynoxide.mock() as db:
        boto3.client("dynamodb").create_table(**TABLE)
        boto3.client("dynamodb").put_item(TableName="Notes", Item={"id": {"S": "c"}, "n": {"N": "0"}})
        errors = []

        def bump():
            client = boto3.client("dynamodb")
            for _ in range(10):
                while True:  # optimistic increment: read, then write only if unchanged
                    n = client.get_item(TableName="Notes", Key={"id": {"S": "c"}})["Item"]["n"]["N"]
                    try:
                        client.update_item(TableName="Notes", Key={"id": {"S": "c"}},
                                           UpdateExpression="SET n = :new", ConditionExpression="n = :old",
                                           ExpressionAttributeValues={":new": {"N": str(int(n) + 1)}, ":old": {"N": n}})
                        break
                    except client.exceptions.ConditionalCheckFailedException:
                        continue
                    except Exception as error:  # noqa: BLE001 - reported below
                        errors.append(error)
                        return

        workers = [threading.Thread(target=bump) for _ in range(4)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        assert db.execute("GetItem", {"TableName": "Notes", "Key": {"id": {"S": "c"}}})["Item"]["n"] == {"N": "40"}


@dynoxide.mock
class TestAUnittestCase(unittest.TestCase):
    def setUp(self):
        boto3.client("dynamodb").create_table(**TABLE)

    def test_set_up_and_test_share_a_database(self):
        self.assertEqual(tables(), ["Notes"])

    def test_each_test_gets_a_fresh_one(self):
        boto3.client("dynamodb").put_item(TableName="Notes", Item={"id": {"S": "only-here"}})
        self.assertEqual(boto3.client("dynamodb").scan(TableName="Notes")["Count"], 1)


@dynoxide.mock
class TestAPytestClass:
    def setup_method(self):
        boto3.client("dynamodb").create_table(**TABLE)

    def test_setup_method_and_test_share_a_database(self):
        assert tables() == ["Notes"]

    def test_each_test_gets_a_fresh_one(self):
        client = boto3.client("dynamodb")
        client.put_item(TableName="Notes", Item={"id": {"S": "only-here"}})
        assert client.scan(TableName="Notes")["Count"] == 1


@pytest.mark.async_clients
def test_clients_made_before_dynoxide_was_imported_are_reached(tmp_path):
    pytest.importorskip("aiobotocore", reason="in .venv-async: make test runs it there")
    # A fresh interpreter: the clients exist before any dynoxide hook does.
    script = textwrap.dedent("""
        import asyncio, os
        import boto3
        from aiobotocore.session import get_session
        TABLE = %r
        early = boto3.client("dynamodb")
        early_table = boto3.resource("dynamodb").Table("Notes")

        async def aio():
            async with get_session().create_client("dynamodb") as client:
                import dynoxide
                with dynoxide.mock():
                    await client.create_table(**TABLE)
                    return (await client.list_tables())["TableNames"]

        names = asyncio.run(aio())
        import dynoxide
        with dynoxide.mock():
            early.create_table(**TABLE)
            early_table.put_item(Item={"id": "1"})
            print(early_table.scan()["Count"], names)
    """) % (TABLE,)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "['Notes']"]


def test_an_attached_client_keeps_its_own_database_under_the_mock():
    from dynoxide import inprocess

    own = Database.memory()
    client = inprocess.attach(boto3.client("dynamodb", endpoint_url=REFUSING, config=NO_RETRY), own)
    with dynoxide.mock() as scope_db:
        client.create_table(**TABLE)
        assert own.execute("ListTables")["TableNames"] == ["Notes"]
        assert scope_db.execute("ListTables")["TableNames"] == []  # answered once, by its own database
