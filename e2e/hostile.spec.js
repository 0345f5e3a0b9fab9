// Hostile input in the real worker. The table of py/tests/vectors/hostile-requests.json
// (also run natively by py/tests/test_hostile_requests.py) through execute and
// dispatchHttp must get the same status, __type and message as natively; then
// a seeded stream of mutated requests through dispatchHttp must get only
// DynamoDB successes and errors (never a 500, never a JS exception), and the
// canary items must be unchanged. One page and one pair of workers serve
// every test here, so the file pays for one boot.
import { expect } from "@playwright/test";
import { harnessPage, test, uniqueName } from "./helpers.js";

const TABLE_URL = "/py/tests/vectors/hostile-requests.json";

test.describe.configure({ mode: "serial" });

let page;

test.beforeAll(async ({ sharedContext }) => {
  page = await harnessPage(sharedContext);
  await page.evaluate(async ({ url, name }) => {
    const table = await (await fetch(url)).json();
    // dispatchHttp through EngineClient; execute through the raw RPC, which
    // can send a body as text (`requestJson`), as EngineClient does.
    const client = globalThis.dynoxide.makeClient({ name: `${name}-http`, ephemeral: true });
    const raw = globalThis.dynoxide.makeRawWorker();
    await client.ready();
    await raw.open(`${name}-exec`, true);
    for (const { op, request } of table.setup) {
      await client.execute(op, request);
      await raw.execute(op, request);
    }
    const bodyText = (body) => (typeof body === "string" ? body
      : body.outer.replace("@@", body.open.repeat(body.times) + body.inner + body.close.repeat(body.times)));
    globalThis.hostile = { table, client, raw, bodyText };
  }, { url: TABLE_URL, name: uniqueName("hostile") });
});

test.afterAll(async () => {
  await page.evaluate(() => {
    globalThis.hostile.client.terminate();
    globalThis.hostile.raw.terminate();
  });
  await page.close();
});

// In the page: a response as the table states it.
const ANSWER = `(status, body) => {
  if (status === 200) return { status };
  let parsed = null;
  try { parsed = JSON.parse(body); } catch {}
  parsed = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : {};
  return { status, type: parsed.__type ?? null, message: parsed.message ?? null };
}`;

test("every hostile request gets the native answer through dispatchHttp", async () => {
  const out = await page.evaluate(async (answerSource) => {
    const answer = eval(answerSource);
    const { table, client, bodyText } = globalThis.hostile;
    const results = [];
    for (const row of table.requests) {
      let got;
      try {
        const options = row.contentType == null ? {} : { contentType: row.contentType };
        const response = await client.dispatchHttp(row.target, bodyText(row.body), options);
        got = answer(response.status, response.body);
      } catch (e) {
        got = { exception: String(e) };
      }
      results.push({ name: row.name, got, expected: row.expect });
    }
    return results;
  }, ANSWER);
  expect(out.length).toBeGreaterThan(40);
  for (const { name, got, expected } of out) expect(got, name).toEqual(expected);
});

test("every hostile request gets the native answer through execute", async () => {
  const out = await page.evaluate(async () => {
    const { table, raw, bodyText } = globalThis.hostile;
    const results = [];
    for (const row of table.requests.filter((r) => r.execute !== false)) {
      const op = row.target.slice(row.target.indexOf(".") + 1);
      let got;
      try {
        const result = JSON.parse(await raw.call("execute", { op, requestJson: bodyText(row.body) }));
        got = { status: 200, isObject: typeof result === "object" && !Array.isArray(result) };
      } catch (e) {
        const error = JSON.parse(e.message); // the worker's envelope
        got = { type: error.__type ?? null, message: error.message ?? null };
      }
      results.push({ name: row.name, got, expected: row.expect });
    }
    return results;
  });
  expect(out.length).toBeGreaterThan(35);
  for (const { name, got, expected } of out) {
    if (expected.status === 200) expect(got, name).toEqual({ status: 200, isObject: true });
    else if (expected.status === 413) expect(got, name).toEqual({ type: "com.dynoxide.wasm#RequestTooLarge", message: expect.any(String) });
    else expect(got, name).toEqual({ type: expected.type, message: expected.message });
  }
});

