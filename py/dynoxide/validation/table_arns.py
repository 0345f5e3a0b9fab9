"""A table's ARN where a request names a table: resolved to the name at entry.

Since 2024 DynamoDB takes `arn:aws:dynamodb:<region>:<account>:table/<name>`
wherever most operations take a TableName (the model's `TableArn` shape:
1 to 1024 characters): the top-level TableName, the keys of a batch's
RequestItems, and each transaction item's TableName. `resolve` replaces each
ARN by its table's name in the request, once, before validation, so the
operations only ever see names; it returns what the caller sent for each
name, and `echo` puts that back where DynamoDB echoes it (a batch's maps,
ConsumedCapacity's TableName: "if you had specified the ARN of a table in
the input, you'll see the table ARN in the response").

Order of refusals, as DynamoDB answers them: a malformed ARN (or one naming
an index, a stream or another resource type) is a constraint violation of
'tableName'; a well-formed one of another partition or region is a
ValidationException naming the ARN; one of another account is not
authorised (no resource-based policy can grant it here).
"""
from __future__ import annotations

import re

from .. import errors
from . import messages as m

# Operations whose top-level TableName may be a table ARN (DynamoDB's model).
TOP_LEVEL = frozenset({
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "SearchVectors",
    "CreateTable", "DescribeTable", "UpdateTable", "DeleteTable",
    "DescribeTimeToLive", "UpdateTimeToLive", "CreateBackup", "ListBackups",
    "DescribeContinuousBackups", "UpdateContinuousBackups",
    "DescribeContributorInsights", "UpdateContributorInsights", "ListContributorInsights",
    "DescribeKinesisStreamingDestination", "EnableKinesisStreamingDestination",
    "DisableKinesisStreamingDestination", "UpdateKinesisStreamingDestination",
    "DescribeTableReplicaAutoScaling", "UpdateTableReplicaAutoScaling",
})
BATCHES = frozenset({"BatchGetItem", "BatchWriteItem"})
TRANSACTIONS = {"TransactGetItems": ("Get",), "TransactWriteItems": ("ConditionCheck", "Put", "Delete", "Update")}

_NAME = re.compile(m.NAME_PATTERN)
_ARN_PREFIX = "arn:"


def resolve(op: str, request: dict, *, region: str, account_id: str) -> dict[str, str]:
    """Replace every table ARN `request` names by the table's name, in place;
    return {name: ARN as sent} for `echo` (empty when the request named none)."""
    sent: dict[str, str] = {}

    def name_of(value):
        if type(value) is not str or not value.startswith(_ARN_PREFIX):
            return value
        name = table_name(value, op=op, region=region, account_id=account_id)
        sent[name] = value
        return name

    if op in TOP_LEVEL:
        if "TableName" in request:
            request["TableName"] = name_of(request["TableName"])
    elif op in BATCHES:
        items = request.get("RequestItems")
        if isinstance(items, dict) and any(type(k) is str and k.startswith(_ARN_PREFIX) for k in items):
            request["RequestItems"] = _renamed_keys(items, name_of)
    elif op in TRANSACTIONS and isinstance(request.get("TransactItems"), list):
        # Anything of the wrong type is left as it is, for validation to word.
        for entry in request["TransactItems"]:
            for kind in TRANSACTIONS[op]:
                member = entry.get(kind) if isinstance(entry, dict) else None
                if isinstance(member, dict) and "TableName" in member:
                    member["TableName"] = name_of(member["TableName"])
    return sent


def _renamed_keys(items: dict, name_of) -> dict:
    renamed: dict = {}
    for key, value in items.items():
        name = name_of(key)
        if name in renamed:
            raise errors.validation(m.TABLE_NAMED_TWICE.format(name))
        renamed[name] = value
    return renamed


def table_name(arn: str, *, op: str, region: str, account_id: str) -> str:
    """The name of the table `arn` names, or DynamoDB's refusal of it."""
    parts = arn.split(":", 5)
    resource = parts[5] if len(parts) == 6 else ""
    kind, slash, name = resource.partition("/")
    if not slash or parts[2] != "dynamodb":
        raise _violation(arn, m.TABLE_ARN_FORMAT)
    if kind != "table":
        raise _violation(arn, m.TABLE_ARN_RESOURCE_TYPE)
    if len(name) < 3:
        raise _violation(arn, m.TABLE_ARN_NAME_TOO_SHORT)
    if len(name) > 255 or not _NAME.fullmatch(name):  # an index's or a stream's ARN has a '/' here
        raise _violation(arn, m.TABLE_ARN_FORMAT)
    if parts[1] != "aws":
        raise errors.validation(m.aggregate([m.TABLE_ARN_PARTITION.format(arn)]))
    if parts[3] != region:
        raise errors.validation(m.aggregate([m.TABLE_ARN_REGION.format(arn)]))
    if parts[4] != account_id:
        raise errors.DynamoError("AccessDeniedException", m.TABLE_ARN_OTHER_ACCOUNT.format(account_id, op, arn, op))
    return name


def _violation(arn: str, constraint: str) -> errors.DynamoError:
    return errors.validation(m.aggregate([m.constraint_violation(f"'{arn}'", "tableName", constraint)]))


def echo(op: str, response: dict, sent: dict[str, str]) -> dict:
    """`response` with each table the caller named by ARN named so again:
    the keys of a batch's maps and ConsumedCapacity's TableName."""
    for member in ("Responses", "UnprocessedKeys", "UnprocessedItems", "ItemCollectionMetrics") if op in BATCHES else ():
        tables = response.get(member)
        if isinstance(tables, dict) and tables:
            response[member] = {sent.get(name, name): value for name, value in tables.items()}
    consumed = response.get("ConsumedCapacity")
    for entry in consumed if isinstance(consumed, list) else (consumed,):
        if isinstance(entry, dict) and entry.get("TableName") in sent:
            entry["TableName"] = sent[entry["TableName"]]
    return response
