"""SearchVectors, and the vector indexes of CreateTable, UpdateTable and DescribeTable.

A search is exact: every entry in the index (or in the HASH partition the
condition names) is scored from its packed float32 vector, the INLINE_FILTER
equalities are checked on the stored filter values, and only the TopK
winners' entries are read and decoded. Equal scores are ordered by the
item's table key, so the answer is deterministic (DynamoDB's tie order is
not).
"""
from __future__ import annotations

import heapq
import json

from .. import errors, expressions
from ..errors import invalid_parameter
from ..expressions import nodes
from ..limits import MAX_TOP_K, MAX_VECTOR_INDEXES
from ..schema import TableSchema, VectorIndexSchema
from ..storage import sql
from ..storage.tables import encode_table_key
from ..values.attributes import type_tag
from ..values.compare import equals
from ..values.keys import encode_key
from ..vectors import messages as vm
from ..vectors import store
from ..vectors.entries import entry_of
from ..vectors.rules import check_dimensions_agree
from ..vectors.score import as_f32, estimates, higher_is_closer, scorer
from ..vectors.values import f32_text, to_f32, unpack, unpack_many
from .capacity import vector_bytes
from .common import parse_projection


# --- the control plane ------------------------------------------------------------

def build(schema: TableSchema, spec: dict, now: float, *, backfilled: bool = False) -> VectorIndexSchema:
    """A new vector index of `schema` from its request spec (takes the table's next index number)."""
    projection = spec.get("Projection") or {}
    index = VectorIndexSchema(
        name=spec["IndexName"], attribute=spec["VectorAttribute"]["AttributeName"],
        dimensions=int(spec["Dimensions"]), distance=spec["DistanceFunction"],
        projection_type=projection.get("ProjectionType", "ALL"),
        non_key_attributes=projection.get("NonKeyAttributes"),
        search_schema=[dict(e) for e in spec["SearchSchema"]] if spec.get("SearchSchema") else None,
        sql_table=f"{schema.sql_table}__v{schema.next_index_id}", created=now, backfilled=backfilled)
    schema.next_index_id += 1
    return index


def check_billing(schema: TableSchema, request: dict) -> None:
    """UpdateTable may not leave PAY_PER_REQUEST while the table has a vector index."""
    if request.get("BillingMode") == "PROVISIONED" and (schema.vector_indexes or request.get("VectorIndexUpdates")):
        raise invalid_parameter(vm.ONLY_PAY_PER_REQUEST)


def apply_updates(engine, old: TableSchema, new: TableSchema, request: dict, now: float) -> list:
    """UpdateTable's VectorIndexUpdates: create (and backfill in the same
    transaction) or delete; the statements to run."""
    statements: list = []
    for update in request.get("VectorIndexUpdates") or ():
        if update.get("Create"):
            statements += _create(engine, old, new, update["Create"], request, now)
        elif update.get("Delete"):
            name = update["Delete"]["IndexName"]
            index = new.vector_index(name)
            if index is None:
                raise errors.resource_not_found(vm.DELETE_UNKNOWN.format(name))
            new.vector_indexes.remove(index)
            statements.append(store.drop(index))
    return statements


def _create(engine, old: TableSchema, new: TableSchema, spec: dict, request: dict, now: float) -> list:
    name = spec["IndexName"]
    if new.index(name) is not None or new.vector_index(name) is not None:
        raise invalid_parameter(f"Index already exists: {name}")
    if new.billing_mode != "PAY_PER_REQUEST" and request.get("BillingMode") != "PAY_PER_REQUEST":
        raise invalid_parameter(vm.ONLY_PAY_PER_REQUEST)
    if len(new.vector_indexes) + 1 > MAX_VECTOR_INDEXES:
        raise invalid_parameter(vm.TOO_MANY.format(MAX_VECTOR_INDEXES))
    defined = {d["AttributeName"] for d in new.attribute_definitions}
    defined.update(d["AttributeName"] for d in request.get("AttributeDefinitions") or ())
    if any(e["AttributeName"] not in defined for e in spec.get("SearchSchema") or ()):
        raise invalid_parameter(vm.SEARCH_SCHEMA_UNDEFINED)
    check_dimensions_agree([*({"VectorAttribute": {"AttributeName": i.attribute}, "Dimensions": i.dimensions}
                              for i in new.vector_indexes), spec])
    if request.get("AttributeDefinitions"):
        known = {d["AttributeName"] for d in new.attribute_definitions}
        new.attribute_definitions += [d for d in request["AttributeDefinitions"] if d["AttributeName"] not in known]
    index = build(new, spec, now, backfilled=True)
    new.vector_indexes.append(index)
    statements = store.create(index)
    # Backfill: the items a live write would have refused are skipped, not refused.
    for (text,) in engine.conn.query(sql.select_all(old.sql_table)):
        item = json.loads(text)
        entry = entry_of(new, index, item)
        if entry is not None:
            statements.append(store.insert(index, encode_table_key(new, item), entry))
    return statements


