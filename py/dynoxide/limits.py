"""DynamoDB's service limits, each stated once."""

MAX_ITEM_SIZE = 400 * 1024
MAX_PAGE_SIZE = 1024 * 1024
MAX_HASH_KEY_SIZE = 2048
MAX_RANGE_KEY_SIZE = 1024
MAX_NUMBER_DIGITS = 38
MAX_BATCH_WRITE = 25
MAX_BATCH_GET = 100
MAX_BATCH_GET_RESPONSE_BYTES = 16 * 1024 * 1024  # the rest is UnprocessedKeys
MAX_TRANSACT_ITEMS = 100
MAX_BATCH_STATEMENTS = 25       # BatchExecuteStatement
MAX_STATEMENT_LENGTH = 8192     # a PartiQL statement, in characters
MAX_GET_RECORDS = 1000          # DynamoDB Streams: records per GetRecords
MAX_LIST_STREAMS = 100          # DynamoDB Streams: a ListStreams page without a Limit
MAX_TRANSACTION_BYTES = 4 * 1024 * 1024
# How long a TransactWriteItems ClientRequestToken answers replays.
TRANSACTION_TOKEN_WINDOW_SECONDS = 10 * 60
MAX_GSIS = 20
MAX_KEY_ATTRIBUTES_PER_ROLE = 4  # a GSI's multi-attribute key: HASH attributes, and RANGE attributes
MAX_LSIS = 5
MAX_TAGS = 50
MAX_PROVISIONED_UNITS = 1_000_000_000_000
MAX_LIST_TABLES = 100            # ListTables' Limit, and its page without one
MAX_TOTAL_SEGMENTS = 1_000_000   # a parallel Scan
# What DescribeLimits reports (DynamoDB's default account quotas).
ACCOUNT_MAX_CAPACITY_UNITS = 80_000
TABLE_MAX_CAPACITY_UNITS = 40_000
MAX_NESTING_DEPTH = 32
MAX_EXPRESSION_LENGTH = 4096
MAX_EXPRESSION_DEPTH = 100       # nested parentheses, NOT and function calls
MAX_EXPRESSION_OPERATORS = 300
MAX_IN_OPERANDS = 100
# Our own guards (not DynamoDB limits): bound work on hostile input.
MAX_REQUEST_BYTES = 16 * 1024 * 1024
# The console's import upload (a table's export tar), read whole before it loads.
MAX_CONSOLE_UPLOAD_BYTES = 256 * 1024 * 1024
MAX_JSON_DEPTH = 256

# Vector indexes and SearchVectors.
MAX_VECTOR_INDEXES = 5            # per table
MAX_VECTOR_DIMENSIONS = 4096
MAX_TOP_K = 100
VECTOR_BYTES_FLOOR = 1024         # VectorWriteRequestBytes / VectorSearchRequestBytes
VECTOR_BYTES_PER_DIMENSION = 4    # a dimension is billed as a 32-bit float
# A resource-based policy document, whitespace included.
MAX_RESOURCE_POLICY_BYTES = 20480
# The warm throughput every new table and global index starts with, in either billing mode.
WARM_THROUGHPUT_DEFAULT = {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000}
# Backups and point-in-time recovery.
MAX_LIST_BACKUPS = 100           # ListBackups' Limit, and its page without one
MAX_LIST_EXPORTS = 25            # ListExports' MaxResults, and its page without one
MAX_LIST_IMPORTS = 25            # ListImports' PageSize, and its page without one
MIN_INCREMENTAL_EXPORT_SECONDS = 15 * 60          # an incremental export's shortest period
MAX_INCREMENTAL_EXPORT_SECONDS = 24 * 60 * 60     # and its longest
MIN_RECOVERY_PERIOD_DAYS = 1
MAX_RECOVERY_PERIOD_DAYS = 35    # also the period when none is given
SYSTEM_BACKUP_RETENTION_SECONDS = 35 * 24 * 60 * 60  # a deleted PITR table's backup
# Not DynamoDB's: the regions one database opens storage for. A client may
# sign for any region name, and each costs a SQLite database (a file beside
# `Database.open`'s).
MAX_REGIONS = 32
