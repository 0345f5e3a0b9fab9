"""Exports and imports in progress in the browser worker, by id.

The page drives them a chunk at a time (js/exchange.js, through the
worker's ops in js/worker/exchange.js): text crosses as strings, and
failures come back as "!" and DynamoDB's error body, as Session.subscribe's
do, so no exception crosses into JavaScript. Between chunks the worker
serves other requests; an export reads its snapshot, an import writes
scratch tables until its commit (see exporter.py, importer.py).
"""
from __future__ import annotations

import base64
import json
from itertools import count

from ..errors import DynamoError
from . import errors as e
from . import layout
from .exporter import TableExport
from .importer import TableImport

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _answer(fn):
    """Run `fn`; its result, or "!" and the error body of its DynamoError."""
    try:
        return fn()
    except DynamoError as err:
        return "!" + _dumps(err.to_body())


class Transfers:
    def __init__(self, db):
        self._db = db
        self._open: dict[str, TableExport | TableImport] = {}
        self._ids = count(1)

    def _get(self, kind, transfer_id: str):
        found = self._open.get(str(transfer_id))
        if not isinstance(found, kind):
            raise e.invalid_export(e.UNKNOWN_IMPORT.format(transfer_id))
        return found

    def _add(self, transfer) -> str:
        transfer_id = f"x{next(self._ids)}"
        self._open[transfer_id] = transfer
        return transfer_id

    # --- export -------------------------------------------------------------------
    def export_begin(self, table: str) -> str:
        def begin():
            export = self._db.begin_export(str(table))
            return _dumps({"id": self._add(export), "dataPath": export.data_path, "tableName": export.name})
        return _answer(begin)

    def export_chunk(self, transfer_id: str, max_chars: int) -> str:
        """The next lines of JSON; "" when all were read (a "!" error otherwise)."""
        return _answer(lambda: self._get(TableExport, transfer_id).chunk(int(max_chars)))

    def export_finish(self, transfer_id: str, md5_base64: str) -> str:
        def finish():
            export = self._get(TableExport, transfer_id)
            files = export.finish(base64.b64decode(md5_base64))
            self._open.pop(str(transfer_id), None)
            return _dumps({"files": files, "itemCount": export.items})
        return _answer(finish)

    # --- import -------------------------------------------------------------------
    def import_begin(self, options_json: str) -> str:
        """`options`: `entries`, the archive's small files by name (its
        manifests and table description, as text), `description` (a table
        description given by the page) and `tableName`, each optional."""
        def begin():
            options = json.loads(options_json)
            entries = options.get("entries") or {}
            summary, files = entries.get(layout.SUMMARY), entries.get(layout.FILES)
            if summary is not None:
                summary = layout.read_summary(summary)
                if files is None:
                    raise e.invalid_export(e.BAD_MANIFEST.format(layout.FILES, "missing from the archive"))
            description = options.get("description")
            for name in (layout.DESCRIPTION, layout.CREATION_PARAMETERS):
                if description is None and entries.get(name) is not None:
                    try:
                        description = json.loads(entries[name])
                    except ValueError as err:
                        raise e.invalid_export(e.BAD_MANIFEST.format(name, err)) from None
            name = options.get("tableName")
            if name is None and description is None and summary is not None:
                name = layout.table_name_of(summary)
            imp = self._db.begin_import(description=description, table_name=name,
                                        files=layout.read_files(files) if summary is not None else None)
            return _dumps({"id": self._add(imp), "tableName": imp.name, "creates": imp.creates})
        return _answer(begin)

    def import_file(self, transfer_id: str, name: str) -> str:
        return _answer(lambda: self._get(TableImport, transfer_id).begin_file(str(name)) or "")

    def import_text(self, transfer_id: str, text: str) -> str:
        """Whole lines of the current file; answers the items read so far."""
        def add():
            imp = self._get(TableImport, transfer_id)
            imp.add_text(text)
            return str(imp.items)
        return self._failing(transfer_id, add)

    def import_end_file(self, transfer_id: str, md5_base64) -> str:
        md5 = base64.b64decode(md5_base64) if isinstance(md5_base64, str) else None
        return self._failing(transfer_id, lambda: self._get(TableImport, transfer_id).end_file(md5) or "")

    def import_commit(self, transfer_id: str) -> str:
        def commit():
            imp = self._get(TableImport, transfer_id)
            self._open.pop(str(transfer_id), None)
            return _dumps(imp.commit())
        return self._failing(transfer_id, commit)

    def abort(self, transfer_id: str) -> str:
        """Drop an export's snapshot or an import's staged rows; idempotent."""
        transfer = self._open.pop(str(transfer_id), None)
        if isinstance(transfer, TableImport):
            transfer.abort()
        elif isinstance(transfer, TableExport):
            transfer.close()
        return ""

    def _failing(self, transfer_id: str, fn) -> str:
        """As _answer, but a failed import is aborted at once: nothing stays staged."""
        out = _answer(fn)
        if out.startswith("!"):
            self.abort(transfer_id)
        return out

    def close(self) -> None:
        for transfer_id in list(self._open):
            self.abort(transfer_id)
