/**
 * dynoxide Web Worker: the Python engine in Pyodide over sqlite-wasm on OPFS.
 *
 * It runs in a module Worker because the SAHPool VFS needs OPFS sync access
 * handles, which browsers only give workers. The page talks to it over a
 * coarse RPC, one message per request:
 *
 *   in:  { id, op, payload, contractVersion? }
 *   out: { id, ok: true, result } | { id, ok: false, error }
 *
 * `result` and `error` are JSON strings; an error is `{"__type", "message"}`,
 * the same envelope the engine's DynamoDB errors use, so a client parses
 * every failure one way. Ops:
 *
 * | op             | payload                 | result                                         |
 * |----------------|-------------------------|------------------------------------------------|
 * | `open`         | `{ name, ephemeral? }`  | `{ contractVersion, engineVersion, capabilities, persistenceMode, name, timings }` |
 * | `execute`      | `{ op, request? }` or `{ op, requestJson }` | the DynamoDB response      |
 * | `dispatchHttp` | `{ target, body, contentType? }` | `{ status, headers, body }` (wire layer) |
 * | `capabilities` | none                    | `{ contractVersion, engineVersion, capabilities }` |
 * | `close`        | none                    | `{ closed: true }`                             |
 *
 * `open` may be sent again to re-open the same name or switch to another: the
 * new database is acquired first and only then is the old one closed, so a
 * failed re-open leaves the previous database open (a same-name re-open must
 * release first, since the pool is exclusive). Requests are served one at a
 * time in arrival order (an execute with nothing queued ahead of it is served
 * in its own message event); every failure, the worker's own included, comes
 * back as an envelope, never as a missing reply: a stalled boot step times out.
 *
 * Boot order is fixed: SQLite and the first database's SAHPool VFS are set up
 * before Pyodide loads, never in parallel (a parallel VFS install hung boots
 * now and then). The engine wheel is fetched by the worker itself and put on
 * sys.path as a zip (no micropip, no `loadPackage`, which resolves even when
 * it failed); importing dynoxide.browser then proves it loaded. Python starts
 * from a memory snapshot when one is at hand (see "Warm boots" below): the
 * local OPFS copy, else one shipped in dist/ (`build-wasm.sh --snapshot`),
 * else cold (~1.5 s, from the precompiled stdlib), making the local copy.
 */

import { loadPyodide } from "pyodide";
import { initSqlite, openDatabase, OpfsUnavailableError } from "./sqlite-wasm-bridge.js";
import { CONTRACT_VERSION } from "./engine-client.js";

// Build-time constants (build-wasm.sh defines them; the fallbacks serve an
// unbundled development load).
const WHEEL = typeof __DYNOXIDE_WHEEL__ !== "undefined" ? __DYNOXIDE_WHEEL__ : "dynoxide.whl";
const SHIPPED_SNAPSHOT = typeof __DYNOXIDE_SNAPSHOT__ !== "undefined" ? __DYNOXIDE_SNAPSHOT__ : "";
const ENGINE_SHA = typeof __DYNOXIDE_ENGINE_SHA__ !== "undefined" ? __DYNOXIDE_ENGINE_SHA__ : "dev";
const PYODIDE_LOCK_INFO = typeof __PYODIDE_LOCK_INFO__ !== "undefined" ? __PYODIDE_LOCK_INFO__ : null;
const PYODIDE_VERSION = typeof __PYODIDE_VERSION__ !== "undefined" ? __PYODIDE_VERSION__ : "dev";

const BASE = new URL("./", import.meta.url).href;
const ENGINE_DIR = "/opt/dynoxide";
// `dynoxide-worker.js?snapshot=off` boots cold every time and keeps no OPFS
// copy; `?snapshot=local` ignores the snapshot shipped in dist/ (the build
// uses it to make that snapshot).
const SNAPSHOTS = new URL(import.meta.url).searchParams.get("snapshot") ?? "on";
const WHEEL_PATH = `${ENGINE_DIR}/${WHEEL}`;
const WASM = "com.dynoxide.wasm";

// A request is never left unanswered: a boot step that stalls (an OPFS call
// that never settles, a runtime that never loads) fails the request instead.
const OPEN_TIMEOUT_MS = 20_000;
const BOOT_TIMEOUT_MS = 60_000;

