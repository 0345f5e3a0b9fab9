/**
 * The browser floor: raw sqlite-wasm from JS in a module worker, doing the
 * workload's verbs as plain SQL on the rows bench/clients.py's SqliteDriver
 * writes (item as DynamoDB-JSON text, a base table and an index table, one
 * transaction per write). No Python, no engine: the least any engine in this
 * worker could cost.
 *
 * Storage is set up as js/sqlite-wasm-bridge.js sets up the engine's: the
 * same sqlite-wasm init, an OPFS SAHPool VFS of its own, the bridge's PRAGMAS
 * (EXCLUSIVE locking, WAL, synchronous=NORMAL, ...), statements prepared once
 * and reused, BEGIN IMMEDIATE / COMMIT around each write.
 *
 * bench/browser.mjs bundles this file with esbuild into a temporary
 * directory (the bridge imports "@sqlite.org/sqlite-wasm" by bare name, which
 * a worker cannot resolve). Messages, one reply each:
 *
 *   { id, op: "open", name }             -> { persistenceMode }
 *   { id, op: "loop", n }                -> { phase: ops/s } (all phases in here)
 *   { id, op: "call", verb, argsJson }   -> the verb's answer as JSON text
 *
 * "call" runs one verb per message, its arguments and answer as JSON text,
 * as EngineClient's execute crosses: the same phases driven from the page.
 * Reads move the items themselves to the page, as EngineClient's do: GetItem
 * answers the stored text, and Query, Scan and BatchGetItem answer their rows'
 * texts joined into one JSON array (no parse and re-encode here; the page
 * parses the answer once, as EngineClient does), which the page then counts.
 * (Before, these answered only a count, which spared the floor moving and
 * parsing every item that EngineClient has to deliver.)
 */
import { initSqlite, PRAGMAS } from "../js/sqlite-wasm-bridge.js";
import { runPhases } from "./workload.js";

const DB_PATH = "/floor.sqlite3";

async function openFloor(name) {
  const sqlite3 = await initSqlite();
  const pool = await sqlite3.installOpfsSAHPoolVfs({
    name: `floor-${name}`, directory: `/bench-floor/${name}`, initialCapacity: 6,
  });
  const db = new pool.OpfsSAHPoolDb(DB_PATH, "c");
  for (const pragma of PRAGMAS) db.exec(pragma);
  return db;
}

/** bench/clients.py's SqliteDriver, in JS over oo1. */
class SqliteWasmDriver {
  #db;
  #s = {};

  constructor(db) {
    this.#db = db;
  }

