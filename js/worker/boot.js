/**
 * Starting Python: Pyodide with the engine imported, from a memory snapshot
 * when one is at hand.
 *
 * The engine (its modules as bytecode, one zip: js/build-python.mjs) is
 * fetched by the worker itself and put on sys.path as is (no micropip, no
 * `loadPackage`, which resolves even when it failed);
 * importing dynoxide.browser then proves it loaded. Python starts from a
 * memory snapshot when one is at hand: the local OPFS copy, else one shipped
 * in dist/ (`build-wasm.sh --snapshot`), else cold (from the precompiled
 * stdlib), with the local copy made afterwards, off the boot's path.
 *
 * Warm boots restore a snapshot of the interpreter taken with the whole
 * engine imported: ~0.3 s instead of ~1.2 s of CPython start-up. It is one
 * OPFS file, named for the Pyodide version and the hash of the engine and
 * stdlib (a new build never restores an old engine), written and read with a
 * sync access handle. Layout: "DYNXSNAP", the byte length as a u64, then the
 * snapshot; the header is written last, so a torn write reads as "no
 * snapshot". A snapshot that fails to restore is deleted and the boot goes
 * cold.
 *
 * A first visit does not wait for it: making a snapshot means booting with
 * Pyodide's snapshot layout, importing every engine module and copying tens
 * of MB to OPFS, which doubled the first boot. The cold boot imports only what
 * the engine needs and answers; once this worker has been idle for a moment,
 * a second worker (this same script with `?snapshot=make`) boots its own
 * Pyodide, makes the snapshot and writes it, and is gone. A page closed
 * before then just boots cold again next time, and tries again.
 */
import { loadPyodide } from "pyodide";
import { WasmError } from "../contract.js";
import { WorkerError, within } from "./errors.js";
import { afterThisRequest } from "./rpc.js";

// Build-time constants (build-wasm.sh defines them; the fallbacks serve an
// unbundled development load).
const ENGINE = typeof __DYNOXIDE_ENGINE__ !== "undefined" ? __DYNOXIDE_ENGINE__ : "dynoxide.zip";
const SHIPPED_SNAPSHOT = typeof __DYNOXIDE_SNAPSHOT__ !== "undefined" ? __DYNOXIDE_SNAPSHOT__ : "";
const ENGINE_SHA = typeof __DYNOXIDE_ENGINE_SHA__ !== "undefined" ? __DYNOXIDE_ENGINE_SHA__ : "dev";
const PYODIDE_LOCK_INFO = typeof __PYODIDE_LOCK_INFO__ !== "undefined" ? __PYODIDE_LOCK_INFO__ : null;
const PYODIDE_VERSION = typeof __PYODIDE_VERSION__ !== "undefined" ? __PYODIDE_VERSION__ : "dev";

// The bundle is one file, dist/dynoxide-worker.js: its URL is the base of
// every dist/ asset, and carries the snapshot switch.
const BASE = new URL("./", import.meta.url).href;
// `dynoxide-worker.js?snapshot=off` boots cold every time and keeps no OPFS
// copy; `?snapshot=local` ignores the snapshot shipped in dist/ and makes the
// local one during the boot (the build uses it to make that snapshot);
// `?snapshot=make` is the background snapshot worker (see snapshotWhenIdle).
const SNAPSHOTS = new URL(import.meta.url).searchParams.get("snapshot") ?? "on";
const ENGINE_DIR = "/opt/dynoxide";
const ENGINE_PATH = `${ENGINE_DIR}/${ENGINE}`;
const BOOT_TIMEOUT_MS = 60_000;

const SNAPSHOT_DIR = [".engine-snapshots"];
const SNAPSHOT_FILE = `${PYODIDE_VERSION}-${ENGINE_SHA}.bin`;
const SNAPSHOT_MAGIC = new TextEncoder().encode("DYNXSNAP");

async function snapshotDirectory() {
  if (typeof navigator === "undefined" || !navigator.storage?.getDirectory) return null;
  let dir = await navigator.storage.getDirectory();
  for (const part of ["dynoxide", ...SNAPSHOT_DIR]) dir = await dir.getDirectoryHandle(part, { create: true });
  return dir;
}

