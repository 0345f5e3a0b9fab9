// harness/offline-sw.js precaches the client's modules by name: a module
// added to engine-client.js's imports and missing from that list breaks a
// reload with the network off, so the list is checked against the graph.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

function staticImports(file) {
  const source = readFileSync(join(ROOT, file), "utf8");
  const specifiers = [...source.matchAll(/^import[^;]*?from\s+"(\.[^"]+)"/gms)].map((match) => match[1]);
  return specifiers.map((specifier) => relative(ROOT, join(ROOT, dirname(file), specifier)));
}

function importClosure(entry) {
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...staticImports(file));
  }
  return seen;
}

test("the offline service worker precaches every module the client imports", () => {
  const worker = readFileSync(join(ROOT, "harness/offline-sw.js"), "utf8");
  const listed = new Set([...worker.match(/const APP = \[([^\]]*)\]/s)[1].matchAll(/"\/([^"]+)"/g)].map((match) => match[1]));
  const needed = [...importClosure("js/engine-client.js")].sort();
  assert.deepEqual(needed.filter((file) => !listed.has(file)), []);
  assert.ok(needed.includes("js/md5.js"), "the walk follows imports of imports");
});
