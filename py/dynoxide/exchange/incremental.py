"""An incremental export: what changed in a table between two times, from its PITR log.

    exp = IncrementalExport(engine, "Notes", since, until, "NEW_AND_OLD_IMAGES")
    for text in exp.chunks(): ...    # the same interface as TableExport
    files = exp.finish(md5, ...)

One line per item written at or after ExportFromTime and before ExportToTime,
as DynamoDB writes an incremental export: `Metadata.WriteTimestampMicros`
(its last write in the period), `Keys`, `NewImage` (the item as of
ExportToTime; absent when it was deleted) and, for NEW_AND_OLD_IMAGES,
`OldImage` (the item as of ExportFromTime; absent when it was created). The
images come from the PITR log (storage/backups.py changes_between), the same
old images a restore reads; an item created and deleted inside the period
has neither image and is left out, as there is nothing to apply.

Everything is read in one query inside the caller's transaction (the export
API runs in one), so the lines are of one moment.
"""
from __future__ import annotations

import json

from ..storage.backups import changes_between, history_table
from . import layout

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
MICROS = 1_000_000


class IncrementalExport:
    def __init__(self, engine, table_name: str, since: float, until: float, view: str):
        schema = engine.schema(table_name, control_plane=True)
        self.engine = engine
        self.started = engine.clock()
        self.export_time = None
        self.since, self.until, self.view = since, until, view
        self.table_arn = engine.table_arn(schema.name)
        self.table_id = schema.table_id
        self.export = layout.export_id(self.started)
        self.data_name = layout.data_file_name()
        self.items = 0
        self.bytes = 0
        self._keys = schema.key_names()
        self._rows = engine.conn.query(changes_between(schema.sql_table, history_table(schema)), (since, until))

    @property
    def data_path(self) -> str:
        return f"{layout.DATA_DIR}/{self.data_name}"

    def chunks(self, max_lines: int = 1024):
        rows, self._rows = self._rows, []
        for start in range(0, len(rows), max_lines):
            lines = [self._line(*row) for row in rows[start:start + max_lines]]
            text = "".join(line for line in lines if line)
            if text:
                yield text

    def _line(self, pk, sk, last: float, old_text: str | None, new_text: str | None) -> str:
        if old_text is None and new_text is None:
            return ""
        old = json.loads(old_text) if old_text is not None else None
        new = json.loads(new_text) if new_text is not None else None
        either = new if new is not None else old
        record: dict = {"Metadata": {"WriteTimestampMicros": {"N": str(round(last * MICROS))}},
                        "Keys": {name: either[name] for name in self._keys}}
        if new is not None:
            record["NewImage"] = new
        if old is not None and self.view == "NEW_AND_OLD_IMAGES":
            record["OldImage"] = old
        self.items += 1
        self.bytes += len(new_text or old_text)
        return _dumps(record) + "\n"

    def finish(self, md5: bytes, *, bucket: str | None = None, s3_prefix: str | None = None,
               sse_algorithm: str | None = None, sse_key: str | None = None) -> dict[str, str]:
        self.ended = self.engine.clock()
        return {
            layout.SUMMARY: layout.summary(
                export=self.export, table_arn=self.table_arn, table_id=self.table_id, started=self.started,
                ended=self.ended, item_count=self.items, billed_bytes=self.bytes, bucket=bucket,
                s3_prefix=s3_prefix, sse_algorithm=sse_algorithm, sse_key=sse_key,
                incremental={"since": self.since, "until": self.until, "view": self.view}),
            layout.FILES: layout.files_line(export=self.export, name=self.data_name, item_count=self.items, md5=md5,
                                            s3_prefix=s3_prefix),
        }

    def close(self) -> None:
        self._rows = []
