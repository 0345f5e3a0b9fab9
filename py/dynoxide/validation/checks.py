"""Stage 3: the table-independent rules DynamoDB applies after the constraints.

Each rule is a small callable object configured by data, so an operation's
rules read as a list in DynamoDB's order (see `specs.py`):

    (ExpressionParameters(("ConditionExpression",), ("Expected",)),
     ItemValues("Item"), ReturnValuesLimited(), ItemSize("Item"), ...)

A rule is called with the request (already through stages 1 and 2, so
shapes and constraints hold) and a scratch dict shared by the rules of one
request (canonical items worked out once), and raises the first violation
it finds. None looks at a table; expression *parsing* is the expression
layer's, later.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..errors import DynamoError, invalid_parameter, validation
from ..limits import MAX_BATCH_GET, MAX_BATCH_WRITE, MAX_ITEM_SIZE, MAX_KEY_ATTRIBUTES_PER_ROLE, MAX_NESTING_DEPTH
from ..values import attributes
from ..values.numbers import canonicalize
from ..values.compare import compare
from ..values.size import item_size
from . import messages as m
from .constraints import raise_violations, violations
from .shapes import STRING, Field, Struct, not_null

_SETS = ("SS", "NS", "BS")
_PASSED_NAMES_KEPT = 1024  # table names remembered as valid (per rule), then forgotten at once


# --- AttributeValue content (delegated to the values layer) ----------------------

def validate_value(value: dict, older: bool = False) -> dict:
    """One AttributeValue checked by `values.attributes`; its canonical copy.
    `older`: read by DynamoDB's older reader, in its wording."""
    return attributes.validate_value(value, older=older)


def validate_map(values: dict, older: bool = False) -> dict:
    """An item or key, value by value in request order, each checked fully
    before the next (as DynamoDB reports a list's values: dynalite's
    recordings put an empty set ahead of an empty value that follows it)."""
    check = attributes.validate_value
    return {name: check(value, older=older) for name, value in values.items()}


# --- expressions versus legacy parameters -----------------------------------------

_SUBSTITUTION_MAPS = ("ExpressionAttributeNames", "ExpressionAttributeValues")

@dataclass(frozen=True)
class ExpressionParameters:
    """Expression and legacy (non-expression) parameters do not mix, and the
    substitution maps need an expression to serve.

    `expressions` and `legacy` are listed in the order DynamoDB names them.
    `key_conditions_alone`: on Query, legacy KeyConditions only conflicts
    when KeyConditionExpression is also given.
    `older`: the older validation (Scan) names the expressions values lack.
    """
    expressions: tuple[str, ...]
    legacy: tuple[str, ...]
    key_conditions_alone: bool = False
    older: bool = False

    def __post_init__(self):
        # Every member this rule reads: a request with none of them passes at once.
        object.__setattr__(self, "_members", (*self.expressions, *self.legacy, *_SUBSTITUTION_MAPS))

    def __call__(self, request: dict, scratch: dict) -> None:
        for name in self._members:
            if name in request:
                break
        else:
            return  # a plain request: nothing here can conflict
        used = [name for name in self.expressions if name in request]
        if used:
            legacy = [name for name in self.legacy if name in request]
            if (self.key_conditions_alone and "KeyConditions" in legacy
                    and "KeyConditionExpression" not in request):
                legacy.remove("KeyConditions")
            if legacy:
                raise validation(m.MIXED_PARAMETERS.format(", ".join(legacy), ", ".join(used)))
        if "ExpressionAttributeNames" in request and not used:
            raise validation(m.NAMES_WITHOUT_EXPRESSION)
        # ProjectionExpression uses names only, so it cannot justify values.
        value_users = [name for name in self.expressions if name != "ProjectionExpression"]
        if (value_users and "ExpressionAttributeValues" in request
                and not any(name in request for name in value_users)):
            if not self.older:
                raise validation(m.VALUES_WITHOUT_EXPRESSION)
            verb = "are" if len(value_users) > 1 else "is"
            raise validation(m.VALUES_WITHOUT_EXPRESSION_NAMED.format(" and ".join(value_users), verb))


