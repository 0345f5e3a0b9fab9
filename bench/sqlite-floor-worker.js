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

  // Every row read is decoded, as an engine must.
  #items(stmt, params) {
    if (params) stmt.bind(params);
    const out = [];
    try {
      while (stmt.step()) out.push(JSON.parse(stmt.getString(0)));
    } finally {
      stmt.reset(true);
    }
    return out;
  }

  put(value) {
    this.#tx(() => this.#write(value));
  }

  get(k) {
    return this.#items(this.#s.get, [k.pk.S, k.sk.S])[0] ?? null;
  }

  query(pk) {
    return this.#items(this.#s.query, [pk]).length;
  }

  gsiQuery(gpk) {
    return this.#items(this.#s.gsiQuery, [gpk]).length;
  }

  scan() {
    return this.#items(this.#s.scan).length;
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

  batchGet(keys) {
    return keys.reduce((found, k) => found + (this.get(k) !== null ? 1 : 0), 0);
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

async function handle({ op, name, n, verb, argsJson }) {
  if (op === "open") {
    driver = new SqliteWasmDriver(await openFloor(name));
    return { persistenceMode: "opfs" };
  }
  if (op === "loop") return runPhases(driver, n);
  if (op === "call") {
    const result = driver[verb](...JSON.parse(argsJson));
    return JSON.stringify(result ?? null);
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
