// Offline-first: a page whose service worker cached the app and dist/
// (harness/offline-sw.js) reloads with the network off, boots the engine
// from the cache and sees the data it wrote online.
import { test, expect } from "@playwright/test";
import { SIMPLE, uniqueName } from "./helpers.js";

test("with the network off, a reload boots the engine from the service worker's cache and reads the data", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on("pageerror", (err) => console.log(`page error: ${err.message}`));
  const name = uniqueName("offline");
  await page.goto("/harness/offline.html");
  await page.evaluate(() => globalThis.offlineReady);

  const online = await page.evaluate(async ({ name, table }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: table.TableName, Item: { id: { S: "written-online" }, n: { N: "1" } } });
    db.terminate();
    return db.persistenceMode;
  }, { name, table: SIMPLE });
  expect(online).toBe("opfs");

  await context.setOffline(true);
  await page.reload();
  const offline = await page.evaluate(async ({ name }) => {
    const reachable = await fetch("/harness/not-cached.txt").then(() => true, () => false);
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    const got = await db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "written-online" } } });
    db.terminate();
    return { reachable, item: got.Item, controlled: navigator.serviceWorker.controller !== null };
  }, { name });
  expect(offline).toEqual({ reachable: false, item: { id: { S: "written-online" }, n: { N: "1" } }, controlled: true });
  await context.close();
});
