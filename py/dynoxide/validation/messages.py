"""DynamoDB's request-validation vocabulary, each message, enum and pattern once.

Wording is DynamoDB's own, oddities included ("An string set  may not be
empty", "Atleast", "dectected"): clients and test suites match on the text.
Where the conformance suite recorded a message from real DynamoDB it wins
over older emulators' copies; the few messages no recording pins down are
marked "unverified".
"""
from __future__ import annotations

import json
import re

from ..errors import invalid_parameter, validation

# --- patterns ---------------------------------------------------------------

NAME_PATTERN = "[a-zA-Z0-9_.-]+"          # table and index names
EXPRESSION_NAME_KEY = r"#[0-9a-zA-Z_]+"     # ExpressionAttributeNames keys
EXPRESSION_VALUE_KEY = r":[0-9a-zA-Z_]+"    # ExpressionAttributeValues keys

# --- enums, members in the order DynamoDB lists them in its messages --------

RETURN_CONSUMED_CAPACITY = ("INDEXES", "TOTAL", "NONE")
RETURN_ITEM_COLLECTION_METRICS = ("SIZE", "NONE")
RETURN_VALUES = ("ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW")
RETURN_VALUES_ON_CONDITION_CHECK_FAILURE = ("ALL_OLD", "NONE")
SELECT = ("SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES")
CONDITIONAL_OPERATOR = ("OR", "AND")
COMPARISON_OPERATOR = ("IN", "NULL", "BETWEEN", "LT", "NOT_CONTAINS", "EQ", "GT",
                       "NOT_NULL", "NE", "LE", "BEGINS_WITH", "GE", "CONTAINS")
ATTRIBUTE_ACTION = ("ADD", "PUT", "DELETE")  # order unverified
KEY_TYPE = ("HASH", "RANGE")
SCALAR_ATTRIBUTE_TYPE = ("B", "N", "S")
PROJECTION_TYPE = ("ALL", "INCLUDE", "KEYS_ONLY")
BILLING_MODE = ("PROVISIONED", "PAY_PER_REQUEST")
BACKUP_TYPE_FILTER = ("USER", "SYSTEM", "AWS_BACKUP", "ALL")  # order unverified
# The export and import APIs' enums, in botocore's order.
EXPORT_FORMAT = ("DYNAMODB_JSON", "ION")
EXPORT_TYPE = ("FULL_EXPORT", "INCREMENTAL_EXPORT")
EXPORT_VIEW_TYPE = ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
S3_SSE_ALGORITHM = ("AES256", "KMS")
INPUT_FORMAT = ("DYNAMODB_JSON", "ION", "CSV")
INPUT_COMPRESSION_TYPE = ("GZIP", "ZSTD", "NONE")
# Patterns of the export and import APIs' members (botocore's model).
S3_BUCKET_PATTERN = r"^[a-z0-9A-Z]+[\.\-\w]*[a-z0-9A-Z]+$"
S3_BUCKET_OWNER_PATTERN = "[0-9]{12}"
CLIENT_TOKEN_PATTERN = r"^[^\$]+$"
CSV_DELIMITER_PATTERN = r"[,;:|\t ]"
CSV_HEADER_PATTERN = r"[\x20-\x21\x23-\x2B\x2D-\x7E]*"
IMPORT_NEXT_TOKEN_PATTERN = "([0-9a-f]{16})+"
TABLE_CLASS = ("STANDARD", "STANDARD_INFREQUENT_ACCESS")
STREAM_VIEW_TYPE = ("NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY")  # order unverified
SSE_TYPE = ("AES256", "KMS")  # order unverified
SHARD_ITERATOR_TYPE = ("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER")  # order unverified

# --- stage 1: SerializationException (the JSON reader's words) --------------

