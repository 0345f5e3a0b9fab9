"""Backups and point-in-time recovery through boto3, against `dynoxide serve`
(real clock) and in process (an injected clock, to restore to exact seconds)."""
from __future__ import annotations

import time
import uuid

import pytest

from dynoxide import Database, inprocess

boto3 = pytest.importorskip("boto3")
from boto3.dynamodb.types import TypeDeserializer  # noqa: E402


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def create(client, name: str) -> None:
    client.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                              {"AttributeName": "kind", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-kind", "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}])


def put_many(client, table: str, first: int, count: int) -> None:
    for start in range(first, first + count, 25):
        client.batch_write_item(RequestItems={table: [
            {"PutRequest": {"Item": {"pk": {"S": f"p{i % 13}"}, "sk": {"N": str(i)}, "kind": {"S": f"k{i % 3}"},
                                     "blob": {"B": bytes([i % 256]) * (i % 50)}, "tags": {"SS": [f"t{i}", "x"]}}}}
            for i in range(start, min(start + 25, first + count))]})


def everything(client, table: str, index: str | None = None) -> list[dict]:
    pages = client.get_paginator("scan").paginate(TableName=table, **({"IndexName": index} if index else {}))
    deserialize = TypeDeserializer().deserialize
    items = [{k: deserialize(v) for k, v in item.items()} for page in pages for item in page["Items"]]
    return sorted(items, key=lambda item: (item["pk"], item["sk"]))


def test_back_up_delete_the_table_restore_and_compare_every_item(boto3_client):
    client, table = boto3_client, unique("backed-up")
    create(client, table)
    put_many(client, table, 0, 300)
    before, by_kind = everything(client, table), everything(client, table, "by-kind")
    details = client.create_backup(TableName=table, BackupName="before-delete")["BackupDetails"]
    assert details["BackupStatus"] in ("CREATING", "AVAILABLE")
    arn = details["BackupArn"]
    client.get_waiter("table_exists").wait(TableName=table)
    described = client.describe_backup(BackupArn=arn)["BackupDescription"]
    assert described["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    assert described["SourceTableDetails"]["ItemCount"] == 300
    client.delete_table(TableName=table)
    client.get_waiter("table_not_exists").wait(TableName=table)
    assert [b["BackupArn"] for b in client.list_backups(TableName=table)["BackupSummaries"]] == [arn]
    restored = client.restore_table_from_backup(TargetTableName=table, BackupArn=arn)["TableDescription"]
    assert restored["RestoreSummary"]["SourceBackupArn"] == arn
    client.get_waiter("table_exists").wait(TableName=table)
    assert everything(client, table) == before
    assert everything(client, table, "by-kind") == by_kind
    assert client.describe_table(TableName=table)["Table"]["ItemCount"] == 300
    assert client.delete_backup(BackupArn=arn)["BackupDescription"]["BackupDetails"]["BackupStatus"] == "DELETED"
    with pytest.raises(client.exceptions.BackupNotFoundException):
        client.describe_backup(BackupArn=arn)
    with pytest.raises(client.exceptions.TableNotFoundException):
        client.create_backup(TableName=unique("missing"), BackupName="nope")
    client.delete_table(TableName=table)


def test_pitr_restore_to_a_second_in_the_middle_over_http(boto3_client):
    """boto3 sends whole seconds, so the writes before and after are set on either side of one."""
    client, table = boto3_client, unique("pitr")
    create(client, table)
    client.update_continuous_backups(TableName=table,
                                     PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    put_many(client, table, 0, 60)
    client.update_item(TableName=table, Key={"pk": {"S": "p0"}, "sk": {"N": "0"}},
                       UpdateExpression="SET kind = :k", ExpressionAttributeValues={":k": {"S": "changed"}})
    middle_state = everything(client, table)
    middle = int(time.time()) + 1
    time.sleep(max(0.0, middle - time.time()) + 0.05)  # the next writes come after that second
    put_many(client, table, 60, 40)
    client.delete_item(TableName=table, Key={"pk": {"S": "p1"}, "sk": {"N": "1"}})
    pitr = client.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"][
        "PointInTimeRecoveryDescription"]
    assert pitr["PointInTimeRecoveryStatus"] == "ENABLED"
    assert pitr["EarliestRestorableDateTime"].timestamp() <= middle <= pitr["LatestRestorableDateTime"].timestamp()
    target = unique("pitr-middle")
    client.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=target, RestoreDateTime=middle)
    assert everything(client, target) == middle_state
    latest = unique("pitr-latest")
    client.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=latest, UseLatestRestorableTime=True)
    assert everything(client, latest) == everything(client, table)
    with pytest.raises(client.exceptions.InvalidRestoreTimeException):
        client.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=unique("early"),
                                              RestoreDateTime=middle - 3600)
    with pytest.raises(client.exceptions.TableAlreadyExistsException):
        client.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=target,
                                              UseLatestRestorableTime=True)
    for name in (table, target, latest):
        client.delete_table(TableName=name)


def test_pitr_restore_to_exact_seconds_with_an_injected_clock():
    now = [1_700_000_000.0]
    db = Database.memory(clock=lambda: now[0])
    client = inprocess.client(db)
    create(client, "Ledger")
    client.update_continuous_backups(TableName="Ledger",
                                     PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True,
                                                                       "RecoveryPeriodInDays": 7})
    states = {}
    for second in range(1, 6):
        now[0] += 1
        put_many(client, "Ledger", second * 10, 10)
        if second % 2 == 0:
            client.delete_item(TableName="Ledger", Key={"pk": {"S": f"p{(second * 10) % 13}"},
                                                        "sk": {"N": str(second * 10)}})
        states[now[0]] = everything(client, "Ledger")
    now[0] += 1
    for when, expected in states.items():
        target = f"Ledger-{int(when)}"
        client.restore_table_to_point_in_time(SourceTableName="Ledger", TargetTableName=target,
                                              RestoreDateTime=when)
        assert everything(client, target) == expected
        assert everything(client, target, "by-kind") == sorted(expected, key=lambda i: (i["pk"], i["sk"]))
    backups = client.list_backups(BackupType="ALL")["BackupSummaries"]
    assert backups == []
    db.close()
