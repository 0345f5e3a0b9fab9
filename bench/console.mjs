// The console with a big table, natively: `dynoxide serve --db` on a SQLite
// file holding a 100,000-item table, and the console in headless Chromium.
//
//   node bench/console.mjs [--items 100000] [--python .venv/bin/python]
//
// Measures, from a page that has loaded the console:
// - opening the table (a click on its name) until its first page of items
//   is on screen: DescribeTable, then one Scan with Limit 50;
// - the same with 100 items a page, and the time the grid took to render
//   (the grid's own data-render-ms).
// The console never reads more than a page, so neither figure grows with the
// table. The database file is made once, in-process (BatchWriteItem through
// dynoxide.Database), and kept in bench/.console-<items>.sqlite for reruns.
import { chromium } from "@playwright/test";
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (flag, fallback) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : fallback);
const ITEMS = Number(opt("--items", 100_000));
const PYTHON = opt("--python", process.env.DYNOXIDE_PYTHON || (existsSync(`${ROOT}.venv/bin/python`) ? `${ROOT}.venv/bin/python` : "python3"));
const DB = `${ROOT}bench/.console-${ITEMS}.sqlite`;
const env = { ...process.env, PYTHONPATH: `${ROOT}py` };

if (!existsSync(DB)) {
  console.log(`making ${DB} (${ITEMS} items)…`);
  const made = spawnSync(PYTHON, ["-c", `
import sys
from dynoxide import Database
db = Database.open(sys.argv[1])
db.execute("CreateTable", {"TableName": "Big", "BillingMode": "PAY_PER_REQUEST",
    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
    "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}]})
n = int(sys.argv[2])
for start in range(0, n, 25):
    db.execute("BatchWriteItem", {"RequestItems": {"Big": [{"PutRequest": {"Item": {
        "pk": {"S": f"user#{i % 1000}"}, "sk": {"N": str(i)}, "name": {"S": f"item {i}"},
        "price": {"N": f"{i % 997}.{i % 100:02d}"}, "tags": {"SS": ["a", "b"]},
        "profile": {"M": {"city": {"S": "Lyon"}, "visits": {"N": str(i % 50)}}}}}}
        for i in range(start, min(start + 25, n))]}})
db.close()
`, DB, String(ITEMS)], { env, stdio: "inherit" });
  if (made.status !== 0) process.exit(1);
}

const server = spawn(PYTHON, ["-m", "dynoxide", "serve", "--port", "0", "--db", DB], { env, stdio: ["ignore", "pipe", "inherit"] });
const endpoint = await new Promise((resolve, reject) => {
  let seen = "";
  server.stdout.on("data", (c) => {
    seen += c;
    const m = /listening on (http:\/\/\S+)/.exec(seen);
    if (m) resolve(m[1]);
  });
  server.once("exit", () => reject(new Error(seen)));
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${endpoint}/console/`);
  await page.waitForSelector("#app[data-ready]");
  const open = async () => {
    await page.evaluate(() => { location.hash = "#/"; });
    await page.waitForSelector("table.tables");
    const t0 = Date.now();
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Big" }).click();
    await page.waitForSelector("main table.grid tbody tr:nth-child(50)");
    return Date.now() - t0;
  };
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await open());
  await page.getByLabel("Page size").selectOption("100");
  const renders = [];
  for (let i = 0; i < 5; i++) {
    const t0 = Date.now();
    await page.getByRole("button", { name: "Run" }).click();
    await page.waitForFunction(() => document.querySelectorAll("main table.grid tbody tr").length === 100
      && document.querySelector("main .counts")?.textContent.includes("Page 1") && !document.querySelector("main .results[aria-busy=true]"));
    renders.push({ total: Date.now() - t0, render: Number(await page.locator("main table.grid").getAttribute("data-render-ms")) });
    await page.getByRole("button", { name: "Next page" }).click();
    await page.waitForFunction(() => document.querySelector("main .counts")?.textContent.includes("Page 2"));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`table of ${ITEMS} items, dynoxide serve --db, console in headless Chromium:`);
  console.log(`  open the table -> first page (50 items) on screen: median ${median(runs)} ms (runs: ${runs.join(", ")})`);
  console.log(`  Run, 100 items a page -> on screen: median ${median(renders.map((r) => r.total))} ms; `
    + `rendering the grid: median ${median(renders.map((r) => r.render)).toFixed(1)} ms`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