JAVA_MODEL = "com.amazonaws.dynamodb.v20120810"
START_OF_STRUCTURE = "Start of structure or map found where not expected"
UNEXPECTED_FIELD_TYPE = "Unexpected field type"
UNEXPECTED_VALUE_TYPE = "Unexpected value type in payload"
UNEXPECTED_TOKEN = "Unexpected token received from parser"
NOT_BASE64 = "only base-64-encoded strings are convertible to bytes"
BASE64_LENGTH = "Base64 encoded length is expected a multiple of 4 bytes but found: {length}"
BASE64_LAST_CHAR = "Invalid last non-pad Base64 character dectected"
# A list or map sent where DynamoDB expects a list inside a map (or a map
# inside a list) trips a Java reflection cast; DynamoDB leaks its message.
PARAMETERIZED_CAST = (
    "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
    "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class "
    "are in module java.base of loader 'bootstrap')")


def cannot_convert(token: str, target: str) -> str:
    """`token` is NUMBER_VALUE, DECIMAL_VALUE, STRING_VALUE, TRUE_VALUE or FALSE_VALUE.

    Also said of a number outside an Integer or Long field's Java range
    (unverified: no recording pins that case down)."""
    return f"{token} cannot be converted to {target}"


def unrecognized_class(java_class: str) -> str:
    return f"Unrecognized collection type class {java_class}"


def unrecognized_map(java_value_class: str) -> str:
    return f"Unrecognized collection type java.util.Map<java.lang.String, {java_value_class}>"


# --- AttributeValues (the values layer) --------------------------------------

EMPTY_VALUE = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
# Also DynamoDB's answer to a BatchWriteItem request that is neither or both of Put and Delete.
MANY_TYPES = ("Supplied AttributeValue has more than one datatypes set, "
              "must contain exactly one of the supported datatypes")
NULL_NOT_TRUE = "Null attribute value types must have the value of true"
NESTING_TOO_DEEP = ("Nesting Levels have exceeded supported limits: "
                    "Attributes in the item have nested levels beyond supported limit")
# DynamoDB's own wording, odd articles and double spaces included.
EMPTY_SET = {
    "SS": "An string set  may not be empty",
    "NS": "An number set  may not be empty",
    "BS": "Binary sets should not be empty",
}
# DynamoDB reads AttributeValues with one of two readers, and words their
# refusals differently. The current reader serves PutItem, UpdateItem,
# DeleteItem, GetItem, BatchGetItem, Query and (in eu-west-2) the transactions;
# the older one (Java's BigDecimal for numbers) serves Scan, BatchWriteItem and
# PartiQL parameters, and Scan wraps a bad expression value's error naming its
# key (VALUES_INVALID_VALUE). See `numbers.decompose` for the numbers.
#
# A set with a repeated member: the current reader quotes the members
# (`set_duplicates`), the older one prints them as sent and words a number set
# bare (`older_set_duplicates`).
NS_DUPLICATES = "Input collection contains duplicates"
SS_DUPLICATES = "Input collection {} contains duplicates."
BS_DUPLICATES = "Input collection {}of type BS contains duplicates."  # sic: no space


def set_duplicates(kind: str, members: list):
    """The current reader's error: members JSON-quoted (binary ones without a
    space between), a number set named by no member."""
    if kind == "NS":
        return invalid_parameter(NS_DUPLICATES + ".")
    separator = ", " if kind == "SS" else ","
    listed = "[" + separator.join(json.dumps(member, ensure_ascii=False) for member in members) + "]"
    return invalid_parameter((SS_DUPLICATES if kind == "SS" else BS_DUPLICATES).format(listed))


def older_set_duplicates(kind: str, members: list):
    if kind == "NS":
        return validation(NS_DUPLICATES)
    listed = "[" + ", ".join(members) + "]"
    return invalid_parameter((SS_DUPLICATES if kind == "SS" else BS_DUPLICATES).format(listed))


# --- stage 2: constraint violations, aggregated -----------------------------

MAX_CONSTRAINT_ERRORS = 10  # DynamoDB reports at most ten


def constraint_violation(value_text: str | None, path: str, constraint: str) -> str:
    """One entry of the aggregate; `value_text` None leaves the value out."""
    value = "Value" if value_text is None else f"Value {value_text}"
    return f"{value} at '{path}' failed to satisfy constraint: {constraint}"


def aggregate(entries: list[str]) -> str:
    count = len(entries)
    plural = "" if count == 1 else "s"
    return f"{count} validation error{plural} detected: " + "; ".join(entries)


