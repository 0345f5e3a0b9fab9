"""What a PartiQL statement does, as requests to the item API.

`plan(engine, statement, parameters)` reads the statement against its
table's key schema and returns a `Plan`: the operation to run (GetItem,
Query, Scan, PutItem, UpdateItem, DeleteItem, or a transaction's
ConditionCheck), its request, and how to shape the answer. The three
PartiQL operations run plans one at a time (ExecuteStatement,
BatchExecuteStatement) or together as one TransactWriteItems /
TransactGetItems (ExecuteTransaction), so every write shares the item
API's checks, index upkeep and capacity accounting.

How a SELECT reads, as DynamoDB chooses:
- equality on the partition key (and optionally a sort-key condition) is a
  Query of the table or the named index, in key order; the rest of the
  WHERE clause filters;
- anything else is a Scan filtered by the whole WHERE clause.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from .. import errors
from ..schema import TableSchema
from ..vectors.messages import SCAN_REFUSED
from . import ast, messages as m
from .translate import Placeholders, check_operand_types, conjuncts, join_conditions, key_equality

# Sort-key conditions a Query's KeyConditionExpression can carry.
_RANGE_OPERATORS = {"=", "<", "<=", ">", ">="}


@dataclass
class Plan:
    op: str                      # the item API operation that carries it out
    request: dict
    table: str
    statement: object
    projection: tuple | None = None   # SELECT's paths (None: every attribute)
    returning: str | None = None
    key: dict = field(default_factory=dict)   # the full key, when the statement names one item

    @property
    def is_read(self) -> bool:
        return self.op in ("GetItem", "Query", "Scan")


def plan(engine, statement, parameters: list | None) -> Plan:
    # What DynamoDB refuses before it looks the table up.
    if isinstance(statement, (ast.Update, ast.Delete)) and statement.index is not None:
        raise errors.validation(m.NOT_ON_AN_INDEX)
    where = statement.select.where if isinstance(statement, ast.Exists) else getattr(statement, "where", None)
    check_operand_types(where, Placeholders(parameters))
    if isinstance(statement, ast.Select):
        return plan_select(engine, statement, parameters)
    if isinstance(statement, ast.Insert):
        return plan_insert(engine, statement, parameters)
    if isinstance(statement, ast.Update):
        return plan_update(engine, statement, parameters)
    if isinstance(statement, ast.Delete):
        return plan_delete(engine, statement, parameters)
    if isinstance(statement, ast.Exists):
        return plan_exists(engine, statement, parameters)
    raise errors.internal()


# --- reads ----------------------------------------------------------------------------

def plan_select(engine, select: ast.Select, parameters) -> Plan:
    schema = engine.schema(select.table)
    hash_key, range_key = schema.hash, schema.range
    index = None
    if select.index is not None:
        index = schema.index(select.index)
        if index is None:
            if schema.vector_index(select.index) is not None:
                raise errors.validation(SCAN_REFUSED)
            raise errors.validation(m.NO_SUCH_INDEX)
        if index.multi_attribute:
            raise errors.validation(m.MULTI_ATTRIBUTE_KEY)
        hash_key, range_key = index.hash, index.range
    if select.refused is not None:
        raise errors.validation(select.refused)
    words = Placeholders(parameters)
    if isinstance(select.where, ast.Or) and range_key is not None:
        _refuse_overlapping_branches(select.where, hash_key.name, range_key.name, words)
    terms = conjuncts(select.where)
    hash_value = next((v for v in (key_equality(t, hash_key.name) for t in terms) if v is not None), None)
    request: dict = {"TableName": select.table}
    if index is not None:
        request["IndexName"] = select.index
        _check_index_projection(schema, index, select.projection, request)

    if hash_value is None:
        if select.order_by:
            raise errors.validation(m.ORDER_BY_NEEDS_WHERE if select.where is None else m.ORDER_BY_NEEDS_HASH)
        if select.where is not None:
            request["FilterExpression"] = words.condition(select.where)
        request.update(words.request_members())
        return Plan("Scan", request, select.table, select, select.projection)

    rest = [t for t in terms if key_equality(t, hash_key.name) is None]
    key_text = f"{words.path(ast.Path((hash_key.name,)))} = {words.value(hash_value)}"
    range_term = _range_condition(rest, range_key.name) if range_key is not None else None
    if range_term is not None:
        rest.remove(range_term)
        key_text += f" AND {words.condition(range_term)}"
    request["KeyConditionExpression"] = key_text
    remaining = join_conditions(rest)
    if remaining is not None:
        request["FilterExpression"] = words.condition(remaining)
    if select.order_by:
        request["ScanIndexForward"] = _forward(select.order_by, hash_key.name,
                                               range_key.name if range_key is not None else None)
    request.update(words.request_members())
    return Plan("Query", request, select.table, select, select.projection)


def _refuse_overlapping_branches(where: ast.Or, hash_name: str, range_name: str, words: Placeholders) -> None:
    """DynamoDB splits an OR of partition reads into key reads; it refuses one where
    a branch reads a whole partition and another branch narrows the same partition
    by its sort key (a negated sort-key condition does not narrow)."""
    whole, narrowed = set(), set()
    for branch in where.items:
        terms = conjuncts(branch)
        value = next((v for v in (key_equality(t, hash_name) for t in terms) if v is not None), None)
        if value is None:
            return  # not a partition read: a filtered Scan
        partition = repr(words.bind_value(value))
        if _range_condition(terms, range_name) is not None:
            narrowed.add(partition)
        elif not any(_mentions(term, range_name) for term in terms):
            whole.add(partition)  # a negated sort-key condition is neither
    if whole & narrowed:
        raise errors.validation(m.OVERLAPPING_RANGE_CONDITIONS)


def _mentions(node, name: str) -> bool:
    """Whether a condition refers to the top-level attribute `name` anywhere."""
    if isinstance(node, ast.Path):
        return node.elements[0] == name
    if isinstance(node, (ast.And, ast.Or)):
        return any(_mentions(item, name) for item in node.items)
    children = {ast.Not: ("item",), ast.Compare: ("left", "right"), ast.Between: ("subject", "low", "high"),
                ast.In: ("subject",), ast.Is: ("subject",), ast.Arith: ("left", "right")}.get(type(node))
    if children is not None:
        return any(_mentions(getattr(node, child), name) for child in children)
    if isinstance(node, ast.Call):
        return any(_mentions(arg, name) for arg in node.args)
    return False


def _range_condition(terms: list, range_name: str):
    """The first term a Query can use as its sort-key condition."""
    target = ast.Path((range_name,))
    for term in terms:
        if isinstance(term, ast.Compare) and term.op in _RANGE_OPERATORS:
            if term.left == target and isinstance(term.right, ast.VALUE_NODES):
                return term
        elif isinstance(term, ast.Between) and not term.negated and term.subject == target \
                and isinstance(term.low, ast.VALUE_NODES) and isinstance(term.high, ast.VALUE_NODES):
            return term
        elif isinstance(term, ast.Call) and term.name == "begins_with" and len(term.args) == 2 \
                and term.args[0] == target and isinstance(term.args[1], ast.VALUE_NODES):
            return term
    return None


def _check_index_projection(schema: TableSchema, index, projection: tuple | None, request: dict) -> None:
    """A GSI returns only what it projects (naming anything else is an error);
    an LSI reads the rest from the table."""
    if index.projection_type == "ALL" or projection is None:
        return
    kept = {k.name for k in schema.key_attrs()} | {k.name for k in index.key_attrs()}
    if index.projection_type == "INCLUDE":
        kept.update(index.non_key_attributes or ())
    missing = [p.elements[0] for p in projection if p.elements[0] not in kept]
    if not missing:
        return
    if index.local:
        request["Select"] = "ALL_ATTRIBUTES"
        return
    raise errors.invalid_parameter(m.gsi_does_not_project(index.name, missing))


def _forward(order_by: tuple, hash_name: str, range_name: str | None) -> bool:
    """ScanIndexForward for ORDER BY: only the key attributes, all one direction."""
    directions = set()
    for path, descending in order_by:
        if path.elements not in ((hash_name,), (range_name,)):
            raise errors.validation(m.order_by_not_key(path))
        if path.elements == (range_name,) or range_name is None:
            directions.add(descending)
    return not (directions and directions.pop())


# --- writes ---------------------------------------------------------------------------------

def _full_key(schema: TableSchema, where, words: Placeholders) -> tuple[dict, list]:
    """The key a statement names by equality on every key attribute, and its other terms."""
    terms = conjuncts(where)
    key: dict = {}
    for attr in schema.key_attrs():
        found = next(((t, v) for t in terms for v in [key_equality(t, attr.name)] if v is not None), None)
        if found is None:
            raise errors.validation(m.WHERE_NEEDS_FULL_KEY)
        term, value = found
        terms = [t for t in terms if t is not term]
        key[attr.name] = words.bind_value(value)
    return key, terms


def plan_insert(engine, insert: ast.Insert, parameters) -> Plan:
    schema = engine.schema(insert.table)
    words = Placeholders(parameters)
    item = words.bind_value(insert.value) if isinstance(insert.value, ast.VALUE_NODES) else None
    if item is None or "M" not in item:
        raise errors.validation(m.INSERT_NEEDS_MAP)
    item = item["M"]
    guard = f"attribute_not_exists({words.name(schema.hash.name)})"
    request = {"TableName": insert.table, "Item": item, "ConditionExpression": guard, **words.request_members()}
    key = {attr.name: item[attr.name] for attr in schema.key_attrs() if attr.name in item}
    return Plan("PutItem", request, insert.table, insert, key=key)


def plan_update(engine, update: ast.Update, parameters) -> Plan:
    schema = engine.schema(update.table)
    words = Placeholders(parameters)
    key, rest = _full_key(schema, update.where, words)
    request: dict = {"TableName": update.table, "Key": key,
                     "UpdateExpression": words.update(update.assignments)}
    exists = f"attribute_exists({words.name(schema.hash.name)})"
    remaining = join_conditions(rest)
    request["ConditionExpression"] = exists if remaining is None else f"{exists} AND ({words.condition(remaining)})"
    if update.returning is not None:
        request["ReturnValues"] = _UPDATE_RETURN_VALUES[update.returning]
    request.update(words.request_members())
    return Plan("UpdateItem", request, update.table, update, returning=update.returning, key=key)


_UPDATE_RETURN_VALUES = {"ALL OLD": "ALL_OLD", "MODIFIED OLD": "UPDATED_OLD", "ALL NEW": "ALL_NEW",
                         "MODIFIED NEW": "UPDATED_NEW"}


def plan_delete(engine, delete: ast.Delete, parameters) -> Plan:
    schema = engine.schema(delete.table)
    words = Placeholders(parameters)
    key, rest = _full_key(schema, delete.where, words)
    request: dict = {"TableName": delete.table, "Key": key}
    remaining = join_conditions(rest)
    if remaining is not None:
        exists = f"attribute_exists({words.name(schema.hash.name)})"
        request["ConditionExpression"] = f"{exists} AND ({words.condition(remaining)})"
    if delete.returning is not None:
        if delete.returning != "ALL OLD":
            raise errors.validation(m.delete_returning(delete.returning))
        request["ReturnValues"] = "ALL_OLD"
    request.update(words.request_members())
    return Plan("DeleteItem", request, delete.table, delete, returning=delete.returning, key=key)


def plan_exists(engine, exists: ast.Exists, parameters) -> Plan:
    """`EXISTS(SELECT ...)`: a ConditionCheck on one item, for transactions."""
    select = exists.select
    schema = engine.schema(select.table)
    if select.refused is not None:
        raise errors.validation(select.refused)
    words = Placeholders(parameters)
    key, rest = _full_key(schema, select.where, words)
    if not rest:
        raise errors.validation(m.EXISTS_NEEDS_CONDITION)
    present = f"attribute_exists({words.name(schema.hash.name)})"
    remaining = join_conditions(rest)
    condition = present if remaining is None else f"{present} AND ({words.condition(remaining)})"
    if exists.negated:
        condition = f"NOT ({condition})"
    request = {"TableName": select.table, "Key": key, "ConditionExpression": condition, **words.request_members()}
    return Plan("ConditionCheck", request, select.table, exists, key=key)


def single_item_read(engine, plan_: Plan, parameters, needs_key: str) -> Plan:
    """A SELECT that names one whole key and nothing else, as the GetItem a
    transaction or a batch reads it with; otherwise `needs_key` is the error."""
    select = plan_.statement
    schema = engine.schema(select.table)
    words = Placeholders(parameters)
    try:
        key, rest = _full_key(schema, select.where, words)
    except errors.DynamoError:
        raise errors.validation(needs_key) from None
    if rest:
        raise errors.validation(needs_key)
    return Plan("GetItem", {"TableName": select.table, "Key": key}, select.table, select, select.projection, key=key)


def project(paths: tuple | None, item: dict) -> dict:
    """SELECT's projection: each path's value under its last name, paths that are absent left out."""
    if paths is None:
        return item
    out: dict = {}
    for path in paths:
        value = _resolve(item, path.elements)
        if value is not None:
            label = next(e for e in reversed(path.elements) if isinstance(e, str))
            out[label] = value
    return out


def _resolve(item: dict, elements: tuple) -> dict | None:
    value: dict | None = item.get(elements[0])
    for element in elements[1:]:
        if value is None:
            return None
        if isinstance(element, int):
            values = value.get("L")
            value = values[element] if values is not None and element < len(values) else None
        else:
            members = value.get("M")
            value = members.get(element) if members is not None else None
    return value
