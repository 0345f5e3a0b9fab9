// The console's tests, driven through the page as a person would (roles,
// labels, clicks, typing), shared by both backends: e2e/console-endpoint.spec.js
// (the page `dynoxide serve` serves at /console/) and
// e2e/console-browser.spec.js (harness/index.html on EngineClient over OPFS).
// One page per backend; the tests run in order and build on each other.
import { test, expect } from "@playwright/test";

// A DynamoDB error is an HTTP 400, which Chromium logs as a failed resource
// load when the page's fetch gets it: that is the endpoint answering, not the
// page failing. Every other console error fails the file.
const EXPECTED = /the server responded with a status of 400/;

export const ORDERS = "Orders";
export const BIG = "Events";
export const BIG_COUNT = 230;

/**
 * @param {string} label  which backend, for titles
 * @param {(browser) => Promise<{page, close?}>} open  a page showing the ready console
 */
export function consoleTests(label, open) {
  test.describe.configure({ mode: "serial" });
  let page;
  let session;
  let exported; // the file "export a table" saved, for the import
  const errors = [];

  test.beforeAll(async ({ browser }) => {
    session = await open(browser);
    page = session.page;
    page.on("console", (m) => {
      if (m.type() === "error" && !EXPECTED.test(m.text())) errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await expect(page.locator("#app[data-ready]")).toBeAttached({ timeout: 60_000 });
  });

  test.afterAll(async () => {
    await session?.close?.();
    expect(errors, "console errors on the page").toEqual([]);
  });

  const alert = () => page.getByRole("alert");
  const main = () => page.locator("main");

  test(`${label}: create a table with a multi-attribute global index`, async () => {
    await page.getByRole("link", { name: "Create table" }).first().click();
    await page.getByLabel("Table name").fill(ORDERS);
    await page.getByLabel("Partition key name", { exact: true }).fill("customer");
    await page.getByLabel("Sort key name", { exact: true }).fill("orderId");
    await page.getByLabel("Sort key type", { exact: true }).selectOption("N");
    await page.getByRole("button", { name: "Add global index" }).click();
    await page.getByLabel("Global index 1 name").fill("byRegionStatus");
    await page.getByLabel("Global index 1 partition key attribute 1 name").fill("region");
    await page.getByRole("button", { name: "Add global index 1 partition key attribute" }).click();
    await page.getByLabel("Global index 1 partition key attribute 2 name").fill("status");
    await page.getByLabel("Global index 1 sort key attribute 1 name").fill("orderId");
    await page.getByLabel("Global index 1 sort key attribute 1 type").selectOption("N");
    await page.getByRole("button", { name: "Create table", exact: true }).click();

    await expect(main().getByRole("heading", { level: 1, name: ORDERS })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: ORDERS })).toBeVisible();
    await expect(main()).toContainText("Indexes: 1 global");
  });

  test(`${label}: put items as plain JSON, numbers exact`, async () => {
    const items = [
      '{"customer": "ada", "orderId": 1, "region": "eu", "status": "open", "total": 12345678901234567890.125}',
      '{"customer": "ada", "orderId": 2, "region": "eu", "status": "shipped", "tags": ["a", "b"]}',
      '{"customer": "bob", "orderId": 3, "region": "eu", "status": "open", "lines": [{"sku": "X-1", "qty": 2}]}',
    ];
    for (const text of items) {
      await page.getByRole("link", { name: "Create item" }).click();
      await page.getByLabel("Item", { exact: true }).fill(text);
      await page.getByRole("button", { name: "Create item" }).click();
      await expect(page.getByRole("status")).toHaveText("Item created.");
    }
    const grid = main().getByRole("table", { name: `Items of ${ORDERS}` });
    await expect(grid.getByRole("row")).toHaveCount(4); // the header and three items
    await expect(grid.getByRole("columnheader").first()).toHaveText("customer");
    await expect(grid).toContainText("12345678901234567890.125");
  });

  test(`${label}: the engine's validation message is shown, and the app stays usable`, async () => {
    await page.getByRole("link", { name: "Create item" }).click();
    await page.getByLabel("Item", { exact: true }).fill('{"customer": "ada", "orderId": "not a number"}');
    await page.getByRole("button", { name: "Create item" }).click();
    await expect(alert()).toContainText("ValidationException");
    await expect(alert()).toContainText("Type mismatch for key orderId");
    await page.getByRole("button", { name: "Dismiss the error" }).click();
    await expect(alert()).toBeHidden();
    await page.getByRole("link", { name: "Cancel" }).click();
    await expect(main().getByRole("heading", { level: 1, name: ORDERS })).toBeVisible();
  });

  test(`${label}: query an index by its two partition key attributes`, async () => {
    await page.getByLabel("Query", { exact: true }).check();
    await page.getByLabel("Table or index").selectOption("byRegionStatus");
    await page.getByLabel("region (partition key) value").fill("eu");
    await page.getByLabel("status (partition key) value").fill("open");
    await page.getByLabel("Order", { exact: true }).selectOption("desc");
    await page.getByRole("button", { name: "Run" }).click();
    const grid = main().getByRole("table", { name: `Items of ${ORDERS}, index byRegionStatus` });
    await expect(grid.getByRole("row")).toHaveCount(3);
    await expect(main().locator("[data-count]")).toHaveText("2");
    // Index keys first, then the table's; descending by orderId.
    await expect(grid.getByRole("columnheader")).toHaveText(["region", "status", "orderId", "customer", "lines", "total"]);
    await expect(grid.getByRole("row").nth(1)).toContainText("bob");

    await page.getByLabel("orderId (sort key) condition").selectOption("BETWEEN");
    await page.getByLabel("orderId (sort key) value", { exact: true }).fill("1");
    await page.getByLabel("orderId (sort key) upper value").fill("2");
    await page.getByRole("button", { name: "Run" }).click();
    await expect(main().locator("[data-count]")).toHaveText("1");
  });

  test(`${label}: edit an item, switching between JSON and DynamoDB JSON`, async () => {
    await page.getByLabel("Scan", { exact: true }).check();
    await page.getByLabel("Table or index").selectOption("");
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByRole("link", { name: /Open item customer=ada, orderId=1$/ }).click();
    const editor = page.getByLabel("Item", { exact: true });
    await expect(editor).toHaveValue(/"total": 12345678901234567890.125/);
    await page.getByLabel("DynamoDB JSON").check();
    await expect(editor).toHaveValue(/"N": "12345678901234567890.125"/);
    await page.getByLabel("JSON", { exact: true }).check();
    const text = (await editor.inputValue()).replace('"status": "open"', '"status": "shipped"').replace(/,\s*"total": [^,}\n]+/, "");
    await editor.fill(text);
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status")).toHaveText("Item saved.");
    const row = main().getByRole("row").filter({ has: page.getByRole("link", { name: /orderId=1$/ }) });
    await expect(row).toContainText("shipped");
    await expect(row).not.toContainText("12345678901234567890");
  });

  test(`${label}: delete an item`, async () => {
    await page.getByRole("link", { name: /Open item customer=bob, orderId=3$/ }).click();
    await page.getByRole("button", { name: "Delete item" }).click();
    await expect(page.getByRole("status")).toHaveText("Item deleted.");
    await expect(main().getByRole("link", { name: /customer=bob/ })).toHaveCount(0);
    await expect(main().locator("[data-count]")).toHaveText("2");
  });

  test(`${label}: page through a larger table, 100 items a page`, async () => {
    await page.evaluate(async ({ name, count }) => {
      const call = (op, request) => globalThis.dynoxideConsole.call(op, request);
      await call("CreateTable", { TableName: name, BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }] });
      const puts = [];
      for (let i = 0; i < count; i++) {
        const item = { id: { S: `event-${String(i).padStart(4, "0")}` }, n: { N: String(i) }, kind: { S: ["click", "view", "buy"][i % 3] } };
        if (i % 10 === 0) item.meta = { M: { source: { S: "web" }, ids: { NS: ["1", "2"] } } };
        puts.push({ PutRequest: { Item: item } });
      }
      for (let i = 0; i < puts.length; i += 25) {
        await call("BatchWriteItem", { RequestItems: { [name]: puts.slice(i, i + 25) } });
      }
      await globalThis.dynoxideConsole.refreshTables();
    }, { name: BIG, count: BIG_COUNT });
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: BIG }).click();
    // The previous table's form has a Page size too: wait for this table's first page.
    await expect(main().getByRole("table", { name: `Items of ${BIG}` })).toBeVisible();
    await page.getByLabel("Page size").selectOption("100");
    await page.getByRole("button", { name: "Run" }).click();
    const counts = main().locator("[data-count]");
    await expect(counts).toHaveText("100");
    const rendered = [await main().locator("table.grid").getAttribute("data-render-ms")];
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(main().locator(".counts")).toContainText("Page 2");
    await expect(counts).toHaveText("100");
    rendered.push(await main().locator("table.grid").getAttribute("data-render-ms"));
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(main().locator(".counts")).toContainText("Page 3");
    await expect(counts).toHaveText(String(BIG_COUNT - 200));
    await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect(main().locator(".counts")).toContainText("Page 2");
    console.log(`${label}: rendering a page of 100 items took ${rendered.join(" ms, ")} ms`);
    // A map with a set inside opens to its whole value.
    const cell = main().locator("td details").first();
    await cell.locator("summary").click();
    await expect(cell.locator("pre")).toContainText('"NS"');
  });

  test(`${label}: a PartiQL statement`, async () => {
    await page.getByRole("link", { name: "PartiQL editor" }).click();
    await page.getByLabel("Statement", { exact: true }).fill(`SELECT customer, status FROM "${ORDERS}" WHERE customer = ?`);
    await page.getByLabel("Parameters (JSON list, for ? placeholders)").fill('["ada"]');
    await page.getByRole("button", { name: "Run" }).click();
    const grid = main().getByRole("table", { name: "Statement results" });
    await expect(grid.getByRole("row")).toHaveCount(3);
    await expect(grid).toContainText("shipped");
    await page.getByLabel("Statement", { exact: true }).fill(`SELECT * FROM "Nope"`);
    await page.getByLabel("Parameters (JSON list, for ? placeholders)").fill("");
    await page.getByRole("button", { name: "Run" }).click();
    await expect(alert()).toContainText("ResourceNotFoundException");
  });

  test(`${label}: a stream turned on, then its records live, newest first`, async () => {
    // Requests the page sends for the stream (none on the engine, which pushes).
    const reads = [];
    const count = (request) => {
      if (/GetRecords/.test(request.headers()["x-amz-target"] ?? "")) reads.push(request);
    };
    page.on("request", count);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: ORDERS }).click();
    await page.getByRole("link", { name: "Indexes and settings" }).click();
    await page.getByRole("link", { name: "Turn on a stream" }).click();
    await page.getByLabel("Stream view type").selectOption("NEW_AND_OLD_IMAGES");
    await page.getByRole("button", { name: "Turn on stream" }).click();
    await expect(page.getByRole("link", { name: "Stream", exact: true })).toHaveAttribute("aria-current", "page");
    await expect(main().locator(".stream-state")).toContainText("Following");

    await page.evaluate(async (table) => {
      const call = (op, request) => globalThis.dynoxideConsole.call(op, request);
      await call("PutItem", { TableName: table, Item: { customer: { S: "cy" }, orderId: { N: "9" }, status: { S: "open" } } });
      await call("UpdateItem", { TableName: table, Key: { customer: { S: "cy" }, orderId: { N: "9" } },
        UpdateExpression: "SET #s = :s", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":s": { S: "paid" } } });
      await call("DeleteItem", { TableName: table, Key: { customer: { S: "cy" }, orderId: { N: "9" } } });
    }, ORDERS);
    const records = main().getByRole("list", { name: `Stream records of ${ORDERS}, newest first` }).getByRole("listitem");
    await expect(records).toHaveCount(3);
    await expect(records.nth(0)).toContainText("REMOVE");
    await expect(records.nth(0)).toContainText("customer=cy, orderId=9");
    await expect(records.nth(1)).toContainText("MODIFY");
    await expect(records.nth(1)).toContainText('New{customer: "cy", orderId: 9, status: "paid"}');
    await expect(records.nth(1)).toContainText('Old{customer: "cy", orderId: 9, status: "open"}');
    await expect(records.nth(2)).toContainText("INSERT");

    // Every kept record again, from the start; Stop and Start by keyboard.
    await page.getByLabel("Start from").selectOption("TRIM_HORIZON");
    await page.getByRole("button", { name: "Restart" }).click();
    await expect(records).toHaveCount(3);
    await page.getByRole("button", { name: "Stop" }).focus();
    await page.keyboard.press("Enter");
    await expect(main().locator(".stream-state")).toContainText("Stopped");
    await page.keyboard.press("Enter");
    await expect(main().locator(".stream-state")).toContainText("Following");

    // Leaving the screen stops the reading (an endpoint's polling: the engine
    // sends no requests to begin with).
    await page.getByRole("link", { name: "Explore items" }).click();
    await expect(main().getByRole("table", { name: `Items of ${ORDERS}` })).toBeVisible();
    if (reads.length) {
      const before = reads.length;
      await page.waitForTimeout(2500); // more than two polling intervals
      expect(reads.length).toBe(before);
    }
    page.off("request", count);
  });

  test(`${label}: export a table to a file`, async () => {
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export table" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${ORDERS}.tar`);
    exported = test.info().outputPath(`${ORDERS}.tar`);
    await download.saveAs(exported);
    await expect(page.getByRole("status")).toContainText(`Exported ${ORDERS}`);
  });

  test(`${label}: TTL, tags, and deletion protection before a delete`, async () => {
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: ORDERS }).click();
    await page.getByRole("link", { name: "Indexes and settings" }).click();
    await page.getByLabel("TTL attribute").fill("expiresAt");
    await page.getByRole("button", { name: "Turn on TTL" }).click();
    await expect(main()).toContainText("On: items whose expiresAt");
    await page.getByLabel("Tag key").fill("team");
    await page.getByLabel("Tag value").fill("payments");
    await page.getByRole("button", { name: "Add tag" }).click();
    await expect(main().getByRole("table", { name: "Tags" })).toContainText("payments");

    await page.getByLabel("Deletion protection", { exact: true }).check();
    await expect(page.getByRole("status")).toHaveText("Deletion protection on.");
    await page.getByLabel(`Type ${ORDERS} to confirm`).fill(ORDERS);
    await page.getByRole("button", { name: "Delete table" }).click();
    await expect(alert()).toContainText("deletion protection");
    await page.getByLabel("Deletion protection", { exact: true }).uncheck();
    await expect(page.getByRole("status")).toHaveText("Deletion protection off.");
    await page.getByLabel(`Type ${ORDERS} to confirm`).fill(ORDERS);
    await page.getByRole("button", { name: "Delete table" }).click();
    await expect(main().getByRole("heading", { level: 1, name: "Tables" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: ORDERS })).toHaveCount(0);
  });

  test(`${label}: import the exported table back, and a file that is not an export is refused`, async () => {
    const picker = () => page.getByLabel("Import a table from an export file (.tar)");
    await picker().setInputFiles({ name: "notes.tar", mimeType: "application/x-tar", buffer: Buffer.from("not an export") });
    await expect(alert()).toBeVisible();
    await expect(alert()).toContainText(/Invalid|Corrupt|Validation/);
    await page.getByRole("button", { name: "Dismiss the error" }).click();

    await picker().setInputFiles(exported);
    await expect(page.getByRole("status")).toHaveText(`Imported ${ORDERS}: 2 items (table created).`);
    await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: ORDERS }).click();
    const grid = main().getByRole("table", { name: `Items of ${ORDERS}` });
    await expect(grid.getByRole("row")).toHaveCount(3);
    await expect(grid).toContainText("shipped");
    await expect(main()).toContainText("Indexes: 1 global");
  });

  return () => page;
}
