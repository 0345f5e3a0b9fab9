"""Every message DynamoDB answers about vector indexes and SearchVectors,
as captured against the service (eu-west-2 and us-east-1, 2026)."""

# Enumerations, in the order DynamoDB lists them.
DISTANCE_FUNCTIONS = ("DOT_PRODUCT", "COSINE", "EUCLIDEAN")
SEARCH_SCHEMA_ELEMENT_TYPES = ("HASH", "INLINE_FILTER")

# CreateTable / UpdateTable (after "One or more parameter values were invalid: ")
ONLY_PAY_PER_REQUEST = "Vector indexes are only supported for PAY_PER_REQUEST tables"
SEARCH_SCHEMA_UNDEFINED = "One element in SearchSchema is not defined in attribute definitions"
DIMENSIONS_RANGE = "Number of dimensions must be between 1 and {} inclusive."
TOO_MANY = "VectorIndex count exceeds the per-table limit of {}"
CONFLICTING_DIMENSIONS = ("Conflicting attribute definition for '{}'. All VectorIndexes on the same vector "
                          "attribute must use the same dimensions.")
TWO_HASH_ELEMENTS = "SearchSchema can have at most one HASH element"
DELETE_UNKNOWN = "Requested resource not found: Index: {} not found"

# Writes (ValidationException, whole)
_WRITE = "One or more parameter values were invalid. "
NOT_A_LIST = _WRITE + "Invalid type for parameter {}, Expected: 32-bit floating point number list IndexName: {}"
WRONG_SIZE = _WRITE + "Invalid size for parameter {}, Expected: {}, Actual: {} IndexName: {}"
ELEMENT_NOT_NUMBER = (_WRITE + "Invalid type for parameter {}[{}], Expected: 32-bit floating point number, "
                      "Actual: {}. IndexName: {}")
ELEMENT_OUT_OF_RANGE = (_WRITE + "Invalid value for parameter {}[{}], Value: {} is outside valid range "
                        "[-3.4028235E38, 3.4028235E38]. IndexName: {}")
SCHEMA_TYPE_MISMATCH = _WRITE + "Attribute '{}' type mismatch. Expected: {}, Actual: {}. IndexName: {}"

# SearchVectors
TOP_K_RANGE = "Provided TopK value '{}' is out of valid range. The value must be between 1 and {} inclusive"
UNKNOWN_INDEX = "The table does not have the specified index: {}"
INVALID_SEARCH_VECTOR = ("Search vector contains invalid values. All values in the search vector must be a "
                         "32-bit floating-point number attribute")
DIMENSION_MISMATCH = "Input search vector dimension {} does not match vector index dimension {}"
CONDITION_REQUIRED = "SearchConditionExpression must be provided when SearchSchema has a HASH key"
CONDITION_PREFIX = "Invalid SearchConditionExpression: "
INVALID_COMPARATOR = CONDITION_PREFIX + "Invalid comparator used in SearchConditionExpression"
NESTED_CONDITION = CONDITION_PREFIX + "SearchConditionExpression cannot have conditions on nested attributes"
ONE_CONDITION_PER_ATTRIBUTE = CONDITION_PREFIX + "SearchConditionExpression must only contain one condition per attribute"
NOT_IN_SEARCH_SCHEMA = ("SearchConditionExpression must not contain any attributes that is not in SearchSchema. "
                        "Invalid attribute: {}")
HASH_OPERAND_TYPE = "Type of '{}' attribute in SearchConditionExpression ({}) does not match type in search schema ({})"
EMPTY_HASH_OPERAND = ("One or more parameter values are not valid. The AttributeValue for a key attribute cannot "
                      "contain an empty string value. Key: {}")
# The request reader's (serde's) words: a missing member, an explicit null.
MISSING_FIELD = "missing field `{}` at line 1 column {}"
NULL_MEMBER = "invalid type: null, expected {} at line 1 column {}"

# Query, Scan and PartiQL naming a vector index
QUERY_REFUSED = "Query operation not supported on this index type."
SCAN_REFUSED = "Scan operation not supported on this index type"
