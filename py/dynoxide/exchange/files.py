"""Export and import through the file system (the native host's side).

    export_to(db, "out/", tables=None)     out/<TableName>/ per table (see layout.py)
    export_to(db, "out.tar")               the same, as one tar
    import_from(db, "out/")                every export found under a directory
    import_from(db, "x.tar")               or in a tar (the browser's exportTable Blob)
    import_from(db, "items.json.gz", schema=...)   plain DynamoDB JSON lines

Everything streams: a data file is gzipped as its lines are read from the
table, and read line by line as it is decompressed. An export is written
under a temporary name and renamed into place once whole. An import stages
every table first and exposes them together (importer.commit), so a failure
in any file leaves every table as it was.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Callable, Iterator

from . import errors as e
from . import layout

if TYPE_CHECKING:  # the operations import this module, and importer imports the operations
    from .importer import TableImport

GZIP_LEVEL = 6  # zlib's default: level 9 took ~2x the time for ~3% less


# --- export --------------------------------------------------------------------------

def export_to(db, out: str, tables: list[str] | None = None) -> list[dict]:
    """Write each table (every table by default) as DynamoDB's export; returns
    per table {TableName, ItemCount, Path}."""
    names = list(tables) if tables else all_table_names(db)
    as_tar = out.endswith(".tar")
    if as_tar:
        if os.path.exists(out):
            raise FileExistsError(f"{out} exists already")
        root = tempfile.mkdtemp(prefix=".dynoxide-export-", dir=os.path.dirname(os.path.abspath(out)))
    else:
        os.makedirs(out, exist_ok=True)
        root = out
    results = []
    try:
        for name in names:
            results.append(_export_table(db, name, root))
        if as_tar:
            partial = out + ".partial"
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                for result in results:
                    _add_table(tar, os.path.join(root, result["TableName"]), result["TableName"])
            os.replace(partial, out)
            for result in results:
                result["Path"] = f"{out}:{result['TableName']}/"
    finally:
        if as_tar:
            shutil.rmtree(root, ignore_errors=True)
    return results


def _add_table(tar: tarfile.TarFile, directory: str, name: str) -> None:
    """One table's files, manifests and definition first: a reader of a
    stream (the browser's importTable) knows the table before its data."""
    for path in layout.ARCHIVE_ORDER:
        tar.add(os.path.join(directory, path), arcname=f"{name}/{path}", recursive=True)


def all_table_names(db) -> list[str]:
    names, start = [], None
    while True:
        page = db.execute("ListTables", {"ExclusiveStartTableName": start} if start else {})
        names += page["TableNames"]
        start = page.get("LastEvaluatedTableName")
        if not start:
            return names


def _export_table(db, name: str, root: str) -> dict:
    final = os.path.join(root, name)
    if os.path.exists(final) and os.listdir(final):
        raise FileExistsError(f"{final} exists already and is not empty")
    partial = tempfile.mkdtemp(prefix=f".{name}.", dir=root)
    try:
        export = db.begin_export(name)
        try:
            os.mkdir(os.path.join(partial, layout.DATA_DIR))
            md5 = write_data(export, os.path.join(partial, export.data_path))
            for path, text in export.finish(md5).items():
                with open(os.path.join(partial, path), "w", encoding="utf-8") as f:
                    f.write(text)
        finally:
            export.close()
        if os.path.exists(final):
            os.rmdir(final)
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return {"TableName": name, "ItemCount": export.items, "Path": final}


def write_data(export, path: str) -> bytes:
    """Gzip the export's item lines into `path` as they are read; the MD5 of the bytes written."""
    md5 = hashlib.md5()
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=_Hashing(raw, md5), mode="wb", compresslevel=GZIP_LEVEL, mtime=0) as gz:
            for text in export.chunks():
                gz.write(text.encode("utf-8"))
    return md5.digest()


class _Hashing(io.RawIOBase):
    """A write-through file that hashes what passes (the data file's MD5 for its manifest)."""

    def __init__(self, raw: IO[bytes], digest):
        self._raw, self._digest = raw, digest

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._digest.update(data)
        return self._raw.write(data)


