"""boto3 in process: dynoxide.inprocess routes a real boto3 client to a Database."""
import threading

import pytest
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from dynoxide import Database
from dynoxide import inprocess

TABLE = {
    "TableName": "Orders",
    "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                             {"AttributeName": "sk", "AttributeType": "N"}],
}


def test_a_client_reads_and_writes_the_database_it_was_given():
    db = Database.memory()
    client = inprocess.client(db)
    client.create_table(**TABLE)
    client.put_item(TableName="Orders", Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "total": {"N": "12.50"}})
    # The same data, seen straight through the library API.
    got = db.execute("GetItem", {"TableName": "Orders", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}})
    assert got["Item"]["total"] == {"N": "12.5"}
    assert client.get_item(TableName="Orders", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]["total"] == {"N": "12.5"}


def test_errors_arrive_as_botocore_client_errors_with_dynamodbs_code_and_message():
    client = inprocess.client()
    with pytest.raises(ClientError) as caught:
        client.get_item(TableName="Missing", Key={"pk": {"S": "a"}})
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert caught.value.response["Error"]["Message"] == "Requested resource not found"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_failed_condition_is_the_modelled_exception_class():
    client = inprocess.client()
    client.create_table(**TABLE)
    item = {"pk": {"S": "a"}, "sk": {"N": "1"}}
    client.put_item(TableName="Orders", Item=item)
    with pytest.raises(client.exceptions.ConditionalCheckFailedException):
        client.put_item(TableName="Orders", Item=item, ConditionExpression="attribute_not_exists(pk)")


def test_paginators_follow_last_evaluated_key():
    client = inprocess.client()
    client.create_table(**TABLE)
    for i in range(25):
        client.put_item(TableName="Orders", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}})
    pages = list(client.get_paginator("query").paginate(
        TableName="Orders", KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p"}}, Limit=10))
    assert [p["Count"] for p in pages] == [10, 10, 5]
    assert [int(i["sk"]["N"]) for p in pages for i in p["Items"]] == list(range(25))


def test_a_resource_and_its_high_level_api_work_in_process():
    dynamodb = inprocess.resource()
    table = dynamodb.create_table(**TABLE)
    table.put_item(Item={"pk": "a", "sk": 2, "tags": {"x", "y"}})
    table.put_item(Item={"pk": "a", "sk": 1})
    items = table.query(KeyConditionExpression=Key("pk").eq("a"))["Items"]
    assert [i["sk"] for i in items] == [1, 2]
    assert items[1]["tags"] == {"x", "y"}


def test_attach_routes_an_existing_client_and_nothing_goes_over_the_network():
    import boto3

    db = Database.memory(region="eu-west-1")
    client = boto3.client("dynamodb", region_name="eu-west-1", endpoint_url="http://127.0.0.1:9",
                          aws_access_key_id="x", aws_secret_access_key="y")
    inprocess.attach(client, db)  # port 9 (discard) would refuse: an answer proves no socket was used
    client.create_table(**TABLE)
    arn = client.describe_table(TableName="Orders")["Table"]["TableArn"]
    assert arn == "arn:aws:dynamodb:eu-west-1:000000000000:table/Orders"


def test_threads_sharing_one_client_are_served_one_at_a_time_without_loss():
    db = Database.memory()
    client = inprocess.client(db)
    client.create_table(**TABLE)

    def writer(n):
        for i in range(20):
            client.update_item(TableName="Orders", Key={"pk": {"S": "counter"}, "sk": {"N": "0"}},
                               UpdateExpression="ADD hits :one", ExpressionAttributeValues={":one": {"N": "1"}})

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    item = client.get_item(TableName="Orders", Key={"pk": {"S": "counter"}, "sk": {"N": "0"}})["Item"]
    assert item["hits"] == {"N": "80"}


def test_two_clients_on_one_database_never_both_win_a_conditional_put():
    # Each client used to carry its own lock, so two clients' check-then-write
    # could interleave and both be told they created the same item.
    db = Database.memory()
    clients = [inprocess.client(db), inprocess.client(db)]
    clients[0].create_table(**TABLE)
    keys = 200
    wins = [[], []]

    def race(n):
        for k in range(keys):
            try:
                clients[n].put_item(TableName="Orders", Item={"pk": {"S": f"k{k}"}, "sk": {"N": "1"}, "by": {"N": str(n)}},
                                    ConditionExpression="attribute_not_exists(pk)")
                wins[n].append(k)
            except clients[n].exceptions.ConditionalCheckFailedException:
                pass

    threads = [threading.Thread(target=race, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins[0] + wins[1]) == list(range(keys))  # each key won exactly once
    for k in range(keys):
        item = db.execute("GetItem", {"TableName": "Orders", "Key": {"pk": {"S": f"k{k}"}, "sk": {"N": "1"}}})["Item"]
        assert int(item["by"]["N"]) == (0 if k in wins[0] else 1)


def test_threads_calling_one_database_directly_are_serialised():
    db = Database.memory()
    db.execute("CreateTable", TABLE)
    errors = []

    def add(n):
        try:
            for _ in range(200):
                db.execute("UpdateItem", {"TableName": "Orders", "Key": {"pk": {"S": "c"}, "sk": {"N": "1"}},
                                          "UpdateExpression": "ADD hits :one",
                                          "ExpressionAttributeValues": {":one": {"N": "1"}}})
        except Exception as exc:  # noqa: BLE001 - any failure is the bug
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    item = db.execute("GetItem", {"TableName": "Orders", "Key": {"pk": {"S": "c"}, "sk": {"N": "1"}}})["Item"]
    assert item["hits"] == {"N": "800"}