def search_schema_names(schema: TableSchema) -> set[str]:
    """The attributes the vector indexes' search schemas name (they keep their definitions)."""
    return {e["AttributeName"] for i in schema.vector_indexes for e in i.search_schema or ()}


def describe(engine, schema: TableSchema, *, live_counts: bool = True) -> list[dict]:
    out = []
    for index in schema.vector_indexes:
        count, size = store.counts(engine.conn, index) if live_counts else (0, 0)
        desc = {
            "IndexName": index.name,
            "VectorAttribute": {"AttributeName": index.attribute},
            "Dimensions": index.dimensions,
            "DistanceFunction": index.distance,
            "Projection": index.projection(),
            "IndexStatus": "ACTIVE",
            "IndexSizeBytes": size,
            "ItemCount": count,
            "IndexArn": f"{engine.table_arn(schema.name)}/index/{index.name}",
        }
        if index.search_schema:
            desc["SearchSchema"] = [dict(e) for e in index.search_schema]
        out.append(desc)
    return out


# --- SearchVectors ----------------------------------------------------------------

def search_vectors(engine, request: dict) -> dict:
    top_k = request["TopK"]
    if top_k > MAX_TOP_K:
        raise errors.validation(vm.TOP_K_RANGE.format(top_k, MAX_TOP_K))
    ctx = expressions.ExpressionContext(request.get("ExpressionAttributeNames"),
                                        request.get("ExpressionAttributeValues"))
    pairs = _equalities(request, ctx)
    projection = parse_projection(request, ctx)
    schema = engine.schema(request["TableName"])
    index = schema.vector_index(request["IndexName"])
    if index is None:
        raise errors.validation(vm.UNKNOWN_INDEX.format(request["IndexName"]))
    query = _query_vector(request["SearchVector"], index)
    hash_value, filters = _scope(schema, index, pairs)
    ctx.check_unused()

    rows = store.candidates(engine.conn, index, hash_value, bool(filters))
    if filters:
        rows = [row for row in rows if _passes(row[4], filters)]
    best = _top(index, query, rows, top_k)
    texts = store.entries(engine.conn, index, [(pk, sk) for _, pk, sk in best])

    results = []
    sign = -1.0 if higher_is_closer(index.distance) else 1.0
    for signed, pk, sk in best:
        found = texts.get((pk, sk))
        if found is None:
            continue
        entry = json.loads(found[1])
        if projection is None:
            item = entry  # the vector comes back only when asked for
        else:
            if index.projects_vector():
                entry[index.attribute] = {"L": [{"N": f32_text(v)} for v in unpack(found[0])]}
            item = expressions.apply_projection(projection, entry)
        results.append({"Item": item, "Score": sign * signed})
    response: dict = {"SearchResults": results}
    if request.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES"):
        # DynamoDB bills the entries a search reads (its figure varies from call to call; ours does not).
        scanned = store.read_bytes(engine.conn, index, hash_value)
        response["ConsumedCapacity"] = {"VectorSearchRequestBytes": vector_bytes(scanned)}
    return response


