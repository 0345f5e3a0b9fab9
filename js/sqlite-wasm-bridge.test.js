// Node tests of the storage bridge on sqlite-wasm (in memory: Node has no
// OPFS). The browser specs in e2e/ cover OPFS, busy pools and re-opens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { openDatabase, parseRows, PERSISTENT, EPHEMERAL, vfsName, poolDirectory } from "./sqlite-wasm-bridge.js";

const VECTORS = JSON.parse(readFileSync(new URL("../py/tests/vectors/fnv1a.json", import.meta.url), "utf8")).vectors;

const rows = (conn, sql, params) => parseRows(conn.query(sql, params ? JSON.stringify(params) : ""));

async function fresh() {
  const conn = await openDatabase("node-test");
  conn.write(JSON.stringify([["CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID", []]]));
  return conn;
}

test("without OPFS (Node) a database opens in memory and says so", async () => {
  const conn = await openDatabase("anything");
  assert.equal(conn.persistenceMode, EPHEMERAL);
  assert.notEqual(conn.persistenceMode, PERSISTENT);
  conn.close();
});

test("fnv1a_hash in SQL matches the shared vectors (text as UTF-8)", async () => {
  const conn = await fresh();
  for (const { input, fnv1a } of VECTORS) {
    assert.deepEqual(rows(conn, "SELECT fnv1a_hash(?)", [input]), [[fnv1a]], JSON.stringify(input));
  }
  conn.close();
});

test("fnv1a_hash hashes a blob as its bytes and keeps NULL", async () => {
  const conn = await fresh();
  // X'666f6f626172' is "foobar" as bytes: same hash as the text.
  const foobar = VECTORS.find((v) => v.input === "foobar").fnv1a;
  assert.deepEqual(rows(conn, "SELECT fnv1a_hash(X'666f6f626172'), fnv1a_hash(NULL)"), [[foobar, null]]);
  conn.close();
});

test("fnv1a_hash is deterministic, so it can be used where SQLite demands it", async () => {
  const conn = await fresh();
  conn.write(JSON.stringify([["CREATE INDEX t_h ON t (fnv1a_hash(k))", []]]));
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["p0", 1]]]));
  assert.deepEqual(rows(conn, "SELECT k FROM t WHERE fnv1a_hash(k) = ?", [VECTORS.find((v) => v.input === "p0").fnv1a]), [["p0"]]);
  conn.close();
});

test("integers beyond 2^53 cross both ways as exact digits", async () => {
  const conn = await fresh();
  const big = "9223372036854775807";
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["a", { $i: big }]]]));
  const text = conn.query("SELECT v, typeof(v) FROM t WHERE k = ?", JSON.stringify(["a"]));
  assert.equal(text, `[[${big},"integer"]]`); // digits, never a rounded double
  const neg = "-9007199254740993";
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["b", { $i: neg }]]]));
  assert.equal(conn.query("SELECT v FROM t WHERE k = 'b'", ""), `[[${neg}]]`);
  conn.close();
});

test("REAL values always come back with a point or exponent", async () => {
  const conn = await fresh();
  conn.write(JSON.stringify([
    ["INSERT INTO t VALUES (?, ?)", ["f", { $f: 3 }]],
    ["INSERT INTO t VALUES (?, ?)", ["g", 2.5]],
  ]));
  assert.equal(conn.query("SELECT v, typeof(v) FROM t ORDER BY k", ""), '[[3.0,"real"],[2.5,"real"]]');
  conn.close();
});

test("blobs cross as base64 and come back byte for byte", async () => {
  const conn = await fresh();
  const b64 = Buffer.from([0, 1, 2, 250, 255]).toString("base64");
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["b", { $b: b64 }]]]));
  assert.deepEqual(rows(conn, "SELECT v, typeof(v) FROM t"), [[{ $b: b64 }, "blob"]]);
  conn.close();
});

test("text keeps quotes, backslashes, control characters and astral code points", async () => {
  const conn = await fresh();
  const tricky = 'a"b\\c\n\u0000\u2028🎉{"N":"1"}';
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["k", tricky]]]));
  assert.deepEqual(rows(conn, "SELECT v FROM t"), [[tricky]]);
  conn.close();
});

