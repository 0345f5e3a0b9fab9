/**
 * The open database: at most one per worker, and the requests that enter the
 * engine through it.
 *
 * `open` may be sent again to re-open the same name or switch to another: the
 * new database is acquired first and only then is the old one closed, so a
 * failed re-open leaves the previous database open (a same-name re-open must
 * release first, since the pool is exclusive).
 *
 * Every request enters the engine through its wire layer (dynoxide.browser's
 * Session, which calls py/dynoxide/protocol/wire.py like `dynoxide serve`),
 * so the same bytes get the same answer in both hosts. Before a body crosses
 * into Python its nesting is measured here (see json-depth.js). A failure of
 * Python itself is logged to this worker's console, and the page gets
 * DynamoDB's fixed InternalServerError, never Python's exception text.
 */
import { CONTRACT_VERSION, WasmError } from "../contract.js";
import { initSqlite, openDatabase, OpfsUnavailableError } from "../sqlite-wasm-bridge.js";
import { python } from "./boot.js";
import { EnvelopeError, WorkerError, within } from "./errors.js";
import { nestsDeeperThan } from "./json-depth.js";

const OPEN_TIMEOUT_MS = 20_000;
// Session.execute's error marker: "!", the HTTP status (3 digits), the body.
const ERROR_MARK = 33; /* "!" */
const AMZ_JSON = "application/x-amz-json-1.0";

/** { name, connection (JS), session (PyProxy), execute, dispatchHttp, host, capabilities } */
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

function pyMessage(err) {
  // A PythonError's message is the whole traceback; its last line says what.
  const text = String(err?.message ?? err).trim();
  return text.split("\n").pop();
}

// Tells the page what the open is doing (EngineClient's "progress" event), so
// a first boot of several seconds can show its steps. No reply id: clients
// that do not listen ignore it.
function progress(phase) {
  globalThis.postMessage?.({ type: "progress", phase });
}

export async function open(payload) {
  const name = String(payload?.name ?? "dynoxide");
  const ephemeral = payload?.ephemeral === true;
  // The page's opt-in (EngineClient's `streams: true`): without it the engine
  // refuses a StreamSpecification, as the seed contract requires.
  const streams = payload?.streams === true;
  // The database's one region (ARNs, DescribeEndpoints); us-east-1 when unsaid.
  const region = typeof payload?.region === "string" ? payload.region : null;
  const timings = {};
  const t0 = performance.now();
  progress("sqlite");
  await initSqlite();
  timings.sqliteMs = performance.now() - t0;

  // The SAHPool is exclusive: a same-name persistent re-open must let go of
  // the handles before taking them again.
  if (current && current.name === name && !ephemeral && current.connection.persistenceMode === "opfs") {
    closeCurrent();
  }
  const t1 = performance.now();
  progress("open");
  let connection;
  // `replaceWith`: importDatabase's checked file, which replaces the database.
  const opening = openDatabase(name, { ephemeral, replaceWith: payload?.replaceWith ?? null });
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
    progress("python");
    const { browser, describe } = await python(timings);
    const t2 = performance.now();
    progress("session");
    // Not a JS null: Pyodide passes that as jsnull, not None.
    session = region === null ? browser.open_session(connection, streams)
      : browser.open_session(connection, streams, region);
    timings.engineMs = performance.now() - t2;
    closeCurrent();
    current = {
      name,
      options: region === null ? { name, ephemeral, streams } : { name, ephemeral, streams, region },
      connection,
      session,
      execute: session.execute,
      dispatchHttp: session.dispatch_http,
      host: describe.host,
      capabilities: streams ? describe.streamsCapabilities : describe.capabilities,
    };
    timings.totalMs = performance.now() - t0;
    return JSON.stringify({
      contractVersion: CONTRACT_VERSION,
      batches: true, // takes an array of envelopes as one message (worker/rpc.js)
      engineVersion: describe.engineVersion,
      capabilities: current.capabilities,
      readOnlyOperations: describe.readOnlyOperations,
      persistenceMode: connection.persistenceMode,
      name,
      timings,
    });
  } catch (err) {
    session?.destroy?.();
    connection.close(); // keep the previous database; release the new one
    if (err instanceof WorkerError) throw err;
    throw new WorkerError(WasmError.OpenFailed, `database "${name}" could not be opened: ${pyMessage(err)}`);
  }
}

/** The open database's engine session (PyProxy), or null. */
export function openSession() {
  return current?.session ?? null;
}

/** How the open database was opened ({ name, ephemeral, streams, region? }), or null. */
export function openOptions() {
  return current?.options ?? null;
}

/** The open database's storage Connection (js/sqlite-wasm-bridge.js), or null. */
export function openConnection() {
  return current?.connection ?? null;
}

/** The open database's operations, or null when none is open. */
export function openCapabilities() {
  return current?.capabilities ?? null;
}

function requireOpen(op) {
  if (!current) {
    throw new WorkerError(WasmError.EngineNotOpened, `"${op}" needs an open database: send "open" first`);
  }
  return current;
}

/** Python itself failed (Session never raises): log it, answer as DynamoDB does. */
function engineFailed(err) {
  console.error("dynoxide: the Python engine failed", err);
  return current.host.internalError;
}

export function execute(payload) {
  const db = requireOpen("execute");
  if (typeof payload?.op !== "string" || payload.op === "") {
    throw new WorkerError(WasmError.InvalidRequest, "execute needs payload.op, the DynamoDB operation name");
  }
  let body;
  let tooDeep;
  if (typeof payload.requestJson === "string") {
    body = payload.requestJson; // EngineClient serialises on its own thread
    tooDeep = nestsDeeperThan(body, db.host.maxJsonDepth);
  } else {
    try {
      // A body-less op (ListTables) sends no request: that is `{}`, not "undefined".
      body = JSON.stringify(payload.request ?? {});
      tooDeep = nestsDeeperThan(body, db.host.maxJsonDepth);
    } catch (err) {
      if (!(err instanceof RangeError)) {
        throw new WorkerError(WasmError.InvalidRequest, `the request cannot be written as JSON: ${err.message}`);
      }
      // Nested too deep for JSON.stringify itself: far deeper than DynamoDB
      // reads. The wire layer answers for it without reading a body.
      body = "[";
      tooDeep = true;
    }
  }
  let out;
  try {
    out = db.execute(payload.op, body, tooDeep);
  } catch (err) {
    throw new EnvelopeError(engineFailed(err));
  }
  if (out.charCodeAt(0) !== ERROR_MARK) return out;
  const status = out.slice(1, 4);
  const error = out.slice(4);
  if (error) throw new EnvelopeError(error);
  if (status === "413") {
    throw new WorkerError(WasmError.RequestTooLarge, "the request is larger than DynamoDB's 16 MB limit (HTTP 413)");
  }
  throw new WorkerError(WasmError.WorkerError, `the engine answered HTTP ${status} with no body`);
}

export function dispatchHttp(payload) {
  const db = requireOpen("dispatchHttp");
  const target = payload?.target == null ? null : String(payload.target);
  const body = payload?.body == null ? "" : String(payload.body);
  const contentType = payload?.contentType == null ? null : String(payload.contentType);
  const tooDeep = nestsDeeperThan(body, db.host.maxJsonDepth);
  try {
    return db.dispatchHttp(target, body, contentType, tooDeep);
  } catch (err) {
    const internal = engineFailed(err);
    return JSON.stringify({ status: 500, headers: { "Content-Type": AMZ_JSON }, body: internal });
  }
}

export function close() {
  closeCurrent();
  return JSON.stringify({ closed: true });
}
