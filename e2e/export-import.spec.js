// Export and import in the browser: exportTable's tar of DynamoDB's export,
// importTable back (creating the table from its description), bad input
// failing with nothing written, a round trip browser -> native CLI ->
// browser with the items compared exactly, and the whole database out and
// in as an SQLite file. One page and one OPFS database serve the file; the
// native half runs `python -m dynoxide` from this test process.
import { expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { harnessPage, test, uniqueName } from "./helpers.js";

test.describe.configure({ mode: "serial" });

const NAME = uniqueName("exchange");
const REPO = new URL("..", import.meta.url).pathname;
const PYTHON = process.env.PYTHON || (existsSync(join(REPO, ".venv/bin/python")) ? join(REPO, ".venv/bin/python") : "python3");

const TABLE = {
  TableName: "Items", BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" },
    { AttributeName: "g", AttributeType: "S" }],
  GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
    Projection: { ProjectionType: "ALL" } }],
};
const COUNT = 3000; // about 3 MB of lines: several chunks each way

let page;
let work;

function native(...args) {
  return execFileSync(PYTHON, ["-m", "dynoxide", ...args], {
    cwd: REPO, env: { ...process.env, PYTHONPATH: join(REPO, "py") }, encoding: "utf-8" });
}

test.beforeAll(async ({ sharedContext }) => {
  work = mkdtempSync(join(tmpdir(), "dynoxide-exchange-"));
  page = await harnessPage(sharedContext);
  await page.evaluate(async ({ name, table, count }) => {
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    await db.execute("CreateTable", table);
    // Every attribute type, and text an encoder could get wrong.
    await db.execute("PutItem", { TableName: "Items", Item: {
      pk: { S: "varied" }, sk: { N: "1.5" }, g: { S: "g0" }, s: { S: 'héllo "q" \\ \u2028 😀' }, n: { N: "-1E-130" },
      b: { B: "AAEC/w==" }, t: { BOOL: true }, z: { NULL: true }, ss: { SS: ["a", "b"] }, ns: { NS: ["1", "2.5"] },
      bs: { BS: ["AAE="] }, m: { M: { l: { L: [{ S: "x" }, { M: {} }, { L: [] }] } } } } });
    const pad = "x".repeat(900);
    for (let start = 0; start < count; start += 25) {
      const puts = [];
      for (let i = start; i < Math.min(start + 25, count); i += 1) {
        puts.push({ PutRequest: { Item: { pk: { S: `p${i % 50}` }, sk: { N: String(i) }, g: { S: `g${i % 7}` },
          pad: { S: pad } } } });
      }
      await db.execute("BatchWriteItem", { RequestItems: { Items: puts } });
    }
    const scan = async (client, table, index) => {
      const items = [];
      let start;
      do {
        const page = await client.execute("Scan", { TableName: table, ...(index ? { IndexName: index } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}) });
        items.push(...page.Items);
        start = page.LastEvaluatedKey;
      } while (start);
      return items.map((i) => JSON.stringify(i, Object.keys(i).sort())).sort();
    };
    const toBase64 = async (blob) => {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let bin = "";
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(bin);
    };
    const fromBase64 = (text) => new Blob([Uint8Array.from(atob(text), (c) => c.charCodeAt(0))]);
    const failure = async (promise) => {
      try {
        await promise;
        return "no error";
      } catch (err) {
        return { type: err.type, message: err.message };
      }
    };
    globalThis.x = { db, scan, toBase64, fromBase64, failure };
  }, { name: NAME, table: TABLE, count: COUNT });
});

test.afterAll(async () => {
  await page.evaluate(() => globalThis.x?.db.terminate()).catch(() => {});
  await page.close();
  rmSync(work, { recursive: true, force: true });
});

