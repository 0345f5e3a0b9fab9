"""boto3's search_vectors against `dynoxide serve` and in process.

botocore routes SearchVectors to its own search endpoint
(search-dynamodb.<region>.amazonaws.com) only when no endpoint_url is set;
with one, it posts DynamoDB_20120810.SearchVectors to that endpoint like any
other operation, so nothing special is needed on our side.
"""
from __future__ import annotations

import uuid

import pytest

from dynoxide import Database, inprocess

botocore_exceptions = pytest.importorskip("botocore.exceptions")


def _exercise(client, name: str) -> None:
    if "SearchVectors" not in client.meta.service_model.operation_names:
        pytest.skip("this botocore predates vector search (boto3 1.44 has search_vectors)")
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        VectorIndexes=[{"IndexName": "vix", "VectorAttribute": {"AttributeName": "embedding"}, "Dimensions": 3,
                        "DistanceFunction": "EUCLIDEAN", "Projection": {"ProjectionType": "ALL"}}])
    for pk, values in {"a": (1, 0, 0), "b": (0, 1, 0), "c": (0, 0, 1)}.items():
        client.put_item(TableName=name, Item={"pk": {"S": pk}, "embedding": {"L": [{"N": str(v)} for v in values]}})
    found = client.search_vectors(TableName=name, IndexName="vix", TopK=2, ReturnConsumedCapacity="TOTAL",
                                  SearchVector=[{"N": "0.9"}, {"N": "0.1"}, {"N": "0"}])
    assert [r["Item"]["pk"]["S"] for r in found["SearchResults"]] == ["a", "b"]
    assert found["SearchResults"][0]["Score"] == pytest.approx(0.1414213, rel=1e-6)
    assert found["ConsumedCapacity"] == {"VectorSearchRequestBytes": 1024.0}
    assert client.describe_table(TableName=name)["Table"]["VectorIndexes"][0]["ItemCount"] == 3
    with pytest.raises(botocore_exceptions.ClientError) as caught:
        client.search_vectors(TableName=name, IndexName="vix", TopK=1, SearchVector=[{"N": "1"}])
    assert caught.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "Input search vector dimension 1 does not match vector index dimension 3"}


def test_search_vectors_through_dynoxide_serve(boto3_client):
    _exercise(boto3_client, f"vec_{uuid.uuid4().hex[:8]}")


def test_search_vectors_in_process():
    _exercise(inprocess.client(Database.memory()), "Vectors")