_NAME_KEY = re.compile(m.EXPRESSION_NAME_KEY)
_VALUE_KEY = re.compile(m.EXPRESSION_VALUE_KEY)


@dataclass(frozen=True)
class SubstitutionMaps:
    """ExpressionAttributeNames/Values: not empty, well-formed keys, valid
    values. (Whether each entry is used is the expression layer's check.)
    `older`: the older validation (Scan) reads the values with its reader and
    wraps a bad one's error naming its key."""
    values: bool = True
    older: bool = False
    nesting: bool = True  # False: a value's depth is checked where it is written

    def __call__(self, request: dict, scratch: dict) -> None:
        names = request.get("ExpressionAttributeNames")
        if names is not None:
            if not names:
                raise validation(m.NAMES_EMPTY)
            for key in names:
                if not _NAME_KEY.fullmatch(key):
                    raise validation(m.NAMES_INVALID_KEY.format(key))
        values = request.get("ExpressionAttributeValues") if self.values else None
        if values is None:
            return
        if not values:
            raise validation(m.VALUES_EMPTY)
        for key in values:
            if not _VALUE_KEY.fullmatch(key):
                raise validation(m.VALUES_INVALID_KEY.format(key))
        for key, value in values.items():
            if not self.older:
                values[key] = attributes.validate_value(value, nesting=self.nesting)
                continue
            try:
                values[key] = validate_value(value, older=True)
            except DynamoError as error:
                if error.name != "ValidationException":
                    raise
                raise validation(m.VALUES_INVALID_VALUE.format(error.message, key)) from None


# --- items and keys -----------------------------------------------------------------

@dataclass(frozen=True)
class ItemValues:
    """Every AttributeValue of an item or key map (`field`) is valid."""
    field: str

    def __call__(self, request: dict, scratch: dict) -> None:
        canonical_field(request, self.field, scratch)


@dataclass(frozen=True)
class ItemSize:
    """An item to write fits DynamoDB's 400 KB."""
    field: str

    def __call__(self, request: dict, scratch: dict) -> None:
        item = canonical_field(request, self.field, scratch)
        if item is not None:
            check_item_size(item, scratch, (self.field,))


def canonical_field(request: dict, field: str, scratch: dict) -> dict | None:
    """The validated, canonical copy of the item or key in `field`, worked
    out once per request."""
    if request.get(field) is None:
        return None
    if field not in scratch:
        # Written back: operations read the request's canonical values.
        request[field] = scratch[field] = validate_map(request[field])
    return scratch[field]


def check_item_size(canonical_item: dict, scratch: dict, where: tuple) -> None:
    """Refuse an item over 400 KB; keep its size in `scratch` under ITEM_SIZES,
    keyed by where the item sits in the request (see `request.Checked`)."""
    size = item_size(canonical_item)
    if size > MAX_ITEM_SIZE:
        raise validation(m.ITEM_TOO_BIG)
    scratch.setdefault(ITEM_SIZES, {})[where] = size


ITEM_SIZES = "item_sizes"


@dataclass(frozen=True)
class ReturnValuesLimited:
    """PutItem and DeleteItem can only return the old item (or nothing)."""
    allowed: tuple[str, ...] = ("ALL_OLD", "NONE")

    def __call__(self, request: dict, scratch: dict) -> None:
        chosen = request.get("ReturnValues")
        if chosen is not None and chosen not in self.allowed:
            raise validation(m.RETURN_VALUES_PUT_DELETE)


@dataclass(frozen=True)
class DistinctNames:
    """A legacy list of attribute names (AttributesToGet) has no repeats."""
    field: str = "AttributesToGet"

    def __call__(self, request: dict, scratch: dict) -> None:
        seen = set()
        for name in request.get(self.field) or ():
            if name in seen:
                raise invalid_parameter(m.DUPLICATE_ATTRIBUTE_NAME.format(name))
            seen.add(name)


