/**
 * EngineClient: the page-side handle on one dynoxide worker.
 *
 * Spawns js/dynoxide-worker.js (bundled as dist/dynoxide-worker.js), opens
 * one database in it and turns the worker RPC into promises:
 *
 *   posts:    { id, op, payload, contractVersion }
 *   receives: { id, ok: true, result } | { id, ok: false, error }
 *
 * `result` and `error` are JSON strings; this client parses them, so callers
 * deal in objects and in EngineError (with `.type`, DynamoDB's `__type`).
 *
 * Requests issued in the same tick (a Promise.all, several callers at once)
 * go to the worker as one message, an array of those envelopes, answered by
 * one array of replies in the same order (see js/worker/rpc.js); a lone
 * request, and any request to a worker whose `open` did not say
 * `batches: true`, goes as a plain envelope.
 *
 * A worker that dies (a crash, a failed script load, an undeliverable reply,
 * or terminate()) rejects every pending call and every later one with the
 * reason: a dead worker never leaves a promise hanging.
 *
 * With `streams: true`, `subscribe` registers a callback for a table's change
 * records; the worker pushes them unsolicited, `{ type: "records",
 * subscription, records }` (no `id`), before the reply of the write that made
 * them.
 *
 * While the database opens, the worker says what it is doing: a "progress"
 * event (a CustomEvent, `detail.phase`: "sqlite", "open", "python",
 * "session") for each step, so a page can show a first boot's progress.
 *
 * With `shared: true`, every tab of the origin that opens `name` so gets a
 * working client: one tab, elected with Web Locks, runs the worker and holds
 * the database, the others forward their requests to it (js/tabs.js).
 * `role` says which this tab is, and a "rolechange" event tells when it
 * changes. Subscriptions follow the leader: after a change they resume after
 * the last record delivered.
 */

import { CONTRACT_VERSION, ExchangeError, WasmError } from "./contract.js";
import * as exchange from "./exchange.js";
import { TabGroup, canShare } from "./tabs.js";

export { CONTRACT_VERSION, ExchangeError, WasmError };

const errorEnvelope = (type, message) => JSON.stringify(message == null ? { __type: type } : { __type: type, message });

/** A failure from the engine or the worker: `.type` is the `__type`. */
export class EngineError extends Error {
  constructor(envelope, fallbackType = WasmError.WorkerError) {
    let type = fallbackType;
    let message = typeof envelope === "string" ? envelope : String(envelope);
    let body = null;
    try {
      body = JSON.parse(envelope);
      type = body.__type ?? type;
      // DynamoDB sends some errors (a malformed body, an unknown target) with no message.
      message = body.message ?? body.Message ?? "";
    } catch {
      // not JSON: keep the raw text as the message
    }
    super(message);
    this.name = "EngineError";
    this.type = type;
    /** The whole error body (CancellationReasons, Item, ... when present). */
    this.body = body;
    this.envelope = envelope;
  }
}

const SERIALIZATION = "com.amazon.coral.service#SerializationException";
// How long a newly elected tab keeps trying to open a pool the previous
// leader's worker still holds.
const LEAD_OPEN_PATIENCE_MS = 15_000;

let lastId = 0;
let lastSubscription = 0;
const ORIGINS = new Set(["LATEST", "TRIM_HORIZON"]);

function workerUrlFor({ workerUrl, assetBase }) {
  if (workerUrl) return workerUrl;
  // A relative assetBase ("/static/dynoxide/") is taken relative to the page.
  if (assetBase) return new URL("dynoxide-worker.js", new URL(String(assetBase).replace(/\/?$/, "/"), globalThis.location?.href));
  // The package's layout (and the repository's): js/ beside dist/.
  return new URL("../dist/dynoxide-worker.js", import.meta.url);
}

export class EngineClient extends EventTarget {
  #worker = null;
  #pending = new Map();
  #dead = null;
  #ready;
  #listeners;
  /** subscription id -> { onRecords, onError } */
  #subscriptions = new Map();
  // Shared mode: this tab's place in the group, and the subscriptions this
  // tab's worker holds for other tabs (subscription id -> true).
  #group = null;
  #relayed = new Set();
  // Envelopes of the requests issued in this tick, posted together as one
  // array message when the worker takes batches (its open said so).
  #batches = false;
  #outbox = null;

