// Tables and their indexes in the browser engine: UpdateTable (adding and
// deleting a GSI, settings, the refused stream specification), a new index
// persisting across a reload, and index upkeep on overwrite and delete.
import { expect } from "@playwright/test";
import { openHarness, test, SONGS, SIMPLE, WITH_GENRE_INDEX, uniqueName } from "./helpers.js";

test.beforeEach(async ({ page }) => openHarness(page));

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
  // Opened once the terminated worker has let go of the database.
  const items = await page.evaluate((name) => globalThis.dynoxide.untilReleased(async () => {
    const db = globalThis.dynoxide.makeClient({ name });
    try {
      await db.ready();
      const q = await db.execute("Query", { TableName: "Songs", IndexName: "byGenre", KeyConditionExpression: "genre = :g",
        ExpressionAttributeValues: { ":g": { S: "rock" } } });
      return q.Items;
    } finally {
      db.terminate();
    }
  }), name);
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