_AGGREGATE = re.compile(r"\d+ validation errors? detected: ")


def enveloped(message: str) -> str:
    """`message` inside the "1 validation error detected: " envelope, which
    DynamoDB's newer validation puts around every request-level error of some
    operations (see `specs.Operation.enveloped`); an aggregate already has it."""
    return message if _AGGREGATE.match(message) else aggregate([message])


MUST_NOT_BE_NULL = "Member must not be null"
MIN_VALUE = "Member must have value greater than or equal to {}"
MAX_VALUE = "Member must have value less than or equal to {}"
MIN_LENGTH = "Member must have length greater than or equal to {}"
MAX_LENGTH = "Member must have length less than or equal to {}"
PATTERN = "Member must satisfy regular expression pattern: {}"
ENUM = "Member must satisfy enum value set: [{}]"
MAP_KEYS = "Map keys must satisfy constraint: [{}]"
MAP_VALUES = "Map value must satisfy constraint: [{}]"

# --- the "resource" stage: the table name (or batch map) before anything else --

PARAMETER_REQUIRED = "The parameter '{}' is required but was not present in the request"
REQUEST_ITEMS_REQUIRED = "The requestItems parameter is required for {}"

# A table ARN where a table name goes (validation/table_arns.py): a malformed
# one is a constraint violation of 'tableName'; a well-formed one of another
# partition or region is refused by name; another account's is not authorised.
TABLE_ARN_FORMAT = ("Valid ARN format is 'arn:<awsPartition>:<vendor>:<region>:<subscriber>:resourceType/resourceName', "
                    "where Resource name must have length less than or equal to 255, Resource name must have length "
                    "greater than or equal to 3, Resource name must satisfy regular expression pattern: "
                    "[a-zA-Z0-9_.-]+")
TABLE_ARN_RESOURCE_TYPE = "Invalid resource type"
TABLE_ARN_NAME_TOO_SHORT = "Table name of ARN must have length greater than or equal to 3"
TABLE_ARN_PARTITION = "Invalid AWS partition in '{}'"
TABLE_ARN_REGION = "Invalid AWS region in '{}'"
TABLE_ARN_OTHER_ACCOUNT = ("User: arn:aws:iam::{}:root is not authorized to perform: dynamodb:{} on resource: {} "
                           "because no resource-based policy allows the dynamodb:{} action")
# Ours (a local limit, limits.MAX_REGIONS): a request signed for one region too many.
NOT_A_REGION = "dynoxide: {!r} is not a region name (such as us-east-1)"
TOO_MANY_REGIONS = ("dynoxide keeps tables in at most {} regions per database; a request signed for "
                    "region {} would open one more")
# Our own words (DynamoDB's are not known): a batch naming one table twice, once by its ARN.
TABLE_NAMED_TWICE = "Table {} is named more than once in RequestItems (by its name and by its ARN)"

# --- stage 3: table-independent rules ---------------------------------------
# (the "One or more parameter values were invalid: " prefix is errors.invalid_parameter's)

# expressions versus the legacy parameters
MIXED_PARAMETERS = ("Can not use both expression and non-expression parameters in the same request: "
                    "Non-expression parameters: {{{}}} Expression parameters: {{{}}}")
NAMES_WITHOUT_EXPRESSION = "ExpressionAttributeNames can only be specified when using expressions"
VALUES_WITHOUT_EXPRESSION = "ExpressionAttributeValues can only be specified when using expressions"
# The older validation (Scan) names the expressions that could have used them.
VALUES_WITHOUT_EXPRESSION_NAMED = VALUES_WITHOUT_EXPRESSION + ": {} {} null"
NAMES_EMPTY = "ExpressionAttributeNames must not be empty"
VALUES_EMPTY = "ExpressionAttributeValues must not be empty"
NAMES_INVALID_KEY = 'ExpressionAttributeNames contains invalid key: Syntax error; key: "{}"'
VALUES_INVALID_KEY = 'ExpressionAttributeValues contains invalid key: Syntax error; key: "{}"'
# The older validation's wrapper around a bad value's own error (Scan).
VALUES_INVALID_VALUE = "ExpressionAttributeValues contains invalid value: {} for key {}"