@dataclass(frozen=True)
class StartKeyValues:
    """ExclusiveStartKey's values are valid AttributeValues. DynamoDB prefixes
    most of these errors with 'The provided starting key is invalid: '."""
    older: bool = False

    def __call__(self, request: dict, scratch: dict) -> None:
        key = request.get("ExclusiveStartKey")
        if key is None:
            return
        try:
            validate_map(key, self.older)
        except DynamoError as error:
            if error.name != "ValidationException":
                raise
            if any(fragment in error.message for fragment in m.STARTING_KEY_BARE_FRAGMENTS):
                raise
            raise validation(m.STARTING_KEY_INVALID.format(error.message)) from None


# --- legacy conditions ------------------------------------------------------------

# How many values each ComparisonOperator takes: (at least, at most).
_ARGUMENTS = {
    "NULL": (0, 0), "NOT_NULL": (0, 0),
    "EQ": (1, 1), "NE": (1, 1), "LE": (1, 1), "LT": (1, 1), "GE": (1, 1), "GT": (1, 1),
    "CONTAINS": (1, 1), "NOT_CONTAINS": (1, 1), "BEGINS_WITH": (1, 1),
    "IN": (1, None), "BETWEEN": (2, 2),
}
# The AttributeValue types each ComparisonOperator accepts in a filter.
# The operand types each legacy operator takes. EQ and NE take lists and maps
# too (the Condition docs: "supported for all data types, including lists and
# maps"); a BOOL or NULL operand stays refused, as DynamoDB was seen to answer.
_OPERAND_TYPES = {
    "EQ": ("S", "N", "B", "SS", "NS", "BS", "L", "M"), "NE": ("S", "N", "B", "SS", "NS", "BS", "L", "M"),
    "LE": ("S", "N", "B"), "LT": ("S", "N", "B"), "GE": ("S", "N", "B"), "GT": ("S", "N", "B"),
    "CONTAINS": ("S", "N", "B"), "NOT_CONTAINS": ("S", "N", "B"), "BEGINS_WITH": ("S", "B"),
    "IN": ("S", "N", "B"), "BETWEEN": ("S", "N", "B"),
}


def _count_fits(operator: str, count: int) -> bool:
    low, high = _ARGUMENTS.get(operator, (0, None))
    return count >= low and (high is None or count <= high)


def _same_types(values: list[dict]) -> None:
    if values and any(attributes.type_tag(v) != attributes.type_tag(values[0]) for v in values):
        raise invalid_parameter(m.MIXED_LIST_TYPES)


def _between_bounds(operator: str, values: list[dict]) -> None:
    if operator != "BETWEEN" or len(values) != 2:
        return
    if compare(values[0], values[1]) == 1:
        raise validation(m.BETWEEN_BOUNDS)


@dataclass(frozen=True)
class FilterConditions:
    """ScanFilter / QueryFilter / KeyConditions: valid values, the right
    number and types of them, ordered BETWEEN bounds (`older`: Scan's reader)."""
    field: str
    older: bool = False

    def __call__(self, request: dict, scratch: dict) -> None:
        for condition in (request.get(self.field) or {}).values():
            check_condition(condition, self.older)


def check_condition(condition: dict, older: bool = False) -> None:
    operator = condition.get("ComparisonOperator")
    values = [validate_value(v, older) for v in condition.get("AttributeValueList") or ()]
    if "AttributeValueList" in condition:
        condition["AttributeValueList"] = values
    if not _count_fits(operator, len(values)):
        raise invalid_parameter(m.ARGUMENT_COUNT.format(operator))
    _same_types(values)
    allowed = _OPERAND_TYPES.get(operator)
    if allowed:
        for value in values:
            if attributes.type_tag(value) not in allowed:
                raise invalid_parameter(m.OPERATOR_TYPE.format(operator, attributes.type_tag(value)))
    _between_bounds(operator, values)


