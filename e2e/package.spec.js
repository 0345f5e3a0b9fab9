// The npm package as a web app gets it: `npm pack` here, the tarball
// installed into a scratch app outside the repository, then used two ways:
// bundled with esbuild (dist/ copied to the app's static files, found through
// `assetBase`), and unbundled from node_modules through an import map (the
// worker found beside the module, with no option at all). Each loads in
// Chromium and puts and gets an item.
import { test, expect } from "@playwright/test";
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStaticServer } from "./static-server.mjs";
import { uniqueName } from "./helpers.js";

test.describe.configure({ mode: "serial" });

const repo = new URL("..", import.meta.url).pathname;
let app;
let server;
let origin;

// What both pages run: create a table, put an item, get it back, through
// EngineClient and, for the bundle, through the SDK request handler too.
const APP = `
export async function run(EngineClient, options) {
  const db = new EngineClient({ name: options.name, ...options.client });
  await db.ready();
  await db.execute("CreateTable", { TableName: "Notes", BillingMode: "PAY_PER_REQUEST",
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] });
  await db.execute("PutItem", { TableName: "Notes", Item: { id: { S: "n1" }, text: { S: "hello" } } });
  const got = await db.execute("GetItem", { TableName: "Notes", Key: { id: { S: "n1" } } });
  return { db, item: got.Item, mode: db.persistenceMode };
}
`;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  app = mkdtempSync(join(tmpdir(), "dynoxide-app-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", app], { cwd: repo, encoding: "utf8" })
    .trim().split("\n").pop();
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", join(app, packed)], { cwd: app, stdio: "pipe" });

  writeFileSync(join(app, "run.js"), APP);
  // Bundled: the app imports the package by name, as a web app would.
  writeFileSync(join(app, "main.js"), `
import { EngineClient, EngineError } from "dynoxide-browser";
import { EngineRequestHandler } from "dynoxide-browser/sdk-request-handler";
import { run } from "./run.js";
globalThis.useBundle = async (name) => {
  const { db, item, mode } = await run(EngineClient, { name, client: { assetBase: "/public/static/dynoxide/" } });
  const handler = new EngineRequestHandler(db);
  const { response } = await handler.handle({ headers: { "X-Amz-Target": "DynamoDB_20120810.ListTables",
    "Content-Type": "application/x-amz-json-1.0" }, body: "{}" });
  const tables = JSON.parse(new TextDecoder().decode(response.body)).TableNames;
  db.terminate();
  return { item, mode, tables, errorClass: typeof EngineError };
};
`);
  mkdirSync(join(app, "public"));
  await build({ entryPoints: [join(app, "main.js")], bundle: true, format: "esm", outfile: join(app, "public", "bundle.js"),
    logLevel: "warning" });
  cpSync(join(app, "node_modules", "dynoxide-browser", "dist"), join(app, "public", "static", "dynoxide"), { recursive: true });
  writeFileSync(join(app, "public", "index.html"), `<!doctype html><script type="module" src="/public/bundle.js"></script>`);
  // Unbundled: an import map names the installed module; no worker option.
  writeFileSync(join(app, "public", "plain.html"), `<!doctype html>
<script type="importmap">{ "imports": { "dynoxide-browser": "/node_modules/dynoxide-browser/js/engine-client.js" } }</script>
<script type="module">
import { EngineClient } from "dynoxide-browser";
import { run } from "/run.js";
globalThis.usePlain = async (name) => {
  const { db, item, mode } = await run(EngineClient, { name, client: {} });
  db.terminate();
  return { item, mode };
};
</script>`);
  server = await startStaticServer({ port: 0, root: app });
  origin = `http://127.0.0.1:${server.address().port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (app) rmSync(app, { recursive: true, force: true });
});

test("the packed package ships the client, the SDK handler, their types and dist/, and nothing else", async () => {
  const installed = join(app, "node_modules", "dynoxide-browser");
  expect(readdirSync(join(installed, "js")).sort()).toEqual([
    "contract.js", "engine-client.d.ts", "engine-client.js", "exchange.js", "md5.js", "sdk-request-handler.d.ts",
    "sdk-request-handler.js", "tabs.js"]);
  expect(readdirSync(join(installed, "dist"))).toContain("manifest.json");
});

test("bundled with esbuild, the app puts and gets through EngineClient and the SDK handler", async ({ page }) => {
  await page.goto(`${origin}/public/index.html`);
  await page.waitForFunction(() => typeof globalThis.useBundle === "function");
  const out = await page.evaluate((name) => globalThis.useBundle(name), uniqueName("bundled"));
  expect(out).toEqual({ item: { id: { S: "n1" }, text: { S: "hello" } }, mode: "opfs", tables: ["Notes"], errorClass: "function" });
});

test("unbundled through an import map, the worker is found beside the module with no option", async ({ page }) => {
  await page.goto(`${origin}/public/plain.html`);
  await page.waitForFunction(() => typeof globalThis.usePlain === "function");
  const out = await page.evaluate((name) => globalThis.usePlain(name), uniqueName("plain"));
  expect(out).toEqual({ item: { id: { S: "n1" }, text: { S: "hello" } }, mode: "opfs" });
});
