// Streams and TTL in the browser: the four stream operations through execute
// and dispatchHttp, `subscribe` delivering records as writes commit (and
// resuming after a reload), the worker's TTL timer, and the seed's refusal of
// a StreamSpecification when the page did not opt in. One page and one
// streams worker (on OPFS) serve the file; the reload test comes last and
// reopens that same database in a new worker.
import { expect } from "@playwright/test";
import { harnessPage, SIMPLE, test, uniqueName } from "./helpers.js";

test.describe.configure({ mode: "serial" });

const NAME = uniqueName("streams");
const STREAMED = { ...SIMPLE, StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } };
const STREAM_OPS = ["DescribeStream", "GetRecords", "GetShardIterator", "ListStreams"];

let page;

test.beforeAll(async ({ sharedContext }) => {
  page = await harnessPage(sharedContext);
  await page.evaluate(async ({ name, table }) => {
    const db = globalThis.dynoxide.makeClient({ name, streams: true });
    await db.ready();
    await db.execute("CreateTable", table);
    // Collects what a subscription delivers; `until` waits for a condition on it.
    globalThis.collect = () => {
      const seen = [];
      const add = (records) => seen.push(...records);
      const until = async (ok, what) => {
        for (let tries = 0; tries < 300 && !ok(seen); tries += 1) await new Promise((r) => setTimeout(r, 50));
        if (!ok(seen)) throw new Error(`never delivered: ${what}`);
      };
      return { seen, add, until };
    };
    globalThis.s = { db };
  }, { name: NAME, table: STREAMED });
});

test.afterAll(async () => {
  await page.evaluate(() => globalThis.s?.db.terminate()).catch(() => {});
  await page.close();
});

test("the stream operations through execute and dispatchHttp, listed in capabilities", async () => {
  const out = await page.evaluate(async (streamOps) => {
    const { db } = globalThis.s;
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "a" }, n: { N: "1" } } });
    const arn = (await db.execute("DescribeTable", { TableName: "Simple" })).Table.LatestStreamArn;
    const listed = await db.execute("ListStreams", { TableName: "Simple" });
    const described = (await db.execute("DescribeStream", { StreamArn: arn })).StreamDescription;
    const { ShardIterator } = await db.execute("GetShardIterator", {
      StreamArn: arn, ShardId: described.Shards[0].ShardId, ShardIteratorType: "TRIM_HORIZON" });
    const got = await db.execute("GetRecords", { ShardIterator });
    const http = await db.dispatchHttp("DynamoDBStreams_20120810.ListStreams", "{}",
      { contentType: "application/x-amz-json-1.0" });
    return {
      capabilities: streamOps.filter((op) => db.supports(op)),
      arn,
      listed: listed.Streams.map((s) => s.StreamArn),
      status: described.StreamStatus,
      view: described.StreamViewType,
      records: got.Records.map((r) => ({ event: r.eventName, keys: r.dynamodb.Keys, image: r.dynamodb.NewImage,
        source: r.eventSource, sequence: r.dynamodb.SequenceNumber })),
      next: typeof got.NextShardIterator,
      http: { status: http.status, streams: JSON.parse(http.body).Streams.map((s) => s.StreamArn) },
    };
  }, STREAM_OPS);
  expect(out.capabilities).toEqual(STREAM_OPS);
  expect(out.listed).toEqual([out.arn]);
  expect(out.status).toBe("ENABLED");
  expect(out.view).toBe("NEW_AND_OLD_IMAGES");
  expect(out.records).toEqual([{ event: "INSERT", keys: { id: { S: "a" } }, image: { id: { S: "a" }, n: { N: "1" } },
    source: "aws:dynamodb", sequence: expect.stringMatching(/^\d{21,}$/) }]);
  expect(out.next).toBe("string");
  expect(out.http).toEqual({ status: 200, streams: [out.arn] });
});