test("exportTable gives a tar of DynamoDB's export, and importTable makes the table again from it", async () => {
  const out = await page.evaluate(async () => {
    const { db, scan } = globalThis.x;
    const progress = [];
    const blob = await db.exportTable("Items", { onProgress: (p) => progress.push(p.items) });
    // The tar's entries, read plainly: name at 0, size (octal) at 124.
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const entries = {};
    for (let at = 0; bytes[at] !== 0; ) {
      const name = new TextDecoder().decode(bytes.subarray(at, at + 100)).replace(/\0.*$/s, "");
      const size = parseInt(new TextDecoder().decode(bytes.subarray(at + 124, at + 136)), 8);
      entries[name] = bytes.slice(at + 512, at + 512 + size);
      at += 512 + Math.ceil(size / 512) * 512;
    }
    const text = (name) => new TextDecoder().decode(entries[name]);
    const dataName = Object.keys(entries).find((n) => n.startsWith("data/"));
    const lines = await new Response(new Blob([entries[dataName]]).stream()
      .pipeThrough(new DecompressionStream("gzip"))).text();
    const md5 = JSON.parse(text("manifest-files.json")).md5Checksum;
    const imported = await db.importTable(blob, { tableName: "Copy" });
    return {
      names: Object.keys(entries), dataName, summary: JSON.parse(text("manifest-summary.json")),
      files: JSON.parse(text("manifest-files.json")), md5,
      described: JSON.parse(text("table-description.json")).Table.KeySchema,
      firstLine: Object.keys(JSON.parse(lines.split("\n")[0])), lineCount: lines.split("\n").length - 1,
      progress: progress.length, lastProgress: progress.at(-1), imported,
      same: JSON.stringify(await scan(db, "Copy")) === JSON.stringify(await scan(db, "Items")),
      sameIndex: JSON.stringify(await scan(db, "Copy", "byG")) === JSON.stringify(await scan(db, "Items", "byG")),
    };
  });
  expect(out.names).toEqual(["manifest-summary.json", "manifest-files.json", "table-description.json",
    "table-creation-parameters.json", out.dataName]);
  expect(out.dataName).toMatch(/^data\/[a-z2-7]{26}\.json\.gz$/);
  expect(out.summary).toMatchObject({ version: "2020-06-30", outputFormat: "DYNAMODB_JSON", itemCount: COUNT + 1 });
  expect(out.files).toMatchObject({ itemCount: COUNT + 1, dataFileS3Key: expect.stringMatching(/\/data\/[a-z2-7]{26}\.json\.gz$/) });
  expect(out.md5).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(out.described).toEqual(TABLE.KeySchema);
  expect(out.firstLine).toEqual(["Item"]);
  expect(out.lineCount).toBe(COUNT + 1);
  expect(out.progress).toBeGreaterThan(1);
  expect(out.lastProgress).toBe(COUNT + 1);
  expect(out.imported).toEqual({ TableName: "Copy", ImportedItemCount: COUNT + 1, ItemCount: COUNT + 1, Created: true });
  expect(out.same).toBe(true);
  expect(out.sameIndex).toBe(true);
});

test("browser -> native CLI -> browser through the export format keeps every item exactly", async () => {
  const exported = await page.evaluate(async () => globalThis.x.toBase64(await globalThis.x.db.exportTable("Items")));
  writeFileSync(join(work, "items.tar"), Buffer.from(exported, "base64"));
  const db = join(work, "native.sqlite");
  expect(native("import", "--db", db, "--from", join(work, "items.tar"))).toBe(
    `imported ${COUNT + 1} items: created Items (${COUNT + 1} items)\n`);
  native("export", "--db", db, "--out", join(work, "back.tar"));
  const back = readFileSync(join(work, "back.tar")).toString("base64");
  const out = await page.evaluate(async (tar) => {
    const { db, scan, fromBase64 } = globalThis.x;
    const imported = await db.importTable(fromBase64(tar), { tableName: "Returned" });
    return { imported, items: await scan(db, "Returned"), original: await scan(db, "Items") };
  }, back);
  expect(out.imported.ItemCount).toBe(COUNT + 1);
  expect(out.items).toEqual(out.original);
  expect(out.items.find((i) => i.includes('"varied"'))).toBe(out.original.find((i) => i.includes('"varied"')));
});

