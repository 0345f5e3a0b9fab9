/**
 * The one interface every screen talks to, and its two implementations.
 *
 *   backend.kind          "endpoint" | "engine"
 *   backend.label         where the data lives, for the header
 *   backend.call(op, request) -> Promise<response>   DynamoDB JSON 1.0 in and out;
 *                         rejects with a ConsoleError carrying DynamoDB's
 *                         `__type` and message exactly as the engine sent them
 *   backend.ready()       (engine only) resolves with the engine's open
 *                         descriptor once it has booted; rejects if it cannot
 *   backend.onProgress(fn) (engine only) fn(phase) for each boot step
 *   backend.storage       (engine only) { mode, estimate(), persist() }
 *   backend.followStream(table, streamArn, { from, onRecords, onError }) -> stop()
 *                         a table's stream records as they come ("LATEST" or
 *                         "TRIM_HORIZON"): the endpoint is polled
 *                         (stream-poller.js), the engine pushes (`subscribe`)
 *   backend.exportTable(table, onProgress) -> Promise<Blob>   one table, as a tar
 *                         of DynamoDB's export layout (the same file on both)
 *   backend.importTable(file, onProgress) -> Promise<[{TableName, ImportedItemCount,
 *                         ItemCount, Created}]>   such a file back in, all or nothing
 *
 * The screens never know which one they have: an endpoint (the page was
 * served by `dynoxide serve`, or any DynamoDB JSON 1.0 endpoint that allows
 * the page's origin) or an EngineClient running the engine inside the page.
 * The EngineClient is handed in rather than imported, so this bundle stays
 * free of the engine's client and the page decides where the worker lives.
 */

import { ConsoleError } from "./console-error.js";
import { pollStream } from "./stream-poller.js";
import { fetchExport, postImport } from "./transfer.js";

export { ConsoleError };

const TARGET = "DynamoDB_20120810.";
// DynamoDB Streams is its own service: its operations go under their own target prefix.
const STREAMS_TARGET = "DynamoDBStreams_20120810.";
const STREAMS_OPERATIONS = new Set(["DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"]);
const targetOf = (op) => (STREAMS_OPERATIONS.has(op) ? STREAMS_TARGET : TARGET) + op;

/** A DynamoDB JSON 1.0 endpoint reached with fetch (same origin as the page, by default). */
export function endpointBackend(url = new URL("/", location.href).href) {
  return {
    kind: "endpoint",
    label: url,
    async call(op, request = {}) {
      let response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": targetOf(op) },
          body: JSON.stringify(request),
        });
      } catch (err) {
        throw new ConsoleError("NetworkError", `The endpoint ${url} did not answer: ${err.message}`);
      }
      const text = await response.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        // not JSON (a proxy's page, a 403 from another server): show it as it came
      }
      if (response.ok && body) return body;
      if (body && body.__type) throw new ConsoleError(body.__type, body.message ?? body.Message);
      throw new ConsoleError(`HTTP ${response.status}`, text.slice(0, 500));
    },
    followStream(table, streamArn, { from, onRecords, onError }) {
      return pollStream((op, request) => this.call(op, request), streamArn, { from, onRecords, onError });
    },
    exportTable: (table, onProgress) => fetchExport(url, table, onProgress),
    importTable: (file, onProgress) => postImport(url, file, onProgress),
  };
}

const asConsoleError = (err) => (err instanceof ConsoleError ? err : new ConsoleError(err?.type, err?.message ?? String(err)));

/** The engine inside this page: an EngineClient (js/engine-client.js) that is ready or booting. */
export function engineBackend(client) {
  return {
    kind: "engine",
    label: `database "${client.name}"`,
    ready: () => client.ready(),
    onProgress(fn) {
      client.addEventListener("progress", (event) => fn(event.detail.phase));
    },
    async call(op, request = {}) {
      try {
        return await client.execute(op, request);
      } catch (err) {
        throw asConsoleError(err);
      }
    },
    followStream(table, _streamArn, { from, onRecords, onError }) {
      // onError gets a failed start (`ready` rejecting) too
      return client.subscribe(table, onRecords, { from, onError: (err) => onError(asConsoleError(err)) });
    },
    async exportTable(table, onProgress) {
      try {
        return await client.exportTable(table, { onProgress });
      } catch (err) {
        throw asConsoleError(err);
      }
    },
    async importTable(file, onProgress) {
      try {
        return [await client.importTable(file, { onProgress })];
      } catch (err) {
        throw asConsoleError(err);
      }
    },
    storage: {
      get mode() {
        return client.persistenceMode;
      },
      estimate: () => client.storageEstimate(),
      persist: () => client.persist(),
    },
  };
}
