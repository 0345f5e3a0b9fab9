import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fnv1aBytes, fnv1aHash, fnv1aString } from "./fnv1a.js";

const VECTORS = JSON.parse(readFileSync(new URL("../py/tests/vectors/fnv1a.json", import.meta.url), "utf8")).vectors;

test("the string path matches the shared vectors", () => {
  for (const { input, fnv1a } of VECTORS) assert.equal(fnv1aString(input), fnv1a, JSON.stringify(input));
});

test("the string path equals hashing the UTF-8 bytes", () => {
  for (const { input, fnv1a } of VECTORS) assert.equal(fnv1aBytes(new TextEncoder().encode(input)), fnv1a);
});

test("a lone surrogate hashes as its 3 bytes, as Python's surrogatepass does", () => {
  // "\ud800" with surrogatepass is ED A0 80.
  assert.equal(fnv1aString("\ud800"), fnv1aBytes([0xed, 0xa0, 0x80]));
});

test("the SQL scalar keeps NULL, hashes blobs as bytes and integers as their digits", () => {
  assert.equal(fnv1aHash(null), null);
  assert.equal(fnv1aHash(new Uint8Array([0x61])), fnv1aString("a"));
  assert.equal(fnv1aHash(42), fnv1aString("42"));
  assert.equal(fnv1aHash(42n), fnv1aString("42"));
});
