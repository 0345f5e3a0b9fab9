// Test infrastructure: a DynamoDB JSON 1.0 endpoint backed by the browser build.
//
//   npm run wasm:serve -- [--port 8010] [--name wasm-serve] [--ephemeral] [--streams]
//
// Starts the static server for the repo root, opens the harness page in
// headless Chromium, creates one EngineClient there, and forwards every POST
// (X-Amz-Target + body) to it through `dispatchHttp`, i.e. through the
// engine's own wire layer running in Pyodide. boto3, the AWS CLI or the
// conformance suite can then exercise dist/ as they would `dynoxide serve`.
// Requests are forwarded one at a time, as the worker serves them.
// --streams opens the database with streams allowed (EngineClient's
// `streams: true`), so DynamoDBStreams_20120810.* requests and stream
// specifications work as they do natively; the worker's TTL timer runs
// either way.
import http from "node:http";
import { chromium } from "@playwright/test";
import { startStaticServer } from "../e2e/static-server.mjs";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] && !process.argv[i + 1].startsWith("--") ? process.argv[i + 1] : fallback;
}

const port = Number(option("port", 8010));
const name = option("name", `wasm-serve-${Date.now()}`);
const ephemeral = process.argv.includes("--ephemeral");
const streams = process.argv.includes("--streams");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const statics = await startStaticServer({ port: 0, root: new URL("..", import.meta.url).pathname });
const staticPort = statics.address().port;
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${staticPort}/harness/engine-harness.html`);
await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
const mode = await page.evaluate(async ({ name, ephemeral, streams }) => {
  globalThis.bridgeClient = globalThis.dynoxide.makeClient({ name, ephemeral, streams });
  await globalThis.bridgeClient.ready();
  return globalThis.bridgeClient.persistenceMode;
}, { name, ephemeral, streams });

let queue = Promise.resolve();
function forward(target, body, contentType) {
  const answer = queue.then(() =>
    page.evaluate(([t, b, c]) => globalThis.bridgeClient.dispatchHttp(t, b, { contentType: c }), [target, body, contentType]));
  queue = answer.catch(() => {});
  return answer;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    if (req.method !== "POST") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("dynoxide wasm bridge\n");
      return;
    }
    try {
      const answer = await forward(req.headers["x-amz-target"] ?? null, Buffer.concat(chunks).toString("utf-8"),
        req.headers["content-type"] ?? "");
      res.writeHead(answer.status, answer.headers).end(answer.body);
    } catch (err) {
      const body = JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#InternalServerError", message: String(err) });
      res.writeHead(500, { "Content-Type": "application/x-amz-json-1.0" }).end(body);
    }
  });
});

server.listen(port, "127.0.0.1", () => {
  console.log(`dynoxide wasm bridge listening on http://127.0.0.1:${server.address().port} (database "${name}", ${mode}${streams ? ", streams allowed" : ""})`);
});

async function stop() {
  server.close();
  await browser.close().catch(() => {});
  statics.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
