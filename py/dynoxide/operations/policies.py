"""PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: the resource-based
policy of a table or of its stream, named by ARN.

Policies are stored and returned, never enforced: requests carry no checked
identity to enforce them against (signatures are not verified). A policy
lives in its table's catalog entry, keyed "table" or by the stream's label,
so it goes with its table. As in DynamoDB:
- a document is checked for shape and size, and read back compact (the
  whitespace it was sent with is not kept), with a "Version" when it had none;
- a RevisionId is a millisecond timestamp, increasing with each change;
  putting the same document again changes nothing and keeps it;
- ExpectedRevisionId guards a change ("NO_POLICY": only if there is none);
- deleting where there is no policy is an idempotent success.
"""
from __future__ import annotations

import json

from .. import errors
from ..errors import invalid_parameter
from ..limits import MAX_RESOURCE_POLICY_BYTES
from ..validation import messages as m
from .common import save_schema

_TABLE = "table"  # the key of the table's own policy (a stream's is its label)
_DEFAULT_VERSION = "2008-10-17"
_STREAM_ACTIONS = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                   "dynamodb:ListStreams")


def _resolve(engine, arn: str):
    """(schema, policy key) of a table or stream ARN, with DynamoDB's answer to every other form."""
    if not arn.startswith("arn:"):
        raise invalid_parameter(m.POLICY_ARN_NOT_ARN.format(arn))
    parts = arn.split(":", 5)
    if len(parts) < 6 or parts[2] != "dynamodb" or not parts[5].startswith("table/"):
        raise invalid_parameter(m.POLICY_ARN_NOT_DYNAMODB.format(arn))
    partition, region, account, resource = parts[1], parts[3], parts[4], parts[5]
    if account != engine.account_id:
        raise errors.validation(m.POLICY_OTHER_ACCOUNT)
    if partition != "aws" or region != engine.region:
        raise invalid_parameter(m.POLICY_ARN_INVALID.format(arn))
    path = resource.split("/")
    name = path[1]
    if len(path) == 2:
        key = _TABLE
    elif len(path) == 4 and path[2] == "stream":
        key = path[3]
    elif len(path) >= 3 and path[2] == "index":
        raise invalid_parameter(m.POLICY_ARN_NOT_TABLE_OR_STREAM.format(arn))
    else:
        raise invalid_parameter(m.POLICY_ARN_NOT_DYNAMODB.format(arn))
    schema = engine.catalog.get(name)
    if schema is None:
        raise errors.resource_not_found(m.TABLE_NOT_FOUND_NAMED.format(name))
    if key != _TABLE and not _stream_exists(schema, key):
        raise errors.resource_not_found(m.POLICY_STREAM_NOT_FOUND.format(key, name))
    return schema, key


def _stream_exists(schema, label: str) -> bool:
    return bool(schema.stream) and schema.stream.get("Label") == label


def normalized(document: str) -> str:
    """The policy as DynamoDB keeps it: checked, compact, with a Version."""
    if len(document.encode("utf-8")) > MAX_RESOURCE_POLICY_BYTES:
        raise invalid_parameter(m.POLICY_TOO_BIG.format(MAX_RESOURCE_POLICY_BYTES))
    try:
        policy = json.loads(document)
    except ValueError:
        policy = None
    if not isinstance(policy, dict):
        raise invalid_parameter(m.POLICY_INVALID.format(m.POLICY_NOT_JSON))
    statements = policy.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        raise invalid_parameter(m.POLICY_INVALID.format(m.POLICY_NO_STATEMENT))
    sids = set()
    for statement in statements:
        if not isinstance(statement, dict):
            raise invalid_parameter(m.POLICY_INVALID.format(m.POLICY_NOT_JSON))
        for required in ("Effect", "Resource"):
            if required not in statement and f"Not{required}" not in statement:
                raise invalid_parameter(m.POLICY_INVALID.format(m.POLICY_MISSING_FIELD.format(required)))
        if "Action" not in statement and "NotAction" not in statement:
            raise invalid_parameter(m.POLICY_INVALID.format(m.POLICY_MISSING_FIELD.format("Action")))
        sid = statement.get("Sid")
        if sid is not None:
            if sid in sids:
                raise invalid_parameter(m.POLICY_INVALID.format(m.POLICY_DUPLICATE_SID.format(sid)))
            sids.add(sid)
    policy.setdefault("Version", _DEFAULT_VERSION)
    return json.dumps(policy, separators=(",", ":"), ensure_ascii=False)


