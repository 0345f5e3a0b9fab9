// The browser contract: the built dist/ worker, through the harness page,
// with real OPFS persistence. Each behaviour the contract names has a test here.
import { test, expect } from "@playwright/test";
import { openHarness, SONGS, SIMPLE, WITH_GENRE_INDEX, uniqueName } from "./helpers.js";

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
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    const w = globalThis.dynoxide.makeRawWorker();
    const first = await w.open(a);
    await w.execute("CreateTable", table);
    await w.execute("PutItem", { TableName: "Simple", Item: { id: { S: "a1" } } });
    await w.open(a);
    const same = (await w.execute("Scan", { TableName: "Simple" })).Count;
    await w.open(b);
    const listedInB = (await w.execute("ListTables", {})).TableNames;
    let other = null;
    for (let i = 0; i < 10 && !other; i += 1) {
      const probe = globalThis.dynoxide.makeRawWorker();
      try {
        const opened = await probe.open(a);
        other = { mode: opened.persistenceMode, count: (await probe.execute("Scan", { TableName: "Simple" })).Count };
      } catch {
        await sleep(50);
      } finally {
        probe.terminate();
      }
    }
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
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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
    let mode = null;
    for (let i = 0; i < 20 && !mode; i += 1) {
      try {
        mode = (await waiter.open(name)).persistenceMode;
      } catch {
        await sleep(50);
      }
    }
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

test("UpdateTable backfills a new GSI from existing rows and reports it ACTIVE", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    for (const [title, genre] of [["a", "rock"], ["b", "jazz"], ["c", "rock"]]) {
      await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "x" }, title: { S: title }, genre: { S: genre } } });
    }
    await db.execute("UpdateTable", {
      TableName: "Songs",
      AttributeDefinitions: [{ AttributeName: "genre", AttributeType: "S" }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "byGenre", KeySchema: [{ AttributeName: "genre", KeyType: "HASH" }],
        Projection: { ProjectionType: "ALL" } } }],
    });
    const q = await db.execute("Query", { TableName: "Songs", IndexName: "byGenre", KeyConditionExpression: "genre = :g",
      ExpressionAttributeValues: { ":g": { S: "rock" } } });
    const desc = await db.execute("DescribeTable", { TableName: "Songs" });
    db.terminate();
    return { titles: q.Items.map((i) => i.title.S).sort(), status: desc.Table.GlobalSecondaryIndexes[0].IndexStatus };
  }, { table: SONGS, name: uniqueName("addgsi") });
  expect(out).toEqual({ titles: ["a", "c"], status: "ACTIVE" });
});

test("UpdateTable deletes a GSI: the index stops answering, the table keeps its rows", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", { ...table, GlobalSecondaryIndexes: [{ IndexName: "byGenre",
      KeySchema: [{ AttributeName: "genre", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }] });
    await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "x" }, title: { S: "a" }, genre: { S: "rock" } } });
    await db.execute("UpdateTable", { TableName: "Songs", GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "byGenre" } }] });
    let error = null;
    try {
      await db.execute("Query", { TableName: "Songs", IndexName: "byGenre", KeyConditionExpression: "genre = :g",
        ExpressionAttributeValues: { ":g": { S: "rock" } } });
    } catch (e) {
      error = e.type;
    }
    const count = (await db.execute("Scan", { TableName: "Songs" })).Count;
    db.terminate();
    return { error, count };
  }, { table: WITH_GENRE_INDEX, name: uniqueName("delgsi") });
  expect(out).toEqual({ error: "com.amazon.coral.validate#ValidationException", count: 1 });
});

