"""CreateTable, DescribeTable, ListTables, DeleteTable, UpdateTable.

Request shape and table-independent rules are checked by the validation
layer first; what is here needs the catalog (existence, current settings).
"""
from __future__ import annotations

import json

from .. import errors
from ..errors import invalid_parameter
from ..limits import MAX_GSIS, MAX_LIST_TABLES
from ..schema import IndexSchema, KeyAttr, TableSchema, new_table_id
from ..storage import sql
from ..storage.tables import (count_moves, create_statements, drop_statements, dump_item, encode_table_key,
                              index_entry)
from ..values.size import item_size
from ..validation import messages as m
from . import policies, vectors, warm
from .backups import table_deleted
from .describe import table_description


def _key_roles(key_schema: list[dict], types: dict[str, str]) -> tuple[list[KeyAttr], list[KeyAttr]]:
    """The HASH and the RANGE attributes of a key schema, each in schema order."""
    roles: dict[str, list[KeyAttr]] = {"HASH": [], "RANGE": []}
    for element in key_schema:
        attr = KeyAttr(element["AttributeName"], types.get(element["AttributeName"], "S"))
        roles["HASH" if element["KeyType"] == "HASH" else "RANGE"].append(attr)
    return roles["HASH"], roles["RANGE"]


def _key_pair(key_schema: list[dict], types: dict[str, str]) -> tuple[KeyAttr, KeyAttr | None]:
    hash_keys, range_keys = _key_roles(key_schema, types)
    return hash_keys[0], range_keys[0] if range_keys else None


def _throughput(spec: dict | None) -> dict:
    if not spec:
        return {}
    return {"ReadCapacityUnits": spec.get("ReadCapacityUnits", 0),
            "WriteCapacityUnits": spec.get("WriteCapacityUnits", 0)}


def _index(sql_table: str, n: int, spec: dict, types: dict, local: bool,
           billing_mode: str, created: float) -> IndexSchema:
    hash_keys, range_keys = _key_roles(spec["KeySchema"], types)
    projection = spec.get("Projection") or {}
    return IndexSchema(
        name=spec["IndexName"], local=local, hash_keys=hash_keys, range_keys=range_keys,
        projection_type=projection.get("ProjectionType", "ALL"),
        non_key_attributes=projection.get("NonKeyAttributes"),
        sql_table=f"{sql_table}__i{n}",
        throughput=None if local or billing_mode == "PAY_PER_REQUEST" else _throughput(spec.get("ProvisionedThroughput")),
        created=created,
        warm_throughput=None if local else warm.ratchet(None, spec.get("WarmThroughput"),
                                                        spec.get("ProvisionedThroughput")),
    )