@dataclass(frozen=True)
class ExpectedConditions:
    """The legacy Expected map of PutItem, UpdateItem and DeleteItem."""

    def __call__(self, request: dict, scratch: dict) -> None:
        for name, condition in (request.get("Expected") or {}).items():
            _check_expected(name, condition)


def _check_expected(name: str, condition: dict) -> None:
    has_list = "AttributeValueList" in condition
    has_value = "Value" in condition
    if has_list and has_value:
        raise invalid_parameter(m.VALUE_AND_LIST.format(name))
    operator = condition.get("ComparisonOperator")
    if operator is not None:
        if "Exists" in condition:
            raise invalid_parameter(m.EXISTS_AND_OPERATOR.format(name))
        if operator not in ("NULL", "NOT_NULL") and not has_list and not has_value:
            raise invalid_parameter(m.OPERATOR_NEEDS_VALUE.format(operator, name))
        if has_list:
            values = condition["AttributeValueList"] = [validate_value(v) for v in condition["AttributeValueList"]]
        else:
            values = [validate_value(condition["Value"])] if has_value else []
            if has_value:
                condition["Value"] = values[0]
        if not _count_fits(operator, len(values)):
            raise invalid_parameter(m.ARGUMENT_COUNT.format(operator))
        _same_types(values)
        _between_bounds(operator, values)
        return
    if has_list:
        raise invalid_parameter(m.LIST_NEEDS_OPERATOR.format(name))
    exists = condition.get("Exists")
    if exists is None or exists:
        if not has_value:
            raise invalid_parameter(m.EXISTS_NEEDS_VALUE.format("null" if exists is None else "true", name))
    elif has_value:
        raise invalid_parameter(m.EXISTS_FALSE_WITH_VALUE.format(name))
    if has_value:
        condition["Value"] = validate_value(condition["Value"])


@dataclass(frozen=True)
class AttributeUpdates:
    """UpdateItem's legacy AttributeUpdates: valid values, and each Action
    with a value of a type it supports."""

    def __call__(self, request: dict, scratch: dict) -> None:
        for update in (request.get("AttributeUpdates") or {}).values():
            value = update.get("Value")
            action = update.get("Action", "PUT")
            if value is not None:
                value = update["Value"] = validate_value(value)
            if value is None:
                if action != "DELETE":
                    raise invalid_parameter(m.ACTION_NEEDS_VALUE)
                continue
            kind = attributes.type_tag(value)
            if action == "DELETE" and kind not in _SETS:
                raise invalid_parameter(m.DELETE_VALUE_TYPE.format(kind))
            if action == "ADD" and kind not in ("L", "N") + _SETS:
                raise invalid_parameter(m.ADD_VALUE_TYPE.format(kind))


# --- Query and Scan -------------------------------------------------------------------

@dataclass(frozen=True)
class KeyConditionRequired:
    def __call__(self, request: dict, scratch: dict) -> None:
        if "KeyConditions" not in request and "KeyConditionExpression" not in request:
            raise validation(m.KEY_CONDITION_REQUIRED)


@dataclass(frozen=True)
class LegacyKeyConditions:
    """KeyConditions without an expression: valid conditions, as many as a
    key can have attributes (a GSI's multi-attribute key: up to eight); the
    count the queried key allows is checked against it (key_condition.py)."""

    def __call__(self, request: dict, scratch: dict) -> None:
        if "KeyConditionExpression" in request or "KeyConditions" not in request:
            return
        FilterConditions("KeyConditions")(request, scratch)
        if not 1 <= len(request["KeyConditions"]) <= 2 * MAX_KEY_ATTRIBUTES_PER_ROLE:
            raise validation(m.KEY_CONDITIONS_COUNT)