test("UpdateTable settings (deletion protection, table class, provisioned billing) show in DescribeTable", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("UpdateTable", { TableName: "Simple", DeletionProtectionEnabled: true });
    await db.execute("UpdateTable", { TableName: "Simple", TableClass: "STANDARD_INFREQUENT_ACCESS" });
    await db.execute("UpdateTable", { TableName: "Simple", BillingMode: "PROVISIONED",
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 6 } });
    const t = (await db.execute("DescribeTable", { TableName: "Simple" })).Table;
    let deleteError = null;
    try {
      await db.execute("DeleteTable", { TableName: "Simple" });
    } catch (e) {
      deleteError = e.type;
    }
    db.terminate();
    return { protect: t.DeletionProtectionEnabled, cls: t.TableClassSummary.TableClass, summary: "BillingModeSummary" in t,
      rcu: t.ProvisionedThroughput.ReadCapacityUnits, wcu: t.ProvisionedThroughput.WriteCapacityUnits, deleteError };
  }, { table: SIMPLE, name: uniqueName("settings") });
  expect(out).toEqual({ protect: true, cls: "STANDARD_INFREQUENT_ACCESS", summary: false, rcu: 5, wcu: 6,
    deleteError: "com.amazon.coral.validate#ValidationException" });
});

test("UpdateTable with a StreamSpecification is refused in the browser and changes nothing", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "x" } } });
    let message = null;
    try {
      await db.execute("UpdateTable", { TableName: "Simple", StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } });
    } catch (e) {
      message = e.message;
    }
    const t = (await db.execute("DescribeTable", { TableName: "Simple" })).Table;
    db.terminate();
    return { message, count: t.ItemCount, stream: "StreamSpecification" in t };
  }, { table: SIMPLE, name: uniqueName("stream") });
  expect(out.message).toMatch(/not supported|streams/i);
  expect(out.count).toBe(1);
  expect(out.stream).toBe(false);
});

test("a GSI added to a populated table is still there after a reload", async ({ page }) => {
  const name = uniqueName("gsireload");
  await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "x" }, title: { S: "a" }, genre: { S: "rock" } } });
    await db.execute("UpdateTable", { TableName: "Songs", AttributeDefinitions: [{ AttributeName: "genre", AttributeType: "S" }],
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "byGenre", KeySchema: [{ AttributeName: "genre", KeyType: "HASH" }],
        Projection: { ProjectionType: "KEYS_ONLY" } } }] });
    db.terminate();
  }, { table: SONGS, name });
  await page.waitForTimeout(150);
  const items = await page.evaluate(async (name) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    const q = await db.execute("Query", { TableName: "Songs", IndexName: "byGenre", KeyConditionExpression: "genre = :g",
      ExpressionAttributeValues: { ":g": { S: "rock" } } });
    db.terminate();
    return q.Items;
  }, name);
  expect(items).toEqual([{ artist: { S: "x" }, title: { S: "a" }, genre: { S: "rock" } }]);
});

test("overwrites and deletes keep a GSI and an LSI in step", async ({ page }) => {
  const out = await page.evaluate(async (name) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", {
      TableName: "Fan", BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      AttributeDefinitions: ["pk", "sk", "g", "l"].map((n) => ({ AttributeName: n, AttributeType: "S" })),
      GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
      LocalSecondaryIndexes: [{ IndexName: "byL", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "l", KeyType: "RANGE" }],
        Projection: { ProjectionType: "KEYS_ONLY" } }],
    });
    const put = (g, l) => db.execute("PutItem", { TableName: "Fan", Item: { pk: { S: "p" }, sk: { S: "s" }, g: { S: g }, l: { S: l } } });
    const gsi = async (g) => (await db.execute("Query", { TableName: "Fan", IndexName: "byG", KeyConditionExpression: "g = :g",
      ExpressionAttributeValues: { ":g": { S: g } } })).Count;
    const lsi = async () => (await db.execute("Query", { TableName: "Fan", IndexName: "byL", KeyConditionExpression: "pk = :p",
      ExpressionAttributeValues: { ":p": { S: "p" } } })).Items.map((i) => i.l.S);
    const steps = [];
    await put("g1", "l1");
    steps.push([await gsi("g1"), await lsi()]);
    await put("g2", "l2");
    steps.push([await gsi("g1"), await gsi("g2"), await lsi()]);
    await db.execute("DeleteItem", { TableName: "Fan", Key: { pk: { S: "p" }, sk: { S: "s" } } });
    steps.push([await gsi("g2"), await lsi()]);
    db.terminate();
    return steps;
  }, uniqueName("fanout"));
  expect(out).toEqual([[1, ["l1"]], [0, 1, ["l2"]], [0, []]]);
});
