/**
 * The worker's side of the page RPC: one message per request,
 *
 *   in:  { id, op, payload, contractVersion? }
 *   out: { id, ok: true, result } | { id, ok: false, error }
 *
 * with `result` and `error` JSON strings; an error is `{"__type", "message"}`,
 * the envelope the engine's DynamoDB errors use, so a client parses every
 * failure one way. Requests are served one at a time in arrival order (the
 * engine is single-threaded, and a re-open must not interleave with the
 * requests around it); an `execute` with nothing queued ahead of it is served
 * in its own message event, without a trip through the promise queue: the
 * browser's hot path. Every failure, the worker's own included, comes back
 * as an envelope, never as a missing reply.
 *
 * Besides replies the worker posts one unsolicited message, a subscription's
 * change records, `{ type: "records", subscription, records }` (no `id`; see
 * worker/streams.js). They are posted by `afterEach`, before the reply of the
 * request that wrote them, so a page sees the records before the write's
 * promise settles.
 */
import { CONTRACT_VERSION, WasmError } from "../contract.js";
import { EnvelopeError, WorkerError, envelope } from "./errors.js";

let queue = Promise.resolve();
let queued = 0;

/**
 * Run `job` after the request being served (and those already queued). It
 * does not hold up executes: they may run between its awaits, so a job must
 * not touch the open database.
 */
export function afterThisRequest(job) {
  queue = queue.then(job).catch((err) => console.warn("dynoxide: background job failed", err));
}

/**
 * Run `job` in the request queue, like a request that arrived now: requests
 * arriving meanwhile wait behind it (executes leave the fast path), so it
 * may use the open database. The worker's TTL timer runs its sweeps so.
 */
export function enqueue(job) {
  queued += 1;
  queue = queue
    .then(job)
    .catch((err) => console.warn("dynoxide: queued job failed", err))
    .finally(() => {
      queued -= 1;
    });
}

/** True when no request is being served or waiting. */
export const idle = () => queued === 0;

function errorEnvelope(err) {
  if (err instanceof EnvelopeError) return err.json;
  if (err instanceof WorkerError) return envelope(err.type, err.message);
  console.error("dynoxide: worker failure", err);
  return envelope(WasmError.WorkerError, String(err?.message ?? err));
}

/**
 * Answer the page's messages with `ops`: op name -> (payload) => the result
 * (a JSON string) or a promise of it. `afterEach()` runs once each request
 * has been handled, before its reply is posted, whatever its outcome.
 */
export function serve(ops, { afterEach = () => {} } = {}) {
  const handle = ({ op, payload, contractVersion }) => {
    if (contractVersion != null && contractVersion !== CONTRACT_VERSION) {
      throw new WorkerError(
        WasmError.ContractMismatch,
        `dynoxide contract mismatch: the client speaks version ${contractVersion}, ` +
          `this worker speaks ${CONTRACT_VERSION}. Ship engine-client.js and dist/ from the same build.`,
      );
    }
    if (!Object.hasOwn(ops, op)) {
      throw new WorkerError(WasmError.UnsupportedOperation, `unknown op: ${JSON.stringify(op)}`);
    }
    return ops[op](payload);
  };

  // afterEach first: what the request wrote reaches subscribers before its
  // reply. Its failure must not cost the reply.
  const settle = () => {
    try {
      afterEach();
    } catch (err) {
      console.warn("dynoxide: afterEach failed", err);
    }
  };
  const succeed = (id, result) => {
    settle();
    self.postMessage({ id, ok: true, result });
  };
  const fail = (id, err) => {
    settle();
    self.postMessage({ id, ok: false, error: errorEnvelope(err) });
  };

  /** Post the outcome of `handle`, now or when its promise settles. */
  const reply = (id, message) => {
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
  };

  self.addEventListener("message", (event) => {
    const message = event.data ?? {};
    const { id } = message;
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
}