def _top(index: VectorIndexSchema, query: list[float], rows: list[tuple], top_k: int) -> list[tuple]:
    """The TopK rows as (signed float32 score, pk, sk), best first, ties by key.

    Every row is ranked by a fast estimate with an error bound; only the rows
    the bound cannot place behind the K-th best (and those that might tie it
    once rounded to float32) are scored exactly, so the answer is the exact one."""
    if not rows:
        return []
    vectors = unpack_many([row[2] for row in rows], index.dimensions)
    keys, widest = estimates(index.distance, query, vectors, [row[3] for row in rows])
    kth = heapq.nsmallest(top_k, keys)[-1]
    # Within twice the error, or within a float32 step of the K-th (a tie once rounded).
    limit = kth + 2 * widest + abs(kth) * 2.0 ** -22 + 1e-45
    exact = scorer(index.distance, query)
    sign = -1.0 if higher_is_closer(index.distance) else 1.0
    scored = [(sign * as_f32(exact(vectors[n], rows[n][3])), rows[n][0], rows[n][1])
              for n, key in enumerate(keys) if key <= limit]
    return heapq.nsmallest(top_k, scored)


def _equalities(request: dict, ctx) -> list[tuple[tuple, dict]]:
    """The SearchConditionExpression as (path, value) equalities: only `=`
    comparisons of a path and a value, joined by AND."""
    text = request.get("SearchConditionExpression")
    if text is None:
        return []
    condition = expressions.parse_condition(text, ctx, "SearchConditionExpression")
    out: list[tuple[tuple, dict]] = []
    pending = [condition.root]
    while pending:
        node = pending.pop(0)
        if isinstance(node, nodes.And):
            pending[:0] = node.items
            continue
        if not isinstance(node, nodes.Compare) or node.op != "=":
            raise errors.validation(vm.INVALID_COMPARATOR)
        left, right = node.left, node.right
        if isinstance(left, nodes.Value) and isinstance(right, nodes.Path):
            left, right = right, left
        if not (isinstance(left, nodes.Path) and isinstance(right, nodes.Value)):
            raise errors.validation(vm.INVALID_COMPARATOR)
        out.append((left.elements, right.value))
    return out


def _query_vector(values: list, index: VectorIndexSchema) -> list[float]:
    query = []
    for value in values:
        text = value.get("N") if isinstance(value, dict) and len(value) == 1 else None
        f = to_f32(text) if text is not None else None
        if f is None:
            raise errors.validation(vm.INVALID_SEARCH_VECTOR)
        query.append(f)
    if len(query) != index.dimensions:
        raise errors.validation(vm.DIMENSION_MISMATCH.format(len(query), index.dimensions))
    return query


def _scope(schema: TableSchema, index: VectorIndexSchema, pairs) -> tuple[str | None, dict]:
    """(encoded HASH value or None, {INLINE_FILTER attribute: value}) of the condition."""
    allowed = {e["AttributeName"] for e in index.search_schema or ()}
    for path, _ in pairs:
        if path[0] not in allowed:
            raise errors.validation(vm.NOT_IN_SEARCH_SCHEMA.format(path[0]))
    if any(len(path) > 1 for path, _ in pairs):
        raise errors.validation(vm.NESTED_CONDITION)
    named = [path[0] for path, _ in pairs]
    if len(set(named)) != len(named):
        raise errors.validation(vm.ONE_CONDITION_PER_ATTRIBUTE)
    values = {path[0]: value for path, value in pairs}
    hash_name = index.hash_attribute()
    hash_value = None
    if hash_name is not None:
        value = values.pop(hash_name, None)
        if value is None:
            raise errors.validation(vm.CONDITION_REQUIRED)
        declared = {d["AttributeName"]: d["AttributeType"] for d in schema.attribute_definitions}
        actual, expected = type_tag(value), declared.get(hash_name)
        if actual != expected:
            raise errors.validation(vm.HASH_OPERAND_TYPE.format(hash_name, actual, expected))
        if value[actual] == "":
            raise errors.validation(vm.EMPTY_HASH_OPERAND.format(hash_name))
        hash_value = encode_key(value)
    return hash_value, values


def _passes(filters_text: str | None, wanted: dict) -> bool:
    stored = json.loads(filters_text) if filters_text else {}
    for name, value in wanted.items():
        have = stored.get(name)
        if have is None or not equals(have, value):
            return False
    return True
