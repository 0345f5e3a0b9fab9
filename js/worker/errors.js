/**
 * The worker's own failures. Every failure reaches the page as a
 * `{"__type", "message"}` envelope (js/worker/rpc.js), never as a missing
 * reply: a WorkerError carries a `com.dynoxide.wasm#*` type, an
 * EnvelopeError the engine's DynamoDB error body as the engine wrote it.
 */
import { WasmError } from "../contract.js";

export class WorkerError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

/** A DynamoDB error body (JSON text) from the engine, passed on verbatim. */
export class EnvelopeError extends Error {
  constructor(json) {
    super(json);
    this.json = json;
  }
}

export const envelope = (type, message) => JSON.stringify({ __type: type, message });

/**
 * `promise`, or a Timeout failure once `ms` have passed: a boot step that
 * stalls (an OPFS call that never settles, a runtime that never loads)
 * fails its request instead of leaving it unanswered.
 */
export function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new WorkerError(WasmError.Timeout, `${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
