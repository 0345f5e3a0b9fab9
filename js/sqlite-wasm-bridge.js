/**
 * The storage bridge: @sqlite.org/sqlite-wasm on the OPFS SAHPool VFS, shaped
 * for py/dynoxide/storage/bridge.py (BridgeConnection).
 *
 * The Python engine builds every SQL statement; this module only opens the
 * database and runs statements. A Connection has three methods, each one
 * crossing from Python: `query(sql, paramsJson) -> rowsJson`,
 * `write(statementsJson)` (all statements in one transaction: one DynamoDB
 * write, index fan-out included, is one crossing) and `close()`.
 *
 * Why SAHPool: it is the one OPFS VFS that needs no SharedArrayBuffer, so it
 * persists on a page served without COOP/COEP. Its price is that it holds a
 * sync access handle on every file of its pool while installed, so:
 * - each database name gets its own pool: a distinct VFS name and OPFS
 *   directory (`/dynoxide/<slug>`), with the database at an absolute path
 *   inside it (SAHPool does not recognise relative paths);
 * - a pool held by another worker or tab fails `createSyncAccessHandle` with
 *   NoModificationAllowedError. That surfaces as OpfsUnavailableError
 *   ("com.dynoxide.wasm#OpfsUnavailable"), never as a silent in-memory fork
 *   that would lose every write on reload;
 * - the installer caches a failed init per VFS name, so every install passes
 *   `forceReinitIfPreviouslyFailed` (a busy name recovers once the holder lets
 *   go, without a reload) and `preserveOnInitFailure` (the default removes the
 *   pool directory, i.e. the user's data, when init fails);
 * - closing pauses the pool (releases its handles, keeps its files and stays
 *   registered here), so a later open of the same name in this worker
 *   unpauses instead of reinstalling. We never call removeVfs: that deletes.
 * Memory mode (`:memory:`) is used for ephemeral opens and where the browser
 * has no sync access handles at all; `persistenceMode` says which one is live.
 *
 * Durability promise: once `write` returns, the transaction is in the OPFS
 * files, so a closed, reloaded or crashed tab (or a terminated worker) loses
 * nothing acknowledged; only an OS crash or power loss may drop the last
 * commits, never corrupt the database (e2e/worker.spec.js kills a worker and
 * closes a tab right after acknowledged writes, and finds every one).
 * Settings, chosen by measurement (raw autocommit INSERTs/s in Chromium
 * headless; a normal profile, where a sync-access-handle write costs ~35 us,
 * and an incognito one, where each handle call is an IPC of ~0.6 ms):
 *
 *   rollback journal (default)            225 /  77
 *   + locking_mode=EXCLUSIVE              490 / 162
 *   + journal_mode=WAL                   1140 / 244
 *   + synchronous=NORMAL                 4530 / 429   <- chosen
 *   WAL, synchronous=OFF                 4750 / 432   (no faster; unsafe)
 *
 * - locking_mode=EXCLUSIVE: the pool is ours alone anyway (its handles are
 *   exclusive), and it lets WAL keep its index in heap memory, since SAHPool
 *   has no shared-memory methods.
 * - journal_mode=WAL: a commit appends its pages to the WAL (about three
 *   handle writes) instead of journalling and rewriting them with flushes.
 *   A crashed session's WAL is replayed on the next open.
 * - synchronous=NORMAL: a commit is written but not flushed; flushes happen
 *   at checkpoints. Written data is the OS's, so a tab or worker crash loses
 *   none of it; an OS crash may roll back to the last checkpoint. OFF saves
 *   nothing measurable and gives up consistency on power loss.
 * - temp_store=MEMORY: sorts and temp tables never take a pool slot.
 *
 * Values cross as JSON text (see encodeRow / decodeParam): integers as exact
 * digits (BigInt beyond 2^53), REAL values always with a '.' or exponent so
 * Python sees a float, blobs as {"$b": base64}, and Python's big ints and
 * integral floats tagged as {"$i": digits} / {"$f": number}.
 */

