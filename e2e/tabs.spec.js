// A database shared by several tabs (EngineClient `shared: true`): one tab
// leads and holds the OPFS database, the others forward to it, and when the
// leader's tab closes another takes over without losing what was
// acknowledged. Also the page's storage requests (persist, estimate).
// Tabs are pages of one browser context: one origin, one OPFS, one lock
// manager.
import { expect } from "@playwright/test";
import { harnessPage, SIMPLE, test, uniqueName } from "./helpers.js";

test.describe.configure({ mode: "serial" });

const STREAMED = { ...SIMPLE, StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } };

let context;

test.beforeAll(async ({ sharedContext }) => {
  context = sharedContext; // the specs' shared context (helpers.js): its pages are tabs of one origin
});

async function tab() {
  return harnessPage(context);
}

// Open `name` shared in `page`; the client is globalThis.db, its role changes in globalThis.roles.
const join = (page, name, extra = {}) =>
  page.evaluate(async ({ name, extra }) => {
    const db = globalThis.dynoxide.makeClient({ name, shared: true, ...extra });
    globalThis.roles = [];
    db.addEventListener("rolechange", (event) => globalThis.roles.push(event.detail.role));
    globalThis.db = db;
    const info = await db.ready();
    return { role: db.role, mode: db.persistenceMode, capabilities: info.capabilities.length };
  }, { name, extra });

test("tabs opening one shared database get one leader and followers that read each other's writes", async () => {
  const name = uniqueName("tabs");
  const a = await tab();
  const b = await tab();
  const first = await join(a, name);
  const second = await join(b, name);
  expect(first).toMatchObject({ role: "leader", mode: "opfs" });
  expect(second).toMatchObject({ role: "follower", mode: "opfs" });
  expect(second.capabilities).toBe(first.capabilities);

  await a.evaluate((table) => globalThis.db.execute("CreateTable", table), SIMPLE);
  await b.evaluate(() => globalThis.db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "from-b" } } }));
  await a.evaluate(() => globalThis.db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "from-a" } } }));
  const seenByA = await a.evaluate(() => globalThis.db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "from-b" } } }));
  const seenByB = await b.evaluate(() => globalThis.db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "from-a" } } }));
  expect(seenByA.Item).toEqual({ id: { S: "from-b" } });
  expect(seenByB.Item).toEqual({ id: { S: "from-a" } });

  // A follower gets the engine's errors with their DynamoDB types, and wire answers too.
  const failure = await b.evaluate(async () => {
    try {
      await globalThis.db.execute("GetItem", { TableName: "Missing", Key: { id: { S: "x" } } });
      return null;
    } catch (e) {
      return { name: e.name, type: e.type, message: e.message };
    }
  });
  expect(failure).toEqual({ name: "EngineError", type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
    message: "Requested resource not found" });
  const http = await b.evaluate(() => globalThis.db.dispatchHttp("DynamoDB_20120810.ListTables", "{}"));
  expect(http.status).toBe(200);
  expect(JSON.parse(http.body).TableNames).toContain("Simple");
  await a.close();
  await b.close();
});

// The leader's tab goes away while a follower writes and reads: closed (it
// says goodbye on the channel) or lost without a word, as in a crash (the
// followers learn of it only when the lock passes on). A real renderer crash
// cannot be staged here: Chromium may run both tabs in one renderer, and
// CDP's Page.crash then takes the follower down too. So the leader's channel
// is muted before its tab closes.
const leaving = {
  close: (page) => page.close({ runBeforeUnload: false }),
  crash: async (page) => {
    await page.evaluate(() => {
      BroadcastChannel.prototype.postMessage = () => {};
    });
    await page.close({ runBeforeUnload: false });
  },
};