test("subscribe delivers INSERT, MODIFY and REMOVE in commit order, each once, and follows a re-enabled stream", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.s;
    const latest = globalThis.collect();
    const horizon = globalThis.collect();
    const stopLatest = db.subscribe("Simple", latest.add);
    const stopHorizon = db.subscribe("Simple", horizon.add, { from: "TRIM_HORIZON" });
    await Promise.all([stopLatest.ready, stopHorizon.ready]);
    const afterSubscribe = { latest: latest.seen.length, horizon: horizon.seen.length };
    const key = { id: { S: "b" } };
    await db.execute("PutItem", { TableName: "Simple", Item: { ...key, n: { N: "1" } } });
    await db.execute("UpdateItem", { TableName: "Simple", Key: key, UpdateExpression: "SET n = :two",
      ExpressionAttributeValues: { ":two": { N: "2" } } });
    await db.execute("PutItem", { TableName: "Simple", Item: { ...key, n: { N: "2" } } }); // no change: no record
    await db.execute("DeleteItem", { TableName: "Simple", Key: key });
    await db.execute("BatchWriteItem", { RequestItems: { Simple: [
      { PutRequest: { Item: { id: { S: "c" } } } }, { PutRequest: { Item: { id: { S: "d" } } } }] } });
    // The stream disabled and enabled again: a new stream, and the feed follows it.
    await db.execute("UpdateTable", { TableName: "Simple", StreamSpecification: { StreamEnabled: false } });
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "unstreamed" } } });
    await db.execute("UpdateTable", { TableName: "Simple",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "KEYS_ONLY" } });
    await db.execute("DeleteItem", { TableName: "Simple", Key: { id: { S: "c" } } });
    // Records reach the page before the write's own reply: nothing to wait for.
    const seenBeforeStop = latest.seen.length;
    stopLatest();
    await db.execute("DeleteItem", { TableName: "Simple", Key: { id: { S: "d" } } });
    stopHorizon();
    const summary = (records) => records.map((r) => [r.eventName, r.dynamodb.Keys.id.S, r.dynamodb.StreamViewType,
      r.dynamodb.NewImage?.n?.N ?? null, r.dynamodb.OldImage?.n?.N ?? null]);
    const sequences = latest.seen.map((r) => BigInt(r.dynamodb.SequenceNumber));
    return {
      afterSubscribe,
      seenBeforeStop,
      latest: summary(latest.seen),
      increasing: sequences.every((n, i) => i === 0 || n > sequences[i - 1]),
      horizon: summary(horizon.seen),
      eventIds: new Set(horizon.seen.map((r) => r.eventID)).size,
    };
  });
  const written = [
    ["INSERT", "b", "NEW_AND_OLD_IMAGES", "1", null],
    ["MODIFY", "b", "NEW_AND_OLD_IMAGES", "2", "1"],
    ["REMOVE", "b", "NEW_AND_OLD_IMAGES", null, "2"],
    ["INSERT", "c", "NEW_AND_OLD_IMAGES", null, null],
    ["INSERT", "d", "NEW_AND_OLD_IMAGES", null, null],
    ["REMOVE", "c", "KEYS_ONLY", null, null],
  ];
  // LATEST starts empty; TRIM_HORIZON first gets the earlier test's record, at once.
  expect(out.afterSubscribe).toEqual({ latest: 0, horizon: 1 });
  expect(out.seenBeforeStop).toBe(written.length);
  expect(out.latest).toEqual(written);
  expect(out.increasing).toBe(true);
  expect(out.horizon).toEqual([["INSERT", "a", "NEW_AND_OLD_IMAGES", "1", null], ...written,
    ["REMOVE", "d", "KEYS_ONLY", null, null]]);
  expect(out.eventIds).toBe(written.length + 2);
});

test("subscribe's errors: a table without a stream, an unknown table", async () => {
  const out = await page.evaluate(async (plain) => {
    const { db } = globalThis.s;
    await db.execute("CreateTable", { ...plain, TableName: "Plain" });
    const failure = async (table, options) => {
      const errors = [];
      const stop = db.subscribe(table, () => {}, { ...options, onError: (e) => errors.push(e.type) });
      try {
        await stop.ready;
        return "subscribed";
      } catch (e) {
        return { type: e.type, message: e.message, onError: errors };
      }
    };
    return {
      noStream: await failure("Plain"),
      missing: await failure("Missing"),
      badFrom: (() => {
        try {
          db.subscribe("Simple", () => {}, { from: "latest" });
          return "accepted";
        } catch (e) {
          return e.constructor.name;
        }
      })(),
    };
  }, SIMPLE);
  expect(out.noStream).toEqual({ type: "com.amazon.coral.validate#ValidationException",
    message: "Table has no stream: TableName: Plain", onError: ["com.amazon.coral.validate#ValidationException"] });
  expect(out.missing.type).toBe("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  expect(out.missing.message).toBe("Requested resource not found: Table: Missing not found");
  expect(out.badFrom).toBe("TypeError");
});

test("the worker's TTL timer deletes an expired item; its REMOVE reaches a subscriber with the service identity", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.s;
    await db.execute("UpdateTimeToLive", { TableName: "Simple",
      TimeToLiveSpecification: { Enabled: true, AttributeName: "expires" } });
    const feed = globalThis.collect();
    const stop = db.subscribe("Simple", feed.add);
    await stop.ready;
    const past = Math.floor(Date.now() / 1000) - 60;
    const future = Math.floor(Date.now() / 1000) + 3600;
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "old" }, expires: { N: String(past) } } });
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "new" }, expires: { N: String(future) } } });
    await feed.until((seen) => seen.some((r) => r.eventName === "REMOVE"), "the TTL deletion's REMOVE");
    stop();
    const get = async (id) => (await db.execute("GetItem", { TableName: "Simple", Key: { id: { S: id } } })).Item ?? null;
    return {
      records: feed.seen.map((r) => [r.eventName, r.dynamodb.Keys.id.S, r.userIdentity ?? null]),
      old: await get("old"),
      kept: (await get("new"))?.id.S ?? null,
    };
  });
  expect(out.records).toEqual([
    ["INSERT", "old", null],
    ["INSERT", "new", null],
    ["REMOVE", "old", { type: "Service", principalId: "dynamodb.amazonaws.com" }],
  ]);
  expect(out.old).toBeNull();
  expect(out.kept).toBe("new");
});

