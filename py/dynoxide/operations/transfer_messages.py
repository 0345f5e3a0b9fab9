"""The messages of the export and import APIs, each stated once.

The error types are DynamoDB's (botocore's service model). No recording of
DynamoDB pins these sentences down, so all are ours ("unverified"), except
where an existing message of the same meaning is reused (backup_messages).
Those that speak of the host (no --s3-root, the browser) are dynoxide's own.
"""

# The host
S3_ROOT_NOT_SET = ("{} needs a directory to stand for S3: start the server with `dynoxide serve --s3-root DIR` "
                   "(s3://bucket/prefix is then DIR/bucket/prefix), or pass s3_root= to Database")
NOT_IN_BROWSER = ("{} is not available in the browser host: it has no S3 directory to write to or read from; "
                  "use EngineClient's exportTable and importTable instead")

# Export (unverified)
INVALID_EXPORT_TIME = ("Export time is outside the point in time recovery window: ExportTime must be between "
                       "EarliestRestorableDateTime and LatestRestorableDateTime")
EXPORT_NOT_FOUND = "Export not found: {}"
EXPORT_CONFLICT = "A different export request was made with the same client token: {}"
FORMAT_NOT_SUPPORTED = "ExportFormat {} is not supported by dynoxide; use DYNAMODB_JSON"
INCREMENTAL_NEEDS_SPEC = "IncrementalExportSpecification is required when ExportType is INCREMENTAL_EXPORT"
INCREMENTAL_NEEDS_FROM = "IncrementalExportSpecification.ExportFromTime is required for an incremental export"
SPEC_ONLY_FOR_INCREMENTAL = "IncrementalExportSpecification is only valid when ExportType is INCREMENTAL_EXPORT"
EXPORT_TIME_NOT_INCREMENTAL = ("ExportTime is not valid with ExportType INCREMENTAL_EXPORT: "
                               "use IncrementalExportSpecification")
INCREMENTAL_PERIOD = ("The incremental export period (ExportFromTime to ExportToTime) must be at least {} minutes "
                      "and at most {} hours")
FILTER_NOT_SUPPORTED = "FilterSpecification is not supported by dynoxide; export the whole table"
BAD_TABLE_ARN = "Invalid TableArn: {}"

# Import (unverified)
IMPORT_NOT_FOUND = "Import not found: {}"
IMPORT_CONFLICT = "A different import request was made with the same client token: {}"
INPUT_FORMAT_NOT_SUPPORTED = "InputFormat {} is not supported by dynoxide; use DYNAMODB_JSON or CSV"
COMPRESSION_NOT_SUPPORTED = "InputCompressionType {} is not supported by dynoxide; use GZIP or NONE"
CSV_OPTIONS_ONLY_FOR_CSV = "InputFormatOptions.Csv is only valid when InputFormat is CSV"

# ListExports / ListImports
INVALID_NEXT_TOKEN = "Invalid NextToken: {}"

# FailureCode and FailureMessage of an export or import that failed after it was accepted
NO_SUCH_BUCKET = ("S3NoSuchBucket", "The specified bucket does not exist")
KEY_NOT_ALLOWED = ("S3InvalidKey", "The S3 key {} cannot be written under --s3-root (an empty, '.' or '..' segment)")
NO_OBJECTS = ("InvalidS3Source", "No object found under s3://{}/{}")
WRITE_FAILED = ("S3WriteFailed", "Writing the export failed: {}")
READ_FAILED = ("InvalidS3Source", "{}")  # the message is the reader's
