"""The export and import APIs over an S3 directory: ExportTableToPointInTime,
DescribeExport, ListExports, ImportTable, DescribeImport, ListImports."""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os

import pytest

from dynoxide import Database
from dynoxide.exchange.buckets import NOT_IN_BROWSER
from dynoxide.operations import S3_OPERATIONS
from dynoxide.protocol.wire import handle

from support import error_of

TABLE_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/"


class Clock:
    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def table(name: str = "Orders", **extra) -> dict:
    return {"TableName": name, "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                     {"AttributeName": "sk", "AttributeType": "N"}], **extra}


def item(pk: str, sk: int, **more) -> dict:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}, **more}


@pytest.fixture
def root(tmp_path):
    os.mkdir(tmp_path / "bucket")
    return tmp_path


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(root, clock):
    database = Database.memory(s3_root=str(root), clock=clock)
    database.execute("CreateTable", table())
    database.execute("UpdateContinuousBackups", {"TableName": "Orders", "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": True}})
    yield database
    database.close()


def put(db, *items, name="Orders"):
    for one in items:
        db.execute("PutItem", {"TableName": name, "Item": one})


def export(db, **request) -> dict:
    request = {"TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket", **request}
    return db.execute("ExportTableToPointInTime", request)["ExportDescription"]


def describe_export(db, arn: str) -> dict:
    return db.execute("DescribeExport", {"ExportArn": arn})["ExportDescription"]


def export_dir(root, description: dict) -> str:
    return os.path.join(root, description["S3Bucket"], *description["ExportManifest"].split("/")[:-1])


def data_items(directory: str) -> list[dict]:
    out = []
    for name in sorted(os.listdir(os.path.join(directory, "data"))):
        with gzip.open(os.path.join(directory, "data", name), "rt", encoding="utf-8") as f:
            out += [json.loads(line)["Item"] for line in f if line.strip()]
    return sorted(out, key=lambda i: (i["pk"]["S"], float(i["sk"]["N"])))


def scan(db, name: str) -> list[dict]:
    items = db.execute("Scan", {"TableName": name})["Items"]
    return sorted(items, key=lambda i: (i["pk"]["S"], float(i["sk"]["N"])))


def import_request(prefix: str, name: str = "Copy", **extra) -> dict:
    return {"S3BucketSource": {"S3Bucket": "bucket", "S3KeyPrefix": prefix}, "InputFormat": "DYNAMODB_JSON",
            "InputCompressionType": "GZIP", "TableCreationParameters": table(name), **extra}


def import_table(db, request: dict) -> tuple[dict, dict]:
    started = db.execute("ImportTable", request)["ImportTableDescription"]
    final = db.execute("DescribeImport", {"ImportArn": started["ImportArn"]})["ImportTableDescription"]
    return started, final


