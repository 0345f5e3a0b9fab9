// Node tests of the stream view's logic: following a stream over DynamoDB
// Streams' operations (stream-poller.js, the endpoint's way), against a
// small model of an endpoint's shards, and the bounded newest-first list
// (stream-records.js). The screen is driven in e2e/console-flow.js.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConsoleError } from "./console-error.js";
import { pollStream } from "./stream-poller.js";
import { describeRecord, newestFirst } from "./stream-records.js";

const ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/2026-01-01T00:00:00.000";
let sequence = 100;

function record(id, eventName = "INSERT") {
  sequence += 1;
  return { eventID: `e${sequence}`, eventName, dynamodb: { Keys: { id: { S: id } }, NewImage: { id: { S: id } },
    SequenceNumber: String(sequence), ApproximateCreationDateTime: 1767225600 } };
}

/** An endpoint's stream: shards of records, iterators as "shard:position", some made to expire. */
function endpoint() {
  const shards = [{ id: "shard-1", records: [], ended: false }];
  const expireNext = new Set();
  const calls = [];
  const call = async (op, request) => {
    calls.push(op);
    assert.equal(request.StreamArn ?? ARN, ARN);
    if (op === "DescribeStream") {
      return { StreamDescription: { StreamArn: ARN, Shards: shards.map((s) => ({ ShardId: s.id,
        SequenceNumberRange: { StartingSequenceNumber: "1", ...(s.ended ? { EndingSequenceNumber: "999" } : {}) } })) } };
    }
    if (op === "GetShardIterator") {
      const shard = shards.find((s) => s.id === request.ShardId);
      const at = { TRIM_HORIZON: 0, LATEST: shard.records.length,
        AFTER_SEQUENCE_NUMBER: shard.records.findIndex((r) => r.dynamodb.SequenceNumber === request.SequenceNumber) + 1 }[request.ShardIteratorType];
      return { ShardIterator: `${shard.id}:${at}` };
    }
    if (op === "GetRecords") {
      if (expireNext.delete(request.ShardIterator)) throw new ConsoleError("com.amazonaws.dynamodb.v20120810#ExpiredIteratorException", "expired");
      const [id, at] = request.ShardIterator.split(":");
      const shard = shards.find((s) => s.id === id);
      const records = shard.records.slice(Number(at), Number(at) + request.Limit);
      const next = Number(at) + records.length;
      return { Records: records, ...(shard.ended && next >= shard.records.length ? {} : { NextShardIterator: `${id}:${next}` }) };
    }
    throw new Error(`unexpected ${op}`);
  };
  return { shards, expireNext, calls, call };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
async function until(check) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await tick();
  }
  assert.fail("the poller did not get there");
}

function follow(ep, from) {
  const seen = [];
  const errors = [];
  const stop = pollStream(ep.call, ARN, { from, onRecords: (rs) => seen.push(...rs.map((r) => r.dynamodb.Keys.id.S)),
    onError: (e) => errors.push(e), wait: tick });
  return { seen, errors, stop };
}

test("LATEST shows only what is written after it starts; TRIM_HORIZON everything kept", async () => {
  const ep = endpoint();
  ep.shards[0].records.push(record("old"));
  const latest = follow(ep, "LATEST");
  const horizon = follow(ep, "TRIM_HORIZON");
  await until(() => horizon.seen.length === 1);
  ep.shards[0].records.push(record("a"), record("b"));
  await until(() => latest.seen.length === 2 && horizon.seen.length === 3);
  assert.deepEqual(latest.seen, ["a", "b"]);
  assert.deepEqual(horizon.seen, ["old", "a", "b"]);
  latest.stop();
  horizon.stop();
});

test("once stopped, no request is sent and no record delivered", async () => {
  const ep = endpoint();
  const f = follow(ep, "LATEST");
  await until(() => ep.calls.includes("GetRecords"));
  f.stop();
  await tick();
  const sent = ep.calls.length;
  ep.shards[0].records.push(record("late"));
  for (let i = 0; i < 20; i++) await tick();
  assert.equal(ep.calls.length, sent);
  assert.deepEqual(f.seen, []);
});

