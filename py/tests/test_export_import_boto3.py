"""The export and import APIs through boto3 against `dynoxide serve --s3-root`:
export a table, ImportTable it as a new table, compare every item."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest

boto3 = pytest.importorskip("boto3")
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

from test_backups_boto3 import create, everything, put_many  # noqa: E402


def client_for(endpoint: str):
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="dummy",
                        aws_secret_access_key="dummy", config=Config(retries={"max_attempts": 1}))


def wait_for(describe, key: str, status_key: str) -> dict:
    deadline = time.monotonic() + 30
    while True:
        described = describe()[key]
        if described[status_key] != "IN_PROGRESS" or time.monotonic() > deadline:
            return described
        time.sleep(0.1)


def test_export_then_import_as_a_new_table_and_compare_every_item(serve_process, tmp_path):
    os.mkdir(tmp_path / "exports-bucket")
    client = client_for(serve_process("--s3-root", str(tmp_path)).endpoint)
    table, copy = f"source-{uuid.uuid4().hex[:8]}", f"copy-{uuid.uuid4().hex[:8]}"
    create(client, table)
    put_many(client, table, 0, 250)
    client.update_continuous_backups(TableName=table,
                                     PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    table_arn = client.describe_table(TableName=table)["Table"]["TableArn"]
    started = client.export_table_to_point_in_time(TableArn=table_arn, S3Bucket="exports-bucket",
                                                   S3Prefix="nightly", ExportFormat="DYNAMODB_JSON")
    arn = started["ExportDescription"]["ExportArn"]
    assert arn.startswith(table_arn + "/export/")
    export = wait_for(lambda: client.describe_export(ExportArn=arn), "ExportDescription", "ExportStatus")
    assert export["ExportStatus"] == "COMPLETED" and export["ItemCount"] == 250
    assert [s["ExportArn"] for s in client.list_exports(TableArn=table_arn)["ExportSummaries"]] == [arn]
    data_prefix = export["ExportManifest"].rsplit("/", 1)[0] + "/data/"
    assert os.path.isdir(os.path.join(tmp_path, "exports-bucket", *data_prefix.strip("/").split("/")))

    source = client.describe_table(TableName=table)["Table"]
    imported = client.import_table(
        S3BucketSource={"S3Bucket": "exports-bucket", "S3KeyPrefix": data_prefix}, InputFormat="DYNAMODB_JSON",
        InputCompressionType="GZIP", TableCreationParameters={
            "TableName": copy, "BillingMode": "PAY_PER_REQUEST", "KeySchema": source["KeySchema"],
            "AttributeDefinitions": source["AttributeDefinitions"],
            "GlobalSecondaryIndexes": [{"IndexName": "by-kind", "Projection": {"ProjectionType": "ALL"},
                                        "KeySchema": [{"AttributeName": "kind", "KeyType": "HASH"}]}]})
    import_arn = imported["ImportTableDescription"]["ImportArn"]
    done = wait_for(lambda: client.describe_import(ImportArn=import_arn), "ImportTableDescription", "ImportStatus")
    assert done["ImportStatus"] == "COMPLETED"
    assert (done["ProcessedItemCount"], done["ImportedItemCount"], done["ErrorCount"]) == (250, 250, 0)
    assert everything(client, copy) == everything(client, table)
    assert everything(client, copy, "by-kind") == everything(client, table, "by-kind")
    summaries = client.list_imports(TableArn=done["TableArn"])["ImportSummaryList"]
    assert [s["ImportArn"] for s in summaries] == [import_arn]

    with pytest.raises(ClientError) as caught:
        client.import_table(S3BucketSource={"S3Bucket": "exports-bucket", "S3KeyPrefix": data_prefix},
                            InputFormat="DYNAMODB_JSON", TableCreationParameters={
                                "TableName": copy, "BillingMode": "PAY_PER_REQUEST",
                                "KeySchema": source["KeySchema"],
                                "AttributeDefinitions": source["AttributeDefinitions"][:2]})
    assert caught.value.response["Error"]["Code"] == "ResourceInUseException"
    with pytest.raises(ClientError) as caught:
        client.describe_export(ExportArn=table_arn + "/export/01700000000000-abcdef12")
    assert caught.value.response["Error"]["Code"] == "ExportNotFoundException"


def test_serve_without_s3_root_says_how_to_enable_the_export(boto3_client):
    with pytest.raises(ClientError) as caught:
        boto3_client.list_exports()
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationException" and "--s3-root" in error["Message"]


def test_serve_refuses_an_s3_root_that_is_not_a_directory(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dynoxide", "serve", "--port", "0", "--s3-root",
                           str(tmp_path / "missing")], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "is not a directory" in done.stderr