def _stream(engine, table_name: str, spec: dict | None, now: float) -> dict | None:
    """The schema's record of a newly enabled stream. Its label is its creation
    time to the millisecond, moved on a millisecond if an earlier stream of the
    table (or of a table of the same name) already has that one: ARNs are unique."""
    if not spec or not spec.get("StreamEnabled"):
        return None
    if not engine.streams_supported:
        raise errors.validation("Streams are not supported by this dynoxide host yet: StreamSpecification is refused")
    from datetime import datetime, timezone
    millis = int(now * 1000)
    while True:
        label = datetime.fromtimestamp(millis / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        if engine.streams.get(engine.stream_arn(table_name, label)) is None:
            return {"StreamEnabled": True, "StreamViewType": spec.get("StreamViewType"), "Label": label}
        millis += 1


def _open_stream(engine, schema: TableSchema, now: float) -> list:
    stream = schema.stream
    return engine.streams.open(engine.stream_arn(schema.name, stream["Label"]), schema.name, stream["Label"],
                               stream["StreamViewType"], schema.key_schema(), now)


def _close_stream(engine, schema: TableSchema, now: float) -> list:
    stream = schema.stream
    if not stream or not stream.get("StreamEnabled"):
        return []
    return engine.streams.close(engine.stream_arn(schema.name, stream["Label"]), now)


def _change_stream(engine, schema: TableSchema, new: TableSchema, spec: dict, now: float) -> list:
    """UpdateTable's StreamSpecification: a new stream each time one is enabled
    (the old one stays readable), or the current one disabled."""
    enabled = bool(schema.stream and schema.stream.get("StreamEnabled"))
    if spec.get("StreamEnabled"):
        if enabled:
            raise errors.validation(f"Table already has an enabled stream: TableName: {schema.name}")
        new.stream = _stream(engine, schema.name, spec, now)
        return _open_stream(engine, new, now)
    if not enabled:
        raise errors.validation(f"Table has no stream to disable: TableName: {schema.name}")
    new.stream = {**schema.stream, "StreamEnabled": False}  # DescribeTable still names the latest stream
    return _close_stream(engine, schema, now)


def create_table(engine, request: dict) -> dict:
    name = request["TableName"]
    if engine.catalog.get(name) is not None:
        raise errors.resource_in_use(f"Table already exists: {name}")
    schema = new_table(engine, request)
    engine.conn.write(record_new_table(engine, schema) + create_statements(schema))
    engine.catalog.commit_put(schema)
    # DynamoDB answers CreateTable with CREATING; ours is ACTIVE at once, as
    # the next DescribeTable shows.
    desc = table_description(engine, schema, live_counts=False, status="CREATING")
    return {"TableDescription": desc}


def new_table(engine, request: dict) -> TableSchema:
    """The schema of a validated CreateTable request (nothing is written)."""
    name = request["TableName"]
    now = engine.clock()
    policy = request.get("ResourcePolicy")
    policy = policies.check_for_create(policy) if policy is not None else None
    types = {d["AttributeName"]: d["AttributeType"] for d in request["AttributeDefinitions"]}
    hash_key, range_key = _key_pair(request["KeySchema"], types)
    billing = request.get("BillingMode") or "PROVISIONED"
    sql_table = engine.catalog.new_sql_name(name)
    specs = [(s, True) for s in request.get("LocalSecondaryIndexes") or []] + \
            [(s, False) for s in request.get("GlobalSecondaryIndexes") or []]
    indexes = [_index(sql_table, n, spec, types, local, billing, now) for n, (spec, local) in enumerate(specs)]
    sse = request.get("SSESpecification")
    schema = TableSchema(
        name=name, sql_table=sql_table, hash=hash_key, range=range_key,
        attribute_definitions=request["AttributeDefinitions"], created=now,
        table_id=new_table_id(), billing_mode=billing,
        throughput=_throughput(request.get("ProvisionedThroughput")) if billing == "PROVISIONED" else {},
        indexes=indexes, table_class=request.get("TableClass") or "STANDARD",
        deletion_protection=bool(request.get("DeletionProtectionEnabled")),
        stream=_stream(engine, name, request.get("StreamSpecification"), now),
        sse=dict(sse) if sse and sse.get("Enabled") else None,
        tags=list(request.get("Tags") or []),
        on_demand_throughput=request.get("OnDemandThroughput"),
        warm_throughput=warm.ratchet(None, request.get("WarmThroughput"), request.get("ProvisionedThroughput")),
        next_index_id=len(indexes),
    )
    schema.vector_indexes = [vectors.build(schema, spec, now) for spec in request.get("VectorIndexes") or ()]
    if policy is not None:
        policies.attach(engine, schema, policy)
    return schema


def record_new_table(engine, schema: TableSchema) -> list:
    """The statements that record a new table (catalog row, stream) without
    its SQL tables: CreateTable adds empty ones, an import renames the ones
    it loaded into place (exchange/importer.py)."""
    statements = [engine.catalog.insert_statement(schema)]
    if schema.stream is not None:
        statements += _open_stream(engine, schema, schema.created)
    return statements


def describe_table(engine, request: dict) -> dict:
    return {"Table": table_description(engine, engine.schema(request["TableName"], control_plane=True))}


def list_tables(engine, request: dict) -> dict:
    names = engine.catalog.names()
    start = request.get("ExclusiveStartTableName")
    if start is not None:
        names = [n for n in names if n > start]
    limit = request.get("Limit") or MAX_LIST_TABLES
    out: dict = {"TableNames": names[:limit]}
    if len(names) > limit:
        out["LastEvaluatedTableName"] = names[limit - 1]
    return out


def delete_table(engine, request: dict) -> dict:
    schema = engine.schema(request["TableName"], control_plane=True)
    if schema.deletion_protection:
        raise errors.validation("Resource cannot be deleted as it is currently protected against deletion. "
                                "Disable deletion protection first.")
    desc = table_description(engine, schema, status="DELETING")
    now = engine.clock()
    statements = [engine.catalog.delete_statement(schema.name)] + table_deleted(engine, schema, now)
    statements += drop_statements(schema) + _close_stream(engine, schema, now)
    engine.conn.write(statements)
    engine.catalog.commit_delete(schema.name)
    return {"TableDescription": desc}


# --- UpdateTable -----------------------------------------------------------

def update_table(engine, request: dict) -> dict:
    """Check the request against the table's current settings, then work out
    the new schema: billing and throughput, the other settings, index
    changes, attribute definitions; all of it commits in one transaction."""
    schema = engine.schema(request["TableName"], control_plane=True)
    _check_against_current(engine, schema, request)
    gsi_updates = request.get("GlobalSecondaryIndexUpdates") or []
    _check_gsi_updates(schema, gsi_updates, request)
    warm.check_not_lower(schema.warm_throughput, request.get("WarmThroughput"), "table")
    vectors.check_billing(schema, request)

    now = engine.clock()
    new = TableSchema.from_json(schema.to_json())
    _apply_billing(schema, new, request, now)
    statements = _apply_settings(engine, schema, new, request, now)
    statements += _apply_gsi_updates(engine, schema, new, gsi_updates, request, now)
    statements += vectors.apply_updates(engine, schema, new, request, now)
    if request.get("AttributeDefinitions"):
        _merge_attribute_definitions(new, request["AttributeDefinitions"])

    new.warm_throughput = warm.ratchet(new.warm_throughput, request.get("WarmThroughput"),
                                       new.throughput if new.billing_mode == "PROVISIONED" else None)
    statements.insert(0, engine.catalog.update_statement(new))
    statements += count_moves(schema, new)  # after any backfill: it counts the new index
    engine.conn.write(statements)
    engine.catalog.commit_put(new)
    return {"TableDescription": table_description(engine, new, status="UPDATING")}


def _check_against_current(engine, schema: TableSchema, request: dict) -> None:
    """The rules that need the table's current billing mode and throughput."""
    billing = request.get("BillingMode")
    throughput = request.get("ProvisionedThroughput")
    if schema.billing_mode == "PAY_PER_REQUEST" and billing is None and throughput is not None:
        raise invalid_parameter(m.PAY_PER_REQUEST_WITH_THROUGHPUT)
    if billing == "PROVISIONED" and throughput is None and schema.billing_mode != "PROVISIONED":
        raise invalid_parameter(m.UPDATE_PROVISIONED_WITHOUT_THROUGHPUT)
    if throughput is not None and (billing or schema.billing_mode) == "PROVISIONED" \
            and schema.billing_mode == "PROVISIONED":
        current = schema.throughput
        if (throughput.get("ReadCapacityUnits") == current.get("ReadCapacityUnits")
                and throughput.get("WriteCapacityUnits") == current.get("WriteCapacityUnits")):
            raise errors.validation(
                "The provisioned throughput for the table will not change. The requested value equals the "
                f"current value. Current ReadCapacityUnits provisioned for the table: {current.get('ReadCapacityUnits')}. "
                f"Requested ReadCapacityUnits: {throughput.get('ReadCapacityUnits')}. "
                f"Current WriteCapacityUnits provisioned for the table: {current.get('WriteCapacityUnits')}. "
                f"Requested WriteCapacityUnits: {throughput.get('WriteCapacityUnits')}. "
                "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.")
    if request.get("StreamSpecification") is not None and not engine.streams_supported:
        raise errors.validation("Streams are not supported by this dynoxide host yet: StreamSpecification is refused")


def _apply_billing(schema: TableSchema, new: TableSchema, request: dict, now: float) -> None:
    """A billing mode switch (which indexes follow) and the table's new throughput."""
    billing = request.get("BillingMode")
    throughput = request.get("ProvisionedThroughput")
    if billing is not None and billing != schema.billing_mode:
        new.billing_mode = billing
        if billing == "PAY_PER_REQUEST":
            new.throughput = {"LastUpdateToPayPerRequestDateTime": now}
            for index in new.gsis():
                index.throughput = None
        else:
            for index in new.gsis():
                index.throughput = index.throughput or {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    if throughput is not None and new.billing_mode == "PROVISIONED":
        old = schema.throughput if schema.billing_mode == "PROVISIONED" else {}
        updated = dict(old)
        updated.update(_throughput(throughput))
        if _total(updated) > _total(old) or not old:
            updated["LastIncreaseDateTime"] = now
        elif _total(updated) < _total(old):
            updated["LastDecreaseDateTime"] = now
            updated["NumberOfDecreasesToday"] = old.get("NumberOfDecreasesToday", 0) + 1
        new.throughput = updated


def _apply_settings(engine, schema: TableSchema, new: TableSchema, request: dict, now: float) -> list:
    """Deletion protection, table class, stream, encryption, on-demand limits;
    the statements a stream change needs."""
    statements = []
    if request.get("DeletionProtectionEnabled") is not None:
        new.deletion_protection = bool(request["DeletionProtectionEnabled"])
    if request.get("TableClass"):
        new.table_class = request["TableClass"]
    if request.get("StreamSpecification") is not None:
        statements += _change_stream(engine, schema, new, request["StreamSpecification"], now)
    if request.get("SSESpecification") is not None:
        sse = request["SSESpecification"]
        new.sse = dict(sse) if sse.get("Enabled") else None
    if request.get("OnDemandThroughput") is not None:
        new.on_demand_throughput = request["OnDemandThroughput"]
    return statements


def _apply_gsi_updates(engine, schema: TableSchema, new: TableSchema, updates: list[dict], request: dict,
                       now: float) -> list:
    """Create (and backfill), delete or re-provision global indexes."""
    statements = []
    for update in updates:
        if update.get("Create"):
            statements += _create_gsi(engine, schema, new, update["Create"], request, now)
        elif update.get("Delete"):
            index = new.index(update["Delete"]["IndexName"])
            new.indexes.remove(index)
            statements.append((sql.drop(index.sql_table), ()))
        elif update.get("Update"):
            action = update["Update"]
            index = new.index(action["IndexName"])
            if action.get("ProvisionedThroughput") is not None or new.billing_mode != "PROVISIONED":
                index.throughput = _throughput(action.get("ProvisionedThroughput"))
            index.warm_throughput = warm.ratchet(index.warm_throughput, action.get("WarmThroughput"),
                                                 index.throughput)
    return statements


def _merge_attribute_definitions(new: TableSchema, definitions: list[dict]) -> None:
    """Add the request's new definitions; keep only those some key schema uses."""
    known = {d["AttributeName"] for d in new.attribute_definitions}
    for definition in definitions:
        if definition["AttributeName"] not in known:
            new.attribute_definitions.append(definition)
            known.add(definition["AttributeName"])
    used = {k.name for k in new.key_attrs()} | {k.name for i in new.indexes for k in i.key_attrs()}
    used |= vectors.search_schema_names(new)
    new.attribute_definitions = [d for d in new.attribute_definitions if d["AttributeName"] in used]


def _total(throughput: dict) -> int:
    return throughput.get("ReadCapacityUnits", 0) + throughput.get("WriteCapacityUnits", 0)


def _check_gsi_updates(schema: TableSchema, updates: list[dict], request: dict) -> None:
    # (One update per index is a validation rule: see UpdateTableRules.)
    for update in updates:
        action = update.get("Create") or update.get("Delete") or update.get("Update") or {}
        name = action.get("IndexName")
        existing = schema.index(name)
        if update.get("Update") and existing is not None:
            warm.check_not_lower(existing.warm_throughput, action.get("WarmThroughput"), f"index {name}")
        if update.get("Create"):
            if existing is not None:
                raise invalid_parameter(f"Index already exists: {name}")
            if len(schema.gsis()) + 1 > MAX_GSIS:
                raise errors.limit_exceeded(
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table")
            if not request.get("AttributeDefinitions"):
                raise invalid_parameter(m.GSI_DEFINITIONS_MISSING.format(name))
            defined = {d["AttributeName"]: d["AttributeType"] for d in request.get("AttributeDefinitions") or []}
            for element in action.get("KeySchema") or []:
                if element["AttributeName"] not in defined:
                    raise invalid_parameter(
                        "Some index key attributes are not defined in AttributeDefinitions. "
                        f"Keys: [{', '.join(e['AttributeName'] for e in action['KeySchema'])}], "
                        f"AttributeDefinitions: [{', '.join(defined)}]")
            if schema.billing_mode == "PROVISIONED" and not action.get("ProvisionedThroughput") \
                    and request.get("BillingMode") != "PAY_PER_REQUEST":
                raise invalid_parameter(
                    f"ProvisionedThroughput should not be null for index: {name}")
        elif update.get("Delete"):
            if existing is None or existing.local:
                raise errors.resource_not_found(f"Requested resource not found: Index: {name} not found")
        elif update.get("Update"):
            if existing is None or existing.local:
                raise errors.validation(
                    "This operation cannot be performed with given input values. Please contact DynamoDB "
                    "service team for more info: Action Blocked: IndexUpdate")


def _create_gsi(engine, old_schema: TableSchema, new: TableSchema, spec: dict, request: dict, now: float) -> list:
    """Add the index and backfill it from the table's rows in the same transaction."""
    types = {d["AttributeName"]: d["AttributeType"] for d in new.attribute_definitions}
    types.update({d["AttributeName"]: d["AttributeType"] for d in request.get("AttributeDefinitions") or []})
    index = _index(new.sql_table, new.next_index_id, spec, types, False, new.billing_mode, now)
    new.next_index_id += 1
    new.indexes.append(index)
    statements = [(sql.create_index(index.sql_table), ())]
    for (text,) in engine.conn.query(sql.select_all(old_schema.sql_table)):
        item = json.loads(text)
        entry = index_entry(new, index, item)
        if entry is None:
            continue
        key = encode_table_key(new, item)
        projected = entry[2]
        statements.append((sql.insert_index_row(index.sql_table),
                           (entry[0], entry[1], key[0], key[1], dump_item(projected), item_size(projected))))
    return statements