  /**
   * @param {object} [options]
   * @param {string} [options.name] database name (one OPFS pool per name)
   * @param {boolean} [options.ephemeral] in memory, gone when the worker ends
   * @param {boolean} [options.streams] allow streams (StreamSpecification, the
   *   stream operations, subscribe); without it a StreamSpecification is refused
   * @param {string} [options.region] the database's region, in its ARNs and
   *   DescribeEndpoints (default us-east-1); every request reaches it,
   *   whatever region an SDK signs for
   * @param {boolean} [options.shared] share the database with the origin's other
   *   tabs that open it with `shared: true` (not with `ephemeral`)
   * @param {string|URL} [options.workerUrl] the bundled worker's URL
   * @param {string|URL} [options.assetBase] the directory holding dist/'s files
   * @param {() => Worker} [options.createWorker] a Worker factory (tests)
   */
  constructor({ name = "dynoxide", ephemeral = false, streams = false, region, shared = false, workerUrl, assetBase,
    createWorker } = {}) {
    super();
    this.name = name;
    this.ephemeral = ephemeral;
    this.streams = streams === true;
    /** The region the client asked for (null: the worker's default, us-east-1). */
    this.region = region == null ? null : String(region);
    this.shared = shared === true;
    /** "leader" or "follower" for a shared client (null until known); null otherwise. */
    this.role = null;
    this.contractVersion = null;
    this.engineVersion = null;
    this.capabilities = [];
    this.persistenceMode = "unknown";
    this.timings = null;

    const startWorker = () => {
      this.#worker = createWorker ? createWorker() : new Worker(workerUrlFor({ workerUrl, assetBase }), { type: "module" });
      this.#listen();
    };
    if (this.shared) {
      this.#ready = this.#joinGroup(startWorker);
    } else {
      startWorker();
      this.#ready = this.#open();
    }
    // Callers see a boot failure through ready()/execute(); this only keeps
    // it from being reported as an unhandled rejection meanwhile.
    this.#ready.catch(() => {});
  }

