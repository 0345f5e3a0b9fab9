#!/usr/bin/env node
/**
 * Build step: the Python the worker runs, as bytecode: the engine and the
 * trimmed standard library, each a zip for dist/.
 *
 *   node js/build-python.mjs <engine wheel> <engine zip> <stdlib zip> [--max-gzip-bytes N] [--line-tables]
 *
 * The engine: every module of the wheel the browser imports (not
 * browser.NATIVE_ONLY's), compiled by Pyodide's own CPython at optimize=2
 * (the engine has no asserts and never reads a docstring) with line tables
 * dropped unless --line-tables: compiling the engine's source was ~0.7 s of
 * a cold boot under Node (1.2 s from source, 0.45 s from bytecode), and this
 * bytecode is only ~30 kB more over the wire than the wheel's source. The
 * cost: the worker's tracebacks name files and functions but no line numbers
 * (the same code natively gives full ones; `build-wasm.sh --dev` keeps them).
 *
 * The stdlib: Pyodide's python_stdlib.zip is 2.5 MB of source; the worker needs about 140
 * of its modules, and compiling their source on every cold boot is most of
 * CPython's start-up (measured under Node: 1.9 s from source, 0.6 s from
 * bytecode). So this boots Pyodide once under Node, imports the engine from
 * its wheel the way the worker does (every engine module, and every module
 * the engine names in an import statement), and keeps exactly the stdlib
 * modules that ended up loaded:
 *   - frozen modules (os, io, importlib._bootstrap, ...) are left out: the
 *     interpreter never reads their files;
 *   - the rest ship as bytecode compiled at optimize=2 (no docstrings, no
 *     asserts) with line tables dropped (stdlib frames show no line numbers);
 *   - with --max-gzip-bytes, modules ship as minified source instead (no
 *     docstrings or comments: about half the bytes of their bytecode, but
 *     compiled at boot) until the zip fits, those saving the most bytes per
 *     byte to compile first;
 *   - entries are stored uncompressed, so HTTP gzip compresses across files.
 * A module the engine imports lazily is covered by the import-statement scan;
 * anything else missing from the zip raises ModuleNotFoundError.
 */
import { loadPyodide } from "pyodide";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const lineTables = args.includes("--line-tables");
const limitAt = args.indexOf("--max-gzip-bytes");
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : 0;
const [wheelPath, enginePath, outPath] = args.filter((a, i) => !a.startsWith("--") && i !== limitAt + 1);
if (!wheelPath || !enginePath || !outPath || (limitAt >= 0 && !(limit > 0))) {
  console.error("usage: node js/build-python.mjs <engine wheel> <engine zip> <stdlib zip> [--max-gzip-bytes N] [--line-tables]");
  process.exit(2);
}
const pyodideDir = `${dirname(createRequire(import.meta.url).resolve("pyodide"))}/`;

