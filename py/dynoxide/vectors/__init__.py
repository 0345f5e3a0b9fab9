"""Vector indexes and SearchVectors.

A vector index reads one attribute holding a List of Numbers of a fixed
length. Each item in the index has one row in the index's own SQLite table,
written in the same transaction as the item (storage/tables.py calls
`store.statements` from put_statements and delete_statements, so every
write path, TTL expiry included, keeps it in step). The row holds the
vector packed as little-endian float32 (4 bytes a dimension) with its norm,
the search schema's values, and the projected entry as JSON; a search reads
the packed vectors, scores them all (exact, brute force), and decodes the
entries of the TopK rows alone.

- values.py: float32 conversion of DynamoDB numbers, packing, the text of a float32;
- entries.py: what an item contributes to an index (and the write-time checks);
- store.py: the SQL and the statements;
- score.py: the distance functions;
- rules.py: CreateTable/UpdateTable request rules;
- messages.py: DynamoDB's words.
The operations (SearchVectors, index creation and deletion) are in
operations/vectors.py.
"""
