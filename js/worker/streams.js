/**
 * Streams in the worker: the page's subscriptions to a table's change records,
 * and the TTL timer.
 *
 * A subscription lives in the engine session (dynoxide.browser's Session,
 * reading streams/feed.py): a table name and the last SequenceNumber sent.
 * After every request (rpc.js `afterEach`) and every TTL sweep, `deliver`
 * asks the session for the records committed since, and posts each
 * subscription's as `{ type: "records", subscription, records }`. The worker
 * serves one request at a time, so records go out in commit order, each
 * once; a page resumes after a reload from the last SequenceNumber it saw.
 *
 * The TTL timer sweeps expired items once a second while a database is open,
 * through the request queue and only when it is empty, so a sweep never
 * interleaves with a request or delays one already waiting. A sweep also
 * copies a few chunks of a backup in progress (storage/backups.py), and
 * while one is, the next sweep follows as soon as the queue is empty.
 */
import { WasmError } from "../contract.js";
import { openSession } from "./database.js";
import { EnvelopeError, WorkerError } from "./errors.js";
import { enqueue, idle } from "./rpc.js";

const TTL_SWEEP_MS = 1000;
const ORIGINS = new Set(["LATEST", "TRIM_HORIZON"]);

/** The session the subscriptions below belong to (a re-open drops them). */
let owner = null;
const subscribed = new Set();

function session(op) {
  const current = openSession();
  if (!current) throw new WorkerError(WasmError.EngineNotOpened, `"${op}" needs an open database: send "open" first`);
  if (current !== owner) {
    owner = current;
    subscribed.clear();
  }
  return current;
}

/** `{ subscription, table, from }` -> `{ subscribed: true }`; its first records follow at once. */
export function subscribe(payload) {
  const engine = session("subscribe");
  const id = String(payload?.subscription ?? "");
  const table = payload?.table;
  const from = payload?.from ?? "LATEST";
  if (!id || typeof table !== "string") {
    throw new WorkerError(WasmError.InvalidRequest, "subscribe needs payload.subscription and payload.table");
  }
  const resume = from !== null && typeof from === "object" && typeof from.after === "string";
  if (!ORIGINS.has(from) && !resume) {
    throw new WorkerError(WasmError.InvalidRequest,
      'subscribe\'s "from" is "LATEST", "TRIM_HORIZON" or { after: "<SequenceNumber>" }');
  }
  const error = engine.subscribe(id, table, JSON.stringify(resume ? { after: from.after } : from));
  if (error) throw new EnvelopeError(error.slice(1)); // "!" and DynamoDB's error body
  subscribed.add(id);
  return JSON.stringify({ subscribed: true });
}

/** `{ subscription }` -> `{ unsubscribed: true }` (unknown ones too). */
export function unsubscribe(payload) {
  const current = openSession();
  const id = String(payload?.subscription ?? "");
  if (current && current === owner && subscribed.delete(id)) current.unsubscribe(id);
  return JSON.stringify({ unsubscribed: true });
}

/** Post the records committed since the last delivery; a no-op without subscriptions. */
export function deliver() {
  if (subscribed.size === 0) return;
  const current = openSession();
  if (!current || current !== owner) {
    subscribed.clear();
    return;
  }
  let out;
  try {
    out = current.poll();
  } catch (err) {
    // The cursors did not move: the records go out with the next delivery.
    console.error("dynoxide: reading stream records failed", err);
    return;
  }
  if (!out) return;
  for (const [subscription, records] of JSON.parse(out)) {
    self.postMessage({ type: "records", subscription, records });
  }
}

function sweep() {
  const current = openSession();
  if (!current) return;
  let more = false;
  try {
    current.sweep();
    more = current.backups_pending();
  } catch (err) {
    console.error("dynoxide: the TTL sweep failed", err);
  }
  deliver();
  // A backup being copied: the next chunks as soon as no request waits,
  // rather than a second from now.
  if (more) setTimeout(() => { if (openSession() === current && idle()) enqueue(sweep); }, 0);
}

/** Start the TTL timer: a sweep each second while a database is open and no request waits. */
export function startTtlTimer() {
  setInterval(() => {
    if (openSession() && idle()) enqueue(sweep);
  }, TTL_SWEEP_MS);
}
