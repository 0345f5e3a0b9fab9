// Beyond the contract: DynamoDB behaviour through the browser engine, the
// HTTP-shaped path, and what a client sees when its worker dies.
import { expect } from "@playwright/test";
import { openHarness, test, SIMPLE, SONGS, uniqueName } from "./helpers.js";

test.beforeEach(async ({ page }) => openHarness(page));

test("DynamoDB errors arrive as EngineError with DynamoDB's type and message", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name, ephemeral: true });
    await db.ready();
    await db.execute("CreateTable", table);
    const failures = {};
    const attempt = async (label, op, request) => {
      try {
        await db.execute(op, request);
        failures[label] = null;
      } catch (e) {
        failures[label] = { type: e.type, message: e.message, item: e.body && e.body.Item };
      }
    };
    await attempt("missing", "GetItem", { TableName: "Nope", Key: { id: { S: "a" } } });
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "a" }, v: { N: "1" } } });
    await attempt("condition", "PutItem", { TableName: "Simple", Item: { id: { S: "a" } },
      ConditionExpression: "attribute_not_exists(id)", ReturnValuesOnConditionCheckFailure: "ALL_OLD" });
    await attempt("syntax", "Scan", { TableName: "Simple", FilterExpression: "v = = :x", ExpressionAttributeValues: { ":x": { N: "1" } } });
    await attempt("name", "CreateTable", { ...table, TableName: "ab" });
    db.terminate();
    return failures;
  }, { table: SIMPLE, name: uniqueName("errors") });
  expect(out.missing).toEqual({ type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
    message: "Requested resource not found", item: undefined });
  expect(out.condition.type).toBe("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
  expect(out.condition.item).toEqual({ id: { S: "a" }, v: { N: "1" } });
  expect(out.syntax.type).toBe("com.amazon.coral.validate#ValidationException");
  expect(out.syntax.message).toMatch(/^Invalid FilterExpression: Syntax error; token: "="/);
  expect(out.name.message).toMatch(/^1 validation error detected: Value 'ab' at 'tableName'/);
});

test("numbers keep DynamoDB's precision rules: 38 digits, canonical form, exact arithmetic", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name, ephemeral: true });
    await db.ready();
    await db.execute("CreateTable", table);
    const big = "12345678901234567890123456789012345678";
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "n" }, big: { N: big }, pad: { N: "0012.3400" } } });
    const updated = await db.execute("UpdateItem", { TableName: "Simple", Key: { id: { S: "n" } },
      UpdateExpression: "SET big = big - :one", ExpressionAttributeValues: { ":one": { N: "1" } }, ReturnValues: "ALL_NEW" });
    let tooLong = null;
    try {
      await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "x" }, v: { N: `${big}9` } } });
    } catch (e) {
      tooLong = e.message;
    }
    db.terminate();
    return { big: updated.Attributes.big.N, pad: updated.Attributes.pad.N, tooLong };
  }, { table: SIMPLE, name: uniqueName("numbers") });
  expect(out.big).toBe("12345678901234567890123456789012345677");
  expect(out.pad).toBe("12.34");
  expect(out.tooLong).toMatch(/more than 38 significant digits/);
});

test("an item near 400 KB is stored whole and one over it is refused", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    const blob = "x".repeat(399 * 1024);
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "big" }, blob: { S: blob } } });
    const back = await db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "big" } } });
    let refused = null;
    try {
      await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "huge" }, blob: { S: "x".repeat(401 * 1024) } } });
    } catch (e) {
      refused = e.message;
    }
    db.terminate();
    return { length: back.Item.blob.S.length, refused };
  }, { table: SIMPLE, name: uniqueName("bigitem") });
  expect(out).toEqual({ length: 399 * 1024, refused: "1 validation error detected: Item size has exceeded the maximum allowed size" });
});

