"""The operation registry: DynamoDB operation name -> implementation.

Each implementation is `fn(engine, request) -> response`, called after the
request passed validation; those in `USES_CHECKED` also take what validation
measured (`validation.Checked`) as a third argument. An item returned exactly
as stored is `raw.RawJSON` text; the engine converts it for callers that want
dicts (see `Engine.execute`).
"""
import importlib

from . import (backups, batch, endpoint, items, policies, reads, recovery, streams, tables, tags, transactions,
               ttl, vectors)


def _on_first_use(module: str, name: str):
    """An operation whose module is imported when it is first called: PartiQL's
    parser and syntax tree cost `dynoxide serve` tens of milliseconds at start,
    and the export and import APIs build on dynoxide.exchange, which imports
    this package (so importing them here would be a cycle)."""
    def operation(engine, request: dict) -> dict:
        return getattr(importlib.import_module(module, __name__), name)(engine, request)
    operation.__name__ = name
    return operation


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
    "SearchVectors": vectors.search_vectors,
    "BatchGetItem": batch.batch_get_item,
    "BatchWriteItem": batch.batch_write_item,
    "TransactWriteItems": transactions.transact_write_items,
    "TransactGetItems": transactions.transact_get_items,
    "ExecuteStatement": _on_first_use(".partiql", "execute_statement"),
    "BatchExecuteStatement": _on_first_use(".partiql", "batch_execute_statement"),
    "ExecuteTransaction": _on_first_use(".partiql", "execute_transaction"),
    "TagResource": tags.tag_resource,
    "UntagResource": tags.untag_resource,
    "ListTagsOfResource": tags.list_tags_of_resource,
    "PutResourcePolicy": policies.put_resource_policy,
    "GetResourcePolicy": policies.get_resource_policy,
    "DeleteResourcePolicy": policies.delete_resource_policy,
    "UpdateTimeToLive": ttl.update_time_to_live,
    "DescribeTimeToLive": ttl.describe_time_to_live,
    "ListStreams": streams.list_streams,
    "DescribeStream": streams.describe_stream,
    "GetShardIterator": streams.get_shard_iterator,
    "GetRecords": streams.get_records,
    "DescribeEndpoints": endpoint.describe_endpoints,
    "DescribeLimits": endpoint.describe_limits,
    "CreateBackup": backups.create_backup,
    "DescribeBackup": backups.describe_backup,
    "ListBackups": backups.list_backups,
    "DeleteBackup": backups.delete_backup,
    "RestoreTableFromBackup": backups.restore_table_from_backup,
    "UpdateContinuousBackups": recovery.update_continuous_backups,
    "DescribeContinuousBackups": recovery.describe_continuous_backups,
    "RestoreTableToPointInTime": recovery.restore_table_to_point_in_time,
    "ExportTableToPointInTime": _on_first_use(".exports", "export_table_to_point_in_time"),
    "DescribeExport": _on_first_use(".exports", "describe_export"),
    "ListExports": _on_first_use(".exports", "list_exports"),
    "ImportTable": _on_first_use(".imports", "import_table"),
    "DescribeImport": _on_first_use(".imports", "describe_import"),
    "ListImports": _on_first_use(".imports", "list_imports"),
}

# The operations that need an S3 directory (see exchange/buckets.py).
S3_OPERATIONS = frozenset({"ExportTableToPointInTime", "DescribeExport", "ListExports", "ImportTable",
                           "DescribeImport", "ListImports"})

# Operations that reuse the item sizes validation measured.
USES_CHECKED = frozenset({"PutItem", "BatchWriteItem"})
