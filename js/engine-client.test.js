// Node tests of EngineClient's request batching against the worker's real
// RPC module (js/worker/rpc.js), joined by an in-process message channel.
// The browser specs in e2e/ run the same path in the real worker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CONTRACT_VERSION, WasmError } from "./contract.js";
import { EngineClient, EngineError } from "./engine-client.js";
import { EnvelopeError } from "./worker/errors.js";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A page-side Worker stand-in whose other end is `scope` (the worker's
 * `self`). Messages cross asynchronously and are structured-cloned, as
 * postMessage does; every message the page posts is recorded in `sent`.
 */
function channel() {
  const scope = new EventTarget();
  const worker = new EventTarget();
  worker.sent = [];
  worker.postMessage = (data) => {
    worker.sent.push(structuredClone(data));
    const copy = structuredClone(data);
    setTimeout(() => scope.dispatchEvent(new MessageEvent("message", { data: copy })), 0);
  };
  worker.terminate = () => {};
  scope.postMessage = (data) => {
    const copy = structuredClone(data);
    setTimeout(() => worker.dispatchEvent(new MessageEvent("message", { data: copy })), 0);
  };
  return { scope, worker };
}

// rpc.js serves on the global `self`; each test gets its own worker scope.
async function serveWith(ops) {
  const { scope, worker } = channel();
  globalThis.self = scope;
  const { serve } = await import(`./worker/rpc.js?fresh=${Math.random()}`);
  serve(ops);
  return worker;
}

const openOp = (descriptor) => () => JSON.stringify({ contractVersion: CONTRACT_VERSION, batches: true, ...descriptor });

test("requests issued in one tick cross as one message and come back in order", async () => {
  const seen = [];
  const worker = await serveWith({
    open: openOp(),
    execute: ({ op, requestJson }) => {
      seen.push(JSON.parse(requestJson).n);
      return JSON.stringify({ op, n: JSON.parse(requestJson).n });
    },
  });
  const db = new EngineClient({ createWorker: () => worker });
  await db.ready();
  const before = worker.sent.length;
  const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => db.execute("GetItem", { n })));
  assert.deepEqual(answers.map((a) => a.n), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7]);
  const batches = worker.sent.slice(before);
  assert.equal(batches.length, 1, "eight requests, one message");
  assert.ok(Array.isArray(batches[0]));
  // Each element is the plain envelope a raw worker would get.
  for (const envelope of batches[0]) {
    assert.deepEqual(Object.keys(envelope).sort(), ["contractVersion", "id", "op", "payload"]);
  }
});

test("a lone request is a plain envelope, not a batch of one", async () => {
  const worker = await serveWith({ open: openOp(), execute: () => "{}" });
  const db = new EngineClient({ createWorker: () => worker });
  await db.ready();
  const before = worker.sent.length;
  await db.execute("ListTables", {});
  const [message] = worker.sent.slice(before);
  assert.equal(Array.isArray(message), false);
  assert.equal(message.op, "execute");
});

test("each request of a batch succeeds or fails on its own", async () => {
  const worker = await serveWith({
    open: openOp(),
    execute: ({ requestJson }) => {
      const { n } = JSON.parse(requestJson);
      if (n % 3 === 1) {
        throw new EnvelopeError(JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: `no ${n}` }));
      }
      return JSON.stringify({ n });
    },
  });
  const db = new EngineClient({ createWorker: () => worker });
  await db.ready();
  const settled = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => db.execute("GetItem", { n })));
  assert.deepEqual(settled.map((s) => s.status), ["fulfilled", "rejected", "fulfilled", "fulfilled", "rejected", "fulfilled"]);
  assert.equal(settled[1].reason.type, "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
  assert.equal(settled[4].reason.message, "no 4");
  assert.equal(settled[5].value.n, 5);
});

