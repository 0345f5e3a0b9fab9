// The worker itself: durability of acknowledged writes, the RPC envelope's
// edges (contract version, close, capabilities, concurrency) and dead
// workers. Engine behaviour is in engine.spec.js, the browser contract in
// contract.spec.js, boots from the engine snapshot in snapshot.spec.js.
import { expect } from "@playwright/test";
import { openHarness, SIMPLE, test, uniqueName } from "./helpers.js";

test.beforeEach(async ({ page }) => openHarness(page));

// In the page: open a client on `name` once the worker that held it has let
// go (a killed worker or a closed tab releases its OPFS handles late), run
// `use(db)` and terminate it.
const useWhenReleased = ({ name, table }, use) => globalThis.dynoxide.untilReleased(async () => {
  const db = globalThis.dynoxide.makeClient({ name });
  try {
    await db.ready();
    return await use(db, table);
  } finally {
    db.terminate();
  }
});

test("every acknowledged write survives a worker killed right after it", async ({ page }) => {
  const name = uniqueName("crash-durable");
  const written = await page.evaluate(async ({ name, table }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    const n = 300;
    for (let i = 0; i < n; i += 1) {
      await db.execute("PutItem", { TableName: table.TableName, Item: { id: { S: `k${i}` }, v: { N: String(i) } } });
    }
    db.terminate(); // no close: the worker dies with the last write just acknowledged
    return n;
  }, { name, table: SIMPLE });

  const seen = await page.evaluate(`(${useWhenReleased})(${JSON.stringify({ name, table: SIMPLE })}, async (db, table) => {
    const scan = await db.execute("Scan", { TableName: table.TableName, Select: "COUNT" });
    const last = await db.execute("GetItem", { TableName: table.TableName, Key: { id: { S: "k299" } } });
    return { count: scan.Count, last: last.Item.v.N, mode: db.persistenceMode };
  })`);
  expect(seen).toEqual({ count: written, last: "299", mode: "opfs" });
});

test("a closed tab loses nothing it was told was written", async ({ page, context }) => {
  const name = uniqueName("tab-durable");
  const tab = await context.newPage();
  await openHarness(tab);
  await tab.evaluate(async ({ name, table }) => {
    globalThis.db = globalThis.dynoxide.makeClient({ name });
    await globalThis.db.ready();
    await globalThis.db.execute("CreateTable", table);
    for (let i = 0; i < 100; i += 1) {
      await globalThis.db.execute("PutItem", { TableName: table.TableName, Item: { id: { S: `k${i}` } } });
    }
  }, { name, table: SIMPLE });
  await tab.close(); // the tab goes away with its worker still holding the database

  const count = await page.evaluate(`(${useWhenReleased})(${JSON.stringify({ name, table: SIMPLE })},
    async (db, table) => (await db.execute("Scan", { TableName: table.TableName, Select: "COUNT" })).Count)`);
  expect(count).toBe(100);
});

test("a client of another contract version is refused loudly; the matching one is served", async ({ page }) => {
  const out = await page.evaluate(async () => {
    const w = globalThis.dynoxide.makeRawWorker();
    const { CONTRACT_VERSION } = globalThis.dynoxide;
    let refused = null;
    try {
      await w.call("open", { name: "contract", ephemeral: true }, { contractVersion: CONTRACT_VERSION + 1 });
    } catch (e) {
      refused = JSON.parse(e.message);
    }
    const served = JSON.parse(await w.call("open", { name: "contract", ephemeral: true }, { contractVersion: CONTRACT_VERSION }));
    w.terminate();
    return { refused, served: served.contractVersion, expected: CONTRACT_VERSION };
  });
  expect(out.refused.__type).toBe("com.dynoxide.wasm#ContractMismatch");
  expect(out.refused.message).toMatch(/contract/);
  expect(out.served).toBe(out.expected);
});

test("execute without an operation name is a typed InvalidRequest", async ({ page }) => {
  const error = await page.evaluate(async () => {
    const w = globalThis.dynoxide.makeRawWorker();
    await w.open(`noop-${crypto.randomUUID()}`, true);
    try {
      await w.call("execute", { request: {} });
      return null;
    } catch (e) {
      return JSON.parse(e.message);
    } finally {
      w.terminate();
    }
  });
  expect(error.__type).toBe("com.dynoxide.wasm#InvalidRequest");
});

