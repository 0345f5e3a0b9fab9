"""Export and import in DynamoDB's export format (dynoxide.exchange), natively."""
from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tarfile

import pytest

from dynoxide import Database, DynamoError
from dynoxide.exchange import importer
from dynoxide.storage import sql

from support import s

# Every attribute type, nested, with text a JSON encoder could get wrong.
VARIED = {
    "pk": s("user#1"), "sk": {"N": "1.50"},
    "str": s("héllo \"quoted\" \\ \u2028 \U0001F600"), "num": {"N": "-1e-130"}, "big": {"N": "99999999999999999999999999999999999999"},
    "bin": {"B": base64.b64encode(bytes(range(256))).decode()}, "t": {"BOOL": True}, "f": {"BOOL": False},
    "nul": {"NULL": True}, "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2.5"]}, "bs": {"BS": ["AAE=", "AgM="]},
    "map": {"M": {"inner": {"L": [s("x"), {"N": "3"}, {"M": {}}, {"L": []}]}}}, "gsi": s("g1"), "lsi": {"N": "7"},
}


def table_request(name: str = "Items", **extra) -> dict:
    request = {
        "TableName": name, "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"},
                                 {"AttributeName": "gsi", "AttributeType": "S"},
                                 {"AttributeName": "lsi", "AttributeType": "N"}],
        "GlobalSecondaryIndexes": [{"IndexName": "byGsi", "KeySchema": [{"AttributeName": "gsi", "KeyType": "HASH"}],
                                    "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "LocalSecondaryIndexes": [{"IndexName": "byLsi", "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsi", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["str"]}}],
    }
    request.update(extra)
    return request


def item(i: int, **extra) -> dict:
    return {"pk": s(f"p{i % 10}"), "sk": {"N": str(i)}, "gsi": s(f"g{i % 3}"), "lsi": {"N": str(i % 5)},
            "text": s(f"item {i}"), **extra}


def filled(count: int = 50, name: str = "Items") -> Database:
    db = Database.memory()
    db.execute("CreateTable", table_request(name, StreamSpecification={"StreamEnabled": True,
                                                                         "StreamViewType": "NEW_IMAGE"},
                                            Tags=[{"Key": "team", "Value": "x"}]))
    db.execute("UpdateTimeToLive", {"TableName": name, "TimeToLiveSpecification": {"Enabled": True,
                                                                                  "AttributeName": "expires"}})
    db.execute("PutItem", {"TableName": name, "Item": VARIED})
    for i in range(count - 1):
        db.execute("PutItem", {"TableName": name, "Item": item(i)})
    return db


def scan(db: Database, name: str = "Items", index: str | None = None) -> list[dict]:
    items, start = [], None
    while True:
        request = {"TableName": name, **({"IndexName": index} if index else {}),
                   **({"ExclusiveStartKey": start} if start else {})}
        page = db.execute("Scan", request)
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return sorted(items, key=lambda i: json.dumps(i, sort_keys=True))


def count(db: Database, name: str = "Items") -> int:
    return db.execute("DescribeTable", {"TableName": name})["Table"]["ItemCount"]


def scratch_tables(db: Database) -> list[str]:
    return [n for (n,) in db._engine.conn.query(sql.SELECT_SCRATCH, (len(sql.SCRATCH), sql.SCRATCH))]


def table_names(db: Database) -> list[str]:
    return db.execute("ListTables")["TableNames"]


def write_gzip(path, lines: list[str]) -> bytes:
    data = gzip.compress("".join(lines).encode())
    path.write_bytes(data)
    return data


# --- round trips ----------------------------------------------------------------------

def test_a_table_comes_back_exactly_with_its_definition(tmp_path):
    db = filled()
    [result] = db.export_to(str(tmp_path / "out"))
    assert result == {"TableName": "Items", "ItemCount": 50, "Path": str(tmp_path / "out" / "Items")}
    copy = Database.memory()
    assert copy.import_from(str(tmp_path / "out")) == [
        {"TableName": "Items", "ImportedItemCount": 50, "ItemCount": 50, "Created": True}]
    assert scan(copy) == scan(db)
    key = {"Key": {"pk": VARIED["pk"], "sk": VARIED["sk"]}, "TableName": "Items"}
    assert copy.execute("GetItem", dict(key))["Item"] == db.execute("GetItem", dict(key))["Item"]
    for index in ("byGsi", "byLsi"):
        assert scan(copy, index=index) == scan(db, index=index)
    before = db.execute("DescribeTable", {"TableName": "Items"})["Table"]
    after = copy.execute("DescribeTable", {"TableName": "Items"})["Table"]
    for member in ("KeySchema", "AttributeDefinitions", "BillingModeSummary", "StreamSpecification",
                   "TableSizeBytes", "ItemCount"):
        assert after[member] == before[member]
    strip = ({"IndexArn", "IndexSizeBytes", "ItemCount"})
    for member in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        assert [{k: v for k, v in i.items() if k not in strip} for i in after[member]] == \
               [{k: v for k, v in i.items() if k not in strip} for i in before[member]]
        assert [i["ItemCount"] for i in after[member]] == [i["ItemCount"] for i in before[member]]
    assert copy.execute("DescribeTimeToLive", {"TableName": "Items"})["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    arn = after["TableArn"]
    assert copy.execute("ListTagsOfResource", {"ResourceArn": arn})["Tags"] == [{"Key": "team", "Value": "x"}]
    assert scratch_tables(copy) == [] and scratch_tables(db) == []


def test_the_export_has_dynamodbs_layout_and_manifests(tmp_path):
    db = filled(10)
    db.export_to(str(tmp_path))
    root = tmp_path / "Items"
    names = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    [data_name] = [n for n in names if n.startswith("data/")]
    assert names == sorted(["manifest-summary.json", "manifest-files.json", "table-description.json",
                            "table-creation-parameters.json", data_name])
    assert data_name.endswith(".json.gz")
    summary = json.loads((root / "manifest-summary.json").read_text())
    assert summary["version"] == "2020-06-30" and summary["outputFormat"] == "DYNAMODB_JSON"
    assert summary["itemCount"] == 10 and summary["exportType"] == "FULL_EXPORT"
    assert summary["tableArn"].endswith(":table/Items")
    assert summary["exportArn"].startswith(summary["tableArn"] + "/export/")
    export_id = summary["exportArn"].rsplit("/", 1)[1]
    assert summary["manifestFilesS3Key"] == f"AWSDynamoDB/{export_id}/manifest-files.json"
    [line] = (root / "manifest-files.json").read_text().splitlines()
    entry = json.loads(line)
    data = (root / data_name).read_bytes()
    digest = hashlib.md5(data).digest()
    assert entry == {"itemCount": 10, "md5Checksum": base64.b64encode(digest).decode(), "etag": digest.hex(),
                     "dataFileS3Key": f"AWSDynamoDB/{export_id}/{data_name}"}
    lines = gzip.decompress(data).decode().split("\n")[:-1]
    assert sorted(json.loads(l)["Item"]["sk"]["N"] for l in lines) == sorted(["1.5"] + [str(i) for i in range(9)])
    assert all(list(json.loads(l)) == ["Item"] for l in lines)
    parameters = json.loads((root / "table-creation-parameters.json").read_text())
    assert set(parameters) == {"TableName", "AttributeDefinitions", "KeySchema", "BillingMode",
                               "GlobalSecondaryIndexes"}  # ImportTable's members only
    assert parameters["GlobalSecondaryIndexes"] == [{"IndexName": "byGsi", "KeySchema": [
        {"AttributeName": "gsi", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}]


def test_a_tar_round_trip_and_several_tables(tmp_path):
    db = filled(20)
    db.execute("CreateTable", {"TableName": "Other", "BillingMode": "PAY_PER_REQUEST",
                               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "B"}]})
    db.execute("PutItem", {"TableName": "Other", "Item": {"id": {"B": "AAA="}}})
    results = db.export_to(str(tmp_path / "all.tar"))
    assert [r["TableName"] for r in results] == ["Items", "Other"]
    with tarfile.open(tmp_path / "all.tar") as tar:
        names = [n for n in tar.getnames() if n.startswith("Other/")]
    assert names[:4] == ["Other/manifest-summary.json", "Other/manifest-files.json", "Other/table-description.json",
                         "Other/table-creation-parameters.json"]  # data last: a stream reader knows the table first
    assert names[4] == "Other/data" and names[5].startswith("Other/data/")
    copy = Database.memory()
    assert [r["TableName"] for r in copy.import_from(str(tmp_path / "all.tar"))] == ["Items", "Other"]
    assert scan(copy) == scan(db) and scan(copy, "Other") == scan(db, "Other")
    only = Database.memory()
    only.import_from(str(tmp_path / "all.tar"), table="Other")
    assert table_names(only) == ["Other"]


def test_one_table_imports_under_another_name(tmp_path):
    db = filled(5)
    db.export_to(str(tmp_path), ["Items"])
    db.import_from(str(tmp_path / "Items"), table="Copy")
    assert scan(db, "Copy") == scan(db)


def test_an_export_is_one_point_in_time():
    db = filled(600)
    export = db.begin_export("Items")
    db.execute("PutItem", {"TableName": "Items", "Item": item(10_000)})
    db.execute("DeleteItem", {"TableName": "Items", "Key": {"pk": s("p0"), "sk": {"N": "0"}}})
    text = "".join(export.chunks(max_chars=4096))
    keys = {json.loads(line)["Item"]["sk"]["N"] for line in text.split("\n") if line}
    assert len(keys) == 600 and "0" in keys and "10000" not in keys
    assert scratch_tables(db) == []


def test_exporting_into_a_non_empty_table_directory_is_refused(tmp_path):
    db = filled(3)
    db.export_to(str(tmp_path))
    with pytest.raises(FileExistsError):
        db.export_to(str(tmp_path))


# --- DynamoDB's own export, and plain JSON lines -------------------------------------------

def aws_export(root, lines: list[str], *, version="2020-06-30", fmt="DYNAMODB_JSON", count=None) -> str:
    """A directory as ExportTableToPointInTime leaves it in S3 (no table definition)."""
    base = root / "AWSDynamoDB" / "01234567890123-abcdef12"
    (base / "data").mkdir(parents=True)
    data = write_gzip(base / "data" / "abcdefghij.json.gz", lines)
    (base / "_started").write_text("")
    (base / "manifest-summary.json").write_text(json.dumps({
        "version": version, "exportArn": "arn:aws:dynamodb:us-east-1:1:table/Remote/export/01234567890123-abcdef12",
        "tableArn": "arn:aws:dynamodb:us-east-1:1:table/Remote", "itemCount": len(lines), "outputFormat": fmt,
        "manifestFilesS3Key": "AWSDynamoDB/01234567890123-abcdef12/manifest-files.json"}))
    (base / "manifest-files.json").write_text(json.dumps({
        "itemCount": len(lines) if count is None else count,
        "md5Checksum": base64.b64encode(hashlib.md5(data).digest()).decode(), "etag": "x-1",
        "dataFileS3Key": "prefix/AWSDynamoDB/01234567890123-abcdef12/data/abcdefghij.json.gz"}) + "\n")
    return str(root)


def remote_lines(n: int) -> list[str]:
    return [json.dumps({"Item": {"id": s(f"k{i}"), "v": {"N": str(i)}}}) + "\n" for i in range(n)]


DESCRIBED = {"Table": {"TableName": "Remote", "TableStatus": "ACTIVE", "KeySchema": [
    {"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
    "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}, "ItemCount": 0}}


def test_dynamodbs_export_loads_with_a_describe_table_schema(tmp_path):
    source = aws_export(tmp_path, remote_lines(30))
    (tmp_path / "schema.json").write_text(json.dumps(DESCRIBED))
    db = Database.memory()
    [result] = db.import_from(source, schema=str(tmp_path / "schema.json"))
    assert result == {"TableName": "Remote", "ImportedItemCount": 30, "ItemCount": 30, "Created": True}
    assert db.execute("GetItem", {"TableName": "Remote", "Key": {"id": s("k7")}})["Item"] == {
        "id": s("k7"), "v": {"N": "7"}}


def test_dynamodbs_export_loads_into_an_existing_table_without_a_schema(tmp_path):
    db = Database.memory()
    db.execute("CreateTable", {"TableName": "Remote", "BillingMode": "PAY_PER_REQUEST",
                               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]})
    db.import_from(aws_export(tmp_path, remote_lines(3)))
    assert count(db, "Remote") == 3


def test_plain_json_lines_with_a_create_table_schema(tmp_path):
    write_gzip(tmp_path / "items.json.gz", remote_lines(4))
    (tmp_path / "plain.json").write_text("".join(remote_lines(2)))
    schema = {"TableName": "Plain", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [
        {"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}
    db = Database.memory()
    assert db.import_from(str(tmp_path / "items.json.gz"), schema=schema)[0]["ItemCount"] == 4
    assert db.import_from(str(tmp_path / "plain.json"), table="Plain")[0]["Created"] is False
    assert count(db, "Plain") == 4


def test_without_a_definition_a_missing_table_is_a_clear_error(tmp_path):
    source = aws_export(tmp_path, remote_lines(2))
    db = Database.memory()
    with pytest.raises(DynamoError) as err:
        db.import_from(source)
    assert err.value.type == "com.dynoxide.exchange#InvalidExport"
    assert "Remote does not exist" in err.value.message
    assert table_names(db) == [] and scratch_tables(db) == []


# --- into a table that has items --------------------------------------------------------

def test_importing_into_a_table_replaces_items_of_the_same_key_and_their_index_rows(tmp_path):
    db = filled(10)
    db.export_to(str(tmp_path))
    db.execute("PutItem", {"TableName": "Items", "Item": item(1000)})  # not in the export: stays
    lines = [json.dumps({"Item": item(1, gsi=s("moved"), text=s("new"))}) + "\n",
             json.dumps({"Item": item(2, gsi=s("first"))}) + "\n",
             json.dumps({"Item": item(2, gsi=s("second"))}) + "\n"]  # the same key twice: the last wins
    write_gzip(tmp_path / "changes.json.gz", lines)
    [result] = db.import_from(str(tmp_path / "changes.json.gz"), table="Items")
    assert result["ImportedItemCount"] == 3 and result["ItemCount"] == 11 and result["Created"] is False
    assert db.execute("GetItem", {"TableName": "Items", "Key": {"pk": s("p1"), "sk": {"N": "1"}}})["Item"]["text"] \
        == s("new")
    gsi = {i["gsi"]["S"]: i for i in scan(db, index="byGsi")}
    assert "moved" in gsi and "second" in gsi and "first" not in gsi
    assert len(scan(db, index="byGsi")) == 11
    assert count(db) == 11
    described = db.execute("DescribeTable", {"TableName": "Items"})["Table"]
    assert described["GlobalSecondaryIndexes"][0]["ItemCount"] == 11


def test_a_description_with_other_keys_than_the_existing_table_is_refused(tmp_path):
    db = filled(3)
    db.export_to(str(tmp_path))
    other = Database.memory()
    other.execute("CreateTable", {"TableName": "Items", "BillingMode": "PAY_PER_REQUEST",
                                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                                  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    with pytest.raises(DynamoError) as err:
        other.import_from(str(tmp_path))
    assert err.value.name == "ValidationException" and "exists with key schema pk HASH (S)" in err.value.message


# --- bad input: a clear error, and nothing written ---------------------------------------

def fails(db: Database, source: str, **options) -> DynamoError:
    before = {name: scan(db, name) for name in table_names(db)}
    with pytest.raises(DynamoError) as err:
        db.import_from(source, **options)
    assert {name: scan(db, name) for name in table_names(db)} == before
    assert scratch_tables(db) == []
    return err.value


def exported(tmp_path, n: int = 5) -> tuple[str, str]:
    """An export of `n` items; returns (table directory, its data file)."""
    filled(n).export_to(str(tmp_path))
    root = tmp_path / "Items"
    [data] = (root / "data").iterdir()
    return str(root), str(data)


@pytest.mark.parametrize("change, message", [
    ({"version": "2023-01-01"}, "has version '2023-01-01'"),
    ({"outputFormat": "ION"}, "outputFormat is 'ION'"),
])
def test_another_version_or_format_is_refused(tmp_path, change, message):
    root, _ = exported(tmp_path)
    path = os.path.join(root, "manifest-summary.json")
    summary = json.loads(open(path).read())
    summary.update(change)
    open(path, "w").write(json.dumps(summary))
    err = fails(Database.memory(), root)
    assert err.type == "com.dynoxide.exchange#InvalidExport" and message in err.message


def test_something_that_is_not_an_export_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    err = fails(Database.memory(), str(tmp_path))
    assert err.type == "com.dynoxide.exchange#InvalidExport"
    (tmp_path / "x.tar").write_bytes(b"not a tar at all" * 100)
    assert fails(Database.memory(), str(tmp_path / "x.tar")).type == "com.dynoxide.exchange#InvalidExport"


def test_a_truncated_gzip_is_refused(tmp_path):
    root, data = exported(tmp_path, 200)
    raw = open(data, "rb").read()
    open(data, "wb").write(raw[: len(raw) // 2])
    err = fails(Database.memory(), root)
    assert err.type == "com.dynoxide.exchange#CorruptData" and "truncated" in err.message


def test_data_that_differs_from_its_checksum_is_refused(tmp_path):
    root, data = exported(tmp_path, 5)
    lines = [l + "\n" for l in gzip.decompress(open(data, "rb").read()).decode().split("\n")[:-1]]
    lines[0] = lines[0].replace('"text":{"S":"item', '"text":{"S":"ITEM')
    open(data, "wb").write(gzip.compress("".join(lines).encode()))
    err = fails(Database.memory(), root)
    assert err.type == "com.dynoxide.exchange#CorruptData" and "md5Checksum" in err.message


def test_a_count_that_differs_from_the_manifest_is_refused(tmp_path):
    source = aws_export(tmp_path, remote_lines(3), count=4)
    err = fails(Database.memory(), source, schema=DESCRIBED)
    assert err.type == "com.dynoxide.exchange#CorruptData" and "holds 3 items where the manifest says 4" in err.message


def test_a_missing_data_file_is_refused(tmp_path):
    root, data = exported(tmp_path)
    os.remove(data)
    err = fails(Database.memory(), root)
    assert err.type == "com.dynoxide.exchange#CorruptData" and "is missing" in err.message


@pytest.mark.parametrize("line, kind, message", [
    ("this is not json", "com.dynoxide.exchange#CorruptData", "line 2: not JSON"),
    ('{"id": {"S": "x"}}', "com.dynoxide.exchange#CorruptData", "line 2: not an item"),
    ('{"Item": {"id": {"S": "x"}}, "Extra": 1}', "com.dynoxide.exchange#CorruptData", "line 2: not an item"),
    ('{"Item": {"v": {"N": "1"}}}', "com.amazon.coral.validate#ValidationException",
     "line 2: One or more parameter values were invalid: Missing the key id in the item"),
    ('{"Item": {"id": {"N": "1"}}}', "com.amazon.coral.validate#ValidationException",
     "line 2: One or more parameter values were invalid: Type mismatch for key id expected: S actual: N"),
    ('{"Item": {"id": {"S": "x"}, "v": {"N": "one"}}}', "com.amazon.coral.validate#ValidationException",
     "line 2: "),
    ('{"Item": {"id": {"S": "x"}, "v": {"S": "' + "x" * 410_000 + '"}}}',
     "com.amazon.coral.validate#ValidationException", "line 2: 1 validation error detected: Item size has exceeded the maximum allowed size"),
])
def test_a_line_that_is_not_a_valid_item_is_refused_with_where_it_is(tmp_path, line, kind, message):
    good = json.dumps({"Item": {"id": s("ok")}})
    write_gzip(tmp_path / "items.json.gz", [good + "\n", line + "\n", good + "\n"])
    db = Database.memory()
    err = fails(db, str(tmp_path / "items.json.gz"), schema=DESCRIBED)
    assert (err.type, err.message.startswith("items.json.gz " + message)) == (kind, True), err.message
    assert table_names(db) == []


def test_a_failure_after_several_batches_leaves_an_existing_table_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_ITEMS", 10)
    db = filled(20)
    lines = [json.dumps({"Item": item(i, text=s("changed"))}) + "\n" for i in range(55)]
    lines.append('{"Item": {"pk": {"S": "p1"}}}\n')  # no sort key: the 56th line fails
    write_gzip(tmp_path / "batches.json.gz", lines)
    gsi_before = scan(db, index="byGsi")
    err = fails(db, str(tmp_path / "batches.json.gz"), table="Items")
    assert "line 56" in err.message
    assert scan(db, index="byGsi") == gsi_before and count(db) == 20


def test_a_bad_table_in_a_multi_table_export_creates_none_of_them(tmp_path):
    db = filled(5)
    db.execute("CreateTable", table_request("Second"))
    db.execute("PutItem", {"TableName": "Second", "Item": item(1)})
    db.export_to(str(tmp_path))
    [data] = (tmp_path / "Second" / "data").iterdir()
    data.write_bytes(data.read_bytes()[:-8])
    copy = Database.memory()
    fails(copy, str(tmp_path))
    assert table_names(copy) == []


def test_a_table_created_while_the_import_ran_fails_it_cleanly():
    db = Database.memory()
    imp = db.begin_import(description=DESCRIBED)
    imp.add_text(json.dumps({"Item": {"id": s("a")}}) + "\n")
    db.execute("CreateTable", {k: v for k, v in DESCRIBED["Table"].items() if k in ("TableName", "KeySchema", "AttributeDefinitions")}
               | {"BillingMode": "PAY_PER_REQUEST"})
    with pytest.raises(DynamoError) as err:
        imp.commit()
    assert err.value.name == "ResourceInUseException"
    assert count(db, "Remote") == 0 and scratch_tables(db) == []


def test_an_invalid_table_description_is_refused_as_create_table_would(tmp_path):
    bad = {"TableName": "x", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": []}
    write_gzip(tmp_path / "items.json.gz", remote_lines(1))
    err = fails(Database.memory(), str(tmp_path / "items.json.gz"), schema=bad)
    assert err.name == "ValidationException"


def test_stale_scratch_tables_of_a_dead_import_are_dropped():
    db = filled(2)
    stale = f"{sql.SCRATCH}import_1000_deadbeef"
    db._engine.conn.write([(sql.create_base(stale), ())])
    db.begin_export("Items").close()
    assert scratch_tables(db) == []


# --- the command line ----------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dynoxide", *args], capture_output=True, text=True, timeout=60)


def test_the_export_and_import_commands(tmp_path):
    source = tmp_path / "a.sqlite"
    with Database.open(str(source)) as db:
        db.execute("CreateTable", table_request())
        for i in range(30):
            db.execute("PutItem", {"TableName": "Items", "Item": item(i)})
        expected = scan(db)
    out = cli("export", "--db", str(source), "--table", "Items", "--out", str(tmp_path / "out"))
    assert (out.returncode, out.stdout) == (0, f"exported Items: 30 items to {tmp_path / 'out' / 'Items'}\n")
    result = cli("import", "--db", str(tmp_path / "b.sqlite"), "--from", str(tmp_path / "out"))
    assert (result.returncode, result.stdout) == (0, "imported 30 items: created Items (30 items)\n")
    with Database.open(str(tmp_path / "b.sqlite")) as db:
        assert scan(db) == expected


def test_the_import_command_fails_with_one_clear_line(tmp_path):
    (tmp_path / "x.json").write_text("not json\n")
    result = cli("import", "--db", str(tmp_path / "b.sqlite"), "--from", str(tmp_path / "x.json"),
                 "--table", "Nope")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "dynoxide: error: InvalidExport: table Nope does not exist and the import has no table description to "
        "create it from (table-description.json in the export, or a schema)"]
    missing = cli("import", "--db", str(tmp_path / "b.sqlite"), "--from", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr and "Traceback" not in missing.stderr


def test_the_browser_client_knows_the_same_error_types():
    contract = open(os.path.join(os.path.dirname(__file__), "..", "..", "js", "contract.js")).read()
    for name in ("InvalidExport", "CorruptData", "InvalidDatabase"):
        assert f"`${{EXCHANGE}}#{name}`" in contract
    assert 'const EXCHANGE = "com.dynoxide.exchange"' in contract


# --- what the browser worker calls (dynoxide.exchange.session, exchange.database) ------------

def test_the_worker_transfers_round_trip_a_table_in_chunks():
    from dynoxide.exchange.session import Transfers

    db = filled(300)
    transfers = Transfers(db)
    begun = json.loads(transfers.export_begin("Items"))
    text = ""
    while chunk := transfers.export_chunk(begun["id"], 2000):
        text += chunk
    finished = json.loads(transfers.export_finish(begun["id"], base64.b64encode(b"0" * 16).decode()))
    assert finished["itemCount"] == 300 and set(finished["files"]) == {
        "manifest-summary.json", "manifest-files.json", "table-description.json", "table-creation-parameters.json"}
    copy = Database.memory()
    into = Transfers(copy)
    started = json.loads(into.import_begin(json.dumps({"entries": finished["files"]})))
    assert started["tableName"] == "Items" and started["creates"] is True
    assert into.import_file(started["id"], begun["dataPath"].split("/")[1]) == ""
    lines = text.split("\n")
    assert into.import_text(started["id"], "\n".join(lines[:100]) + "\n") == "100"
    assert into.import_text(started["id"], "\n".join(lines[100:])) == "300"
    assert into.import_end_file(started["id"], None) == ""
    assert json.loads(into.import_commit(started["id"]))["ItemCount"] == 300
    assert scan(copy) == scan(db)


def test_a_failed_worker_import_answers_an_error_body_and_stages_nothing():
    from dynoxide.exchange.session import Transfers

    db = Database.memory()
    transfers = Transfers(db)
    started = json.loads(transfers.import_begin(json.dumps({"description": DESCRIBED})))
    transfers.import_file(started["id"], "items.json")
    failed = transfers.import_text(started["id"], '{"Item": {"id": {"S": "a"}}}\n{"nope": 1}\n')
    assert failed.startswith("!") and json.loads(failed[1:])["__type"] == "com.dynoxide.exchange#CorruptData"
    assert scratch_tables(db) == [] and table_names(db) == []
    assert json.loads(transfers.import_commit(started["id"])[1:])["__type"] == "com.dynoxide.exchange#InvalidExport"
    assert json.loads(transfers.export_begin("Nope")[1:])["__type"].endswith("#ResourceNotFoundException")


def test_a_database_file_is_checked_before_it_replaces_one(tmp_path):
    from dynoxide.exchange.database import check
    from dynoxide.storage.sqlite import SqliteConnection

    with Database.open(str(tmp_path / "ours.sqlite")) as db:
        db.execute("CreateTable", table_request())
    assert check(SqliteConnection(str(tmp_path / "ours.sqlite"))) == ["Items"]
    import sqlite3
    other = sqlite3.connect(tmp_path / "other.sqlite")
    other.execute("CREATE TABLE t (x)")
    other.commit()
    other.close()
    with pytest.raises(DynamoError) as err:
        check(SqliteConnection(str(tmp_path / "other.sqlite")))
    assert err.value.type == "com.dynoxide.exchange#InvalidDatabase" and "not one dynoxide wrote" in err.value.message


def _vector_table(db: Database) -> None:
    definitions = [{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "tenant", "region")]
    db.execute("CreateTable", {
        "TableName": "Docs", "BillingMode": "PAY_PER_REQUEST", "AttributeDefinitions": definitions,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [{"IndexName": "byPlace", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [
            {"AttributeName": "tenant", "KeyType": "HASH"}, {"AttributeName": "region", "KeyType": "HASH"}]}],
        "VectorIndexes": [{"IndexName": "near", "VectorAttribute": {"AttributeName": "v"}, "Dimensions": 2,
                           "DistanceFunction": "EUCLIDEAN", "Projection": {"ProjectionType": "KEYS_ONLY"}}]})


def _doc(i: int) -> dict:
    return {"pk": s(f"d{i}"), "tenant": s("t"), "region": s(f"r{i % 2}"), "v": {"L": [{"N": str(i)}, {"N": "0"}]}}


def _nearest(db: Database, x: int) -> list[str]:
    found = db.execute("SearchVectors", {"TableName": "Docs", "IndexName": "near", "TopK": 3,
                                         "SearchVector": [{"N": str(x)}, {"N": "0"}]})
    return [hit["Item"]["pk"]["S"] for hit in found["SearchResults"]]


def test_vector_and_multi_attribute_indexes_survive_a_round_trip(tmp_path):
    db = Database.memory()
    _vector_table(db)
    for i in range(10):
        db.execute("PutItem", {"TableName": "Docs", "Item": _doc(i)})
    db.export_to(str(tmp_path / "out"))
    copy = Database.memory()
    copy.import_from(str(tmp_path / "out"))
    assert _nearest(copy, 7) == _nearest(db, 7) and len(_nearest(copy, 7)) == 3
    query = {"TableName": "Docs", "IndexName": "byPlace", "KeyConditionExpression": "tenant = :t AND #r = :r",
             "ExpressionAttributeNames": {"#r": "region"}, "ExpressionAttributeValues": {":t": s("t"), ":r": s("r1")}}
    assert copy.execute("Query", query)["Count"] == db.execute("Query", query)["Count"] == 5
    # Into the table that exists: the staged vectors replace those of the same key, nothing else moves.
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps({"Item": {**_doc(0), "v": {"L": [{"N": "100"}, {"N": "0"}]}}}) + "\n")
    copy.import_from(str(moved), table="Docs")
    assert _nearest(copy, 100)[0] == "d0"
    assert "d0" not in _nearest(copy, 0)
