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
 * | `open`         | `{ name, ephemeral?, streams?, region? }` | `{ contractVersion, batches, engineVersion, capabilities, readOnlyOperations, persistenceMode, name, timings }` |
 * | `execute`      | `{ op, request? }` or `{ op, requestJson }` | the DynamoDB response      |
 * | `dispatchHttp` | `{ target, body, contentType? }` | `{ status, headers, body }` (wire layer) |
 * | `capabilities` | none                    | `{ contractVersion, engineVersion, capabilities }` |
 * | `close`        | none                    | `{ closed: true }`                             |
 * | `subscribe`    | `{ subscription, table, from }` | `{ subscribed: true }` (streams only)  |
 * | `unsubscribe`  | `{ subscription }`      | `{ unsubscribed: true }`                       |
 * | `exportBegin` ... `importCommit`, `transferAbort` | see worker/exchange.js | a table's export or import, a chunk per op |
 * | `exportDatabase` | none                  | the database as an SQLite file (Uint8Array)    |
 * | `importDatabase` | `{ bytes }`           | the open descriptor, once the checked file replaced the database |
 *
 * `streams: true` opens a database with streams allowed (otherwise a
 * StreamSpecification is refused); a subscription's records then arrive as
 * unsolicited `{ type: "records", subscription, records }` messages, and a
 * TTL timer sweeps expired items (worker/streams.js). `region` names the
 * database's one region (us-east-1 when absent): its ARNs carry it, and every
 * request reaches it whatever region it is signed for.
 *
 * Five modules do the work: worker/boot.js starts Python (from a memory
 * snapshot when it can, and has one made in a second worker of this script,
 * `?snapshot=make`, when it could not), worker/database.js holds the open
 * database and sends requests into the engine, worker/streams.js delivers
 * subscriptions' records and sweeps TTL, worker/exchange.js exports and
 * imports, worker/rpc.js serves the messages.
 *
 * Boot order is fixed: SQLite and the first database's SAHPool VFS are set up
 * before Pyodide loads, never in parallel (a parallel VFS install hung boots
 * now and then).
 */
import { CONTRACT_VERSION } from "./contract.js";
import { IS_SNAPSHOT_MAKER, makeSnapshotAndReport, python } from "./worker/boot.js";
import * as database from "./worker/database.js";
import * as exchange from "./worker/exchange.js";
import { serve } from "./worker/rpc.js";
import * as streams from "./worker/streams.js";

if (IS_SNAPSHOT_MAKER) {
  makeSnapshotAndReport();
} else {
  serve({
    open: database.open,
    execute: database.execute,
    dispatchHttp: database.dispatchHttp,
    close: database.close,
    subscribe: streams.subscribe,
    unsubscribe: streams.unsubscribe,
    ...exchange.ops,
    async capabilities() {
      const { describe } = await python();
      // The open database's (with the stream operations when it allows streams).
      return JSON.stringify({ contractVersion: CONTRACT_VERSION, engineVersion: describe.engineVersion,
        capabilities: database.openCapabilities() ?? describe.capabilities });
    },
  }, { afterEach: streams.deliver });
  streams.startTtlTimer();
}
