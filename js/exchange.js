/**
 * Export and import in DynamoDB's export format, the page's half
 * (EngineClient.exportTable / importTable call these).
 *
 * The engine (py/dynoxide/exchange/) owns the format: it reads the table
 * a chunk of JSON lines at a time from a snapshot, writes the manifests and
 * the table's description, and checks and stages what is imported. This
 * side does what the browser does best and Python in the worker would do
 * slowly: gzip through CompressionStream / DecompressionStream, the MD5 the
 * manifest gives each data file (js/md5.js), and the tar that holds one
 * table's files as one Blob:
 *
 *   manifest-summary.json, manifest-files.json, table-description.json,
 *   table-creation-parameters.json, data/<name>.json.gz
 *
 * Nothing is held whole: an export gzips each chunk as it arrives and keeps
 * only the compressed parts (a Blob's parts, which the browser may keep on
 * disk); an import reads the source as a stream, tar entry by entry, and
 * hands the worker about CHUNK_CHARS of whole lines at a time, awaiting
 * each (backpressure). Other requests are served between chunks.
 *
 */
import { ExchangeError } from "./contract.js";
import { Md5 } from "./md5.js";

/** Text per message to the worker: big enough to amortise a crossing, small enough to stay cheap. */
export const CHUNK_CHARS = 1 << 20;
const BLOCK = 512;
const DATA_DIR = "data/";
const encoder = new TextEncoder();

