"""Each operation's request, as data: its shape and its rules in DynamoDB's order.

An `Operation` has three parts, run in this order by `validate_request`:

- `first`: what the request names (the table, the batch's tables, the ARN),
  checked alone before anything else;
- `shape`: every member's JSON type (stage 1) and constraints (stage 2),
  in the order DynamoDB lists constraint violations;
- `rules`: the table-independent checks of stage 3, in DynamoDB's order.

Field order inside a shape follows DynamoDB's own reports (as recorded by
dynalite's tests); members DynamoDB added later come last.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..limits import (MAX_BATCH_GET, MAX_BATCH_STATEMENTS, MAX_BATCH_WRITE, MAX_LIST_BACKUPS, MAX_LIST_EXPORTS,
                      MAX_LIST_IMPORTS, MAX_LIST_TABLES,
                      MAX_RECOVERY_PERIOD_DAYS, MAX_STATEMENT_LENGTH, MAX_TOTAL_SEGMENTS, MAX_TRANSACT_ITEMS,
                      MIN_RECOVERY_PERIOD_DAYS)
from . import checks as c
from . import messages as m
from .shapes import (ATTRIBUTE_MAP, ATTRIBUTE_VALUE, ATTRIBUTE_VALUE_FIELD, BOOLEAN, CREATE_TABLE_NAME_RULES, INTEGER, LONG,
                     STRING, TABLE_NAME_RULES, TIMESTAMP, Field, ListOf, MapOf, Struct, at_least, at_most, enum, length,
                     map_keys, map_values, max_length, min_length, name_field, not_null, pattern,
                     table_name_in_item_field)
from .table_rules import CreateTableRules, UpdateTableRules
from ..vectors import messages as vm
from ..vectors.rules import VectorIndexBilling, VectorIndexRules, VectorIndexUpdateRules
from ..vectors.search_request import SearchVectorsReader


@dataclass(frozen=True)
class Operation:
    """`enveloped`: DynamoDB's newer validation reports every request-level
    error of the operation (its rules here, and its expressions' errors, all
    found before the table is looked up) inside the "1 validation error
    detected: " envelope (PutItem, UpdateItem and DeleteItem)."""
    shape: Struct
    first: tuple = ()
    rules: tuple = ()
    reader: object = None  # checks the request as sent, before stage 1 (nulls and all)
    enveloped: bool = False
    # The newer validation reports only an operation's first constraint violation (UpdateItem).
    first_violation_only: bool = False


def _struct(name: str, **fields: Field) -> Struct:
    return Struct(name, fields)


def _model(name: str) -> str:
    return f"{m.JAVA_MODEL}.{name}"


# --- fields shared by many operations -------------------------------------------------

_STREAM_ARN_FIELD = Field(STRING, length(37, 1024))

# PartiQL: a statement's text and its `?` values.
_STATEMENT = Field(STRING, not_null(), length(1, MAX_STATEMENT_LENGTH))
_POLICY_REVISION = Field(STRING, length(1, 255))
_PARAMETERS = Field(ListOf(Field(ATTRIBUTE_VALUE)), min_length(1))

TABLE_NAME = Field(STRING)  # its rules run in the resource stage
RETURN_CONSUMED_CAPACITY = Field(STRING, enum(m.RETURN_CONSUMED_CAPACITY))
RETURN_ITEM_COLLECTION_METRICS = Field(STRING, enum(m.RETURN_ITEM_COLLECTION_METRICS))
RETURN_VALUES = Field(STRING, enum(m.RETURN_VALUES))
RETURN_VALUES_ON_CONDITION_CHECK_FAILURE = Field(STRING, enum(m.RETURN_VALUES_ON_CONDITION_CHECK_FAILURE))
CONDITIONAL_OPERATOR = Field(STRING, enum(m.CONDITIONAL_OPERATOR))
EXPRESSION = Field(STRING)
NAMES = Field(MapOf(Field(STRING), "java.lang.String"))
VALUES = Field(ATTRIBUTE_MAP)
KEY = Field(ATTRIBUTE_MAP, not_null())
ATTRIBUTES_TO_GET = Field(ListOf(Field(STRING)), length(1, 255))
INDEX_NAME = name_field(required=False)
SELECT = Field(STRING, enum(m.SELECT))
START_KEY = Field(ATTRIBUTE_MAP)
VALUE_LIST = Field(ListOf(ATTRIBUTE_VALUE_FIELD))

EXPECTED = Field(MapOf(Field(_struct(
    "ExpectedAttributeValue",
    AttributeValueList=VALUE_LIST,
    ComparisonOperator=Field(STRING, enum(m.COMPARISON_OPERATOR)),
    Exists=Field(BOOLEAN),
    Value=ATTRIBUTE_VALUE_FIELD,
)), _model("ExpectedAttributeValue")))

CONDITIONS = Field(MapOf(Field(_struct(
    "Condition",
    AttributeValueList=VALUE_LIST,
    ComparisonOperator=Field(STRING, not_null(), enum(m.COMPARISON_OPERATOR)),
)), _model("Condition")))

