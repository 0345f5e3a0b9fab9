"""DynamoDB Streams: change records written in each write's own transaction,
read through the DynamoDBStreams_20120810 API (operations/streams.py).

- `records`: what one change record holds, per view type (pure).
- `iterators`: shard iterators as opaque, expiring tokens (pure).
- `store`: the SQL of the stream catalog and the record log.
"""
