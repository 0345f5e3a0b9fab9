/**
 * The page side of bench/browser.mjs: imported into the engine harness page
 * (harness/engine-harness.html, which provides `globalThis.dynoxide`) and
 * called through page.evaluate. Each run gets a fresh database name, so no
 * run reads another's rows.
 */
import { localSnapshotWritten } from "../harness/snapshot-probe.js";
import { BATCH_WRITE, CREATE_TABLE, DynamoDriver, TABLE, item, key, runPhases } from "./workload.js";

const fresh = (what) => `${what}-${crypto.randomUUID()}`;

/**
 * Milliseconds from `new EngineClient` to `ready()`, and the worker's own
 * timings. A boot that left its snapshot to be made in the background waits
 * for it (so the next boot can restore it) and says how long that took.
 */
export async function boot() {
  const t0 = performance.now();
  const db = globalThis.dynoxide.makeClient({ name: fresh("boot") });
  const info = await db.ready();
  const ms = performance.now() - t0;
  const snapshotAfterReadyMs = info.timings?.snapshot === "background" ? await localSnapshotWritten() : null;
  db.terminate();
  return { ms, persistenceMode: info.persistenceMode, timings: info.timings, snapshotAfterReadyMs };
}

/** Milliseconds from `new Worker` to Pyodide booted with nothing loaded (bench/pyodide-bare-worker.js). */
export async function bareBoot(url, indexURL, lockInfo) {
  const t0 = performance.now();
  const worker = new Worker(url, { type: "module" });
  try {
    const reply = await new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.onerror = (event) => reject(new Error(`bare Pyodide worker: ${event.message}`));
      worker.postMessage({ indexURL, lockInfo });
    });
    if (!reply.ok) throw new Error(`bare Pyodide boot failed: ${reply.error}`);
    return { ms: performance.now() - t0, python: reply.python };
  } finally {
    worker.terminate();
  }
}

/**
 * GetItem through EngineClient one at a time, then with `inFlight` requests
 * in flight (each of `inFlight` callers awaits its answer before asking
 * again), over the same n items: `{ sequential, concurrent }` in ops/s.
 */
export async function concurrentGets(n, inFlight) {
  const db = globalThis.dynoxide.makeClient({ name: fresh("concurrent") });
  await db.ready();
  try {
    await db.execute("CreateTable", CREATE_TABLE);
    for (let start = 0; start < n; start += BATCH_WRITE) {
      const puts = [];
      for (let i = start; i < Math.min(n, start + BATCH_WRITE); i += 1) puts.push({ PutRequest: { Item: item(i, n) } });
      const { UnprocessedItems } = await db.execute("BatchWriteItem", { RequestItems: { [TABLE]: puts } });
      if (Object.keys(UnprocessedItems ?? {}).length) throw new Error("BatchWriteItem left items unprocessed");
    }
    const get = async (i) => {
      const { Item } = await db.execute("GetItem", { TableName: TABLE, Key: key(i) });
      if (Item?.sk?.S !== key(i).sk.S) throw new Error(`GetItem ${i} answered ${JSON.stringify(Item)?.slice(0, 200)}`);
    };
    let t0 = performance.now();
    for (let i = 0; i < n; i += 1) await get(i);
    const sequential = n / ((performance.now() - t0) / 1000);
    let next = 0;
    t0 = performance.now();
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < n) await get(next++);
    }));
    const concurrent = n / ((performance.now() - t0) / 1000);
    return { sequential, concurrent, inFlight };
  } finally {
    db.terminate();
  }
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

const COUNTED = ["query", "gsiQuery", "scan", "batchGet"];
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
    // Reads answer their items (parsed here, as EngineClient parses its
    // answers); the workload counts them.
    for (const verb of COUNTED) {
      const items = driver[verb];
      driver[verb] = async (...args) => (await items(...args)).length;
    }
    return await runPhases(driver, n);
  } finally {
    terminate();
  }
}
