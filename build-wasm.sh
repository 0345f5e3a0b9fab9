#!/usr/bin/env bash
#
# Build the browser engine into a self-contained dist/ that works from plain
# static hosting: no CDN, no network at run time, no COOP/COEP headers.
#
#   dist/dynoxide-worker.js   the module Worker (esbuild bundle of js/dynoxide-worker.js:
#                             js/worker/*, the bridge, sqlite-wasm's JS, Pyodide's loader)
#   dist/sqlite3.wasm         SQLite (@sqlite.org/sqlite-wasm)
#   dist/pyodide.asm.mjs      the Pyodide runtime, unbundled as Pyodide expects
#   dist/pyodide.asm.wasm
#   dist/python_stdlib.zip    the stdlib modules the engine loads, as bytecode
#   dist/dynoxide-*.zip       the engine, as bytecode (both by js/build-python.mjs,
#                             from the engine's pure-Python py3-none-any wheel)
#   dist/engine-*.snapshot.gz with --snapshot only: the engine's Pyodide
#                             memory snapshot (see 4b)
#   dist/manifest.json        versions, and every file with its size and sha256
#
# pyodide-lock.json is not shipped: the engine needs no Pyodide package, so the
# worker carries the lock's `info` block (baked in below) and an empty package
# list, which also guarantees nothing is ever fetched from a CDN.
#
# Usage: ./build-wasm.sh [--dev] [--snapshot] [--engine-ref REF]
#   --dev             readable, unminified bundle; engine bytecode with line numbers
#   --snapshot        also ship the engine snapshot (+6 MB gzipped: first
#                     visits skip CPython's start-up; without it the first
#                     boot makes the snapshot and keeps it in OPFS)
#   --engine-ref REF  build the engine wheel from a git commit instead of the
#                     work tree (e.g. HEAD, while the work tree is mid-edit)
set -euo pipefail
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"

minify="--minify"
line_tables=""
engine_ref=""
with_snapshot=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dev) minify="--minify-syntax"; line_tables="--line-tables" ;;
    --engine-ref) engine_ref="$2"; shift ;;
    --snapshot) with_snapshot=1 ;;
    --no-snapshot) with_snapshot=0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

if [ ! -d node_modules/pyodide ] || [ ! -d node_modules/@sqlite.org/sqlite-wasm ] || [ ! -d node_modules/esbuild ]; then
  npm ci --no-audit --no-fund
fi

PYODIDE=node_modules/pyodide
SQLITE=node_modules/@sqlite.org/sqlite-wasm/dist

# 1. The engine wheel, built from a copy of the sources so a concurrent edit
#    or a stale build/ directory never leaks into it.
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
if [ -n "$engine_ref" ]; then
  git archive "$engine_ref" pyproject.toml py/dynoxide | tar xf - -C "$stage"
  # The browser host's own modules always come from the work tree.
  cp py/dynoxide/browser.py "$stage/py/dynoxide/"
  cp py/dynoxide/storage/bridge.py "$stage/py/dynoxide/storage/"
else
  cp pyproject.toml "$stage/"
  mkdir -p "$stage/py"
  (cd py && find dynoxide -name '*.py' -print0 | xargs -0 tar cf - | (cd "$stage/py" && tar xf -))
fi
: > "$stage/README.md"
"$PY" -m pip wheel --quiet --no-deps --no-build-isolation -w "$stage/wheel" "$stage" 2>/dev/null \
  || "$PY" -m pip wheel --quiet --no-deps -w "$stage/wheel" "$stage"
wheel_path="$(ls "$stage"/wheel/dynoxide-*-py3-none-any.whl)"
wheel="$(basename "$wheel_path")"
engine_zip="${wheel%-py3-none-any.whl}.zip" # what dist/ ships: the wheel's modules as bytecode (step 5)

# 2. The browser path must not need the stdlib sqlite3 (SQLite is sqlite-wasm,
#    reached through the bridge): import the wheel's dynoxide.browser with
#    sqlite3 made unimportable.
if ! "$PY" - "$wheel_path" 2>/dev/null <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
sys.modules["sqlite3"] = None
sys.modules["_sqlite3"] = None
import dynoxide.browser  # noqa: F401
PY
then
  echo "warning: importing dynoxide.browser imports the stdlib sqlite3 (it works in Pyodide, but the browser path should not need it)" >&2
fi

# 3. The runtime files.
rm -rf dist
mkdir -p dist
cp "$SQLITE/sqlite3.wasm" dist/
cp "$PYODIDE/pyodide.asm.wasm" dist/
# Pyodide's runtime JS, minified once more (its whitespace and local names):
# 18 kB less over the wire, nothing renamed that other code looks up.
npx esbuild "$PYODIDE/pyodide.asm.mjs" --minify --format=esm --platform=neutral \
  --log-level=warning --outfile=dist/pyodide.asm.mjs

