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
 *
 * Batches: a message may also be an array of envelopes (EngineClient sends
 * the requests issued in one tick of the page that way, once `open` said
 * `batches: true`); they are served in order, exactly as if each had come in
 * its own message (`afterEach` after each one, so its records are posted
 * before the batch's reply), and answered by one message, the array of their
 * replies in the same order. One message each way instead of one per request
 * is what lets requests in flight together go faster than one at a time.
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
  const outcome = (id, result) => {
    settle();
    return { id, ok: true, result };
  };
  const failure = (id, err) => {
    settle();
    return { id, ok: false, error: errorEnvelope(err) };
  };

  /** The reply envelope for one message, or a promise of it. */
  const answer = (message) => {
    const id = message?.id;
    let result;
    try {
      result = handle(message ?? {});
    } catch (err) {
      return failure(id, err);
    }
    if (result instanceof Promise) return result.then((r) => outcome(id, r), (err) => failure(id, err));
    return outcome(id, result);
  };

  const post = (reply) => {
    try {
      self.postMessage(reply);
    } catch (err) {
      // A reply the browser cannot clone: every request still gets an answer.
      const replies = Array.isArray(reply) ? reply : [reply];
      self.postMessage(replies.map(({ id }) => ({ id, ok: false, error: errorEnvelope(err) })));
    }
  };

  // Serve a batch's envelopes one after another (an async one holds up the
  // rest, keeping the order) and post their replies together.
  const answerAll = (messages) => {
    const replies = [];
    const from = (i) => {
      for (; i < messages.length; i += 1) {
        const reply = answer(messages[i]);
        if (reply instanceof Promise) {
          return reply.then((r) => {
            replies.push(r);
            return from(i + 1);
          });
        }
        replies.push(reply);
      }
      return replies;
    };
    return from(0);
  };

  const serveOne = (data) => (Array.isArray(data) ? answerAll(data) : answer(data ?? {}));
  const isHot = (data) => (Array.isArray(data) ? data.every((m) => m?.op === "execute") : data?.op === "execute");

  self.addEventListener("message", (event) => {
    const data = event.data;
    if (queued === 0 && isHot(data)) {
      const reply = serveOne(data);
      if (reply instanceof Promise) reply.then(post);
      else post(reply);
      return;
    }
    queued += 1;
    queue = queue
      .then(() => serveOne(data))
      .then(post)
      .finally(() => {
        queued -= 1;
      });
  });
}
