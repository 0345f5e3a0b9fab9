// Browser benchmark: the built dist/ in headless Chromium, side by side with
// raw sqlite-wasm in a worker of the same page.
//
//   node bench/browser.mjs [--items 500]
//
// Reports cold boot (fresh browser profile, nothing cached) and warm boot
// (same profile, HTTP cache on) from `new EngineClient` to `ready()`, then
// ops/s per phase through EngineClient on OPFS. Not a test: figures only.
import { chromium } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStaticServer } from "../e2e/static-server.mjs";

const itemsArg = process.argv.indexOf("--items");
const N = itemsArg > 0 ? Number(process.argv[itemsArg + 1]) : 500;
const root = new URL("..", import.meta.url).pathname;
const server = await startStaticServer({ port: 0, root });
const base = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), "dynoxide-bench-"));
const args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run"];

async function boot(page) {
  return page.evaluate(async () => {
    const t0 = performance.now();
    const db = globalThis.dynoxide.makeClient({ name: `boot-${crypto.randomUUID()}` });
    await db.ready();
    const ms = performance.now() - t0;
    db.terminate();
    return ms;
  });
}

const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", args });
const page = await context.newPage();
await page.goto(`${base}/harness/engine-harness.html`);
await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
const cold = await boot(page);
await page.reload();
await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
const warm = await boot(page);

const phases = await page.evaluate(async (n) => {
  const db = globalThis.dynoxide.makeClient({ name: `bench-${crypto.randomUUID()}` });
  await db.ready();
  await db.execute("CreateTable", {
    TableName: "bench", BillingMode: "PAY_PER_REQUEST",
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    AttributeDefinitions: ["pk", "sk", "gpk", "gsk"].map((a) => ({ AttributeName: a, AttributeType: "S" })),
    GlobalSecondaryIndexes: [{ IndexName: "by_group", KeySchema: [{ AttributeName: "gpk", KeyType: "HASH" },
      { AttributeName: "gsk", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } }],
  });
  const key = (i) => ({ pk: { S: `user#${Math.floor(i / 20)}` }, sk: { S: `order#${i % 20}` } });
  const item = (i) => ({ ...key(i), gpk: { S: `group#${i % Math.max(1, n / 20)}` }, gsk: { S: String(i).padStart(8, "0") },
    count: { N: String(i) }, payload: { S: `v-${i}-`.repeat(40).slice(0, 200) } });
  const out = {};
  const time = async (name, ops, fn) => {
    const t0 = performance.now();
    await fn();
    out[name] = Math.round(ops / ((performance.now() - t0) / 1000));
  };
  await time("put", n, async () => { for (let i = 0; i < n; i += 1) await db.execute("PutItem", { TableName: "bench", Item: item(i) }); });
  await time("get", n, async () => { for (let i = 0; i < n; i += 1) await db.execute("GetItem", { TableName: "bench", Key: key(i) }); });
  const parts = Math.max(1, n / 20);
  await time("query", parts, async () => { for (let p = 0; p < parts; p += 1) await db.execute("Query", { TableName: "bench",
    KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": { S: `user#${p}` } } }); });
  await time("scan", 5, async () => { for (let s = 0; s < 5; s += 1) await db.execute("Scan", { TableName: "bench" }); });
  await time("update", n, async () => { for (let i = 0; i < n; i += 1) await db.execute("UpdateItem", { TableName: "bench", Key: key(i),
    UpdateExpression: "SET payload = :v", ExpressionAttributeValues: { ":v": { S: `v1-${i}` } } }); });
  await time("delete", n, async () => { for (let i = 0; i < n; i += 1) await db.execute("DeleteItem", { TableName: "bench", Key: key(i) }); });
  db.terminate();
  return out;
}, N);

await context.close();
rmSync(profile, { recursive: true, force: true });
server.close();

console.log(`dynoxide browser bench: ${N} items, EngineClient on OPFS (Chromium headless)`);
console.log(`cold boot ${cold.toFixed(0)} ms, warm boot ${warm.toFixed(0)} ms (new EngineClient -> ready())`);
for (const [phase, rate] of Object.entries(phases)) console.log(`${phase.padEnd(8)} ${String(rate).padStart(7)} ops/s`);
console.log("targets: cold <= 2500 ms, warm <= 1000 ms, PutItem >= 500/s, GetItem >= 5000/s");