function base64(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

// --- tar ----------------------------------------------------------------------------

function octal(value, width) {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** One ustar header block (names here are short and ASCII: the export's own). */
function tarHeader(name, size, mtime) {
  const block = new Uint8Array(BLOCK);
  const put = (text, at) => block.set(encoder.encode(text), at);
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(mtime, 12), 136);
  put("        ", 148); // the checksum counts its own field as spaces
  put("0", 156);
  put("ustar\x0000", 257);
  let sum = 0;
  for (const b of block) sum += b;
  put(octal(sum, 7) + " ", 148);
  return block;
}

/** A tar of `[name, Blob | Uint8Array | string]` entries, in order, as a Blob. */
export function tarBlob(entries, mtime = Math.floor(Date.now() / 1000)) {
  const parts = [];
  for (const [name, data] of entries) {
    const body = typeof data === "string" ? encoder.encode(data) : data;
    const size = body instanceof Blob ? body.size : body.byteLength;
    parts.push(tarHeader(name, size, mtime), body);
    if (size % BLOCK) parts.push(new Uint8Array(BLOCK - (size % BLOCK)));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  return new Blob(parts, { type: "application/x-tar" });
}

/** Exact reads from a byte stream, without holding more than what was asked for. */
class ByteReader {
  #reader;
  #buffer = new Uint8Array(0);
  #done = false;

  constructor(stream) {
    this.#reader = stream.getReader();
  }

  async #fill(n) {
    while (this.#buffer.length < n && !this.#done) {
      const { done, value } = await this.#reader.read();
      if (done) {
        this.#done = true;
        break;
      }
      const next = new Uint8Array(this.#buffer.length + value.length);
      next.set(this.#buffer);
      next.set(value, this.#buffer.length);
      this.#buffer = next;
    }
  }

  /** Up to `n` bytes (fewer only at the end), without consuming them. */
  async peek(n) {
    await this.#fill(n);
    return this.#buffer.subarray(0, n);
  }

  /** Exactly `n` bytes, or fewer at the end of the stream. */
  async read(n) {
    await this.#fill(n);
    const out = this.#buffer.slice(0, n);
    this.#buffer = this.#buffer.subarray(out.length);
    return out;
  }

  /** The next `n` bytes as they arrive, in pieces. */
  async *pieces(n) {
    let left = n;
    while (left > 0) {
      if (this.#buffer.length === 0) {
        if (this.#done) return;
        const { done, value } = await this.#reader.read();
        if (done) {
          this.#done = true;
          return;
        }
        this.#buffer = value;
      }
      const piece = this.#buffer.subarray(0, left);
      this.#buffer = this.#buffer.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }

  /** Every remaining byte, in pieces. */
  async *rest() {
    if (this.#buffer.length) yield this.#buffer;
    this.#buffer = new Uint8Array(0);
    while (!this.#done) {
      const { done, value } = await this.#reader.read();
      if (done) break;
      yield value;
    }
    this.#done = true;
  }

  cancel() {
    return this.#reader.cancel().catch(() => {});
  }
}

const field = (block, at, width) => new TextDecoder().decode(block.subarray(at, at + width)).replace(/\0.*$/s, "");

const isTar = (head) => head.length >= 262 && field(head, 257, 5) === "ustar";

/** A tar's file entries, `{ name, size }`; the caller reads or skips `size` bytes of each before the next. */
async function* tarEntries(reader, corrupt) {
  let longName = null;
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block.length < BLOCK) throw corrupt("the archive ends early (truncated file)");
    if (block.every((b) => b === 0)) return;
    const size = parseInt(field(block, 124, 12).trim() || "0", 8);
    if (!Number.isFinite(size)) throw corrupt("the archive has a damaged header");
    const type = String.fromCharCode(block[156] || 48);
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === "x" || type === "g" || type === "L") {
      // A pax (or GNU) header: the next entry's long name, when it has one.
      const text = new TextDecoder().decode(await reader.read(padded)).slice(0, size);
      if (type === "L") longName = text.replace(/\0.*$/s, "");
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text);
      if (type === "x" && path) longName = path[1];
      continue;
    }
    const prefix = field(block, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100));
    longName = null;
    if (type !== "0" && type !== "\0" && type !== "7") {
      await drain(reader.pieces(padded));
      continue; // directories, links: nothing to read
    }
    yield { name: name.replace(/^\.\//, ""), size };
    // The caller read `size` bytes; skip the padding to the block.
    await drain(reader.pieces(padded - size));
  }
}

async function drain(pieces) {
  for await (const piece of pieces) void piece;
}

async function* streamPieces(stream) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

// --- export -------------------------------------------------------------------------

/**
 * One table as a Blob: a tar of DynamoDB's export of it. `call(op, payload)`
 * is the worker RPC; `onProgress({ items, bytes })` after each chunk.
 */
export async function exportTable(call, tableName, { onProgress } = {}) {
  const begun = JSON.parse(await call("exportBegin", { table: tableName }));
  const gzip = new CompressionStream("gzip");
  const writer = gzip.writable.getWriter();
  const md5 = new Md5();
  const parts = [];
  let bytes = 0;
  const collecting = (async () => {
    for await (const part of streamPieces(gzip.readable)) {
      md5.update(part);
      parts.push(part);
      bytes += part.length;
    }
  })();
  let items = 0;
  try {
    for (;;) {
      const text = await call("exportChunk", { id: begun.id, maxChars: CHUNK_CHARS });
      if (!text) break;
      for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) items += 1;
      await writer.write(encoder.encode(text));
      onProgress?.({ items, bytes });
    }
    await writer.close();
    await collecting;
  } catch (err) {
    await call("transferAbort", { id: begun.id }).catch(() => {});
    writer.abort(err).catch(() => {});
    throw err;
  }
  const { files } = JSON.parse(await call("exportFinish", { id: begun.id, md5: base64(md5.digest()) }));
  return tarBlob([...Object.entries(files), [begun.dataPath, new Blob(parts, { type: "application/gzip" })]]);
}

// --- import -------------------------------------------------------------------------

/** Feed one data file to the worker as whole lines, about CHUNK_CHARS at a time. */
async function feedData(call, id, name, pieces, corrupt, onLines) {
  await call("importFile", { id, name });
  const md5 = new Md5();
  const gzipped = name.endsWith(".gz");
  const raw = new ReadableStream({
    async pull(controller) {
      const { done, value } = await pieces.next();
      if (done) {
        controller.close();
        return;
      }
      md5.update(value);
      controller.enqueue(value);
    },
  });
  const text = (gzipped ? raw.pipeThrough(new DecompressionStream("gzip")) : raw)
    .pipeThrough(new TextDecoderStream("utf-8", { fatal: true }));
  let pending = "";
  try {
    for await (const piece of streamPieces(text)) {
      pending += piece;
      if (pending.length < CHUNK_CHARS) continue;
      const end = pending.lastIndexOf("\n");
      if (end === -1) continue; // one very long line: keep reading it
      onLines(await call("importText", { id, text: pending.slice(0, end + 1) }));
      pending = pending.slice(end + 1);
    }
  } catch (err) {
    if (err?.type) throw err; // the engine's own answer
    const message = String(err?.message ?? err);
    throw corrupt(/truncat|unexpected end|ended/i.test(message) ? `${name}: the gzip data ends early (truncated file)`
      : `${name}: not readable ${gzipped ? "gzip data" : "UTF-8 text"}: ${message}`);
  }
  if (pending) onLines(await call("importText", { id, text: pending }));
  await call("importEndFile", { id, md5: base64(md5.digest()) });
}

/**
 * Load one table from `source` (a Blob, a File or a ReadableStream of
 * bytes): a tar holding one table's export (exportTable's, or one table of
 * `dynoxide export --out x.tar`), or plain DynamoDB JSON lines (gzip or
 * not) with `description` or an existing `tableName`. `fail(type, message)`
 * makes the error to throw. All or nothing: on failure nothing was written.
 */
export async function importTable(call, source, { onProgress, description, tableName, fail } = {}) {
  const stream = source instanceof Blob ? source.stream() : source;
  if (!(stream instanceof ReadableStream)) throw new TypeError("importTable needs a Blob, a File or a ReadableStream");
  const invalid = (message) => fail(ExchangeError.InvalidExport, message);
  const corrupt = (message) => fail(ExchangeError.CorruptData, message);
  const reader = new ByteReader(stream);
  let id = null;
  let items = 0;
  const onLines = (count) => {
    items = Number(count);
    onProgress?.({ items });
  };
  const begin = async (entries) => {
    const options = { entries };
    if (description !== undefined) options.description = description;
    if (tableName !== undefined) options.tableName = tableName;
    id = JSON.parse(await call("importBegin", { options: JSON.stringify(options) })).id;
  };
  try {
    const head = await reader.peek(BLOCK);
    if (isTar(head)) {
      const entries = {};
      for await (const entry of tarEntries(reader, corrupt)) {
        const base = entry.name.split("/").pop();
        const isData = `/${entry.name}`.includes(`/${DATA_DIR}`) && /\.json(\.gz)?$/.test(base);
        if (isData) {
          if (id === null) await begin(entries);
          await feedData(call, id, base, reader.pieces(entry.size)[Symbol.asyncIterator](), corrupt, onLines);
        } else if (base.endsWith(".json") && entry.size <= CHUNK_CHARS * 16) {
          if (id !== null || base in entries) {
            throw invalid("the archive holds more than one table, or lists data before its manifests; " +
              "importTable loads one table's export");
          }
          entries[base] = new TextDecoder().decode(await reader.read(entry.size));
        } else {
          await drain(reader.pieces(entry.size));
        }
      }
      if (id === null) {
        if (!("manifest-summary.json" in entries)) throw invalid("the archive holds no DynamoDB export (no manifest-summary.json)");
        await begin(entries);
      }
    } else if ((head[0] === 0x1f && head[1] === 0x8b) || /^\s*\{/.test(new TextDecoder().decode(head.subarray(0, 64)))) {
      await begin({});
      const name = head[0] === 0x1f ? "data.json.gz" : "data.json";
      await feedData(call, id, name, reader.rest()[Symbol.asyncIterator](), corrupt, onLines);
    } else {
      throw invalid("not an export: neither a tar of DynamoDB's export nor DynamoDB JSON lines (gzip or plain)");
    }
    const result = JSON.parse(await call("importCommit", { id }));
    onProgress?.({ items: result.ImportedItemCount, done: true });
    return result;
  } catch (err) {
    if (id !== null) await call("transferAbort", { id }).catch(() => {});
    await reader.cancel();
    throw err;
  }
}
