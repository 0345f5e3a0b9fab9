/**
 * The page-worker contract's shared facts, in one place: its version and the
 * `com.dynoxide.wasm#*` error types the worker and the client send. The
 * worker, the storage bridge and EngineClient import them from here; the
 * Python side (py/dynoxide/browser.py) speaks DynamoDB's own types, and
 * NotAvailableInHost (py/dynoxide/exchange/buckets.py) alone of these.
 */

/** The worker envelope's version; the worker rejects a client of another one. */
export const CONTRACT_VERSION = 1;

const WASM = "com.dynoxide.wasm";

/** Every error type of the browser host (DynamoDB's own types pass through as they are). */
export const WasmError = Object.freeze({
  /** The database's OPFS pool is held by another worker or tab. */
  OpfsUnavailable: `${WASM}#OpfsUnavailable`,
  /** A worker op other than open, execute, dispatchHttp, capabilities, close, subscribe, unsubscribe. */
  UnsupportedOperation: `${WASM}#UnsupportedOperation`,
  /** execute, dispatchHttp or close before any open. */
  EngineNotOpened: `${WASM}#EngineNotOpened`,
  /** Client and worker come from different builds. */
  ContractMismatch: `${WASM}#ContractMismatch`,
  /** The worker is gone (terminated, crashed, unloadable); sent by the client. */
  WorkerDead: `${WASM}#WorkerDead`,
  /** Python or the engine wheel failed to load. */
  EngineLoadFailed: `${WASM}#EngineLoadFailed`,
  /** The engine could not open the database. */
  OpenFailed: `${WASM}#OpenFailed`,
  /** The worker message itself is malformed (no op name, an unclonable payload, ...). */
  InvalidRequest: `${WASM}#InvalidRequest`,
  /** A boot or open step stalled. */
  Timeout: `${WASM}#Timeout`,
  /** An execute body over DynamoDB's 16 MB request limit (HTTP 413, which has no body). */
  RequestTooLarge: `${WASM}#RequestTooLarge`,
  /** A shared database's write whose outcome is unknown: the tab that held the database went away meanwhile. */
  LeaderChanged: `${WASM}#LeaderChanged`,
  /** `shared: true` where the browser lacks Web Locks or BroadcastChannel, or with `ephemeral`. */
  SharingUnavailable: `${WASM}#SharingUnavailable`,
  /**
   * A DynamoDB operation this host cannot perform: the export and import APIs
   * (ExportTableToPointInTime, ImportTable, ...), which need an S3 directory.
   * Sent by the engine (py/dynoxide/exchange/buckets.py); use exportTable / importTable.
   */
  NotAvailableInHost: `${WASM}#NotAvailableInHost`,
  /** Any other failure of the worker's own JavaScript. */
  WorkerError: `${WASM}#WorkerError`,
});

const EXCHANGE = "com.dynoxide.exchange";

/**
 * The error types of export and import (exportTable, importTable,
 * importDatabase), the same in both hosts (py/dynoxide/exchange/errors.py).
 * An item that breaks the table's rules fails with DynamoDB's own
 * ValidationException instead.
 */
export const ExchangeError = Object.freeze({
  /** Not an export this engine reads: another format or version, no manifest, no usable table description. */
  InvalidExport: `${EXCHANGE}#InvalidExport`,
  /** A damaged export: truncated or broken gzip, a line that is not an item, a count or checksum that differs. */
  CorruptData: `${EXCHANGE}#CorruptData`,
  /** importDatabase was given a file that is not a database this engine wrote. */
  InvalidDatabase: `${EXCHANGE}#InvalidDatabase`,
});
