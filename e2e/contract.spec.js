// The browser contract: the built dist/ worker, through the harness page,
// with real OPFS persistence. Each behaviour the contract names has a test here.
import { expect } from "@playwright/test";
import { openHarness, test, SONGS, SIMPLE, WITH_GENRE_INDEX, uniqueName } from "./helpers.js";

test.beforeEach(async ({ page }) => openHarness(page));

test("writes land in OPFS and a filtered scan counts fewer items than it read", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    for (const [title, mood] of [["one", "calm"], ["two", "loud"], ["three", "calm"]]) {
      await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "x" }, title: { S: title }, mood: { S: mood } } });
    }
    const query = await db.execute("Query", {
      TableName: "Songs", KeyConditionExpression: "artist = :a", ExpressionAttributeValues: { ":a": { S: "x" } },
    });
    const scan = await db.execute("Scan", {
      TableName: "Songs", FilterExpression: "mood = :m", ExpressionAttributeValues: { ":m": { S: "calm" } },
    });
    db.terminate();
    return { mode: db.persistenceMode, query: query.Count, count: scan.Count, scanned: scan.ScannedCount };
  }, { table: SONGS, name: uniqueName("crud") });
  expect(out).toEqual({ mode: "opfs", query: 3, count: 2, scanned: 3 });
});

test("an operation without a request body (ListTables) succeeds", async ({ page }) => {
  const names = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    const listed = await db.execute("ListTables");
    db.terminate();
    return listed.TableNames;
  }, { table: SIMPLE, name: uniqueName("list") });
  expect(names).toEqual(["Simple"]);
});

test("a new client on the same name straight after a terminate sees the data", async ({ page }) => {
  const name = uniqueName("reload");
  await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "kept" } } });
    db.terminate();
  }, { table: SIMPLE, name });
  // No pause: the open itself waits out the terminated worker's handle release.
  const out = await page.evaluate(async (name) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    const got = await db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "kept" } } });
    db.terminate();
    return { mode: db.persistenceMode, item: got.Item };
  }, name);
  expect(out).toEqual({ mode: "opfs", item: { id: { S: "kept" } } });
});

test("a second client on a held database fails with OpfsUnavailable, never a silent in-memory fork", async ({ page }) => {
  const out = await page.evaluate(async (name) => {
    const holder = globalThis.dynoxide.makeClient({ name });
    await holder.ready();
    const second = globalThis.dynoxide.makeClient({ name });
    let error = null;
    try {
      await second.ready();
    } catch (e) {
      error = { type: e.type, message: e.message, isEngineError: e instanceof globalThis.dynoxide.EngineError };
    }
    const result = { holder: holder.persistenceMode, second: second.persistenceMode, error };
    holder.terminate();
    second.terminate();
    return result;
  }, uniqueName("busy"));
  expect(out.holder).toBe("opfs");
  expect(out.second).not.toBe("memory");
  expect(out.error.type).toBe("com.dynoxide.wasm#OpfsUnavailable");
  expect(out.error.message).toMatch(/busy|OPFS/i);
  expect(out.error.isEngineError).toBe(true);
});

test("a re-open that fails busy keeps the worker's current database usable", async ({ page }) => {
  const out = await page.evaluate(async ({ table, a, b }) => {
    const w1 = globalThis.dynoxide.makeRawWorker();
    await w1.open(a);
    await w1.execute("CreateTable", table);
    await w1.execute("PutItem", { TableName: "Simple", Item: { id: { S: "1" } } });
    const w2 = globalThis.dynoxide.makeRawWorker();
    await w2.open(b);
    let error = null;
    try {
      await w1.open(b);
    } catch (e) {
      error = JSON.parse(e.message);
    }
    const scan = await w1.execute("Scan", { TableName: "Simple" });
    w1.terminate();
    w2.terminate();
    return { type: error && error.__type, count: scan.Count };
  }, { table: SIMPLE, a: uniqueName("keepA"), b: uniqueName("keepB") });
  expect(out).toEqual({ type: "com.dynoxide.wasm#OpfsUnavailable", count: 1 });
});

test("re-opening the same name keeps its rows; switching names releases the old one intact", async ({ page }) => {
  const out = await page.evaluate(async ({ table, a, b }) => {
    const w = globalThis.dynoxide.makeRawWorker();
    const first = await w.open(a);
    await w.execute("CreateTable", table);
    await w.execute("PutItem", { TableName: "Simple", Item: { id: { S: "a1" } } });
    await w.open(a);
    const same = (await w.execute("Scan", { TableName: "Simple" })).Count;
    await w.open(b);
    const listedInB = (await w.execute("ListTables", {})).TableNames;
    const other = await globalThis.dynoxide.untilReleased(async () => {
      const probe = globalThis.dynoxide.makeRawWorker();
      try {
        const opened = await probe.open(a);
        return { mode: opened.persistenceMode, count: (await probe.execute("Scan", { TableName: "Simple" })).Count };
      } finally {
        probe.terminate();
      }
    });
    w.terminate();
    return { mode: first.persistenceMode, same, listedInB, other };
  }, { table: SIMPLE, a: uniqueName("swA"), b: uniqueName("swB") });
  expect(out).toEqual({ mode: "opfs", same: 1, listedInB: [], other: { mode: "opfs", count: 1 } });
});