# items and keys
RETURN_VALUES_PUT_DELETE = "ReturnValues can only be ALL_OLD or NONE"
ITEM_TOO_BIG = "Item size has exceeded the maximum allowed size"
UPDATED_ITEM_TOO_BIG = "Item size to update has exceeded the maximum allowed size"
KEY_SCHEMA_MISMATCH = "The provided key element does not match the schema"
CONDITION_TYPE_MISMATCH = "Condition parameter type does not match schema type"
MISSING_KEY = "Missing the key {} in the item"
KEY_TYPE_MISMATCH = "Type mismatch for key {} expected: {} actual: {}"
INDEX_KEY_TYPE_MISMATCH = "Type mismatch for Index Key {} Expected: {} Actual: {} IndexName: {}"
HASH_KEY_TOO_BIG = "Size of hashkey has exceeded the maximum size limit of{} bytes"  # sic: no space
RANGE_KEY_TOO_BIG = "Aggregated size of all range keys has exceeded the size limit of {} bytes"
# An index key value over the key size limits (2,048 bytes for a partition
# key, 1,024 for a sort key), named with its size and the index.
INDEX_KEY_TOO_BIG = "Size limit exceeded for Index Key {} Actual Size: {} bytes Max Size: {} bytes IndexName: {}"
# Query on a GSI with a multi-attribute key
QUERY_CONDITIONS_EXCEED_KEY = ("The number of query conditions ({}) exceeds the number of key attributes "
                               "defined in the schema ({})")
RANGE_KEYS_NEED_EQUALITY = ("RANGE key attributes {} must have equality conditions specified in the query "
                            "because a condition is present on key attribute {}")
KEY_IN_UPDATE = "Cannot update attribute {}. This attribute is part of the key"
# An empty string or binary where a key goes ("string" or "binary" fills the blank).
EMPTY_KEY_VALUE = ("One or more parameter values are not valid. The AttributeValue for a key attribute "
                   "cannot contain an empty {} value. Key: {}")
EMPTY_INDEX_KEY_VALUE = ("One or more parameter values are not valid. A value specified for a secondary index key "
                         "is not supported. The AttributeValue for a key attribute cannot contain an empty {} "
                         "value. IndexName: {}, IndexKey: {}")
EMPTY_INDEX_KEY_BY_UPDATE = ("One or more parameter values are not valid. The update expression attempted to update "
                             "a secondary index key to a value that is not supported. The AttributeValue for a key "
                             "attribute cannot contain an empty {} value.")
DUPLICATE_ATTRIBUTE_NAME = "Duplicate value in attribute name: {}"
STARTING_KEY_INVALID = "The provided starting key is invalid: {}"
# ExclusiveStartKey value errors DynamoDB reports without the prefix above.
STARTING_KEY_BARE_FRAGMENTS = ("contains duplicates", "number set", "numeric value",
                               "significant digits", "number with magnitude")

# legacy conditions (Expected, ScanFilter, QueryFilter, KeyConditions)
VALUE_AND_LIST = "Value and AttributeValueList cannot be used together for Attribute: {}"
EXISTS_AND_OPERATOR = "Exists and ComparisonOperator cannot be used together for Attribute: {}"
OPERATOR_NEEDS_VALUE = "Value or AttributeValueList must be used with ComparisonOperator: {} for Attribute: {}"
LIST_NEEDS_OPERATOR = "AttributeValueList can only be used with a ComparisonOperator for Attribute: {}"
EXISTS_NEEDS_VALUE = "Value must be provided when Exists is {} for Attribute: {}"
EXISTS_FALSE_WITH_VALUE = "Value cannot be used when Exists is false for Attribute: {}"
ARGUMENT_COUNT = "Invalid number of argument(s) for the {} ComparisonOperator"
MIXED_LIST_TYPES = "AttributeValues inside AttributeValueList must be of same type"
OPERATOR_TYPE = "ComparisonOperator {} is not valid for {} AttributeValue type"
BETWEEN_BOUNDS = "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"
KEY_CONDITIONS_COUNT = "Conditions can be of length 1 or 2 only"
# KeyConditionExpression's own (KeyConditions keeps the sentence above).
KEY_CONDITIONS_EXCEED_SCHEMA = ("The number of query conditions ({}) exceeds the number of key attributes "
                                "defined in the schema ({})")