  #listen() {
    this.#listeners = {
      message: (event) => this.#onMessage(event.data),
      // A script that failed to load, an uncaught error or a wasm trap.
      error: (event) => {
        event.preventDefault?.();
        this.#die(`engine worker crashed: ${event.message || "error event"}`);
      },
      messageerror: () => this.#die("engine worker sent a reply that could not be deserialised"),
    };
    for (const [type, fn] of Object.entries(this.#listeners)) this.#worker.addEventListener(type, fn);
  }

  /** Open the database on this client's worker; resolves with the descriptor. */
  async #open() {
    // `streams` and `region` are sent only when asked for: an open without them stays as it was.
    const open = { name: this.name, ephemeral: this.ephemeral };
    if (this.streams) open.streams = true;
    if (this.region !== null) open.region = this.region;
    const info = JSON.parse(await this.#direct("open", open));
    if (info.contractVersion !== CONTRACT_VERSION) {
      throw new EngineError(errorEnvelope(WasmError.ContractMismatch,
        `client speaks contract ${CONTRACT_VERSION}, engine speaks ${info.contractVersion}`));
    }
    this.#batches = info.batches === true;
    this.#describe(info);
    return info;
  }

  #describe(info) {
    this.contractVersion = info.contractVersion;
    this.engineVersion = info.engineVersion ?? null;
    this.capabilities = info.capabilities ?? [];
    this.persistenceMode = info.persistenceMode ?? "unknown";
    this.timings = info.timings ?? null;
  }

  // --- shared mode ---------------------------------------------------------------

  #joinGroup(startWorker) {
    if (this.ephemeral || !canShare()) {
      const why = this.ephemeral ? "an ephemeral database lives in one worker and cannot be shared"
        : "this browser lacks the Web Locks API or BroadcastChannel";
      return Promise.reject(new EngineError(errorEnvelope(WasmError.SharingUnavailable, `shared: true: ${why}`)));
    }
    return new Promise((resolve, reject) => {
      this.#group = new TabGroup(this.name, {
        lead: async () => {
          startWorker();
          // The previous leader's tab is gone, but its worker may still hold
          // the pool for a moment: keep asking while it is busy.
          const deadline = Date.now() + LEAD_OPEN_PATIENCE_MS;
          for (;;) {
            try {
              return await this.#open();
            } catch (err) {
              if (err?.type !== WasmError.OpfsUnavailable || Date.now() > deadline) {
                reject(err);
                throw err;
              }
              await new Promise((r) => setTimeout(r, 100));
            }
          }
        },
        serve: (op, payload) => {
          if (op === "subscribe") this.#relayed.add(payload?.subscription);
          else if (op === "unsubscribe") this.#relayed.delete(payload?.subscription);
          return this.#direct(op, payload);
        },
        onLeader: (info, self, changed) => {
          const role = self ? "leader" : "follower";
          this.#describe(info);
          const was = this.role;
          this.role = role;
          resolve(info);
          if (changed) this.#resubscribe();
          if (was !== null && was !== role) this.dispatchEvent(new CustomEvent("rolechange", { detail: { role } }));
        },
        onRecords: (subscription, records) => this.#onRecords(subscription, records),
        forget: (tab) => {
          for (const subscription of [...this.#relayed]) {
            if (subscription.startsWith(`${tab}/`)) {
              this.#relayed.delete(subscription);
              this.#direct("unsubscribe", { subscription }).catch(() => {});
            }
          }
        },
        onFatal: (err) => reject(err instanceof EngineError ? err : new EngineError(errorEnvelope(WasmError.WorkerError, String(err?.message ?? err)))),
      });
      if (typeof addEventListener === "function") {
        // A tab going away for good leaves the group at once, so the next
        // one in line need not wait for the browser to notice.
        addEventListener("pagehide", (event) => {
          if (!event.persisted) this.#group?.close();
        });
      }
    });
  }

  // After a leader change: the new leader's worker knows none of this tab's
  // subscriptions; each resumes after the last record it delivered.
  #resubscribe() {
    for (const [subscription, entry] of this.#subscriptions) {
      const from = entry.last ? { after: entry.last } : entry.from;
      this.#call("subscribe", { subscription, table: entry.table, from }).catch((err) => entry.onError?.(err));
    }
  }

  #onMessage(data) {
    if (Array.isArray(data)) {
      for (const reply of data) this.#onMessage(reply);
      return;
    }
    if (data?.type === "records" && data.id === undefined) {
      this.#onRecords(data.subscription, data.records);
      return;
    }
    if (data?.type === "progress" && data.id === undefined) {
      this.dispatchEvent(new CustomEvent("progress", { detail: { phase: data.phase } }));
      return;
    }
    const entry = this.#pending.get(data?.id);
    if (!entry) return;
    this.#pending.delete(data.id);
    if (data.ok) entry.resolve(data.result);
    else entry.reject(new EngineError(data.error));
  }

  #onRecords(subscription, records) {
    if (this.#relayed.has(subscription)) {
      this.#group?.relayRecords(subscription, records);
      return;
    }
    const entry = this.#subscriptions.get(subscription);
    if (!entry) return; // unsubscribed meanwhile
    const last = records[records.length - 1]?.dynamodb?.SequenceNumber;
    if (last) entry.last = last;
    try {
      entry.onRecords(records);
    } catch (err) {
      // One callback's failure must not stop the feed or the other callbacks.
      if (entry.onError) entry.onError(err);
      else console.error("dynoxide: a subscribe callback failed", err);
    }
  }

  #die(reason) {
    if (!this.#dead) {
      this.#dead = new EngineError(errorEnvelope(WasmError.WorkerDead, reason));
    }
    for (const { reject } of this.#pending.values()) reject(this.#dead);
    this.#pending.clear();
  }

  /** One worker op, on this tab's worker or, for a following tab, on the leader's. */
  #call(op, payload) {
    if (this.#group && !this.#group.leading) {
      if (this.#dead) return Promise.reject(this.#dead);
      return this.#group.forward(op, payload).catch((err) => {
        throw new EngineError(err?.envelope ?? errorEnvelope(WasmError.WorkerError, String(err?.message ?? err)));
      });
    }
    return this.#direct(op, payload);
  }

  /** One op on this client's own worker. */
  #direct(op, payload) {
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise((resolve, reject) => {
      lastId += 1;
      const id = `c${lastId}`;
      this.#pending.set(id, { resolve, reject });
      const envelope = { id, op, payload, contractVersion: CONTRACT_VERSION };
      if (!this.#batches) {
        this.#post(envelope, [id]);
      } else if (this.#outbox) {
        this.#outbox.push(envelope);
      } else {
        // Requests issued later in this same tick join this one.
        this.#outbox = [envelope];
        queueMicrotask(() => this.#flush());
      }
    });
  }

  #flush() {
    const batch = this.#outbox;
    this.#outbox = null;
    if (this.#dead) return; // #die rejected them already
    // One request goes as a plain envelope; several as one array message.
    this.#post(batch.length === 1 ? batch[0] : batch, batch.map((e) => e.id));
  }

  #post(message, ids) {
    try {
      this.#worker.postMessage(message);
    } catch (err) {
      // Unclonable (a payload holding a function, ...): fail what was sent.
      const failure = new EngineError(errorEnvelope(WasmError.InvalidRequest, err.message));
      for (const id of ids) {
        const entry = this.#pending.get(id);
        this.#pending.delete(id);
        entry?.reject(failure);
      }
    }
  }

  /** Resolves with the open descriptor once the database is open. */
  ready() {
    return this.#ready;
  }

  /** True when the database persists across reloads (OPFS). */
  get persistent() {
    return this.persistenceMode === "opfs";
  }

  /**
   * Ask the browser to keep this origin's storage (the database included)
   * when space runs low, instead of evicting it: resolves with the browser's
   * answer, true or false (false too where it cannot be asked). The page
   * asks, not the worker: StorageManager.persist() is not offered to workers.
   */
  async persist() {
    const storage = globalThis.navigator?.storage;
    if (typeof storage?.persist !== "function") return false;
    return storage.persist();
  }

  /**
   * The origin's storage use: `{ usage, quota, persisted }` in bytes
   * (`usage`/`quota` null where the browser does not say).
   */
  async storageEstimate() {
    const storage = globalThis.navigator?.storage;
    const estimate = typeof storage?.estimate === "function" ? await storage.estimate() : {};
    const persisted = typeof storage?.persisted === "function" ? await storage.persisted() : false;
    return { usage: estimate.usage ?? null, quota: estimate.quota ?? null, persisted };
  }

  /** True when the worker is gone (terminated or crashed). */
  get dead() {
    return this.#dead !== null;
  }

  supports(op) {
    return this.capabilities.includes(op);
  }

  /** Run one DynamoDB operation; resolves with its response object. */
  async execute(op, request = {}) {
    await this.#ready;
    // Serialised here, on the caller's thread: the worker gets one string
    // instead of an object graph to clone and stringify.
    let requestJson;
    try {
      requestJson = JSON.stringify(request ?? {});
    } catch (err) {
      // Nested too deep for JSON.stringify: DynamoDB refuses a body nested
      // far less deep than that as it refuses one that is not JSON.
      if (err instanceof RangeError) throw new EngineError(errorEnvelope(SERIALIZATION));
      throw new EngineError(errorEnvelope(WasmError.InvalidRequest, `the request cannot be written as JSON: ${err.message}`));
    }
    return JSON.parse(await this.#call("execute", { op, requestJson }));
  }

  /**
   * One whole DynamoDB JSON 1.0 request (X-Amz-Target and raw body) through
   * the engine's wire layer: resolves with `{ status, headers, body }`.
   * `contentType` is the request's Content-Type header ("" when it had none);
   * leave it out when there is no HTTP request behind the call.
   */
  async dispatchHttp(target, body, { contentType } = {}) {
    await this.#ready;
    const payload = { target: target ?? null, body: body ?? "" };
    if (contentType != null) payload.contentType = String(contentType);
    return JSON.parse(await this.#call("dispatchHttp", payload));
  }

  /**
   * Receive `tableName`'s stream records as their writes commit: `onRecords`
   * gets arrays of GetRecords-shaped records, in commit order, each once.
   * `from`: "LATEST" (default; records written from now on), "TRIM_HORIZON"
   * (every record still kept) or `{ after: SequenceNumber }` (resume after
   * the last record seen, e.g. after a reload). The table must have (or have
   * had) a stream; when its stream is re-enabled the feed follows the new
   * one. Returns `unsubscribe()`; its `ready` promise settles once the
   * worker has the subscription (rejecting with an EngineError, which
   * `onError` gets too).
   */
  subscribe(tableName, onRecords, { from = "LATEST", onError } = {}) {
    if (typeof onRecords !== "function") throw new TypeError("subscribe needs an onRecords function");
    if (!ORIGINS.has(from) && typeof from?.after !== "string") {
      throw new TypeError('subscribe\'s "from" is "LATEST", "TRIM_HORIZON" or { after: "<SequenceNumber>" }');
    }
    lastSubscription += 1;
    // A shared tab's ids name the tab, so the leader can route records to it.
    const subscription = this.#group ? `${this.#group.tab}/s${lastSubscription}` : `s${lastSubscription}`;
    // Registered before the request goes out: the first records may come
    // before its reply.
    this.#subscriptions.set(subscription, { onRecords, onError, table: tableName, from, last: null });
    const started = this.#ready.then(() => this.#call("subscribe", { subscription, table: tableName, from }));
    const unsubscribe = () => {
      if (!this.#subscriptions.delete(subscription)) return;
      started.then(() => this.#call("unsubscribe", { subscription })).catch(() => {});
    };
    unsubscribe.ready = started.then(
      () => undefined,
      (err) => {
        this.#subscriptions.delete(subscription);
        if (onError) onError(err);
        throw err;
      },
    );
    unsubscribe.ready.catch(() => {}); // reported through `ready` and onError, not as unhandled
    return unsubscribe;
  }

  /**
   * One table as a Blob in DynamoDB's export format: a tar holding
   * manifest-summary.json, manifest-files.json, data/<name>.json.gz (gzip
   * JSON lines, one `{"Item": ...}` each) and the table's description. The
   * items are one point in time; other requests keep being served while it
   * is read. `onProgress({ items, bytes })` after each chunk.
   */
  async exportTable(tableName, { onProgress } = {}) {
    await this.#ready;
    return exchange.exportTable((op, payload) => this.#call(op, payload), tableName, { onProgress });
  }

  /**
   * Load one table from a Blob, File or ReadableStream: exportTable's tar (or
   * one table of `dynoxide export --out x.tar`), or DynamoDB JSON lines, gzip
   * or plain, with `description` (DescribeTable's answer, ImportTable's
   * TableCreationParameters or a CreateTable request) or an existing
   * `tableName`. A missing table is created from its description; items
   * replace those of the same key. All or nothing. Resolves with
   * `{ TableName, ImportedItemCount, ItemCount, Created }`;
   * `onProgress({ items })` as lines are loaded.
   */
  async importTable(source, { onProgress, description, tableName } = {}) {
    await this.#ready;
    const fail = (type, message) => new EngineError(errorEnvelope(type, message));
    return exchange.importTable((op, payload) => this.#call(op, payload), source,
      { onProgress, description, tableName, fail });
  }

  /** The whole database as an SQLite file (a Blob), between two requests. */
  async exportDatabase() {
    await this.#ready;
    return new Blob([await this.#call("exportDatabase", {})], { type: "application/vnd.sqlite3" });
  }

  /**
   * Replace the database with an SQLite file (a Blob, ArrayBuffer or
   * Uint8Array) that exportDatabase (or `dynoxide serve --db`) wrote. The
   * file is checked first; one that is not such a database fails with
   * ExchangeError.InvalidDatabase and changes nothing.
   */
  async importDatabase(file) {
    await this.#ready;
    const bytes = file instanceof Blob ? new Uint8Array(await file.arrayBuffer())
      : file instanceof ArrayBuffer ? new Uint8Array(file) : file;
    if (!(bytes instanceof Uint8Array)) throw new TypeError("importDatabase needs a Blob, an ArrayBuffer or a Uint8Array");
    const info = JSON.parse(await this.#call("importDatabase", { bytes }));
    this.capabilities = info.capabilities ?? this.capabilities;
    this.persistenceMode = info.persistenceMode ?? this.persistenceMode;
    return info;
  }

  /**
   * Release the database's OPFS handles but keep the worker alive. A shared
   * client leaves its group instead (as terminate() does): the database
   * stays open in the tab that leads next.
   */
  async close() {
    await this.#ready.catch(() => {});
    if (this.#group) {
      this.terminate();
      return { closed: true };
    }
    return JSON.parse(await this.#call("close", {}));
  }

  /**
   * Stop the worker (releasing its OPFS handles); later calls reject. A
   * shared client also leaves its group: when it led, the next tab in line
   * takes over.
   */
  terminate() {
    this.#die("engine has been terminated");
    if (this.#worker) {
      for (const [type, fn] of Object.entries(this.#listeners)) this.#worker.removeEventListener?.(type, fn);
      this.#worker.terminate?.();
    }
    this.#group?.close();
  }
}