  setup() {
    this.#db.exec(
      "CREATE TABLE base (pk TEXT, sk TEXT, item TEXT, PRIMARY KEY (pk, sk)) WITHOUT ROWID;" +
      "CREATE TABLE idx (gpk TEXT, gsk TEXT, pk TEXT, sk TEXT, item TEXT," +
      " PRIMARY KEY (gpk, gsk, pk, sk)) WITHOUT ROWID;");
    const prepare = (sql) => this.#db.prepare(sql);
    this.#s = {
      begin: prepare("BEGIN IMMEDIATE"),
      commit: prepare("COMMIT"),
      putBase: prepare("INSERT OR REPLACE INTO base VALUES (?, ?, ?)"),
      putIdx: prepare("INSERT OR REPLACE INTO idx VALUES (?, ?, ?, ?, ?)"),
      get: prepare("SELECT item FROM base WHERE pk = ? AND sk = ?"),
      query: prepare("SELECT item FROM base WHERE pk = ? ORDER BY sk"),
      gsiQuery: prepare("SELECT item FROM idx WHERE gpk = ? ORDER BY gsk"),
      scan: prepare("SELECT item FROM base"),
      delBase: prepare("DELETE FROM base WHERE pk = ? AND sk = ?"),
      delIdx: prepare("DELETE FROM idx WHERE gpk = ? AND gsk = ? AND pk = ? AND sk = ?"),
    };
  }

  teardown() {
    for (const stmt of Object.values(this.#s)) stmt.finalize();
    this.#s = {};
    this.#db.exec("DROP TABLE base; DROP TABLE idx;");
  }

  #tx(fn) {
    this.#s.begin.stepReset();
    try {
      const result = fn();
      this.#s.commit.stepReset();
      return result;
    } catch (err) {
      this.#db.exec("ROLLBACK");
      throw err;
    }
  }

  #write(value) {
    const text = JSON.stringify(value);
    const pk = value.pk.S;
    const sk = value.sk.S;
    this.#s.putBase.bind([pk, sk, text]).stepReset();
    this.#s.putIdx.bind([value.gpk.S, value.gsk.S, pk, sk, text]).stepReset();
  }

  // The rows' item texts as one JSON array, undecoded: the least a reply can carry.
  #itemsJson(stmt, params) {
    if (params) stmt.bind(params);
    const out = [];
    try {
      while (stmt.step()) out.push(stmt.getString(0));
    } finally {
      stmt.reset(true);
    }
    return `[${out.join(",")}]`;
  }

  #getText(k) {
    const stmt = this.#s.get.bind([k.pk.S, k.sk.S]);
    try {
      return stmt.step() ? stmt.getString(0) : null;
    } finally {
      stmt.reset(true);
    }
  }

  put(value) {
    this.#tx(() => this.#write(value));
  }

  // Reads as the page gets them over "call" (JSON text); in the in-worker loop
  // they are parsed here instead, as the page would.
  getJson(k) {
    return this.#getText(k) ?? "null";
  }

  queryJson(pk) {
    return this.#itemsJson(this.#s.query, [pk]);
  }

  gsiQueryJson(gpk) {
    return this.#itemsJson(this.#s.gsiQuery, [gpk]);
  }

  scanJson() {
    return this.#itemsJson(this.#s.scan);
  }

  batchGetJson(keys) {
    return `[${keys.map((k) => this.#getText(k)).filter((t) => t !== null).join(",")}]`;
  }

  get(k) {
    return JSON.parse(this.getJson(k));
  }

  query(pk) {
    return JSON.parse(this.queryJson(pk)).length;
  }

  gsiQuery(gpk) {
    return JSON.parse(this.gsiQueryJson(gpk)).length;
  }

  scan() {
    return JSON.parse(this.scanJson()).length;
  }

  batchGet(keys) {
    return JSON.parse(this.batchGetJson(keys)).length;
  }

  update(k, payload) {
    this.#tx(() => {
      const value = this.get(k);
      value.payload = { S: payload };
      value.count = { N: String(Number(value.count.N) + 1) };
      this.#write(value);
    });
  }

  batchWrite(items) {
    this.#tx(() => items.forEach((value) => this.#write(value)));
  }


  delete(k) {
    this.#tx(() => {
      const old = this.get(k);
      this.#s.delBase.bind([k.pk.S, k.sk.S]).stepReset();
      if (old) this.#s.delIdx.bind([old.gpk.S, old.gsk.S, k.pk.S, k.sk.S]).stepReset();
    });
  }
}

let driver = null;
const READS = new Set(["get", "query", "gsiQuery", "scan", "batchGet"]);

async function handle({ op, name, n, verb, argsJson }) {
  if (op === "open") {
    driver = new SqliteWasmDriver(await openFloor(name));
    return { persistenceMode: "opfs" };
  }
  if (op === "loop") return runPhases(driver, n);
  if (op === "call") {
    const args = JSON.parse(argsJson);
    if (READS.has(verb)) return driver[`${verb}Json`](...args);
    return JSON.stringify(driver[verb](...args) ?? null);
  }
  throw new Error(`unknown op ${op}`);
}

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ id: data.id, ok: true, result: await handle(data) });
  } catch (err) {
    self.postMessage({ id: data.id, ok: false, error: `${err?.name}: ${err?.message}` });
  }
};
