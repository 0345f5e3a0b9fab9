/**
 * The AWS SDK for JavaScript v3 against the in-browser engine: pass an
 * EngineRequestHandler as a DynamoDBClient's `requestHandler`, and each
 * request goes to the worker's `dispatchHttp` (the engine's wire layer)
 * instead of the network. See sdk-request-handler.js for an example.
 */
import type { HttpResponse } from "./engine-client.js";

/** What the handler needs of an engine: EngineClient has it. */
export interface HttpDispatcher {
  dispatchHttp(target: string | null, body: string, options?: { contentType?: string }): Promise<HttpResponse>;
}

/** The parts of the SDK's HttpRequest the handler reads. */
export interface SdkHttpRequest {
  headers?: Record<string, string>;
  /** A string or bytes; a streamed body is refused with a TypeError. */
  body?: string | Uint8Array | ArrayBuffer | null;
}

/** The SDK's HttpResponse, as the handler builds it. */
export interface SdkHttpResponse {
  statusCode: number;
  reason: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export declare class EngineRequestHandler {
  constructor(engine: HttpDispatcher);
  readonly engine: HttpDispatcher;
  /** Rejects with an Error named "AbortError" when `abortSignal` is already aborted. */
  handle(request: SdkHttpRequest, options?: { abortSignal?: { aborted: boolean } }): Promise<{ response: SdkHttpResponse }>;
  updateHttpClientConfig(key?: unknown, value?: unknown): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}
