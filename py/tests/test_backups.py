"""On-demand backups: CreateBackup, DescribeBackup, ListBackups, DeleteBackup,
RestoreTableFromBackup, and the copy that never holds the database for long."""
from __future__ import annotations

import pytest

from dynoxide import Database
from dynoxide.storage import backups as backup_storage

from support import error_of, n, s

ACCOUNT_TABLE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/"


class Clock:
    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def indexed_table(name: str = "Orders", **extra) -> dict:
    request = {
        "TableName": name,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"},
                                 {"AttributeName": "status", "AttributeType": "S"},
                                 {"AttributeName": "total", "AttributeType": "N"}],
        "BillingMode": "PAY_PER_REQUEST",
        "GlobalSecondaryIndexes": [{"IndexName": "by-status", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                                    "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "LocalSecondaryIndexes": [{"IndexName": "by-total", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                                         {"AttributeName": "total", "KeyType": "RANGE"}],
                                   "Projection": {"ProjectionType": "ALL"}}],
    }
    request.update(extra)
    return request


def order(i: int, status: str = "open") -> dict:
    item = {"pk": s(f"c{i % 7}"), "sk": n(i), "total": n(i * 10), "note": s("x" * (i % 5))}
    if i % 3:
        item["status"] = s(status)
    return item


def items_of(db: Database, table: str) -> list[dict]:
    out, start = [], None
    while True:
        request = {"TableName": table, **({"ExclusiveStartKey": start} if start else {})}
        page = db.execute("Scan", request)
        out += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return sorted(out, key=lambda item: (item["pk"]["S"], float(item["sk"]["N"])))


def index_items(db: Database, table: str, index: str) -> list[dict]:
    items = db.execute("Scan", {"TableName": table, "IndexName": index})["Items"]
    return sorted(items, key=lambda item: (item["pk"]["S"], float(item["sk"]["N"])))


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(clock):
    database = Database.memory(clock=clock)
    yield database
    database.close()


def filled(db: Database, count: int = 30, name: str = "Orders", **extra) -> list[dict]:
    db.execute("CreateTable", indexed_table(name, **extra))
    for i in range(count):
        db.execute("PutItem", {"TableName": name, "Item": order(i)})
    return items_of(db, name)


def backup(db: Database, table: str = "Orders", name: str = "nightly") -> str:
    return db.execute("CreateBackup", {"TableName": table, "BackupName": name})["BackupDetails"]["BackupArn"]


# --- CreateBackup and DescribeBackup -----------------------------------------------------

def test_create_backup_answers_creating_with_dynamodbs_arn_and_size(db, clock):
    filled(db, 12)
    size = db.execute("DescribeTable", {"TableName": "Orders"})["Table"]["TableSizeBytes"]
    details = db.execute("CreateBackup", {"TableName": "Orders", "BackupName": "nightly"})["BackupDetails"]
    assert details["BackupStatus"] == "CREATING"
    assert details["BackupType"] == "USER"
    assert details["BackupName"] == "nightly"
    assert details["BackupCreationDateTime"] == clock.now
    assert details["BackupSizeBytes"] == size
    prefix = ACCOUNT_TABLE_ARN + "Orders/backup/"
    assert details["BackupArn"].startswith(prefix)
    millis, suffix = details["BackupArn"][len(prefix):].split("-")
    assert millis == f"{int(clock.now * 1000):014d}" and len(suffix) == 8
    int(suffix, 16)


