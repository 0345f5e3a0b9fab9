"""The operation registry: DynamoDB operation name -> implementation.

Each implementation is `fn(engine, request) -> response`, called after the
request passed validation.
"""
from . import batch, items, misc, partiql, reads, tables, transactions

OPERATIONS = {
    "CreateTable": tables.create_table,
    "DescribeTable": tables.describe_table,
    "ListTables": tables.list_tables,
    "DeleteTable": tables.delete_table,
    "UpdateTable": tables.update_table,
    "PutItem": items.put_item,
    "GetItem": items.get_item,
    "UpdateItem": items.update_item,
    "DeleteItem": items.delete_item,
    "Query": reads.query,
    "Scan": reads.scan,
    "BatchGetItem": batch.batch_get_item,
    "BatchWriteItem": batch.batch_write_item,
    "TransactWriteItems": transactions.transact_write_items,
    "TransactGetItems": transactions.transact_get_items,
    "ExecuteStatement": partiql.execute_statement,
    "BatchExecuteStatement": partiql.batch_execute_statement,
    "ExecuteTransaction": partiql.execute_transaction,
    "TagResource": misc.tag_resource,
    "UntagResource": misc.untag_resource,
    "ListTagsOfResource": misc.list_tags_of_resource,
    "UpdateTimeToLive": misc.update_time_to_live,
    "DescribeTimeToLive": misc.describe_time_to_live,
    "DescribeEndpoints": misc.describe_endpoints,
    "DescribeLimits": misc.describe_limits,
}