test("an ended shard's child is found and read from its start", async () => {
  const ep = endpoint();
  const f = follow(ep, "LATEST");
  await until(() => ep.calls.includes("GetRecords"));
  ep.shards[0].records.push(record("last of parent"));
  ep.shards[0].ended = true;
  ep.shards.push({ id: "shard-2", records: [record("first of child")], ended: false });
  await until(() => f.seen.length === 2);
  assert.deepEqual(f.seen, ["last of parent", "first of child"]);
  f.stop();
});

test("LATEST skips shards that have already ended", async () => {
  const ep = endpoint();
  ep.shards[0].records.push(record("gone"));
  ep.shards[0].ended = true;
  ep.shards.push({ id: "shard-2", records: [], ended: false });
  const f = follow(ep, "LATEST");
  await until(() => ep.calls.includes("GetRecords"));
  ep.shards[1].records.push(record("new"));
  await until(() => f.seen.length === 1);
  assert.deepEqual(f.seen, ["new"]);
  f.stop();
});

test("an expired iterator is opened again after the last record read, with no gap and no repeat", async () => {
  const ep = endpoint();
  const f = follow(ep, "TRIM_HORIZON");
  ep.shards[0].records.push(record("one"));
  await until(() => f.seen.length === 1);
  ep.expireNext.add("shard-1:1");
  ep.shards[0].records.push(record("two"));
  await until(() => f.seen.length === 2);
  assert.deepEqual(f.seen, ["one", "two"]);
  assert.deepEqual(f.errors, []);
  f.stop();
});

test("another failure goes to onError and the polling ends", async () => {
  const ep = endpoint();
  const failing = async (op, request) => {
    if (op === "GetRecords") throw new ConsoleError("com.amazonaws.dynamodb.v20120810#TrimmedDataAccessException", "trimmed");
    return ep.call(op, request);
  };
  const errors = [];
  pollStream(failing, ARN, { from: "TRIM_HORIZON", onRecords: () => {}, onError: (e) => errors.push(e), wait: tick });
  await until(() => errors.length === 1);
  assert.equal(errors[0].shortType, "TrimmedDataAccessException");
});

test("the view keeps the newest records first, and no more than its bound", () => {
  const ids = (list) => list.map((r) => r.dynamodb.Keys.id.S);
  let shown = newestFirst([], [record("1"), record("2")], 3);
  assert.deepEqual(ids(shown), ["2", "1"]);
  shown = newestFirst(shown, [record("3"), record("4")], 3);
  assert.deepEqual(ids(shown), ["4", "3", "2"]);
  shown = newestFirst(shown, ["5", "6", "7", "8"].map((i) => record(i)), 3);
  assert.deepEqual(ids(shown), ["8", "7", "6"]);
});

test("a record is shown as its event, its key and its images on one line", () => {
  const modify = { eventID: "x", eventName: "MODIFY", dynamodb: {
    Keys: { pk: { S: "user#1" }, sk: { N: "7" } },
    NewImage: { pk: { S: "user#1" }, sk: { N: "7" }, tags: { SS: ["a"] } },
    OldImage: { pk: { S: "user#1" }, sk: { N: "7" } },
    SequenceNumber: "42", ApproximateCreationDateTime: 1767225600 } };
  const shown = describeRecord(modify);
  assert.equal(shown.event, "MODIFY");
  assert.equal(shown.keys, "pk=user#1, sk=7");
  assert.equal(shown.newImage, '{pk: "user#1", sk: 7, tags: {"a"}}');
  assert.equal(shown.oldImage, '{pk: "user#1", sk: 7}');
  assert.equal(shown.time.toISOString(), "2026-01-01T00:00:00.000Z");
  assert.equal(shown.byTtl, false);
  const ttl = describeRecord({ eventName: "REMOVE", dynamodb: { Keys: { pk: { S: "a" } }, SequenceNumber: "1" },
    userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" } });
  assert.equal(ttl.byTtl, true);
  assert.equal(ttl.newImage, null);
});