@dataclass(frozen=True)
class SelectRules:
    """Select agrees with the projection parameters and the index.

    `enveloped`: Query reports these inside the "1 validation error
    detected: " envelope, Scan bare.
    """
    enveloped: bool

    def __call__(self, request: dict, scratch: dict) -> None:
        select = request.get("Select")
        if select is None:
            return
        message = self.conflict(select, request)
        if message is not None:
            raise validation(m.enveloped(message) if self.enveloped else message)

    @staticmethod
    def conflict(select: str, request: dict) -> str | None:
        given = [name for name in ("AttributesToGet", "ProjectionExpression") if name in request]
        if select == "SPECIFIC_ATTRIBUTES":
            return None if given else m.SELECT_NEEDS_ATTRIBUTES
        phrase = m.SELECT_COUNT_PHRASE if select == "COUNT" else select
        for name in given:
            return m.SELECT_EXCLUDES.format(name, phrase)
        if select == "ALL_PROJECTED_ATTRIBUTES" and "IndexName" not in request:
            return m.SELECT_PROJECTED_NEEDS_INDEX
        return None


@dataclass(frozen=True)
class Segments:
    """Parallel scan: Segment and TotalSegments come together, Segment below."""

    def __call__(self, request: dict, scratch: dict) -> None:
        segment, total = request.get("Segment"), request.get("TotalSegments")
        if segment is not None and total is None:
            raise validation(m.TOTAL_SEGMENTS_REQUIRED)
        if total is not None and segment is None:
            raise validation(m.SEGMENT_REQUIRED)
        if segment is not None and segment >= total:
            raise validation(m.SEGMENT_OUT_OF_RANGE.format(segment, total))


# --- batches ------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchGetRules:
    """Per table, in request order: parameters, names, keys (valid, distinct);
    at most 100 keys over all tables."""

    per_table = (ExpressionParameters(("ProjectionExpression",), ("AttributesToGet",)),
                 DistinctNames(), SubstitutionMaps(values=False))

    def __call__(self, request: dict, scratch: dict) -> None:
        total = 0
        tables = request["RequestItems"].values()
        # Each table's projection may be either kind, but the request uses one.
        kinds = [name for name in ("AttributesToGet", "ProjectionExpression")
                 if any(name in spec for spec in tables)]
        if len(kinds) == 2:
            raise validation(m.MIXED_PARAMETERS.format(*kinds))
        for spec in tables:
            for rule in self.per_table:
                rule(spec, scratch)
            seen = set()
            keys = spec.get("Keys") or []
            for position, key in enumerate(keys):
                keys[position] = key = validate_map(key)
                identity = json.dumps(key, sort_keys=True)
                if identity in seen:
                    raise validation(m.BATCH_KEYS_DUPLICATE)
                seen.add(identity)
                total += 1
                if total > MAX_BATCH_GET:
                    raise validation(m.BATCH_TOO_MANY.format("BatchGetItem"))


@dataclass(frozen=True)
class BatchWriteRules:
    """Each write request is exactly one of Put or Delete with valid content;
    at most 25 of them over all tables. (Duplicate keys need the table's key
    schema, so the operation checks those.)"""

    def __call__(self, request: dict, scratch: dict) -> None:
        tables = request["RequestItems"]
        for requests in tables.values():
            for write in requests:
                if ("PutRequest" in write) == ("DeleteRequest" in write):
                    raise validation(m.MANY_TYPES)
        if sum(len(requests) for requests in tables.values()) > MAX_BATCH_WRITE:
            raise validation(m.BATCH_TOO_MANY.format("BatchWriteItem"))
        for table, requests in tables.items():
            for position, write in enumerate(requests):
                # BatchWriteItem reads values with DynamoDB's older reader.
                if "PutRequest" in write:
                    put = write["PutRequest"]
                    put["Item"] = validate_map(put["Item"], older=True)
                    check_item_size(put["Item"], scratch, (table, position))
                else:
                    delete = write["DeleteRequest"]
                    delete["Key"] = validate_map(delete["Key"], older=True)


# --- transactions -----------------------------------------------------------------------

