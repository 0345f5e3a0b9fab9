"""ExecuteStatement, BatchExecuteStatement and ExecuteTransaction.

Each statement is parsed (`partiql.parser`, cached by text), planned into an
item API request (`partiql.plan`) and run through that operation, so a
PartiQL write is checked, indexed and accounted exactly as the item API's.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import json

from .. import errors
from ..errors import DynamoError
from ..partiql import ast
from ..partiql import messages as m
from ..partiql.parser import parse
from ..partiql.plan import Plan, plan, project, single_item_read
from ..validation.checks import canonical_parameters
from . import capacity
from .transactions import cancelled

_canonical = json.JSONEncoder(separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode
# What a statement asks of the item operation it runs as: an UPDATE is sized by
# its finished item alone, not by its statement as the UpdateItem API is.
_OPERATION_OPTIONS = {"UpdateItem": {"statement_sized": False}}


@functools.lru_cache(maxsize=256)
def _parse(statement: str) -> ast.Parsed:
    return parse(statement)


def _statement(text: str, parameters: list | None) -> ast.Parsed:
    parsed = _parse(text)
    if parsed.parameter_count != len(parameters or ()):
        raise errors.validation(m.PARAMETER_COUNT)
    return parsed


def _check_consistent_read(engine, plan_: Plan, consistent: bool) -> None:
    if consistent and plan_.request.get("IndexName") is not None:
        schema = engine.schema(plan_.table)
        index = schema.index(plan_.request["IndexName"])
        if index is not None and not index.local:
            raise errors.validation(m.CONSISTENT_READ_ON_GSI)


# --- ExecuteStatement ------------------------------------------------------------------

def execute_statement(engine, request: dict) -> dict:
    """One statement: a read pages like Query/Scan, a write acts on one item."""
    parameters = request.get("Parameters")
    parsed = _statement(request["Statement"], parameters)
    plan_ = plan(engine, parsed.statement, parameters)
    if plan_.op == "ConditionCheck":
        raise errors.validation(m.EXISTS_OUTSIDE_TRANSACTION)
    if plan_.is_read:
        return _read(engine, plan_, request)
    return _write(engine, plan_, request)


def _read(engine, plan_: Plan, request: dict) -> dict:
    consistent = bool(request.get("ConsistentRead"))
    _check_consistent_read(engine, plan_, consistent)
    query = dict(plan_.request)
    if consistent:
        query["ConsistentRead"] = True
    if request.get("Limit") is not None:
        query["Limit"] = request["Limit"]
    if request.get("ReturnConsumedCapacity") is not None:
        query["ReturnConsumedCapacity"] = request["ReturnConsumedCapacity"]
    fingerprint = _fingerprint(request)
    if request.get("NextToken") is not None:
        query["ExclusiveStartKey"] = _read_token(request["NextToken"], fingerprint)
    result = engine.execute(plan_.op, query)
    response: dict = {"Items": [project(plan_.projection, item) for item in result.get("Items", ())]}
    last = result.get("LastEvaluatedKey")
    if last is not None:
        response["NextToken"] = _make_token(last, fingerprint)
        response["LastEvaluatedKey"] = last
    if "ConsumedCapacity" in result:
        response["ConsumedCapacity"] = result["ConsumedCapacity"]
    return response


def _write(engine, plan_: Plan, request: dict) -> dict:
    write = dict(plan_.request)
    if request.get("ReturnConsumedCapacity") is not None:
        write["ReturnConsumedCapacity"] = request["ReturnConsumedCapacity"]
    if request.get("ReturnValuesOnConditionCheckFailure") is not None:
        write["ReturnValuesOnConditionCheckFailure"] = request["ReturnValuesOnConditionCheckFailure"]
    try:
        result = engine.execute(plan_.op, write, **_OPERATION_OPTIONS.get(plan_.op, {}))
    except DynamoError as err:
        raise _reworded(plan_, err) from None
    response: dict = {"Items": [result["Attributes"]] if plan_.returning and result.get("Attributes") else []}
    if "ConsumedCapacity" in result:
        response["ConsumedCapacity"] = result["ConsumedCapacity"]
    return response


def _reworded(plan_: Plan, err: DynamoError) -> DynamoError:
    """An item API error as PartiQL words it."""
    if err.name == "ConditionalCheckFailedException" and plan_.op == "PutItem":
        return DynamoError("DuplicateItemException", m.DUPLICATE_ITEM)
    return err


# --- NextToken -----------------------------------------------------------------------

def _fingerprint(request: dict) -> str:
    """What a NextToken is bound to: the statement and its parameters."""
    text = _canonical([request["Statement"], request.get("Parameters") or []])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _make_token(last_key: dict, fingerprint: str) -> str:
    payload = _canonical({"k": last_key, "f": fingerprint}).encode("utf-8", "surrogatepass")
    return base64.b64encode(payload).decode("ascii")


def _read_token(token: str, fingerprint: str) -> dict:
    try:
        payload = json.loads(base64.b64decode(token, validate=True))
        key, bound_to = payload["k"], payload["f"]
    except (ValueError, TypeError, KeyError):
        raise errors.validation(m.INVALID_NEXT_TOKEN) from None
    if not isinstance(key, dict):
        raise errors.validation(m.INVALID_NEXT_TOKEN)
    if bound_to != fingerprint:
        raise errors.validation(m.NEXT_TOKEN_MISMATCH)
    return key


# --- BatchExecuteStatement ---------------------------------------------------------------

def batch_execute_statement(engine, request: dict) -> dict:
    """Each statement runs on its own and reports on its own; reads must name one item each."""
    members = request["Statements"]
    planned: list = []
    for member in members:
        try:
            parameters = member.get("Parameters")
            if parameters:
                parameters = member["Parameters"] = canonical_parameters(parameters)
            parsed = _statement(member["Statement"], parameters)
            one = plan(engine, parsed.statement, parameters)
            if one.is_read:
                if one.statement.index is not None:
                    raise errors.validation(m.BATCH_SELECT_NEEDS_KEY)
                one = single_item_read(engine, one, parameters, m.BATCH_SELECT_NEEDS_KEY)
            elif one.op == "ConditionCheck":
                raise errors.validation(m.EXISTS_OUTSIDE_TRANSACTION)
            elif one.returning is not None:
                raise errors.validation(m.RETURNING_IN_BATCH)
            planned.append(one)
        except DynamoError as err:
            planned.append(err)
    plans = [p for p in planned if isinstance(p, Plan)]
    if any(p.is_read for p in plans) and any(not p.is_read for p in plans):
        raise errors.validation(m.BATCH_MIXES_READS_AND_WRITES)
    _refuse_repeated_items(plans, m.BATCH_DUPLICATE_KEYS)
    mode = request.get("ReturnConsumedCapacity")
    consumed: dict = {}
    responses = [_batch_member(engine, member, item, mode, consumed) for member, item in zip(members, planned)]
    response: dict = {"Responses": responses}
    if consumed:
        response["ConsumedCapacity"] = list(consumed.values())
    return response


def _refuse_repeated_items(plans: list, message: str) -> None:
    seen = set()
    for one in plans:
        identity = (one.table, _canonical(one.key))
        if identity in seen:
            raise errors.validation(message)
        seen.add(identity)


def _batch_member(engine, member: dict, planned, mode, consumed: dict) -> dict:
    if isinstance(planned, DynamoError):
        return _failed(planned, None)
    try:
        request = dict(planned.request)
        if mode is not None:
            request["ReturnConsumedCapacity"] = mode
        if planned.is_read:
            _check_consistent_read(engine, planned, bool(member.get("ConsistentRead")))
            if member.get("ConsistentRead"):
                request["ConsistentRead"] = True
            result = engine.execute("GetItem", request)
            if "ConsumedCapacity" in result:
                capacity.accumulate(consumed, result["ConsumedCapacity"])
            out = {"TableName": planned.table}
            if "Item" in result:
                out["Item"] = project(planned.projection, result["Item"])
            return out
        if member.get("ReturnValuesOnConditionCheckFailure") is not None:
            request["ReturnValuesOnConditionCheckFailure"] = member["ReturnValuesOnConditionCheckFailure"]
        try:
            result = engine.execute(planned.op, request, **_OPERATION_OPTIONS.get(planned.op, {}))
        except DynamoError as err:
            raise _reworded(planned, err) from None
        if "ConsumedCapacity" in result:
            capacity.accumulate(consumed, result["ConsumedCapacity"])
        return {"TableName": planned.table}
    except DynamoError as err:
        return _failed(err, planned.table)


def _failed(err: DynamoError, table: str | None) -> dict:
    """A batch member's error entry; DynamoDB names the table except for validation errors."""
    entry: dict = {}
    if table is not None and err.name != "ValidationException":
        entry["TableName"] = table
    entry["Error"] = _error_entry(err)
    return entry


