/**
 * The page side of bench/browser.mjs: imported into the engine harness page
 * (harness/engine-harness.html, which provides `globalThis.dynoxide`) and
 * called through page.evaluate. Each run gets a fresh database name, so no
 * run reads another's rows.
 */
import { DynamoDriver, runPhases } from "./workload.js";

const fresh = (what) => `${what}-${crypto.randomUUID()}`;

/** Milliseconds from `new EngineClient` to `ready()`, and the worker's own timings. */
export async function boot() {
  const t0 = performance.now();
  const db = globalThis.dynoxide.makeClient({ name: fresh("boot") });
  const info = await db.ready();
  const ms = performance.now() - t0;
  db.terminate();
  return { ms, persistenceMode: info.persistenceMode, timings: info.timings };
}

/** Every phase through EngineClient on OPFS: `{ phase: ops/s }`. */
export async function engine(n) {
  const db = globalThis.dynoxide.makeClient({ name: fresh("bench") });
  const info = await db.ready();
  if (info.persistenceMode !== "opfs") throw new Error(`engine database is ${info.persistenceMode}, not opfs`);
  try {
    return await runPhases(new DynamoDriver((op, request) => db.execute(op, request)), n);
  } finally {
    db.terminate();
  }
}

function floorWorker(url) {
  const worker = new Worker(url, { type: "module" });
  const pending = new Map();
  let seq = 0;
  worker.onmessage = ({ data }) => {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    if (data.ok) resolve(data.result);
    else reject(new Error(`sqlite floor: ${data.error}`));
  };
  worker.onerror = (event) => {
    for (const { reject } of pending.values()) reject(new Error(`sqlite floor worker crashed: ${event.message}`));
    pending.clear();
  };
  const rpc = (message) => new Promise((resolve, reject) => {
    seq += 1;
    pending.set(seq, { resolve, reject });
    worker.postMessage({ id: seq, ...message });
  });
  return { rpc, terminate: () => worker.terminate() };
}

const VERBS = ["setup", "teardown", "put", "get", "query", "gsiQuery", "scan", "update", "batchWrite", "batchGet", "delete"];

/**
 * Raw sqlite-wasm on OPFS (bench/sqlite-floor-worker.js at `url`), either
 * with every phase looping inside the worker (`mode` "loop") or driven from
 * here one verb per message, as EngineClient is driven (`mode` "message").
 */
export async function floor(n, url, mode) {
  const { rpc, terminate } = floorWorker(url);
  try {
    await rpc({ op: "open", name: crypto.randomUUID() });
    if (mode === "loop") return await rpc({ op: "loop", n });
    const driver = Object.fromEntries(VERBS.map((verb) => [verb, async (...args) =>
      JSON.parse(await rpc({ op: "call", verb, argsJson: JSON.stringify(args) }))]));
    return await runPhases(driver, n);
  } finally {
    terminate();
  }
}