async function readSnapshot(dir) {
  let sah;
  try {
    const file = await dir.getFileHandle(SNAPSHOT_FILE);
    sah = await file.createSyncAccessHandle();
    const header = new Uint8Array(16);
    if (sah.read(header, { at: 0 }) !== 16) return null;
    if (!SNAPSHOT_MAGIC.every((b, i) => header[i] === b)) return null;
    const length = Number(new DataView(header.buffer).getBigUint64(8, true));
    if (length <= 0 || length !== sah.getSize() - 16) return null;
    const bytes = new Uint8Array(length);
    return sah.read(bytes, { at: 16 }) === length ? bytes : null;
  } catch {
    return null; // none yet, or another worker is writing it: boot cold
  } finally {
    sah?.close();
  }
}

async function writeSnapshot(dir, bytes) {
  let sah;
  try {
    for await (const name of dir.keys()) {
      if (name !== SNAPSHOT_FILE) await dir.removeEntry(name).catch(() => {}); // an older build's
    }
    sah = await (await dir.getFileHandle(SNAPSHOT_FILE, { create: true })).createSyncAccessHandle();
    sah.truncate(0);
    sah.write(bytes, { at: 16 });
    sah.flush();
    const header = new Uint8Array(16);
    header.set(SNAPSHOT_MAGIC);
    new DataView(header.buffer).setBigUint64(8, BigInt(bytes.length), true);
    sah.write(header, { at: 0 });
    sah.flush();
  } catch (err) {
    console.warn("dynoxide: could not store the engine snapshot", err);
  } finally {
    sah?.close();
  }
}

async function dropSnapshot(dir) {
  await dir.removeEntry(SNAPSHOT_FILE).catch(() => {});
}

function pyodideOptions() {
  return {
    indexURL: BASE,
    packageBaseUrl: BASE,
    // The engine needs no package from the lock file; an empty one spares a
    // fetch and makes sure nothing is ever looked up on a CDN.
    ...(PYODIDE_LOCK_INFO ? { lockFileContents: { info: PYODIDE_LOCK_INFO, packages: {} } } : {}),
    stdout: (line) => console.log(line),
    stderr: (line) => console.warn(line),
  };
}

// A snapshot shipped in dist/ (made by build-wasm.sh) spares even the first
// boot CPython's start-up; it is gzipped, and copied to OPFS once restored.
async function fetchShippedSnapshot() {
  if (!SHIPPED_SNAPSHOT || typeof DecompressionStream === "undefined") return null;
  try {
    const response = await fetch(new URL(SHIPPED_SNAPSHOT, BASE));
    if (!response.ok || !response.body) return null;
    const inflated = response.body.pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(inflated).arrayBuffer());
  } catch {
    return null;
  }
}