def _action_rules(expressions: tuple[str, ...], values: bool = True, nesting: bool = True) -> tuple:
    return ExpressionParameters(expressions, ()), SubstitutionMaps(values=values, nesting=nesting)


# Each transaction action's own expression rules. An Update's values are
# depth-checked as it writes them (a cancellation reason), a ConditionCheck's not at all.
_ACTION_RULES = {
    "ConditionCheck": _action_rules(("ConditionExpression",), nesting=False),
    "Put": _action_rules(("ConditionExpression",)),
    "Delete": _action_rules(("ConditionExpression",)),
    "Update": _action_rules(("UpdateExpression", "ConditionExpression"), nesting=False),
    "Get": _action_rules(("ProjectionExpression",), values=False),
}
_WRITE_ACTIONS = ("ConditionCheck", "Put", "Delete", "Update")


@dataclass(frozen=True)
class TransactActions:
    """Request-level rules of each action's expression parameters, action by
    action in request order. (Each action's expressions and values are then
    checked by the operation, again in request order, before any table is
    looked up; what needs the table is a cancellation reason.)"""

    def __call__(self, request: dict, scratch: dict) -> None:
        for entry in request["TransactItems"]:
            if "Get" not in entry and not any(entry.get(kind) is not None for kind in _WRITE_ACTIONS):
                raise validation(m.aggregate([m.constraint_violation("''", "transactItems", m.TRANSACTION_NO_ACTION)]))
            for kind, rules in _ACTION_RULES.items():
                if entry.get(kind) is not None:
                    for rule in rules:
                        rule(entry[kind], scratch)


# --- tags ------------------------------------------------------------------------------

_TABLE_ARN = re.compile(r"arn:aws(-[a-z]+)*:dynamodb:[^:]+:[^:]+:table/[^/]+")


@dataclass(frozen=True)
class TableArn:
    """A ResourceArn names a DynamoDB table."""

    def __call__(self, request: dict, scratch: dict) -> None:
        arn = request["ResourceArn"]
        if not _TABLE_ARN.fullmatch(arn):
            raise validation(m.INVALID_ARN_INPUT.format(arn))


@dataclass(frozen=True)
class NotEmptyList:
    field: str
    message: str

    def __call__(self, request: dict, scratch: dict) -> None:
        if not request.get(self.field):
            raise validation(self.message)


# --- the resource stage: what the request names, checked before anything else ------

@dataclass(frozen=True)
class TableNameFirst:
    """DynamoDB resolves the table a request names before it validates the
    rest, so a bad TableName is reported alone, ahead of other constraints.
    `required`: CreateTable and the table-management operations report a
    missing name as a required parameter; item operations as a null member."""
    rules: tuple
    required: bool = False

    def __post_init__(self):
        object.__setattr__(self, "_field", Field(STRING, not_null(), *self.rules))
        # Names that passed: a client names the same few tables over and over,
        # and whether a string passes never changes.
        object.__setattr__(self, "_passed", set())

    def __call__(self, request: dict, scratch: dict) -> None:
        name = request.get("TableName")
        if type(name) is str and name in self._passed:
            return
        if name is None and self.required:
            raise validation(m.PARAMETER_REQUIRED.format("TableName"))
        raise_violations(violations(name, self._field, "TableName"))
        if type(name) is str:
            if len(self._passed) >= _PASSED_NAMES_KEPT:
                self._passed.clear()
            self._passed.add(name)


@dataclass(frozen=True)
class MissingKeyFirst:
    """An UpdateItem without its Key is read by DynamoDB's older validation:
    every member's violations in one message, member by member (the table
    name's among them), the missing key's last."""
    shape: Struct
    table_name_rules: tuple

    def __call__(self, request: dict, scratch: dict) -> None:
        if request.get("Key") is not None:
            return
        table_name = Field(STRING, not_null(), *self.table_name_rules)
        errors: list[str] = []
        for name, spec in self.shape.fields.items():
            if name == "TableName":
                errors += violations(request.get(name), table_name, name)
            elif name != "Key" and spec.constrained and request.get(name) is not None:
                errors += violations(request[name], spec, name)
        errors += violations(None, self.shape.fields["Key"], "Key")
        raise_violations(errors[:m.MAX_CONSTRAINT_ERRORS])