test("plain DynamoDB JSON lines load with a description, into a new table or an existing one", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.x;
    const lines = ['{"Item":{"id":{"S":"a"},"v":{"N":"1"}}}', '{"Item":{"id":{"S":"b"}}}'].join("\n");
    const gzipped = await new Response(new Blob([lines]).stream().pipeThrough(new CompressionStream("gzip"))).blob();
    const description = { TableName: "Plain", BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] };
    const created = await db.importTable(gzipped, { description });
    const again = await db.importTable(new Blob(['{"Item":{"id":{"S":"a"},"v":{"N":"2"}}}\n']).stream(), { tableName: "Plain" });
    const a = await db.execute("GetItem", { TableName: "Plain", Key: { id: { S: "a" } } });
    return { created, again, a: a.Item };
  });
  expect(out.created).toEqual({ TableName: "Plain", ImportedItemCount: 2, ItemCount: 2, Created: true });
  expect(out.again).toEqual({ TableName: "Plain", ImportedItemCount: 1, ItemCount: 2, Created: false });
  expect(out.a).toEqual({ id: { S: "a" }, v: { N: "2" } });
});

test("bad input fails with a clear typed error and writes nothing", async () => {
  const out = await page.evaluate(async () => {
    const { db, failure, scan } = globalThis.x;
    const gzip = async (text) => new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).blob();
    const described = { TableName: "Bad", BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] };
    const good = '{"Item":{"id":{"S":"ok"}}}\n';
    const whole = await gzip(good.repeat(5000));
    const truncated = whole.slice(0, Math.floor(whole.size / 2));
    const before = await scan(db, "Plain");
    const tables = async () => (await db.execute("ListTables")).TableNames;
    const results = {
      truncated: await failure(db.importTable(truncated, { description: described })),
      notJson: await failure(db.importTable(await gzip(good + "not json\n"), { description: described })),
      notItem: await failure(db.importTable(await gzip(good + '{"id":{"S":"x"}}\n'), { description: described })),
      schema: await failure(db.importTable(await gzip(good + '{"Item":{"id":{"N":"1"}}}\n'), { description: described })),
      // A failure after items were staged in an existing table leaves it as it was.
      existing: await failure(db.importTable(await gzip('{"Item":{"id":{"S":"a"},"v":{"N":"9"}}}\n{"Item":{}}\n'),
        { tableName: "Plain" })),
      notExport: await failure(db.importTable(new Blob(["hello, world"]))),
      noDescription: await failure(db.importTable(await gzip(good))),
      truncatedTar: await failure(db.importTable((await db.exportTable("Plain")).slice(0, 700), { tableName: "Bad" })),
    };
    return { results, tables: await tables(), same: JSON.stringify(await scan(db, "Plain")) === JSON.stringify(before) };
  });
  const { results } = out;
  expect(results.truncated).toEqual({ type: "com.dynoxide.exchange#CorruptData",
    message: "data.json.gz: the gzip data ends early (truncated file)" });
  expect(results.notJson.type).toBe("com.dynoxide.exchange#CorruptData");
  expect(results.notJson.message).toMatch(/^data\.json\.gz line 2: not JSON/);
  expect(results.notItem).toEqual({ type: "com.dynoxide.exchange#CorruptData",
    message: 'data.json.gz line 2: not an item: each line must be one JSON object {"Item": {...}} in DynamoDB JSON' });
  expect(results.schema).toEqual({ type: "com.amazon.coral.validate#ValidationException",
    message: "data.json.gz line 2: One or more parameter values were invalid: Type mismatch for key id expected: S actual: N" });
  expect(results.existing.type).toBe("com.amazon.coral.validate#ValidationException");
  expect(results.notExport.type).toBe("com.dynoxide.exchange#InvalidExport");
  expect(results.noDescription.type).toBe("com.dynoxide.exchange#InvalidExport");
  expect(results.truncatedTar.type).toBe("com.dynoxide.exchange#CorruptData");
  expect(out.tables).not.toContain("Bad");
  expect(out.same).toBe(true);
});