def test_describe_backup_shows_the_source_table_as_it_was(db, clock):
    filled(db, 12, StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
           SSESpecification={"Enabled": True, "SSEType": "KMS"})
    db.execute("UpdateTimeToLive", {"TableName": "Orders",
                                    "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
    table = db.execute("DescribeTable", {"TableName": "Orders"})["Table"]
    arn = backup(db)
    db.execute("PutItem", {"TableName": "Orders", "Item": order(100)})  # after the backup: not in it
    description = db.execute("DescribeBackup", {"BackupArn": arn})["BackupDescription"]
    assert description["BackupDetails"]["BackupStatus"] == "AVAILABLE"
    source = description["SourceTableDetails"]
    assert source == {
        "TableName": "Orders", "TableId": table["TableId"], "TableArn": table["TableArn"],
        "TableSizeBytes": table["TableSizeBytes"], "KeySchema": table["KeySchema"],
        "TableCreationDateTime": table["CreationDateTime"],
        "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
        "ItemCount": 12, "BillingMode": "PAY_PER_REQUEST"}
    features = description["SourceTableFeatureDetails"]
    assert [i["IndexName"] for i in features["GlobalSecondaryIndexes"]] == ["by-status"]
    assert features["LocalSecondaryIndexes"] == [
        {"IndexName": "by-total", "KeySchema": table["LocalSecondaryIndexes"][0]["KeySchema"],
         "Projection": {"ProjectionType": "ALL"}}]
    assert features["StreamDescription"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert features["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    assert features["SSEDescription"]["Status"] == "ENABLED"


def test_create_backup_takes_a_table_arn(db):
    filled(db, 3)
    arn = backup(db, ACCOUNT_TABLE_ARN + "Orders")
    assert db.execute("DescribeBackup", {"BackupArn": arn})["BackupDescription"]["SourceTableDetails"]["TableName"] \
        == "Orders"


def test_create_backup_of_a_missing_table_is_table_not_found(db):
    error = error_of(db, "CreateBackup", {"TableName": "Nope", "BackupName": "nightly"})
    assert (error.name, error.message) == ("TableNotFoundException", "Table not found: Nope")
    assert error.type == "com.amazonaws.dynamodb.v20120810#TableNotFoundException"


def test_a_missing_backup_is_backup_not_found_everywhere(db):
    arn = ACCOUNT_TABLE_ARN + "Orders/backup/01700000000000-0123abcd"
    for op, request in (("DescribeBackup", {"BackupArn": arn}), ("DeleteBackup", {"BackupArn": arn}),
                        ("RestoreTableFromBackup", {"BackupArn": arn, "TargetTableName": "Copy"})):
        error = error_of(db, op, request)
        assert (error.name, error.message) == ("BackupNotFoundException", f"Backup not found: {arn}")


@pytest.mark.parametrize("op, request_, message", [
    ("CreateBackup", {"TableName": "Orders", "BackupName": "ab"},
     "1 validation error detected: Value 'ab' at 'backupName' failed to satisfy constraint: "
     "Member must have length greater than or equal to 3"),
    ("CreateBackup", {"TableName": "Orders"},
     "1 validation error detected: Value null at 'backupName' failed to satisfy constraint: "
     "Member must not be null"),
    ("CreateBackup", {"TableName": "Orders", "BackupName": "no spaces"},
     "1 validation error detected: Value 'no spaces' at 'backupName' failed to satisfy constraint: "
     "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
    ("DescribeBackup", {"BackupArn": "arn:short"},
     "1 validation error detected: Value 'arn:short' at 'backupArn' failed to satisfy constraint: "
     "Member must have length greater than or equal to 37"),
    ("ListBackups", {"Limit": 101},
     "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: "
     "Member must have value less than or equal to 100"),
    ("ListBackups", {"BackupType": "MINE"},
     "1 validation error detected: Value 'MINE' at 'backupType' failed to satisfy constraint: "
     "Member must satisfy enum value set: [USER, SYSTEM, AWS_BACKUP, ALL]"),
    ("RestoreTableFromBackup", {"BackupArn": ACCOUNT_TABLE_ARN + "Orders/backup/01700000000000-0123abcd"},
     "1 validation error detected: Value null at 'targetTableName' failed to satisfy constraint: "
     "Member must not be null"),
])
def test_requests_are_validated_with_dynamodbs_messages(db, op, request_, message):
    error = error_of(db, op, request_)
    assert (error.name, error.message) == ("ValidationException", message)


def test_a_time_range_must_be_a_number(db):
    error = error_of(db, "ListBackups", {"TimeRangeLowerBound": "yesterday"})
    assert error.name == "SerializationException"


# --- DeleteBackup and ListBackups -------------------------------------------------------

def test_delete_backup_answers_deleted_and_the_backup_is_gone(db):
    filled(db, 3)
    arn = backup(db)
    description = db.execute("DeleteBackup", {"BackupArn": arn})["BackupDescription"]
    assert description["BackupDetails"]["BackupStatus"] == "DELETED"
    assert description["SourceTableDetails"]["ItemCount"] == 3
    assert error_of(db, "DescribeBackup", {"BackupArn": arn}).name == "BackupNotFoundException"
    assert db.execute("ListBackups", {})["BackupSummaries"] == []


def test_list_backups_filters_by_table_time_and_type(db, clock):
    filled(db, 2, name="Orders")
    filled(db, 2, name="Invoices")
    made = {}
    for step, table in enumerate(["Orders", "Invoices", "Orders", "Invoices"]):
        clock.now = 1_700_000_100.0 + step * 10
        made[step] = backup(db, table, f"b{step}xx")
    summaries = db.execute("ListBackups", {})["BackupSummaries"]
    assert [b["BackupArn"] for b in summaries] == [made[i] for i in range(4)]
    assert set(summaries[0]) == {"TableName", "TableId", "TableArn", "BackupArn", "BackupName",
                                 "BackupCreationDateTime", "BackupStatus", "BackupType", "BackupSizeBytes"}
    by_table = db.execute("ListBackups", {"TableName": "Invoices"})["BackupSummaries"]
    assert [b["BackupArn"] for b in by_table] == [made[1], made[3]]
    by_arn = db.execute("ListBackups", {"TableName": ACCOUNT_TABLE_ARN + "Orders"})["BackupSummaries"]
    assert [b["BackupArn"] for b in by_arn] == [made[0], made[2]]
    # Lower bound inclusive, upper bound exclusive.
    window = db.execute("ListBackups", {"TimeRangeLowerBound": 1_700_000_110, "TimeRangeUpperBound": 1_700_000_130})
    assert [b["BackupArn"] for b in window["BackupSummaries"]] == [made[1], made[2]]
    assert db.execute("ListBackups", {"BackupType": "SYSTEM"})["BackupSummaries"] == []
    assert len(db.execute("ListBackups", {"BackupType": "ALL"})["BackupSummaries"]) == 4


def test_list_backups_pages_with_limit_and_exclusive_start(db, clock):
    filled(db, 2)
    made = []
    for step in range(5):
        clock.now += 1
        made.append(backup(db, name=f"page{step}"))
    seen, start = [], None
    while True:
        page = db.execute("ListBackups", {"Limit": 2, **({"ExclusiveStartBackupArn": start} if start else {})})
        seen += [b["BackupArn"] for b in page["BackupSummaries"]]
        start = page.get("LastEvaluatedBackupArn")
        if start is None:
            break
        assert len(page["BackupSummaries"]) == 2
    assert seen == made
    # Paging on past a backup deleted meanwhile.
    db.execute("DeleteBackup", {"BackupArn": made[1]})
    rest = db.execute("ListBackups", {"ExclusiveStartBackupArn": made[1]})["BackupSummaries"]
    assert [b["BackupArn"] for b in rest] == made[2:]


# --- RestoreTableFromBackup ---------------------------------------------------------------

def test_a_backup_outlives_its_table_and_restores_every_item_and_index(db, clock):
    before = filled(db, 40)
    gsi_before = index_items(db, "Orders", "by-status")
    lsi_before = index_items(db, "Orders", "by-total")
    table_before = db.execute("DescribeTable", {"TableName": "Orders"})["Table"]
    arn = backup(db)
    created = clock.now
    db.execute("PutItem", {"TableName": "Orders", "Item": order(99)})
    db.execute("DeleteTable", {"TableName": "Orders"})
    clock.now += 60
    restored = db.execute("RestoreTableFromBackup", {"TargetTableName": "Orders", "BackupArn": arn})
    desc = restored["TableDescription"]
    assert desc["TableStatus"] == "CREATING"
    assert desc["RestoreSummary"] == {"SourceBackupArn": arn, "SourceTableArn": ACCOUNT_TABLE_ARN + "Orders",
                                      "RestoreDateTime": created, "RestoreInProgress": True}
    assert items_of(db, "Orders") == before
    assert index_items(db, "Orders", "by-status") == gsi_before
    assert index_items(db, "Orders", "by-total") == lsi_before
    table = db.execute("DescribeTable", {"TableName": "Orders"})["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["RestoreSummary"]["RestoreInProgress"] is False
    assert table["TableId"] != table_before["TableId"]
    assert table["CreationDateTime"] == clock.now
    assert (table["ItemCount"], table["TableSizeBytes"]) == (40, table_before["TableSizeBytes"])
    for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        assert [(i["IndexName"], i["ItemCount"], i["IndexSizeBytes"]) for i in table[kind]] == \
               [(i["IndexName"], i["ItemCount"], i["IndexSizeBytes"]) for i in table_before[kind]]
    assert table["AttributeDefinitions"] == table_before["AttributeDefinitions"]
    # The backup is still there after a restore.
    assert db.execute("DescribeBackup", {"BackupArn": arn})["BackupDescription"]["BackupDetails"]["BackupStatus"] \
        == "AVAILABLE"


def test_a_restored_table_leaves_stream_ttl_tags_and_protection_behind(db):
    filled(db, 3, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
           Tags=[{"Key": "team", "Value": "a"}], DeletionProtectionEnabled=True, TableClass="STANDARD_INFREQUENT_ACCESS")
    db.execute("UpdateTimeToLive", {"TableName": "Orders",
                                    "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
    db.execute("RestoreTableFromBackup", {"TargetTableName": "Copy", "BackupArn": backup(db)})
    table = db.execute("DescribeTable", {"TableName": "Copy"})["Table"]
    assert "StreamSpecification" not in table and "LatestStreamArn" not in table
    assert table["DeletionProtectionEnabled"] is False
    assert table["TableClassSummary"] == {"TableClass": "STANDARD_INFREQUENT_ACCESS"}
    assert db.execute("DescribeTimeToLive", {"TableName": "Copy"})["TimeToLiveDescription"] == \
        {"TimeToLiveStatus": "DISABLED"}
    assert db.execute("ListTagsOfResource", {"ResourceArn": table["TableArn"]})["Tags"] == []
    pitr = db.execute("DescribeContinuousBackups", {"TableName": "Copy"})["ContinuousBackupsDescription"]
    assert pitr["PointInTimeRecoveryDescription"] == {"PointInTimeRecoveryStatus": "DISABLED"}


def test_restore_onto_an_existing_table_is_table_already_exists(db):
    filled(db, 2)
    error = error_of(db, "RestoreTableFromBackup", {"TargetTableName": "Orders", "BackupArn": backup(db)})
    assert (error.name, error.message) == ("TableAlreadyExistsException", "Table already exists: Orders")


def test_restore_overrides_billing_throughput_indexes_and_encryption(db):
    before = filled(db, 20)
    arn = backup(db)
    db.execute("RestoreTableFromBackup", {
        "TargetTableName": "Provisioned", "BackupArn": arn, "BillingModeOverride": "PROVISIONED",
        "ProvisionedThroughputOverride": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 3},
        "GlobalSecondaryIndexOverride": [],
        "LocalSecondaryIndexOverride": [indexed_table()["LocalSecondaryIndexes"][0]],
        "SSESpecificationOverride": {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": "my-key"}})
    table = db.execute("DescribeTable", {"TableName": "Provisioned"})["Table"]
    assert "BillingModeSummary" not in table
    assert (table["ProvisionedThroughput"]["ReadCapacityUnits"], table["ProvisionedThroughput"]["WriteCapacityUnits"]) \
        == (7, 3)
    assert "GlobalSecondaryIndexes" not in table
    assert [i["IndexName"] for i in table["LocalSecondaryIndexes"]] == ["by-total"]
    assert {d["AttributeName"] for d in table["AttributeDefinitions"]} == {"pk", "sk", "total"}
    assert table["SSEDescription"]["KMSMasterKeyArn"].endswith("key/my-key")
    assert items_of(db, "Provisioned") == before
    error = error_of(db, "Query", {"TableName": "Provisioned", "IndexName": "by-status",
                                   "KeyConditionExpression": "#s = :s", "ExpressionAttributeNames": {"#s": "status"},
                                   "ExpressionAttributeValues": {":s": s("open")}})
    assert error.name == "ValidationException"


def test_restore_overrides_that_do_not_fit_the_backup_are_refused(db):
    filled(db, 2)
    arn = backup(db)
    error = error_of(db, "RestoreTableFromBackup", {"TargetTableName": "Copy", "BackupArn": arn,
                                                    "BillingModeOverride": "PROVISIONED"})
    assert error.message == ("One or more parameter values were invalid: ReadCapacityUnits and "
                             "WriteCapacityUnits must both be specified when BillingMode is PROVISIONED")
    unknown = {"IndexName": "nope", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
               "Projection": {"ProjectionType": "ALL"}}
    error = error_of(db, "RestoreTableFromBackup", {"TargetTableName": "Copy", "BackupArn": arn,
                                                    "GlobalSecondaryIndexOverride": [unknown]})
    assert error.name == "ValidationException" and "nope" in error.message
    changed = {**indexed_table()["GlobalSecondaryIndexes"][0], "Projection": {"ProjectionType": "ALL"}}
    error = error_of(db, "RestoreTableFromBackup", {"TargetTableName": "Copy", "BackupArn": arn,
                                                    "GlobalSecondaryIndexOverride": [changed]})
    assert error.name == "ValidationException" and "by-status" in error.message
    assert error_of(db, "DescribeTable", {"TableName": "Copy"}).name == "ResourceNotFoundException"


# --- the copy: chunk by chunk, a snapshot all the same ---------------------------------------

@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(backup_storage, "COPY_CHUNK", 4)


def test_a_backup_is_the_tables_moment_though_writes_run_between_its_chunks(clock, small_chunks):
    db = Database.memory(clock=clock, copy_backups_in_sweeps=True)
    at_backup = filled(db, 60)
    arn = backup(db)
    assert db.backups_pending()
    steps = 0
    # Writes between chunks, at keys copied already and keys not yet copied.
    for i in range(0, 70, 3):
        db.execute("PutItem", {"TableName": "Orders", "Item": {**order(i), "note": s("changed")}})
        db.execute("DeleteItem", {"TableName": "Orders", "Key": {"pk": s(f"c{(i + 1) % 7}"), "sk": n(i + 1)}})
        db.execute("UpdateItem", {"TableName": "Orders", "Key": {"pk": s(f"c{(i + 2) % 7}"), "sk": n(i + 2)},
                                  "UpdateExpression": "SET note = :v", "ExpressionAttributeValues": {":v": s("u")}})
        db.execute("BatchWriteItem", {"RequestItems": {"Orders": [
            {"PutRequest": {"Item": order(1000 + i)}}, {"DeleteRequest": {"Key": {"pk": s("c0"), "sk": n(i)}}}]}})
        db.sweep_ttl()  # a few chunks
        steps += 1
    while db.backups_pending():
        db.sweep_ttl()
    assert steps > 1
    assert db.execute("DescribeBackup", {"BackupArn": arn})["BackupDescription"]["BackupDetails"]["BackupStatus"] \
        == "AVAILABLE"
    db.execute("RestoreTableFromBackup", {"TargetTableName": "Snapshot", "BackupArn": arn})
    assert items_of(db, "Snapshot") == at_backup
    assert db.execute("DescribeTable", {"TableName": "Snapshot"})["Table"]["ItemCount"] == len(at_backup)


def test_a_backup_being_copied_is_in_use(clock, small_chunks):
    db = Database.memory(clock=clock, copy_backups_in_sweeps=True)
    filled(db, 30)
    arn = backup(db)
    status = db.execute("DescribeBackup", {"BackupArn": arn})["BackupDescription"]["BackupDetails"]["BackupStatus"]
    assert status == "CREATING"
    for op, request in (("DeleteBackup", {"BackupArn": arn}),
                        ("RestoreTableFromBackup", {"BackupArn": arn, "TargetTableName": "Copy"}),
                        ("CreateBackup", {"TableName": "Orders", "BackupName": "second"})):
        assert error_of(db, op, request).name == "BackupInUseException"
    while db.backups_pending():
        db.sweep_ttl()
    db.execute("RestoreTableFromBackup", {"BackupArn": arn, "TargetTableName": "Copy"})


def test_deleting_a_table_finishes_its_backup_first(clock, small_chunks):
    db = Database.memory(clock=clock, copy_backups_in_sweeps=True)
    before = filled(db, 30)
    arn = backup(db)
    db.execute("DeleteTable", {"TableName": "Orders"})
    assert not db.backups_pending()
    db.execute("RestoreTableFromBackup", {"BackupArn": arn, "TargetTableName": "Orders"})
    assert items_of(db, "Orders") == before


def test_a_copy_resumes_after_the_database_is_opened_again(tmp_path, clock, small_chunks):
    path = str(tmp_path / "data.sqlite")
    db = Database.open(path, clock=clock, copy_backups_in_sweeps=True)
    before = filled(db, 60)
    arn = backup(db)
    db.sweep_ttl()  # part of the copy
    assert db.backups_pending()
    db.close()
    db = Database.open(path, clock=clock, copy_backups_in_sweeps=True)
    assert db.backups_pending()
    db.execute("PutItem", {"TableName": "Orders", "Item": {**order(59), "note": s("later")}})
    while db.backups_pending():
        db.sweep_ttl()
    db.execute("RestoreTableFromBackup", {"BackupArn": arn, "TargetTableName": "Copy"})
    assert items_of(db, "Copy") == before
    db.close()


def test_create_backup_natively_returns_once_the_copy_is_done(db, small_chunks):
    before = filled(db, 30)
    arn = backup(db)
    assert not db.backups_pending()
    db.execute("RestoreTableFromBackup", {"BackupArn": arn, "TargetTableName": "Copy"})
    assert items_of(db, "Copy") == before


# --- a deleted table with PITR on leaves a SYSTEM backup ----------------------------------------

def test_deleting_a_pitr_table_leaves_a_system_backup_for_35_days(db, clock):
    before = filled(db, 10)
    db.execute("UpdateContinuousBackups", {"TableName": "Orders",
                                           "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}})
    clock.now += 5
    db.execute("DeleteTable", {"TableName": "Orders"})
    assert db.execute("ListBackups", {})["BackupSummaries"] == []
    (system,) = db.execute("ListBackups", {"BackupType": "SYSTEM"})["BackupSummaries"]
    assert system["BackupType"] == "SYSTEM"
    assert system["BackupExpiryDateTime"] == clock.now + 35 * 24 * 3600
    db.execute("RestoreTableFromBackup", {"BackupArn": system["BackupArn"], "TargetTableName": "Orders"})
    assert items_of(db, "Orders") == before
    assert index_items(db, "Orders", "by-total") == sorted(before, key=lambda i: (i["pk"]["S"], float(i["sk"]["N"])))
    db.sweep_ttl(now=clock.now + 35 * 24 * 3600 + 1)
    assert db.execute("ListBackups", {"BackupType": "ALL"})["BackupSummaries"] == []