@dataclass(frozen=True)
class ConditionalOperatorFirst:
    """DynamoDB's newer validation checks ConditionalOperator's enum on its own,
    right after the table name, and words it bare (Query)."""

    def __call__(self, request: dict, scratch: dict) -> None:
        operator = request.get("ConditionalOperator")
        if type(operator) is str and operator not in m.CONDITIONAL_OPERATOR:
            raise validation(m.CONDITIONAL_OPERATOR_ENUM)


@dataclass(frozen=True)
class RequestItemsFirst:
    """A batch names its tables in RequestItems; without any there is nothing to
    do. DynamoDB's newer validation words it as a length constraint; `operation`
    names a batch still answered with the older sentence (BatchWriteItem, whose
    pinned region has given both)."""
    operation: str | None = None

    def __call__(self, request: dict, scratch: dict) -> None:
        if request.get("RequestItems"):
            return
        if self.operation is not None:
            raise validation(m.REQUEST_ITEMS_REQUIRED.format(self.operation))
        raise validation(m.aggregate([m.constraint_violation(None, "RequestItems", m.MIN_LENGTH.format(1))]))


@dataclass(frozen=True)
class ConstraintsFirst:
    """Some members' constraints are checked, and reported together, before
    the rest of the request's (BatchWriteItem's enums before its table names)."""
    shape: Struct
    members: tuple[str, ...]

    def __call__(self, request: dict, scratch: dict) -> None:
        errors: list[str] = []
        for name in self.members:
            if request.get(name) is not None:
                errors += violations(request[name], self.shape.fields[name], name)
        raise_violations(errors)


@dataclass(frozen=True)
class ResourceArnFirst:
    def __call__(self, request: dict, scratch: dict) -> None:
        if request.get("ResourceArn") is None:
            raise validation(m.INVALID_ARN)


@dataclass(frozen=True)
class StatementParameters:
    """Every AttributeValue in a PartiQL request's `Parameters` (at the top, or
    in each member of `members`) is valid; they are replaced by their canonical form."""
    members: str | None = None

    def __call__(self, request: dict, scratch: dict) -> None:
        holders = [request] if self.members is None else (request.get(self.members) or [])
        for holder in holders:
            parameters = holder.get("Parameters") if isinstance(holder, dict) else None
            if parameters:
                holder["Parameters"] = canonical_parameters(parameters)


def canonical_parameters(parameters: list) -> list:
    """PartiQL parameters checked as DynamoDB's PartiQL reader checks them, in
    document order: a value nested too deeply is reported where the reader meets
    it, before the numbers below it; numbers are read by the older reader
    (`numbers.decompose`)."""
    out = []
    for value in parameters:
        _reader_pass(value, 0)
        out.append(attributes.validate_value(value, older=True))
    return out


def _reader_pass(value, depth: int) -> None:
    if depth >= MAX_NESTING_DEPTH:
        raise validation(m.NESTING_TOO_DEEP)
    if not isinstance(value, dict) or len(value) != 1:
        return  # malformed: validate_value words it
    (kind, inner), = value.items()
    if kind == "N":
        _reader_number(inner)
    elif kind == "NS" and isinstance(inner, list):
        for member in inner:
            _reader_number(member)
    elif kind == "L" and isinstance(inner, list):
        for member in inner:
            _reader_pass(member, depth + 1)
    elif kind == "M" and isinstance(inner, dict):
        for member in inner.values():
            _reader_pass(member, depth + 1)


def _reader_number(text) -> None:
    if isinstance(text, str):  # not a string: validate_value words it
        canonicalize(text, older=True)
