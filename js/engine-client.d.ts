/** The worker envelope's version; the worker rejects a client of another one. */
export declare const CONTRACT_VERSION: number;

/**
 * Every error type of the browser host itself (js/contract.js). Anything
 * else in `EngineError.type` is DynamoDB's own `__type`.
 */
export declare const WasmError: Readonly<{
  /** The database's OPFS pool is held by another worker or tab. */
  OpfsUnavailable: "com.dynoxide.wasm#OpfsUnavailable";
  /** A worker op the worker does not know. */
  UnsupportedOperation: "com.dynoxide.wasm#UnsupportedOperation";
  /** A request before any open (or after close). */
  EngineNotOpened: "com.dynoxide.wasm#EngineNotOpened";
  /** Client and worker come from different builds. */
  ContractMismatch: "com.dynoxide.wasm#ContractMismatch";
  /** The worker is gone (terminated, crashed, unloadable); sent by the client. */
  WorkerDead: "com.dynoxide.wasm#WorkerDead";
  /** Python or the engine wheel failed to load. */
  EngineLoadFailed: "com.dynoxide.wasm#EngineLoadFailed";
  /** The engine could not open the database. */
  OpenFailed: "com.dynoxide.wasm#OpenFailed";
  /** A malformed worker message: no op name, a request that cannot be written as JSON. */
  InvalidRequest: "com.dynoxide.wasm#InvalidRequest";
  /** A boot or open step stalled. */
  Timeout: "com.dynoxide.wasm#Timeout";
  /** An execute body over DynamoDB's 16 MB request limit (HTTP 413 has no body). */
  RequestTooLarge: "com.dynoxide.wasm#RequestTooLarge";
  /** A shared database's write whose outcome is unknown: the leading tab went away meanwhile. */
  LeaderChanged: "com.dynoxide.wasm#LeaderChanged";
  /** `shared: true` with `ephemeral`, or where Web Locks or BroadcastChannel are missing. */
  SharingUnavailable: "com.dynoxide.wasm#SharingUnavailable";
  /** The export and import APIs (ExportTableToPointInTime, ImportTable, ...): no S3 directory here; use exportTable / importTable. */
  NotAvailableInHost: "com.dynoxide.wasm#NotAvailableInHost";
  /** Any other failure of the worker's own JavaScript. */
  WorkerError: "com.dynoxide.wasm#WorkerError";
}>;

/** One of the browser host's own error types. */
export type WasmErrorType = (typeof WasmError)[keyof typeof WasmError];

/** The error types of export and import, the same in both hosts. */
export declare const ExchangeError: Readonly<{
  /** Not an export this engine reads: another format or version, no manifest, no usable table description. */
  InvalidExport: "com.dynoxide.exchange#InvalidExport";
  /** A damaged export: truncated or broken gzip, a line that is not an item, a count or checksum that differs. */
  CorruptData: "com.dynoxide.exchange#CorruptData";
  /** importDatabase was given a file that is not a database this engine wrote. */
  InvalidDatabase: "com.dynoxide.exchange#InvalidDatabase";
}>;

/** Progress of exportTable (`bytes`: gzip bytes so far) and importTable (`done` once committed). */
export interface TransferProgress {
  items: number;
  bytes?: number;
  done?: boolean;
}

export interface ImportTableOptions {
  onProgress?: (progress: TransferProgress) => void;
  /** For plain JSON lines: DescribeTable's answer, TableCreationParameters or a CreateTable request. */
  description?: Record<string, unknown>;
  /** Load into (or create) this table instead of the one the export names. */
  tableName?: string;
}

export interface ImportTableResult {
  TableName: string;
  ImportedItemCount: number;
  ItemCount: number;
  Created: boolean;
}

/** Where a session's data lives: OPFS (survives reloads) or memory. */
export type PersistenceMode = "opfs" | "memory" | "unknown";

