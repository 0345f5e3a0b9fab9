/**
 * dynoxide Web Worker: the Python engine in Pyodide over sqlite-wasm on OPFS.
 * build-wasm.sh bundles this entry, with everything it imports, into
 * dist/dynoxide-worker.js.
 *
 * It runs in a module Worker because the SAHPool VFS needs OPFS sync access
 * handles, which browsers only give workers. The page talks to it over a
 * coarse RPC, one message per request (worker/rpc.js); the ops:
 *
 * | op             | payload                 | result                                         |
 * |----------------|-------------------------|------------------------------------------------|
 * | `open`         | `{ name, ephemeral? }`  | `{ contractVersion, engineVersion, capabilities, persistenceMode, name, timings }` |
 * | `execute`      | `{ op, request? }` or `{ op, requestJson }` | the DynamoDB response      |
 * | `dispatchHttp` | `{ target, body, contentType? }` | `{ status, headers, body }` (wire layer) |
 * | `capabilities` | none                    | `{ contractVersion, engineVersion, capabilities }` |
 * | `close`        | none                    | `{ closed: true }`                             |
 *
 * Three modules do the work: worker/boot.js starts Python (from a memory
 * snapshot when it can), worker/database.js holds the open database and
 * sends requests into the engine, worker/rpc.js serves the messages.
 *
 * Boot order is fixed: SQLite and the first database's SAHPool VFS are set up
 * before Pyodide loads, never in parallel (a parallel VFS install hung boots
 * now and then).
 */
import { CONTRACT_VERSION } from "./contract.js";
import { python } from "./worker/boot.js";
import * as database from "./worker/database.js";
import { serve } from "./worker/rpc.js";

serve({
  open: database.open,
  execute: database.execute,
  dispatchHttp: database.dispatchHttp,
  close: database.close,
  async capabilities() {
    const { describe } = await python();
    return JSON.stringify({ contractVersion: CONTRACT_VERSION, engineVersion: describe.engineVersion,
      capabilities: describe.capabilities });
  },
});