test("Query pages with Limit and LastEvaluatedKey visit every item once, in order", async ({ page }) => {
  const titles = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name, ephemeral: true });
    await db.ready();
    await db.execute("CreateTable", table);
    for (let i = 0; i < 23; i += 1) {
      await db.execute("PutItem", { TableName: "Songs", Item: { artist: { S: "x" }, title: { S: `t${String(i).padStart(2, "0")}` } } });
    }
    const seen = [];
    let start;
    do {
      const page = await db.execute("Query", { TableName: "Songs", KeyConditionExpression: "artist = :a",
        ExpressionAttributeValues: { ":a": { S: "x" } }, Limit: 5, ScanIndexForward: false, ExclusiveStartKey: start });
      seen.push(...page.Items.map((i) => i.title.S));
      start = page.LastEvaluatedKey;
    } while (start);
    db.terminate();
    return seen;
  }, { table: SONGS, name: uniqueName("pages") });
  expect(titles).toHaveLength(23);
  expect(titles).toEqual([...titles].sort().reverse());
});

test("transactions are all-or-nothing in the browser too", async ({ page }) => {
  const out = await page.evaluate(async ({ table, name }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "taken" } } });
    let codes = null;
    try {
      await db.execute("TransactWriteItems", { TransactItems: [
        { Put: { TableName: "Simple", Item: { id: { S: "fresh" } } } },
        { Put: { TableName: "Simple", Item: { id: { S: "taken" } }, ConditionExpression: "attribute_not_exists(id)" } },
      ] });
    } catch (e) {
      codes = e.body.CancellationReasons.map((r) => r.Code);
    }
    const fresh = await db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "fresh" } } });
    db.terminate();
    return { codes, freshWritten: "Item" in fresh };
  }, { table: SIMPLE, name: uniqueName("tx") });
  expect(out).toEqual({ codes: ["None", "ConditionalCheckFailed"], freshWritten: false });
});

test("dispatchHttp answers DynamoDB JSON 1.0 requests through the engine's wire layer", async ({ page }) => {
  const out = await page.evaluate(async (name) => {
    const db = globalThis.dynoxide.makeClient({ name, ephemeral: true });
    await db.ready();
    const ok = await db.dispatchHttp("DynamoDB_20120810.ListTables", "{}");
    const unknown = await db.dispatchHttp("DynamoDB_20120810.NoSuchThing", "{}");
    const malformed = await db.dispatchHttp("DynamoDB_20120810.ListTables", "{not json");
    db.terminate();
    return { ok: [ok.status, JSON.parse(ok.body)], unknown: unknown.status, malformed: [malformed.status, malformed.body] };
  }, uniqueName("http"));
  expect(out.ok).toEqual([200, { TableNames: [] }]);
  expect(out.unknown).toBe(400);
  expect(out.malformed[0]).toBe(400);
  expect(out.malformed[1]).toContain("SerializationException");
});

test("execute before open is a typed error, not a hang", async ({ page }) => {
  const error = await page.evaluate(async () => {
    const w = globalThis.dynoxide.makeRawWorker();
    try {
      await w.execute("ListTables", {});
      return null;
    } catch (e) {
      return JSON.parse(e.message);
    } finally {
      w.terminate();
    }
  });
  expect(error.__type).toMatch(/^com\.dynoxide\.wasm#/);
});

test("a terminated or unloadable worker rejects pending and later calls instead of hanging", async ({ page }) => {
  const out = await page.evaluate(async (name) => {
    const db = globalThis.dynoxide.makeClient({ name, ephemeral: true });
    await db.ready();
    const pending = db.execute("ListTables", {});
    db.terminate();
    const settle = (p) => p.then(() => "resolved", (e) => e.type);
    const broken = globalThis.dynoxide.makeClient({ name: `${name}-x`, workerUrl: "/dist/no-such-worker.js" });
    return {
      pending: await settle(pending),
      later: await settle(db.execute("ListTables", {})),
      dead: db.dead,
      broken: await settle(broken.ready()),
    };
  }, uniqueName("crash"));
  expect(out.pending).toBe("com.dynoxide.wasm#WorkerDead");
  expect(out.later).toBe("com.dynoxide.wasm#WorkerDead");
  expect(out.dead).toBe(true);
  expect(out.broken).toMatch(/^com\.dynoxide\.wasm#/);
});