ONE_CONDITION_PER_KEY = "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"
# The newer validation's answer to a ConditionalOperator outside its enum, alone and bare (Query).
CONDITIONAL_OPERATOR_ENUM = "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]"
KEY_CONDITION_REQUIRED = "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."

# legacy AttributeUpdates
ACTION_NEEDS_VALUE = "Only DELETE action is allowed when no attribute value is specified"
DELETE_VALUE_TYPE = "DELETE action with value is not supported for the type {}"
ADD_VALUE_TYPE = "ADD action is not supported for the type {}"

# Select / projection (the Query-only envelope is as recorded by dynoxide)
SELECT_NEEDS_ATTRIBUTES = "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"
SELECT_EXCLUDES = "Cannot specify the {} when choosing to get {}"
SELECT_COUNT_PHRASE = "only the Count"
SELECT_PROJECTED_NEEDS_INDEX = "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"

# parallel scan
TOTAL_SEGMENTS_REQUIRED = ("The TotalSegments parameter is required but was not present in the request "
                           "when Segment parameter is present")
SEGMENT_REQUIRED = ("The Segment parameter is required but was not present in the request "
                    "when parameter TotalSegments is present")
SEGMENT_OUT_OF_RANGE = ("The Segment parameter is zero-based and must be less than parameter TotalSegments: "
                        "Segment: {} is not less than TotalSegments: {}")

# batches
BATCH_KEYS_DUPLICATE = "Provided list of item keys contains duplicates"
BATCH_TOO_MANY = "Too many items requested for the {} call"

# transactions
TRANSACTION_ONE_ACTION = "TransactItems can only contain one of Check, Put, Update or Delete"
# An attribute or map key named "" in a transaction's Put item.
EMPTY_ATTRIBUTE_NAME = "Empty attribute name"
# An action naming none: a constraint on the list, as eu-west-2 words it.
TRANSACTION_NO_ACTION = "TransactWriteRequest should contain Delete or Put or Update or ConditionCheck"
TRANSACTION_SAME_ITEM = "Transaction request cannot include multiple operations on one item"
TRANSACTION_TOO_BIG = ("Collection size of items exceeded, which can also be caused by the aggregate size of the items "
                       "in the transaction exceeding the 4MB limit")

