// Makes console/screenshot.png, the README's picture of the console: an
// Orders table of 120 items with a global index, queried by its key
// condition, as `dynoxide serve` shows it at /console/.
//
//   node scripts/console-screenshot.mjs [out.png]
//
// Starts its own server (e2e/dynoxide-server.mjs) and Debian's Chromium;
// needs `make setup` first.
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { startDynoxideServer } from "../e2e/dynoxide-server.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = process.argv[2] ?? `${ROOT}console/screenshot.png`;

const ORDERS = {
  TableName: "Orders", BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "customer", KeyType: "HASH" }, { AttributeName: "orderId", KeyType: "RANGE" }],
  AttributeDefinitions: [{ AttributeName: "customer", AttributeType: "S" }, { AttributeName: "orderId", AttributeType: "N" },
    { AttributeName: "status", AttributeType: "S" }],
  GlobalSecondaryIndexes: [{ IndexName: "byStatus", Projection: { ProjectionType: "ALL" },
    KeySchema: [{ AttributeName: "status", KeyType: "HASH" }, { AttributeName: "orderId", KeyType: "RANGE" }] }],
  StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
};
const USERS = { TableName: "Users", BillingMode: "PAY_PER_REQUEST",
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] };

function order(i) {
  const orderId = 1000 + i;
  const item = {
    customer: { S: `cust#${i % 5}` }, orderId: { N: String(orderId) }, status: { S: ["open", "shipped", "closed"][i % 3] },
    total: { N: ((i % 10) * 110 + 0.33 * (i % 7) + 0.09 * (i % 4)).toFixed(2) },
  };
  if (i % 2 === 0) item.note = { S: "leave at the door, ring twice" };
  if (i % 6 === 0) item.lines = { L: [{ M: { sku: { S: `SKU-${i}` }, qty: { N: "2" } } }] };
  if (i % 4 === 2) item.tags = { SS: ["gift", "fragile"] };
  return item;
}

const { server, endpoint } = await startDynoxideServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium" });
try {
  const call = async (op, request) => {
    const response = await fetch(endpoint, { method: "POST", body: JSON.stringify(request), headers: {
      "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": `DynamoDB_20120810.${op}` } });
    if (!response.ok) throw new Error(`${op}: HTTP ${response.status} ${await response.text()}`);
    return response.json();
  };
  await call("CreateTable", ORDERS);
  await call("CreateTable", USERS);
  for (let start = 0; start < 120; start += 25) {
    const puts = [];
    for (let i = start; i < Math.min(120, start + 25); i += 1) puts.push({ PutRequest: { Item: order(i) } });
    await call("BatchWriteItem", { RequestItems: { Orders: puts } });
  }

  const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
  await page.goto(`${endpoint}/console/`);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Orders" }).click();
  await page.getByRole("table", { name: "Items of Orders" }).waitFor();
  await page.getByLabel("Query", { exact: true }).check();
  await page.getByLabel("Table or index").selectOption("byStatus");
  await page.getByLabel("Page size").selectOption("25");
  await page.getByLabel("status (partition key) value").fill("open");
  await page.getByLabel("orderId (sort key) condition").selectOption(">=");
  await page.getByLabel("orderId (sort key) value").fill("1030");
  await page.getByRole("button", { name: "Run" }).click();
  await page.getByRole("table", { name: "Items of Orders, index byStatus" }).waitFor();
  await page.getByText("Returned 25").waitFor();
  await page.mouse.move(0, 0); // no hover state in the picture
  await page.screenshot({ path: OUT, animations: "disabled", caret: "hide" });
  console.log(`console-screenshot: ${OUT}`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