def _error_entry(err: DynamoError) -> dict:
    entry = {"Code": m.batch_error_code(err.name), "Message": err.message}
    if "Item" in err.extra:
        entry["Item"] = err.extra["Item"]
    return entry


# --- ExecuteTransaction --------------------------------------------------------------------

def execute_transaction(engine, request: dict) -> dict:
    """All statements or none: reads as one TransactGetItems, writes (with EXISTS
    checks) as one TransactWriteItems."""
    members = request["TransactStatements"]
    plans = [(member, _transaction_plan(engine, position, member)) for position, member in enumerate(members)]
    reads = [p for _, p in plans if p.is_read]
    if reads and len(reads) != len(plans):
        raise errors.validation(m.TRANSACTION_MIXES_READS_AND_WRITES)
    mode = request.get("ReturnConsumedCapacity")
    if reads:
        transact: dict = {"TransactItems": [{"Get": p.request} for p in reads]}
        if mode is not None:
            transact["ReturnConsumedCapacity"] = mode
        result = engine.execute("TransactGetItems", transact)
        response: dict = {"Responses": [({"Item": project(p.projection, r["Item"])} if "Item" in r else {})
                                        for p, r in zip(reads, result["Responses"])]}
    else:
        transact = {"TransactItems": [_transact_action(member, p) for member, p in plans]}
        if mode is not None:
            transact["ReturnConsumedCapacity"] = mode
        if request.get("ClientRequestToken") is not None:
            transact["ClientRequestToken"] = request["ClientRequestToken"]
        try:
            result = engine.execute("TransactWriteItems", transact)
        except DynamoError as err:
            raise _transaction_reworded([p for _, p in plans], err) from None
        response = {"Responses": []}
    if "ConsumedCapacity" in result:
        response["ConsumedCapacity"] = result["ConsumedCapacity"]
    return response