/** What the worker answers to `open`. */
export interface OpenDescriptor {
  contractVersion: number;
  /** The worker takes an array of envelopes as one message (EngineClient then batches). */
  batches?: boolean;
  engineVersion: string;
  /** The DynamoDB operations this engine implements. */
  capabilities: string[];
  /** The operations that change nothing (a shared database's followers re-send them to a new leader). */
  readOnlyOperations: string[];
  persistenceMode: "opfs" | "memory";
  name: string;
  /**
   * Boot phases in milliseconds (sqliteMs, openMs, pythonMs, engineMs,
   * totalMs; pythonMs only on the open that started Python), and `snapshot`:
   * how Python started: "restored" (local OPFS snapshot), "shipped" (the
   * snapshot in dist/), "background" (cold; a second worker makes the local
   * snapshot once this one is idle), "made" (cold, snapshot taken during the
   * boot: `?snapshot=local`, the build's own) or "none" (cold, no OPFS).
   */
  timings: Record<string, number | string>;
}

/** The answer of `dispatchHttp`: write it back verbatim. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A failure from the engine or the worker. `type` is DynamoDB's `__type`
 * (e.g. "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"; an
 * engine failure is DynamoDB's InternalServerError, its details only in the
 * worker's console) or one of the host's own, `WasmErrorType`. `message` is
 * "" for the errors DynamoDB sends without one (a body that is not JSON).
 */
export declare class EngineError extends Error {
  constructor(envelope: string, fallbackType?: string);
  readonly name: "EngineError";
  readonly type: WasmErrorType | (string & {});
  /** The parsed error body, with extra fields such as CancellationReasons. */
  readonly body: Record<string, unknown> | null;
  /** The raw JSON envelope. */
  readonly envelope: string;
}

/** A DynamoDB AttributeValue map, as the wire carries items. */
export type AttributeMap = Record<string, Record<string, any>>;

/** One change record, as GetRecords returns it. */
export interface StreamRecord {
  eventID: string;
  eventName: "INSERT" | "MODIFY" | "REMOVE";
  eventVersion: string;
  eventSource: "aws:dynamodb";
  awsRegion: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    /** Increasing decimal digits: resume after it with `{ after }`. */
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: "KEYS_ONLY" | "NEW_IMAGE" | "OLD_IMAGE" | "NEW_AND_OLD_IMAGES";
  };
  /** Only on a TTL deletion: `{ type: "Service", principalId: "dynamodb.amazonaws.com" }`. */
  userIdentity?: { type: string; principalId: string };
}

/** Where a subscription starts reading. */
export type SubscribeFrom = "LATEST" | "TRIM_HORIZON" | { after: string };

export interface SubscribeOptions {
  /**
   * Default "LATEST": records written from now on. "TRIM_HORIZON": every
   * record still kept. `{ after }`: the records after that SequenceNumber
   * (resume after a reload).
   */
  from?: SubscribeFrom;
  /** The subscription failed to start (an EngineError), or onRecords threw. */
  onError?: (error: unknown) => void;
}

/** Stops the subscription; no callback runs once it has been called. */
export interface Unsubscribe {
  (): void;
  /**
   * Settles once the worker has the subscription (the records a "TRIM_HORIZON"
   * or `{ after }` start finds have been delivered by then); rejects with an
   * EngineError (ResourceNotFoundException, TrimmedDataAccessException, ...).
   */
  readonly ready: Promise<void>;
}

export interface EngineClientOptions {
  /** Database name; each name is its own OPFS pool. Default "dynoxide". */
  name?: string;
  /** Keep the data in memory only. Default false. */
  ephemeral?: boolean;
  /**
   * Allow streams: StreamSpecification, the four stream operations and
   * `subscribe`. Default false: a StreamSpecification that enables a stream
   * is refused (ValidationException) and the table left as it was.
   */
  streams?: boolean;
  /**
   * The database's region: the one its ARNs (TableArn, StreamArn, backups)
   * and DescribeEndpoints carry, and the one a table ARN given as a
   * TableName must name. A worker's database has one region, which every
   * request reaches whatever region an SDK signs it for. Default "us-east-1".
   */
  region?: string;
  /**
   * Share the database with every tab of the origin that opens the same name
   * with `shared: true`: one tab (elected with Web Locks) holds it, the
   * others forward to it. Not with `ephemeral`. Default false.
   */
  shared?: boolean;
  /** URL of dist/dynoxide-worker.js. */
  workerUrl?: string | URL;
  /** Directory serving dist/'s files (absolute, or relative to the page); the worker is resolved inside it. */
  assetBase?: string | URL;
  /** A factory for a Worker-like object (tests). */
  createWorker?: () => Worker;
}