test("close releases the database to another worker, and the worker can open it again", async ({ page }) => {
  const out = await page.evaluate(async (table) => {
    const name = `close-${crypto.randomUUID()}`;
    const w1 = globalThis.dynoxide.makeRawWorker();
    await w1.open(name);
    await w1.execute("CreateTable", table);
    await w1.execute("PutItem", { TableName: table.TableName, Item: { id: { S: "a" } } });
    const closed = await w1.close();
    let afterClose = null;
    try {
      await w1.execute("ListTables", {});
    } catch (e) {
      afterClose = JSON.parse(e.message).__type;
    }
    const w2 = globalThis.dynoxide.makeRawWorker();
    const other = await w2.open(name);
    await w2.execute("PutItem", { TableName: table.TableName, Item: { id: { S: "b" } } });
    w2.terminate();
    const again = await globalThis.dynoxide.untilReleased(() => w1.open(name));
    const count = (await w1.execute("Scan", { TableName: table.TableName })).Count;
    w1.terminate();
    return { closed, afterClose, otherMode: other.persistenceMode, againMode: again && again.persistenceMode, count };
  }, SIMPLE);
  expect(out.closed).toEqual({ closed: true });
  expect(out.afterClose).toBe("com.dynoxide.wasm#EngineNotOpened");
  expect(out.otherMode).toBe("opfs");
  expect(out.againMode).toBe("opfs");
  expect(out.count).toBe(2);
});

test("capabilities are answered before any open and name the engine's operations", async ({ page }) => {
  const caps = await page.evaluate(async () => {
    const w = globalThis.dynoxide.makeRawWorker();
    try {
      return await w.capabilities();
    } finally {
      w.terminate();
    }
  });
  expect(caps.contractVersion).toBe(1);
  expect(caps.engineVersion).toMatch(/^\d+\.\d+/);
  expect(caps.capabilities).toEqual(expect.arrayContaining(["CreateTable", "PutItem", "GetItem", "Query", "Scan"]));
});

test("many requests in flight at once are all answered, each with its own response", async ({ page }) => {
  const out = await page.evaluate(async (table) => {
    const db = globalThis.dynoxide.makeClient({ name: `flight-${crypto.randomUUID()}` });
    await db.ready();
    await db.execute("CreateTable", table);
    const n = 200;
    await Promise.all(Array.from({ length: n }, (_, i) =>
      db.execute("PutItem", { TableName: table.TableName, Item: { id: { S: `k${i}` }, v: { N: String(i) } } })));
    const got = await Promise.all(Array.from({ length: n }, (_, i) =>
      db.execute("GetItem", { TableName: table.TableName, Key: { id: { S: `k${i}` } } })));
    db.terminate();
    return got.every((r, i) => r.Item.v.N === String(i));
  }, SIMPLE);
  expect(out).toBe(true);
});

test("dispatchHttp honours the request's Content-Type as DynamoDB does", async ({ page }) => {
  const out = await page.evaluate(async () => {
    const db = globalThis.dynoxide.makeClient({ name: `ctype-${crypto.randomUUID()}`, ephemeral: true });
    await db.ready();
    const amz = await db.dispatchHttp("DynamoDB_20120810.ListTables", "{}", { contentType: "application/x-amz-json-1.0" });
    const json = await db.dispatchHttp("DynamoDB_20120810.ListTables", "{}", { contentType: "application/json" });
    const text = await db.dispatchHttp("DynamoDB_20120810.ListTables", "{}", { contentType: "text/plain" });
    db.terminate();
    const type = (r) => Object.entries(r.headers).find(([k]) => k.toLowerCase() === "content-type")?.[1];
    return { amz: [amz.status, type(amz)], json: [json.status, type(json)], text: text.status };
  });
  expect(out.amz).toEqual([200, "application/x-amz-json-1.0"]);
  expect(out.json[0]).toBe(200);
  expect(out.json[1]).toMatch(/^application\/json/);
  expect(out.text).toBe(404);
});

test("a worker that crashes with an uncaught error rejects what is pending and what follows", async ({ page }) => {
  const out = await page.evaluate(async () => {
    // A stand-in worker that opens fine, then dies on the first request.
    const source = `
      self.onmessage = (event) => {
        const { id, op } = event.data;
        if (op === "open") {
          self.postMessage({ id, ok: true, result: JSON.stringify({ contractVersion: 1, capabilities: [], persistenceMode: "memory" }) });
        } else {
          setTimeout(() => { throw new Error("boom"); });
        }
      };`;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    const db = new globalThis.dynoxide.EngineClient({ createWorker: () => new Worker(url) });
    await db.ready();
    const settle = (p) => p.then(() => "resolved", (e) => ({ type: e.type, message: e.message }));
    const pending = await settle(db.execute("ListTables", {}));
    const later = await settle(db.execute("ListTables", {}));
    db.terminate();
    return { pending, later, dead: db.dead };
  });
  expect(out.pending.type).toBe("com.dynoxide.wasm#WorkerDead");
  expect(out.pending.message).toMatch(/boom/);
  expect(out.later.type).toBe("com.dynoxide.wasm#WorkerDead");
  expect(out.dead).toBe(true);
});