THROUGHPUT = _struct(
    "ProvisionedThroughput",
    WriteCapacityUnits=Field(LONG, not_null(), at_least(1)),
    ReadCapacityUnits=Field(LONG, not_null(), at_least(1)),
)
ON_DEMAND_THROUGHPUT = Field(_struct("OnDemandThroughput", MaxReadRequestUnits=Field(LONG),
                                     MaxWriteRequestUnits=Field(LONG)))
WARM_THROUGHPUT = Field(_struct("WarmThroughput", ReadUnitsPerSecond=Field(LONG),
                                WriteUnitsPerSecond=Field(LONG)))
ATTRIBUTE_DEFINITIONS = Field(ListOf(Field(_struct(
    "AttributeDefinition",
    AttributeName=Field(STRING, not_null()),
    AttributeType=Field(STRING, not_null(), enum(m.SCALAR_ATTRIBUTE_TYPE)),
))), not_null())


def _key_schema(*, typed: bool, longest: int | None = 2) -> Field:
    """A table's or a GSI's key schema checks KeyType's enum; an LSI's (and an
    UpdateTable Create's) leaves a bad KeyType to the schema rules ("...is not
    a HASH key type"). A GSI's has no length limit here (`longest=None`): its
    multi-attribute rules count HASH and RANGE attributes apart."""
    key_type = Field(STRING, not_null(), enum(m.KEY_TYPE)) if typed else Field(STRING, not_null())
    element = _struct("KeySchemaElement", AttributeName=Field(STRING, not_null()), KeyType=key_type)
    bounds = (min_length(1),) if longest is None else (min_length(1), max_length(longest))
    return Field(ListOf(Field(element)), not_null(), *bounds)


PROJECTION = Field(_struct(
    "Projection",
    ProjectionType=Field(STRING, enum(m.PROJECTION_TYPE)),
    NonKeyAttributes=Field(ListOf(Field(STRING)), min_length(1)),
), not_null())
STREAM_SPECIFICATION = Field(_struct(
    "StreamSpecification",
    StreamEnabled=Field(BOOLEAN, not_null()),
    StreamViewType=Field(STRING, enum(m.STREAM_VIEW_TYPE)),
))
SSE_SPECIFICATION = Field(_struct(
    "SSESpecification",
    Enabled=Field(BOOLEAN),
    SSEType=Field(STRING, enum(m.SSE_TYPE)),
    KMSMasterKeyId=Field(STRING),
))
TAG = _struct("Tag", Key=Field(STRING, not_null(), length(1, 128)),
              Value=Field(STRING, not_null(), length(0, 256)))
TAGS = Field(ListOf(Field(TAG)))
RESOURCE_ARN = Field(STRING, length(1, 1283))

LOCAL_INDEX = _struct(
    "LocalSecondaryIndex",
    IndexName=name_field(),
    KeySchema=_key_schema(typed=False),
    Projection=PROJECTION,
)
GLOBAL_INDEX = _struct(
    "GlobalSecondaryIndex",
    IndexName=name_field(),
    KeySchema=_key_schema(typed=True, longest=None),
    Projection=PROJECTION,
    ProvisionedThroughput=Field(THROUGHPUT),
    OnDemandThroughput=ON_DEMAND_THROUGHPUT,
    WarmThroughput=WARM_THROUGHPUT,
)
GLOBAL_INDEX_UPDATE = _struct(
    "GlobalSecondaryIndexUpdate",
    Update=Field(_struct("UpdateGlobalSecondaryIndexAction", IndexName=name_field(),
                         ProvisionedThroughput=Field(THROUGHPUT),
                         OnDemandThroughput=ON_DEMAND_THROUGHPUT, WarmThroughput=WARM_THROUGHPUT)),
    Create=Field(_struct("CreateGlobalSecondaryIndexAction", Projection=PROJECTION, IndexName=name_field(),
                         ProvisionedThroughput=Field(THROUGHPUT),
                         KeySchema=_key_schema(typed=False, longest=None),
                         OnDemandThroughput=ON_DEMAND_THROUGHPUT, WarmThroughput=WARM_THROUGHPUT)),
    Delete=Field(_struct("DeleteGlobalSecondaryIndexAction", IndexName=name_field())),
)