import sqlite3InitModule from "@sqlite.org/sqlite-wasm";
import { WasmError } from "./contract.js";
import { fnv1aHash, fnv1aString } from "./fnv1a.js";

export const PERSISTENT = "opfs";
export const EPHEMERAL = "memory";

// The one database file of each pool. Absolute, as SAHPool requires.
const DB_PATH = "/dynoxide.sqlite3";
// Pool slots are files, not tables: the database, its WAL, a spare for the
// rollback journal used while switching journal modes, and headroom.
const POOL_CAPACITY = 6;
const STATEMENT_CACHE_SIZE = 256;
const utf8 = new TextDecoder();
// The column whose texts cross out of line (see Connection.query).
const OUT_OF_LINE_COLUMN = "item";
const SQLITE_TEXT = 3;
const HOLDS_BLOB = Symbol("blob");
const HOLDS_NUL = Symbol("nul");

/** The rows of a `Connection.query` answer, as JSON.parse would give them in line. */
export function parseRows(answer) {
  const [json, ...texts] = answer.split("\0");
  let next = 0;
  return JSON.parse(json, (key, value) =>
    value !== null && typeof value === "object" && !Array.isArray(value) && "$t" in value ? texts[next++] : value);
}

export const PRAGMAS = [
  "PRAGMA locking_mode=EXCLUSIVE",
  "PRAGMA journal_mode=WAL",
  "PRAGMA synchronous=NORMAL",
  "PRAGMA temp_store=MEMORY",
  "PRAGMA cache_size=-16384",
];
const MEMORY_PRAGMAS = ["PRAGMA temp_store=MEMORY"];

/** OPFS works here but this database's pool could not be acquired. */
export class OpfsUnavailableError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "OpfsUnavailableError";
    this.type = WasmError.OpfsUnavailable;
  }
}

let sqlite3Promise = null;

/**
 * Initialise the sqlite3 module once per worker (a failed init is retried on
 * the next call, not cached). `options` are passed to sqlite3InitModule.
 */
export function initSqlite(options = {}) {
  if (!sqlite3Promise) {
    sqlite3Promise = sqlite3InitModule(options).catch((err) => {
      sqlite3Promise = null;
      throw err;
    });
  }
  return sqlite3Promise;
}

function slug(name) {
  const raw = name || "default";
  const safe = raw.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64);
  // The hash keeps names that sanitise alike ("a.b", "a_b") apart.
  return `${safe}-${fnv1aString(raw).toString(36)}`;
}

export const vfsName = (name) => `dynoxide-${slug(name)}`;
export const poolDirectory = (name) => `/dynoxide/${slug(name)}`;

/** Whether this context has OPFS sync access handles at all (only workers do). */
export function opfsSyncAvailable() {
  try {
    return (
      typeof navigator !== "undefined" &&
      typeof navigator.storage?.getDirectory === "function" &&
      typeof FileSystemFileHandle !== "undefined" &&
      "createSyncAccessHandle" in FileSystemFileHandle.prototype
    );
  } catch {
    return false;
  }
}

function isBusy(err) {
  const name = err?.name;
  return name === "NoModificationAllowedError" || name === "InvalidStateError";
}

// Missing or too-old sync access handles, or storage denied to this context
// (some private windows): no persistence is possible, so memory is the answer.
function isUnsupported(err) {
  const msg = String(err?.message ?? "");
  return (
    err?.name === "SecurityError" ||
    /Missing required OPFS APIs|too old for opfs-sahpool/.test(msg)
  );
}

// name -> poolUtil for every pool installed in this worker (paused or not).
const pools = new Map();

async function acquirePool(sqlite3, name) {
  const known = pools.get(name);
  if (known) {
    if (known.isPaused()) await known.unpauseVfs();
    return known;
  }
  const util = await sqlite3.installOpfsSAHPoolVfs({
    name: vfsName(name),
    directory: poolDirectory(name),
    initialCapacity: POOL_CAPACITY,
    preserveOnInitFailure: true,
    forceReinitIfPreviouslyFailed: true,
  });
  if (util.getCapacity() < POOL_CAPACITY) await util.reserveMinimumCapacity(POOL_CAPACITY);
  pools.set(name, util);
  return util;
}