function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new WorkerError(`${WASM}#Timeout`, `${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

class WorkerError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

const envelope = (type, message) => JSON.stringify({ __type: type, message });

// --- Python ----------------------------------------------------------------

let pythonPromise = null;

// Warm boots restore a memory snapshot of the interpreter taken, with the
// whole engine imported, at the end of the first (cold) boot: ~0.3 s instead
// of ~1.2 s of CPython start-up. It is one OPFS file, named for the Pyodide
// version and the hash of the wheel and stdlib (a new build never restores
// an old engine), written and read with a sync access handle, so it is
// complete before the cold boot answers (a worker terminated right after
// boot still leaves it).
// Layout: "DYNXSNAP", the byte length as a u64, then the snapshot; the header
// is written last, so a torn write reads as "no snapshot". A snapshot that
// fails to restore is deleted and the boot goes cold.
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

async function bootPython(timings) {
  const t0 = performance.now();
  const wheelBytes = fetch(new URL(WHEEL, BASE)).then(async (response) => {
    if (!response.ok) throw new Error(`engine wheel ${WHEEL}: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  wheelBytes.catch(() => {}); // awaited below; this only defers the report

  // The engine is imported straight from its wheel (zipimport). The file
  // system is not part of a snapshot, so the wheel file is written on every
  // boot; a module imported lazily is then always found.
  const start = async (pyodide) => {
    pyodide.FS.mkdirTree(ENGINE_DIR);
    pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheelBytes));
    pyodide.runPython(`import sys\nif ${JSON.stringify(WHEEL_PATH)} not in sys.path: sys.path.insert(0, ${JSON.stringify(WHEEL_PATH)})`);
    return pyodide.pyimport("dynoxide.browser");
  };
  // A restored interpreter must prove itself (import, describe) before it is
  // used; any failure means booting from the next source instead.
  const fromSnapshot = async (bytes) => {
    try {
      const pyodide = await loadPyodide({ ...pyodideOptions(), _loadSnapshot: bytes });
      const browser = await start(pyodide);
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
  if (!engine) {
    const pyodide = await loadPyodide({ ...pyodideOptions(), _makeSnapshot: dir !== null });
    const browser = await start(pyodide);
    timings.snapshot = dir ? "made" : "none";
    if (dir) {
      browser.preload();
      // Taken before any JS object is handed to Python, as snapshots require.
      await writeSnapshot(dir, pyodide.makeMemorySnapshot());
    }
    engine = { pyodide, browser, describe: JSON.parse(browser.describe()) };
  }
  timings.pythonMs = performance.now() - t0;
  return engine;
}

function python(timings = {}) {
  if (!pythonPromise) {
    pythonPromise = within(BOOT_TIMEOUT_MS, bootPython(timings), "starting Python").catch((err) => {
      pythonPromise = null; // a failed boot is retried by the next request
      throw new WorkerError(`${WASM}#EngineLoadFailed`, `the Python engine failed to load: ${err?.message ?? err}`);
    });
  }
  return pythonPromise;
}

// --- the open database -------------------------------------------------------

/** { name, connection (JS), session (PyProxy), execute, dispatchHttp } */
let current = null;

function closeCurrent() {
  const old = current;
  current = null;
  if (!old) return;
  try {
    old.session.close(); // closes the JS connection too (pauses its pool)
  } catch (err) {
    console.warn("dynoxide: closing the engine failed", err);
  } finally {
    old.connection.close(); // idempotent: makes sure the handles are released
    old.execute.destroy?.();
    old.dispatchHttp.destroy?.();
    old.session.destroy?.();
  }
}

async function openOp(payload) {
  const name = String(payload?.name ?? "dynoxide");
  const ephemeral = payload?.ephemeral === true;
  const timings = {};
  const t0 = performance.now();
  await initSqlite();
  timings.sqliteMs = performance.now() - t0;

  // The SAHPool is exclusive: a same-name persistent re-open must let go of
  // the handles before taking them again.
  if (current && current.name === name && !ephemeral && current.connection.persistenceMode === "opfs") {
    closeCurrent();
  }
  const t1 = performance.now();
  let connection;
  const opening = openDatabase(name, { ephemeral });
  try {
    connection = await within(OPEN_TIMEOUT_MS, opening, `opening "${name}"`);
  } catch (err) {
    opening.then((late) => late.close(), () => {}); // a late open must not keep the pool
    if (err instanceof OpfsUnavailableError) throw new WorkerError(err.type, err.message);
    throw err;
  }
  timings.openMs = performance.now() - t1;

  let session;
  try {
    const { browser, describe } = await python(timings);
    const t2 = performance.now();
    session = browser.open_session(connection);
    timings.engineMs = performance.now() - t2;
    closeCurrent();
    current = {
      name,
      connection,
      session,
      execute: session.execute,
      dispatchHttp: session.dispatch_http,
    };
    timings.totalMs = performance.now() - t0;
    return {
      contractVersion: CONTRACT_VERSION,
      engineVersion: describe.engineVersion,
      capabilities: describe.capabilities,
      persistenceMode: connection.persistenceMode,
      name,
      timings,
    };
  } catch (err) {
    session?.destroy?.();
    connection.close(); // keep the previous database; release the new one
    if (err instanceof WorkerError) throw err;
    throw new WorkerError(`${WASM}#OpenFailed`, `database "${name}" could not be opened: ${pyMessage(err)}`);
  }
}

function pyMessage(err) {
  // A PythonError's message is the whole traceback; its last line says what.
  const text = String(err?.message ?? err).trim();
  return text.split("\n").pop();
}

function requireOpen(op) {
  if (!current) {
    throw new WorkerError(`${WASM}#EngineNotOpened`, `"${op}" needs an open database: send "open" first`);
  }
  return current;
}

function executeOp(payload) {
  const session = requireOpen("execute");
  if (typeof payload?.op !== "string" || payload.op === "") {
    throw new WorkerError(`${WASM}#InvalidRequest`, "execute needs payload.op, the DynamoDB operation name");
  }
  let body;
  if (typeof payload.requestJson === "string") {
    body = payload.requestJson; // EngineClient serialises on its own thread
  } else {
    try {
      // A body-less op (ListTables) sends no request: that is `{}`, not "undefined".
      body = JSON.stringify(payload.request ?? {});
    } catch (err) {
      throw new WorkerError("com.amazon.coral.service#SerializationException", `request is not JSON: ${err.message}`);
    }
  }
  const out = session.execute(payload.op, body);
  if (out.charCodeAt(0) === 33 /* "!" */) throw new EnvelopeError(out.slice(1));
  return out;
}

class EnvelopeError extends Error {
  constructor(json) {
    super(json);
    this.json = json;
  }
}

function dispatchHttpOp(payload) {
  const session = requireOpen("dispatchHttp");
  const target = payload?.target == null ? null : String(payload.target);
  const body = payload?.body == null ? "" : String(payload.body);
  const contentType = payload?.contentType == null ? null : String(payload.contentType);
  return session.dispatchHttp(target, body, contentType);
}

async function capabilitiesOp() {
  const { describe } = await python();
  return JSON.stringify({ contractVersion: CONTRACT_VERSION, ...describe });
}

/** Serve one message: the result (a JSON string), or a promise of it. */
function handle(message) {
  const { op, payload, contractVersion } = message;
  if (contractVersion != null && contractVersion !== CONTRACT_VERSION) {
    throw new WorkerError(
      `${WASM}#ContractMismatch`,
      `dynoxide contract mismatch: the client speaks version ${contractVersion}, ` +
        `this worker speaks ${CONTRACT_VERSION}. Ship engine-client.js and dist/ from the same build.`,
    );
  }
  switch (op) {
    case "open":
      return openOp(payload).then(JSON.stringify);
    case "execute":
      return executeOp(payload);
    case "dispatchHttp":
      return dispatchHttpOp(payload);
    case "capabilities":
      return capabilitiesOp();
    case "close":
      closeCurrent();
      return JSON.stringify({ closed: true });
    default:
      throw new WorkerError(`${WASM}#UnsupportedOperation`, `unknown op: ${JSON.stringify(op)}`);
  }
}

function errorEnvelope(err) {
  if (err instanceof EnvelopeError) return err.json;
  if (err instanceof WorkerError) return envelope(err.type, err.message);
  const name = err?.constructor?.name;
  if (name === "PythonError" || err?.type === "PythonError") {
    return envelope(`${WASM}#EngineCrashed`, `the Python engine failed: ${pyMessage(err)}`);
  }
  return envelope(`${WASM}#WorkerError`, String(err?.message ?? err));
}

// Requests run one at a time, in order: the engine is single-threaded, and a
// re-open must not interleave with the requests around it.
let queue = Promise.resolve();
let queued = 0;

/**
 * Run `job` after the request being served (and those already queued). It
 * does not hold up executes: they may run between its awaits, so a job must
 * not touch the open database.
 */
function afterThisRequest(job) {
  queue = queue.then(job).catch((err) => console.warn("dynoxide: background job failed", err));
}

const succeed = (id, result) => self.postMessage({ id, ok: true, result });
const fail = (id, err) => self.postMessage({ id, ok: false, error: errorEnvelope(err) });

/** Post the outcome of `handle`, now or when its promise settles. */
function reply(id, message) {
  let result;
  try {
    result = handle(message);
  } catch (err) {
    fail(id, err);
    return undefined;
  }
  if (result instanceof Promise) return result.then((r) => succeed(id, r), (err) => fail(id, err));
  succeed(id, result);
  return undefined;
}

self.addEventListener("message", (event) => {
  const message = event.data ?? {};
  const { id } = message;
  // The hot path: an execute with nothing queued ahead of it is answered in
  // this very event, without a trip through the promise queue.
  if (queued === 0 && message.op === "execute") {
    reply(id, message);
    return;
  }
  queued += 1;
  queue = queue
    .then(() => reply(id, message))
    .finally(() => {
      queued -= 1;
    });
});