const pyodide = await loadPyodide({ indexURL: pyodideDir });
pyodide.FS.mkdirTree("/build");
pyodide.FS.writeFile("/build/engine.whl", readFileSync(wheelPath));
pyodide.FS.writeFile("/build/stdlib.zip", readFileSync(`${pyodideDir}python_stdlib.zip`));
pyodide.globals.set("MAX_GZIP_BYTES", limit);
pyodide.globals.set("LINE_TABLES", lineTables);
pyodide.runPython(String.raw`
import ast, importlib, importlib.util, io, marshal, sys, zipfile, zlib

ENGINE = "/build/engine.whl"
# Codecs the engine names (str.encode/bytes.decode), beyond the one loaded at boot.
CODECS = ["ascii", "latin_1", "utf_8", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be"]
MOUNT = next(p for p in sys.path if p.endswith(".zip")) + "/"

sys.path.insert(0, ENGINE)
import dynoxide.browser
dynoxide.browser.preload()

def imported_names(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module

def module_name(path):
    return path[:-3].replace("/", ".").removesuffix(".__init__")

engine = zipfile.ZipFile(ENGINE)
for name in engine.namelist():
    if name.endswith(".py") and not module_name(name).startswith(dynoxide.browser.NATIVE_ONLY):
        for module in imported_names(engine.read(name)):
            if not module.startswith("dynoxide"):
                importlib.import_module(module)
for codec in CODECS:
    importlib.import_module("encodings." + codec)

loaded = sorted(
    module.__spec__.origin[len(MOUNT):]
    for module in list(sys.modules.values())
    if getattr(getattr(module, "__spec__", None), "origin", None)
    and module.__spec__.origin.startswith(MOUNT)
)

def without_line_tables(code):
    consts = tuple(without_line_tables(c) if isinstance(c, type(code)) else c for c in code.co_consts)
    return code.replace(co_consts=consts, co_linetable=b"")

def has_docstring(node):
    return (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str))

def minified(source):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if has_docstring(node):
            node.body = node.body[1:] or [ast.Pass()]
    return ast.unparse(tree).encode()

# Unchecked hash-based pyc header: there is no source to check against.
HEADER = importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little") + bytes(8)
def gzipped_size(data):
    return len(zlib.compress(data, 9))

# The engine, as the worker imports it (its zip goes on sys.path as is).
engine_out = io.BytesIO()
with zipfile.ZipFile(engine_out, "w", zipfile.ZIP_STORED) as bundle:
    for name in sorted(engine.namelist()):
        if name.endswith(".py") and not module_name(name).startswith(dynoxide.browser.NATIVE_ONLY):
            code = compile(engine.read(name), name, "exec", dont_inherit=True, optimize=2)
            bundle.writestr(name + "c", HEADER + marshal.dumps(code if LINE_TABLES else without_line_tables(code)))
engine_zip = engine_out.getvalue()
with open("/build/engine.zip", "wb") as f:
    f.write(engine_zip)
if MAX_GZIP_BYTES:
    MAX_GZIP_BYTES -= gzipped_size(engine_zip)

stdlib = zipfile.ZipFile("/build/stdlib.zip")
bytecode = {}
for path in loaded:
    code = compile(stdlib.read(path), MOUNT + path, "exec", dont_inherit=True, optimize=2)
    bytecode[path] = HEADER + marshal.dumps(without_line_tables(code))

def zipped(as_source):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as bundle:
        for path in loaded:
            if path in as_source:
                bundle.writestr(path, as_source[path])
            else:
                bundle.writestr(path + "c", bytecode[path])
    return out.getvalue()

# Rank modules by gzipped bytes saved per byte of source to compile, then
# ship the fewest of them as source that brings the zip within the limit.
ranked = []
if MAX_GZIP_BYTES:
    for path in loaded:
        source = minified(stdlib.read(path))
        saved = gzipped_size(bytecode[path]) - gzipped_size(source)
        if saved > 0:
            ranked.append((saved / max(len(source), 1), path, source))
    ranked.sort(reverse=True)
# gzip encoders differ by about 1% (this zlib against GNU gzip): keep 1.5% spare.
fits = lambda count: gzipped_size(zipped({p: s for _, p, s in ranked[:count]})) <= MAX_GZIP_BYTES * 0.985
low, high = 0, len(ranked)
if MAX_GZIP_BYTES and fits(0):
    high = 0
while low < high:
    middle = (low + high) // 2
    if fits(middle):
        high = middle
    else:
        low = middle + 1
as_source = {p: s for _, p, s in ranked[:high]}
archive = zipped(as_source)
with open("/build/out.zip", "wb") as f:
    f.write(archive)
print(f"engine: {sum(n.endswith('.pyc') for n in zipfile.ZipFile(io.BytesIO(engine_zip)).namelist())} modules as bytecode")
print(f"stdlib: {len(loaded)} of {sum(n.endswith('.py') for n in stdlib.namelist())} modules, "
      f"{len(as_source)} of them as source")
`);
writeFileSync(enginePath, pyodide.FS.readFile("/build/engine.zip"));
const zip = pyodide.FS.readFile("/build/out.zip");
writeFileSync(outPath, zip);
console.log(`stdlib: ${zip.length} bytes, ${gzipSync(zip, { level: 9 }).length} gzipped by Node's zlib`);