# --- import --------------------------------------------------------------------------

@dataclass
class _Source:
    """One table's worth of input: its definition and its data files."""
    where: str
    summary: dict | None = None
    files: dict[str, dict] | None = None  # manifest-files.json's entries, for an export
    description: dict | None = None
    data: list[tuple[str, Callable[[], IO[bytes]]]] = field(default_factory=list)  # (name, open)

    @property
    def table_name(self) -> str | None:
        if isinstance(self.description, dict):
            table = self.description.get("Table", self.description)
            if isinstance(table, dict) and isinstance(table.get("TableName"), str):
                return table["TableName"]
        return layout.table_name_of(self.summary) if self.summary else None


def import_from(db, source: str, *, table: str | None = None, schema: dict | str | None = None) -> list[dict]:
    """Load an export (a directory or tar holding one or several tables) or a
    plain .json/.json.gz file of DynamoDB JSON lines. `table`: the table to
    load when the source holds several, or the name to load its one table
    under. `schema`: a table description (a dict or a JSON file's path) for
    a source that has none. All or nothing: on any failure no table changed."""
    if isinstance(schema, str):
        schema = _read_json_file(schema)
    with _sources(source) as sources:
        if not sources:
            raise e.invalid_export(e.NO_MANIFEST.format(source))
        if table is not None and len(sources) > 1:
            chosen = [s for s in sources if s.table_name == table]
            if not chosen:
                names = ", ".join(sorted(str(s.table_name) for s in sources))
                raise e.invalid_export(e.UNKNOWN_TABLE.format(table, names))
            sources = chosen
        if schema is not None:
            if len(sources) > 1:
                names = ", ".join(sorted(str(s.table_name) for s in sources))
                raise e.invalid_export(e.SEVERAL_TABLES.format(len(sources), names))
            sources[0].description = schema
        imports: list[TableImport] = []
        try:
            for src in sources:
                imp = db.begin_import(description=src.description, table_name=table or src.table_name,
                                      files=src.files)
                imports.append(imp)
                for name, opener in src.data:
                    _feed(imp, name, opener)
        except BaseException:
            for imp in imports:
                imp.abort()
            raise
        return db.commit_imports(imports)


def table_names(source: str) -> list[str]:
    """The names of the tables a source holds, as its descriptions or
    manifests give them (a plain data file names none)."""
    with _sources(source) as sources:
        return [s.table_name for s in sources if s.table_name]


def _feed(imp: TableImport, name: str, opener: Callable[[], IO[bytes]]) -> None:
    imp.begin_file(name)
    md5 = hashlib.md5()
    with opener() as raw:
        for line in lines(name, raw, md5):
            imp.add_line(line)
    imp.end_file(md5.digest())


def lines(name: str, raw: IO[bytes], md5, gzipped: bool | None = None) -> Iterator[str]:
    """A data file's lines, decompressed as they are read, its bytes hashed;
    damage is CorruptData naming the file. `gzipped`: whether to decompress
    (by default, when the name ends in .gz)."""
    hashed = _HashingReader(raw, md5)
    if gzipped is None:
        gzipped = name.endswith(".gz")
    stream: IO[bytes] = gzip.GzipFile(fileobj=hashed, mode="rb") if gzipped else hashed
    text = io.TextIOWrapper(io.BufferedReader(stream) if stream is hashed else stream, encoding="utf-8",
                            newline="\n")
    while True:
        try:
            line = text.readline()
        except EOFError:
            raise e.corrupt(name, e.TRUNCATED) from None
        except (OSError, zlib.error, UnicodeDecodeError) as err:
            raise e.corrupt(name, e.BAD_GZIP.format(err)) from None
        if not line:
            return
        yield line.rstrip("\r\n")


class _HashingReader(io.RawIOBase):
    def __init__(self, raw: IO[bytes], digest):
        self._raw, self._digest = raw, digest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        self._digest.update(data)
        buffer[:len(data)] = data
        return len(data)