# 4. The worker bundle. Pyodide's loader imports node: builtins only under
#    Node, behind a runtime check, so they stay external.
lock_info="$(node -e 'process.stdout.write(JSON.stringify(require("./'"$PYODIDE"'/pyodide-lock.json").info))')"
pyodide_version="$(node -p 'require("./'"$PYODIDE"'/package.json").version')"
engine_sha="0000000000000000" # set in step 5; the bundle's size does not depend on it
bundle() { # $1: the shipped snapshot's file name, or "" for none
  npx esbuild js/dynoxide-worker.js \
    --bundle --format=esm --platform=browser --target=es2022 \
    "$minify" \
    --external:node:* --external:ws \
    "--define:__DYNOXIDE_ENGINE__=\"$engine_zip\"" \
    "--define:__DYNOXIDE_ENGINE_SHA__=\"$engine_sha\"" \
    "--define:__DYNOXIDE_SNAPSHOT__=\"$1\"" \
    "--define:__PYODIDE_LOCK_INFO__=$lock_info" \
    "--define:__PYODIDE_VERSION__=\"$pyodide_version\"" \
    --log-level=warning \
    --outfile=dist/dynoxide-worker.js
}
bundle ""
# Bytes over the wire, measured with GNU gzip -9 (Node's zlib gives ~1% more).
gzipped_total() { local n=0 f; for f in dist/*; do n=$((n + $(gzip -9 -c "$f" | wc -c))); done; echo "$n"; }

# 5. The engine and the standard library it runs on, precompiled (the stdlib
#    trimmed to the modules the engine loads), within what DIST_BUDGET (bytes
#    over the wire, gzipped) the other files leave; 2 kB stay spare for the
#    manifest. js/build-python.mjs says why and how.
budget="${DIST_BUDGET:-5000000}"
node js/build-python.mjs "$wheel_path" "dist/$engine_zip" dist/python_stdlib.zip $line_tables \
  --max-gzip-bytes "$((budget - $(gzipped_total) - 2000))"
# The engine's identity: its bytecode and the stdlib it was imported with. It
# names snapshots, so a new build never restores an old interpreter.
engine_sha="$(cat "dist/$engine_zip" dist/python_stdlib.zip | sha256sum | cut -c1-16)"
snapshot="engine-$pyodide_version-$engine_sha.snapshot.gz"

# 6. The bundle again, with the engine's identity. With --snapshot, also the
#    engine snapshot (needs Chromium): the worker boots once, and the snapshot
#    it makes ships gzipped, so even a first visit restores it instead of starting CPython. Without it, a first boot starts
#    CPython (from the precompiled stdlib) and keeps its own snapshot in OPFS.
if [ "$with_snapshot" = 1 ]; then
  bundle "$snapshot"
  if ! node js/build-snapshot.mjs "$snapshot"; then
    echo "warning: shipping without an engine snapshot (first boots start CPython)" >&2
    bundle ""
  fi
else
  bundle ""
fi

# 7. The manifest.
node - "$engine_zip" <<'JS'
const fs = require("fs");
const crypto = require("crypto");
const engine = process.argv[2];
const pyproject = fs.readFileSync("pyproject.toml", "utf8");
const engineVersion = /^version\s*=\s*"([^"]+)"/m.exec(pyproject)[1];
const contractVersion = Number(/export const CONTRACT_VERSION = (\d+)/.exec(fs.readFileSync("js/contract.js", "utf8"))[1]);
const pkg = (name) => JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
const files = fs.readdirSync("dist").filter((f) => f !== "manifest.json").sort().map((name) => {
  const bytes = fs.readFileSync(`dist/${name}`);
  return { name, size: bytes.length, sha256: crypto.createHash("sha256").update(bytes).digest("hex") };
});
const manifest = {
  engineVersion,
  contractVersion,
  engine,
  pyodide: pkg("pyodide"),
  sqliteWasm: pkg("@sqlite.org/sqlite-wasm"),
  worker: "dynoxide-worker.js",
  files,
};
fs.writeFileSync("dist/manifest.json", JSON.stringify(manifest, null, 2) + "\n");
JS

total="$(gzipped_total)"
echo "dist/ ready ($total bytes gzipped, budget $budget):"
[ "$total" -le "$budget" ] || echo "warning: dist/ is $total bytes gzipped, over the budget of $budget" >&2
for f in dist/*; do
  printf '  %-36s %10d bytes\n' "$(basename "$f")" "$(wc -c < "$f")"
done
