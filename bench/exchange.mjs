// Export and import throughput in the browser: the built dist/ in headless
// Chromium, on OPFS, through EngineClient.importTable / exportTable, beside
// the same workload natively (bench/exchange.py).
//
//   node bench/exchange.mjs [--items 100000] [--json out.json] [--no-native]
//
// Phases: import of gzip JSON lines with a table description (a GSI, items of
// ~200 bytes, bench/exchange.py's), export of that table to a Blob, and the
// import of that Blob under another name. Prints items/s per phase; the page
// generates the lines itself, so what is timed is the import, not the transfer.
import { chromium } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startStaticServer } from "../e2e/static-server.mjs";

const argv = process.argv.slice(2);
const opt = (flag, fallback) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : fallback);
const N = Number(opt("--items", 100_000));
const JSON_OUT = opt("--json", null);
const repo = new URL("..", import.meta.url).pathname;
const log = (msg) => process.stderr.write(`bench:exchange: ${msg}\n`);

const DESCRIPTION = {
  TableName: "Bench", BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" },
    { AttributeName: "g", AttributeType: "S" }],
  GlobalSecondaryIndexes: [{ IndexName: "byG", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }],
    Projection: { ProjectionType: "ALL" } }],
};

async function inBrowser() {
  const server = await startStaticServer({ port: 0, root: repo });
  const profile = mkdtempSync(join(tmpdir(), "dynoxide-bench-exchange-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  try {
    const page = await context.newPage();
    page.on("pageerror", (err) => log(`page error: ${err.message}`));
    await page.goto(`http://127.0.0.1:${server.address().port}/harness/engine-harness.html`);
    await page.waitForFunction(() => globalThis.__HARNESS_READY__ === true);
    return await page.evaluate(async ({ n, description }) => {
      const db = globalThis.dynoxide.makeClient({ name: `bench-exchange-${Date.now()}` });
      await db.ready();
      const body = "lorem ipsum dolor sit amet ".repeat(3);
      const lines = [];
      for (let i = 0; i < n; i += 1) {
        lines.push(JSON.stringify({ Item: { pk: { S: `user#${i % 1000}` }, sk: { N: String(i) }, g: { S: `g${i % 17}` },
          name: { S: `item number ${i}` }, n: { N: String((i * 7) % 1013) }, tags: { SS: ["a", "b", `t${i % 5}`] },
          body: { S: body } } }) + "\n");
      }
      const gzipped = await new Response(new Blob(lines).stream().pipeThrough(new CompressionStream("gzip"))).blob();
      const time = async (fn) => {
        const t0 = performance.now();
        const out = await fn();
        const seconds = (performance.now() - t0) / 1000;
        return { out, seconds, itemsPerS: Math.round(n / seconds) };
      };
      const imported = await time(() => db.importTable(gzipped, { description }));
      const exported = await time(() => db.exportTable("Bench"));
      const again = await time(() => db.importTable(exported.out, { tableName: "Again" }));
      const count = (await db.execute("DescribeTable", { TableName: "Again" })).Table.ItemCount;
      if (count !== n || imported.out.ItemCount !== n) throw new Error(`expected ${n} items, found ${count}`);
      db.terminate();
      const phase = ({ seconds, itemsPerS }) => ({ items: n, seconds: Number(seconds.toFixed(3)), items_per_s: itemsPerS });
      return { "import (JSON lines)": phase(imported), export: { ...phase(exported), bytes: exported.out.size },
        "import (export)": phase(again), inputGzipBytes: gzipped.size };
    }, { n: N, description: DESCRIPTION });
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

log(`${N} items in Chromium (OPFS) ...`);
const browser = await inBrowser();
let native = null;
if (!argv.includes("--no-native")) {
  log("the same natively (bench/exchange.py) ...");
  const out = join(mkdtempSync(join(tmpdir(), "dynoxide-bench-native-")), "native.json");
  const run = spawnSync(process.env.PYTHON || "python3", [join(repo, "bench/exchange.py"), "--items", String(N), "--json", out],
    { stdio: ["ignore", "ignore", "inherit"] });
  if (run.status === 0) native = JSON.parse(readFileSync(out, "utf8")).native;
}
for (const phase of ["import (JSON lines)", "export", "import (export)"]) {
  const b = browser[phase];
  const line = `${phase.padEnd(22)} browser ${String(b.items_per_s).padStart(8)} items/s (${b.seconds} s)`;
  console.log(native ? `${line}   native ${String(native[phase].items_per_s).padStart(8)} items/s` : line);
}
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify({ items: N, browser, native }, null, 2));
