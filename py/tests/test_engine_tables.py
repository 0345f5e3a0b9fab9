"""Control-plane behaviour: create, describe, list, update, delete."""
import pytest

from dynoxide import Database
from support import composite_table, error_of, hash_table, n, s


@pytest.fixture
def db():
    with Database.memory() as database:
        yield database


def test_create_table_reports_creating_then_describe_shows_active(db):
    created = db.execute("CreateTable", hash_table())["TableDescription"]
    assert created["TableStatus"] == "CREATING"
    assert created["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/Things"
    table = db.execute("DescribeTable", {"TableName": "Things"})["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["BillingModeSummary"] == {"BillingMode": "PAY_PER_REQUEST"}
    assert table["ItemCount"] == 0 and table["TableSizeBytes"] == 0
    assert table["TableId"] == created["TableId"]


def test_duplicate_table_is_resource_in_use(db):
    db.execute("CreateTable", hash_table())
    err = error_of(db, "CreateTable", hash_table())
    assert err.name == "ResourceInUseException"
    assert err.message == "Table already exists: Things"


def test_missing_table_is_resource_not_found(db):
    err = error_of(db, "DescribeTable", {"TableName": "Nope"})
    assert err.name == "ResourceNotFoundException"
    assert err.message == "Requested resource not found: Table: Nope not found"


def test_describe_counts_items_and_index_sizes(db):
    db.execute("CreateTable", composite_table(
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}]))
    db.execute("PutItem", {"TableName": "Music", "Item": {"pk": s("a"), "sk": s("1"), "g": s("x")}})
    db.execute("PutItem", {"TableName": "Music", "Item": {"pk": s("a"), "sk": s("2")}})
    table = db.execute("DescribeTable", {"TableName": "Music"})["Table"]
    assert table["ItemCount"] == 2
    gsi = table["GlobalSecondaryIndexes"][0]
    assert gsi["ItemCount"] == 1  # sparse: the second item has no g
    assert gsi["IndexStatus"] == "ACTIVE"
    assert gsi["IndexArn"].endswith(":table/Music/index/byG")


def test_list_tables_pages_in_name_order(db):
    for name in ["ccc", "aaa", "bbb"]:
        db.execute("CreateTable", hash_table(name))
    first = db.execute("ListTables", {"Limit": 2})
    assert first == {"TableNames": ["aaa", "bbb"], "LastEvaluatedTableName": "bbb"}
    assert db.execute("ListTables", {"ExclusiveStartTableName": "bbb"}) == {"TableNames": ["ccc"]}


def test_delete_table_honours_deletion_protection(db):
    db.execute("CreateTable", hash_table(DeletionProtectionEnabled=True))
    err = error_of(db, "DeleteTable", {"TableName": "Things"})
    assert err.name == "ValidationException"
    db.execute("UpdateTable", {"TableName": "Things", "DeletionProtectionEnabled": False})
    assert db.execute("DeleteTable", {"TableName": "Things"})["TableDescription"]["TableStatus"] == "DELETING"
    assert db.execute("ListTables", {})["TableNames"] == []


def test_update_table_adds_gsi_with_backfill(db):
    db.execute("CreateTable", composite_table())
    for sk, genre in [("1", "rock"), ("2", "jazz"), ("3", "rock")]:
        db.execute("PutItem", {"TableName": "Music", "Item": {"pk": s("a"), "sk": s(sk), "genre": s(genre)}})
    db.execute("UpdateTable", {
        "TableName": "Music",
        "AttributeDefinitions": [{"AttributeName": "genre", "AttributeType": "S"}],
        "GlobalSecondaryIndexUpdates": [{"Create": {
            "IndexName": "byGenre", "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}}}]})
    result = db.execute("Query", {"TableName": "Music", "IndexName": "byGenre",
                                  "KeyConditionExpression": "genre = :g",
                                  "ExpressionAttributeValues": {":g": s("rock")}})
    assert sorted(i["sk"]["S"] for i in result["Items"]) == ["1", "3"]
    gsi = db.execute("DescribeTable", {"TableName": "Music"})["Table"]["GlobalSecondaryIndexes"][0]
    assert gsi["IndexStatus"] == "ACTIVE" and gsi["ItemCount"] == 3


def test_update_table_deletes_gsi_and_keeps_base_rows(db):
    db.execute("CreateTable", composite_table(
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"},
                              {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}]))
    db.execute("PutItem", {"TableName": "Music", "Item": {"pk": s("a"), "sk": s("1"), "g": s("x")}})
    db.execute("UpdateTable", {"TableName": "Music", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "byG"}}]})
    assert db.execute("Scan", {"TableName": "Music"})["Count"] == 1
    err = error_of(db, "Query", {"TableName": "Music", "IndexName": "byG", "KeyConditionExpression": "g = :g",
                                 "ExpressionAttributeValues": {":g": s("x")}})
    assert err.name == "ValidationException"
    assert "does not have the specified index" in err.message


def test_update_table_switches_billing_and_class(db):
    db.execute("CreateTable", hash_table())
    db.execute("UpdateTable", {"TableName": "Things", "BillingMode": "PROVISIONED",
                               "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 7}})
    db.execute("UpdateTable", {"TableName": "Things", "TableClass": "STANDARD_INFREQUENT_ACCESS"})
    table = db.execute("DescribeTable", {"TableName": "Things"})["Table"]
    assert "BillingModeSummary" not in table
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert table["ProvisionedThroughput"]["WriteCapacityUnits"] == 7
    assert table["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}


def test_same_throughput_is_rejected(db):
    db.execute("CreateTable", hash_table(BillingMode="PROVISIONED",
                                         ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}))
    err = error_of(db, "UpdateTable", {"TableName": "Things",
                                       "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})
    assert err.message.startswith("The provisioned throughput for the table will not change.")


def test_schema_survives_reopen(tmp_path):
    path = str(tmp_path / "db.sqlite")
    with Database.open(path) as db:
        db.execute("CreateTable", hash_table(key_type="N"))
        db.execute("PutItem", {"TableName": "Things", "Item": {"pk": n("10"), "v": s("ten")}})
    with Database.open(path) as db:
        assert db.execute("GetItem", {"TableName": "Things", "Key": {"pk": n("1E1")}})["Item"]["v"] == s("ten")