test("without streams: true a StreamSpecification is refused, the table is intact and nothing is listed", async () => {
  const out = await page.evaluate(async ({ name, table, streamed }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    const refused = async (op, request) => {
      try {
        await db.execute(op, request);
        return "accepted";
      } catch (e) {
        return { type: e.type, message: e.message };
      }
    };
    const create = await refused("CreateTable", streamed);
    const listedAfterCreate = (await db.execute("ListTables")).TableNames;
    await db.execute("CreateTable", table);
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "kept" } } });
    const update = await refused("UpdateTable", { TableName: "Simple",
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } });
    const t = (await db.execute("DescribeTable", { TableName: "Simple" })).Table;
    let subscribe = null;
    try {
      await db.subscribe("Simple", () => {}).ready;
    } catch (e) {
      subscribe = e.type;
    }
    const capabilities = db.capabilities.filter((op) => op.includes("Stream") || op === "GetRecords");
    db.terminate();
    return { create, listedAfterCreate, update, count: t.ItemCount, stream: "StreamSpecification" in t,
      latest: t.LatestStreamArn ?? null, subscribe, capabilities };
  }, { name: uniqueName("nostreams"), table: SIMPLE, streamed: STREAMED });
  for (const refusal of [out.create, out.update]) {
    expect(refusal.type).toBe("com.amazon.coral.validate#ValidationException");
    expect(refusal.message).toMatch(/not supported|streams/i);
  }
  expect(out.listedAfterCreate).toEqual([]);
  expect(out.count).toBe(1);
  expect(out.stream).toBe(false);
  expect(out.latest).toBeNull();
  expect(out.subscribe).toBe("com.amazon.coral.validate#ValidationException");
  expect(out.capabilities).toEqual([]);
});

test("after a reload, subscribe { after } resumes with the records written meanwhile, without duplicates or gaps", async () => {
  // Before the reload: a subscriber handles two writes and keeps the last
  // SequenceNumber it saw, as an app would; two more writes happen unseen.
  const before = await page.evaluate(async () => {
    const { db } = globalThis.s;
    const feed = globalThis.collect();
    const stop = db.subscribe("Simple", feed.add);
    await stop.ready;
    for (const id of ["r1", "r2"]) await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: id } } });
    stop();
    const last = feed.seen.at(-1).dynamodb.SequenceNumber;
    sessionStorage.setItem("lastSequenceNumber", last);
    for (const id of ["r3", "r4"]) await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: id } } });
    return { seen: feed.seen.map((r) => r.dynamodb.Keys.id.S), last };
  });
  expect(before.seen).toEqual(["r1", "r2"]);

  await page.reload();
  await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
  const after = await page.evaluate(async (name) => {
    const db = await globalThis.dynoxide.untilReleased(async () => {
      const candidate = globalThis.dynoxide.makeClient({ name, streams: true });
      try {
        await candidate.ready();
        return candidate;
      } catch (e) {
        candidate.terminate();
        throw e;
      }
    });
    globalThis.s = { db };
    const last = sessionStorage.getItem("lastSequenceNumber");
    const seen = [];
    const stop = db.subscribe("Simple", (records) => seen.push(...records), { from: { after: last } });
    await stop.ready; // the records after `last` arrive before this settles
    const onSubscribe = seen.map((r) => r.dynamodb.Keys.id.S);
    await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "r5" } } });
    stop();
    const sequences = seen.map((r) => BigInt(r.dynamodb.SequenceNumber));
    return {
      mode: db.persistenceMode,
      onSubscribe,
      all: seen.map((r) => [r.eventName, r.dynamodb.Keys.id.S]),
      allAfterLast: sequences.every((n) => n > BigInt(last)),
      increasing: sequences.every((n, i) => i === 0 || n > sequences[i - 1]),
    };
  }, NAME);
  expect(after.mode).toBe("opfs");
  expect(after.onSubscribe).toEqual(["r3", "r4"]);
  expect(after.all).toEqual([["INSERT", "r3"], ["INSERT", "r4"], ["INSERT", "r5"]]);
  expect(after.allAfterLast).toBe(true);
  expect(after.increasing).toBe(true);
});
