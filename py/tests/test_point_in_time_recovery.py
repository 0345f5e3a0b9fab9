"""Point-in-time recovery: UpdateContinuousBackups, DescribeContinuousBackups,
RestoreTableToPointInTime, and the change log's trimming."""
from __future__ import annotations

import pytest

from dynoxide import Database

from support import error_of, n, s
from test_backups import ACCOUNT_TABLE_ARN, Clock, index_items, indexed_table, items_of, order

DAY = 24 * 3600
START = 1_700_000_000.0


@pytest.fixture
def clock():
    return Clock(START)


@pytest.fixture
def db(clock):
    database = Database.memory(clock=clock)
    yield database
    database.close()


def enable(db: Database, table: str = "Orders", **spec) -> dict:
    return db.execute("UpdateContinuousBackups", {
        "TableName": table, "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True, **spec}})


def pitr_of(db: Database, table: str = "Orders") -> dict:
    return db.execute("DescribeContinuousBackups", {"TableName": table})[
        "ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]


def restore(db: Database, target: str, when: float | None = None, source: str = "Orders", **extra) -> dict:
    request = {"SourceTableName": source, "TargetTableName": target, **extra}
    if when is None:
        request["UseLatestRestorableTime"] = True
    else:
        request["RestoreDateTime"] = when
    return db.execute("RestoreTableToPointInTime", request)["TableDescription"]


# --- UpdateContinuousBackups / DescribeContinuousBackups ------------------------------------

def test_pitr_is_off_until_enabled_then_reports_its_window(db, clock):
    db.execute("CreateTable", indexed_table())
    assert db.execute("DescribeContinuousBackups", {"TableName": "Orders"}) == {"ContinuousBackupsDescription": {
        "ContinuousBackupsStatus": "ENABLED",
        "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}}
    answer = enable(db)["ContinuousBackupsDescription"]
    assert answer["PointInTimeRecoveryDescription"] == {
        "PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 35,
        "EarliestRestorableDateTime": START, "LatestRestorableDateTime": START}
    clock.now += 100
    assert pitr_of(db)["LatestRestorableDateTime"] == START + 100
    assert pitr_of(db)["EarliestRestorableDateTime"] == START


def test_the_recovery_period_can_change_and_bounds_the_window(db, clock):
    db.execute("CreateTable", indexed_table())
    enable(db, RecoveryPeriodInDays=3)
    assert pitr_of(db)["RecoveryPeriodInDays"] == 3
    clock.now += 5 * DAY
    assert pitr_of(db)["EarliestRestorableDateTime"] == clock.now - 3 * DAY
    enable(db, RecoveryPeriodInDays=10)
    assert pitr_of(db)["EarliestRestorableDateTime"] == START
    enable(db)  # already on, no period given: the period stays
    assert pitr_of(db)["RecoveryPeriodInDays"] == 10


def test_turning_pitr_off_and_on_again_restarts_the_window(db, clock):
    db.execute("CreateTable", indexed_table())
    enable(db)
    clock.now += 50
    answer = db.execute("UpdateContinuousBackups", {
        "TableName": "Orders", "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": False}})
    assert answer["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"] == \
        {"PointInTimeRecoveryStatus": "DISABLED"}
    clock.now += 50
    enable(db)
    assert pitr_of(db)["EarliestRestorableDateTime"] == START + 100
    error = error_of(db, "RestoreTableToPointInTime", {"SourceTableName": "Orders", "TargetTableName": "Copy",
                                                       "RestoreDateTime": START + 60})
    assert error.name == "InvalidRestoreTimeException"


@pytest.mark.parametrize("op", ["UpdateContinuousBackups", "DescribeContinuousBackups"])
def test_a_missing_table_is_table_not_found(db, op):
    request = {"TableName": "Nope"}
    if op == "UpdateContinuousBackups":
        request["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
    error = error_of(db, op, request)
    assert (error.name, error.message) == ("TableNotFoundException", "Table not found: Nope")


@pytest.mark.parametrize("spec, message", [
    ({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 36},
     "1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed "
     "to satisfy constraint: Member must have value less than or equal to 35"),
    ({"PointInTimeRecoveryEnabled": True, "RecoveryPeriodInDays": 0},
     "1 validation error detected: Value '0' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays' failed "
     "to satisfy constraint: Member must have value greater than or equal to 1"),
    ({}, "1 validation error detected: Value null at 'pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled' "
         "failed to satisfy constraint: Member must not be null"),
])
def test_the_specification_is_validated(db, spec, message):
    db.execute("CreateTable", indexed_table())
    error = error_of(db, "UpdateContinuousBackups", {"TableName": "Orders", "PointInTimeRecoverySpecification": spec})
    assert (error.name, error.message) == ("ValidationException", message)


# --- RestoreTableToPointInTime -------------------------------------------------------------------

def test_restore_to_any_second_gives_the_table_as_it_was_then(db, clock):
    db.execute("CreateTable", indexed_table())
    for i in range(10):
        db.execute("PutItem", {"TableName": "Orders", "Item": order(i)})
    enable(db)
    states = {}

    def at(second: int, write) -> None:
        clock.now = START + second
        write()
        states[second] = items_of(db, "Orders")

    at(1, lambda: db.execute("PutItem", {"TableName": "Orders", "Item": order(20)}))
    at(2, lambda: db.execute("UpdateItem", {"TableName": "Orders", "Key": {"pk": s("c1"), "sk": n(1)},
                                             "UpdateExpression": "SET #s = :s REMOVE note",
                                             "ExpressionAttributeNames": {"#s": "status"},
                                             "ExpressionAttributeValues": {":s": s("shipped")}}))
    at(3, lambda: db.execute("DeleteItem", {"TableName": "Orders", "Key": {"pk": s("c2"), "sk": n(2)}}))
    at(4, lambda: db.execute("BatchWriteItem", {"RequestItems": {"Orders": [
        {"PutRequest": {"Item": order(21)}}, {"DeleteRequest": {"Key": {"pk": s("c3"), "sk": n(3)}}}]}}))
    at(5, lambda: db.execute("TransactWriteItems", {"TransactItems": [
        {"Put": {"TableName": "Orders", "Item": {**order(20), "note": s("again")}}},
        {"Delete": {"TableName": "Orders", "Key": {"pk": s("c4"), "sk": n(4)}}}]}))
    at(6, lambda: db.execute("ExecuteStatement", {"Statement": "UPDATE Orders SET note = 'pq' WHERE pk = 'c5' AND sk = 5"}))
    at(7, lambda: db.execute("PutItem", {"TableName": "Orders", "Item": order(2)}))  # the deleted key comes back
    clock.now = START + 10
    for second, expected in states.items():
        desc = restore(db, f"At{second}", START + second + 0.5)
        assert desc["RestoreSummary"] == {"SourceTableArn": ACCOUNT_TABLE_ARN + "Orders",
                                          "RestoreDateTime": START + second + 0.5, "RestoreInProgress": True}
        assert items_of(db, f"At{second}") == expected, second
        table = db.execute("DescribeTable", {"TableName": f"At{second}"})["Table"]
        assert table["ItemCount"] == len(expected)
        by_total = sorted(expected, key=lambda i: (i["pk"]["S"], float(i["sk"]["N"])))
        assert index_items(db, f"At{second}", "by-total") == by_total
        assert len(index_items(db, f"At{second}", "by-status")) == sum("status" in i for i in expected)
    # A write at exactly the restore time is included.
    restore(db, "Exactly3", START + 3)
    assert items_of(db, "Exactly3") == states[3]


def test_use_latest_restorable_time_restores_the_table_as_it_is(db, clock):
    db.execute("CreateTable", indexed_table())
    enable(db)
    for i in range(5):
        clock.now += 1
        db.execute("PutItem", {"TableName": "Orders", "Item": order(i)})
    clock.now += 1
    desc = restore(db, "Latest", None)
    assert desc["RestoreSummary"]["RestoreDateTime"] == clock.now
    assert items_of(db, "Latest") == items_of(db, "Orders")


def test_restore_by_source_arn_with_overrides_and_current_indexes(db, clock):
    db.execute("CreateTable", indexed_table())
    enable(db)
    clock.now += 1
    for i in range(6):
        db.execute("PutItem", {"TableName": "Orders", "Item": order(i)})
    clock.now += 1
    # An index created after the restore time: the restored table takes the current settings.
    db.execute("UpdateTable", {"TableName": "Orders", "AttributeDefinitions": [{"AttributeName": "note", "AttributeType": "S"}],
                               "GlobalSecondaryIndexUpdates": [{"Create": {
                                   "IndexName": "by-note", "KeySchema": [{"AttributeName": "note", "KeyType": "HASH"}],
                                   "Projection": {"ProjectionType": "ALL"}}}]})
    clock.now += 1
    db.execute("RestoreTableToPointInTime", {
        "SourceTableArn": ACCOUNT_TABLE_ARN + "Orders", "TargetTableName": "Copy", "RestoreDateTime": START + 1.5,
        "BillingModeOverride": "PROVISIONED", "ProvisionedThroughputOverride": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
        "GlobalSecondaryIndexOverride": [{
            "IndexName": "by-note", "KeySchema": [{"AttributeName": "note", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}, "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}]})
    table = db.execute("DescribeTable", {"TableName": "Copy"})["Table"]
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["by-note"]
    assert table["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"] == 1
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 2
    assert items_of(db, "Copy") == items_of(db, "Orders")
    notes = db.execute("Query", {"TableName": "Copy", "IndexName": "by-note", "KeyConditionExpression": "note = :n",
                                 "ExpressionAttributeValues": {":n": s("x")}})
    assert notes["Count"] == sum(1 for i in items_of(db, "Orders") if i["note"] == s("x"))


def test_restore_errors(db, clock):
    db.execute("CreateTable", indexed_table())
    error = error_of(db, "RestoreTableToPointInTime", {"SourceTableName": "Orders", "TargetTableName": "Copy",
                                                       "UseLatestRestorableTime": True})
    assert (error.name, error.message) == ("PointInTimeRecoveryUnavailableException",
                                           "Point in time recovery is not enabled for table 'Orders'")
    enable(db)
    clock.now += 10
    for request, name in [
        ({"SourceTableName": "Nope", "UseLatestRestorableTime": True}, "TableNotFoundException"),
        ({"UseLatestRestorableTime": True}, "ValidationException"),
        ({"SourceTableName": "Orders", "SourceTableArn": ACCOUNT_TABLE_ARN + "Orders", "UseLatestRestorableTime": True},
         "ValidationException"),
        ({"SourceTableName": "Orders"}, "ValidationException"),
        ({"SourceTableName": "Orders", "UseLatestRestorableTime": True, "RestoreDateTime": START + 1},
         "ValidationException"),
        ({"SourceTableName": "Orders", "RestoreDateTime": START - 1}, "InvalidRestoreTimeException"),
        ({"SourceTableName": "Orders", "RestoreDateTime": START + 11}, "InvalidRestoreTimeException"),
    ]:
        assert error_of(db, "RestoreTableToPointInTime", {"TargetTableName": "Copy", **request}).name == name, request
    error = error_of(db, "RestoreTableToPointInTime", {"SourceTableName": "Orders", "TargetTableName": "Orders",
                                                       "UseLatestRestorableTime": True})
    assert (error.name, error.message) == ("TableAlreadyExistsException", "Table already exists: Orders")
    error = error_of(db, "RestoreTableToPointInTime", {"SourceTableName": "Orders", "TargetTableName": "Copy",
                                                       "RestoreDateTime": START - 1})
    assert error.message == ("An invalid restore time was specified. RestoreDateTime must be between "
                             "EarliestRestorableDateTime and LatestRestorableDateTime.")


def _log_rows(db: Database, table: str = "Orders") -> int:
    engine = db._engine
    return engine.conn.query(f'SELECT count(*) FROM "h_{engine.catalog.get(table).sql_table}"')[0][0]


def test_the_log_is_trimmed_to_the_recovery_period(db, clock):
    db.execute("CreateTable", indexed_table())
    enable(db, RecoveryPeriodInDays=1)
    for i in range(5):
        db.execute("PutItem", {"TableName": "Orders", "Item": order(i)})
    clock.now += DAY / 2
    for i in range(5, 8):
        db.execute("PutItem", {"TableName": "Orders", "Item": order(i)})
    assert _log_rows(db) == 8
    clock.now = START + DAY + 1
    db.sweep_ttl()
    assert _log_rows(db) == 3
    earliest = pitr_of(db)["EarliestRestorableDateTime"]
    assert earliest == clock.now - DAY
    restore(db, "Earliest", earliest)
    assert len(items_of(db, "Earliest")) == 5


def test_the_log_is_written_only_while_pitr_is_on_and_goes_with_the_table(db, clock):
    db.execute("CreateTable", indexed_table())
    db.execute("PutItem", {"TableName": "Orders", "Item": order(1)})
    enable(db)
    db.execute("PutItem", {"TableName": "Orders", "Item": order(2)})
    assert _log_rows(db) == 1
    sql_table = db._engine.catalog.get("Orders").sql_table
    db.execute("UpdateContinuousBackups", {"TableName": "Orders",
                                           "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": False}})
    exists = "SELECT count(*) FROM sqlite_master WHERE name = ?"
    assert db._engine.conn.query(exists, (f"h_{sql_table}",))[0][0] == 0
    enable(db)
    db.execute("DeleteTable", {"TableName": "Orders"})
    assert db._engine.conn.query(exists, (f"h_{sql_table}",))[0][0] == 0


def test_ttl_expiry_is_in_the_log(db, clock):
    db.execute("CreateTable", indexed_table())
    db.execute("UpdateTimeToLive", {"TableName": "Orders",
                                    "TimeToLiveSpecification": {"Enabled": True, "AttributeName": "expires"}})
    enable(db)
    db.execute("PutItem", {"TableName": "Orders", "Item": {**order(1), "expires": n(int(START) + 5)}})
    clock.now += 10
    assert db.sweep_ttl() == 1
    clock.now += 1
    restore(db, "BeforeExpiry", START + 6 - 0.5)
    assert len(items_of(db, "BeforeExpiry")) == 1
    restore(db, "AfterExpiry", None)
    assert items_of(db, "AfterExpiry") == []