def _transaction_plan(engine, position: int, member: dict) -> Plan:
    """One member's plan; its validation errors name its position, as DynamoDB's do."""
    parameters = member.get("Parameters")
    try:
        parsed = _statement(member["Statement"], parameters)
        planned = plan(engine, parsed.statement, parameters)
        if planned.is_read:
            if planned.statement.index is not None:
                raise errors.validation(m.TRANSACTION_INDEX_READ)
            return single_item_read(engine, planned, parameters, m.TRANSACTION_SELECT_NEEDS_KEY)
        if planned.returning is not None:
            raise errors.validation(m.RETURNING_IN_TRANSACTION)
        return planned
    except DynamoError as err:
        if err.name != "ValidationException":
            raise
        raise errors.validation(m.in_transaction_statement(position, err.message)) from None


_ACTION_OF = {"PutItem": "Put", "UpdateItem": "Update", "DeleteItem": "Delete", "ConditionCheck": "ConditionCheck"}


def _transact_action(member: dict, planned: Plan) -> dict:
    action = dict(planned.request)
    action.pop("ReturnValues", None)
    if member.get("ReturnValuesOnConditionCheckFailure") is not None:
        action["ReturnValuesOnConditionCheckFailure"] = member["ReturnValuesOnConditionCheckFailure"]
    return {_ACTION_OF[planned.op]: action}


def _transaction_reworded(plans: list, err: DynamoError) -> DynamoError:
    reasons = err.extra.get("CancellationReasons")
    if err.name != "TransactionCanceledException" or not reasons:
        return err
    reworded = []
    for planned, reason in zip(plans, reasons):
        if planned.op == "PutItem" and reason.get("Code") == "ConditionalCheckFailed":
            reason = {"Code": "DuplicateItem", "Message": m.DUPLICATE_ITEM}
        reworded.append(reason)
    return cancelled(reworded)
