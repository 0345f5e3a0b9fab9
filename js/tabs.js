/**
 * One database shared by every tab of an origin (EngineClient's `shared:
 * true`): one tab leads, the others forward to it.
 *
 * The OPFS pool of a database can be held by one worker only. So the tabs
 * that open `name` this way elect a leader with the Web Locks API: each asks
 * for the lock `dynoxide:<name>`, the one that gets it starts the worker and
 * opens the database, and the others wait in the lock's queue. A tab that
 * closes or crashes drops the lock, and the browser hands it to the next tab
 * in line, which then opens the database itself (the old worker's handles
 * are released shortly after its tab is gone, so it retries while the pool
 * is busy).
 *
 * The tabs talk over a BroadcastChannel of the same name. Messages carry the
 * sender's `tab` id and, when aimed at one tab, `to`:
 *
 *   { kind: "hello" }                               a tab joined: leader, announce yourself
 *   { kind: "leader", descriptor }                  I lead now (and my open descriptor)
 *   { kind: "request", to, id, op, payload }        follower -> leader, one worker op
 *   { kind: "reply", to, id, ok, result | error }   leader -> follower, as the worker answered
 *   { kind: "records", to, subscription, records }  leader -> follower, a subscription's records
 *   { kind: "bye" }                                 this tab is going (best effort; a
 *                                                   leader's followers then hold new requests)
 *
 * When the leader changes, requests a follower had sent to the old one have
 * no answer coming. Reads are sent again to the new leader; a write's outcome
 * is unknown (it may or may not have committed), so it fails with
 * LeaderChanged and is never re-applied behind the caller's back.
 */
import { WasmError } from "./contract.js";

const envelope = (type, message) => JSON.stringify({ __type: type, message });

const randomId = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** True when this browser has what sharing needs. */
export const canShare = () => typeof BroadcastChannel === "function" && !!globalThis.navigator?.locks?.request;

/**
 * Whether a worker op leaves the database as it was, so it may be sent again
 * to a new leader. `readOnly` is the engine's set of read-only DynamoDB
 * operations (from the open descriptor).
 */
export function isRead(op, payload, readOnly) {
  if (op === "subscribe" || op === "unsubscribe" || op === "capabilities") return true;
  let operation = null;
  let requestJson = null;
  if (op === "execute") {
    operation = payload?.op;
    requestJson = payload?.requestJson;
  } else if (op === "dispatchHttp") {
    operation = String(payload?.target ?? "").split(".").pop();
    requestJson = payload?.body;
  }
  if (operation === "ExecuteStatement") return isSelect(requestJson, (r) => r?.Statement);
  if (operation === "BatchExecuteStatement") {
    return isSelect(requestJson, (r) => (Array.isArray(r?.Statements) ? r.Statements.map((s) => s?.Statement) : null));
  }
  return operation != null && readOnly.has(operation);
}

// A PartiQL request is a read when every statement in it is a SELECT.
function isSelect(requestJson, statements) {
  try {
    const found = statements(JSON.parse(requestJson));
    const all = Array.isArray(found) ? found : [found];
    return all.length > 0 && all.every((s) => typeof s === "string" && /^\s*select\b/i.test(s));
  } catch {
    return false;
  }
}

/**
 * This tab's membership of the group sharing `name`.
 *
 * Hooks: `lead()` is called once this tab holds the lock; it opens the
 * database here and resolves with the open descriptor (a rejection gives
 * the lock back). `serve(op, payload)` runs a request on this tab's worker
 * (rejecting with `{ envelope }`). `onLeader(descriptor, self, changed)` is
 * called whenever a leader (this tab or another) is ready. `onRecords`
 * delivers records relayed for this tab's subscriptions, `forget(tab)` drops
 * what a departed follower left on this tab's worker, and `onFatal(err)`
 * reports a failure to lead. Requests that fail reject with `{ envelope }`,
 * the error's JSON.
 */
export class TabGroup {
  #name;
  #channel;
  #tab = randomId();
  #leader = null; // the leading tab's id while one is known
  #lastLeader = null; // the tab that led last (it may have left)
  #descriptor = null;
  #readOnly = new Set();
  #pending = new Map(); // id -> { op, payload, resolve, reject, sentTo }
  #seq = 0;
  #release = null; // resolves the lock callback: gives up leadership
  #closed = false;
  #hooks;

