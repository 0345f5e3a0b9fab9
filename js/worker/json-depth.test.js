// The worker's depth check must agree with the wire layer's (py/dynoxide/protocol/wire.py).
import assert from "node:assert/strict";
import test from "node:test";
import { nestsDeeperThan } from "./json-depth.js";

const nested = (depth, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);

test("the outermost container is level 1, and a limit is inclusive", () => {
  assert.equal(nestsDeeperThan(nested(256), 256), false);
  assert.equal(nestsDeeperThan(nested(257), 256), true);
  assert.equal(nestsDeeperThan(`${'{"a":'.repeat(257)}1${"}".repeat(257)}`, 256), true);
  assert.equal(nestsDeeperThan(`${'{"a":'.repeat(256)}1${"}".repeat(256)}`, 256), false);
});

test("brackets inside strings do not count, escaped quotes included", () => {
  assert.equal(nestsDeeperThan(JSON.stringify({ s: "[".repeat(1000) }), 256), false);
  assert.equal(nestsDeeperThan(JSON.stringify({ s: `\\"${"{".repeat(1000)}` }), 256), false);
  assert.equal(nestsDeeperThan(`["\\\\"${",[".repeat(300)}`, 256), true);
});

test("siblings do not add up, and unclosed brackets count as open", () => {
  assert.equal(nestsDeeperThan(`[${"[],".repeat(5000)}[]]`, 256), false);
  assert.equal(nestsDeeperThan("[".repeat(300), 256), true);
  assert.equal(nestsDeeperThan("]".repeat(300) + "[".repeat(200), 256), false);
});

test("a body nested 20,000 levels deep is found", () => {
  const text = nested(20_000, '{"M":{"a":', "}}");
  assert.equal(nestsDeeperThan(text, 256), true);
});
