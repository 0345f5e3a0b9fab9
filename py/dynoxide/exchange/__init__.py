"""Export and import in DynamoDB's own formats, for both hosts.

- layout.py: the files of DynamoDB's export to S3 (DYNAMODB_JSON) and their manifests;
- description.py: a table's definition in an export, and back to CreateTable;
- lines.py: one `{"Item": ...}` per line;
- exporter.py / importer.py: one table out or in, streamed in chunks, one
  point in time out, all or nothing in;
- files.py: the native host's directories, tars and gzip files (the browser
  does its gzip and tar in JavaScript: js/exchange.js);
- api.py: the same for any executor, an endpoint included (through the
  DynamoDB API and a scratch in-memory database);
- buckets.py, s3.py: S3 buckets as directories (`serve --s3-root`), where
  the ExportTableToPointInTime and ImportTable operations write and read;
- incremental.py: an incremental export, from the PITR log;
- database.py: checking a whole SQLite file before it replaces a database;
- errors.py: the failures and their messages.
"""