/** The origin's storage, as `storageEstimate()` reports it (bytes). */
export interface StorageEstimate {
  usage: number | null;
  quota: number | null;
  /** Whether the browser granted persistent storage. */
  persisted: boolean;
}

/**
 * A page's handle on the engine. A shared client dispatches "rolechange"
 * (a CustomEvent whose `detail.role` is the new role) when its tab starts or
 * stops leading. While the database opens, "progress" events (CustomEvent,
 * `detail.phase`: "sqlite" loading SQLite, "open" opening the database's
 * files, "python" starting Python with the engine, "session" opening the
 * engine on the database) say what the worker is doing.
 */
export declare class EngineClient extends EventTarget {
  constructor(options?: EngineClientOptions);
  readonly name: string;
  readonly ephemeral: boolean;
  /** Whether this client opened its database with streams allowed. */
  readonly streams: boolean;
  /** The region this client asked for; null when it left the default (us-east-1). */
  readonly region: string | null;
  /** Whether this client shares its database with other tabs. */
  readonly shared: boolean;
  /** A shared client's role ("leader" holds the database); null when not shared or not yet known. */
  role: "leader" | "follower" | null;
  contractVersion: number | null;
  engineVersion: string | null;
  capabilities: string[];
  persistenceMode: PersistenceMode;
  timings: Record<string, number | string> | null;
  /** True when the database persists across reloads. */
  readonly persistent: boolean;
  /** True once the worker is gone; every call then rejects. */
  readonly dead: boolean;
  /** Resolves once the database is open; rejects with an EngineError. */
  ready(): Promise<OpenDescriptor>;
  supports(op: string): boolean;
  /** Run one DynamoDB operation; resolves with its response. */
  execute<T = Record<string, any>>(op: string, request?: Record<string, any>): Promise<T>;
  /**
   * One whole DynamoDB JSON 1.0 request through the engine's wire layer.
   * `contentType`: the request's Content-Type ("" when absent); omit it when
   * no HTTP request is behind the call.
   */
  dispatchHttp(target: string | null, body: string, options?: { contentType?: string }): Promise<HttpResponse>;
  /**
   * Receive a table's stream records as their writes commit (needs
   * `streams: true`): arrays of GetRecords-shaped records, in commit order,
   * each once, delivered before the reply of the write that made them. The
   * table must have (or have had) a stream; a re-enabled stream is followed.
   */
  subscribe(tableName: string, onRecords: (records: StreamRecord[]) => void, options?: SubscribeOptions): Unsubscribe;
  /** Ask the browser to keep this origin's storage when space is short; resolves with its answer. */
  persist(): Promise<boolean>;
  /** The origin's storage use and quota. */
  storageEstimate(): Promise<StorageEstimate>;
  /** One table as a tar Blob in DynamoDB's export format (DYNAMODB_JSON), one point in time. */
  exportTable(tableName: string, options?: { onProgress?: (progress: TransferProgress) => void }): Promise<Blob>;
  /** Load one table's export (or DynamoDB JSON lines); creates the table when missing; all or nothing. */
  importTable(source: Blob | ReadableStream<Uint8Array>, options?: ImportTableOptions): Promise<ImportTableResult>;
  /** The whole database as an SQLite file. */
  exportDatabase(): Promise<Blob>;
  /** Replace the database with an SQLite file this engine wrote (checked first; a bad file changes nothing). */
  importDatabase(file: Blob | ArrayBuffer | Uint8Array): Promise<OpenDescriptor>;
  /** Release the database (and its OPFS handles); the worker stays. A shared client leaves its group. */
  close(): Promise<{ closed: true }>;
  /** Stop the worker; pending and later calls reject. A shared client leaves its group. */
  terminate(): void;
}