_VECTOR_INDEX_FIELDS = dict(
    IndexName=name_field(),
    VectorAttribute=Field(_struct("VectorAttributeDefinition",
                                  AttributeName=Field(STRING, not_null(), length(1, 255))), not_null()),
    SearchSchema=Field(ListOf(Field(_struct(
        "SearchSchemaElement",
        AttributeName=Field(STRING, not_null()),
        SearchSchemaElementType=Field(STRING, not_null(), enum(vm.SEARCH_SCHEMA_ELEMENT_TYPES)),
    ))), min_length(1)),
    Projection=PROJECTION,
    Dimensions=Field(LONG, not_null(), at_least(1)),
    DistanceFunction=Field(STRING, not_null(), enum(vm.DISTANCE_FUNCTIONS)),
)
VECTOR_INDEX = _struct("VectorIndex", **_VECTOR_INDEX_FIELDS)
VECTOR_INDEX_UPDATE = _struct(
    "VectorIndexUpdate",
    Create=Field(_struct("CreateVectorIndexAction", **_VECTOR_INDEX_FIELDS)),
    Delete=Field(_struct("DeleteVectorIndexAction", IndexName=name_field())),
)
# Backups and point-in-time recovery: a table named by name or ARN, a backup by ARN.
_TABLE_OR_ARN = Field(STRING, length(1, 1024))
_BACKUP_ARN = Field(STRING, length(37, 1024))
_RESTORE_OVERRIDES = dict(
    BillingModeOverride=Field(STRING, enum(m.BILLING_MODE)),
    GlobalSecondaryIndexOverride=Field(ListOf(Field(GLOBAL_INDEX))),
    LocalSecondaryIndexOverride=Field(ListOf(Field(LOCAL_INDEX))),
    ProvisionedThroughputOverride=Field(THROUGHPUT),
    OnDemandThroughputOverride=ON_DEMAND_THROUGHPUT,
    SSESpecificationOverride=SSE_SPECIFICATION,
)

# Export and import: S3 locations, and the table ImportTable creates.
_CLIENT_TOKEN = Field(STRING, pattern(m.CLIENT_TOKEN_PATTERN))
_S3_BUCKET = Field(STRING, not_null(), max_length(255), pattern(m.S3_BUCKET_PATTERN))
_S3_BUCKET_OWNER = Field(STRING, pattern(m.S3_BUCKET_OWNER_PATTERN))
_S3_PREFIX = Field(STRING, max_length(1024))
_EXPORT_ARN = Field(STRING, not_null(), length(37, 1024))
_IMPORT_ARN = Field(STRING, not_null(), length(37, 1024))
_TABLE_CREATION_PARAMETERS = _struct(
    "TableCreationParameters",
    TableName=name_field(),
    AttributeDefinitions=ATTRIBUTE_DEFINITIONS,
    KeySchema=_key_schema(typed=True),
    BillingMode=Field(STRING, enum(m.BILLING_MODE)),
    ProvisionedThroughput=Field(THROUGHPUT),
    OnDemandThroughput=ON_DEMAND_THROUGHPUT,
    SSESpecification=SSE_SPECIFICATION,
    GlobalSecondaryIndexes=Field(ListOf(Field(GLOBAL_INDEX))),
    VectorIndexes=Field(ListOf(Field(VECTOR_INDEX))),
)

_TABLE_NAME_FIRST = c.TableNameFirst(TABLE_NAME_RULES)
_MANAGED_TABLE_NAME_FIRST = c.TableNameFirst(TABLE_NAME_RULES, required=True)
_BATCH_TABLE_NAMES = (max_length(255), min_length(3), pattern(m.NAME_PATTERN))


_BATCH_WRITE_INPUT = _struct(
    "BatchWriteItemInput",
    ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics=RETURN_ITEM_COLLECTION_METRICS,
    RequestItems=Field(
        MapOf(Field(ListOf(Field(_struct(
            "WriteRequest",
            DeleteRequest=Field(_struct("DeleteRequest", Key=KEY)),
            PutRequest=Field(_struct("PutRequest", Item=Field(ATTRIBUTE_MAP, not_null()))),
        )))), f"java.util.List<{_model('WriteRequest')}>"),
        map_keys(*_BATCH_TABLE_NAMES),
        map_values(max_length(MAX_BATCH_WRITE), min_length(1)),
    ),
)


_TRANSACT_WRITE_INPUT = _struct(
    "TransactWriteItemsInput",
    TransactItems=Field(ListOf(Field(_struct(
        "TransactWriteItem",
        ConditionCheck=Field(_struct(
            "ConditionCheck", Key=KEY, TableName=table_name_in_item_field(),
            ConditionExpression=Field(STRING, not_null()), ExpressionAttributeNames=NAMES,
            ExpressionAttributeValues=VALUES,
            ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE)),
        Put=Field(_struct(
            "Put", Item=Field(ATTRIBUTE_MAP, not_null()), TableName=table_name_in_item_field(),
            ConditionExpression=EXPRESSION, ExpressionAttributeNames=NAMES,
            ExpressionAttributeValues=VALUES,
            ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE)),
        Delete=Field(_struct(
            "Delete", Key=KEY, TableName=table_name_in_item_field(),
            ConditionExpression=EXPRESSION, ExpressionAttributeNames=NAMES,
            ExpressionAttributeValues=VALUES,
            ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE)),
        Update=Field(_struct(
            "Update", Key=KEY, UpdateExpression=Field(STRING, not_null()),
            TableName=table_name_in_item_field(), ConditionExpression=EXPRESSION,
            ExpressionAttributeNames=NAMES, ExpressionAttributeValues=VALUES,
            ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE)),
    ))), not_null(), min_length(1), max_length(MAX_TRANSACT_ITEMS)),
    ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
    ReturnItemCollectionMetrics=RETURN_ITEM_COLLECTION_METRICS,
    # DynamoDB's newer validation names this member without echoing it.
    ClientRequestToken=Field(STRING, min_length(1), max_length(36, echo=False, raw_path=True)),
)


