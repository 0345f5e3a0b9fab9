"""The messages of backups and point-in-time recovery, each stated once.

Those marked "unverified" are ours: no recording of DynamoDB pins their
wording down; the error types are DynamoDB's (botocore's service model).
"""

TABLE_NOT_FOUND = "Table not found: {}"
BACKUP_NOT_FOUND = "Backup not found: {}"
TABLE_ALREADY_EXISTS = "Table already exists: {}"
PITR_UNAVAILABLE = "Point in time recovery is not enabled for table '{}'"
INVALID_RESTORE_TIME = ("An invalid restore time was specified. RestoreDateTime must be between "
                        "EarliestRestorableDateTime and LatestRestorableDateTime.")
# unverified
BACKUP_BEING_CREATED = "Backup is being created: {}"
TABLE_BEING_BACKED_UP = "A backup of table {} is already being created"
SOURCE_TABLE_REQUIRED = "Either SourceTableName or SourceTableArn must be specified"
SOURCE_TABLE_TWICE = "Only one of SourceTableName or SourceTableArn may be specified"
RESTORE_TIME_REQUIRED = "Either RestoreDateTime or UseLatestRestorableTime must be specified"
RESTORE_TIME_TWICE = "Only one of RestoreDateTime or UseLatestRestorableTime may be specified"
INDEX_NOT_IN_SOURCE = "One or more parameter values were invalid: Index {} does not exist on the source table"
INDEX_OVERRIDE_MISMATCH = ("One or more parameter values were invalid: KeySchema and Projection of index {} "
                           "must match the source table's")
INDEX_OVERRIDE_TWICE = "One or more parameter values were invalid: Index {} is named more than once"