def _check_actions(document: str, key: str) -> None:
    """A table's policy may not grant stream actions (they belong on the stream's)."""
    if key != _TABLE:
        return
    named = []
    for statement in _statements(json.loads(document)):
        actions = statement.get("Action", [])
        for action in [actions] if isinstance(actions, str) else actions:
            if isinstance(action, str) and action in _STREAM_ACTIONS and f'"{action}"' not in named:
                named.append(f'"{action}"')
    if named:
        raise invalid_parameter(m.POLICY_INVALID.format(m.POLICY_INVALID_ACTIONS.format(", ".join(named))))


def _statements(policy: dict) -> list:
    statements = policy.get("Statement")
    return [statements] if isinstance(statements, dict) else statements


def _next_revision(engine, schema) -> str:
    """A millisecond timestamp, later than every revision the table has had."""
    now = int(engine.clock() * 1000)
    latest = max((int(p["RevisionId"]) for p in schema.policies.values()), default=0)
    return str(max(now, latest + 1))


def attach(engine, schema, document: str, key: str = _TABLE) -> str:
    """Store `document` as the policy under `key` in `schema` (not saved); its RevisionId."""
    revision = _next_revision(engine, schema)
    schema.policies[key] = {"Policy": document, "RevisionId": revision}
    return revision


def check_for_create(document: str) -> str:
    """CreateTable's ResourcePolicy, checked as PutResourcePolicy checks it."""
    document = normalized(document)
    _check_actions(document, _TABLE)
    return document


def _mismatch(schema, key: str, expected: str | None) -> None:
    current = schema.policies.get(key)
    if expected is None:
        return
    if expected == "NO_POLICY":
        if current is not None:
            raise errors.DynamoError("PolicyNotFoundException", m.POLICY_FOUND_EXPECTING_NONE.format(
                schema.name, current["RevisionId"]))
        return
    if current is None or current["RevisionId"] != expected:
        raise errors.DynamoError("PolicyNotFoundException", m.POLICY_REVISION_MISMATCH.format(
            expected, schema.name, current["RevisionId"] if current else "none"))


def put_resource_policy(engine, request: dict) -> dict:
    schema, key = _resolve(engine, request["ResourceArn"])
    document = normalized(request["Policy"])
    _check_actions(document, key)
    _mismatch(schema, key, request.get("ExpectedRevisionId"))
    current = schema.policies.get(key)
    if current is not None and current["Policy"] == document:
        return {"RevisionId": current["RevisionId"]}
    updated = type(schema).from_json(schema.to_json())
    revision = attach(engine, updated, document, key)
    save_schema(engine, updated)
    return {"RevisionId": revision}


def get_resource_policy(engine, request: dict) -> dict:
    arn = request["ResourceArn"]
    schema, key = _resolve(engine, arn)
    current = schema.policies.get(key)
    if current is None:
        raise errors.DynamoError("PolicyNotFoundException", m.POLICY_NOT_FOUND.format(arn))
    return {"Policy": current["Policy"], "RevisionId": current["RevisionId"]}


def delete_resource_policy(engine, request: dict) -> dict:
    schema, key = _resolve(engine, request["ResourceArn"])
    _mismatch(schema, key, request.get("ExpectedRevisionId"))
    current = schema.policies.get(key)
    if current is None:
        return {}
    updated = type(schema).from_json(schema.to_json())
    del updated.policies[key]
    save_schema(engine, updated)
    return {"RevisionId": current["RevisionId"]}