test("one write is one transaction: a failing statement rolls back the batch", async () => {
  const conn = await fresh();
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["keep", 1]]]));
  assert.throws(
    () =>
      conn.write(JSON.stringify([
        ["INSERT INTO t VALUES (?, ?)", ["new", 2]],
        ["INSERT INTO t VALUES (?, ?)", ["keep", 3]], // primary key conflict
      ])),
    /statement 1 failed/,
  );
  assert.deepEqual(rows(conn, "SELECT k, v AS item FROM t ORDER BY k"), [["keep", 1]]);
  // The connection is usable afterwards: no transaction left open.
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["after", 4]]]));
  assert.equal(rows(conn, "SELECT count(*) FROM t")[0][0], 2);
  conn.close();
});

test("a batch of many statements is one crossing and one commit", async () => {
  const conn = await fresh();
  const before = { ...conn.stats };
  const batch = [];
  for (let i = 0; i < 50; i += 1) batch.push(["INSERT INTO t VALUES (?, ?)", [`k${i}`, i]]);
  conn.write(JSON.stringify(batch));
  assert.equal(conn.stats.writes - before.writes, 1);
  assert.equal(conn.stats.statements - before.statements, 50);
  assert.equal(rows(conn, "SELECT count(*) FROM t")[0][0], 50);
  conn.close();
});

test("prepared statements are cached: a repeated query is prepared once", async () => {
  const conn = await fresh();
  conn.write(JSON.stringify([["INSERT INTO t VALUES (?, ?)", ["a", 1]]]));
  const sql = "SELECT v FROM t WHERE k = ?";
  rows(conn, sql, ["a"]);
  const prepared = conn.stats.prepared;
  for (let i = 0; i < 20; i += 1) assert.deepEqual(rows(conn, sql, ["a"]), [[1]]);
  assert.equal(conn.stats.prepared, prepared);
  // Bindings never leak from one call to the next.
  assert.deepEqual(rows(conn, sql, ["missing"]), []);
  conn.close();
});

test("a failed query leaves its cached statement reusable", async () => {
  const conn = await fresh();
  const sql = "SELECT v FROM t WHERE k = ?";
  assert.throws(() => conn.query(sql, JSON.stringify(["a", "extra"])), /expected 1 parameters, got 2/);
  assert.deepEqual(rows(conn, sql, ["a"]), []);
  conn.close();
});

test("a closed connection refuses work, and closing twice is harmless", async () => {
  const conn = await fresh();
  conn.close();
  conn.close();
  assert.equal(conn.isOpen, false);
  assert.throws(() => conn.query("SELECT 1", ""), /closed/);
});

test("each database name gets its own VFS and absolute pool directory", () => {
  assert.notEqual(vfsName("a.b"), vfsName("a_b"));
  assert.notEqual(poolDirectory("a.b"), poolDirectory("a_b"));
  assert.match(poolDirectory("x"), /^\/dynoxide\//);
});

test("item texts cross out of line and unescaped, in row order", async () => {
  const conn = await fresh();
  const item = JSON.stringify({ pk: { S: 'a "quoted" key' }, payload: { S: "x".repeat(100) } });
  const withNul = `${"y".repeat(80)}\u0000z`;
  conn.write(JSON.stringify([
    ["INSERT INTO t VALUES (?, ?)", ["a", item]],
    ["INSERT INTO t VALUES (?, ?)", ["b", "short"]],
    ["INSERT INTO t VALUES (?, ?)", ["c", withNul]],
    ["INSERT INTO t VALUES (?, ?)", ["d", item.replace("x", "w")]],
  ]));
  const answer = conn.query("SELECT k, v AS item FROM t WHERE k <> 'c' ORDER BY k", "");
  const [head, ...texts] = answer.split("\0");
  assert.deepEqual(texts, [item, "short", item.replace("x", "w")]); // verbatim, not JSON-escaped
  assert.deepEqual(JSON.parse(head), [["a", { $t: 0 }], ["b", { $t: 0 }], ["d", { $t: 0 }]]);
  // Other columns stay in line.
  assert.deepEqual(JSON.parse(conn.query("SELECT k, v FROM t WHERE k = 'a'", "")), [["a", item]]);
  assert.deepEqual(parseRows(answer), [["a", item], ["b", "short"], ["d", item.replace("x", "w")]]);
  // An item holding a NUL (the separator) sends that answer in line, escaped.
  const all = conn.query("SELECT k, v AS item FROM t ORDER BY k", "");
  assert.equal(all.includes("\0"), false);
  assert.deepEqual(JSON.parse(all), [["a", item], ["b", "short"], ["c", withNul], ["d", item.replace("x", "w")]]);
  // ... and only that answer: the statement goes on crossing out of line.
  assert.ok(conn.query("SELECT k, v AS item FROM t WHERE k <> 'c' ORDER BY k", "").includes("\0"));
  conn.close();
});
