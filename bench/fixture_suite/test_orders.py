"""50 tests of the shape a DynamoDB test suite has: each creates a table with
a GSI, writes 100 items one by one, and queries them by key and by index."""
import pytest

ITEMS = 100


@pytest.mark.parametrize("n", range(50))
def test_orders(ddb, n):
    ddb.create_table(
        TableName="Orders", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "order", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "customer", "AttributeType": "S"},
                              {"AttributeName": "order", "AttributeType": "N"},
                              {"AttributeName": "status", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-status",
                                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                               {"AttributeName": "order", "KeyType": "RANGE"}],
                                 "Projection": {"ProjectionType": "ALL"}}])
    for i in range(ITEMS):
        ddb.put_item(TableName="Orders", Item={
            "customer": {"S": f"c{i % 5}"}, "order": {"N": str(i)},
            "status": {"S": "open" if i % 2 else "shipped"}, "total": {"N": f"{i}.{n:02}"}})
    by_key = ddb.query(TableName="Orders", KeyConditionExpression="customer = :c",
                       ExpressionAttributeValues={":c": {"S": "c3"}})
    assert by_key["Count"] == ITEMS // 5
    by_index = ddb.query(TableName="Orders", IndexName="by-status",
                         KeyConditionExpression="#s = :s AND #o >= :o",
                         ExpressionAttributeNames={"#s": "status", "#o": "order"},
                         ExpressionAttributeValues={":s": {"S": "open"}, ":o": {"N": "50"}})
    assert by_index["Count"] == 25
    assert [int(i["order"]["N"]) for i in by_index["Items"]] == list(range(51, 100, 2))
