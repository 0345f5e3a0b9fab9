/**
 * The AWS SDK for JavaScript v3 against the in-browser engine.
 *
 *   import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
 *   import { EngineClient } from "./engine-client.js";
 *   import { EngineRequestHandler } from "./sdk-request-handler.js";
 *
 *   const engine = new EngineClient({ name: "my-app", workerUrl: "/dist/dynoxide-worker.js" });
 *   const ddb = new DynamoDBClient({
 *     region: "us-east-1",
 *     endpoint: "http://dynoxide.invalid",       // never contacted
 *     credentials: { accessKeyId: "x", secretAccessKey: "x" },
 *     requestHandler: new EngineRequestHandler(engine),
 *   });
 *
 * The SDK builds, serialises and signs each request as usual; this handler
 * sends it to the worker's `dispatchHttp` (the engine's own wire layer, the
 * code `dynoxide serve` runs) instead of the network and hands the answer
 * back as the HTTP response. So DocumentClient, retries, paginators and
 * modelled exceptions work unchanged, offline. It depends on nothing from
 * the SDK: it speaks the SDK's request-handler shape.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function header(headers, name) {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function bodyText(body) {
  if (body == null) return "";
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return decoder.decode(body);
  if (body instanceof ArrayBuffer) return decoder.decode(new Uint8Array(body));
  throw new TypeError("dynoxide: a streamed request body is not supported");
}

export class EngineRequestHandler {
  /** @param {{ dispatchHttp(target: string, body: string, options?: { contentType?: string }): Promise<{ status: number, headers: Record<string, string>, body: string }> }} engine */
  constructor(engine) {
    this.engine = engine;
  }

  async handle(request, { abortSignal } = {}) {
    if (abortSignal?.aborted) {
      const err = new Error("Request aborted");
      err.name = "AbortError";
      throw err;
    }
    const answer = await this.engine.dispatchHttp(header(request.headers, "x-amz-target") ?? null,
      bodyText(request.body), { contentType: header(request.headers, "content-type") ?? "" });
    const headers = {};
    for (const [key, value] of Object.entries(answer.headers ?? {})) headers[key.toLowerCase()] = String(value);
    return { response: { statusCode: answer.status, reason: "", headers, body: encoder.encode(answer.body ?? "") } };
  }

  // The rest of the SDK's handler interface: nothing to configure or release.
  updateHttpClientConfig() {}

  httpHandlerConfigs() {
    return {};
  }

  destroy() {}
}
