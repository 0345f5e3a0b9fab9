"""Reading a table out as DynamoDB's export: its items as JSON lines, then its manifests.

    exp = TableExport(engine, "Notes")      # one point in time
    for text in exp.chunks(): ...           # gzip it into data/<exp.data_name>
    files = exp.finish(md5)                 # manifest and description texts by file name

The items are read from a copy of the table taken in one statement (a
scratch table, see scratch.py), so the export is one point in time although
it is read in many steps, between which other requests may run (the
browser's worker serves them between chunks). Stored items are DynamoDB JSON
already: a line is the stored text inside `{"Item": ...}`, never parsed.
"""
from __future__ import annotations

import json
from contextlib import nullcontext
from typing import ContextManager, Iterator

from ..storage import sql
from ..storage.backups import history_table, snapshot_at
from . import description, layout, scratch
from .lines import item_line

# Rows read per query, and the text a chunk gathers before it is handed on.
_ROWS = 256
CHUNK_BYTES = 1 << 20


class TableExport:
    def __init__(self, engine, table_name: str, *, lock: ContextManager | None = None, at: float | None = None):
        """`at`: the moment to export, from the table's PITR log (the caller
        checked it is inside the window); now when None."""
        self.engine = engine
        self._lock = lock or nullcontext()
        with self._lock:
            schema = engine.schema(table_name, control_plane=True)
            self.started = engine.clock()
            self.export_time = self.started if at is None else at
            scratch.drop_stale(engine, self.started)
            self._copy = scratch.new_name("export", self.started)
            if at is None:
                engine.conn.write([(sql.snapshot(schema.sql_table, self._copy), ())])
            else:
                copy = snapshot_at(self._copy, schema.sql_table, history_table(schema))
                engine.conn.write([(copy, (at, at))])
            self.description = description.describe(engine, schema)
        self.name = schema.name
        self.table_arn = engine.table_arn(schema.name)
        self.table_id = schema.table_id
        self.export = layout.export_id(self.started)
        self.data_name = layout.data_file_name()
        self.items = 0
        self.bytes = 0
        self._after = 0
        self._done = False

    def chunk(self, max_chars: int = CHUNK_BYTES) -> str:
        """The next items' lines (about `max_chars` of text); "" once all are read."""
        out: list[str] = []
        length = 0
        while not self._done and length < max_chars:
            with self._lock:
                rows = self.engine.conn.query(sql.select_snapshot(self._copy), (self._after, _ROWS))
            for rowid, text, size in rows:
                line = item_line(text)
                out.append(line)
                length += len(line)
                self.bytes += size
            self.items += len(rows)
            if rows:
                self._after = rows[-1][0]
            if len(rows) < _ROWS:
                self._done = True
                self.close()
        return "".join(out)

    def chunks(self, max_chars: int = CHUNK_BYTES) -> Iterator[str]:
        while True:
            text = self.chunk(max_chars)
            if not text:
                return
            yield text

    def finish(self, md5: bytes, *, bucket: str | None = None, s3_prefix: str | None = None,
               sse_algorithm: str | None = None, sse_key: str | None = None) -> dict[str, str]:
        """Every file of the export but the data file, by its path in the export;
        `md5`: the digest of the data file's (gzip) bytes. `bucket` and the
        rest: where ExportTableToPointInTime writes it (the manifests name it)."""
        self.close()
        self.ended = self.engine.clock()
        doc = self.description
        return {
            layout.SUMMARY: layout.summary(
                export=self.export, table_arn=self.table_arn, table_id=self.table_id, started=self.started,
                ended=self.ended, item_count=self.items, billed_bytes=self.bytes, export_time=self.export_time,
                bucket=bucket, s3_prefix=s3_prefix, sse_algorithm=sse_algorithm, sse_key=sse_key),
            layout.FILES: layout.files_line(export=self.export, name=self.data_name, item_count=self.items, md5=md5,
                                            s3_prefix=s3_prefix),
            layout.DESCRIPTION: json.dumps(doc, indent=2, ensure_ascii=False) + "\n",
            layout.CREATION_PARAMETERS: json.dumps(description.creation_parameters(doc), indent=2,
                                                   ensure_ascii=False) + "\n",
        }

    @property
    def data_path(self) -> str:
        return f"{layout.DATA_DIR}/{self.data_name}"

    def close(self) -> None:
        """Drop the snapshot (idempotent); an export abandoned early calls it."""
        copy, self._copy = self._copy, None
        if copy is not None:
            with self._lock:
                scratch.drop(self.engine, [copy])