test("EngineClient.execute answers a request too deep to serialise as DynamoDB answers a too-deep body", async () => {
  const out = await page.evaluate(async () => {
    const { client } = globalThis.hostile;
    let value = { S: "x" };
    for (let i = 0; i < 200_000; i += 1) value = { M: { a: value } };
    try {
      await client.execute("PutItem", { TableName: "hostile", Item: { pk: { S: "a" }, sk: { N: "1" }, m: value } });
      return null;
    } catch (e) {
      return { name: e.name, type: e.type, message: e.message };
    }
  });
  expect(out).toEqual({ name: "EngineError", type: "com.amazon.coral.service#SerializationException", message: "" });
});

test("thousands of seeded mutated requests through dispatchHttp get only DynamoDB answers, and the canaries survive", async () => {
  const out = await page.evaluate(async () => {
    const { table, client } = globalThis.hostile;
    const { seed, count, templates, values, deep, splices } = table.mutation;
    // mulberry32: a small seeded generator, so a failure replays exactly.
    let state = seed >>> 0;
    const random = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (list) => list[Math.floor(random() * list.length)];
    const paths = (node, prefix = []) => {
      const out = [prefix];
      if (node && typeof node === "object") {
        for (const key of Object.keys(node)) out.push(...paths(node[key], [...prefix, key]));
      }
      return out;
    };
    // A deep value is written as text (an object that deep would overflow
    // this page's own JSON.stringify): a marker string now, spliced in after.
    const deepTexts = [];
    const deepValue = (depth) => {
      const [open, close] = random() < 0.5 ? ['{"M":{"a":', "}}"] : ["[", "]"];
      deepTexts.push(open.repeat(depth) + '{"S":"x"}' + close.repeat(depth));
      return `@@deep${deepTexts.length - 1}@@`;
    };
    const mutate = (template) => {
      deepTexts.length = 0;
      const root = { request: structuredClone(template.request) };
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits -= 1) {
        const path = ["request", ...pick(paths(root.request))];
        const key = path.pop();
        const parent = path.reduce((node, k) => node[k], root);
        const roll = random();
        if (roll < 0.15 && !Array.isArray(parent) && parent !== root) delete parent[key];
        else if (roll < 0.25) parent[key] = deepValue(pick(deep));
        else parent[key] = structuredClone(pick(values));
      }
      let body = JSON.stringify(root.request).replace(/"@@deep(\d+)@@"/g, (_, i) => deepTexts[Number(i)]);
      if (random() < 0.15) {
        const at = Math.floor(random() * (body.length + 1));
        body = random() < 0.5 ? body.slice(0, at) : body.slice(0, at) + pick(splices) + body.slice(at);
      }
      return body;
    };
    const otherOps = [...new Set(templates.map((t) => t.op))].filter((op) => op !== "DeleteTable");
    const TYPE = /^[A-Za-z0-9_.]+#[A-Za-z0-9_]+$/;
    const bad = [];
    const statuses = {};
    for (let i = 0; i < count; i += 1) {
      const template = pick(templates);
      const body = mutate(template);
      // Now and then a body goes to another operation (never DeleteTable: a
      // valid body naming a canary's table would delete it, rightly).
      const target = `DynamoDB_20120810.${random() < 0.03 ? pick(otherOps) : template.op}`;
      try {
        const response = await client.dispatchHttp(target, body);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        const parsed = JSON.parse(response.body);
        const ok = response.status === 200
          ? parsed && typeof parsed === "object" && !("__type" in parsed)
          : response.status === 400 && TYPE.test(parsed.__type ?? "") && (parsed.message == null || typeof parsed.message === "string");
        if (!ok) bad.push({ i, target, body: body.slice(0, 300), status: response.status, answer: response.body.slice(0, 300) });
      } catch (e) {
        bad.push({ i, target, body: body.slice(0, 300), exception: String(e) });
      }
      if (bad.length >= 5) break;
    }
    const changed = [];
    for (const canary of table.canaries) {
      const key = Object.fromEntries(["id", "pk", "sk"].filter((k) => k in canary.Item).map((k) => [k, canary.Item[k]]));
      const got = await client.execute("GetItem", { TableName: canary.TableName, Key: key }).catch((e) => ({ error: e.type }));
      if (JSON.stringify(got.Item) !== JSON.stringify(canary.Item)) changed.push({ expected: canary.Item, got });
    }
    return { bad, statuses, changed, sent: count };
  });
  expect(out.bad).toEqual([]);
  expect(out.changed).toEqual([]);
  expect(out.statuses[400]).toBeGreaterThan(out.sent / 2); // mostly refused: the mutations bite
  expect(out.statuses[200]).toBeGreaterThan(0);
});