def write(root, key: str, text: str, gz: bool = False) -> None:
    path = os.path.join(root, "bucket", *key.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(gzip.compress(data) if gz else data)


# --- the host ----------------------------------------------------------------------------------

@pytest.mark.parametrize("op,request_", [
    ("ExportTableToPointInTime", {"TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket"}),
    ("DescribeExport", {"ExportArn": TABLE_ARN + "Orders/export/01700000000000-abcdef12"}),
    ("ListExports", {}),
    ("ImportTable", import_request("x")),
    ("DescribeImport", {"ImportArn": TABLE_ARN + "Copy/import/01700000000000-abcdef12"}),
    ("ListImports", {}),
])
def test_without_an_s3_root_each_operation_says_how_to_enable_it(op, request_):
    with Database.memory() as plain:
        error = error_of(plain, op, request_)
    assert error.name == "ValidationException"
    assert op in error.message and "--s3-root" in error.message


def test_the_browser_host_answers_a_typed_not_available_error():
    with Database.memory(s3_root=NOT_IN_BROWSER) as browser_like:
        error = error_of(browser_like, "ListExports", {})
        assert error.type == "com.dynoxide.wasm#NotAvailableInHost"
        assert "exportTable" in error.message
        response = handle(browser_like, "DynamoDB_20120810.ImportTable", json.dumps(import_request("x")).encode())
    assert json.loads(response.body)["__type"] == "com.dynoxide.wasm#NotAvailableInHost"
    assert response.status == 400


def test_the_six_operations_are_the_s3_operations():
    assert S3_OPERATIONS == {"ExportTableToPointInTime", "DescribeExport", "ListExports", "ImportTable",
                             "DescribeImport", "ListImports"}


# --- ExportTableToPointInTime ---------------------------------------------------------------

def test_an_export_answers_in_progress_and_describe_export_shows_it_completed(db, root, clock):
    put(db, item("a", 1, note={"S": "x"}), item("b", 2, tags={"SS": ["p", "q"]}))
    started = export(db, S3Prefix="exports/daily")
    assert started["ExportStatus"] == "IN_PROGRESS"
    export_id = started["ExportArn"].rsplit("/", 1)[1]
    assert started["ExportArn"] == f"{TABLE_ARN}Orders/export/{export_id}"
    assert started["ExportType"] == "FULL_EXPORT" and started["ExportFormat"] == "DYNAMODB_JSON"
    assert started["S3Bucket"] == "bucket" and started["S3Prefix"] == "exports/daily"
    assert started["ExportTime"] == clock.now and "EndTime" not in started
    final = describe_export(db, started["ExportArn"])
    assert final["ExportStatus"] == "COMPLETED"
    assert final["ItemCount"] == 2 and final["BilledSizeBytes"] > 0
    assert final["ExportManifest"] == f"exports/daily/AWSDynamoDB/{export_id}/manifest-summary.json"
    assert final["TableId"] == db.execute("DescribeTable", {"TableName": "Orders"})["Table"]["TableId"]


def test_the_files_are_dynamodb_s_layout_with_the_prefix_in_every_key(db, root):
    put(db, item("a", 1), item("b", 2), item("c", 3))
    final = describe_export(db, export(db, S3Prefix="exports")["ExportArn"])
    directory = export_dir(root, final)
    export_id = final["ExportArn"].rsplit("/", 1)[1]
    assert directory == os.path.join(root, "bucket", "exports", "AWSDynamoDB", export_id)
    assert sorted(os.listdir(directory)) == ["_started", "data", "manifest-files.checksum", "manifest-files.json",
                                             "manifest-summary.checksum", "manifest-summary.json"]
    assert os.path.getsize(os.path.join(directory, "_started")) == 0
    with open(os.path.join(directory, "manifest-summary.json"), "rb") as f:
        summary_bytes = f.read()
    summary = json.loads(summary_bytes)
    assert summary["exportArn"] == final["ExportArn"] and summary["tableArn"] == TABLE_ARN + "Orders"
    assert summary["s3Bucket"] == "bucket" and summary["s3Prefix"] == "exports"
    assert summary["itemCount"] == 3 and summary["outputFormat"] == "DYNAMODB_JSON"
    assert summary["exportType"] == "FULL_EXPORT" and summary["version"] == "2020-06-30"
    assert summary["manifestFilesS3Key"] == f"exports/AWSDynamoDB/{export_id}/manifest-files.json"
    with open(os.path.join(directory, "manifest-summary.checksum")) as f:
        assert f.read() == hashlib.md5(summary_bytes).hexdigest()
    with open(os.path.join(directory, "manifest-files.json")) as f:
        entries = [json.loads(line) for line in f]
    assert len(entries) == 1 and entries[0]["itemCount"] == 3
    key = entries[0]["dataFileS3Key"]
    assert key.startswith(f"exports/AWSDynamoDB/{export_id}/data/") and key.endswith(".json.gz")
    with open(os.path.join(root, "bucket", *key.split("/")), "rb") as f:
        data = f.read()
    assert entries[0]["md5Checksum"] == base64.b64encode(hashlib.md5(data).digest()).decode()
    assert data_items(directory) == scan(db, "Orders")


def test_export_time_exports_the_table_as_it_was_then(db, root, clock):
    put(db, item("a", 1, v={"N": "1"}), item("b", 2))
    clock.now += 60
    middle = clock.now
    clock.now += 60
    put(db, item("a", 1, v={"N": "2"}), item("c", 3))
    db.execute("DeleteItem", {"TableName": "Orders", "Key": {"pk": {"S": "b"}, "sk": {"N": "2"}}})
    clock.now += 60
    final = describe_export(db, export(db, ExportTime=middle)["ExportArn"])
    assert final["ExportTime"] == middle and final["ItemCount"] == 2
    assert data_items(export_dir(root, final)) == [item("a", 1, v={"N": "1"}), item("b", 2)]


def test_an_export_needs_point_in_time_recovery(db):
    db.execute("CreateTable", table("Plain"))
    error = error_of(db, "ExportTableToPointInTime", {"TableArn": TABLE_ARN + "Plain", "S3Bucket": "bucket"})
    assert error.name == "PointInTimeRecoveryUnavailableException"
    assert error.message == "Point in time recovery is not enabled for table 'Plain'"


def test_an_export_of_a_missing_table_is_table_not_found(db):
    error = error_of(db, "ExportTableToPointInTime", {"TableArn": TABLE_ARN + "Nope", "S3Bucket": "bucket"})
    assert error.name == "TableNotFoundException"


@pytest.mark.parametrize("offset", [-3600, 3600])
def test_an_export_time_outside_the_window_is_refused(db, clock, offset):
    error = error_of(db, "ExportTableToPointInTime", {"TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket",
                                                      "ExportTime": clock.now + offset})
    assert error.name == "InvalidExportTimeException"


def test_a_missing_bucket_fails_the_export_with_s3_no_such_bucket(db):
    final = describe_export(db, export(db, S3Bucket="no-such-bucket")["ExportArn"])
    assert final["ExportStatus"] == "FAILED"
    assert (final["FailureCode"], final["FailureMessage"]) == ("S3NoSuchBucket", "The specified bucket does not exist")


def test_a_prefix_that_leaves_the_bucket_fails_the_export(db, root):
    final = describe_export(db, export(db, S3Prefix="../escape")["ExportArn"])
    assert final["ExportStatus"] == "FAILED" and final["FailureCode"] == "S3InvalidKey"
    assert not os.path.exists(os.path.join(root, "escape"))


@pytest.mark.parametrize("extra,words", [
    ({"ExportFormat": "ION"}, "ION"),
    ({"ExportType": "INCREMENTAL_EXPORT"}, "IncrementalExportSpecification is required"),
    ({"ExportType": "INCREMENTAL_EXPORT", "IncrementalExportSpecification": {}}, "ExportFromTime is required"),
    ({"ExportType": "INCREMENTAL_EXPORT", "ExportTime": 1, "IncrementalExportSpecification": {"ExportFromTime": 1}},
     "ExportTime is not valid"),
    ({"IncrementalExportSpecification": {"ExportFromTime": 1}}, "only valid when ExportType is INCREMENTAL_EXPORT"),
    ({"FilterSpecification": {"FilterExpression": "a = b"}}, "FilterSpecification"),
])
def test_what_is_not_supported_is_refused_with_a_validation_exception(db, extra, words):
    error = error_of(db, "ExportTableToPointInTime", {"TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket",
                                                      **extra})
    assert error.name == "ValidationException" and words in error.message


@pytest.mark.parametrize("extra,path", [
    ({"S3Bucket": "-bad-"}, "s3Bucket"),
    ({"ExportFormat": "CSV"}, "exportFormat"),
    ({"ClientToken": "a$b"}, "clientToken"),
    ({"S3Prefix": "p" * 1025}, "s3Prefix"),
])
def test_the_request_is_checked_against_dynamodb_s_constraints(db, extra, path):
    error = error_of(db, "ExportTableToPointInTime", {"TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket",
                                                      **extra})
    assert error.name == "ValidationException"
    assert error.message.startswith("1 validation error detected:") and f"at '{path}'" in error.message


def incremental(db, since, until=None, view=None) -> dict:
    spec = {"ExportFromTime": since, **({"ExportToTime": until} if until is not None else {}),
            **({"ExportViewType": view} if view else {})}
    return export(db, ExportType="INCREMENTAL_EXPORT", IncrementalExportSpecification=spec)


def records_of(directory: str) -> list[dict]:
    out = []
    for name in sorted(os.listdir(os.path.join(directory, "data"))):
        with gzip.open(os.path.join(directory, "data", name), "rt", encoding="utf-8") as f:
            out += [json.loads(line) for line in f if line.strip()]
    return out


def test_an_incremental_export_holds_each_change_of_the_period_with_both_images(db, root, clock):
    put(db, item("kept", 1), item("changed", 2, v={"N": "1"}), item("deleted", 3))
    clock.now += 60
    since = clock.now
    put(db, item("changed", 2, v={"N": "2"}), item("created", 4))
    clock.now += 10
    put(db, item("changed", 2, v={"N": "3"}), item("fleeting", 5))
    db.execute("DeleteItem", {"TableName": "Orders", "Key": {"pk": {"S": "deleted"}, "sk": {"N": "3"}}})
    db.execute("DeleteItem", {"TableName": "Orders", "Key": {"pk": {"S": "fleeting"}, "sk": {"N": "5"}}})
    last_write = clock.now
    clock.now += 20 * 60
    until = clock.now
    put(db, item("changed", 2, v={"N": "4"}))
    clock.now += 60
    started = incremental(db, since, until)
    assert started["ExportType"] == "INCREMENTAL_EXPORT" and "ExportTime" not in started
    assert started["IncrementalExportSpecification"] == {"ExportFromTime": since, "ExportToTime": until,
                                                         "ExportViewType": "NEW_AND_OLD_IMAGES"}
    final = describe_export(db, started["ExportArn"])
    assert final["ExportStatus"] == "COMPLETED" and final["ItemCount"] == 3
    micros = {"N": str(round(last_write * 1_000_000))}
    assert records_of(export_dir(root, final)) == [
        {"Metadata": {"WriteTimestampMicros": micros}, "Keys": item("changed", 2),
         "NewImage": item("changed", 2, v={"N": "3"}), "OldImage": item("changed", 2, v={"N": "1"})},
        {"Metadata": {"WriteTimestampMicros": {"N": str(round(since * 1_000_000))}}, "Keys": item("created", 4),
         "NewImage": item("created", 4)},
        {"Metadata": {"WriteTimestampMicros": micros}, "Keys": item("deleted", 3), "OldImage": item("deleted", 3)},
    ]
    with open(os.path.join(export_dir(root, final), "manifest-summary.json")) as f:
        summary = json.load(f)
    assert summary["exportType"] == "INCREMENTAL_EXPORT" and summary["outputView"] == "NEW_AND_OLD_IMAGES"
    assert "exportFromTime" in summary and "exportToTime" in summary and "exportTime" not in summary


def test_an_incremental_export_with_new_image_only_leaves_old_images_out(db, root, clock):
    put(db, item("a", 1, v={"N": "1"}))
    since = clock.now
    clock.now += 5
    put(db, item("a", 1, v={"N": "2"}))
    clock.now += 16 * 60
    final = describe_export(db, incremental(db, since, view="NEW_IMAGE")["ExportArn"])
    [record] = records_of(export_dir(root, final))
    assert record["NewImage"] == item("a", 1, v={"N": "2"}) and "OldImage" not in record


@pytest.mark.parametrize("period", [14 * 60, 24 * 60 * 60 + 1])
def test_an_incremental_period_is_15_minutes_to_24_hours(db, clock, period):
    clock.now += 2 * 24 * 60 * 60
    error = error_of(db, "ExportTableToPointInTime", {
        "TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket", "ExportType": "INCREMENTAL_EXPORT",
        "IncrementalExportSpecification": {"ExportFromTime": clock.now - period - 60,
                                           "ExportToTime": clock.now - 60}})
    assert error.name == "ValidationException" and "15 minutes" in error.message


def test_an_incremental_period_outside_the_window_is_refused(db, clock):
    clock.now += 60 * 60
    error = error_of(db, "ExportTableToPointInTime", {
        "TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket", "ExportType": "INCREMENTAL_EXPORT",
        "IncrementalExportSpecification": {"ExportFromTime": clock.now - 2 * 60 * 60}})
    assert error.name == "InvalidExportTimeException"


def test_a_client_token_makes_the_export_idempotent_and_conflicts_on_another_request(db, root):
    first = export(db, ClientToken="token-1")
    again = export(db, ClientToken="token-1")
    assert again["ExportArn"] == first["ExportArn"] and again["ExportStatus"] == "COMPLETED"
    assert len(db.execute("ListExports", {})["ExportSummaries"]) == 1
    error = error_of(db, "ExportTableToPointInTime", {"TableArn": TABLE_ARN + "Orders", "S3Bucket": "bucket",
                                                      "S3Prefix": "elsewhere", "ClientToken": "token-1"})
    assert error.name == "ExportConflictException"


def test_describe_export_of_an_unknown_arn_is_export_not_found(db):
    arn = TABLE_ARN + "Orders/export/01700000000000-abcdef12"
    error = error_of(db, "DescribeExport", {"ExportArn": arn})
    assert error.name == "ExportNotFoundException" and arn in error.message


def test_list_exports_filters_by_table_and_pages(db):
    db.execute("CreateTable", table("Other"))
    db.execute("UpdateContinuousBackups", {"TableName": "Other", "PointInTimeRecoverySpecification": {
        "PointInTimeRecoveryEnabled": True}})
    mine = [export(db)["ExportArn"] for _ in range(3)]
    other = export(db, TableArn=TABLE_ARN + "Other")["ExportArn"]
    every = db.execute("ListExports", {})["ExportSummaries"]
    assert [s["ExportArn"] for s in every] == mine + [other]
    assert every[0] == {"ExportArn": mine[0], "ExportStatus": "COMPLETED", "ExportType": "FULL_EXPORT"}
    seen, token = [], None
    while True:
        page = db.execute("ListExports", {"TableArn": TABLE_ARN + "Orders", "MaxResults": 2,
                                          **({"NextToken": token} if token else {})})
        seen += [s["ExportArn"] for s in page["ExportSummaries"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == mine
    assert error_of(db, "ListExports", {"MaxResults": 26}).name == "ValidationException"
    assert error_of(db, "ListExports", {"NextToken": "zz"}).name == "ValidationException"


def test_export_records_persist_in_the_database_file(root, clock, tmp_path):
    path = str(tmp_path / "data.sqlite")
    with Database.open(path, s3_root=str(root), clock=clock) as first:
        first.execute("CreateTable", table())
        first.execute("UpdateContinuousBackups", {"TableName": "Orders", "PointInTimeRecoverySpecification": {
            "PointInTimeRecoveryEnabled": True}})
        arn = export(first)["ExportArn"]
        first.execute("DeleteTable", {"TableName": "Orders"})
    with Database.open(path, s3_root=str(root), clock=clock) as again:
        assert describe_export(again, arn)["ExportStatus"] == "COMPLETED"
        assert [s["ExportArn"] for s in again.execute("ListExports", {})["ExportSummaries"]] == [arn]


# --- ImportTable ----------------------------------------------------------------------------

def test_an_export_imports_as_a_new_table_with_every_item(db, root):
    put(db, *[item(f"p{i % 7}", i, n={"N": str(i)}, b={"B": base64.b64encode(bytes([i])).decode()})
              for i in range(50)])
    final_export = describe_export(db, export(db, S3Prefix="x")["ExportArn"])
    data_prefix = final_export["ExportManifest"].rsplit("/", 1)[0] + "/data/"
    started, final = import_table(db, import_request(data_prefix))
    assert started["ImportStatus"] == "IN_PROGRESS"
    assert started["ImportArn"].startswith(TABLE_ARN + "Copy/import/")
    assert started["TableArn"] == TABLE_ARN + "Copy"
    assert final["ImportStatus"] == "COMPLETED"
    assert (final["ProcessedItemCount"], final["ImportedItemCount"], final["ErrorCount"]) == (50, 50, 0)
    assert final["ProcessedSizeBytes"] > 0 and final["EndTime"] >= final["StartTime"]
    assert final["TableId"] == db.execute("DescribeTable", {"TableName": "Copy"})["Table"]["TableId"]
    assert scan(db, "Copy") == scan(db, "Orders")


def test_items_that_cannot_be_imported_are_counted_and_the_rest_go_in(db, root):
    lines = [json.dumps({"Item": item("a", 1)}), "not json", json.dumps({"Item": {"pk": {"S": "no sort key"}}}),
             json.dumps({"Item": item("b", 2)})]
    write(root, "in/one.json", "\n".join(lines) + "\n")
    _, final = import_table(db, import_request("in/", InputCompressionType="NONE"))
    assert final["ImportStatus"] == "COMPLETED"
    assert (final["ProcessedItemCount"], final["ImportedItemCount"], final["ErrorCount"]) == (4, 2, 2)
    assert scan(db, "Copy") == [item("a", 1), item("b", 2)]


def test_a_key_prefix_is_a_string_prefix_as_in_s3(db, root):
    write(root, "in/part-1.json.gz", json.dumps({"Item": item("a", 1)}) + "\n", gz=True)
    write(root, "in/part-2.json.gz", json.dumps({"Item": item("b", 2)}) + "\n", gz=True)
    write(root, "in/other.json.gz", json.dumps({"Item": item("c", 3)}) + "\n", gz=True)
    _, final = import_table(db, import_request("in/part-"))
    assert final["ImportedItemCount"] == 2 and [i["pk"]["S"] for i in scan(db, "Copy")] == ["a", "b"]


def test_an_unreadable_source_fails_the_import_and_leaves_no_table(db, root):
    write(root, "broken/x.json.gz", "this is not gzip")
    _, final = import_table(db, import_request("broken/"))
    assert final["ImportStatus"] == "FAILED" and final["FailureCode"] == "InvalidS3Source"
    assert final["ImportedItemCount"] == 0 and "TableId" not in final
    assert "Copy" not in db.execute("ListTables", {})["TableNames"]


@pytest.mark.parametrize("request_,code", [
    (import_request("nothing-here/"), "InvalidS3Source"),
    ({**import_request("x"), "S3BucketSource": {"S3Bucket": "missing-bucket"}}, "S3NoSuchBucket"),
])
def test_a_source_with_nothing_to_read_fails_the_import(db, request_, code):
    _, final = import_table(db, request_)
    assert final["ImportStatus"] == "FAILED" and final["FailureCode"] == code
    assert "Copy" not in db.execute("ListTables", {})["TableNames"]


def test_import_into_an_existing_table_is_resource_in_use(db):
    error = error_of(db, "ImportTable", import_request("x", name="Orders"))
    assert error.name == "ResourceInUseException" and error.message == "Table already exists: Orders"


def test_table_creation_parameters_are_checked_as_create_table_checks_them(db):
    bad = import_request("x")
    bad["TableCreationParameters"] = {**table("Copy"), "BillingMode": "PROVISIONED"}
    error = error_of(db, "ImportTable", bad)
    assert error.name == "ValidationException"
    assert error.message == error_of(db, "CreateTable", {**table("Copy"), "BillingMode": "PROVISIONED"}).message


def test_csv_imports_with_a_header_or_a_header_list(db, root):
    write(root, "csv/a.csv", "pk,sk,city\nx,1,Paris\ny,2,\n")
    _, final = import_table(db, import_request("csv/", InputFormat="CSV", InputCompressionType="NONE"))
    assert final["ImportStatus"] == "COMPLETED" and final["ImportedItemCount"] == 2
    assert scan(db, "Copy") == [item("x", 1, city={"S": "Paris"}), item("y", 2)]
    write(root, "csv2/b.csv.gz", "z;3;Rome\n", gz=True)
    _, final = import_table(db, import_request("csv2/", name="Copy2", InputFormat="CSV", InputFormatOptions={
        "Csv": {"Delimiter": ";", "HeaderList": ["pk", "sk", "city"]}}))
    assert final["ImportedItemCount"] == 1 and scan(db, "Copy2") == [item("z", 3, city={"S": "Rome"})]


@pytest.mark.parametrize("extra,words", [
    ({"InputFormat": "ION"}, "ION"),
    ({"InputCompressionType": "ZSTD"}, "ZSTD"),
    ({"InputFormatOptions": {"Csv": {"Delimiter": ","}}}, "InputFormatOptions.Csv"),
])
def test_import_refuses_what_it_cannot_read(db, extra, words):
    error = error_of(db, "ImportTable", import_request("x", **extra))
    assert error.name == "ValidationException" and words in error.message


def test_import_request_constraints(db):
    error = error_of(db, "ImportTable", {**import_request("x"), "InputFormat": "XML"})
    assert error.name == "ValidationException" and "at 'inputFormat'" in error.message
    request = import_request("x")
    del request["TableCreationParameters"]
    assert "tableCreationParameters" in error_of(db, "ImportTable", request).message


def test_a_client_token_makes_the_import_idempotent_and_conflicts_on_another_request(db, root):
    write(root, "in/a.json", json.dumps({"Item": item("a", 1)}) + "\n")
    request = import_request("in/", InputCompressionType="NONE", ClientToken="t")
    first = db.execute("ImportTable", request)["ImportTableDescription"]
    again = db.execute("ImportTable", dict(request))["ImportTableDescription"]
    assert again["ImportArn"] == first["ImportArn"] and again["ImportStatus"] == "COMPLETED"
    error = error_of(db, "ImportTable", {**request, "S3BucketSource": {"S3Bucket": "bucket", "S3KeyPrefix": "y"}})
    assert error.name == "ImportConflictException"


def test_describe_import_of_an_unknown_arn_is_import_not_found(db):
    error = error_of(db, "DescribeImport", {"ImportArn": TABLE_ARN + "Copy/import/01700000000000-abcdef12"})
    assert error.name == "ImportNotFoundException"


def test_list_imports_filters_by_table_and_pages(db, root):
    write(root, "in/a.json", json.dumps({"Item": item("a", 1)}) + "\n")
    arns = [db.execute("ImportTable", import_request("in/", name=f"Copy{n}", InputCompressionType="NONE"))[
        "ImportTableDescription"]["ImportArn"] for n in range(3)]
    every = db.execute("ListImports", {})["ImportSummaryList"]
    assert [s["ImportArn"] for s in every] == arns
    assert set(every[0]) == {"ImportArn", "ImportStatus", "TableArn", "S3BucketSource", "InputFormat",
                             "StartTime", "EndTime"}
    only = db.execute("ListImports", {"TableArn": TABLE_ARN + "Copy1"})["ImportSummaryList"]
    assert [s["ImportArn"] for s in only] == [arns[1]]
    first = db.execute("ListImports", {"PageSize": 2})
    assert [s["ImportArn"] for s in first["ImportSummaryList"]] == arns[:2]
    assert len(first["NextToken"]) >= 112
    rest = db.execute("ListImports", {"PageSize": 2, "NextToken": first["NextToken"]})
    assert [s["ImportArn"] for s in rest["ImportSummaryList"]] == arns[2:] and "NextToken" not in rest
    error = error_of(db, "ListImports", {"NextToken": "abc"})
    assert error.name == "ValidationException" and "at 'nextToken'" in error.message