def _read_json_file(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except ValueError as err:
        raise e.invalid_export(e.BAD_MANIFEST.format(path, err)) from None


class _sources:
    """The tables a source holds, as a context (a tar stays open while read)."""

    def __init__(self, source: str):
        self._source = source
        self._tar: tarfile.TarFile | None = None

    def __enter__(self) -> list[_Source]:
        source = self._source
        if os.path.isdir(source):
            return _directory_sources(source)
        if not os.path.exists(source):
            raise FileNotFoundError(f"{source} does not exist")
        if source.endswith(layout.DATA_SUFFIXES):
            return [_Source(where=source, data=[(os.path.basename(source), lambda: open(source, "rb"))])]
        try:
            self._tar = tarfile.open(source, "r:*")
        except tarfile.TarError:
            raise e.invalid_export(e.NO_MANIFEST.format(source)) from None
        return _tar_sources(source, self._tar)

    def __exit__(self, *_) -> None:
        if self._tar is not None:
            self._tar.close()


def _directory_sources(root: str) -> list[_Source]:
    found = []
    for directory, subdirs, names in sorted(os.walk(root)):
        subdirs.sort()
        if layout.SUMMARY in names:
            found.append(_export_source(directory, lambda name, d=directory: open(os.path.join(d, name), "rb"),
                                        set(names), _listing(os.path.join(directory, layout.DATA_DIR))))
    if found:
        return found
    plain = [n for n in sorted(os.listdir(root)) if n.endswith(layout.DATA_SUFFIXES)]
    if not plain:
        return []
    return [_Source(where=root, data=[(n, lambda n=n: open(os.path.join(root, n), "rb")) for n in plain])]


def _listing(directory: str) -> list[str]:
    return sorted(n for n in os.listdir(directory) if n.endswith(layout.DATA_SUFFIXES)) if os.path.isdir(directory) \
        else []


def _export_source(where: str, open_file: Callable[[str], IO[bytes]], names: set[str], data: list[str]) -> _Source:
    with open_file(layout.SUMMARY) as f:
        summary = layout.read_summary(f.read())
    if layout.FILES not in names:
        raise e.invalid_export(e.BAD_MANIFEST.format(layout.FILES, f"missing from {where}"))
    with open_file(layout.FILES) as f:
        files = layout.read_files(f.read())
    description = None
    for candidate in (layout.DESCRIPTION, layout.CREATION_PARAMETERS):
        if candidate in names:
            with open_file(candidate) as f:
                try:
                    description = json.loads(f.read())
                except ValueError as err:
                    raise e.invalid_export(e.BAD_MANIFEST.format(candidate, err)) from None
            break
    source = _Source(where=where, summary=summary, files=files, description=description)
    # Every listed file, whether or not it is there (a missing one fails the import).
    source.data = [(name, _opener(open_file, f"{layout.DATA_DIR}/{name}", name, data))
                   for name in sorted(set(files) | set(data))]
    return source


def _opener(open_file, path: str, name: str, present: list[str]):
    def open_data():
        if name not in present:
            raise e.corrupt(name, e.MISSING_FILE.format(name))
        return open_file(path)
    return open_data


def _tar_sources(source: str, tar: tarfile.TarFile) -> list[_Source]:
    members = {m.name.removeprefix("./"): m for m in tar.getmembers() if m.isfile()}
    bases = sorted(name[:-len(layout.SUMMARY)] for name in members
                   if name == layout.SUMMARY or name.endswith("/" + layout.SUMMARY))
    found = []
    for base in bases:
        inside = {name[len(base):] for name in members if name.startswith(base)}
        data = [n.split("/", 1)[1] for n in inside if n.startswith(layout.DATA_DIR + "/") and n.count("/") == 1
                and n.endswith(layout.DATA_SUFFIXES)]

        def open_file(name, base=base):
            return tar.extractfile(members[base + name])
        found.append(_export_source(f"{source}:{base}", open_file, {n for n in inside if "/" not in n}, sorted(data)))
    return found
