/**
 * The worker's export and import ops (js/exchange.js drives the table ones
 * from the page, a chunk per op; py/dynoxide/exchange/session.py does the
 * work). Engine failures come back from Python as "!" and DynamoDB's error
 * body and are passed on as they are.
 *
 * exportDatabase and importDatabase move the whole SQLite file: out through
 * sqlite3_serialize; in after the candidate, opened in memory, passed the
 * engine's check (py/dynoxide/exchange/database.py) - only then is the
 * database replaced and reopened, so a rejected file changes nothing.
 */
import { ExchangeError, WasmError } from "../contract.js";
import { openDatabaseFromBytes } from "../sqlite-wasm-bridge.js";
import { python } from "./boot.js";
import * as database from "./database.js";
import { EnvelopeError, WorkerError } from "./errors.js";

const ERROR_MARK = "!";
const SQLITE_HEADER = "SQLite format 3\0";

// The open session's Transfers (a PyProxy), fetched once per session.
let cached = { session: null, transfers: null };

function transfers(op) {
  const session = database.openSession();
  if (!session) throw new WorkerError(WasmError.EngineNotOpened, `"${op}" needs an open database: send "open" first`);
  if (cached.session !== session) {
    cached.transfers?.destroy?.();
    cached = { session, transfers: session.transfers };
  }
  return cached.transfers;
}

/** A Python answer: its text, or its error body thrown as the envelope. */
function answer(out) {
  if (typeof out === "string" && out.startsWith(ERROR_MARK)) throw new EnvelopeError(out.slice(1));
  return out;
}

export const ops = {
  exportBegin: ({ table }) => answer(transfers("exportBegin").export_begin(String(table))),
  exportChunk: ({ id, maxChars }) => answer(transfers("exportChunk").export_chunk(String(id), Number(maxChars))),
  exportFinish: ({ id, md5 }) => answer(transfers("exportFinish").export_finish(String(id), String(md5))),
  importBegin: ({ options }) => answer(transfers("importBegin").import_begin(String(options))),
  importFile: ({ id, name }) => answer(transfers("importFile").import_file(String(id), String(name))),
  importText: ({ id, text }) => answer(transfers("importText").import_text(String(id), String(text))),
  importEndFile: ({ id, md5 }) => answer(transfers("importEndFile").import_end_file(String(id), md5 ?? null)),
  importCommit: ({ id }) => answer(transfers("importCommit").import_commit(String(id))),
  transferAbort: ({ id }) => answer(transfers("transferAbort").abort(String(id))),

  exportDatabase() {
    const connection = database.openConnection();
    if (!connection) throw new WorkerError(WasmError.EngineNotOpened, '"exportDatabase" needs an open database');
    return connection.exportBytes();
  },

  async importDatabase({ bytes }) {
    const options = database.openOptions();
    if (!options) throw new WorkerError(WasmError.EngineNotOpened, '"importDatabase" needs an open database');
    const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
    if (!(data instanceof Uint8Array) || data.length < 512 || data.length % 512 !== 0 ||
        new TextDecoder().decode(data.subarray(0, 16)) !== SQLITE_HEADER) {
      throw new WorkerError(ExchangeError.InvalidDatabase, "the file is not an SQLite database");
    }
    let candidate;
    try {
      candidate = await openDatabaseFromBytes(options.name, data);
    } catch (err) {
      throw new WorkerError(ExchangeError.InvalidDatabase, String(err?.message ?? err));
    }
    try {
      const { browser } = await python();
      answer(browser.check_database(candidate));
    } finally {
      candidate.close();
    }
    return database.open({ ...options, replaceWith: data });
  },
};