_UPDATE_ITEM_INPUT = _struct(
    "UpdateItemInput",
    ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
    TableName=TABLE_NAME,
    ReturnItemCollectionMetrics=RETURN_ITEM_COLLECTION_METRICS,
    ReturnValues=RETURN_VALUES,
    Key=KEY,
    ConditionalOperator=CONDITIONAL_OPERATOR,
    Expected=EXPECTED,
    AttributeUpdates=Field(MapOf(Field(_struct(
        "AttributeValueUpdate",
        Action=Field(STRING, enum(m.ATTRIBUTE_ACTION)),
        Value=ATTRIBUTE_VALUE_FIELD,
    )), _model("AttributeValueUpdate"))),
    ConditionExpression=EXPRESSION,
    UpdateExpression=EXPRESSION,
    ExpressionAttributeValues=VALUES,
    ExpressionAttributeNames=NAMES,
    ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
)


# --- the operations ---------------------------------------------------------------

OPERATIONS: dict[str, Operation] = {
    "CreateTable": Operation(
        _struct(
            "CreateTableInput",
            AttributeDefinitions=ATTRIBUTE_DEFINITIONS,
            TableName=TABLE_NAME,
            BillingMode=Field(STRING, enum(m.BILLING_MODE)),
            ProvisionedThroughput=Field(THROUGHPUT),
            KeySchema=_key_schema(typed=True),
            # DynamoDB lists a GSI's violations before an LSI's, whatever the request's order.
            GlobalSecondaryIndexes=Field(ListOf(Field(GLOBAL_INDEX))),
            LocalSecondaryIndexes=Field(ListOf(Field(LOCAL_INDEX))),
            StreamSpecification=STREAM_SPECIFICATION,
            SSESpecification=SSE_SPECIFICATION,
            TableClass=Field(STRING, enum(m.TABLE_CLASS)),
            Tags=TAGS,
            DeletionProtectionEnabled=Field(BOOLEAN),
            OnDemandThroughput=ON_DEMAND_THROUGHPUT,
            WarmThroughput=WARM_THROUGHPUT,
            ResourcePolicy=Field(STRING),
            VectorIndexes=Field(ListOf(Field(VECTOR_INDEX))),
        ),
        first=(c.TableNameFirst(CREATE_TABLE_NAME_RULES, required=True),),
        rules=(VectorIndexBilling(), CreateTableRules(), VectorIndexRules()),
    ),
    "DescribeTable": Operation(
        _struct("DescribeTableInput", TableName=TABLE_NAME),
        first=(_MANAGED_TABLE_NAME_FIRST,),
    ),
    "DeleteTable": Operation(
        _struct("DeleteTableInput", TableName=TABLE_NAME),
        first=(_MANAGED_TABLE_NAME_FIRST,),
    ),
    "ListTables": Operation(
        _struct("ListTablesInput",
                Limit=Field(INTEGER, at_least(1), at_most(MAX_LIST_TABLES)),
                ExclusiveStartTableName=name_field(required=False)),
    ),
    "UpdateTable": Operation(
        _struct(
            "UpdateTableInput",
            TableName=TABLE_NAME,
            ProvisionedThroughput=Field(THROUGHPUT),
            BillingMode=Field(STRING, enum(m.BILLING_MODE)),
            GlobalSecondaryIndexUpdates=Field(ListOf(Field(GLOBAL_INDEX_UPDATE))),
            AttributeDefinitions=Field(ATTRIBUTE_DEFINITIONS.shape),
            StreamSpecification=STREAM_SPECIFICATION,
            SSESpecification=SSE_SPECIFICATION,
            TableClass=Field(STRING, enum(m.TABLE_CLASS)),
            DeletionProtectionEnabled=Field(BOOLEAN),
            OnDemandThroughput=ON_DEMAND_THROUGHPUT,
            WarmThroughput=WARM_THROUGHPUT,
            # Global-table members we do not implement; named so that a request
            # carrying only them still counts as asking for a change.
            ReplicaUpdates=Field(ListOf(Field(_struct("ReplicationGroupUpdate")))),
            MultiRegionConsistency=Field(STRING),
            GlobalTableWitnessUpdates=Field(ListOf(Field(_struct("GlobalTableWitnessGroupUpdate")))),
            VectorIndexUpdates=Field(ListOf(Field(VECTOR_INDEX_UPDATE))),
        ),
        first=(_MANAGED_TABLE_NAME_FIRST,),
        rules=(UpdateTableRules(), VectorIndexUpdateRules()),
    ),
    "PutItem": Operation(
        _struct(
            "PutItemInput",
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
            TableName=TABLE_NAME,
            Item=Field(ATTRIBUTE_MAP, not_null()),
            ConditionalOperator=CONDITIONAL_OPERATOR,
            Expected=EXPECTED,
            ReturnValues=RETURN_VALUES,
            ReturnItemCollectionMetrics=RETURN_ITEM_COLLECTION_METRICS,
            ConditionExpression=EXPRESSION,
            ExpressionAttributeValues=VALUES,
            ExpressionAttributeNames=NAMES,
            ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
        ),
        first=(_TABLE_NAME_FIRST,),
        rules=(
            c.ExpressionParameters(("ConditionExpression",), ("Expected",)),
            c.ItemValues("Item"),
            c.ReturnValuesLimited(),
            c.ItemSize("Item"),
            c.ExpectedConditions(),
            c.SubstitutionMaps(),
        ),
        enveloped=True,
    ),
    "GetItem": Operation(
        _struct(
            "GetItemInput",
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
            AttributesToGet=ATTRIBUTES_TO_GET,
            TableName=TABLE_NAME,
            Key=KEY,
            ConsistentRead=Field(BOOLEAN),
            ProjectionExpression=EXPRESSION,
            ExpressionAttributeNames=NAMES,
        ),
        first=(_TABLE_NAME_FIRST,),
        rules=(
            c.ExpressionParameters(("ProjectionExpression",), ("AttributesToGet",)),
            c.ItemValues("Key"),
            c.DistinctNames(),
            c.SubstitutionMaps(values=False),
        ),
    ),
    "DeleteItem": Operation(
        _struct(
            "DeleteItemInput",
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
            TableName=TABLE_NAME,
            ReturnValues=RETURN_VALUES,
            ReturnItemCollectionMetrics=RETURN_ITEM_COLLECTION_METRICS,
            Key=KEY,
            ConditionalOperator=CONDITIONAL_OPERATOR,
            Expected=EXPECTED,
            ConditionExpression=EXPRESSION,
            ExpressionAttributeValues=VALUES,
            ExpressionAttributeNames=NAMES,
            ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
        ),
        first=(_TABLE_NAME_FIRST,),
        rules=(
            c.ExpressionParameters(("ConditionExpression",), ("Expected",)),
            c.ItemValues("Key"),
            c.ReturnValuesLimited(),
            c.ExpectedConditions(),
            c.SubstitutionMaps(),
        ),
        enveloped=True,
    ),
    "UpdateItem": Operation(
        _UPDATE_ITEM_INPUT,
        first=(c.MissingKeyFirst(_UPDATE_ITEM_INPUT, TABLE_NAME_RULES), _TABLE_NAME_FIRST),
        rules=(
            c.ExpressionParameters(("UpdateExpression", "ConditionExpression"), ("AttributeUpdates", "Expected")),
            c.ItemValues("Key"),
            c.AttributeUpdates(),
            c.ExpectedConditions(),
            c.SubstitutionMaps(),
        ),
        enveloped=True,
        first_violation_only=True,
    ),
    "Query": Operation(
        _struct(
            "QueryInput",
            Select=SELECT,
            IndexName=INDEX_NAME,
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
            QueryFilter=CONDITIONS,
            TableName=TABLE_NAME,
            ConditionalOperator=CONDITIONAL_OPERATOR,
            AttributesToGet=ATTRIBUTES_TO_GET,
            # DynamoDB words this one differently on Query: "Value at 'Limit'".
            Limit=Field(INTEGER, at_least(1, echo=False, raw_path=True)),
            KeyConditions=CONDITIONS,
            ExclusiveStartKey=START_KEY,
            ConsistentRead=Field(BOOLEAN),
            ScanIndexForward=Field(BOOLEAN),
            KeyConditionExpression=EXPRESSION,
            FilterExpression=EXPRESSION,
            ProjectionExpression=EXPRESSION,
            ExpressionAttributeValues=VALUES,
            ExpressionAttributeNames=NAMES,
        ),
        first=(_TABLE_NAME_FIRST, c.ConditionalOperatorFirst()),
        rules=(
            c.ExpressionParameters(("ProjectionExpression", "FilterExpression", "KeyConditionExpression"),
                                   ("AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"),
                                   key_conditions_alone=True),
            c.FilterConditions("QueryFilter"),
            c.DistinctNames(),
            c.StartKeyValues(),
            c.KeyConditionRequired(),
            c.SelectRules(enveloped=True),
            c.SubstitutionMaps(),
            c.LegacyKeyConditions(),
        ),
    ),
    "Scan": Operation(
        _struct(
            "ScanInput",
            Select=SELECT,
            IndexName=INDEX_NAME,
            TotalSegments=Field(INTEGER, at_least(1), at_most(MAX_TOTAL_SEGMENTS)),
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
            TableName=TABLE_NAME,
            ConditionalOperator=CONDITIONAL_OPERATOR,
            ScanFilter=CONDITIONS,
            Segment=Field(INTEGER, at_least(0), at_most(MAX_TOTAL_SEGMENTS - 1)),
            Limit=Field(INTEGER, at_least(1)),
            AttributesToGet=ATTRIBUTES_TO_GET,
            ExclusiveStartKey=START_KEY,
            FilterExpression=EXPRESSION,
            ProjectionExpression=EXPRESSION,
            ExpressionAttributeValues=VALUES,
            ExpressionAttributeNames=NAMES,
            ConsistentRead=Field(BOOLEAN),
        ),
        first=(_TABLE_NAME_FIRST,),
        rules=(
            # Scan is still on DynamoDB's older validation: its reader, its wording.
            c.ExpressionParameters(("ProjectionExpression", "FilterExpression"),
                                   ("AttributesToGet", "ScanFilter", "ConditionalOperator"), older=True),
            c.DistinctNames(),
            c.FilterConditions("ScanFilter", older=True),
            c.StartKeyValues(older=True),
            c.Segments(),
            c.SelectRules(enveloped=False),
            c.SubstitutionMaps(older=True),
        ),
    ),
    "BatchGetItem": Operation(
        _struct(
            "BatchGetItemInput",
            RequestItems=Field(MapOf(Field(_struct(
                "KeysAndAttributes",
                # Both bounds are phrased outside DynamoDB's usual mould:
                # "Value at 'RequestItems.<table>.member.Keys' ...".
                Keys=Field(ListOf(Field(ATTRIBUTE_MAP)), not_null(), min_length(1, echo=False, raw_path=True),
                           max_length(MAX_BATCH_GET, echo=False, raw_path=True)),
                AttributesToGet=ATTRIBUTES_TO_GET,
                ConsistentRead=Field(BOOLEAN),
                ProjectionExpression=EXPRESSION,
                ExpressionAttributeNames=NAMES,
            )), _model("KeysAndAttributes")), map_keys(*_BATCH_TABLE_NAMES, as_json=True)),
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
        ),
        first=(c.RequestItemsFirst(),),
        rules=(c.BatchGetRules(),),
    ),
    "BatchWriteItem": Operation(
        _BATCH_WRITE_INPUT,
        # Its enums are reported alone, ahead of the tables named.
        first=(c.RequestItemsFirst("BatchWriteItem"),
               c.ConstraintsFirst(_BATCH_WRITE_INPUT, ("ReturnConsumedCapacity", "ReturnItemCollectionMetrics"))),
        rules=(c.BatchWriteRules(),),
    ),
    "TransactWriteItems": Operation(
        _TRANSACT_WRITE_INPUT,
        # A token too long is reported alone, before anything else.
        first=(c.ConstraintsFirst(_TRANSACT_WRITE_INPUT, ("ClientRequestToken",)),),
        rules=(c.TransactActions(),),
    ),
    "TransactGetItems": Operation(
        _struct(
            "TransactGetItemsInput",
            TransactItems=Field(ListOf(Field(_struct(
                "TransactGetItem",
                Get=Field(_struct(
                    "Get", Key=KEY, TableName=table_name_in_item_field(),
                    ProjectionExpression=EXPRESSION, ExpressionAttributeNames=NAMES), not_null()),
            ))), not_null(), min_length(1), max_length(MAX_TRANSACT_ITEMS)),
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
        ),
        rules=(c.TransactActions(),),
    ),
    "DescribeTimeToLive": Operation(
        _struct("DescribeTimeToLiveInput", TableName=TABLE_NAME),
        first=(_MANAGED_TABLE_NAME_FIRST,),
    ),
    "UpdateTimeToLive": Operation(
        _struct(
            "UpdateTimeToLiveInput",
            TableName=TABLE_NAME,
            TimeToLiveSpecification=Field(_struct(
                "TimeToLiveSpecification",
                Enabled=Field(BOOLEAN, not_null()),
                AttributeName=Field(STRING, not_null(), length(1, 255)),
            ), not_null()),
        ),
        first=(_MANAGED_TABLE_NAME_FIRST,),
    ),
    "TagResource": Operation(
        _struct("TagResourceInput", ResourceArn=RESOURCE_ARN, Tags=Field(TAGS.shape, not_null())),
        first=(c.ResourceArnFirst(),),
        rules=(c.TableArn(), c.NotEmptyList("Tags", m.TAGS_EMPTY)),
    ),
    "UntagResource": Operation(
        _struct("UntagResourceInput", ResourceArn=RESOURCE_ARN,
                TagKeys=Field(ListOf(Field(STRING, length(1, 128))), not_null())),
        first=(c.ResourceArnFirst(),),
        rules=(c.TableArn(), c.NotEmptyList("TagKeys", m.TAG_KEYS_EMPTY)),
    ),
    "ListTagsOfResource": Operation(
        _struct("ListTagsOfResourceInput", ResourceArn=RESOURCE_ARN, NextToken=Field(STRING)),
        first=(c.ResourceArnFirst(),),
        rules=(c.TableArn(),),
    ),
    "PutResourcePolicy": Operation(
        _struct("PutResourcePolicyInput", ResourceArn=Field(STRING, not_null(), length(1, 1283)),
                Policy=Field(STRING, not_null()), ExpectedRevisionId=_POLICY_REVISION,
                ConfirmRemoveSelfResourceAccess=Field(BOOLEAN)),
    ),
    "GetResourcePolicy": Operation(
        _struct("GetResourcePolicyInput", ResourceArn=Field(STRING, not_null(), length(1, 1283))),
    ),
    "DeleteResourcePolicy": Operation(
        _struct("DeleteResourcePolicyInput", ResourceArn=Field(STRING, not_null(), length(1, 1283)),
                ExpectedRevisionId=_POLICY_REVISION),
    ),
    "ExecuteStatement": Operation(
        _struct(
            "ExecuteStatementInput",
            Statement=_STATEMENT,
            Parameters=_PARAMETERS,
            ConsistentRead=Field(BOOLEAN),
            NextToken=Field(STRING, length(1, 32768)),
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
            Limit=Field(INTEGER, at_least(1)),
            ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
        ),
        rules=(c.StatementParameters(),),
    ),
    "BatchExecuteStatement": Operation(
        _struct(
            "BatchExecuteStatementInput",
            Statements=Field(ListOf(Field(_struct(
                "BatchStatementRequest",
                Statement=_STATEMENT,
                Parameters=_PARAMETERS,
                ConsistentRead=Field(BOOLEAN),
                ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            ))), not_null(), min_length(1), max_length(MAX_BATCH_STATEMENTS)),
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
        ),
        # Each member's parameters are checked with the member (a bad one fails that statement alone).
    ),
    "ExecuteTransaction": Operation(
        _struct(
            "ExecuteTransactionInput",
            TransactStatements=Field(ListOf(Field(_struct(
                "ParameterizedStatement",
                Statement=_STATEMENT,
                Parameters=_PARAMETERS,
                ReturnValuesOnConditionCheckFailure=RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            ))), not_null(), min_length(1), max_length(MAX_TRANSACT_ITEMS)),
            ClientRequestToken=Field(STRING, length(1, 36)),
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
        ),
        rules=(c.StatementParameters("TransactStatements"),),
    ),
    # DynamoDB Streams (DynamoDBStreams_20120810).
    "ListStreams": Operation(_struct(
        "ListStreamsInput",
        TableName=Field(STRING, length(3, 255), pattern(m.NAME_PATTERN)),
        Limit=Field(INTEGER, at_least(1)),
        ExclusiveStartStreamArn=_STREAM_ARN_FIELD,
    )),
    "DescribeStream": Operation(_struct(
        "DescribeStreamInput",
        StreamArn=Field(STRING, not_null(), length(37, 1024)),
        Limit=Field(INTEGER, at_least(1)),
        ExclusiveStartShardId=Field(STRING, length(28, 65)),
    )),
    "GetShardIterator": Operation(_struct(
        "GetShardIteratorInput",
        StreamArn=Field(STRING, not_null(), length(37, 1024)),
        ShardId=Field(STRING, not_null(), length(28, 65)),
        ShardIteratorType=Field(STRING, not_null(), enum(m.SHARD_ITERATOR_TYPE)),
        SequenceNumber=Field(STRING, length(21, 40)),
    )),
    "GetRecords": Operation(_struct(
        "GetRecordsInput",
        ShardIterator=Field(STRING, not_null(), length(1, 2048)),
        Limit=Field(INTEGER, at_least(1)),
    )),
    # Vector search: read as DynamoDB's search front end reads it (see vectors/search_request.py).
    "SearchVectors": Operation(
        _struct(
            "SearchVectorsInput",
            TableName=TABLE_NAME,
            IndexName=Field(STRING, min_length(3, echo=False, raw_path=True),
                            max_length(255, echo=False, raw_path=True)),
            SearchVector=Field(ListOf(ATTRIBUTE_VALUE_FIELD), min_length(1, echo=False, raw_path=True)),
            TopK=Field(INTEGER, at_least(1)),
            SearchConditionExpression=EXPRESSION,
            ProjectionExpression=EXPRESSION,
            ExpressionAttributeNames=NAMES,
            ExpressionAttributeValues=VALUES,
            ReturnConsumedCapacity=RETURN_CONSUMED_CAPACITY,
        ),
        reader=SearchVectorsReader(),
        first=(_TABLE_NAME_FIRST,),
        rules=(c.SubstitutionMaps(),),
    ),
    "CreateBackup": Operation(_struct(
        "CreateBackupInput",
        TableName=Field(STRING, not_null(), length(1, 1024)),
        BackupName=name_field(),
    )),
    "DescribeBackup": Operation(_struct("DescribeBackupInput", BackupArn=Field(STRING, not_null(), length(37, 1024)))),
    "DeleteBackup": Operation(_struct("DeleteBackupInput", BackupArn=Field(STRING, not_null(), length(37, 1024)))),
    "ListBackups": Operation(_struct(
        "ListBackupsInput",
        TableName=_TABLE_OR_ARN,
        Limit=Field(INTEGER, at_least(1), at_most(MAX_LIST_BACKUPS)),
        TimeRangeLowerBound=Field(TIMESTAMP),
        TimeRangeUpperBound=Field(TIMESTAMP),
        ExclusiveStartBackupArn=_BACKUP_ARN,
        BackupType=Field(STRING, enum(m.BACKUP_TYPE_FILTER)),
    )),
    "RestoreTableFromBackup": Operation(_struct(
        "RestoreTableFromBackupInput",
        TargetTableName=name_field(),
        BackupArn=Field(STRING, not_null(), length(37, 1024)),
        **_RESTORE_OVERRIDES,
    )),
    "UpdateContinuousBackups": Operation(_struct(
        "UpdateContinuousBackupsInput",
        TableName=Field(STRING, not_null(), length(1, 1024)),
        PointInTimeRecoverySpecification=Field(_struct(
            "PointInTimeRecoverySpecification",
            PointInTimeRecoveryEnabled=Field(BOOLEAN, not_null()),
            RecoveryPeriodInDays=Field(INTEGER, at_least(MIN_RECOVERY_PERIOD_DAYS),
                                       at_most(MAX_RECOVERY_PERIOD_DAYS)),
        ), not_null()),
    )),
    "DescribeContinuousBackups": Operation(_struct(
        "DescribeContinuousBackupsInput", TableName=Field(STRING, not_null(), length(1, 1024)))),
    "RestoreTableToPointInTime": Operation(_struct(
        "RestoreTableToPointInTimeInput",
        SourceTableArn=_TABLE_OR_ARN,
        SourceTableName=name_field(required=False),
        TargetTableName=name_field(),
        UseLatestRestorableTime=Field(BOOLEAN),
        RestoreDateTime=Field(TIMESTAMP),
        **_RESTORE_OVERRIDES,
    )),
    "ExportTableToPointInTime": Operation(_struct(
        "ExportTableToPointInTimeInput",
        TableArn=Field(STRING, not_null(), length(1, 1024)),
        ExportTime=Field(TIMESTAMP),
        ClientToken=_CLIENT_TOKEN,
        S3Bucket=_S3_BUCKET,
        S3BucketOwner=_S3_BUCKET_OWNER,
        S3Prefix=_S3_PREFIX,
        S3SseAlgorithm=Field(STRING, enum(m.S3_SSE_ALGORITHM)),
        S3SseKmsKeyId=Field(STRING, length(1, 2048)),
        ExportFormat=Field(STRING, enum(m.EXPORT_FORMAT)),
        ExportType=Field(STRING, enum(m.EXPORT_TYPE)),
        IncrementalExportSpecification=Field(_struct(
            "IncrementalExportSpecification",
            ExportFromTime=Field(TIMESTAMP),
            ExportToTime=Field(TIMESTAMP),
            ExportViewType=Field(STRING, enum(m.EXPORT_VIEW_TYPE)),
        )),
        FilterSpecification=Field(_struct(
            "FilterSpecification",
            FilterExpression=EXPRESSION,
            ProjectionExpression=EXPRESSION,
            KeyConditionExpression=EXPRESSION,
            ExpressionAttributeNames=NAMES,
            ExpressionAttributeValues=VALUES,
        )),
    )),
    "DescribeExport": Operation(_struct("DescribeExportInput", ExportArn=_EXPORT_ARN)),
    "ListExports": Operation(_struct(
        "ListExportsInput",
        TableArn=Field(STRING, length(1, 1024)),
        MaxResults=Field(INTEGER, at_least(1), at_most(MAX_LIST_EXPORTS)),
        NextToken=Field(STRING),
    )),
    "ImportTable": Operation(_struct(
        "ImportTableInput",
        ClientToken=_CLIENT_TOKEN,
        S3BucketSource=Field(_struct(
            "S3BucketSource",
            S3BucketOwner=_S3_BUCKET_OWNER,
            S3Bucket=_S3_BUCKET,
            S3KeyPrefix=_S3_PREFIX,
        ), not_null()),
        InputFormat=Field(STRING, not_null(), enum(m.INPUT_FORMAT)),
        InputFormatOptions=Field(_struct(
            "InputFormatOptions",
            Csv=Field(_struct(
                "CsvOptions",
                Delimiter=Field(STRING, length(1, 1), pattern(m.CSV_DELIMITER_PATTERN)),
                HeaderList=Field(ListOf(Field(STRING, length(1, 65536), pattern(m.CSV_HEADER_PATTERN))),
                                 length(1, 255)),
            )),
        )),
        InputCompressionType=Field(STRING, enum(m.INPUT_COMPRESSION_TYPE)),
        TableCreationParameters=Field(_TABLE_CREATION_PARAMETERS, not_null()),
    )),
    "DescribeImport": Operation(_struct("DescribeImportInput", ImportArn=_IMPORT_ARN)),
    "ListImports": Operation(_struct(
        "ListImportsInput",
        TableArn=Field(STRING, length(1, 1024)),
        PageSize=Field(INTEGER, at_least(1), at_most(MAX_LIST_IMPORTS)),
        NextToken=Field(STRING, length(112, 1024), pattern(m.IMPORT_NEXT_TOKEN_PATTERN)),
    )),
    "DescribeEndpoints": Operation(_struct("DescribeEndpointsRequest")),
    "DescribeLimits": Operation(_struct("DescribeLimitsInput")),
}