for (const how of Object.keys(leaving)) test(`when the leader's tab is ${how === "close" ? "closed" : "lost without a word"} mid-run a follower takes over: nothing acknowledged is lost, reads are retried, a write in doubt fails with LeaderChanged`, async () => {
  const name = uniqueName(`handover-${how}`);
  const a = await tab();
  const b = await tab();
  expect((await join(a, name)).role).toBe("leader");
  expect((await join(b, name)).role).toBe("follower");
  await b.evaluate((table) => globalThis.db.execute("CreateTable", table), SIMPLE);

  // The follower writes one item after another and reads as it goes; the
  // leader's tab is closed while that runs.
  await b.evaluate(() => {
    const db = globalThis.db;
    globalThis.run = { acked: [], doubt: [], otherErrors: [], reads: 0, readErrors: [] };
    globalThis.running = (async () => {
      for (let i = 0; i < 400; i += 1) {
        const id = `k${i}`;
        try {
          await db.execute("PutItem", { TableName: "Simple", Item: { id: { S: id } } });
          globalThis.run.acked.push(id);
        } catch (e) {
          (e.type === "com.dynoxide.wasm#LeaderChanged" ? globalThis.run.doubt : globalThis.run.otherErrors).push(`${id}: ${e.type}`);
        }
        db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "k0" } } }).then(
          () => { globalThis.run.reads += 1; },
          (e) => globalThis.run.readErrors.push(e.type),
        );
        if (globalThis.run.acked.length + globalThis.run.doubt.length >= 400) break;
      }
    })();
  });
  await b.waitForFunction(() => globalThis.run.acked.length >= 20);
  await leaving[how](a);
  const run = await b.evaluate(async () => {
    await globalThis.running;
    // Reads still in flight settle too.
    await globalThis.db.execute("GetItem", { TableName: "Simple", Key: { id: { S: "k0" } } });
    return globalThis.run;
  });
  expect(run.otherErrors).toEqual([]);
  expect(run.readErrors).toEqual([]);
  expect(run.doubt.length).toBeLessThanOrEqual(1); // at most the one write in flight when the leader went
  expect(await b.evaluate(() => ({ role: globalThis.db.role, roles: globalThis.roles }))).toEqual({
    role: "leader", roles: ["leader"] });
  // Every acknowledged write is in the database the new leader opened.
  const stored = await b.evaluate(async () => {
    const ids = [];
    let start;
    do {
      const page = await globalThis.db.execute("Scan", { TableName: "Simple", ExclusiveStartKey: start });
      ids.push(...page.Items.map((item) => item.id.S));
      start = page.LastEvaluatedKey;
    } while (start);
    return ids;
  });
  expect(stored).toEqual(expect.arrayContaining(run.acked));
  expect(stored.length - run.acked.length).toBeLessThanOrEqual(run.doubt.length);

  // A tab that joins now follows the new leader.
  const c = await tab();
  expect((await join(c, name)).role).toBe("follower");
  const count = await c.evaluate(async () => (await globalThis.db.execute("Scan", { TableName: "Simple", Select: "COUNT" })).Count);
  expect(count).toBe(stored.length);
  await b.close();
  await c.close();
});

test("subscribe works in every tab, and a follower's subscription follows the leader when it changes", async () => {
  const name = uniqueName("tabfeed");
  const a = await tab();
  const b = await tab();
  await join(a, name, { streams: true });
  await join(b, name, { streams: true });
  await a.evaluate((table) => globalThis.db.execute("CreateTable", table), STREAMED);
  await b.evaluate(async () => {
    globalThis.seen = [];
    const unsubscribe = globalThis.db.subscribe("Simple", (records) => globalThis.seen.push(...records.map((r) => r.dynamodb.Keys.id.S)));
    await unsubscribe.ready;
  });
  await a.evaluate(() => globalThis.db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "one" } } }));
  await b.waitForFunction(() => globalThis.seen.includes("one"));
  await a.close();
  await b.waitForFunction(() => globalThis.db.role === "leader");
  // b leads now; its subscription resumed after "one" on its own worker.
  await b.evaluate(() => globalThis.db.execute("PutItem", { TableName: "Simple", Item: { id: { S: "two" } } }));
  await b.waitForFunction(() => globalThis.seen.includes("two"));
  expect(await b.evaluate(() => ({ seen: globalThis.seen, role: globalThis.db.role }))).toEqual({ seen: ["one", "two"], role: "leader" });
  await b.close();
});

test("shared needs a persistent database; persist() and storageEstimate() answer from the page", async () => {
  const page = await tab();
  const out = await page.evaluate(async () => {
    const db = globalThis.dynoxide.makeClient({ name: "tabs-ephemeral", shared: true, ephemeral: true });
    const refused = await db.ready().then(() => null, (e) => e.type);
    const solo = globalThis.dynoxide.makeClient({ name: `estimate-${Date.now()}` });
    await solo.ready();
    const persisted = await solo.persist();
    const estimate = await solo.storageEstimate();
    solo.terminate();
    return { refused, persisted, role: solo.role, estimate, after: await navigator.storage.persisted() };
  });
  expect(out.refused).toBe("com.dynoxide.wasm#SharingUnavailable");
  expect(typeof out.persisted).toBe("boolean");
  expect(out.estimate.persisted).toBe(out.after);
  expect(out.estimate.usage).toBeGreaterThan(0);
  expect(out.estimate.quota).toBeGreaterThan(out.estimate.usage);
  expect(out.role).toBeNull();
  await page.close();
});
