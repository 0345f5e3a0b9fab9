import { createHash, randomBytes } from "node:crypto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { Md5 } from "./md5.js";

const hex = (bytes) => Buffer.from(bytes).toString("hex");

test("md5 matches RFC 1321's test suite", () => {
  const vectors = { "": "d41d8cd98f00b204e9800998ecf8427e", a: "0cc175b9c0f1b6a831c399e269772661",
    abc: "900150983cd24fb0d6963f7d28e17f72", "message digest": "f96b697d7cb7938d525a2f31aaf161d0",
    ["1234567890".repeat(8)]: "57edf4a22be3c955ac49da2e2107b67a" };
  for (const [text, digest] of Object.entries(vectors)) {
    assert.equal(hex(new Md5().update(new TextEncoder().encode(text)).digest()), digest);
  }
});

test("md5 over chunks of any size equals node's over the whole", () => {
  for (const size of [0, 1, 55, 56, 63, 64, 65, 1000, 100_003]) {
    const data = randomBytes(size);
    const md5 = new Md5();
    for (let at = 0; at < size; at += 37) md5.update(data.subarray(at, at + 37));
    assert.equal(hex(md5.digest()), createHash("md5").update(data).digest("hex"), `size ${size}`);
  }
});