function fetchEngine() {
  const engineBytes = fetch(new URL(ENGINE, BASE)).then(async (response) => {
    if (!response.ok) throw new Error(`engine ${ENGINE}: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  engineBytes.catch(() => {}); // awaited by startEngine; this only defers the report
  return engineBytes;
}

// The engine is imported straight from its zip (zipimport). The file system
// is not part of a snapshot, so the zip is written on every boot; a module
// imported lazily is then always found.
async function startEngine(pyodide, engineBytes) {
  pyodide.FS.mkdirTree(ENGINE_DIR);
  pyodide.FS.writeFile(ENGINE_PATH, new Uint8Array(await engineBytes));
  pyodide.runPython(`import sys\nif ${JSON.stringify(ENGINE_PATH)} not in sys.path: sys.path.insert(0, ${JSON.stringify(ENGINE_PATH)})`);
  return pyodide.pyimport("dynoxide.browser");
}

// Boot a Pyodide laid out for snapshots, import the whole engine, and write
// its snapshot to `dir`. Taken before any JS object is handed to Python, as
// snapshots require.
async function makeSnapshot(dir, engineBytes) {
  const pyodide = await loadPyodide({ ...pyodideOptions(), _makeSnapshot: true });
  const browser = await startEngine(pyodide, engineBytes);
  browser.preload();
  await writeSnapshot(dir, pyodide.makeMemorySnapshot());
  return { pyodide, browser };
}

async function bootPython(timings) {
  const t0 = performance.now();
  const engineBytes = fetchEngine();
  // A restored interpreter must prove itself (import, describe) before it is
  // used; any failure means booting from the next source instead.
  const fromSnapshot = async (bytes) => {
    try {
      const pyodide = await loadPyodide({ ...pyodideOptions(), _loadSnapshot: bytes });
      const browser = await startEngine(pyodide, engineBytes);
      browser.after_restore();
      return { pyodide, browser, describe: JSON.parse(browser.describe()) };
    } catch (err) {
      console.warn("dynoxide: engine snapshot did not restore; booting without it", err);
      return null;
    }
  };

  const dir = SNAPSHOTS !== "off" ? await snapshotDirectory().catch(() => null) : null;
  let engine = null;
  const local = dir ? await readSnapshot(dir) : null;
  if (local) {
    engine = await fromSnapshot(local);
    if (engine) timings.snapshot = "restored";
    else await dropSnapshot(dir);
  }
  if (!engine && SNAPSHOTS === "on") {
    const shipped = await fetchShippedSnapshot();
    if (shipped) {
      engine = await fromSnapshot(shipped);
      if (engine) {
        timings.snapshot = "shipped";
        // Keep a local copy for the next boot, once this request is answered.
        if (dir) afterThisRequest(() => writeSnapshot(dir, shipped));
      }
    }
  }
  if (!engine && dir && SNAPSHOTS === "local") {
    // The build's own boot (js/build-snapshot.mjs): the snapshot is the point.
    const { pyodide, browser } = await makeSnapshot(dir, engineBytes);
    engine = { pyodide, browser, describe: JSON.parse(browser.describe()) };
    timings.snapshot = "made";
  }
  if (!engine) {
    const pyodide = await loadPyodide(pyodideOptions());
    const browser = await startEngine(pyodide, engineBytes);
    engine = { pyodide, browser, describe: JSON.parse(browser.describe()) };
    timings.snapshot = dir ? "background" : "none";
    if (dir) snapshotWhenIdle();
  }
  timings.pythonMs = performance.now() - t0;
  return engine;
}

// --- the snapshot, made off the boot's path ---------------------------------

// How long this worker must have had no message before the snapshot worker
// starts: it would otherwise compete with the page's first requests.
const IDLE_MS = 300;
const SNAPSHOT_WORKER_TIMEOUT_MS = 120_000;
let snapshotScheduled = false;

function snapshotWhenIdle() {
  if (snapshotScheduled || typeof Worker === "undefined") return; // no nested workers: next boot tries again
  snapshotScheduled = true;
  let timer = null;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(start, IDLE_MS);
  };
  const start = () => {
    self.removeEventListener("message", arm);
    const url = new URL(import.meta.url);
    url.searchParams.set("snapshot", "make");
    let maker;
    try {
      maker = new Worker(url, { type: "module", name: "dynoxide-snapshot" });
    } catch (err) {
      console.warn("dynoxide: could not start the snapshot worker", err);
      return;
    }
    const done = setTimeout(() => maker.terminate(), SNAPSHOT_WORKER_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(done);
      maker.terminate();
    };
    maker.onmessage = ({ data }) => {
      if (!data?.ok) console.warn("dynoxide: the engine snapshot was not made:", data?.error);
      finish();
    };
    maker.onerror = (event) => {
      event.preventDefault?.();
      console.warn("dynoxide: the snapshot worker failed:", event.message);
      finish();
    };
  };
  self.addEventListener("message", arm);
  arm();
}

/** This worker was started to make the engine snapshot, not to serve a page. */
export const IS_SNAPSHOT_MAKER = SNAPSHOTS === "make";

/**
 * The snapshot worker's one job: make the snapshot unless one is already
 * there (another tab's), then say so to the worker that started it.
 */
export async function makeSnapshotAndReport() {
  try {
    const dir = await snapshotDirectory();
    if (!dir) throw new Error("no OPFS here");
    if (!(await readSnapshot(dir))) await makeSnapshot(dir, fetchEngine());
    self.postMessage({ ok: true });
  } catch (err) {
    self.postMessage({ ok: false, error: String(err?.message ?? err) });
  }
}

let pythonPromise = null;

/**
 * The running engine, `{ pyodide, browser, describe }` (`browser` is the
 * dynoxide.browser module, `describe` its facts), started on first use; a
 * failed start is retried by the next call. `timings` gets the boot figures.
 */
export function python(timings = {}) {
  if (!pythonPromise) {
    pythonPromise = within(BOOT_TIMEOUT_MS, bootPython(timings), "starting Python").catch((err) => {
      pythonPromise = null;
      throw new WorkerError(WasmError.EngineLoadFailed, `the Python engine failed to load: ${err?.message ?? err}`);
    });
  }
  return pythonPromise;
}