# tables
THROUGHPUT_OUT_OF_BOUNDS = "Given value {} for {} is out of bounds"
PAY_PER_REQUEST_WITH_THROUGHPUT = ("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                                   "when BillingMode is PAY_PER_REQUEST")
PROVISIONED_WITHOUT_THROUGHPUT = ("ReadCapacityUnits and WriteCapacityUnits must both be specified "
                                  "when BillingMode is PROVISIONED")
UPDATE_PROVISIONED_WITHOUT_THROUGHPUT = "ProvisionedThroughput must be specified when BillingMode is PROVISIONED"
KEY_ATTRIBUTE_UNDEFINED = "Invalid KeySchema: Some index key attribute have no definition"
KEYS_NOT_DEFINED = "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]"
KEY_NAMES_SAME = "Both the Hash Key and the Range Key element in the KeySchema have the same name"
FIRST_KEY_NOT_HASH = "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
SECOND_KEY_NOT_RANGE = "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"
KEY_NAMES_REPEATED = "The KeySchema contains multiple key attributes with the same name"
HASH_KEYS_FIRST = "All HASH key attributes must precede RANGE key attributes in the KeySchema"
TOO_MANY_KEY_ATTRIBUTES = "The KeySchema exceeds the maximum allowed number of {} key attributes"
GSI_DEFINITIONS_MISSING = "AttributeDefinitions is not specified for index: {}"
DEFINITIONS_UNUSED = "Some AttributeDefinitions are not used. AttributeDefinitions: [{}], keys used: [{}]"
DEFINITION_COUNT = ("Number of attributes in KeySchema does not exactly match number of attributes "
                    "defined in AttributeDefinitions")
INDEX_LIST_EMPTY = "List of {} is empty"
LSI_NEEDS_TABLE_RANGE = ("Table KeySchema does not have a range key, which is required when specifying "
                         "a LocalSecondaryIndex")
LSI_NEEDS_RANGE = "Index KeySchema does not have a range key for index: {}"
LSI_HASH_MISMATCH = ("Index KeySchema does not have the same leading hash key as table KeySchema for index: "
                     "{}. index hash key: {}, table hash key: {}")
PROJECTION_TYPE_NULL = "Unknown ProjectionType: null"
PROJECTION_WITH_NON_KEY = "ProjectionType is {}, but NonKeyAttributes is specified"
INCLUDE_WITHOUT_NON_KEY = "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"
STREAM_DISABLED_WITH_VIEW = "Table is being created with a stream disabled, UpdateViewType should not be specified"
DUPLICATE_INDEX = "Duplicate index name: {}"
TOO_MANY_LSIS = "Number of LocalSecondaryIndexes exceeds per-table limit of {}"
TOO_MANY_GSIS = "GlobalSecondaryIndex count exceeds the per-table limit of {}"
GSI_THROUGHPUT_ON_DEMAND = "ProvisionedThroughput should not be specified for index: {} when BillingMode is PAY_PER_REQUEST"
UPDATE_TABLE_NOTHING = ("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
                        "GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required")
GSI_UPDATE_EMPTY = ("One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
                    "GlobalSecondaryIndexUpdate.Delete must not be null")
GSI_UPDATE_REPEATED = "Only one global secondary index update per index is allowed simultaneously. Index: {}"

# tags and ARNs
INVALID_ARN = "Invalid TableArn"
INVALID_ARN_INPUT = "Invalid TableArn: Invalid ResourceArn provided as input {}"
TAGS_EMPTY = "Atleast one Tag needs to be provided as Input."
TAG_KEYS_EMPTY = "Atleast one Tag Key needs to be provided as Input."


# --- resource-based policies (operations/policies.py) -----------------------------
POLICY_ARN_NOT_ARN = "ARNs must start with 'arn:': {}"
POLICY_ARN_NOT_DYNAMODB = "Provided Arn is not a DynamoDB resource arn: {}"
POLICY_ARN_INVALID = "Invalid resource Arn: {}"
POLICY_ARN_NOT_TABLE_OR_STREAM = "Invalid resource arn provided, only table or stream is accepted. Provided resource arn: {}"
POLICY_OTHER_ACCOUNT = "This action is only supported by accounts that match the resource owner\u2019s account."
TABLE_NOT_FOUND_NAMED = "Requested resource not found: Table: {} not found"
POLICY_STREAM_NOT_FOUND = "Requested resource not found: Stream: {} not found for Table: {}"
POLICY_NOT_FOUND = "Resource-based policy not found for the provided ResourceArn: {}"
POLICY_REVISION_MISMATCH = ("Resource-based policy not found for the provided ResourceArn: Requested update for "
                            "policy with revision id {}, but the policy associated to target table {} has revision id {}.")
POLICY_FOUND_EXPECTING_NONE = ("Resource-based policy not found for the provided ResourceArn: Requested policy update "
                               "expecting none to be present for table {}, but a policy exists with revision id {}.")
POLICY_TOO_BIG = "Maximum policy size of {} bytes exceeded"
POLICY_INVALID = "Invalid policy document: {}"
POLICY_NOT_JSON = "This policy contains invalid Json"
POLICY_NO_STATEMENT = "Could not parse the policy: Statement is empty!"
POLICY_MISSING_FIELD = "Missing required field {}"
POLICY_DUPLICATE_SID = "Statement IDs (SID) in a single policy must be unique. Duplicate SID: {}"
POLICY_INVALID_ACTIONS = "The following action names are invalid: {}"

# --- warm throughput (operations/warm.py) -------------------------------------------
# DynamoDB's words for a table; an index's are assumed to name it ("index X").
WARM_THROUGHPUT_DECREASE = ("Requested {} for WarmThroughput for {} is lower than current WarmThroughput, "
                            "decreasing WarmThroughput is not supported")
