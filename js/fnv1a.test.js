// The JS fnv1a_hash must equal the Python one bit for bit: both read the same vectors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fnv1aBytes, fnv1aHash, fnv1aString } from "./fnv1a.js";

const { vectors } = JSON.parse(
  readFileSync(new URL("../py/tests/vectors/fnv1a.json", import.meta.url), "utf-8"),
);

test("strings hash as in the shared vectors", () => {
  assert.ok(vectors.length > 5);
  for (const { input, fnv1a } of vectors) assert.equal(fnv1aString(input), fnv1a, JSON.stringify(input));
});

test("the SQL scalar hashes text and its UTF-8 bytes alike, and NULL to NULL", () => {
  for (const { input, fnv1a } of vectors) {
    assert.equal(fnv1aHash(input), fnv1a);
    assert.equal(fnv1aBytes(new TextEncoder().encode(input)), fnv1a);
  }
  assert.equal(fnv1aHash(null), null);
});