test("an op the worker does not know is rejected as UnsupportedOperation", async ({ page }) => {
  const error = await page.evaluate(async () => {
    const w = globalThis.dynoxide.makeRawWorker();
    try {
      await w.call("smoke", {});
      return null;
    } catch (e) {
      return JSON.parse(e.message);
    } finally {
      w.terminate();
    }
  });
  expect(error.__type).toBe("com.dynoxide.wasm#UnsupportedOperation");
  expect(error.message).toMatch(/unknown op/);
});

test("OPFS persistence needs no cross-origin isolation", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "x" } } });
    const count = (await db.execute("Scan", { TableName: "Simple" })).Count;
    db.terminate();
    return { isolated: globalThis.crossOriginIsolated, mode: db.persistenceMode, count };
  }, { table: SIMPLE, name: uniqueName("noiso") });
  expect(out).toEqual({ isolated: false, mode: "opfs", count: 1 });
});

test("persistent opens report opfs and ephemeral ones memory", async ({ page }) => {
  const out = await page.evaluate(async ({ p, e }) => {
    const w1 = globalThis.dynoxide.makeRawWorker();
    const persistent = await w1.open(p);
    w1.terminate();
    const w2 = globalThis.dynoxide.makeRawWorker();
    const ephemeral = await w2.open(e, true);
    w2.terminate();
    return [persistent.persistenceMode, ephemeral.persistenceMode];
  }, { p: uniqueName("modeP"), e: uniqueName("modeE") });
  expect(out).toEqual(["opfs", "memory"]);
});

test("a busy failure is not sticky: the same worker opens once the holder lets go", async ({ page }) => {
  const out = await page.evaluate(async (name) => {
    const holder = globalThis.dynoxide.makeRawWorker();
    await holder.open(name);
    const waiter = globalThis.dynoxide.makeRawWorker();
    let first = null;
    try {
      await waiter.open(name);
    } catch (e) {
      first = JSON.parse(e.message).__type;
    }
    holder.terminate();
    // The same worker that saw the busy failure opens it: the failure was not cached.
    const mode = (await globalThis.dynoxide.untilReleased(() => waiter.open(name))).persistenceMode;
    waiter.terminate();
    return { first, mode };
  }, uniqueName("recover"));
  expect(out).toEqual({ first: "com.dynoxide.wasm#OpfsUnavailable", mode: "opfs" });
});

test("numbers beyond 2^53 come back digit for digit", async ({ page }) => {
  const value = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "x" }, title: { S: "y" }, plays: { N: "9007199254740993" } } });
    const read = await db.execute("Query", {
      TableName: "Songs", KeyConditionExpression: "artist = :a", ExpressionAttributeValues: { ":a": { S: "x" } },
    });
    db.terminate();
    return read.Items[0].plays.N;
  }, { table: SONGS, name: uniqueName("big") });
  expect(value).toBe("9007199254740993");
});

test("parallel scan segments of a GSI partition the full scan exactly", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", {
      ...table,
      GlobalSecondaryIndexes: [{ IndexName: "byGenre", KeySchema: [{ AttributeName: "genre", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" } }],
    });
    for (let i = 0; i < 30; i += 1) {
      await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: `a${i}` }, title: { S: "t" }, genre: { S: `g${i % 4}` } } });
    }
    const keyOf = (item) => item.artist.S;
    const full = (await db.execute("Scan", { TableName: "Songs", IndexName: "byGenre" })).Items.map(keyOf).sort();
    const parts = [];
    for (let segment = 0; segment < 3; segment += 1) {
      const page = await db.execute("Scan", { TableName: "Songs", IndexName: "byGenre", Segment: segment, TotalSegments: 3 });
      parts.push(...page.Items.map(keyOf));
    }
    db.terminate();
    return { full: full.length, unique: new Set(parts).size === parts.length, same: JSON.stringify(parts.sort()) === JSON.stringify(full) };
  }, { table: WITH_GENRE_INDEX, name: uniqueName("segments") });
  expect(out).toEqual({ full: 30, unique: true, same: true });
});

test("several tables with many rows stay within the SAH pool", async ({ page }) => {
  const total = await page.evaluate(async (name) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    let total = 0;
    for (let t = 0; t < 6; t += 1) {
      const TableName = `Pool${t}`;
      await db.execute("CreateTable", {
        TableName, BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "S" }],
      });
      await db.execute("BatchWriteItem", { RequestItems: { [TableName]: Array.from({ length: 20 }, (_, i) => (
        { PutRequest: { Item: { pk: { S: `p${i % 5}` }, sk: { S: `s${i}` } } } })) } });
      total += (await db.execute("Scan", { TableName })).Count;
    }
    db.terminate();
    return total;
  }, uniqueName("pool"));
  expect(total).toBe(120);
});