  constructor(name, hooks) {
    this.#name = name;
    this.#hooks = hooks;
    this.#channel = new BroadcastChannel(`dynoxide:${name}`);
    this.#channel.onmessage = (event) => this.#onMessage(event.data);
    this.#channel.postMessage({ kind: "hello", tab: this.#tab });
    navigator.locks
      .request(`dynoxide:${name}`, () => (this.#closed ? undefined : this.#takeLead()))
      .catch((err) => hooks.onFatal?.(err));
  }

  /** This tab's id in the group. */
  get tab() {
    return this.#tab;
  }

  get leading() {
    return this.#leader === this.#tab;
  }

  /** Send one worker op to the leading tab; resolves with the worker's result string. */
  forward(op, payload) {
    return new Promise((resolve, reject) => {
      this.#seq += 1;
      const entry = { op, payload, resolve, reject, sentTo: null };
      this.#pending.set(`${this.#tab}:${this.#seq}`, entry);
      if (this.#leader && !this.leading) this.#send(`${this.#tab}:${this.#seq}`, entry);
      // else: sent once a leader announces itself (#onLeader)
    });
  }

  /** Pass records for another tab's subscription on (this tab leads). */
  relayRecords(subscription, records) {
    const owner = String(subscription).split("/")[0];
    if (owner !== this.#tab) this.#channel.postMessage({ kind: "records", tab: this.#tab, to: owner, subscription, records });
  }

  /** Leave the group: give up the lock (the next tab in line leads) and the channel. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#channel.postMessage({ kind: "bye", tab: this.#tab });
    } catch {
      // the channel is already gone
    }
    this.#channel.close();
    this.#release?.();
    const gone = { envelope: envelope(WasmError.WorkerDead, "the shared client was closed") };
    for (const entry of this.#pending.values()) entry.reject(gone);
    this.#pending.clear();
  }

  async #takeLead() {
    const held = new Promise((resolve) => {
      this.#release = resolve;
    });
    let descriptor;
    try {
      descriptor = await this.#hooks.lead();
    } catch (err) {
      this.#hooks.onFatal?.(err);
      return; // gives the lock back: another tab may do better
    }
    if (this.#closed) return;
    this.#onLeader(this.#tab, descriptor);
    this.#channel.postMessage({ kind: "leader", tab: this.#tab, descriptor });
    await held;
  }

  #send(id, entry) {
    entry.sentTo = this.#leader;
    this.#channel.postMessage({ kind: "request", tab: this.#tab, to: this.#leader, id, op: entry.op, payload: entry.payload });
  }

  #onLeader(tab, descriptor) {
    const changed = this.#lastLeader !== null && this.#lastLeader !== tab;
    this.#leader = tab;
    this.#lastLeader = tab;
    this.#descriptor = descriptor;
    this.#readOnly = new Set(descriptor?.readOnlyOperations ?? []);
    // What was sent to the old leader: a read goes again, a write has an
    // unknown outcome. What waited for a leader goes now.
    for (const [id, entry] of [...this.#pending]) {
      if (entry.sentTo === tab) continue;
      if (entry.sentTo !== null && !isRead(entry.op, entry.payload, this.#readOnly)) {
        this.#pending.delete(id);
        entry.reject({
          envelope: envelope(WasmError.LeaderChanged,
            "the tab that held the database went away while this write was in flight: it may or may not " +
            "have been applied. Read the item to find out, or retry a write that carries a ClientRequestToken."),
        });
      } else if (this.leading) {
        this.#pending.delete(id);
        this.#hooks.serve(entry.op, entry.payload).then(entry.resolve, entry.reject);
      } else {
        this.#send(id, entry);
      }
    }
    this.#hooks.onLeader(descriptor, this.leading, changed);
  }

  #onMessage(message) {
    if (this.#closed || !message || message.tab === this.#tab) return;
    if (message.to !== undefined && message.to !== this.#tab) return;
    switch (message.kind) {
      case "hello":
        if (this.leading) this.#channel.postMessage({ kind: "leader", tab: this.#tab, descriptor: this.#descriptor });
        break;
      case "leader":
        if (message.tab !== this.#leader) this.#onLeader(message.tab, message.descriptor);
        break;
      case "request":
        if (this.leading) this.#serveFollower(message);
        break;
      case "reply": {
        const entry = this.#pending.get(message.id);
        if (!entry) break;
        this.#pending.delete(message.id);
        if (message.ok) entry.resolve(message.result);
        else entry.reject({ envelope: message.error });
        break;
      }
      case "records":
        this.#hooks.onRecords(message.subscription, message.records);
        break;
      case "bye":
        if (this.leading) this.#hooks.forget(message.tab);
        // The leader left: later requests wait for the next one.
        else if (message.tab === this.#leader) this.#leader = null;
        break;
      default:
        break;
    }
  }

  #serveFollower({ tab, id, op, payload }) {
    const reply = (fields) => this.#channel.postMessage({ kind: "reply", tab: this.#tab, to: tab, id, ...fields });
    this.#hooks.serve(op, payload).then(
      (result) => reply({ ok: true, result }),
      (err) => reply({ ok: false, error: err?.envelope ?? envelope(WasmError.WorkerError, String(err?.message ?? err)) }),
    );
  }
}