// A terminated worker's access handles are released asynchronously; under
// load that takes longer than a page's short wait. Retrying a busy pool for a
// moment lets "terminate, then open again" work, while a holder that stays
// put still fails as busy once the grace period is spent.
export const BUSY_GRACE_MS = 1500;

async function acquirePoolPatiently(sqlite3, name) {
  const deadline = Date.now() + BUSY_GRACE_MS;
  for (let pause = 25; ; pause = Math.min(pause * 2, 200)) {
    try {
      return await acquirePool(sqlite3, name);
    } catch (err) {
      if (!isBusy(err) || Date.now() + pause > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function registerFnv1a(db) {
  db.createFunction("fnv1a_hash", {
    xFunc: (_ctx, value) => fnv1aHash(value),
    arity: 1,
    deterministic: true,
  });
}

/**
 * Open the database `name`: on OPFS unless `ephemeral` or the browser cannot,
 * in memory otherwise. Throws OpfsUnavailableError when the pool is busy.
 * `replaceWith`: an SQLite file's bytes that replace the database first
 * (importDatabase, which checked them).
 */
export async function openDatabase(name, { ephemeral = false, replaceWith = null } = {}) {
  const sqlite3 = await initSqlite();
  const inMemory = () => {
    const db = new sqlite3.oo1.DB(":memory:", "c");
    if (replaceWith) deserializeInto(sqlite3, db, replaceWith);
    return new Connection(sqlite3, db, name, EPHEMERAL, null);
  };
  if (ephemeral || !opfsSyncAvailable() || typeof sqlite3.installOpfsSAHPoolVfs !== "function") {
    return inMemory();
  }
  let util;
  try {
    util = await acquirePoolPatiently(sqlite3, name);
  } catch (err) {
    if (isUnsupported(err)) return inMemory();
    const detail = err?.name ? `${err.name}: ${err.message}` : String(err);
    const message = isBusy(err)
      ? `OPFS database "${name}" is busy: another tab or worker holds it. ` +
        `Close the other session and retry, or open with ephemeral: true. (${detail})`
      : `OPFS database "${name}" could not be opened: ${detail}`;
    throw new OpfsUnavailableError(message, { cause: err });
  }
  let db;
  try {
    if (replaceWith) {
      // importDatabase: the file is replaced before it is opened; the old
      // WAL goes too, its frames belong to the old file.
      if (util.getFileNames().includes(`${DB_PATH}-wal`)) util.unlink(`${DB_PATH}-wal`);
      util.importDb(DB_PATH, asRollbackFile(new Uint8Array(replaceWith)));
    }
    db = new util.OpfsSAHPoolDb(DB_PATH, "c");
  } catch (err) {
    util.pauseVfs();
    throw new OpfsUnavailableError(`OPFS database "${name}" could not be opened: ${err.message}`, { cause: err });
  }
  return new Connection(sqlite3, db, name, PERSISTENT, util);
}

// --- whole database files (exportDatabase / importDatabase) ------------------

// Header bytes 18 and 19: the file format's write and read versions, 2 for
// WAL. A file handed out (or read in memory) says 1, rollback journal: it
// has no WAL beside it, and an in-memory database cannot be in WAL mode.
const FORMAT_VERSION_AT = 18;

function asRollbackFile(bytes) {
  if (bytes.length > FORMAT_VERSION_AT + 1) bytes.set([1, 1], FORMAT_VERSION_AT);
  return bytes;
}

// sqlite3_deserialize flags: SQLite frees the copy when the database closes,
// and may grow it.
const DESERIALIZE_FREEONCLOSE = 1;
const DESERIALIZE_RESIZEABLE = 2;

function deserializeInto(sqlite3, db, bytes) {
  const copy = asRollbackFile(new Uint8Array(bytes));
  const p = sqlite3.wasm.allocFromTypedArray(copy);
  const rc = sqlite3.capi.sqlite3_deserialize(db.pointer, "main", p, copy.length, copy.length,
    DESERIALIZE_FREEONCLOSE | DESERIALIZE_RESIZEABLE);
  if (rc) throw new Error(`the file cannot be read as an SQLite database (${sqlite3.capi.sqlite3_js_rc_str(rc)})`);
}

/** A Connection over a copy of `bytes` (an SQLite file) in memory: a candidate to check. */
export async function openDatabaseFromBytes(name, bytes) {
  const sqlite3 = await initSqlite();
  const db = new sqlite3.oo1.DB(":memory:", "c");
  try {
    deserializeInto(sqlite3, db, bytes);
  } catch (err) {
    db.close();
    throw err;
  }
  return new Connection(sqlite3, db, name, EPHEMERAL, null);
}

// --- values across the boundary -------------------------------------------

function base64FromBytes(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

function bytesFromBase64(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

function formatReal(v) {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** Bind one decoded JSON param at 1-based `ndx`. */
function bindParam(capi, stmt, ndx, v) {
  if (v !== null && typeof v === "object") {
    if ("$i" in v) return stmt.bind(ndx, BigInt(v.$i));
    if ("$b" in v) return stmt.bind(ndx, bytesFromBase64(v.$b));
    if ("$f" in v) {
      const rc = capi.sqlite3_bind_double(stmt.pointer, ndx, Number(v.$f));
      if (rc) throw new Error(`bind failed (rc=${rc})`);
      return stmt;
    }
    throw new Error(`unsupported parameter: ${JSON.stringify(v)}`);
  }
  return stmt.bind(ndx, v);
}

function bindAll(capi, stmt, params) {
  if (!params || params.length === 0) return;
  if (params.length !== stmt.parameterCount) {
    throw new Error(`expected ${stmt.parameterCount} parameters, got ${params.length}`);
  }
  for (let i = 0; i < params.length; i += 1) bindParam(capi, stmt, i + 1, params[i]);
}

// DDL and pragmas run once: preparing them into the cache would only evict
// the hot DML statements.
const UNCACHED = /^\s*(CREATE|DROP|ALTER|PRAGMA|VACUUM|ATTACH|DETACH|ANALYZE|REINDEX)\b/i;

/** One open database: what BridgeConnection calls. */
export class Connection {
  #sqlite3;
  #db;
  #pool;
  #cache = new Map();
  #jsonSql = new Map(); // sql -> its json_array form, or null
  #begin;
  #commit;

  constructor(sqlite3, db, name, persistenceMode, pool) {
    this.#sqlite3 = sqlite3;
    this.#db = db;
    this.#pool = pool;
    this.name = name;
    this.persistenceMode = persistenceMode;
    /** Bridge crossings served, for tests and the bench. */
    this.stats = { queries: 0, writes: 0, statements: 0, prepared: 0 };
    try {
      registerFnv1a(db);
      for (const pragma of persistenceMode === PERSISTENT ? PRAGMAS : MEMORY_PRAGMAS) db.exec(pragma);
      this.#begin = db.prepare("BEGIN IMMEDIATE");
      this.#commit = db.prepare("COMMIT");
    } catch (err) {
      this.close();
      throw new OpfsUnavailableError(`database "${name}" could not be initialised: ${err.message}`, { cause: err });
    }
  }

  get isOpen() {
    return this.#db !== null;
  }

  #open() {
    if (this.#db === null) throw new Error(`database "${this.name}" is closed`);
    return this.#db;
  }

  #statement(sql) {
    let stmt = this.#cache.get(sql);
    if (stmt) {
      // Refresh its place: the Map's order is the LRU order.
      this.#cache.delete(sql);
      this.#cache.set(sql, stmt);
      return stmt;
    }
    stmt = this.#open().prepare(sql);
    this.stats.prepared += 1;
    if (UNCACHED.test(sql)) return stmt;
    this.#cache.set(sql, stmt);
    if (this.#cache.size > STATEMENT_CACHE_SIZE) {
      const [oldest, old] = this.#cache.entries().next().value;
      this.#cache.delete(oldest);
      old.finalize();
    }
    return stmt;
  }

  #release(sql, stmt) {
    if (this.#cache.get(sql) !== stmt) {
      stmt.finalize();
      return;
    }
    try {
      stmt.reset(true);
    } catch {
      // reset reports the failed step's error again; the statement is reset
    }
  }

  /**
   * Run one read statement; every row as JSON text: `[[v, ...], ...]`.
   *
   * SQLite writes each row's JSON itself: the statement runs wrapped as
   * `WITH q(c0, ...) AS (<sql>) SELECT json_array(c0, ...) FROM q`, so a row
   * is one text read instead of a type check, a read and a JSON.stringify per
   * column through sqlite-wasm's wrappers (~6x faster for item rows; the
   * wrapper keeps the statement's row order). json_array writes integers as
   * exact digits and REALs with a point or exponent, as encodeRow does; it
   * cannot write a blob, so a blob is flagged and that statement is read the
   * per-column way from then on.
   *
   * Stored items (the texts of a column named `item`) travel out of line,
   * unescaped: in the rows they are `{"$t":0}`, and their texts follow the
   * rows' JSON, each after a NUL (JSON text never holds a raw NUL; an answer
   * with an item that holds one is read the per-column way). Escaping an item's quotes here and unescaping them in Python was
   * the costliest step of a read in Pyodide. `parseRows` reads this format.
   */
  query(sql, paramsJson) {
    this.stats.queries += 1;
    const params = paramsJson ? JSON.parse(paramsJson) : null;
    const json = this.#jsonReader(sql);
    if (json !== null) {
      const rows = this.#queryJson(json, params);
      if (typeof rows === "string") return rows;
      if (rows === HOLDS_BLOB) this.#jsonSql.set(sql, null); // per-column from now on
    }
    return this.#queryColumns(sql, params);
  }

  // The json_array form of `sql` (null when it has none), worked out once.
  #jsonReader(sql) {
    let json = this.#jsonSql.get(sql);
    if (json !== undefined) return json;
    json = null;
    if (!UNCACHED.test(sql)) {
      const inner = this.#statement(sql);
      const n = inner.columnCount;
      const names = Array.from({ length: n }, (_, i) => inner.getColumnName(i));
      this.#release(sql, inner);
      if (n > 0) {
        const cols = names.map((_, i) => `c${i}`);
        // The stored item (the column named `item`, see py/dynoxide/storage/sql.py) crosses out of line.
        const item = names.indexOf(OUT_OF_LINE_COLUMN);
        const values = cols.map((c, i) => `CASE WHEN typeof(${c})='blob' THEN json_object('$blob',1) ` +
          `${i === item ? `WHEN typeof(${c})='text' THEN json_object('$t',0) ` : ""}ELSE ${c} END`);
        json = `WITH q(${cols.join(",")}) AS (${sql}\n) SELECT json_array(${values.join(",")})` +
          `${item >= 0 ? `, c${item}` : ""} FROM q`;
        try {
          this.#release(json, this.#statement(json));
        } catch {
          json = null; // not a plain SELECT (e.g. it has its own WITH ... RETURNING): per-column
        }
      }
    }
    if (this.#jsonSql.size >= STATEMENT_CACHE_SIZE) this.#jsonSql.delete(this.#jsonSql.keys().next().value);
    this.#jsonSql.set(sql, json);
    return json;
  }

  // HOLDS_BLOB when a row holds a blob (only json_object('$blob') writes
  // `{"$blob"` unescaped: inside a text it is `{\"$blob\"`); HOLDS_NUL when
  // a long text holds a NUL, the out-of-line separator (it is read per-column).
  #queryJson(sql, params) {
    const sqlite3 = this.#sqlite3;
    const exports = sqlite3.wasm.exports;
    const stmt = this.#statement(sql);
    try {
      bindAll(sqlite3.capi, stmt, params);
      const p = stmt.pointer;
      const text = (c) => {
        const at = exports.sqlite3_column_text(p, c);
        return utf8.decode(sqlite3.wasm.heap8u().subarray(at, at + exports.sqlite3_column_bytes(p, c)));
      };
      const rows = [];
      const texts = [];
      const outOfLine = exports.sqlite3_column_count(p) > 1;
      while (stmt.step()) {
        const row = text(0);
        if (row.includes('{"$blob"')) return HOLDS_BLOB;
        rows.push(row);
        if (outOfLine && exports.sqlite3_column_type(p, 1) === SQLITE_TEXT) {
          const item = text(1);
          if (item.includes("\0")) return HOLDS_NUL;
          texts.push(item);
        }
      }
      return texts.length ? `[${rows.join(",")}]\0${texts.join("\0")}` : `[${rows.join(",")}]`;
    } finally {
      this.#release(sql, stmt);
    }
  }

  #queryColumns(sql, params) {
    const capi = this.#sqlite3.capi;
    const stmt = this.#statement(sql);
    try {
      bindAll(capi, stmt, params);
      const n = stmt.columnCount;
      const rows = [];
      const vals = new Array(n);
      const p = stmt.pointer;
      while (stmt.step()) {
        for (let c = 0; c < n; c += 1) {
          switch (capi.sqlite3_column_type(p, c)) {
            case capi.SQLITE_INTEGER:
              vals[c] = String(stmt.get(c));
              break;
            case capi.SQLITE_FLOAT:
              vals[c] = formatReal(stmt.get(c));
              break;
            case capi.SQLITE_TEXT:
              vals[c] = JSON.stringify(stmt.get(c));
              break;
            case capi.SQLITE_BLOB:
              vals[c] = `{"$b":"${base64FromBytes(stmt.get(c))}"}`;
              break;
            default:
              vals[c] = "null";
          }
        }
        rows.push(`[${vals.join(",")}]`);
      }
      return `[${rows.join(",")}]`;
    } finally {
      this.#release(sql, stmt);
    }
  }

  /** Run `[[sql, params], ...]` as one transaction: all of it or none. */
  write(statementsJson) {
    this.stats.writes += 1;
    const db = this.#open();
    const capi = this.#sqlite3.capi;
    const statements = JSON.parse(statementsJson);
    this.#begin.step();
    this.#begin.reset();
    try {
      for (let i = 0; i < statements.length; i += 1) {
        const [sql, params] = statements[i];
        const stmt = this.#statement(sql);
        try {
          bindAll(capi, stmt, params);
          while (stmt.step()) {
            // a write: drain any rows (RETURNING) without collecting them
          }
        } catch (err) {
          throw new Error(`statement ${i} failed: ${err.message} [${sql}]`, { cause: err });
        } finally {
          this.#release(sql, stmt);
        }
      }
      this.stats.statements += statements.length;
      this.#commit.step();
      this.#commit.reset();
    } catch (err) {
      if (!capi.sqlite3_get_autocommit(db.pointer)) {
        try {
          db.exec("ROLLBACK");
        } catch {
          // the transaction is gone already (SQLite rolled back on its own)
        }
      }
      this.#commit.reset();
      throw err;
    }
  }

  /**
   * The whole database as one SQLite file (sqlite3_serialize reads every
   * page through the pager, so what the WAL holds is in it), marked as a
   * rollback-journal file so any SQLite opens it on its own.
   */
  exportBytes() {
    const bytes = this.#sqlite3.capi.sqlite3_js_db_export(this.#open().pointer);
    return asRollbackFile(bytes);
  }

  /** Release the database; a persistent pool is paused (files kept). Idempotent. */
  close() {
    const db = this.#db;
    if (db === null) return;
    this.#db = null;
    for (const stmt of this.#cache.values()) stmt.finalize();
    this.#cache.clear();
    this.#jsonSql.clear();
    this.#begin?.finalize();
    this.#commit?.finalize();
    try {
      db.close();
    } finally {
      if (this.#pool && !this.#pool.isPaused()) this.#pool.pauseVfs();
    }
  }
}