test("the whole database out and in as an SQLite file, checked before it replaces one", async () => {
  // A database of someone else's: an SQLite file without the engine's catalog.
  execFileSync(PYTHON, ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('create table t (x)'); "
    + "c.commit()", join(work, "foreign.sqlite")]);
  const foreign = readFileSync(join(work, "foreign.sqlite")).toString("base64");
  const out = await page.evaluate(async ({ foreignFile }) => {
    const { db, scan, failure, fromBase64 } = globalThis.x;
    const file = await db.exportDatabase();
    const header = new TextDecoder().decode(new Uint8Array(await file.slice(0, 15).arrayBuffer()));
    const other = globalThis.dynoxide.makeClient({ ephemeral: true });
    await other.ready();
    await other.execute("CreateTable", { TableName: "Doomed", BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] });
    const garbage = await failure(other.importDatabase(new Blob(["not a database at all".repeat(100)])));
    const notOurs = await failure(other.importDatabase(fromBase64(foreignFile)));
    const keptAfterFailures = (await other.execute("ListTables")).TableNames;
    await other.importDatabase(file);
    const tables = (await other.execute("ListTables")).TableNames;
    const same = JSON.stringify(await scan(other, "Items")) === JSON.stringify(await scan(db, "Items"));
    const index = JSON.stringify(await scan(other, "Items", "byG")) === JSON.stringify(await scan(db, "Items", "byG"));
    await other.execute("PutItem", { TableName: "Items", Item: { pk: { S: "new" }, sk: { N: "0" }, g: { S: "g" } } });
    const count = (await other.execute("DescribeTable", { TableName: "Items" })).Table.ItemCount;
    other.terminate();
    return { header, garbage, notOurs, keptAfterFailures, tables, same, index, count };
  }, { foreignFile: foreign });
  expect(out.header).toBe("SQLite format 3");
  expect(out.garbage.type).toBe("com.dynoxide.exchange#InvalidDatabase");
  expect(out.notOurs).toEqual({ type: "com.dynoxide.exchange#InvalidDatabase",
    message: "the file is an SQLite database, but not one dynoxide wrote (it has no catalog)" });
  expect(out.keptAfterFailures).toEqual(["Doomed"]);
  expect(out.tables).toEqual(["Copy", "Items", "Plain", "Returned"]);
  expect(out.same).toBe(true);
  expect(out.index).toBe(true);
  expect(out.count).toBe(COUNT + 2);
});

test("a persistent database replaced by importDatabase reopens with the new data", async () => {
  const out = await page.evaluate(async () => {
    const { db } = globalThis.x;
    const source = globalThis.dynoxide.makeClient({ ephemeral: true });
    await source.ready();
    await source.execute("CreateTable", { TableName: "Only", BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] });
    await source.execute("PutItem", { TableName: "Only", Item: { id: { S: "1" } } });
    const file = await source.exportDatabase();
    source.terminate();
    const info = await db.importDatabase(file);
    await db.execute("PutItem", { TableName: "Only", Item: { id: { S: "2" } } });
    return { mode: info.persistenceMode, tables: (await db.execute("ListTables")).TableNames,
      count: (await db.execute("DescribeTable", { TableName: "Only" })).Table.ItemCount };
  });
  expect(out).toEqual({ mode: "opfs", tables: ["Only"], count: 2 });
  // Reopened in a new worker, the replaced file is what is there.
  const reopened = await page.evaluate(async (name) => {
    globalThis.x.db.terminate();
    const db = globalThis.dynoxide.makeClient({ name });
    await db.ready();
    globalThis.x.db = db;
    return (await db.execute("Scan", { TableName: "Only" })).Items.map((i) => i.id.S).sort();
  }, NAME);
  expect(reopened).toEqual(["1", "2"]);
});