test("an op that answers later holds up the rest of its batch, keeping the order", async () => {
  const order = [];
  const worker = await serveWith({
    open: openOp(),
    execute: ({ requestJson }) => {
      order.push(JSON.parse(requestJson).n);
      return requestJson;
    },
    capabilities: async () => {
      await tick();
      order.push("capabilities");
      return "{}";
    },
  });
  const db = new EngineClient({ createWorker: () => worker });
  await db.ready();
  // A raw batch, as a client may post one: capabilities answers asynchronously.
  worker.postMessage([
    { id: "a", op: "execute", payload: { op: "GetItem", requestJson: '{"n":1}' } },
    { id: "b", op: "capabilities" },
    { id: "c", op: "execute", payload: { op: "GetItem", requestJson: '{"n":2}' } },
  ]);
  const reply = await new Promise((resolve) => {
    worker.addEventListener("message", ({ data }) => Array.isArray(data) && data[0]?.id === "a" && resolve(data));
  });
  assert.deepEqual(order, [1, "capabilities", 2]);
  assert.deepEqual(reply.map((r) => [r.id, r.ok]), [["a", true], ["b", true], ["c", true]]);
});

test("a worker that does not take batches gets one plain envelope per request", async () => {
  const worker = await serveWith({ open: openOp({ batches: undefined }), execute: ({ requestJson }) => requestJson });
  const db = new EngineClient({ createWorker: () => worker });
  await db.ready();
  const before = worker.sent.length;
  const answers = await Promise.all([1, 2, 3].map((n) => db.execute("GetItem", { n })));
  assert.deepEqual(answers.map((a) => a.n), [1, 2, 3]);
  const sent = worker.sent.slice(before);
  assert.equal(sent.length, 3);
  assert.ok(sent.every((m) => !Array.isArray(m)));
});

test("a worker that dies with a batch in flight rejects every request of it", async () => {
  const worker = await serveWith({ open: openOp(), execute: () => new Promise(() => {}) });
  const db = new EngineClient({ createWorker: () => worker });
  await db.ready();
  const calls = Array.from({ length: 5 }, (_, n) => db.execute("GetItem", { n }));
  await tick();
  worker.dispatchEvent(Object.assign(new Event("error"), { message: "wasm trap" }));
  const settled = await Promise.allSettled(calls);
  for (const s of settled) {
    assert.equal(s.status, "rejected");
    assert.ok(s.reason instanceof EngineError);
    assert.equal(s.reason.type, WasmError.WorkerDead);
  }
  await assert.rejects(db.execute("GetItem", {}), (err) => err.type === WasmError.WorkerDead);
});

test("a batch the browser cannot clone fails each of its requests, and the client goes on", async () => {
  const worker = await serveWith({ open: openOp(), execute: ({ requestJson }) => requestJson });
  const db = new EngineClient({ createWorker: () => worker });
  await db.ready();
  const post = worker.postMessage;
  worker.postMessage = (data) => {
    if (Array.isArray(data)) throw new DOMException("could not be cloned", "DataCloneError");
    return post(data);
  };
  const settled = await Promise.allSettled([1, 2].map((n) => db.execute("GetItem", { n })));
  assert.deepEqual(settled.map((s) => s.reason?.type), [WasmError.InvalidRequest, WasmError.InvalidRequest]);
  assert.deepEqual((await db.execute("GetItem", { n: 3 })).n, 3);
});

test("the worker's progress messages during open are 'progress' events, and answer no request", async () => {
  const worker = await serveWith({
    open: async () => {
      for (const phase of ["sqlite", "open", "python", "session"]) self.postMessage({ type: "progress", phase });
      await tick();
      return openOp()();
    },
  });
  const db = new EngineClient({ createWorker: () => worker });
  const phases = [];
  db.addEventListener("progress", (event) => phases.push(event.detail.phase));
  await db.ready();
  assert.deepEqual(phases, ["sqlite", "open", "python", "session"]);
});

test("open carries a region only when the client names one", async () => {
  const opens = [];
  for (const options of [{}, { region: "eu-west-1" }]) {
    const worker = await serveWith({ open: (payload) => { opens.push(payload); return openOp()(); } });
    const db = new EngineClient({ createWorker: () => worker, ephemeral: true, ...options });
    await db.ready();
    assert.equal(db.region, options.region ?? null);
  }
  assert.deepEqual(opens, [{ name: "dynoxide", ephemeral: true },
    { name: "dynoxide", ephemeral: true, region: "eu-west-1" }]);
});
