// GSIs with multi-attribute keys in the browser: the same engine as natively,
// so this checks the key schema, the composite key order and the Query rules
// reach it through EngineClient.execute on OPFS, and that an UpdateTable
// backfills such an index. One page and one worker serve the file.
import { expect } from "@playwright/test";
import { openHarness, test, uniqueName } from "./helpers.js";

test.describe.configure({ mode: "serial" });

const S = (value) => ({ S: value });
const keySchema = (hashes, ranges) => [
  ...hashes.map((AttributeName) => ({ AttributeName, KeyType: "HASH" })),
  ...ranges.map((AttributeName) => ({ AttributeName, KeyType: "RANGE" })),
];
const TASKS = {
  TableName: "Tasks",
  BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  AttributeDefinitions: ["pk", "h", "a", "b", "c"].map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
  GlobalSecondaryIndexes: [{ IndexName: "gsi", KeySchema: keySchema(["h"], ["a", "b", "c"]),
    Projection: { ProjectionType: "ALL" } }],
};
const ITEMS = [
  { pk: "p1", a: "T", b: "live", c: "b" },
  { pk: "p2", a: "T", b: "live", c: "a" },
  { pk: "p3", a: "T", b: "draft", c: "c" },
  { pk: "p4", a: "F", b: "live", c: "a" },
  { pk: "p5", a: "T", b: "live" }, // no c: not in the index
];

let page;

test.beforeAll(async ({ sharedContext }) => {
  page = await sharedContext.newPage();
  await openHarness(page);
  await page.evaluate(async ({ name, table, items }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    for (const item of items) {
      const Item = { h: { S: "o1" } };
      for (const [k, v] of Object.entries(item)) Item[k] = { S: v };
      await db.execute("PutItem", { TableName: "Tasks", Item });
    }
    globalThis.m = { db };
  }, { name: uniqueName("multi-gsi"), table: TASKS, items: ITEMS });
});

test.afterAll(async () => {
  await page.evaluate(() => globalThis.m?.db.terminate()).catch(() => {});
  await page.close();
});

test("DescribeTable shows the key schema and Query reads prefixes in composite order", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.m;
    const query = async (KeyConditionExpression, values, extra = {}) => {
      const res = await db.execute("Query", { TableName: "Tasks", IndexName: "gsi", KeyConditionExpression,
        ExpressionAttributeValues: values, ...extra });
      return { pks: res.Items.map((i) => i.pk.S), last: res.LastEvaluatedKey };
    };
    const h = { ":h": { S: "o1" } };
    return {
      keySchema: (await db.execute("DescribeTable", { TableName: "Tasks" })).Table.GlobalSecondaryIndexes[0].KeySchema,
      all: await query("h = :h", h),
      backwards: await query("h = :h", h, { ScanIndexForward: false }),
      prefix: await query("b = :b AND h = :h AND a = :a", { ...h, ":a": { S: "T" }, ":b": { S: "live" } }),
      ranged: await query("h = :h AND a = :a AND b < :b", { ...h, ":a": { S: "T" }, ":b": { S: "live" } }),
      paged: await query("h = :h AND a = :a", { ...h, ":a": { S: "T" } }, { Limit: 1 }),
    };
  });
  expect(out.keySchema).toEqual(keySchema(["h"], ["a", "b", "c"]));
  expect(out.all.pks).toEqual(["p4", "p3", "p2", "p1"]);
  expect(out.backwards.pks).toEqual(["p1", "p2", "p3", "p4"]);
  expect(out.prefix.pks).toEqual(["p2", "p1"]);
  expect(out.ranged.pks).toEqual(["p3"]);
  expect(out.paged.pks).toEqual(["p3"]);
  expect(Object.keys(out.paged.last).sort()).toEqual(["a", "b", "c", "h", "pk"]);
});

test("a gap in the RANGE attributes gets DynamoDB's message", async () => {
  const error = await page.evaluate(async () => {
    try {
      await globalThis.m.db.execute("Query", { TableName: "Tasks", IndexName: "gsi",
        KeyConditionExpression: "h = :h AND b = :b", ExpressionAttributeValues: { ":h": { S: "o1" }, ":b": { S: "live" } } });
      return null;
    } catch (e) {
      return { type: e.type, message: e.message };
    }
  });
  expect(error).toEqual({
    type: "com.amazon.coral.validate#ValidationException",
    message: "RANGE key attributes a must have equality conditions specified in the query because a condition "
      + "is present on key attribute b",
  });
});

test("UpdateTable creates a multi-attribute index and backfills it", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.m;
    await db.execute("UpdateTable", { TableName: "Tasks",
      AttributeDefinitions: ["b", "a"].map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
      GlobalSecondaryIndexUpdates: [{ Create: { IndexName: "by_state", Projection: { ProjectionType: "KEYS_ONLY" },
        KeySchema: [{ AttributeName: "b", KeyType: "HASH" }, { AttributeName: "a", KeyType: "HASH" }] } }] });
    const res = await db.execute("Query", { TableName: "Tasks", IndexName: "by_state",
      KeyConditionExpression: "a = :a AND b = :b", ExpressionAttributeValues: { ":a": { S: "T" }, ":b": { S: "live" } } });
    const index = (await db.execute("DescribeTable", { TableName: "Tasks" })).Table.GlobalSecondaryIndexes
      .find((i) => i.IndexName === "by_state");
    return { pks: res.Items.map((i) => i.pk.S).sort(), first: res.Items[0], count: index.ItemCount };
  });
  expect(out.pks).toEqual(["p1", "p2", "p5"]);
  expect(Object.keys(out.first).sort()).toEqual(["a", "b", "pk"]);
  expect(out.count).toBe(5);
});
